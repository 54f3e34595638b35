package models

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestSetDiscount(t *testing.T) {
	t.Parallel()
	db := demoDB(t)
	ctx := context.Background()
	own := firstCustomers(t, db, "provider")[2]
	ofReseller := firstCustomers(t, db, "reseller")[1]
	ofOther := firstCustomers(t, db, "reseller-sh")[0]
	today := time.Now().In(BusinessZone)
	from, to := today.Format(time.DateOnly), today.AddDate(0, 6, 0).Format(time.DateOnly)
	in := func(c uint64, typ DiscountType, off string) SetDiscountInput {
		return SetDiscountInput{CustomerID: c, Type: typ, Off: off, ValidFrom: from, ValidTo: to}
	}
	cases := []struct {
		name  string
		user  string
		in    SetDiscountInput
		field string
		err   error
	}{
		{"607 by the partner's sales", "provider-sales", in(own.ID, Discount607, "20"), "", nil},
		{"607 above the ceiling", "provider", in(own.ID, Discount607, "20.01"), "discount_rate", ErrAboveCeiling},
		{"607 by finance", "provider-finance", in(own.ID, Discount607, "5"), "", ErrForbidden},
		{"607 for a reseller's customer", "distributor", in(ofReseller.ID, Discount607, "5"), "discount_type", ErrDiscountType},
		{"606 by the master distributor", "distributor-sales", in(ofReseller.ID, Discount606, "30"), "", nil},
		{"606 for its own customer", "provider", in(own.ID, Discount606, "5"), "discount_type", ErrDiscountType},
		{"606 of another distributor's reseller", "provider", in(ofOther.ID, Discount606, "5"), "", ErrNotFound},
		{"607 of another partner's customer", "reseller", in(own.ID, Discount607, "5"), "", ErrNotFound},
		{"605 by the operator", "operator", in(ofOther.ID, Discount605, "40"), "", nil},
		{"605 by a partner", "provider", in(own.ID, Discount605, "5"), "discount_type", ErrDiscountType},
		{"606 by the operator", "operator", in(own.ID, Discount606, "5"), "discount_type", ErrDiscountType},
		{"rate 0", "operator", in(own.ID, Discount605, "0"), "discount_rate", ErrInvalidRate},
		{"rate over 100", "operator", in(own.ID, Discount605, "100.5"), "discount_rate", ErrInvalidRate},
		{"rate with 3 places", "operator", in(own.ID, Discount605, "1.125"), "discount_rate", ErrInvalidRate},
		{"ends before it starts", "operator", SetDiscountInput{CustomerID: own.ID, Type: Discount605, Off: "5", ValidFrom: to, ValidTo: from}, "valid_to", ErrDiscountValidity},
		{"already over", "operator", SetDiscountInput{CustomerID: own.ID, Type: Discount605, Off: "5", ValidFrom: "2020-01-01", ValidTo: "2020-02-01"}, "valid_to", ErrDiscountValidity},
		{"not a date", "operator", SetDiscountInput{CustomerID: own.ID, Type: Discount605, Off: "5", ValidFrom: "soon", ValidTo: to}, "valid_from", ErrDiscountValidity},
		{"unknown service", "operator", SetDiscountInput{CustomerID: own.ID, Type: Discount605, ServiceType: "hws.service.type.x", Off: "5", ValidFrom: from, ValidTo: to}, "service_type", ErrUnknownServiceType},
		{"marketplace service", "operator", SetDiscountInput{CustomerID: own.ID, Type: Discount605, ServiceType: "hws.service.type.marketplace", Off: "5", ValidFrom: from, ValidTo: to}, "service_type", ErrUnknownServiceType},
		{"unknown customer", "operator", in(999999, Discount605, "5"), "", ErrNotFound},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := SetDiscount(ctx, db, actor(t, db, c.user), c.in)
			if c.err == nil {
				if err != nil || d.ID == 0 || d.Off.String() != c.in.Off {
					t.Fatalf("%+v %v", d, err)
				}
				return
			}
			var fe *FieldError
			if !errors.Is(err, c.err) || c.field != "" && (!errors.As(err, &fe) || fe.Field != c.field) {
				t.Fatalf("%v, want %v on %q", err, c.err, c.field)
			}
		})
	}
	// setting again replaces, and both are audited
	a := actor(t, db, "provider")
	if _, err := SetDiscount(ctx, db, a, in(own.ID, Discount607, "12")); err != nil {
		t.Fatal(err)
	}
	ds, err := CustomerDiscounts(ctx, db, a, own.ID)
	if err != nil || len(ds) != 1 || ds[0].Off.String() != "12" {
		t.Errorf("discounts after setting the 607 again: %+v %v", ds, err)
	}
	var n int64
	db.Model(&AuditRecord{}).Where("action = 'discount.set' AND object_id = ?", own.ID).Count(&n)
	if n != 2 {
		t.Errorf("%d audit records, want 2", n)
	}
	if _, err := CustomerDiscounts(ctx, db, actor(t, db, "reseller"), own.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("another partner reads the discounts: %v", err)
	}
}

