package api

import (
	"errors"
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
