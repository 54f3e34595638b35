package models

// The cloud's catalog as PartnerHub ships it: the services, resource types, specs, regions and
// units the demo and the tests sell, in the BSS API's codes. The seed loads it into the catalog's
// tables (seed_catalog.go); coupons' service-type limits are its services (ServiceTypes).

type serviceData struct {
	code, zh, en, abbr string
	marketplace        bool
}

var catalogServices = []serviceData{
	{"hws.service.type.ec2", "弹性云服务器", "Elastic Cloud Server", "ECS", false},
	{"hws.service.type.ebs", "云硬盘", "Elastic Volume Service", "EVS", false},
	{"hws.service.type.vpc", "虚拟私有云", "Virtual Private Cloud", "VPC", false},
	{"hws.service.type.obs", "对象存储服务", "Object Storage Service", "OBS", false},
	{"hws.service.type.marketplace", "云商店", "KooGallery", "KooGallery", true},
}

type rtypeData struct{ code, service, zh, en, descZH, descEN string }

var catalogResourceTypes = []rtypeData{
	{"hws.resource.type.vm", "hws.service.type.ec2", "云主机", "Cloud server", "弹性云服务器实例", "An ECS instance"},
	{"hws.resource.type.volume", "hws.service.type.ebs", "云硬盘", "Disk", "块存储云硬盘", "A block storage disk"},
	{"hws.resource.type.bandwidth", "hws.service.type.vpc", "带宽", "Bandwidth", "公网带宽", "Internet bandwidth"},
	{"hws.resource.type.ip", "hws.service.type.vpc", "弹性公网IP", "Elastic IP", "弹性公网IP地址", "An elastic public IP address"},
	{"hws.resource.type.obs", "hws.service.type.obs", "对象存储", "Object storage", "对象存储桶", "An object storage bucket"},
	{"hws.resource.type.marketplace.saas", "hws.service.type.marketplace", "云商店SaaS商品", "KooGallery SaaS", "云商店上架的SaaS商品", "A SaaS product listed on KooGallery"},
}

type regionData struct{ code, zh, en string }

// catalogRegions: cn-north-1 (华北-北京一) is the worked example's; each region has zones a, b, c.
var catalogRegions = []regionData{
	{"cn-north-1", "华北-北京一", "CN North-Beijing1"},
	{"cn-north-4", "华北-北京四", "CN North-Beijing4"},
	{"cn-east-3", "华东-上海一", "CN East-Shanghai1"},
	{"cn-south-1", "华南-广州", "CN South-Guangzhou"},
}

// Measure units with the reference's ids: 1 yuan, 10 GB of traffic, 11 MB, 14 count, 15 Mbps,
// 17 GB of capacity; the others are PartnerHub's in the same scheme (21 GB-hour of storage, 22 a
// request and 23 ten thousand of them, OBS's).
var catalogUnits = []MeasureUnit{
	{ID: 1, NameZH: "元", NameEN: "Yuan", Abbreviation: "CNY", MeasureType: 1},
	{ID: 2, NameZH: "角", NameEN: "Jiao", Abbreviation: "jiao", MeasureType: 1},
	{ID: 3, NameZH: "分", NameEN: "Fen", Abbreviation: "fen", MeasureType: 1},
	{ID: 4, NameZH: "小时", NameEN: "Hour", Abbreviation: "h", MeasureType: 2},
	{ID: 5, NameZH: "天", NameEN: "Day", Abbreviation: "d", MeasureType: 2},
	{ID: 10, NameZH: "GB", NameEN: "GB", Abbreviation: "GB", MeasureType: 3},
	{ID: 11, NameZH: "MB", NameEN: "MB", Abbreviation: "MB", MeasureType: 3},
	{ID: 12, NameZH: "TB", NameEN: "TB", Abbreviation: "TB", MeasureType: 3},
	{ID: 14, NameZH: "个", NameEN: "Count", Abbreviation: "pcs", MeasureType: 4},
	{ID: 15, NameZH: "Mbps", NameEN: "Mbps", Abbreviation: "Mbps", MeasureType: 16},
	{ID: 17, NameZH: "GB", NameEN: "GB", Abbreviation: "GB", MeasureType: 7},
	{ID: 18, NameZH: "TB", NameEN: "TB", Abbreviation: "TB", MeasureType: 7},
	{ID: 19, NameZH: "年", NameEN: "Year", Abbreviation: "yr", MeasureType: 10},
	{ID: 20, NameZH: "月", NameEN: "Month", Abbreviation: "mo", MeasureType: 10},
	{ID: 21, NameZH: "GB-小时", NameEN: "GB-hour", Abbreviation: "GB-h", MeasureType: 7},
	{ID: 22, NameZH: "次", NameEN: "Request", Abbreviation: "req", MeasureType: 4},
	{ID: 23, NameZH: "万次", NameEN: "10,000 requests", Abbreviation: "10k req", MeasureType: 4},
}

