package handlers

import (
	"slices"
	"sync"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"partnerhub/models"
	"partnerhub/views"
)

// route is one line of the console's route table: what it answers, and who may open it. The same
// rule guards the route and decides whether a page shows a link to it (can).
type route struct {
	method, path string
	h            echo.HandlerFunc
	who          permit
}

// Who may open what, as the navigation groups it.
var (
	anyone    = permit{}
	salesOnly = partnerRoles(salesRoles...)
	// A customer's detail is also a finance member's: it holds the money forms (the member finds
	// the customer with the picker on the funds page).
	customerReaders = partnerRoles(models.RoleAdmin, models.RoleSales, models.RoleViewer, models.RoleFinance)
	businessReaders = partnerRoles(models.RoleAdmin, models.RoleFinance, models.RoleViewer)
	issuers         = partnerRoles(models.RoleAdmin, models.RoleFinance) // issue, reclaim, give quotas
	anyMember       = partnerRoles(models.AllRoles...)
	admins          = partnerRoles(models.RoleAdmin)
	operators       = permit{kind: models.OperatorUser}
	customerUsers   = permit{kind: models.CustomerUser}
	orderers        = partnerRoles(models.RoleAdmin, models.RoleSales) // order on a customer's behalf
	// create customers, and label them (a sales member those it manages: models.Actor.MayLabel)
	customerMakers = partnerRoles(models.RoleAdmin, models.RoleSales)
)

// routes registers the console's route table.
func routes(e *echo.Echo, d Deps) {
	b := &base{d}
	web := e.Group("", b.loadSession, b.csrf)
	for _, r := range routeLines(b) {
		web.Add(r.method, r.path, r.h, gate(r.who))
	}
	// A form's address answers GET too, by sending to the page the form is on: a reload or a
	// language switch after a refused form (422, rendered at the form's address) lands there.
	t := table()
	for post, page := range t.formPages {
		web.GET(post, backToForm(page), gate(t.postAccess[post]))
	}
	// The payment gateway's callback is server to server: no session, no CSRF token; the notice's
	// signature is its only credential (models.ConfirmTopup).
	e.POST(pathGatewayCallback, (&Topups{b}).Callback)
}

// table is the route table's rules, for links and forms' pages: the same lines as routes
// registers, their handlers bound to nothing (never called from here).
func table() *routeTable {
	tableOnce.Do(func() { theTable = newRouteTable(routeLines(&base{})) })
	return theTable
}

var (
	tableOnce sync.Once
	theTable  *routeTable
)

func routeLines(b *base) []route {
	var t []route
	for _, part := range [][]route{
		authRoutes(b), salesRoutes(b), businessRoutes(b), couponRoutes(b),
		partnerRoutes(b), opsRoutes(b), customerRoutes(b), ticketRoutes(b), catalogRoutes(b), regionRoutes(b), productRoutes(b), resourceRoutes(b), topupRoutes(b),
		orderPageRoutes(b), billRoutes(b),
	} {
		t = append(t, part...)
	}
	return t
}

func get(path string, h echo.HandlerFunc, who permit) route  { return route{"GET", path, h, who} }
func post(path string, h echo.HandlerFunc, who permit) route { return route{"POST", path, h, who} }

func authRoutes(b *base) []route {
	auth, home, join := &Auth{b}, &Home{b}, &Join{b}
	return []route{
		get(views.PathLogin, auth.Form, anyone),
		post(views.PathLogin, auth.SignIn, anyone),
		post(views.PathLogout, auth.SignOut, anyone),
		get(views.PathHome, home.Show, anyone),
		// invitation links: a visitor accepts by choosing a sign-in (or, by account name, signed in)
		get(views.PathJoinMember, join.Member, anyone),
		post(views.PathJoinMember, join.AcceptMember, anyone),
		get(views.PathJoinReseller, join.Reseller, anyone),
		post(views.PathJoinReseller, join.AcceptReseller, anyone),
	}
}

