-- Version 1: the schema PartnerHub had when it began to version it, exactly as the unversioned
-- Migrate (AutoMigrate of the models, partial indexes, the audit trigger, the search tables) built
-- it on an empty database. A database made before versioning is adopted at this version
-- (migrate.go). No Down: a ledger's tables are not dropped by a migration.

-- +goose Up

CREATE TABLE `partners` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `domain_id` text NOT NULL,
    `account_name` text NOT NULL,
    `name` text NOT NULL,
    `kind` text NOT NULL,
    `distributor_id` integer,
    `can_expand` numeric NOT NULL DEFAULT false,
    `paths` text NOT NULL DEFAULT "",
    `email` text,
    `mobile` text,
    `joined_at` datetime,
    `program_since` datetime,
    `expand_granted_at` datetime,
    `customer_id` integer
);
CREATE INDEX `idx_partners_customer_id` ON `partners`(`customer_id`);
CREATE INDEX `idx_partners_distributor_id` ON `partners`(`distributor_id`);
CREATE UNIQUE INDEX `idx_partners_account_name` ON `partners`(`account_name`);
CREATE UNIQUE INDEX `idx_partners_domain_id` ON `partners`(`domain_id`);

CREATE TABLE `users` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `username` text NOT NULL,
    `password_hash` text NOT NULL,
    `display_name` text NOT NULL DEFAULT "",
    `kind` text NOT NULL,
    `partner_id` integer,
    `customer_id` integer,
    `roles` integer NOT NULL DEFAULT 0,
    `email` text,
    `mobile` text,
    `disabled` numeric NOT NULL DEFAULT false,
    `created_at` datetime,
    `last_sign_in_at` datetime
);
CREATE INDEX `idx_users_customer_id` ON `users`(`customer_id`);
CREATE INDEX `idx_users_partner_id` ON `users`(`partner_id`);
CREATE UNIQUE INDEX `idx_users_username` ON `users`(`username`);

CREATE TABLE `enterprises` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `name` text NOT NULL,
    `credit_code` text NOT NULL,
    `legal_rep` text NOT NULL DEFAULT "",
    `registered_capital` integer NOT NULL DEFAULT 0,
    `established_on` datetime NOT NULL,
    `industry` text NOT NULL DEFAULT "",
    `region` text NOT NULL DEFAULT "",
    `address` text NOT NULL DEFAULT "",
    `status` text NOT NULL DEFAULT "active",
    `business_scope` text NOT NULL DEFAULT ""
);
CREATE UNIQUE INDEX `idx_enterprises_credit_code` ON `enterprises`(`credit_code`);

CREATE TABLE `customers` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `domain_id` text NOT NULL,
    `account_name` text NOT NULL,
    `real_name` text NOT NULL DEFAULT "",
    `verified_status` integer NOT NULL,
    `customer_type` integer NOT NULL,
    `phone` text NOT NULL DEFAULT "",
    `email` text NOT NULL DEFAULT "",
    `country_code` text NOT NULL DEFAULT "0086",
    `level` text NOT NULL DEFAULT "V0",
    `frozen` integer NOT NULL DEFAULT 0,
    `x_account_id` text NOT NULL DEFAULT "",
    `x_account_type` text NOT NULL DEFAULT "",
    `enterprise_id` integer,
    `created_at` datetime,
    `association_id` integer,
    `partner_id` integer,
    `top_partner_id` integer,
    `mode` integer NOT NULL DEFAULT 0,
    `associated_on` datetime,
    `label` text NOT NULL DEFAULT "",
    `account_manager_id` integer
);
CREATE INDEX `ix_cust_t_mgr` ON `customers`(`top_partner_id`,`account_manager_id`,`associated_on`);
CREATE INDEX `ix_cust_t_label` ON `customers`(`top_partner_id`,`label`,`associated_on`);
CREATE INDEX `ix_cust_t_on` ON `customers`(`top_partner_id`,`associated_on`);
CREATE INDEX `ix_cust_p_mgr` ON `customers`(`partner_id`,`account_manager_id`,`associated_on`);
CREATE INDEX `ix_cust_p_label` ON `customers`(`partner_id`,`label`,`associated_on`);
CREATE INDEX `ix_cust_p_on` ON `customers`(`partner_id`,`associated_on`);
CREATE INDEX `idx_customers_email` ON `customers`(`email`);
CREATE INDEX `idx_customers_phone` ON `customers`(`phone`);
CREATE INDEX `ix_cust_t_name` ON `customers`(`top_partner_id`,`account_name`);
CREATE INDEX `ix_cust_p_name` ON `customers`(`partner_id`,`account_name`);
CREATE UNIQUE INDEX `idx_customers_account_name` ON `customers`(`account_name`);
CREATE UNIQUE INDEX `idx_customers_domain_id` ON `customers`(`domain_id`);

