package api

import (
	"strconv"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
)

// A master distributor's coupon quotas for its resellers (reference section 4.3): give part of a
// quota to resellers as child quotas, take them back, list them and their records.

// UpdateCouponQuotas — POST /v2/partners/coupon-quotas/indirect-partner-adjust (AdjustCouponQuotasReq).
type adjustCouponQuotasReq struct {
	QuotaID            string   `json:"quota_id"`
	IndirectPartnerIDs []string `json:"indirect_partner_ids"`
	QuotaAmount        amount   `json:"quota_amount"`
}

type adjustCouponQuotasResp struct {
	ErrorDetails     []errorDetail     `json:"error_details"`
	SimpleQuotaInfos []quotaSimpleInfo `json:"simple_quota_infos"`
}

// quotaSimpleInfo is the SDK's QuotaSimpleInfo: the reseller and its new child quota.
type quotaSimpleInfo struct {
	ID      string `json:"id"`
	QuotaID string `json:"quota_id"`
}

func (s *server) updateCouponQuotas(c echo.Context, body []byte) error {
	var req adjustCouponQuotasReq
	if err := decode(body, &req); err != nil {
		return err
	}
	if req.QuotaID == "" {
		return errBadRequest("quota_id is required")
	}
	if err := checkLen("quota_id", req.QuotaID, 64); err != nil {
		return err
	}
	if err := checkIDs("indirect_partner_ids", req.IndirectPartnerIDs); err != nil {
		return err
	}
	m, err := req.QuotaAmount.moneyOf("quota_amount")
	if err != nil {
		return err
	}
	key, err := idempotencyKey(c)
	if err != nil {
		return err
	}
	q, err := models.QuotaByPublicID(ctxOf(c), s.DB, actor(c), req.QuotaID, 0)
	if err != nil {
		return err
	}
	results, err := models.GiveQuotaToResellers(ctxOf(c), s.DB, actor(c), q.ID, req.IndirectPartnerIDs, m, key, s.now())
	if err != nil {
		return err
	}
	resp := adjustCouponQuotasResp{ErrorDetails: []errorDetail{}, SimpleQuotaInfos: []quotaSimpleInfo{}}
	for i, r := range results { // in the order asked
		did := req.IndirectPartnerIDs[i]
		if r.Err != nil {
			resp.ErrorDetails = append(resp.ErrorDetails, detailOf(did, r.Err))
			continue
		}
		resp.SimpleQuotaInfos = append(resp.SimpleQuotaInfos, quotaSimpleInfo{ID: did, QuotaID: r.Child.PublicID})
	}
	return ok(c, resp)
}

// ReclaimCouponQuotas — POST /v2/partners/coupon-quotas/indirect-partner-reclaim (ReclaimCouponQuotasReq).
type reclaimCouponQuotasReq struct {
	QuotaIDs []string `json:"quota_ids"`
	Remark   string   `json:"remark,omitempty"`
}

type reclaimCouponQuotasResp struct {
	ErrorDetails     []errorDetail  `json:"error_details"`
	SimpleQuotaInfos []quotaReclaim `json:"simple_quota_infos"`
}

// quotaReclaim is the SDK's QuotaReclaim: the reseller's quota and its balance after the reclaim.
type quotaReclaim struct {
	QuotaID      string        `json:"quota_id"`
	QuotaBalance decimalNumber `json:"quota_balance"`
}