func salesRoutes(b *base) []route {
	customers, expand := &Customers{b}, &Expand{b}
	return []route{
		get(views.PathCustomers, customers.Index, salesOnly),
		get(views.PathCustomer, customers.Show, customerReaders),
		get(views.PathCustomerNew, customers.New, customerMakers),
		post(views.PathCustomerNew, customers.Create, customerMakers),
		post("/sales/customers/:id/label", customers.SetLabel, customerMakers),
		post("/sales/customers/:id/manager", customers.AssignManager, admins),
		post("/sales/customers/batch/label", customers.BatchLabel, customerMakers),
		post("/sales/customers/batch/manager", customers.BatchManager, admins),
		post("/sales/customers/:id/allocate", customers.Allocate, customerReaders),
		post("/sales/customers/:id/reclaim", customers.Reclaim, customerReaders),
		post("/sales/customers/:id/allocate/confirm", customers.ConfirmAllocate, customerReaders),
		post("/sales/customers/:id/reclaim/confirm", customers.ConfirmReclaim, customerReaders),
		post("/sales/customers/:id/allocate/edit", customers.EditAllocate, issuers),
		post("/sales/customers/:id/reclaim/edit", customers.EditReclaim, issuers),
		post("/sales/customers/:id/mode", customers.SwitchMode, salesOnly),
		post("/sales/customers/:id/mode/confirm", customers.ConfirmSwitchMode, salesOnly),
		post("/sales/customers/:id/unbind", customers.Unbind, salesOnly),
		post("/sales/customers/:id/authorizations", customers.RequestAuthorization, salesOnly),
		post("/sales/customers/:id/unbind/confirm", customers.ConfirmUnbind, salesOnly),
		get(views.PathOrderNew, customers.NewOrder, orderers),
		post("/sales/customers/:id/orders", customers.PlaceOrder, orderers),
		get(views.PathExpand, expand.Index, salesOnly),
		get(views.PathEnterprise, expand.Enterprise, salesOnly),
		post("/sales/expand/enterprises/:id/invitations", expand.Invite, salesOnly),
		get(views.PathExpandInvites, expand.Invitations, salesOnly),
		post("/sales/expand/invitations/:id/resend", expand.Resend, salesOnly),
	}
}

func businessRoutes(b *base) []route {
	funds := &Funds{b}
	return []route{
		get(views.PathFunds, funds.Index, businessReaders),
		get(views.PathAdjustRecords, funds.AdjustRecords, businessReaders),
		get(views.PathStatement, funds.Statement, businessReaders),
		get(views.PathResellerFunds, funds.Resellers, businessReaders.masters()),
		post("/business/funds/resellers/:id/fund", funds.FundReseller, businessReaders.masters()),
		post("/business/funds/resellers/:id/reclaim", funds.ReclaimReseller, businessReaders.masters()),
	}
}

func couponRoutes(b *base) []route {
	coupons := &Coupons{b}
	return []route{
		get(views.PathQuotas, coupons.Quotas, businessReaders),
		get(views.PathQuota, coupons.Quota, businessReaders),
		get(views.PathIssued, coupons.Issued, businessReaders),
		get(views.PathCoupon, coupons.Coupon, businessReaders),
		get(views.PathCouponRecords, coupons.Records, businessReaders),
		get(views.PathResellerQuotas, coupons.ResellerQuotas, businessReaders.masters()),
		get(views.PathQuotaRecords, coupons.QuotaRecords, businessReaders.masters()),
		get(views.PathIssue, coupons.IssueForm, issuers),
		post("/business/coupons/issue/search", coupons.Search, issuers),
		post("/business/coupons/issue/preview", coupons.Preview, issuers),
		post(views.PathIssue, coupons.Issue, issuers),
		get(views.PathIssueResult, coupons.IssueResult, issuers),
		post("/business/coupons/issued/:id/reclaim", coupons.Reclaim, issuers),
		post("/business/coupons/issued/:id/reclaim/confirm", coupons.ConfirmReclaim, issuers),
		post(views.PathResellerQuotas, coupons.Give, issuers.masters()),
		post("/business/coupons/reseller-quotas/:id/reclaim", coupons.ReclaimQuota, issuers.masters()),
		post("/business/coupons/reseller-quotas/:id/reclaim/confirm", coupons.ConfirmReclaimQuota, issuers.masters()),
	}
}

