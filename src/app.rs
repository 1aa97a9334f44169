//! The router and the page shell shared by every route.
//!
//! Every page lives under its language, `/{lang}/…`; a path without one is redirected to the
//! buyer's language (remembered, else negotiated from the browser).

use leptos::prelude::*;
use leptos_meta::{Html, Title, provide_meta_context};
use leptos_router::components::{Outlet, ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::{Lazy, path};
use wasm_bindgen::JsCast;

use crate::browser::BrowserPage;
use crate::components::site_footer::SiteFooter;
use crate::components::site_header::SiteHeader;
use crate::i18n::{provide_i18n, use_i18n};
use crate::lazy_pages::{
    AddressStepRoute, CarriersRoute, CheckoutRoute, ConfirmationRoute, DeliveryStepRoute,
    FeedbackRoute, InsightsRoute, MyOrdersRoute, OrderRoute, PaymentStepRoute, ReviewStepRoute,
    ScorecardRoute,
};
use crate::pages::cart::CartPage;
use crate::pages::catalog::Catalog;
use crate::pages::home::Home;
use crate::pages::not_found::NotFound;
use crate::pages::product::ProductPage;
use crate::state::market::{
    self, current_address, locale_of_path, localized_path, preferred_locale,
};

/// The HTML document the server renders around the app. The server adds the built app's
/// stylesheet and loader to its head (`storefront_server::pages`); `<Html>` in the shell sets
/// its language and direction.
#[cfg(feature = "ssr")]
pub fn shell() -> impl IntoView {
    use leptos_meta::MetaTags;
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    market::provide_market();
    crate::state::cart::provide_cart();
    let (market, cart) = (market::use_market(), crate::state::cart::use_cart());
    crate::browser::provide_browser_ready(move || {
        cart.restore();
        market.restore_remembered();
    });
    view! {
        <Router>
            <Localized/>
        </Router>
    }
}

/// The app in the path's language, or a redirect to a path that has one.
#[component]
fn Localized() -> impl IntoView {
    let location = use_location();
    let path_locale = Memo::new(move |_| location.pathname.with(|path| locale_of_path(path)));
    // Keeps the last language while a path without one is being redirected.
    let locale = Memo::new(move |previous| {
        path_locale
            .get()
            .or(previous.copied())
            .unwrap_or_else(preferred_locale)
    });
    provide_i18n(locale);
    Effect::new(move |_| market::remember_locale(locale.get()));
    let has_locale = Memo::new(move |_| path_locale.get().is_some());
    let redirect = move || {
        let target = localized_path(&current_address(&location), preferred_locale());
        view! { <Redirect path=target options=leptos_router::NavigateOptions { replace: true, ..Default::default() }/> }
    };
    view! {
        <Show when=move || has_locale.get() fallback=redirect>
            <Shell/>
        </Show>
    }
}

/// Header, the routed page in the one `<main>`, and footer.
#[component]
fn Shell() -> impl IntoView {
    let i18n = use_i18n();
    let announcement = announce_page_changes();
    // The server formats the title once the page is done, when this component's reactive
    // values may be gone (see `title_text`): there the name is taken now.
    let server_store_name = cfg!(feature = "ssr").then(|| untrack(|| i18n.t().store_name));
    crate::scroll::track_history();
    view! {
        <Html {..} lang=move || i18n.locale().tag() dir=move || i18n.locale().dir()/>
        <Title formatter=move |page: String| {
            let store = server_store_name.unwrap_or_else(|| i18n.t().store_name);
            if page == store { page } else { format!("{page} · {store}") }
        }/>
        <SiteHeader/>
        // Focusable so the skip link and page changes can move keyboard focus here.
        <main id="main" tabindex="-1">
            <Routes fallback=NotFound>
                // Every page is under its language; `Localized` has checked it is one.
                <ParentRoute path=path!("/:lang") view=Outlet>
                    <Route path=path!("") view=Home/>
                    <Route path=path!("products") view=Catalog/>
                    <Route path=path!("products/:slug") view=ProductPage/>
                    <Route path=path!("cart") view=|| view! {
                        <BrowserPage title=|t| t.cart_heading description=|t| t.cart_description>
                            <CartPage/>
                        </BrowserPage>
                    }/>
                    <ParentRoute path=path!("checkout") view={Lazy::<CheckoutRoute>::new()}>
                        // `/checkout` alone goes on to the first step still open.
                        <Route path=path!("") view=|| ()/>
                        <Route path=path!("address") view={Lazy::<AddressStepRoute>::new()}/>
                        <Route path=path!("delivery") view={Lazy::<DeliveryStepRoute>::new()}/>
                        <Route path=path!("payment") view={Lazy::<PaymentStepRoute>::new()}/>
                        <Route path=path!("review") view={Lazy::<ReviewStepRoute>::new()}/>
                        <Route path=path!("confirmation") view={Lazy::<ConfirmationRoute>::new()}/>
                    </ParentRoute>
                    <Route path=path!("orders") view={Lazy::<MyOrdersRoute>::new()}/>
                    <Route path=path!("orders/:id") view={Lazy::<OrderRoute>::new()}/>
                    <Route path=path!("orders/:id/feedback/:shipment") view={Lazy::<FeedbackRoute>::new()}/>
                    <Route path=path!("carriers") view={Lazy::<CarriersRoute>::new()}/>
                    <Route path=path!("carriers/:code") view={Lazy::<ScorecardRoute>::new()}/>
                    <Route path=path!("insights") view={Lazy::<InsightsRoute>::new()}/>
                </ParentRoute>
            </Routes>
        </main>
        <SiteFooter/>
        <p class="visually-hidden" aria-live="polite" aria-atomic="true">
            {move || announcement.get()}
        </p>
    }
}

/// After the page (the path, not only its query) changes, keyboard focus moves to `<main>` so
/// the next Tab starts in the new content, and the new page's title is announced, as a screen
/// reader does on a full page load.
fn announce_page_changes() -> RwSignal<String> {
    let location = use_location();
    let announcement = RwSignal::new(String::new());
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.as_ref().is_some_and(|previous| *previous != path) {
            // After the new page has rendered and set its title.
            set_timeout(
                move || {
                    if let Some(main) = document().get_element_by_id("main") {
                        let main: web_sys::HtmlElement = main.unchecked_into();
                        // Without moving the view: the router has put it at the top, or Back
                        // has restored where the buyer was, and `<main>` is taller than the
                        // screen, so focusing it plainly would scroll to its top.
                        let options = web_sys::FocusOptions::new();
                        options.set_prevent_scroll(true);
                        let _ = main.focus_with_options(&options);
                    }
                    announcement.set(document().title());
                },
                std::time::Duration::from_millis(PAGE_SETTLE_MS),
            );
        }
        path
    });
    announcement
}

/// How long a new page gets to render before focus moves and its title is announced.
const PAGE_SETTLE_MS: u64 = 150;
