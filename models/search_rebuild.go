package models

import (
	"context"
	"strings"

	"partnerhub/store"

	"gorm.io/gorm"
)

// searchSources are the search indexes and the names each row is found by (the columns the
// searches check with LIKE: customer_list.go, enterprise.go, partner_search.go).
var searchSources = []struct {
	index, table string
	columns      []string
}{
	{store.CustomerSearchTable, "customers", []string{"account_name", "real_name"}},
	{store.EnterpriseSearchTable, "enterprises", []string{"name"}},
	{store.PartnerSearchTable, "partners", []string{"name", "account_name"}},
}

// rebuildChunk is how many rows of a table are indexed a transaction.
const rebuildChunk = 20000

// RebuildSearchIndexes fills every search index anew from its table's names, in chunks of rows in
// id order: after `partnerhub copy`, which copies the tables but not SQLite's contentless indexes.
func RebuildSearchIndexes(ctx context.Context, db *gorm.DB) error {
	db = db.WithContext(ctx).Session(&gorm.Session{NewDB: true})
	for _, s := range searchSources {
		if err := store.ClearSearchIndex(db, s.index); err != nil {
			return err
		}
		var last uint64
		for {
			var rows []map[string]any
			err := db.Table(s.table).Select(append([]string{"id"}, s.columns...)).Where("id > ?", last).
				Order("id").Limit(rebuildChunk).Find(&rows).Error
			if err != nil {
				return err
			}
			if len(rows) == 0 {
				break
			}
			err = db.Transaction(func(tx *gorm.DB) error {
				return store.BulkIndexNames(tx, s.index, len(rows), func(i int) (uint64, []string) {
					names := make([]string, 0, len(s.columns))
					for _, c := range s.columns {
						if v, ok := rows[i][c].(string); ok && strings.TrimSpace(v) != "" {
							names = append(names, v)
						}
					}
					return idOf(rows[i]["id"]), names
				})
			})
			if err != nil {
				return err
			}
			last = idOf(rows[len(rows)-1]["id"])
		}
	}
	return nil
}

// idOf is an id read into a map (int64 from either driver).
func idOf(v any) uint64 {
	switch x := v.(type) {
	case int64:
		return uint64(x)
	case int32:
		return uint64(x)
	case uint64:
		return x
	}
	return 0
}
