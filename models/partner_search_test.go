package models

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

func TestParsePartnerQuery(t *testing.T) {
	for _, tc := range []struct {
		q    string
		want PartnerQuery
		err  error
	}{
		{"神州", PartnerQuery{Text: "神州"}, nil},
		{"  云 ", PartnerQuery{Text: "云"}, nil},
		{"provider", PartnerQuery{Text: "provider"}, nil},
		{"12", PartnerQuery{ID: 12, Text: "12"}, nil},
		{"7", PartnerQuery{ID: 7}, nil},
		{"0", PartnerQuery{}, ErrSearchTooShort},
		{"+7", PartnerQuery{}, ErrSearchTooShort},
		{"a", PartnerQuery{}, ErrSearchTooShort},
		{"", PartnerQuery{}, ErrSearchTooShort},
		{"-", PartnerQuery{}, ErrSearchTooShort},
		{"0489F48B0489F48B0489F48B0489F48B", PartnerQuery{DomainID: "0489f48b0489f48b0489f48b0489f48b", Text: "0489F48B0489F48B0489F48B0489F48B"}, nil},
		{"0489f48b0489f48b0489f48b0489f48", PartnerQuery{Text: "0489f48b0489f48b0489f48b0489f48"}, nil},
		{"99999999999999999999999", PartnerQuery{Text: "99999999999999999999999"}, nil}, // past uint64: a text only
		{strings.Repeat("云", 86), PartnerQuery{}, ErrInvalidInput},
	} {
		got, err := ParsePartnerQuery(tc.q)
		if got != tc.want || !errors.Is(err, tc.err) || tc.err == nil && err != nil {
			t.Errorf("%q: %+v %v; want %+v %v", tc.q, got, err, tc.want, tc.err)
		}
	}
}

func FuzzParsePartnerQuery(f *testing.F) {
	for _, s := range []string{"神州", "12", "provider", "0489f48b0489f48b0489f48b0489f48b", "", "a", "+7", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		pq, err := ParsePartnerQuery(q)
		if err != nil {
			if pq != (PartnerQuery{}) || !errors.Is(err, ErrSearchTooShort) && !errors.Is(err, ErrInvalidInput) {
				t.Fatalf("%q: %+v %v", q, pq, err)
			}
			return
		}
		if pq == (PartnerQuery{}) || len(q) > maxSearchLen {
			t.Fatalf("%q accepted as %+v", q, pq)
		}
		if pq.Text != "" && CheckSearch(pq.Text) != nil {
			t.Fatalf("%q: text %q is not searchable", q, pq.Text)
		}
		if pq.DomainID != "" && (len(pq.DomainID) != 32 || strings.ToLower(pq.DomainID) != pq.DomainID) {
			t.Fatalf("%q: account id %q", q, pq.DomainID)
		}
	})
}

// TestSearchPartners: the operator finds partners by a part of the name or the account name, by
// number and by account id; a partner who joins later is found too; others may not search.
func TestSearchPartners(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	op := operatorActor(t, db)
	dist, provider := partnerByAccount(t, db, "distributor"), partnerByAccount(t, db, "provider")
	joined, _ := joinNetwork(t, db)
	for _, tc := range []struct {
		q    string
		want []uint64 // among the rows found
		not  []uint64
		err  error
	}{
		{"神州云联", []uint64{dist.ID}, []uint64{provider.ID}, nil},
		{"云联", []uint64{dist.ID}, nil, nil},
		{"DISTRIB", []uint64{dist.ID}, []uint64{provider.ID}, nil},
		{"provider", []uint64{provider.ID}, []uint64{dist.ID}, nil},
		{dist.DomainID, []uint64{dist.ID}, []uint64{provider.ID}, nil},
		{strings.ToUpper(provider.DomainID), []uint64{provider.ID}, nil, nil},
		{joined.Name, []uint64{joined.ID}, nil, nil},
		{joined.AccountName, []uint64{joined.ID}, nil, nil},
		{"无此伙伴名称", nil, []uint64{dist.ID, provider.ID}, nil},
		{"a", nil, nil, ErrSearchTooShort},
	} {
		found, err := SearchPartners(bg, db, op, "pq", tc.q)
		if tc.err != nil {
			var fe *FieldError
			if !errors.Is(err, tc.err) || !errors.As(err, &fe) || fe.Field != "pq" {
				t.Errorf("%q: %v, want %v on pq", tc.q, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%q: %v", tc.q, err)
		}
		ids := map[uint64]bool{}
		for _, p := range found.Rows {
			ids[p.ID] = true
		}
		for _, id := range tc.want {
			if !ids[id] {
				t.Errorf("%q: partner %d not found in %d rows", tc.q, id, len(found.Rows))
			}
		}
		for _, id := range tc.not {
			if ids[id] {
				t.Errorf("%q: partner %d found", tc.q, id)
			}
		}
	}
	// by number: that partner first
	found, err := SearchPartners(bg, db, op, "pq", strconv.FormatUint(provider.ID, 10))
	if err != nil || len(found.Rows) == 0 || found.Rows[0].ID != provider.ID {
		t.Errorf("by number: %+v %v", found, err)
	}
	// a common text shows at most maxFoundPartners and says there are more
	for i := 0; i < maxFoundPartners+2; i++ {
		p := &Partner{DomainID: randomHex(16), AccountName: "bulk-" + randomHex(4), Name: "蓉城批量伙伴有限公司", Kind: NetworkMember, JoinedAt: testNow}
		if err := db.Create(p).Error; err != nil || indexPartner(db, p) != nil {
			t.Fatal(err)
		}
	}
	found, err = SearchPartners(bg, db, op, "pq", "蓉城批量")
	if err != nil || len(found.Rows) != maxFoundPartners || !found.More {
		t.Errorf("a common text: %d rows, more %v, %v", len(found.Rows), found.More, err)
	}
	if _, err := SearchPartners(bg, db, actor(t, db, "provider"), "pq", "神州"); !errors.Is(err, ErrForbidden) {
		t.Errorf("a partner searches partners: %v", err)
	}
}
