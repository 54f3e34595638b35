-- Usage and arrears (models/usage.go, usage_rate.go, arrears.go): the on-demand resources' hourly
-- usage records, unique by resource, hour and usage factor (an hour is recorded and rated once),
-- with a partial index of those waiting to be rated; the customers' arrears, with a partial index
-- of the grace periods not yet ended in a freeze; and on the fee records, the usage record a rated
-- hour bills (unique: billed once) and a partial index of the records still in debt (write-off).

-- +goose Up

CREATE TABLE `usage_records` (`id` integer PRIMARY KEY AUTOINCREMENT,`resource_id` integer NOT NULL,`customer_id` integer NOT NULL,`hour` datetime NOT NULL,`factor` text NOT NULL,`value` integer NOT NULL,`measure_id` integer NOT NULL,`source` integer NOT NULL DEFAULT 1,`state` integer NOT NULL DEFAULT 0,`created_at` datetime NOT NULL);

CREATE INDEX `ix_usage_customer` ON `usage_records`(`customer_id`,`hour`);

CREATE UNIQUE INDEX `ux_usage_key` ON `usage_records`(`resource_id`,`hour`,`factor`);

CREATE INDEX `ix_usage_pending` ON `usage_records`(`id`) WHERE state = 0;

CREATE TABLE `arrears` (`customer_id` integer,`amount` integer NOT NULL DEFAULT 0,`since` datetime,`due_at` datetime,`frozen_at` datetime,`updated_at` datetime NOT NULL,PRIMARY KEY (`customer_id`));

CREATE INDEX `ix_arrears_due` ON `arrears`(`due_at`) WHERE frozen_at IS NULL;

ALTER TABLE `fee_records` ADD COLUMN `usage_id` integer;

CREATE UNIQUE INDEX `ux_fee_usage` ON `fee_records`(`usage_id`);

CREATE INDEX `ix_fee_debt` ON `fee_records`(`customer_id`) WHERE debt > writeoff;

-- +goose Down

DROP INDEX `ix_fee_debt`;
DROP INDEX `ux_fee_usage`;
ALTER TABLE `fee_records` DROP COLUMN `usage_id`;
DROP TABLE `arrears`;
DROP TABLE `usage_records`;
