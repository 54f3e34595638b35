package models

import (
	"time"

	"gorm.io/gorm"

	"partnerhub/store"
)

// The few internals the seed worlds (package seed) need: they write rows in bulk, beside the use
// cases, and must write them as the use cases would. Each is the smallest export of an existing
// rule, so that a seeded row and a row the console wrote cannot differ.

// TopPartnerID is the partner at the top of p's chain (its master distributor for a reseller), as
// an association records it; exported for the bulk seeds, which write associations directly.
func (p *Partner) TopPartnerID() uint64 { return topPartnerOf(p) }

// AddCouponCount moves a partner's coupon counter of status by delta; exported for the coupon
// bulk loader, which inserts coupons without IssueCoupons and must keep the counters true.
func AddCouponCount(tx *gorm.DB, partnerID uint64, status int8, delta int64) error {
	return bumpCouponCount(tx, partnerID, status, delta)
}

// TransferRequestHash is the request hash an idempotent transfer of kind, amount and target
// records; exported for the seeded ledger history, whose keyed transfers must replay as the
// ledger's own would.
func TransferRequestHash(kind TransferKind, amount Money, target uint64) string {
	return keyedRequest{Kind: kind, Amount: amount, Target: target}.hash()
}

// TicketNumber is the number of ticket id created at at; exported for the demo tickets, which are
// renumbered when their history is put back in time.
func TicketNumber(id uint64, at time.Time) string { return ticketNumber(id, at) }

// InvalidateCatalog drops the cached catalog of db's pool; exported for the seeds, which write
// catalog and price rows in bulk.
func InvalidateCatalog(db *gorm.DB) { invalidateCatalog(db) }

// LineResource is the k-th resource an order's line creates at now and an ECS's system disk;
// exported for the bench world's orders, whose resources are written in bulk.
func LineResource(o *Order, l *OrderLine, k int, now time.Time) (Resource, *Resource) {
	return newLineResource(o, l, k, now)
}

// BillPeriod is a fee record's period type of an order line's period; exported for the bench
// world's bills.
func BillPeriod(periodType int) int { return billPeriod(periodType) }

// SumDailyFromFeeRecords writes the partners' daily sums again from all fee records, as
// addDailySums would have added them: the seed's bulk fee records are written beside the use cases.
func SumDailyFromFeeRecords(tx *gorm.DB) error {
	if err := tx.Exec("DELETE FROM daily_sums").Error; err != nil {
		return err
	}
	_, offset := time.Now().In(BusinessZone).Zone() // the business zone keeps one offset all year
	day := store.DayOf(tx, "trade_time", offset)
	return tx.Exec(`INSERT INTO daily_sums (partner_id, day, service_type, amount, count)
		SELECT p, d, s, SUM(a), COUNT(*) FROM (
			SELECT partner_id AS p, ` + day + ` AS d, service_type AS s, official - discount AS a FROM fee_records WHERE partner_id <> 0
			UNION ALL
			SELECT top_partner_id, ` + day + `, service_type, official - discount FROM fee_records
			WHERE top_partner_id <> 0 AND top_partner_id <> partner_id) AS f
		GROUP BY p, d, s`).Error
}
