package api

import (
	"encoding/json"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/shopspring/decimal"

	"partnerhub/models"
)

// Customers' resources (reference 4.8): the yearly/monthly ones (ListPayPerUseCustomerResources)
// and the on-demand ones (ListCustomerOnDemandResources), through models.ListResources, the
// console's list.

var resourceOperations = []Operation{
	{Name: "ListPayPerUseCustomerResources", Method: "POST", Path: "/v2/orders/suscriptions/resources/query",
		Summary:   "List a customer's yearly/monthly resources (a partner names its customer_id; a customer's key lists its own), main and attached unless only_main_resource is 1.",
		SummaryZH: "查询客户的包年/包月资源列表（伙伴需填 customer_id；客户用自己的 AK/SK 查询自己的），only_main_resource 为 1 时只查主资源。",
		Roles:     readRoles, Callers: AnyKeys, Query: true, Request: listPayPerUseResourcesReq{}, Response: listPayPerUseResourcesResp{},
		run: (*server).listPayPerUseResources},
	{Name: "ListCustomerOnDemandResources", Method: "POST", Path: "/v2/partners/sub-customers/on-demand-resources/query",
		Summary:   "List a customer's on-demand resources (customer_id; a reseller's customer with indirect_partner_id).",
		SummaryZH: "查询客户的按需资源列表（customer_id；总经销商用 indirect_partner_id 查询云经销商的客户）。",
		Roles:     readRoles, Query: true, Request: listOnDemandResourcesReq{}, Response: listOnDemandResourcesResp{},
		run: (*server).listOnDemandResources},
}

// maxResourceIDs is how many resource_ids one query may name.
const maxResourceIDs = 50

// ListPayPerUseCustomerResources — QueryResourcesReq.
type listPayPerUseResourcesReq struct {
	ResourceIDs      []string `json:"resource_ids,omitempty"`
	OrderID          string   `json:"order_id,omitempty"`
	OnlyMainResource *int32   `json:"only_main_resource,omitempty"`
	StatusList       []int32  `json:"status_list,omitempty"`
	Offset           *int32   `json:"offset,omitempty"`
	Limit            *int32   `json:"limit,omitempty"`
	ExpireTimeBegin  string   `json:"expire_time_begin,omitempty"`
	ExpireTimeEnd    string   `json:"expire_time_end,omitempty"`
	ServiceTypeCode  string   `json:"service_type_code,omitempty"`
	CustomerID       string   `json:"customer_id,omitempty"`
}

type listPayPerUseResourcesResp struct {
	TotalCount int32              `json:"total_count"`
	Data       []orderInstanceDTO `json:"data"`
}

// orderInstanceDTO is the SDK's OrderInstanceV2.
type orderInstanceDTO struct {
	ID                string          `json:"id"`
	ResourceID        string          `json:"resource_id"`
	ResourceName      string          `json:"resource_name"`
	RegionCode        string          `json:"region_code"`
	ServiceTypeCode   string          `json:"service_type_code"`
	ResourceTypeCode  string          `json:"resource_type_code"`
	ResourceTypeName  string          `json:"resource_type_name"`
	ServiceTypeName   string          `json:"service_type_name"`
	ResourceSpecCode  string          `json:"resource_spec_code"`
	ProjectID         string          `json:"project_id"`
	ProductID         string          `json:"product_id"`
	ParentResourceID  string          `json:"parent_resource_id,omitempty"`
	IsMainResource    int32           `json:"is_main_resource"`
	Status            int32           `json:"status"`
	EffectiveTime     string          `json:"effective_time"`
	ExpireTime        string          `json:"expire_time"`
	ExpirePolicy      int32           `json:"expire_policy"`
	ProductSpecDesc   string          `json:"product_spec_desc"`
	SpecSize          decimal.Decimal `json:"spec_size"`
	SpecSizeMeasureID int32           `json:"spec_size_measure_id"`
	UpdateTime        string          `json:"update_time"`
}

