-- The operator's adjustments of customers' bills (models/bill_adjust.go): compensations (bill
-- type 9) and deductions (16), each with its fee record, the transfer that moved its cash (none
-- when a deduction was all debt), the reason, the operator, and the form's idempotency key (unique:
-- a retried form adjusts once, whether or not money moved).

-- +goose Up

CREATE TABLE `bill_adjustments` (`id` integer PRIMARY KEY AUTOINCREMENT,`customer_id` integer NOT NULL,`partner_id` integer NOT NULL DEFAULT 0,`bill_type` integer NOT NULL,`bill_cycle` text NOT NULL,`service_type` text NOT NULL DEFAULT "",`amount` integer NOT NULL,`cash` integer NOT NULL DEFAULT 0,`debt` integer NOT NULL DEFAULT 0,`fee_record_id` integer NOT NULL,`transfer_id` integer,`reason` text NOT NULL,`actor_user_id` integer NOT NULL,`idempotency_key` text,`request_hash` text NOT NULL DEFAULT "",`created_at` datetime NOT NULL);

CREATE INDEX `ix_adjust_created` ON `bill_adjustments`(`created_at`);

CREATE UNIQUE INDEX `idx_bill_adjustments_idempotency_key` ON `bill_adjustments`(`idempotency_key`);

CREATE INDEX `ix_adjust_transfer` ON `bill_adjustments`(`transfer_id`);

CREATE INDEX `ix_adjust_customer` ON `bill_adjustments`(`customer_id`,`created_at`);

-- +goose Down

DROP TABLE `bill_adjustments`;
