package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"gorm.io/gorm"

	"partnerhub/models"
	"partnerhub/store"
)

// rateUsage records and rates on-demand usage until ctx ends: each complete hour's usage of the
// resources in use (from a day back at start, so hours missed while the server was down are
// recorded; an hour already recorded is never recorded or rated again), then rates what waits
// (imported usage too), then freezes the on-demand resources of customers whose arrears outlived
// their grace period. Every step is idempotent, so several servers may run it.
func rateUsage(ctx context.Context, db *gorm.DB, log *slog.Logger, grace, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	last := time.Now().UTC().Truncate(time.Hour).Add(-25 * time.Hour)
	for {
		now := time.Now().UTC()
		for hour := last.Add(time.Hour); hour.Add(time.Hour).Compare(now) <= 0 && ctx.Err() == nil; hour = hour.Add(time.Hour) {
			n, err := models.GenerateUsage(ctx, db, hour, now)
			if err != nil {
				if ctx.Err() == nil {
					log.Error("usage generator", "hour", hour, "err", err)
				}
				break
			}
			last = hour
			if n > 0 {
				log.Info("usage generator", "hour", hour, "records", n)
			}
		}
		if res, err := models.RateUsage(ctx, db, models.RateOptions{Grace: grace}, now); err != nil && ctx.Err() == nil {
			log.Error("usage rating", "err", err)
		} else if res.Rated+res.Unpriced > 0 {
			log.Info("usage rating", "rated", res.Rated, "unpriced", res.Unpriced, "cash", models.Fen(res.Cash).StringFixed(2),
				"coupons", models.Fen(res.Coupon).StringFixed(2), "debt", models.Fen(res.Debt).StringFixed(2))
		}
		if n, err := models.SweepArrears(ctx, db, now, orderBatch); err != nil && ctx.Err() == nil {
			log.Error("arrears sweep", "err", err)
		} else if n > 0 {
			log.Info("arrears sweep", "customers frozen", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// usageCommand is `partnerhub usage import FILE.csv`: imports usage from elsewhere (checked as a
// whole: a refused line refuses the file, each listed with its line) and rates it.
func usageCommand(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	if len(args) == 0 || args[0] != "import" {
		return errors.New("usage: partnerhub usage import [--db FILE] FILE.csv")
	}
	c := &config{}
	fs := newFlagSet("usage import", out)
	commonFlags(fs, c, getenv)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("usage import: name one CSV file (columns resource_id,hour,usage_factor,usage_value,usage_measure_id)")
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	db, err := openDB(ctx, c.DB)
	if err != nil {
		return err
	}
	defer store.Close(db)
	now := time.Now().UTC()
	a := models.Actor{Kind: models.OperatorUser, RequestID: "usage-import"}
	res, err := models.ImportUsage(ctx, db, a, f, now)
	if errors.Is(err, models.ErrUsageRefused) {
		for _, r := range res.Rejected {
			fmt.Fprintf(out, "line %d, %s: %s\n", r.Line, r.Column, strings.TrimPrefix(r.Err.Error(), "models: "))
		}
		return fmt.Errorf("usage import: %d of %d lines refused; nothing was imported", len(res.Rejected), res.Lines)
	}
	var ce *models.CSVError
	if errors.As(err, &ce) {
		return fmt.Errorf("usage import: line %d: the file is not a usage CSV (%s)", ce.Line, ce.Reason)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "usage import: %d lines, %d records added, %d already recorded (skipped)\n", res.Lines, res.Added, res.Skipped)
	rated, err := models.RateUsage(ctx, db, models.RateOptions{}, now)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "rated %d records (%d without a price): coupons %s, cash %s, arrears %s\n", rated.Rated, rated.Unpriced,
		models.Fen(rated.Coupon).StringFixed(2), models.Fen(rated.Cash).StringFixed(2), models.Fen(rated.Debt).StringFixed(2))
	return nil
}
