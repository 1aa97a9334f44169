-- Search. The server fills these tables from the catalog (store::search::rebuild): texts are
-- folded and cut into terms in Rust (domain::search), so both engines index the same terms.

-- Trigram similarity finds the terms a typo was meant to be.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- One document per product and language it has texts in, as three sets of terms: the name's;
-- the name's, maker's, category's and origin country's (named in that language); and all of
-- them with the description's. A search finds documents by the last (the GIN index answers
-- it) and ranks each by the first set that has every term: name, then details, then anywhere.
CREATE TABLE search_documents (
    product_id BIGINT NOT NULL REFERENCES products (id),
    lang       TEXT NOT NULL,
    name_terms tsvector NOT NULL,
    head_terms tsvector NOT NULL,
    all_terms  tsvector NOT NULL,
    PRIMARY KEY (product_id, lang)
);
CREATE INDEX search_documents_all_terms ON search_documents USING gin (all_terms);

-- Every word term of every document: what a typo is corrected to. Byte order, so a prefix is
-- one index range.
CREATE TABLE search_terms (
    term TEXT COLLATE "C" PRIMARY KEY
);
CREATE INDEX search_terms_trigrams ON search_terms USING gin (term gin_trgm_ops);

-- Which folding built the index (rebuilt when the server's differs) and how many times it was
-- rebuilt (a server's cached catalog facts are stale when this moved).
CREATE TABLE search_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    version    BIGINT NOT NULL,
    generation BIGINT NOT NULL
);
INSERT INTO search_state (id, version, generation) VALUES (1, 0, 0);
