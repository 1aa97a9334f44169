//! Coming back to a listing with Back puts the buyer where they were. The browser restores
//! the scroll position before an async page has its content, so the position is kept per
//! address in sessionStorage on leaving and restored once the content has rendered, but only
//! when the page was reached by Back or Forward: a fresh visit starts at the top.

use std::cell::Cell;

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::state::storage::Storage;

thread_local! {
    /// A `popstate` arrived since the router last moved.
    static TRAVERSING: Cell<bool> = const { Cell::new(false) };
    /// The router's last move was Back or Forward.
    static TRAVERSED: Cell<bool> = const { Cell::new(false) };
}

/// Watches how the buyer moves between pages; call once, inside the router. (Nothing to
/// watch on the server.)
pub fn track_history() {
    if cfg!(feature = "ssr") {
        return;
    }
    let on_popstate = Closure::<dyn Fn()>::new(|| TRAVERSING.with(|t| t.set(true)));
    // Registered before the router's own listener runs its navigation effects; lives as long
    // as the page.
    let _ =
        window().add_event_listener_with_callback("popstate", on_popstate.as_ref().unchecked_ref());
    on_popstate.forget();
    let location = use_location();
    Effect::new(move |_| {
        location.pathname.track();
        location.search.track();
        TRAVERSED.with(|traversed| traversed.set(TRAVERSING.with(|t| t.replace(false))));
    });
}

/// Keeps the current scroll position for `address`.
pub fn remember(address: &str) {
    if let Ok(y) = window().scroll_y() {
        Storage::Session.set_text(&key(address), &y.round().to_string());
    }
}

/// Scrolls back to where the buyer was on `address`, if they came back to it with Back or
/// Forward.
pub fn restore(address: &str) {
    if let Some(y) = Storage::Session
        .text(&key(address))
        .and_then(|y| y.parse::<f64>().ok())
        && TRAVERSED.with(Cell::get)
    {
        window().scroll_to_with_x_and_y(0.0, y);
    }
}

fn key(address: &str) -> String {
    format!("scroll:{address}")
}
