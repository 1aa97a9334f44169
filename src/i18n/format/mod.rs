//! Locale-aware formatting of money, numbers, dates, plurals and names.
//!
//! In the browser (`csr`, `hydrate`) through its `Intl` (`browser.rs`), so no locale data ships
//! in the wasm. On the server (`ssr`), which has no `Intl`, in pure Rust with data read from
//! Chromium's `Intl` (`native.rs`), so the text the server renders is the text hydration
//! expects. Both offer the same functions; `parity.rs` checks they write the same text.

#[cfg(not(feature = "ssr"))]
mod browser;
#[cfg(any(feature = "ssr", test))]
mod data;
#[cfg(any(feature = "ssr", test))]
mod names;
#[cfg(any(feature = "ssr", test))]
mod native;
#[cfg(all(test, not(feature = "ssr")))]
mod parity;

#[cfg(not(feature = "ssr"))]
pub use browser::{
    currency_name, date, date_time, duration, language_name, money, month, number, percent_bp,
    plural_category, region_name, sort_by_name, tenths,
};
#[cfg(feature = "ssr")]
pub use native::{
    currency_name, date, date_time, duration, language_name, money, month, number, percent_bp,
    plural_category, region_name, sort_by_name, tenths,
};
