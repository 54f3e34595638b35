package models

import (
	"context"
	"time"

	"gorm.io/gorm"

	"partnerhub/store"
)

// Enterprise statuses in the directory (登记状态).
const (
	EnterpriseActive    = "active"    // 存续/在业
	EnterpriseCancelled = "cancelled" // 注销
	EnterpriseRevoked   = "revoked"   // 吊销
)

// Enterprise is an entry of the enterprise directory (企业百科) in which partners look for
// customers to win.
type Enterprise struct {
	ID                uint64    `gorm:"primaryKey"`
	Name              string    `gorm:"size:256;not null"`
	CreditCode        string    `gorm:"size:18;not null;uniqueIndex"` // 统一社会信用代码
	LegalRep          string    `gorm:"size:64;not null;default:''"`
	RegisteredCapital Money     `gorm:"not null;default:0"` // CNY
	EstablishedOn     time.Time `gorm:"not null"`
	Industry          string    `gorm:"size:64;not null;default:''"`
	Region            string    `gorm:"size:64;not null;default:''"`
	Address           string    `gorm:"size:256;not null;default:''"`
	Status            string    `gorm:"size:16;not null;default:'active'"`
	BusinessScope     string    `gorm:"type:text;not null;default:''"`
}

// EnterpriseList is one page of a directory lookup.
type EnterpriseList struct {
	Rows  []Enterprise
	Total int64
	// Capped says the name is too common to count: Total is a lower bound, and the rows come from
	// the first MaxLookupCandidates names that share its words.
	Capped bool
}

// Bounds of a directory lookup, so that a one-character or very common text costs no more than a
// precise one: the exact (index-only) count stops at MaxLookupCount, and a longer text checks at
// most MaxLookupCandidates names.
const (
	MaxLookupCount      = 10000
	MaxLookupCandidates = 2000
)

// SearchEnterprises looks enterprises up by a substring of their name. The directory is public to
// every partner member; an empty query finds nothing rather than listing the whole directory.
func SearchEnterprises(ctx context.Context, db *gorm.DB, a Actor, q string, page, limit int) (*EnterpriseList, error) {
	if a.Kind != PartnerUser {
		return nil, ErrForbidden
	}
	if q == "" {
		return &EnterpriseList{}, nil
	}
	if err := CheckSearch(q); err != nil {
		return nil, err
	}
	l, off := pageBounds(page, limit)
	if store.ExactByIndex(q) {
		return lookupExact(ctx, db, q, l, off)
	}
	return lookupChecked(ctx, db, q, l, off)
}

// lookupExact answers from the gram index alone, whose ids are enterprise ids.
func lookupExact(ctx context.Context, db *gorm.DB, q string, limit, offset int) (*EnterpriseList, error) {
	out := &EnterpriseList{}
	tx := db.WithContext(ctx)
	var err error
	if out.Total, err = store.CountMatches(tx, store.EnterpriseSearchTable, q, MaxLookupCount+1); err != nil {
		return nil, err
	}
	if out.Total > MaxLookupCount {
		out.Total, out.Capped = MaxLookupCount, true
	}
	ids, err := store.MatchIDs(tx, store.EnterpriseSearchTable, q, limit, offset)
	if err != nil || len(ids) == 0 {
		return out, err
	}
	err = tx.Where("id IN ?", ids).Order("id").Find(&out.Rows).Error
	return out, err
}

// lookupChecked narrows with the index and checks each candidate's name with LIKE.
func lookupChecked(ctx context.Context, db *gorm.DB, q string, limit, offset int) (*EnterpriseList, error) {
	out := &EnterpriseList{}
	s, capped, err := store.CandidateScope(db.WithContext(ctx), "enterprises", store.EnterpriseSearchTable, q, MaxLookupCandidates, "name")
	if err != nil {
		return nil, err
	}
	out.Capped = capped
	if err := s.Session(&gorm.Session{}).Count(&out.Total).Error; err != nil {
		return nil, err
	}
	err = s.Select("enterprises.*").Order("enterprises.id").Limit(limit).Offset(offset).Find(&out.Rows).Error
	return out, err
}

// GetEnterprise loads a directory entry.
func GetEnterprise(ctx context.Context, db *gorm.DB, id uint64) (*Enterprise, error) {
	var e Enterprise
	if err := db.WithContext(ctx).First(&e, id).Error; err != nil {
		return nil, notFound(err)
	}
	return &e, nil
}
