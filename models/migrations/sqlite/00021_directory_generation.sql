-- The directory's generation (models/directory_cache.go): one counter that every write to what
-- the pages' filter lists and names show (partners, partner members, labels) moves on, by the
-- triggers below, in the writer's own transaction. A server keeps those lists in memory with the
-- generation it read them at and drops them when the database's generation is another: every
-- writer is counted, whichever process or tool it runs in. Customer users are not in the lists:
-- creating one (each new customer does) leaves the generation alone.

-- +goose Up

CREATE TABLE `directory_generations` (`id` integer PRIMARY KEY AUTOINCREMENT,`gen` integer NOT NULL DEFAULT 0);

INSERT INTO `directory_generations` (`id`, `gen`) VALUES (1, 0);

-- +goose StatementBegin
CREATE TRIGGER `tr_dir_partners_insert` AFTER INSERT ON `partners` BEGIN UPDATE `directory_generations` SET `gen` = `gen` + 1 WHERE `id` = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER `tr_dir_partners_update` AFTER UPDATE ON `partners` BEGIN UPDATE `directory_generations` SET `gen` = `gen` + 1 WHERE `id` = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER `tr_dir_partners_delete` AFTER DELETE ON `partners` BEGIN UPDATE `directory_generations` SET `gen` = `gen` + 1 WHERE `id` = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER `tr_dir_users_insert` AFTER INSERT ON `users` WHEN NEW.`kind` <> 'customer' BEGIN UPDATE `directory_generations` SET `gen` = `gen` + 1 WHERE `id` = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER `tr_dir_users_update` AFTER UPDATE OF `username`, `display_name`, `kind`, `partner_id`, `roles`, `disabled`, `email`, `mobile` ON `users` BEGIN UPDATE `directory_generations` SET `gen` = `gen` + 1 WHERE `id` = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER `tr_dir_users_delete` AFTER DELETE ON `users` BEGIN UPDATE `directory_generations` SET `gen` = `gen` + 1 WHERE `id` = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER `tr_dir_labels_insert` AFTER INSERT ON `labels` BEGIN UPDATE `directory_generations` SET `gen` = `gen` + 1 WHERE `id` = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER `tr_dir_labels_update` AFTER UPDATE ON `labels` BEGIN UPDATE `directory_generations` SET `gen` = `gen` + 1 WHERE `id` = 1; END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER `tr_dir_labels_delete` AFTER DELETE ON `labels` BEGIN UPDATE `directory_generations` SET `gen` = `gen` + 1 WHERE `id` = 1; END;
-- +goose StatementEnd

-- +goose Down

DROP TRIGGER `tr_dir_labels_delete`;
DROP TRIGGER `tr_dir_labels_update`;
DROP TRIGGER `tr_dir_labels_insert`;
DROP TRIGGER `tr_dir_users_delete`;
DROP TRIGGER `tr_dir_users_update`;
DROP TRIGGER `tr_dir_users_insert`;
DROP TRIGGER `tr_dir_partners_delete`;
DROP TRIGGER `tr_dir_partners_update`;
DROP TRIGGER `tr_dir_partners_insert`;
DROP TABLE `directory_generations`;
