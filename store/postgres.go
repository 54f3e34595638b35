package store

import (
	"fmt"
	"os"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// openPostgres opens a PostgreSQL database through pgx. No write gate: PostgreSQL's transactions
// run together and lock rows (LockRows), and transactions run at the server's default isolation,
// READ COMMITTED, which the domain's conditional debits rely on (doc.go). The money committer is
// registered as on SQLite: one transaction and one commit for a batch of use cases, each in its
// savepoint.
func openPostgres(dsn string) (*gorm.DB, error) {
	db, err := gorm.Open(postgres.New(postgres.Config{DSN: dsn}), &gorm.Config{
		Logger:                 pgLogger(),
		SkipDefaultTransaction: true, // a single statement is atomic on its own; no gate to wait at
		NowFunc:                func() time.Time { return time.Now().UTC() },
		TranslateError:         true,
	})
	if err != nil {
		return nil, fmt.Errorf("store: open PostgreSQL: %w", err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	sqlDB.SetMaxOpenConns(16)
	sqlDB.SetMaxIdleConns(16)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.Use(&committer{}); err != nil {
		sqlDB.Close()
		return nil, err
	}
	return db, nil
}

// pgLogger logs failed statements when PARTNERHUB_SQL_LOG is set (debugging), and nothing otherwise.
func pgLogger() logger.Interface {
	if os.Getenv("PARTNERHUB_SQL_LOG") != "" {
		return logger.Default.LogMode(logger.Error)
	}
	return logger.Discard
}
