package views

import (
	"reflect"
	"strings"
	"testing"

	"partnerhub/models"
)

func TestAuditFields(t *testing.T) {
	long := strings.Repeat("长", 100)
	for _, tc := range []struct {
		in   string
		want []AuditField
	}{
		{"", nil},
		{"null", nil},
		{"{}", nil},
		{`{"b":1,"a": "x","n": null,"e":"","l":[1, 2],"o":{"k": true}}`, []AuditField{
			{Key: "b", Value: "1"}, {Key: "a", Value: "x"}, {Key: "n", Value: "null"}, {Key: "e", Value: `""`},
			{Key: "l", Value: "[1,2]"}, {Key: "o", Value: `{"k":true}`}}},
		{`{"at":"2026-12-01T20:09:42.903140759Z"}`, []AuditField{{Key: "at", Value: "2026-12-02 04:09", Full: "2026-12-01T20:09:42.903140759Z"}}},
		{`{"s":"` + long + `"}`, []AuditField{{Key: "s", Value: strings.Repeat("长", 79) + "…", Full: long}}},
		{`{"big":12345678901234567890}`, []AuditField{{Key: "big", Value: "12345678901234567890"}}},
		{`{"balance_fen":500050,"count":3}`, []AuditField{{Key: "balance_fen", Value: "¥5,000.50", Full: "500050"}, {Key: "count", Value: "3"}}},
		{`[1,2]`, []AuditField{{Value: "[1,2]"}}},
		{`{"a":`, []AuditField{{Value: `{"a":`}}},
	} {
		if got := AuditFields(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("AuditFields(%s) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

func TestAuditObject(t *testing.T) {
	row := func(typ string, id uint64) models.AuditRow {
		return models.AuditRow{AuditRecord: models.AuditRecord{ObjectType: typ, ObjectID: id}}
	}
	for _, tc := range []struct {
		r            models.AuditRow
		zh, en       string
		ops, partner string // the links in the operator's log and in a partner's
	}{
		{row("member_invitation", 100), "成员邀请 #100", "Member invitation #100", "", ""},
		{row("enterprise", 0), "企业名录", "Enterprise directory", "", ""},
		{row("partner", 7), "伙伴 #7", "Partner #7", "/ops/partners/7", ""},
		{row("customer", 9), "客户 #9", "Customer #9", "", "/sales/customers/9"},
		{row("coupon", 3), "代金券 #3", "Coupon #3", "", "/business/coupons/issued/3"},
		{row("customer", 0), "客户", "Customer", "", ""},
		{row("gadget", 1), "gadget #1", "gadget #1", "", ""},
	} {
		if zh, en := AuditObject(ZH, tc.r), AuditObject(EN, tc.r); zh != tc.zh || en != tc.en {
			t.Errorf("%+v: %q, %q", tc.r.AuditRecord, zh, en)
		}
		if ops, partner := AuditObjectHref(true, tc.r), AuditObjectHref(false, tc.r); ops != tc.ops || partner != tc.partner {
			t.Errorf("%+v: links %q, %q", tc.r.AuditRecord, ops, partner)
		}
	}
}

func TestAuditChange(t *testing.T) {
	b, a := AuditChange(`{"id":1,"balance":5,"status":0,"gone":true}`, `{"id":1,"balance":0,"status":0,"new":"x"}`)
	wantB := []AuditField{{Key: "balance", Value: "5", Changed: true}, {Key: "gone", Value: "true", Changed: true},
		{Key: "id", Value: "1"}, {Key: "status", Value: "0"}}
	wantA := []AuditField{{Key: "balance", Value: "0", Changed: true}, {Key: "new", Value: "x", Changed: true},
		{Key: "id", Value: "1"}, {Key: "status", Value: "0"}}
	if !reflect.DeepEqual(b, wantB) || !reflect.DeepEqual(a, wantA) {
		t.Errorf("before %+v\nafter %+v", b, a)
	}
	// one side only: nothing to compare, nothing marked, the order as written
	if _, a := AuditChange("", `{"b":1,"a":2}`); !reflect.DeepEqual(a, []AuditField{{Key: "b", Value: "1"}, {Key: "a", Value: "2"}}) {
		t.Errorf("after only %+v", a)
	}
}
