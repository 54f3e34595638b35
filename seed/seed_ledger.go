package seed

import (
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"gorm.io/gorm"

	"partnerhub/models"
	"partnerhub/store"
)

// A large world's ledger history: n transfers over the two years before now, with their entries,
// bulk inserted. They are generated in time order by a deterministic simulation that keeps every
// account's balance, so that each entry carries the balance its transfer left, no account but
// world goes below zero, and `partnerhub check` holds: partners top up (deposits) when they run
// low, the master distributor funds its resellers (and takes some back), and partners allocate to
// and reclaim from their consignment customers, a few customers far more often than most. The
// demo world's own transfers are moved to just before the history. The generated transfers have
// no audit records: the audit is not read by any page yet.

// historyDays is how far back a large world's ledger goes.
const historyDays = 730

// ledgerSim is the state of the simulation: accounts and their balances, who funds whom.
type ledgerSim struct {
	rng        *rand.Rand
	balance    map[uint64]int64            // account id → fen
	counts     map[models.EntryCount]int64 // also the ordinal of the last entry of an account and kind
	seq        map[uint64]int64            // account id → its entries, the ordinal of its last
	lastAt     map[uint64]time.Time        // account id → the time of its last generated entry
	existing   []uint64                    // the accounts that were there before
	newAccts   []models.Account            // accounts created by the simulation, inserted afterwards
	nextAcct   uint64
	world      uint64
	partnerAcc map[uint64]uint64 // partner id → account id
	distOf     map[uint64]uint64 // reseller → its master distributor
	actorOf    map[uint64]uint64 // partner → a member acting for it
	operator   uint64
	partners   []uint64       // deposit targets that are not resellers
	resellers  []uint64       // the master distributor's resellers
	customers  []seedFundable // consignment customers, in a scrambled order
	custAcc    map[uint64]uint64
	revenue    uint64    // the cloud's revenue account, which order payments credit
	orders     *orderSim // nil: no orders along the ledger
	// the ids of the last transfer and entry written
	lastTransfer, lastEntry uint64
}

type seedFundable struct{ ID, PartnerID, AssociationID uint64 }

// seedLedger adds n transfers ending at now and, along them in time, orders orders
// (seed_orders_large.go): the orders paid from a customer's balance add their payments to the n.
func seedLedger(tx *gorm.DB, n, orders int, now time.Time) error {
	start := now.Add(-historyDays * 24 * time.Hour)
	if err := backdateDemoLedger(tx, start.Add(-24*time.Hour)); err != nil {
		return err
	}
	s, err := newLedgerSim(tx)
	if err != nil {
		return err
	}
	tx.Model(&models.Transfer{}).Select("COALESCE(MAX(id), 0)").Scan(&s.lastTransfer)
	tx.Model(&models.Entry{}).Select("COALESCE(MAX(id), 0)").Scan(&s.lastEntry)
	if orders > 0 {
		if s.revenue == 0 {
			return errors.New("seed: no revenue account for the orders' payments")
		}
		if s.orders, err = newOrderSim(tx, now); err != nil {
			return err
		}
	}
	events := n + orders
	step := now.Sub(start) / time.Duration(max(events, 1))
	err = bulkLedger(tx, events, func(i int, b *ledgerRows) {
		at := start.Add(step * time.Duration(i))
		if orders > 0 && (i+1)*orders/events > i*orders/events { // the orders spread evenly among the transfers
			s.order(at, b)
			return
		}
		s.emit(s.next(at), b)
	})
	if err != nil {
		return err
	}
	if s.orders != nil {
		if err := s.orders.saveSums(tx); err != nil {
			return err
		}
		// the cycle bills and totals, which the domain adds to as it writes fee records, made
		// from the loaded ones at once
		if err := models.RebuildCycleBills(tx, now); err != nil {
			return err
		}
	}
	if err := s.save(tx); err != nil {
		return err
	}
	if s.orders != nil { // the daily sums, of the demo's fee records and the generated ones
		return models.SumDailyFromFeeRecords(tx)
	}
	return nil
}

