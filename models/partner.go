package models

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"

	"partnerhub/store"
)

// PartnerKind is a partner's place in the partner network.
type PartnerKind string

const (
	SolutionProvider  PartnerKind = "solution_provider"  // 解决方案提供商, tier 1
	MasterDistributor PartnerKind = "master_distributor" // 总经销商, tier 1, invited into the distribution program
	Reseller          PartnerKind = "reseller"           // 云经销商, tier 2, invited by a master distributor
	// NetworkMember has joined the partner network (HCPN) and is in no program yet.
	NetworkMember PartnerKind = "network"
)

// Development paths (发展路径) a partner may be on.
const (
	PathService  = "service"  // 服务合作伙伴发展路径
	PathConsult  = "consult"  // 数字化转型咨询与系统集成伙伴路径
	PathLearning = "learning" // 学习与赋能伙伴发展路径
)

// Partner is a member of the partner network.
type Partner struct {
	ID            uint64      `gorm:"primaryKey"`
	DomainID      string      `gorm:"size:32;not null;uniqueIndex"` // the account id the API calls partner / indirect_partner_id
	AccountName   string      `gorm:"size:64;not null;uniqueIndex"`
	Name          string      `gorm:"size:256;not null"`
	Kind          PartnerKind `gorm:"size:24;not null"`
	DistributorID *uint64     `gorm:"index"` // a reseller's master distributor
	// CanExpand is the customer-expansion permission the operator grants a master distributor;
	// without it a master distributor may not invite customers.
	CanExpand bool   `gorm:"not null;default:false"`
	Paths     string `gorm:"size:64;not null;default:''"` // comma-separated Path* codes
	Email     string `gorm:"size:128"`
	Mobile    string `gorm:"size:32"`
	JoinedAt  time.Time
	// ProgramSince is when the partner joined its program (solution provider or distribution).
	ProgramSince *time.Time
	// ExpandGrantedAt is when the operator last granted the customer-expansion permission.
	ExpandGrantedAt *time.Time
	// CustomerID is the customer account the partner joined the network from, if any. A master
	// distributor's is no longer a customer: it may buy nothing with it.
	CustomerID *uint64 `gorm:"index"`
}

// Tier is 1 for solution providers and master distributors, 2 for resellers.
func (p *Partner) Tier() int {
	if p.Kind == Reseller {
		return 2
	}
	return 1
}

// Program is the program the partner's kind belongs to, "" for a network member in none.
func (p *Partner) Program() string {
	switch p.Kind {
	case SolutionProvider:
		return "solution_provider"
	case NetworkMember:
		return ""
	}
	return "distribution"
}

// MayInviteMembers: only a partner on a development path or in a program may invite members.
func (p *Partner) MayInviteMembers() bool { return p.Program() != "" || p.Paths != "" }

// PathList is the development paths the partner is on.
func (p *Partner) PathList() []string {
	if p.Paths == "" {
		return nil
	}
	return strings.Split(p.Paths, ",")
}

// MayExpand tells whether the partner may invite customers: a master distributor only with the
// operator's customer-expansion permission, a network member in no program not at all (it sells
// nothing until it is in one).
func (p *Partner) MayExpand() bool {
	return p.Kind != NetworkMember && (p.Kind != MasterDistributor || p.CanExpand)
}

// GetPartner loads a partner by id.
func GetPartner(ctx context.Context, db *gorm.DB, id uint64) (*Partner, error) {
	return cachedPartner(ctx, db, id) // every page asks: from the directory's copy (directory_cache.go)
}

// ListResellers lists the resellers of a master distributor (none for other partners).
func ListResellers(ctx context.Context, db *gorm.DB, a Actor) ([]Partner, error) {
	return cachedList(ctx, db, func(c *directoryCache) map[uint64][]Partner { return c.resellers }, a.PartnerID, func() ([]Partner, error) {
		var out []Partner
		err := db.WithContext(ctx).Where("distributor_id = ?", a.PartnerID).Order("name").Limit(1000).Find(&out).Error
		return out, err
	})
}

// resellerOf loads one of the acting master distributor's resellers; any other id is not found.
func resellerOf(ctx context.Context, db *gorm.DB, a Actor, resellerID uint64) (*Partner, error) {
	var p Partner
	err := db.WithContext(ctx).Where("id = ? AND distributor_id = ?", resellerID, a.PartnerID).First(&p).Error
	if err != nil {
		return nil, notFound(err)
	}
	return &p, nil
}

// ResellerByDomainID resolves the API's indirect_partner_id: one of the acting master distributor's
// resellers. Any other id, and any id from a partner that is not a master distributor, is refused.
func ResellerByDomainID(ctx context.Context, db *gorm.DB, a Actor, domainID string) (*Partner, error) {
	var p Partner
	err := db.WithContext(ctx).Where("domain_id = ? AND distributor_id = ?", domainID, a.PartnerID).First(&p).Error
	if err != nil {
		return nil, ErrNotYourReseller
	}
	return &p, nil
}

// ResellerFilter selects a master distributor's resellers.
type ResellerFilter struct {
	AccountName   string // substring
	Q             string // account name or company name, substring (the console's search)
	From, To      time.Time
	DomainID      string
	Offset, Limit int
}

// ResellerList is one page of resellers.
type ResellerList struct {
	Rows  []Partner
	Total int64
}

// ListIndirectPartners lists the acting master distributor's resellers (云经销商), by joining date.
func ListIndirectPartners(ctx context.Context, db *gorm.DB, a Actor, f ResellerFilter) (*ResellerList, error) {
	p, err := GetPartner(ctx, db, a.PartnerID)
	if err != nil || p.Kind != MasterDistributor {
		return nil, ErrForbidden
	}
	q := db.WithContext(ctx).Model(&Partner{}).Where("distributor_id = ?", p.ID)
	if f.AccountName != "" {
		q = store.LikeScope(q, "partners", f.AccountName, "account_name")
	}
	if !f.From.IsZero() {
		q = q.Where("joined_at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		q = q.Where("joined_at < ?", f.To.UTC())
	}
	if f.Q != "" {
		q = store.LikeScope(q, "partners", f.Q, "account_name", "name")
	}
	if f.DomainID != "" {
		q = q.Where("domain_id = ?", f.DomainID)
	}
	out := &ResellerList{}
	if err := q.Session(&gorm.Session{}).Count(&out.Total).Error; err != nil {
		return nil, err
	}
	err = q.Order("joined_at DESC, id DESC").Limit(f.Limit).Offset(f.Offset).Find(&out.Rows).Error
	return out, err
}
