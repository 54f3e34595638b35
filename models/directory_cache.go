package models

import (
	"context"
	"database/sql"
	"slices"
	"sync"
	"sync/atomic"

	"gorm.io/gorm"
)

// The directory in memory. Every page asks for data that changes rarely: the signed-in member's
// partner, a master distributor's resellers, a partner's labels and account managers, the names
// of the partners and members its rows show. They come from a copy kept per connection pool and
// tagged with the directory's generation (directory_generations, migration 00021), a counter that
// triggers on partners, users and labels move in the writer's own transaction. Each use reads the
// generation (one primary-key row) before it reads the copy and drops the copy when the
// generation is another, so a committed write is seen by the next read, in this process or any
// other: the generation lives in the database, not in the process.
//
// A copy is never older than its generation: the generation is read before the rows, so a write
// committed in between either is in the rows read or makes the next read's generation newer.
// Inside a transaction (db.DB() fails on one) nothing is cached: what the transaction wrote counts.
//
// Several servers (the PostgreSQL issue): each server keeps its own copy, and the same check
// serves them all as long as every writer moves the generation in its transaction. PostgreSQL
// needs the same triggers (plpgsql, FOR EACH ROW); the one row serializes the directory's writes
// (member, label and partner changes: people's edits, rare), and under READ COMMITTED a read of
// the generation sees only committed bumps, which is what the order above needs. Writes that must
// not wait on that row would bump per partner instead (a row per partner), at the cost of a
// master distributor reading its own and its resellers' generations.

// DirectoryGeneration is the directory's generation: one row (id 1), its gen moved by triggers.
type DirectoryGeneration struct {
	ID  uint64 `gorm:"primaryKey"`
	Gen int64  `gorm:"not null;default:0"`
}

// directoryCache is the directory of one database as read at generation gen.
type directoryCache struct {
	mu           sync.Mutex
	gen          int64
	partners     map[uint64]Partner   // by id
	resellers    map[uint64][]Partner // a master distributor's, by its id
	managers     map[uint64][]User    // ListAccountManagers, by partner id
	choices      map[uint64][]User    // AccountManagerChoices, by partner id
	labels       map[uint64][]string  // ListLabels, by partner id
	userNames    map[uint64]string    // display names by user id
	usernames    map[uint64]string    // sign-in names by user id
	partnerNames map[uint64]string    // names by partner id
}

func (c *directoryCache) reset(gen int64) {
	c.gen = gen
	c.partners, c.resellers = map[uint64]Partner{}, map[uint64][]Partner{}
	c.managers, c.choices, c.labels = map[uint64][]User{}, map[uint64][]User{}, map[uint64][]string{}
	c.userNames, c.usernames, c.partnerNames = map[uint64]string{}, map[uint64]string{}, map[uint64]string{}
}

var directoryCaches sync.Map // *sql.DB → *directoryCache

// directoryOf is the copy of db's directory at the database's current generation, and that
// generation; nil outside a pool (in a transaction) or when the generation cannot be read.
func directoryOf(ctx context.Context, db *gorm.DB) (*directoryCache, int64) {
	if _, inTx := db.Statement.ConnPool.(gorm.TxCommitter); inTx {
		// a transaction reads its own writes: GORM hands out the pool beneath a PostgreSQL
		// transaction (SQLite's gated one has none), whose generation would not have moved yet
		return nil, 0
	}
	pool, err := db.DB()
	if err != nil {
		return nil, 0
	}
	snap, _ := ctx.Value(snapshotKey{}).(*snapshot)
	gen := int64(-1)
	if snap != nil {
		gen = snap.gen.Load()
	}
	if gen < 0 {
		if err := pool.QueryRowContext(ctx, "SELECT gen FROM directory_generations WHERE id = 1").Scan(&gen); err != nil {
			return nil, 0 // no generation row (a database migrated by hand?): read the database
		}
		if snap != nil {
			snap.gen.Store(gen)
		}
	}
	c, ok := directoryCaches.Load(pool)
	if !ok {
		c, _ = directoryCaches.LoadOrStore(pool, &directoryCache{gen: -1})
	}
	return c.(*directoryCache), gen
}

