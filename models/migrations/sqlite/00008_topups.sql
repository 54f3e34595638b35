-- Customer top-ups (models/topup.go): a customer paying its own way puts money into its
-- consumption account through a payment gateway; a paid top-up points at its one transfer.

-- +goose Up

CREATE TABLE `topups` (`id` integer PRIMARY KEY AUTOINCREMENT,`reference` text NOT NULL,`customer_id` integer NOT NULL,`amount` integer NOT NULL,`status` integer NOT NULL,`trade_no` text,`transfer_id` integer,`created_by` integer NOT NULL,`idempotency_key` text,`created_at` datetime NOT NULL,`expires_at` datetime NOT NULL,`paid_at` datetime,`closed_at` datetime);

CREATE UNIQUE INDEX `idx_topups_reference` ON `topups`(`reference`);

CREATE UNIQUE INDEX `idx_topups_trade_no` ON `topups`(`trade_no`);

CREATE UNIQUE INDEX `idx_topups_transfer_id` ON `topups`(`transfer_id`);

CREATE UNIQUE INDEX `idx_topups_idempotency_key` ON `topups`(`idempotency_key`);

CREATE INDEX `ix_topup_customer` ON `topups`(`customer_id`,`created_at`);

-- +goose Down

DROP TABLE `topups`;
