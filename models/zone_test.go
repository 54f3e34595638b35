package models

import (
	"testing"
	"time"
)

// TestBusinessZone: the zone is Asia/Shanghai itself (not a fixed-offset stand-in), eight hours
// ahead of UTC today.
func TestBusinessZone(t *testing.T) {
	if got := BusinessZone.String(); got != "Asia/Shanghai" {
		t.Fatalf("BusinessZone = %q, want Asia/Shanghai", got)
	}
	if _, off := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC).In(BusinessZone).Zone(); off != 8*3600 {
		t.Fatalf("offset = %d, want %d", off, 8*3600)
	}
}
