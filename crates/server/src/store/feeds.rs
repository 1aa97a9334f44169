//! Changes every server instance must hear of: new tracking events and messages (each instance
//! wakes its own streams, which then read their rows from the database) and new exchange rates
//! and ratings (each instance drops its cached copy). On PostgreSQL a write notifies every
//! instance (`NOTIFY`, carrying at most an id, delivered when the write commits), and each
//! instance listens. When the listening connection drops, an instance catches up once it is
//! back ([`Change::Reconnected`]), so a notification missed meanwhile delays nothing further;
//! rows were never in a notification, so nothing is lost. SQLite has one instance: nothing to
//! notify.

use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::PgListener;

use crate::store::{Conn, Connected, Engine, Store, Tx};

/// Something another instance may have written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change<'a> {
    /// Tracking event `id` of `order` exists.
    Events { order: &'a str, id: i64 },
    /// Message `id` on `order` exists.
    Messages { order: &'a str, id: i64 },
    /// New exchange rates were published.
    Rates,
    /// Feedback changed the ratings.
    Ratings,
    /// Notifications may have been missed: any stream may have rows to read, and anything
    /// cached may be old.
    Reconnected,
}

const EVENTS: &str = "storefront_events";
const MESSAGES: &str = "storefront_messages";
const RATES: &str = "storefront_rates";
const RATINGS: &str = "storefront_ratings";

impl<'a> Change<'a> {
    /// The channel and payload: for a feed, the row's id and its order's id (ids only; the
    /// streams read the row).
    fn channel(self) -> Option<(&'static str, String)> {
        match self {
            Self::Events { order, id } => Some((EVENTS, format!("{id} {order}"))),
            Self::Messages { order, id } => Some((MESSAGES, format!("{id} {order}"))),
            Self::Rates => Some((RATES, String::new())),
            Self::Ratings => Some((RATINGS, String::new())),
            Self::Reconnected => None,
        }
    }

    fn from_notification(channel: &str, payload: &'a str) -> Option<Self> {
        let row = || {
            let (id, order) = payload.split_once(' ')?;
            Some((order, id.parse().ok()?))
        };
        match channel {
            EVENTS => row().map(|(order, id)| Self::Events { order, id }),
            MESSAGES => row().map(|(order, id)| Self::Messages { order, id }),
            RATES => Some(Self::Rates),
            RATINGS => Some(Self::Ratings),
            _ => None,
        }
    }
}

/// Tells every instance of `change` once `tx` commits.
pub async fn notify(tx: &mut Tx, change: Change<'_>) -> Result<(), sqlx::Error> {
    let (Conn::Postgres(db), Some((channel, payload))) = (tx.conn(), change.channel()) else {
        return Ok(());
    };
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(channel)
        .bind(payload)
        .execute(db)
        .await
        .map(|_| ())
}

/// Hands `apply` every change other instances (and this one) write, for as long as the process
/// runs, and [`Change::Reconnected`] after (re)connecting (PostgreSQL only).
pub fn follow(store: &Store, apply: impl Fn(Change<'_>) + Send + 'static) {
    if let Engine::Postgres(pool) = &store.engine {
        tokio::spawn(listen(pool.clone(), apply));
    }
}

async fn listen(pool: PgPool, apply: impl Fn(Change<'_>)) {
    // Until the server closes the pool as it shuts down: the listener then lets go of its
    // connection, which closing waits for.
    while !pool.is_closed() {
        let mut listener = match PgListener::connect_with(&pool).await {
            Ok(listener) => listener,
            Err(error) => {
                tracing::warn!(%error, "cannot listen for other instances' writes; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        if let Err(error) = listener
            .listen_all([EVENTS, MESSAGES, RATES, RATINGS])
            .await
        {
            tracing::warn!(%error, "cannot listen for other instances' writes; retrying");
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        }
        while !pool.is_closed() {
            // Whatever was written while not listening (at start, or after a reconnect).
            apply(Change::Reconnected);
            // Until the connection drops (then `None`, and the loop catches up).
            loop {
                match listener.try_recv().await {
                    Ok(Some(notification)) => {
                        let change = Change::from_notification(
                            notification.channel(),
                            notification.payload(),
                        );
                        if let Some(change) = change {
                            apply(change);
                        }
                    }
                    Ok(None) => break,
                    Err(_) if pool.is_closed() => return,
                    Err(error) => {
                        tracing::warn!(%error, "lost the connection listening for writes");
                        tokio::time::sleep(Duration::from_millis(200)).await;
                        break;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feed_notification_carries_the_row_and_its_order() {
        let change = Change::Events {
            order: "o_42",
            id: 7,
        };
        let (channel, payload) = change.channel().unwrap();
        assert_eq!(Change::from_notification(channel, &payload), Some(change));
        let message = Change::Messages {
            order: "o_1",
            id: 3,
        };
        let (channel, payload) = message.channel().unwrap();
        assert_eq!(Change::from_notification(channel, &payload), Some(message));
        assert_eq!(Change::from_notification(EVENTS, "7"), None);
        assert_eq!(Change::from_notification(RATES, ""), Some(Change::Rates));
    }
}
