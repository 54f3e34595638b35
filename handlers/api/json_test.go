package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// FuzzDecodeRequest: any body decodes into the request types or gives a CBC.0100, never a panic.
func FuzzDecodeRequest(f *testing.F) {
	for _, s := range []string{`{}`, `{"limit":"5"}`, `{"offset":-1,"limit":1000}`, "{\"account_name\":\"\xff\"}", `[`, `{"a":1} {}`,
		`{"associated_on_begin":"2026-01-01T00:00:00Z","association_type":"2"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var req listSubCustomersReq
		err := decode(body, &req)
		var be *bssError
		if err != nil && (!errors.As(err, &be) || be.Code != "CBC.0100") {
			t.Fatalf("decode error %v is not a CBC.0100", err)
		}
		if err != nil {
			return
		}
		if o, l, err := paging(req.Offset, req.Limit); err == nil && (o < 0 || l < 1 || l > 100) {
			t.Fatalf("paging %d %d", o, l)
		}
		if _, err := parseTime("t", req.AssociatedOnBegin); err != nil && !errors.As(err, &be) {
			t.Fatalf("parseTime: %v", err)
		}
	})
}

func TestDecodeMessages(t *testing.T) {
	var req listSubCustomersReq
	cases := map[string]string{
		`{"limit":"5"}`:         "field limit must be a JSON number",
		`{"account_name":12}`:   "field account_name must be a JSON string",
		`{"limit":5`:            "malformed JSON",
		"{\"label\":\"\xff\"}":  "not valid UTF-8",
		`{"limit":5} {"x":1}`:   "more than one JSON value",
		`{"limit":99999999999}`: "field limit must be a JSON number",
	}
	for body, want := range cases {
		err := decode([]byte(body), &req)
		var be *bssError
		if !errors.As(err, &be) || !strings.Contains(be.Msg, want) {
			t.Errorf("%s: %v, want %q", body, err, want)
		}
	}
	if err := decode(nil, &req); err != nil {
		t.Errorf("an empty body: %v", err)
	}
}

// strictReq is a request with an embedded request, an amount and a list of objects.
type strictReq struct {
	adjustAccountReq
	CustomerInfos []customerIDInfo `json:"customer_infos"`
}

// TestDecodeStrictKeys: a key given twice, at any depth, or matching a field only in letter case
// is refused, naming the key; unknown keys are still ignored.
func TestDecodeStrictKeys(t *testing.T) {
	cases := []struct {
		body string
		want string // "" is accepted
	}{
		{`{"amount":"0.01","amount":"5000"}`, `the key "amount" appears more than once`},
		{`{"amount":"0.01","Amount":"5000"}`, `the key "Amount" matches the field "amount" only in letter case`},
		{`{"Amount":"5000"}`, `the key "Amount" matches the field "amount"`},
		{`{"AMOUNT":"5000","customer_id":"c"}`, `the key "AMOUNT"`},
		{`{"customer_id":"a","Customer_ID":"b"}`, `the key "Customer_ID" matches the field "customer_id"`},
		{`{"amount":"1","am\u006funt":"5000"}`, `the key "amount" appears more than once`},    // the same name, escaped
		{`{"cu\u017ftomer_id":"b"}`, `the key "cuſtomer_id" matches the field "customer_id"`}, // ſ folds to s
		{`{"x":1,"x":2}`, `the key "x" appears more than once`},                               // unknown, still one meaning
		{`{"x":{"y":1,"y":2}}`, `the key "y" in x appears more than once`},
		{`{"customer_infos":[{"customer_id":"a"},{"customer_id":"b","customer_id":"c"}]}`, `the key "customer_id" in customer_infos.1 appears more than once`},
		{`{"customer_infos":[{"Customer_id":"a"}]}`, `the key "Customer_id" in customer_infos.0 matches the field "customer_id"`},
		{`{"customer_infos":[{"customer_id":"a"}],"Customer_Infos":[]}`, `the key "Customer_Infos"`},
		{`{"amount":"1","customer_id":"c","indirect_partner_id":"","no_such_field":{"Amount":1}}`, ""},
		{`{"customer_infos":[{"customer_id":"a","extra":[1,{"Customer_id":2}]}],"amount":{"a":1}}`, ""},
		{`{"customerid":"a","customer-id":"b"}`, ""}, // not the same letters: unknown, ignored
	}
	for _, tc := range cases {
		var req strictReq
		err := decode([]byte(tc.body), &req)
		var be *bssError
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.body, err)
		case tc.want != "" && (!errors.As(err, &be) || be.Code != "CBC.0100" || !strings.Contains(be.Msg, tc.want)):
			t.Errorf("%s: %v, want %q", tc.body, err, tc.want)
		}
	}
}

// TestDecodeKeepsJSONTypes: the strict decoder reads what encoding/json read (the SDK's JSON).
func TestDecodeKeepsJSONTypes(t *testing.T) {
	body := `{"quota_ids":["a","b"],"quota_status_list":[0,1],"quota_type":1,"offset":0,"limit":10,"create_time_begin":"2026-01-01T00:00:00Z",` +
		`"indirect_partner_id":"","unknown":null}`
	var got listQuotaCouponsReq
	if err := decode([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	var want listQuotaCouponsReq
	if err := json.Unmarshal([]byte(body), &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("decoded %+v, encoding/json %+v", got, want)
	}
	var amt adjustCouponQuotasReq
	if err := decode([]byte(`{"quota_amount": 12.5 ,"quota_id":"q"}`), &amt); err != nil || string(amt.QuotaAmount.raw) != "12.5" {
		t.Errorf("an amount as a number: %q %v", amt.QuotaAmount.raw, err)
	}
}

// FuzzDecodeStrict: whatever the strict decoder accepts, encoding/json — which takes the last of
// two keys and folds letter case — reads the same way: an accepted body has one meaning.
func FuzzDecodeStrict(f *testing.F) {
	for _, s := range []string{`{"customer_id":"c","amount":"1"}`, `{"amount":"0.01","amount":"5000"}`, `{"amount":"0.01","Amount":"5000"}`,
		`{"AMOUNT":1}`, `{"customer_infos":[{"customer_id":"a","Customer_ID":"b"}]}`, `{"x":{"x":1},"X":2}`, `{"amount":null}`,
		`{"cuſtomer_id":"b"}`, `{"indirect_partner_id":"\u0041"}`, `[]`, `{"customer_infos":null}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var got strictReq
		err := decode(body, &got)
		var be *bssError
		if err != nil && (!errors.As(err, &be) || be.Code != "CBC.0100") {
			t.Fatalf("decode error %v is not a CBC.0100", err)
		}
		if err != nil || len(bytes.TrimSpace(body)) == 0 {
			return
		}
		var lenient strictReq
		if err := json.Unmarshal(body, &lenient); err != nil {
			return // a type encoding/json refuses where the strict decoder reads (e.g. null into a slice element)
		}
		if !reflect.DeepEqual(normal(got), normal(lenient)) {
			t.Fatalf("%s: strict %+v, encoding/json %+v", body, got, lenient)
		}
	})
}

