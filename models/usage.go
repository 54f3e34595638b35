package models

import (
	"context"
	"hash/fnv"
	"time"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"partnerhub/store"
)

// Usage (issue 15): an on-demand resource's consumption, hour by hour. A usage record is one
// hour of one usage factor of one resource (an ECS's or EVS disk's duration, a bandwidth's or an
// OBS bucket's outbound traffic, a bucket's storage and requests); its key (resource, hour, factor) is unique, so an hour is
// recorded — and rated — once, however often the generator runs or a file is imported. Rating
// (usage_rate.go) prices each record, pays it and writes its fee record (bill type 5), whose
// usage_id is unique too.

// Where a usage record came from.
const (
	UsageGenerated int8 = 1 // the hourly generator (serve, seed --usage)
	UsageImported  int8 = 2 // partnerhub usage import
)

// UsageRecord is one hour of one usage factor of a resource. Value is in the usage type's own
// unit (MeasureID: hours, GB), with at most 8 decimal places, stored as 1e-8 units. State says
// whether it is rated (usage_rate.go; a partial index holds the waiting ones: the rating's queue).
type UsageRecord struct {
	ID         uint64    `gorm:"primaryKey;index:ix_usage_pending,where:state = 0"`
	ResourceID uint64    `gorm:"not null;uniqueIndex:ux_usage_key,priority:1"`
	CustomerID uint64    `gorm:"not null;index:ix_usage_customer,priority:1"`
	Hour       time.Time `gorm:"not null;uniqueIndex:ux_usage_key,priority:2;index:ix_usage_customer,priority:2"`
	Factor     string    `gorm:"size:32;not null;uniqueIndex:ux_usage_key,priority:3"`
	Value      UnitPrice `gorm:"not null"`
	MeasureID  uint64    `gorm:"not null"`
	Source     int8      `gorm:"not null;default:1"`
	State      int8      `gorm:"not null;default:0"`
	CreatedAt  time.Time `gorm:"not null"`
}

// Arrears is a customer's unpaid debt of rated usage: the debt of its fee records less what was
// written off since (Check keeps them equal). Since is when it last fell into arrears and DueAt
// the end of its grace period, after which its on-demand resources are frozen (FrozenAt); both
// are cleared when the arrears are paid.
type Arrears struct {
	CustomerID uint64     `gorm:"primaryKey;autoIncrement:false"`
	Amount     int64      `gorm:"not null;default:0"` // fen
	Since      *time.Time //
	DueAt      *time.Time `gorm:"index:ix_arrears_due,where:frozen_at IS NULL"`
	FrozenAt   *time.Time
	UpdatedAt  time.Time `gorm:"not null"`
}

// TableName keeps the word plural as it is.
func (Arrears) TableName() string { return "arrears" }

// AmountMoney is the arrears as Money.
func (a *Arrears) AmountMoney() Money { return Fen(a.Amount) }

// DefaultArrearsGrace is how long a customer may stay in arrears before its on-demand resources
// are frozen, unless configured otherwise (serve --arrears-grace).
const DefaultArrearsGrace = 7 * 24 * time.Hour

// The ledger's transfers of usage: a rated batch's cash (customer → cloud revenue), and the
// write-off of arrears from money that arrived later.
const (
	KindUsage    TransferKind = "usage"
	KindWriteoff TransferKind = "usage_writeoff"
)

// usageBatch is how many usage records one transaction of the generator inserts.
const usageBatch = 2000

// usageSource is an on-demand resource as the generator reads it.
type usageSource struct {
	ID           uint64
	PublicID     string
	CustomerID   uint64
	ServiceType  string
	ResourceType string
	Spec         string
}

