package models

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/database"
	"gorm.io/gorm"

	"partnerhub/store"
)

// The schema is versioned: migrations/<database>/NNNNN_name.sql are its numbered steps, applied in
// order by goose and recorded in its table (versionTable). A step that must compute (a backfill)
// is a Go migration beside them (goose.NewGoMigration, given to the provider in migrations).
// PostgreSQL has a folder of its own beside sqlite/ with the same versions (store/doc.go), each
// the same step in its SQL.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFiles embed.FS

// laterModels are the models whose tables the migrations after version 1 create. Version 1 is
// what the unversioned Migrate built (migrateUnversioned, kept as it was for adoption); a
// migration that adds a model's table adds the model here, and TestMigrationsMatchModels checks
// the migrations against AutoMigrate of both. A migration never changes a table of version 1
// through a model: adoption builds version 1 from the models as they are now.
var laterModels = []any{
	// 00002_catalog
	&ServiceType{}, &ResourceType{}, &Region{}, &Zone{}, &MeasureUnit{}, &Conversion{}, &UsageType{}, &ResourceSpec{},
	&PriceVersion{}, &PriceKey{}, &Price{}, &Discount{}, &DiscountCeiling{}, &Area{},
	&Ticket{}, &TicketMessage{}, &TicketEvent{}, &TicketAttachment{}, &TicketRating{}, &TicketCount{}, // 00003_work_orders
	&OrderAuthorization{}, &Order{}, &OrderLine{}, &OrderCoupon{}, &Resource{}, &OrderSettings{}, // 00004_orders
	// 00007_order_lists and 00009_order_keys change orders only
	&Topup{},                   // 00008_topups
	&ResourceTerm{}, &Refund{}, // 00010_resource_life (and columns of resources and order_lines)
	&FeeRecord{}, &MonthlySum{}, // 00011_fee_records
	&CycleBill{}, &CycleTotal{}, // 00016_cycle_bills
	&UsageRecord{}, &Arrears{}, // 00017_usage (and fee_records.usage_id)
	&DailySum{},            // 00018_daily_sums
	&BillAdjustment{},      // 00019_bill_adjustments
	&DirectoryGeneration{}, // 00021_directory_generation (and its triggers: laterTriggers)
	&PriceGeneration{},     // 00026_price_generation (and its trigger)
}

// laterSearchIndexes are the search indexes (store.CreateSearchIndex) the migrations after
// version 1 create: the tests build them beside laterModels.
var laterSearchIndexes = []string{
	store.PartnerSearchTable, // 00013_partner_search
}

// versionTable is where goose records the versions applied: goose's own default name.
const versionTable = "goose_db_version"

// ErrSchemaNewer is a database whose schema is of a later version than this program knows: a
// newer PartnerHub migrated it, and this one would not know its tables.
var ErrSchemaNewer = errors.New("models: the database's schema is newer than this program")

// migrations is goose over the pool beneath GORM. It bypasses the write gate (store/gate.go):
// migrations run at start, before anything else in the process writes. goose's global registry of
// Go migrations is not used: the provider gets them here, and nothing registers drivers (the
// database is the one store.Open opened, mattn/go-sqlite3).
func migrations(db *gorm.DB) (*goose.Provider, error) {
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	fsys, err := fs.Sub(migrationFiles, "migrations/"+store.Dialect(db))
	if err != nil {
		return nil, err
	}
	return goose.NewProvider(gooseDialect(db), sqlDB, fsys,
		goose.WithDisableGlobalRegistry(true), goose.WithLogger(goose.NopLogger()))
}

