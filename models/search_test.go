package models

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"gorm.io/gorm"

	"partnerhub/store"
)

func TestGrams(t *testing.T) {
	cases := []struct {
		names []string
		want  string
	}{
		{nil, ""},
		{[]string{""}, ""},
		{[]string{"a"}, ""}, // a single Latin letter narrows nothing
		{[]string{"a b c"}, ""},
		{[]string{"ab"}, "ab"},
		{[]string{"abc"}, "ab bc"},
		{[]string{"AbC"}, "ab bc"},
		{[]string{"abab"}, "ab ba"}, // each gram once
		{[]string{"a1b2"}, "a1 1b b2"},
		{[]string{"ab-cd"}, "ab cd"},
		{[]string{"ab_cd"}, "ab cd"},
		{[]string{"100%"}, "10 00"},
		{[]string{"华"}, "华"},
		{[]string{"华为"}, "华 华为 为"},
		{[]string{"华为云"}, "华 华为 为 为云 云"},
		{[]string{"华为 华为"}, "华 华为 为"},
		{[]string{"a华"}, "a华 华"},
		{[]string{"华a"}, "华 华a"},
		{[]string{"华为（北京）"}, "华 华为 为 北 北京 京"},
		{[]string{"ÜBER"}, "ü üb be er"},
		{[]string{"Straße"}, "st tr ra aß ß ße"},
		{[]string{"x\u0301y"}, ""}, // a combining mark is not a letter: two single letters
		{[]string{"😀ab😀"}, "ab"},
		{[]string{"ab", "华"}, "ab 华"},
		{[]string{"ab", "AB", "ab"}, "ab"},
		{[]string{"acme01", "北京云"}, "ac cm me e0 01 北 北京 京 京云 云"},
	}
	for _, c := range cases {
		if got := store.Grams(c.names...); got != c.want {
			t.Errorf("store.Grams(%q) = %q, want %q", c.names, got, c.want)
		}
	}
}

func TestMatchExpr(t *testing.T) {
	cases := []struct{ q, want string }{
		{"", ""},
		{"a", ""},
		{"a b c", ""},
		{"%_\\", ""},
		{`"`, ""},
		{`a"b`, ""},
		{"😀", ""},
		{"ab", `"ab"`},
		{"AB", `"ab"`},
		{"abc", `"ab" AND "bc"`},
		{"ab c", `"ab"`},
		{`ab"cd`, `"ab" AND "cd"`},
		{"100%", `"10" AND "00"`},
		{"华", `"华"`},
		{" 华 ", `"华"`},
		{"华为", `"华为"`},
		{"华为云", `"华为" AND "为云"`},
		{"a 华", `"华"`},
		{"华 为", `"华" AND "为"`},
		{"x OR y", `"or"`},
		{"NEAR(ab)", `"ne" AND "ea" AND "ar" AND "ab"`},
		{"*ab*", `"ab"`},
		{"ab:cd^", `"ab" AND "cd"`},
		{"ÜB", `"üb"`},
		{"é", `"é"`},
	}
	for _, c := range cases {
		if got := store.MatchExpr(c.q); got != c.want {
			t.Errorf("store.MatchExpr(%q) = %q, want %q", c.q, got, c.want)
		}
	}
}

func TestLikePattern(t *testing.T) {
	cases := []struct{ q, want string }{
		{"abc", "%abc%"},
		{"ABC", "%abc%"},
		{"华为", "%华为%"},
		{"100%", `%100\%%`},
		{"a_b", `%a\_b%`},
		{`a\b`, `%a\\b%`},
		{`\%_`, `%\\\%\_%`},
		{"%%", `%\%\%%`},
		{"ÜBER", "%Über%"}, // SQLite's LOWER folds ASCII only: so must the pattern
		{"CAFÉ", "%cafÉ%"},
	}
	for _, c := range cases {
		if got := store.LikePattern(c.q); got != c.want {
			t.Errorf("store.LikePattern(%q) = %q, want %q", c.q, got, c.want)
		}
	}
}

