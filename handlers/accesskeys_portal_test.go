package handlers

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/bss/v2/model"

	"partnerhub/models"
	"partnerhub/views"
)

const portalKeysPage = views.PathPortalAccessKeys

// createPortalKey submits the portal's create form with its one-time token.
func (c *client) createPortalKey() *response {
	c.t.Helper()
	page := c.get(portalKeysPage)
	idem, _ := page.Doc.Find(`[data-testid="create-key-form"] input[name="idem"]`).Attr("value")
	return c.post(portalKeysPage, portalKeysPage, url.Values{"idem": {idem}})
}

// TestPortalAccessKeys: a customer's own keys in the portal, by the partners' rules (the secret
// shown once, two enabled keys, disable, delete after a confirmation), and the key signs API calls
// as the customer; nobody else manages them.
func TestPortalAccessKeys(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("customer")
	r := c.get(portalKeysPage)
	if r.Status != http.StatusOK || r.count(`[data-testid="key-row"]`) != 0 || r.count(`[data-testid="api-docs"]`) != 0 ||
		!strings.Contains(r.Body, views.T(views.ZH, "keys.intro_customer")) || r.count(`nav a[href="/customer/access-keys"]`) == 0 {
		t.Fatalf("the empty list: status %d", r.Status)
	}
	r = c.createPortalKey()
	ak, sk := r.text(`[data-testid="access-key"]`), r.text(`[data-testid="secret-key"]`)
	if r.Status != http.StatusOK || !akPattern.MatchString(ak) || !skPattern.MatchString(sk) {
		t.Fatalf("create: status %d, AK %q", r.Status, ak)
	}
	if href, _ := r.Doc.Find(`[data-testid="secret-saved"]`).Attr("href"); href != portalKeysPage {
		t.Errorf("back to %q", href)
	}
	again := c.get(portalKeysPage)
	if strings.Contains(again.Body, sk) || keyRow(again, ak).Length() != 1 {
		t.Fatal("the secret is shown again, or the key is not listed")
	}
	k := keyByAK(t, app, ak)
	u := mustUser(t, app, "customer")
	if k.PartnerID != 0 || k.UserID != u.ID {
		t.Fatalf("key %+v", k)
	}
	// the key signs calls as the customer
	var cust models.Customer
	app.DB.First(&cust, *u.CustomerID)
	sdk := newSDK(t, app, ak, sk, cust.DomainID)
	if _, err := sdk.ListCustomerOrders(&model.ListCustomerOrdersRequest{}); err != nil {
		t.Fatalf("listing orders with the customer's key: %v", err)
	}
	_, err := sdk.ListSubCustomers(&model.ListSubCustomersRequest{Body: &model.QuerySubCustomerListReq{}})
	sdkError(t, err, http.StatusForbidden, "CBC.0151")

	if r := c.createPortalKey(); r.Status != http.StatusOK {
		t.Fatalf("a second key: %d", r.Status)
	}
	if r := c.createPortalKey(); r.Status != http.StatusUnprocessableEntity || r.text(`[data-testid="form-error"]`) != views.T(views.ZH, "err.too_many_keys") {
		t.Fatalf("a third enabled key: %d", r.Status)
	}
	action := func(verb string) *response {
		return c.post(portalKeysPage, fmt.Sprintf("%s/%d/%s", portalKeysPage, k.ID, verb), nil)
	}
	if r := action("disable"); r.Status != http.StatusSeeOther || r.Location != portalKeysPage || keyStatus(t, app, k.ID) != models.AccessKeyDisabled {
		t.Fatalf("disable: %d %q", r.Status, r.Location)
	}
	sdkError(t, func() error { _, err := sdk.ListCustomerOrders(&model.ListCustomerOrdersRequest{}); return err }(), http.StatusUnauthorized, "CBC.0154")
	confirm := action("delete/confirm")
	if confirm.Status != http.StatusOK || confirm.text(`[data-testid="confirm-key"]`) != ak {
		t.Fatalf("the delete confirmation: %d", confirm.Status)
	}
	if act, _ := confirm.Doc.Find(`form[action$="/delete"]`).Attr("action"); act != fmt.Sprintf("%s/%d/delete", portalKeysPage, k.ID) {
		t.Errorf("the confirmation posts to %q", act)
	}
	if r := action("delete"); r.Status != http.StatusSeeOther || keyStatus(t, app, k.ID) != "gone" {
		t.Fatalf("delete: %d", r.Status)
	}

	// the partner's admin neither sees nor touches the customer's keys; the customer not the partner's
	rest := keyByAK(t, app, c.get(portalKeysPage).text(`[data-testid="key-ak"]`))
	admin := app.client(t).login("provider")
	if r := admin.get("/partner/access-keys"); keyRow(r, rest.AccessKeyID).Length() != 0 {
		t.Error("the partner lists the customer's key")
	}
	if r := admin.post("/partner/access-keys", fmt.Sprintf("/partner/access-keys/%d/disable", rest.ID), nil); r.Status != http.StatusNotFound {
		t.Errorf("the partner disabling the customer's key: %d", r.Status)
	}
	if r := admin.get(portalKeysPage); r.Status != http.StatusForbidden {
		t.Errorf("the partner's admin on the portal's page: %d", r.Status)
	}
	if r := c.get("/partner/access-keys"); r.Status != http.StatusForbidden {
		t.Errorf("the customer on the partner's page: %d", r.Status)
	}
	if keyStatus(t, app, rest.ID) != models.AccessKeyActive {
		t.Error("the customer's other key changed")
	}
}
