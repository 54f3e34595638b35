-- Placing an order is idempotent (models/order_create.go): the orderer's key, unique, so that a
-- double-click on the confirmation answers the first order instead of placing a second.

-- +goose Up

ALTER TABLE "orders" ADD COLUMN "place_key" varchar(160);

CREATE UNIQUE INDEX "idx_orders_place_key" ON "orders"("place_key");

-- +goose Down

DROP INDEX "idx_orders_place_key";
ALTER TABLE "orders" DROP COLUMN "place_key";