func (s *server) listPayPerUseResources(c echo.Context, body []byte) error {
	var req listPayPerUseResourcesReq
	if err := decode(body, &req); err != nil {
		return err
	}
	f, err := payPerUseFilter(&req)
	if err != nil {
		return err
	}
	if f.CustomerID, err = s.resourceCustomer(c, req.CustomerID, ""); err != nil {
		return err
	}
	list, cat, err := s.resources(c, f)
	if err != nil {
		return err
	}
	resp := listPayPerUseResourcesResp{TotalCount: int32(list.Total), Data: []orderInstanceDTO{}}
	parents, err := s.parentIDs(c, list.Rows)
	if err != nil {
		return err
	}
	for _, r := range list.Rows {
		resp.Data = append(resp.Data, toOrderInstance(cat, lang(c), &r.Resource, parents))
	}
	return ok(c, resp)
}

// payPerUseFilter checks the request and turns it into the console's resource filter (but the
// customer, which the caller resolves).
func payPerUseFilter(req *listPayPerUseResourcesReq) (models.ResourceFilter, error) {
	f := models.ResourceFilter{ChargeMode: models.ChargePeriod, WithAttached: true}
	var err error
	if f.PublicIDs, err = resourceIDs(req.ResourceIDs); err != nil {
		return f, err
	}
	if req.OrderID != "" {
		if f.OrderID = models.ParseOrderID(req.OrderID); f.OrderID == 0 {
			return f, errBadRequest("order_id is not an order id")
		}
	}
	if req.OnlyMainResource != nil {
		if *req.OnlyMainResource != 0 && *req.OnlyMainResource != 1 {
			return f, errBadRequest("only_main_resource must be 0 or 1")
		}
		f.WithAttached = *req.OnlyMainResource == 0
	}
	if f.Statuses, err = resourceStatuses(req.StatusList); err != nil {
		return f, err
	}
	if f.Expire, err = timeRange("expire_time_begin", req.ExpireTimeBegin, "expire_time_end", req.ExpireTimeEnd); err != nil {
		return f, err
	}
	if err = checkLen("service_type_code", req.ServiceTypeCode, 64); err != nil {
		return f, err
	}
	f.ServiceType = req.ServiceTypeCode
	f.Offset, f.Limit, err = paging(req.Offset, req.Limit)
	return f, err
}

// resourceCustomer resolves a query's customer_id: required of a partner (its customer, or with
// indirect_partner_id its reseller's); another partner's is not found. A customer's own key lists
// its own resources: a customer_id, if sent, must be its own.
func (s *server) resourceCustomer(c echo.Context, customerID, indirectPartnerID string) (uint64, error) {
	if own := caller(c).Customer; own != nil {
		if customerID != "" && customerID != own.DomainID {
			return 0, models.ErrNotFound
		}
		return own.ID, nil
	}
	if customerID == "" {
		return 0, errBadRequest("customer_id is required")
	}
	cust, err := s.fundCustomer(c, customerID, indirectPartnerID)
	if err != nil {
		return 0, err
	}
	return cust.ID, nil
}

// resourceIDs checks a list of resource ids: at most 50, each an id's length.
func resourceIDs(ids []string) ([]string, error) {
	if len(ids) > maxResourceIDs {
		return nil, errBadRequest("resource_ids holds at most 50 ids")
	}
	for _, id := range ids {
		if id == "" || len(id) > 64 {
			return nil, errBadRequest("resource_ids holds an empty or too long id")
		}
	}
	return ids, nil
}

// resourceStatuses checks status_list: 2 in use, 3 closed, 4 frozen, 5 expired.
func resourceStatuses(list []int32) ([]int8, error) {
	out := make([]int8, 0, len(list))
	for _, st := range list {
		if st < 2 || st > 5 {
			return nil, errBadRequest("status_list holds 2 (in use), 3 (closed), 4 (frozen) or 5 (expired)")
		}
		out = append(out, int8(st))
	}
	return out, nil
}

// resources lists one page of resources with the catalog that names them.
func (s *server) resources(c echo.Context, f models.ResourceFilter) (*models.ResourceList, *models.Catalog, error) {
	list, err := models.ListResources(ctxOf(c), s.DB, actor(c), f)
	if err != nil {
		return nil, nil, err
	}
	cat, err := models.LoadCatalog(ctxOf(c), s.DB)
	return list, cat, err
}

