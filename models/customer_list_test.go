package models

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"
)

// Scopes of the demo partners in plain SQL over customers, written without top_partner_id so that
// they check the copy of the association the list relies on.
var listScopes = map[string]string{
	"provider":       "partner_id = (SELECT id FROM partners WHERE account_name = 'provider')",
	"provider-sales": "partner_id = (SELECT id FROM partners WHERE account_name = 'provider')",
	"reseller":       "partner_id = (SELECT id FROM partners WHERE account_name = 'reseller')",
	"reseller-sales": "partner_id = (SELECT id FROM partners WHERE account_name = 'reseller')",
	"reseller-sh":    "partner_id = (SELECT id FROM partners WHERE account_name = 'reseller-sh')",
	"reseller-gz":    "partner_id = (SELECT id FROM partners WHERE account_name = 'reseller-gz')",
	"distributor": `partner_id IN (SELECT id FROM partners WHERE account_name = 'distributor'
		OR distributor_id = (SELECT id FROM partners WHERE account_name = 'distributor'))`,
	"distributor-sales": `partner_id IN (SELECT id FROM partners WHERE account_name = 'distributor'
		OR distributor_id = (SELECT id FROM partners WHERE account_name = 'distributor'))`,
}

const (
	sqlNewest = "associated_on DESC, id DESC"
	sqlOldest = "associated_on ASC, id ASC"
	sqlByName = "account_name ASC"
)

// listCase is one customer-list query and the same query in plain SQL.
type listCase struct {
	name  string
	user  string
	f     CustomerFilter
	where string // extra SQL conditions on customers, ANDed with the user's scope
	args  []any
	order string // SQL ORDER BY of the expected page (default newest first)
	limit int    // expected LIMIT (default 10)
	off   int    // expected OFFSET
	empty bool   // the query finds nothing (otherwise an empty result fails the case)
}

// textMatch is the search condition in plain SQL: q (lower-case ASCII or CJK) inside either name.
const textMatch = "(instr(lower(account_name), ?) > 0 OR instr(lower(real_name), ?) > 0)"

// checkList runs c and compares the page and the total with plain SQL.
func checkList(t *testing.T, db *gorm.DB, c listCase) *CustomerList {
	t.Helper()
	got, err := ListCustomers(context.Background(), db, actor(t, db, c.user), c.f)
	if err != nil {
		t.Fatalf("ListCustomers: %v", err)
	}
	where := "(" + listScopes[c.user] + ")"
	if c.where != "" {
		where += " AND (" + c.where + ")"
	}
	total := count(t, db, "SELECT COUNT(*) FROM customers WHERE "+where, c.args...)
	if got.Total != total {
		t.Errorf("Total = %d, COUNT(*) = %d", got.Total, total)
	}
	if total == 0 && !c.empty {
		t.Fatalf("the case finds nothing; it tests nothing")
	}
	order, limit := c.order, c.limit
	if order == "" {
		order = sqlNewest
	}
	if limit == 0 {
		limit = 10
	}
	var want []uint64
	err = db.Raw(portableSQL("SELECT id FROM customers WHERE "+where+" ORDER BY "+order+" LIMIT ? OFFSET ?"),
		append(append([]any{}, c.args...), limit, c.off)...).Scan(&want).Error
	if err != nil {
		t.Fatal(err)
	}
	if !sameIDs(ids(got.Rows), want) {
		t.Errorf("page ids\n got %v\nwant %v", ids(got.Rows), want)
	}
	return got
}

