//! Any address the router does not know.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::components::page_head::title_text;
use crate::i18n::use_i18n;

/// Says the page does not exist and leads back home.
#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    crate::response::set_status(404);
    view! {
        <Title text=title_text(move || i18n.t().not_found_heading.to_owned())/>
        <section class="not-found">
            <h1>{move || i18n.t().not_found_heading}</h1>
            <p>{move || i18n.t().not_found_body}</p>
            <A href="/" attr:class="button">{move || i18n.t().back_home}</A>
        </section>
    }
}
