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

// feeRefs are what a page of fee records bills: order lines by line id, usage by usage id.
type feeRefs struct {
	lines  map[uint64]models.FeeLine
	usages map[uint64]models.FeeUsage
}

// feeList lists a page of fee records with the order lines and the usage they bill.
func (s *server) feeList(c echo.Context, list feeLister, f models.FeeDetailFilter, p models.Paging) (*models.FeeRecordList, feeRefs, error) {
	var refs feeRefs
	page, err := list(ctxOf(c), s.DB, actor(c), f, p)
	if err != nil {
		return nil, refs, err
	}
	if refs.lines, err = models.FeeRecordLines(ctxOf(c), s.DB, page.Rows); err != nil {
		return nil, refs, err
	}
	refs.usages, err = models.FeeRecordUsages(ctxOf(c), s.DB, page.Rows)
	return page, refs, err
}

// feeDetail is a fee record with what its API line shows: its order line and names.
type feeDetail struct {
	r      *models.FeeRecord
	line   models.FeeLine
	usage  *models.FeeUsage // a rated hour's (bill type 5)
	names  resourceNames
	region string
}

func feeDetailOf(cat *models.Catalog, l string, r *models.FeeRecord, refs feeRefs) feeDetail {
	d := feeDetail{r: r, region: r.Region}
	if r.LineID != nil {
		d.line = refs.lines[*r.LineID]
	}
	if r.UsageID != nil {
		if u, ok := refs.usages[*r.UsageID]; ok {
			d.usage = &u
		}
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

// usageType, usageAmount and usageMeasure are a rated hour's usage: its usage type's code, its
// amount (a JSON number of up to 8 decimals, as recorded) and its unit's measure_id; none for
// other records.
func (d *feeDetail) usageType() string {
	if d.usage == nil {
		return ""
	}
	return d.usage.Factor
}

func (d *feeDetail) usageAmount() *ratio {
	if d.usage == nil {
		return nil
	}
	return &ratio{d.usage.Value.String()}
}

func (d *feeDetail) usageMeasure() int32 {
	if d.usage == nil {
		return 0
	}
	return int32(d.usage.MeasureID)
}
