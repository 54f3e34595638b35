package store

import (
	"context"

	"gorm.io/gorm"
)

// HasTable reports whether the database has the table, without creating anything.
func HasTable(ctx context.Context, db *gorm.DB, name string) (bool, error) {
	var n int64
	if IsPostgres(db) {
		err := db.WithContext(ctx).Raw("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?", name).
			Scan(&n).Error
		return n > 0, err
	}
	err := db.WithContext(ctx).Raw("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", name).Scan(&n).Error
	return n > 0, err
}
