//! Messages between a buyer and the sellers and carriers of their order.

use crate::store::{Store, on_conn, on_pool};

/// A new message's row.
pub struct NewMessage<'a> {
    pub order_id: &'a str,
    /// Who the conversation is with: a seller or a carrier.
    pub party: &'a str,
    pub party_id: &'a str,
    pub author: &'a str,
    pub body: &'a str,
    pub sent_at: i64,
}

/// A message as stored.
#[derive(sqlx::FromRow)]
pub struct MessageRow {
    pub id: i64,
    pub party: String,
    pub party_id: String,
    pub author: String,
    pub body: String,
    pub sent_at: i64,
}

/// Writes a message; its id, which orders the messages of all orders. Under the write lock, so
/// ids are committed in order and a stream reading "after the last id seen" misses none.
pub async fn insert(store: &Store, message: &NewMessage<'_>) -> Result<i64, sqlx::Error> {
    let mut tx = store.begin_write().await?;
    let (id,): (i64,) = on_conn!(&mut tx, |db| sqlx::query_as(
        "INSERT INTO messages (order_id, party, party_id, author, body, sent_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(message.order_id)
    .bind(message.party)
    .bind(message.party_id)
    .bind(message.author)
    .bind(message.body)
    .bind(message.sent_at)
    .fetch_one(&mut *db)
    .await)?;
    super::feeds::notify(&mut tx, super::feeds::Change::Messages(id)).await?;
    tx.commit().await?;
    Ok(id)
}

/// Order `order_id`'s messages with an id above `after`, oldest first.
pub async fn after(
    store: &Store,
    order_id: &str,
    after: i64,
) -> Result<Vec<MessageRow>, sqlx::Error> {
    on_pool!(store, |db| sqlx::query_as(
        "SELECT id, party, party_id, author, body, sent_at FROM messages
         WHERE order_id = $1 AND id > $2 ORDER BY id",
    )
    .bind(order_id)
    .bind(after)
    .fetch_all(db)
    .await)
}

/// Every message of `party` `party_id`'s conversations, as (order id, author, sent at), by
/// order and oldest first within each.
pub async fn history(
    store: &Store,
    party: &str,
    party_id: &str,
) -> Result<Vec<(String, String, i64)>, sqlx::Error> {
    on_pool!(store, |db| sqlx::query_as(
        "SELECT order_id, author, sent_at FROM messages
         WHERE party = $1 AND party_id = $2 ORDER BY order_id, id",
    )
    .bind(party)
    .bind(party_id)
    .fetch_all(db)
    .await)
}
