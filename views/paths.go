package views

import (
	"fmt"
	"strings"
)

// The console's page paths, named. handlers' route table registers each page under its name and
// carries who may open it; pages build their links from the same names (Path), and show a link
// only where Page.Can says it opens, so a menu and its route cannot disagree.
const (
	PathHome   = "/"
	PathLogin  = "/login"
	PathLogout = "/logout"

	PathJoinMember   = "/join/members/:token"
	PathJoinReseller = "/join/resellers/:token"

	PathCustomers       = "/sales/customers"
	PathCustomer        = "/sales/customers/:id"
	PathCustomerNew     = "/sales/customers/new"
	PathExpand          = "/sales/expand"
	PathEnterprise      = "/sales/expand/enterprises/:id"
	PathExpandInvites   = "/sales/expand/invitations"
	PathFunds           = "/business/funds"
	PathAdjustRecords   = "/business/funds/adjust-records"
	PathStatement       = "/business/funds/statement"
	PathResellerFunds   = "/business/funds/resellers"
	PathQuotas          = "/business/coupons"
	PathQuota           = "/business/coupons/quotas/:id"
	PathIssued          = "/business/coupons/issued"
	PathCoupon          = "/business/coupons/issued/:id"
	PathCouponRecords   = "/business/coupons/records"
	PathResellerQuotas  = "/business/coupons/reseller-quotas"
	PathQuotaRecords    = "/business/coupons/reseller-quotas/records"
	PathIssue           = "/business/coupons/issue"
	PathIssueResult     = "/business/coupons/issues/:id"
	PathProfile         = "/partner/profile"
	PathMembers         = "/partner/members"
	PathResellers       = "/partner/resellers"
	PathReseller        = "/partner/resellers/:id"
	PathPartnerAudit    = "/partner/audit"
	PathPartnerAuditCSV = "/partner/audit.csv"
	PathAccessKeys      = "/partner/access-keys"
	PathAPI             = "/partner/api"

	PathOps           = "/ops"
	PathApplications  = "/ops/applications"
	PathOpsPartners   = "/ops/partners"
	PathOpsPartner    = "/ops/partners/:id"
	PathVerifications = "/ops/verifications"
	PathDirectory     = "/ops/directory"
	// PathDirectoryTemplate is the directory CSV's template to download.
	PathDirectoryTemplate = "/ops/directory/template.csv"
	PathOpsAudit          = "/ops/audit"
	PathOpsAuditCSV       = "/ops/audit.csv"
	PathDeposits          = "/ops/deposits"
	PathOpsAdjust         = "/ops/bills/adjust"
	PathOpsQuotas         = "/ops/quotas"
	PathOpsCatalog        = "/ops/catalog"
	PathOpsCeilings       = "/ops/catalog/ceilings"
	PathOpsDiscounts      = "/ops/discounts"

	PathPriceInquiry = "/orders/price-inquiry"
	PathResources    = "/orders/resources"
	PathOrders       = "/orders"
	PathOrder        = "/orders/:id"

	PathPortal           = "/customer"
	PathPortalInvitation = "/customer/invitations/:token"
	PathPortalJoin       = "/customer/join"
	PathPortalAccessKeys = "/customer/access-keys"
	PathPortalResources  = "/customer/resources"
	PathTopup            = "/customer/topup"
	PathTopupReturn      = "/customer/topup/return"

	// The simulated payment gateway's page (handlers/gateway_sim.go), which a real gateway's site
	// replaces.
	PathGatewaySimPay = "/gateway/sim/pay"
	PathPortalOrders  = "/customer/orders"
	PathPortalOrder   = "/customer/orders/:id"
	PathPortalCoupons = "/customer/coupons"
	PathPortalBills   = "/customer/bills"

	// Bills (客户月度消费账单): a cycle's customers, a customer's bill, its printable statement.
	PathBills         = "/bills"
	PathBillsCSV      = "/bills/export.csv"
	PathBill          = "/bills/:id"
	PathBillRecords   = "/bills/:id/records.csv"
	PathBillStatement = "/bills/:id/statement"
)

// Path fills a route pattern's :parameters in order: Path(PathCustomer, 301) is
// "/sales/customers/301". A missing argument leaves the parameter as it is (a test catches it).
func Path(pattern string, args ...any) string {
	segs := strings.Split(pattern, "/")
	for i, s := range segs {
		if strings.HasPrefix(s, ":") && len(args) > 0 {
			segs[i], args = fmt.Sprint(args[0]), args[1:]
		}
	}
	return strings.Join(segs, "/")
}
