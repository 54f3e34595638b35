-- Version 2: the catalog (service types, resource types, regions and zones, units and their
-- conversions, usage types, specs), the versioned price list (versions, priced keys, prices),
-- the customers' discounts and the partners' 607 ceilings, and the mainland's administrative
-- areas for addresses. New tables only; no table of version 1 changes.

-- +goose Up

CREATE TABLE `service_types` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `code` text NOT NULL,
    `name_zh` text NOT NULL,
    `name_en` text NOT NULL,
    `abbreviation` text NOT NULL DEFAULT "",
    `marketplace` numeric NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX `idx_service_types_code` ON `service_types`(`code`);

CREATE TABLE `resource_types` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `code` text NOT NULL,
    `service_type_id` integer NOT NULL,
    `name_zh` text NOT NULL,
    `name_en` text NOT NULL,
    `desc_zh` text NOT NULL DEFAULT "",
    `desc_en` text NOT NULL DEFAULT ""
);
CREATE INDEX `idx_resource_types_service_type_id` ON `resource_types`(`service_type_id`);
CREATE UNIQUE INDEX `idx_resource_types_code` ON `resource_types`(`code`);

CREATE TABLE `regions` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `code` text NOT NULL,
    `name_zh` text NOT NULL,
    `name_en` text NOT NULL
);
CREATE UNIQUE INDEX `idx_regions_code` ON `regions`(`code`);

CREATE TABLE `zones` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `code` text NOT NULL,
    `region_id` integer NOT NULL,
    `name_zh` text NOT NULL,
    `name_en` text NOT NULL
);
CREATE INDEX `idx_zones_region_id` ON `zones`(`region_id`);
CREATE UNIQUE INDEX `idx_zones_code` ON `zones`(`code`);

CREATE TABLE `measure_units` (
    `id` integer,
    `name_zh` text NOT NULL,
    `name_en` text NOT NULL,
    `abbreviation` text NOT NULL,
    `measure_type` integer NOT NULL,
    PRIMARY KEY (`id`)
);

CREATE TABLE `conversions` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `measure_id` integer NOT NULL,
    `ref_measure_id` integer NOT NULL,
    `ratio` integer NOT NULL,
    `measure_type` integer NOT NULL
);
CREATE UNIQUE INDEX `ux_conversion` ON `conversions`(`measure_id`,`ref_measure_id`);

CREATE TABLE `usage_types` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `code` text NOT NULL,
    `resource_type_id` integer NOT NULL,
    `name_zh` text NOT NULL,
    `name_en` text NOT NULL,
    `measure_id` integer NOT NULL
);
CREATE UNIQUE INDEX `ux_usage_type` ON `usage_types`(`resource_type_id`,`code`);

CREATE TABLE `resource_specs` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `code` text NOT NULL,
    `resource_type_id` integer NOT NULL,
    `name_zh` text NOT NULL,
    `name_en` text NOT NULL,
    `period` numeric NOT NULL DEFAULT false,
    `on_demand` numeric NOT NULL DEFAULT false,
    `linear` numeric NOT NULL DEFAULT false,
    `size_min` integer NOT NULL DEFAULT 0,
    `size_max` integer NOT NULL DEFAULT 0,
    `size_step` integer NOT NULL DEFAULT 0,
    `size_measure_id` integer NOT NULL DEFAULT 0,
    `usage_type_id` integer NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX `ux_spec` ON `resource_specs`(`resource_type_id`,`code`);

CREATE TABLE `price_versions` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `effective_at` datetime NOT NULL,
    `reason` text NOT NULL,
    `source` text NOT NULL,
    `row_count` integer NOT NULL,
    `created_by` integer NOT NULL,
    `created_at` datetime NOT NULL
);

CREATE TABLE `price_keys` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `spec_id` integer NOT NULL,
    `region_id` integer NOT NULL,
    `mode` text NOT NULL,
    `resource_type_id` integer NOT NULL
);
CREATE INDEX `ix_price_key_list` ON `price_keys`(`region_id`,`mode`,`resource_type_id`,`spec_id`);
CREATE UNIQUE INDEX `ux_price_key` ON `price_keys`(`spec_id`,`region_id`,`mode`);

CREATE TABLE `prices` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `key_id` integer NOT NULL,
    `effective_at` datetime NOT NULL,
    `version_id` integer NOT NULL,
    `unit_price` integer NOT NULL
);
CREATE INDEX `idx_prices_version_id` ON `prices`(`version_id`);
CREATE INDEX `ix_price_at` ON `prices`(`key_id`,`effective_at`,`version_id`);

CREATE TABLE `discounts` (
    `id` integer PRIMARY KEY AUTOINCREMENT,
    `customer_id` integer NOT NULL,
    `type` integer NOT NULL,
    `service_type` text NOT NULL DEFAULT "",
    `partner_id` integer,
    `off` integer NOT NULL,
    `valid_from` text NOT NULL,
    `valid_to` text NOT NULL,
    `updated_by` integer NOT NULL,
    `updated_at` datetime NOT NULL
);
CREATE INDEX `idx_discounts_partner_id` ON `discounts`(`partner_id`);
CREATE UNIQUE INDEX `ux_discount` ON `discounts`(`customer_id`,`type`,`service_type`);

CREATE TABLE `discount_ceilings` (
    `partner_id` integer,
    `max_off` integer NOT NULL,
    `updated_by` integer NOT NULL,
    `updated_at` datetime NOT NULL,
    PRIMARY KEY (`partner_id`)
);

CREATE TABLE `areas` (
    `code` text,
    `parent_code` text NOT NULL DEFAULT "",
    `level` integer NOT NULL,
    `name_zh` text NOT NULL,
    `name_en` text NOT NULL,
    PRIMARY KEY (`code`)
);
CREATE INDEX `ix_area_parent` ON `areas`(`parent_code`,`code`);

-- +goose Down

DROP TABLE `areas`;
DROP TABLE `discount_ceilings`;
DROP TABLE `discounts`;
DROP TABLE `prices`;
DROP TABLE `price_keys`;
DROP TABLE `price_versions`;
DROP TABLE `resource_specs`;
DROP TABLE `usage_types`;
DROP TABLE `conversions`;
DROP TABLE `measure_units`;
DROP TABLE `zones`;
DROP TABLE `regions`;
DROP TABLE `resource_types`;
DROP TABLE `service_types`;
