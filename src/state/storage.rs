//! What the browser keeps for the app: in localStorage (the cart, the market, orders placed
//! here) or in this tab's sessionStorage (the checkout draft, a seller's key, scroll
//! positions). Storage that is absent or refused (private modes, disabled storage, and always
//! on the server) only means nothing is remembered: every read is then empty and every write
//! a no-op.

use leptos::prelude::window;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Where a value is kept.
#[derive(Clone, Copy, Debug)]
pub enum Storage {
    /// Kept across visits.
    Local,
    /// Kept until the tab closes.
    Session,
}

impl Storage {
    /// The browser's storage, if there is one to use.
    fn web(self) -> Option<web_sys::Storage> {
        if cfg!(feature = "ssr") {
            return None;
        }
        match self {
            Self::Local => window().local_storage(),
            Self::Session => window().session_storage(),
        }
        .ok()
        .flatten()
    }

    /// The text kept under `key`.
    pub fn text(self, key: &str) -> Option<String> {
        self.web()?.get_item(key).ok().flatten()
    }

    /// Keeps `value` under `key`; a full or refused storage only means it is not remembered.
    pub fn set_text(self, key: &str, value: &str) {
        if let Some(storage) = self.web() {
            let _ = storage.set_item(key, value);
        }
    }

    /// Forgets what is kept under `key`.
    pub fn remove(self, key: &str) {
        if let Some(storage) = self.web() {
            let _ = storage.remove_item(key);
        }
    }

    /// The value kept as JSON under `key`. One that no longer reads (saved by an older app,
    /// edited by hand) is none, rather than breaking the page.
    pub fn json<T: DeserializeOwned>(self, key: &str) -> Option<T> {
        serde_json::from_str(&self.text(key)?).ok()
    }

    /// Keeps `value` as JSON under `key`.
    pub fn set_json<T: Serialize>(self, key: &str, value: &T) {
        if let Ok(json) = serde_json::to_string(value) {
            self.set_text(key, &json);
        }
    }
}
