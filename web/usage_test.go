package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"partnerhub/models"
	"partnerhub/store"
)

// TestSeedUsageAndImport: `seed --usage N` adds rated usage to an existing world, `usage import`
// refuses a bad file with its lines and imports and rates a good one, and check holds.
func TestSeedUsageAndImport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "u.db")
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"seed", "--db", db, "--customers", "100", "--enterprises", "10", "--prices", "0", "--orders", "300"}, env(nil), nil, &out); err != nil {
		t.Fatalf("seed: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"seed", "--db", db, "--usage", "200"}, env(nil), nil, &out); err != nil || !strings.Contains(out.String(), "usage records") {
		t.Fatalf("seed --usage: %v\n%s", err, out.String())
	}
	g, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	g.Model(&models.UsageRecord{}).Where("state = ?", models.UsageRated).Count(&n)
	var r models.Resource
	err = g.Where("charge_mode = ? AND service_type = ? AND status = ?", models.ChargeOnDemand, "hws.service.type.ec2", models.ResourceInUse).
		Order("effective_at").First(&r).Error
	store.Close(g)
	if n < 200 || err != nil {
		t.Fatalf("%d usage records rated, an on-demand ECS: %v", n, err)
	}
	hour := time.Now().UTC().Truncate(time.Hour).Add(-48 * time.Hour).In(models.BusinessZone).Format(models.UsageHourLayout)
	if r.EffectiveAt.After(time.Now().Add(-49 * time.Hour)) {
		t.Skip("the world's on-demand ECS are younger than two days")
	}
	file := filepath.Join(dir, "usage.csv")
	os.WriteFile(file, []byte(models.UsageHeader()+"nobody,"+hour+",Duration,1,4\n"+r.PublicID+","+hour+",Duration,-1,4\n"), 0o600)
	out.Reset()
	err = run(ctx, []string{"usage", "import", "--db", db, file}, env(nil), nil, &out)
	if err == nil || !strings.Contains(out.String(), "line 2, resource_id") || !strings.Contains(out.String(), "line 3, usage_value") {
		t.Fatalf("a bad file: %v\n%s", err, out.String())
	}
	os.WriteFile(file, []byte(models.UsageHeader()+r.PublicID+","+hour+",Duration,1,4\n"), 0o600)
	out.Reset()
	if err := run(ctx, []string{"usage", "import", "--db", db, file}, env(nil), nil, &out); err != nil {
		t.Fatalf("usage import: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "1 lines, 0 records added, 1 already recorded") && !strings.Contains(out.String(), "1 records added") {
		t.Errorf("usage import: %s", out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"check", "--db", db}, env(nil), nil, &out); err != nil {
		t.Fatalf("check: %v\n%s", err, out.String())
	}
}
