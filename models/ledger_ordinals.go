package models

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// The entries' ordinals (Entry.Seq, Entry.KindSeq) in a database written before entries had them.
// Window functions and UPDATE … FROM: SQLite has them from 3.33; a PostgreSQL store runs the same
// SQL (store/doc.go).

// entryOrdinalIndexes are the indexes that carry the ordinals.
var entryOrdinalIndexes = []string{"ix_entry_account_seq", "ix_entry_account_kind_seq"}

// numberEntriesFirst runs before AutoMigrate. An entries table without the ordinals' columns is a
// database of an earlier version: the columns are added and the entries numbered in one
// transaction here, so that AutoMigrate then builds the ordinals' indexes once, over numbered
// rows (numbering 20 million rows under their index costs more than building it afterwards).
func numberEntriesFirst(ctx context.Context, db *gorm.DB) error {
	m := db.WithContext(ctx).Migrator()
	if !m.HasTable(&Entry{}) || m.HasColumn(&Entry{}, "Seq") {
		return nil
	}
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, c := range []struct {
			model any
			field string
		}{{&Entry{}, "Seq"}, {&Entry{}, "KindSeq"}, {&Account{}, "EntrySeq"}, {&Account{}, "LastEntryAt"}} {
			if !tx.Migrator().HasColumn(c.model, c.field) {
				if err := tx.Migrator().AddColumn(c.model, c.field); err != nil {
					return err
				}
			}
		}
		return numberEntries(tx)
	})
	if err != nil {
		return fmt.Errorf("models: migrate: number the entries: %w", err)
	}
	return nil
}

// backfillOrdinals runs after AutoMigrate and finishes what numberEntriesFirst began: the
// accounts' counters. Whether anything is to do is read from the newest entry and its account
// alone, one lookup at every start: this version numbers every entry it writes and moves its
// account's counter to it in the same transaction. A newest entry without an ordinal (0, the
// column's default) was written by an earlier version after a numbering: every entry is numbered
// again, which is idempotent. A counter that is not the newest entry's ordinal is a numbering
// whose counters were not set yet (numberEntriesFirst committed, the process stopped): they are
// set from the entries.
func backfillOrdinals(ctx context.Context, db *gorm.DB) error {
	var newest []struct{ Seq, EntrySeq int64 }
	err := db.WithContext(ctx).Table("entries").Joins("JOIN accounts ON accounts.id = entries.account_id").
		Select("entries.seq AS seq, accounts.entry_seq AS entry_seq").Order("entries.id DESC").Limit(1).Scan(&newest).Error
	if err != nil {
		return fmt.Errorf("models: migrate: %w", err)
	}
	if len(newest) == 0 || (newest[0].Seq != 0 && newest[0].Seq == newest[0].EntrySeq) {
		return nil
	}
	renumber := newest[0].Seq == 0
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if renumber {
			for _, ix := range entryOrdinalIndexes { // rebuilt after, see numberEntriesFirst
				if err := tx.Exec("DROP INDEX IF EXISTS " + ix).Error; err != nil {
					return err
				}
			}
			if err := numberEntries(tx); err != nil {
				return err
			}
			for _, ix := range entryOrdinalIndexes {
				if err := tx.Migrator().CreateIndex(&Entry{}, ix); err != nil {
					return err
				}
			}
		}
		// each account's last entry: one lookup of an ordinals' index
		return tx.Exec(`UPDATE accounts SET
			  entry_seq = COALESCE((SELECT seq FROM entries e WHERE e.account_id = accounts.id ORDER BY e.created_at DESC, e.seq DESC LIMIT 1), 0),
			  last_entry_at = (SELECT created_at FROM entries e WHERE e.account_id = accounts.id ORDER BY e.created_at DESC, e.seq DESC LIMIT 1)`).Error
	})
	if err != nil {
		return fmt.Errorf("models: migrate: number the entries: %w", err)
	}
	return nil
}

// numberEntries numbers every entry in the order of the ledger's time rule: time, then id, the
// order in which a statement lists them. The numbers are written in the order of the ids, the
// table's own order, not in the accounts' order, which would be a random write per entry.
func numberEntries(tx *gorm.DB) error {
	return tx.Exec(`UPDATE entries SET seq = o.seq, kind_seq = o.kind_seq FROM (
		  SELECT id, ROW_NUMBER() OVER (PARTITION BY account_id ORDER BY created_at, id) AS seq,
		    ROW_NUMBER() OVER (PARTITION BY account_id, kind ORDER BY created_at, id) AS kind_seq
		  FROM entries ORDER BY id) o
		WHERE entries.id = o.id`).Error
}
