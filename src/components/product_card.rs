//! One product in a listing.

use leptos::prelude::*;
use storefront_domain::product::ProductSummary;

use crate::i18n::{fill, format, use_i18n};

/// A product's picture, name, origin and price, in the buyer's language.
#[component]
pub fn ProductCard(
    /// The product to show.
    product: ProductSummary,
) -> impl IntoView {
    let i18n = use_i18n();
    let ProductSummary {
        name,
        seller,
        price,
        image,
        stock,
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
    let price_text = move || format::money(&price, i18n.locale().tag());
    view! {
        <article class="product-card">
            <img
                class="product-card__image"
                src=image
                alt=""
                width="400"
                height="400"
                loading="lazy"
                decoding="async"
            />
            <div class="product-card__body">
                <h3 class="product-card__name">{name}</h3>
                <p class="product-card__seller">{seller.name.clone()}</p>
                <p class="product-card__origin">{origin}</p>
                <p class="product-card__price">
                    <span class="price">{price_text}</span>
                    {(stock == 0)
                        .then(|| {
                            view! { <span class="badge badge--muted">{move || i18n.t().sold_out}</span> }
                        })}
                </p>
            </div>
        </article>
    }
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
        }
    }

    fn mount(stock: u32) -> (web_sys::HtmlElement, impl Sized) {
        let document = leptos::prelude::document();
        let parent: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
        document.body().unwrap().append_child(&parent).unwrap();
        let handle = leptos::mount::mount_to(parent.clone(), move || {
            provide_i18n(Locale::En);
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
    fn marks_a_product_without_stock_as_sold_out() {
        let (card, _handle) = mount(0);
        assert!(card.text_content().unwrap().contains("Sold out"));
    }
}
