//! Quotes as answered, kept until an order is placed from them or long after they expire.

use crate::store::{Connected, Store, Tx, on_conn, on_pool};

/// A quote row as written.
pub struct QuoteRow<'a> {
    pub id: &'a str,
    pub created_at: i64,
    /// The expiry in force, in seconds since the epoch.
    pub expires_at: i64,
    /// The request answered, JSON.
    pub request: &'a str,
    /// The body answered, deflated JSON.
    pub body_deflated: Vec<u8>,
}

/// A store for the one quote writer: on SQLite its own single connection with
/// `synchronous = NORMAL`, since a quote lost to a power cut is only quoted again.
pub fn writer(store: &Store) -> Store {
    use sqlx::sqlite::{SqlitePoolOptions, SqliteSynchronous};
    match &store.engine {
        super::Engine::Postgres(_) => store.clone(),
        super::Engine::Sqlite(pool) => {
            let relaxed = (*pool.connect_options())
                .clone()
                .synchronous(SqliteSynchronous::Normal);
            Store {
                engine: super::Engine::Sqlite(
                    SqlitePoolOptions::new()
                        .max_connections(1)
                        .connect_lazy_with(relaxed),
                ),
                secrets: store.secrets.clone(),
            }
        }
    }
}

/// Writes `quote`.
pub async fn insert(db: &mut impl Connected, quote: &QuoteRow<'_>) -> Result<(), sqlx::Error> {
    on_conn!(db, |db| sqlx::query(
        "INSERT INTO quotes (id, created_at, expires_at, request, body, body_deflated)
         VALUES ($1, $2, $3, $4, '', $5)",
    )
    .bind(quote.id)
    .bind(quote.created_at)
    .bind(quote.expires_at)
    .bind(quote.request)
    .bind(&quote.body_deflated)
    .execute(&mut *db)
    .await
    .map(|done| done.rows_affected()))
    .map(|_| ())
}

/// Quote `id` as (body as plain JSON, or else deflated; expiry in force), if it is kept.
/// Quotes stored before bodies were deflated have only the plain body.
pub async fn read(
    db: &mut impl Connected,
    id: &str,
) -> Result<Option<(String, Option<Vec<u8>>, i64)>, sqlx::Error> {
    on_conn!(db, |db| sqlx::query_as(
        "SELECT body, body_deflated, expires_at FROM quotes WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *db)
    .await)
}

/// Expires every stored quote still open at `now`: their prices no longer hold. They expire
/// the second before `now`, so an order within this same second is refused too. Quotes still
/// queued are not seen: `QuoteStore::flush` first. Returns how many were expired.
pub async fn expire_open(tx: &mut Tx, now: i64) -> Result<u64, sqlx::Error> {
    let expired = on_conn!(tx, |db| sqlx::query(
        "UPDATE quotes SET expires_at = $1 WHERE expires_at >= $2",
    )
    .bind(now - 1)
    .bind(now)
    .execute(&mut *db)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(expired)
}

/// Deletes the quotes that expired before `before` and no order was placed from.
pub async fn purge_expired(store: &Store, before: i64) -> Result<(), sqlx::Error> {
    on_pool!(store, |db| sqlx::query(
        "DELETE FROM quotes WHERE expires_at < $1
           AND NOT EXISTS (SELECT 1 FROM orders WHERE orders.quote_id = quotes.id)",
    )
    .bind(before)
    .execute(db)
    .await
    .map(|done| done.rows_affected()))
    .map(|_| ())
}
