package handlers

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"partnerhub/internal/badtext"
	"partnerhub/models"
)

// consoleField is one console form field that stores text: post sends the form with v in the field;
// rows counts what the form writes; stored reads back the value last kept.
type consoleField struct {
	form, field string
	kind        badtext.Kind
	rows        string
	good        string
	post        func(v string) *response
	stored      func() string
	refused     func(r *response) bool // how the page refuses a value; nil: a 4xx
}

// TestConsoleTextCorpus posts every string of the bad-text corpus in every console form field
// that stores text: each answer is a 4xx that writes nothing, or a 303 after storing it clean;
// never a 500.
func TestConsoleTextCorpus(t *testing.T) {
	t.Parallel()
	w := newTextWorld(t)
	for _, f := range w.forms() {
		t.Run(f.form+"/"+f.field, func(t *testing.T) {
			if r := f.post(f.good); r.Status != http.StatusSeeOther || f.stored() != f.good {
				t.Fatalf("the good value %q: %d, stored %q", f.good, r.Status, f.stored())
			}
			for _, c := range badtext.Corpus {
				before := dbValue[int64](t, w.app, f.rows)
				r := f.post(c.Value)
				after := dbValue[int64](t, w.app, f.rows)
				switch {
				case r.Status >= 500:
					t.Errorf("%s: %d", c.Name, r.Status)
				case after != before && r.Status != http.StatusSeeOther:
					t.Errorf("%s: %d, yet wrote %d rows", c.Name, r.Status, after-before)
				case after != before:
					if err := badtext.Check(f.stored(), f.kind); err != nil {
						t.Errorf("%s: stored %v", c.Name, err)
					}
				case f.refused != nil && !f.refused(r), f.refused == nil && (r.Status < 400 || r.Status > 499):
					t.Errorf("%s: wrote nothing, answered %d", c.Name, r.Status)
				}
			}
		})
	}
}

// textWorld is one demo world for all the forms, and the builders of what each form needs fresh.
type textWorld struct {
	t                         *testing.T
	app                       *testApp
	n                         int
	op, dist, prov, applicant *client
}

func newTextWorld(t *testing.T) *textWorld {
	app := newTestApp(t)
	return &textWorld{t: t, app: app, op: app.client(t).login("operator"), dist: app.client(t).login("distributor"),
		prov: app.client(t).login("provider"), applicant: app.client(t).login("applicant")}
}

func (w *textWorld) next() int { w.n++; return w.n }

func (w *textWorld) actor(username string) models.Actor {
	return models.ActorOf(mustUser(w.t, w.app, username), "test")
}

// last reads a text column of the newest row of table (where: more conditions).
func (w *textWorld) last(column, table, where string) func() string {
	return func() string {
		return dbString(w.t, w.app, "SELECT "+column+" FROM "+table+" WHERE 1=1 "+where+" ORDER BY id DESC LIMIT 1")
	}
}

// application files an application to join from a new verified enterprise's account.
func (w *textWorld) application() uint64 {
	n := w.next()
	c := &models.Customer{DomainID: fmt.Sprintf("%032x", 1<<40+n), AccountName: fmt.Sprintf("text-applicant-%d", n),
		RealName: fmt.Sprintf("文本测试企业%d", n), VerifiedStatus: models.Verified, CustomerType: models.CustomerCorp, CreatedAt: testNow}
	if err := w.app.DB.Create(c).Error; err != nil {
		w.t.Fatal(err)
	}
	u := &models.User{Username: c.AccountName, PasswordHash: "-", Kind: models.CustomerUser, CustomerID: &c.ID}
	if err := w.app.DB.Create(u).Error; err != nil {
		w.t.Fatal(err)
	}
	app, err := models.ApplyToJoin(context.Background(), w.app.DB, models.ActorOf(u, "test"), models.ApplicationInput{Contact: "13912345678"}, testNow)
	if err != nil {
		w.t.Fatal(err)
	}
	return app.ID
}

// join posts a sign-up form reached by a new invitation link, from a new visitor.
func (w *textWorld) join(link func() string, form url.Values) *response {
	path := link()
	return w.app.client(w.t).post(path, path, form)
}

