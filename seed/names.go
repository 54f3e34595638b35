package seed

import "fmt"

// Deterministic, realistic Chinese company names for the demo world and the large seeded worlds.
// A name is region + core + industry + legal form; the core is two syllables, so there are about
// 27 × 48 × 48 × 20 × 2 ≈ 2.5 million distinct names, enough for the million-row worlds.

var (
	nameRegions  = []string{"北京", "上海", "深圳", "杭州", "广州", "成都", "南京", "武汉", "西安", "苏州", "天津", "重庆", "长沙", "郑州", "青岛", "厦门", "合肥", "济南", "福州", "宁波", "无锡", "东莞", "佛山", "大连", "沈阳", "昆明", "贵阳"}
	regionPinyin = []string{"bj", "sh", "sz", "hz", "gz", "cd", "nj", "wh", "xa", "su", "tj", "cq", "cs", "zz", "qd", "xm", "hf", "jn", "fz", "nb", "wx", "dg", "fs", "dl", "sy", "km", "gy"}
	nameSyl1     = []string{"华", "云", "星", "博", "天", "恒", "瑞", "鼎", "汇", "盛", "泰", "智", "信", "达", "新", "中", "联", "金", "宏", "正", "安", "易", "海", "创", "凯", "远", "弘", "嘉", "明", "启", "德", "融", "卓", "世", "科", "东", "万", "君", "银", "长", "北", "普", "睿", "曜", "驰", "领", "优", "锐"}
	sylPinyin1   = []string{"hua", "yun", "xing", "bo", "tian", "heng", "rui", "ding", "hui", "sheng", "tai", "zhi", "xin", "da", "xin", "zhong", "lian", "jin", "hong", "zheng", "an", "yi", "hai", "chuang", "kai", "yuan", "hong", "jia", "ming", "qi", "de", "rong", "zhuo", "shi", "ke", "dong", "wan", "jun", "yin", "chang", "bei", "pu", "rui", "yao", "chi", "ling", "you", "rui"}
	nameSyl2     = []string{"图", "辰", "腾", "通", "宇", "讯", "拓", "源", "峰", "网", "视", "海", "诚", "润", "航", "远", "捷", "科", "康", "邦", "数", "维", "力", "丰", "桥", "策", "象", "阳", "光", "思", "越", "芯", "泽", "嘉", "驰", "岳", "川", "鸿", "骏", "澜", "禾", "晟", "祥", "悦", "柏", "铭", "朗", "坤"}
	sylPinyin2   = []string{"tu", "chen", "teng", "tong", "yu", "xun", "tuo", "yuan", "feng", "wang", "shi", "hai", "cheng", "run", "hang", "yuan", "jie", "ke", "kang", "bang", "shu", "wei", "li", "feng", "qiao", "ce", "xiang", "yang", "guang", "si", "yue", "xin", "ze", "jia", "chi", "yue", "chuan", "hong", "jun", "lan", "he", "sheng", "xiang", "yue", "bai", "ming", "lang", "kun"}
	nameIndustry = []string{"科技", "信息技术", "网络科技", "软件", "数据科技", "电子商务", "智能科技", "物流", "医疗科技", "教育科技", "文化传媒", "金融信息服务", "新能源", "云计算", "游戏", "生物科技", "汽车科技", "环保科技", "供应链管理", "人工智能"}
	industryName = []string{"软件和信息技术服务业", "软件和信息技术服务业", "互联网和相关服务", "软件和信息技术服务业", "互联网和相关服务", "零售业", "科技推广和应用服务业", "道路运输业", "卫生", "教育", "文化艺术业", "其他金融业", "电力、热力生产和供应业", "互联网和相关服务", "文化艺术业", "研究和试验发展", "汽车制造业", "生态保护和环境治理业", "商务服务业", "科技推广和应用服务业"}
	legalForms   = []string{"有限公司", "股份有限公司"}
	surnames     = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高"}
	givenNames   = []string{"伟", "芳", "娜", "敏", "静", "磊", "强", "洋", "勇", "军", "杰", "涛", "明", "超", "秀英", "建华", "海燕", "志强", "晓东", "丽华"}
)

// companyName returns the n-th name (n ≥ 0) and a pinyin stem for its account name. Consecutive n
// differ in every part, so a page of rows looks varied.
func companyName(n uint64) (string, string) {
	r := n % uint64(len(nameRegions))
	n /= uint64(len(nameRegions))
	a := n % uint64(len(nameSyl1))
	n /= uint64(len(nameSyl1))
	b := n % uint64(len(nameSyl2))
	n /= uint64(len(nameSyl2))
	ind := n % uint64(len(nameIndustry))
	n /= uint64(len(nameIndustry))
	form := n % uint64(len(legalForms))
	name := nameRegions[r] + nameSyl1[a] + nameSyl2[b] + nameIndustry[ind] + legalForms[form]
	return name, regionPinyin[r] + sylPinyin1[a] + sylPinyin2[b]
}

// scramble maps 0..m-1 onto itself in a fixed pseudo-random order (m must not be a multiple of
// the odd multiplier's factors), so seeded rows do not come in name order.
func scramble(i, m uint64) uint64 { return (i*2654435761 + 12345) % m }

func personName(n uint64) string {
	return surnames[n%uint64(len(surnames))] + givenNames[(n/7)%uint64(len(givenNames))]
}

// creditCode is a well-formed 18-character unified social credit code for the n-th enterprise.
func creditCode(n uint64) string { return fmt.Sprintf("91%06d%010X", 110100+n%5000, n) }
