package seed

import (
	"fmt"
	"time"

	"gorm.io/gorm"

	"partnerhub/models"
	"partnerhub/store"
)

// Bulk inserts for the seeded worlds: multi-row INSERTs of generated rows, a few hundred rows a
// statement, so that a million customers and a million enterprises load in seconds.

var enterpriseCols = []string{"id", "name", "credit_code", "legal_rep", "registered_capital", "established_on",
	"industry", "region", "address", "status", "business_scope"}

// seedEnterprises inserts directory entries first..first+n-1 (ids first+1…) with their search grams.
func seedEnterprises(tx *gorm.DB, first uint64, n int) error {
	err := store.BulkInsert(tx, "enterprises", enterpriseCols, n, func(i int) []any {
		e := enterpriseRow(first + uint64(i))
		return []any{e.ID, e.Name, e.CreditCode, e.LegalRep, e.RegisteredCapital.Shift(2).IntPart(), e.EstablishedOn,
			e.Industry, e.Region, e.Address, e.Status, e.BusinessScope}
	})
	if err != nil {
		return err
	}
	return indexEnterprises(tx, first, n)
}

func indexEnterprises(tx *gorm.DB, first uint64, n int) error {
	return store.BulkIndexNames(tx, store.EnterpriseSearchTable, n, func(i int) (uint64, []string) {
		e := first + uint64(i)
		name, _ := companyName(scramble(e, 2488319))
		return e + 1, []string{name}
	})
}

// Placement says where seeded customer n goes.
type Placement struct {
	Partner   *models.Partner // nil: not associated
	ManagerID *uint64
}

var customerCols = []string{"id", "domain_id", "account_name", "real_name", "verified_status", "customer_type",
	"phone", "email", "country_code", "level", "frozen", "enterprise_id", "created_at",
	"association_id", "partner_id", "top_partner_id", "mode", "associated_on", "label", "account_manager_id",
	"x_account_id", "x_account_type"}

var demoLabels = []string{"", "重点客户", "教育行业", "政企客户", "", "互联网", "渠道拓展", "制造业"}

// BulkCustomers inserts customers first..first+n-1 (ids first+1…), their associations (same ids) and
// their search grams. Customer n is enterprise enterpriseOf(n) when that is ≥ 0.
func BulkCustomers(tx *gorm.DB, first uint64, n int, place func(n uint64) Placement, enterpriseOf func(n uint64) int64) error {
	assoc := make([]Placement, n)
	for i := range assoc {
		assoc[i] = place(first + uint64(i))
	}
	rows := func(i int) []any {
		c := customerRow(first+uint64(i), assoc[i], enterpriseOf(first+uint64(i)))
		return []any{c.ID, c.DomainID, c.AccountName, c.RealName, c.VerifiedStatus, c.CustomerType, c.Phone, c.Email,
			c.CountryCode, c.Level, c.Frozen, c.EnterpriseID, c.CreatedAt, c.AssociationID, c.PartnerID, c.TopPartnerID,
			c.Mode, c.AssociatedOn, c.Label, c.AccountManagerID, "", ""}
	}
	if err := store.BulkInsert(tx, "customers", customerCols, n, rows); err != nil {
		return err
	}
	var idx []int
	for i, a := range assoc {
		if a.Partner != nil {
			idx = append(idx, i)
		}
	}
	err := store.BulkInsert(tx, "associations", []string{"id", "customer_id", "partner_id", "top_partner_id", "mode", "status", "associated_on"},
		len(idx), func(j int) []any {
			i := idx[j]
			c := customerRow(first+uint64(i), assoc[i], -1)
			return []any{c.ID, c.ID, *c.PartnerID, *c.TopPartnerID, c.Mode, models.AssociationActive, *c.AssociatedOn}
		})
	if err != nil {
		return err
	}
	return store.BulkIndexNames(tx, store.CustomerSearchTable, n, func(i int) (uint64, []string) {
		c := customerRow(first+uint64(i), Placement{}, enterpriseOf(first+uint64(i)))
		return c.ID, []string{c.AccountName, c.RealName}
	})
}

// customerRow is the n-th seeded customer (id n+1). The cycles below give every mode, every
// real-name state, labels and account managers in realistic proportions.
func customerRow(n uint64, at Placement, enterprise int64) models.Customer {
	k := scramble(n, 2488319)
	_, stem := companyName(k)
	c := models.Customer{ID: n + 1, DomainID: DomainID("customer", n), AccountName: fmt.Sprintf("%s%d", stem, n),
		VerifiedStatus: []int8{models.NotVerified, models.UnderReview, models.Rejected, models.Verified, models.Verified, models.Verified, models.Verified, models.Verified, models.Verified, models.Verified}[k%10], // from the scrambled k, so that no partner gets only one status
		CustomerType:   models.CustomerNone, Phone: fmt.Sprintf("1%02d%08d", 30+n%60, n%100000000), CountryCode: "0086",
		Level: fmt.Sprintf("V%d", n%6), CreatedAt: demoEpoch.Add(-time.Duration(n%(900*24*60)) * time.Minute)}
	c.Email = c.AccountName + "@example.com"
	if n%97 == 0 {
		c.Frozen = 1
	}
	if c.VerifiedStatus != models.NotVerified {
		if enterprise >= 0 && n%5 != 0 {
			c.RealName, _ = companyName(scramble(uint64(enterprise), 2488319))
			c.CustomerType = models.CustomerCorp
			id := uint64(enterprise) + 1
			c.EnterpriseID = &id
		} else {
			c.RealName, c.CustomerType = personName(k/10), models.CustomerPerson
		}
	}
	if at.Partner != nil {
		on := demoEpoch.Add(-time.Duration((n*7919)%(730*24*60)) * time.Minute)
		top := at.Partner.TopPartnerID()
		c.AssociationID, c.PartnerID, c.TopPartnerID, c.AssociatedOn = &c.ID, &at.Partner.ID, &top, &on
		c.Mode = models.Consignment
		if n%3 == 0 {
			c.Mode = models.Advisory
		}
		c.Label = demoLabels[(k/10)%uint64(len(demoLabels))]
		c.AccountManagerID = at.ManagerID
	}
	return c
}