// The wildcards of LIKE in a search text are matched literally, by SQLite itself.
func TestLikePatternInSQLite(t *testing.T) {
	onSQLiteOnly(t, "SQLite's LIKE and LOWER fold ASCII only (PostgreSQL's LikeScope folds with LOWER on both sides)")
	db := testDB(t)
	cases := []struct {
		q, name string
		want    bool
	}{
		{"100%", "限时 100% 返现", true},
		{"100%", "1000 元", false},
		{"100%", "100 元", false},
		{"%", "anything", false},
		{"a_b", "a_b", true},
		{"a_b", "axb", false},
		{`a\b`, `a\b`, true},
		{`a\b`, "ab", false},
		{`a\`, `xa\`, true},
		{"ABC", "xabcx", true},
		{"abc", "XABCX", true},
		{"华为", "华为云", true},
		{"ÜBER", "ÜBER-Café", true},
		{"Café", "ÜBER-Café", true},
		{"über", "ÜBER", false}, // outside ASCII, case is compared as typed
	}
	for _, c := range cases {
		var ok bool
		if err := db.Raw(`SELECT LOWER(?) LIKE ? ESCAPE '\'`, c.name, store.LikePattern(c.q)).Scan(&ok).Error; err != nil {
			t.Fatal(err)
		}
		if ok != c.want {
			t.Errorf("%q LIKE store.LikePattern(%q) = %v, want %v", c.name, c.q, ok, c.want)
		}
	}
}

func TestExactByIndex(t *testing.T) {
	cases := []struct {
		q    string
		want bool
	}{
		{"华", true},
		{"华为", true},
		{"ab", true},
		{"AB", true},
		{" ab ", true},
		{"华为云", false},
		{"abc", false},
		{"a b", false},
		{"ab%", false},
		{"a_", false},
		{"华 为", false},
	}
	for _, c := range cases {
		if got := store.ExactByIndex(c.q); got != c.want {
			t.Errorf("store.ExactByIndex(%q) = %v, want %v", c.q, got, c.want)
		}
	}
}

// exprTerms splits a match expression into its terms without their quotes, failing on any other
// shape than quoted terms joined by " AND ".
func exprTerms(t *testing.T, expr string) []string {
	t.Helper()
	if expr == "" {
		return nil
	}
	var out []string
	for _, term := range strings.Split(expr, " AND ") {
		if len(term) < 3 || term[0] != '"' || term[len(term)-1] != '"' {
			t.Fatalf("term %q of %q is not quoted", term, expr)
		}
		inner := term[1 : len(term)-1]
		if strings.ContainsAny(inner, "\" \t\n\x00") || !utf8.ValidString(inner) {
			t.Fatalf("term %q of %q holds a quote, a space or invalid UTF-8", term, expr)
		}
		rs := []rune(inner)
		for _, r := range rs {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				t.Fatalf("term %q of %q holds %q", term, expr, r)
			}
		}
		if len(rs) == 1 && rs[0] < 0x80 || len(rs) > 2 {
			t.Fatalf("term %q of %q is not a non-ASCII character or a pair", term, expr)
		}
		out = append(out, inner)
	}
	return out
}

// FuzzMatchExpr checks the gram index's correctness property: for any name and any substring of it
// that can be searched, every term of the query is a token of the name's grams, so the index never
// loses a row that LIKE would keep.
func FuzzMatchExpr(f *testing.F) {
	seeds := []struct {
		n    string
		i, j uint
	}{
		{"", 0, 0},
		{"ab", 0, 2},
		{"北京华为云计算技术有限公司", 0, 6},
		{"北京华为云计算技术有限公司", 3, 9},
		{"北京华为云计算技术有限公司", 6, 9},
		{"Mixed.Case_Acct-42", 2, 12},
		{"ÜBER-Café 😀 华为云Stack 100% 北京（总部）", 0, 60},
		{"ÜBER-Café 😀 华为云Stack 100% 北京（总部）", 1, 7},
		{"x\u0301y z\u0308", 0, 8},
		{"İstanbul ǅemal KELVIN \u212a", 0, 40},
		{"a\xffb\xe5\x8d", 0, 5},
		{"华为", 1, 6},
		{`say "ab" AND "cd" OR NEAR(x y)`, 0, 30},
		{"Ⅻ² ½ ٣٤ ０１", 0, 30},
		{"ﬁﬂ ß ẞ", 0, 12},
	}
	for _, s := range seeds {
		f.Add(s.n, s.i, s.j)
	}
	f.Fuzz(func(t *testing.T, n string, i, j uint) {
		i, j = i%uint(len(n)+1), j%uint(len(n)+1)
		if i > j {
			i, j = j, i
		}
		q := n[i:j]
		expr := store.MatchExpr(q)
		terms := exprTerms(t, expr)
		exprTerms(t, store.MatchExpr(n))
		err := CheckSearch(q)
		switch {
		case len(q) > maxSearchLen:
			if !errors.Is(err, ErrInvalidInput) {
				t.Fatalf("CheckSearch(%q) = %v for %d bytes", q, err, len(q))
			}
		case expr == "":
			if !errors.Is(err, ErrSearchTooShort) {
				t.Fatalf("CheckSearch(%q) = %v with nothing to search by", q, err)
			}
		case err != nil:
			t.Fatalf("CheckSearch(%q) = %v for %q", q, err, expr)
		}
		g := store.Grams(n)
		tokens := map[string]bool{}
		if g != "" {
			for _, tok := range strings.Split(g, " ") {
				if tok == "" || tokens[tok] {
					t.Fatalf("store.Grams(%q) = %q: empty or repeated token", n, g)
				}
				tokens[tok] = true
				rs := []rune(tok)
				if len(rs) > 2 || len(rs) == 1 && rs[0] < 0x80 {
					t.Fatalf("store.Grams(%q) = %q: token %q", n, g, tok)
				}
			}
		}
		if err != nil {
			return
		}
		for _, term := range terms {
			if !tokens[term] {
				t.Fatalf("name %q, substring %q: term %q of %q is not among the grams %q", n, q, term, expr, g)
			}
		}
	})
}