// catalogConversions: one MeasureID is Ratio RefMeasureIDs.
var catalogConversions = []Conversion{
	{MeasureID: 1, RefMeasureID: 2, Ratio: 10, MeasureType: 1},
	{MeasureID: 1, RefMeasureID: 3, Ratio: 100, MeasureType: 1},
	{MeasureID: 5, RefMeasureID: 4, Ratio: 24, MeasureType: 2},
	{MeasureID: 10, RefMeasureID: 11, Ratio: 1024, MeasureType: 3},
	{MeasureID: 12, RefMeasureID: 10, Ratio: 1024, MeasureType: 3},
	{MeasureID: 18, RefMeasureID: 17, Ratio: 1024, MeasureType: 7},
	{MeasureID: 19, RefMeasureID: 20, Ratio: 12, MeasureType: 10},
	{MeasureID: 23, RefMeasureID: 22, Ratio: 10000, MeasureType: 4},
}

type usageData struct {
	rtype, code, zh, en string
	measure             uint64
}

var catalogUsageTypes = []usageData{
	{"hws.resource.type.vm", "Duration", "时长", "Duration", 4},
	{"hws.resource.type.volume", "Duration", "时长", "Duration", 4},
	{"hws.resource.type.bandwidth", "Duration", "时长", "Duration", 4},
	{"hws.resource.type.bandwidth", "upflow", "上行流量", "Outbound traffic", 10},
	{"hws.resource.type.ip", "Duration", "时长", "Duration", 4},
	{"hws.resource.type.obs", "upflow", "公网流出流量", "Outbound traffic", 10},
	{"hws.resource.type.obs", "storage", "存储容量", "Storage", 21},
	{"hws.resource.type.obs", "requests", "请求次数", "Requests", 23},
}

// specData is a spec and its demo prices in cn-north-1 (other regions: regionFactor): per month,
// per year (0: not sold by the year) and on demand (0: not sold on demand), in yuan as the
// operator types them; a linear spec's are per unit of size. A spec whose code is another's and a
// usage type's (obs.standard.storage, obs.standard.requests) is that spec's companion: it prices
// that usage of the other's resources (catalog.usageSpec), as an OBS bucket is rated by its
// outbound traffic, its storage (GB-hours) and its requests (per 10,000).
type specData struct {
	rtype, code, zh, en string
	linear              bool
	min, max, step      int64
	sizeMeasure         uint64
	usage               string // on-demand usage type
	month, year, demand string
}

