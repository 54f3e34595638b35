package handlers

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"partnerhub/internal/badtext"
	"partnerhub/models"
)

// apiField is one field of the partner API that stores text: call sends a signed call with v in
// the field (answering its status and JSON body); rows counts what the call writes; stored reads
// back the value last kept.
type apiField struct {
	op, field string
	kind      badtext.Kind
	rows      string
	good      string
	call      func(v string) (int, map[string]any)
	stored    func() string
}

// TestAPITextCorpus sends every string of the bad-text corpus in every API field that stores text:
// each answer is a 400 CBC.0100 that names the field (or, for a body that is not UTF-8, says so)
// and writes nothing, or a 200 after storing it clean; never a 500.
func TestAPITextCorpus(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	for _, f := range apiFields(t, app) {
		t.Run(f.op+"/"+f.field, func(t *testing.T) {
			if status, body := f.call(f.good); status != http.StatusOK || f.stored() != f.good {
				t.Fatalf("the good value %q: %d %v, stored %q", f.good, status, body, f.stored())
			}
			for _, c := range badtext.Corpus {
				before := dbValue[int64](t, app, f.rows)
				status, body := f.call(c.Value)
				after := dbValue[int64](t, app, f.rows)
				msg, _ := body["error_msg"].(string)
				switch {
				case after != before && status != http.StatusOK:
					t.Errorf("%s: %d %v, yet wrote %d rows", c.Name, status, body, after-before)
				case after != before:
					if err := badtext.Check(f.stored(), f.kind); err != nil {
						t.Errorf("%s: stored %v", c.Name, err)
					}
				case status != http.StatusBadRequest || body["error_code"] != "CBC.0100":
					t.Errorf("%s: wrote nothing, answered %d %v", c.Name, status, body)
				case utf8.ValidString(c.Value) && !strings.Contains(msg, f.field):
					t.Errorf("%s: the error does not name %s: %q", c.Name, f.field, msg)
				}
			}
		})
	}
}

// jsonText is v as a JSON string; bytes that are not UTF-8 are sent as they are.
func jsonText(v string) string {
	if !utf8.ValidString(v) {
		return `"` + v + `"`
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func apiFields(t *testing.T, app *testApp) []apiField {
	prov, dist := newRawCaller(t, app, "provider"), newRawCaller(t, app, "distributor")
	n := 0
	subCustomer := func(field, good string) apiField {
		column := map[string]string{"xaccount_id": "x_account_id", "xaccount_type": "x_account_type", "mobile_phone": "phone"}[field]
		return apiField{"CreateSubCustomer", field, badtext.Kind{Max: 64, Name: true}, "SELECT COUNT(*) FROM customers", good,
			func(v string) (int, map[string]any) {
				n++
				fields := map[string]string{"xaccount_id": jsonText(fmt.Sprintf("text-%d", n)), "xaccount_type": `"crm"`,
					"domain_name": fmt.Sprintf(`"textapi%d"`, n), field: jsonText(v)}
				var parts []string
				for k, x := range fields {
					parts = append(parts, `"`+k+`":`+x)
				}
				return prov.do(t, http.MethodPost, "/v2/partners/sub-customers", "{"+strings.Join(parts, ",")+"}")
			}, func() string { return dbString(t, app, "SELECT "+column+" FROM customers ORDER BY id DESC LIMIT 1") }}
	}
	quota := dbString(t, app, `SELECT public_id FROM coupon_quotas WHERE partner_id = ? AND type = 0 AND status = 0 ORDER BY id LIMIT 1`,
		partnerID(t, app, "provider"))
	did := ownCustomers(t, app, "provider", 1)[0]
	issue := func(customer, memo string) (int, map[string]any) {
		return prov.do(t, http.MethodPost, pathIssueCoupons, `{"quota_id":"`+quota+`","customer_ids":[`+customer+`],"face_value":"1.00","memo":`+memo+`}`)
	}
	parent := dbValue[uint64](t, app, `SELECT id FROM coupon_quotas WHERE partner_id = ? AND parent_id IS NULL AND type = 0 ORDER BY id LIMIT 1`,
		partnerID(t, app, "distributor"))
	reseller := partnerID(t, app, "reseller")
	return []apiField{
		subCustomer("xaccount_id", "crm-0001"),
		subCustomer("xaccount_type", "partnerhub_crm"),
		subCustomer("mobile_phone", "13912345678"),
		{"CreatePartnerCoupons", "memo", badtext.Kind{Max: 256}, "SELECT COUNT(*) FROM coupon_batches", "双十二",
			func(v string) (int, map[string]any) { return issue(`"`+did+`"`, jsonText(v)) },
			func() string { return dbString(t, app, `SELECT memo FROM coupons ORDER BY id DESC LIMIT 1`) }},
		{"CreatePartnerCoupons", "customer_ids", badtext.Kind{Max: 64, Name: true}, "SELECT COUNT(*) FROM coupon_batches", did,
			func(v string) (int, map[string]any) { return issue(jsonText(v), `""`) },
			func() string {
				return dbString(t, app, `SELECT customer_d_id FROM coupon_records ORDER BY id DESC LIMIT 1`)
			}},
		{"ReclaimCouponQuotas", "remark", badtext.Kind{Max: 256}, "SELECT COUNT(*) FROM quota_records WHERE kind = 'child_reclaim'", "季度回收",
			func(v string) (int, map[string]any) {
				given, err := models.GiveQuota(context.Background(), app.DB, models.ActorOf(mustUser(t, app, "distributor"), "test"),
					parent, []uint64{reseller}, models.Fen(100), app.now())
				if err != nil || given[0].Err != nil {
					t.Fatal(err, given)
				}
				return dist.do(t, http.MethodPost, "/v2/partners/coupon-quotas/indirect-partner-reclaim",
					`{"quota_ids":["`+given[0].Child.PublicID+`"],"remark":`+jsonText(v)+`}`)
			}, func() string {
				return dbString(t, app, `SELECT remark FROM quota_records WHERE kind = 'child_reclaim' ORDER BY id DESC LIMIT 1`)
			}},
	}
}
