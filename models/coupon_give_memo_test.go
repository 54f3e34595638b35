package models

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestGiveQuotaMemo: a give's memo follows the memos' rule (256 characters, trimmed, no control
// or invisible formatting characters), is kept as the child quota's remark and on the records of
// both sides, and is in the audit; a refused memo gives nothing.
func TestGiveQuotaMemo(t *testing.T) {
	t.Parallel()
	db := demoCopy(t)
	ctx := context.Background()
	master := actor(t, db, "distributor")
	parent := grant(t, db, "distributor", 1000, nil)
	sh := partnerByAccount(t, db, "reseller-sh").ID
	for i, tc := range []struct {
		name, memo, stored string
		want               error
	}{
		{"none", "", "", nil},
		{"a memo", "Q4 渠道激励", "Q4 渠道激励", nil},
		{"trimmed", "  十二月  ", "十二月", nil},
		{"the longest", strings.Repeat("备", 256), strings.Repeat("备", 256), nil},
		{"too long", strings.Repeat("备", 257), "", ErrTextTooLong},
		{"a line feed", "one\ntwo", "", ErrTextInvalid},
		{"NUL", "a\x00b", "", ErrTextInvalid},
		{"a bidi override", "abc\u202edef", "", ErrTextInvalid},
		{"not UTF-8", "\xff", "", ErrTextInvalid},
	} {
		before := quotaBalance(t, db, parent.ID)
		res, err := GiveQuotaOnce(ctx, db, master, "memo-token-"+string(rune('a'+i)), parent.ID, []uint64{sh}, Fen(100), tc.memo, testNow)
		if tc.want != nil {
			var fe *FieldError
			if !errors.Is(err, tc.want) || !errors.As(err, &fe) || fe.Field != "memo" ||
				tc.want == ErrTextTooLong && fe.Max != memoText.Max {
				t.Errorf("%s: %v, want %v on memo", tc.name, err, tc.want)
			}
			if quotaBalance(t, db, parent.ID) != before {
				t.Errorf("%s: a refused memo gave", tc.name)
			}
			continue
		}
		if err != nil || len(res) != 1 || res[0].Err != nil {
			t.Fatalf("%s: %+v %v", tc.name, res, err)
		}
		child := res[0].Child
		var stored string
		db.Raw("SELECT remark FROM coupon_quotas WHERE id = ?", child.ID).Scan(&stored)
		if stored != tc.stored {
			t.Errorf("%s: child remark %q, want %q", tc.name, stored, tc.stored)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM quota_records WHERE child_quota_id = ? AND remark = ?", child.ID, tc.stored); n != 2 {
			t.Errorf("%s: %d records with the memo, want 2 (both sides)", tc.name, n)
		}
		var after string
		db.Raw("SELECT after FROM audit_records WHERE action = 'quota.give' AND object_id = ?", child.ID).Scan(&after)
		if tc.stored != "" && !strings.Contains(after, `"remark":"`+tc.stored+`"`) {
			t.Errorf("%s: audit %s", tc.name, after)
		}
	}
	mustCheck(t, db)
}
