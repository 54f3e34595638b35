package seed

import (
	"context"
	"crypto/rand"
	"fmt"
	"time"

	"partnerhub/models"
)

// topups gives the provider's first advisory customer two top-ups of its own, paid through the
// gateway's notice as the callback hears it (ConfirmTopup, the only thing that credits a top-up),
// so that an advisory customer's own money shows in the demo and `partnerhub check` matches each
// with its transfer. The demo's gateway secret is made here and forgotten: the notices are signed
// and verified with it once, and nothing stored depends on it.
func (w *demoWorld) topups() error {
	if !w.db.Migrator().HasTable(&models.Topup{}) {
		return nil // a database of version 1 (the adoption test's) has no top-ups
	}
	var c models.Customer
	err := w.db.Where("partner_id = ? AND mode = ? AND frozen = 0", w.provider.ID, models.Advisory).Order("id").First(&c).Error
	if err != nil {
		return err
	}
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return err
	}
	ctx := context.Background()
	cust := models.Actor{Kind: models.CustomerUser, CustomerID: c.ID, RequestID: "seed"}
	for i, p := range []struct {
		days int
		fen  int64
	}{{-20, 500000}, {-6, 120000}} {
		at := w.now.Add(time.Duration(p.days) * 24 * time.Hour)
		tp, err := models.CreateTopup(ctx, w.db, cust, models.TopupInput{Amount: models.Fen(p.fen)}, at)
		if err != nil {
			return err
		}
		n := models.TopupNotice{Reference: tp.Reference, TradeNo: fmt.Sprintf("SIM-DEMO-%d", i+1), Amount: tp.Amount, Status: models.NoticePaid}
		n.SignWith(secret)
		if _, err := models.ConfirmTopup(ctx, w.db, models.Actor{RequestID: "seed-gateway"}, secret, n, at.Add(3*time.Minute)); err != nil {
			return err
		}
	}
	return nil
}
