package api

import (
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"partnerhub/models"
)

// Product information (reference 4.6) and the configuration lookups of addresses: read-only
// lists of the catalog. Names are in the language of the X-Language header (zh_CN, the default,
// or en_US).

// lang is the request's X-Language.
func lang(c echo.Context) string { return c.Request().Header.Get("X-Language") }

type listServiceTypesReq struct {
	ServiceTypeName string `query:"service_type_name"`
	Offset          *int32 `query:"offset"`
	Limit           *int32 `query:"limit"`
}

type serviceTypeDTO struct {
	Name         string `json:"service_type_name"`
	Code         string `json:"service_type_code"`
	Abbreviation string `json:"abbreviation"`
}

type listServiceTypesResp struct {
	TotalCount   int32            `json:"total_count"`
	ServiceTypes []serviceTypeDTO `json:"service_types"`
}

// catalogList checks a list call's offset and limit and loads the catalog it lists from; window
// is the part of n items the call asked for.
func (s *server) catalogList(c echo.Context, offset, limit *int32) (cat *models.Catalog, window func(n int) (int, int), err error) {
	o, l, err := paging(offset, limit)
	if err != nil {
		return nil, nil, err
	}
	cat, err = models.LoadCatalog(ctxOf(c), s.DB)
	return cat, func(n int) (int, int) { return min(o, n), min(o+l, n) }, err
}

func (s *server) listServiceTypes(c echo.Context, _ []byte) error {
	var req listServiceTypesReq
	if err := decodeQuery(c, &req); err != nil {
		return err
	}
	cat, window, err := s.catalogList(c, req.Offset, req.Limit)
	if err != nil {
		return err
	}
	l, name := lang(c), strings.ToLower(strings.TrimSpace(req.ServiceTypeName))
	var all []serviceTypeDTO
	for _, st := range cat.ServiceTypes() {
		if name == "" || strings.Contains(strings.ToLower(st.Name(l)), name) {
			all = append(all, serviceTypeDTO{st.Name(l), st.Code, st.Abbreviation})
		}
	}
	from, to := window(len(all))
	return ok(c, listServiceTypesResp{int32(len(all)), append([]serviceTypeDTO{}, all[from:to]...)})
}

type listResourceTypesReq struct {
	Offset *int32 `query:"offset"`
	Limit  *int32 `query:"limit"`
}

type resourceTypeDTO struct {
	Code        string `json:"resource_type_code"`
	Name        string `json:"resource_type_name"`
	Desc        string `json:"resource_type_desc"`
	ServiceType string `json:"service_type_code"`
}

type listResourceTypesResp struct {
	TotalCount    int32             `json:"total_count"`
	ResourceTypes []resourceTypeDTO `json:"resource_types"`
}

func (s *server) listResourceTypes(c echo.Context, _ []byte) error {
	var req listResourceTypesReq
	if err := decodeQuery(c, &req); err != nil {
		return err
	}
	cat, window, err := s.catalogList(c, req.Offset, req.Limit)
	if err != nil {
		return err
	}
	all := cat.ResourceTypes("")
	from, to := window(len(all))
	out := []resourceTypeDTO{}
	for _, rt := range all[from:to] {
		out = append(out, resourceTypeDTO{rt.Code, rt.Name(lang(c)), rt.Desc(lang(c)), cat.ServiceTypeOf(rt).Code})
	}
	return ok(c, listResourceTypesResp{int32(len(all)), out})
}

type listServiceResourcesReq struct {
	ServiceTypeCode string `query:"service_type_code,required"`
	Offset          *int32 `query:"offset"`
	Limit           *int32 `query:"limit"`
}

type resourceBasicInfo struct {
	ResourceTypeCode    string `json:"resource_type_code"`
	ProductOwnerService string `json:"product_owner_service"`
	Name                string `json:"name"`
	Description         string `json:"description"`
}

type serviceResourceInfo struct {
	BasicInfo resourceBasicInfo `json:"basic_info"`
}

type listServiceResourcesResp struct {
	TotalCount int32                 `json:"total_count"`
	Infos      []serviceResourceInfo `json:"infos"`
}

