package testfixture

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql's "pgx": CREATE and DROP DATABASE
)

// PostgreSQL: when PostgresEnv names a cluster (.ci/postgres.sh start prints its DSN, `make
// test-pg` sets it), tests run on PostgreSQL instead of SQLite files. Each test gets a database of
// its own, made with CREATE DATABASE … TEMPLATE from a template database built once per test
// binary (the counterpart of Copy), and dropped when the test ends.

// PostgresEnv is the environment variable holding the DSN of a PostgreSQL database of the test
// cluster (its user may create databases).
const PostgresEnv = "PARTNERHUB_TEST_PG"

// Postgres is the DSN of the test cluster, or "" when tests run on SQLite.
func Postgres() string { return os.Getenv(PostgresEnv) }

var (
	pgMu        sync.Mutex
	pgAdmin     *sql.DB
	pgTemplates = map[string]*pgTemplate{}
	pgSeq       atomic.Int64
)

type pgTemplate struct {
	once sync.Once
	name string
	err  error
}

// BuildPG builds a template database, given its DSN.
type BuildPG func(dsn string) error

// admin is a connection pool to the cluster's database named in the DSN, for CREATE and DROP.
func admin() (*sql.DB, error) {
	pgMu.Lock()
	defer pgMu.Unlock()
	if pgAdmin == nil {
		db, err := sql.Open("pgx", Postgres())
		if err != nil {
			return nil, err
		}
		db.SetMaxOpenConns(4)
		pgAdmin = db
	}
	return pgAdmin, nil
}

// PGDSN is the DSN of the test cluster's database name (a second pool on a test's database).
func PGDSN(name string) (string, error) { return dsnOf(name) }

// dsnOf is the test cluster's DSN naming database name instead.
func dsnOf(name string) (string, error) {
	u, err := url.Parse(Postgres())
	if err != nil {
		return "", fmt.Errorf("testfixture: %s: %w", PostgresEnv, err)
	}
	u.Path = "/" + name
	return u.String(), nil
}

// createDB creates database name as a copy of template and returns its DSN.
func createDB(name, template string) (string, error) {
	db, err := admin()
	if err != nil {
		return "", err
	}
	if _, err := db.ExecContext(context.Background(), `CREATE DATABASE "`+name+`" TEMPLATE "`+template+`"`); err != nil {
		return "", fmt.Errorf("testfixture: create database %s: %w", name, err)
	}
	return dsnOf(name)
}

// dropDB drops database name, ending its connections.
func dropDB(name string) error {
	db, err := admin()
	if err != nil {
		return err
	}
	_, err = db.ExecContext(context.Background(), `DROP DATABASE IF EXISTS "`+name+`" WITH (FORCE)`)
	return err
}

// newName is a database name unique in the cluster for this process.
func newName(kind string) string {
	return fmt.Sprintf("ph_%d_%s_%d", os.Getpid(), kind, pgSeq.Add(1))
}

// PGTemplate returns the name of the template database named key, built by build on the first
// call with that key in this test binary (from template1, which has pg_trgm).
func PGTemplate(key string, build BuildPG) (string, error) {
	pgMu.Lock()
	tpl, ok := pgTemplates[key]
	if !ok {
		tpl = &pgTemplate{name: newName("tpl")}
		pgTemplates[key] = tpl
	}
	pgMu.Unlock()
	tpl.once.Do(func() {
		dsn, err := createDB(tpl.name, "template1")
		if err == nil {
			err = build(dsn)
		}
		if err != nil {
			tpl.err = fmt.Errorf("testfixture: build template %s: %w", key, err)
		}
	})
	return tpl.name, tpl.err
}

// CopyPG makes a database of the test's own from the template named key (built by build when it
// is not yet), dropped when the test ends, and returns its DSN. The build must close its
// connections: PostgreSQL copies no template that a session is connected to.
func CopyPG(t testing.TB, key string, build BuildPG) string {
	t.Helper()
	tpl, err := PGTemplate(key, build)
	if err != nil {
		t.Fatal(err)
	}
	return NewPG(t, tpl)
}

// NewPG makes a database of the test's own as a copy of template ("template1" for an empty one),
// dropped when the test ends, and returns its DSN.
func NewPG(t testing.TB, template string) string {
	t.Helper()
	name := newName("t")
	dsn, err := createDB(name, template)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := dropDB(name); err != nil {
			t.Errorf("testfixture: drop database %s: %v", name, err)
		}
	})
	return dsn
}

// dropPGTemplates drops the template databases (Run calls it after the tests).
func dropPGTemplates() {
	pgMu.Lock()
	names := make([]string, 0, len(pgTemplates))
	for _, tpl := range pgTemplates {
		names = append(names, tpl.name)
	}
	pgMu.Unlock()
	for _, n := range names {
		dropDB(n)
	}
}
