-- Version 2: the catalog (service types, resource types, regions and zones, units and their
-- conversions, usage types, specs), the versioned price list (versions, priced keys, prices),
-- the customers' discounts and the partners' 607 ceilings, and the mainland's administrative
-- areas for addresses. New tables only; no table of version 1 changes.

-- +goose Up

CREATE TABLE "service_types" (
    "id" bigserial PRIMARY KEY,
    "code" varchar(64) NOT NULL,
    "name_zh" varchar(128) NOT NULL,
    "name_en" varchar(128) NOT NULL,
    "abbreviation" varchar(32) NOT NULL DEFAULT '',
    "marketplace" boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX "idx_service_types_code" ON "service_types"("code");

CREATE TABLE "resource_types" (
    "id" bigserial PRIMARY KEY,
    "code" varchar(64) NOT NULL,
    "service_type_id" bigint NOT NULL,
    "name_zh" varchar(128) NOT NULL,
    "name_en" varchar(128) NOT NULL,
    "desc_zh" varchar(256) NOT NULL DEFAULT '',
    "desc_en" varchar(256) NOT NULL DEFAULT ''
);
CREATE INDEX "idx_resource_types_service_type_id" ON "resource_types"("service_type_id");
CREATE UNIQUE INDEX "idx_resource_types_code" ON "resource_types"("code");

CREATE TABLE "regions" (
    "id" bigserial PRIMARY KEY,
    "code" varchar(32) NOT NULL,
    "name_zh" varchar(64) NOT NULL,
    "name_en" varchar(64) NOT NULL
);
CREATE UNIQUE INDEX "idx_regions_code" ON "regions"("code");

CREATE TABLE "zones" (
    "id" bigserial PRIMARY KEY,
    "code" varchar(32) NOT NULL,
    "region_id" bigint NOT NULL,
    "name_zh" varchar(64) NOT NULL,
    "name_en" varchar(64) NOT NULL
);
CREATE INDEX "idx_zones_region_id" ON "zones"("region_id");
CREATE UNIQUE INDEX "idx_zones_code" ON "zones"("code");

CREATE TABLE "measure_units" (
    "id" bigint,
    "name_zh" varchar(64) NOT NULL,
    "name_en" varchar(64) NOT NULL,
    "abbreviation" varchar(16) NOT NULL,
    "measure_type" integer NOT NULL,
    PRIMARY KEY ("id")
);

CREATE TABLE "conversions" (
    "id" bigserial PRIMARY KEY,
    "measure_id" bigint NOT NULL,
    "ref_measure_id" bigint NOT NULL,
    "ratio" bigint NOT NULL,
    "measure_type" integer NOT NULL
);
CREATE UNIQUE INDEX "ux_conversion" ON "conversions"("measure_id","ref_measure_id");

CREATE TABLE "usage_types" (
    "id" bigserial PRIMARY KEY,
    "code" varchar(32) NOT NULL,
    "resource_type_id" bigint NOT NULL,
    "name_zh" varchar(64) NOT NULL,
    "name_en" varchar(64) NOT NULL,
    "measure_id" bigint NOT NULL
);
CREATE UNIQUE INDEX "ux_usage_type" ON "usage_types"("resource_type_id","code");

CREATE TABLE "resource_specs" (
    "id" bigserial PRIMARY KEY,
    "code" varchar(64) NOT NULL,
    "resource_type_id" bigint NOT NULL,
    "name_zh" varchar(128) NOT NULL,
    "name_en" varchar(128) NOT NULL,
    "period" boolean NOT NULL DEFAULT false,
    "on_demand" boolean NOT NULL DEFAULT false,
    "linear" boolean NOT NULL DEFAULT false,
    "size_min" bigint NOT NULL DEFAULT 0,
    "size_max" bigint NOT NULL DEFAULT 0,
    "size_step" bigint NOT NULL DEFAULT 0,
    "size_measure_id" bigint NOT NULL DEFAULT 0,
    "usage_type_id" bigint NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX "ux_spec" ON "resource_specs"("resource_type_id","code");

CREATE TABLE "price_versions" (
    "id" bigserial PRIMARY KEY,
    "effective_at" timestamptz NOT NULL,
    "reason" varchar(200) NOT NULL,
    "source" varchar(16) NOT NULL,
    "row_count" bigint NOT NULL,
    "created_by" bigint NOT NULL,
    "created_at" timestamptz NOT NULL
);

CREATE TABLE "price_keys" (
    "id" bigserial PRIMARY KEY,
    "spec_id" bigint NOT NULL,
    "region_id" bigint NOT NULL,
    "mode" varchar(8) NOT NULL,
    "resource_type_id" bigint NOT NULL
);
CREATE INDEX "ix_price_key_list" ON "price_keys"("region_id","mode","resource_type_id","spec_id");
CREATE UNIQUE INDEX "ux_price_key" ON "price_keys"("spec_id","region_id","mode");

CREATE TABLE "prices" (
    "id" bigserial PRIMARY KEY,
    "key_id" bigint NOT NULL,
    "effective_at" timestamptz NOT NULL,
    "version_id" bigint NOT NULL,
    "unit_price" bigint NOT NULL
);
CREATE INDEX "idx_prices_version_id" ON "prices"("version_id");
CREATE INDEX "ix_price_at" ON "prices"("key_id","effective_at","version_id");

CREATE TABLE "discounts" (
    "id" bigserial PRIMARY KEY,
    "customer_id" bigint NOT NULL,
    "type" smallint NOT NULL,
    "service_type" varchar(64) NOT NULL DEFAULT '',
    "partner_id" bigint,
    "off" integer NOT NULL,
    "valid_from" varchar(10) NOT NULL,
    "valid_to" varchar(10) NOT NULL,
    "updated_by" bigint NOT NULL,
    "updated_at" timestamptz NOT NULL
);
CREATE INDEX "idx_discounts_partner_id" ON "discounts"("partner_id");
CREATE UNIQUE INDEX "ux_discount" ON "discounts"("customer_id","type","service_type");

CREATE TABLE "discount_ceilings" (
    "partner_id" bigint,
    "max_off" integer NOT NULL,
    "updated_by" bigint NOT NULL,
    "updated_at" timestamptz NOT NULL,
    PRIMARY KEY ("partner_id")
);

CREATE TABLE "areas" (
    "code" varchar(6),
    "parent_code" varchar(6) NOT NULL DEFAULT '',
    "level" smallint NOT NULL,
    "name_zh" varchar(64) NOT NULL,
    "name_en" varchar(64) NOT NULL,
    PRIMARY KEY ("code")
);
CREATE INDEX "ix_area_parent" ON "areas"("parent_code","code");

-- +goose Down

DROP TABLE "areas";
DROP TABLE "discount_ceilings";
DROP TABLE "discounts";
DROP TABLE "prices";
DROP TABLE "price_keys";
DROP TABLE "price_versions";
DROP TABLE "resource_specs";
DROP TABLE "usage_types";
DROP TABLE "conversions";
DROP TABLE "measure_units";
DROP TABLE "zones";
DROP TABLE "regions";
DROP TABLE "resource_types";
DROP TABLE "service_types";