// parentIDs are the public ids of the page's attached resources' main resources.
func (s *server) parentIDs(c echo.Context, rows []models.ResourceRow) (map[uint64]string, error) {
	var ids []uint64
	for _, r := range rows {
		if r.ParentID != nil {
			ids = append(ids, *r.ParentID)
		}
	}
	return models.ResourcePublicIDs(ctxOf(c), s.DB, ids)
}

func toOrderInstance(cat *models.Catalog, l string, r *models.Resource, parents map[uint64]string) orderInstanceDTO {
	n := resourceNamesOf(cat, l, r)
	d := orderInstanceDTO{ID: r.PublicID, ResourceID: r.PublicID, ResourceName: n.spec, RegionCode: r.Region,
		ServiceTypeCode: r.ServiceType, ResourceTypeCode: r.ResourceType, ResourceTypeName: n.rtype, ServiceTypeName: n.service,
		ResourceSpecCode: r.Spec, ProductID: r.Spec, IsMainResource: 1, Status: int32(r.Status),
		EffectiveTime: formatTime(&r.EffectiveAt), ExpireTime: formatTime(r.ExpireAt), ExpirePolicy: int32(r.ExpirePolicy),
		ProductSpecDesc: n.desc, SpecSize: decimal.NewFromInt(r.Size), SpecSizeMeasureID: n.measure, UpdateTime: formatTime(&r.CreatedAt)}
	if r.ParentID != nil {
		d.ParentResourceID, d.IsMainResource = parents[*r.ParentID], 0
	}
	return d
}

// resourceNames are a resource's names in the caller's language.
type resourceNames struct {
	service, rtype, spec, desc string
	measure                    int32
}

func resourceNamesOf(cat *models.Catalog, l string, r *models.Resource) resourceNames {
	n := resourceNames{service: r.ServiceType, rtype: r.ResourceType, spec: r.Spec, desc: r.Spec}
	if st := cat.ServiceType(r.ServiceType); st != nil {
		n.service = st.Name(l)
	}
	if rt := cat.ResourceType(r.ResourceType); rt != nil {
		n.rtype = rt.Name(l)
	}
	if sp := cat.Spec(r.ResourceType, r.Spec); sp != nil {
		n.spec, n.desc = sp.Name(l), sp.Name(l)
		if r.Size > 0 {
			n.measure = int32(sp.SizeMeasureID)
			if u := cat.MeasureUnit(sp.SizeMeasureID); u != nil {
				n.desc += " | " + decimal.NewFromInt(r.Size).String() + u.Name(l)
			}
		}
	}
	return n
}

// ListCustomerOnDemandResources — QueryCustomerOnDemandResourcesReq.
type listOnDemandResourcesReq struct {
	CustomerID         string   `json:"customer_id"`
	RegionCode         string   `json:"region_code,omitempty"`
	ServiceTypeCode    string   `json:"service_type_code,omitempty"`
	ResourceIDs        []string `json:"resource_ids,omitempty"`
	EffectiveTimeBegin string   `json:"effective_time_begin,omitempty"`
	EffectiveTimeEnd   string   `json:"effective_time_end,omitempty"`
	Offset             *int32   `json:"offset,omitempty"`
	Limit              *int32   `json:"limit,omitempty"`
	Status             *int32   `json:"status,omitempty"`
	IndirectPartnerID  string   `json:"indirect_partner_id,omitempty"`
}

type listOnDemandResourcesResp struct {
	TotalCount int32                 `json:"total_count"`
	Resources  []onDemandResourceDTO `json:"resources"`
}

// onDemandResourceDTO is the SDK's CustomerOnDemandResource.
type onDemandResourceDTO struct {
	CustomerID           string `json:"customer_id"`
	RegionCode           string `json:"region_code"`
	AvailabilityZoneCode string `json:"availability_zone_code"`
	ServiceTypeCode      string `json:"service_type_code"`
	ResourceTypeCode     string `json:"resource_type_code"`
	ServiceTypeName      string `json:"service_type_name"`
	ResourceTypeName     string `json:"resource_type_name"`
	ResourceID           string `json:"resource_id"`
	ResourceName         string `json:"resource_name"`
	EffectiveTime        string `json:"effective_time"`
	ExpireTime           string `json:"expire_time,omitempty"`
	Status               int32  `json:"status"`
	ResourceSpecCode     string `json:"resource_spec_code"`
	ResourceInfo         string `json:"resource_info"`
	ProductSpecDesc      string `json:"product_spec_desc"`
}

