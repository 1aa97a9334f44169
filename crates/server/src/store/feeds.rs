//! Live feeds across server instances. Each instance wakes its own event and message streams
//! through a `watch` of the newest id; the streams then read their rows from the database. On
//! PostgreSQL a write also notifies every instance (`NOTIFY`, carrying only the id, delivered
//! when the write commits), and each instance listens and bumps its own watch. When the
//! listening connection drops, an instance re-reads the newest ids once it is back, so a
//! notification missed meanwhile delays nothing further; the rows were never in the
//! notification, so nothing is lost. SQLite has one instance: nothing to notify.

use std::sync::Arc;
use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::PgListener;
use tokio::sync::watch;

use crate::store::{Conn, Connected, Engine, Store, Tx};

/// What a feed carries.
#[derive(Clone, Copy)]
pub enum Feed {
    /// Tracking events (`tracking_events.id`).
    Events,
    /// Messages (`messages.id`).
    Messages,
}

impl Feed {
    fn channel(self) -> &'static str {
        match self {
            Self::Events => "storefront_events",
            Self::Messages => "storefront_messages",
        }
    }
}

/// Tells every instance, once `tx` commits, that `feed` has rows up to `id`.
pub async fn notify(tx: &mut Tx, feed: Feed, id: i64) -> Result<(), sqlx::Error> {
    match tx.conn() {
        Conn::Sqlite(_) => Ok(()),
        Conn::Postgres(db) => sqlx::query("SELECT pg_notify($1, $2)")
            .bind(feed.channel())
            .bind(id.to_string())
            .execute(db)
            .await
            .map(|_| ()),
    }
}

/// Keeps `events` and `messages` at the newest ids any instance wrote, for as long as the
/// process runs (PostgreSQL only).
pub fn follow(store: &Store, events: Arc<watch::Sender<i64>>, messages: Arc<watch::Sender<i64>>) {
    if let Engine::Postgres(pool) = &store.engine {
        tokio::spawn(listen(pool.clone(), events, messages));
    }
}

async fn listen(pool: PgPool, events: Arc<watch::Sender<i64>>, messages: Arc<watch::Sender<i64>>) {
    let bump = |feed: Feed, id: i64| {
        let sender = match feed {
            Feed::Events => &events,
            Feed::Messages => &messages,
        };
        sender.send_if_modified(|newest| {
            let newer = id > *newest;
            *newest = (*newest).max(id);
            newer
        });
    };
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
        let channels = [Feed::Events.channel(), Feed::Messages.channel()];
        if let Err(error) = listener.listen_all(channels).await {
            tracing::warn!(%error, "cannot listen for other instances' writes; retrying");
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        }
        while !pool.is_closed() {
            // Whatever was written while not listening (at start, or after a reconnect).
            match newest(&pool).await {
                Ok((event, message)) => {
                    bump(Feed::Events, event);
                    bump(Feed::Messages, message);
                }
                Err(error) => tracing::warn!(%error, "cannot read the newest feed ids"),
            }
            // Until the connection drops (then `None`, and the loop catches up).
            loop {
                match listener.try_recv().await {
                    Ok(Some(notification)) => {
                        let feed = if notification.channel() == Feed::Events.channel() {
                            Feed::Events
                        } else {
                            Feed::Messages
                        };
                        if let Ok(id) = notification.payload().parse() {
                            bump(feed, id);
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
