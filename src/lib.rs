//! The storefront browser app: a Leptos client-side app talking JSON to the API server.

pub mod api;
pub mod app;
pub mod cart;
pub mod checkout;
pub mod components;
pub mod i18n;
pub mod lazy_pages;
pub mod live;
pub mod market;
pub mod orders;
pub mod pages;
pub mod scroll;

#[cfg(test)]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