// trickyCustomer associates a customer with an awkward name with the provider and indexes it.
func trickyCustomer(t *testing.T, db *gorm.DB, account, real string) *Customer {
	t.Helper()
	p := partnerByAccount(t, db, "provider")
	c := &Customer{DomainID: DomainID("tricky", uint64(len(account))), AccountName: account, RealName: real,
		VerifiedStatus: Verified, CustomerType: CustomerCorp, CreatedAt: testNow}
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(c).Error; err != nil {
			return err
		}
		if _, err := associate(tx, c, p, Advisory, nil, testNow); err != nil {
			return err
		}
		return store.IndexNames(tx, store.CustomerSearchTable, c.ID, c.AccountName, c.RealName)
	})
	if err != nil {
		t.Fatal(err)
	}
	mustCheck(t, db)
	return c
}

const (
	trickyAccount = "Mixed.Case_Acct-42"
	trickyName    = `ÜBER-Café 😀 华为云Stack 100% 北京（总部）back\slash`
)

var (
	// substrings, as a person might type them, that must find the tricky customer
	trickyFinds = []string{
		"mixed", "MIXED", "Mixed.Case", "case_acct", "e_Ac", "acct-42", "42", "Acct-42",
		"ÜBER", "Über", "ÜB", "BER-C", "Café", "café", "CAFÉ", "afé", "é",
		"华", "华为", "为云S", "华为云stack", "stack", "STACK", "100%", "100", "00%", "% 北", "北京", "北京（总部）",
		"总部）", "（总部", "😀 华为", "é 😀", "k\\sl", `\slash`, "slash",
	}
	// texts that must not: wildcards are literal, punctuation and spaces count
	trickyMisses = []string{
		"100_", "10%北", "1000", "mixed-case", "mixed_case", "cafe", "华为云 stack", "stack100",
		"acct42", "北京(总部)", "back/slash", "backslash", "ÜBERR",
	}
)