func partnerRoutes(b *base) []route {
	profile, members, resellers := &Profile{b}, &Members{b}, &Resellers{b}
	auditLog, keys, apiDocs := &Audit{b}, &AccessKeys{base: b}, &APIDocs{b}
	return []route{
		get(views.PathProfile, profile.Show, anyMember),
		post("/partner/profile/password", profile.ChangePassword, anyMember),
		post("/partner/profile/sessions/:id/end", profile.EndSession, anyMember),
		post("/partner/profile/sessions/:id/end/confirm", profile.ConfirmEndSession, anyMember),
		post("/partner/profile/distribution/:id/accept", profile.AcceptDistribution, admins),
		get(views.PathMembers, members.Index, admins),
		post("/partner/members/invitations", members.Invite, admins),
		post("/partner/members/invitations/:id/resend", members.Resend, admins),
		post("/partner/members/invitations/:id/revoke", members.Revoke, admins),
		post("/partner/members/invitations/:id/revoke/confirm", members.ConfirmRevoke, admins),
		post("/partner/members/:id/roles", members.SetRoles, admins),
		post("/partner/members/:id/remove", members.Remove, admins),
		post("/partner/members/:id/remove/confirm", members.ConfirmRemove, admins),
		get(views.PathResellers, resellers.Index, admins.masters()),
		post("/partner/resellers/invitations", resellers.Invite, admins.masters()),
		post("/partner/resellers/invitations/:id/resend", resellers.Resend, admins.masters()),
		post("/partner/resellers/invitations/:id/revoke", resellers.Revoke, admins.masters()),
		post("/partner/resellers/invitations/:id/revoke/confirm", resellers.ConfirmRevoke, admins.masters()),
		get(views.PathReseller, resellers.Show, admins.masters()),
		get(views.PathPartnerAudit, auditLog.Partner, admins),
		get(views.PathPartnerAuditCSV, auditLog.PartnerCSV, admins),
		get(views.PathAccessKeys, keys.Index, admins),
		post(views.PathAccessKeys, keys.Create, admins),
		post("/partner/access-keys/:id/disable", keys.Disable, admins),
		post("/partner/access-keys/:id/disable/confirm", keys.ConfirmDisable, admins),
		post("/partner/access-keys/:id/enable", keys.Enable, admins),
		post("/partner/access-keys/:id/delete", keys.Delete, admins),
		post("/partner/access-keys/:id/delete/confirm", keys.ConfirmDelete, admins),
		get(views.PathAPI, apiDocs.Show, admins),
	}
}

