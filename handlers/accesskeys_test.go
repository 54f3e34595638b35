package handlers

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"partnerhub/models"
	"partnerhub/views"
)

const keysPage = "/partner/access-keys"

var (
	akPattern = regexp.MustCompile(`^[A-Z0-9]{20}$`)
	skPattern = regexp.MustCompile(`^[A-Za-z0-9]{40}$`)
)

// createKey submits the create form, with its CSRF and one-time tokens, and returns the response
// with its headers.
func (c *client) createKey() (*response, http.Header) {
	c.t.Helper()
	page := c.get(keysPage)
	csrf, _ := page.Doc.Find(`input[name="_csrf"]`).First().Attr("value")
	idem, _ := page.Doc.Find(`[data-testid="create-key-form"] input[name="idem"]`).Attr("value")
	return c.submitKeyForm(url.Values{"_csrf": {csrf}, "idem": {idem}})
}

func (c *client) submitKeyForm(form url.Values) (*response, http.Header) {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.app.Srv.URL+keysPage, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	var buf bytes.Buffer
	buf.ReadFrom(res.Body)
	r := &response{Status: res.StatusCode, Location: res.Header.Get("Location"), Body: buf.String()}
	r.Doc, _ = goquery.NewDocumentFromReader(bytes.NewReader(buf.Bytes()))
	return r, res.Header
}

// mustCreateKey creates a key and returns its AK and SK as the page shows them.
func (c *client) mustCreateKey() (ak, sk string) {
	c.t.Helper()
	r, _ := c.createKey()
	if r.Status != http.StatusOK {
		c.t.Fatalf("create key: status %d: %s", r.Status, r.text(`[data-testid="form-error"]`))
	}
	return r.text(`[data-testid="access-key"]`), r.text(`[data-testid="secret-key"]`)
}

func keyByAK(t *testing.T, app *testApp, ak string) models.AccessKey {
	t.Helper()
	var k models.AccessKey
	if err := app.DB.Where("access_key_id = ?", ak).First(&k).Error; err != nil {
		t.Fatalf("key %s: %v", ak, err)
	}
	return k
}

func keyStatus(t *testing.T, app *testApp, id uint64) string {
	t.Helper()
	var st []string
	app.DB.Model(&models.AccessKey{}).Where("id = ?", id).Pluck("status", &st)
	if len(st) == 0 {
		return "gone"
	}
	return st[0]
}

func audits(t *testing.T, app *testApp, action string) int64 {
	t.Helper()
	var n int64
	app.DB.Model(&models.AuditRecord{}).Where("action = ? AND object_type = ?", action, "access_key").Count(&n)
	return n
}

// keyRow is the list row of the key with AK ak.
func keyRow(r *response, ak string) *goquery.Selection {
	return r.Doc.Find(`[data-testid="key-row"]`).FilterFunction(func(_ int, s *goquery.Selection) bool {
		return strings.TrimSpace(s.Find(`[data-testid="key-ak"]`).Text()) == ak
	})
}