func TestListCustomers(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	provSales := mustUser(t, db, "provider-sales").ID
	provSales2 := mustUser(t, db, "provider-sales2").ID
	resSales := mustUser(t, db, "reseller-sales").ID
	resAdmin := mustUser(t, db, "reseller").ID // an admin is a sales member too
	reseller := partnerByAccount(t, db, "reseller").ID
	resellerGZ := partnerByAccount(t, db, "reseller-gz").ID
	adv, con := Advisory, Consignment
	from, to := day(2026, 3, 1), day(2026, 9, 1)
	jd := func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05") }

	cases := []listCase{
		// scoping
		{name: "provider sees its own", user: "provider"},
		{name: "provider member sees its partner's", user: "provider-sales"},
		{name: "reseller sees its own", user: "reseller"},
		{name: "reseller member sees its partner's", user: "reseller-sales"},
		{name: "another reseller", user: "reseller-sh"},
		{name: "third reseller", user: "reseller-gz"},
		{name: "distributor sees its resellers'", user: "distributor"},
		{name: "distributor member too", user: "distributor-sales"},
		{name: "distributor, one reseller", user: "distributor", f: CustomerFilter{ResellerID: reseller},
			where: "partner_id = ?", args: []any{reseller}},
		{name: "distributor, one reseller, advisory", user: "distributor", f: CustomerFilter{ResellerID: resellerGZ, Mode: adv},
			where: "partner_id = ? AND mode = 1", args: []any{resellerGZ}},
		{name: "distributor, one reseller, verified, by name", user: "distributor",
			f:     CustomerFilter{ResellerID: reseller, Verified: ptr(Verified), Sort: SortAccountName},
			where: "partner_id = ? AND verified_status = 2", args: []any{reseller}, order: sqlByName},
		{name: "distributor, one reseller, search", user: "distributor", f: CustomerFilter{ResellerID: reseller, Query: "科技"},
			where: "partner_id = ? AND " + textMatch, args: []any{reseller, "科技", "科技"}},

		// search
		{name: "account name substring", user: "provider", f: CustomerFilter{Query: "hua"},
			where: textMatch, args: []any{"hua", "hua"}},
		{name: "account name, upper case", user: "provider", f: CustomerFilter{Query: "HUA"},
			where: textMatch, args: []any{"hua", "hua"}},
		{name: "account name digits", user: "provider", f: CustomerFilter{Query: "12"},
			where: textMatch, args: []any{"12", "12"}},
		{name: "whole account name", user: "provider", f: CustomerFilter{Query: "xatianxiang1"},
			where: textMatch, args: []any{"xatianxiang1", "xatianxiang1"}},
		{name: "real name, two Chinese characters", user: "provider", f: CustomerFilter{Query: "科技"},
			where: textMatch, args: []any{"科技", "科技"}},
		{name: "real name, one Chinese character", user: "provider", f: CustomerFilter{Query: "华"},
			where: textMatch, args: []any{"华", "华"}},
		{name: "real name, one Chinese character (surname)", user: "reseller", f: CustomerFilter{Query: "刘"},
			where: textMatch, args: []any{"刘", "刘"}},
		{name: "real name, longer Chinese", user: "provider", f: CustomerFilter{Query: "信息技术"},
			where: textMatch, args: []any{"信息技术", "信息技术"}},
		{name: "distributor, Chinese", user: "distributor", f: CustomerFilter{Query: "科技"},
			where: textMatch, args: []any{"科技", "科技"}},
		{name: "distributor, one character", user: "distributor", f: CustomerFilter{Query: "华"},
			where: textMatch, args: []any{"华", "华"}},
		{name: "real name, four characters", user: "provider", f: CustomerFilter{Query: "科技股份"},
			where: textMatch, args: []any{"科技股份", "科技股份"}},
		{name: "no match", user: "provider", f: CustomerFilter{Query: "zzqq"},
			where: textMatch, args: []any{"zzqq", "zzqq"}, empty: true},
		{name: "another partner's customer name", user: "reseller", f: CustomerFilter{Query: "xatianxiang1"},
			where: textMatch, args: []any{"xatianxiang1", "xatianxiang1"}, empty: true},
		{name: "search and sort by name", user: "provider", f: CustomerFilter{Query: "科技", Sort: SortAccountName},
			where: textMatch, args: []any{"科技", "科技"}, order: sqlByName},
		{name: "search, page 2", user: "provider", f: CustomerFilter{Query: "科技", Page: 2},
			where: textMatch, args: []any{"科技", "科技"}, off: 10},

		// mode and real-name status (the counters answer the total)
		{name: "advisory", user: "provider", f: CustomerFilter{Mode: adv}, where: "mode = 1"},
		{name: "consignment", user: "provider", f: CustomerFilter{Mode: con}, where: "mode = 2"},
		{name: "distributor, consignment", user: "distributor", f: CustomerFilter{Mode: con}, where: "mode = 2"},
		{name: "not verified", user: "provider", f: CustomerFilter{Verified: ptr(NotVerified)}, where: "verified_status = -1"},
		{name: "under review", user: "provider", f: CustomerFilter{Verified: ptr(UnderReview)}, where: "verified_status = 0"},
		{name: "rejected", user: "provider", f: CustomerFilter{Verified: ptr(Rejected)}, where: "verified_status = 1"},
		{name: "verified", user: "provider", f: CustomerFilter{Verified: ptr(Verified)}, where: "verified_status = 2"},
		{name: "distributor, verified advisory", user: "distributor", f: CustomerFilter{Mode: adv, Verified: ptr(Verified)},
			where: "mode = 1 AND verified_status = 2"},
		{name: "distributor, rejected (none: resellers' customers are all verified)", user: "distributor",
			f: CustomerFilter{Verified: ptr(Rejected)}, where: "verified_status = 1", empty: true},
		{name: "reseller, verified consignment", user: "reseller", f: CustomerFilter{Mode: con, Verified: ptr(Verified)},
			where: "mode = 2 AND verified_status = 2"},

		// associated date
		{name: "from", user: "provider", f: CustomerFilter{From: from},
			where: "julianday(associated_on) >= julianday(?)", args: []any{jd(from)}},
		{name: "to", user: "provider", f: CustomerFilter{To: to},
			where: "julianday(associated_on) < julianday(?)", args: []any{jd(to)}},
		{name: "from and to", user: "distributor", f: CustomerFilter{From: from, To: to},
			where: "julianday(associated_on) >= julianday(?) AND julianday(associated_on) < julianday(?)", args: []any{jd(from), jd(to)}},
		{name: "empty range", user: "provider", f: CustomerFilter{From: to, To: from},
			where: "julianday(associated_on) >= julianday(?) AND julianday(associated_on) < julianday(?)", args: []any{jd(to), jd(from)}, empty: true},

		// label and account manager
		{name: "label", user: "provider", f: CustomerFilter{Label: "重点客户"}, where: "label = '重点客户'"},
		{name: "distributor, label", user: "distributor", f: CustomerFilter{Label: "教育行业"}, where: "label = '教育行业'"},
		{name: "unknown label", user: "provider", f: CustomerFilter{Label: "无此标签"}, where: "label = '无此标签'", empty: true},
		{name: "manager", user: "provider", f: CustomerFilter{ManagerID: provSales}, where: "account_manager_id = ?", args: []any{provSales}},
		{name: "other manager", user: "provider", f: CustomerFilter{ManagerID: provSales2}, where: "account_manager_id = ?", args: []any{provSales2}},
		{name: "distributor, reseller's manager", user: "distributor", f: CustomerFilter{ManagerID: resSales},
			where: "account_manager_id = ?", args: []any{resSales}},
		{name: "another partner's manager", user: "provider", f: CustomerFilter{ManagerID: resSales},
			where: "account_manager_id = ?", args: []any{resSales}, empty: true},

		// everything at once
		{name: "all filters", user: "distributor",
			f: CustomerFilter{Query: "科技", Mode: con, Verified: ptr(Verified), From: day(2025, 1, 1), To: day(2026, 12, 1),
				Label: "", ManagerID: resAdmin, Sort: SortOldest},
			where: textMatch + " AND mode = 2 AND verified_status = 2 AND julianday(associated_on) >= julianday(?)" +
				" AND julianday(associated_on) < julianday(?) AND account_manager_id = ?",
			args: []any{"科技", "科技", jd(day(2025, 1, 1)), jd(day(2026, 12, 1)), resAdmin}, order: sqlOldest},
		{name: "mode, status, label, manager", user: "provider",
			f:     CustomerFilter{Mode: con, Verified: ptr(Verified), Label: "教育行业", ManagerID: provSales2},
			where: "mode = 2 AND verified_status = 2 AND label = '教育行业' AND account_manager_id = ?", args: []any{provSales2}},

		// sort
		{name: "newest first is the default", user: "provider", f: CustomerFilter{Sort: ""}},
		{name: "newest first", user: "provider", f: CustomerFilter{Sort: SortNewest}},
		{name: "oldest first", user: "provider", f: CustomerFilter{Sort: SortOldest}, order: sqlOldest},
		{name: "by account name", user: "provider", f: CustomerFilter{Sort: SortAccountName}, order: sqlByName},
		{name: "unknown sort is newest first", user: "provider", f: CustomerFilter{Sort: "real_name; DROP TABLE customers"}},
		{name: "distributor by name, page 3", user: "distributor", f: CustomerFilter{Sort: SortAccountName, Page: 3, Limit: 20},
			order: sqlByName, limit: 20, off: 40},
		{name: "oldest first, page 2", user: "reseller", f: CustomerFilter{Sort: SortOldest, Page: 2}, order: sqlOldest, off: 10},

		// paging
		{name: "page 2", user: "provider", f: CustomerFilter{Page: 2}, off: 10},
		{name: "page 0 is page 1", user: "provider", f: CustomerFilter{Page: 0}},
		{name: "negative page is page 1", user: "provider", f: CustomerFilter{Page: -3}},
		{name: "limit 25, page 3", user: "provider", f: CustomerFilter{Page: 3, Limit: 25}, limit: 25, off: 50},
		{name: "limit 100", user: "provider", f: CustomerFilter{Limit: 100}, limit: 100},
		{name: "limit 100, page 2 (partial)", user: "provider", f: CustomerFilter{Limit: 100, Page: 2}, limit: 100, off: 100},
		{name: "limit 10", user: "provider", f: CustomerFilter{Limit: 10}},
		{name: "limit 9 (the API allows 1–100)", user: "provider", f: CustomerFilter{Limit: 9}, limit: 9},
		{name: "limit 1", user: "provider", f: CustomerFilter{Limit: 1}, limit: 1},
		{name: "API offset 7, limit 5", user: "provider", f: CustomerFilter{Offset: 7, Limit: 5}, limit: 5, off: 7},
		{name: "API offset past the end", user: "provider", f: CustomerFilter{Offset: 100000}, off: 100000},
		{name: "API negative offset", user: "provider", f: CustomerFilter{Offset: -4}},
		{name: "limit 0", user: "provider", f: CustomerFilter{Limit: 0}},
		{name: "negative limit", user: "provider", f: CustomerFilter{Limit: -50}},
		{name: "limit above 100", user: "provider", f: CustomerFilter{Limit: 101}},
		{name: "huge limit", user: "provider", f: CustomerFilter{Limit: math.MaxInt}},
		{name: "page past the end", user: "provider", f: CustomerFilter{Page: 17}, off: 160},
		{name: "page past MaxOffset", user: "provider", f: CustomerFilter{Page: 5000}, off: MaxOffset},
		{name: "page past MaxOffset, limit 30", user: "distributor", f: CustomerFilter{Page: 1 << 20, Limit: 30},
			limit: 30, off: MaxOffset - MaxOffset%30},
		{name: "largest page", user: "provider", f: CustomerFilter{Page: math.MaxInt}, off: MaxOffset},
		{name: "largest page, limit 100", user: "provider", f: CustomerFilter{Page: math.MaxInt, Limit: 100}, limit: 100, off: MaxOffset},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkList(t, db, c) })
	}
}

