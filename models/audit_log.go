package models

import (
	"context"
	"io"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// AuditFilter selects audit records.
type AuditFilter struct {
	Actor       string // the acting user's sign-in name
	Action      string // an action, e.g. "member.invite", or a prefix ending in a dot, e.g. "member."
	ObjectType  string
	ObjectID    uint64
	PartnerID   uint64 // operators only: one partner's log
	From, To    time.Time
	Page, Limit int
}

// AuditRow is a record with its actor's name.
type AuditRow struct {
	AuditRecord
	Username string
}

// AuditList is one page of the audit log. The total is counted up to CountCap: a partner's log
// grows by a record per transfer, and counting millions per page view is not instant.
type AuditList struct {
	Rows   []AuditRow
	Total  int64
	Capped bool
}

// auditScope is the part of the log the actor may read: a partner admin its partner's records, an
// operator all of them.
func auditScope(ctx context.Context, db *gorm.DB, a Actor, f AuditFilter) (*gorm.DB, error) {
	q := db.WithContext(ctx).Table("audit_records")
	switch {
	case a.Kind == OperatorUser:
		if f.PartnerID != 0 {
			q = q.Where("audit_records.partner_id = ?", f.PartnerID)
		}
	case a.isPartner(RoleAdmin):
		q = q.Where("audit_records.partner_id = ?", a.PartnerID)
	default:
		return nil, ErrForbidden
	}
	if f.Actor != "" {
		q = q.Where("audit_records.user_id = (SELECT id FROM users WHERE username = ?)", normalizeUsername(f.Actor))
	}
	switch {
	case strings.HasSuffix(f.Action, "."):
		// the prefix's range, its end the last code point (valid UTF-8, which PostgreSQL requires of
		// a text; a byte 0xff is not)
		q = q.Where("audit_records.action >= ? AND audit_records.action < ?", f.Action, f.Action+"\U0010FFFF")
	case f.Action != "":
		// one action: its records are in time order in its index, a prefix's have to be sorted
		q = q.Where("audit_records.action = ?", f.Action)
	}
	if f.ObjectType != "" {
		q = q.Where("audit_records.object_type = ?", f.ObjectType)
	}
	if f.ObjectID != 0 {
		q = q.Where("audit_records.object_id = ?", f.ObjectID)
	}
	if !f.From.IsZero() {
		q = q.Where("audit_records.at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		q = q.Where("audit_records.at < ?", f.To.UTC())
	}
	return q, nil
}

const withActorName = "LEFT JOIN users ON users.id = audit_records.user_id"

// ListAudit lists the audit records the actor may read, newest first.
func ListAudit(ctx context.Context, db *gorm.DB, a Actor, f AuditFilter) (*AuditList, error) {
	q, err := auditScope(ctx, db, a, f)
	if err != nil {
		return nil, err
	}
	out := &AuditList{}
	if out.Total, out.Capped, err = cappedCount(q); err != nil {
		return nil, err
	}
	return out, auditPage(q, f).Scan(&out.Rows).Error
}

// auditPage is one page of the records q selects, with their actors' names.
func auditPage(q *gorm.DB, f AuditFilter) *gorm.DB {
	l, off := pageBounds(f.Page, f.Limit)
	return q.Joins(withActorName).Select("audit_records.*, COALESCE(users.username, '') AS username").
		Order("audit_records.at DESC, audit_records.id DESC").Limit(l).Offset(off)
}

// MaxAuditExport bounds one CSV export; a longer period is exported in parts.
const MaxAuditExport = 100000

// ExportAudit writes the selected records as CSV (UTF-8 with a BOM, for spreadsheets), newest
// first, at most MaxAuditExport of them. Times are UTC (RFC 3339, "Z"), and the column says so:
// the page shows Beijing time, a spreadsheet must not take one for the other.
func ExportAudit(ctx context.Context, db *gorm.DB, a Actor, f AuditFilter, w io.Writer) error {
	q, err := auditScope(ctx, db, a, f)
	if err != nil {
		return err
	}
	rows, err := q.Joins(withActorName).Select("audit_records.id, audit_records.at, COALESCE(users.username, ''), audit_records.action, " +
		"audit_records.object_type, audit_records.object_id, audit_records.before, audit_records.after, " +
		"audit_records.request_id, audit_records.address").Order("audit_records.at DESC, audit_records.id DESC").Limit(MaxAuditExport).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	cw := NewCSVWriter(w)
	cw.Write("id", "time_utc", "actor", "action", "object_type", "object_id", "before", "after", "request_id", "address")
	for rows.Next() {
		var r AuditRow
		if err := rows.Scan(&r.ID, &r.At, &r.Username, &r.Action, &r.ObjectType, &r.ObjectID, &r.Before, &r.After, &r.RequestID, &r.Address); err != nil {
			return err
		}
		cw.Write(strconv.FormatUint(r.ID, 10), r.At.UTC().Format(time.RFC3339), r.Username, r.Action, r.ObjectType,
			strconv.FormatUint(r.ObjectID, 10), r.Before, r.After, r.RequestID, r.Address)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return cw.Flush()
}
