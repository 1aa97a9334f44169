//! The header on every page.

use leptos::prelude::*;
use leptos_router::components::A;
use wasm_bindgen::JsCast;

use crate::components::market_switcher::MarketSwitcher;
use crate::components::search_box::SearchBox;
use crate::i18n::{format, use_i18n};
use crate::state::cart::use_cart;

/// Skip link, store name, the way to the catalog, search and the market control.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let i18n = use_i18n();
    let cart = use_cart();
    let count = Memo::new(move |_| cart.with(|cart| cart.count()));
    // The router would treat `#main` as a navigation; move focus there ourselves, so the next
    // Tab continues inside the content.
    let skip_to_main = |event: leptos::ev::MouseEvent| {
        let main = document()
            .get_element_by_id("main")
            .and_then(|main| main.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(main) = main {
            event.prevent_default();
            let _ = main.focus();
        }
    };
    view! {
        <a class="skip-link" href="#main" on:click=skip_to_main>
            {move || i18n.t().skip_to_content}
        </a>
        <header class="site-header">
            <div class="site-header__inner">
                <A
                    href=move || i18n.path("")
                    attr:class="brand"
                    attr:aria-label=move || i18n.t().home_link_label
                >
                    <img class="brand__mark" src="/favicon.svg" alt="" width="32" height="32"/>
                    <span class="brand__name">{move || i18n.t().store_name}</span>
                </A>
                <nav class="site-nav" aria-label=move || i18n.t().store_name>
                    <A href=move || i18n.path("/products") attr:class="site-nav__link">
                        {move || i18n.t().shop_link}
                    </A>
                </nav>
                <SearchBox/>
                <MarketSwitcher/>
                <a
                    class="cart-link"
                    href=move || i18n.path("/cart")
                    aria-label=move || i18n.count(&i18n.t().cart_link_count, count.get())
                >
                    // The space keeps name and count two words, as the accessible name has them.
                    {move || i18n.t().cart_link}
                    " "
                    <span class="cart-link__count" aria-hidden="true">
                        {move || format::number(count.get(), i18n.locale().tag())}
                    </span>
                </a>
            </div>
        </header>
    }
}