// onDemandStatus maps the on-demand list's status (1 normal, 2 grace, 3 frozen, 6 closed) to a
// resource's; 4 (changing) and 5 (closing) never last in PartnerHub, so they find nothing.
var onDemandStatus = map[int32]int8{1: models.ResourceInUse, 2: models.ResourceExpired, 3: models.ResourceFrozen, 6: models.ResourceClosed}

func (s *server) listOnDemandResources(c echo.Context, body []byte) error {
	var req listOnDemandResourcesReq
	if err := decode(body, &req); err != nil {
		return err
	}
	f, err := onDemandFilter(&req)
	if err != nil {
		return err
	}
	if f.CustomerID, err = s.resourceCustomer(c, req.CustomerID, req.IndirectPartnerID); err != nil {
		return err
	}
	resp := listOnDemandResourcesResp{Resources: []onDemandResourceDTO{}}
	if f.Status < 0 { // a status that never lasts: nothing
		return ok(c, resp)
	}
	list, cat, err := s.resources(c, f)
	if err != nil {
		return err
	}
	resp.TotalCount = int32(list.Total)
	for _, r := range list.Rows {
		resp.Resources = append(resp.Resources, toOnDemandResource(cat, lang(c), req.CustomerID, &r.Resource))
	}
	return ok(c, resp)
}

// onDemandFilter checks the request and turns it into the console's resource filter (but the
// customer, which the caller resolves).
func onDemandFilter(req *listOnDemandResourcesReq) (models.ResourceFilter, error) {
	f := models.ResourceFilter{ChargeMode: models.ChargeOnDemand, WithAttached: true}
	var err error
	for _, l := range []struct{ field, v string }{{"region_code", req.RegionCode}, {"service_type_code", req.ServiceTypeCode}} {
		if err = checkLen(l.field, l.v, 64); err != nil {
			return f, err
		}
	}
	f.Region, f.ServiceType = req.RegionCode, req.ServiceTypeCode
	if f.PublicIDs, err = resourceIDs(req.ResourceIDs); err != nil {
		return f, err
	}
	if f.Effective, err = timeRange("effective_time_begin", req.EffectiveTimeBegin, "effective_time_end", req.EffectiveTimeEnd); err != nil {
		return f, err
	}
	if req.Status != nil {
		st, known := onDemandStatus[*req.Status]
		switch {
		case known:
			f.Status = st
		case *req.Status == 4 || *req.Status == 5:
			f.Status = -1
		default:
			return f, errBadRequest("status must be 1 to 6")
		}
	}
	f.Offset, f.Limit, err = paging(req.Offset, req.Limit)
	return f, err
}

func toOnDemandResource(cat *models.Catalog, l, customerID string, r *models.Resource) onDemandResourceDTO {
	n := resourceNamesOf(cat, l, r)
	info, _ := json.Marshal(map[string]float64{"specSize": float64(r.Size)})
	status := int32(1)
	for k, v := range onDemandStatus {
		if v == r.Status {
			status = k
		}
	}
	return onDemandResourceDTO{CustomerID: customerID, RegionCode: r.Region, AvailabilityZoneCode: r.Zone,
		ServiceTypeCode: r.ServiceType, ResourceTypeCode: r.ResourceType, ServiceTypeName: n.service, ResourceTypeName: n.rtype,
		ResourceID: r.PublicID, ResourceName: n.spec, EffectiveTime: formatTime(&r.EffectiveAt), ExpireTime: formatTime(r.ExpireAt),
		Status: status, ResourceSpecCode: r.Spec, ResourceInfo: string(info), ProductSpecDesc: strings.TrimSpace(n.desc)}
}
