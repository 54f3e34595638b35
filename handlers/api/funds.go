package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"gorm.io/gorm"

	"partnerhub/models"
)

// The fund operations (reference section 4.4): allocate to and reclaim from consignment customers,
// fund and reclaim a master distributor's resellers, balances, adjust records, the account
// statement and customers' balances. Field names and JSON types follow the SDK's models; note
// transfer_id (allocations) against trans_id (reclaims).

// amount is a money amount in a request: the SDK sends a JSON string ("100.5"), others may send a
// number; both are read from their exact text, never through a float.
type amount struct{ raw []byte }

func (a *amount) UnmarshalJSON(b []byte) error {
	a.raw = append([]byte(nil), b...)
	return nil
}

func (amount) jsonSchema() map[string]any {
	return map[string]any{"type": "string", "pattern": amountPattern.String(),
		"description": "yuan, greater than 0, at most 2 decimal places, plain decimal notation; a JSON number is accepted too"}
}

// amountPattern is a plain decimal: ASCII digits, no sign, exponent, separators or spaces, at most
// 13 integer digits and 2 decimals.
var amountPattern = regexp.MustCompile(`^(0|[1-9][0-9]{0,12})(\.[0-9]{1,2})?$`)

// money checks the amount and returns it.
func (a amount) money() (models.Money, error) { return a.moneyOf("amount") }

// moneyOf checks the amount of the named field (amount, face_value, quota_amount) and returns it.
func (a amount) moneyOf(field string) (models.Money, error) {
	bad := errBadRequest(field + " must be greater than 0 with at most 2 decimal places, in plain decimal notation like 100.5")
	raw := bytes.TrimSpace(a.raw)
	if len(raw) == 0 || string(raw) == "null" {
		return models.Money{}, errBadRequest(field + " is required")
	}
	var text string
	switch c := raw[0]; {
	case c == '"':
		if err := json.Unmarshal(raw, &text); err != nil {
			return models.Money{}, bad
		}
	case c == '-' || c >= '0' && c <= '9':
		text = string(raw)
	default:
		return models.Money{}, errBadRequest("field " + field + " must be a JSON string or number")
	}
	if !amountPattern.MatchString(text) {
		return models.Money{}, bad
	}
	m, err := models.ParseMoney(text)
	if err != nil || !m.IsPositive() {
		return models.Money{}, bad
	}
	return m, nil
}

// decimalNumber is a money amount answered as a JSON number (the SDK's decimal fields).
type decimalNumber struct{ models.Money }

func (d decimalNumber) MarshalJSON() ([]byte, error) { return []byte(d.StringFixed(2)), nil }

func (decimalNumber) jsonSchema() map[string]any { return map[string]any{"type": "number"} }

func moneyString(m models.Money) string { return m.StringFixed(2) }

// Currency and unit of every amount: CNY, measure_id 1 (yuan).
const (
	currencyCNY = "CNY"
	measureYuan = int32(1)
)

// idempotencyHeader is the optional header that makes a money call safe to retry.
const idempotencyHeader = "X-Idempotency-Key"

// fundsInput checks the amount and the idempotency key of a money call.
func fundsInput(c echo.Context, a amount) (models.FundsInput, error) {
	m, err := a.money()
	if err != nil {
		return models.FundsInput{}, err
	}
	key, err := idempotencyKey(c)
	return models.FundsInput{Amount: m, IdempotencyKey: key}, err
}

// idempotencyKey reads the optional X-Idempotency-Key header: at most 128 visible ASCII characters.
func idempotencyKey(c echo.Context) (string, error) {
	keys := c.Request().Header.Values(idempotencyHeader)
	switch {
	case len(keys) == 0:
		return "", nil
	case len(keys) > 1:
		return "", errBadRequest(idempotencyHeader + " is given more than once")
	case len(keys[0]) > 128:
		return "", errBadRequest(idempotencyHeader + " is longer than 128 characters")
	}
	for _, ch := range []byte(keys[0]) {
		if ch < 0x21 || ch > 0x7e {
			return "", errBadRequest(idempotencyHeader + " must be visible ASCII characters")
		}
	}
	return keys[0], nil
}