func (s *server) reclaimCouponQuotas(c echo.Context, body []byte) error {
	var req reclaimCouponQuotasReq
	if err := decode(body, &req); err != nil {
		return err
	}
	if err := checkIDs("quota_ids", req.QuotaIDs); err != nil {
		return err
	}
	if err := checkLen("remark", req.Remark, 256); err != nil {
		return err
	}
	key, err := idempotencyKey(c)
	if err != nil {
		return err
	}
	results, err := models.ReclaimQuotasByPublicID(ctxOf(c), s.DB, actor(c), req.QuotaIDs, req.Remark, key, s.now())
	if err != nil {
		return err
	}
	resp := reclaimCouponQuotasResp{ErrorDetails: []errorDetail{}, SimpleQuotaInfos: []quotaReclaim{}}
	for i, r := range results {
		id := req.QuotaIDs[i]
		if r.Err != nil {
			resp.ErrorDetails = append(resp.ErrorDetails, detailOf(id, r.Err))
			continue
		}
		resp.SimpleQuotaInfos = append(resp.SimpleQuotaInfos, quotaReclaim{QuotaID: id, QuotaBalance: decimalNumber{r.Quota.BalanceMoney()}})
	}
	return ok(c, resp)
}

// ListIssuedCouponQuotas — GET /v2/partners/issued-coupon-quotas.
type listIssuedQuotasReq struct {
	QuotaID           string `query:"quota_id"`
	IndirectPartnerID string `query:"indirect_partner_id"`
	ParentQuotaID     string `query:"parent_quota_id"`
	Offset            *int32 `query:"offset"`
	Limit             *int32 `query:"limit"`
}

type listIssuedQuotasResp struct {
	TotalCount int32         `json:"total_count"`
	Quotas     []issuedQuota `json:"quotas"`
}

// issuedQuota is the SDK's IssuedCouponQuota: CouponQuotaV2 with the reseller and the parent quota.
type issuedQuota struct {
	couponQuota
	IndirectPartnerID          string `json:"indirect_partner_id"`
	IndirectPartnerAccountName string `json:"indirect_partner_account_name"`
	IndirectPartnerName        string `json:"indirect_partner_name"`
	ParentQuotaID              string `json:"parent_quota_id"`
}

func (s *server) listIssuedCouponQuotas(c echo.Context, _ []byte) error {
	var req listIssuedQuotasReq
	if err := decodeQuery(c, &req); err != nil {
		return err
	}
	resp := listIssuedQuotasResp{Quotas: []issuedQuota{}}
	var f models.ChildQuotaFilter
	var err error
	if f.Offset, f.Limit, err = paging(req.Offset, req.Limit); err != nil {
		return err
	}
	r, err := s.reseller(c, req.IndirectPartnerID)
	if err != nil {
		return err
	}
	f.ResellerID = idOf(r)
	var none bool
	if f.QuotaID, none, err = s.quotaIDFilter(c, "quota_id", req.QuotaID); err != nil || none {
		return okOr(c, resp, err)
	}
	if f.ParentID, none, err = s.quotaIDFilter(c, "parent_quota_id", req.ParentQuotaID); err != nil || none {
		return okOr(c, resp, err)
	}
	list, err := models.ListChildQuotas(ctxOf(c), s.DB, actor(c), f)
	if err != nil {
		return err
	}
	resp.TotalCount = int32(list.Total)
	for i := range list.Rows {
		q := &list.Rows[i]
		resp.Quotas = append(resp.Quotas, issuedQuota{couponQuota: toCouponQuota(&q.CouponQuota, s.now()),
			IndirectPartnerID: q.Reseller.DomainID, IndirectPartnerAccountName: q.Reseller.AccountName,
			IndirectPartnerName: q.Reseller.Name, ParentQuotaID: q.ParentPublicID})
	}
	return ok(c, resp)
}

// quotaIDFilter resolves a quota id filter among the quotas the caller sees; none tells an id no
// quota has, which matches nothing.
func (s *server) quotaIDFilter(c echo.Context, field, publicID string) (id uint64, none bool, err error) {
	if publicID == "" {
		return 0, false, nil
	}
	if err := checkLen(field, publicID, 64); err != nil {
		return 0, false, err
	}
	id, err = models.VisibleQuotaID(ctxOf(c), s.DB, actor(c), publicID)
	return id, id == 0, err
}

