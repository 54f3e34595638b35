package api

import (
	"github.com/labstack/echo/v4"

	"partnerhub/models"
)

// ListConsumeSubCustomers (reference 4.9): the customers of the partner that consumed in a bill
// cycle — its consignment customers with a bill of the cycle, as the bills page lists them (the
// same models.ListCycleBills), largest bill first; a master distributor's list holds its
// resellers' customers too, or one reseller's with indirect_partner_id.

var billConsumeOperations = []Operation{
	{Name: "ListConsumeSubCustomers", Method: "POST", Path: "/v2/bills/subcustomer-bills/res-fee-records/sub-customers/query",
		Summary: "List the consignment customers with consumption in a bill cycle (YYYY-MM, Asia/Shanghai), largest bill first " +
			"(a master distributor's include its resellers' customers; one reseller's with indirect_partner_id).",
		SummaryZH: "查询在某账期（YYYY-MM，北京时间）有消费的代售类客户列表，按消费金额从高到低（总经销商包含其云经销商的客户，" +
			"可用 indirect_partner_id 查询某个云经销商的客户）。",
		Roles: fundReadRoles, Query: true, Request: consumeSubCustomersReq{}, Response: consumeSubCustomersResp{},
		run: (*server).listConsumeSubCustomers},
}

// consumeSubCustomersReq is the SDK's ListConsumeSubCustomersReq, and the indirect_partner_id
// the partner operations take.
type consumeSubCustomersReq struct {
	BillCycle         string `json:"bill_cycle"`
	Offset            *int32 `json:"offset,omitempty"`
	Limit             *int32 `json:"limit,omitempty"`
	IndirectPartnerID string `json:"indirect_partner_id,omitempty"`
}

type consumeSubCustomersResp struct {
	SubCustomers []consumeSubCustomer `json:"sub_customers"`
	TotalCount   int32                `json:"total_count"`
}

// consumeSubCustomer is the SDK's SubCustomerInfoV3.
type consumeSubCustomer struct {
	CustomerID string `json:"customer_id"`
}

func (s *server) listConsumeSubCustomers(c echo.Context, body []byte) error {
	var req consumeSubCustomersReq
	if err := decode(body, &req); err != nil {
		return err
	}
	if req.BillCycle == "" {
		return errBadRequest("bill_cycle is required")
	}
	f := models.CycleBillFilter{Cycle: req.BillCycle, Mode: models.Consignment, Deep: true}
	var err error
	if f.Offset, f.Limit, err = paging(req.Offset, req.Limit); err != nil {
		return err
	}
	r, err := s.reseller(c, req.IndirectPartnerID)
	if err != nil {
		return err
	}
	f.ResellerID = idOf(r)
	list, err := models.ListCycleBills(ctxOf(c), s.DB, actor(c), f, s.now())
	if err != nil {
		return err
	}
	resp := consumeSubCustomersResp{SubCustomers: make([]consumeSubCustomer, 0, len(list.Rows)), TotalCount: int32(list.Total)}
	for _, row := range list.Rows {
		resp.SubCustomers = append(resp.SubCustomers, consumeSubCustomer{CustomerID: row.DomainID})
	}
	return ok(c, resp)
}
