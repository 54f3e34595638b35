package models

import (
	"context"
	"testing"
	"time"
)

// TestUnsubscribeOrderLines: an unsubscribe order's lines carry what the cut periods were bought
// at (unit price, price version, period) and each period's refund as the line's amount, adding
// up to the order; ShowCustomerOrderDetails (GetOrderDetail) shows them.
func TestUnsubscribeOrderLines(t *testing.T) {
	t.Parallel()
	db, ctx := demoDB(t), context.Background()
	demo := demoCustomerID(t, db)
	cust := customerActor(demo)
	r := paidResources(t, db, demo, 0, gpssd(30, 5))[0]
	var bought OrderLine
	if err := db.First(&bought, r.LineID).Error; err != nil || !bought.UnitPrice.IsPositive() {
		t.Fatalf("the line the disk was bought by %+v %v", bought, err)
	}
	// a renewal of 2 months, paid at once, then the whole resource unsubscribed 40 days and 3 hours in
	if _, err := RenewResources(ctx, db, cust, RenewInput{ResourceIDs: []string{r.PublicID}, PeriodType: PeriodMonth, PeriodNum: 2,
		AutoPay: true}, testNow); err != nil {
		t.Fatal(err)
	}
	if _, err := ProcessPaidOrders(ctx, db, testNow, 10); err != nil {
		t.Fatal(err)
	}
	at := testNow.Add(40*24*time.Hour + 3*time.Hour)
	res, err := Unsubscribe(ctx, db, cust, UnsubscribeInput{ResourceIDs: []string{r.PublicID}, Type: UnsubscribeResource}, at)
	if err != nil || len(res.Orders) != 1 {
		t.Fatalf("unsubscribe %+v %v", res, err)
	}
	o := res.Orders[0]
	var terms []ResourceTerm
	if err := db.Where("resource_id = ?", r.ID).Order("start_at, id").Find(&terms).Error; err != nil || len(terms) != 2 {
		t.Fatalf("terms %+v %v", terms, err)
	}
	var lines []OrderLine
	if err := db.Where("order_id = ?", o.ID).Order("line_no").Find(&lines).Error; err != nil || len(lines) != 2 {
		t.Fatalf("lines %+v %v", lines, err)
	}
	var sum int64
	for i, l := range lines {
		var from OrderLine
		if err := db.First(&from, terms[i].LineID).Error; err != nil {
			t.Fatal(err)
		}
		if !l.UnitPrice.IsPositive() || !l.UnitPrice.Equal(from.UnitPrice.Decimal) || l.PriceVersion != from.PriceVersion ||
			l.PeriodType != from.PeriodType || l.PeriodNum != from.PeriodNum || l.Mode != from.Mode || l.Quantity != 1 ||
			l.Size != 30 || l.ResourceID == nil || *l.ResourceID != r.ID || l.Official != terms[i].Refunded || l.LineNo != i+1 {
			t.Errorf("line %d %+v, from the term's line %+v and refund %d", i+1, l, from, terms[i].Refunded)
		}
		sum += l.Official
	}
	if !lines[0].UnitPrice.Equal(bought.UnitPrice.Decimal) || lines[0].PeriodNum != 5 || lines[1].PeriodNum != 2 {
		t.Errorf("the lines are not the bought period then the renewal: %+v", lines)
	}
	if sum != o.Official || o.Official != o.Cash || lines[1].Official != terms[1].Cash || lines[0].Official >= terms[0].Cash {
		t.Errorf("lines sum %d, order %+v, terms %+v", sum, o, terms)
	}
	d, err := GetOrderDetail(ctx, db, cust, o.ID, 0)
	if err != nil || len(d.Lines) != 2 || d.Lines[0].ProductID == "" || d.Lines[0].AfterDiscount() != lines[0].Official {
		t.Fatalf("order detail %+v %v", d, err)
	}
	mustCheck(t, db)
}
