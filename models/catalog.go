package models

import (
	"slices"
	"strings"
)

// maxServiceTypes bounds a limit list, as the API's cloud_service_types (at most 10).
const maxServiceTypes = 10

// parseServiceTypes checks a list of service type codes: known, no duplicates, at most 10. It
// returns them sorted and joined by commas, the stored form ("" for none: no limit).
func parseServiceTypes(codes []string) (string, error) {
	if len(codes) > maxServiceTypes {
		return "", ErrInvalidServiceType
	}
	out := make([]string, 0, len(codes))
	for _, c := range codes {
		c = strings.TrimSpace(c)
		if !slices.Contains(ServiceTypes, c) || slices.Contains(out, c) {
			return "", ErrInvalidServiceType
		}
		out = append(out, c)
	}
	slices.Sort(out)
	return strings.Join(out, ","), nil
}

// splitList is a stored comma-separated list.
func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// withinLimit tells whether the service types of a coupon (stored form) stay within those of its
// quota: a quota without a limit allows anything; a coupon without a limit inherits its quota's.
func withinLimit(coupon, quota string) bool {
	if quota == "" || coupon == "" {
		return true
	}
	allowed := splitList(quota)
	for _, c := range splitList(coupon) {
		if !slices.Contains(allowed, c) {
			return false
		}
	}
	return true
}
