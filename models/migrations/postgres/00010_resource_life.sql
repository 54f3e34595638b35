-- The life of a yearly/monthly resource (models/resource_*.go): auto-renewal on the resources, the
-- paid periods (terms) of each main resource with the cash that paid them, a renewal or
-- unsubscribe order's line naming its resource, the refunds of unsubscribe orders, and the index
-- the expiry sweep walks (status, expiry).

-- +goose Up

ALTER TABLE "resources" ADD COLUMN "auto_renew_period" smallint NOT NULL DEFAULT 0;
ALTER TABLE "resources" ADD COLUMN "auto_renew_times" bigint NOT NULL DEFAULT 0;
ALTER TABLE "resources" ADD COLUMN "auto_renew_count" bigint NOT NULL DEFAULT 0;
ALTER TABLE "resources" ADD COLUMN "closed_at" timestamptz;

CREATE INDEX "ix_res_expiry" ON "resources"("status","expire_at");

ALTER TABLE "order_lines" ADD COLUMN "resource_id" bigint;

CREATE INDEX "idx_order_lines_resource_id" ON "order_lines"("resource_id");

CREATE TABLE "resource_terms" ("id" bigserial PRIMARY KEY,"resource_id" bigint NOT NULL,"order_id" bigint NOT NULL,"line_id" bigint NOT NULL,"start_at" timestamptz NOT NULL,"end_at" timestamptz NOT NULL,"cash" bigint NOT NULL,"cut_at" timestamptz,"refunded" bigint NOT NULL DEFAULT 0,"refund_id" bigint,"created_at" timestamptz NOT NULL);

CREATE INDEX "idx_resource_terms_resource_id" ON "resource_terms"("resource_id");

CREATE INDEX "idx_resource_terms_order_id" ON "resource_terms"("order_id");

CREATE INDEX "idx_resource_terms_refund_id" ON "resource_terms"("refund_id");

CREATE TABLE "refunds" ("id" bigserial PRIMARY KEY,"order_id" bigint NOT NULL,"resource_id" bigint NOT NULL,"customer_id" bigint NOT NULL,"partner_id" bigint NOT NULL,"amount" bigint NOT NULL,"transfer_id" bigint,"unsubscribe_type" smallint NOT NULL,"reason_type" smallint NOT NULL DEFAULT 0,"reason" varchar(512) NOT NULL DEFAULT '',"created_at" timestamptz NOT NULL);

CREATE UNIQUE INDEX "idx_refunds_order_id" ON "refunds"("order_id");

CREATE INDEX "idx_refunds_resource_id" ON "refunds"("resource_id");

CREATE INDEX "idx_refunds_customer_id" ON "refunds"("customer_id");

-- The resources made before terms existed get one term each: their first period, paid by their
-- share of their order's cash (its lines' official prices, split evenly over a line's quantity,
-- rounded down: a fen or two of an old order may stay unassigned, never more than was paid).
INSERT INTO "resource_terms" ("resource_id","order_id","line_id","start_at","end_at","cash","created_at")
SELECT r."id", r."order_id", r."line_id", r."effective_at", r."expire_at",
  CASE WHEN o."official" > 0 THEN (o."cash" * l."official" / o."official") / l."quantity" ELSE 0 END, r."created_at"
FROM "resources" r JOIN "orders" o ON o."id" = r."order_id" JOIN "order_lines" l ON l."id" = r."line_id"
WHERE r."parent_id" IS NULL AND r."expire_at" IS NOT NULL;

-- +goose Down

DROP TABLE "refunds";
DROP TABLE "resource_terms";
DROP INDEX "idx_order_lines_resource_id";
ALTER TABLE "order_lines" DROP COLUMN "resource_id";
DROP INDEX "ix_res_expiry";
ALTER TABLE "resources" DROP COLUMN "closed_at";
ALTER TABLE "resources" DROP COLUMN "auto_renew_count";
ALTER TABLE "resources" DROP COLUMN "auto_renew_times";
ALTER TABLE "resources" DROP COLUMN "auto_renew_period";
