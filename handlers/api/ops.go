package api

import (
	"slices"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
)

// Operation is one operation of the partner API. The table below is the single source of the
// routes, the console's API page and the OpenAPI document, so the three cannot disagree.
type Operation struct {
	Name       string // the SDK's method name
	Method     string
	Path       string
	Summary    string // en-US
	SummaryZH  string
	Roles      []models.Role // member roles allowed to call it (with a partner's key)
	MasterOnly bool          // only a master distributor
	Callers    Callers       // whose keys may call it: a partner's (the zero value), a customer's, or either
	Idempotent bool          // moves money or quota; takes an X-Idempotency-Key header
	// Query: a POST that only reads (the BSS API sends some queries' filters as a body); like a
	// GET it changes nothing, so a repeated identical call is answered, not refused as a replay.
	Query bool
	// MaxBody is the operation's body limit when it is not maxBody (an upload's).
	MaxBody int
	// Request is the zero value of the request body, or for a GET of the query parameters (fields
	// tagged `query`), for the OpenAPI document.
	Request  any
	Response any // nil: the operation answers 204 No Content
	// run serves the operation: body is the request's exact body; a GET operation reads its
	// parameters with decodeQuery instead.
	run func(s *server, c echo.Context, body []byte) error
}

// Callers is whose access keys may call an operation. The cloud serves some operations only to the
// customer's own AK/SK (paying and cancelling an order, its coupons and discounts: reference
// section 3, caller C), some to either (P/C), most only to partners.
type Callers int8

const (
	PartnerKeys  Callers = iota // a partner member's key, with the operation's Roles
	CustomerKeys                // a customer's own key only
	AnyKeys                     // either
)

func (k Callers) partners() bool  { return k != CustomerKeys }
func (k Callers) customers() bool { return k != PartnerKeys }

var (
	readRoles  = []models.Role{models.RoleAdmin, models.RoleSales, models.RoleViewer}
	writeRoles = []models.Role{models.RoleAdmin, models.RoleSales}
	// fundRoles move money; fundReadRoles read balances and records.
	fundRoles     = []models.Role{models.RoleAdmin, models.RoleFinance}
	fundReadRoles = []models.Role{models.RoleAdmin, models.RoleFinance, models.RoleViewer}
	// coupons and quotas are value too: the same roles as funds
	couponRoles     = fundRoles
	couponReadRoles = fundReadRoles
)

// Operations lists the partner API: the BSS operations (the partner's, then the catalog's), then
// the OSM (work orders) ones.
var Operations = slices.Concat(bssOperations, orderOperations, catalogOperations, resourceOperations, lifeOperations, billOperations, osmOperations,
	billConsumeOperations)

