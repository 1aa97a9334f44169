//! What a page says about itself besides its content: title and description, its canonical
//! address and the same page in every language, the link preview a chat or social post shows
//! (Open Graph, Twitter card), and structured data for search engines (JSON-LD).
//!
//! Crawlers and link previews read only the server's HTML, so every value here is rendered
//! there; the browser keeps them in step as the buyer navigates.

use leptos::prelude::*;
use leptos::text_prop::TextProp;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::use_location;
use serde_json::{Value, json};
use storefront_domain::Money;

use crate::i18n::{Locale, use_i18n};
use crate::state::market::{current_page, locale_of_path, localized_path};

/// The link preview's picture for pages without their own.
const STORE_IMAGE: &str = "/images/store.png";

/// The head of a page. `image` is a path on this site (a product's picture; the store's card
/// when none); `price` makes the preview a product's; `private` pages (the buyer's cart, orders
/// and checkout) are kept out of search engines.
#[component]
pub fn PageHead(
    #[prop(into)] title: Signal<String>,
    #[prop(into)] description: Signal<String>,
    #[prop(optional, into)] image: Option<String>,
    #[prop(optional)] price: Option<Money>,
    #[prop(optional)] private: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let origin = site_origin();
    let address = Memo::new(move |_| {
        location.pathname.track();
        location.search.track();
        current_page(&location)
    });
    let url = {
        let origin = origin.clone();
        move || format!("{origin}{}", address.get())
    };
    let image = absolute(
        &origin,
        &preview_image(image.as_deref().unwrap_or(STORE_IMAGE)),
    );
    let alternates = {
        let origin = origin.clone();
        move || {
            let address = address.get();
            let mut links: Vec<_> = Locale::ALL
                .iter()
                .map(|locale| {
                    let href = format!("{origin}{}", localized_path(&address, *locale));
                    view! { <Link rel="alternate" hreflang=locale.tag() href=href/> }
                })
                .collect();
            // The address without a language answers in the buyer's (see the router).
            let default = format!("{origin}{}", without_language(&address));
            links.push(view! { <Link rel="alternate" hreflang="x-default" href=default/> });
            links
        }
    };
    let canonical = {
        let url = url.clone();
        move || view! { <Link rel="canonical" href=url()/> }
    };
    view! {
        <Title text=title_text(move || title.get())/>
        <Meta name="description" content=move || description.get()/>
        {private.then(|| view! { <Meta name="robots" content="noindex"/> })}
        {(!private).then(|| view! { {canonical} {alternates} })}
        <Meta property="og:site_name" content=move || i18n.t().store_name/>
        <Meta property="og:type" content=if price.is_some() { "product" } else { "website" }/>
        <Meta property="og:title" content=move || title.get()/>
        <Meta property="og:description" content=move || description.get()/>
        <Meta property="og:url" content=url/>
        <Meta property="og:image" content=image/>
        {price
            .map(|price| {
                view! {
                    <Meta property="product:price:amount" content=price.to_decimal_string()/>
                    <Meta property="product:price:currency" content=price.currency.code().to_owned()/>
                }
            })}
        <Meta name="twitter:card" content="summary_large_image"/>
    }
}

/// The text of a page's `<Title>`. On the server leptos_meta keeps a title past the component
/// that set it (a fallback replaced while the page renders) and reads it once the page is done,
/// so there it is the text as it is now, which cannot have been disposed by then; in the browser
/// it follows the language.
pub fn title_text(text: impl Fn() -> String + Send + Sync + 'static) -> TextProp {
    if cfg!(feature = "ssr") {
        TextProp::from(untrack(text))
    } else {
        TextProp::from(text)
    }
}

/// Structured data for search engines, as a `<script type="application/ld+json">`. Its text
/// is the page's data (product names, descriptions), so nothing in it may end the script.
#[component]
pub fn JsonLd(data: Value) -> impl IntoView {
    let text = script_safe_json(&data);
    view! { <script type="application/ld+json" nonce=use_nonce() inner_html=text></script> }
}

