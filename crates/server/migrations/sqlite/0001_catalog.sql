-- The catalog: sellers, their products and variants (prices in the seller's currency, integer
-- minor units), per-language texts and the traits import rules look at.
-- Kept portable to PostgreSQL (see DESIGN.md).

CREATE TABLE sellers (
    id       INTEGER PRIMARY KEY,
    slug     TEXT NOT NULL UNIQUE,
    name     TEXT NOT NULL,
    country  TEXT NOT NULL CHECK (length(country) = 2),
    currency TEXT NOT NULL CHECK (length(currency) = 3),
    city     TEXT NOT NULL
);

CREATE TABLE products (
    id        INTEGER PRIMARY KEY,
    slug      TEXT NOT NULL UNIQUE,
    seller_id INTEGER NOT NULL REFERENCES sellers (id),
    category  TEXT NOT NULL,
    -- Harmonized System subheading, e.g. 6912.00; its chapter drives duty rates.
    hs_code   TEXT NOT NULL,
    image     TEXT NOT NULL,
    -- The packed parcel, for actual and volumetric weight.
    weight_g  INTEGER NOT NULL CHECK (weight_g > 0),
    length_mm INTEGER NOT NULL CHECK (length_mm > 0),
    width_mm  INTEGER NOT NULL CHECK (width_mm > 0),
    height_mm INTEGER NOT NULL CHECK (height_mm > 0),
    featured  BOOLEAN NOT NULL DEFAULT FALSE,
    -- Catalog order.
    position  INTEGER NOT NULL
);

CREATE INDEX products_position ON products (position, id);

CREATE TABLE product_traits (
    product_id INTEGER NOT NULL REFERENCES products (id),
    trait      TEXT NOT NULL,
    PRIMARY KEY (product_id, trait)
);

CREATE TABLE product_translations (
    product_id  INTEGER NOT NULL REFERENCES products (id),
    lang        TEXT NOT NULL,
    name        TEXT NOT NULL,
    description TEXT NOT NULL,
    PRIMARY KEY (product_id, lang)
);

-- Every product has at least one variant; stock and price live here.
CREATE TABLE variants (
    id          INTEGER PRIMARY KEY,
    product_id  INTEGER NOT NULL REFERENCES products (id),
    key         TEXT NOT NULL,
    price_minor BIGINT NOT NULL CHECK (price_minor >= 0),
    stock       INTEGER NOT NULL CHECK (stock >= 0),
    position    INTEGER NOT NULL,
    UNIQUE (product_id, key)
);

CREATE TABLE variant_labels (
    variant_id INTEGER NOT NULL REFERENCES variants (id),
    lang       TEXT NOT NULL,
    label      TEXT NOT NULL,
    PRIMARY KEY (variant_id, lang)
);
