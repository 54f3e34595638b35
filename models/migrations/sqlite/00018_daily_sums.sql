-- A partner's consumption by day and service type (models/bill_daily.go), added to as fee records
-- are written: the home page's chart of the month. Fee records written before this version are
-- summed here once, by the business zone's day (Asia/Shanghai, eight hours after UTC).

-- +goose Up

CREATE TABLE `daily_sums` (`id` integer PRIMARY KEY AUTOINCREMENT,`partner_id` integer NOT NULL,`day` text NOT NULL,`service_type` text NOT NULL,`amount` integer NOT NULL DEFAULT 0,`count` integer NOT NULL DEFAULT 0);

CREATE UNIQUE INDEX `ux_dsum_key` ON `daily_sums`(`partner_id`,`day`,`service_type`);

INSERT INTO `daily_sums` (`partner_id`,`day`,`service_type`,`amount`,`count`)
SELECT p, d, s, SUM(a), COUNT(*) FROM (
	SELECT partner_id AS p, date(trade_time, '+8 hours') AS d, service_type AS s, official - discount AS a FROM fee_records WHERE partner_id <> 0
	UNION ALL
	SELECT top_partner_id, date(trade_time, '+8 hours'), service_type, official - discount FROM fee_records
	WHERE top_partner_id <> 0 AND top_partner_id <> partner_id
) GROUP BY p, d, s;

-- +goose Down

DROP TABLE `daily_sums`;
