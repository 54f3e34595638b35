-- The search indexes' vocabularies on PostgreSQL (store/search_pg.go): how many rows of each
-- index hold each gram, as SQLite's fts5vocab tables tell. The directory lookup by one or two
-- characters counts its matches from the gram's row instead of visiting the heap page of every
-- row the GIN index finds (a GIN index has no index-only scan). Counted here from the rows there
-- are; store.IndexNames, BulkIndexNames and ClearSearchIndex keep them from now on, and
-- store.RecountSearchVocab counts one afresh the same way. (IF NOT EXISTS: an adopted database's
-- version 1 made them already, store.PgSearchTableSQL; they are counted again all the same.)

-- +goose Up

CREATE TABLE IF NOT EXISTS customer_search_vocab (term text PRIMARY KEY, doc bigint NOT NULL);
CREATE TABLE IF NOT EXISTS enterprise_search_vocab (term text PRIMARY KEY, doc bigint NOT NULL);
CREATE TABLE IF NOT EXISTS partner_search_vocab (term text PRIMARY KEY, doc bigint NOT NULL);

DELETE FROM customer_search_vocab;
INSERT INTO customer_search_vocab (term, doc) SELECT g, COUNT(*) FROM customer_search, unnest(grams) AS g GROUP BY g;
DELETE FROM enterprise_search_vocab;
INSERT INTO enterprise_search_vocab (term, doc) SELECT g, COUNT(*) FROM enterprise_search, unnest(grams) AS g GROUP BY g;
DELETE FROM partner_search_vocab;
INSERT INTO partner_search_vocab (term, doc) SELECT g, COUNT(*) FROM partner_search, unnest(grams) AS g GROUP BY g;

-- +goose Down

DROP TABLE partner_search_vocab;
DROP TABLE enterprise_search_vocab;
DROP TABLE customer_search_vocab;
