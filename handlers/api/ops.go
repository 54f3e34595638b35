package api

import (
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
	Roles      []models.Role // member roles allowed to call it
	MasterOnly bool          // only a master distributor
	Idempotent bool          // moves money; takes an X-Idempotency-Key header
	// Request is the zero value of the request body, or for a GET of the query parameters (fields
	// tagged `query`), for the OpenAPI document.
	Request  any
	Response any
	// run serves the operation: body is the request's exact body; a GET operation reads its
	// parameters with decodeQuery instead.
	run func(s *server, c echo.Context, body []byte) error
}

var (
	readRoles  = []models.Role{models.RoleAdmin, models.RoleSales, models.RoleViewer}
	writeRoles = []models.Role{models.RoleAdmin, models.RoleSales}
	// fundRoles move money; fundReadRoles read balances and records.
	fundRoles     = []models.Role{models.RoleAdmin, models.RoleFinance}
	fundReadRoles = []models.Role{models.RoleAdmin, models.RoleFinance, models.RoleViewer}
)

// Operations lists the partner API.
var Operations = []Operation{
	{Name: "ListSubCustomers", Method: "POST", Path: "/v2/partners/sub-customers/query",
		Summary:   "List the partner's customers (a master distributor's reseller's with indirect_partner_id), with filters and paging.",
		SummaryZH: "查询客户列表：伙伴的客户（总经销商可用 indirect_partner_id 查询云经销商的客户），支持筛选和分页。",
		Roles:     readRoles, Request: listSubCustomersReq{}, Response: listSubCustomersResp{}, run: (*server).listSubCustomers},
	{Name: "CreateSubCustomer", Method: "POST", Path: "/v2/partners/sub-customers",
		Summary:   "Create a customer account associated with the partner in the given cooperation type.",
		SummaryZH: "创建客户账号，并以指定的合作模式与伙伴关联。",
		Roles:     writeRoles, Request: createSubCustomerReq{}, Response: createSubCustomerResp{}, run: (*server).createSubCustomer},
	{Name: "CheckUserIdentity", Method: "POST", Path: "/v2/partners/sub-customers/users/check-identity",
		Summary:   "Check whether an email, mobile number or account name is still available for a new customer.",
		SummaryZH: "校验邮箱、手机号或账号名是否可用于创建新客户。",
		Roles:     readRoles, Request: checkIdentityReq{}, Response: checkIdentityResp{}, run: (*server).checkUserIdentity},
	{Name: "ListIndirectPartners", Method: "POST", Path: "/v2/partners/indirect-partners/query",
		Summary:   "List a master distributor's cloud resellers.",
		SummaryZH: "总经销商查询其云经销商列表。",
		Roles:     readRoles, MasterOnly: true, Request: listIndirectPartnersReq{}, Response: listIndirectPartnersResp{},
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
		Roles:     fundReadRoles, Request: customersBalancesReq{}, Response: customersBalancesResp{},
		run: (*server).listCustomersBalancesDetail},
}
