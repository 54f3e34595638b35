package models

import (
	"cmp"
	"context"
	"slices"
	"time"

	"gorm.io/gorm"
)

// A partner's consumption by day: what the home page's chart of the month reads. Each fee record
// adds to the daily sum of its partner and, when that is a reseller, of its master distributor,
// in the transaction that writes it (addMonthlySums), so the chart reads at most a month of days
// by service type, whatever the number of customers and fee records.

// DailySum is what a partner's customers consumed on a day (YYYY-MM-DD in the business zone) of
// one service type: official less discount, refunds negative, in fen.
type DailySum struct {
	ID          uint64 `gorm:"primaryKey"`
	PartnerID   uint64 `gorm:"not null;uniqueIndex:ux_dsum_key,priority:1"`
	Day         string `gorm:"size:10;not null;uniqueIndex:ux_dsum_key,priority:2"`
	ServiceType string `gorm:"size:64;not null;uniqueIndex:ux_dsum_key,priority:3"`
	Amount      int64  `gorm:"not null;default:0"`
	Count       int64  `gorm:"not null;default:0"`
}

type dailyKey struct {
	partnerID    uint64
	day, service string
}

// addDailySums adds fee records to their partners' daily sums, in the records' transaction.
func addDailySums(tx *gorm.DB, records []FeeRecord) error {
	sums := map[dailyKey]*DailySum{}
	var keys []dailyKey
	add := func(partnerID uint64, f *FeeRecord) {
		k := dailyKey{partnerID, f.TradeTime.In(BusinessZone).Format(time.DateOnly), f.ServiceType}
		s := sums[k]
		if s == nil {
			s = &DailySum{PartnerID: partnerID, Day: k.day, ServiceType: k.service}
			sums[k] = s
			keys = append(keys, k)
		}
		s.Amount += f.Official - f.Discount
		s.Count++
	}
	for i := range records {
		f := &records[i]
		if f.PartnerID != 0 {
			add(f.PartnerID, f)
		}
		if f.TopPartnerID != 0 && f.TopPartnerID != f.PartnerID {
			add(f.TopPartnerID, f)
		}
	}
	rows := make([][]any, len(keys))
	for i, k := range keys { // in the records' order, as addMonthlySums
		d := sums[k]
		rows[i] = []any{d.PartnerID, d.Day, d.ServiceType, d.Amount, d.Count}
	}
	return addToSums(tx, "daily_sums", []string{"partner_id", "day", "service_type"}, []string{"amount", "count"}, nil, rows)
}

// Consumption is a partner's consumption of a cycle by day and service type (its resellers'
// customers' too, for a master distributor): Daily[s][d] is service type Services[s] on the
// cycle's day d+1, and Totals[s] its sum. Services come by what they cost, most first.
type Consumption struct {
	Cycle    string
	Days     int // the days of the cycle
	Services []string
	Daily    [][]int64
	Totals   []int64
	Total    int64
}

// MonthConsumption is the acting partner's consumption of a cycle (YYYY-MM), read from its daily
// sums.
func MonthConsumption(ctx context.Context, db *gorm.DB, a Actor, cycle string) (*Consumption, error) {
	if a.Kind != PartnerUser || a.PartnerID == 0 {
		return nil, ErrForbidden
	}
	cycle, first, err := ParseBillCycle(cycle)
	if err != nil {
		return nil, &FieldError{Field: "bill_cycle", Err: ErrBillCycle}
	}
	next := first.AddDate(0, 1, 0)
	var rows []DailySum
	err = db.WithContext(ctx).Where("partner_id = ? AND day >= ? AND day < ?", a.PartnerID,
		first.Format(time.DateOnly), next.Format(time.DateOnly)).Find(&rows).Error
	if err != nil {
		return nil, err
	}
	c := &Consumption{Cycle: cycle, Days: next.AddDate(0, 0, -1).Day()}
	index := map[string]int{}
	for _, r := range rows {
		if _, ok := index[r.ServiceType]; !ok {
			index[r.ServiceType] = len(c.Services)
			c.Services = append(c.Services, r.ServiceType)
			c.Daily = append(c.Daily, make([]int64, c.Days))
			c.Totals = append(c.Totals, 0)
		}
		day, err := time.ParseInLocation(time.DateOnly, r.Day, BusinessZone)
		if err != nil {
			return nil, err
		}
		s := index[r.ServiceType]
		c.Daily[s][day.Day()-1] += r.Amount
		c.Totals[s] += r.Amount
		c.Total += r.Amount
	}
	c.byTotal()
	return c, nil
}

// byTotal orders the service types by their totals, most first (then by code).
func (c *Consumption) byTotal() {
	order := make([]int, len(c.Services))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int {
		return cmp.Or(cmp.Compare(c.Totals[j], c.Totals[i]), cmp.Compare(c.Services[i], c.Services[j]))
	})
	services, daily, totals := make([]string, len(order)), make([][]int64, len(order)), make([]int64, len(order))
	for k, i := range order {
		services[k], daily[k], totals[k] = c.Services[i], c.Daily[i], c.Totals[i]
	}
	c.Services, c.Daily, c.Totals = services, daily, totals
}
