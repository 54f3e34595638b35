-- Lists of orders (models/order_list.go): an order's main service type, as the API's order shows
-- and filters it, and the index of a partner's orders by status (the status tabs).

-- +goose Up

ALTER TABLE "orders" ADD COLUMN "service_type" varchar(64) NOT NULL DEFAULT '';

UPDATE "orders" SET "service_type" = COALESCE((SELECT "service_type" FROM "order_lines" WHERE "order_lines"."order_id" = "orders"."id" ORDER BY "line_no" LIMIT 1), '');

CREATE INDEX "ix_order_pstatus" ON "orders"("partner_id","status","created_at");

-- +goose Down

DROP INDEX "ix_order_pstatus";
ALTER TABLE "orders" DROP COLUMN "service_type";
