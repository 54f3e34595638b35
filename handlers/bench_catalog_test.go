//go:build slow

package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"testing"
	"time"

	"partnerhub/handlers/api"
	"partnerhub/models"
)

// Price inquiry and spec paging on the bench world's price list: 100,000 prices in 100 versions
// (SeedPriceHistory; added here to a bench database seeded before it had them).

// apiPoster returns a function making signed POST calls as user through an API-enabled router.
func (w *benchWorld) apiPoster(tb testing.TB, user string) func(testing.TB, string, []byte) []byte {
	if err := models.SeedPriceHistory(context.Background(), w.db, 100000, models.PriceVersionsLarge, time.Now()); err != nil {
		tb.Fatal(err)
	}
	store := NewSessionStore(bytes.Repeat([]byte{7}, 64), bytes.Repeat([]byte{9}, 32), false)
	e := New(Deps{DB: w.db, Sessions: store, Sealer: benchSealer, APIRate: 1e9, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	key, p := benchKey(tb, w.db, benchSealer, user)
	return func(tb testing.TB, path string, body []byte) []byte {
		req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		api.SignRequest(req, body, key.Key.AccessKeyID, key.SecretKey, p.DomainID, time.Now())
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			tb.Fatalf("%s: %d %s", path, rec.Code, rec.Body)
		}
		return rec.Body.Bytes()
	}
}

// tenProducts is a ListRateOnPeriodDetail body of 10 products: 8 generated flavors in every region
// (each price 100 versions deep), the worked example and an ECS flavor, for a discounted customer.
func tenProducts(w *benchWorld) []byte {
	var c models.Customer
	w.db.Where("id IN (SELECT customer_id FROM discounts WHERE type = 607)").Order("id").First(&c)
	regions := []string{"cn-north-1", "cn-north-4", "cn-east-3", "cn-south-1"}
	infos := []map[string]any{
		{"id": "disk", "cloud_service_type": "hws.service.type.ebs", "resource_type": "hws.resource.type.volume", "resource_spec": "GPSSD",
			"region": "cn-north-1", "available_zone": "cn-north-1b", "resource_size": 30, "size_measure_id": 17, "period_type": 2, "period_num": 5, "subscription_num": 1},
		{"id": "vm", "cloud_service_type": "hws.service.type.ec2", "resource_type": "hws.resource.type.vm", "resource_spec": "s6.large.2.linux",
			"region": "cn-east-3", "period_type": 3, "period_num": 1, "subscription_num": 2},
	}
	for i := range 8 {
		infos = append(infos, map[string]any{"id": "bench" + strconv.Itoa(i), "cloud_service_type": "hws.service.type.ec2",
			"resource_type": "hws.resource.type.vm", "resource_spec": fmt.Sprintf("bench%04d.large.2.linux", i*29),
			"region": regions[i%4], "period_type": 2, "period_num": 1 + i, "subscription_num": 1})
	}
	body, _ := json.Marshal(map[string]any{"project_id": c.DomainID, "product_infos": infos})
	return body
}

func BenchmarkListRateOnPeriodDetail(b *testing.B) {
	w := openBench(b)
	call := w.apiPoster(b, "provider")
	body := tenProducts(w)
	if out := call(b, "/v2/bills/ratings/period-resources/subscribe-rate", body); !bytes.Contains(out, []byte(`"best_offer":1`)) {
		b.Fatalf("no discount in %s", out)
	}
	b.Run("10 products", func(b *testing.B) {
		for b.Loop() {
			call(b, "/v2/bills/ratings/period-resources/subscribe-rate", body)
		}
	})
}

func BenchmarkListResourceSpecs(b *testing.B) {
	w := openBench(b)
	call := w.apiPoster(b, "provider")
	var ids []uint64
	w.db.Model(&models.ResourceSpec{}).Where("code LIKE 'bench%'").Order("id").Pluck("id", &ids)
	for _, at := range []struct {
		name   string
		marker string
	}{{"first page", ""}, {"middle", strconv.FormatUint(ids[len(ids)/2], 10)}, {"last page", strconv.FormatUint(ids[len(ids)-5], 10)}} {
		body, _ := json.Marshal(map[string]any{"cloud_service_type": "hws.service.type.ec2", "resource_type": "hws.resource.type.vm",
			"region_code": "cn-north-4", "charge_mode": "1", "marker": at.marker, "limit": 100})
		b.Run(at.name, func(b *testing.B) {
			for b.Loop() {
				call(b, "/v2/products/resource-specs-query", body)
			}
		})
	}
}

// TestCatalogQueryPlans runs a 10-product inquiry and a page of specs once and fails on a full
// scan of the price list, the specs, the discounts or the customers, or on sorting prices.
func TestCatalogQueryPlans(t *testing.T) {
	w := openBench(t)
	call := w.apiPoster(t, "provider")
	specs, _ := json.Marshal(map[string]any{"cloud_service_type": "hws.service.type.ec2", "resource_type": "hws.resource.type.vm",
		"region_code": "cn-north-4", "charge_mode": "1", "limit": 100})
	fullScan := regexp.MustCompile(`SCAN (prices|price_keys|resource_specs|discounts|customers)\b`)
	sorted := regexp.MustCompile("FROM `?(prices|price_keys)`?")
	for _, c := range []struct {
		name, path string
		body       []byte
	}{
		{"ListRateOnPeriodDetail", "/v2/bills/ratings/period-resources/subscribe-rate", tenProducts(w)},
		{"ListResourceSpecs", "/v2/products/resource-specs-query", specs},
	} {
		call(t, c.path, c.body) // the catalog is read once and kept: not per call
		w.rec.start()
		call(t, c.path, c.body)
		w.explain(t, c.name, w.rec.stop(), fullScan, sorted)
	}
}
