//! The header control for language, ship-to country and currency.
//!
//! A disclosure button that shows the current market and opens three native selects; every
//! change applies at once, without a reload: the language by moving to the same page under the
//! new language's path, country and currency through the [`Market`](crate::state::market::Market).
//! The panel closes on Escape (focus back on its button), on a click outside it and when the
//! buyer moves to another page, so it never stays over the page below.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use storefront_domain::Currency;
use storefront_domain::market::{self, Country};

use crate::browser::use_browser_ready;
use crate::i18n::{Locale, format, use_i18n};
use crate::state::market::{currencies, current_address, localized_path, use_market};

/// The button showing the market, and the panel that changes it.
#[component]
pub fn MarketSwitcher() -> impl IntoView {
    let i18n = use_i18n();
    let market = use_market();
    let open = RwSignal::new(false);
    let ready = use_browser_ready();
    let button = NodeRef::<leptos::html::Button>::new();
    let container = NodeRef::<leptos::html::Div>::new();
    // A click anywhere else closes it; focus stays where the buyer clicked.
    let outside = window_event_listener(leptos::ev::pointerdown, move |event| {
        let inside = container.get_untracked().is_some_and(|container| {
            event
                .target()
                .and_then(|target| wasm_bindgen::JsCast::dyn_into::<web_sys::Node>(target).ok())
                .is_some_and(|target| container.contains(Some(&target)))
        });
        if !inside && open.get_untracked() {
            open.set(false);
        }
    });
    on_cleanup(move || outside.remove());
    // Another page closes it; the same page in another language (chosen in it) does not.
    let location = use_location();
    let page = Memo::new(move |_| {
        location.pathname.with(|path| {
            // The path after its language: "/en/products/x" and "/ar/products/x" are one page.
            path.splitn(3, '/').nth(2).unwrap_or_default().to_owned()
        })
    });
    Effect::new(move |previous: Option<String>| {
        let now = page.get();
        if previous.is_some_and(|previous| previous != now) {
            open.set(false);
        }
        now
    });
    let close = move || {
        open.set(false);
        if let Some(button) = button.get_untracked() {
            let _ = button.focus();
        }
    };
    let summary = move || {
        let locale = i18n.locale().tag();
        format!(
            "{} · {}",
            format::region_name(market.country().code, locale),
            market.currency().code()
        )
    };
    view! {
        <div
            class="market"
            node_ref=container
            on:keydown=move |event| {
                if open.get_untracked() && event.key() == "Escape" {
                    close();
                }
            }
        >
            <button
                type="button"
                class="market__toggle"
                node_ref=button
                aria-expanded=move || open.get().to_string()
                aria-controls="market-panel"
                // Until the page is live a click would be lost: the panel needs the app.
                disabled=move || !ready.get()
                on:click=move |_| open.update(|open| *open = !*open)
            >
                <span class="visually-hidden">{move || i18n.t().market_label}</span>
                <span class="market__summary">{summary}</span>
            </button>
            <div
                id="market-panel"
                class="market__panel"
                role="group"
                aria-label=move || i18n.t().market_label
                hidden=move || !open.get()
            >
                <LanguageSelect/>
                <CountrySelect/>
                <CurrencySelect/>
                <button type="button" class="button button--secondary" on:click=move |_| close()>
                    {move || i18n.t().done}
                </button>
            </div>
        </div>
    }
}