CREATE TABLE `associations` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `customer_id` integer NOT NULL,
    `partner_id` integer NOT NULL,
    `top_partner_id` integer NOT NULL,
    `mode` integer NOT NULL,
    `status` integer NOT NULL,
    `associated_on` datetime,
    `ended_on` datetime,
    `invitation_id` integer
);
CREATE INDEX `idx_associations_partner_id` ON `associations`(`partner_id`);
CREATE UNIQUE INDEX `ux_assoc_active` ON `associations`(`customer_id`) WHERE status = 1;
CREATE INDEX `idx_associations_customer_id` ON `associations`(`customer_id`);

CREATE TABLE `invitations` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `partner_id` integer NOT NULL,
    `enterprise_id` integer NOT NULL,
    `mode` integer NOT NULL,
    `token` text NOT NULL,
    `status` text NOT NULL,
    `created_by_id` integer NOT NULL,
    `created_at` datetime NOT NULL,
    `expires_at` datetime NOT NULL,
    `resent_count` integer NOT NULL DEFAULT 0,
    `accepted_at` datetime,
    `customer_id` integer,
    CONSTRAINT `fk_invitations_enterprise` FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`),
    CONSTRAINT `fk_invitations_partner` FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`)
);
CREATE UNIQUE INDEX `idx_invitations_token` ON `invitations`(`token`);
CREATE INDEX `idx_invitations_enterprise_id` ON `invitations`(`enterprise_id`);
CREATE INDEX `ix_inv_partner` ON `invitations`(`partner_id`,`status`,`created_at`);

CREATE TABLE `customer_counts` (
    `partner_id` integer,
    `mode` integer,
    `verified_status` integer,
    `label` text,
    `n` integer NOT NULL,
    PRIMARY KEY (`partner_id`,`mode`,`verified_status`,`label`)
);

CREATE TABLE `labels` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `partner_id` integer NOT NULL,
    `name` text NOT NULL
);
CREATE UNIQUE INDEX `ux_label` ON `labels`(`partner_id`,`name`);

CREATE TABLE `sign_in_failures` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `username` text NOT NULL,
    `address` text NOT NULL,
    `at` datetime NOT NULL
);
CREATE INDEX `ix_signin_addr` ON `sign_in_failures`(`address`,`at`);
CREATE INDEX `ix_signin_user` ON `sign_in_failures`(`username`,`at`);

CREATE TABLE `sign_in_keys` (
    `name` text,
    `at` datetime NOT NULL,
    PRIMARY KEY (`name`)
);
CREATE INDEX `ix_signin_key_at` ON `sign_in_keys`(`at`);

CREATE TABLE `audit_records` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `at` datetime NOT NULL,
    `partner_id` integer,
    `user_id` integer NOT NULL,
    `action` text NOT NULL,
    `object_type` text NOT NULL,
    `object_id` integer NOT NULL,
    `before` text NOT NULL DEFAULT "",
    `after` text NOT NULL DEFAULT "",
    `request_id` text NOT NULL DEFAULT "",
    `address` text NOT NULL DEFAULT ""
);
CREATE INDEX `ix_audit_action` ON `audit_records`(`action`,`at`);
CREATE INDEX `ix_audit_object` ON `audit_records`(`object_type`,`object_id`,`at`);
CREATE INDEX `ix_audit_user` ON `audit_records`(`user_id`,`at`);
CREATE INDEX `ix_audit_partner_action` ON `audit_records`(`partner_id`,`action`,`at`);
CREATE INDEX `ix_audit_by_partner` ON `audit_records`(`partner_id`,`at`);
CREATE INDEX `ix_audit_at` ON `audit_records`(`at`);

