package api

import (
	"github.com/labstack/echo/v4"

	"partnerhub/models"
)

// The configuration lookups of addresses (CreateSubCustomer's province, city and county): the
// mainland's administrative divisions, by GB/T 2260 code, in the X-Language's names.

type listProvincesReq struct {
	Offset *int32 `query:"offset"`
	Limit  *int32 `query:"limit"`
}

type listCitiesReq struct {
	ProvinceCode string `query:"province_code,required"`
	Offset       *int32 `query:"offset"`
	Limit        *int32 `query:"limit"`
}

type listCountiesReq struct {
	CityCode string `query:"city_code,required"`
	Offset   *int32 `query:"offset"`
	Limit    *int32 `query:"limit"`
}

type areaDTO struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

type listProvincesResp struct {
	Count     int32     `json:"count"`
	Provinces []areaDTO `json:"provinces"`
}

type listCitiesResp struct {
	Count  int32     `json:"count"`
	Cities []areaDTO `json:"cities"`
}

type listCountiesResp struct {
	Count    int32     `json:"count"`
	Counties []areaDTO `json:"counties"`
}

// areas answers one level's page.
func (s *server) areas(c echo.Context, level models.AreaLevel, parent string, offset, limit *int32) ([]areaDTO, int32, error) {
	o, l, err := paging(offset, limit)
	if err != nil {
		return nil, 0, err
	}
	rows, n, err := models.Areas(ctxOf(c), s.DB, level, parent, o, l)
	if err != nil {
		return nil, 0, err
	}
	out := make([]areaDTO, 0, len(rows))
	for _, a := range rows {
		out = append(out, areaDTO{a.Code, a.Name(lang(c))})
	}
	return out, int32(n), nil
}

func (s *server) listProvinces(c echo.Context, _ []byte) error {
	var req listProvincesReq
	if err := decodeQuery(c, &req); err != nil {
		return err
	}
	out, n, err := s.areas(c, models.Province, "", req.Offset, req.Limit)
	if err != nil {
		return err
	}
	return ok(c, listProvincesResp{n, out})
}

func (s *server) listCities(c echo.Context, _ []byte) error {
	var req listCitiesReq
	if err := decodeQuery(c, &req); err != nil {
		return err
	}
	out, n, err := s.areas(c, models.City, req.ProvinceCode, req.Offset, req.Limit)
	if err != nil {
		return err
	}
	return ok(c, listCitiesResp{n, out})
}

func (s *server) listCounties(c echo.Context, _ []byte) error {
	var req listCountiesReq
	if err := decodeQuery(c, &req); err != nil {
		return err
	}
	out, n, err := s.areas(c, models.County, req.CityCode, req.Offset, req.Limit)
	if err != nil {
		return err
	}
	return ok(c, listCountiesResp{n, out})
}
