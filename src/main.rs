//! The browser entry point: renders the app (`csr`, what `trunk serve` builds) or takes over
//! the page the server rendered (`hydrate`). Everything else lives in the library.

fn main() {
    #[cfg(any(feature = "csr", feature = "hydrate"))]
    console_error_panic_hook::set_once();
    #[cfg(feature = "csr")]
    leptos::mount::mount_to_body(storefront::app::App);
    // Lazy routes (the pages split off the wasm) are hydrated once their part has loaded.
    #[cfg(feature = "hydrate")]
    leptos::mount::hydrate_lazy(storefront::app::App);
}
