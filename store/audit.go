package store

import (
	"context"

	"gorm.io/gorm"
)

// AppendOnlyAudit makes the audit table refuse every UPDATE and DELETE in the database itself, so
// that no code path, present or future, can edit or delete a record.
func AppendOnlyAudit(ctx context.Context, db *gorm.DB) error {
	if IsPostgres(db) {
		return db.WithContext(ctx).Exec(pgAuditGuard).Error
	}
	for _, op := range []string{"UPDATE", "DELETE"} {
		sql := `CREATE TRIGGER IF NOT EXISTS audit_records_no_` + op + ` BEFORE ` + op + ` ON audit_records
			BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END`
		if err := db.WithContext(ctx).Exec(sql).Error; err != nil {
			return err
		}
	}
	return nil
}

// pgAuditGuard is the append-only guard on PostgreSQL: a trigger function raising an error, run
// before each UPDATE or DELETE statement on audit_records (migration 00001 creates the same).
const pgAuditGuard = `CREATE OR REPLACE FUNCTION audit_records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit records are append-only'; END $$;
CREATE OR REPLACE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records
	FOR EACH STATEMENT EXECUTE FUNCTION audit_records_append_only();
CREATE OR REPLACE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records
	FOR EACH STATEMENT EXECUTE FUNCTION audit_records_append_only();`