// reseller resolves an indirect_partner_id to one of the caller's resellers; "" is none (0).
func (s *server) reseller(c echo.Context, domainID string) (*models.Partner, error) {
	if domainID == "" {
		return nil, nil
	}
	if err := checkLen("indirect_partner_id", domainID, 64); err != nil {
		return nil, err
	}
	return models.ResellerByDomainID(ctxOf(c), s.DB, actor(c), domainID)
}

func idOf(p *models.Partner) uint64 {
	if p == nil {
		return 0
	}
	return p.ID
}

// fundCustomer resolves the customer_id of an allocation or reclaim: the caller's own customer or,
// with indirect_partner_id, that reseller's customer. Anyone else's is CBC.99000035.
func (s *server) fundCustomer(c echo.Context, customerID, indirectPartnerID string) (*models.Customer, error) {
	if customerID == "" {
		return nil, errBadRequest("customer_id is required")
	}
	if err := checkLen("customer_id", customerID, 64); err != nil {
		return nil, err
	}
	r, err := s.reseller(c, indirectPartnerID)
	if err != nil {
		return nil, err
	}
	return models.FundCustomerByDomainID(ctxOf(c), s.DB, actor(c), customerID, idOf(r))
}

// UpdateCustomerAccountAmount — POST /v2/accounts/partner-accounts/adjust-amount (AdjustAccountReq).
type adjustAccountReq struct {
	CustomerID        string `json:"customer_id"`
	Amount            amount `json:"amount"`
	IndirectPartnerID string `json:"indirect_partner_id,omitempty"`
}

type transferIDResp struct {
	TransferID string `json:"transfer_id"`
}

func (s *server) updateCustomerAccountAmount(c echo.Context, body []byte) error {
	t, err := s.moveCustomerFunds(c, body, models.Allocate)
	if err != nil {
		return err
	}
	return ok(c, transferIDResp{TransferID: t.TransID})
}

// ReclaimToPartnerAccount — POST /v2/accounts/partner-accounts/reclaim
// (ReclaimToPartnerAccountBalancesReq: the same fields).
type reclaimToPartnerReq = adjustAccountReq

type transIDResp struct {
	TransID string `json:"trans_id"`
}

func (s *server) reclaimToPartnerAccount(c echo.Context, body []byte) error {
	t, err := s.moveCustomerFunds(c, body, models.Reclaim)
	if err != nil {
		return err
	}
	return ok(c, transIDResp{TransID: t.TransID})
}

type customerMove func(ctx context.Context, db *gorm.DB, a models.Actor, customerID uint64, in models.FundsInput, now time.Time) (*models.Transfer, error)

func (s *server) moveCustomerFunds(c echo.Context, body []byte, move customerMove) (*models.Transfer, error) {
	var req adjustAccountReq
	if err := decode(body, &req); err != nil {
		return nil, err
	}
	in, err := fundsInput(c, req.Amount)
	if err != nil {
		return nil, err
	}
	cust, err := s.fundCustomer(c, req.CustomerID, req.IndirectPartnerID)
	if err != nil {
		return nil, err
	}
	// a key reused for another customer is refused by the domain (the key is bound to its target)
	return move(ctxOf(c), s.DB, actor(c), cust.ID, in, s.now())
}

// UpdateIndirectPartnerAccount — POST /v2/accounts/partner-accounts/indirect-partner-adjust
// (AdjustToIndirectPartnerReq).
type adjustToIndirectPartnerReq struct {
	IndirectPartnerID string `json:"indirect_partner_id"`
	Amount            amount `json:"amount"`
}

func (s *server) updateIndirectPartnerAccount(c echo.Context, body []byte) error {
	t, err := s.moveResellerFunds(c, body, models.FundReseller)
	if err != nil {
		return err
	}
	return ok(c, transferIDResp{TransferID: t.TransID})
}

