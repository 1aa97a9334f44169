//! Messages between a buyer and the sellers and carriers of their order.

use crate::store::{Store, Tx, on_conn, on_pool};

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

/// Writes a message in `tx` (a [`Store::begin_write`] transaction, so ids are committed in
/// order and a stream reading "after the last id seen" misses none); its id, which orders the
/// messages of all orders.
pub async fn insert(tx: &mut Tx, message: &NewMessage<'_>) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = on_conn!(tx, |db| sqlx::query_as(
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
    Ok(id)
}

/// One conversation: order `order_id`'s messages with `party` `party_id`, as (author, sent
/// at), oldest first.
pub async fn thread(
    tx: &mut Tx,
    order_id: &str,
    party: &str,
    party_id: &str,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    on_conn!(tx, |db| sqlx::query_as(
        "SELECT author, sent_at FROM messages
         WHERE order_id = $1 AND party = $2 AND party_id = $3 ORDER BY id",
    )
    .bind(order_id)
    .bind(party)
    .bind(party_id)
    .fetch_all(&mut *db)
    .await)
}

/// Records that `party` `party_id` replied after `seconds`.
pub async fn insert_reply_delay(
    tx: &mut Tx,
    party: &str,
    party_id: &str,
    seconds: i64,
) -> Result<(), sqlx::Error> {
    on_conn!(tx, |db| sqlx::query(
        "INSERT INTO reply_delays (party, party_id, seconds) VALUES ($1, $2, $3)",
    )
    .bind(party)
    .bind(party_id)
    .bind(seconds)
    .execute(&mut *db)
    .await
    .map(|_| ()))
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

/// How long each of `party` `party_id`'s `latest` most recent replies took, in seconds, on any
/// order: an index range, however many replies the party has ever written.
pub async fn reply_delays(
    store: &Store,
    party: &str,
    party_id: &str,
    latest: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    on_pool!(store, |db| sqlx::query_scalar(
        "SELECT seconds FROM reply_delays WHERE party = $1 AND party_id = $2
         ORDER BY id DESC LIMIT $3",
    )
    .bind(party)
    .bind(party_id)
    .bind(latest)
    .fetch_all(db)
    .await)
}
