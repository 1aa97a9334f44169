//! SERVQUAL answers, one response per shipment.

use crate::store::{Store, Tx, on_conn, on_pool};

/// A new response's row.
pub struct NewFeedback<'a> {
    pub order_id: &'a str,
    pub shipment: i64,
    pub carrier: &'a str,
    pub service: &'a str,
    pub seller: &'a str,
    /// The day it was submitted (UTC), YYYY-MM-DD.
    pub submitted_on: &'a str,
    pub idempotency_key: &'a str,
    /// The answers as submitted, JSON.
    pub submission: &'a str,
}

/// Every response as (carrier, service, submitted_on, submission JSON), or only those about
/// `seller`'s shipments, oldest first.
pub async fn responses(
    store: &Store,
    seller: Option<&str>,
) -> Result<Vec<(String, String, String, String)>, sqlx::Error> {
    on_pool!(store, |db| sqlx::query_as(
        "SELECT carrier, service, submitted_on, submission FROM feedback
         WHERE $1 IS NULL OR seller = $1 ORDER BY id",
    )
    .bind(seller)
    .fetch_all(db)
    .await)
}

/// The (Idempotency-Key, submission JSON) of the response about shipment `shipment` of order
/// `order_id`, if there is one.
pub async fn of_shipment(
    tx: &mut Tx,
    order_id: &str,
    shipment: i64,
) -> Result<Option<(Option<String>, String)>, sqlx::Error> {
    on_conn!(tx, |db| sqlx::query_as(
        "SELECT idempotency_key, submission FROM feedback WHERE order_id = $1 AND shipment = $2",
    )
    .bind(order_id)
    .bind(shipment)
    .fetch_optional(&mut *db)
    .await)
}

/// Writes a response.
pub async fn insert(tx: &mut Tx, feedback: &NewFeedback<'_>) -> Result<(), sqlx::Error> {
    on_conn!(tx, |db| sqlx::query(
        "INSERT INTO feedback (order_id, shipment, carrier, service, seller, submitted_on,
                               idempotency_key, submission)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(feedback.order_id)
    .bind(feedback.shipment)
    .bind(feedback.carrier)
    .bind(feedback.service)
    .bind(feedback.seller)
    .bind(feedback.submitted_on)
    .bind(feedback.idempotency_key)
    .bind(feedback.submission)
    .execute(&mut *db)
    .await
    .map(|done| done.rows_affected()))
    .map(|_| ())
}
