package models

import (
	"context"
	"errors"
	"sort"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"
)

// networkMember adds a partner in no program (a network member), and returns its id.
func networkMember(t *testing.T, db *gorm.DB) uint64 {
	t.Helper()
	p := Partner{DomainID: randomHex(16), AccountName: "network-" + randomHex(4), Name: "网络成员有限公司", Kind: NetworkMember, JoinedAt: testNow}
	if err := db.Create(&p).Error; err != nil {
		t.Fatal(err)
	}
	return p.ID
}

// A grant's refusals come all at once, each named by its field, from GrantQuota and CheckGrant.
func TestGrantSaysEveryFieldAtOnce(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	op := actor(t, db, "operator")
	in := GrantInput{PartnerID: networkMember(t, db), Amount: Fen(0), EffectiveAt: testNow, ExpireAt: testNow.Add(-time.Hour),
		MinFace: Fen(500), MaxFace: Fen(100), ServiceTypes: []string{"nope"}, Remark: strings.Repeat("长", 300)}
	for name, err := range map[string]error{
		"check": CheckGrant(ctx, db, op, in, testNow),
		"grant": func() error { _, err := GrantQuota(ctx, db, op, in, testNow); return err }(),
	} {
		var fes FieldErrors
		if !errors.As(err, &fes) {
			t.Fatalf("%s: %v, want field errors", name, err)
		}
		var fields []string
		for _, fe := range fes {
			fields = append(fields, fe.Field)
		}
		sort.Strings(fields)
		got := strings.Join(fields, " ")
		want := "amount min_face partner remark services validity"
		if name == "grant" { // the partner is read in the transaction, after the form's rules
			want = "amount min_face remark services validity"
		}
		if got != want {
			t.Errorf("%s: fields %q, want %q", name, got, want)
		}
		if !errors.Is(err, ErrMinFaceAboveMax) || !errors.Is(err, ErrInvalidAmount) {
			t.Errorf("%s: %v does not carry its sentinels", name, err)
		}
	}
	if err := CheckGrant(ctx, db, actor(t, db, "provider"), in, testNow); !errors.Is(err, ErrForbidden) {
		t.Errorf("a partner checking a grant: %v", err)
	}
	ok := GrantInput{PartnerID: partnerByAccount(t, db, "provider").ID, Amount: Fen(100000), EffectiveAt: testNow, ExpireAt: testNow.Add(time.Hour), MaxFace: Fen(100000)}
	if err := CheckGrant(ctx, db, op, ok, testNow); err != nil {
		t.Errorf("a grant within the rules: %v", err)
	}
}
