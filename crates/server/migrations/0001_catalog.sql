-- The catalog: sellers, their products (prices in the seller's currency, integer minor units)
-- and per-language product texts. Kept portable to PostgreSQL (see DESIGN.md).

CREATE TABLE sellers (
    id       INTEGER PRIMARY KEY,
    slug     TEXT NOT NULL UNIQUE,
    name     TEXT NOT NULL,
    country  TEXT NOT NULL CHECK (length(country) = 2),
    currency TEXT NOT NULL CHECK (length(currency) = 3)
);

CREATE TABLE products (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    seller_id   INTEGER NOT NULL REFERENCES sellers (id),
    category    TEXT NOT NULL,
    price_minor BIGINT NOT NULL CHECK (price_minor >= 0),
    image       TEXT NOT NULL,
    stock       INTEGER NOT NULL CHECK (stock >= 0),
    -- Catalog order: the seller's featured products first.
    position    INTEGER NOT NULL
);

CREATE INDEX products_position ON products (position, id);

CREATE TABLE product_translations (
    product_id  INTEGER NOT NULL REFERENCES products (id),
    lang        TEXT NOT NULL,
    name        TEXT NOT NULL,
    description TEXT NOT NULL,
    PRIMARY KEY (product_id, lang)
);
