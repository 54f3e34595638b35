package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"

	"partnerhub/delivery"
	"partnerhub/handlers"
	"partnerhub/models"
	"partnerhub/seed"
	"partnerhub/store"

	"gorm.io/gorm"
)

// serve runs the console until ctx ends, then shuts down gracefully.
func serve(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	c, err := parseServe(args, getenv, out)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	hashKey, err := loadOrCreateKey(c.Data, "session-hash.key", 64)
	if err != nil {
		return err
	}
	blockKey, err := loadOrCreateKey(c.Data, "session-block.key", 32)
	if err != nil {
		return err
	}
	sealKey, err := loadOrCreateKey(c.Data, "encryption.key", 32)
	if err != nil {
		return err
	}
	gatewayKey, err := loadOrCreateKey(c.Data, "gateway.key", 32) // shared with the payment gateway
	if err != nil {
		return err
	}
	sealer, err := models.NewSealer(sealKey)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, c.DB)
	if err != nil {
		return err
	}
	defer store.Close(db)
	demo, err := prepareDemo(ctx, db, c.Demo, sealer, out)
	if err != nil {
		return err
	}
	deliverer := &delivery.Deliverer{DB: db, Senders: c.senders(), BaseURL: c.BaseURL, Log: log}
	e := handlers.New(handlers.Deps{DB: db, Log: log, SecureCookies: c.SecureCookies, DemoUsers: demo, BaseURL: c.BaseURL, Sealer: sealer, APIRate: c.APIRate, Files: models.NewFileStore(c.Data), GatewayKey: gatewayKey,
		Sessions: handlers.NewSessionStore(hashKey, blockKey, c.SecureCookies), Delivery: deliverer.Channels()})
	srv := &http.Server{Addr: c.Addr, Handler: e, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	go sweepCoupons(ctx, db, log, time.Minute)
	go sweepOrders(ctx, db, log, 5*time.Second)
	go rateUsage(ctx, db, log, c.ArrearsGrace, time.Minute)
	dctx, stopDelivery := context.WithCancel(ctx)
	delivered := make(chan struct{})
	go func() { deliverer.Run(dctx, 5*time.Second); close(delivered) }()
	// a message on its way is finished and recorded before the database closes
	defer func() { stopDelivery(); <-delivered }()
	fmt.Fprintf(out, "PartnerHub is serving http://%s (database %s)\n", c.Addr, store.Redacted(c.DB))
	fmt.Fprintln(out, deliveryNote(deliverer.Channels()))
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	case <-ctx.Done():
	}
	fmt.Fprintln(out, "shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}

// senders are the invitation senders configured, by channel.
func (c *config) senders() map[string]delivery.Sender {
	s := map[string]delivery.Sender{}
	if c.SMTP != nil {
		s[models.ChannelEmail] = c.SMTP
	}
	if c.SMS != nil {
		s[models.ChannelSMS] = c.SMS
	}
	return s
}

// deliveryNote says at start which invitation channels are sent, so that nobody expects a message
// that stays queued.
func deliveryNote(channels []string) string {
	if len(channels) == 0 {
		return "invitation delivery: not configured (--smtp-url, --sms-webhook); invitations wait as links to copy"
	}
	return "invitation delivery: " + strings.Join(channels, ", ")
}

// prepareDemo seeds the demo world into an empty database when asked, with the demo customer's
// access key sealed under the server's key (its secret never printed), and reports (with a
// warning) whether demo sign-ins exist.
func prepareDemo(ctx context.Context, db *gorm.DB, seedDemo bool, sealer *models.Sealer, out io.Writer) (bool, error) {
	if seedDemo {
		used, err := models.HasUsers(ctx, db)
		if err != nil {
			return false, err
		}
		if !used {
			now := time.Now().UTC()
			if err := seed.Demo(ctx, db, now); err != nil {
				return false, fmt.Errorf("seed demo world: %w", err)
			}
			if err := seed.DemoAccessKey(ctx, db, sealer, now); err != nil {
				return false, fmt.Errorf("seed demo access key: %w", err)
			}
			fmt.Fprintln(out, "seeded the demo world")
		}
	}
	demo, err := models.HasDemoUsers(ctx, db)
	if err != nil || !demo {
		return false, err
	}
	fmt.Fprintln(out, "WARNING: this database has demo accounts with a published password; never expose it.")
	fmt.Fprintf(out, "Demo sign-ins (password %s):\n", models.DemoPassword)
	for _, u := range models.DemoUsers {
		fmt.Fprintf(out, "  %-18s %s\n", u.Username, u.Role)
	}
	return true, nil
}

// sweepCoupons expires coupons on time, whether or not anyone opens a page: at start and then
// every interval, until ctx ends. The sweep is idempotent, so several servers on one database may
// run it; each of its transactions is short, so it never holds writers up for long.
func sweepCoupons(ctx context.Context, db *gorm.DB, log *slog.Logger, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		n, err := models.ExpireCoupons(ctx, db, time.Now().UTC())
		switch {
		case err != nil && ctx.Err() == nil:
			log.Error("coupon expiry sweep", "err", err)
		case n > 0:
			log.Info("coupon expiry sweep", "expired", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