/// `data` as JSON that cannot close or open an HTML element: `<`, `>` and `&` are written as
/// JSON escapes, which read back as the same characters.
pub fn script_safe_json(data: &Value) -> String {
    data.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// A schema.org `BreadcrumbList` of `(name, path)` steps, the first the home page.
pub fn breadcrumbs(origin: &str, steps: &[(String, String)]) -> Value {
    let items: Vec<Value> = steps
        .iter()
        .enumerate()
        .map(|(index, (name, path))| {
            json!({
                "@type": "ListItem",
                "position": index + 1,
                "name": name,
                "item": absolute(origin, path),
            })
        })
        .collect();
    json!({ "@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items })
}

/// The store itself and its search, for the home page.
pub fn store(origin: &str, locale: Locale) -> Value {
    let name = locale.messages().store_name;
    let home = absolute(origin, &format!("/{}", locale.tag()));
    let search = absolute(
        origin,
        &format!("/{}/products?q={{search_term_string}}", locale.tag()),
    );
    json!({
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "OnlineStore",
                "name": name,
                "url": home,
                "logo": absolute(origin, "/favicon.svg"),
                "image": absolute(origin, STORE_IMAGE),
            },
            {
                "@type": "WebSite",
                "name": name,
                "url": home,
                "inLanguage": locale.tag(),
                "potentialAction": {
                    "@type": "SearchAction",
                    "target": { "@type": "EntryPoint", "urlTemplate": search },
                    "query-input": "required name=search_term_string",
                },
            },
        ],
    })
}

/// The origin (scheme, host and port) the buyer reached the store at: the request's on the
/// server (behind a proxy, the scheme it reports), the page's in the browser.
pub fn site_origin() -> String {
    #[cfg(feature = "ssr")]
    {
        let Some(parts) = use_context::<http::request::Parts>() else {
            return String::new();
        };
        let header = |name: &str| {
            parts
                .headers
                .get(name)
                .and_then(|value| value.to_str().ok())
                .and_then(|value| value.split(',').next())
                .map(str::trim)
        };
        let host = header("host")
            .or_else(|| parts.uri.authority().map(|authority| authority.as_str()))
            .unwrap_or("localhost");
        let scheme = match header("x-forwarded-proto") {
            Some("https") => "https",
            _ => parts.uri.scheme_str().unwrap_or("http"),
        };
        format!("{scheme}://{host}")
    }
    #[cfg(not(feature = "ssr"))]
    {
        window().location().origin().unwrap_or_default()
    }
}

/// `path` on this site as an absolute URL.
pub fn absolute(origin: &str, path: &str) -> String {
    format!("{origin}{path}")
}

/// The picture a link preview can show for `image`: link previews take no SVG, so a drawing
/// has a PNG twin beside it.
pub fn preview_image(image: &str) -> String {
    match image.strip_suffix(".svg") {
        Some(stem) => format!("{stem}.png"),
        None => image.to_owned(),
    }
}

/// `address` without its language segment: `/en/products?q=tea` is `/products?q=tea`.
fn without_language(address: &str) -> String {
    let rest = match locale_of_path(address) {
        Some(locale) => &address.trim_start_matches('/')[locale.tag().len()..],
        None => address,
    };
    if rest.starts_with('/') {
        rest.to_owned()
    } else {
        format!("/{rest}")
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test]
    fn json_in_a_script_cannot_end_it() {
        let data = json!({ "name": "</script><script>alert(1)</script> & more" });
        let text = script_safe_json(&data);
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), data);
    }

    #[wasm_bindgen_test]
    fn the_default_language_address_has_none() {
        assert_eq!(without_language("/en"), "/");
        assert_eq!(without_language("/ar/products?q=tea"), "/products?q=tea");
        assert_eq!(
            without_language("/de/products/matcha-bowl"),
            "/products/matcha-bowl"
        );
    }

    #[wasm_bindgen_test]
    fn drawings_preview_as_their_png_twin() {
        assert_eq!(
            preview_image("/images/products/a.svg"),
            "/images/products/a.png"
        );
        assert_eq!(preview_image("/images/store.png"), "/images/store.png");
    }
}
