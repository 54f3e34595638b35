-- The price list's generation (models/pricing_cache.go): a counter that every new price version
-- moves on, by the trigger below, in the writer's own transaction. A server keeps the prices it
-- read in memory with the generation it read them at and drops them when the database's
-- generation is another. The newest version's id served before, but PostgreSQL's sequences hand
-- out ids in the order versions begin, not the order they commit: a version committed after a
-- newer one left the newest id where it was, and its prices out of the copy. The counter's row
-- lock makes the writers of versions move it in the order they commit.

-- +goose Up

CREATE TABLE "price_generations" ("id" bigserial PRIMARY KEY,"gen" bigint NOT NULL DEFAULT 0);

INSERT INTO "price_generations" ("id", "gen") VALUES (1, 0);

-- +goose StatementBegin
CREATE FUNCTION price_generation_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN UPDATE price_generations SET gen = gen + 1 WHERE id = 1; RETURN NULL; END $$;
-- +goose StatementEnd

CREATE TRIGGER tr_price_versions_insert AFTER INSERT ON price_versions FOR EACH ROW EXECUTE FUNCTION price_generation_move();

-- +goose Down

DROP TRIGGER tr_price_versions_insert ON price_versions;
DROP FUNCTION price_generation_move();
DROP TABLE "price_generations";
