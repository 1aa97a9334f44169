//! The buyer's market: language, ship-to country and currency.
//!
//! The language is the first segment of every path (`/de/products`), so a shared link opens in
//! its language; the router's location is its only source. Country and currency are app-wide
//! signals. All three are remembered in localStorage, and a first visit negotiates them from
//! the browser: its languages, and its time zone as the best hint of where the buyer is.
//!
//! The server renders pages in the buyer's country and currency too: the app keeps them in a
//! cookie ([`market::MARKET_COOKIE`]) beside localStorage, and without one the server goes by
//! the `Accept-Language` region. The browser then starts from the server's choice, so the page
//! it takes over shows the same prices.

use leptos::prelude::*;
use storefront_domain::Currency;
use storefront_domain::market::{self, Country};

use crate::api::products::MarketQuery;
use crate::i18n::Locale;
use crate::state::storage::Storage;

/// The chosen ship-to country and currency, provided to the whole app.
#[derive(Clone, Copy)]
pub struct Market {
    country: RwSignal<&'static Country>,
    currency: RwSignal<Currency>,
}

impl Market {
    /// Where goods are shipped to; reading it subscribes the caller.
    pub fn country(&self) -> &'static Country {
        self.country.get()
    }

    /// Where goods are shipped to, without subscribing the caller.
    pub fn country_untracked(&self) -> &'static Country {
        self.country.get_untracked()
    }

    /// What prices are shown and charged in; reading it subscribes the caller.
    pub fn currency(&self) -> Currency {
        self.currency.get()
    }

    /// Ships to `country` from now on, showing prices in its currency.
    pub fn set_country(&self, country: &'static Country) {
        self.country.set(country);
        self.currency.set(country.currency());
        store(COUNTRY_KEY, country.code);
        store(CURRENCY_KEY, country.currency_code);
        store_cookie(country, country.currency());
    }

    /// What product answers depend on, for `locale`; reading it subscribes the caller.
    pub fn query(&self, locale: Locale) -> MarketQuery {
        MarketQuery {
            lang: locale.tag(),
            country: self.country().code,
            currency: self.currency(),
        }
    }

    /// Shows prices in `currency` from now on.
    pub fn set_currency(&self, currency: Currency) {
        self.currency.set(currency);
        store(CURRENCY_KEY, currency.code());
        store_cookie(self.country.get_untracked(), currency);
    }

    /// Once the page is live in the browser: a choice remembered in this browser before the
    /// server could know it (saved before the cookie existed) takes over, and the cookie is
    /// written so that the server renders the next page in the same market.
    pub fn restore_remembered(&self) {
        if let Some(country) = remembered(COUNTRY_KEY).and_then(|code| market::country(&code))
            && country.code != self.country_untracked().code
        {
            self.country.set(country);
        }
        if let Some(currency) = remembered(CURRENCY_KEY)
            .and_then(|code| Currency::new(&code).ok())
            .filter(|currency| currencies().contains(currency))
        {
            self.currency.set(currency);
        }
        store_cookie(self.country_untracked(), self.currency.get_untracked());
    }
}

/// The country and currency the app starts in, as codes (what the server sends the browser).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
struct Start {
    country: String,
    currency: String,
}

/// The market the server renders in: the cookie's, else the `Accept-Language` region's, else
/// the first language's main destination.
#[cfg(feature = "ssr")]
fn negotiated() -> (&'static Country, Currency) {
    let header = |name: http::HeaderName| {
        use_context::<http::request::Parts>()
            .and_then(|parts| {
                let value = parts.headers.get(name)?.to_str().ok()?;
                Some(value.to_owned())
            })
            .unwrap_or_default()
    };
    if let Some((country, currency)) = market::market_from_cookies(&header(http::header::COOKIE))
        && currencies().contains(&currency)
    {
        return (country, currency);
    }
    let accept = header(http::header::ACCEPT_LANGUAGE);
    let languages = market::accept_language(&accept);
    let country = languages
        .iter()
        .find_map(|tag| {
            tag.split('-')
                .skip(1)
                .find(|subtag| subtag.len() == 2)
                .and_then(market::country)
        })
        .or_else(|| {
            market::country(market::default_country_for(
                languages.first().copied().unwrap_or_default(),
                None,
            ))
        })
        .unwrap_or(&market::COUNTRIES[0]);
    (country, country.currency())
}