// Migrate brings the database's schema to the latest version: it adopts a database made before
// the schema had versions, refuses one of a newer version, and applies the pending migrations.
func Migrate(ctx context.Context, db *gorm.DB) error {
	p, err := migrations(db)
	if err != nil {
		return fmt.Errorf("models: migrate: %w", err)
	}
	if err := adoptUnversioned(ctx, db, p); err != nil {
		return err
	}
	st, err := SchemaStatus(ctx, db)
	if err != nil {
		return err
	}
	if st.Current > st.Latest {
		return fmt.Errorf("%w: it is at version %d, this program knows versions up to %d; run a newer PartnerHub",
			ErrSchemaNewer, st.Current, st.Latest)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("models: migrate: %w", err)
	}
	return nil
}

// Schema is where a database's schema stands.
type Schema struct {
	Current     int64    // the latest version applied; 0 for an empty database
	Latest      int64    // the latest version this program knows
	Pending     []string // the migrations not applied yet, in order
	Unversioned bool     // made before the schema had versions: adopted at version 1 by Migrate
}

// SchemaStatus tells where the database's schema stands, and changes nothing.
func SchemaStatus(ctx context.Context, db *gorm.DB) (Schema, error) {
	p, err := migrations(db)
	if err != nil {
		return Schema{}, fmt.Errorf("models: migrate: %w", err)
	}
	var st Schema
	for _, s := range p.ListSources() {
		st.Latest = max(st.Latest, s.Version)
	}
	versioned, err := store.HasTable(ctx, db, versionTable)
	if err != nil {
		return st, err
	}
	if versioned {
		// goose's GetDBVersion is the highest version recorded, whether or not this program knows it
		if st.Current, err = p.GetDBVersion(ctx); err != nil {
			return st, fmt.Errorf("models: migrate: %w", err)
		}
	}
	if st.Current == 0 {
		if st.Unversioned, err = store.HasTable(ctx, db, "partners"); err != nil {
			return st, err
		}
	}
	for _, s := range p.ListSources() {
		if s.Version > st.Current && !(st.Unversioned && s.Version == 1) {
			st.Pending = append(st.Pending, fmt.Sprintf("%05d %s", s.Version, s.Path))
		}
	}
	return st, nil
}

// adoptUnversioned moves a database made before the schema had versions (one with the partners
// table and no version applied) to version 1 without losing a row. Such a database was built and
// kept up to date by the unversioned Migrate, which is run once more here: on a database of the
// last unversioned release it changes nothing, on an older one it adds what that release added
// (the entries' ordinals and their backfill, indexes, the search tables). Its schema is then the
// one 00001_initial.sql creates, and version 1 is recorded as applied (with goose's version 0
// first, as goose itself records a new table). The unversioned Migrate builds the models as they
// are now: once a migration after 1 changes a model, adoption has to build version 1's schema
// instead, and TestAdoptUnversioned fails until it does.
func adoptUnversioned(ctx context.Context, db *gorm.DB, p *goose.Provider) error {
	st, err := SchemaStatus(ctx, db)
	if err != nil || !st.Unversioned {
		return err
	}
	if err := migrateUnversioned(ctx, db); err != nil {
		return err
	}
	versions, err := database.NewStore(gooseDialect(db), versionTable)
	if err != nil {
		return err
	}
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	versioned, err := store.HasTable(ctx, db, versionTable)
	if err != nil {
		return err
	}
	err = inTx(ctx, sqlDB, func(tx *sql.Tx) error {
		if !versioned {
			if err := versions.CreateVersionTable(ctx, tx); err != nil {
				return err
			}
			if err := versions.Insert(ctx, tx, database.InsertRequest{Version: 0}); err != nil {
				return err
			}
		}
		return versions.Insert(ctx, tx, database.InsertRequest{Version: 1})
	})
	if err != nil {
		return fmt.Errorf("models: migrate: record version 1 of an unversioned database: %w", err)
	}
	return nil
}

// gooseDialect is goose's name of db's database.
func gooseDialect(db *gorm.DB) database.Dialect {
	if store.IsPostgres(db) {
		return database.DialectPostgres
	}
	return database.DialectSQLite3
}

// inTx runs f in a transaction of the pool beneath GORM.
func inTx(ctx context.Context, db *sql.DB, f func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}
