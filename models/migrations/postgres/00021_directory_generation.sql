-- The directory's generation (models/directory_cache.go): one counter that every write to what
-- the pages' filter lists and names show (partners, partner members, labels) moves on, by the
-- triggers below, in the writer's own transaction. A server keeps those lists in memory with the
-- generation it read them at and drops them when the database's generation is another: every
-- writer is counted, whichever process or tool it runs in. Customer users are not in the lists:
-- creating one (each new customer does) leaves the generation alone.

-- PostgreSQL: the same counter, moved by one trigger function that the triggers call.

-- +goose Up

CREATE TABLE "directory_generations" ("id" bigserial PRIMARY KEY,"gen" bigint NOT NULL DEFAULT 0);

INSERT INTO "directory_generations" ("id", "gen") VALUES (1, 0);

-- +goose StatementBegin
CREATE FUNCTION directory_generation_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN UPDATE directory_generations SET gen = gen + 1 WHERE id = 1; RETURN NULL; END $$;
-- +goose StatementEnd

CREATE TRIGGER tr_dir_partners_insert AFTER INSERT ON partners FOR EACH ROW EXECUTE FUNCTION directory_generation_move();
CREATE TRIGGER tr_dir_partners_update AFTER UPDATE ON partners FOR EACH ROW EXECUTE FUNCTION directory_generation_move();
CREATE TRIGGER tr_dir_partners_delete AFTER DELETE ON partners FOR EACH ROW EXECUTE FUNCTION directory_generation_move();
CREATE TRIGGER tr_dir_users_insert AFTER INSERT ON users FOR EACH ROW WHEN (NEW.kind <> 'customer') EXECUTE FUNCTION directory_generation_move();
CREATE TRIGGER tr_dir_users_update AFTER UPDATE OF username, display_name, kind, partner_id, roles, disabled, email, mobile ON users FOR EACH ROW EXECUTE FUNCTION directory_generation_move();
CREATE TRIGGER tr_dir_users_delete AFTER DELETE ON users FOR EACH ROW EXECUTE FUNCTION directory_generation_move();
CREATE TRIGGER tr_dir_labels_insert AFTER INSERT ON labels FOR EACH ROW EXECUTE FUNCTION directory_generation_move();
CREATE TRIGGER tr_dir_labels_update AFTER UPDATE ON labels FOR EACH ROW EXECUTE FUNCTION directory_generation_move();
CREATE TRIGGER tr_dir_labels_delete AFTER DELETE ON labels FOR EACH ROW EXECUTE FUNCTION directory_generation_move();

-- +goose Down

DROP TRIGGER tr_dir_labels_delete ON labels;
DROP TRIGGER tr_dir_labels_update ON labels;
DROP TRIGGER tr_dir_labels_insert ON labels;
DROP TRIGGER tr_dir_users_delete ON users;
DROP TRIGGER tr_dir_users_update ON users;
DROP TRIGGER tr_dir_users_insert ON users;
DROP TRIGGER tr_dir_partners_delete ON partners;
DROP TRIGGER tr_dir_partners_update ON partners;
DROP TRIGGER tr_dir_partners_insert ON partners;
DROP FUNCTION directory_generation_move();
DROP TABLE "directory_generations";
