//go:build slow

package models

import (
	"context"
	"testing"
)

// BenchmarkConcurrentAllocations allocates from 8 goroutines at once through the group committer,
// without HTTP: the money core's own rate (allocations/s), for comparing changes to the committer.
func BenchmarkConcurrentAllocations(b *testing.B) {
	db := demoCopy(b)
	ctx := context.Background()
	a := actor(b, db, "provider")
	cust := consignmentCustomer(b, db, "provider", Consignment)
	b.SetParallelism(4) // 8 goroutines on 2 cores, like the API load test's 8 clients
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := Allocate(ctx, db, a, cust.ID, FundsInput{Amount: Fen(1)}, testNow); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "allocations/s")
}
