-- Bills (models/bill.go): a fee record per bill line of a paid order or a refund, written in the
-- transaction that moved the money, and the customers' monthly sums by cycle, service type, charge
-- mode and bill type, added to in that same transaction. The indexes serve the bill pages: a
-- partner's (or master distributor's) customers in a cycle, a customer's records of a cycle in time
-- order, and an order's records (the check).
-- Orders paid before this version get no fee records (Check asks for them of the orders paid since
-- the first fee record).

-- +goose Up

CREATE TABLE "fee_records" ("id" bigserial PRIMARY KEY,"customer_id" bigint NOT NULL,"partner_id" bigint NOT NULL DEFAULT 0,"top_partner_id" bigint NOT NULL DEFAULT 0,"bill_cycle" varchar(7) NOT NULL,"trade_time" timestamptz NOT NULL,"order_id" bigint,"line_id" bigint,"bill_type" smallint NOT NULL,"service_type" varchar(64) NOT NULL,"resource_type" varchar(64) NOT NULL DEFAULT '',"resource_id" varchar(40) NOT NULL DEFAULT '',"region" varchar(64) NOT NULL DEFAULT '',"charge_mode" smallint NOT NULL,"period_type" bigint NOT NULL DEFAULT 0,"official" bigint NOT NULL,"discount" bigint NOT NULL DEFAULT 0,"cash" bigint NOT NULL DEFAULT 0,"coupon" bigint NOT NULL DEFAULT 0,"credit" bigint NOT NULL DEFAULT 0,"debt" bigint NOT NULL DEFAULT 0,"writeoff" bigint NOT NULL DEFAULT 0,"created_at" timestamptz NOT NULL);

CREATE INDEX "ix_fee_customer" ON "fee_records"("customer_id","bill_cycle","trade_time");

CREATE INDEX "ix_fee_partner" ON "fee_records"("partner_id","bill_cycle","customer_id");

CREATE INDEX "ix_fee_top" ON "fee_records"("top_partner_id","bill_cycle","customer_id");

CREATE INDEX "ix_fee_order" ON "fee_records"("order_id");

CREATE UNIQUE INDEX "ux_fee_line" ON "fee_records"("line_id");

CREATE TABLE "monthly_sums" ("id" bigserial PRIMARY KEY,"customer_id" bigint NOT NULL,"bill_cycle" varchar(7) NOT NULL,"service_type" varchar(64) NOT NULL,"charge_mode" smallint NOT NULL,"bill_type" smallint NOT NULL,"amount" bigint NOT NULL DEFAULT 0,"cash" bigint NOT NULL DEFAULT 0,"coupon" bigint NOT NULL DEFAULT 0,"debt" bigint NOT NULL DEFAULT 0,"discount" bigint NOT NULL DEFAULT 0,"count" bigint NOT NULL DEFAULT 0,"updated_at" timestamptz NOT NULL);

CREATE UNIQUE INDEX "ux_msum_key" ON "monthly_sums"("customer_id","bill_cycle","service_type","charge_mode","bill_type");

-- +goose Down

DROP TABLE "monthly_sums";
DROP TABLE "fee_records";
