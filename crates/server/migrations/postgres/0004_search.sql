-- Search. The server fills these tables from the catalog (store::search::rebuild): texts are
-- folded and cut into terms in Rust (domain::search), so both engines index the same terms.

-- Trigram similarity finds the terms a typo was meant to be.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- One document per product and language it has texts in: the name (weight A), the maker,
-- category and origin country named in that language (B) and the description (C).
CREATE TABLE search_documents (
    product_id BIGINT NOT NULL REFERENCES products (id),
    lang       TEXT NOT NULL,
    document   tsvector NOT NULL,
    PRIMARY KEY (product_id, lang)
);
CREATE INDEX search_documents_document ON search_documents USING gin (document);

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
