package seed

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"partnerhub/models"
	"partnerhub/store"
)

// LargeWorld sizes a benchmark world.
type LargeWorld struct {
	Customers   int
	Enterprises int
	Coupons     int // issued by the demo provider (Coupons)
	Transfers   int // ledger history: transfers over the last two years, with their entries
	PriceRows   int // price-list history: rows in PriceVersionsLarge versions (PriceHistory)
	Orders      int // orders on behalf over the same two years, with their resources (seed_orders_large.go)
}

// PriceVersionsLarge is how many versions a large world's price list has.
const PriceVersionsLarge = 100

// extraProviders is the number of generated solution providers in a large world.
const extraProviders = 100

// Large builds the demo world and then adds w.Customers customers and w.Enterprises directory
// entries. Customers go 30% to the demo provider, 50% to the master distributor's three resellers
// (so `distributor` sees half the world), 10% to a hundred other providers and 10% to nobody: the
// demo sign-ins then face the worst case, not a comfortable slice.
func Large(ctx context.Context, db *gorm.DB, w LargeWorld, now time.Time, progress func(string)) error {
	if err := Demo(ctx, db, now); err != nil {
		return err
	}
	progress("demo world")
	if err := PriceHistory(ctx, db, w.PriceRows, PriceVersionsLarge, now); err != nil {
		return err
	}
	if w.PriceRows > 0 {
		progress(fmt.Sprintf("%d prices in %d versions", w.PriceRows, PriceVersionsLarge))
	}
	// the search indexes too: on PostgreSQL they are tables under GIN indexes, rebuilt after the
	// load like the others (SQLite's FTS5 tables have no indexes of that kind to drop)
	tables := []string{"customers", "associations", "enterprises", store.CustomerSearchTable, store.EnterpriseSearchTable}
	if w.Transfers > 0 || w.Orders > 0 {
		tables = append(tables, "transfers", "entries")
	}
	if w.Orders > 0 {
		tables = append(tables, "orders", "order_lines", "resources", "resource_terms", "order_authorizations", "fee_records", "monthly_sums",
			"cycle_bills", "cycle_totals")
	}
	err := store.BulkLoad(ctx, db, tables, func(tx *gorm.DB) error {
		var demo []*models.Partner
		if err := tx.Order("id").Find(&demo).Error; err != nil {
			return err
		}
		extra, err := seedProviders(tx, extraProviders)
		if err != nil {
			return err
		}
		if err := seedAccountManagers(tx, demo, extra, w.Customers); err != nil {
			return err
		}
		managers, err := salesByPartner(tx)
		if err != nil {
			return err
		}
		if err := seedEnterprises(tx, demoEnterprises, w.Enterprises); err != nil {
			return err
		}
		progress(fmt.Sprintf("%d enterprises", w.Enterprises))
		var firstCustomer uint64
		if err := tx.Model(&models.Customer{}).Select("COALESCE(MAX(id), 0)").Scan(&firstCustomer).Error; err != nil {
			return err
		}
		place := largePlacement(demo, extra, managers, firstCustomer)
		enterpriseOf := func(n uint64) int64 {
			if j := n - firstCustomer; j < uint64(w.Enterprises) {
				return int64(demoEnterprises + j)
			}
			return -1
		}
		if err := BulkCustomers(tx, firstCustomer, w.Customers, place, enterpriseOf); err != nil {
			return err
		}
		progress(fmt.Sprintf("%d customers", w.Customers))
		if err := seedLabels(tx); err != nil {
			return err
		}
		if err := models.RecountCustomers(tx); err != nil {
			return err
		}
		if w.Transfers == 0 && w.Orders == 0 {
			return nil
		}
		if err := seedLedger(tx, w.Transfers, w.Orders, now); err != nil {
			return err
		}
		progress(fmt.Sprintf("%d transfers and %d orders", w.Transfers, w.Orders))
		return nil
	})
	if err != nil || w.Coupons == 0 {
		return err
	}
	if err := Coupons(ctx, db, w.Coupons, now); err != nil {
		return err
	}
	progress(fmt.Sprintf("%d coupons", w.Coupons))
	return nil
}

func largePlacement(demo, extra []*models.Partner, managers map[uint64][]uint64, first uint64) func(n uint64) Placement {
	byAccount := map[string]*models.Partner{}
	for _, p := range demo {
		byAccount[p.AccountName] = p
	}
	return func(n uint64) Placement {
		var p *models.Partner
		switch (n - first) % 10 {
		case 0, 1, 2:
			p = byAccount["provider"]
		case 3, 4:
			p = byAccount["reseller"]
		case 5, 6:
			p = byAccount["reseller-sh"]
		case 7:
			p = byAccount["reseller-gz"]
		case 8:
			p = extra[(n/10)%uint64(len(extra))]
		default:
			return Placement{}
		}
		sc := Placement{Partner: p}
		if m := managers[p.ID]; len(m) > 0 && n%4 != 3 {
			sc.ManagerID = &m[n%uint64(len(m))]
		}
		return sc
	}
}

func seedProviders(tx *gorm.DB, n int) ([]*models.Partner, error) {
	out := make([]*models.Partner, 0, n)
	for i := 0; i < n; i++ {
		name, stem := companyName(scramble(uint64(2000000+i), 2488319))
		p := &models.Partner{DomainID: DomainID("partner", uint64(100+i)), AccountName: fmt.Sprintf("sp-%s-%d", stem, i),
			Name: name, Kind: models.SolutionProvider, Paths: models.PathService, JoinedAt: demoEpoch.AddDate(-1, 0, -i)}
		if err := tx.Create(p).Error; err != nil {
			return nil, err
		}
		if err := store.IndexNames(tx, store.PartnerSearchTable, p.ID, p.Name, p.AccountName); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// customersPerManager sizes a large world's sales teams: an account manager looks after about
// this many customers, as in a real partner, so no one manager holds a third of a partner's list.
const customersPerManager = 2000

// seedAccountManagers gives each partner of a large world a sales team in proportion to its
// share of the customers (largePlacement's shares).
func seedAccountManagers(tx *gorm.DB, demo, extra []*models.Partner, customers int) error {
	hash, err := models.HashPassword(models.DemoPassword)
	if err != nil {
		return err
	}
	share := map[string]int{"provider": 30, "reseller": 20, "reseller-sh": 20, "reseller-gz": 10}
	var users []models.User
	add := func(p *models.Partner, n int) {
		for i := 1; i <= n; i++ {
			users = append(users, models.User{Username: fmt.Sprintf("%s-am%03d", p.AccountName, i), PasswordHash: hash,
				DisplayName: personName(uint64(len(users))*7 + 3), Kind: models.PartnerUser, PartnerID: &p.ID, Roles: models.Roles(models.RoleSales)})
		}
	}
	for _, p := range demo {
		add(p, customers*share[p.AccountName]/100/customersPerManager)
	}
	for _, p := range extra {
		add(p, max(1, customers/10/len(extra)/customersPerManager))
	}
	if len(users) == 0 {
		return nil
	}
	return tx.CreateInBatches(users, 500).Error
}

func salesByPartner(tx *gorm.DB) (map[uint64][]uint64, error) {
	var users []models.User
	if err := tx.Where("kind = ? AND partner_id IS NOT NULL", models.PartnerUser).Order("id").Find(&users).Error; err != nil {
		return nil, err
	}
	out := map[uint64][]uint64{}
	for _, u := range users {
		if u.Roles.Has(models.RoleSales) {
			out[*u.PartnerID] = append(out[*u.PartnerID], u.ID)
		}
	}
	return out, nil
}
