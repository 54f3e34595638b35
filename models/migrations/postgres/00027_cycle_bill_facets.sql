-- A cycle bill's facets (models/bill_facets.go): one bit for each service type, charge mode and
-- bill type of its fee records, OR'ed in as they are written. The bills page's filter by one of
-- them tests a bit in the index that pages the cycle instead of looking up each customer's
-- monthly sums, so the four indexes that page a cycle end with the facets. The bills written
-- before this version get those of their customers' monthly sums of the cycle (what the filter
-- looked up until now); facetsSQL in Go is the same expression.

-- +goose Up

ALTER TABLE "cycle_bills" ADD "facets" bigint NOT NULL DEFAULT 0;

UPDATE cycle_bills SET facets = (
  SELECT COALESCE(SUM(DISTINCT CAST(1 AS BIGINT) << CASE m.service_type WHEN 'hws.service.type.ebs' THEN 1 WHEN 'hws.service.type.ec2' THEN 0 WHEN 'hws.service.type.marketplace' THEN 4 WHEN 'hws.service.type.obs' THEN 3 WHEN 'hws.service.type.vpc' THEN 2 END), 0)
    + COALESCE(SUM(DISTINCT CAST(1 AS BIGINT) << CASE m.charge_mode WHEN 1 THEN 32 WHEN 3 THEN 33 WHEN 10 THEN 34 WHEN 11 THEN 35 END), 0)
    + COALESCE(SUM(DISTINCT CASE WHEN m.bill_type BETWEEN 1 AND 24 THEN CAST(1 AS BIGINT) << (35 + m.bill_type) END), 0)
  FROM monthly_sums m WHERE m.customer_id = cycle_bills.customer_id AND m.bill_cycle = cycle_bills.bill_cycle);

DROP INDEX "ix_cbill_pamount";
CREATE INDEX "ix_cbill_pamount" ON "cycle_bills"("partner_id","bill_cycle","mode","amount","customer_id","facets");
DROP INDEX "ix_cbill_pcustomer";
CREATE INDEX "ix_cbill_pcustomer" ON "cycle_bills"("partner_id","bill_cycle","mode","customer_id","facets");
DROP INDEX "ix_cbill_tamount";
CREATE INDEX "ix_cbill_tamount" ON "cycle_bills"("top_partner_id","bill_cycle","mode","amount","customer_id","facets");
DROP INDEX "ix_cbill_tcustomer";
CREATE INDEX "ix_cbill_tcustomer" ON "cycle_bills"("top_partner_id","bill_cycle","mode","customer_id","facets");

-- +goose Down

DROP INDEX "ix_cbill_pamount";
CREATE INDEX "ix_cbill_pamount" ON "cycle_bills"("partner_id","bill_cycle","mode","amount","customer_id");
DROP INDEX "ix_cbill_pcustomer";
CREATE INDEX "ix_cbill_pcustomer" ON "cycle_bills"("partner_id","bill_cycle","mode","customer_id");
DROP INDEX "ix_cbill_tamount";
CREATE INDEX "ix_cbill_tamount" ON "cycle_bills"("top_partner_id","bill_cycle","mode","amount","customer_id");
DROP INDEX "ix_cbill_tcustomer";
CREATE INDEX "ix_cbill_tcustomer" ON "cycle_bills"("top_partner_id","bill_cycle","mode","customer_id");
ALTER TABLE "cycle_bills" DROP COLUMN "facets";
