package models

import (
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"
)

// Prices in memory. The price list only grows: every change is a new price version and the rows
// it sets (SetPrice, the import, the seed), never an edit of a row, and a price key is made only
// with a version that prices it. So the price list's generation, a counter that each new version
// moves on in its own transaction (a trigger: migration 00026), says whether a copy is current: a
// copy read at a generation holds, for each key it read, every row the key has. An inquiry reads
// the generation (one primary-key row) instead of two descents of the price indexes per product,
// and reads from the database only the keys the copy lacks.
//
// The generation is read before the rows, so a version committed in between is either in the rows
// read or makes the next inquiry's generation newer, which drops the copy: a copy is never older
// than its generation. (The newest version's id served before; but PostgreSQL's sequences give ids
// in the order versions begin, and a version committed after a newer one left that id unmoved.)

// PriceGeneration is the price list's generation: one row (id 1), its gen moved by a trigger on
// price_versions.
type PriceGeneration struct {
	ID  uint64 `gorm:"primaryKey"`
	Gen int64  `gorm:"not null;default:0"`
}

// priceCache is the prices of one database read at version gen, by key.
type priceCache struct {
	mu   sync.Mutex
	gen  int64
	keys map[priceSlot]uint64 // (spec, region, mode) → key id; 0: no price for it
	rows map[uint64][]PriceAt // a key's rows by effective time, then version
}

type priceSlot struct {
	spec, region uint64
	mode         PriceMode
}

var priceCaches sync.Map // *sql.DB → *priceCache

// pricesOf finds the price in effect at at of every line. A line without a price keeps a zero
// KeyID.
func pricesOf(db *gorm.DB, lines []line, at time.Time) error {
	pool, err := db.DB()
	if _, inTx := db.Statement.ConnPool.(gorm.TxCommitter); inTx || err != nil {
		// inside a transaction what it has written counts: read the database (GORM gives the pool
		// beneath a PostgreSQL transaction too, whose generation has not moved yet)
		return pricesInDB(db, lines, at)
	}
	var gen int64
	if err := pool.QueryRowContext(db.Statement.Context, "SELECT gen FROM price_generations WHERE id = 1").Scan(&gen); err != nil {
		return pricesInDB(db, lines, at) // no generation row (a database migrated by hand?)
	}
	c := priceCacheOf(pool)
	missing := c.price(gen, lines, at)
	if len(missing) == 0 {
		return nil
	}
	refs := make([]priceSlot, len(missing))
	for j, i := range missing {
		refs[j] = priceSlot{lines[i].spec, lines[i].region, lines[i].mode}
	}
	keys, rows, err := readPrices(db, refs)
	if err != nil {
		return err
	}
	for j, i := range missing {
		lines[i].price = priceIn(rows[keys[j]], at)
	}
	c.add(gen, refs, keys, rows)
	return nil
}

func priceCacheOf(pool *sql.DB) *priceCache {
	if c, ok := priceCaches.Load(pool); ok {
		return c.(*priceCache)
	}
	c, _ := priceCaches.LoadOrStore(pool, &priceCache{gen: -1})
	return c.(*priceCache)
}

// price prices the lines whose keys the copy holds, dropping the copy first if it is older than
// gen, and answers the indexes of the lines it could not.
func (c *priceCache) price(gen int64, lines []line, at time.Time) (missing []int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		c.gen, c.keys, c.rows = gen, map[priceSlot]uint64{}, map[uint64][]PriceAt{}
	}
	for i := range lines {
		key, ok := c.keys[priceSlot{lines[i].spec, lines[i].region, lines[i].mode}]
		if !ok {
			missing = append(missing, i)
			continue
		}
		lines[i].price = priceIn(c.rows[key], at)
	}
	return missing
}

// add keeps keys read at gen, if the copy is still of gen.
func (c *priceCache) add(gen int64, refs []priceSlot, keys []uint64, rows map[uint64][]PriceAt) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return
	}
	for j, ref := range refs {
		c.keys[ref] = keys[j]
		if keys[j] != 0 {
			c.rows[keys[j]] = rows[keys[j]]
		}
	}
}

// priceIn is the row in effect at at of a key's rows in effect order: the last one effective at
// or before at (of two effective at the same instant, the later version).
func priceIn(rows []PriceAt, at time.Time) PriceAt {
	n := sort.Search(len(rows), func(i int) bool { return rows[i].EffectiveAt.After(at) })
	if n == 0 {
		return PriceAt{}
	}
	return rows[n-1]
}

// readPrices reads the keys of refs (0: none) and all their rows, in effect order, in one
// statement.
func readPrices(db *gorm.DB, refs []priceSlot) ([]uint64, map[uint64][]PriceAt, error) {
	var sb strings.Builder
	args := make([]any, 0, 4*len(refs))
	for i, r := range refs {
		if i > 0 {
			sb.WriteString(" UNION ALL ")
		}
		// the slot written out: a parameter in a select list has no type for PostgreSQL to take
		fmt.Fprintf(&sb, "SELECT %d AS i, id AS key_id FROM price_keys WHERE spec_id = ? AND region_id = ? AND mode = ?", i)
		args = append(args, r.spec, r.region, r.mode)
	}
	rs, err := db.Raw(`SELECT w.i, w.key_id, p.unit_price, p.version_id, p.effective_at FROM (`+sb.String()+`) w
		JOIN prices p ON p.key_id = w.key_id ORDER BY w.i, p.effective_at, p.version_id`, args...).Rows()
	if err != nil {
		return nil, nil, err
	}
	defer rs.Close()
	keys, rows := make([]uint64, len(refs)), map[uint64][]PriceAt{}
	for rs.Next() {
		var i int
		var p PriceAt
		if err := rs.Scan(&i, &p.KeyID, &p.UnitPrice, &p.VersionID, &p.EffectiveAt); err != nil {
			return nil, nil, err
		}
		p.EffectiveAt = p.EffectiveAt.UTC()
		keys[i], rows[p.KeyID] = p.KeyID, append(rows[p.KeyID], p)
	}
	return keys, rows, rs.Err()
}
