-- Orders on behalf (代客下单): authorizations, orders and their lines, the coupons that paid them,
-- the resources they created, and the operator's review settings (models/order*.go).

-- +goose Up

CREATE TABLE `order_authorizations` (`id` integer PRIMARY KEY AUTOINCREMENT,`partner_id` integer NOT NULL,`customer_id` integer NOT NULL,`association_id` integer NOT NULL,`status` integer NOT NULL,`end_at` datetime,`requested_by` integer NOT NULL,`requested_at` datetime NOT NULL,`decided_at` datetime,`revoked_at` datetime);

CREATE TABLE `order_coupons` (`id` integer PRIMARY KEY AUTOINCREMENT,`order_id` integer NOT NULL,`coupon_id` integer NOT NULL,`amount` integer NOT NULL,`created_at` datetime NOT NULL);

CREATE TABLE `order_lines` (`id` integer PRIMARY KEY AUTOINCREMENT,`order_id` integer NOT NULL,`line_no` integer NOT NULL,`service_type` text NOT NULL,`resource_type` text NOT NULL,`spec` text NOT NULL,`region` text NOT NULL,`zone` text NOT NULL DEFAULT "",`size` integer NOT NULL DEFAULT 0,`period_type` integer NOT NULL DEFAULT 0,`period_num` integer NOT NULL DEFAULT 0,`quantity` integer NOT NULL,`unit_price` integer NOT NULL,`price_version` integer NOT NULL,`official` integer NOT NULL,`mode` text NOT NULL,`created_at` datetime NOT NULL);

CREATE TABLE `order_settings` (`id` integer PRIMARY KEY AUTOINCREMENT,`review_threshold` integer NOT NULL DEFAULT 0,`review_service_types` text NOT NULL DEFAULT "",`updated_at` datetime NOT NULL);

CREATE TABLE `orders` (`id` integer PRIMARY KEY AUTOINCREMENT,`partner_id` integer NOT NULL,`top_partner_id` integer NOT NULL,`customer_id` integer NOT NULL,`authorization_id` integer NOT NULL,`type` integer NOT NULL,`charge_mode` integer NOT NULL,`status` integer NOT NULL,`version` integer NOT NULL DEFAULT 1,`priced_at` datetime NOT NULL,`official` integer NOT NULL,`discount` integer NOT NULL DEFAULT 0,`discount_id` integer,`coupons` integer NOT NULL DEFAULT 0,`cash` integer NOT NULL DEFAULT 0,`payment_transfer_id` integer,`pay_key` text,`pay_hash` text NOT NULL DEFAULT "",`created_by` integer NOT NULL,`pending_payment_end_time` datetime,`paid_at` datetime,`completed_at` datetime,`cancelled_at` datetime,`created_at` datetime NOT NULL);

CREATE TABLE `resources` (`id` integer PRIMARY KEY AUTOINCREMENT,`public_id` text NOT NULL,`order_id` integer NOT NULL,`line_id` integer NOT NULL,`parent_id` integer,`partner_id` integer NOT NULL,`customer_id` integer NOT NULL,`service_type` text NOT NULL,`resource_type` text NOT NULL,`spec` text NOT NULL,`region` text NOT NULL,`zone` text NOT NULL DEFAULT "",`size` integer NOT NULL DEFAULT 0,`charge_mode` integer NOT NULL,`status` integer NOT NULL,`expire_policy` integer NOT NULL DEFAULT 0,`effective_at` datetime NOT NULL,`expire_at` datetime,`created_at` datetime NOT NULL);

CREATE UNIQUE INDEX `idx_order_coupons_coupon_id` ON `order_coupons`(`coupon_id`);

CREATE INDEX `idx_order_coupons_order_id` ON `order_coupons`(`order_id`);

CREATE INDEX `idx_order_lines_order_id` ON `order_lines`(`order_id`);

CREATE UNIQUE INDEX `idx_orders_pay_key` ON `orders`(`pay_key`);

CREATE INDEX `idx_resources_order_id` ON `resources`(`order_id`);

CREATE INDEX `idx_resources_parent_id` ON `resources`(`parent_id`);

CREATE UNIQUE INDEX `idx_resources_public_id` ON `resources`(`public_id`);

CREATE INDEX `ix_oauth_customer` ON `order_authorizations`(`customer_id`);

CREATE INDEX `ix_oauth_pc` ON `order_authorizations`(`partner_id`,`customer_id`);

CREATE INDEX `ix_order_customer` ON `orders`(`customer_id`,`status`,`created_at`);

CREATE INDEX `ix_order_partner` ON `orders`(`partner_id`,`created_at`);

CREATE INDEX `ix_order_status` ON `orders`(`status`,`pending_payment_end_time`);

CREATE INDEX `ix_order_top` ON `orders`(`top_partner_id`,`created_at`);

CREATE INDEX `ix_res_customer` ON `resources`(`customer_id`,`created_at`);

CREATE INDEX `ix_res_partner` ON `resources`(`partner_id`,`created_at`);

-- +goose Down

DROP TABLE `resources`;
DROP TABLE `order_settings`;
DROP TABLE `order_coupons`;
DROP TABLE `order_lines`;
DROP TABLE `orders`;
DROP TABLE `order_authorizations`;