// ReclaimIndirectPartnerAccount — POST /v2/accounts/partner-accounts/indirect-partner-reclaim
// (ReclaimIndirectPartnerAccountReq: the same fields).
type reclaimIndirectPartnerReq = adjustToIndirectPartnerReq

func (s *server) reclaimIndirectPartnerAccount(c echo.Context, body []byte) error {
	t, err := s.moveResellerFunds(c, body, models.ReclaimFromReseller)
	if err != nil {
		return err
	}
	return ok(c, transIDResp{TransID: t.TransID})
}

type resellerMove func(ctx context.Context, db *gorm.DB, a models.Actor, resellerID uint64, in models.FundsInput, now time.Time) (*models.Transfer, error)

func (s *server) moveResellerFunds(c echo.Context, body []byte, move resellerMove) (*models.Transfer, error) {
	var req adjustToIndirectPartnerReq
	if err := decode(body, &req); err != nil {
		return nil, err
	}
	if req.IndirectPartnerID == "" {
		return nil, errBadRequest("indirect_partner_id is required")
	}
	in, err := fundsInput(c, req.Amount)
	if err != nil {
		return nil, err
	}
	r, err := s.reseller(c, req.IndirectPartnerID)
	if err != nil {
		return nil, err
	}
	return move(ctxOf(c), s.DB, actor(c), r.ID, in, s.now())
}

// ListPartnerBalances — GET /v2/accounts/partner-accounts/balances.
type listPartnerBalancesReq struct {
	IndirectPartnerID string `query:"indirect_partner_id"`
}

type listPartnerBalancesResp struct {
	AccountBalances []accountBalance `json:"account_balances"`
}

// accountBalance is the SDK's AccountBalanceV2: amounts are float64 yuan here.
type accountBalance struct {
	AccountID        string  `json:"account_id"`
	AccountType      int32   `json:"account_type"` // 1: balance (余额)
	Amount           float64 `json:"amount"`
	Currency         string  `json:"currency"`
	DesignatedAmount float64 `json:"designated_amount"`
	MeasureID        int32   `json:"measure_id"`
}

func (s *server) listPartnerBalances(c echo.Context, _ []byte) error {
	var req listPartnerBalancesReq
	if err := decodeQuery(c, &req); err != nil {
		return err
	}
	r, err := s.reseller(c, req.IndirectPartnerID)
	if err != nil {
		return err
	}
	domain := caller(c).Partner.DomainID
	if r != nil {
		domain = r.DomainID
	}
	cash, err := models.PartnerCash(ctxOf(c), s.DB, actor(c), idOf(r))
	if err != nil {
		return err
	}
	return ok(c, listPartnerBalancesResp{AccountBalances: []accountBalance{{AccountID: domain, AccountType: 1,
		Amount: cash.InexactFloat64(), Currency: currencyCNY, MeasureID: measureYuan}}})
}

// Adjust operation types of the API and the ledger's transfer kinds.
const (
	opAdjust   = "SOURCE_OPERATION_BEADJUST"
	opRetrieve = "SOURCE_OPERATION_BERETRIEVE"
	opUnbind   = "SOURCE_OPERATION_BEUNBIND"
)

var adjustKindsOf = map[string][]models.TransferKind{
	opAdjust:   {models.KindAllocate, models.KindResellerFund},
	opRetrieve: {models.KindReclaim, models.KindResellerReclaim},
	opUnbind:   {models.KindUnbind},
}

func operationTypeOf(k models.TransferKind) string {
	switch k {
	case models.KindAllocate, models.KindResellerFund:
		return opAdjust
	case models.KindReclaim, models.KindResellerReclaim:
		return opRetrieve
	case models.KindUnbind:
		return opUnbind
	}
	return ""
}

// ListPartnerAdjustRecords — GET /v3/accounts/partner-accounts/adjust-records.
type listAdjustRecordsReq struct {
	CustomerID         string `query:"customer_id"`
	OperationType      string `query:"operation_type"`
	OperationTimeBegin string `query:"operation_time_begin"`
	OperationTimeEnd   string `query:"operation_time_end"`
	TransID            string `query:"trans_id"`
	Offset             *int32 `query:"offset"`
	Limit              *int32 `query:"limit"`
	IndirectPartnerID  string `query:"indirect_partner_id"`
}

