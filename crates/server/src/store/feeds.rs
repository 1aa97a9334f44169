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
pub enum Change {
    /// Tracking events up to this id exist.
    Events(i64),
    /// Messages up to this id exist.
    Messages(i64),
    /// New exchange rates were published.
    Rates,
    /// Feedback changed the ratings.
    Ratings,
    /// Notifications may have been missed: the newest ids follow, and anything cached may be
    /// old.
    Reconnected,
}

const EVENTS: &str = "storefront_events";
const MESSAGES: &str = "storefront_messages";
const RATES: &str = "storefront_rates";
const RATINGS: &str = "storefront_ratings";

impl Change {
    fn channel(self) -> Option<(&'static str, String)> {
        match self {
            Self::Events(id) => Some((EVENTS, id.to_string())),
            Self::Messages(id) => Some((MESSAGES, id.to_string())),
            Self::Rates => Some((RATES, String::new())),
            Self::Ratings => Some((RATINGS, String::new())),
            Self::Reconnected => None,
        }
    }

    fn from_notification(channel: &str, payload: &str) -> Option<Self> {
        match channel {
            EVENTS => payload.parse().ok().map(Self::Events),
            MESSAGES => payload.parse().ok().map(Self::Messages),
            RATES => Some(Self::Rates),
            RATINGS => Some(Self::Ratings),
            _ => None,
        }
    }
}

/// Tells every instance of `change` once `tx` commits.
pub async fn notify(tx: &mut Tx, change: Change) -> Result<(), sqlx::Error> {
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
/// runs; after (re)connecting, [`Change::Reconnected`] and the newest ids (PostgreSQL only).
pub fn follow(store: &Store, apply: impl Fn(Change) + Send + 'static) {
    if let Engine::Postgres(pool) = &store.engine {
        tokio::spawn(listen(pool.clone(), apply));
    }
}

async fn listen(pool: PgPool, apply: impl Fn(Change)) {
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
            match newest(&pool).await {
                Ok((event, message)) => {
                    apply(Change::Events(event));
                    apply(Change::Messages(message));
                }
                Err(error) => tracing::warn!(%error, "cannot read the newest feed ids"),
            }
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

/// The newest tracking event id and message id.
async fn newest(pool: &PgPool) -> Result<(i64, i64), sqlx::Error> {
    sqlx::query_as(
        "SELECT (SELECT COALESCE(MAX(id), 0) FROM tracking_events),
                (SELECT COALESCE(MAX(id), 0) FROM messages)",
    )
    .fetch_one(pool)
    .await
}
