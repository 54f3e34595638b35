-- Version 1: the schema PartnerHub had when it began to version it, exactly as the unversioned
-- Migrate (AutoMigrate of the models, partial indexes, the audit trigger, the search tables) built
-- it on an empty database. A database made before versioning is adopted at this version
-- (migrate.go). No Down: a ledger's tables are not dropped by a migration.
--
-- PostgreSQL's version 1: the same tables, columns and indexes as migrations/sqlite, in the types
-- GORM's PostgreSQL dialect gives the models (bigint, varchar(n) for a sized text, timestamptz,
-- boolean, bytea), the audit guard as a trigger function, and the search indexes as tables of
-- grams and names (store/search_pg.go). No PostgreSQL database predates versioning.

-- +goose Up

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE "partners" (
    "id" bigserial PRIMARY KEY,
    "domain_id" varchar(32) NOT NULL,
    "account_name" varchar(64) NOT NULL,
    "name" varchar(256) NOT NULL,
    "kind" varchar(24) NOT NULL,
    "distributor_id" bigint,
    "can_expand" boolean NOT NULL DEFAULT false,
    "paths" varchar(64) NOT NULL DEFAULT '',
    "email" varchar(128),
    "mobile" varchar(32),
    "joined_at" timestamptz,
    "program_since" timestamptz,
    "expand_granted_at" timestamptz,
    "customer_id" bigint
);
CREATE INDEX "idx_partners_customer_id" ON "partners"("customer_id");
CREATE INDEX "idx_partners_distributor_id" ON "partners"("distributor_id");
CREATE UNIQUE INDEX "idx_partners_account_name" ON "partners"("account_name");
CREATE UNIQUE INDEX "idx_partners_domain_id" ON "partners"("domain_id");

CREATE TABLE "users" (
    "id" bigserial PRIMARY KEY,
    "username" varchar(64) NOT NULL,
    "password_hash" varchar(100) NOT NULL,
    "display_name" varchar(128) NOT NULL DEFAULT '',
    "kind" varchar(16) NOT NULL,
    "partner_id" bigint,
    "customer_id" bigint,
    "roles" smallint NOT NULL DEFAULT 0,
    "email" varchar(128),
    "mobile" varchar(32),
    "disabled" boolean NOT NULL DEFAULT false,
    "created_at" timestamptz,
    "last_sign_in_at" timestamptz
);
CREATE INDEX "idx_users_customer_id" ON "users"("customer_id");
CREATE INDEX "idx_users_partner_id" ON "users"("partner_id");
CREATE UNIQUE INDEX "idx_users_username" ON "users"("username");

