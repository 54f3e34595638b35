-- Bills (models/bill.go): a fee record per bill line of a paid order or a refund, written in the
-- transaction that moved the money, and the customers' monthly sums by cycle, service type, charge
-- mode and bill type, added to in that same transaction. The indexes serve the bill pages: a
-- partner's (or master distributor's) customers in a cycle, a customer's records of a cycle in time
-- order, and an order's records (the check).
-- Orders paid before this version get no fee records (Check asks for them of the orders paid since
-- the first fee record).

-- +goose Up

CREATE TABLE `fee_records` (`id` integer PRIMARY KEY AUTOINCREMENT,`customer_id` integer NOT NULL,`partner_id` integer NOT NULL DEFAULT 0,`top_partner_id` integer NOT NULL DEFAULT 0,`bill_cycle` text NOT NULL,`trade_time` datetime NOT NULL,`order_id` integer,`line_id` integer,`bill_type` integer NOT NULL,`service_type` text NOT NULL,`resource_type` text NOT NULL DEFAULT "",`resource_id` text NOT NULL DEFAULT "",`region` text NOT NULL DEFAULT "",`charge_mode` integer NOT NULL,`period_type` integer NOT NULL DEFAULT 0,`official` integer NOT NULL,`discount` integer NOT NULL DEFAULT 0,`cash` integer NOT NULL DEFAULT 0,`coupon` integer NOT NULL DEFAULT 0,`credit` integer NOT NULL DEFAULT 0,`debt` integer NOT NULL DEFAULT 0,`writeoff` integer NOT NULL DEFAULT 0,`created_at` datetime NOT NULL);

CREATE INDEX `ix_fee_customer` ON `fee_records`(`customer_id`,`bill_cycle`,`trade_time`);

CREATE INDEX `ix_fee_partner` ON `fee_records`(`partner_id`,`bill_cycle`,`customer_id`);

CREATE INDEX `ix_fee_top` ON `fee_records`(`top_partner_id`,`bill_cycle`,`customer_id`);

CREATE INDEX `ix_fee_order` ON `fee_records`(`order_id`);

CREATE UNIQUE INDEX `ux_fee_line` ON `fee_records`(`line_id`);

CREATE TABLE `monthly_sums` (`id` integer PRIMARY KEY AUTOINCREMENT,`customer_id` integer NOT NULL,`bill_cycle` text NOT NULL,`service_type` text NOT NULL,`charge_mode` integer NOT NULL,`bill_type` integer NOT NULL,`amount` integer NOT NULL DEFAULT 0,`cash` integer NOT NULL DEFAULT 0,`coupon` integer NOT NULL DEFAULT 0,`debt` integer NOT NULL DEFAULT 0,`discount` integer NOT NULL DEFAULT 0,`count` integer NOT NULL DEFAULT 0,`updated_at` datetime NOT NULL);

CREATE UNIQUE INDEX `ux_msum_key` ON `monthly_sums`(`customer_id`,`bill_cycle`,`service_type`,`charge_mode`,`bill_type`);

-- +goose Down

DROP TABLE `monthly_sums`;
DROP TABLE `fee_records`;
