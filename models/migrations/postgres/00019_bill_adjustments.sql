-- The operator's adjustments of customers' bills (models/bill_adjust.go): compensations (bill
-- type 9) and deductions (16), each with its fee record, the transfer that moved its cash (none
-- when a deduction was all debt), the reason, the operator, and the form's idempotency key (unique:
-- a retried form adjusts once, whether or not money moved).

-- +goose Up

CREATE TABLE "bill_adjustments" ("id" bigserial PRIMARY KEY,"customer_id" bigint NOT NULL,"partner_id" bigint NOT NULL DEFAULT 0,"bill_type" smallint NOT NULL,"bill_cycle" varchar(7) NOT NULL,"service_type" varchar(64) NOT NULL DEFAULT '',"amount" bigint NOT NULL,"cash" bigint NOT NULL DEFAULT 0,"debt" bigint NOT NULL DEFAULT 0,"fee_record_id" bigint NOT NULL,"transfer_id" bigint,"reason" varchar(200) NOT NULL,"actor_user_id" bigint NOT NULL,"idempotency_key" varchar(160),"request_hash" varchar(64) NOT NULL DEFAULT '',"created_at" timestamptz NOT NULL);

CREATE INDEX "ix_adjust_created" ON "bill_adjustments"("created_at");

CREATE UNIQUE INDEX "idx_bill_adjustments_idempotency_key" ON "bill_adjustments"("idempotency_key");

CREATE INDEX "ix_adjust_transfer" ON "bill_adjustments"("transfer_id");

CREATE INDEX "ix_adjust_customer" ON "bill_adjustments"("customer_id","created_at");

-- +goose Down

DROP TABLE "bill_adjustments";
