package models

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Bulk inserts for the seeded worlds: multi-row INSERTs of generated rows, a few hundred rows a
// statement, so that a million customers and a million enterprises load in seconds.

// bulkLoad runs load in one transaction on one connection tuned for loading a new database: no
// rollback journal (a failed seed is simply run again on a new file), a large page cache, and the
// secondary indexes of tables dropped during the load and built afterwards, which sorts once
// instead of inserting a million random keys into each of a dozen B-trees. SQLite only, like seed.
func bulkLoad(ctx context.Context, db *gorm.DB, tables []string, load func(tx *gorm.DB) error) error {
	return db.WithContext(ctx).Connection(func(conn *gorm.DB) error {
		// a new session: each statement on conn starts clean, instead of inheriting the model of
		// the one before (the index list below leaked into the accounts' batch insert)
		conn = conn.Session(&gorm.Session{NewDB: true})
		for _, p := range []string{"PRAGMA journal_mode=OFF", "PRAGMA synchronous=OFF", "PRAGMA cache_size=-1048576", "PRAGMA threads=2"} {
			if err := conn.Exec(p).Error; err != nil {
				return err
			}
		}
		var idx []struct{ Name, SQL string }
		err := conn.Raw("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ?", tables).
			Scan(&idx).Error
		if err != nil {
			return err
		}
		err = conn.Transaction(func(tx *gorm.DB) error {
			for _, ix := range idx {
				if err := tx.Exec("DROP INDEX " + ix.Name).Error; err != nil {
					return err
				}
			}
			if err := load(tx); err != nil {
				return err
			}
			for _, ix := range idx {
				if err := tx.Exec(ix.SQL).Error; err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		return conn.Exec("PRAGMA journal_mode=WAL").Error
	})
}

// bulkInsert inserts n rows into table; row(i) returns the values of row i in cols order. Rows are
// generated on another goroutine while SQLite writes the previous batch.
func bulkInsert(tx *gorm.DB, table string, cols []string, n int, row func(i int) []any) error {
	per := min(500, 30000/len(cols))
	batches := make(chan []any, 4)
	go func() {
		defer close(batches)
		for start := 0; start < n; start += per {
			args := make([]any, 0, per*len(cols))
			for i := start; i < min(start+per, n); i++ {
				args = append(args, row(i)...)
			}
			batches <- args
		}
	}()
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + ")"
	head := "INSERT INTO " + table + "(" + strings.Join(cols, ",") + ") VALUES "
	ctx := tx.Statement.Context
	var stmt *sql.Stmt
	rowsIn := 0
	var err error
	for args := range batches {
		if err != nil {
			continue // drain so the producer ends
		}
		if rows := len(args) / len(cols); rows != rowsIn {
			if stmt != nil {
				stmt.Close()
			}
			rowsIn = rows
			stmt, err = tx.Statement.ConnPool.PrepareContext(ctx, head+strings.TrimSuffix(strings.Repeat(one+",", rows), ","))
			if err != nil {
				continue
			}
		}
		if _, err = stmt.ExecContext(ctx, args...); err != nil {
			err = fmt.Errorf("models: seed %s: %w", table, err)
		}
	}
	if stmt != nil {
		stmt.Close()
	}
	return err
}

var enterpriseCols = []string{"id", "name", "credit_code", "legal_rep", "registered_capital", "established_on",
	"industry", "region", "address", "status", "business_scope"}

// seedEnterprises inserts directory entries first..first+n-1 (ids first+1…) with their search grams.
func seedEnterprises(tx *gorm.DB, first uint64, n int) error {
	err := bulkInsert(tx, "enterprises", enterpriseCols, n, func(i int) []any {
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
	return bulkIndex(tx, enterpriseSearchTable, n, func(i int) []any {
		e := first + uint64(i)
		name, _ := companyName(scramble(e, 2488319))
		return []any{e + 1, grams(name)}
	})
}

// bulkIndex fills a search table. FTS5 flushes its pending terms into a new segment every hashsize
// bytes and merges segments as they pile up; a large buffer for the load means few segments and
// little merging. The setting is stored in the table, so it is put back afterwards.
func bulkIndex(tx *gorm.DB, table string, n int, row func(i int) []any) error {
	cfg := "INSERT INTO " + table + "(" + table + ", rank) VALUES ('hashsize', ?)"
	if err := tx.Exec(cfg, 256<<20).Error; err != nil {
		return err
	}
	if err := bulkInsert(tx, table, []string{"rowid", "grams"}, n, row); err != nil {
		return err
	}
	return tx.Exec(cfg, 1<<20).Error
}

// seedCustomer says where seeded customer n goes.
type seedCustomer struct {
	Partner   *Partner // nil: not associated
	ManagerID *uint64
}

var customerCols = []string{"id", "domain_id", "account_name", "real_name", "verified_status", "customer_type",
	"phone", "email", "country_code", "level", "frozen", "enterprise_id", "created_at",
	"association_id", "partner_id", "top_partner_id", "mode", "associated_on", "label", "account_manager_id",
	"x_account_id", "x_account_type"}

var demoLabels = []string{"", "重点客户", "教育行业", "政企客户", "", "互联网", "渠道拓展", "制造业"}

// seedCustomers inserts customers first..first+n-1 (ids first+1…), their associations (same ids) and
// their search grams. Customer n is enterprise enterpriseOf(n) when that is ≥ 0.
func seedCustomers(tx *gorm.DB, first uint64, n int, place func(n uint64) seedCustomer, enterpriseOf func(n uint64) int64) error {
	assoc := make([]seedCustomer, n)
	for i := range assoc {
		assoc[i] = place(first + uint64(i))
	}
	rows := func(i int) []any {
		c := customerRow(first+uint64(i), assoc[i], enterpriseOf(first+uint64(i)))
		return []any{c.ID, c.DomainID, c.AccountName, c.RealName, c.VerifiedStatus, c.CustomerType, c.Phone, c.Email,
			c.CountryCode, c.Level, c.Frozen, c.EnterpriseID, c.CreatedAt, c.AssociationID, c.PartnerID, c.TopPartnerID,
			c.Mode, c.AssociatedOn, c.Label, c.AccountManagerID, "", ""}
	}
	if err := bulkInsert(tx, "customers", customerCols, n, rows); err != nil {
		return err
	}
	var idx []int
	for i, a := range assoc {
		if a.Partner != nil {
			idx = append(idx, i)
		}
	}
	err := bulkInsert(tx, "associations", []string{"id", "customer_id", "partner_id", "top_partner_id", "mode", "status", "associated_on"},
		len(idx), func(j int) []any {
			i := idx[j]
			c := customerRow(first+uint64(i), assoc[i], -1)
			return []any{c.ID, c.ID, *c.PartnerID, *c.TopPartnerID, c.Mode, AssociationActive, *c.AssociatedOn}
		})
	if err != nil {
		return err
	}
	return bulkIndex(tx, customerSearchTable, n, func(i int) []any {
		c := customerRow(first+uint64(i), seedCustomer{}, enterpriseOf(first+uint64(i)))
		return []any{c.ID, grams(c.AccountName, c.RealName)}
	})
}

// customerRow is the n-th seeded customer (id n+1). The cycles below give every mode, every
// real-name state, labels and account managers in realistic proportions.
func customerRow(n uint64, at seedCustomer, enterprise int64) Customer {
	k := scramble(n, 2488319)
	_, stem := companyName(k)
	c := Customer{ID: n + 1, DomainID: domainID("customer", n), AccountName: fmt.Sprintf("%s%d", stem, n),
		VerifiedStatus: []int8{NotVerified, UnderReview, Rejected, Verified, Verified, Verified, Verified, Verified, Verified, Verified}[k%10], // from the scrambled k, so that no partner gets only one status
		CustomerType:   CustomerNone, Phone: fmt.Sprintf("1%02d%08d", 30+n%60, n%100000000), CountryCode: "0086",
		Level: fmt.Sprintf("V%d", n%6), CreatedAt: demoEpoch.Add(-time.Duration(n%(900*24*60)) * time.Minute)}
	c.Email = c.AccountName + "@example.com"
	if n%97 == 0 {
		c.Frozen = 1
	}
	if c.VerifiedStatus != NotVerified {
		if enterprise >= 0 && n%5 != 0 {
			c.RealName, _ = companyName(scramble(uint64(enterprise), 2488319))
			c.CustomerType = CustomerCorp
			id := uint64(enterprise) + 1
			c.EnterpriseID = &id
		} else {
			c.RealName, c.CustomerType = personName(k/10), CustomerPerson
		}
	}
	if at.Partner != nil {
		on := demoEpoch.Add(-time.Duration((n*7919)%(730*24*60)) * time.Minute)
		top := topPartnerOf(at.Partner)
		c.AssociationID, c.PartnerID, c.TopPartnerID, c.AssociatedOn = &c.ID, &at.Partner.ID, &top, &on
		c.Mode = Consignment
		if n%3 == 0 {
			c.Mode = Advisory
		}
		c.Label = demoLabels[(k/10)%uint64(len(demoLabels))]
		c.AccountManagerID = at.ManagerID
	}
	return c
}

// RecountCustomers rebuilds the CustomerCount counters from the customers table.
func RecountCustomers(tx *gorm.DB) error {
	if err := tx.Exec("DELETE FROM customer_counts").Error; err != nil {
		return err
	}
	return tx.Exec(`INSERT INTO customer_counts (partner_id, mode, verified_status, label, n)
		SELECT partner_id, mode, verified_status, label, COUNT(*) FROM customers WHERE partner_id IS NOT NULL
		GROUP BY partner_id, mode, verified_status, label`).Error
}
