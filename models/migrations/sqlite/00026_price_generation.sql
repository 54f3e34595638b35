-- The price list's generation (models/pricing_cache.go): a counter that every new price version
-- moves on, by the trigger below, in the writer's own transaction. A server keeps the prices it
-- read in memory with the generation it read them at and drops them when the database's
-- generation is another. The newest version's id served before, but PostgreSQL's sequences hand
-- out ids in the order versions begin, not the order they commit: a version committed after a
-- newer one left the newest id where it was, and its prices out of the copy.

-- +goose Up

CREATE TABLE `price_generations` (`id` integer PRIMARY KEY AUTOINCREMENT,`gen` integer NOT NULL DEFAULT 0);

INSERT INTO `price_generations` (`id`, `gen`) VALUES (1, 0);

-- +goose StatementBegin
CREATE TRIGGER `tr_price_versions_insert` AFTER INSERT ON `price_versions` BEGIN UPDATE `price_generations` SET `gen` = `gen` + 1 WHERE `id` = 1; END;
-- +goose StatementEnd

-- +goose Down

DROP TRIGGER `tr_price_versions_insert`;
DROP TABLE `price_generations`;