func opsRoutes(b *base) []route {
	ops, partners, auditLog, orders, adjust := &Ops{b}, &OpsPartners{b}, &Audit{b}, &OpsOrders{b}, &OpsAdjust{b}
	return []route{
		get(views.PathOpsOrders, orders.Index, operators),
		post("/ops/orders/settings", orders.SaveSettings, operators),
		post("/ops/orders/:id/approve/confirm", orders.ConfirmApprove, operators),
		post("/ops/orders/:id/reject/confirm", orders.ConfirmReject, operators),
		post("/ops/orders/:id/approve", orders.Approve, operators),
		post("/ops/orders/:id/reject", orders.Reject, operators),
		get(views.PathOps, redirectTo(views.PathApplications), operators),
		get(views.PathApplications, partners.Applications, operators),
		post("/ops/applications/:id/approve", partners.Approve, operators),
		post("/ops/applications/:id/reject", partners.Reject, operators),
		get(views.PathOpsPartners, partners.Partners, operators),
		get(views.PathOpsPartner, partners.Partner, operators),
		post("/ops/partners/:id/enrol", partners.Enrol, operators),
		post("/ops/partners/:id/paths", partners.Path, operators),
		post("/ops/partners/:id/distribution", partners.InviteDistribution, operators),
		post("/ops/partners/:id/expand", partners.Expand, operators),
		post("/ops/partners/:id/expand/confirm", partners.ConfirmRevokeExpand, operators),
		post("/ops/distribution/:id/revoke", partners.RevokeDistribution, operators),
		get(views.PathVerifications, partners.Verifications, operators),
		post("/ops/verifications/:id/approve", partners.ApproveVerification, operators),
		post("/ops/verifications/:id/reject", partners.RejectVerification, operators),
		get(views.PathDirectory, partners.Directory, operators),
		post(views.PathDirectory, partners.Import, operators),
		get(views.PathDirectoryTemplate, partners.DirectoryTemplate, operators),
		get(views.PathOpsAudit, auditLog.Ops, operators),
		get(views.PathOpsAuditCSV, auditLog.OpsCSV, operators),
		get(views.PathDeposits, ops.Deposits, operators),
		post(views.PathDeposits, ops.Deposit, operators),
		post("/ops/deposits/:id/reverse", ops.Reverse, operators),
		post("/ops/deposits/:id/reverse/confirm", ops.ConfirmReverse, operators),
		get(views.PathOpsQuotas, ops.Quotas, operators),
		post(views.PathOpsQuotas, ops.Grant, operators),
		post("/ops/quotas/:id/freeze", ops.QuotaStatus(models.QuotaFreeze), operators),
		post("/ops/quotas/:id/freeze/confirm", ops.ConfirmQuotaStatus(models.QuotaFreeze), operators),
		post("/ops/quotas/:id/unfreeze", ops.QuotaStatus(models.QuotaUnfreeze), operators),
		post("/ops/quotas/:id/invalidate", ops.QuotaStatus(models.QuotaInvalidate), operators),
		post("/ops/quotas/:id/invalidate/confirm", ops.ConfirmQuotaStatus(models.QuotaInvalidate), operators),
		get(views.PathOpsAdjust, adjust.Index, operators),
		post(views.PathOpsAdjust, adjust.Adjust, operators),
		post(views.PathOpsAdjust+"/confirm", adjust.ConfirmAdjust, operators),
	}
}

func customerRoutes(b *base) []route {
	portal, join, keys := &Portal{b}, &Join{b}, &AccessKeys{base: b, portal: true}
	return []route{
		get(views.PathPortal, portal.Show, customerUsers),
		get(views.PathPortalInvitation, portal.Invitation, customerUsers),
		get(views.PathPortalCoupons, portal.Coupons, customerUsers),
		post("/customer/invitations/:token/accept", portal.Accept, customerUsers),
		post("/customer/unbind", portal.Unbind, customerUsers),
		post("/customer/authorizations/:id/grant", portal.GrantAuthorization, customerUsers),
		post("/customer/authorizations/:id/decline", portal.DeclineAuthorization, customerUsers),
		post("/customer/authorizations/:id/revoke", portal.RevokeAuthorization, customerUsers),
		post("/customer/authorizations/:id/revoke/confirm", portal.ConfirmRevokeAuthorization, customerUsers),
		post("/customer/unbind/confirm", portal.ConfirmUnbind, customerUsers),
		post("/customer/password", portal.ChangePassword, customerUsers),
		post("/customer/sessions/:id/end", portal.EndSession, customerUsers),
		post("/customer/sessions/:id/end/confirm", portal.ConfirmEndSession, customerUsers),
		get(views.PathPortalJoin, join.Apply, customerUsers),
		post(views.PathPortalJoin, join.SubmitApplication, customerUsers),
		get(views.PathPortalAccessKeys, keys.Index, customerUsers),
		post(views.PathPortalAccessKeys, keys.Create, customerUsers),
		post("/customer/access-keys/:id/disable", keys.Disable, customerUsers),
		post("/customer/access-keys/:id/disable/confirm", keys.ConfirmDisable, customerUsers),
		post("/customer/access-keys/:id/enable", keys.Enable, customerUsers),
		post("/customer/access-keys/:id/delete", keys.Delete, customerUsers),
		post("/customer/access-keys/:id/delete/confirm", keys.ConfirmDelete, customerUsers),
	}
}

