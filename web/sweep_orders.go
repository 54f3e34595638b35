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
// creating their resources (processing → completed, so the states are real) and cancels the
// orders whose payment deadline has passed. Both are idempotent, so several servers may run them.
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
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
