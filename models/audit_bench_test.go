//go:build slow

package models

import (
	"io"
	"os"
	"strconv"
	"testing"
	"time"
)

// BenchmarkAuditLog (run by `make bench`) reads pages of an audit log of millions of records, as
// a busy partner's grows by a record per transfer: two thirds of them the provider's, one in a
// thousand a member change, ten a second over the months before testNow.
func BenchmarkAuditLog(b *testing.B) {
	if os.Getenv("PARTNERHUB_BENCH_DB") == "" {
		b.Skip("a benchmark: run `make bench`")
	}
	n := 3_000_000
	if v, err := strconv.Atoi(os.Getenv("PARTNERHUB_AUDIT_N")); err == nil && v > 0 {
		n = v
	}
	db := demoCopy(b)
	provider, distributor, op := actor(b, db, "provider"), actor(b, db, "distributor"), operatorActor(b, db)
	start := time.Now()
	// recursive CTE: a bench-only statement, SQLite's
	err := db.Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
		INSERT INTO audit_records (at, partner_id, user_id, action, object_type, object_id, after, request_id, address)
		SELECT strftime('%Y-%m-%d %H:%M:%f+00:00', ?, '-' || ((? - i) / 10.0) || ' seconds'),
			CASE WHEN i % 3 = 0 THEN ? ELSE ? END, CASE WHEN i % 3 = 0 THEN ? ELSE ? END,
			CASE WHEN i % 1000 = 0 THEN 'member.roles' ELSE 'transfer.allocate' END, 'transfer', i,
			'{"amount":"12.00","customer_id":123456}', 'bench' || i, '10.0.0.1' FROM n`,
		n, testNow.UTC().Format("2006-01-02 15:04:05"), n, distributor.PartnerID, provider.PartnerID,
		distributor.UserID, provider.UserID).Error
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("audit_bench: loaded %d records in %s", n, time.Since(start).Round(time.Millisecond))
	day := testNow.AddDate(0, 0, -30)
	for _, c := range []struct {
		name string
		a    Actor
		f    AuditFilter
	}{
		{"partner first page", provider, AuditFilter{}},
		{"partner page 500", provider, AuditFilter{Page: 500}},
		{"partner one day", provider, AuditFilter{From: day, To: day.AddDate(0, 0, 1)}},
		{"partner rare action", provider, AuditFilter{Action: "member.roles"}},
		{"partner common action", provider, AuditFilter{Action: "transfer.allocate"}},
		{"partner group of a rare action", provider, AuditFilter{Action: "member."}},
		{"partner actor", provider, AuditFilter{Actor: "provider"}},
		{"operator first page", op, AuditFilter{}},
		{"operator object", op, AuditFilter{ObjectType: "transfer", ObjectID: 12345}},
		{"operator rare action", op, AuditFilter{Action: "member.roles"}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := ListAudit(bg, db, c.a, c.f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("partner export 100k", func(b *testing.B) {
		for b.Loop() {
			if err := ExportAudit(bg, db, provider, AuditFilter{}, io.Discard); err != nil {
				b.Fatal(err)
			}
		}
	})
}
