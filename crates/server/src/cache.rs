//! Short-lived in-process caches for data that is read on every request but changes rarely
//! (exchange rates, carrier ratings, catalog rows). A cache is also cleared by the write that
//! changes its data in this process; other processes sharing the database see a change within
//! the time to live.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::error::AppError;

/// Values by key, each kept for `ttl` after it was loaded.
pub struct Cache<K, V> {
    ttl: Duration,
    entries: Mutex<Entries<K, V>>,
}

struct Entries<K, V> {
    values: HashMap<K, (Instant, Arc<V>)>,
    /// How many times the cache was cleared: a load that began before a clear may have read the
    /// data the clear was for, so it is answered but not kept.
    clears: u64,
}

impl<K: Eq + Hash + Clone, V> Cache<K, V> {
    /// An empty cache whose entries live `ttl`.
    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            entries: Mutex::new(Entries {
                values: HashMap::new(),
                clears: 0,
            }),
        }
    }

    /// The value for `key`, loading it with `load` when absent or expired. The lock is not held
    /// while loading, so two requests may load the same key at once; both results are equal.
    /// A value loaded across a [`Cache::clear`] is returned but not kept: it may predate the
    /// write that cleared the cache.
    pub async fn get_or_load<F, Fut>(&self, key: K, load: F) -> Result<Arc<V>, AppError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<V, AppError>>,
    {
        let clears = {
            let entries = self.lock();
            if let Some((loaded, value)) = entries.values.get(&key)
                && loaded.elapsed() < self.ttl
            {
                return Ok(Arc::clone(value));
            }
            entries.clears
        };
        let value = Arc::new(load().await?);
        let mut entries = self.lock();
        if entries.clears == clears {
            entries
                .values
                .insert(key, (Instant::now(), Arc::clone(&value)));
        }
        Ok(value)
    }

    /// Forgets every entry, after a write that changed the data.
    pub fn clear(&self) {
        let mut entries = self.lock();
        entries.values.clear();
        entries.clears += 1;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries<K, V>> {
        // A panic while holding the lock cannot leave the map inconsistent: recover it.
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn loads_once_within_the_ttl_and_again_after_clear() {
        let cache: Cache<&str, u32> = Cache::new(Duration::from_secs(60));
        let mut loads = 0;
        for _ in 0..3 {
            let value = cache
                .get_or_load("k", || {
                    loads += 1;
                    async { Ok(7) }
                })
                .await
                .unwrap();
            assert_eq!(*value, 7);
        }
        assert_eq!(loads, 1);
        cache.clear();
        cache.get_or_load("k", || async { Ok(8) }).await.unwrap();
        assert_eq!(
            *cache.get_or_load("k", || async { Ok(9) }).await.unwrap(),
            8
        );
    }

    #[tokio::test]
    async fn a_load_that_began_before_a_clear_is_answered_but_not_kept() {
        let cache: Cache<(), u32> = Cache::new(Duration::from_secs(60));
        // The load reads the old value, then the write lands and clears, then the load ends.
        let stale = cache
            .get_or_load((), || async {
                cache.clear();
                Ok(1)
            })
            .await
            .unwrap();
        assert_eq!(*stale, 1);
        assert_eq!(*cache.get_or_load((), || async { Ok(2) }).await.unwrap(), 2);
        assert_eq!(*cache.get_or_load((), || async { Ok(3) }).await.unwrap(), 2);
    }

    #[tokio::test]
    async fn expired_entries_are_loaded_again() {
        let cache: Cache<(), u32> = Cache::new(Duration::ZERO);
        cache.get_or_load((), || async { Ok(1) }).await.unwrap();
        assert_eq!(*cache.get_or_load((), || async { Ok(2) }).await.unwrap(), 2);
    }
}
