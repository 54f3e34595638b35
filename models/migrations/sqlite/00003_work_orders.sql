-- Work orders (工单): tickets, their conversation, files, history and ratings (models/ticket.go).

-- +goose Up

CREATE TABLE `ticket_attachments` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `ticket_id` integer NOT NULL DEFAULT 0,
    `message_id` integer NOT NULL DEFAULT 0,
    `uploader_id` integer NOT NULL,
    `file_name` text NOT NULL,
    `content_type` text NOT NULL,
    `size` integer NOT NULL,
    `sha256` text NOT NULL,
    `stored_name` text NOT NULL,
    `created_at` datetime NOT NULL
);

CREATE TABLE `ticket_counts` (
    `scope` text,
    `scope_id` integer,
    `status` text,
    `n` integer NOT NULL,
    PRIMARY KEY (`scope`,`scope_id`,`status`)
);

CREATE TABLE `ticket_events` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `ticket_id` integer NOT NULL,
    `user_id` integer NOT NULL,
    `action` text NOT NULL,
    `from_status` text NOT NULL DEFAULT "",
    `to_status` text NOT NULL DEFAULT "",
    `at` datetime NOT NULL
);

CREATE TABLE `ticket_messages` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `ticket_id` integer NOT NULL,
    `author_id` integer NOT NULL,
    `side` text NOT NULL,
    `kind` text NOT NULL,
    `body` text NOT NULL,
    `created_at` datetime NOT NULL
);

CREATE TABLE `ticket_ratings` (
    `ticket_id` integer,
    `user_id` integer NOT NULL,
    `speed` integer NOT NULL,
    `quality` integer NOT NULL,
    `attitude` integer NOT NULL,
    `comment` text NOT NULL DEFAULT "",
    `created_at` datetime NOT NULL,
    PRIMARY KEY (`ticket_id`)
);

CREATE TABLE `tickets` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `number` text NOT NULL,
    `partner_id` integer NOT NULL DEFAULT 0,
    `top_partner_id` integer NOT NULL DEFAULT 0,
    `customer_id` integer NOT NULL DEFAULT 0,
    `submitter_id` integer NOT NULL,
    `category` text NOT NULL,
    `problem_type` text NOT NULL,
    `region` text NOT NULL DEFAULT "",
    `severity` integer NOT NULL,
    `title` text NOT NULL,
    `description` text NOT NULL,
    `contact_mobile` text NOT NULL DEFAULT "",
    `contact_email` text NOT NULL DEFAULT "",
    `cc_emails` text NOT NULL DEFAULT "",
    `status` text NOT NULL,
    `urge_count` integer NOT NULL DEFAULT 0,
    `last_urged_at` datetime,
    `created_at` datetime NOT NULL,
    `updated_at` datetime NOT NULL,
    `accepted_at` datetime,
    `resolved_at` datetime,
    `closed_at` datetime,
    `operator_id` integer NOT NULL DEFAULT 0,
    `awaiting_info` numeric NOT NULL DEFAULT false,
    `message_count` integer NOT NULL DEFAULT 0,
    `attachment_count` integer NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX `idx_ticket_attachments_stored_name` ON `ticket_attachments`(`stored_name`);
CREATE INDEX `ix_tatt_ticket` ON `ticket_attachments`(`ticket_id`,`created_at`);
CREATE INDEX `ix_tatt_uploader` ON `ticket_attachments`(`uploader_id`);
CREATE INDEX `ix_tevent_ticket` ON `ticket_events`(`ticket_id`,`at`);
CREATE INDEX `ix_tmsg_ticket` ON `ticket_messages`(`ticket_id`,`created_at`);
CREATE INDEX `idx_tickets_customer_id` ON `tickets`(`customer_id`);
CREATE UNIQUE INDEX `idx_tickets_number` ON `tickets`(`number`);
CREATE INDEX `idx_tickets_partner_id` ON `tickets`(`partner_id`);
CREATE INDEX `idx_tickets_top_partner_id` ON `tickets`(`top_partner_id`);
CREATE INDEX `ix_ticket_customer` ON `tickets`(`customer_id`,`status`);
CREATE INDEX `ix_ticket_partner` ON `tickets`(`partner_id`,`status`);
CREATE INDEX `ix_ticket_queue` ON `tickets`(`status`,`severity` desc,`created_at`);
CREATE INDEX `ix_ticket_severity` ON `tickets`(`severity` desc,`created_at`);
CREATE INDEX `ix_ticket_top` ON `tickets`(`top_partner_id`,`status`);