type listAdjustRecordsResp struct {
	TotalCount int32          `json:"total_count"`
	Records    []adjustRecord `json:"records"`
}

// adjustRecord is the SDK's AdjustRecordV3: amount is a string.
type adjustRecord struct {
	CustomerID    string `json:"customer_id"`
	CustomerName  string `json:"customer_name"`
	OperationType string `json:"operation_type"`
	Amount        string `json:"amount"`
	Currency      string `json:"currency"`
	OperationTime string `json:"operation_time"`
	MeasureID     int32  `json:"measure_id"`
	TransID       string `json:"trans_id"`
	Memo          string `json:"memo,omitempty"`
}

func (s *server) listPartnerAdjustRecords(c echo.Context, _ []byte) error {
	var req listAdjustRecordsReq
	if err := decodeQuery(c, &req); err != nil {
		return err
	}
	f := models.AdjustQuery{Counterparty: req.CustomerID, TransID: req.TransID}
	for _, l := range []struct{ field, v string }{{"customer_id", req.CustomerID}, {"trans_id", req.TransID}} {
		if err := checkLen(l.field, l.v, 64); err != nil {
			return err
		}
	}
	if req.OperationType != "" {
		kinds, known := adjustKindsOf[req.OperationType]
		if !known {
			return errBadRequest("operation_type must be SOURCE_OPERATION_BEADJUST, SOURCE_OPERATION_BERETRIEVE or SOURCE_OPERATION_BEUNBIND")
		}
		f.Kinds = kinds
	}
	var err error
	if f.Offset, f.Limit, err = paging(req.Offset, req.Limit); err != nil {
		return err
	}
	if f.From, err = parseTime("operation_time_begin", req.OperationTimeBegin); err != nil {
		return err
	}
	if f.To, err = parseTime("operation_time_end", req.OperationTimeEnd); err != nil {
		return err
	}
	if !f.To.IsZero() {
		f.To = f.To.Add(time.Second) // the end is included
	}
	r, err := s.reseller(c, req.IndirectPartnerID)
	if err != nil {
		return err
	}
	f.ResellerID = idOf(r)
	list, err := models.ListAdjustRecordsFor(ctxOf(c), s.DB, actor(c), f)
	if err != nil {
		return err
	}
	resp := listAdjustRecordsResp{TotalCount: int32(list.Total), Records: make([]adjustRecord, 0, len(list.Rows))}
	for _, row := range list.Rows {
		resp.Records = append(resp.Records, adjustRecord{CustomerID: row.CustomerDID, CustomerName: row.CustomerName,
			OperationType: operationTypeOf(row.Kind), Amount: moneyString(row.AmountMoney()), Currency: currencyCNY,
			OperationTime: formatTime(&row.CreatedAt), MeasureID: measureYuan, TransID: row.TransID, Memo: row.Memo})
	}
	return ok(c, resp)
}

// ListPartnerAccountChangeRecords — GET /v2/accounts/partner-accounts/account-change-records.
type listAccountChangeRecordsReq struct {
	BalanceType       string `query:"balance_type,required"`
	TradeType         string `query:"trade_type"`
	TradeTimeBegin    string `query:"trade_time_begin"`
	TradeTimeEnd      string `query:"trade_time_end"`
	Offset            *int32 `query:"offset"`
	Limit             *int32 `query:"limit"`
	IndirectPartnerID string `query:"indirect_partner_id"`
}

type listAccountChangeRecordsResp struct {
	TotalCount int32                 `json:"total_count"`
	Currency   string                `json:"currency"`
	Records    []accountChangeRecord `json:"records"`
}

