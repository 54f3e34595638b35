package main

import (
	"context"
	"log/slog"
	"time"

	"gorm.io/gorm"

	"partnerhub/models"
)

// orderBatch bounds one round of the order steps: each order is its own short transaction.
const orderBatch = 1000

// sweepOrders runs the orders' background steps until ctx ends: it completes paid orders by
// creating their resources or applying their renewals (processing → completed, so the states
// are real), cancels the orders whose payment deadline has passed, and moves resources through
// their expiry (auto-renewal, expired, frozen, closed: models.SweepResources). All are
// idempotent, so several servers may run them.
func sweepOrders(ctx context.Context, db *gorm.DB, log *slog.Logger, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		now := time.Now().UTC()
		if n, err := models.ProcessPaidOrders(ctx, db, now, orderBatch); err != nil && ctx.Err() == nil {
			log.Error("order processing", "err", err)
		} else if n > 0 {
			log.Info("order processing", "completed", n)
		}
		if n, err := models.SweepOrders(ctx, db, now, orderBatch); err != nil && ctx.Err() == nil {
			log.Error("order payment deadline sweep", "err", err)
		} else if n > 0 {
			log.Info("order payment deadline sweep", "cancelled", n)
		}
		sweepResources(ctx, db, log, now)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// sweepResources runs the resources' expiry sweep until a round finds less than a batch to do:
// a million resources expiring the same day are done in one go, not a thousand every interval.
// Each chunk is a short transaction of its own, so other writes go on in between.
func sweepResources(ctx context.Context, db *gorm.DB, log *slog.Logger, now time.Time) {
	var total models.ResourceSweep
	for ctx.Err() == nil {
		s, err := models.SweepResources(ctx, db, now, orderBatch)
		total = models.ResourceSweep{Renewed: total.Renewed + s.Renewed, Expired: total.Expired + s.Expired,
			Frozen: total.Frozen + s.Frozen, Closed: total.Closed + s.Closed}
		if err != nil {
			if ctx.Err() == nil {
				log.Error("resource expiry sweep", "err", err)
			}
			break
		}
		if s.Renewed+s.Expired+s.Frozen+s.Closed < orderBatch {
			break
		}
	}
	if total != (models.ResourceSweep{}) {
		log.Info("resource expiry sweep", "renewed", total.Renewed, "expired", total.Expired, "frozen", total.Frozen, "closed", total.Closed)
	}
}
