package api

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// The two test vectors of the reference (shared/reference/bss-api.md §1.3), made with the SDK's
// own signer: AK TESTAK, SK TESTSK, date 20240501T080000Z, domain partner-domain-id.
func vectorRequests() []struct {
	req  *http.Request
	body string
	auth string
} {
	post := httptest.NewRequest(http.MethodPost, "/v2/accounts/partner-accounts/adjust-amount", nil)
	post.Header.Set("User-Agent", "huaweicloud-usdk-go/3.0")
	get := httptest.NewRequest(http.MethodGet, "/v2/bills/customer-bills/res-fee-records?cycle=2024-05&offset=0&region=cn%20north%2F1", nil)
	get.Header.Del("User-Agent")
	for _, r := range []*http.Request{post, get} {
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("X-Domain-Id", "partner-domain-id")
		r.Header.Set("X-Sdk-Date", "20240501T080000Z")
	}
	return []struct {
		req  *http.Request
		body string
		auth string
	}{
		{post, "{\"customer_id\":\"cust-1\",\"amount\":\"100.5\"}\n",
			"SDK-HMAC-SHA256 Access=TESTAK, SignedHeaders=user-agent;x-domain-id;x-sdk-date, Signature=db516914d50bf9c42dc2fa477a93b4f4d4c11a70c882dcdc7269c85a3f829abf"},
		{get, "",
			"SDK-HMAC-SHA256 Access=TESTAK, SignedHeaders=x-domain-id;x-sdk-date, Signature=359bd454f4653798239f12713f8d7872ecf9b6b96dd37497f972096397eef20b"},
	}
}

func TestSignatureVectors(t *testing.T) {
	for i, v := range vectorRequests() {
		a, err := parseAuthorization(v.auth)
		if err != nil {
			t.Fatalf("vector %d: %v", i, err)
		}
		sts := stringToSign(canonicalRequest(v.req, a.SignedHeaders, []byte(v.body)), "20240501T080000Z")
		if got := signature([]byte("TESTSK"), sts); got != a.Signature {
			t.Errorf("vector %d: signature %s, want %s", i, got, a.Signature)
		}
		if !verifySignature(v.req, []byte(v.body), []byte("TESTSK"), a) {
			t.Errorf("vector %d does not verify", i)
		}
		if verifySignature(v.req, []byte(v.body+" "), []byte("TESTSK"), a) || verifySignature(v.req, []byte(v.body), []byte("TESTSk"), a) {
			t.Errorf("vector %d verifies with another body or secret", i)
		}
		// headers that are not signed may change on the way (a proxy's Host, the Content-Type)
		v.req.Header.Set("Content-Type", "text/plain")
		v.req.Host = "elsewhere.example"
		if !verifySignature(v.req, []byte(v.body), []byte("TESTSK"), a) {
			t.Errorf("vector %d: an unsigned header broke the signature", i)
		}
		v.req.Header.Set("X-Domain-Id", "another-domain")
		if verifySignature(v.req, []byte(v.body), []byte("TESTSK"), a) {
			t.Errorf("vector %d: a signed header changed and it still verifies", i)
		}
	}
}

func TestCanonicalParts(t *testing.T) {
	uris := map[string]string{
		"/v2/partners/sub-customers/query": "/v2/partners/sub-customers/query/",
		"/v2/a b/c/":                       "/v2/a%20b/c/",
		"/v2/客户":                           "/v2/%E5%AE%A2%E6%88%B7/",
		"/":                                "/",
	}
	for in, want := range uris {
		if got := canonicalURI(in); got != want {
			t.Errorf("canonicalURI(%q) = %q, want %q", in, got, want)
		}
	}
	q := httptest.NewRequest(http.MethodGet, "/x?b=2&a=z&a=y&c=&d=a%2Fb+c", nil).URL.Query()
	if got, want := canonicalQuery(q), "a=y&a=z&b=2&c=&d=a%2Fb%20c"; got != want {
		t.Errorf("canonicalQuery = %q, want %q", got, want)
	}
}

