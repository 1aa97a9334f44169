//! One product in a listing.

use leptos::prelude::*;
use storefront_domain::product::{ProductSummary, TextRange};

use crate::i18n::{fill, format, use_i18n};
use crate::state::market::use_market;

/// A product's picture, name, origin and price, in the buyer's language and currency, with a
/// mark when it cannot be shipped to the buyer's country. The name links to its page.
#[component]
pub fn ProductCard(
    /// The product to show.
    product: ProductSummary,
    /// Whether the card is on the listing's first screen, where its picture loads at once.
    #[prop(optional)]
    first_screen: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let ProductSummary {
        slug,
        name,
        seller,
        price,
        local_price,
        image,
        stock,
        restriction,
        name_matches,
        ..
    } = product;
    let origin = move || {
        let locale = i18n.locale().tag();
        fill(
            i18n.t().ships_from,
            "country",
            &format::region_name(&seller.country, locale),
        )
    };
    // The buyer's currency when the server converted it, else the seller's.
    let shown_price = local_price.unwrap_or(price);
    let price_text = move || format::money(&shown_price, i18n.locale().tag());
    let href = move || i18n.path(&format!("/products/{slug}"));
    view! {
        <article class="product-card">
            <img
                class="product-card__image"
                src=image
                alt=""
                width="400"
                height="400"
                loading=if first_screen { "eager" } else { "lazy" }
                decoding="async"
            />
            <div class="product-card__body">
                <h3 class="product-card__name">
                    <a class="product-card__link" href=href>{marked(&name, &name_matches)}</a>
                </h3>
                <p class="product-card__seller">{seller.name.clone()}</p>
                <p class="product-card__origin">{origin}</p>
                <p class="product-card__price">
                    <span class="price">{price_text}</span>
                    {(stock == 0)
                        .then(|| {
                            view! { <span class="badge badge--muted">{move || i18n.t().sold_out}</span> }
                        })}
                </p>
                {restriction.map(|_| view! { <NotShippedBadge/> })}
            </div>
        </article>
    }
}

/// `text` with the parts a search matched in `<mark>`; ranges that do not fall on its character
/// boundaries are ignored.
pub fn marked(text: &str, matches: &[TextRange]) -> impl IntoView + use<> {
    let mut pieces: Vec<(String, bool)> = Vec::new();
    let mut at = 0;
    for range in matches {
        let (start, end) = (range.start as usize, range.end as usize);
        let (Some(before), Some(matched)) = (text.get(at..start), text.get(start..end)) else {
            continue;
        };
        pieces.push((before.to_owned(), false));
        pieces.push((matched.to_owned(), true));
        at = end;
    }
    pieces.push((text.get(at..).unwrap_or_default().to_owned(), false));
    pieces
        .into_iter()
        .filter(|(piece, _)| !piece.is_empty())
        .map(|(piece, matched)| {
            if matched {
                view! { <mark class="match">{piece}</mark> }.into_any()
            } else {
                piece.into_any()
            }
        })
        .collect_view()
}

/// "Not shipped to {country}": the reason is on the product's page.
#[component]
fn NotShippedBadge() -> impl IntoView {
    let i18n = use_i18n();
    let market = use_market();
    let text = move || i18n.not_shipped_to(market.country().code);
    view! { <p class="badge badge--warning product-card__restriction">{text}</p> }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Locale, provide_i18n};
    use storefront_domain::product::SellerRef;
    use storefront_domain::{Currency, Money};
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn product(stock: u32) -> ProductSummary {
        ProductSummary {
            slug: "matcha-bowl".into(),
            name: "Hand-thrown matcha bowl".into(),
            seller: SellerRef {
                name: "Kiln & Leaf".into(),
                country: "JP".into(),
            },
            category: "kitchen".into(),
            price: Money::new(4800, Currency::new("JPY").unwrap()),
            image: "/images/products/matcha-bowl.svg".into(),
            stock,
            local_price: None,
            restriction: None,
            name_matches: Vec::new(),
        }
    }

    fn mount(stock: u32) -> (web_sys::HtmlElement, impl Sized) {
        let document = leptos::prelude::document();
        let parent: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
        document.body().unwrap().append_child(&parent).unwrap();
        let handle = leptos::mount::mount_to(parent.clone(), move || {
            provide_i18n(Locale::En);
            crate::state::market::provide_market();
            view! { <ProductCard product=product(stock)/> }
        });
        (parent, handle)
    }

    #[wasm_bindgen_test]
    fn shows_name_seller_origin_and_price_in_the_sellers_currency() {
        let (card, _handle) = mount(12);
        let text = card.text_content().unwrap();
        assert!(text.contains("Hand-thrown matcha bowl"), "{text}");
        let line = |class: &str| {
            let selector = format!(".product-card__{class}");
            card.query_selector(&selector)
                .unwrap()
                .unwrap()
                .text_content()
                .unwrap()
        };
        assert_eq!(line("seller"), "Kiln & Leaf");
        assert_eq!(line("origin"), "Ships from Japan");
        assert!(text.contains("¥4,800"), "{text}");
        assert!(!text.contains("Sold out"), "{text}");
        let heading = card.query_selector("h3").unwrap().unwrap();
        assert_eq!(heading.text_content().unwrap(), "Hand-thrown matcha bowl");
    }

    #[wasm_bindgen_test]
    fn shows_the_price_in_the_buyers_currency_and_a_restriction() {
        use storefront_domain::landed_cost::{ImportRestriction, RestrictionReason};
        use storefront_domain::product::Trait;
        let document = leptos::prelude::document();
        let parent: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
        document.body().unwrap().append_child(&parent).unwrap();
        let mut converted = product(3);
        converted.local_price = Some(Money::new(2940, Currency::new("EUR").unwrap()));
        converted.restriction = Some(ImportRestriction {
            product_trait: Trait::PlantMaterial,
            reason: RestrictionReason::Biosecurity,
        });
        let _handle = leptos::mount::mount_to(parent.clone(), move || {
            provide_i18n(Locale::De);
            crate::state::market::provide_market();
            crate::state::market::use_market()
                .set_country(storefront_domain::market::country("AU").unwrap());
            view! { <ProductCard product=converted/> }
        });
        let text = parent.text_content().unwrap();
        assert!(text.contains("29,40\u{a0}€"), "{text}");
        assert!(!text.contains("4.800"), "{text}");
        let badge = parent
            .query_selector(".product-card__restriction")
            .unwrap()
            .unwrap();
        assert!(
            badge.text_content().unwrap().contains("Australien"),
            "{text}"
        );
        let link = parent.query_selector("a").unwrap().unwrap();
        assert_eq!(
            link.get_attribute("href").unwrap(),
            "/de/products/matcha-bowl"
        );
    }

    #[wasm_bindgen_test]
    fn marks_a_product_without_stock_as_sold_out() {
        let (card, _handle) = mount(0);
        assert!(card.text_content().unwrap().contains("Sold out"));
    }
}
