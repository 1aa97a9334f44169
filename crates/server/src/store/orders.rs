//! Placed orders, each once per Idempotency-Key, numbered in sequence.

use crate::store::{Connected, Tx, on_conn};

/// A new order's row.
pub struct NewOrder<'a> {
    pub id: &'a str,
    pub seq: i64,
    pub number: &'a str,
    pub idempotency_key: &'a str,
    /// Tells a replay from a different request under the same key.
    pub request_hash: &'a str,
    pub quote_id: &'a str,
    pub placed_at: i64,
    /// The order as answered, JSON.
    pub body: &'a str,
}

/// The (request hash, body) of the order placed under `idempotency_key`, if any.
pub async fn by_idempotency_key(
    tx: &mut Tx,
    idempotency_key: &str,
) -> Result<Option<(String, String)>, sqlx::Error> {
    on_conn!(tx, |db| sqlx::query_as(
        "SELECT request_hash, body FROM orders WHERE idempotency_key = $1",
    )
    .bind(idempotency_key)
    .fetch_optional(&mut *db)
    .await)
}

/// The sequence number the next order takes.
pub async fn next_seq(tx: &mut Tx) -> Result<i64, sqlx::Error> {
    let (seq,): (i64,) = on_conn!(tx, |db| sqlx::query_as(
        "SELECT COALESCE(MAX(seq), 100000) + 1 FROM orders",
    )
    .fetch_one(&mut *db)
    .await)?;
    Ok(seq)
}

/// Writes a new order.
pub async fn insert(tx: &mut Tx, order: &NewOrder<'_>) -> Result<(), sqlx::Error> {
    on_conn!(tx, |db| sqlx::query(
        "INSERT INTO orders (id, seq, number, idempotency_key, request_hash, quote_id, placed_at, body)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(order.id)
    .bind(order.seq)
    .bind(order.number)
    .bind(order.idempotency_key)
    .bind(order.request_hash)
    .bind(order.quote_id)
    .bind(order.placed_at)
    .bind(order.body)
    .execute(&mut *db)
    .await
    .map(|done| done.rows_affected()))
    .map(|_| ())
}

/// The body of order `id` as it was answered (JSON), if there is one.
pub async fn body(db: &mut impl Connected, id: &str) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> = on_conn!(db, |db| sqlx::query_as(
        "SELECT body FROM orders WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *db)
    .await)?;
    Ok(row.map(|(body,)| body))
}
