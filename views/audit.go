package views

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"partnerhub/models"
)

// AuditObject is a record's object as the log shows it: its type's name and its id, when it has
// one (an import of the enterprise directory is about the directory, id 0).
func AuditObject(lang string, r models.AuditRow) string {
	name := r.ObjectType
	if HasKey("objtype." + name) {
		name = T(lang, "objtype."+name)
	}
	if r.ObjectID == 0 {
		return name
	}
	return name + " #" + ID(r.ObjectID)
}

// AuditObjectHref is the console page that shows a record's object to the one reading the log, or
// "". A partner's log links what its admin can open; the same ids in the operator's log belong to
// some partner and have no operator page, except the partners themselves.
func AuditObjectHref(ops bool, r models.AuditRow) string {
	if r.ObjectID == 0 {
		return ""
	}
	switch {
	case ops && r.ObjectType == "partner":
		return "/ops/partners/" + ID(r.ObjectID)
	case !ops && r.ObjectType == "customer":
		return "/sales/customers/" + ID(r.ObjectID)
	case !ops && r.ObjectType == "coupon":
		return "/business/coupons/issued/" + ID(r.ObjectID)
	}
	return ""
}

// AuditField is one key of a record's before or after: the value as shown and, when that is not
// the value as written (cut short, or a time shown in Asia/Shanghai), the value as written.
// Changed marks, in a record with both, a field the other side lacks or has another value in.
type AuditField struct {
	Key, Value, Full string
	Label            string // the key in the reader's language ("" shows the key)
	Changed          bool
}

func (f AuditField) written() string {
	if f.Full != "" {
		return f.Full
	}
	return f.Value
}

// AuditChange reads a record's before and after. When it has both, what changed is what a reader
// looks for, and a record of a whole row repeats most of it on both sides: the fields that differ
// come first in each, marked.
func AuditChange(before, after string) (b, a []AuditField) {
	b, a = AuditFields(before), AuditFields(after)
	if len(b) > 0 && len(a) > 0 {
		markChanged(b, a)
		markChanged(a, b)
	}
	return b, a
}

func markChanged(fields, other []AuditField) {
	was := map[string]string{}
	for _, f := range other {
		was[f.Key] = f.written()
	}
	for i, f := range fields {
		v, ok := was[f.Key]
		fields[i].Changed = !ok || v != f.written()
	}
	slices.SortStableFunc(fields, func(x, y AuditField) int {
		switch {
		case x.Changed == y.Changed:
			return 0
		case x.Changed:
			return -1
		}
		return 1
	})
}

const (
	auditValueMax = 80 // runes of a value shown in the table; the rest is in its title
	AuditShown    = 6  // fields shown before the rest is folded away
)

// AuditFields reads a record's before or after, a JSON object or empty, as its fields in the order
// written. Anything else is shown as one field without a key, so that nothing is hidden.
func AuditFields(js string) []AuditField {
	js = strings.TrimSpace(js)
	if js == "" || js == "null" {
		return nil
	}
	dec := json.NewDecoder(strings.NewReader(js))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return []AuditField{auditField("", js, js)}
	}
	var out []AuditField
	for dec.More() {
		tok, err := dec.Token()
		key, ok := tok.(string)
		var raw json.RawMessage
		if err != nil || !ok || dec.Decode(&raw) != nil {
			return []AuditField{auditField("", js, js)}
		}
		out = append(out, auditValue(key, raw))
	}
	return out
}

// auditValue shows a string without its quotes (a time in Asia/Shanghai), an amount in fen (a key
// ending in _fen) in yuan, and anything else as compact JSON.
func auditValue(key string, raw json.RawMessage) AuditField {
	var s string
	if n, err := strconv.ParseInt(string(raw), 10, 64); err == nil && strings.HasSuffix(key, "_fen") {
		return auditField(key, Money(models.Fen(n)), string(raw)) // an amount kept in fen, shown in yuan
	}
	if raw[0] != '"' || json.Unmarshal(raw, &s) != nil { // null unmarshals into a string too
		var b bytes.Buffer
		if json.Compact(&b, raw) != nil {
			return auditField(key, string(raw), string(raw))
		}
		return auditField(key, b.String(), b.String())
	}
	if s == "" {
		return auditField(key, `""`, `""`)
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return auditField(key, DateTime(t), s)
	}
	return auditField(key, s, s)
}

func auditField(key, shown, full string) AuditField {
	f := AuditField{Key: key, Value: shown}
	if utf8.RuneCountInString(shown) > auditValueMax {
		f.Value = string([]rune(shown)[:auditValueMax-1]) + "…"
	}
	if f.Value != full {
		f.Full = full
	}
	return f
}
