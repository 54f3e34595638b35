-- The partners' search index (store.PartnerSearchTable): the operator finds a partner by a part
-- of its name or account name (the deposit form's picker, models.SearchPartners) through the
-- gram index the customers' and the directory's searches use, instead of reading every partner.

-- +goose Up

CREATE TABLE partner_search (id bigint PRIMARY KEY, grams text[] NOT NULL, names text NOT NULL);
CREATE INDEX ix_partner_search_grams ON partner_search USING gin (grams);
CREATE INDEX ix_partner_search_names ON partner_search USING gin (names gin_trgm_ops);

-- The partners already there, indexed by every character and every pair of adjacent characters
-- of their lower-cased names made of letters and digits only. That is more tokens than
-- store.Grams writes (it skips single Latin letters), never fewer, and the search checks every
-- name found with LIKE. A partner created or renamed later is indexed by store.IndexNames.
INSERT INTO partner_search (id, grams, names)
SELECT p.id,
  ARRAY(SELECT DISTINCT g FROM (
      SELECT substr(p.s, i, 1) AS g FROM generate_series(1, length(p.s)) AS i
      UNION SELECT substr(p.s, i, 2) FROM generate_series(1, length(p.s) - 1) AS i) AS t
    WHERE g ~ '^[[:alnum:]]+$'),
  lower(p.name || E'\n' || p.account_name)
FROM (SELECT id, name, account_name, lower(name) || ' ' || lower(account_name) AS s FROM partners) AS p;

-- +goose Down

DROP TABLE partner_search;
