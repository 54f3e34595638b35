package store

import (
	"context"

	"gorm.io/gorm"
)

// AppendOnlyAudit makes the audit table refuse every UPDATE and DELETE in the database itself, so
// that no code path, present or future, can edit or delete a record.
func AppendOnlyAudit(ctx context.Context, db *gorm.DB) error {
	for _, op := range []string{"UPDATE", "DELETE"} {
		sql := `CREATE TRIGGER IF NOT EXISTS audit_records_no_` + op + ` BEFORE ` + op + ` ON audit_records
			BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END`
		if err := db.WithContext(ctx).Exec(sql).Error; err != nil {
			return err
		}
	}
	return nil
}
