package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/mattn/go-sqlite3"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Open opens the database named by dsn: a postgres:// (or postgresql://) URL is a PostgreSQL
// database (openPostgres), anything else a SQLite file path. SQLite runs in WAL mode with foreign keys on; writing
// transactions take the write lock at BEGIN (_txlock=immediate) so that a read-check-write sequence
// (check a balance, then write) serialises instead of failing with SQLITE_BUSY when the lock is
// upgraded. synchronous=FULL: an acknowledged transfer survives a crash or a power cut.
func Open(dsn string) (*gorm.DB, error) {
	if IsPostgresURL(dsn) {
		return openPostgres(dsn)
	}
	if dir := filepath.Dir(dsn); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("store: create database folder: %w", err)
		}
	}
	full := "file:" + dsn + "?_txlock=immediate&_busy_timeout=10000&_foreign_keys=on&_journal_mode=WAL&_synchronous=FULL&_cache_size=-65536&_stmt_cache_size=256"
	sqlDB, err := sql.Open(driverName, full)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", dsn, err)
	}
	// All eight connections stay open while in use (database/sql keeps two idle by default): a
	// connection closed and opened again loses its page cache and prepared statements
	// (_stmt_cache_size) and runs the DSN's pragmas anew, which cost a busy API a quarter of its rate.
	sqlDB.SetMaxOpenConns(8)
	sqlDB.SetMaxIdleConns(8)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	// every transaction waits for its turn at the write gate (gate.go) before BEGIN
	db, err := gorm.Open(sqlite.New(sqlite.Config{Conn: newGatedPool(sqlDB)}), &gorm.Config{
		Logger: logger.Discard,
		// A write outside a transaction gets one of its own (GORM's default transaction), so that it
		// too waits for its turn at the write gate instead of polling for SQLite's lock.
		SkipDefaultTransaction: false,
		NowFunc:                func() time.Time { return time.Now().UTC() },
		TranslateError:         true,
	})
	if err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("store: open %s: %w", dsn, err)
	}
	if err := db.Use(&committer{}); err != nil { // group commit of money movements (commit.go)
		sqlDB.Close()
		return nil, err
	}
	return db, nil
}

// driverName is go-sqlite3 with the settings its DSN cannot carry. temp_store=MEMORY keeps the
// statement journal of a savepoint in memory: the money committer opens one per use case (commit.go),
// and SQLite would otherwise spill each to a temporary file.
const driverName = "sqlite3_partnerhub"

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		_, err := c.Exec("PRAGMA temp_store = MEMORY", nil)
		return err
	}})
}

// Ping reports whether the database answers a query: a plain read, which never waits at the
// write gate (gate.go), so that a health check answers at once however many writers are queued.
func Ping(ctx context.Context, db *gorm.DB) error {
	var one int
	return db.WithContext(ctx).Raw("SELECT 1").Scan(&one).Error
}

// Close closes the pool.
func Close(db *gorm.DB) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}
