-- Cycle bills (models/bill_cycle.go): a customer's total of a cycle under the partner, master
-- distributor and association mode it was charged under, with its settlement; and a partner's
-- total of a cycle by master distributor and mode, with how many customers have a bill and how
-- many are settled. Both are added to as fee records are written (addMonthlySums). The indexes
-- serve the bills page: a partner's (by partner_id) or a master distributor's (by top_partner_id)
-- customers of a cycle and mode, by amount or by customer, an index range read in order.
-- The rows of the fee records written before this version are made here, with each customer's
-- mode as it is now.

-- +goose Up

CREATE TABLE "cycle_bills" ("id" bigserial PRIMARY KEY,"customer_id" bigint NOT NULL,"bill_cycle" varchar(7) NOT NULL,"partner_id" bigint NOT NULL DEFAULT 0,"top_partner_id" bigint NOT NULL DEFAULT 0,"mode" smallint NOT NULL DEFAULT 0,"amount" bigint NOT NULL DEFAULT 0,"cash" bigint NOT NULL DEFAULT 0,"coupon" bigint NOT NULL DEFAULT 0,"debt" bigint NOT NULL DEFAULT 0,"discount" bigint NOT NULL DEFAULT 0,"count" bigint NOT NULL DEFAULT 0,"settled_at" timestamptz,"settled_amount" bigint NOT NULL DEFAULT 0,"invoice_no" varchar(32) NOT NULL DEFAULT '',"invoice_date" varchar(10) NOT NULL DEFAULT '',"settled_by" bigint,"updated_at" timestamptz NOT NULL);

CREATE UNIQUE INDEX "ux_cbill_key" ON "cycle_bills"("customer_id","bill_cycle","partner_id","top_partner_id","mode");
CREATE INDEX "ix_cbill_pamount" ON "cycle_bills"("partner_id","bill_cycle","mode","amount","customer_id");
CREATE INDEX "ix_cbill_pcustomer" ON "cycle_bills"("partner_id","bill_cycle","mode","customer_id");
CREATE INDEX "ix_cbill_tamount" ON "cycle_bills"("top_partner_id","bill_cycle","mode","amount","customer_id");
CREATE INDEX "ix_cbill_tcustomer" ON "cycle_bills"("top_partner_id","bill_cycle","mode","customer_id");

CREATE TABLE "cycle_totals" ("id" bigserial PRIMARY KEY,"partner_id" bigint NOT NULL,"bill_cycle" varchar(7) NOT NULL,"top_partner_id" bigint NOT NULL DEFAULT 0,"mode" smallint NOT NULL DEFAULT 0,"amount" bigint NOT NULL DEFAULT 0,"cash" bigint NOT NULL DEFAULT 0,"coupon" bigint NOT NULL DEFAULT 0,"debt" bigint NOT NULL DEFAULT 0,"discount" bigint NOT NULL DEFAULT 0,"count" bigint NOT NULL DEFAULT 0,"customers" bigint NOT NULL DEFAULT 0,"settled" bigint NOT NULL DEFAULT 0,"updated_at" timestamptz NOT NULL);

CREATE UNIQUE INDEX "ux_ctotal_key" ON "cycle_totals"("partner_id","bill_cycle","top_partner_id","mode");
CREATE INDEX "ix_ctotal_top" ON "cycle_totals"("top_partner_id","bill_cycle");

INSERT INTO cycle_bills (customer_id, bill_cycle, partner_id, top_partner_id, mode, amount, cash, coupon, debt, discount, count, updated_at)
SELECT f.customer_id, f.bill_cycle, f.partner_id, f.top_partner_id, c.mode, SUM(f.official - f.discount), SUM(f.cash),
  SUM(f.coupon), SUM(f.debt), SUM(f.discount), COUNT(*), MAX(f.created_at)
FROM fee_records f JOIN customers c ON c.id = f.customer_id
GROUP BY f.customer_id, f.bill_cycle, f.partner_id, f.top_partner_id, c.mode;

INSERT INTO cycle_totals (partner_id, bill_cycle, top_partner_id, mode, amount, cash, coupon, debt, discount, count, customers, settled, updated_at)
SELECT partner_id, bill_cycle, top_partner_id, mode, SUM(amount), SUM(cash), SUM(coupon), SUM(debt), SUM(discount), SUM(count), COUNT(*), 0, MAX(updated_at)
FROM cycle_bills GROUP BY partner_id, bill_cycle, top_partner_id, mode;

-- +goose Down

DROP TABLE "cycle_totals";
DROP TABLE "cycle_bills";