// ListCouponQuotasRecords — GET /v2/partners/coupon-quotas/records.
type listQuotaRecordsReq struct {
	IndirectPartnerID  string `query:"indirect_partner_id"`
	QuotaID            string `query:"quota_id"`
	OperationTimeBegin string `query:"operation_time_begin"`
	OperationTimeEnd   string `query:"operation_time_end"`
	ParentQuotaID      string `query:"parent_quota_id"`
	OperationType      string `query:"operation_type"`
	Offset             *int32 `query:"offset"`
	Limit              *int32 `query:"limit"`
}

type listQuotaRecordsResp struct {
	TotalCount int32         `json:"total_count"`
	Records    []quotaRecord `json:"records"`
}

// quotaRecord is the SDK's QuotaRecord: operation_type "10" issue, "11" reclaim; quota_id the
// reseller's quota, parent_quota_id the master distributor's; amount a decimal (number).
type quotaRecord struct {
	ID                         string        `json:"id"`
	Operator                   string        `json:"operator"`
	OperationType              string        `json:"operation_type"`
	QuotaID                    string        `json:"quota_id"`
	ParentQuotaID              string        `json:"parent_quota_id"`
	Amount                     decimalNumber `json:"amount"`
	OperationTime              string        `json:"operation_time"`
	Result                     string        `json:"result"`
	IndirectPartnerAccountName string        `json:"indirect_partner_account_name"`
	IndirectPartnerID          string        `json:"indirect_partner_id"`
	IndirectPartnerName        string        `json:"indirect_partner_name"`
	Remark                     string        `json:"remark,omitempty"`
}

// Quota operation types of the API.
const (
	opQuotaIssue   = "10"
	opQuotaReclaim = "11"
)

func (s *server) listCouponQuotasRecords(c echo.Context, _ []byte) error {
	var req listQuotaRecordsReq
	if err := decodeQuery(c, &req); err != nil {
		return err
	}
	resp := listQuotaRecordsResp{Records: []quotaRecord{}}
	var f models.ChildRecordFilter
	switch req.OperationType { // the cloud ignores any other value
	case opQuotaIssue:
		f.Kind = models.QuotaGiven
	case opQuotaReclaim:
		f.Kind = models.QuotaChildReturn
	}
	tr, err := timeRange("operation_time_begin", req.OperationTimeBegin, "operation_time_end", req.OperationTimeEnd)
	if err != nil {
		return err
	}
	f.From, f.To = tr.From, tr.To
	if f.Offset, f.Limit, err = paging(req.Offset, req.Limit); err != nil {
		return err
	}
	r, err := s.reseller(c, req.IndirectPartnerID)
	if err != nil {
		return err
	}
	f.ResellerID = idOf(r)
	var none bool
	if f.ChildID, none, err = s.quotaIDFilter(c, "quota_id", req.QuotaID); err != nil || none {
		return okOr(c, resp, err)
	}
	if f.ParentID, none, err = s.quotaIDFilter(c, "parent_quota_id", req.ParentQuotaID); err != nil || none {
		return okOr(c, resp, err)
	}
	list, err := models.ListChildQuotaRecords(ctxOf(c), s.DB, actor(c), f)
	if err != nil {
		return err
	}
	resp.TotalCount = int32(list.Total)
	for _, row := range list.Rows {
		op := opQuotaIssue
		if row.Kind == models.QuotaChildReturn {
			op = opQuotaReclaim
		}
		resp.Records = append(resp.Records, quotaRecord{ID: strconv.FormatUint(row.ID, 10), Operator: row.Operator,
			OperationType: op, QuotaID: row.Child.PublicID, ParentQuotaID: row.ParentPublicID,
			Amount: decimalNumber{models.Fen(abs(row.Amount))}, OperationTime: formatTime(&row.CreatedAt), Result: "0",
			IndirectPartnerAccountName: row.Reseller.AccountName, IndirectPartnerID: row.Reseller.DomainID,
			IndirectPartnerName: row.Reseller.Name, Remark: row.Remark})
	}
	return ok(c, resp)
}