func (w *textWorld) resellerLink() string {
	inv, err := models.InviteReseller(context.Background(), w.app.DB, w.actor("distributor"), "文本测试", "", testNow)
	if err != nil {
		w.t.Fatal(err)
	}
	return "/join/resellers/" + inv.Token
}

func (w *textWorld) memberLink() string {
	inv, err := models.InviteMember(context.Background(), w.app.DB, w.actor("distributor"),
		models.MemberInviteInput{By: models.InviteByEmail, Target: fmt.Sprintf("text%d@example.com", w.next()), Roles: models.Roles(models.RoleSales)}, testNow)
	if err != nil {
		w.t.Fatal(err)
	}
	return "/join/members/" + inv.Token
}

// formToken is a form's one-time token as the page renders it.
func formToken(t *testing.T, c *client, page, form string) string {
	t.Helper()
	v, ok := c.get(page).Doc.Find(form + ` input[name="idem"]`).First().Attr("value")
	if !ok {
		t.Fatalf("%s: no token in %s", page, form)
	}
	return v
}

func (w *textWorld) forms() []consoleField {
	name := func(max int) badtext.Kind { return badtext.Kind{Max: max, Name: true} }
	line := func(max int) badtext.Kind { return badtext.Kind{Max: max} }
	var app, cust uint64 // the application or customer the last post decided
	provider := fmt.Sprint(partnerID(w.t, w.app, "provider"))
	customer := dbValue[uint64](w.t, w.app, `SELECT customer_id FROM users WHERE username = 'customer'`)
	quota, _ := couponQuota(w.t, w.app, "provider", models.VoucherQuota)
	did := dbString(w.t, w.app, `SELECT domain_id FROM customers WHERE id = ?`, customer)
	return []consoleField{
		{"reseller invitation", "company", name(128), "SELECT COUNT(*) FROM reseller_invitations", "成都新云科技有限公司",
			func(v string) *response {
				return w.dist.post(resellersPath, "/partner/resellers/invitations", url.Values{"company": {v}})
			}, w.last("company_name", "reseller_invitations", ""), nil},
		{"reseller invitation", "email", name(128), "SELECT COUNT(*) FROM reseller_invitations", "ops@acme.example",
			func(v string) *response {
				return w.dist.post(resellersPath, "/partner/resellers/invitations", url.Values{"email": {v}})
			}, w.last("email", "reseller_invitations", ""), nil},
		{"reseller sign-up", "company", name(128), "SELECT COUNT(*) FROM partners", "成都新云科技有限公司",
			func(v string) *response {
				return w.join(w.resellerLink, url.Values{"company": {v}, "username": {fmt.Sprintf("text-reseller-%d", w.next())}, "password": {"long-password"}})
			}, w.last("name", "partners", ""), nil},
		{"reseller sign-up", "display_name", name(64), "SELECT COUNT(*) FROM users", "王小明",
			func(v string) *response {
				return w.join(w.resellerLink, url.Values{"company": {"文本测试"}, "username": {fmt.Sprintf("text-admin-%d", w.next())},
					"display_name": {v}, "password": {"long-password"}})
			}, w.last("display_name", "users", ""), nil},
		{"member sign-up", "display_name", name(64), "SELECT COUNT(*) FROM users", "李四",
			func(v string) *response {
				return w.join(w.memberLink, url.Values{"username": {fmt.Sprintf("text-member-%d", w.next())}, "display_name": {v}, "password": {"long-password"}})
			}, w.last("display_name", "users", ""), nil},
		{"member invitation", "target", name(128), "SELECT COUNT(*) FROM member_invitations", "new.member@example.com",
			func(v string) *response {
				return w.prov.post("/partner/members", "/partner/members/invitations", url.Values{"by": {"email"}, "target": {v}, "roles": {"sales"}})
			}, w.last("target", "member_invitations", ""), nil},
		w.applyForm("contact", name(models.MaxContactLen), "13912345678", func(v string) url.Values {
			return url.Values{"contact": {v}, "intro": {"我们做云迁移"}}
		}),
		w.applyForm("intro", badtext.Kind{Max: 1000, Multiline: true}, "我们做云迁移\n十年经验", func(v string) url.Values {
			return url.Values{"contact": {"13912345678"}, "intro": {v}}
		}),
		{"application approval", "note", line(200), "SELECT COUNT(*) FROM partners", "资料齐全",
			func(v string) *response {
				app = w.application()
				return w.op.post("/ops/applications", fmt.Sprintf("/ops/applications/%d/approve", app), url.Values{"note": {v}})
			}, func() string { return dbString(w.t, w.app, `SELECT note FROM partner_applications WHERE id = ?`, app) }, nil},
		{"application rejection", "reason", line(200), "SELECT COUNT(*) FROM partner_applications WHERE status = 'rejected'", "资料不全",
			func(v string) *response {
				app = w.application()
				return w.op.post("/ops/applications", fmt.Sprintf("/ops/applications/%d/reject", app), url.Values{"reason": {v}})
			}, func() string {
				return dbString(w.t, w.app, `SELECT reason FROM partner_applications WHERE id = ?`, app)
			}, nil},
		{"verification rejection", "reason", line(200), "SELECT COUNT(*) FROM audit_records WHERE action = 'customer.verification'", "证件模糊",
			func(v string) *response {
				c := &models.Customer{DomainID: fmt.Sprintf("%032x", 1<<41+w.next()), AccountName: fmt.Sprintf("text-review-%d", w.n),
					VerifiedStatus: models.UnderReview, CustomerType: models.CustomerCorp, CreatedAt: testNow}
				if err := w.app.DB.Create(c).Error; err != nil {
					w.t.Fatal(err)
				}
				cust = c.ID
				return w.op.post("/ops/verifications", fmt.Sprintf("/ops/verifications/%d/reject", cust), url.Values{"reason": {v}})
			}, func() string {
				var after struct{ Reason string }
				json.Unmarshal([]byte(dbString(w.t, w.app, `SELECT after FROM audit_records WHERE action = 'customer.verification' AND object_id = ?`, cust)), &after)
				return after.Reason
			}, nil},
		w.distributionForm(),
		{"deposit", "memo", line(256), "SELECT COUNT(*) FROM transfers WHERE kind = 'deposit'", "银行转账 BT20261123",
			func(v string) *response {
				return w.op.post("/ops/deposits", "/ops/deposits", url.Values{"partner": {provider}, "amount": {"1.00"}, "memo": {v},
					"idem": {formToken(w.t, w.op, "/ops/deposits?partner="+provider, `[data-testid="deposit-form"]`)}})
			}, w.last("memo", "transfers", "AND kind = 'deposit'"), nil},
		{"allocation", "memo", line(256), "SELECT COUNT(*) FROM transfers WHERE kind = 'allocate'", "十一月拨款",
			func(v string) *response {
				page := detailPath(customer)
				return w.prov.post(page, page+"/allocate", url.Values{"amount": {"0.01"}, "memo": {v},
					"idem": {formToken(w.t, w.prov, page, `[data-testid="allocate-form"]`)}})
			}, w.last("memo", "transfers", "AND kind = 'allocate'"), nil},
		{"coupon issue", "memo", line(256), "SELECT COUNT(*) FROM coupon_batches", "双十二",
			func(v string) *response {
				r := w.prov.post(issuePath, issuePath+"/preview", issueForm(quota, "1.00", did))
				confirm := url.Values{}
				r.Doc.Find(`[data-testid="confirm-form"] input[type="hidden"]`).Each(func(_ int, s *goquery.Selection) {
					confirm.Add(s.AttrOr("name", ""), s.AttrOr("value", ""))
				})
				if confirm.Get("idem") == "" {
					w.t.Fatalf("no confirmation: %d", r.Status)
				}
				confirm.Set("memo", v)
				return w.prov.do(http.MethodPost, issuePath, confirm)
			}, w.last("memo", "coupons", ""), nil},
		{"quota grant", "remark", line(256), "SELECT COUNT(*) FROM coupon_quotas", "2027 上半年伙伴激励",
			func(v string) *response {
				return w.op.post("/ops/quotas", "/ops/quotas", url.Values{"partner": {provider}, "type": {"0"}, "amount": {"1.00"},
					"from": {"2026-11-23"}, "to": {"2026-12-31"}, "remark": {v},
					"idem": {formToken(w.t, w.op, "/ops/quotas", `[data-testid="grant-form"]`)}})
			}, w.last("remark", "coupon_quotas", ""), nil},
		w.directoryForm("name", name(85), "成都云图数据有限公司"),
		w.directoryForm("address", badtext.Kind{Max: 85, Multiline: true}, "高新区天府大道 1 号\n2 栋"),
	}
}

