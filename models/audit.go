package models

import (
	"encoding/json"
	"time"

	"gorm.io/gorm"
)

// AuditRecord is one change: who did what to which object, before and after, under which request.
// Records are only ever inserted.
type AuditRecord struct {
	ID         uint64    `gorm:"primaryKey"`
	At         time.Time `gorm:"not null;index:ix_audit_at"`
	PartnerID  *uint64   `gorm:"index:ix_audit_partner,priority:1"` // whose log it is
	UserID     uint64    `gorm:"not null"`
	Action     string    `gorm:"size:64;not null"`
	ObjectType string    `gorm:"size:32;not null"`
	ObjectID   uint64    `gorm:"not null"`
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
