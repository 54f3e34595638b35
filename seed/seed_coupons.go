package seed

import (
	"context"
	"time"

	"partnerhub/models"
)

// coupons gives the demo world quotas and coupons through the same use cases as the console: the
// operator grants the provider and the master distributor quotas, the distributor gives part of
// its quota to two resellers, and the provider and a reseller issue coupons (a few expiring within
// the week, one reclaimed).
func (w *demoWorld) coupons() error {
	ctx := context.Background()
	op, err := w.actor("operator")
	if err != nil {
		return err
	}
	day := 24 * time.Hour
	grants := []models.GrantInput{
		{PartnerID: w.provider.ID, Amount: models.Fen(5000000), Remark: "2026 下半年伙伴激励"},
		{PartnerID: w.provider.ID, Type: models.CashCouponQuota, Amount: models.Fen(1000000), MaxFace: models.Fen(200000),
			ServiceTypes: []string{"hws.service.type.ec2", "hws.service.type.ebs"}, Remark: "计算与存储推广"},
		{PartnerID: w.distributor.ID, Amount: models.Fen(10000000), Remark: "分销计划额度"},
	}
	quotas := make([]*models.CouponQuota, len(grants))
	for i, g := range grants {
		g.EffectiveAt, g.ExpireAt = w.now.Add(-30*day), w.now.Add(150*day)
		if quotas[i], err = models.GrantQuota(ctx, w.db, op, g, w.now); err != nil {
			return err
		}
	}
	dist, err := w.actor("distributor")
	if err != nil {
		return err
	}
	given, err := models.GiveQuota(ctx, w.db, dist, quotas[2].ID, []uint64{w.resellers[0].ID, w.resellers[1].ID}, models.Fen(2000000), w.now)
	if err != nil {
		return err
	}
	if err := w.issueDemo("provider", quotas[0].ID, 12, 20000, w.now.Add(120*day)); err != nil {
		return err
	}
	if err := w.issueDemo("provider", quotas[0].ID, 3, 5000, w.now.Add(5*day)); err != nil { // expiring this week
		return err
	}
	return w.issueDemo("reseller", given[0].Child.ID, 6, 10000, w.now.Add(90*day))
}

// issueDemo issues n coupons of fen from a quota to the partner's first customers (the demo
// customer user among the provider's), and reclaims the last one.
func (w *demoWorld) issueDemo(admin string, quotaID uint64, n int, fen int64, expire time.Time) error {
	ctx := context.Background()
	a, err := w.actor(admin)
	if err != nil {
		return err
	}
	var dids []string
	if admin == "provider" {
		var c models.Customer
		if err := w.db.Where("account_name = ?", "demo-customer").First(&c).Error; err != nil {
			return err
		}
		dids = append(dids, c.DomainID)
	}
	var more []string
	w.db.Model(&models.Customer{}).Where("partner_id = ? AND frozen = 0 AND account_name <> ?", a.PartnerID, "demo-customer").
		Order("id").Limit(n-len(dids)).Pluck("domain_id", &more)
	out, err := models.IssueCoupons(ctx, w.db, a, models.IssueInput{QuotaID: quotaID, Customers: append(dids, more...), FaceValue: models.Fen(fen),
		ExpireAt: expire, Memo: "演示代金券"}, w.now)
	if err != nil {
		return err
	}
	last := out.Results[len(out.Results)-1].Coupon
	_, err = models.ReclaimCoupon(ctx, w.db, a, last.ID, w.now)
	return err
}

func (w *demoWorld) actor(username string) (models.Actor, error) {
	var u models.User
	err := w.db.Where("username = ?", username).First(&u).Error
	return models.ActorOf(&u, "seed"), err
}