// backdateDemoLedger moves the demo world's transfers to at, before the generated history. Their
// entries all share that time, and keep their ordinals, which stay in the order of their ids.
func backdateDemoLedger(tx *gorm.DB, at time.Time) error {
	if err := tx.Exec("UPDATE transfers SET created_at = ?", at.UTC()).Error; err != nil {
		return err
	}
	if err := tx.Exec("UPDATE accounts SET last_entry_at = ? WHERE last_entry_at IS NOT NULL", at.UTC()).Error; err != nil {
		return err
	}
	return tx.Exec("UPDATE entries SET created_at = ?", at.UTC()).Error
}

func newLedgerSim(tx *gorm.DB) (*ledgerSim, error) {
	s := &ledgerSim{rng: rand.New(rand.NewPCG(20261201, 7)), balance: map[uint64]int64{}, counts: map[models.EntryCount]int64{},
		seq: map[uint64]int64{}, lastAt: map[uint64]time.Time{},
		partnerAcc: map[uint64]uint64{}, distOf: map[uint64]uint64{}, actorOf: map[uint64]uint64{}, custAcc: map[uint64]uint64{}}
	var accts []models.Account
	if err := tx.Find(&accts).Error; err != nil {
		return nil, err
	}
	var counts []models.EntryCount // the demo world's
	if err := tx.Find(&counts).Error; err != nil {
		return nil, err
	}
	for _, c := range counts {
		s.counts[models.EntryCount{AccountID: c.AccountID, Kind: c.Kind}] = c.N
	}
	for _, a := range accts {
		s.existing = append(s.existing, a.ID)
		s.balance[a.ID] = a.Balance
		s.seq[a.ID] = a.EntrySeq
		s.nextAcct = max(s.nextAcct, a.ID+1)
		switch {
		case a.Kind == models.WorldAccount:
			s.world = a.ID
		case a.Kind == models.PartnerAccount:
			s.partnerAcc[*a.PartnerID] = a.ID
		case a.Kind == models.CustomerAccount:
			s.custAcc[*a.CustomerID] = a.ID
		case a.Kind == models.RevenueAccount:
			s.revenue = a.ID
		}
	}
	if err := s.loadPartners(tx); err != nil {
		return nil, err
	}
	return s, s.loadCustomers(tx)
}

func (s *ledgerSim) loadPartners(tx *gorm.DB) error {
	var partners []models.Partner
	if err := tx.Order("id").Find(&partners).Error; err != nil {
		return err
	}
	for _, p := range partners {
		if p.DistributorID != nil {
			s.distOf[p.ID] = *p.DistributorID
			s.resellers = append(s.resellers, p.ID)
		} else {
			s.partners = append(s.partners, p.ID)
		}
	}
	var users []models.User
	if err := tx.Where("partner_id IS NOT NULL").Order("id DESC").Find(&users).Error; err != nil {
		return err
	}
	for _, u := range users {
		s.actorOf[*u.PartnerID] = u.ID // the lowest id: the partner's first member, its admin
	}
	var op models.User
	err := tx.Where("kind = ?", models.OperatorUser).Order("id").First(&op).Error
	s.operator = op.ID
	return err
}

// loadCustomers takes the unfrozen consignment customers, shuffled so that the busiest ones (the
// first of the list) are spread over the partners.
func (s *ledgerSim) loadCustomers(tx *gorm.DB) error {
	rows, err := tx.Model(&models.Customer{}).Select("id, partner_id, association_id").Where("mode = ? AND frozen = 0 AND partner_id IS NOT NULL", models.Consignment).Order("id").Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var c seedFundable
		if err := rows.Scan(&c.ID, &c.PartnerID, &c.AssociationID); err != nil {
			return err
		}
		s.customers = append(s.customers, c)
	}
	s.rng.Shuffle(len(s.customers), func(i, j int) { s.customers[i], s.customers[j] = s.customers[j], s.customers[i] })
	return rows.Err()
}

