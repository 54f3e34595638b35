package models

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strconv"
	"strings"
)

// The top-up's protocol with a payment gateway, in the shape the big Chinese gateways use: form
// fields; a canonical string of them (every field but the signature, sorted by name, name=value
// joined by &); and the HMAC-SHA256 of it under the secret the merchant and the gateway share, in
// lowercase hex, as the field sign. Two messages: the request that sends the customer to the
// gateway (TopupRequest, signed by PartnerHub) and the notice the gateway posts back
// (TopupNotice, signed by the gateway). Each signature covers its message's purpose as well, so
// that a request's signature never passes as a notice's. The parsers take only the fields they
// know, once each, in a strict form, so that the canonical string of what was parsed is the one
// that was signed and no value can smuggle in an & or =.

// NoticeStatus is what a gateway's notice says of the payment.
type NoticeStatus string

const (
	NoticePaid   NoticeStatus = "paid"   // the gateway took the money
	NoticeClosed NoticeStatus = "closed" // the customer cancelled, or the gateway refused
)

// minSecret is the shortest secret a signature is checked with: an empty or short key (a server
// not configured) verifies nothing.
const minSecret = 16

// TopupNotice is a gateway's notice about a top-up: the merchant's reference (out_trade_no), the
// gateway's number (trade_no), the amount in fen (sent as yuan with 2 decimals) and the outcome.
type TopupNotice struct {
	Reference string
	TradeNo   string
	Amount    int64
	Status    NoticeStatus
	Signature string
}

func (n TopupNotice) fields() [][2]string {
	return [][2]string{{"amount", yuanText(n.Amount)}, {"out_trade_no", n.Reference}, {"status", string(n.Status)}, {"trade_no", n.TradeNo}}
}

// SignWith sets the notice's signature: what the gateway does before it posts it.
func (n *TopupNotice) SignWith(secret []byte) {
	n.Signature = signFields(secret, "topup-notice", n.fields())
}

// Verify tells whether the notice's signature is the secret's.
func (n TopupNotice) Verify(secret []byte) bool {
	return verifyFields(secret, "topup-notice", n.fields(), n.Signature)
}

// Values is the notice as the form posted to the callback.
func (n TopupNotice) Values() url.Values { return valuesOf(n.fields(), n.Signature) }

// ParseTopupNotice reads a notice from the callback's form: exactly the fields amount,
// out_trade_no, status, trade_no and sign, once each. It checks their form, not the signature.
func ParseTopupNotice(form url.Values) (TopupNotice, error) {
	f, err := onlyFields(form, "amount", "out_trade_no", "status", "trade_no", "sign")
	if err != nil {
		return TopupNotice{}, err
	}
	n := TopupNotice{Reference: f["out_trade_no"], TradeNo: f["trade_no"], Status: NoticeStatus(f["status"]), Signature: f["sign"]}
	var ok bool
	n.Amount, ok = parseYuanText(f["amount"])
	if !ok || !validReference(n.Reference) || !validTradeNo(n.TradeNo) || !validSignature(n.Signature) ||
		n.Status != NoticePaid && n.Status != NoticeClosed {
		return TopupNotice{}, ErrInvalidInput
	}
	return n, nil
}

// TopupRequest is what sends the customer to the gateway: the reference, the amount in fen, and
// until when (Unix seconds) the gateway may take the payment.
type TopupRequest struct {
	Reference string
	Amount    int64
	ExpiresAt int64
	Signature string
}

func (r TopupRequest) fields() [][2]string {
	return [][2]string{{"amount", yuanText(r.Amount)}, {"expires", strconv.FormatInt(r.ExpiresAt, 10)}, {"out_trade_no", r.Reference}}
}

// Sign sets the request's signature.
func (r *TopupRequest) Sign(secret []byte) {
	r.Signature = signFields(secret, "topup-request", r.fields())
}

// Verify tells whether the request's signature is the secret's: what the gateway checks before it
// shows the payment.
func (r TopupRequest) Verify(secret []byte) bool {
	return verifyFields(secret, "topup-request", r.fields(), r.Signature)
}

// Values is the request as the gateway's query string.
func (r TopupRequest) Values() url.Values { return valuesOf(r.fields(), r.Signature) }

// AmountMoney is the requested amount as Money.
func (r TopupRequest) AmountMoney() Money { return Fen(r.Amount) }

