package models

import "partnerhub/store"

// maxSearchLen bounds a search text.
const maxSearchLen = 256

// CheckSearch tells whether q can be searched: at most 256 bytes, and two Latin letters or digits
// in a row or one Chinese character at least.
func CheckSearch(q string) error {
	if len(q) > maxSearchLen {
		return ErrInvalidInput
	}
	if store.MatchExpr(q) == "" {
		return ErrSearchTooShort
	}
	return nil
}
