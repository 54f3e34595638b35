package api

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

const (
	signAlgorithm = "SDK-HMAC-SHA256"
	dateFormat    = "20060102T150405Z"
)

// authorization is a parsed Authorization header.
type authorization struct {
	AccessKey     string
	SignedHeaders []string
	Signature     string // 64 lower-case hex digits
}

// parseAuthorization reads "SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex", each
// part exactly once. It is strict: whatever it accepts can be verified as the SDK signs.
func parseAuthorization(h string) (authorization, error) {
	var a authorization
	rest, ok := strings.CutPrefix(h, signAlgorithm+" ")
	if !ok {
		return a, errors.New("not " + signAlgorithm)
	}
	seen := map[string]bool{}
	for _, part := range strings.Split(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok || seen[k] {
			return a, errors.New("each of Access, SignedHeaders and Signature must appear once")
		}
		seen[k] = true
		switch k {
		case "Access":
			a.AccessKey = v
		case "SignedHeaders":
			a.SignedHeaders = strings.Split(v, ";")
		case "Signature":
			a.Signature = v
		default:
			return a, errors.New("unknown part " + k)
		}
	}
	return a, a.check()
}

func (a authorization) check() error {
	if a.AccessKey == "" || len(a.AccessKey) > 128 {
		return errors.New("no access key")
	}
	if len(a.SignedHeaders) == 0 || len(a.SignedHeaders) > 32 || !slices.IsSorted(a.SignedHeaders) {
		return errors.New("SignedHeaders must be a sorted list")
	}
	for i, h := range a.SignedHeaders {
		if !lowerToken(h) || i > 0 && a.SignedHeaders[i-1] == h {
			return errors.New("SignedHeaders must be distinct lower-case header names")
		}
	}
	if len(a.Signature) != 64 || strings.Trim(a.Signature, "0123456789abcdef") != "" {
		return errors.New("the Signature must be 64 lower-case hex digits")
	}
	return nil
}

// lowerToken reports whether h is a non-empty HTTP token (RFC 9110) without upper-case letters:
// anything else cannot be a header the SDK signed, and would make the headers block ambiguous.
func lowerToken(h string) bool {
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return h != ""
}

func escape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
		} else {
			b.WriteString("%" + strings.ToUpper(hex.EncodeToString([]byte{c})))
		}
	}
	return b.String()
}

func canonicalURI(path string) string {
	segs := strings.Split(path, "/")
	for i, s := range segs {
		segs[i] = escape(s)
	}
	u := strings.Join(segs, "/")
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}

func canonicalQuery(q url.Values) string {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var parts []string
	for _, k := range keys {
		vs := slices.Clone(q[k])
		slices.Sort(vs)
		for _, v := range vs {
			parts = append(parts, escape(k)+"="+escape(v))
		}
	}
	return strings.Join(parts, "&")
}

func canonicalRequest(r *http.Request, signed []string, body []byte) string {
	var h strings.Builder
	for _, name := range signed {
		v := r.Header.Get(name)
		if name == "host" {
			v = r.Host
		}
		h.WriteString(name + ":" + strings.TrimSpace(v) + "\n")
	}
	sum := sha256.Sum256(body)
	return strings.Join([]string{r.Method, canonicalURI(r.URL.Path), canonicalQuery(r.URL.Query()), h.String(),
		strings.Join(signed, ";"), hex.EncodeToString(sum[:])}, "\n")
}

func stringToSign(canonical, date string) string {
	sum := sha256.Sum256([]byte(canonical))
	return signAlgorithm + "\n" + date + "\n" + hex.EncodeToString(sum[:])
}

func signature(secret []byte, sts string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(sts))
	return hex.EncodeToString(m.Sum(nil))
}

func verifySignature(r *http.Request, body []byte, secret []byte, a authorization) bool {
	if !slices.Contains(a.SignedHeaders, "x-sdk-date") {
		return false
	}
	want, err := hex.DecodeString(a.Signature)
	if err != nil {
		return false
	}
	got, _ := hex.DecodeString(signature(secret, stringToSign(canonicalRequest(r, a.SignedHeaders, body), r.Header.Get("X-Sdk-Date"))))
	return hmac.Equal(want, got)
}

// parseSdkDate reads X-Sdk-Date and accepts it from past before now to future after it.
func parseSdkDate(v string, now time.Time, past, future time.Duration) (time.Time, error) {
	// time.Parse would also take fractional seconds after the seconds; the SDK never sends them
	if len(v) != len(dateFormat) {
		return time.Time{}, errors.New("X-Sdk-Date must look like " + dateFormat)
	}
	t, err := time.Parse(dateFormat, v)
	if err != nil {
		return t, err
	}
	if d := t.Sub(now); d > future || d < -past {
		return t, errors.New("out of range")
	}
	return t, nil
}
