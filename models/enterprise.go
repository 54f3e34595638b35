package models

import (
	"context"
	"time"

	"gorm.io/gorm"
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
}

// SearchEnterprises looks enterprises up by a substring of their name. The directory is public to
// every partner member; an empty query finds nothing rather than listing the whole directory.
func SearchEnterprises(ctx context.Context, db *gorm.DB, a Actor, q string, page, limit int) (*EnterpriseList, error) {
	if a.Kind != PartnerUser {
		return nil, ErrForbidden
	}
	out := &EnterpriseList{}
	if q == "" {
		return out, nil
	}
	if err := CheckSearch(q); err != nil {
		return nil, err
	}
	s := searchScope(db.WithContext(ctx).Model(&Enterprise{}), "enterprises", enterpriseSearchTable, q, "name")
	if err := s.Session(&gorm.Session{}).Count(&out.Total).Error; err != nil {
		return nil, err
	}
	l, off := pageBounds(page, limit)
	err := s.Select("enterprises.*").Order("enterprises.id").Limit(l).Offset(off).Find(&out.Rows).Error
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
