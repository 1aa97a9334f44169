//! The footer on every page.

use leptos::prelude::*;

use crate::i18n::use_i18n;

/// The store's closing line and the buyer's orders.
#[component]
pub fn SiteFooter() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="site-footer">
            <p>{move || i18n.t().store_name} " · " {move || i18n.t().footer_note}</p>
            <nav aria-label=move || i18n.t().footer_nav_label>
                <a href=move || i18n.path("/orders")>{move || i18n.t().my_orders}</a>
                " · "
                <a href=move || i18n.path("/carriers")>{move || i18n.t().carriers_link}</a>
                " · "
                <a href=move || i18n.path("/insights")>{move || i18n.t().insights_link}</a>
            </nav>
        </footer>
    }
}
