//! The router and the page shell shared by every route.

use leptos::prelude::*;
use leptos_meta::{Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::site_footer::SiteFooter;
use crate::components::site_header::SiteHeader;
use crate::i18n::{Locale, provide_i18n, use_i18n};
use crate::pages::home::Home;
use crate::pages::not_found::NotFound;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_i18n(Locale::En);
    let i18n = use_i18n();
    view! {
        <Title formatter=move |page: String| {
            let store = i18n.t().store_name;
            if page == store { page } else { format!("{page} · {store}") }
        }/>
        <Router>
            <SiteHeader/>
            // Focusable so the skip link moves keyboard focus, not only the scroll position.
            <main id="main" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home/>
                </Routes>
            </main>
            <SiteFooter/>
        </Router>
    }
}