// WithDirectorySnapshot makes the directory's reads under ctx share one reading of its
// generation: for a request that writes nothing (a GET), whose page asks for the partner, the
// filter lists and the names a dozen times. A request that writes and then reads must not use it:
// its reads would not see its own write.
func WithDirectorySnapshot(ctx context.Context) context.Context {
	s := &snapshot{}
	s.gen.Store(-1)
	return context.WithValue(ctx, snapshotKey{}, s)
}

type snapshotKey struct{}

type snapshot struct{ gen atomic.Int64 } // -1: not read yet

// cachedList answers pick(copy)[key] from the copy at the current generation, or loads it and
// keeps it if the copy is still of that generation. Callers get their own slice.
func cachedList[T any](ctx context.Context, db *gorm.DB, pick func(*directoryCache) map[uint64][]T, key uint64, load func() ([]T, error)) ([]T, error) {
	c, gen := directoryOf(ctx, db)
	if c == nil {
		return load()
	}
	c.mu.Lock()
	if c.gen != gen {
		c.reset(gen)
	}
	v, ok := pick(c)[key]
	c.mu.Unlock()
	if ok {
		return slices.Clone(v), nil
	}
	v, err := load()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.gen == gen {
		pick(c)[key] = slices.Clone(v)
	}
	c.mu.Unlock()
	return v, nil
}

// cachedNames maps ids to names from the copy, reading the ids it lacks with load. An id that
// load does not find is not kept: it is asked again next time.
func cachedNames(ctx context.Context, db *gorm.DB, pick func(*directoryCache) map[uint64]string, ids []uint64, load func([]uint64) (map[uint64]string, error)) (map[uint64]string, error) {
	if len(ids) == 0 {
		return map[uint64]string{}, nil
	}
	c, gen := directoryOf(ctx, db)
	if c == nil {
		return load(ids)
	}
	out := make(map[uint64]string, len(ids))
	var missing []uint64
	c.mu.Lock()
	if c.gen != gen {
		c.reset(gen)
	}
	names := pick(c)
	for _, id := range ids {
		if n, ok := names[id]; ok {
			out[id] = n
		} else if !slices.Contains(missing, id) {
			missing = append(missing, id)
		}
	}
	c.mu.Unlock()
	if len(missing) == 0 {
		return out, nil
	}
	got, err := load(missing)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	keep := c.gen == gen
	for id, n := range got {
		out[id] = n
		if keep {
			pick(c)[id] = n
		}
	}
	c.mu.Unlock()
	return out, nil
}

// cachedPartner is GetPartner through the copy.
func cachedPartner(ctx context.Context, db *gorm.DB, id uint64) (*Partner, error) {
	c, gen := directoryOf(ctx, db)
	if c == nil {
		return readPartner(ctx, db, id)
	}
	c.mu.Lock()
	if c.gen != gen {
		c.reset(gen)
	}
	p, ok := c.partners[id]
	c.mu.Unlock()
	if ok {
		return &p, nil
	}
	got, err := readPartner(ctx, db, id)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.gen == gen {
		c.partners[id] = *got
	}
	c.mu.Unlock()
	return got, nil
}

func readPartner(ctx context.Context, db *gorm.DB, id uint64) (*Partner, error) {
	var p Partner
	if err := db.WithContext(ctx).First(&p, id).Error; err != nil {
		return nil, notFound(err)
	}
	return &p, nil
}

// directoryGeneration reads the generation (tests: a write moves it).
func directoryGeneration(db *sql.DB) (int64, error) {
	var gen int64
	err := db.QueryRow("SELECT gen FROM directory_generations WHERE id = 1").Scan(&gen)
	return gen, err
}
