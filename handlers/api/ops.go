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
	Request    any           // zero value of the request body, for the OpenAPI document
	Response   any
	run        func(s *server, c echo.Context, body []byte) error
}

var (
	readRoles  = []models.Role{models.RoleAdmin, models.RoleSales, models.RoleViewer}
	writeRoles = []models.Role{models.RoleAdmin, models.RoleSales}
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
}