// normal makes two decodings comparable: an amount's raw text without surrounding space.
func normal[T any](v T) T {
	rv := reflect.ValueOf(&v).Elem()
	for _, f := range []string{"Amount"} {
		if a, ok := rv.FieldByName(f).Addr().Interface().(*amount); ok {
			a.raw = bytes.TrimSpace(a.raw)
			if len(a.raw) == 0 {
				a.raw = nil
			}
		}
	}
	return v
}

// TestDuplicateAmountMovesNothing: an allocation whose body names the amount twice, or once more
// in other letter case, is refused naming the key, and moves nothing.
func TestDuplicateAmountMovesNothing(t *testing.T) {
	a := newFundsAPI(t)
	c := fundable(t, a, 0)
	before, n := balanceOf(t, a, c), transfers(a)
	for body, key := range map[string]string{
		`{"customer_id":"` + c.DomainID + `","amount":"0.01","amount":"5000"}`: `"amount"`,
		`{"customer_id":"` + c.DomainID + `","amount":"0.01","Amount":"5000"}`: `"Amount"`,
		`{"customer_id":"` + c.DomainID + `","Amount":"5000"}`:                 `"Amount"`,
	} {
		got := a.post(t, pathAdjust, body)
		wantError(t, body, got, http.StatusBadRequest, "CBC.0100")
		if msg, _ := got.Body["error_msg"].(string); !strings.Contains(msg, "the key "+key) {
			t.Errorf("%s: %q does not name the key %s", body, msg, key)
		}
	}
	if transfers(a) != n || !balanceOf(t, a, c).Equal(before.Decimal) {
		t.Errorf("refused bodies moved money: %d transfers", transfers(a)-n)
	}
}