var bssOperations = []Operation{
	{Name: "ListSubCustomers", Method: "POST", Path: "/v2/partners/sub-customers/query",
		Summary:   "List the partner's customers (a master distributor's reseller's with indirect_partner_id), with filters and paging.",
		SummaryZH: "查询客户列表：伙伴的客户（总经销商可用 indirect_partner_id 查询云经销商的客户），支持筛选和分页。",
		Roles:     readRoles, Query: true, Request: listSubCustomersReq{}, Response: listSubCustomersResp{}, run: (*server).listSubCustomers},
	{Name: "CreateSubCustomer", Method: "POST", Path: "/v2/partners/sub-customers",
		Summary:   "Create a customer account associated with the partner in the given cooperation type.",
		SummaryZH: "创建客户账号，并以指定的合作模式与伙伴关联。",
		Roles:     writeRoles, Request: createSubCustomerReq{}, Response: createSubCustomerResp{}, run: (*server).createSubCustomer},
	{Name: "CheckUserIdentity", Method: "POST", Path: "/v2/partners/sub-customers/users/check-identity",
		Summary:   "Check whether an email, mobile number or account name is still available for a new customer.",
		SummaryZH: "校验邮箱、手机号或账号名是否可用于创建新客户。",
		Roles:     readRoles, Query: true, Request: checkIdentityReq{}, Response: checkIdentityResp{}, run: (*server).checkUserIdentity},
	{Name: "ListIndirectPartners", Method: "POST", Path: "/v2/partners/indirect-partners/query",
		Summary:   "List a master distributor's cloud resellers.",
		SummaryZH: "总经销商查询其云经销商列表。",
		Roles:     readRoles, Query: true, MasterOnly: true, Request: listIndirectPartnersReq{}, Response: listIndirectPartnersResp{},
		run: (*server).listIndirectPartners},
	{Name: "UpdateCustomerAccountAmount", Method: "POST", Path: "/v2/accounts/partner-accounts/adjust-amount",
		Summary: "Allocate funds (拨款) from the partner's account to a consignment customer's account (a master distributor " +
			"funds a reseller's customer from the reseller's account with indirect_partner_id).",
		SummaryZH: "向代售类客户账户拨款：从伙伴账户转入客户账户（总经销商可用 indirect_partner_id 从云经销商账户向其客户拨款）。",
		Roles:     fundRoles, Idempotent: true, Request: adjustAccountReq{}, Response: transferIDResp{},
		run: (*server).updateCustomerAccountAmount},
	{Name: "ReclaimToPartnerAccount", Method: "POST", Path: "/v2/accounts/partner-accounts/reclaim",
		Summary:   "Reclaim (回收) part of a consignment customer's balance to the partner's account.",
		SummaryZH: "回收代售类客户的账户余额到伙伴账户。",
		Roles:     fundRoles, Idempotent: true, Request: reclaimToPartnerReq{}, Response: transIDResp{},
		run: (*server).reclaimToPartnerAccount},
	{Name: "UpdateIndirectPartnerAccount", Method: "POST", Path: "/v2/accounts/partner-accounts/indirect-partner-adjust",
		Summary:   "A master distributor funds one of its cloud resellers' accounts.",
		SummaryZH: "总经销商向云经销商账户拨款。",
		Roles:     fundRoles, MasterOnly: true, Idempotent: true, Request: adjustToIndirectPartnerReq{}, Response: transferIDResp{},
		run: (*server).updateIndirectPartnerAccount},
	{Name: "ReclaimIndirectPartnerAccount", Method: "POST", Path: "/v2/accounts/partner-accounts/indirect-partner-reclaim",
		Summary:   "A master distributor reclaims part of a cloud reseller's balance (at most the reseller's balance).",
		SummaryZH: "总经销商回收云经销商的账户余额（不超过云经销商余额）。",
		Roles:     fundRoles, MasterOnly: true, Idempotent: true, Request: reclaimIndirectPartnerReq{}, Response: transIDResp{},
		run: (*server).reclaimIndirectPartnerAccount},
	{Name: "ListPartnerBalances", Method: "GET", Path: "/v2/accounts/partner-accounts/balances",
		Summary:   "Read the partner's account balance (a master distributor reads a reseller's with indirect_partner_id).",
		SummaryZH: "查询伙伴账户余额（总经销商可用 indirect_partner_id 查询云经销商的余额）。",
		Roles:     fundReadRoles, Request: listPartnerBalancesReq{}, Response: listPartnerBalancesResp{},
		run: (*server).listPartnerBalances},
	{Name: "ListPartnerAdjustRecords", Method: "GET", Path: "/v3/accounts/partner-accounts/adjust-records",
		Summary:   "List adjust records (调账记录): allocations, reclaims and unbinding reclaims, with filters and paging.",
		SummaryZH: "查询调账记录：拨款、回收和解绑回收，支持筛选和分页。",
		Roles:     fundReadRoles, Request: listAdjustRecordsReq{}, Response: listAdjustRecordsResp{},
		run: (*server).listPartnerAdjustRecords},
	{Name: "ListPartnerAccountChangeRecords", Method: "GET", Path: "/v2/accounts/partner-accounts/account-change-records",
		Summary:   "List the changes of the partner's account (收支明细) with the balance after each, by trade type and date.",
		SummaryZH: "查询伙伴账户收支明细（含每笔变更后的余额），支持按交易类型和日期筛选。",
		Roles:     fundReadRoles, Request: listAccountChangeRecordsReq{}, Response: listAccountChangeRecordsResp{},
		run: (*server).listPartnerAccountChangeRecords},
	{Name: "ListCustomersBalancesDetail", Method: "POST", Path: "/v2/accounts/customer-accounts/balances/batch-query",
		Summary:   "Read the balances of up to 100 consignment customers; other customers are left out.",
		SummaryZH: "批量查询代售类客户的账户余额（最多 100 个），其他客户不返回。",
		Roles:     fundReadRoles, Query: true, Request: customersBalancesReq{}, Response: customersBalancesResp{},
		run: (*server).listCustomersBalancesDetail},
	{Name: "ListQuotaCoupons", Method: "POST", Path: "/v2/partners/coupon-quotas/query",
		Summary: "List the partner's coupon quotas (a master distributor's reseller's with indirect_partner_id). " +
			"limit_infos: limit_key cloudServiceType with one limit_values entry {value1: service type code} per service type, " +
			"and faceValue with {value1: minimum, value2: maximum} in yuan, each only when the quota sets it.",
		SummaryZH: "查询优惠券额度（总经销商可用 indirect_partner_id 查询云经销商的额度）。limit_infos：limit_key 为 cloudServiceType 时，" +
			"每个云服务类型一个 limit_values 条目 {value1: 服务类型编码}；为 faceValue 时 {value1: 最小面额, value2: 最大面额}（元），仅在额度设置时返回。",
		Roles: couponReadRoles, Query: true, Request: listQuotaCouponsReq{}, Response: listQuotaCouponsResp{}, run: (*server).listQuotaCoupons},
	{Name: "CreatePartnerCoupons", Method: "POST", Path: "/v2/promotions/benefits/partner-coupons",
		Summary: "Issue a coupon of the face value to each of up to 100 customers from a quota (a master distributor from a reseller's " +
			"quota to its customers with indirect_partner_id). Customers refused alone are in error_details; a wrong quota, face value, " +
			"validity or scope refuses the whole call and issues nothing.",
		SummaryZH: "从优惠券额度向最多 100 个客户各发放一张代金券（总经销商可用 indirect_partner_id 从云经销商的额度向其客户发放）。" +
			"单个客户失败时列在 error_details 中；额度、面额、有效期或适用范围不符时整个请求被拒绝，不发放任何代金券。",
		Roles: couponRoles, Idempotent: true, Request: createPartnerCouponsReq{}, Response: createPartnerCouponsResp{},
		run: (*server).createPartnerCoupons},
	{Name: "ListIssuedPartnerCoupons", Method: "GET", Path: "/v2/promotions/benefits/partner-coupons",
		Summary:   "List the coupons the partner issued, by coupon, customer, type, status and times.",
		SummaryZH: "查询伙伴已发放的优惠券，支持按优惠券、客户、类型、状态和时间筛选。",
		Roles:     couponReadRoles, Request: listIssuedCouponsReq{}, Response: listIssuedCouponsResp{}, run: (*server).listIssuedPartnerCoupons},
	{Name: "ReclaimPartnerCoupons", Method: "POST", Path: "/v2/promotions/benefits/partner-coupons/reclaim",
		Summary:   "Reclaim what a usable coupon has left back to its quota; answers 204 No Content.",
		SummaryZH: "回收一张可用代金券的剩余金额到其额度；成功时返回 204 No Content。",
		Roles:     couponRoles, Idempotent: true, Request: reclaimPartnerCouponsReq{}, Response: nil, run: (*server).reclaimPartnerCoupons},
	{Name: "ListPartnerCouponsRecord", Method: "GET", Path: "/v2/promotions/benefits/partner-coupons/records/query",
		Summary:   "List coupon operation records (issue, reclaim, reclaim on unbinding, expiry, mode switch); operation_types and coupon_ids repeat their key.",
		SummaryZH: "查询优惠券操作记录（发放、回收、解绑回收、过期回收、切换模式回收）；operation_types 和 coupon_ids 可重复传参。",
		Roles:     couponReadRoles, Request: listCouponRecordsReq{}, Response: listCouponRecordsResp{}, run: (*server).listPartnerCouponsRecord},
	{Name: "ListSubCustomerCoupons", Method: "GET", Path: "/v2/promotions/benefits/coupons",
		Summary:   "With a partner's key: the coupons the partner issued to its customers, in the customer coupon shape (source_id: the issuing partner).",
		SummaryZH: "使用伙伴的密钥时：伙伴发放给其客户的优惠券，以客户优惠券的格式返回（source_id 为发券伙伴）。",
		Roles:     couponReadRoles, Request: listSubCustomerCouponsReq{}, Response: listSubCustomerCouponsResp{}, run: (*server).listSubCustomerCoupons},
	{Name: "UpdateCouponQuotas", Method: "POST", Path: "/v2/partners/coupon-quotas/indirect-partner-adjust",
		Summary:   "A master distributor gives an amount of one of its quotas to each of its resellers as a new child quota; resellers refused alone are in error_details.",
		SummaryZH: "总经销商从其额度向每个云经销商发放一定金额，各成为一个新的子额度；单个云经销商失败时列在 error_details 中。",
		Roles:     couponRoles, MasterOnly: true, Idempotent: true, Request: adjustCouponQuotasReq{}, Response: adjustCouponQuotasResp{},
		run: (*server).updateCouponQuotas},
	{Name: "ReclaimCouponQuotas", Method: "POST", Path: "/v2/partners/coupon-quotas/indirect-partner-reclaim",
		Summary:   "A master distributor takes back what child quotas it gave have left; quotas refused alone are in error_details.",
		SummaryZH: "总经销商回收其发放给云经销商的子额度的剩余金额；单个额度失败时列在 error_details 中。",
		Roles:     couponRoles, MasterOnly: true, Idempotent: true, Request: reclaimCouponQuotasReq{}, Response: reclaimCouponQuotasResp{},
		run: (*server).reclaimCouponQuotas},
	{Name: "ListIssuedCouponQuotas", Method: "GET", Path: "/v2/partners/issued-coupon-quotas",
		Summary:   "A master distributor lists the child quotas it gave its resellers.",
		SummaryZH: "总经销商查询已发放给云经销商的代金券额度。",
		Roles:     couponReadRoles, MasterOnly: true, Request: listIssuedQuotasReq{}, Response: listIssuedQuotasResp{}, run: (*server).listIssuedCouponQuotas},
	{Name: "ListCouponQuotasRecords", Method: "GET", Path: "/v2/partners/coupon-quotas/records",
		Summary:   "A master distributor lists its quota issue (operation_type 10) and reclaim (11) records.",
		SummaryZH: "总经销商查询代金券额度的发放（operation_type 10）和回收（11）记录。",
		Roles:     couponReadRoles, MasterOnly: true, Request: listQuotaRecordsReq{}, Response: listQuotaRecordsResp{}, run: (*server).listCouponQuotasRecords},
}
