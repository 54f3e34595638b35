package seed

import (
	"context"
	"time"

	"gorm.io/gorm"

	"partnerhub/models"
)

// DemoAccessKey gives the demo customer (`customer`) an access key of its own, made as the portal
// makes one (CreateAccessKey, audited), so that the portal's access keys page and the API's
// customer-credential operations have a key to show, disable and delete. Its secret is sealed with
// the server's encryption key, as every key's is, and never shown nor printed: it is forgotten
// here, as a key's secret is once its page is left. To call the API as the customer, create a key
// in the portal (its secret is shown once). It is not part of Demo because the seal needs the
// server's key, which only the server holds; the server calls it after seeding the demo world.
func DemoAccessKey(ctx context.Context, db *gorm.DB, s *models.Sealer, now time.Time) error {
	var u models.User
	if err := db.WithContext(ctx).Where("username = ? AND kind = ?", "customer", models.CustomerUser).First(&u).Error; err != nil {
		return err
	}
	_, err := models.CreateAccessKey(ctx, db, s, models.ActorOf(&u, "seed"), now)
	return err
}
