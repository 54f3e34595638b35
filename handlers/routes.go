package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
)

// routes is the console's route table, grouped as the navigation is.
func routes(e *echo.Echo, d Deps) {
	b := &base{d}
	auth := &Auth{b}
	home := &Home{b}
	customers := &Customers{b}
	expand := &Expand{b}
	portal := &Portal{b}
	keys := &AccessKeys{b}
	apiDocs := &APIDocs{b}
	funds := &Funds{b}
	ops := &Ops{b}
	coupons := &Coupons{b}
	profile := &Profile{b}
	members := &Members{b}
	resellers := &Resellers{b}
	auditLog := &Audit{b}
	opsPartners := &OpsPartners{b}
	join := &Join{b}
	inquiry := &Inquiry{b}
	catalog := &OpsCatalog{b}
	opsDiscounts := &OpsDiscounts{b}

	web := e.Group("", b.loadSession, b.csrf)
	web.GET("/login", auth.Form)
	web.POST("/login", auth.SignIn)
	web.POST("/logout", auth.SignOut)
	web.GET("/", home.Show)
	// invitation links: a visitor accepts by choosing a sign-in (or, by account name, signed in)
	web.GET("/join/members/:token", join.Member)
	web.POST("/join/members/:token", join.AcceptMember)
	web.GET("/join/resellers/:token", join.Reseller)
	web.POST("/join/resellers/:token", join.AcceptReseller)

	sales := web.Group("/sales", requireUser(models.PartnerUser, salesRoles...))
	sales.GET("/customers", customers.Index)
	// The customer detail is also a finance member's: it holds the customer's money forms.
	detail := requireUser(models.PartnerUser, models.RoleAdmin, models.RoleSales, models.RoleViewer, models.RoleFinance)
	web.GET("/sales/customers/:id", customers.Show, detail)
	web.POST("/sales/customers/:id/allocate", customers.Allocate, detail)
	web.POST("/sales/customers/:id/reclaim", customers.Reclaim, detail)
	seller := requireUser(models.PartnerUser, models.RoleAdmin, models.RoleSales)
	web.POST("/sales/customers/:id/discounts", customers.SetDiscount, seller)
	web.POST("/sales/customers/:id/discounts/:discount/remove", customers.RemoveDiscount, seller)
	sales.POST("/customers/:id/mode", customers.SwitchMode)
	sales.POST("/customers/:id/unbind", customers.Unbind)
	sales.GET("/expand", expand.Index)
	sales.GET("/expand/enterprises/:id", expand.Enterprise)
	sales.POST("/expand/enterprises/:id/invitations", expand.Invite)
	sales.GET("/expand/invitations", expand.Invitations)
	sales.POST("/expand/invitations/:id/resend", expand.Resend)

	business := web.Group("/business", requireUser(models.PartnerUser, models.RoleAdmin, models.RoleFinance, models.RoleViewer))
	business.GET("/funds", funds.Index)
	business.GET("/funds/adjust-records", funds.AdjustRecords)
	business.GET("/funds/statement", funds.Statement)
	business.GET("/funds/resellers", funds.Resellers)
	business.POST("/funds/resellers/:id/fund", funds.FundReseller)
	business.POST("/funds/resellers/:id/reclaim", funds.ReclaimReseller)
	business.GET("/coupons", coupons.Quotas)
	business.GET("/coupons/quotas/:id", coupons.Quota)
	business.GET("/coupons/issued", coupons.Issued)
	business.GET("/coupons/issued/:id", coupons.Coupon)
	business.GET("/coupons/records", coupons.Records)
	business.GET("/coupons/reseller-quotas", coupons.ResellerQuotas)
	business.GET("/coupons/reseller-quotas/records", coupons.QuotaRecords)
	// Issuing, reclaiming and giving quotas are a finance member's or an admin's.
	issuer := web.Group("/business/coupons", requireUser(models.PartnerUser, models.RoleAdmin, models.RoleFinance))
	issuer.GET("/issue", coupons.IssueForm)
	issuer.POST("/issue/search", coupons.Search)
	issuer.POST("/issue/preview", coupons.Preview)
	issuer.POST("/issue", coupons.Issue)
	issuer.GET("/issues/:id", coupons.IssueResult)
	issuer.POST("/issued/:id/reclaim", coupons.Reclaim)
	issuer.POST("/reseller-quotas", coupons.Give)
	issuer.POST("/reseller-quotas/:id/reclaim", coupons.ReclaimQuota)

	web.GET("/orders/price-inquiry", inquiry.Show, requireUser(models.PartnerUser, inquiryRoles...))

	anyMember := requireUser(models.PartnerUser, models.RoleAdmin, models.RoleSales, models.RoleFinance, models.RoleViewer)
	web.GET("/partner/profile", profile.Show, anyMember)
	web.POST("/partner/profile/password", profile.ChangePassword, anyMember)
	web.POST("/partner/profile/sessions/:id/end", profile.EndSession, anyMember)
	partner := web.Group("/partner", requireUser(models.PartnerUser, models.RoleAdmin))
	partner.POST("/profile/distribution/:id/accept", profile.AcceptDistribution)
	partner.GET("/members", members.Index)
	partner.POST("/members/invitations", members.Invite)
	partner.POST("/members/invitations/:id/resend", members.Resend)
	partner.POST("/members/invitations/:id/revoke", members.Revoke)
	partner.POST("/members/:id/roles", members.SetRoles)
	partner.POST("/members/:id/remove", members.Remove)
	partner.GET("/resellers", resellers.Index)
	partner.POST("/resellers/invitations", resellers.Invite)
	partner.POST("/resellers/invitations/:id/resend", resellers.Resend)
	partner.POST("/resellers/invitations/:id/revoke", resellers.Revoke)
	partner.GET("/resellers/:id", resellers.Show)
	partner.GET("/audit", auditLog.Partner)
	partner.GET("/audit.csv", auditLog.PartnerCSV)
	partner.GET("/access-keys", keys.Index)
	partner.POST("/access-keys", keys.Create)
	partner.POST("/access-keys/:id/disable", keys.Disable)
	partner.POST("/access-keys/:id/enable", keys.Enable)
	partner.POST("/access-keys/:id/delete", keys.Delete)
	partner.GET("/api", apiDocs.Show)

	operator := web.Group("/ops", requireUser(models.OperatorUser))
	operator.GET("", func(c echo.Context) error { return c.Redirect(http.StatusSeeOther, "/ops/applications") })
	operator.GET("/applications", opsPartners.Applications)
	operator.POST("/applications/:id/approve", opsPartners.Approve)
	operator.POST("/applications/:id/reject", opsPartners.Reject)
	operator.GET("/partners", opsPartners.Partners)
	operator.GET("/partners/:id", opsPartners.Partner)
	operator.POST("/partners/:id/enrol", opsPartners.Enrol)
	operator.POST("/partners/:id/paths", opsPartners.Path)
	operator.POST("/partners/:id/distribution", opsPartners.InviteDistribution)
	operator.POST("/partners/:id/expand", opsPartners.Expand)
	operator.POST("/distribution/:id/revoke", opsPartners.RevokeDistribution)
	operator.GET("/verifications", opsPartners.Verifications)
	operator.POST("/verifications/:id/approve", opsPartners.ApproveVerification)
	operator.POST("/verifications/:id/reject", opsPartners.RejectVerification)
	operator.GET("/directory", opsPartners.Directory)
	operator.POST("/directory", opsPartners.Import)
	operator.GET("/audit", auditLog.Ops)
	operator.GET("/audit.csv", auditLog.OpsCSV)
	operator.GET("/catalog", catalog.Index)
	operator.POST("/catalog/prices/:key", catalog.SetPrice)
	operator.GET("/catalog/export.csv", catalog.Export)
	operator.POST("/catalog/import/preview", catalog.Preview)
	operator.POST("/catalog/import", catalog.Import)
	operator.GET("/catalog/ceilings", opsDiscounts.Ceilings)
	operator.POST("/catalog/ceilings/:partner", opsDiscounts.SetCeiling)
	operator.GET("/discounts", opsDiscounts.Index)
	operator.POST("/discounts/:id", opsDiscounts.Set)
	operator.POST("/discounts/:id/discounts/:discount/remove", opsDiscounts.Remove)
	operator.GET("/deposits", ops.Deposits)
	operator.POST("/deposits", ops.Deposit)
	operator.POST("/deposits/:id/reverse", ops.Reverse)
	operator.GET("/quotas", ops.Quotas)
	operator.POST("/quotas", ops.Grant)
	operator.POST("/quotas/:id/freeze", ops.QuotaStatus(models.QuotaFreeze))
	operator.POST("/quotas/:id/unfreeze", ops.QuotaStatus(models.QuotaUnfreeze))
	operator.POST("/quotas/:id/invalidate", ops.QuotaStatus(models.QuotaInvalidate))

	customer := web.Group("/customer", requireUser(models.CustomerUser))
	customer.GET("", portal.Show)
	customer.GET("/invitations/:token", portal.Invitation)
	customer.POST("/invitations/:token/accept", portal.Accept)
	customer.POST("/unbind", portal.Unbind)
	customer.POST("/password", portal.ChangePassword)
	customer.POST("/sessions/:id/end", portal.EndSession)
	customer.GET("/join", join.Apply)
	customer.POST("/join", join.SubmitApplication)
}