func TestListCustomersPagesCoverEverything(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	for _, user := range []string{"provider", "distributor", "reseller-gz"} {
		for _, sort := range []CustomerSort{SortNewest, SortOldest, SortAccountName} {
			a := actor(t, db, user)
			seen := map[uint64]bool{}
			var total int64
			var first []uint64
			for page := 1; ; page++ {
				l, err := ListCustomers(context.Background(), db, a, CustomerFilter{Sort: sort, Page: page, Limit: 25})
				if err != nil {
					t.Fatal(err)
				}
				total = l.Total
				if page == 1 {
					first = ids(l.Rows)
				} else if page == 2 && sameIDs(first, ids(l.Rows)) {
					t.Fatalf("%s %s: page 2 = page 1", user, sort)
				}
				if len(l.Rows) == 0 {
					break
				}
				for _, r := range l.Rows {
					if seen[r.ID] {
						t.Fatalf("%s %s: customer %d on two pages", user, sort, r.ID)
					}
					seen[r.ID] = true
				}
			}
			if int64(len(seen)) != total {
				t.Errorf("%s %s: pages hold %d customers, Total %d", user, sort, len(seen), total)
			}
		}
	}
}

// The list's total comes from the CustomerCount counters when only mode, status and reseller
// filter, and from COUNT(*) otherwise; both must agree with the rows, and each path must be the one
// taken (a counter off by 5 shows through the first path only).
func TestListCustomersTotalPaths(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	prov := actor(t, db, "provider")
	dist := actor(t, db, "distributor")
	reseller := partnerByAccount(t, db, "reseller").ID
	early := day(2000, 1, 1)
	pairs := []struct {
		name     string
		a        Actor
		counters CustomerFilter // answered by the counters
		rows     CustomerFilter // the same customers, answered by COUNT(*)
	}{
		{"all", prov, CustomerFilter{}, CustomerFilter{From: early}},
		{"mode", prov, CustomerFilter{Mode: Advisory}, CustomerFilter{Mode: Advisory, To: day(2100, 1, 1)}},
		{"status", prov, CustomerFilter{Verified: ptr(UnderReview)}, CustomerFilter{Verified: ptr(UnderReview), From: early}},
		{"distributor", dist, CustomerFilter{Mode: Consignment}, CustomerFilter{Mode: Consignment, From: early}},
		{"reseller", dist, CustomerFilter{ResellerID: reseller, Verified: ptr(Verified)},
			CustomerFilter{ResellerID: reseller, Verified: ptr(Verified), From: early}},
	}
	totals := func(f CustomerFilter, a Actor) int64 {
		l, err := ListCustomers(ctx, db, a, f)
		if err != nil {
			t.Fatal(err)
		}
		return l.Total
	}
	for _, p := range pairs {
		if c, r := totals(p.counters, p.a), totals(p.rows, p.a); c != r || c == 0 {
			t.Errorf("%s: counters say %d, rows %d", p.name, c, r)
		}
	}
	// skew every counter by 5: only the counter path shows it
	before := map[string]int64{}
	for _, p := range pairs {
		before[p.name] = totals(p.rows, p.a)
	}
	if err := db.Exec("UPDATE customer_counts SET n = n + 5").Error; err != nil {
		t.Fatal(err)
	}
	for _, p := range pairs {
		if r := totals(p.rows, p.a); r != before[p.name] {
			t.Errorf("%s: COUNT(*) path moved from %d to %d", p.name, before[p.name], r)
		}
		if c := totals(p.counters, p.a); c == before[p.name] {
			t.Errorf("%s: total %d did not come from the counters", p.name, c)
		}
	}
}

