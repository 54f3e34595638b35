-- The partners' search index (store.PartnerSearchTable): the operator finds a partner by a part
-- of its name or account name (the deposit form's picker, models.SearchPartners) through the
-- gram index the customers' and the directory's searches use, instead of reading every partner.

-- +goose Up

CREATE VIRTUAL TABLE partner_search USING fts5(grams, content='', contentless_delete=1, detail=none, tokenize='unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE partner_search_vocab USING fts5vocab(partner_search, 'row');

-- The partners already there, indexed by every character and pair of adjacent characters of their
-- names (lower-cased as store.Grams does). That is more tokens than store.Grams writes (it splits
-- at punctuation and spaces, and skips single Latin letters), never fewer: the tokenizer splits a
-- pair holding a space or a mark into its letter, and the search asks only for pairs within a
-- run of letters and digits, then checks every name found with LIKE. A partner created or
-- renamed later is indexed by store.IndexNames.
-- +goose StatementBegin
WITH RECURSIVE g(id, s, i, grams) AS (
    SELECT id, lower(name) || ' ' || lower(account_name), 1, '' FROM partners
    UNION ALL
    SELECT id, s, i + 1, grams || substr(s, i, 1) || ' ' || substr(s, i, 2) || ' ' FROM g WHERE i <= length(s)
)
INSERT INTO partner_search(rowid, grams) SELECT id, grams FROM g WHERE i = length(s) + 1;
-- +goose StatementEnd

-- +goose Down

DROP TABLE partner_search_vocab;
DROP TABLE partner_search;