func TestRemoveDiscountAndCeiling(t *testing.T) {
	t.Parallel()
	db := demoDB(t)
	ctx := context.Background()
	own := firstCustomers(t, db, "provider")[0]
	ds, err := CustomerDiscounts(ctx, db, actor(t, db, "provider"), own.ID)
	if err != nil || len(ds) != 2 {
		t.Fatalf("seeded discounts %+v %v", ds, err)
	}
	var d605, d607 Discount
	for _, d := range ds {
		if d.Type == Discount605 {
			d605 = d
		} else {
			d607 = d
		}
	}
	if err := RemoveDiscount(ctx, db, actor(t, db, "provider"), d605.ID); !errors.Is(err, ErrDiscountType) {
		t.Errorf("a partner removes a 605: %v", err)
	}
	if err := RemoveDiscount(ctx, db, actor(t, db, "reseller"), d607.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("another partner removes a 607: %v", err)
	}
	if err := RemoveDiscount(ctx, db, actor(t, db, "provider"), d607.ID); err != nil {
		t.Fatal(err)
	}
	op := actor(t, db, "operator")
	provider := mustUser(t, db, "provider").PartnerID
	if _, err := SetDiscountCeiling(ctx, db, actor(t, db, "provider"), *provider, "50"); !errors.Is(err, ErrForbidden) {
		t.Errorf("a partner sets its ceiling: %v", err)
	}
	if _, err := SetDiscountCeiling(ctx, db, op, *provider, "101"); !errors.Is(err, ErrInvalidRate) {
		t.Errorf("ceiling 101: %v", err)
	}
	if _, err := SetDiscountCeiling(ctx, db, op, 999999, "10"); !errors.Is(err, ErrNotFound) {
		t.Errorf("ceiling of no partner: %v", err)
	}
	c, err := SetDiscountCeiling(ctx, db, op, *provider, "5")
	if err != nil || c.MaxOff.String() != "5" {
		t.Fatalf("ceiling: %+v %v", c, err)
	}
	today := time.Now().In(BusinessZone).Format(time.DateOnly)
	_, err = SetDiscount(ctx, db, actor(t, db, "provider"), SetDiscountInput{CustomerID: own.ID, Type: Discount607, Off: "6", ValidFrom: today, ValidTo: today})
	if !errors.Is(err, ErrAboveCeiling) {
		t.Errorf("above the lowered ceiling: %v", err)
	}
	db.Delete(&DiscountCeiling{}, *provider)
	_, err = SetDiscount(ctx, db, actor(t, db, "provider"), SetDiscountInput{CustomerID: own.ID, Type: Discount607, Off: "1", ValidFrom: today, ValidTo: today})
	if !errors.Is(err, ErrAboveCeiling) {
		t.Errorf("a partner without a ceiling: %v", err)
	}
	if got, err := DiscountCeilingOf(ctx, db, actor(t, db, "reseller"), *provider); got != nil || !errors.Is(err, ErrNotFound) {
		t.Errorf("another partner reads the ceiling: %v %v", got, err)
	}
}