// GenerateUsage records the hour starting at hour (truncated to the hour) of every on-demand
// resource in use since before its end: deterministic values (a resource's hour always gives the
// same usage), and nothing for an hour already recorded (the unique key). It returns how many
// records it added.
func GenerateUsage(ctx context.Context, db *gorm.DB, hour time.Time, now time.Time) (int, error) {
	hour = hour.UTC().Truncate(time.Hour)
	cat, err := loadCatalog(ctx, db)
	if err != nil {
		return 0, err
	}
	added, after := 0, uint64(0)
	for {
		var rs []usageSource
		err := db.WithContext(ctx).Model(&Resource{}).Select("id, public_id, customer_id, service_type, resource_type, spec").
			Where("id > ? AND charge_mode = ? AND status = ? AND effective_at < ?", after, ChargeOnDemand, ResourceInUse, hour.Add(time.Hour)).
			Order("id").Limit(usageBatch).Scan(&rs).Error
		if err != nil || len(rs) == 0 {
			return added, err
		}
		after = rs[len(rs)-1].ID
		records := make([]UsageRecord, 0, len(rs))
		for _, r := range rs {
			records = append(records, generatedUsage(cat, r, hour, now)...)
		}
		n, err := insertUsage(ctx, db, records, nil)
		added += n
		if err != nil {
			return added, err
		}
	}
}

// generatedUsage is a resource's usage of an hour, a record for each usage its spec and the spec's
// companions (catalog.usageSpecs) rate it by: a whole hour of a duration; for traffic a
// deterministic amount between 0.01 and 5.12 GB from the resource and the hour; for storage
// between 1 and 1024 GB stored through the hour (GB-hours); for requests between 1,000 and
// 256,000 requests, counted one by one (the price is per 10,000). A spec not sold on demand gives
// none.
func generatedUsage(cat *catalog, r usageSource, hour, now time.Time) []UsageRecord {
	_, _, spec, err := cat.resolve(r.ServiceType, r.ResourceType, r.Spec)
	if err != nil {
		return nil
	}
	var out []UsageRecord
	for _, s := range cat.usageSpecs(spec) {
		ut := cat.usageID[s.UsageTypeID]
		value, measure := decimal.NewFromInt(1), ut.MeasureID
		switch ut.Code {
		case "Duration":
		case "storage":
			value = decimal.NewFromInt(int64(usageHash(r.PublicID, hour, ut.Code)%1024) + 1)
		case "requests":
			value, measure = decimal.NewFromInt(int64(usageHash(r.PublicID, hour, ut.Code)%256+1)*1000), usageRequest
		default: // traffic
			value = decimal.New(int64(usageHash(r.PublicID, hour, "")%512)+1, -2)
		}
		out = append(out, UsageRecord{ResourceID: r.ID, CustomerID: r.CustomerID, Hour: hour, Factor: ut.Code, Value: UnitPrice{value},
			MeasureID: measure, Source: UsageGenerated, CreatedAt: now.UTC()})
	}
	return out
}

// usageRequest is the unit requests are counted in (the catalog's 22: one request).
const usageRequest = 22

// usageHash is a deterministic number of a resource's hour and usage ("" for traffic, which has
// always been hashed from the resource and hour alone).
func usageHash(publicID string, hour time.Time, factor string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(publicID))
	h.Write([]byte(hour.Format(time.RFC3339)))
	h.Write([]byte(factor))
	return h.Sum64()
}

// insertUsage inserts usage records, skipping those whose hour is already recorded, in one
// transaction, and returns how many it added; then (if not nil) runs after in the transaction.
func insertUsage(ctx context.Context, db *gorm.DB, records []UsageRecord, after func(tx *gorm.DB, added int) error) (int, error) {
	if len(records) == 0 && after == nil {
		return 0, nil
	}
	var n int64
	err := store.InMoneyTx(ctx, db, func(tx *gorm.DB) error {
		n = 0
		for start := 0; start < len(records); start += 500 {
			batch := records[start:min(start+500, len(records))]
			res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&batch)
			if res.Error != nil {
				return res.Error
			}
			n += res.RowsAffected
		}
		if after != nil {
			return after(tx, int(n))
		}
		return nil
	})
	return int(n), err
}