CREATE TABLE `access_keys` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `access_key_id` text NOT NULL,
    `user_id` integer NOT NULL,
    `partner_id` integer NOT NULL,
    `secret` blob NOT NULL,
    `status` text NOT NULL,
    `create_token` text,
    `created_at` datetime NOT NULL,
    `last_used_at` datetime
);
CREATE UNIQUE INDEX `idx_access_keys_create_token` ON `access_keys`(`create_token`);
CREATE INDEX `idx_access_keys_partner_id` ON `access_keys`(`partner_id`);
CREATE INDEX `idx_access_keys_user_id` ON `access_keys`(`user_id`);
CREATE UNIQUE INDEX `idx_access_keys_access_key_id` ON `access_keys`(`access_key_id`);

CREATE TABLE `accounts` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `kind` text NOT NULL,
    `partner_id` integer,
    `customer_id` integer,
    `balance` integer NOT NULL DEFAULT 0,
    `entry_seq` integer NOT NULL DEFAULT 0,
    `last_entry_at` datetime
);
CREATE UNIQUE INDEX `ux_account_owner` ON `accounts`(`kind`,`partner_id`,`customer_id`);

CREATE TABLE `transfers` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `trans_id` text NOT NULL,
    `from_account_id` integer NOT NULL,
    `to_account_id` integer NOT NULL,
    `amount` integer NOT NULL,
    `kind` text NOT NULL,
    `partner_id` integer,
    `customer_id` integer,
    `actor_user_id` integer NOT NULL,
    `memo` text NOT NULL DEFAULT "",
    `idempotency_key` text,
    `request_hash` text NOT NULL DEFAULT "",
    `request_id` text NOT NULL DEFAULT "",
    `reversal_of` integer,
    `created_at` datetime NOT NULL,
    CONSTRAINT `chk_transfer_amount` CHECK (amount > 0)
);
CREATE UNIQUE INDEX `idx_transfers_idempotency_key` ON `transfers`(`idempotency_key`);
CREATE INDEX `ix_transfer_customer` ON `transfers`(`customer_id`,`partner_id`,`created_at`);
CREATE INDEX `ix_transfer_partner` ON `transfers`(`partner_id`,`created_at`);
CREATE INDEX `ix_transfer_partner_kind` ON `transfers`(`partner_id`,`kind`,`created_at`);
CREATE INDEX `ix_transfer_to` ON `transfers`(`to_account_id`,`created_at`);
CREATE INDEX `ix_transfer_from` ON `transfers`(`from_account_id`,`created_at`);
CREATE UNIQUE INDEX `idx_transfers_trans_id` ON `transfers`(`trans_id`);

CREATE TABLE `entries` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `account_id` integer NOT NULL,
    `transfer_id` integer NOT NULL,
    `kind` text NOT NULL DEFAULT "",
    `amount` integer NOT NULL,
    `balance_after` integer NOT NULL,
    `created_at` datetime NOT NULL,
    `seq` integer NOT NULL DEFAULT 0,
    `kind_seq` integer NOT NULL DEFAULT 0
);
CREATE INDEX `idx_entries_transfer_id` ON `entries`(`transfer_id`);
CREATE INDEX `ix_entry_account_kind_seq` ON `entries`(`account_id`,`kind`,`created_at`,`kind_seq`);
CREATE INDEX `ix_entry_account_seq` ON `entries`(`account_id`,`created_at`,`seq`);

CREATE TABLE `entry_counts` (
    `account_id` integer,
    `kind` text,
    `n` integer NOT NULL,
    PRIMARY KEY (`account_id`,`kind`)
);

