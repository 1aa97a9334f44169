-- SERVQUAL answers, kept raw (the submission as received) so every aggregate can be
-- recomputed. Seeded historical responses have no order.

CREATE TABLE feedback (
    id              INTEGER PRIMARY KEY,
    order_id        TEXT REFERENCES orders (id),
    shipment        INTEGER,
    carrier         TEXT NOT NULL,
    service         TEXT NOT NULL,
    seller          TEXT NOT NULL,
    submitted_on    TEXT NOT NULL,
    idempotency_key TEXT,
    submission      TEXT NOT NULL,
    UNIQUE (order_id, shipment)
);

CREATE INDEX feedback_carrier ON feedback (carrier, service);
