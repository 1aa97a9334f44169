//! Something made from the built app's `index.html` (its Content-Security-Policy, the head
//! elements pages carry), made again when the file is rewritten: a rebuild while the server
//! runs gives the loader script a new hash and the assets new names.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::SystemTime;

/// `T` made by `make` from the `index.html` at `index` (from `None` when there is none or it
/// cannot be read).
pub struct FromIndex<T> {
    index: Option<PathBuf>,
    make: fn(Option<&str>) -> T,
    current: Mutex<(Option<FileStamp>, Arc<T>)>,
}

/// A file's modification time and length: when either differs, the file was rewritten.
type FileStamp = (SystemTime, u64);

impl<T> FromIndex<T> {
    /// Made now from the file as it is.
    pub fn load(index: Option<PathBuf>, make: fn(Option<&str>) -> T) -> Self {
        let stamp = index.as_deref().and_then(|index| {
            let metadata = std::fs::metadata(index).ok()?;
            Some((metadata.modified().ok()?, metadata.len()))
        });
        let html = index
            .as_deref()
            .and_then(|index| std::fs::read_to_string(index).ok());
        Self {
            current: Mutex::new((stamp, Arc::new(make(html.as_deref())))),
            index,
            make,
        }
    }

    /// Made from the file on disk now: made again first when it has changed.
    pub async fn current(&self) -> Arc<T> {
        if let Some(index) = &self.index {
            let stamp = match tokio::fs::metadata(index).await {
                Ok(metadata) => metadata.modified().ok().map(|at| (at, metadata.len())),
                Err(_) => None,
            };
            if stamp.is_some()
                && stamp != self.lock().0
                && let Ok(html) = tokio::fs::read_to_string(index).await
            {
                *self.lock() = (stamp, Arc::new((self.make)(Some(&html))));
                tracing::info!("{} changed: made again", index.display());
            }
        }
        self.cached()
    }

    /// What was made last, without looking at the file.
    pub fn cached(&self) -> Arc<T> {
        Arc::clone(&self.lock().1)
    }

    fn lock(&self) -> MutexGuard<'_, (Option<FileStamp>, Arc<T>)> {
        self.current.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
