package api

import (
	"context"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"gorm.io/gorm"

	"partnerhub/models"
)

// What both fee record lists (ListSubCustomerBillDetail, ListCustomerselfResourceRecords) show of a
// record: its order line (the trade is the order's number, the product its spec), its names in the
// caller's language, and its period.

// feeLister lists a page of fee records (models.ListFeeDetails) or of their sums (models.ListFeeSums).
type feeLister func(ctx context.Context, db *gorm.DB, a models.Actor, f models.FeeDetailFilter, p models.Paging) (*models.FeeRecordList, error)

// feeList lists a page of fee records with the order lines they bill.
func (s *server) feeList(c echo.Context, list feeLister, f models.FeeDetailFilter, p models.Paging) (*models.FeeRecordList, map[uint64]models.FeeLine, error) {
	page, err := list(ctxOf(c), s.DB, actor(c), f, p)
	if err != nil {
		return nil, nil, err
	}
	lines, err := models.FeeRecordLines(ctxOf(c), s.DB, page.Rows)
	return page, lines, err
}

// feeDetail is a fee record with what its API line shows: its order line and names.
type feeDetail struct {
	r      *models.FeeRecord
	line   models.FeeLine
	names  resourceNames
	region string
}

func feeDetailOf(cat *models.Catalog, l string, r *models.FeeRecord, lines map[uint64]models.FeeLine) feeDetail {
	d := feeDetail{r: r, region: r.Region}
	if r.LineID != nil {
		d.line = lines[*r.LineID]
	}
	d.names = resourceNamesOf(cat, l, &models.Resource{ServiceType: r.ServiceType, ResourceType: r.ResourceType, Spec: d.line.Spec, Size: d.line.Size})
	if rg := cat.Region(r.Region); rg != nil {
		d.region = rg.Name(l)
	}
	return d
}

// id is the record's id; a sum of records (by cycle) has none, nor a trade or a day.
func (d *feeDetail) id() string {
	if d.r.ID == 0 {
		return ""
	}
	return strconv.FormatUint(d.r.ID, 10)
}

// tradeID is the order's number of a record of an order.
func (d *feeDetail) tradeID() string {
	if d.r.ID == 0 {
		return ""
	}
	return d.line.OrderNumber
}

// billDate is the record's day in the business zone (YYYY-MM-DD).
func (d *feeDetail) billDate() string {
	if d.r.TradeTime.IsZero() {
		return ""
	}
	return d.r.TradeTime.In(models.BusinessZone).Format(time.DateOnly)
}

// resourceName is the spec's name of a record for one resource, as the resource lists name it.
func (d *feeDetail) resourceName() string {
	if d.r.ResourceID == "" {
		return ""
	}
	return d.names.spec
}

func (d *feeDetail) periodNum() *ratio {
	if d.line.PeriodNum == 0 || d.r.PeriodType == 0 {
		return nil
	}
	return &ratio{strconv.Itoa(d.line.PeriodNum)}
}

func (d *feeDetail) periodType() string {
	if d.r.PeriodType == 0 {
		return ""
	}
	return strconv.Itoa(d.r.PeriodType)
}

func (d *feeDetail) specSize() *ratio {
	if d.line.Size == 0 {
		return nil
	}
	return &ratio{strconv.FormatInt(d.line.Size, 10)}
}

func (d *feeDetail) measure() int32 {
	if d.line.Size == 0 {
		return 0
	}
	return d.names.measure
}
