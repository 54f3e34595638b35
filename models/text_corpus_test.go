package models

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"gorm.io/gorm"

	"partnerhub/internal/badtext"
)

// storedText is one field a use case keeps: what it may hold, the rows the use case writes
// (unchanged when it refuses), a value it keeps as is, and run, which calls the use case with v
// in that field and reads back what it stored.
type storedText struct {
	useCase, field string
	kind           badtext.Kind
	rows           string // SELECT COUNT(*) of what the use case writes
	good           string
	run            func(t *testing.T, v string) (string, error)
}

// TestStoredTextCorpus drives every string of the bad-text corpus through every use case and field
// that stores text: each is refused with a CBC.0100 error (naming the field when it is a
// FieldError) and writes nothing, or is stored clean.
func TestStoredTextCorpus(t *testing.T) {
	t.Parallel()
	w := newTextWorld(t)
	for _, f := range w.fields(t) {
		t.Run(f.useCase+"/"+f.field, func(t *testing.T) {
			if got, err := f.run(t, f.good); err != nil || got != f.good {
				t.Fatalf("the good value %q: stored %q, %v", f.good, got, err)
			}
			for _, c := range badtext.Corpus {
				before := count(t, w.db, f.rows)
				got, err := f.run(t, c.Value)
				if err == nil {
					if cerr := badtext.Check(got, f.kind); cerr != nil {
						t.Errorf("%s: stored %v", c.Name, cerr)
					}
					continue
				}
				var me *Error
				var fe *FieldError
				switch {
				case !errors.As(err, &me) || CodeOf(err) != "CBC.0100":
					t.Errorf("%s: %v is not a refusal of the input", c.Name, err)
				case errors.As(err, &fe) && fe.Field != f.field:
					t.Errorf("%s: %v names %q", c.Name, err, fe.Field)
				}
				if n := count(t, w.db, f.rows); n != before {
					t.Errorf("%s: refused (%v) but wrote %d rows", c.Name, err, n-before)
				}
			}
		})
	}
}

// textWorld is the demo world the corpus runs in, one copy for all the fields.
type textWorld struct {
	db                *gorm.DB
	n                 int // for unique names
	op, dist, prov    Actor
	applicant         Actor
	customer          *Customer // a consignment customer of the provider
	voucher, distQuot uint64    // the provider's voucher quota; the distributor's
	reseller          *Partner
}

func newTextWorld(t *testing.T) *textWorld {
	db := demoCopy(t)
	w := &textWorld{db: db, op: actor(t, db, "operator"), dist: actor(t, db, "distributor"), prov: actor(t, db, "provider"),
		applicant: actor(t, db, "applicant"), customer: customerOfUser(t, db, "customer"), reseller: partnerByAccount(t, db, "reseller")}
	w.voucher = w.quotaOf(t, w.prov.PartnerID)
	w.distQuot = w.quotaOf(t, w.dist.PartnerID)
	return w
}

func (w *textWorld) next() int { w.n++; return w.n }

func (w *textWorld) quotaOf(t *testing.T, partnerID uint64) uint64 {
	var q CouponQuota
	if err := w.db.Where("partner_id = ? AND parent_id IS NULL AND type = ?", partnerID, VoucherQuota).Order("id").First(&q).Error; err != nil {
		t.Fatal(err)
	}
	return q.ID
}

// stored reads one text column.
func (w *textWorld) stored(t *testing.T, sql string, args ...any) string {
	t.Helper()
	var s string
	if err := w.db.Raw(sql, args...).Row().Scan(&s); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return s
}

