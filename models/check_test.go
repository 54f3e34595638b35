package models

import (
	"context"
	"strings"
	"testing"
)

func TestCheckDemoWorld(t *testing.T) {
	t.Parallel()
	mustCheck(t, demoCopy(t))
	mustCheck(t, testDB(t)) // and an empty one
}

// newestProviderEntry is the id of the newest entry of the demo provider's cash account.
const newestProviderEntry = `(SELECT MAX(id) FROM entries WHERE account_id =
	(SELECT a.id FROM accounts a JOIN partners p ON p.id = a.partner_id WHERE a.kind = 'partner' AND p.account_name = 'provider'))`

// twoLines is the first order whose resources' paid periods are of two of its lines.
const twoLines = `(SELECT MIN(order_id) FROM (SELECT order_id FROM resource_terms GROUP BY order_id HAVING COUNT(DISTINCT line_id) > 1) AS t)`

// Each kind of corruption is reported, by the check that names it.
func TestCheckReportsCorruption(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		sql    []string
		report string // a line of the report, or its beginning
	}{
		{"a cycle bill's facet lost", []string{"UPDATE cycle_bills SET facets = 0 WHERE id = (SELECT MIN(id) FROM cycle_bills)"},
			"fee records whose service type, charge mode or bill type is not in their cycle bill's facets"},
		{"counter off by one", []string{"UPDATE customer_counts SET n = n + 1 WHERE rowid = (SELECT MIN(rowid) FROM customer_counts)"},
			"customer counters that differ from a recount: 1"},
		{"ticket moved to another status alone", []string{"UPDATE tickets SET status = 'closed' WHERE id = (SELECT MIN(id) FROM tickets WHERE status = 'pending')"},
			"ticket counters that differ from a recount"},
		{"every counter off", []string{"UPDATE customer_counts SET n = n + 1"}, "customer counters that differ from a recount"},
		{"counter missing", []string{"DELETE FROM customer_counts WHERE rowid = (SELECT MIN(rowid) FROM customer_counts)"},
			"customer counters that differ from a recount: 1"},
		{"counter for a partner without customers", []string{"INSERT INTO customer_counts (partner_id, mode, verified_status, label, n) VALUES (4242, 1, 2, '', 3)"},
			"customer counters that differ from a recount: 1"},
		{"customer's mode changed alone", []string{"UPDATE customers SET mode = 3 - mode WHERE id = (SELECT MIN(id) FROM customers WHERE mode = 2)"},
			"customers whose current association is not their active association: 1"},
		{"customer moved to another partner alone", []string{`UPDATE customers SET partner_id = (SELECT id FROM partners WHERE account_name = 'reseller')
			WHERE id = (SELECT MIN(id) FROM customers WHERE partner_id = (SELECT id FROM partners WHERE account_name = 'provider'))`},
			"customers whose current association is not their active association: 1"},
		{"reseller's customer hidden from its distributor", []string{`UPDATE customers SET top_partner_id = partner_id
			WHERE id = (SELECT MIN(id) FROM customers WHERE partner_id = (SELECT id FROM partners WHERE account_name = 'reseller'))`},
			"resellers whose customers are not seen by their master distributor: 1"},
		{"second active association", []string{"DROP INDEX ux_assoc_active", // the index would refuse it
			`INSERT INTO associations (customer_id, partner_id, top_partner_id, mode, status, associated_on)
			SELECT customer_id, partner_id, top_partner_id, mode, 1, associated_on FROM associations WHERE id = (SELECT MIN(id) FROM associations)`},
			"customers with more than one active association: 1"},
		{"active association not on its customer", []string{`INSERT INTO associations (customer_id, partner_id, top_partner_id, mode, status, associated_on)
			SELECT id, 2, 2, 1, 1, created_at FROM customers WHERE id = (SELECT MIN(id) FROM customers WHERE association_id IS NULL)`},
			"active associations not shown on their customer: 1"},
		{"association ended, customer still shows it", []string{"UPDATE associations SET status = 2 WHERE id = (SELECT MIN(id) FROM associations)"},
			"customers whose current association is not their active association: 1"},
		{"customer forgets its association", []string{"UPDATE customers SET association_id = NULL WHERE id = (SELECT MIN(customer_id) FROM associations)"},
			"customers with a partner but no association: 1"},
		// the entries' ordinals (the newest entry of the provider's account and the one before it)
		{"entry ordinal skips one", []string{`UPDATE entries SET seq = seq + 1 WHERE id = ` + newestProviderEntry},
			"entries whose ordinal is not their rank in their account's time order: 1"},
		{"entry ordinal repeated", []string{`UPDATE entries SET seq = seq - 1 WHERE id = ` + newestProviderEntry},
			"entries whose ordinal is not their rank in their account's time order: 1"},
		{"entry posted before the previous one", []string{`UPDATE entries SET created_at = '2001-01-01 00:00:00+00:00' WHERE id = ` + newestProviderEntry},
			"entries whose ordinal is not their rank in their account's time order"},
		{"account's last ordinal off", []string{`UPDATE accounts SET entry_seq = entry_seq + 1 WHERE id = (SELECT MIN(account_id) FROM entries)`},
			"accounts whose entry counter or last entry time is not their entries': 1"},
		{"account's last entry time off", []string{`UPDATE accounts SET last_entry_at = '2001-01-01 00:00:00+00:00' WHERE id = (SELECT MIN(account_id) FROM entries)`},
			"accounts whose entry counter or last entry time is not their entries': 1"},
		{"kind ordinal skips one", []string{`UPDATE entries SET kind_seq = kind_seq + 1 WHERE id = ` + newestProviderEntry},
			"entries whose ordinal of their kind is not their rank in their account's time order: 1"},
		{"entry count off", []string{`UPDATE entry_counts SET n = n + 1 WHERE rowid = (SELECT MIN(rowid) FROM entry_counts)`},
			"entry counts that differ from a recount: 1"},
		{"entry count missing", []string{`DELETE FROM entry_counts WHERE rowid = (SELECT MIN(rowid) FROM entry_counts)`},
			"entry counts that differ from a recount: 1"},
		// the bills (bill.go)
		{"fee record's parts do not add up", []string{`UPDATE fee_records SET credit = 1 WHERE id = (SELECT MIN(id) FROM fee_records)`},
			"fee records whose parts do not add up (official - discount = cash + coupon + credit + debt): 1"},
		{"monthly sum's count off", []string{`UPDATE monthly_sums SET count = count + 1 WHERE id = (SELECT MIN(id) FROM monthly_sums)`},
			"monthly sums that differ from their fee records: 1"},
		{"monthly sum's cash off", []string{`UPDATE monthly_sums SET cash = cash + 1, coupon = coupon - 1 WHERE id = (SELECT MIN(id) FROM monthly_sums)`},
			"monthly sums that differ from their fee records: 1"},
		{"monthly sum missing", []string{`DELETE FROM monthly_sums WHERE id = (SELECT MIN(id) FROM monthly_sums)`},
			"monthly sums that differ from their fee records: 1"},
		{"daily sum's amount off", []string{`UPDATE daily_sums SET amount = amount + 1 WHERE id = (SELECT MIN(id) FROM daily_sums)`},
			"daily sums that differ from their fee records"},
		{"daily sum missing", []string{`DELETE FROM daily_sums WHERE id = (SELECT MAX(id) FROM daily_sums)`},
			"daily sums that differ from their fee records"},
		{"master distributor's daily sum missing", []string{`DELETE FROM daily_sums WHERE id = (SELECT MIN(d.id) FROM daily_sums d
			JOIN partners p ON p.id = d.partner_id WHERE p.account_name = 'distributor')`},
			"daily sums that differ from their fee records: 1"},
		{"payment billed as paid by cash instead of coupon", []string{`UPDATE fee_records SET cash = cash + 1, coupon = coupon - 1
			WHERE id = (SELECT MIN(id) FROM fee_records WHERE bill_type = 1 AND coupon > 0)`},
			"paid orders whose fee records' cash is not their payment transfer: 1"},
		{"auto-renewal billed for more cash", []string{`UPDATE fee_records SET cash = cash + 1, official = official + 1
			WHERE id = (SELECT MIN(id) FROM fee_records WHERE bill_type = 8)`},
			"paid orders whose fee records' cash is not their payment transfer: 1"},
		{"refund billed for less", []string{`UPDATE fee_records SET cash = cash + 1, official = official + 1
			WHERE id = (SELECT MIN(id) FROM fee_records WHERE bill_type = 4)`},
			"unsubscribe orders whose fee records' cash is not their refund transfer: 1"},
		{"refund billed as a payment", []string{`UPDATE fee_records SET bill_type = 1 WHERE id = (SELECT MIN(id) FROM fee_records WHERE bill_type = 4)`},
			"paid orders whose fee records' cash is not their payment transfer: 1"},
		{"resource term paid less than its bill line", []string{`UPDATE resource_terms SET cash = cash - 1
			WHERE id = (SELECT MIN(id) FROM resource_terms WHERE cash > 0 AND refunded = 0)`},
			"order lines whose resources' paid periods hold other cash than the line's fee record: 1"},
		{"resource term's cash moved to another line of its order", []string{
			`UPDATE resource_terms SET cash = cash - 1 WHERE id = (SELECT MIN(id) FROM resource_terms WHERE cash > 0 AND order_id = ` + twoLines + `)`,
			`UPDATE resource_terms SET cash = cash + 1 WHERE id = (SELECT MAX(id) FROM resource_terms WHERE order_id = ` + twoLines + `)`},
			"order lines whose resources' paid periods hold other cash than the line's fee record: 2"},
		{"paid order not billed", []string{`DELETE FROM fee_records WHERE id = (SELECT MAX(id) FROM fee_records WHERE bill_type = 2)`},
			"orders paid or unsubscribed since fee records began whose lines are not each billed once: 1"},
		{"unassociated customer with a mode", []string{"UPDATE customers SET mode = 1 WHERE id = (SELECT MIN(id) FROM customers WHERE association_id IS NULL)"},
			"customers with a partner but no association: 1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			db := demoCopy(t)
			for _, q := range c.sql {
				if err := db.Exec(portableSQL(q)).Error; err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			report, err := Check(context.Background(), db)
			if err != nil {
				t.Fatal(err)
			}
			if len(report) == 0 {
				t.Fatal("corruption not reported")
			}
			if !strings.Contains(strings.Join(report, "\n"), c.report) {
				t.Errorf("report %q lacks %q", report, c.report)
			}
			// the counters are rebuilt from the rows
			if strings.Contains(c.name, "counter") {
				if err := RecountCustomers(db); err != nil {
					t.Fatal(err)
				}
				mustCheck(t, db)
			}
		})
	}
}
