-- An expired resource that renews itself is tried again at its next deduction
-- (models/resource_autorenew.go): resources.auto_renew_at, and the index the sweep walks to find
-- those due. The expired auto-renewing resources there already are due at the next sweep.

-- +goose Up

ALTER TABLE "resources" ADD COLUMN "auto_renew_at" timestamptz;

CREATE INDEX "ix_res_autorenew" ON "resources"("auto_renew_at");

UPDATE "resources" SET "auto_renew_at" = "expire_at"
WHERE "status" = 5 AND "expire_policy" = 3 AND "parent_id" IS NULL AND "expire_at" IS NOT NULL;

-- +goose Down

DROP INDEX "ix_res_autorenew";
ALTER TABLE "resources" DROP COLUMN "auto_renew_at";
