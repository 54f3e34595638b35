-- The orders' and resources' lists at ten million orders (issue 14's speed): an index for each
-- filter of a partner's orders, each ending with the order the page comes in, so that a page and
-- its capped count read an index range and nothing else; and the same for main resources, as
-- partial indexes (parent_id IS NULL), so that a list of main resources never reads a row to
-- learn whether it is attached. The expiry window of resources comes soonest first.

-- +goose Up

CREATE INDEX "ix_order_ptype" ON "orders"("partner_id","type","created_at");
CREATE INDEX "ix_order_pservice" ON "orders"("partner_id","service_type","created_at");
CREATE INDEX "ix_order_ppaid" ON "orders"("partner_id","paid_at");
CREATE INDEX "ix_order_pcustomer" ON "orders"("partner_id","customer_id","created_at");

CREATE INDEX "ix_res_main_partner" ON "resources"("partner_id","created_at") WHERE parent_id IS NULL;
CREATE INDEX "ix_res_main_status" ON "resources"("partner_id","status","created_at") WHERE parent_id IS NULL;
CREATE INDEX "ix_res_main_service" ON "resources"("partner_id","service_type","created_at") WHERE parent_id IS NULL;
CREATE INDEX "ix_res_main_customer" ON "resources"("partner_id","customer_id","created_at") WHERE parent_id IS NULL;
CREATE INDEX "ix_res_main_region" ON "resources"("partner_id","region","created_at") WHERE parent_id IS NULL;
CREATE INDEX "ix_res_pcustomer" ON "resources"("partner_id","customer_id","charge_mode","created_at");
CREATE INDEX "ix_res_main_expiry" ON "resources"("partner_id","expire_at") WHERE parent_id IS NULL;
CREATE INDEX "ix_res_main_own" ON "resources"("customer_id","created_at") WHERE parent_id IS NULL;

-- +goose Down

DROP INDEX "ix_res_main_own";
DROP INDEX "ix_res_main_expiry";
DROP INDEX "ix_res_pcustomer";
DROP INDEX "ix_res_main_region";
DROP INDEX "ix_res_main_customer";
DROP INDEX "ix_res_main_service";
DROP INDEX "ix_res_main_status";
DROP INDEX "ix_res_main_partner";
DROP INDEX "ix_order_pcustomer";
DROP INDEX "ix_order_ppaid";
DROP INDEX "ix_order_pservice";
DROP INDEX "ix_order_ptype";
