package views

import (
	"strings"

	"partnerhub/models"
)

// QuotaLabel names a quota in a list to choose from by what a person tells quotas apart with: its
// type, its face-value limits, its balance and its last day, instead of a hexadecimal id.
func QuotaLabel(lang string, q models.CouponQuota) string {
	parts := []string{T(lang, Key("qtype.", int(q.Type)))}
	switch {
	case q.MinFace > 0 && q.MaxFace > 0:
		parts = append(parts, T(lang, "quota.face_range", Money(q.MinFaceMoney()), Money(q.MaxFaceMoney())))
	case q.MaxFace > 0:
		parts = append(parts, T(lang, "quota.face_max", Money(q.MaxFaceMoney())))
	case q.MinFace > 0:
		parts = append(parts, T(lang, "quota.face_min", Money(q.MinFaceMoney())))
	}
	parts = append(parts, T(lang, "quota.balance_of", Money(q.BalanceMoney())))
	if !q.ExpireAt.IsZero() {
		// the expiry is exclusive: the last day is the day before
		parts = append(parts, T(lang, "quota.until", Date(q.ExpireAt.Add(-1))))
	}
	return strings.Join(parts, " · ")
}
