//! Storing quotes: the busiest write. A quote is answered as soon as it is queued for the one
//! writer task, which commits whatever has queued up as one transaction (group commit) on its
//! own connection. Answering before the commit keeps SQLite's checkpoints, which stall the
//! writer for tens of milliseconds, out of every quote's latency; an order placed from a quote
//! still being written waits for it (see [`QuoteStore::written`]). A crash can lose quotes
//! queued in the last moments: an order from one is refused as an unknown quote and the buyer
//! is quoted again, as after expiry. The connection also uses `synchronous = NORMAL` (a power
//! cut may lose recent quotes; orders keep `FULL`).
//!
//! Bodies are stored deflated (a two-seller quote is ~17 KB of JSON, ~2 KB deflated): less to
//! write and to checkpoint. The writer also deletes quotes no order was placed from, an hour
//! after they expired: until then an order from one is answered "quote expired", which sends the
//! buyer to a new quote, rather than "no such quote".
//!
//! On a database other instances share (PostgreSQL), a quote is answered only once it is
//! written, since an order from it may reach another instance, which cannot wait for this one's
//! queue; concurrent quotes still commit together.
//!
//! The `expires_at` column is the expiry in force: publishing exchange rates may bring it forward
//! ([`store::quotes::expire_open`]); the answered body keeps the expiry the buyer was shown.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use flate2::Compression;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use tokio::sync::{mpsc, watch};

use crate::error::AppError;
use crate::store::quotes::QuoteRow;
use crate::store::{self, Connected, Store};

/// A quote as stored: the request it answered and the body sent, both JSON.
pub struct StoredQuote {
    pub id: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub request: String,
    pub body: String,
}

/// The handle requests store quotes through.
#[derive(Clone)]
pub struct QuoteStore {
    queue: mpsc::Sender<(u64, StoredQuote)>,
    shared: Arc<Shared>,
    /// Whether [`QuoteStore::insert`] returns only once the quote is written.
    written_before_answer: bool,
}

struct Shared {
    /// Quotes queued and not yet written, by id, with their place in the queue; and the next
    /// place to give. One lock, so places are handed out in the order quotes enter the queue.
    unwritten: Mutex<(HashMap<String, u64>, u64)>,
    /// The place of the last quote the writer has finished with (written or failed).
    done: watch::Sender<u64>,
}

/// Quotes waiting beyond this make their requests wait to enqueue (backpressure).
const QUEUE: usize = 1024;
/// The most quotes one transaction writes.
const MAX_BATCH: usize = 64;
/// How often expired quotes are looked for.
const PURGE_EVERY: Duration = Duration::from_secs(60);
/// How long an expired quote is kept: an order from it is told the quote expired.
const KEEP_EXPIRED_SECONDS: i64 = 3_600;

impl QuoteStore {
    /// Starts the writer on its own connection to `db`'s database. It stops when every handle
    /// is dropped, after storing what was queued.
    pub fn start(store: &Store) -> Self {
        let pool = store::quotes::writer(store);
        let (queue, receiver) = mpsc::channel(QUEUE);
        let shared = Arc::new(Shared {
            unwritten: Mutex::new((HashMap::new(), 1)),
            done: watch::Sender::new(0),
        });
        tokio::spawn(write_batches(pool, receiver, shared.clone()));
        Self {
            queue,
            shared,
            written_before_answer: store.is_shared(),
        }
    }

    /// Queues `quote` for writing; on a shared database, waits until it is written.
    pub async fn insert(&self, quote: StoredQuote) -> Result<(), AppError> {
        let permit = self
            .queue
            .reserve()
            .await
            .map_err(|_| AppError::Corrupt("the quote writer has stopped".to_owned()))?;
        let place = {
            let mut unwritten = self.shared.lock();
            let place = unwritten.1;
            unwritten.1 += 1;
            unwritten.0.insert(quote.id.clone(), place);
            // Under the lock: places enter the queue in order.
            permit.send((place, quote));
            place
        };
        if self.written_before_answer {
            self.wait_for(place).await;
        }
        Ok(())
    }

    /// Returns once quote `id` is written, if it is queued; at once otherwise.
    pub async fn written(&self, id: &str) {
        let Some(place) = self.shared.lock().0.get(id).copied() else {
            return;
        };
        self.wait_for(place).await;
    }

