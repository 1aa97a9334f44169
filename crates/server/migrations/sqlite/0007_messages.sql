-- Messages between the buyer and the seller or carrier of an order.

CREATE TABLE messages (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id TEXT NOT NULL REFERENCES orders (id),
    -- Who the buyer talks to in this thread: the seller or the carrier of a shipment.
    party    TEXT NOT NULL CHECK (party IN ('seller', 'carrier')),
    -- The seller slug or carrier code.
    party_id TEXT NOT NULL,
    author   TEXT NOT NULL CHECK (author IN ('buyer', 'seller', 'carrier')),
    body     TEXT NOT NULL,
    sent_at  BIGINT NOT NULL
);

CREATE INDEX messages_order ON messages (order_id, id);
CREATE INDEX messages_party ON messages (party, party_id, id);
