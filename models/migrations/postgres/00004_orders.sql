-- Orders on behalf (代客下单): authorizations, orders and their lines, the coupons that paid them,
-- the resources they created, and the operator's review settings (models/order*.go).

-- +goose Up

CREATE TABLE "order_authorizations" ("id" bigserial PRIMARY KEY,"partner_id" bigint NOT NULL,"customer_id" bigint NOT NULL,"association_id" bigint NOT NULL,"status" smallint NOT NULL,"end_at" timestamptz,"requested_by" bigint NOT NULL,"requested_at" timestamptz NOT NULL,"decided_at" timestamptz,"revoked_at" timestamptz);

CREATE TABLE "order_coupons" ("id" bigserial PRIMARY KEY,"order_id" bigint NOT NULL,"coupon_id" bigint NOT NULL,"amount" bigint NOT NULL,"created_at" timestamptz NOT NULL);

CREATE TABLE "order_lines" ("id" bigserial PRIMARY KEY,"order_id" bigint NOT NULL,"line_no" bigint NOT NULL,"service_type" varchar(64) NOT NULL,"resource_type" varchar(64) NOT NULL,"spec" varchar(64) NOT NULL,"region" varchar(64) NOT NULL,"zone" varchar(64) NOT NULL DEFAULT '',"size" bigint NOT NULL DEFAULT 0,"period_type" bigint NOT NULL DEFAULT 0,"period_num" bigint NOT NULL DEFAULT 0,"quantity" bigint NOT NULL,"unit_price" bigint NOT NULL,"price_version" bigint NOT NULL,"official" bigint NOT NULL,"mode" varchar(16) NOT NULL,"created_at" timestamptz NOT NULL);

CREATE TABLE "order_settings" ("id" bigserial PRIMARY KEY,"review_threshold" bigint NOT NULL DEFAULT 0,"review_service_types" varchar(1024) NOT NULL DEFAULT '',"updated_at" timestamptz NOT NULL);

CREATE TABLE "orders" ("id" bigserial PRIMARY KEY,"partner_id" bigint NOT NULL,"top_partner_id" bigint NOT NULL,"customer_id" bigint NOT NULL,"authorization_id" bigint NOT NULL,"type" smallint NOT NULL,"charge_mode" smallint NOT NULL,"status" smallint NOT NULL,"version" bigint NOT NULL DEFAULT 1,"priced_at" timestamptz NOT NULL,"official" bigint NOT NULL,"discount" bigint NOT NULL DEFAULT 0,"discount_id" bigint,"coupons" bigint NOT NULL DEFAULT 0,"cash" bigint NOT NULL DEFAULT 0,"payment_transfer_id" bigint,"pay_key" varchar(160),"pay_hash" varchar(64) NOT NULL DEFAULT '',"created_by" bigint NOT NULL,"pending_payment_end_time" timestamptz,"paid_at" timestamptz,"completed_at" timestamptz,"cancelled_at" timestamptz,"created_at" timestamptz NOT NULL);

CREATE TABLE "resources" ("id" bigserial PRIMARY KEY,"public_id" varchar(40) NOT NULL,"order_id" bigint NOT NULL,"line_id" bigint NOT NULL,"parent_id" bigint,"partner_id" bigint NOT NULL,"customer_id" bigint NOT NULL,"service_type" varchar(64) NOT NULL,"resource_type" varchar(64) NOT NULL,"spec" varchar(64) NOT NULL,"region" varchar(64) NOT NULL,"zone" varchar(64) NOT NULL DEFAULT '',"size" bigint NOT NULL DEFAULT 0,"charge_mode" smallint NOT NULL,"status" smallint NOT NULL,"expire_policy" smallint NOT NULL DEFAULT 0,"effective_at" timestamptz NOT NULL,"expire_at" timestamptz,"created_at" timestamptz NOT NULL);

CREATE UNIQUE INDEX "idx_order_coupons_coupon_id" ON "order_coupons"("coupon_id");

CREATE INDEX "idx_order_coupons_order_id" ON "order_coupons"("order_id");

CREATE INDEX "idx_order_lines_order_id" ON "order_lines"("order_id");

CREATE UNIQUE INDEX "idx_orders_pay_key" ON "orders"("pay_key");

CREATE INDEX "idx_resources_order_id" ON "resources"("order_id");

CREATE INDEX "idx_resources_parent_id" ON "resources"("parent_id");

CREATE UNIQUE INDEX "idx_resources_public_id" ON "resources"("public_id");

CREATE INDEX "ix_oauth_customer" ON "order_authorizations"("customer_id");

CREATE INDEX "ix_oauth_pc" ON "order_authorizations"("partner_id","customer_id");

CREATE INDEX "ix_order_customer" ON "orders"("customer_id","status","created_at");

CREATE INDEX "ix_order_partner" ON "orders"("partner_id","created_at");

CREATE INDEX "ix_order_status" ON "orders"("status","pending_payment_end_time");

CREATE INDEX "ix_order_top" ON "orders"("top_partner_id","created_at");

CREATE INDEX "ix_res_customer" ON "resources"("customer_id","created_at");

CREATE INDEX "ix_res_partner" ON "resources"("partner_id","created_at");

-- +goose Down

DROP TABLE "resources";
DROP TABLE "order_settings";
DROP TABLE "order_coupons";
DROP TABLE "order_lines";
DROP TABLE "orders";
DROP TABLE "order_authorizations";
