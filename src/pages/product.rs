//! `/{lang}/products/{slug}`: one product with everything a cross-border buyer needs before
//! buying: price in their currency (with the rates' date), stock, delivery to their country
//! by the cheapest and the fastest service, the duties estimate, and, never hidden, why it
//! cannot be shipped there when it cannot.

use leptos::prelude::*;
use leptos_router::hooks::use_params;
use leptos_router::params::Params;
use serde_json::{Value, json};
use storefront_domain::Money;
use storefront_domain::cart::{Added, CartItem};
use storefront_domain::landed_cost::ImportRestriction;
use storefront_domain::product::{ProductDetail, ServiceEstimate};

use crate::api;
use crate::browser::{NoScriptNotice, use_browser_ready};
use crate::components::error_panel::page_error_fallback;
use crate::components::page_head::{
    JsonLd, PageHead, absolute, breadcrumbs, preview_image, site_origin,
};
use crate::i18n::{Label, Messages, fill, format, use_i18n};
use crate::state::cart::use_cart;
use crate::state::market::use_market;

/// Stock at or below this is shown as "only N left".
const LOW_STOCK: u32 = 5;

/// The route's parameters: `/{lang}/products/{slug}`.
#[derive(Params, Clone, PartialEq)]
struct ProductParams {
    slug: Option<String>,
}