// account returns the account of a partner or customer, creating it (in memory) on first use.
func (s *ledgerSim) account(partnerID, customerID uint64) uint64 {
	m, key := s.partnerAcc, partnerID
	if customerID != 0 {
		m, key = s.custAcc, customerID
	}
	if id, ok := m[key]; ok {
		return id
	}
	a := models.Account{ID: s.nextAcct, Kind: models.PartnerAccount}
	if customerID != 0 {
		a.Kind, a.CustomerID = models.CustomerAccount, &customerID
	} else {
		a.PartnerID = &partnerID
	}
	s.nextAcct++
	s.newAccts = append(s.newAccts, a)
	m[key] = a.ID
	return a.ID
}

// next is the transfer at time at: mostly allocations (72%) and reclaims (20%) with a customer,
// then reseller fundings and deposits. A payer without the money tops up first instead.
func (s *ledgerSim) next(at time.Time) models.Transfer {
	switch r := s.rng.IntN(100); {
	case r < 3:
		return s.deposit(s.partners[s.rng.IntN(len(s.partners))], at)
	case r < 7 && len(s.resellers) > 0:
		return s.fundReseller(s.resellers[s.rng.IntN(len(s.resellers))], at)
	case r < 8 && len(s.resellers) > 0:
		return s.reclaimFromReseller(s.resellers[s.rng.IntN(len(s.resellers))], at)
	case r < 80 || len(s.customers) == 0:
		return s.allocate(s.customer(), at)
	default:
		return s.reclaim(s.customer(), at)
	}
}

// customer picks a customer, the first of the (shuffled) list far more often than the last.
func (s *ledgerSim) customer() seedFundable {
	u := s.rng.Float64()
	return s.customers[int(u*u*float64(len(s.customers)))]
}

func (s *ledgerSim) yuan(lo, hi int64) int64 { return (lo + s.rng.Int64N(hi-lo+1)) * 100 }

func (s *ledgerSim) deposit(partnerID uint64, at time.Time) models.Transfer {
	if _, ok := s.distOf[partnerID]; ok { // a reseller is funded by its master
		return s.fundReseller(partnerID, at)
	}
	return s.move(models.KindDeposit, s.world, s.account(partnerID, 0), s.yuan(500000, 5000000), partnerID, 0, s.operator, at)
}

func (s *ledgerSim) fundReseller(resellerID uint64, at time.Time) models.Transfer {
	dist := s.distOf[resellerID]
	from, amount := s.account(dist, 0), s.yuan(100000, 1000000)
	if s.balance[from] < amount {
		return s.deposit(dist, at)
	}
	return s.move(models.KindResellerFund, from, s.account(resellerID, 0), amount, dist, 0, s.actorOf[dist], at)
}

func (s *ledgerSim) reclaimFromReseller(resellerID uint64, at time.Time) models.Transfer {
	dist, from := s.distOf[resellerID], s.account(resellerID, 0)
	if s.balance[from] < 100 {
		return s.fundReseller(resellerID, at)
	}
	amount := 1 + s.rng.Int64N(s.balance[from]/10+1)
	return s.move(models.KindResellerReclaim, from, s.account(dist, 0), amount, dist, 0, s.actorOf[dist], at)
}

func (s *ledgerSim) allocate(c seedFundable, at time.Time) models.Transfer {
	from, amount := s.account(c.PartnerID, 0), s.yuan(10, 5000)
	if s.balance[from] < amount {
		return s.deposit(c.PartnerID, at)
	}
	return s.move(models.KindAllocate, from, s.account(0, c.ID), amount, c.PartnerID, c.ID, s.actorOf[c.PartnerID], at)
}