CREATE TABLE `coupon_quotas` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `public_id` text NOT NULL,
    `partner_id` integer NOT NULL,
    `parent_id` integer,
    `type` integer NOT NULL,
    `value` integer NOT NULL,
    `balance` integer NOT NULL,
    `status` integer NOT NULL,
    `effective_at` datetime NOT NULL,
    `expire_at` datetime NOT NULL,
    `service_types` text NOT NULL DEFAULT "",
    `min_face` integer NOT NULL DEFAULT 0,
    `max_face` integer NOT NULL DEFAULT 0,
    `remark` text NOT NULL DEFAULT "",
    `created_at` datetime NOT NULL,
    `updated_at` datetime NOT NULL,
    CONSTRAINT `chk_quota_balance` CHECK (balance >= 0)
);
CREATE INDEX `idx_coupon_quotas_parent_id` ON `coupon_quotas`(`parent_id`);
CREATE INDEX `ix_quota_partner` ON `coupon_quotas`(`partner_id`,`created_at`);
CREATE UNIQUE INDEX `idx_coupon_quotas_public_id` ON `coupon_quotas`(`public_id`);

CREATE TABLE `quota_records` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `partner_id` integer NOT NULL,
    `quota_id` integer NOT NULL,
    `kind` text NOT NULL,
    `amount` integer NOT NULL,
    `balance_after` integer NOT NULL,
    `child_quota_id` integer,
    `batch_id` integer,
    `actor_user_id` integer NOT NULL,
    `remark` text NOT NULL DEFAULT "",
    `request_id` text NOT NULL DEFAULT "",
    `created_at` datetime NOT NULL
);
CREATE INDEX `idx_quota_records_child_quota_id` ON `quota_records`(`child_quota_id`);
CREATE INDEX `ix_qrec_quota` ON `quota_records`(`quota_id`,`created_at`);
CREATE INDEX `ix_qrec_partner` ON `quota_records`(`partner_id`,`kind`,`created_at`);

CREATE TABLE `coupons` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `public_id` text NOT NULL,
    `partner_id` integer NOT NULL,
    `quota_id` integer NOT NULL,
    `customer_id` integer NOT NULL,
    `batch_id` integer NOT NULL,
    `type` integer NOT NULL,
    `face_value` integer NOT NULL,
    `balance` integer NOT NULL,
    `used` integer NOT NULL DEFAULT 0,
    `status` integer NOT NULL,
    `effective_at` datetime NOT NULL,
    `expire_at` datetime NOT NULL,
    `service_types` text NOT NULL DEFAULT "",
    `memo` text NOT NULL DEFAULT "",
    `lock_order_id` text NOT NULL DEFAULT "",
    `created_at` datetime NOT NULL,
    `updated_at` datetime NOT NULL,
    CONSTRAINT `chk_coupon_face` CHECK (face_value > 0),
    CONSTRAINT `chk_coupon_balance` CHECK (balance >= 0)
);
CREATE INDEX `ix_coupon_cp` ON `coupons`(`customer_id`,`partner_id`,`created_at`);
CREATE INDEX `ix_coupon_qp` ON `coupons`(`quota_id`,`partner_id`,`created_at`);
CREATE INDEX `ix_coupon_pexpire` ON `coupons`(`partner_id`,`expire_at`);
CREATE INDEX `ix_coupon_pstatus` ON `coupons`(`partner_id`,`status`,`created_at`);
CREATE INDEX `ix_coupon_partner` ON `coupons`(`partner_id`,`created_at`);
CREATE UNIQUE INDEX `idx_coupons_public_id` ON `coupons`(`public_id`);

CREATE TABLE `coupon_records` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `partner_id` integer NOT NULL,
    `operation_type` integer NOT NULL,
    `quota_id` integer NOT NULL,
    `quota_type` integer,
    `coupon_id` integer,
    `customer_id` integer,
    `customer_d_id` text NOT NULL DEFAULT "",
    `amount` integer NOT NULL,
    `result` integer NOT NULL,
    `err_key` text NOT NULL DEFAULT "",
    `remark` text NOT NULL DEFAULT "",
    `batch_id` integer,
    `actor_user_id` integer NOT NULL,
    `request_id` text NOT NULL DEFAULT "",
    `created_at` datetime NOT NULL
);
CREATE INDEX `ix_crec_coupon` ON `coupon_records`(`coupon_id`,`partner_id`,`created_at`);
CREATE INDEX `ix_crec_cp` ON `coupon_records`(`customer_id`,`partner_id`,`created_at`);
CREATE INDEX `ix_crec_qp` ON `coupon_records`(`quota_id`,`partner_id`,`created_at`);
CREATE INDEX `ix_crec_op` ON `coupon_records`(`partner_id`,`operation_type`,`created_at`);
CREATE INDEX `ix_crec_partner` ON `coupon_records`(`partner_id`,`created_at`);

