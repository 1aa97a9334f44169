-- Published exchange rates against a base currency, one set per publication date; the newest
-- date is the one in force. Rates are integer millionths (see domain::money::RATE_SCALE).

CREATE TABLE exchange_rates (
    as_of       TEXT NOT NULL,
    base        TEXT NOT NULL CHECK (length(base) = 3),
    currency    TEXT NOT NULL CHECK (length(currency) = 3),
    rate_micros BIGINT NOT NULL CHECK (rate_micros > 0),
    PRIMARY KEY (as_of, currency)
);