// applyForm is the customer's application: one kept is rejected again, so that the next may be
// filed.
func (w *textWorld) applyForm(field string, kind badtext.Kind, good string, form func(string) url.Values) consoleField {
	return consoleField{"application", field, kind, "SELECT COUNT(*) FROM partner_applications", good,
		func(v string) *response {
			r := w.applicant.post("/customer/join", "/customer/join", form(v))
			var id uint64
			w.app.DB.Raw(`SELECT id FROM partner_applications WHERE status = 'pending'
				AND customer_id = (SELECT customer_id FROM users WHERE username = 'applicant')`).Row().Scan(&id)
			if id != 0 && r.Status == http.StatusSeeOther {
				if _, err := models.RejectApplication(context.Background(), w.app.DB, w.actor("operator"), id, "again", testNow); err != nil {
					w.t.Fatal(err)
				}
			}
			return r
		}, w.last(field, "partner_applications", ""), nil}
}

// distributionForm invites a network member, made for it, into the distribution program; an
// invitation kept is revoked, so that the next may be sent.
func (w *textWorld) distributionForm() consoleField {
	p, err := models.ApproveApplication(context.Background(), w.app.DB, w.actor("operator"), w.application(), "", testNow)
	if err != nil {
		w.t.Fatal(err)
	}
	page := fmt.Sprintf("/ops/partners/%d", p.ID)
	return consoleField{"distribution invitation", "note", badtext.Kind{Max: 200}, "SELECT COUNT(*) FROM distribution_invitations", "欢迎加入分销计划",
		func(v string) *response {
			r := w.op.post(page, page+"/distribution", url.Values{"note": {v}})
			var id uint64
			w.app.DB.Raw(`SELECT id FROM distribution_invitations WHERE partner_id = ? AND status = ?`, p.ID, models.DistributionPending).Row().Scan(&id)
			if id != 0 {
				if err := models.RevokeDistributionInvitation(context.Background(), w.app.DB, w.actor("operator"), id, testNow); err != nil {
					w.t.Fatal(err)
				}
			}
			return r
		}, w.last("note", "distribution_invitations", ""), nil}
}