// A bound in another time zone is the same instant: the list compares instants, not text.
func TestListCustomersDateBoundInAnyZone(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	a := actor(t, db, "provider")
	var c Customer
	if err := db.Where("partner_id = ?", a.PartnerID).Order("id").Offset(7).First(&c).Error; err != nil {
		t.Fatal(err)
	}
	utc := c.AssociatedOn.UTC()
	shanghai := time.FixedZone("CST", 8*3600)
	for _, f := range []func(time.Time) CustomerFilter{
		func(t time.Time) CustomerFilter { return CustomerFilter{From: t} },
		func(t time.Time) CustomerFilter { return CustomerFilter{To: t} },
		func(t time.Time) CustomerFilter {
			return CustomerFilter{From: t.Add(-time.Minute), To: t.Add(time.Minute)}
		},
	} {
		var totals []int64
		for _, at := range []time.Time{utc, utc.In(shanghai), utc.In(time.FixedZone("EST", -5*3600))} {
			l, err := ListCustomers(context.Background(), db, a, f(at))
			if err != nil {
				t.Fatal(err)
			}
			totals = append(totals, l.Total)
		}
		if totals[0] != totals[1] || totals[0] != totals[2] {
			t.Errorf("%+v: totals %v differ by the bound's zone", f(utc), totals)
		}
	}
}

