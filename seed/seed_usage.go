package seed

import (
	"context"
	"time"

	"gorm.io/gorm"

	"partnerhub/models"
)

// Usage records at least n usage records of the world's on-demand resources (whole hours, from
// the last complete hour before now backwards, as the server's generator records them; fewer if
// the resources have not lived that long) and rates them. It answers the records added and what
// rating did; an hour already recorded is not recorded again, so it may run on a world twice.
func Usage(ctx context.Context, db *gorm.DB, n int, now time.Time) (int, models.RateResult, error) {
	hour := now.UTC().Truncate(time.Hour).Add(-time.Hour)
	added, empty := 0, 0
	for added < n && empty < 24*31 { // a month of hours with nothing: the resources are younger
		k, err := models.GenerateUsage(ctx, db, hour, now)
		if err != nil {
			return added, models.RateResult{}, err
		}
		if k == 0 {
			empty++
		} else {
			empty = 0
		}
		added += k
		hour = hour.Add(-time.Hour)
	}
	res, err := models.RateUsage(ctx, db, models.RateOptions{}, now)
	return added, res, err
}
