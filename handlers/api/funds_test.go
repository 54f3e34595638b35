package api

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"partnerhub/models"
)

// Raw-HTTP tests of the fund operations for what the SDK cannot send or check: amounts as JSON
// numbers and malformed amounts, the X-Idempotency-Key header and its concurrent retries, bad
// query strings, and the exact JSON types of the answers. Every test ends with the ledger's
// invariants intact.

// newFundsAPI is newRawAPI (signing as the provider's admin) that checks the invariants at the end.
func newFundsAPI(t *testing.T) *rawAPI {
	t.Helper()
	a := newRawAPI(t, 1000)
	t.Cleanup(func() {
		report, err := models.Check(context.Background(), a.db)
		if err != nil || len(report) > 0 {
			t.Errorf("invariants: %v %v", err, report)
		}
	})
	return a
}

// as signs with a new access key of another demo admin on the same server.
func (a *rawAPI) as(t *testing.T, username string) *rawAPI {
	t.Helper()
	var u models.User
	if err := a.db.Where("username = ?", username).First(&u).Error; err != nil {
		t.Fatal(err)
	}
	sealer, _ := models.NewSealer(bytes.Repeat([]byte{3}, 32))
	key, err := models.CreateAccessKey(context.Background(), a.db, sealer, models.ActorOf(&u, "t"), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var p models.Partner
	a.db.First(&p, *u.PartnerID)
	return &rawAPI{db: a.db, srv: a.srv, ak: key.Key.AccessKeyID, sk: key.SecretKey, domain: p.DomainID}
}

// post sends a signed POST with extra headers.
func (a *rawAPI) post(t *testing.T, path, body string, header ...string) answer {
	t.Helper()
	return a.send(t, a.request("POST", path, body, time.Now(), header...))
}

func (a *rawAPI) get(t *testing.T, pathAndQuery string) answer {
	t.Helper()
	return a.send(t, a.request("GET", pathAndQuery, "", time.Now()))
}

const (
	pathAdjust          = "/v2/accounts/partner-accounts/adjust-amount"
	pathReclaim         = "/v2/accounts/partner-accounts/reclaim"
	pathResellerAdjust  = "/v2/accounts/partner-accounts/indirect-partner-adjust"
	pathResellerReclaim = "/v2/accounts/partner-accounts/indirect-partner-reclaim"
	pathBalances        = "/v2/accounts/partner-accounts/balances"
	pathAdjustRecords   = "/v3/accounts/partner-accounts/adjust-records"
	pathChangeRecords   = "/v2/accounts/partner-accounts/account-change-records"
	pathCustBalances    = "/v2/accounts/customer-accounts/balances/batch-query"
)

// fundable is one of the partner's consignment customers that is not frozen.
func fundable(t *testing.T, a *rawAPI, n int) models.Customer {
	t.Helper()
	var c models.Customer
	err := a.db.Where("partner_id = (SELECT id FROM partners WHERE domain_id = ?) AND mode = ? AND frozen = 0", a.domain, models.Consignment).
		Order("id").Offset(n).First(&c).Error
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func balanceOf(t *testing.T, a *rawAPI, c models.Customer) models.Money {
	t.Helper()
	b, err := models.CustomerBalance(context.Background(), a.db, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func transfers(a *rawAPI) int64 {
	var n int64
	a.db.Model(&models.Transfer{}).Count(&n)
	return n
}

func TestFundsAmountForms(t *testing.T) {
	a := newFundsAPI(t)
	c := fundable(t, a, 0)
	before := balanceOf(t, a, c)
	ids := map[string]bool{}
	for _, amt := range []string{`"100.5"`, `100.5`, `100`, `"0.01"`, `"7.10"`, `0.99`} {
		got := a.post(t, pathAdjust, `{"customer_id":"`+c.DomainID+`","amount":`+amt+`}`)
		id, _ := got.Body["transfer_id"].(string)
		if got.Status != http.StatusOK || len(id) != 32 || ids[id] {
			t.Fatalf("amount %s: %d %v", amt, got.Status, got.Body)
		}
		ids[id] = true
	}
	if want := before.Add(models.Fen(30910).Decimal); !balanceOf(t, a, c).Equal(want) {
		t.Errorf("balance %s, want %s", balanceOf(t, a, c).String(), want.String())
	}
	got := a.post(t, pathReclaim, `{"customer_id":"`+c.DomainID+`","amount":9.1}`)
	if id, _ := got.Body["trans_id"].(string); got.Status != http.StatusOK || len(id) != 32 || got.Body["transfer_id"] != nil {
		t.Fatalf("reclaim: %d %v", got.Status, got.Body)
	}
}

func TestFundsBadAmounts(t *testing.T) {
	a := newFundsAPI(t)
	dist := a.as(t, "distributor")
	c := fundable(t, a, 0)
	var reseller models.Partner
	a.db.Where("account_name = ?", "reseller").First(&reseller)
	amounts := []string{`"1e3"`, `1e3`, `1E3`, `"-1"`, `-1`, `"0"`, `0`, `"0.00"`, `0.001`, `"1.001"`, `1.001`, `"abc"`, `""`,
		`" 100"`, `"100 "`, `"１００"`, `"99999999999999999999"`, `99999999999999999999`, `"10000000000000"`, `"+1"`, `"1,000"`,
		`"¥100"`, `"100."`, `".5"`, `"0x10"`, `"NaN"`, `"Infinity"`, `"00.5"`, `true`, `null`, `{}`, `[1]`, `"1\u0000"`}
	n := transfers(a)
	for _, amt := range amounts {
		for _, call := range []struct {
			api        *rawAPI
			path, body string
		}{
			{a, pathAdjust, `{"customer_id":"` + c.DomainID + `","amount":` + amt + `}`},
			{a, pathReclaim, `{"customer_id":"` + c.DomainID + `","amount":` + amt + `}`},
			{dist, pathResellerAdjust, `{"indirect_partner_id":"` + reseller.DomainID + `","amount":` + amt + `}`},
			{dist, pathResellerReclaim, `{"indirect_partner_id":"` + reseller.DomainID + `","amount":` + amt + `}`},
		} {
			wantError(t, call.path+" amount "+amt, call.api.post(t, call.path, call.body), http.StatusBadRequest, "CBC.0100")
		}
	}
	for name, body := range map[string]string{
		"no amount":            `{"customer_id":"` + c.DomainID + `"}`,
		"no customer":          `{"amount":"1"}`,
		"customer as a number": `{"customer_id":12,"amount":"1"}`,
		"over-long customer":   `{"customer_id":"` + strings.Repeat("a", 65) + `","amount":"1"}`,
		"malformed JSON":       `{"customer_id":"` + c.DomainID + `","amount":"1"`,
	} {
		wantError(t, name, a.post(t, pathAdjust, body), http.StatusBadRequest, "CBC.0100")
	}
	wantError(t, "no reseller", dist.post(t, pathResellerAdjust, `{"amount":"1"}`), http.StatusBadRequest, "CBC.0100")
	if got := transfers(a); got != n {
		t.Errorf("refused calls made %d transfers", got-n)
	}
}

func TestFundsIdempotency(t *testing.T) {
	a := newFundsAPI(t)
	c, other := fundable(t, a, 0), fundable(t, a, 1)
	body := `{"customer_id":"` + c.DomainID + `","amount":"12.34"}`
	before, n := balanceOf(t, a, c), transfers(a)

	first := a.post(t, pathAdjust, body, idempotencyHeader, "order-1")
	again := a.post(t, pathAdjust, body, idempotencyHeader, "order-1")
	if first.Status != http.StatusOK || again.Status != http.StatusOK || first.Body["transfer_id"] != again.Body["transfer_id"] {
		t.Fatalf("a retry: %v then %v", first.Body, again.Body)
	}
	if transfers(a) != n+1 || !balanceOf(t, a, c).Equal(before.Add(models.Fen(1234).Decimal)) {
		t.Fatalf("a retried allocation moved money twice")
	}
	// the same key for something else is refused and moves nothing
	for name, call := range map[string][2]string{
		"another amount":   {pathAdjust, `{"customer_id":"` + c.DomainID + `","amount":"12.35"}`},
		"another customer": {pathAdjust, `{"customer_id":"` + other.DomainID + `","amount":"12.34"}`},
		"a reclaim":        {pathReclaim, body},
	} {
		wantError(t, name, a.post(t, call[0], call[1], idempotencyHeader, "order-1"), http.StatusBadRequest, "CBC.0100")
	}
	if transfers(a) != n+1 {
		t.Fatal("a reused key moved money")
	}
	// a reclaim retried answers the same trans_id
	r1 := a.post(t, pathReclaim, body, idempotencyHeader, "back-1")
	r2 := a.post(t, pathReclaim, body, idempotencyHeader, "back-1")
	if r1.Status != http.StatusOK || r1.Body["trans_id"] != r2.Body["trans_id"] || transfers(a) != n+2 {
		t.Fatalf("a retried reclaim: %v then %v", r1.Body, r2.Body)
	}
	// the header's form
	wantError(t, "129 characters", a.post(t, pathAdjust, body, idempotencyHeader, strings.Repeat("k", 129)), http.StatusBadRequest, "CBC.0100")
	wantError(t, "a space", a.post(t, pathAdjust, body, idempotencyHeader, "a b"), http.StatusBadRequest, "CBC.0100")
	wantError(t, "twice", a.post(t, pathAdjust, body, idempotencyHeader, "x1", idempotencyHeader, "x2"), http.StatusBadRequest, "CBC.0100")
	if got := a.post(t, pathAdjust, body, idempotencyHeader, strings.Repeat("k", 128)); got.Status != http.StatusOK {
		t.Errorf("128 characters: %d %v", got.Status, got.Body)
	}
	// another partner choosing the same key does not meet this one
	res := a.as(t, "reseller")
	rc := fundable(t, res, 0)
	got := res.post(t, pathAdjust, `{"customer_id":"`+rc.DomainID+`","amount":"12.34"}`, idempotencyHeader, "order-1")
	if got.Status != http.StatusOK || got.Body["transfer_id"] == first.Body["transfer_id"] {
		t.Errorf("another partner's key: %d %v", got.Status, got.Body)
	}
}

// TestFundsConcurrentRetries: many retries of one call at once, as a client with a short timeout
// sends them, move money exactly once and all get the first answer.
func TestFundsConcurrentRetries(t *testing.T) {
	a := newFundsAPI(t)
	dist := a.as(t, "distributor")
	var reseller models.Partner
	a.db.Where("account_name = ?", "reseller").First(&reseller)
	c := fundable(t, a, 2)
	calls := []struct {
		name     string
		api      *rawAPI
		path     string
		body, id string
	}{
		{"allocate", a, pathAdjust, `{"customer_id":"` + c.DomainID + `","amount":"7.77"}`, "transfer_id"},
		{"reclaim", a, pathReclaim, `{"customer_id":"` + c.DomainID + `","amount":"1.11"}`, "trans_id"},
		{"fund a reseller", dist, pathResellerAdjust, `{"indirect_partner_id":"` + reseller.DomainID + `","amount":"55.5"}`, "transfer_id"},
		{"reclaim from a reseller", dist, pathResellerReclaim, `{"indirect_partner_id":"` + reseller.DomainID + `","amount":"5.55"}`, "trans_id"},
	}
	for i, call := range calls {
		n := transfers(a)
		const retries = 12
		answers := make([]answer, retries)
		var wg sync.WaitGroup
		for j := range retries {
			wg.Go(func() {
				answers[j] = call.api.post(t, call.path, call.body, idempotencyHeader, fmt.Sprintf("concurrent-%d", i))
			})
		}
		wg.Wait()
		for _, got := range answers {
			if got.Status != http.StatusOK || got.Body[call.id] != answers[0].Body[call.id] || got.Body[call.id] == "" {
				t.Fatalf("%s: %d %v, first %v", call.name, got.Status, got.Body, answers[0].Body)
			}
		}
		var same int64
		a.db.Model(&models.Transfer{}).Where("trans_id = ?", answers[0].Body[call.id]).Count(&same)
		if got := transfers(a); got != n+1 || same != 1 {
			t.Fatalf("%s: %d retries made %d transfers", call.name, retries, got-n)
		}
	}
}

func TestFundsQueryErrors(t *testing.T) {
	a := newFundsAPI(t)
	for _, q := range []string{
		pathAdjustRecords + "?offset=abc",
		pathAdjustRecords + "?offset=-1",
		pathAdjustRecords + "?limit=0",
		pathAdjustRecords + "?limit=101",
		pathAdjustRecords + "?limit=1.5",
		pathAdjustRecords + "?limit=99999999999",
		pathAdjustRecords + "?limit=5&limit=6",
		pathAdjustRecords + "?operation_type=SOURCE_OPERATION_FOO",
		pathAdjustRecords + "?operation_time_begin=yesterday",
		pathAdjustRecords + "?operation_time_end=2026-01-01",
		pathAdjustRecords + "?customer_id=" + strings.Repeat("a", 65),
		pathAdjustRecords + "?trans_id=%ff",
		pathAdjustRecords + "?offset=%zz",
		pathChangeRecords,
		pathChangeRecords + "?balance_type=",
		pathChangeRecords + "?balance_type=BALANCE_TYPE_CASH",
		pathChangeRecords + "?balance_type=BALANCE_TYPE_DEBIT&trade_type=SPEND",
		pathChangeRecords + "?balance_type=BALANCE_TYPE_DEBIT&trade_time_begin=2026/01/01",
		pathChangeRecords + "?balance_type=BALANCE_TYPE_DEBIT&trade_time_begin=2026-13-01",
		pathChangeRecords + "?balance_type=BALANCE_TYPE_DEBIT&trade_time_end=2026-01-01T00:00:00Z",
		pathChangeRecords + "?balance_type=BALANCE_TYPE_DEBIT&trade_time_begin=2026-02-01&trade_time_end=2026-01-01",
		pathChangeRecords + "?balance_type=BALANCE_TYPE_DEBIT&offset=x",
	} {
		wantError(t, "GET "+q, a.get(t, q), http.StatusBadRequest, "CBC.0100")
	}
	// indirect_partner_id from a partner that is not a master distributor
	var reseller models.Partner
	a.db.Where("account_name = ?", "reseller").First(&reseller)
	for _, p := range []string{pathBalances, pathAdjustRecords, pathChangeRecords + "?balance_type=BALANCE_TYPE_DEBIT&"} {
		sep := "?"
		if strings.Contains(p, "?") {
			sep = ""
		}
		wantError(t, p, a.get(t, p+sep+"indirect_partner_id="+reseller.DomainID), http.StatusForbidden, "CBC.99000037")
	}
	// unknown parameters are ignored, as unknown body fields are
	if got := a.get(t, pathAdjustRecords+"?no_such=1&limit=2"); got.Status != http.StatusOK {
		t.Errorf("unknown parameter: %d %v", got.Status, got.Body)
	}
	// customers: required, at most 100
	wantError(t, "no customers", a.post(t, pathCustBalances, `{}`), http.StatusBadRequest, "CBC.0100")
	wantError(t, "empty customers", a.post(t, pathCustBalances, `{"customer_infos":[]}`), http.StatusBadRequest, "CBC.0100")
	wantError(t, "an empty id", a.post(t, pathCustBalances, `{"customer_infos":[{"customer_id":""}]}`), http.StatusBadRequest, "CBC.0100")
	many := strings.Repeat(`{"customer_id":"x"},`, 101)
	wantError(t, "101 customers", a.post(t, pathCustBalances, `{"customer_infos":[`+many[:len(many)-1]+`]}`), http.StatusBadRequest, "CBC.0100")
}

// TestFundsJSONTypes: the answers carry each amount in the JSON type the SDK's strict decoder
// expects: float64 balances, string records, decimal (number) customer balances.
func TestFundsJSONTypes(t *testing.T) {
	a := newFundsAPI(t)
	c := fundable(t, a, 0)
	alloc := a.post(t, pathAdjust, `{"customer_id":"`+c.DomainID+`","amount":"20.5"}`)
	if alloc.Status != http.StatusOK {
		t.Fatal(alloc.Body)
	}
	bal := a.get(t, pathBalances)
	acct := bal.Body["account_balances"].([]any)[0].(map[string]any)
	if _, isNum := acct["amount"].(float64); !isNum || acct["account_type"] != float64(1) || acct["measure_id"] != float64(1) ||
		acct["currency"] != "CNY" || acct["account_id"] != a.domain || acct["designated_amount"] != float64(0) {
		t.Errorf("balance %v", acct)
	}
	recs := a.get(t, pathAdjustRecords+"?trans_id="+alloc.Body["transfer_id"].(string))
	rec := recs.Body["records"].([]any)[0].(map[string]any)
	if recs.Body["total_count"] != float64(1) || rec["amount"] != "20.50" || rec["measure_id"] != float64(1) ||
		rec["operation_type"] != "SOURCE_OPERATION_BEADJUST" || rec["customer_id"] != c.DomainID || rec["customer_name"] != c.AccountName {
		t.Errorf("adjust record %v", recs.Body)
	}
	chg := a.get(t, pathChangeRecords+"?balance_type=BALANCE_TYPE_DEBIT&limit=1")
	line := chg.Body["records"].([]any)[0].(map[string]any)
	if chg.Body["currency"] != "CNY" || line["change_amount"] != "20.50" || line["type"] != "2" ||
		line["trade_id"] != alloc.Body["transfer_id"] || line["customer_id"] != c.DomainID {
		t.Errorf("account change %v", chg.Body)
	}
	if after, _ := line["balance_after_change"].(string); !strings.Contains(after, ".") ||
		after != fmt.Sprintf("%.2f", acct["amount"].(float64)) {
		t.Errorf("balance after %v, balance %v", line["balance_after_change"], acct["amount"])
	}
	cb := a.post(t, pathCustBalances, `{"customer_infos":[{"customer_id":"`+c.DomainID+`"}]}`)
	row := cb.Body["customer_balances"].([]any)[0].(map[string]any)
	if amt, isNum := row["amount"].(float64); !isNum || row["debt_amount"] != float64(0) || row["measure_id"] != float64(1) ||
		amt != balanceOf(t, a, c).InexactFloat64() {
		t.Errorf("customer balance %v", row)
	}
}