// directoryForm uploads a one-row directory CSV with v in one column. A row refused is listed on
// the report (200); a file that is not UTF-8 is refused whole (422).
func (w *textWorld) directoryForm(column string, kind badtext.Kind, good string) consoleField {
	var code string
	return consoleField{"directory import", column, kind, "SELECT COUNT(*) FROM enterprises", good,
		func(v string) *response {
			row := map[string]string{"name": fmt.Sprintf("文本测试企业%d", w.next()), "established_on": "2019-04-01", "status": "active"}
			code = fmt.Sprintf("9151010%011d", w.n)
			row["credit_code"], row[column] = code, v
			var file bytes.Buffer
			cw := csv.NewWriter(&file)
			cw.Write(models.DirectoryColumns)
			rec := make([]string, len(models.DirectoryColumns))
			for i, c := range models.DirectoryColumns {
				rec[i] = row[c]
			}
			cw.Write(rec)
			cw.Flush()
			return w.upload(file.String())
		}, func() string {
			return dbString(w.t, w.app, "SELECT "+column+" FROM enterprises WHERE credit_code = ?", code)
		},
		func(r *response) bool {
			return r.Status == http.StatusUnprocessableEntity || r.Status == http.StatusOK && r.count(`[data-testid="rejected-row"]`) == 1
		}}
}

// upload posts a directory file as the operator; an import answers 200 with its report, so it
// counts here as kept (303) when the report rejected nothing.
func (w *textWorld) upload(content string) *response {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("_csrf", w.op.csrf("/ops/directory"))
	f, _ := mw.CreateFormFile("file", "dir.csv")
	io.WriteString(f, content)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, w.app.Srv.URL+"/ops/directory", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := w.op.http.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	r := &response{Status: res.StatusCode, Body: string(b)}
	r.Doc, _ = goquery.NewDocumentFromReader(bytes.NewReader(b))
	if r.Status == http.StatusOK && r.count(`[data-testid="rejected-row"]`) == 0 && r.count(`[data-testid="import-report"]`) == 1 {
		r.Status = http.StatusSeeOther
	}
	return r
}
