-- The search indexes' vocabularies on PostgreSQL (migrations/postgres/00028_search_vocab.sql).
-- SQLite's are the fts5vocab tables made with each index (store.CreateSearchIndex): nothing to do.

-- +goose Up

SELECT 1;

-- +goose Down

SELECT 1;
