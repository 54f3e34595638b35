package models

// The ticket catalog: product categories, problem types (each with the template that pre-fills a
// description with the questions to answer), regions and severities. Until the catalog issue's
// service types exist this is a fixed list of its own; ids are the strings the OSM API uses.

// TicketOption is one choice of the catalog, named in both languages.
type TicketOption struct {
	ID   string
	ZH   string
	EN   string
	Tmpl string // a problem type's description template; empty elsewhere
}

// TicketCategories are the product categories a ticket is about.
var TicketCategories = []TicketOption{
	{ID: "ecs", ZH: "弹性云服务器 ECS", EN: "Elastic Cloud Server (ECS)"},
	{ID: "evs", ZH: "云硬盘 EVS", EN: "Elastic Volume Service (EVS)"},
	{ID: "vpc", ZH: "虚拟私有云 VPC", EN: "Virtual Private Cloud (VPC)"},
	{ID: "obs", ZH: "对象存储服务 OBS", EN: "Object Storage Service (OBS)"},
	{ID: "rds", ZH: "云数据库 RDS", EN: "Relational Database Service (RDS)"},
	{ID: "billing", ZH: "费用与账单", EN: "Billing and bills"},
	{ID: "account", ZH: "账号与实名认证", EN: "Account and real-name verification"},
}

// TicketProblemTypes are the kinds of problem (the API's business type).
var TicketProblemTypes = []TicketOption{
	{ID: "fault", ZH: "故障报告", EN: "Fault report",
		Tmpl: "1. What happened, and since when?\n2. Which resources (ids) are affected?\n3. What did you already try?\n"},
	{ID: "consult", ZH: "使用咨询", EN: "How-to question",
		Tmpl: "1. What do you want to achieve?\n2. Which service and region?\n"},
	{ID: "quota", ZH: "配额申请", EN: "Quota increase",
		Tmpl: "1. Which quota, in which region?\n2. The limit you need, and why?\n"},
	{ID: "billing", ZH: "账单疑问", EN: "Billing question",
		Tmpl: "1. Which bill or order (number)?\n2. What amount do you question, and why?\n"},
}

// TicketRegions are the regions a ticket may concern.
var TicketRegions = []TicketOption{
	{ID: "cn-north-4", ZH: "华北-北京四", EN: "CN North-Beijing4"},
	{ID: "cn-east-3", ZH: "华东-上海一", EN: "CN East-Shanghai1"},
	{ID: "cn-south-1", ZH: "华南-广州", EN: "CN South-Guangzhou"},
	{ID: "ap-southeast-1", ZH: "中国-香港", EN: "CN-Hong Kong"},
}

// Severities, from the least to the most urgent; the queue sorts by them.
const (
	SeverityMinor    = 1 // 一般: a question, no impact
	SeverityMajor    = 2 // 重要: degraded, a workaround exists
	SeverityCritical = 3 // 紧急: production impaired
	SeverityBlocker  = 4 // 重大: production down
)

// TicketSeverities names the severities, by value less one.
var TicketSeverities = []TicketOption{
	{ID: "1", ZH: "一般", EN: "Minor"},
	{ID: "2", ZH: "重要", EN: "Major"},
	{ID: "3", ZH: "紧急", EN: "Critical"},
	{ID: "4", ZH: "重大（业务中断）", EN: "Blocker (service down)"},
}

// MaxSeverityFor is the highest severity a customer's support level allows: basic support (V0,
// V1) has minor and major, V2 adds critical, V3 and above every severity. A partner's own ticket
// is at V3: the partner is the cloud's support desk for its customers.
func MaxSeverityFor(level string) int {
	switch level {
	case "", "V0", "V1":
		return SeverityMajor
	case "V2":
		return SeverityCritical
	}
	return SeverityBlocker
}

// findOption is the option of the list with the id, or nil.
func findOption(list []TicketOption, id string) *TicketOption {
	for i := range list {
		if list[i].ID == id {
			return &list[i]
		}
	}
	return nil
}

// ProblemTemplate is the description template of a problem type ("" for an unknown one).
func ProblemTemplate(id string) string {
	if o := findOption(TicketProblemTypes, id); o != nil {
		return o.Tmpl
	}
	return ""
}
