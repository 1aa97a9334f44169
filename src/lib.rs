//! The storefront app: Leptos components the server renders (`ssr`) and the browser takes over
//! (`hydrate`), or renders alone (`csr`), talking JSON to the API server.

pub mod api;
pub mod app;
pub mod browser;
pub mod components;
pub mod i18n;
pub mod lazy_pages;
pub mod pages;
pub mod response;
pub mod scroll;
pub mod state;

#[cfg(test)]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