// Both ways of searching (the gram index with LIKE, and LIKE over a small tenant's own rows) find
// a customer by any substring of its names and by nothing else.
func TestSearchTrickyName(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	c := trickyCustomer(t, db, trickyAccount, trickyName)
	ways := map[string]func(q string) *gorm.DB{
		"index": func(q string) *gorm.DB {
			s, err := store.SearchScope(db.Model(&Customer{}), "customers", store.CustomerSearchTable, q, "account_name", "real_name")
			if err != nil {
				t.Fatalf("%q: %v", q, err)
			}
			return s
		},
		"like": func(q string) *gorm.DB {
			return store.LikeScope(db.Model(&Customer{}), "customers", q, "account_name", "real_name")
		},
	}
	found := func(way func(string) *gorm.DB, q string) bool {
		var n int64
		if err := way(q).Where("customers.id = ?", c.ID).Count(&n).Error; err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		return n == 1
	}
	for name, way := range ways {
		for _, q := range trickyFinds {
			if err := CheckSearch(q); err != nil {
				t.Fatalf("%q: %v", q, err)
			}
			if !found(way, q) {
				t.Errorf("%s: %q does not find %q / %q", name, q, trickyAccount, trickyName)
			}
		}
		for _, q := range trickyMisses {
			if CheckSearch(q) == nil && found(way, q) {
				t.Errorf("%s: %q finds %q / %q", name, q, trickyAccount, trickyName)
			}
		}
		// every searchable substring of up to five characters (whole characters) finds it
		for _, s := range []string{trickyAccount, trickyName} {
			rs := []rune(s)
			for i := range rs {
				for j := i + 1; j <= len(rs) && j <= i+5; j++ {
					q := string(rs[i:j])
					if CheckSearch(q) == nil && !found(way, q) {
						t.Errorf("%s: substring %q of %q does not find it", name, q, s)
					}
				}
			}
		}
	}
	// through the use case: the provider finds it, "100%" finds only it, other partners never
	prov := actor(t, db, "provider")
	for _, q := range trickyFinds {
		l, err := ListCustomers(context.Background(), db, prov, CustomerFilter{Query: q, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if !containsID(l.Rows, c.ID) {
			t.Errorf("ListCustomers(%q) misses it: %d rows", q, l.Total)
		}
	}
	for _, q := range []string{"100%", "% 北", "e_ac", "k\\sl"} {
		l, err := ListCustomers(context.Background(), db, prov, CustomerFilter{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		if l.Total != 1 || len(l.Rows) != 1 || l.Rows[0].ID != c.ID {
			t.Errorf("ListCustomers(%q) = %d rows %v, want only the tricky customer", q, l.Total, ids(l.Rows))
		}
	}
	for _, user := range []string{"reseller", "distributor", "reseller-gz"} {
		l, err := ListCustomers(context.Background(), db, actor(t, db, user), CustomerFilter{Query: "Mixed.Case"})
		if err != nil {
			t.Fatal(err)
		}
		if l.Total != 0 || len(l.Rows) != 0 {
			t.Errorf("%s finds the provider's customer: %d", user, l.Total)
		}
	}
}

func containsID(cs []Customer, id uint64) bool {
	for _, c := range cs {
		if c.ID == id {
			return true
		}
	}
	return false
}

// A partner with more customers than smallScope is searched through the gram index: the same
// answers, compared with plain SQL, as the small partners' LIKE.
func TestListCustomersSearchLargeScope(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	prov := partnerByAccount(t, db, "provider")
	var first uint64
	if err := db.Model(&Customer{}).Select("MAX(id)").Scan(&first).Error; err != nil {
		t.Fatal(err)
	}
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := SeedCustomers(tx, first, smallScope, prov, func(n uint64) int64 { return int64(n % 4000) }); err != nil {
			return err
		}
		return RecountCustomers(tx)
	})
	if err != nil {
		t.Fatal(err)
	}
	c := trickyCustomer(t, db, trickyAccount, trickyName)
	cases := []listCase{
		{name: "latin", user: "provider", f: CustomerFilter{Query: "hua"}, where: textMatch, args: []any{"hua", "hua"}},
		{name: "upper case latin", user: "provider", f: CustomerFilter{Query: "HUA", Page: 3}, where: textMatch,
			args: []any{"hua", "hua"}, off: 20},
		{name: "digits", user: "provider", f: CustomerFilter{Query: "123"}, where: textMatch, args: []any{"123", "123"}},
		{name: "one character", user: "provider", f: CustomerFilter{Query: "华"}, where: textMatch, args: []any{"华", "华"}},
		{name: "a surname", user: "provider", f: CustomerFilter{Query: "王"}, where: textMatch, args: []any{"王", "王"}},
		{name: "two characters", user: "provider", f: CustomerFilter{Query: "科技", Limit: 50}, where: textMatch,
			args: []any{"科技", "科技"}, limit: 50},
		{name: "four characters, by name", user: "provider", f: CustomerFilter{Query: "信息技术", Sort: SortAccountName},
			where: textMatch, args: []any{"信息技术", "信息技术"}, order: sqlByName},
		{name: "literal percent", user: "provider", f: CustomerFilter{Query: "100%"}, where: "id = ?", args: []any{c.ID}},
		{name: "not a wildcard", user: "provider", f: CustomerFilter{Query: "100_"}, where: "1 = 0", empty: true},
		// a page past the last has no row (PostgreSQL's window count rides on the rows): counted apart
		{name: "past the last page", user: "provider", f: CustomerFilter{Query: "华", Page: 900, Limit: 10}, where: textMatch,
			args: []any{"华", "华"}, off: 8990},
		{name: "the last page", user: "provider", f: CustomerFilter{Query: "123", Page: 2, Limit: 100}, where: textMatch,
			args: []any{"123", "123"}, off: 100, limit: 100},
		{name: "search and filters", user: "provider",
			f:     CustomerFilter{Query: "科技", Mode: Consignment, Verified: ptr(Verified), From: day(2025, 6, 1)},
			where: textMatch + " AND mode = 2 AND verified_status = 2 AND julianday(associated_on) >= julianday('2025-06-01')",
			args:  []any{"科技", "科技"}},
	}
	for _, lc := range cases {
		t.Run(lc.name, func(t *testing.T) { checkList(t, db, lc) })
	}
	mustCheck(t, db)
}

func TestSearchEnterprises(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	e := Enterprise{Name: trickyName, CreditCode: "91110000TRICKY0001", EstablishedOn: testNow, Status: EnterpriseActive}
	if err := db.Create(&e).Error; err != nil {
		t.Fatal(err)
	}
	if err := store.IndexNames(db, store.EnterpriseSearchTable, e.ID, e.Name); err != nil {
		t.Fatal(err)
	}
	a := actor(t, db, "provider-sales")
	finds := func(q string) bool {
		l, err := SearchEnterprises(ctx, db, a, q, 1, 100)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		for _, r := range l.Rows {
			if r.ID == e.ID {
				return true
			}
		}
		return false
	}
	for _, q := range []string{"ÜBER", "Über", "ÜB", "Café", "CAFÉ", "café", "é", "华为云stack", "Stack", "100%",
		"% 北", "北京（总部）", "😀 华为", "k\\sl", "slash"} {
		if !finds(q) {
			t.Errorf("SearchEnterprises(%q) misses %q", q, e.Name)
		}
	}
	for _, q := range []string{"100_", "10%北", "cafe", "华为云 stack", "backslash"} {
		if finds(q) {
			t.Errorf("SearchEnterprises(%q) finds %q", q, e.Name)
		}
	}
	// precise texts: Total equals plain SQL
	for _, q := range []string{"100%", "华为云", "北京（总部）", "信息技术", "科技股份", "泰海"} {
		l, err := SearchEnterprises(ctx, db, a, q, 1, 10)
		if err != nil {
			t.Fatal(err)
		}
		want := count(t, db, "SELECT COUNT(*) FROM enterprises WHERE instr(name, ?) > 0", q)
		if !l.Capped && l.Total != want {
			t.Errorf("SearchEnterprises(%q).Total = %d, COUNT(*) = %d", q, l.Total, want)
		}
		if l.Capped && l.Total > want {
			t.Errorf("SearchEnterprises(%q): capped Total %d above COUNT(*) %d", q, l.Total, want)
		}
		for _, r := range l.Rows {
			if !strings.Contains(r.Name, q) {
				t.Errorf("SearchEnterprises(%q) returned %q", q, r.Name)
			}
		}
	}
	if l, err := SearchEnterprises(ctx, db, a, "", 1, 10); err != nil || l.Total != 0 || len(l.Rows) != 0 {
		t.Errorf("empty text: %+v, %v", l, err)
	}
	if _, err := SearchEnterprises(ctx, db, a, "a", 1, 10); !errors.Is(err, ErrSearchTooShort) {
		t.Errorf("one letter: %v", err)
	}
	for _, user := range []string{"operator", "customer"} {
		if _, err := SearchEnterprises(ctx, db, actor(t, db, user), "华为", 1, 10); !errors.Is(err, ErrForbidden) {
			t.Errorf("%s: %v", user, err)
		}
	}
}

// NarrowExpr asks the index for the rarest tokens only, and the search still finds exactly the same.
func TestNarrowExprPicksRarest(t *testing.T) {
	onSQLiteOnly(t, "FTS5's vocabulary (PostgreSQL's gram array takes every token)")
	t.Parallel()
	db := demoCopy(t)
	q := "人工智能有限公司"
	expr, err := store.NarrowExpr(db, store.EnterpriseSearchTable, q)
	if err != nil {
		t.Fatal(err)
	}
	chosen := strings.Split(strings.ReplaceAll(expr, `"`, ""), " AND ")
	if len(chosen) != store.NarrowTerms {
		t.Fatalf("expr %q", expr)
	}
	doc := func(term string) int64 {
		var n int64
		db.Raw("SELECT COALESCE(MAX(doc), 0) FROM enterprise_search_vocab WHERE term = ?", term).Scan(&n)
		return n
	}
	for _, c := range chosen {
		for _, o := range store.SearchTerms(q) {
			if !slices.Contains(chosen, o) && doc(o) < doc(c) {
				t.Errorf("kept %s (%d names) over the rarer %s (%d)", c, doc(c), o, doc(o))
			}
		}
	}
	a := actor(t, db, "provider")
	list, err := SearchEnterprises(context.Background(), db, a, q, 1, 100)
	if err != nil {
		t.Fatal(err)
	}
	var want int64
	db.Model(&Enterprise{}).Where("name LIKE ?", "%"+q+"%").Count(&want)
	if list.Total != want || want == 0 {
		t.Errorf("found %d, want %d", list.Total, want)
	}
}
