package api

import (
	"errors"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
)

// ListSubCustomers — POST /v2/partners/sub-customers/query. Field names and JSON types as the
// SDK's QuerySubCustomerListReq and CustomerInformation.
type listSubCustomersReq struct {
	AccountName       string `json:"account_name,omitempty"`
	Customer          string `json:"customer,omitempty"`
	Offset            *int32 `json:"offset,omitempty"`
	Limit             *int32 `json:"limit,omitempty"`
	Label             string `json:"label,omitempty"`
	AssociationType   string `json:"association_type,omitempty"`
	AssociatedOnBegin string `json:"associated_on_begin,omitempty"`
	AssociatedOnEnd   string `json:"associated_on_end,omitempty"`
	CustomerID        string `json:"customer_id,omitempty"`
	IndirectPartnerID string `json:"indirect_partner_id,omitempty"`
}

type listSubCustomersResp struct {
	CustomerInfos []customerInfo `json:"customer_infos"`
	Count         int32          `json:"count"`
}

type customerInfo struct {
	AccountName     string           `json:"account_name"`
	CustomerID      string           `json:"customer_id"`
	Customer        string           `json:"customer,omitempty"`
	AssociatedOn    string           `json:"associated_on,omitempty"`
	AssociationType string           `json:"association_type,omitempty"`
	Label           string           `json:"label,omitempty"`
	Telephone       string           `json:"telephone,omitempty"`
	VerifiedStatus  string           `json:"verified_status"`
	CountryCode     string           `json:"country_code,omitempty"`
	CustomerType    int32            `json:"customer_type"`
	IsFrozen        int32            `json:"is_frozen"`
	AccountManagers []accountManager `json:"account_managers,omitempty"`
	XaccountID      string           `json:"xaccount_id,omitempty"`
	XaccountType    string           `json:"xaccount_type,omitempty"`
	CustomerLevel   string           `json:"customer_level,omitempty"`
	Email           string           `json:"email,omitempty"`
}

type accountManager struct {
	AccountName string `json:"account_name"`
}

func (s *server) listSubCustomers(c echo.Context, body []byte) error {
	var req listSubCustomersReq
	if err := decode(body, &req); err != nil {
		return err
	}
	f, err := s.customerFilter(c, &req)
	if err != nil {
		return err
	}
	list, err := models.ListCustomers(ctxOf(c), s.DB, actor(c), f)
	if errors.Is(err, models.ErrSearchTooShort) {
		return errBadRequest("account_name and customer need two letters or digits in a row, or one Chinese character")
	}
	if err != nil {
		return err
	}
	managers, err := s.managerNames(c, list.Rows)
	if err != nil {
		return err
	}
	resp := listSubCustomersResp{Count: int32(list.Total), CustomerInfos: make([]customerInfo, 0, len(list.Rows))}
	for _, r := range list.Rows {
		resp.CustomerInfos = append(resp.CustomerInfos, toCustomerInfo(r, managers))
	}
	return ok(c, resp)
}

// customerFilter checks the request and turns it into the console's customer filter.
func (s *server) customerFilter(c echo.Context, req *listSubCustomersReq) (models.CustomerFilter, error) {
	var f models.CustomerFilter
	for _, l := range []struct {
		field, v string
		max      int
	}{{"account_name", req.AccountName, 64}, {"customer", req.Customer, 256}, {"label", req.Label, 64},
		{"customer_id", req.CustomerID, 64}, {"indirect_partner_id", req.IndirectPartnerID, 64}} {
		if err := checkLen(l.field, l.v, l.max); err != nil {
			return f, err
		}
	}
	var err error
	if f.Offset, f.Limit, err = paging(req.Offset, req.Limit); err != nil {
		return f, err
	}
	switch req.AssociationType {
	case "":
	case "1":
		f.Mode = models.Advisory
	case "2":
		f.Mode = models.Consignment
	default:
		return f, errBadRequest(`association_type must be "1" (advisory) or "2" (consignment)`)
	}
	if f.From, err = parseTime("associated_on_begin", req.AssociatedOnBegin); err != nil {
		return f, err
	}
	if f.To, err = parseTime("associated_on_end", req.AssociatedOnEnd); err != nil {
		return f, err
	}
	if !f.To.IsZero() {
		f.To = f.To.Add(time.Second) // the end is included
	}
	f.Label, f.DomainID = req.Label, req.CustomerID
	s.nameFilters(&f, req)
	if req.IndirectPartnerID != "" {
		r, err := models.ResellerByDomainID(ctxOf(c), s.DB, actor(c), req.IndirectPartnerID)
		if err != nil {
			return f, err
		}
		f.ResellerID = r.ID
	}
	return f, nil
}