func TestAccessKeyCreateShowsSecretOnce(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("provider")
	r := c.get(keysPage)
	if r.Status != http.StatusOK || r.count(`[data-testid="new-key"]`) != 0 || r.count(`[data-testid="key-row"]`) != 0 {
		t.Fatalf("empty list: status %d", r.Status)
	}
	if href, _ := r.Doc.Find(`[data-testid="api-docs"]`).Attr("href"); href != "/partner/api" {
		t.Errorf("API docs link %q", href)
	}
	if r.count(`.side a[href="/partner/access-keys"].active`) != 1 || r.count(`.side a[href="/partner/api"]`) != 1 {
		t.Error("the Partner sub-menu is missing")
	}

	r, h := c.createKey()
	if r.Status != http.StatusOK || r.Location != "" {
		t.Fatalf("create: status %d, location %q", r.Status, r.Location)
	}
	if cc := h.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q, want no-store", cc)
	}
	ak, sk := r.text(`[data-testid="access-key"]`), r.text(`[data-testid="secret-key"]`)
	if !akPattern.MatchString(ak) || !skPattern.MatchString(sk) {
		t.Fatalf("AK %q, SK %q", ak, sk)
	}
	if v, _ := r.Doc.Find(`[data-testid="secret-key"]`).Attr("class"); !strings.Contains(v, "copy-src") ||
		r.count(`[data-testid="new-key"] [data-copy]`) != 2 {
		t.Error("AK and SK lack their copy buttons")
	}
	if !strings.Contains(r.text(`[data-testid="new-key"]`), views.T(views.ZH, "keys.once")) {
		t.Error("no warning that the secret is shown once")
	}
	row := keyRow(r, ak)
	if row.Length() != 1 || !row.HasClass("highlight") {
		t.Fatalf("the new key's row is missing or not highlighted")
	}

	k := keyByAK(t, app, ak)
	if bytes.Contains(k.Secret, []byte(sk)) || string(k.Secret) == sk {
		t.Error("the secret is stored in plain text")
	}
	if plain, err := testSealer(t).Open(k.Secret, []byte(ak)); err != nil || string(plain) != sk {
		t.Errorf("the stored secret does not open to the one shown: %v", err)
	}
	if k.Status != models.AccessKeyActive || k.PartnerID != partnerID(t, app, "provider") {
		t.Errorf("key %+v", k)
	}

	again := c.get(keysPage)
	if again.Status != http.StatusOK || strings.Contains(again.Body, sk) || again.count(`[data-testid="secret-key"]`) != 0 {
		t.Fatal("the secret is shown a second time")
	}
	row = keyRow(again, ak)
	if row.Length() != 1 {
		t.Fatal("the key is not listed")
	}
	text := row.Text()
	for _, want := range []string{"孙丽（伙伴管理员）", "已启用", "从未使用", views.DateTime(testNow)} {
		if !strings.Contains(text, want) {
			t.Errorf("row %q lacks %q", text, want)
		}
	}
	del, _ := row.Find(`[data-testid="delete"]`).Closest("form").Attr("action")
	if row.Find(`[data-testid="disable"]`).Length() != 1 || row.Find(`[data-confirm]`).Length() != 0 || !strings.HasSuffix(del, "/delete/confirm") {
		t.Errorf("disable and delete are not confirmed (delete posts to %q)", del)
	}

	var rec models.AuditRecord
	app.DB.Where("action = ? AND object_id = ?", "access_key.create", k.ID).First(&rec)
	if rec.ID == 0 || strings.Contains(rec.After, sk) || !strings.Contains(rec.After, ak) {
		t.Errorf("audit record %+v", rec)
	}

	used := testNow.Add(3 * time.Hour)
	app.DB.Model(&models.AccessKey{}).Where("id = ?", k.ID).Update("last_used_at", used)
	if got := keyRow(c.get(keysPage), ak).Find(`[data-testid="key-last-used"]`).Text(); strings.TrimSpace(got) != views.DateTime(used) {
		t.Errorf("last used %q, want %q", got, views.DateTime(used))
	}
}