func (s *server) listServiceResources(c echo.Context, _ []byte) error {
	var req listServiceResourcesReq
	if err := decodeQuery(c, &req); err != nil {
		return err
	}
	cat, window, err := s.catalogList(c, req.Offset, req.Limit)
	if err != nil {
		return err
	}
	if cat.ServiceType(req.ServiceTypeCode) == nil {
		return &models.FieldError{Field: "service_type_code", Err: models.ErrUnknownServiceType}
	}
	all := cat.ResourceTypes(req.ServiceTypeCode)
	from, to := window(len(all))
	out := []serviceResourceInfo{}
	for _, rt := range all[from:to] {
		out = append(out, serviceResourceInfo{resourceBasicInfo{rt.Code, req.ServiceTypeCode, rt.Name(lang(c)), rt.Desc(lang(c))}})
	}
	return ok(c, listServiceResourcesResp{int32(len(all)), out})
}

type listUsageTypesReq struct {
	ResourceTypeCode string `query:"resource_type_code"`
	Offset           *int32 `query:"offset"`
	Limit            *int32 `query:"limit"`
}

type usageTypeDTO struct {
	Code             string `json:"code"`
	Name             string `json:"name"`
	ResourceTypeCode string `json:"resource_type_code"`
	ServiceTypeCode  string `json:"service_type_code"`
	ResourceTypeName string `json:"resource_type_name"`
	ServiceTypeName  string `json:"service_type_name"`
}

type listUsageTypesResp struct {
	TotalCount int32          `json:"total_count"`
	UsageTypes []usageTypeDTO `json:"usage_types"`
}

func (s *server) listUsageTypes(c echo.Context, _ []byte) error {
	var req listUsageTypesReq
	if err := decodeQuery(c, &req); err != nil {
		return err
	}
	cat, window, err := s.catalogList(c, req.Offset, req.Limit)
	if err != nil {
		return err
	}
	all := cat.UsageTypes(req.ResourceTypeCode)
	from, to := window(len(all))
	l, out := lang(c), []usageTypeDTO{}
	for _, u := range all[from:to] {
		rt := cat.ResourceTypeOfUsage(u)
		st := cat.ServiceTypeOf(rt)
		out = append(out, usageTypeDTO{u.Code, u.Name(l), rt.Code, st.Code, rt.Name(l), st.Name(l)})
	}
	return ok(c, listUsageTypesResp{int32(len(all)), out})
}

type measureUnitDTO struct {
	MeasureID    int32  `json:"measure_id"`
	MeasureName  string `json:"measure_name"`
	Abbreviation string `json:"abbreviation"`
	MeasureType  int32  `json:"measure_type"`
}

type listMeasureUnitsResp struct {
	MeasureUnits []measureUnitDTO `json:"measure_units"`
}

func (s *server) listMeasureUnits(c echo.Context, _ []byte) error {
	cat, err := models.LoadCatalog(ctxOf(c), s.DB)
	if err != nil {
		return err
	}
	out := []measureUnitDTO{}
	for _, u := range cat.MeasureUnits() {
		out = append(out, measureUnitDTO{int32(u.ID), u.Name(lang(c)), u.Abbreviation, u.MeasureType})
	}
	return ok(c, listMeasureUnitsResp{out})
}

type listConversionsReq struct {
	MeasureType *int32 `query:"measure_type"`
}

type conversionDTO struct {
	MeasureID       int32 `json:"measure_id"`
	RefMeasureID    int32 `json:"ref_measure_id"`
	ConversionRatio int64 `json:"conversion_ratio"`
	MeasureType     int32 `json:"measure_type"`
}

type listConversionsResp struct {
	Conversions []conversionDTO `json:"conversions"`
}

func (s *server) listConversions(c echo.Context, _ []byte) error {
	var req listConversionsReq
	if err := decodeQuery(c, &req); err != nil {
		return err
	}
	cat, err := models.LoadCatalog(ctxOf(c), s.DB)
	if err != nil {
		return err
	}
	var mt int32
	if req.MeasureType != nil {
		mt = *req.MeasureType
	}
	out := []conversionDTO{}
	for _, cv := range cat.Conversions(mt) {
		out = append(out, conversionDTO{int32(cv.MeasureID), int32(cv.RefMeasureID), cv.Ratio, cv.MeasureType})
	}
	return ok(c, listConversionsResp{out})
}

