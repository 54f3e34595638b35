-- Work orders (工单): tickets, their conversation, files, history and ratings (models/ticket.go).

-- +goose Up

CREATE TABLE "ticket_attachments" (
    "id" bigserial PRIMARY KEY,
    "ticket_id" bigint NOT NULL DEFAULT 0,
    "message_id" bigint NOT NULL DEFAULT 0,
    "uploader_id" bigint NOT NULL,
    "file_name" varchar(400) NOT NULL,
    "content_type" varchar(64) NOT NULL,
    "size" bigint NOT NULL,
    "sha256" varchar(64) NOT NULL,
    "stored_name" varchar(64) NOT NULL,
    "created_at" timestamptz NOT NULL
);

CREATE TABLE "ticket_counts" (
    "scope" varchar(1),
    "scope_id" bigint,
    "status" varchar(16),
    "n" bigint NOT NULL,
    PRIMARY KEY ("scope","scope_id","status")
);

CREATE TABLE "ticket_events" (
    "id" bigserial PRIMARY KEY,
    "ticket_id" bigint NOT NULL,
    "user_id" bigint NOT NULL,
    "action" varchar(24) NOT NULL,
    "from_status" varchar(16) NOT NULL DEFAULT '',
    "to_status" varchar(16) NOT NULL DEFAULT '',
    "at" timestamptz NOT NULL
);

CREATE TABLE "ticket_messages" (
    "id" bigserial PRIMARY KEY,
    "ticket_id" bigint NOT NULL,
    "author_id" bigint NOT NULL,
    "side" varchar(16) NOT NULL,
    "kind" varchar(16) NOT NULL,
    "body" text NOT NULL,
    "created_at" timestamptz NOT NULL
);

CREATE TABLE "ticket_ratings" (
    "ticket_id" bigint,
    "user_id" bigint NOT NULL,
    "speed" bigint NOT NULL,
    "quality" bigint NOT NULL,
    "attitude" bigint NOT NULL,
    "comment" varchar(2000) NOT NULL DEFAULT '',
    "created_at" timestamptz NOT NULL,
    PRIMARY KEY ("ticket_id")
);

CREATE TABLE "tickets" (
    "id" bigserial PRIMARY KEY,
    "number" varchar(24) NOT NULL,
    "partner_id" bigint NOT NULL DEFAULT 0,
    "top_partner_id" bigint NOT NULL DEFAULT 0,
    "customer_id" bigint NOT NULL DEFAULT 0,
    "submitter_id" bigint NOT NULL,
    "category" varchar(32) NOT NULL,
    "problem_type" varchar(32) NOT NULL,
    "region" varchar(32) NOT NULL DEFAULT '',
    "severity" bigint NOT NULL,
    "title" varchar(400) NOT NULL,
    "description" text NOT NULL,
    "contact_mobile" varchar(32) NOT NULL DEFAULT '',
    "contact_email" varchar(128) NOT NULL DEFAULT '',
    "cc_emails" varchar(700) NOT NULL DEFAULT '',
    "status" varchar(16) NOT NULL,
    "urge_count" bigint NOT NULL DEFAULT 0,
    "last_urged_at" timestamptz,
    "created_at" timestamptz NOT NULL,
    "updated_at" timestamptz NOT NULL,
    "accepted_at" timestamptz,
    "resolved_at" timestamptz,
    "closed_at" timestamptz,
    "operator_id" bigint NOT NULL DEFAULT 0,
    "awaiting_info" boolean NOT NULL DEFAULT false,
    "message_count" bigint NOT NULL DEFAULT 0,
    "attachment_count" bigint NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX "idx_ticket_attachments_stored_name" ON "ticket_attachments"("stored_name");
CREATE INDEX "ix_tatt_ticket" ON "ticket_attachments"("ticket_id","created_at");
CREATE INDEX "ix_tatt_uploader" ON "ticket_attachments"("uploader_id");
CREATE INDEX "ix_tevent_ticket" ON "ticket_events"("ticket_id","at");
CREATE INDEX "ix_tmsg_ticket" ON "ticket_messages"("ticket_id","created_at");
CREATE INDEX "idx_tickets_customer_id" ON "tickets"("customer_id");
CREATE UNIQUE INDEX "idx_tickets_number" ON "tickets"("number");
CREATE INDEX "idx_tickets_partner_id" ON "tickets"("partner_id");
CREATE INDEX "idx_tickets_top_partner_id" ON "tickets"("top_partner_id");
CREATE INDEX "ix_ticket_customer" ON "tickets"("customer_id","status");
CREATE INDEX "ix_ticket_partner" ON "tickets"("partner_id","status");
CREATE INDEX "ix_ticket_queue" ON "tickets"("status","severity" desc,"created_at");
CREATE INDEX "ix_ticket_severity" ON "tickets"("severity" desc,"created_at");
CREATE INDEX "ix_ticket_top" ON "tickets"("top_partner_id","status");