// ParseTopupRequest reads a request from the gateway's query or form: exactly amount, expires,
// out_trade_no and sign, once each (a form's CSRF field aside, which the gateway's own pages add).
func ParseTopupRequest(form url.Values) (TopupRequest, error) {
	form = without(form, "_csrf")
	f, err := onlyFields(form, "amount", "expires", "out_trade_no", "sign")
	if err != nil {
		return TopupRequest{}, err
	}
	r := TopupRequest{Reference: f["out_trade_no"], Signature: f["sign"]}
	var ok bool
	r.Amount, ok = parseYuanText(f["amount"])
	exp, err := strconv.ParseInt(f["expires"], 10, 64)
	if !ok || err != nil || exp <= 0 || strconv.FormatInt(exp, 10) != f["expires"] || !validReference(r.Reference) || !validSignature(r.Signature) {
		return TopupRequest{}, ErrInvalidInput
	}
	r.ExpiresAt = exp
	return r, nil
}

func without(form url.Values, key string) url.Values {
	if _, ok := form[key]; !ok {
		return form
	}
	out := make(url.Values, len(form))
	for k, v := range form {
		if k != key {
			out[k] = v
		}
	}
	return out
}

// canonical is the string a signature covers: the purpose, a newline, the fields name=value
// (given sorted by name) joined by &.
func canonical(purpose string, fields [][2]string) string {
	var b strings.Builder
	b.WriteString(purpose)
	b.WriteByte('\n')
	for i, f := range fields {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(f[0])
		b.WriteByte('=')
		b.WriteString(f[1])
	}
	return b.String()
}

func signFields(secret []byte, purpose string, fields [][2]string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(canonical(purpose, fields)))
	return hex.EncodeToString(m.Sum(nil))
}

// verifyFields compares the signature in constant time; a short secret verifies nothing.
func verifyFields(secret []byte, purpose string, fields [][2]string, sig string) bool {
	if len(secret) < minSecret || !validSignature(sig) {
		return false
	}
	return hmac.Equal([]byte(signFields(secret, purpose, fields)), []byte(sig))
}

func valuesOf(fields [][2]string, sig string) url.Values {
	v := make(url.Values, len(fields)+1)
	for _, f := range fields {
		v.Set(f[0], f[1])
	}
	v.Set("sign", sig)
	return v
}

// onlyFields takes exactly the named fields from form, each once and at most 64 bytes; any other
// field, a repeated one or a missing one is ErrInvalidInput.
func onlyFields(form url.Values, names ...string) (map[string]string, error) {
	if len(form) != len(names) {
		return nil, ErrInvalidInput
	}
	out := make(map[string]string, len(names))
	for _, n := range names {
		v, ok := form[n]
		if !ok || len(v) != 1 || len(v[0]) > 64 {
			return nil, ErrInvalidInput
		}
		out[n] = v[0]
	}
	return out, nil
}

// yuanText is an amount of fen as the protocol writes it: yuan with exactly 2 decimals.
func yuanText(fen int64) string { return Fen(fen).StringFixed(2) }

// parseYuanText reads yuanText's form only (no sign, no leading zeros, exactly 2 decimals, at most
// 13 integer digits), as a positive amount of fen.
func parseYuanText(s string) (int64, bool) {
	whole, frac, ok := strings.Cut(s, ".")
	if !ok || len(frac) != 2 || whole == "" || len(whole) > 13 || len(whole) > 1 && whole[0] == '0' ||
		!allIn(whole, "0123456789") || !allIn(frac, "0123456789") {
		return 0, false
	}
	fen, err := strconv.ParseInt(whole+frac, 10, 64)
	return fen, err == nil && fen > 0
}

func allIn(s, chars string) bool { return strings.Trim(s, chars) == "" }

const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// validReference: a merchant reference is 4–32 letters and digits (ours: TU, a day, 16 hex).
func validReference(s string) bool { return len(s) >= 4 && len(s) <= 32 && allIn(s, alnum) }

// validTradeNo: a gateway's number is 1–64 letters, digits, - and _.
func validTradeNo(s string) bool { return len(s) >= 1 && len(s) <= 64 && allIn(s, alnum+"-_") }

// validSignature: 64 lowercase hex digits.
func validSignature(s string) bool { return len(s) == 64 && allIn(s, "0123456789abcdef") }
