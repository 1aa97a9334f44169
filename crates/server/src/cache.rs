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
    entries: Mutex<HashMap<K, (Instant, Arc<V>)>>,
}

impl<K: Eq + Hash + Clone, V> Cache<K, V> {
    /// An empty cache whose entries live `ttl`.
    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// The value for `key`, loading it with `load` when absent or expired. The lock is not held
    /// while loading, so two requests may load the same key at once; both results are equal.
    pub async fn get_or_load<F, Fut>(&self, key: K, load: F) -> Result<Arc<V>, AppError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<V, AppError>>,
    {
        if let Some((loaded, value)) = self.lock().get(&key)
            && loaded.elapsed() < self.ttl
        {
            return Ok(Arc::clone(value));
        }
        let value = Arc::new(load().await?);
        self.lock()
            .insert(key, (Instant::now(), Arc::clone(&value)));
        Ok(value)
    }

    /// Forgets every entry, after a write that changed the data.
    pub fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, (Instant, Arc<V>)>> {
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
    async fn expired_entries_are_loaded_again() {
        let cache: Cache<(), u32> = Cache::new(Duration::ZERO);
        cache.get_or_load((), || async { Ok(1) }).await.unwrap();
        assert_eq!(*cache.get_or_load((), || async { Ok(2) }).await.unwrap(), 2);
    }
}