func (s *ledgerSim) reclaim(c seedFundable, at time.Time) models.Transfer {
	from := s.account(0, c.ID)
	if s.balance[from] == 0 {
		return s.allocate(c, at)
	}
	amount := s.balance[from] // half of the reclaims take it all
	if s.rng.IntN(2) == 0 {
		amount = 1 + s.rng.Int64N(amount)
	}
	return s.move(models.KindReclaim, from, s.account(c.PartnerID, 0), amount, c.PartnerID, c.ID, s.actorOf[c.PartnerID], at)
}

// move makes a transfer and applies it to the balances. Half the moves of partners came with an
// idempotency key (the API's, or a console form's token).
func (s *ledgerSim) move(kind models.TransferKind, from, to uint64, fen int64, partnerID, customerID, actor uint64, at time.Time) models.Transfer {
	s.balance[from] -= fen
	s.balance[to] += fen
	s.counts[models.EntryCount{AccountID: from, Kind: kind}]++
	s.counts[models.EntryCount{AccountID: to, Kind: kind}]++
	s.seq[from]++
	s.seq[to]++
	s.lastAt[from], s.lastAt[to] = at.UTC(), at.UTC()
	t := models.Transfer{TransID: fmt.Sprintf("%016x%016x", s.rng.Uint64(), s.rng.Uint64()), FromAccountID: from, ToAccountID: to,
		Amount: fen, Kind: kind, ActorUserID: actor, RequestID: "seed", CreatedAt: at.UTC()}
	t.PartnerID = &partnerID
	if customerID != 0 {
		t.CustomerID = &customerID
	}
	if kind == models.KindDeposit {
		t.Memo = fmt.Sprintf("银行转账 BT%08d", s.rng.IntN(100000000))
	} else if s.rng.IntN(2) == 0 {
		target := customerID
		if target == 0 {
			target = partnerID
		}
		key := fmt.Sprintf("p%d/seed-%s", partnerID, t.TransID[:16])
		t.IdempotencyKey = &key
		t.RequestHash = models.TransferRequestHash(kind, models.Fen(fen), target)
	}
	return t
}

// emit numbers the transfer t (the last the simulation made) and adds it and its two sides, with
// the balances and ordinals the simulation left, to the batch. Transfers are generated in time
// order, so the ordinals follow the ledger's time rule.
func (s *ledgerSim) emit(t models.Transfer, b *ledgerRows) models.Transfer {
	s.lastTransfer++
	t.ID = s.lastTransfer
	b.transfers = append(b.transfers, t.ID, t.TransID, t.FromAccountID, t.ToAccountID, t.Amount, t.Kind, t.PartnerID,
		t.CustomerID, t.ActorUserID, t.Memo, t.IdempotencyKey, t.RequestHash, t.RequestID, t.CreatedAt)
	for _, acct := range [2]uint64{t.FromAccountID, t.ToAccountID} {
		amount := t.Amount
		if acct == t.FromAccountID {
			amount = -amount
		}
		s.lastEntry++
		b.entries = append(b.entries, s.lastEntry, acct, t.ID, t.Kind, amount, s.balance[acct], t.CreatedAt,
			s.seq[acct], s.counts[models.EntryCount{AccountID: acct, Kind: t.Kind}])
	}
	return t
}

// save writes the accounts the simulation created, the balances and ordinal counters of those it
// found, and every account's entry counts.
func (s *ledgerSim) save(tx *gorm.DB) error {
	for _, id := range s.existing {
		set := map[string]any{"balance": s.balance[id], "entry_seq": s.seq[id]}
		if at, ok := s.lastAt[id]; ok {
			set["last_entry_at"] = at
		}
		if err := tx.Model(&models.Account{}).Where("id = ?", id).Updates(set).Error; err != nil {
			return err
		}
	}
	for i := range s.newAccts {
		a := &s.newAccts[i]
		a.Balance, a.EntrySeq = s.balance[a.ID], s.seq[a.ID]
		if at, ok := s.lastAt[a.ID]; ok {
			a.LastEntryAt = &at
		}
	}
	if err := tx.CreateInBatches(s.newAccts, 500).Error; err != nil {
		return err
	}
	if err := tx.Exec("DELETE FROM entry_counts").Error; err != nil {
		return err
	}
	counts := make([]models.EntryCount, 0, len(s.counts))
	for k, n := range s.counts {
		counts = append(counts, models.EntryCount{AccountID: k.AccountID, Kind: k.Kind, N: n})
	}
	return tx.CreateInBatches(counts, 500).Error
}

