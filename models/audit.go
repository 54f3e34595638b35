package models

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"time"
	"unicode"

	"gorm.io/gorm"

	"partnerhub/store"
)

// AuditRecord is one change: who did what to which object, before and after, under which request.
// Records are only ever inserted. A log is read newest first by time, within a partner, an action,
// an actor or an object: each has an index that ends with the time, so that a page of it is an
// index range however long the log has grown (a record per transfer).
type AuditRecord struct {
	ID         uint64    `gorm:"primaryKey"`
	At         time.Time `gorm:"not null;index:ix_audit_at;index:ix_audit_by_partner,priority:2;index:ix_audit_partner_action,priority:3;index:ix_audit_user,priority:2;index:ix_audit_object,priority:3;index:ix_audit_action,priority:2"`
	PartnerID  *uint64   `gorm:"index:ix_audit_by_partner,priority:1;index:ix_audit_partner_action,priority:1"` // whose log it is
	UserID     uint64    `gorm:"not null;index:ix_audit_user,priority:1"`
	Action     string    `gorm:"size:64;not null;index:ix_audit_partner_action,priority:2;index:ix_audit_action,priority:1"`
	ObjectType string    `gorm:"size:32;not null;index:ix_audit_object,priority:1"`
	ObjectID   uint64    `gorm:"not null;index:ix_audit_object,priority:2"`
	Before     string    `gorm:"type:text;not null;default:''"`
	After      string    `gorm:"type:text;not null;default:''"`
	RequestID  string    `gorm:"size:64;not null;default:''"`
	Address    string    `gorm:"size:64;not null;default:''"` // the source address of the request
}

// audit writes an audit record inside the use case's transaction, so the change and its record
// commit or roll back together.
func audit(tx *gorm.DB, a Actor, partnerID uint64, action, objType string, objID uint64, before, after any) error {
	r := auditRecord(a, partnerID, action, objType, objID, before, after)
	return tx.Create(&r).Error
}

// auditRecord is the record audit writes, for a step that writes many in one statement.
func auditRecord(a Actor, partnerID uint64, action, objType string, objID uint64, before, after any) AuditRecord {
	r := AuditRecord{At: time.Now().UTC(), UserID: a.UserID, Action: action, ObjectType: objType,
		ObjectID: objID, Before: jsonText(before), After: jsonText(after), RequestID: a.requestID(), Address: a.Address}
	if partnerID != 0 {
		r.PartnerID = &partnerID
	}
	return r
}

// insertAuditRecords writes many records at once (a sweep's chunk): multi-row INSERTs of the
// columns straight to the driver, without the reflection a batch of models costs per row.
func insertAuditRecords(tx *gorm.DB, records []AuditRecord) error {
	const cols = "(at, partner_id, user_id, action, object_type, object_id, before, after, request_id, address)"
	const per = 300 // rows a statement: 3,000 variables
	for len(records) > 0 {
		batch := records[:min(per, len(records))]
		records = records[len(batch):]
		args := make([]any, 0, 10*len(batch))
		for _, r := range batch {
			args = append(args, r.At, r.PartnerID, r.UserID, r.Action, r.ObjectType, r.ObjectID, r.Before, r.After, r.RequestID, r.Address)
		}
		q := "INSERT INTO audit_records " + cols + " VALUES " + strings.TrimSuffix(strings.Repeat("(?,?,?,?,?,?,?,?,?,?),", len(batch)), ",")
		if _, err := tx.Statement.ConnPool.ExecContext(tx.Statement.Context, store.DriverSQL(tx, q), args...); err != nil {
			return err
		}
	}
	return nil
}

// jsonText is v as the record keeps it: JSON with snake_case keys, a model's fields in their order
// (a struct's Go names are turned the way the rest of the records and the API spell them).
func jsonText(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	if k := reflect.Indirect(reflect.ValueOf(v)).Kind(); k == reflect.Struct {
		b = snakeKeys(b)
	}
	return string(b)
}

// snakeKeys rewrites the keys of a JSON object to snake_case, keeping their order and values; what
// is not an object is returned as it is.
func snakeKeys(b []byte) []byte {
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return b
	}
	var out bytes.Buffer
	out.WriteByte('{')
	for i := 0; dec.More(); i++ {
		t, err := dec.Token()
		key, ok := t.(string)
		var raw json.RawMessage
		if err != nil || !ok || dec.Decode(&raw) != nil {
			return b
		}
		if i > 0 {
			out.WriteByte(',')
		}
		k, _ := json.Marshal(snakeCase(key))
		out.Write(k)
		out.WriteByte(':')
		out.Write(raw)
	}
	out.WriteByte('}')
	return out.Bytes()
}

// snakeCase turns a Go name into snake_case: DistributorID → distributor_id, TransID → trans_id.
func snakeCase(s string) string {
	var out []rune
	rs := []rune(s)
	for i, r := range rs {
		if unicode.IsUpper(r) && i > 0 {
			prev := rs[i-1]
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || unicode.IsUpper(prev) && nextLower {
				out = append(out, '_')
			}
		}
		out = append(out, unicode.ToLower(r))
	}
	return string(out)
}