/// The product named by the path.
#[component]
pub fn ProductPage() -> impl IntoView {
    let i18n = use_i18n();
    let market = use_market();
    let params = use_params::<ProductParams>();
    let product = Resource::new(
        move || {
            let slug =
                params.with(|params| params.as_ref().ok().and_then(|params| params.slug.clone()));
            (market.query(i18n.locale()), slug.unwrap_or_default())
        },
        |(market, slug)| api::sendable(async move { api::products::detail(market, &slug).await }),
    );
    let retry = Callback::new(move |()| product.refetch());
    view! {
        <Transition fallback=|| view! { <ProductSkeleton/> }>
            <ErrorBoundary fallback=move |errors| page_error_fallback(errors, retry)>
                {move || Suspend::new(async move {
                    product.await.map(|detail| view! { <Product detail/> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

/// The price a link preview shows: the first variant in stock, in the buyer's currency.
fn shown_price(detail: &ProductDetail) -> Money {
    let variant = detail
        .variants
        .iter()
        .find(|variant| variant.stock > 0)
        .unwrap_or(&detail.variants[0]);
    variant.local_price.unwrap_or(variant.price)
}

/// The product for search engines: a schema.org `Product` with an `Offer` per variant (price
/// in the buyer's currency, availability, shipping to the buyer's `country` where it goes),
/// and the breadcrumbs that lead to it.
fn structured_data(detail: &ProductDetail, country: &str) -> Value {
    let origin = site_origin();
    let locale = use_i18n().locale();
    let t = locale.messages();
    let path = |rest: &str| format!("/{}{rest}", locale.tag());
    let url = absolute(&origin, &path(&format!("/products/{}", detail.slug)));
    let shipping = match (&detail.delivery, detail.restriction) {
        (Some(delivery), None) => Some(json!({
            "@type": "OfferShippingDetails",
            "shippingRate": {
                "@type": "MonetaryAmount",
                "value": delivery.cheapest.shipping.to_decimal_string(),
                "currency": delivery.cheapest.shipping.currency.code(),
            },
            "shippingDestination": { "@type": "DefinedRegion", "addressCountry": country },
        })),
        _ => None,
    };
    let offers: Vec<Value> = detail
        .variants
        .iter()
        .map(|variant| {
            let price = variant.local_price.unwrap_or(variant.price);
            let availability = if variant.stock > 0 {
                "InStock"
            } else {
                "OutOfStock"
            };
            let mut offer = json!({
                "@type": "Offer",
                "url": url,
                "sku": format!("{}/{}", detail.slug, variant.key),
                "price": price.to_decimal_string(),
                "priceCurrency": price.currency.code(),
                "availability": format!("https://schema.org/{availability}"),
                "seller": { "@type": "Organization", "name": detail.seller.name },
            });
            if let Some(label) = &variant.label {
                offer["name"] = json!(label);
            }
            if let Some(shipping) = &shipping {
                offer["shippingDetails"] = shipping.clone();
            }
            offer
        })
        .collect();
    let product = json!({
        "@type": "Product",
        "name": detail.name,
        "description": detail.description,
        "image": absolute(&origin, &preview_image(&detail.image)),
        "sku": detail.slug,
        "category": t.category_name(&detail.category),
        "brand": { "@type": "Brand", "name": detail.seller.name },
        "offers": offers,
    });
    let trail = breadcrumbs(
        &origin,
        &[
            (t.store_name.to_owned(), path("")),
            (t.catalog_heading.to_owned(), path("/products")),
            (
                t.category_name(&detail.category).to_owned(),
                path(&format!("/products?category={}", detail.category)),
            ),
            (
                detail.name.clone(),
                path(&format!("/products/{}", detail.slug)),
            ),
        ],
    );
    json!({ "@context": "https://schema.org", "@graph": [product, trail] })
}

/// The page's shape while the product loads.
#[component]
fn ProductSkeleton() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="product">
            <p class="visually-hidden" role="status">{move || i18n.t().loading_product}</p>
            <div class="product__image skeleton" aria-hidden="true"></div>
            <div class="product__info" aria-hidden="true">
                <div class="skeleton skeleton--line"></div>
                <div class="skeleton skeleton--line skeleton--short"></div>
                <div class="skeleton skeleton--line"></div>
            </div>
        </div>
    }
}

#[component]
fn Product(detail: ProductDetail) -> impl IntoView {
    let i18n = use_i18n();
    let market = use_market();
    let locale = move || i18n.locale().tag();
    let chosen = RwSignal::new(
        detail
            .variants
            .iter()
            .position(|variant| variant.stock > 0)
            .unwrap_or(0),
    );
    let description: String = detail.description.chars().take(155).collect();
    let origin = {
        let (city, country) = (detail.seller_city.clone(), detail.seller.country.clone());
        move || {
            fill(
                i18n.t().ships_from,
                "country",
                &format!("{city}, {}", format::region_name(&country, locale())),
            )
        }
    };
    let detail = StoredValue::new(detail);
    let variant = move || detail.with_value(|detail| detail.variants[chosen.get()].clone());
    let price = move || {
        let variant = variant();
        format::money(&variant.local_price.unwrap_or(variant.price), locale())
    };
    let original_price = move || {
        let variant = variant();
        let rates_as_of = detail.with_value(|detail| detail.rates_as_of);
        match (variant.local_price, rates_as_of) {
            (Some(local), Some(date)) if local.currency != variant.price.currency => Some(fill(
                &fill(
                    i18n.t().converted_from,
                    "price",
                    &format::money(&variant.price, locale()),
                ),
                "date",
                &format::date(date, locale()),
            )),
            _ => None,
        }
    };
    let stock = move || {
        let stock = variant().stock;
        match stock {
            0 => i18n.t().sold_out.to_owned(),
            n if n <= LOW_STOCK => i18n.count(&i18n.t().only_left, n),
            _ => i18n.t().in_stock.to_owned(),
        }
    };
    let (name, image, seller_name) = detail.with_value(|detail| {
        (
            detail.name.clone(),
            detail.image.clone(),
            detail.seller.name.clone(),
        )
    });
    let restriction = detail.with_value(|detail| detail.restriction);
    let delivery = detail.with_value(|detail| detail.delivery.clone());
    let several = detail.with_value(|detail| detail.variants.len() > 1);
    let country_name = move || format::region_name(market.country().code, locale());
    view! {
        <PageHead
            title=Signal::stored(name.clone())
            description=Signal::stored(description)
            image=image.clone()
            price=detail.with_value(shown_price)
        />
        {move || {
            let data = detail.with_value(|detail| structured_data(detail, market.country().code));
            view! { <JsonLd data/> }
        }}
        <article class="product">
            // The largest thing on the first screen: fetched before anything else.
            <img class="product__image" src=image alt="" width="400" height="400" fetchpriority="high"/>
            <div class="product__info">
                <h1 class="product__name">{name.clone()}</h1>
                <p class="product__seller">{seller_name}" · "{origin}</p>
                {restriction.map(|restriction| view! { <RestrictionNotice restriction/> })}
                <p class="product__price">
                    <span class="price price--large">{price}</span>
                </p>
                {move || original_price().map(|text| view! { <p class="product__note">{text}</p> })}
                {several.then(|| view! { <VariantChoice detail chosen/> })}
                <p class="product__stock" class:product__stock--low=move || variant().stock <= LOW_STOCK>
                    {stock}
                </p>
                <AddToCart detail chosen blocked=restriction.is_some()/>
                <section class="delivery" aria-labelledby="delivery-heading">
                    <h2 id="delivery-heading">
                        {move || fill(i18n.t().delivery_to, "country", &country_name())}
                    </h2>
                    {match delivery {
                        Some(delivery) => {
                            view! {
                                <dl class="delivery__list">
                                    <Estimate label=|t: &Messages| t.cheapest estimate=delivery.cheapest.clone()/>
                                    <Estimate label=|t: &Messages| t.fastest estimate=delivery.fastest/>
                                </dl>
                                <p class="product__note">
                                    {move || {
                                        fill(
                                            i18n.t().duties_estimate,
                                            "amount",
                                            &format::money(
                                                &delivery.cheapest.duties.due_at_checkout,
                                                locale(),
                                            ),
                                        )
                                    }}
                                </p>
                            }
                                .into_any()
                        }
                        None => view! { <p>{move || i18n.t().no_delivery}</p> }.into_any(),
                    }}
                </section>
                <div class="product__description">
                    {detail.with_value(|detail| detail.description.clone())}
                </div>
            </div>
        </article>
    }
}

/// Why the product cannot go to the buyer's country: shown in full, never hidden.
#[component]
fn RestrictionNotice(restriction: ImportRestriction) -> impl IntoView {
    let i18n = use_i18n();
    let market = use_market();
    let reason = move || i18n.t().restriction_reason(restriction.reason);
    view! {
        <div class="notice notice--warning" role="note">
            <p class="notice__title">
                {move || i18n.not_shipped_to(market.country().code)}
            </p>
            <p>{reason}</p>
        </div>
    }
}

/// The variants as radio buttons with their prices.
#[component]
fn VariantChoice(detail: StoredValue<ProductDetail>, chosen: RwSignal<usize>) -> impl IntoView {
    let i18n = use_i18n();
    let variants = detail.with_value(|detail| detail.variants.clone());
    view! {
        <fieldset class="variants">
            <legend>{move || i18n.t().choose_variant}</legend>
            {variants
                .into_iter()
                .enumerate()
                .map(|(index, variant)| {
                    let price = variant.local_price.unwrap_or(variant.price);
                    view! {
                        <label class="variants__option">
                            <input
                                type="radio"
                                name="variant"
                                value=variant.key.clone()
                                checked=move || chosen.get() == index
                                prop:checked=move || chosen.get() == index
                                on:change=move |_| chosen.set(index)
                            />
                            <span>{variant.label.clone().unwrap_or(variant.key.clone())}</span>
                            <span class="price">
                                {move || format::money(&price, i18n.locale().tag())}
                            </span>
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

/// Quantity and the button, with what happened announced politely.
#[component]
fn AddToCart(
    detail: StoredValue<ProductDetail>,
    chosen: RwSignal<usize>,
    /// The product cannot be shipped to the buyer's country.
    blocked: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let cart = use_cart();
    let quantity = RwSignal::new(1u32);
    let outcome = RwSignal::new(None::<Added>);
    let stock = move || detail.with_value(|detail| detail.variants[chosen.get()].stock);
    let max = move || stock().clamp(1, storefront_domain::quote::MAX_QUANTITY);
    let add = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let item = detail.with_value(|detail| {
            CartItem::new(
                detail,
                &detail.variants[chosen.get_untracked()],
                quantity.get_untracked(),
            )
        });
        outcome.set(Some(cart.update(|cart| cart.add(item))));
    };
    let message = move || {
        let t = i18n.t();
        outcome.get().map(|added| match added {
            Added::Fully { .. } => t.added_to_cart.to_owned(),
            Added::Capped { quantity } => i18n.count(&t.added_capped, quantity),
            Added::Refused(_) => t.not_added.to_owned(),
        })
    };
    let ready = use_browser_ready();
    view! {
        <form class="add-to-cart" on:submit=add>
            <label class="field field--inline">
                <span class="field__label">{move || i18n.t().quantity_label}</span>
                <input
                    class="field__input field__input--quantity"
                    type="number"
                    min="1"
                    max=max
                    inputmode="numeric"
                    value=move || quantity.get().to_string()
                    prop:value=move || quantity.get().to_string()
                    on:change=move |event| {
                        let value = event_target_value(&event).parse().unwrap_or(1u32);
                        quantity.set(value.clamp(1, max()));
                    }
                />
            </label>
            <button
                type="submit"
                class="button button--primary"
                // Until the page is live a click would only reload it: the cart is the browser's.
                disabled=move || blocked || stock() == 0 || !ready.get()
            >
                {move || i18n.t().add_to_cart}
            </button>
            // The cart lives in the browser.
            <NoScriptNotice text=|t| t.add_to_cart_needs_javascript/>
            <p class="add-to-cart__status" role="status">
                {message}
                {move || {
                    outcome
                        .get()
                        .filter(|added| !matches!(added, Added::Refused(_)))
                        .map(|_| {
                            view! {
                                " "
                                <a href=move || i18n.path("/cart")>{move || i18n.t().view_cart}</a>
                            }
                        })
                }}
            </p>
        </form>
    }
}

/// One service's price and arrival window.
#[component]
fn Estimate(label: Label, estimate: ServiceEstimate) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || {
        let locale = i18n.locale().tag();
        let t = i18n.t();
        let level = t.level_name(estimate.level);
        let window = i18n.arrives(estimate.window);
        let text = fill(t.service_estimate, "carrier", &estimate.carrier_name);
        let text = fill(&text, "level", level);
        let text = fill(&text, "price", &format::money(&estimate.shipping, locale));
        fill(&text, "window", &window)
    };
    view! {
        <div class="delivery__item">
            <dt>{move || label(i18n.t())}</dt>
            <dd>{text}</dd>
        </div>
    }
}