var (
	transferCols = []string{"id", "trans_id", "from_account_id", "to_account_id", "amount", "kind", "partner_id", "customer_id",
		"actor_user_id", "memo", "idempotency_key", "request_hash", "request_id", "created_at"}
	entryCols = []string{"id", "account_id", "transfer_id", "kind", "amount", "balance_after", "created_at", "seq", "kind_seq"}
)

// ledgerRows is a batch of generated rows, each table's values in its columns' order.
type ledgerRows struct{ transfers, entries, orders, lines, resources, terms, authorizations, fees []any }

// bulkLedger generates events rows in order (gen(i) adds event i's to the batch) on another
// goroutine while SQLite writes the previous batch.
func bulkLedger(tx *gorm.DB, events int, gen func(i int, b *ledgerRows)) error {
	const per = 400 // events a batch
	batches := make(chan *ledgerRows, 4)
	go func() {
		defer close(batches)
		for start := 0; start < events; start += per {
			b := &ledgerRows{}
			for i := start; i < min(start+per, events); i++ {
				gen(i, b)
			}
			batches <- b
		}
	}()
	ins := inserter{tx: tx}
	var err error
	for b := range batches {
		for _, t := range []struct {
			table string
			cols  []string
			args  []any
		}{{"transfers", transferCols, b.transfers}, {"entries", entryCols, b.entries},
			{"order_authorizations", authorizationCols, b.authorizations}, {"orders", orderCols, b.orders},
			{"order_lines", lineCols, b.lines}, {"resources", resourceCols, b.resources}, {"resource_terms", termCols, b.terms},
			{"fee_records", feeCols, b.fees}} {
			if err == nil {
				err = ins.execAll(t.table, t.cols, t.args)
			}
		}
	}
	ins.close()
	return err
}

// inserter runs multi-row INSERTs, keeping one prepared statement per table and row count.
type inserter struct {
	tx    *gorm.DB
	stmts map[string]*sql.Stmt
}

// execAll inserts the rows of args, as many a statement as SQLite's 32,766 variables allow.
func (in *inserter) execAll(table string, cols []string, args []any) error {
	per := min(400, 32000/len(cols)) * len(cols)
	for len(args) > 0 {
		n := min(per, len(args))
		if err := in.exec(table, cols, args[:n]); err != nil {
			return err
		}
		args = args[n:]
	}
	return nil
}

func (in *inserter) exec(table string, cols []string, args []any) error {
	rows := len(args) / len(cols)
	key := fmt.Sprint(table, rows)
	if in.stmts == nil {
		in.stmts = map[string]*sql.Stmt{}
	}
	stmt, ok := in.stmts[key]
	if !ok {
		one := "(" + strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + ")"
		q := "INSERT INTO " + table + "(" + strings.Join(cols, ",") + ") VALUES " + strings.TrimSuffix(strings.Repeat(one+",", rows), ",")
		var err error
		if stmt, err = in.tx.Statement.ConnPool.PrepareContext(in.tx.Statement.Context, store.DriverSQL(in.tx, q)); err != nil {
			return err
		}
		in.stmts[key] = stmt
	}
	if _, err := stmt.ExecContext(in.tx.Statement.Context, args...); err != nil {
		return fmt.Errorf("models: seed %s: %w", table, err)
	}
	return nil
}

func (in *inserter) close() {
	for _, s := range in.stmts {
		s.Close()
	}
}
