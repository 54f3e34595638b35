-- A fee record bills an order line or a usage record, never both: the order's and line's indexes
-- keep only the records that have them, and the usage record's index only the rated hours. Rating
-- writes ten thousand fee records a batch, and two index entries of nothing each cost it a quarter
-- of its inserts' time; an order's records skip the usage index alike. Lookups by order, line or
-- usage record (x = ?) use a partial index of x IS NOT NULL.

-- +goose Up

DROP INDEX "ix_fee_order";
CREATE INDEX "ix_fee_order" ON "fee_records"("order_id") WHERE order_id IS NOT NULL;
DROP INDEX "ux_fee_line";
CREATE UNIQUE INDEX "ux_fee_line" ON "fee_records"("line_id") WHERE line_id IS NOT NULL;
DROP INDEX "ux_fee_usage";
CREATE UNIQUE INDEX "ux_fee_usage" ON "fee_records"("usage_id") WHERE usage_id IS NOT NULL;

-- +goose Down

DROP INDEX "ix_fee_order";
CREATE INDEX "ix_fee_order" ON "fee_records"("order_id");
DROP INDEX "ux_fee_line";
CREATE UNIQUE INDEX "ux_fee_line" ON "fee_records"("line_id");
DROP INDEX "ux_fee_usage";
CREATE UNIQUE INDEX "ux_fee_usage" ON "fee_records"("usage_id");
