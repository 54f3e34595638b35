package views

import (
	"testing"

	"partnerhub/models"
)

func TestAuditChangeNamed(t *testing.T) {
	names := &models.AuditNames{Users: map[uint64]string{4: "孙丽"}, Customers: map[uint64]string{54: "demo-customer"}, Partners: map[uint64]string{}}
	b, a := AuditChangeNamed(ZH, `{"mode":2,"customer_id":54,"balance_fen":150,"partner_id":9}`, `{"mode":1,"customer_id":54,"balance_fen":150,"partner_id":9,"user_id":4,"verified_status":2}`, names)
	want := map[string][2]string{ // key → label, value
		"mode": {"交易模式", "顾问销售"}, "customer_id": {"客户", "demo-customer"}, "balance_fen": {"余额", "¥1.50"},
		"partner_id": {"伙伴", "9"}, "user_id": {"用户", "孙丽"}, "verified_status": {"实名认证", "已实名认证"},
	}
	for _, f := range a {
		if w, ok := want[f.Key]; !ok || f.Label != w[0] || f.Value != w[1] {
			t.Errorf("after %s: %q %q, want %v", f.Key, f.Label, f.Value, w)
		}
	}
	if b[0].Key != "mode" || b[0].Value != "代售" || b[0].Full != "2" || !b[0].Changed {
		t.Errorf("before's mode %+v", b[0])
	}
	_, inv := AuditChangeNamed(EN, "", `{"by":"email","roles":["sales","finance"],"kind":"partner"}`, names)
	for i, want := range []string{"Email", "Sales, Finance", "Partner member"} {
		if inv[i].Value != want {
			t.Errorf("%s: %q, want %q", inv[i].Key, inv[i].Value, want)
		}
	}
	if o := AuditObjectNamed(EN, models.AuditRow{AuditRecord: models.AuditRecord{ObjectType: "customer", ObjectID: 54}}, names); o != "Customer demo-customer" {
		t.Errorf("object %q", o)
	}
	if o := AuditObjectNamed(EN, models.AuditRow{AuditRecord: models.AuditRecord{ObjectType: "customer", ObjectID: 55}}, names); o != "Customer #55" {
		t.Errorf("an object without a name %q", o)
	}
}