// accountChangeRecord is the SDK's AccountChangeRecord: amounts are strings, type "1" income and
// "2" expense.
type accountChangeRecord struct {
	AccountChangeID    string `json:"account_change_id"`
	TradeDetailType    string `json:"trade_detail_type"`
	TradeTime          string `json:"trade_time"`
	TradeID            string `json:"trade_id"`
	ChangeAmount       string `json:"change_amount"`
	BalanceAfterChange string `json:"balance_after_change"`
	Type               string `json:"type"`
	CustomerID         string `json:"customer_id,omitempty"`
	AccountName        string `json:"account_name,omitempty"`
}

// tradeKinds maps the API's trade types to transfer kinds; a type the console has no transfers
// of (consumption, refunds, freezing…) selects nothing.
var tradeKinds = map[string][]models.TransferKind{
	"RECHARGE":   {models.KindDeposit},
	"ADJUST":     {models.KindDepositReversal},
	"BEADJUST":   {models.KindAllocate, models.KindResellerFund},
	"BERETRIEVE": {models.KindReclaim, models.KindResellerReclaim},
	"BEUNBIND":   {models.KindUnbind},
	"DEDEUCT":    nil, "REFUND": nil, "RFROZEN": nil, "TRANS": nil, "BONUSCONVERT": nil, "TRADE_MODE_TRANSFER": nil,
}

// tradeDetailTypes are the cloud's names (its spelling) of each kind on the statement.
var tradeDetailTypes = map[models.TransferKind]string{
	models.KindDeposit:         "SOURCE_OPERAIION_RECHARGE",
	models.KindDepositReversal: "SOURCE_OPERAIION_ADJUST",
	models.KindAllocate:        opAdjust,
	models.KindResellerFund:    opAdjust,
	models.KindReclaim:         opRetrieve,
	models.KindResellerReclaim: opRetrieve,
	models.KindUnbind:          opUnbind,
}

// parseDate reads an optional YYYY-MM-DD date in the business zone (Asia/Shanghai, 东八区); zero when empty.
func parseDate(field, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(time.DateOnly, v, models.BusinessZone)
	if err != nil || t.Year() < 1970 || t.Year() > 9999 {
		return time.Time{}, errBadRequest(field + " must be a date like 2026-01-31")
	}
	return t, nil
}

func (s *server) listPartnerAccountChangeRecords(c echo.Context, _ []byte) error {
	var req listAccountChangeRecordsReq
	if err := decodeQuery(c, &req); err != nil {
		return err
	}
	resp := listAccountChangeRecordsResp{Currency: currencyCNY, Records: []accountChangeRecord{}}
	var kinds []models.TransferKind
	if req.TradeType != "" {
		var known bool
		if kinds, known = tradeKinds[req.TradeType]; !known {
			return errBadRequest("trade_type must be one of RECHARGE, DEDEUCT, REFUND, RFROZEN, TRANS, ADJUST, BEADJUST, " +
				"BERETRIEVE, BEUNBIND, BONUSCONVERT, TRADE_MODE_TRANSFER")
		}
	}
	f := models.StatementQuery{Kinds: kinds}
	var err error
	if f.Offset, f.Limit, err = paging(req.Offset, req.Limit); err != nil {
		return err
	}
	if f.From, err = parseDate("trade_time_begin", req.TradeTimeBegin); err != nil {
		return err
	}
	if f.To, err = parseDate("trade_time_end", req.TradeTimeEnd); err != nil {
		return err
	}
	// defaults: from the same day a year ago to today
	y, m, d := s.now().In(models.BusinessZone).Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, models.BusinessZone)
	if f.From.IsZero() {
		f.From = today.AddDate(-1, 0, 0)
	}
	if f.To.IsZero() {
		f.To = today
	}
	if f.From.After(f.To) {
		return errBadRequest("trade_time_begin is after trade_time_end")
	}
	f.To = f.To.AddDate(0, 0, 1) // the end date is included
	r, err := s.reseller(c, req.IndirectPartnerID)
	if err != nil {
		return err
	}
	f.ResellerID = idOf(r)
	switch req.BalanceType {
	case "BALANCE_TYPE_DEBIT":
	case "BALANCE_TYPE_CREDIT": // partners here have no credit account
		return ok(c, resp)
	default:
		return errBadRequest("balance_type must be BALANCE_TYPE_DEBIT or BALANCE_TYPE_CREDIT")
	}
	if req.TradeType != "" && len(kinds) == 0 {
		return ok(c, resp)
	}
	page, err := models.PartnerStatementFor(ctxOf(c), s.DB, actor(c), f)
	if err != nil {
		return err
	}
	resp.TotalCount = int32(page.Total)
	for _, e := range page.Rows {
		rec := accountChangeRecord{AccountChangeID: strconv.FormatUint(e.ID, 10), TradeDetailType: tradeDetailTypes[e.Kind],
			TradeTime: formatTime(&e.CreatedAt), TradeID: e.TransID, ChangeAmount: moneyString(models.Fen(abs(e.Amount))),
			BalanceAfterChange: moneyString(models.Fen(e.BalanceAfter)), Type: "1", CustomerID: e.CounterpartyDID,
			AccountName: e.CounterpartyName}
		if e.Amount < 0 {
			rec.Type = "2"
		}
		resp.Records = append(resp.Records, rec)
	}
	return ok(c, resp)
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// ListCustomersBalancesDetail — POST /v2/accounts/customer-accounts/balances/batch-query
// (QueryCustomersBalancesReq).
type customersBalancesReq struct {
	CustomerInfos     []customerIDInfo `json:"customer_infos"`
	IndirectPartnerID string           `json:"indirect_partner_id,omitempty"`
}

