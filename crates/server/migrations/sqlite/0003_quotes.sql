-- Quotes as answered: an order placed from a quote charges exactly what its body says, so the
-- body is kept verbatim (JSON) with the request it answered.

CREATE TABLE quotes (
    id         TEXT PRIMARY KEY,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    request    TEXT NOT NULL,
    body       TEXT NOT NULL
);
