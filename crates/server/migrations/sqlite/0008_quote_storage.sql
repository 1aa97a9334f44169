-- Quotes are the busiest write, and a two-seller quote is ~17 KB of JSON: bodies are now stored
-- deflated in `body_deflated`, leaving `body` empty (quotes stored before keep their text there).
-- Expired quotes are deleted unless an order was placed from them: find both sides by index.

ALTER TABLE quotes ADD COLUMN body_deflated BLOB;
CREATE INDEX quotes_by_expiry ON quotes (expires_at);
CREATE INDEX orders_by_quote ON orders (quote_id);
