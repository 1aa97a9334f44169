-- Shipments as carriers know them, their tracking events, and the webhook deliveries already
-- accepted (a replayed delivery is refused).

CREATE TABLE shipments (
    tracking_number TEXT PRIMARY KEY,
    order_id        TEXT NOT NULL REFERENCES orders (id),
    position        INTEGER NOT NULL,
    carrier         TEXT NOT NULL,
    service         TEXT NOT NULL,
    level           TEXT NOT NULL,
    terms           TEXT NOT NULL,
    origin          TEXT NOT NULL,
    destination     TEXT NOT NULL,
    status          TEXT NOT NULL,
    placed_at       BIGINT NOT NULL,
    UNIQUE (order_id, position)
);

CREATE INDEX shipments_active ON shipments (status);

-- The id is global and only grows: it is the server-sent event id.
CREATE TABLE tracking_events (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id        TEXT NOT NULL REFERENCES orders (id),
    tracking_number TEXT NOT NULL REFERENCES shipments (tracking_number),
    status          TEXT NOT NULL,
    occurred_at     BIGINT NOT NULL,
    city            TEXT,
    country         TEXT,
    note            TEXT
);

CREATE INDEX tracking_events_order ON tracking_events (order_id, id);

CREATE TABLE webhook_deliveries (
    carrier     TEXT NOT NULL,
    delivery_id TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (carrier, delivery_id)
);