func TestListCustomersErrors(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	reseller := partnerByAccount(t, db, "reseller").ID
	provider := partnerByAccount(t, db, "provider").ID
	distributor := partnerByAccount(t, db, "distributor").ID
	cases := []struct {
		name string
		user string
		f    CustomerFilter
		want error
	}{
		{"operator", "operator", CustomerFilter{}, ErrForbidden},
		{"customer user", "customer", CustomerFilter{}, ErrForbidden},
		{"prospect", "prospect", CustomerFilter{}, ErrForbidden},
		{"distributor, its reseller", "distributor", CustomerFilter{ResellerID: reseller}, nil},
		{"distributor, a solution provider as reseller", "distributor", CustomerFilter{ResellerID: provider}, ErrNotFound},
		{"distributor, itself as reseller", "distributor", CustomerFilter{ResellerID: distributor}, ErrNotFound},
		{"distributor, no such reseller", "distributor", CustomerFilter{ResellerID: 99999}, ErrNotFound},
		{"reseller filter by a reseller", "reseller", CustomerFilter{ResellerID: reseller}, ErrNotFound},
		{"reseller filter by another reseller", "reseller-sh", CustomerFilter{ResellerID: reseller}, ErrNotFound},
		{"reseller filter by a provider", "provider", CustomerFilter{ResellerID: reseller}, ErrNotFound},
		{"search too short", "provider", CustomerFilter{Query: "a"}, ErrSearchTooShort},
		{"search of punctuation", "provider", CustomerFilter{Query: "%_-"}, ErrSearchTooShort},
		{"search of single letters", "provider", CustomerFilter{Query: "a b c"}, ErrSearchTooShort},
		{"search too long", "provider", CustomerFilter{Query: strings.Repeat("ab", 129)}, ErrInvalidInput},
		{"search of 256 bytes", "provider", CustomerFilter{Query: strings.Repeat("ab", 128)}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, err := ListCustomers(context.Background(), db, actor(t, db, c.user), c.f)
			wantErr(t, "ListCustomers", err, c.want)
			if c.want != nil && l != nil {
				t.Errorf("a list with the error: %+v", l)
			}
		})
	}
	// an actor whose partner has gone is not found, not a crash
	_, err := ListCustomers(context.Background(), db, Actor{Kind: PartnerUser, PartnerID: 424242, Roles: Roles(RoleAdmin)}, CustomerFilter{})
	wantErr(t, "ListCustomers of a missing partner", err, ErrNotFound)
}

