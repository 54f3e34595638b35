package models

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"partnerhub/store"
)

// APISignature is a signature of a partner API call that changes something, kept while the API
// would still accept it (its X-Sdk-Date is fresh), so that the same signed request cannot be sent
// again: the replay guard. It is in the database, not in a server's memory, so that every server
// on one database refuses what another has seen.
type APISignature struct {
	Hash       string    `gorm:"primaryKey;size:64"` // SHA-256 of the access key and the signature
	ValidUntil time.Time `gorm:"not null;index"`     // when the API stops accepting it anyway
}

// TableName: one table name however GORM spells an initialism.
func (APISignature) TableName() string { return "api_signatures" }

// ErrReplayed is a signature already used: the same signed request sent again.
var ErrReplayed = newError("CBC.0154", "err.replayed", "the request was replayed: its signature was already used")

// prunePerCall bounds the expired signatures one call deletes: more than the one it adds, so the
// table holds about one validity window of calls, without a sweep and without a scan.
const prunePerCall = 8

// RecordSignature records that accessKeyID signed a call with signature, until validUntil; a
// signature recorded before is ErrReplayed. The unique key decides, so two copies of one request
// arriving at once, on one server or on two, cannot both pass. Each call also deletes a few
// signatures expired at now (the index on valid_until finds them). It goes through the committer
// (store/commit.go): the money calls it guards are group-committed, and a write of its own would
// cost each of them a second fsync.
func RecordSignature(ctx context.Context, db *gorm.DB, accessKeyID, signature string, now, validUntil time.Time) error {
	row := APISignature{Hash: tokenHash(accessKeyID + "\n" + signature), ValidUntil: validUntil.UTC()}
	err := store.InMoneyTx(ctx, db, func(tx *gorm.DB) error {
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		return tx.Exec("DELETE FROM api_signatures WHERE hash IN (SELECT hash FROM api_signatures WHERE valid_until < ? ORDER BY valid_until LIMIT ?)",
			now.UTC(), prunePerCall).Error
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return ErrReplayed
	}
	return err
}