CREATE TABLE "enterprises" (
    "id" bigserial PRIMARY KEY,
    "name" varchar(256) NOT NULL,
    "credit_code" varchar(18) NOT NULL,
    "legal_rep" varchar(64) NOT NULL DEFAULT '',
    "registered_capital" bigint NOT NULL DEFAULT 0,
    "established_on" timestamptz NOT NULL,
    "industry" varchar(64) NOT NULL DEFAULT '',
    "region" varchar(64) NOT NULL DEFAULT '',
    "address" varchar(256) NOT NULL DEFAULT '',
    "status" varchar(16) NOT NULL DEFAULT 'active',
    "business_scope" text NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX "idx_enterprises_credit_code" ON "enterprises"("credit_code");

CREATE TABLE "customers" (
    "id" bigserial PRIMARY KEY,
    "domain_id" varchar(32) NOT NULL,
    "account_name" varchar(64) NOT NULL,
    "real_name" varchar(256) NOT NULL DEFAULT '',
    "verified_status" smallint NOT NULL,
    "customer_type" smallint NOT NULL,
    "phone" varchar(32) NOT NULL DEFAULT '',
    "email" varchar(128) NOT NULL DEFAULT '',
    "country_code" varchar(8) NOT NULL DEFAULT '0086',
    "level" varchar(4) NOT NULL DEFAULT 'V0',
    "frozen" smallint NOT NULL DEFAULT 0,
    "x_account_id" varchar(64) NOT NULL DEFAULT '',
    "x_account_type" varchar(64) NOT NULL DEFAULT '',
    "enterprise_id" bigint,
    "created_at" timestamptz,
    "association_id" bigint,
    "partner_id" bigint,
    "top_partner_id" bigint,
    "mode" smallint NOT NULL DEFAULT 0,
    "associated_on" timestamptz,
    "label" varchar(64) NOT NULL DEFAULT '',
    "account_manager_id" bigint
);
CREATE INDEX "ix_cust_t_mgr" ON "customers"("top_partner_id","account_manager_id","associated_on");
CREATE INDEX "ix_cust_t_label" ON "customers"("top_partner_id","label","associated_on");
CREATE INDEX "ix_cust_t_on" ON "customers"("top_partner_id","associated_on");
CREATE INDEX "ix_cust_p_mgr" ON "customers"("partner_id","account_manager_id","associated_on");
CREATE INDEX "ix_cust_p_label" ON "customers"("partner_id","label","associated_on");
CREATE INDEX "ix_cust_p_on" ON "customers"("partner_id","associated_on");
CREATE INDEX "idx_customers_email" ON "customers"("email");
CREATE INDEX "idx_customers_phone" ON "customers"("phone");
CREATE INDEX "ix_cust_t_name" ON "customers"("top_partner_id","account_name");
CREATE INDEX "ix_cust_p_name" ON "customers"("partner_id","account_name");
CREATE UNIQUE INDEX "idx_customers_account_name" ON "customers"("account_name");
CREATE UNIQUE INDEX "idx_customers_domain_id" ON "customers"("domain_id");

CREATE TABLE "associations" (
    "id" bigserial PRIMARY KEY,
    "customer_id" bigint NOT NULL,
    "partner_id" bigint NOT NULL,
    "top_partner_id" bigint NOT NULL,
    "mode" smallint NOT NULL,
    "status" smallint NOT NULL,
    "associated_on" timestamptz,
    "ended_on" timestamptz,
    "invitation_id" bigint
);
CREATE INDEX "idx_associations_partner_id" ON "associations"("partner_id");
CREATE UNIQUE INDEX "ux_assoc_active" ON "associations"("customer_id") WHERE status = 1;
CREATE INDEX "idx_associations_customer_id" ON "associations"("customer_id");

CREATE TABLE "invitations" (
    "id" bigserial PRIMARY KEY,
    "partner_id" bigint NOT NULL,
    "enterprise_id" bigint NOT NULL,
    "mode" smallint NOT NULL,
    "token" varchar(64) NOT NULL,
    "status" varchar(16) NOT NULL,
    "created_by_id" bigint NOT NULL,
    "created_at" timestamptz NOT NULL,
    "expires_at" timestamptz NOT NULL,
    "resent_count" bigint NOT NULL DEFAULT 0,
    "accepted_at" timestamptz,
    "customer_id" bigint,
    CONSTRAINT "fk_invitations_enterprise" FOREIGN KEY ("enterprise_id") REFERENCES "enterprises"("id"),
    CONSTRAINT "fk_invitations_partner" FOREIGN KEY ("partner_id") REFERENCES "partners"("id")
);
CREATE UNIQUE INDEX "idx_invitations_token" ON "invitations"("token");
CREATE INDEX "idx_invitations_enterprise_id" ON "invitations"("enterprise_id");
CREATE INDEX "ix_inv_partner" ON "invitations"("partner_id","status","created_at");

CREATE TABLE "customer_counts" (
    "partner_id" bigint,
    "mode" smallint,
    "verified_status" smallint,
    "label" varchar(64),
    "n" bigint NOT NULL,
    PRIMARY KEY ("partner_id","mode","verified_status","label")
);

CREATE TABLE "labels" (
    "id" bigserial PRIMARY KEY,
    "partner_id" bigint NOT NULL,
    "name" varchar(64) NOT NULL
);
CREATE UNIQUE INDEX "ux_label" ON "labels"("partner_id","name");

CREATE TABLE "sign_in_failures" (
    "id" bigserial PRIMARY KEY,
    "username" varchar(64) NOT NULL,
    "address" varchar(64) NOT NULL,
    "at" timestamptz NOT NULL
);
CREATE INDEX "ix_signin_addr" ON "sign_in_failures"("address","at");
CREATE INDEX "ix_signin_user" ON "sign_in_failures"("username","at");

CREATE TABLE "sign_in_keys" (
    "name" varchar(80),
    "at" timestamptz NOT NULL,
    PRIMARY KEY ("name")
);
CREATE INDEX "ix_signin_key_at" ON "sign_in_keys"("at");

CREATE TABLE "audit_records" (
    "id" bigserial PRIMARY KEY,
    "at" timestamptz NOT NULL,
    "partner_id" bigint,
    "user_id" bigint NOT NULL,
    "action" varchar(64) NOT NULL,
    "object_type" varchar(32) NOT NULL,
    "object_id" bigint NOT NULL,
    "before" text NOT NULL DEFAULT '',
    "after" text NOT NULL DEFAULT '',
    "request_id" varchar(64) NOT NULL DEFAULT '',
    "address" varchar(64) NOT NULL DEFAULT ''
);
CREATE INDEX "ix_audit_action" ON "audit_records"("action","at");
CREATE INDEX "ix_audit_object" ON "audit_records"("object_type","object_id","at");
CREATE INDEX "ix_audit_user" ON "audit_records"("user_id","at");
CREATE INDEX "ix_audit_partner_action" ON "audit_records"("partner_id","action","at");
CREATE INDEX "ix_audit_by_partner" ON "audit_records"("partner_id","at");
CREATE INDEX "ix_audit_at" ON "audit_records"("at");

CREATE TABLE "access_keys" (
    "id" bigserial PRIMARY KEY,
    "access_key_id" varchar(32) NOT NULL,
    "user_id" bigint NOT NULL,
    "partner_id" bigint NOT NULL,
    "secret" bytea NOT NULL,
    "status" varchar(16) NOT NULL,
    "create_token" varchar(160),
    "created_at" timestamptz NOT NULL,
    "last_used_at" timestamptz
);
CREATE UNIQUE INDEX "idx_access_keys_create_token" ON "access_keys"("create_token");
CREATE INDEX "idx_access_keys_partner_id" ON "access_keys"("partner_id");
CREATE INDEX "idx_access_keys_user_id" ON "access_keys"("user_id");
CREATE UNIQUE INDEX "idx_access_keys_access_key_id" ON "access_keys"("access_key_id");

CREATE TABLE "accounts" (
    "id" bigserial PRIMARY KEY,
    "kind" varchar(16) NOT NULL,
    "partner_id" bigint,
    "customer_id" bigint,
    "balance" bigint NOT NULL DEFAULT 0,
    "entry_seq" bigint NOT NULL DEFAULT 0,
    "last_entry_at" timestamptz
);
CREATE UNIQUE INDEX "ux_account_owner" ON "accounts"("kind","partner_id","customer_id");

CREATE TABLE "transfers" (
    "id" bigserial PRIMARY KEY,
    "trans_id" varchar(32) NOT NULL,
    "from_account_id" bigint NOT NULL,
    "to_account_id" bigint NOT NULL,
    "amount" bigint NOT NULL,
    "kind" varchar(24) NOT NULL,
    "partner_id" bigint,
    "customer_id" bigint,
    "actor_user_id" bigint NOT NULL,
    "memo" varchar(256) NOT NULL DEFAULT '',
    "idempotency_key" varchar(160),
    "request_hash" varchar(64) NOT NULL DEFAULT '',
    "request_id" varchar(64) NOT NULL DEFAULT '',
    "reversal_of" bigint,
    "created_at" timestamptz NOT NULL,
    CONSTRAINT "chk_transfer_amount" CHECK (amount > 0)
);
CREATE UNIQUE INDEX "idx_transfers_idempotency_key" ON "transfers"("idempotency_key");
CREATE INDEX "ix_transfer_customer" ON "transfers"("customer_id","partner_id","created_at");
CREATE INDEX "ix_transfer_partner" ON "transfers"("partner_id","created_at");
CREATE INDEX "ix_transfer_partner_kind" ON "transfers"("partner_id","kind","created_at");
CREATE INDEX "ix_transfer_to" ON "transfers"("to_account_id","created_at");
CREATE INDEX "ix_transfer_from" ON "transfers"("from_account_id","created_at");
CREATE UNIQUE INDEX "idx_transfers_trans_id" ON "transfers"("trans_id");

CREATE TABLE "entries" (
    "id" bigserial PRIMARY KEY,
    "account_id" bigint NOT NULL,
    "transfer_id" bigint NOT NULL,
    "kind" varchar(24) NOT NULL DEFAULT '',
    "amount" bigint NOT NULL,
    "balance_after" bigint NOT NULL,
    "created_at" timestamptz NOT NULL,
    "seq" bigint NOT NULL DEFAULT 0,
    "kind_seq" bigint NOT NULL DEFAULT 0
);
CREATE INDEX "idx_entries_transfer_id" ON "entries"("transfer_id");
CREATE INDEX "ix_entry_account_kind_seq" ON "entries"("account_id","kind","created_at","kind_seq");
CREATE INDEX "ix_entry_account_seq" ON "entries"("account_id","created_at","seq");

CREATE TABLE "entry_counts" (
    "account_id" bigint,
    "kind" varchar(24),
    "n" bigint NOT NULL,
    PRIMARY KEY ("account_id","kind")
);

CREATE TABLE "coupon_quotas" (
    "id" bigserial PRIMARY KEY,
    "public_id" varchar(32) NOT NULL,
    "partner_id" bigint NOT NULL,
    "parent_id" bigint,
    "type" smallint NOT NULL,
    "value" bigint NOT NULL,
    "balance" bigint NOT NULL,
    "status" smallint NOT NULL,
    "effective_at" timestamptz NOT NULL,
    "expire_at" timestamptz NOT NULL,
    "service_types" varchar(512) NOT NULL DEFAULT '',
    "min_face" bigint NOT NULL DEFAULT 0,
    "max_face" bigint NOT NULL DEFAULT 0,
    "remark" varchar(256) NOT NULL DEFAULT '',
    "created_at" timestamptz NOT NULL,
    "updated_at" timestamptz NOT NULL,
    CONSTRAINT "chk_quota_balance" CHECK (balance >= 0)
);
CREATE INDEX "idx_coupon_quotas_parent_id" ON "coupon_quotas"("parent_id");
CREATE INDEX "ix_quota_partner" ON "coupon_quotas"("partner_id","created_at");
CREATE UNIQUE INDEX "idx_coupon_quotas_public_id" ON "coupon_quotas"("public_id");

CREATE TABLE "quota_records" (
    "id" bigserial PRIMARY KEY,
    "partner_id" bigint NOT NULL,
    "quota_id" bigint NOT NULL,
    "kind" varchar(16) NOT NULL,
    "amount" bigint NOT NULL,
    "balance_after" bigint NOT NULL,
    "child_quota_id" bigint,
    "batch_id" bigint,
    "actor_user_id" bigint NOT NULL,
    "remark" varchar(256) NOT NULL DEFAULT '',
    "request_id" varchar(64) NOT NULL DEFAULT '',
    "created_at" timestamptz NOT NULL
);
CREATE INDEX "idx_quota_records_child_quota_id" ON "quota_records"("child_quota_id");
CREATE INDEX "ix_qrec_quota" ON "quota_records"("quota_id","created_at");
CREATE INDEX "ix_qrec_partner" ON "quota_records"("partner_id","kind","created_at");

CREATE TABLE "coupons" (
    "id" bigserial PRIMARY KEY,
    "public_id" varchar(32) NOT NULL,
    "partner_id" bigint NOT NULL,
    "quota_id" bigint NOT NULL,
    "customer_id" bigint NOT NULL,
    "batch_id" bigint NOT NULL,
    "type" smallint NOT NULL,
    "face_value" bigint NOT NULL,
    "balance" bigint NOT NULL,
    "used" bigint NOT NULL DEFAULT 0,
    "status" smallint NOT NULL,
    "effective_at" timestamptz NOT NULL,
    "expire_at" timestamptz NOT NULL,
    "service_types" varchar(512) NOT NULL DEFAULT '',
    "memo" varchar(256) NOT NULL DEFAULT '',
    "lock_order_id" varchar(64) NOT NULL DEFAULT '',
    "created_at" timestamptz NOT NULL,
    "updated_at" timestamptz NOT NULL,
    CONSTRAINT "chk_coupon_face" CHECK (face_value > 0),
    CONSTRAINT "chk_coupon_balance" CHECK (balance >= 0)
);
CREATE INDEX "ix_coupon_cp" ON "coupons"("customer_id","partner_id","created_at");
CREATE INDEX "ix_coupon_qp" ON "coupons"("quota_id","partner_id","created_at");
CREATE INDEX "ix_coupon_pexpire" ON "coupons"("partner_id","expire_at");
CREATE INDEX "ix_coupon_pstatus" ON "coupons"("partner_id","status","created_at");
CREATE INDEX "ix_coupon_partner" ON "coupons"("partner_id","created_at");
CREATE UNIQUE INDEX "idx_coupons_public_id" ON "coupons"("public_id");

CREATE TABLE "coupon_records" (
    "id" bigserial PRIMARY KEY,
    "partner_id" bigint NOT NULL,
    "operation_type" smallint NOT NULL,
    "quota_id" bigint NOT NULL,
    "quota_type" smallint,
    "coupon_id" bigint,
    "customer_id" bigint,
    "customer_d_id" varchar(64) NOT NULL DEFAULT '',
    "amount" bigint NOT NULL,
    "result" smallint NOT NULL,
    "err_key" varchar(48) NOT NULL DEFAULT '',
    "remark" varchar(256) NOT NULL DEFAULT '',
    "batch_id" bigint,
    "actor_user_id" bigint NOT NULL,
    "request_id" varchar(64) NOT NULL DEFAULT '',
    "created_at" timestamptz NOT NULL
);
CREATE INDEX "ix_crec_coupon" ON "coupon_records"("coupon_id","partner_id","created_at");
CREATE INDEX "ix_crec_cp" ON "coupon_records"("customer_id","partner_id","created_at");
CREATE INDEX "ix_crec_qp" ON "coupon_records"("quota_id","partner_id","created_at");
CREATE INDEX "ix_crec_op" ON "coupon_records"("partner_id","operation_type","created_at");
CREATE INDEX "ix_crec_partner" ON "coupon_records"("partner_id","created_at");

CREATE TABLE "coupon_batches" (
    "id" bigserial PRIMARY KEY,
    "partner_id" bigint NOT NULL,
    "quota_id" bigint NOT NULL,
    "face_value" bigint NOT NULL,
    "requested" bigint NOT NULL,
    "issued" bigint NOT NULL,
    "idempotency_key" varchar(160),
    "request_hash" varchar(64) NOT NULL DEFAULT '',
    "actor_user_id" bigint NOT NULL,
    "created_at" timestamptz NOT NULL
);
CREATE UNIQUE INDEX "idx_coupon_batches_idempotency_key" ON "coupon_batches"("idempotency_key");
CREATE INDEX "idx_coupon_batches_partner_id" ON "coupon_batches"("partner_id");

CREATE TABLE "coupon_counts" (
    "partner_id" bigint,
    "status" smallint,
    "n" bigint NOT NULL,
    PRIMARY KEY ("partner_id","status")
);

CREATE TABLE "partner_applications" (
    "id" bigserial PRIMARY KEY,
    "customer_id" bigint NOT NULL,
    "user_id" bigint NOT NULL,
    "company_name" varchar(256) NOT NULL,
    "contact" varchar(128) NOT NULL DEFAULT '',
    "intro" varchar(1000) NOT NULL DEFAULT '',
    "status" varchar(16) NOT NULL,
    "note" varchar(500) NOT NULL DEFAULT '',
    "reason" varchar(500) NOT NULL DEFAULT '',
    "created_at" timestamptz,
    "decided_at" timestamptz,
    "decided_by_id" bigint,
    "partner_id" bigint
);
CREATE INDEX "idx_partner_applications_status" ON "partner_applications"("status");
CREATE INDEX "idx_partner_applications_customer_id" ON "partner_applications"("customer_id");

CREATE TABLE "partner_paths" (
    "partner_id" bigint,
    "path" varchar(16),
    "enrolled_at" timestamptz,
    PRIMARY KEY ("partner_id","path")
);

CREATE TABLE "distribution_invitations" (
    "id" bigserial PRIMARY KEY,
    "partner_id" bigint NOT NULL,
    "status" varchar(16) NOT NULL,
    "note" varchar(500) NOT NULL DEFAULT '',
    "created_by_id" bigint NOT NULL,
    "created_at" timestamptz,
    "decided_at" timestamptz
);
CREATE INDEX "idx_distribution_invitations_partner_id" ON "distribution_invitations"("partner_id");

CREATE TABLE "member_invitations" (
    "id" bigserial PRIMARY KEY,
    "partner_id" bigint NOT NULL,
    "by" varchar(8) NOT NULL,
    "target" varchar(128) NOT NULL,
    "roles" smallint NOT NULL,
    "token" varchar(64) NOT NULL,
    "status" varchar(16) NOT NULL,
    "created_by_id" bigint NOT NULL,
    "created_at" timestamptz,
    "expires_at" timestamptz,
    "resent_count" bigint NOT NULL DEFAULT 0,
    "accepted_at" timestamptz,
    "user_id" bigint,
    CONSTRAINT "fk_member_invitations_partner" FOREIGN KEY ("partner_id") REFERENCES "partners"("id")
);
CREATE UNIQUE INDEX "idx_member_invitations_token" ON "member_invitations"("token");
CREATE INDEX "ix_minv_target" ON "member_invitations"("target");
CREATE INDEX "ix_minv_partner" ON "member_invitations"("partner_id","created_at");

CREATE TABLE "member_invitation_sends" (
    "id" bigserial PRIMARY KEY,
    "partner_id" bigint NOT NULL,
    "invitation_id" bigint NOT NULL,
    "at" timestamptz NOT NULL
);
CREATE INDEX "ix_minv_send" ON "member_invitation_sends"("partner_id","at");

CREATE TABLE "reseller_invitations" (
    "id" bigserial PRIMARY KEY,
    "distributor_id" bigint NOT NULL,
    "company_name" varchar(256) NOT NULL DEFAULT '',
    "email" varchar(128) NOT NULL DEFAULT '',
    "token" varchar(64) NOT NULL,
    "status" varchar(16) NOT NULL,
    "created_by_id" bigint NOT NULL,
    "created_at" timestamptz,
    "expires_at" timestamptz,
    "accepted_at" timestamptz,
    "reseller_id" bigint
);
CREATE UNIQUE INDEX "idx_reseller_invitations_token" ON "reseller_invitations"("token");
CREATE INDEX "idx_reseller_invitations_distributor_id" ON "reseller_invitations"("distributor_id");

CREATE TABLE "replaced_links" (
    "token_hash" varchar(64),
    "kind" varchar(32) NOT NULL,
    "invitation_id" bigint NOT NULL,
    "replaced_at" timestamptz NOT NULL,
    PRIMARY KEY ("token_hash")
);

CREATE TABLE "outbound_messages" (
    "id" bigserial PRIMARY KEY,
    "channel" varchar(8) NOT NULL,
    "recipient" varchar(128) NOT NULL,
    "partner_id" bigint NOT NULL,
    "kind" varchar(32) NOT NULL,
    "subject_id" bigint NOT NULL,
    "token_hash" varchar(64) NOT NULL,
    "status" varchar(16) NOT NULL,
    "attempts" bigint NOT NULL DEFAULT 0,
    "last_error" varchar(200) NOT NULL DEFAULT '',
    "next_attempt_at" timestamptz NOT NULL,
    "last_attempt_at" timestamptz,
    "created_at" timestamptz,
    "sent_at" timestamptz
);
CREATE INDEX "ix_outbox_due" ON "outbound_messages"("status","next_attempt_at");
CREATE INDEX "ix_outbox_subject" ON "outbound_messages"("kind","subject_id");

CREATE TABLE "api_signatures" (
    "hash" varchar(64),
    "valid_until" timestamptz NOT NULL,
    PRIMARY KEY ("hash")
);
CREATE INDEX "idx_api_signatures_valid_until" ON "api_signatures"("valid_until");

CREATE TABLE "keyed_calls" (
    "id" bigserial PRIMARY KEY,
    "idempotency_key" varchar(160) NOT NULL,
    "request_hash" varchar(64) NOT NULL,
    "answer" bytea NOT NULL,
    "created_at" timestamptz NOT NULL
);
CREATE UNIQUE INDEX "idx_keyed_calls_idempotency_key" ON "keyed_calls"("idempotency_key");

CREATE TABLE "sessions" (
    "id" bigserial PRIMARY KEY,
    "token_hash" varchar(64) NOT NULL,
    "user_id" bigint NOT NULL,
    "created_at" timestamptz NOT NULL,
    "last_seen_at" timestamptz NOT NULL,
    "address" varchar(64) NOT NULL DEFAULT '',
    "user_agent" varchar(256) NOT NULL DEFAULT ''
);
CREATE INDEX "idx_sessions_last_seen_at" ON "sessions"("last_seen_at");
CREATE INDEX "idx_sessions_created_at" ON "sessions"("created_at");
CREATE INDEX "ix_session_user" ON "sessions"("user_id","last_seen_at");
CREATE UNIQUE INDEX "idx_sessions_token_hash" ON "sessions"("token_hash");

-- indexes of only the rows that need them (coupon.go's partialIndexes)
CREATE INDEX ix_crec_failed ON coupon_records (partner_id, created_at) WHERE result = -1;
CREATE INDEX ix_crec_batch ON coupon_records (batch_id) WHERE batch_id IS NOT NULL;
CREATE INDEX ix_coupon_live_expiry ON coupons (expire_at) WHERE status IN (1, 2);
CREATE INDEX ix_coupon_pending ON coupons (effective_at) WHERE status = 1;

-- the audit log is append-only (audit_log.go)
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION audit_records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit records are append-only'; END $$;
-- +goose StatementEnd
CREATE OR REPLACE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records
	FOR EACH STATEMENT EXECUTE FUNCTION audit_records_append_only();
CREATE OR REPLACE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records
	FOR EACH STATEMENT EXECUTE FUNCTION audit_records_append_only();

-- the gram indexes of the substring search (store/search_pg.go)
CREATE TABLE customer_search (id bigint PRIMARY KEY, grams text[] NOT NULL, names text NOT NULL);
CREATE INDEX ix_customer_search_grams ON customer_search USING gin (grams);
CREATE INDEX ix_customer_search_names ON customer_search USING gin (names gin_trgm_ops);
CREATE TABLE enterprise_search (id bigint PRIMARY KEY, grams text[] NOT NULL, names text NOT NULL);
CREATE INDEX ix_enterprise_search_grams ON enterprise_search USING gin (grams);
CREATE INDEX ix_enterprise_search_names ON enterprise_search USING gin (names gin_trgm_ops);
