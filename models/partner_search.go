package models

import (
	"context"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"partnerhub/store"
)

// maxFoundPartners bounds the partners one search shows: a picker, where a longer text narrows.
const maxFoundPartners = 20

// PartnerQuery is what the operator's partner search text asks for.
type PartnerQuery struct {
	ID       uint64 // the text is a partner's number
	DomainID string // the text is an account id (32 hexadecimal digits), lower-cased
	Text     string // a part of a name or account name; "" when the gram index cannot search it
}

// ParsePartnerQuery reads a partner search text: a part of a name or account name (two Latin
// letters or digits in a row, or one Chinese character, as every search), a partner's number or
// its account id. Too short a text is ErrSearchTooShort, too long one ErrInvalidInput.
func ParsePartnerQuery(q string) (PartnerQuery, error) {
	q = strings.TrimSpace(q)
	if len(q) > maxSearchLen {
		return PartnerQuery{}, ErrInvalidInput
	}
	var pq PartnerQuery
	if id, err := strconv.ParseUint(q, 10, 64); err == nil && id > 0 && q[0] != '+' {
		pq.ID = id
	}
	if l := strings.ToLower(q); len(l) == 32 && strings.Trim(l, "0123456789abcdef") == "" {
		pq.DomainID = l
	}
	if store.MatchExpr(q) != "" {
		pq.Text = q
	}
	if pq == (PartnerQuery{}) {
		return pq, ErrSearchTooShort
	}
	return pq, nil
}

// FoundPartners are the partners a search found, at most maxFoundPartners; More says there are
// others, which a longer text would show.
type FoundPartners struct {
	Rows []Partner
	More bool
}

// SearchPartners finds partners for the operator (the deposit form's picker) by a part of the
// name or account name, through the partners' gram index (store.SearchScope, as the customers'
// search), and by number or account id through their unique indexes: no search reads the whole
// partners table. The partner whose number or account id it is comes first, then the others by
// name. A text the search cannot take is a *FieldError on field.
func SearchPartners(ctx context.Context, db *gorm.DB, a Actor, field, q string) (*FoundPartners, error) {
	if a.Kind != OperatorUser {
		return nil, ErrForbidden
	}
	pq, err := ParsePartnerQuery(q)
	if err != nil {
		return nil, &FieldError{Field: field, Err: err.(*Error)}
	}
	out := &FoundPartners{}
	seen := map[uint64]bool{}
	add := func(ps []Partner) {
		for _, p := range ps {
			if seen[p.ID] {
				continue
			}
			if len(out.Rows) == maxFoundPartners {
				out.More = true
				return
			}
			seen[p.ID] = true
			out.Rows = append(out.Rows, p)
		}
	}
	for _, exact := range []struct {
		where string
		arg   any
		ok    bool
	}{{"id = ?", pq.ID, pq.ID != 0}, {"domain_id = ?", pq.DomainID, pq.DomainID != ""}} {
		if !exact.ok {
			continue
		}
		var ps []Partner
		if err := db.WithContext(ctx).Where(exact.where, exact.arg).Limit(1).Find(&ps).Error; err != nil {
			return nil, err
		}
		add(ps)
	}
	if pq.Text == "" {
		return out, nil
	}
	scope, err := store.SearchScope(db.WithContext(ctx).Model(&Partner{}), "partners", store.PartnerSearchTable, pq.Text, "name", "account_name")
	if err != nil {
		return nil, err
	}
	var ps []Partner
	// one more than shown, to know there are more
	if err := scope.Select("partners.*").Order("partners.name, partners.id").Limit(maxFoundPartners + 1).Find(&ps).Error; err != nil {
		return nil, err
	}
	add(ps)
	return out, nil
}

// DepositTarget is the partner a deposit goes to, for the operator.
func DepositTarget(ctx context.Context, db *gorm.DB, a Actor, id uint64) (*Partner, error) {
	if a.Kind != OperatorUser {
		return nil, ErrForbidden
	}
	return GetPartner(ctx, db, id)
}

// indexPartner makes a new partner found by its name and account name (SearchPartners).
func indexPartner(tx *gorm.DB, p *Partner) error {
	return store.IndexNames(tx, store.PartnerSearchTable, p.ID, p.Name, p.AccountName)
}