/// The market the browser starts in without a server: remembered, else negotiated from its
/// languages and time zone.
#[cfg(not(feature = "ssr"))]
fn negotiated() -> (&'static Country, Currency) {
    let country = remembered(COUNTRY_KEY)
        .and_then(|code| market::country(&code))
        .or_else(|| {
            let language = browser_languages().into_iter().next().unwrap_or_default();
            market::country(market::default_country_for(
                &language,
                time_zone().as_deref(),
            ))
        })
        .unwrap_or(&market::COUNTRIES[0]);
    let currency = remembered(CURRENCY_KEY)
        .and_then(|code| Currency::new(&code).ok())
        .filter(|currency| currencies().contains(currency))
        .unwrap_or_else(|| country.currency());
    (country, currency)
}

/// Provides the [`Market`]: the one the server rendered the page in, when it did; else
/// remembered or negotiated from the browser.
pub fn provide_market() {
    let start = leptos::prelude::SharedValue::new(|| {
        let (country, currency) = negotiated();
        Start {
            country: country.code.to_owned(),
            currency: currency.code().to_owned(),
        }
    })
    .into_inner();
    let country = market::country(&start.country).unwrap_or(&market::COUNTRIES[0]);
    let currency = Currency::new(&start.currency)
        .ok()
        .filter(|currency| currencies().contains(currency))
        .unwrap_or_else(|| country.currency());
    provide_context(Market {
        country: RwSignal::new(country),
        currency: RwSignal::new(currency),
    });
}

/// The market; panics outside the app, where no component can run anyway.
pub fn use_market() -> Market {
    expect_context::<Market>()
}

/// The currencies a buyer can choose: those of the destinations, in their order.
pub fn currencies() -> Vec<Currency> {
    let mut currencies: Vec<Currency> = Vec::new();
    for country in &market::COUNTRIES {
        let currency = country.currency();
        if !currencies.contains(&currency) {
            currencies.push(currency);
        }
    }
    currencies
}

/// The language a path (which may carry a query and fragment) is in: its first segment, when
/// that is one of the app's languages.
pub fn locale_of_path(path: &str) -> Option<Locale> {
    let first = path.trim_start_matches('/').split(['/', '?', '#']).next()?;
    Locale::from_tag(first)
}

/// `path` (which may carry a query and fragment) in `locale`: its language segment replaced,
/// or added when it has none.
pub fn localized_path(path: &str, locale: Locale) -> String {
    let rest = match locale_of_path(path) {
        Some(current) => &path.trim_start_matches('/')[current.tag().len()..],
        None => path,
    };
    let rest = rest.trim_start_matches('/');
    if rest.is_empty() {
        format!("/{}", locale.tag())
    } else if rest.starts_with(['?', '#']) {
        format!("/{}{rest}", locale.tag())
    } else {
        format!("/{}/{rest}", locale.tag())
    }
}

/// Where the router is: path, query and fragment, as a link to it would be written.
pub fn current_address(location: &leptos_router::location::Location) -> String {
    // A request never carries its fragment, so the server has none to read.
    let hash = if cfg!(feature = "ssr") {
        String::new()
    } else {
        location.hash.get_untracked()
    };
    format!("{}{hash}", current_page(location))
}

/// The page the router is on: path and query, without the fragment. (The router's `search`
/// comes without its `?`.)
pub fn current_page(location: &leptos_router::location::Location) -> String {
    let search = location.search.get_untracked();
    let question = if search.is_empty() || search.starts_with('?') {
        ""
    } else {
        "?"
    };
    format!("{}{question}{search}", location.pathname.get_untracked())
}