// nameFilters: account_name goes through the search index; customer (the real name) too when it is
// the only one, else it is checked with LIKE on the rows found.
func (s *server) nameFilters(f *models.CustomerFilter, req *listSubCustomersReq) {
	switch {
	case req.AccountName != "":
		f.Query, f.Columns, f.RealName = req.AccountName, []string{"account_name"}, req.Customer
	case req.Customer != "":
		f.Query, f.Columns = req.Customer, []string{"real_name"}
	}
}

func (s *server) managerNames(c echo.Context, rows []models.Customer) (map[uint64]string, error) {
	var ids []uint64
	for _, r := range rows {
		if r.AccountManagerID != nil {
			ids = append(ids, *r.AccountManagerID)
		}
	}
	return models.UsernamesOf(ctxOf(c), s.DB, ids)
}

func toCustomerInfo(r models.Customer, managers map[uint64]string) customerInfo {
	ci := customerInfo{AccountName: r.AccountName, CustomerID: r.DomainID, Customer: r.RealName,
		AssociatedOn: formatTime(r.AssociatedOn), Label: r.Label, Telephone: maskPhone(r.Phone),
		VerifiedStatus: strconv.Itoa(int(r.VerifiedStatus)), CountryCode: r.CountryCode,
		CustomerType: int32(r.CustomerType), IsFrozen: int32(r.Frozen), XaccountID: r.XAccountID,
		XaccountType: r.XAccountType, CustomerLevel: r.Level, Email: r.Email}
	if r.Mode != models.NoMode {
		ci.AssociationType = strconv.Itoa(int(r.Mode))
	}
	if r.AccountManagerID != nil {
		ci.AccountManagers = []accountManager{{AccountName: managers[*r.AccountManagerID]}}
	}
	return ci
}

// maskPhone shows a mobile number as the cloud does: 138****0000.
func maskPhone(s string) string {
	if len(s) != 11 {
		return s
	}
	return s[:3] + "****" + s[7:]
}

// CreateSubCustomer — POST /v2/partners/sub-customers.
type createSubCustomerReq struct {
	XaccountID               string `json:"xaccount_id"`
	XaccountType             string `json:"xaccount_type"`
	DomainName               string `json:"domain_name,omitempty"`
	MobilePhone              string `json:"mobile_phone,omitempty"`
	VerificationCode         string `json:"verification_code,omitempty"`
	Password                 string `json:"password,omitempty"`
	IsCloseMarketMs          string `json:"is_close_market_ms,omitempty"`
	CooperationType          string `json:"cooperation_type,omitempty"`
	IndirectPartnerID        string `json:"indirect_partner_id,omitempty"`
	IncludeAssociationResult *bool  `json:"include_association_result,omitempty"`
}

type createSubCustomerResp struct {
	DomainID   string `json:"domain_id"`
	DomainName string `json:"domain_name"`
}

func (s *server) createSubCustomer(c echo.Context, body []byte) error {
	var req createSubCustomerReq
	if err := decode(body, &req); err != nil {
		return err
	}
	if req.XaccountID == "" || req.XaccountType == "" {
		return errBadRequest("xaccount_id and xaccount_type are required")
	}
	if err := checkLen("xaccount_id", req.XaccountID, 64); err != nil {
		return err
	}
	in := models.SubCustomerInput{XAccountID: req.XaccountID, XAccountType: req.XaccountType, DomainName: req.DomainName,
		MobilePhone: req.MobilePhone, Password: req.Password, Mode: models.Consignment}
	if req.CooperationType == "1" { // the cloud's rule: "1" is advisory, anything else consignment
		in.Mode = models.Advisory
	}
	if req.IndirectPartnerID != "" {
		r, err := models.ResellerByDomainID(ctxOf(c), s.DB, actor(c), req.IndirectPartnerID)
		if err != nil {
			return err
		}
		in.ResellerID = r.ID
	}
	cust, err := models.CreateSubCustomer(ctxOf(c), s.DB, actor(c), in, s.now())
	if errors.Is(err, models.ErrInvalidInput) {
		return errBadRequest("domain_name must be 5 to 32 letters, digits, _ or -; xaccount_id and xaccount_type at most 64 characters; password 8 to 72 characters")
	}
	if err != nil {
		return err
	}
	return ok(c, createSubCustomerResp{DomainID: cust.DomainID, DomainName: cust.AccountName})
}

