package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// Dashboard is a partner's home page.
type Dashboard struct {
	Partner            *Partner
	Customers          int64
	ByMode             map[Mode]int64
	ByVerified         map[int8]int64
	PendingInvitations int64
	Expiring           []Invitation // pending invitations that expire within 3 days
	Recent             []Customer
	Resellers          []ResellerSummary // master distributors only
}

// ResellerSummary is one reseller on its master distributor's dashboard.
type ResellerSummary struct {
	Partner   Partner
	Customers int64
}

// PartnerDashboard builds the acting partner's home page from the customer counters, so it costs
// the same with a hundred customers or a million.
func PartnerDashboard(ctx context.Context, db *gorm.DB, a Actor, now time.Time) (*Dashboard, error) {
	now = now.UTC() // times are stored and compared as text: all in one zone
	scope, p, err := customerScope(ctx, db, a)
	if err != nil {
		return nil, err
	}
	d := &Dashboard{Partner: p, ByMode: map[Mode]int64{}, ByVerified: map[int8]int64{}}
	ids := []uint64{p.ID}
	if p.Kind == MasterDistributor {
		resellers, err := ListResellers(ctx, db, a)
		if err != nil {
			return nil, err
		}
		for _, r := range resellers {
			ids = append(ids, r.ID)
			d.Resellers = append(d.Resellers, ResellerSummary{Partner: r})
		}
	}
	// the counters summed over labels in SQL and read by column: a partner has a row per label
	rows, err := db.WithContext(ctx).Model(&CustomerCount{}).Select("partner_id, mode, verified_status, SUM(n)").
		Where("partner_id IN ?", ids).Group("partner_id, mode, verified_status").Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	reseller := make(map[uint64]int, len(d.Resellers))
	for i, r := range d.Resellers {
		reseller[r.Partner.ID] = i
	}
	for rows.Next() {
		var partnerID uint64
		var mode, verified, n int64
		if err := rows.Scan(&partnerID, &mode, &verified, &n); err != nil {
			return nil, err
		}
		d.Customers += n
		d.ByMode[Mode(mode)] += n
		d.ByVerified[int8(verified)] += n
		if i, ok := reseller[partnerID]; ok {
			d.Resellers[i].Customers += n
		}
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	inv := db.WithContext(ctx).Model(&Invitation{}).Where("partner_id = ? AND status = ? AND expires_at > ?", p.ID, InvitationPending, now)
	if err := inv.Session(&gorm.Session{}).Count(&d.PendingInvitations).Error; err != nil {
		return nil, err
	}
	err = inv.Where("expires_at <= ?", now.Add(72*time.Hour)).Preload("Enterprise").Order("expires_at").Limit(10).Find(&d.Expiring).Error
	if err != nil {
		return nil, err
	}
	d.Recent, err = findCustomers(scope.Order("customers.associated_on DESC, customers.id DESC").Limit(5))
	return d, err
}

// Overview is the operator's home page.
type Overview struct {
	Partners, Customers, Associated, Enterprises int64
}

// OperatorOverview counts the platform's partners, customers and directory.
func OperatorOverview(ctx context.Context, db *gorm.DB, a Actor) (*Overview, error) {
	if a.Kind != OperatorUser {
		return nil, ErrForbidden
	}
	o := &Overview{}
	q := db.WithContext(ctx)
	for _, c := range []struct {
		dst *int64
		tx  *gorm.DB
	}{
		{&o.Partners, q.Model(&Partner{})},
		{&o.Customers, q.Model(&Customer{})},
		{&o.Enterprises, q.Model(&Enterprise{})},
	} {
		if err := c.tx.Count(c.dst).Error; err != nil {
			return nil, err
		}
	}
	err := q.Model(&CustomerCount{}).Select("COALESCE(SUM(n), 0)").Scan(&o.Associated).Error
	return o, err
}
