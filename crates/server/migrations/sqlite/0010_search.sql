-- Search. The server fills these tables from the catalog (store::search::rebuild): texts are
-- folded and cut into terms in Rust (domain::search), so both engines index the same terms.

-- One document per product and language it has texts in: the name, the "details" (maker,
-- category and origin country, named in that language) and the description, each a
-- space-separated list of terms. Contentless (the texts are in the catalog's tables): the row id
-- says whose document it is, product id * 8 + the language's number (store::search::LANGUAGES).
CREATE VIRTUAL TABLE search_documents USING fts5 (
    name,
    details,
    description,
    content = '',
    -- Terms arrive folded and separated by spaces; marks are kept inside them.
    tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'"
);

-- Every word term of every document: what a typo is corrected to.
CREATE TABLE search_terms (
    term TEXT PRIMARY KEY
) WITHOUT ROWID;

-- Each term of four letters or more under itself and each of its one-letter deletions: a
-- query word finds the terms one edit from it by looking up its own keys.
CREATE TABLE search_term_keys (
    key  TEXT NOT NULL,
    term TEXT NOT NULL,
    PRIMARY KEY (key, term)
) WITHOUT ROWID;

-- Which folding built the index (rebuilt when the server's differs) and how many times it was
-- rebuilt (a server's cached catalog facts are stale when this moved).
CREATE TABLE search_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    version    INTEGER NOT NULL,
    generation INTEGER NOT NULL
);
INSERT INTO search_state (id, version, generation) VALUES (1, 0, 0);