// application files an application to join from a new verified enterprise's account.
func (w *textWorld) application(t *testing.T) *PartnerApplication {
	t.Helper()
	n := w.next()
	c := &Customer{DomainID: randomHex(16), AccountName: fmt.Sprintf("text-applicant-%d", n), RealName: fmt.Sprintf("文本测试企业%d", n),
		VerifiedStatus: Verified, CustomerType: CustomerCorp, CreatedAt: testNow}
	if err := w.db.Create(c).Error; err != nil {
		t.Fatal(err)
	}
	u := fastUser(t, w.db, User{Username: c.AccountName, Kind: CustomerUser, CustomerID: &c.ID}, "long-password")
	app, err := ApplyToJoin(bg, w.db, ActorOf(u, "test"), ApplicationInput{Contact: "13912345678"}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	return app
}

func (w *textWorld) resellerInvitation(t *testing.T) *ResellerInvitation {
	t.Helper()
	inv, err := InviteReseller(bg, w.db, w.dist, "文本测试", "", testNow)
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

// fields lists every use case and field that stores text.
func (w *textWorld) fields(t *testing.T) []storedText {
	name := func(max int) badtext.Kind { return badtext.Kind{Max: max, Name: true} }
	line := func(max int) badtext.Kind { return badtext.Kind{Max: max} }
	return []storedText{
		{"InviteReseller", "company", name(128), "SELECT COUNT(*) FROM reseller_invitations", "成都新云科技有限公司",
			func(t *testing.T, v string) (string, error) {
				inv, err := InviteReseller(bg, w.db, w.dist, v, "", testNow)
				if err != nil {
					return "", err
				}
				return w.stored(t, "SELECT company_name FROM reseller_invitations WHERE id = ?", inv.ID), nil
			}},
		{"InviteReseller", "email", name(128), "SELECT COUNT(*) FROM reseller_invitations", "ops@acme.example",
			func(t *testing.T, v string) (string, error) {
				inv, err := InviteReseller(bg, w.db, w.dist, "", v, testNow)
				if err != nil {
					return "", err
				}
				return w.stored(t, "SELECT email FROM reseller_invitations WHERE id = ?", inv.ID), nil
			}},
		{"AcceptResellerInvitation", "company", name(128), "SELECT COUNT(*) FROM partners", "成都新云科技有限公司",
			func(t *testing.T, v string) (string, error) {
				in := NewReseller{CompanyName: v, Admin: NewSignIn{Username: fmt.Sprintf("text-reseller-%d", w.next()), Password: "long-password"}}
				p, err := AcceptResellerInvitation(bg, w.db, Actor{}, w.resellerInvitation(t).Token, in, testNow)
				if err != nil {
					return "", err
				}
				return w.stored(t, "SELECT name FROM partners WHERE id = ?", p.ID), nil
			}},
		{"AcceptResellerInvitation", "display_name", name(64), "SELECT COUNT(*) FROM users", "王小明",
			func(t *testing.T, v string) (string, error) {
				in := NewReseller{CompanyName: "文本测试", Admin: NewSignIn{Username: fmt.Sprintf("text-admin-%d", w.next()), DisplayName: v, Password: "long-password"}}
				p, err := AcceptResellerInvitation(bg, w.db, Actor{}, w.resellerInvitation(t).Token, in, testNow)
				if err != nil {
					return "", err
				}
				return w.stored(t, "SELECT display_name FROM users WHERE partner_id = ?", p.ID), nil
			}},
		{"AcceptMemberInvitation", "display_name", name(64), "SELECT COUNT(*) FROM users", "李四",
			func(t *testing.T, v string) (string, error) {
				n := w.next()
				inv, err := InviteMember(bg, w.db, w.dist, MemberInviteInput{By: InviteByEmail, Target: fmt.Sprintf("text%d@example.com", n), Roles: Roles(RoleSales)}, testNow)
				if err != nil {
					t.Fatal(err)
				}
				u, err := AcceptMemberInvitation(bg, w.db, Actor{}, inv.Token, NewSignIn{Username: fmt.Sprintf("text-member-%d", n), DisplayName: v, Password: "long-password"}, testNow)
				if err != nil {
					return "", err
				}
				return w.stored(t, "SELECT display_name FROM users WHERE id = ?", u.ID), nil
			}},
		{"InviteMember", "target", name(128), "SELECT COUNT(*) FROM member_invitations", "new.member@example.com",
			func(t *testing.T, v string) (string, error) {
				inv, err := InviteMember(bg, w.db, w.prov, MemberInviteInput{By: InviteByEmail, Target: v, Roles: Roles(RoleSales)}, testNow)
				if err != nil {
					return "", err
				}
				return w.stored(t, "SELECT target FROM member_invitations WHERE id = ?", inv.ID), nil
			}},
		w.applyField("contact", name(MaxContactLen), "13912345678", func(v string) ApplicationInput { return ApplicationInput{Contact: v} }),
		w.applyField("intro", badtext.Kind{Max: 1000, Multiline: true}, "我们做云迁移\n十年经验",
			func(v string) ApplicationInput { return ApplicationInput{Contact: "13912345678", Intro: v} }),
		{"ApproveApplication", "note", line(200), "SELECT COUNT(*) FROM partners", "资料齐全",
			func(t *testing.T, v string) (string, error) {
				app := w.application(t)
				if _, err := ApproveApplication(bg, w.db, w.op, app.ID, v, testNow); err != nil {
					return "", err
				}
				return w.stored(t, "SELECT note FROM partner_applications WHERE id = ?", app.ID), nil
			}},
		{"RejectApplication", "reason", line(200), "SELECT COUNT(*) FROM partner_applications WHERE status = 'rejected'", "资料不全",
			func(t *testing.T, v string) (string, error) {
				app := w.application(t)
				if _, err := RejectApplication(bg, w.db, w.op, app.ID, v, testNow); err != nil {
					return "", err
				}
				return w.stored(t, "SELECT reason FROM partner_applications WHERE id = ?", app.ID), nil
			}},
		{"ReviewVerification", "reason", line(200), "SELECT COUNT(*) FROM audit_records WHERE action = 'customer.verification'", "证件模糊",
			w.rejectVerification},
		{"InviteToDistribution", "note", line(200), "SELECT COUNT(*) FROM distribution_invitations", "欢迎加入分销计划",
			w.inviteToDistribution(t)},
		{"Deposit", "memo", line(256), "SELECT COUNT(*) FROM transfers WHERE kind = 'deposit'", "银行转账 BT20261123",
			func(t *testing.T, v string) (string, error) {
				tr, err := Deposit(bg, w.db, w.op, w.prov.PartnerID, FundsInput{Amount: Fen(100), Memo: v}, testNow)
				if err != nil {
					return "", err
				}
				return w.stored(t, "SELECT memo FROM transfers WHERE id = ?", tr.ID), nil
			}},
		{"ReverseDeposit", "memo", line(256), "SELECT COUNT(*) FROM transfers WHERE kind = 'deposit_reversal'", "冲正",
			func(t *testing.T, v string) (string, error) {
				dep, err := Deposit(bg, w.db, w.op, w.prov.PartnerID, FundsInput{Amount: Fen(100)}, testNow)
				if err != nil {
					t.Fatal(err)
				}
				tr, err := ReverseDeposit(bg, w.db, w.op, dep.ID, v, testNow)
				if err != nil {
					return "", err
				}
				return w.stored(t, "SELECT memo FROM transfers WHERE id = ?", tr.ID), nil
			}},
		{"Allocate", "memo", line(256), "SELECT COUNT(*) FROM transfers WHERE kind = 'allocate'", "十一月拨款",
			func(t *testing.T, v string) (string, error) {
				tr, err := Allocate(bg, w.db, w.prov, w.customer.ID, FundsInput{Amount: Fen(1), Memo: v}, testNow)
				if err != nil {
					return "", err
				}
				return w.stored(t, "SELECT memo FROM transfers WHERE id = ?", tr.ID), nil
			}},
		{"IssueCoupons", "memo", line(256), "SELECT COUNT(*) FROM coupon_batches", "双十一活动",
			func(t *testing.T, v string) (string, error) {
				out, err := IssueCoupons(bg, w.db, w.prov, IssueInput{QuotaID: w.voucher, Customers: []string{w.customer.DomainID}, FaceValue: Fen(100), Memo: v}, testNow)
				if err != nil {
					return "", err
				}
				return w.stored(t, "SELECT memo FROM coupons WHERE id = ?", out.Results[0].Coupon.ID), nil
			}},
		{"IssueCoupons", "customer_ids", name(64), "SELECT COUNT(*) FROM coupon_batches", w.customer.DomainID,
			func(t *testing.T, v string) (string, error) {
				out, err := IssueCoupons(bg, w.db, w.prov, IssueInput{QuotaID: w.voucher, Customers: []string{v}, FaceValue: Fen(100)}, testNow)
				if err != nil {
					return "", err
				}
				return w.stored(t, "SELECT customer_d_id FROM coupon_records WHERE batch_id = ?", out.Batch.ID), nil
			}},
		{"GrantQuota", "remark", line(256), "SELECT COUNT(*) FROM coupon_quotas", "2027 上半年伙伴激励",
			func(t *testing.T, v string) (string, error) {
				q, err := GrantQuota(bg, w.db, w.op, GrantInput{PartnerID: w.prov.PartnerID, Type: VoucherQuota, Amount: Fen(100),
					EffectiveAt: testNow, ExpireAt: testNow.AddDate(0, 1, 0), Remark: v}, testNow)
				if err != nil {
					return "", err
				}
				return w.stored(t, "SELECT remark FROM coupon_quotas WHERE id = ?", q.ID), nil
			}},
		{"GiveQuotaOnce", "memo", line(256), "SELECT COUNT(*) FROM coupon_quotas WHERE parent_id IS NOT NULL", "十二月渠道激励",
			func(t *testing.T, v string) (string, error) {
				given, err := GiveQuotaOnce(bg, w.db, w.dist, "", w.distQuot, []uint64{w.reseller.ID}, Fen(100), v, testNow)
				if err != nil {
					return "", err
				}
				if given[0].Err != nil {
					t.Fatal(given[0].Err)
				}
				return w.stored(t, "SELECT remark FROM coupon_quotas WHERE id = ?", given[0].Child.ID), nil
			}},
		{"ReclaimQuotas", "remark", line(256), "SELECT COUNT(*) FROM quota_records WHERE kind = 'child_reclaim'", "季度回收",
			func(t *testing.T, v string) (string, error) {
				given, err := GiveQuota(bg, w.db, w.dist, w.distQuot, []uint64{w.reseller.ID}, Fen(100), testNow)
				if err != nil || given[0].Err != nil {
					t.Fatal(err, given)
				}
				child := given[0].Child.ID
				if _, err := ReclaimQuotas(bg, w.db, w.dist, []uint64{child}, v, testNow); err != nil {
					return "", err
				}
				return w.stored(t, "SELECT remark FROM quota_records WHERE kind = 'child_reclaim' AND quota_id = ?", child), nil
			}},
		w.subCustomerField("xaccount_id", "crm-0001", func(in *SubCustomerInput, v string) { in.XAccountID = v }),
		w.subCustomerField("xaccount_type", "partnerhub_crm", func(in *SubCustomerInput, v string) { in.XAccountType = v }),
		w.subCustomerField("mobile_phone", "13912345678", func(in *SubCustomerInput, v string) { in.MobilePhone = v }),
		w.subCustomerField("label", "重点客户", func(in *SubCustomerInput, v string) { in.Label = v }),
		{"SetCustomerLabel", "label", name(64), "SELECT COUNT(*) FROM audit_records WHERE action = 'customer.label'", "华东重点客户",
			func(t *testing.T, v string) (string, error) {
				if _, err := SetCustomerLabel(bg, w.db, w.prov, w.customer.ID, v, testNow); err != nil {
					return "", err
				}
				return w.stored(t, "SELECT label FROM customers WHERE id = ?", w.customer.ID), nil
			}},
		w.directoryField("name", name(85), "成都云图数据有限公司"),
		w.directoryField("legal_rep", name(21), "张三"),
		w.directoryField("industry", line(21), "软件和信息技术服务业"),
		w.directoryField("region", line(21), "四川省成都市"),
		w.directoryField("address", badtext.Kind{Max: 85, Multiline: true}, "高新区天府大道 1 号\n2 栋"),
	}
}

// applyField is the applicant's form: an application kept is rejected again, so that the next
// one may be filed.
func (w *textWorld) applyField(field string, kind badtext.Kind, good string, input func(string) ApplicationInput) storedText {
	return storedText{"ApplyToJoin", field, kind, "SELECT COUNT(*) FROM partner_applications", good,
		func(t *testing.T, v string) (string, error) {
			app, err := ApplyToJoin(bg, w.db, w.applicant, input(v), testNow)
			if err != nil {
				return "", err
			}
			if _, err := RejectApplication(bg, w.db, w.op, app.ID, "again", testNow); err != nil {
				t.Fatal(err)
			}
			return w.stored(t, "SELECT "+field+" FROM partner_applications WHERE id = ?", app.ID), nil
		}}
}

// rejectVerification rejects a new customer's real-name verification; the reason is kept in the
// audit record.
func (w *textWorld) rejectVerification(t *testing.T, v string) (string, error) {
	c := &Customer{DomainID: randomHex(16), AccountName: fmt.Sprintf("text-review-%d", w.next()), VerifiedStatus: UnderReview,
		CustomerType: CustomerCorp, CreatedAt: testNow}
	if err := w.db.Create(c).Error; err != nil {
		t.Fatal(err)
	}
	if _, err := ReviewVerification(bg, w.db, w.op, c.ID, false, v, testNow); err != nil {
		return "", err
	}
	var after struct{ Reason string }
	err := json.Unmarshal([]byte(w.stored(t, "SELECT after FROM audit_records WHERE action = 'customer.verification' AND object_id = ?", c.ID)), &after)
	if err != nil {
		t.Fatal(err)
	}
	return after.Reason, nil
}

// inviteToDistribution invites a network member, made for it, and revokes each invitation kept so
// that the next may be sent.
func (w *textWorld) inviteToDistribution(t *testing.T) func(*testing.T, string) (string, error) {
	p, err := ApproveApplication(bg, w.db, w.op, w.application(t).ID, "", testNow)
	if err != nil {
		t.Fatal(err)
	}
	return func(t *testing.T, v string) (string, error) {
		inv, err := InviteToDistribution(bg, w.db, w.op, p.ID, v, testNow)
		if err != nil {
			return "", err
		}
		if err := RevokeDistributionInvitation(bg, w.db, w.op, inv.ID, testNow); err != nil {
			t.Fatal(err)
		}
		return w.stored(t, "SELECT note FROM distribution_invitations WHERE id = ?", inv.ID), nil
	}
}

// subCustomerField is CreateSubCustomer with v in one field.
func (w *textWorld) subCustomerField(field, good string, set func(*SubCustomerInput, string)) storedText {
	column := map[string]string{"xaccount_id": "x_account_id", "xaccount_type": "x_account_type", "mobile_phone": "phone", "label": "label"}[field]
	return storedText{"CreateSubCustomer", field, badtext.Kind{Max: 64, Name: true}, "SELECT COUNT(*) FROM customers", good,
		func(t *testing.T, v string) (string, error) {
			n := w.next()
			in := SubCustomerInput{XAccountID: fmt.Sprintf("text-%d", n), XAccountType: "crm", DomainName: fmt.Sprintf("textcust%d", n), Mode: Advisory}
			set(&in, v)
			c, err := CreateSubCustomer(bg, w.db, w.prov, in, testNow)
			if err != nil {
				return "", err
			}
			return w.stored(t, "SELECT "+column+" FROM customers WHERE id = ?", c.ID), nil
		}}
}

// directoryField imports a one-row directory CSV with v in one column; a row rejected comes back
// as its error.
func (w *textWorld) directoryField(column string, kind badtext.Kind, good string) storedText {
	return storedText{"ImportDirectory", column, kind, "SELECT COUNT(*) FROM enterprises", good,
		func(t *testing.T, v string) (string, error) {
			row := map[string]string{"name": fmt.Sprintf("文本测试企业%d", w.next()), "credit_code": fmt.Sprintf("9151010%011d", w.n),
				"established_on": "2019-04-01", "status": "active"}
			row[column] = v
			var b bytes.Buffer
			cw := csv.NewWriter(&b)
			cw.Write(DirectoryColumns)
			rec := make([]string, len(DirectoryColumns))
			for i, c := range DirectoryColumns {
				rec[i] = row[c]
			}
			cw.Write(rec)
			cw.Flush()
			rep, err := ImportDirectory(bg, w.db, w.op, &b)
			switch {
			case err != nil:
				return "", err
			case len(rep.Rejected) > 0:
				return "", rep.Rejected[0].Err
			}
			return w.stored(t, "SELECT "+column+" FROM enterprises WHERE credit_code = ?", row["credit_code"]), nil
		}}
}
