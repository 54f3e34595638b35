//go:build slow

package models

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkInquire is the pricing function alone, without the API around it: 10 products (8 of
// them 100 versions deep) for a customer with discounts, on the demo world with the bench
// world's 100,000-row price list.
func BenchmarkInquire(b *testing.B) {
	db := demoDB(b)
	ctx := context.Background()
	if err := SeedPriceHistory(ctx, db, 100000, PriceVersionsLarge, testNow); err != nil {
		b.Fatal(err)
	}
	own := firstCustomers(b, db, "provider")[0]
	in := Inquiry{At: testNow, CustomerID: own.ID, Products: []InquiryProduct{workedExample()}}
	regions := []string{"cn-north-1", "cn-north-4", "cn-east-3", "cn-south-1"}
	for i := range 9 {
		in.Products = append(in.Products, InquiryProduct{ID: fmt.Sprint(i), ServiceType: "hws.service.type.ec2",
			ResourceType: "hws.resource.type.vm", Spec: fmt.Sprintf("bench%04d.large.2.linux", i*27), Region: regions[i%4],
			PeriodType: PeriodMonth, PeriodNum: 1 + i, Quantity: 1})
	}
	a := actor(b, db, "provider")
	for b.Loop() {
		if _, err := Inquire(ctx, db, a, in); err != nil {
			b.Fatal(err)
		}
	}
}