func TestPageBounds(t *testing.T) {
	cases := []struct{ page, limit, wantLimit, wantOffset int }{
		{1, 10, 10, 0},
		{2, 10, 10, 10},
		{3, 25, 25, 50},
		{1, 100, 100, 0},
		{4, 100, 100, 300},
		{0, 0, 10, 0},
		{-1, 20, 20, 0},
		{math.MinInt, 20, 20, 0},
		{2, 9, 9, 9},
		{2, 101, 10, 10},
		{2, -10, 10, 10},
		{2, math.MaxInt, 10, 10},
		{1001, 10, 10, 10000},
		{1002, 10, 10, 10000},
		{401, 25, 25, 10000},
		{402, 25, 25, 10000},
		{335, 30, 30, 9990},
		{1000000, 30, 30, 9990},
		{101, 100, 100, 10000},
		{102, 100, 100, 10000},
		{1 << 40, 99, 99, 9999},
		{math.MaxInt, 10, 10, 10000},
		{math.MaxInt, 100, 100, 10000},
		{math.MaxInt / 10, 10, 10, 10000},
		{math.MaxInt/10 + 2, 10, 10, 10000},
	}
	for _, c := range cases {
		l, off := pageBounds(c.page, c.limit)
		if l != c.wantLimit || off != c.wantOffset {
			t.Errorf("pageBounds(%d, %d) = %d, %d; want %d, %d", c.page, c.limit, l, off, c.wantLimit, c.wantOffset)
		}
		if off < 0 || off > MaxOffset || off%l != 0 {
			t.Errorf("pageBounds(%d, %d): offset %d out of bounds", c.page, c.limit, off)
		}
	}
}

func TestCheckSearch(t *testing.T) {
	cases := []struct {
		q    string
		want error
	}{
		{"", ErrSearchTooShort},
		{"a", ErrSearchTooShort},
		{"A", ErrSearchTooShort},
		{"1", ErrSearchTooShort},
		{"a b", ErrSearchTooShort},
		{"a-b", ErrSearchTooShort},
		{"   ", ErrSearchTooShort},
		{"%", ErrSearchTooShort},
		{"%%__\\\\", ErrSearchTooShort},
		{"😀😀", ErrSearchTooShort},
		{"ab", nil},
		{"AB", nil},
		{"a1", nil},
		{"12", nil},
		{"华", nil},
		{"华为", nil},
		{" 华 ", nil},
		{"é", nil},
		{"a华", nil},
		{"100%", nil},
		{strings.Repeat("a", 256), nil},
		{strings.Repeat("a", 257), ErrInvalidInput},
		{strings.Repeat("华", 85), nil},             // 255 bytes
		{strings.Repeat("华", 86), ErrInvalidInput}, // 258 bytes
		{strings.Repeat("%", 300), ErrInvalidInput},
	}
	for _, c := range cases {
		if err := CheckSearch(c.q); !errors.Is(err, c.want) || (c.want == nil && err != nil) {
			t.Errorf("CheckSearch(%.20q) = %v, want %v", c.q, err, c.want)
		}
	}
}

