package models

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// The entries' ordinals (Entry.Seq, Entry.KindSeq) in a database written before entries had them.

// entryOrdinalIndexes are the indexes that carry the ordinals, dropped while they are numbered
// (updating 20 million keys in place costs more than building the index once afterwards).
var entryOrdinalIndexes = []string{"ix_entry_account_seq", "ix_entry_account_kind_seq"}

// backfillOrdinals numbers the entries once, in the order of the ledger's time rule (time, then
// id: the order in which a statement lists them), and sets the accounts' counters from them.
//
// Whether it is needed is read from the newest entry alone, one lookup at every start: this
// version numbers every entry it writes, so a newest entry without an ordinal (0, the column's
// default) is a database written by an earlier version, and then every entry is numbered again,
// which is idempotent and also right when an earlier version wrote after a numbering. The work is
// one transaction: it happens entirely or not at all. SQL of both SQLite (≥ 3.33) and
// PostgreSQL: window functions and UPDATE … FROM.
func backfillOrdinals(ctx context.Context, db *gorm.DB) error {
	var newest []Entry
	if err := db.WithContext(ctx).Select("id", "seq").Order("id DESC").Limit(1).Find(&newest).Error; err != nil {
		return fmt.Errorf("models: migrate: %w", err)
	}
	if len(newest) == 0 || newest[0].Seq != 0 {
		return nil
	}
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, ix := range entryOrdinalIndexes {
			if err := tx.Exec("DROP INDEX IF EXISTS " + ix).Error; err != nil {
				return err
			}
		}
		err := tx.Exec(`UPDATE entries SET seq = o.seq, kind_seq = o.kind_seq FROM (
			  SELECT id, ROW_NUMBER() OVER (PARTITION BY account_id ORDER BY created_at, id) AS seq,
			    ROW_NUMBER() OVER (PARTITION BY account_id, kind ORDER BY created_at, id) AS kind_seq
			  FROM entries) o
			WHERE entries.id = o.id`).Error
		if err != nil {
			return err
		}
		for _, ix := range entryOrdinalIndexes {
			if err := tx.Migrator().CreateIndex(&Entry{}, ix); err != nil {
				return err
			}
		}
		// each account's last entry: one lookup of the index just built
		return tx.Exec(`UPDATE accounts SET
			  entry_seq = COALESCE((SELECT seq FROM entries e WHERE e.account_id = accounts.id ORDER BY e.created_at DESC, e.seq DESC LIMIT 1), 0),
			  last_entry_at = (SELECT created_at FROM entries e WHERE e.account_id = accounts.id ORDER BY e.created_at DESC, e.seq DESC LIMIT 1)`).Error
	})
	if err != nil {
		return fmt.Errorf("models: migrate: number the entries: %w", err)
	}
	return nil
}