// CheckUserIdentity — POST /v2/partners/sub-customers/users/check-identity.
type checkIdentityReq struct {
	SearchType  string `json:"search_type"`
	SearchValue string `json:"search_value"`
}

type checkIdentityResp struct {
	CheckResult string `json:"check_result"`
}

func (s *server) checkUserIdentity(c echo.Context, body []byte) error {
	var req checkIdentityReq
	if err := decode(body, &req); err != nil {
		return err
	}
	if req.SearchType == "" || req.SearchValue == "" {
		return errBadRequest("search_type and search_value are required")
	}
	used, err := models.IdentityInUse(ctxOf(c), s.DB, actor(c), req.SearchType, req.SearchValue)
	if errors.Is(err, models.ErrInvalidInput) {
		return errBadRequest(`search_type must be "email", "mobile" or "name", and search_value at most 128 characters`)
	}
	if err != nil {
		return err
	}
	resp := checkIdentityResp{CheckResult: "available"}
	if used {
		resp.CheckResult = "used_by_user"
	}
	return ok(c, resp)
}

// ListIndirectPartners — POST /v2/partners/indirect-partners/query (master distributors).
type listIndirectPartnersReq struct {
	AccountName       string `json:"account_name,omitempty"`
	AssociatedOnBegin string `json:"associated_on_begin,omitempty"`
	AssociatedOnEnd   string `json:"associated_on_end,omitempty"`
	Offset            *int32 `json:"offset,omitempty"`
	Limit             *int32 `json:"limit,omitempty"`
	IndirectPartnerID string `json:"indirect_partner_id,omitempty"`
}

type listIndirectPartnersResp struct {
	Count            int32             `json:"count"`
	IndirectPartners []indirectPartner `json:"indirect_partners"`
}

type indirectPartner struct {
	IndirectPartnerID  string `json:"indirect_partner_id"`
	MobilePhone        string `json:"mobile_phone,omitempty"`
	Email              string `json:"email,omitempty"`
	AccountName        string `json:"account_name"`
	Name               string `json:"name"`
	AssociatedOn       string `json:"associated_on"`
	AccountManagerID   string `json:"account_manager_id,omitempty"`
	AccountManagerName string `json:"account_manager_name,omitempty"`
}

func (s *server) listIndirectPartners(c echo.Context, body []byte) error {
	var req listIndirectPartnersReq
	if err := decode(body, &req); err != nil {
		return err
	}
	if err := checkLen("account_name", req.AccountName, 64); err != nil {
		return err
	}
	f := models.ResellerFilter{AccountName: req.AccountName, DomainID: req.IndirectPartnerID}
	var err error
	if f.Offset, f.Limit, err = paging(req.Offset, req.Limit); err != nil {
		return err
	}
	if f.From, err = parseTime("associated_on_begin", req.AssociatedOnBegin); err != nil {
		return err
	}
	if f.To, err = parseTime("associated_on_end", req.AssociatedOnEnd); err != nil {
		return err
	}
	if !f.To.IsZero() {
		f.To = f.To.Add(time.Second)
	}
	list, err := models.ListIndirectPartners(ctxOf(c), s.DB, actor(c), f)
	if err != nil {
		return err
	}
	resp := listIndirectPartnersResp{Count: int32(list.Total), IndirectPartners: make([]indirectPartner, 0, len(list.Rows))}
	for _, p := range list.Rows {
		resp.IndirectPartners = append(resp.IndirectPartners, indirectPartner{IndirectPartnerID: p.DomainID,
			MobilePhone: maskPhone(p.Mobile), Email: p.Email, AccountName: p.AccountName, Name: p.Name,
			AssociatedOn: formatTime(&p.JoinedAt)})
	}
	return ok(c, resp)
}