type customerIDInfo struct {
	CustomerID string `json:"customer_id"`
}

type customersBalancesResp struct {
	CustomerBalances []customerBalance `json:"customer_balances"`
}

// customerBalance is the SDK's CustomerBalancesV2: amounts are decimals, answered as numbers.
type customerBalance struct {
	CustomerID string        `json:"customer_id"`
	DebtAmount decimalNumber `json:"debt_amount"`
	Amount     decimalNumber `json:"amount"`
	Currency   string        `json:"currency"`
	MeasureID  int32         `json:"measure_id"`
}

// maxBalanceQuery is how many customers one ListCustomersBalancesDetail call reads.
const maxBalanceQuery = 100

func (s *server) listCustomersBalancesDetail(c echo.Context, body []byte) error {
	var req customersBalancesReq
	if err := decode(body, &req); err != nil {
		return err
	}
	if len(req.CustomerInfos) == 0 {
		return errBadRequest("customer_infos is required")
	}
	if len(req.CustomerInfos) > maxBalanceQuery {
		return errBadRequest(fmt.Sprintf("customer_infos holds at most %d customers", maxBalanceQuery))
	}
	ids := make([]string, 0, len(req.CustomerInfos))
	seen := map[string]bool{}
	for _, ci := range req.CustomerInfos {
		if ci.CustomerID == "" {
			return errBadRequest("every customer_infos entry needs a customer_id")
		}
		if err := checkLen("customer_id", ci.CustomerID, 64); err != nil {
			return err
		}
		if !seen[ci.CustomerID] {
			seen[ci.CustomerID] = true
			ids = append(ids, ci.CustomerID)
		}
	}
	r, err := s.reseller(c, req.IndirectPartnerID)
	if err != nil {
		return err
	}
	rows, err := models.ConsignmentBalances(ctxOf(c), s.DB, actor(c), ids, idOf(r))
	if err != nil {
		return err
	}
	byID := make(map[string]models.Money, len(rows))
	for _, row := range rows {
		byID[row.DomainID] = row.Balance
	}
	resp := customersBalancesResp{CustomerBalances: make([]customerBalance, 0, len(rows))}
	for _, id := range ids { // in the order asked
		if b, found := byID[id]; found {
			resp.CustomerBalances = append(resp.CustomerBalances, customerBalance{CustomerID: id,
				DebtAmount: decimalNumber{models.Fen(0)}, Amount: decimalNumber{b}, Currency: currencyCNY, MeasureID: measureYuan})
		}
	}
	return ok(c, resp)
}