// topupRoutes are the customer's top-up and the simulated payment gateway (its callback is
// registered apart: see routes).
func topupRoutes(b *base) []route {
	topups, sim := &Topups{b}, &SimGateway{b}
	return []route{
		get(views.PathTopup, topups.Show, customerUsers),
		post(views.PathTopup, topups.Create, customerUsers),
		get(views.PathTopupReturn, topups.Return, customerUsers),
		get(views.PathGatewaySimPay, sim.Show, customerUsers),
		post(views.PathGatewaySimPay, sim.Pay, customerUsers),
		post(views.PathGatewaySimPay+"/cancel", sim.Cancel, customerUsers),
	}
}

// catalogRoutes are the price inquiry, the operator's price list and the discounts.
func catalogRoutes(b *base) []route {
	customers, inquiry := &Customers{b}, &Inquiry{b}
	catalog, discounts := &OpsCatalog{b}, &OpsDiscounts{b}
	sellers := partnerRoles(models.RoleAdmin, models.RoleSales)
	file := middleware.BodyLimit(bodyLimitOf(maxPriceFileBody))
	return []route{
		get(views.PathPriceInquiry, inquiry.Show, partnerRoles(inquiryRoles...)),
		post("/sales/customers/:id/discounts", customers.SetDiscount, sellers),
		post("/sales/customers/:id/discounts/:discount/remove", customers.RemoveDiscount, sellers),
		post("/sales/customers/:id/discounts/:discount/remove/confirm", customers.ConfirmRemoveDiscount, sellers),
		get(views.PathOpsCatalog, catalog.Index, operators),
		post("/ops/catalog/prices/:key", catalog.SetPrice, operators),
		get("/ops/catalog/export.csv", catalog.Export, operators),
		post(pathPricePreview, file(catalog.Preview), operators),
		post(pathPriceImport, file(catalog.Import), operators),
		get(views.PathOpsCeilings, discounts.Ceilings, operators),
		post("/ops/catalog/ceilings/:partner", discounts.SetCeiling, operators),
		get(views.PathOpsDiscounts, discounts.Index, operators),
		post("/ops/discounts/:id", discounts.Set, operators),
		post("/ops/discounts/:id/discounts/:discount/remove", discounts.Remove, operators),
		post("/ops/discounts/:id/discounts/:discount/remove/confirm", discounts.ConfirmRemove, operators),
	}
}

// orderPageRoutes are the orders list and an order's page, with pay and cancel, in the console
// (every member reads; admins and sales pay and cancel) and in the portal (the customer's own).
func orderPageRoutes(b *base) []route {
	console, portal := newOrders(b)
	return slices.Concat(orderArea(console, anyMember, partnerRoles(models.RoleAdmin, models.RoleSales)),
		orderArea(portal, customerUsers, customerUsers))
}

func orderArea(h *Orders, who, payers permit) []route {
	p := h.area.Prefix
	return []route{
		get(p, h.Index, who),
		get(p+"/:id", h.Show, who),
		post(p+"/:id/pay/confirm", h.ConfirmPay, payers),
		post(p+"/:id/pay", h.Pay, payers),
		post(p+"/:id/cancel/confirm", h.ConfirmCancel, payers),
		post(p+"/:id/cancel", h.Cancel, payers),
	}
}
