-- A partner's consumption by day and service type (models/bill_daily.go), added to as fee records
-- are written: the home page's chart of the month. Fee records written before this version are
-- summed here once, by the business zone's day (Asia/Shanghai, eight hours after UTC).

-- +goose Up

CREATE TABLE "daily_sums" ("id" bigserial PRIMARY KEY,"partner_id" bigint NOT NULL,"day" varchar(10) NOT NULL,"service_type" varchar(64) NOT NULL,"amount" bigint NOT NULL DEFAULT 0,"count" bigint NOT NULL DEFAULT 0);

CREATE UNIQUE INDEX "ux_dsum_key" ON "daily_sums"("partner_id","day","service_type");

INSERT INTO "daily_sums" ("partner_id","day","service_type","amount","count")
SELECT p, d, s, SUM(a), COUNT(*) FROM (
	SELECT partner_id AS p, to_char(trade_time AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD') AS d, service_type AS s, official - discount AS a FROM fee_records WHERE partner_id <> 0
	UNION ALL
	SELECT top_partner_id, to_char(trade_time AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD'), service_type, official - discount FROM fee_records
	WHERE top_partner_id <> 0 AND top_partner_id <> partner_id
) AS f GROUP BY p, d, s;

-- +goose Down

DROP TABLE "daily_sums";