CREATE TABLE `coupon_batches` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `partner_id` integer NOT NULL,
    `quota_id` integer NOT NULL,
    `face_value` integer NOT NULL,
    `requested` integer NOT NULL,
    `issued` integer NOT NULL,
    `idempotency_key` text,
    `request_hash` text NOT NULL DEFAULT "",
    `actor_user_id` integer NOT NULL,
    `created_at` datetime NOT NULL
);
CREATE UNIQUE INDEX `idx_coupon_batches_idempotency_key` ON `coupon_batches`(`idempotency_key`);
CREATE INDEX `idx_coupon_batches_partner_id` ON `coupon_batches`(`partner_id`);

CREATE TABLE `coupon_counts` (
    `partner_id` integer,
    `status` integer,
    `n` integer NOT NULL,
    PRIMARY KEY (`partner_id`,`status`)
);

CREATE TABLE `partner_applications` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `customer_id` integer NOT NULL,
    `user_id` integer NOT NULL,
    `company_name` text NOT NULL,
    `contact` text NOT NULL DEFAULT "",
    `intro` text NOT NULL DEFAULT "",
    `status` text NOT NULL,
    `note` text NOT NULL DEFAULT "",
    `reason` text NOT NULL DEFAULT "",
    `created_at` datetime,
    `decided_at` datetime,
    `decided_by_id` integer,
    `partner_id` integer
);
CREATE INDEX `idx_partner_applications_status` ON `partner_applications`(`status`);
CREATE INDEX `idx_partner_applications_customer_id` ON `partner_applications`(`customer_id`);

CREATE TABLE `partner_paths` (
    `partner_id` integer,
    `path` text,
    `enrolled_at` datetime,
    PRIMARY KEY (`partner_id`,`path`)
);

CREATE TABLE `distribution_invitations` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `partner_id` integer NOT NULL,
    `status` text NOT NULL,
    `note` text NOT NULL DEFAULT "",
    `created_by_id` integer NOT NULL,
    `created_at` datetime,
    `decided_at` datetime
);
CREATE INDEX `idx_distribution_invitations_partner_id` ON `distribution_invitations`(`partner_id`);

