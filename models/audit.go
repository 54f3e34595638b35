package models

import (
	"encoding/json"
	"time"

	"gorm.io/gorm"
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
	r := AuditRecord{At: time.Now().UTC(), UserID: a.UserID, Action: action, ObjectType: objType,
		ObjectID: objID, Before: jsonText(before), After: jsonText(after), RequestID: a.RequestID, Address: a.Address}
	if partnerID != 0 {
		r.PartnerID = &partnerID
	}
	return tx.Create(&r).Error
}

func jsonText(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}
