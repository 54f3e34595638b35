package models

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"partnerhub/store"
)

// retiredIndexes are indexes of earlier versions that others replaced: partial ones for the sweep
// (coupon.go), ones carrying the entries' ordinals (ledger.go), the audit log's by partner without
// the time (audit.go).
var retiredIndexes = []string{"ix_coupon_sweep", "ix_coupon_activate", "ix_entry_account", "ix_entry_account_kind", "ix_audit_partner"}

// migrateUnversioned is how Migrate built the schema before it had versions: AutoMigrate of every
// model, then the backfills, the retired and partial indexes, the trigger and the search tables,
// on every start.
func migrateUnversioned(ctx context.Context, db *gorm.DB) error {
	if err := numberEntriesFirst(ctx, db); err != nil {
		return err
	}
	err := db.WithContext(ctx).AutoMigrate(
		&Partner{}, &User{}, &Enterprise{}, &Customer{}, &Association{}, &Invitation{},
		&CustomerCount{}, &Label{}, &SignInFailure{}, &SignInKey{}, &AuditRecord{}, &AccessKey{}, &Account{}, &Transfer{}, &Entry{}, &EntryCount{},
		&CouponQuota{}, &QuotaRecord{}, &Coupon{}, &CouponRecord{}, &CouponBatch{}, &CouponCount{},
		&PartnerApplication{}, &PartnerPath{}, &DistributionInvitation{}, &MemberInvitation{}, &MemberInvitationSend{},
		&ResellerInvitation{}, &ReplacedLink{}, &OutboundMessage{}, &APISignature{}, &KeyedCall{},
		&Session{},
	)
	if err != nil {
		return fmt.Errorf("models: migrate: %w", err)
	}
	if err := backfillOrdinals(ctx, db); err != nil {
		return err
	}
	for _, ix := range retiredIndexes {
		if err := db.WithContext(ctx).Exec("DROP INDEX IF EXISTS " + ix).Error; err != nil {
			return fmt.Errorf("models: migrate: %w", err)
		}
	}
	for _, ix := range partialIndexes {
		if err := db.WithContext(ctx).Exec(ix).Error; err != nil {
			return fmt.Errorf("models: migrate: %w", err)
		}
	}
	if err := store.AppendOnlyAudit(ctx, db); err != nil {
		return err
	}
	return store.CreateSearchIndexes(ctx, db)
}