    /// Returns once every quote queued so far is written: for shutting down, and before
    /// expiring open quotes.
    pub async fn flush(&self) {
        let last = self.shared.lock().1 - 1;
        self.wait_for(last).await;
    }

    async fn wait_for(&self, place: u64) {
        // The writer never stops while a handle exists, so this cannot wait forever.
        let _ = self
            .shared
            .done
            .subscribe()
            .wait_for(|done| *done >= place)
            .await;
    }
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, (HashMap<String, u64>, u64)> {
        // The map stays consistent even if a holder panicked: recover it.
        self.unwritten
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

async fn write_batches(
    pool: Store,
    mut receiver: mpsc::Receiver<(u64, StoredQuote)>,
    shared: Arc<Shared>,
) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    let mut purged = Instant::now();
    while receiver.recv_many(&mut batch, MAX_BATCH).await > 0 {
        if write_all(&pool, &batch).await.is_err() {
            // Nothing of the batch was stored: store each alone, so one bad row cannot sink
            // the others.
            for (_, quote) in &batch {
                let stored = match pool.acquire().await {
                    Ok(mut connection) => insert(&mut connection, quote).await,
                    Err(e) => Err(e),
                };
                if let Err(e) = stored {
                    tracing::error!("cannot store quote {}: {e}", quote.id);
                }
            }
        }
        let last = batch.last().map_or(0, |(place, _)| *place);
        {
            let mut unwritten = shared.lock();
            for (_, quote) in batch.drain(..) {
                unwritten.0.remove(&quote.id);
            }
        }
        shared.done.send_replace(last);
        if purged.elapsed() >= PURGE_EVERY {
            purged = Instant::now();
            let before = crate::now().0 - KEEP_EXPIRED_SECONDS;
            if let Err(e) = store::quotes::purge_expired(&pool, before).await {
                tracing::warn!("cannot delete expired quotes: {e}");
            }
        }
    }
}

async fn write_all(pool: &Store, batch: &[(u64, StoredQuote)]) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    for (_, quote) in batch {
        insert(&mut tx, quote).await?;
    }
    tx.commit().await
}

async fn insert(db: &mut impl Connected, quote: &StoredQuote) -> Result<(), sqlx::Error> {
    store::quotes::insert(
        db,
        &QuoteRow {
            id: &quote.id,
            created_at: quote.created_at,
            expires_at: quote.expires_at,
            request: &quote.request,
            body_deflated: deflate(&quote.body),
        },
    )
    .await
}

/// The body of quote `id` as it was answered, and its expiry in force (Unix seconds), which
/// may be earlier than the body's; `None` when there is no such quote.
pub async fn read(db: &mut impl Connected, id: &str) -> Result<Option<(String, i64)>, AppError> {
    let row = store::quotes::read(db, id).await?;
    match row {
        None => Ok(None),
        // Quotes stored before bodies were deflated (migration 0008) keep them as text.
        Some((text, None, expires_at)) => Ok(Some((text, expires_at))),
        Some((_, Some(deflated), expires_at)) => inflate(&deflated)
            .map(|text| Some((text, expires_at)))
            .map_err(|e| AppError::Corrupt(format!("quote {id}: {e}"))),
    }
}

fn deflate(text: &str) -> Vec<u8> {
    let mut encoder = DeflateEncoder::new(Vec::new(), Compression::fast());
    // Writing to a Vec cannot fail.
    encoder
        .write_all(text.as_bytes())
        .and_then(|()| encoder.finish())
        .unwrap_or_default()
}

fn inflate(deflated: &[u8]) -> std::io::Result<String> {
    let mut text = String::new();
    DeflateDecoder::new(deflated).read_to_string(&mut text)?;
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_inflates_to_what_was_deflated() {
        let body = r#"{"id":"q_1","shipments":[{"seller":"s","name":"Ünïcode 漆"}]}"#.repeat(50);
        let deflated = deflate(&body);
        assert!(deflated.len() * 10 < body.len(), "{} bytes", deflated.len());
        assert_eq!(inflate(&deflated).unwrap(), body);
        assert!(inflate(b"not deflate").is_err());
    }
}