func TestAccessKeyLifecycle(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("provider")
	ak1, _ := c.mustCreateKey()
	ak2, _ := c.mustCreateKey()
	k1, k2 := keyByAK(t, app, ak1), keyByAK(t, app, ak2)

	r, _ := c.createKey()
	if r.Status != http.StatusUnprocessableEntity || r.count(`[data-testid="new-key"]`) != 0 {
		t.Fatalf("third enabled key: status %d", r.Status)
	}
	if got, want := r.text(`[data-testid="form-error"]`), views.T(views.ZH, "err.too_many_keys"); got != want {
		t.Errorf("limit message %q, want %q", got, want)
	}
	var n int64
	app.DB.Model(&models.AccessKey{}).Count(&n)
	if n != 2 || r.count(`[data-testid="key-row"]`) != 2 {
		t.Errorf("%d keys after the refused third", n)
	}

	action := func(id uint64, verb string) *response {
		return c.post(keysPage, fmt.Sprintf("%s/%d/%s", keysPage, id, verb), nil)
	}
	if r := action(k1.ID, "disable"); r.Status != http.StatusSeeOther || r.Location != keysPage {
		t.Fatalf("disable: %d %q", r.Status, r.Location)
	}
	if st := keyStatus(t, app, k1.ID); st != models.AccessKeyDisabled {
		t.Fatalf("after disable: %s", st)
	}
	list := c.get(keysPage)
	if list.text(`[data-testid="flash"]`) != views.T(views.ZH, "keys.disabled_ok") ||
		strings.TrimSpace(keyRow(list, ak1).Find(`[data-testid="key-status"]`).Text()) != "已停用" ||
		keyRow(list, ak1).Find(`[data-testid="enable"]`).Length() != 1 {
		t.Error("the list does not show the key disabled")
	}

	ak3, _ := c.mustCreateKey() // one slot is free again
	k3 := keyByAK(t, app, ak3)
	if r := action(k1.ID, "enable"); r.Status != http.StatusSeeOther || r.Location != keysPage {
		t.Fatalf("enable over the limit: %d %q", r.Status, r.Location)
	}
	list = c.get(keysPage)
	if got := list.Doc.Find(`.flash-error[data-testid="flash"]`).Text(); got != views.T(views.ZH, "err.too_many_keys") {
		t.Errorf("enable over the limit: flash %q", got)
	}
	if st := keyStatus(t, app, k1.ID); st != models.AccessKeyDisabled {
		t.Errorf("enabled over the limit: %s", st)
	}

	if r := action(k3.ID, "delete"); r.Status != http.StatusSeeOther || r.Location != keysPage {
		t.Fatalf("delete: %d %q", r.Status, r.Location)
	}
	if st := keyStatus(t, app, k3.ID); st != "gone" {
		t.Errorf("after delete: %s", st)
	}
	list = c.get(keysPage)
	if keyRow(list, ak3).Length() != 0 || list.text(`[data-testid="flash"]`) != views.T(views.ZH, "keys.deleted_ok") {
		t.Error("the deleted key is still listed")
	}
	if r := action(k1.ID, "enable"); r.Status != http.StatusSeeOther || keyStatus(t, app, k1.ID) != models.AccessKeyActive {
		t.Errorf("enable within the limit: %d, %s", r.Status, keyStatus(t, app, k1.ID))
	}
	if keyStatus(t, app, k2.ID) != models.AccessKeyActive {
		t.Error("another key changed")
	}

	for action, want := range map[string]int64{"access_key.create": 3, "access_key.disabled": 1, "access_key.active": 1, "access_key.delete": 1} {
		if got := audits(t, app, action); got != want {
			t.Errorf("%d audit records %s, want %d", got, action, want)
		}
	}
	var rec models.AuditRecord
	app.DB.Where("action = ? AND object_id = ?", "access_key.disabled", k1.ID).First(&rec)
	if !strings.Contains(rec.Before, `"status":"active"`) || !strings.Contains(rec.After, `"status":"disabled"`) {
		t.Errorf("disable audit before %s after %s", rec.Before, rec.After)
	}
}

func TestAccessKeyForbidden(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	admin := app.client(t).login("provider")
	ak, _ := admin.mustCreateKey()
	k := keyByAK(t, app, ak)
	for _, user := range []string{"provider-sales", "provider-viewer", "provider-finance", "operator", "customer"} {
		c := app.client(t).login(user)
		home := "/"
		if user == "customer" {
			home = "/customer"
		}
		r := c.get(home)
		if strings.Contains(r.Body, `href="/partner/access-keys"`) || strings.Contains(c.get("/partner/profile").Body, `href="/partner/access-keys"`) {
			t.Errorf("%s sees the access keys menu", user)
		}
		if s := c.get(keysPage).Status; s != http.StatusForbidden {
			t.Errorf("%s GET: %d", user, s)
		}
		if r := c.post(home, keysPage, nil); r.Status != http.StatusForbidden || strings.Contains(r.Body, "secret-key") {
			t.Errorf("%s create: %d", user, r.Status)
		}
		for _, verb := range []string{"disable", "enable", "delete"} {
			if s := c.post(home, fmt.Sprintf("%s/%d/%s", keysPage, k.ID, verb), nil).Status; s != http.StatusForbidden {
				t.Errorf("%s %s: %d", user, verb, s)
			}
		}
	}
	var n int64
	app.DB.Model(&models.AccessKey{}).Count(&n)
	if n != 1 || keyStatus(t, app, k.ID) != models.AccessKeyActive {
		t.Errorf("non-admins changed keys: %d keys, status %s", n, keyStatus(t, app, k.ID))
	}
	if r := app.client(t).get(keysPage); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/login") {
		t.Errorf("visitor: %d %q", r.Status, r.Location)
	}
}

