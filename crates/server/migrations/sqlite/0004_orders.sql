-- Orders and the server's own secrets.
--
-- An order keeps its full document (JSON) as placed; the columns beside it are what lookups
-- need. Access tokens are not stored: they are HMACs of the order id under a server secret.

CREATE TABLE secrets (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
);

CREATE TABLE orders (
    id              TEXT PRIMARY KEY,
    seq             INTEGER NOT NULL UNIQUE,
    number          TEXT NOT NULL UNIQUE,
    idempotency_key TEXT NOT NULL UNIQUE,
    request_hash    TEXT NOT NULL,
    quote_id        TEXT NOT NULL REFERENCES quotes (id),
    placed_at       BIGINT NOT NULL,
    body            TEXT NOT NULL
);
