-- Customer top-ups (models/topup.go): a customer paying its own way puts money into its
-- consumption account through a payment gateway; a paid top-up points at its one transfer.

-- +goose Up

CREATE TABLE "topups" ("id" bigserial PRIMARY KEY,"reference" varchar(32) NOT NULL,"customer_id" bigint NOT NULL,"amount" bigint NOT NULL,"status" smallint NOT NULL,"trade_no" varchar(64),"transfer_id" bigint,"created_by" bigint NOT NULL,"idempotency_key" varchar(160),"created_at" timestamptz NOT NULL,"expires_at" timestamptz NOT NULL,"paid_at" timestamptz,"closed_at" timestamptz);

CREATE UNIQUE INDEX "idx_topups_reference" ON "topups"("reference");

CREATE UNIQUE INDEX "idx_topups_trade_no" ON "topups"("trade_no");

CREATE UNIQUE INDEX "idx_topups_transfer_id" ON "topups"("transfer_id");

CREATE UNIQUE INDEX "idx_topups_idempotency_key" ON "topups"("idempotency_key");

CREATE INDEX "ix_topup_customer" ON "topups"("customer_id","created_at");

-- +goose Down

DROP TABLE "topups";