func TestParseSdkDate(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	cases := map[string]bool{
		"20261123T120000Z": true, "20261123T114500Z": true, "20261123T120500Z": true,
		"20261123T114459Z": false, "20261123T120501Z": false, "20261123T121500Z": false, "": false, "2026-11-23T12:00:00Z": false, "garbage": false,
	}
	for in, ok := range cases {
		if _, err := parseSdkDate(in, now, maxPast, maxFuture); (err == nil) != ok {
			t.Errorf("parseSdkDate(%q): err %v, want ok=%v", in, err, ok)
		}
	}
}

func TestParseAuthorization(t *testing.T) {
	good := "SDK-HMAC-SHA256 Access=AK1, SignedHeaders=x-domain-id;x-sdk-date, Signature=" + strings.Repeat("ab", 32)
	if a, err := parseAuthorization(good); err != nil || a.AccessKey != "AK1" || len(a.SignedHeaders) != 2 {
		t.Fatalf("%+v %v", a, err)
	}
	for _, bad := range []string{"", "Basic abc", "SDK-HMAC-SHA256", "SDK-HMAC-SHA256 Access=, SignedHeaders=a, Signature=" + strings.Repeat("0", 64),
		"SDK-HMAC-SHA256 Access=AK, SignedHeaders=, Signature=" + strings.Repeat("0", 64),
		"SDK-HMAC-SHA256 Access=AK, SignedHeaders=x-sdk-date, Signature=xyz",
		"SDK-HMAC-SM3 Access=AK, SignedHeaders=x-sdk-date, Signature=" + strings.Repeat("0", 64)} {
		if _, err := parseAuthorization(bad); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

// FuzzVerify: any request signed by SignRequest verifies, and parsing never panics.
func FuzzVerify(f *testing.F) {
	f.Add("POST", "/v2/partners/sub-customers/query", "a=1&b=%20", `{"limit":1}`, "AK", "SK")
	f.Add("GET", "/v2/客户/x y", "", "", "A", "")
	f.Fuzz(func(t *testing.T, method, path, query, body, ak, sk string) {
		parseAuthorization(ak + " " + sk) // must not panic
		// access keys are letters and digits, as the console makes them
		if method != "GET" && method != "POST" || !strings.HasPrefix(path, "/") || strings.ContainsAny(path, "?#%") || ak == "" ||
			strings.Trim(ak, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") != "" || len(ak) > 64 {
			return
		}
		r, err := http.NewRequest(method, "http://h"+path+"?"+query, strings.NewReader(body))
		if err != nil {
			return
		}
		SignRequest(r, []byte(body), ak, sk, "", time.Now())
		a, err := parseAuthorization(r.Header.Get("Authorization"))
		if err != nil {
			t.Fatalf("own header refused: %v", err)
		}
		if !verifySignature(r, []byte(body), []byte(sk), a) {
			t.Fatal("own signature refused")
		}
		if u := canonicalURI(r.URL.Path); !strings.HasSuffix(u, "/") {
			t.Fatalf("canonical URI %q", u)
		}
	})
}

func BenchmarkVerifySignature(b *testing.B) {
	body := []byte(`{"account_name":"hzyun","association_type":"2","offset":0,"limit":20,"label":"重点客户"}` + "\n")
	r := httptest.NewRequest(http.MethodPost, "/v2/partners/sub-customers/query", nil)
	r.Header.Set("User-Agent", "huaweicloud-usdk-go/3.0")
	SignRequest(r, body, "AKAKAKAKAKAKAKAKAKAK", "0123456789012345678901234567890123456789", "50276a1eeafa72e0160aee31d29ec1c7", time.Now())
	a, _ := parseAuthorization(r.Header.Get("Authorization"))
	for b.Loop() {
		if !verifySignature(r, body, []byte("0123456789012345678901234567890123456789"), a) {
			b.Fatal("does not verify")
		}
	}
}
