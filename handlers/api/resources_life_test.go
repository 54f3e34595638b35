package api

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"partnerhub/models"
)

// refusedShape tells whether err is a refusal of the request's shape: CBC.0100, from the API or a
// domain field error.
func refusedShape(err error) bool {
	var be *bssError
	var me *models.Error
	return errors.As(err, &be) && be.Code == "CBC.0100" || errors.As(err, &me) && me.Code == "CBC.0100"
}

func ids(n int) string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%q", fmt.Sprint("res-", i))
	}
	return "[" + strings.Join(out, ",") + "]"
}

// The shape checks of the resources' life: each refusal is a CBC.0100, and what passes is in range.
func TestResourceLifeShapes(t *testing.T) {
	for _, c := range []struct {
		op, body string
		ok       bool
	}{
		{"renew", `{"resource_ids":["a"],"period_type":2,"period_num":1}`, true},
		{"renew", `{"resource_ids":` + ids(10) + `,"period_type":3,"period_num":3,"is_auto_pay":1}`, true},
		{"renew", `{"resource_ids":` + ids(11) + `,"period_type":2,"period_num":1}`, false},
		{"renew", `{"resource_ids":[],"period_type":2,"period_num":1}`, false},
		{"renew", `{"resource_ids":[""],"period_type":2,"period_num":1}`, false},
		{"renew", `{"resource_ids":["a"],"period_type":2,"period_num":12}`, false},
		{"renew", `{"resource_ids":["a"],"period_type":3,"period_num":4}`, false},
		{"renew", `{"resource_ids":["a"],"period_type":2,"period_num":0}`, false},
		{"renew", `{"resource_ids":["a"],"period_type":1,"period_num":1}`, false},
		{"renew", `{"resource_ids":["a"],"period_type":2,"period_num":1,"is_auto_pay":2}`, false},
		{"unsubscribe", `{"resource_ids":["a"],"unsubscribe_type":1}`, true},
		{"unsubscribe", `{"resource_ids":["a"],"unsubscribe_type":2,"unsubscribe_reason_type":5,"unsubscribe_reason":"x"}`, true},
		{"unsubscribe", `{"resource_ids":["a"],"unsubscribe_type":3}`, false},
		{"unsubscribe", `{"resource_ids":["a"],"unsubscribe_type":1,"unsubscribe_reason_type":0}`, false},
		{"unsubscribe", `{"resource_ids":["a"],"unsubscribe_type":1,"unsubscribe_reason_type":6}`, false},
		{"unsubscribe", `{"resource_ids":` + ids(11) + `,"unsubscribe_type":1}`, false},
		{"unsubscribe", `{"unsubscribe_type":1}`, false},
		{"autorenew", `{}`, true},
		{"autorenew", `{"period_type":"YEAR","auto_renew_times":99}`, true},
		{"autorenew", `{"period_type":"MONTH","auto_renew_times":0}`, true},
		{"autorenew", `{"period_type":"month"}`, false},
		{"autorenew", `{"auto_renew_times":100}`, false},
		{"autorenew", `{"auto_renew_times":-1}`, false},
		{"rate", `{"resource_ids":["a"],"period_type":3,"period_num":1,"include_relative_resources":true}`, true},
		{"rate", `{"resource_ids":["a"],"period_type":3,"period_num":0}`, false},
		{"rate", `{"resource_ids":` + ids(11) + `,"period_type":2,"period_num":1}`, false},
	} {
		err := lifeShape(c.op, "res-1", []byte(c.body))
		if (err == nil) != c.ok || err != nil && !refusedShape(err) {
			t.Errorf("%s %s: %v", c.op, c.body, err)
		}
	}
	if _, _, err := autoRenewOf("", &autoRenewReq{}); !refusedShape(err) {
		t.Errorf("no resource_id: %v", err)
	}
	three := int32(3)
	in, err := unsubscribeInputOf(&unsubscribeReq{ResourceIDs: []string{"a"}, UnsubscribeType: 2, UnsubscribeReasonType: &three})
	if err != nil || in.Type != 2 || in.ReasonType != 3 {
		t.Errorf("unsubscribe input %+v %v", in, err)
	}
	if p, times, err := autoRenewOf("a", &autoRenewReq{PeriodType: "YEAR"}); err != nil || p != models.PeriodYear || times != nil {
		t.Errorf("auto-renew without times: %d %v %v", p, times, err)
	}
}

// lifeShape decodes body as op's request and checks its shape.
func lifeShape(op, resourceID string, body []byte) error {
	switch op {
	case "renew":
		var req renewalResourcesReq
		if err := decode(body, &req); err != nil {
			return err
		}
		in, err := renewInputOf(&req)
		if err == nil && (len(in.ResourceIDs) < 1 || len(in.ResourceIDs) > 10 || in.PeriodNum < 1 || in.PeriodNum > 11) {
			return fmt.Errorf("renewal passed out of range: %+v", in)
		}
		return err
	case "unsubscribe":
		var req unsubscribeReq
		if err := decode(body, &req); err != nil {
			return err
		}
		in, err := unsubscribeInputOf(&req)
		if err == nil && (len(in.ResourceIDs) < 1 || len(in.ResourceIDs) > 10 || in.Type < 1 || in.Type > 2 || in.ReasonType < 0 || in.ReasonType > 5) {
			return fmt.Errorf("unsubscribe passed out of range: %+v", in)
		}
		return err
	case "autorenew":
		var req autoRenewReq
		if err := decode(body, &req); err != nil {
			return err
		}
		p, times, err := autoRenewOf(resourceID, &req)
		if err == nil && (p != 0 && p != models.PeriodMonth && p != models.PeriodYear || times != nil && (*times < 0 || *times > 99)) {
			return fmt.Errorf("auto-renewal passed out of range: %d %v", p, times)
		}
		return err
	default:
		var req renewRateReq
		if err := decode(body, &req); err != nil {
			return err
		}
		return renewRateOf(&req)
	}
}

// FuzzResourceLifeShapes: any body (and path id) gives a request in range or a CBC.0100, never a panic.
func FuzzResourceLifeShapes(f *testing.F) {
	for _, s := range []string{`{"resource_ids":["a"],"period_type":2,"period_num":1,"is_auto_pay":1}`,
		`{"resource_ids":["a","b"],"unsubscribe_type":1,"unsubscribe_reason_type":5,"unsubscribe_reason":"x"}`,
		`{"period_type":"YEAR","auto_renew_times":3}`, `{}`} {
		f.Add("res-1", []byte(s))
	}
	f.Fuzz(func(t *testing.T, resourceID string, body []byte) {
		for _, op := range []string{"renew", "unsubscribe", "autorenew", "rate"} {
			if err := lifeShape(op, resourceID, body); err != nil && !refusedShape(err) {
				t.Fatalf("%s: %v", op, err)
			}
		}
	})
}