// Every demo partner's customer is found by that partner (and by the master distributor for its
// resellers' customers) and by nobody else; the answer for someone else's customer is the same as
// for an id that does not exist.
func TestGetCustomerIsolation(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	partners := []string{"distributor", "provider", "reseller", "reseller-sh", "reseller-gz"}
	users := map[string][]string{ // members who act for each partner
		"distributor": {"distributor", "distributor-sales"},
		"provider":    {"provider", "provider-sales", "provider-finance", "provider-viewer"},
		"reseller":    {"reseller", "reseller-sales"},
		"reseller-sh": {"reseller-sh"},
		"reseller-gz": {"reseller-gz"},
	}
	distributorID := partnerByAccount(t, db, "distributor").ID
	byID := map[uint64]*Partner{}
	for _, acc := range partners {
		p := partnerByAccount(t, db, acc)
		byID[p.ID] = p
	}
	// a few customers of each partner, and unassociated ones
	var customers []Customer
	if err := db.Raw(`SELECT * FROM customers WHERE id IN (
		SELECT MIN(id) FROM customers GROUP BY partner_id UNION SELECT MAX(id) FROM customers GROUP BY partner_id)`).
		Scan(&customers).Error; err != nil {
		t.Fatal(err)
	}
	if len(customers) < 10 {
		t.Fatalf("only %d sample customers", len(customers))
	}
	for _, owner := range partners {
		for _, c := range customers {
			var direct *Partner
			if c.PartnerID != nil {
				direct = byID[*c.PartnerID]
			}
			visible := direct != nil && (direct.AccountName == owner ||
				owner == "distributor" && direct.Kind == Reseller && *direct.DistributorID == distributorID)
			for _, user := range users[owner] {
				d, err := GetCustomer(ctx, db, actor(t, db, user), c.ID)
				if visible {
					if err != nil {
						t.Errorf("%s cannot see customer %d of %s: %v", user, c.ID, direct.AccountName, err)
						continue
					}
					if d.Customer.ID != c.ID || d.Partner.ID != direct.ID {
						t.Errorf("%s: customer %d shown with partner %d", user, d.Customer.ID, d.Partner.ID)
					}
					if len(d.Associations) == 0 || d.Associations[0].PartnerID != direct.ID {
						t.Errorf("%s: customer %d association history %+v", user, c.ID, d.Associations)
					}
					continue
				}
				if !errors.Is(err, ErrNotFound) || d != nil {
					t.Errorf("%s got customer %d (partner %v): %v", user, c.ID, c.PartnerID, err)
				}
			}
		}
	}
	for _, user := range []string{"provider", "distributor", "reseller"} {
		if _, err := GetCustomer(ctx, db, actor(t, db, user), 999999); !errors.Is(err, ErrNotFound) {
			t.Errorf("%s, no such customer: %v", user, err)
		}
	}
	for _, user := range []string{"operator", "customer", "prospect"} {
		a := actor(t, db, user)
		for _, c := range customers {
			if _, err := GetCustomer(ctx, db, a, c.ID); !errors.Is(err, ErrForbidden) {
				t.Errorf("%s, customer %d: %v, want ErrForbidden", user, c.ID, err)
			}
		}
	}
	// the demo `customer` is the provider's and shows its enterprise and manager-less detail
	own := customerOfUser(t, db, "customer")
	d, err := GetCustomer(ctx, db, actor(t, db, "provider-viewer"), own.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Enterprise == nil || own.EnterpriseID == nil || d.Enterprise.ID != *own.EnterpriseID {
		t.Errorf("enterprise of the demo customer: %+v", d.Enterprise)
	}
}
