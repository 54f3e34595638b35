//go:build slow

package models

import (
	"os"
	"strconv"
	"testing"
	"time"
)

// BenchmarkTickets (run by `make bench`) reads the ticket lists, the operator's queue and a
// ticket's detail among millions of tickets with five messages each: three fifths of them in
// provider's world (one in a thousand `customer`'s), one fifth reseller's (distributor's world),
// in every status and severity, one a minute over the years before testNow.
func BenchmarkTickets(b *testing.B) {
	if os.Getenv("PARTNERHUB_BENCH_DB") == "" {
		b.Skip("a benchmark: run `make bench`")
	}
	n := 2_000_000
	if v, err := strconv.Atoi(os.Getenv("PARTNERHUB_TICKETS_N")); err == nil && v > 0 {
		n = v
	}
	db := demoCopy(b)
	cust, provider, reseller := actor(b, db, "customer"), actor(b, db, "provider"), actor(b, db, "reseller")
	distributor, op := actor(b, db, "distributor"), operatorActor(b, db)
	start := time.Now()
	// recursive CTEs: bench-only statements, SQLite's
	err := firstErr(db.Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
		INSERT INTO tickets (number, partner_id, top_partner_id, customer_id, submitter_id, category, problem_type, region,
			severity, title, description, status, created_at, updated_at)
		SELECT 'TK20250101' || printf('%08d', i), CASE WHEN i % 5 < 3 THEN ? WHEN i % 5 = 3 THEN ? ELSE 0 END,
			CASE WHEN i % 5 < 3 THEN ? WHEN i % 5 = 3 THEN ? ELSE 0 END,
			CASE WHEN i % 1000 = 0 THEN ? WHEN i % 5 = 4 THEN 900000 + i % 5000 ELSE 0 END, ?, 'ecs', 'fault', 'cn-north-4',
			1 + i % 4, 'bench ticket ' || i, 'a description', CASE i % 7 WHEN 0 THEN 'pending' WHEN 1 THEN 'processing'
			WHEN 2 THEN 'resolved' WHEN 3 THEN 'cancelled' ELSE 'closed' END,
			strftime('%Y-%m-%d %H:%M:%f+00:00', ?, '-' || (? - i) || ' minutes'),
			strftime('%Y-%m-%d %H:%M:%f+00:00', ?, '-' || (? - i) || ' minutes') FROM n`,
		n, provider.PartnerID, reseller.PartnerID, provider.PartnerID, distributor.PartnerID, cust.CustomerID, cust.UserID,
		testNow.UTC().Format("2006-01-02 15:04:05"), n, testNow.UTC().Format("2006-01-02 15:04:05"), n).Error,
		db.Exec(`INSERT INTO ticket_messages (ticket_id, author_id, side, kind, body, created_at)
		SELECT t.id, t.submitter_id, 'submitter', 'reply', 'message ' || k.k, t.created_at
		FROM tickets t, (SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5) k`).Error,
		db.Exec(`INSERT INTO ticket_counts (scope, scope_id, status, n)
			SELECT 'a', 0, status, COUNT(*) FROM tickets GROUP BY status
			UNION ALL SELECT 'p', partner_id, status, COUNT(*) FROM tickets WHERE partner_id <> 0 GROUP BY partner_id, status
			UNION ALL SELECT 't', top_partner_id, status, COUNT(*) FROM tickets WHERE top_partner_id <> 0 GROUP BY top_partner_id, status
			UNION ALL SELECT 'c', customer_id, status, COUNT(*) FROM tickets WHERE customer_id <> 0 GROUP BY customer_id, status
			ON CONFLICT (scope, scope_id, status) DO UPDATE SET n = excluded.n`).Error,
		db.Exec("ANALYZE").Error)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("ticket_bench: loaded %d tickets and %d messages in %s", n, 5*n, time.Since(start).Round(time.Millisecond))
	var sample Ticket
	db.Where("partner_id = ?", provider.PartnerID).Order("id DESC").First(&sample)
	for _, c := range []struct {
		name string
		a    Actor
		f    TicketFilter
	}{
		{"customer first page", cust, TicketFilter{}},
		{"partner first page", provider, TicketFilter{}},
		{"partner processing tab", provider, TicketFilter{Status: TicketProcessing}},
		{"partner page 100", provider, TicketFilter{Page: 100}},
		{"partner search by number", provider, TicketFilter{Search: sample.Number}},
		{"distributor first page", distributor, TicketFilter{}},
		{"operator queue pending", op, TicketFilter{Status: TicketPending, Queue: true}},
		{"operator queue processing page 50", op, TicketFilter{Status: TicketProcessing, Queue: true, Page: 50}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := ListTickets(bg, db, c.a, c.f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("detail", func(b *testing.B) {
		for b.Loop() {
			if _, err := GetTicket(bg, db, provider, sample.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
}
