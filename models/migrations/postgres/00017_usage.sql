-- Usage and arrears (models/usage.go, usage_rate.go, arrears.go): the on-demand resources' hourly
-- usage records, unique by resource, hour and usage factor (an hour is recorded and rated once),
-- with a partial index of those waiting to be rated; the customers' arrears, with a partial index
-- of the grace periods not yet ended in a freeze; and on the fee records, the usage record a rated
-- hour bills (unique: billed once) and a partial index of the records still in debt (write-off).

-- +goose Up

CREATE TABLE "usage_records" ("id" bigserial PRIMARY KEY,"resource_id" bigint NOT NULL,"customer_id" bigint NOT NULL,"hour" timestamptz NOT NULL,"factor" varchar(32) NOT NULL,"value" bigint NOT NULL,"measure_id" bigint NOT NULL,"source" smallint NOT NULL DEFAULT 1,"state" smallint NOT NULL DEFAULT 0,"created_at" timestamptz NOT NULL);

CREATE INDEX "ix_usage_customer" ON "usage_records"("customer_id","hour");

CREATE UNIQUE INDEX "ux_usage_key" ON "usage_records"("resource_id","hour","factor");

CREATE INDEX "ix_usage_pending" ON "usage_records"("id") WHERE state = 0;

CREATE TABLE "arrears" ("customer_id" bigint,"amount" bigint NOT NULL DEFAULT 0,"since" timestamptz,"due_at" timestamptz,"frozen_at" timestamptz,"updated_at" timestamptz NOT NULL,PRIMARY KEY ("customer_id"));

CREATE INDEX "ix_arrears_due" ON "arrears"("due_at") WHERE frozen_at IS NULL;

ALTER TABLE "fee_records" ADD COLUMN "usage_id" bigint;

CREATE UNIQUE INDEX "ux_fee_usage" ON "fee_records"("usage_id");

CREATE INDEX "ix_fee_debt" ON "fee_records"("customer_id") WHERE debt > writeoff;

-- +goose Down

DROP INDEX "ix_fee_debt";
DROP INDEX "ux_fee_usage";
ALTER TABLE "fee_records" DROP COLUMN "usage_id";
DROP TABLE "arrears";
DROP TABLE "usage_records";