/// Languages by their own names, so a buyer finds theirs whatever the page's language.
#[component]
fn LanguageSelect() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let navigate = use_navigate();
    let change = move |event: leptos::ev::Event| {
        let Some(locale) = Locale::from_tag(&event_target_value(&event)) else {
            return;
        };
        navigate(
            &localized_path(&current_address(&location), locale),
            Default::default(),
        );
    };
    view! {
        <label class="field">
            <span class="field__label">{move || i18n.t().language_label}</span>
            <select class="field__input" on:change=change>
                {Locale::ALL
                    .into_iter()
                    .map(|locale| {
                        let tag = locale.tag();
                        view! {
                            <option value=tag lang=tag selected=move || i18n.locale() == locale>
                                {format::language_name(tag, tag)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// Destinations by name in the page's language, in its alphabetical order.
#[component]
fn CountrySelect() -> impl IntoView {
    let i18n = use_i18n();
    let market = use_market();
    let change = move |event: leptos::ev::Event| {
        if let Some(country) = market::country(&event_target_value(&event)) {
            market.set_country(country);
        }
    };
    let options = move || {
        let locale = i18n.locale().tag();
        let mut countries: Vec<(String, &'static Country)> = market::COUNTRIES
            .iter()
            .map(|country| (format::region_name(country.code, locale), country))
            .collect();
        format::sort_by_name(&mut countries, locale);
        countries
            .into_iter()
            .map(|(name, country)| {
                view! {
                    <option value=country.code selected=move || market.country().code == country.code>
                        {name}
                    </option>
                }
            })
            .collect_view()
    };
    view! {
        <label class="field">
            <span class="field__label">{move || i18n.t().ship_to_label}</span>
            <select class="field__input" on:change=change>{options}</select>
        </label>
    }
}

/// Currencies by code and name in the page's language.
#[component]
fn CurrencySelect() -> impl IntoView {
    let i18n = use_i18n();
    let market = use_market();
    let change = move |event: leptos::ev::Event| {
        if let Ok(currency) = Currency::new(&event_target_value(&event)) {
            market.set_currency(currency);
        }
    };
    let options = move || {
        let locale = i18n.locale().tag();
        currencies()
            .into_iter()
            .map(|currency| {
                let code = currency.code().to_owned();
                let label = format!("{code} · {}", format::currency_name(&code, locale));
                view! {
                    <option value=code selected=move || market.currency() == currency>{label}</option>
                }
            })
            .collect_view()
    };
    view! {
        <label class="field">
            <span class="field__label">{move || i18n.t().currency_label}</span>
            <select class="field__input" on:change=change>{options}</select>
        </label>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::provide_i18n;
    use crate::state::market::provide_market;
    use leptos_router::components::Router;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn change(select: &web_sys::HtmlSelectElement, value: &str) {
        select.set_value(value);
        let event = web_sys::Event::new("change").unwrap();
        select.dispatch_event(&event).unwrap();
    }

    /// Lets the reactive system bring the page up to date.
    async fn settle() {
        leptos::task::tick().await;
    }

    #[wasm_bindgen_test]
    async fn opens_and_changes_country_and_currency_without_a_reload() {
        let storage = window().local_storage().unwrap().unwrap();
        storage.clear().unwrap();
        let document = document();
        let parent: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
        document.body().unwrap().append_child(&parent).unwrap();
        let market = RwSignal::new(None);
        let _handle = leptos::mount::mount_to(parent.clone(), move || {
            provide_i18n(Locale::En);
            provide_market();
            // The app provides it; without a server the page is live at once.
            crate::browser::provide_browser_ready(|| ());
            market.set(Some(use_market()));
            view! { <Router><MarketSwitcher/></Router> }
        });
        let market = market.get_untracked().unwrap();
        let find = |selector: &str| parent.query_selector(selector).unwrap().unwrap();
        let toggle: web_sys::HtmlElement = find(".market__toggle").unchecked_into();
        let panel = find("#market-panel");
        assert!(panel.has_attribute("hidden"));
        toggle.click();
        settle().await;
        assert_eq!(toggle.get_attribute("aria-expanded").unwrap(), "true");
        assert!(!panel.has_attribute("hidden"));

        let selects = parent.query_selector_all("select").unwrap();
        assert_eq!(selects.length(), 3);
        let country: web_sys::HtmlSelectElement = selects.item(1).unwrap().unchecked_into();
        // Countries are listed by name, alphabetically in the page's language.
        assert_eq!(
            country.options().item(0).unwrap().text_content().unwrap(),
            "Australia"
        );
        change(&country, "JP");
        settle().await;
        assert_eq!(market.country().code, "JP");
        assert_eq!(market.currency().code(), "JPY");
        assert!(toggle.text_content().unwrap().contains("Japan · JPY"));
        assert_eq!(
            storage.get_item("market.country").unwrap().as_deref(),
            Some("JP")
        );

        let currency: web_sys::HtmlSelectElement = selects.item(2).unwrap().unchecked_into();
        change(&currency, "EUR");
        settle().await;
        assert_eq!(market.country().code, "JP");
        assert_eq!(market.currency().code(), "EUR");
        assert_eq!(
            storage.get_item("market.currency").unwrap().as_deref(),
            Some("EUR")
        );
        storage.clear().unwrap();
    }
}