CREATE TABLE `member_invitations` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `partner_id` integer NOT NULL,
    `by` text NOT NULL,
    `target` text NOT NULL,
    `roles` integer NOT NULL,
    `token` text NOT NULL,
    `status` text NOT NULL,
    `created_by_id` integer NOT NULL,
    `created_at` datetime,
    `expires_at` datetime,
    `resent_count` integer NOT NULL DEFAULT 0,
    `accepted_at` datetime,
    `user_id` integer,
    CONSTRAINT `fk_member_invitations_partner` FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`)
);
CREATE UNIQUE INDEX `idx_member_invitations_token` ON `member_invitations`(`token`);
CREATE INDEX `ix_minv_target` ON `member_invitations`(`target`);
CREATE INDEX `ix_minv_partner` ON `member_invitations`(`partner_id`,`created_at`);

CREATE TABLE `member_invitation_sends` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `partner_id` integer NOT NULL,
    `invitation_id` integer NOT NULL,
    `at` datetime NOT NULL
);
CREATE INDEX `ix_minv_send` ON `member_invitation_sends`(`partner_id`,`at`);

CREATE TABLE `reseller_invitations` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `distributor_id` integer NOT NULL,
    `company_name` text NOT NULL DEFAULT "",
    `email` text NOT NULL DEFAULT "",
    `token` text NOT NULL,
    `status` text NOT NULL,
    `created_by_id` integer NOT NULL,
    `created_at` datetime,
    `expires_at` datetime,
    `accepted_at` datetime,
    `reseller_id` integer
);
CREATE UNIQUE INDEX `idx_reseller_invitations_token` ON `reseller_invitations`(`token`);
CREATE INDEX `idx_reseller_invitations_distributor_id` ON `reseller_invitations`(`distributor_id`);

CREATE TABLE `replaced_links` (
    `token_hash` text,
    `kind` text NOT NULL,
    `invitation_id` integer NOT NULL,
    `replaced_at` datetime NOT NULL,
    PRIMARY KEY (`token_hash`)
);

CREATE TABLE `outbound_messages` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `channel` text NOT NULL,
    `recipient` text NOT NULL,
    `partner_id` integer NOT NULL,
    `kind` text NOT NULL,
    `subject_id` integer NOT NULL,
    `token_hash` text NOT NULL,
    `status` text NOT NULL,
    `attempts` integer NOT NULL DEFAULT 0,
    `last_error` text NOT NULL DEFAULT "",
    `next_attempt_at` datetime NOT NULL,
    `last_attempt_at` datetime,
    `created_at` datetime,
    `sent_at` datetime
);
CREATE INDEX `ix_outbox_due` ON `outbound_messages`(`status`,`next_attempt_at`);
CREATE INDEX `ix_outbox_subject` ON `outbound_messages`(`kind`,`subject_id`);

CREATE TABLE `api_signatures` (
    `hash` text,
    `valid_until` datetime NOT NULL,
    PRIMARY KEY (`hash`)
);
CREATE INDEX `idx_api_signatures_valid_until` ON `api_signatures`(`valid_until`);

CREATE TABLE `keyed_calls` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `idempotency_key` text NOT NULL,
    `request_hash` text NOT NULL,
    `answer` blob NOT NULL,
    `created_at` datetime NOT NULL
);
CREATE UNIQUE INDEX `idx_keyed_calls_idempotency_key` ON `keyed_calls`(`idempotency_key`);

CREATE TABLE `sessions` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `token_hash` text NOT NULL,
    `user_id` integer NOT NULL,
    `created_at` datetime NOT NULL,
    `last_seen_at` datetime NOT NULL,
    `address` text NOT NULL DEFAULT "",
    `user_agent` text NOT NULL DEFAULT ""
);
CREATE INDEX `idx_sessions_last_seen_at` ON `sessions`(`last_seen_at`);
CREATE INDEX `idx_sessions_created_at` ON `sessions`(`created_at`);
CREATE INDEX `ix_session_user` ON `sessions`(`user_id`,`last_seen_at`);
CREATE UNIQUE INDEX `idx_sessions_token_hash` ON `sessions`(`token_hash`);

-- indexes of only the rows that need them (coupon.go's partialIndexes)
CREATE INDEX ix_crec_failed ON coupon_records (partner_id, created_at) WHERE result = -1;
CREATE INDEX ix_crec_batch ON coupon_records (batch_id) WHERE batch_id IS NOT NULL;
CREATE INDEX ix_coupon_live_expiry ON coupons (expire_at) WHERE status IN (1, 2);
CREATE INDEX ix_coupon_pending ON coupons (effective_at) WHERE status = 1;

-- the audit log is append-only (audit_log.go)
-- +goose StatementBegin
CREATE TRIGGER audit_records_no_UPDATE BEFORE UPDATE ON audit_records
BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER audit_records_no_DELETE BEFORE DELETE ON audit_records
BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
-- +goose StatementEnd

-- the gram indexes of the substring search and their vocabularies (search.go)
CREATE VIRTUAL TABLE customer_search USING fts5(grams, content='', contentless_delete=1, detail=none, tokenize='unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE customer_search_vocab USING fts5vocab(customer_search, 'row');
CREATE VIRTUAL TABLE enterprise_search USING fts5(grams, content='', contentless_delete=1, detail=none, tokenize='unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE enterprise_search_vocab USING fts5vocab(enterprise_search, 'row');