type specsFilter struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

type listResourceSpecsReq struct {
	CloudServiceType string        `json:"cloud_service_type"`
	ResourceType     string        `json:"resource_type"`
	RegionCode       string        `json:"region_code"`
	ChargeMode       string        `json:"charge_mode"`
	Filters          []specsFilter `json:"filters,omitempty"`
	Marker           string        `json:"marker,omitempty"`
	Limit            *int32        `json:"limit,omitempty"`
}

type pageInfo struct {
	NextMarker string `json:"next_marker,omitempty"`
}

type cloudServiceBasic struct {
	CloudServiceType     string `json:"cloud_service_type"`
	CloudServiceTypeName string `json:"cloud_service_type_name"`
	ResourceType         string `json:"resource_type"`
	ResourceTypeName     string `json:"resource_type_name"`
	ResourceSpec         string `json:"resource_spec"`
	ResourceSpecName     string `json:"resource_spec_name"`
	ChargeMode           string `json:"charge_mode"`
	RegionCode           string `json:"region_code"`
}

type listResourceSpecsResp struct {
	PageInfo           pageInfo            `json:"page_info"`
	CloudServiceBasics []cloudServiceBasic `json:"cloud_service_basics"`
}

func (s *server) listResourceSpecs(c echo.Context, body []byte) error {
	var req listResourceSpecsReq
	if err := decode(body, &req); err != nil {
		return err
	}
	q, err := specQuery(req)
	if err != nil {
		return err
	}
	pg, err := models.ListResourceSpecs(ctxOf(c), s.DB, q)
	if err != nil {
		return err
	}
	cat, err := models.LoadCatalog(ctxOf(c), s.DB)
	if err != nil {
		return err
	}
	l, st, rt := lang(c), cat.ServiceType(req.CloudServiceType), cat.ResourceType(req.ResourceType)
	resp := listResourceSpecsResp{PageInfo: pageInfo{pg.Next}, CloudServiceBasics: []cloudServiceBasic{}}
	for _, sp := range pg.Specs {
		resp.CloudServiceBasics = append(resp.CloudServiceBasics, cloudServiceBasic{st.Code, st.Name(l), rt.Code, rt.Name(l),
			sp.Code, sp.Name(l), req.ChargeMode, req.RegionCode})
	}
	return ok(c, resp)
}

// specQuery checks the request's shape: the charge mode ("1" yearly/monthly, "3" on demand), the
// one filter key there is, the limit.
func specQuery(req listResourceSpecsReq) (models.SpecQuery, error) {
	q := models.SpecQuery{ServiceType: req.CloudServiceType, ResourceType: req.ResourceType, Region: req.RegionCode, Marker: req.Marker}
	for name, v := range map[string]string{"cloud_service_type": req.CloudServiceType, "resource_type": req.ResourceType,
		"region_code": req.RegionCode, "charge_mode": req.ChargeMode} {
		if v == "" {
			return q, errBadRequest(name + " is required")
		}
	}
	mode, err := strconv.Atoi(req.ChargeMode)
	if err != nil || mode != int(models.ChargePeriod) && mode != int(models.ChargeOnDemand) {
		return q, errBadRequest(`charge_mode must be "1" (yearly/monthly) or "3" (on demand)`)
	}
	q.Mode = models.ChargeMode(mode)
	for _, f := range req.Filters {
		if f.Key != "RESOURCE_SPEC" {
			return q, errBadRequest("filters: the only key is RESOURCE_SPEC")
		}
		q.Spec = f.Value
	}
	if req.Limit != nil {
		if *req.Limit < 1 || *req.Limit > 100 {
			return q, errBadRequest("limit must be 1 to 100")
		}
		q.Limit = int(*req.Limit)
	}
	return q, nil
}