var catalogSpecs = []specData{
	{"hws.resource.type.vm", "s6.large.2.linux", "通用计算型 s6 2核4GB Linux", "General computing s6 2 vCPUs 4 GB Linux", false, 0, 0, 0, 0, "Duration", "142.50", "1425.00", "0.44"},
	{"hws.resource.type.vm", "s6.xlarge.2.linux", "通用计算型 s6 4核8GB Linux", "General computing s6 4 vCPUs 8 GB Linux", false, 0, 0, 0, 0, "Duration", "285.00", "2850.00", "0.88"},
	{"hws.resource.type.vm", "s6.2xlarge.2.linux", "通用计算型 s6 8核16GB Linux", "General computing s6 8 vCPUs 16 GB Linux", false, 0, 0, 0, 0, "Duration", "570.00", "5700.00", "1.76"},
	{"hws.resource.type.vm", "c7.large.2.linux", "通用计算增强型 c7 2核4GB Linux", "General computing-plus c7 2 vCPUs 4 GB Linux", false, 0, 0, 0, 0, "Duration", "178.00", "1780.00", "0.55"},
	{"hws.resource.type.vm", "s6.large.2.win", "通用计算型 s6 2核4GB Windows", "General computing s6 2 vCPUs 4 GB Windows", false, 0, 0, 0, 0, "Duration", "199.50", "1995.00", "0.61666667"},
	{"hws.resource.type.volume", "SATA", "普通IO", "Common I/O", true, 10, 32768, 1, 17, "Duration", "0.30", "3.00", "0.00041667"},
	{"hws.resource.type.volume", "SAS", "高IO", "High I/O", true, 10, 32768, 1, 17, "Duration", "0.35", "3.50", "0.00048611"},
	{"hws.resource.type.volume", "GPSSD", "通用型SSD", "General-purpose SSD", true, 10, 32768, 1, 17, "Duration", "0.50", "5.00", "0.00069444"},
	{"hws.resource.type.volume", "SSD", "超高IO", "Ultra-high I/O", true, 10, 32768, 1, 17, "Duration", "1.00", "10.00", "0.00138889"},
	{"hws.resource.type.bandwidth", "19_bgp", "全动态BGP带宽（按带宽）", "Dynamic BGP bandwidth (by bandwidth)", true, 1, 2000, 1, 15, "Duration", "23.00", "230.00", "0.063"},
	{"hws.resource.type.bandwidth", "12_bgp", "全动态BGP带宽（按流量）", "Dynamic BGP bandwidth (by traffic)", true, 1, 300, 1, 15, "upflow", "23.00", "", "0.80"},
	{"hws.resource.type.bandwidth", "19_share", "共享带宽", "Shared bandwidth", true, 5, 2000, 5, 15, "", "21.00", "210.00", ""},
	{"hws.resource.type.ip", "5_bgp", "全动态BGP弹性公网IP", "Dynamic BGP EIP", false, 0, 0, 0, 0, "Duration", "20.00", "200.00", "0.02"},
	{"hws.resource.type.ip", "5_sbgp", "优选BGP弹性公网IP", "Premium BGP EIP", false, 0, 0, 0, 0, "Duration", "18.00", "180.00", "0.018"},
	{"hws.resource.type.obs", "obs.standard", "标准存储公网流出流量", "Standard storage outbound traffic", false, 0, 0, 0, 0, "upflow", "", "", "0.50"},
	{"hws.resource.type.obs", "obs.standard.storage", "标准存储容量", "Standard storage capacity", false, 0, 0, 0, 0, "storage", "", "", "0.00013889"},
	{"hws.resource.type.obs", "obs.standard.requests", "标准存储请求", "Standard storage requests", false, 0, 0, 0, 0, "requests", "", "", "0.01"},
	{"hws.resource.type.marketplace.saas", "mkp.waf.standard", "网站安全防护 标准版（云商店）", "Web protection standard (KooGallery)", false, 0, 0, 0, 0, "", "980.00", "9800.00", ""},
}

// regionFactor is each region's demo price against cn-north-1's, in percent.
var regionFactor = map[string]int64{"cn-north-1": 100, "cn-north-4": 100, "cn-east-3": 102, "cn-south-1": 105}

// ServiceTypes are the cloud services a coupon or a discount may be limited to: the catalog's,
// less the marketplace's (whose products are sold by their publishers, not with the partner's
// coupons or discounts).
var ServiceTypes = func() []string {
	var out []string
	for _, s := range catalogServices {
		if !s.marketplace {
			out = append(out, s.code)
		}
	}
	return out
}()
