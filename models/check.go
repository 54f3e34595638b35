package models

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// Check verifies the database's invariants and returns one line per violation. It reads only.
// The ledger's invariants join these when the ledger lands.
func Check(ctx context.Context, db *gorm.DB) ([]string, error) {
	checks := []struct{ name, sql string }{
		{"customers with more than one active association",
			`SELECT COUNT(*) FROM (SELECT customer_id FROM associations WHERE status = 1 GROUP BY customer_id HAVING COUNT(*) > 1) x`},
		{"customers whose current association is not their active association",
			`SELECT COUNT(*) FROM customers c LEFT JOIN associations a ON a.id = c.association_id
			 WHERE c.association_id IS NOT NULL AND (a.id IS NULL OR a.status <> 1 OR a.customer_id <> c.id
			   OR a.partner_id <> c.partner_id OR a.top_partner_id <> c.top_partner_id OR a.mode <> c.mode)`},
		{"active associations not shown on their customer",
			`SELECT COUNT(*) FROM associations a JOIN customers c ON c.id = a.customer_id
			 WHERE a.status = 1 AND (c.association_id IS NULL OR c.association_id <> a.id)`},
		{"customers with a partner but no association",
			`SELECT COUNT(*) FROM customers WHERE association_id IS NULL AND (partner_id IS NOT NULL OR mode <> 0)`},
		{"customer counters that differ from a recount",
			`SELECT COUNT(*) FROM (
			   SELECT partner_id, mode, verified_status, label, SUM(n) AS n FROM (
			     SELECT partner_id, mode, verified_status, label, n FROM customer_counts
			     UNION ALL
			     SELECT partner_id, mode, verified_status, label, -COUNT(*) FROM customers WHERE partner_id IS NOT NULL
			     GROUP BY partner_id, mode, verified_status, label) d
			   GROUP BY partner_id, mode, verified_status, label HAVING SUM(n) <> 0) x`},
		{"resellers whose customers are not seen by their master distributor",
			`SELECT COUNT(*) FROM customers c JOIN partners p ON p.id = c.partner_id
			 WHERE c.top_partner_id <> COALESCE(p.distributor_id, p.id)`},
	}
	var report []string
	for _, c := range checks {
		var n int64
		if err := db.WithContext(ctx).Raw(c.sql).Scan(&n).Error; err != nil {
			return nil, fmt.Errorf("models: check %q: %w", c.name, err)
		}
		if n != 0 {
			report = append(report, fmt.Sprintf("%s: %d", c.name, n))
		}
	}
	return report, nil
}