func TestAccessKeyOtherPartner(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	dist := app.client(t).login("distributor")
	ak, _ := dist.mustCreateKey()
	k := keyByAK(t, app, ak)
	c := app.client(t).login("provider")
	if keyRow(c.get(keysPage), ak).Length() != 0 {
		t.Error("the provider sees the distributor's key")
	}
	for _, verb := range []string{"disable", "enable", "delete"} {
		for _, id := range []string{fmt.Sprint(k.ID), "abc", "0", "-1", "99999999999999999999"} {
			r := c.post(keysPage, keysPage+"/"+id+"/"+verb, nil)
			if r.Status != http.StatusNotFound {
				t.Errorf("%s %s: %d", verb, id, r.Status)
			}
		}
	}
	if keyStatus(t, app, k.ID) != models.AccessKeyActive {
		t.Error("the provider changed the distributor's key")
	}
	if r := dist.get(keysPage); keyRow(r, ak).Length() != 1 || !strings.Contains(keyRow(r, ak).Text(), "赵总") {
		t.Error("the distributor does not see its key")
	}
}

func TestAccessKeyCSRF(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("provider")
	ak, _ := c.mustCreateKey()
	k := keyByAK(t, app, ak)
	for _, form := range []url.Values{{}, {"_csrf": {"forged"}}} {
		if r := c.do(http.MethodPost, keysPage, form); r.Status != http.StatusForbidden {
			t.Errorf("create with %v: %d", form, r.Status)
		}
		for _, verb := range []string{"disable", "delete"} {
			if r := c.do(http.MethodPost, fmt.Sprintf("%s/%d/%s", keysPage, k.ID, verb), form); r.Status != http.StatusForbidden {
				t.Errorf("%s with %v: %d", verb, form, r.Status)
			}
		}
	}
	var n int64
	app.DB.Model(&models.AccessKey{}).Count(&n)
	if n != 1 || keyStatus(t, app, k.ID) != models.AccessKeyActive {
		t.Errorf("a request without the CSRF token changed keys: %d keys", n)
	}
}

// A refreshed or double-clicked create form creates one key, and says why the second made none.
func TestAccessKeyFormCreatesOnce(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	c := app.client(t).login("provider")
	page := c.get(keysPage)
	csrf, _ := page.Doc.Find(`input[name="_csrf"]`).First().Attr("value")
	idem, _ := page.Doc.Find(`[data-testid="create-key-form"] input[name="idem"]`).Attr("value")
	form := url.Values{"_csrf": {csrf}, "idem": {idem}}
	if r, _ := c.submitKeyForm(form); r.Status != http.StatusOK || r.count(`[data-testid="secret-key"]`) != 1 {
		t.Fatalf("first submission: %d", r.Status)
	}
	r, _ := c.submitKeyForm(form)
	if r.Status != http.StatusOK || r.count(`[data-testid="secret-key"]`) != 0 || r.count(`[data-testid="form-error"]`) != 1 {
		t.Fatalf("the re-submitted form: %d, secret shown %d", r.Status, r.count(`[data-testid="secret-key"]`))
	}
	var n int64
	app.DB.Model(&models.AccessKey{}).Count(&n)
	if n != 1 {
		t.Errorf("%d keys after a re-submitted form, want 1", n)
	}
	if r, _ := c.submitKeyForm(url.Values{"_csrf": {csrf}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("a form without its token: %d", r.Status)
	}
}