/// The language for a path without one: the one chosen last time, else the browser's best.
pub fn preferred_locale() -> Locale {
    remembered(LANGUAGE_KEY)
        .and_then(|tag| Locale::from_tag(&tag))
        .unwrap_or_else(|| {
            let languages = browser_languages();
            let languages: Vec<&str> = languages.iter().map(String::as_str).collect();
            Locale::from_tag(market::negotiate(&languages)).unwrap_or(Locale::En)
        })
}

/// Remembers `locale` as the buyer's language, here and for the server.
pub fn remember_locale(locale: Locale) {
    store(LANGUAGE_KEY, locale.tag());
    set_cookie(market::LANGUAGE_COOKIE, locale.tag());
}

const LANGUAGE_KEY: &str = "market.language";
const COUNTRY_KEY: &str = "market.country";
const CURRENCY_KEY: &str = "market.currency";

fn remembered(key: &str) -> Option<String> {
    Storage::Local.text(key)
}

/// Remembers a choice; a full or refused storage only means it is not remembered.
fn store(key: &str, value: &str) {
    Storage::Local.set_text(key, value);
}

/// Keeps the market in its cookie, for the server's next page.
fn store_cookie(country: &Country, currency: Currency) {
    set_cookie(
        market::MARKET_COOKIE,
        &market::market_cookie_value(country, currency.code()),
    );
}

/// Sets cookie `name` for a year on the whole site.
fn set_cookie(name: &str, value: &str) {
    if cfg!(feature = "ssr") {
        return;
    }
    let cookie = format!("{name}={value}; Path=/; Max-Age=31536000; SameSite=Lax");
    let document: web_sys::HtmlDocument = wasm_bindgen::JsCast::unchecked_into(document());
    // A refused cookie only means the server renders the next page in its own guess first.
    let _ = document.set_cookie(&cookie);
}

/// `navigator.languages`, most preferred first (none on the server).
fn browser_languages() -> Vec<String> {
    if cfg!(feature = "ssr") {
        return Vec::new();
    }
    window()
        .navigator()
        .languages()
        .iter()
        .filter_map(|language| language.as_string())
        .collect()
}

/// The browser's IANA time zone, such as `Europe/Berlin`.
#[cfg(not(feature = "ssr"))]
fn time_zone() -> Option<String> {
    let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
    let options = format.resolved_options();
    js_sys::Reflect::get(&options, &"timeZone".into())
        .ok()?
        .as_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_language_is_the_first_segment() {
        assert_eq!(locale_of_path("/de/products"), Some(Locale::De));
        assert_eq!(locale_of_path("/ar"), Some(Locale::Ar));
        assert_eq!(locale_of_path("/products/de"), None);
        assert_eq!(locale_of_path("/"), None);
        assert_eq!(locale_of_path("/deutsch"), None);
        assert_eq!(locale_of_path("/de?q=tea"), Some(Locale::De));
        assert_eq!(locale_of_path("/ja#top"), Some(Locale::Ja));
    }

    #[wasm_bindgen_test]
    fn paths_are_moved_to_another_language_with_query_and_fragment() {
        assert_eq!(
            localized_path("/de/products?q=tea#top", Locale::Ar),
            "/ar/products?q=tea#top"
        );
        assert_eq!(
            localized_path("/products/copper-mug", Locale::Ja),
            "/ja/products/copper-mug"
        );
        assert_eq!(localized_path("/", Locale::Fr), "/fr");
        assert_eq!(localized_path("/de", Locale::En), "/en");
        assert_eq!(localized_path("/de?x=1", Locale::En), "/en?x=1");
    }

    #[wasm_bindgen_test]
    fn every_destination_currency_can_be_chosen_once() {
        let currencies = currencies();
        assert!(currencies.len() >= 10, "{}", currencies.len());
        for country in &market::COUNTRIES {
            assert_eq!(
                currencies
                    .iter()
                    .filter(|c| **c == country.currency())
                    .count(),
                1
            );
        }
    }
}
