//! `/{lang}/cart`: what the buyer means to buy, re-checked against the server on open.
//!
//! The cart in the browser holds what the buyer saw when adding; on open every product is read
//! again, and anything that changed (price, stock, availability) is applied and said in a
//! visible notice. Shipping and duties are estimated by a real quote of the cart, re-asked a
//! moment after the buyer stops changing quantities.

use leptos::prelude::*;
use storefront_domain::cart::{CartChange, CartItem, Fresh};
use storefront_domain::landed_cost::ImportRestriction;
use storefront_domain::product::ProductDetail;
use storefront_domain::quote::QuoteRequest;

use crate::api::{self, ApiError};
use crate::components::error_panel::api_error_fallback;
use crate::components::page_head::PageHead;
use crate::i18n::{I18n, fill, format, use_i18n};
use crate::lazy_pages;
use crate::state::cart::use_cart;
use crate::state::checkout::entry_step;
use crate::state::market::use_market;

/// How long quantities must stay unchanged before the estimate is asked for again.
const ESTIMATE_DELAY_MS: u64 = 600;

/// The cart's lines, what changed since they were added, and the totals.
#[component]
pub fn CartPage() -> impl IntoView {
    let i18n = use_i18n();
    let cart = use_cart();
    let empty = Memo::new(move |_| cart.with(|cart| cart.is_empty()));
    view! {
        <PageHead
            title=move || i18n.t().cart_heading.to_owned()
            description=move || i18n.t().cart_description.to_owned()
            private=true
        />
        <h1 class="page-heading">{move || i18n.t().cart_heading}</h1>
        <Show when=move || !empty.get() fallback=EmptyCart>
            <CartContents/>
        </Show>
    }
}

#[component]
fn EmptyCart() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="empty-state">
            <p>{move || i18n.t().cart_empty}</p>
            <a class="button button--primary" href=move || i18n.path("/products")>
                {move || i18n.t().continue_shopping}
            </a>
        </div>
    }
}

/// What the server says now about the cart's products, for the buyer's market.
#[derive(Clone, Default)]
struct Checked {
    /// What changed, as the buyer should hear it.
    changes: Vec<CartChange>,
    /// Products that cannot be shipped to the buyer's country.
    restricted: Vec<(String, ImportRestriction)>,
}

#[component]
fn CartContents() -> impl IntoView {
    let i18n = use_i18n();
    let market = use_market();
    let cart = use_cart();
    lazy_pages::prefetch_checkout();
    // Re-read every product when the page opens and when the market changes; not when
    // quantities change, which the server need not see for this.
    let checked = LocalResource::new(move || {
        let query = market.query(i18n.locale());
        let products: Vec<String> = cart.with_untracked(|cart| {
            let mut products: Vec<String> = Vec::new();
            for line in &cart.lines {
                if !products.contains(&line.product) {
                    products.push(line.product.clone());
                }
            }
            products
        });
        async move {
            let mut details: Vec<(String, Option<ProductDetail>)> =
                Vec::with_capacity(products.len());
            for slug in products {
                match api::products::detail(query, &slug).await {
                    Ok(detail) => details.push((slug, Some(detail))),
                    Err(ApiError::Problem(problem)) if problem.status == 404 => {
                        details.push((slug, None))
                    }
                    Err(error) => return Err(error),
                }
            }
            let changes = cart.update(|cart| {
                cart.reconcile(|product, variant| {
                    let (_, detail) = details.iter().find(|(slug, _)| slug == product)?;
                    Some(match detail {
                        Some(detail) => Fresh::from_detail(detail, variant),
                        None => Fresh::Gone,
                    })
                })
            });
            let restricted = details
                .iter()
                .filter_map(|(slug, detail)| Some((slug.clone(), detail.as_ref()?.restriction?)))
                .collect();
            Ok::<_, ApiError>(Checked {
                changes,
                restricted,
            })
        }
    });
    let retry = Callback::new(move |()| checked.refetch());
    let restricted = move |product: &str| {
        checked
            .get()
            .and_then(|checked| checked.ok())
            .is_some_and(|checked| checked.restricted.iter().any(|(slug, _)| slug == product))
    };
    view! {
        <Transition fallback=|| ()>
            <ErrorBoundary fallback=move |errors| api_error_fallback(errors, retry)>
                {move || Suspend::new(async move {
                    checked.await.map(|checked| view! { <Changes changes=checked.changes/> })
                })}
            </ErrorBoundary>
        </Transition>
        <div class="cart">
            <ul class="cart__lines" role="list">
                <For
                    each=move || cart.with(|cart| cart.lines.clone())
                    key=|line| (line.product.clone(), line.variant.clone())
                    let:line
                >
                    {
                        let product = line.product.clone();
                        view! { <Line line restricted=Signal::derive(move || restricted(&product))/> }
                    }
                </For>
            </ul>
            <Summary/>
        </div>
    }
}

/// The notice of what changed since the buyer added things; nothing when nothing did.
#[component]
fn Changes(changes: Vec<CartChange>) -> impl IntoView {
    let i18n = use_i18n();
    if changes.is_empty() {
        return ().into_any();
    }
    let describe = move |change: &CartChange| {
        let t = i18n.t();
        let locale = i18n.locale().tag();
        match change {
            CartChange::PriceChanged { name, was, now, .. } => fill(
                &fill(
                    &fill(t.price_changed, "name", name),
                    "was",
                    &format::money(was, locale),
                ),
                "now",
                &format::money(now, locale),
            ),
            CartChange::QuantityReduced { name, now, .. } => {
                fill(&i18n.count(&t.quantity_reduced, *now), "name", name)
            }
            CartChange::SoldOut { name, .. } => fill(t.sold_out_removed, "name", name),
            CartChange::Removed { name, .. } => fill(t.no_longer_available, "name", name),
        }
    };
    view! {
        <div class="notice notice--info" role="status">
            <p class="notice__title">{move || i18n.t().cart_changed}</p>
            <ul>
                {changes
                    .into_iter()
                    .map(|change| view! { <li>{move || describe(&change)}</li> })
                    .collect_view()}
            </ul>
        </div>
    }
    .into_any()
}

/// One line: picture, name, price, quantity and removal.
#[component]
fn Line(line: CartItem, restricted: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let market = use_market();
    let cart = use_cart();
    let (product, variant) = (line.product.clone(), line.variant.clone());
    let current = {
        let (product, variant) = (product.clone(), variant.clone());
        move || cart.with(|cart| cart.get(&product, &variant).cloned())
    };
    let unit = {
        let current = current.clone();
        move || current().map(|line| line.local_price.unwrap_or(line.unit_price))
    };
    // A memo, so that re-reading the products (which leaves quantities alone) does not write
    // the field again and wipe what the buyer is typing into it.
    let quantity = {
        let current = current.clone();
        Memo::new(move |_| current().map_or(0, |line| line.quantity))
    };
    let max = {
        let current = current.clone();
        move || current().map_or(1, |line| line.max_quantity().max(1))
    };
    let line_total = {
        let unit = unit.clone();
        move || {
            let unit = unit()?;
            let total = unit.amount_minor.checked_mul(i64::from(quantity.get()))?;
            Some(format::money(
                &storefront_domain::Money::new(total, unit.currency),
                i18n.locale().tag(),
            ))
        }
    };
    let set_quantity = {
        let (product, variant) = (product.clone(), variant.clone());
        move |event: leptos::ev::Event| {
            let wanted = event_target_value(&event)
                .trim()
                .parse::<u32>()
                .unwrap_or(1);
            cart.update(|cart| cart.set_quantity(&product, &variant, wanted.max(1)).ok());
        }
    };
    let remove = {
        let (product, variant) = (product.clone(), variant.clone());
        move |_| {
            cart.update(|cart| cart.remove(&product, &variant));
        }
    };
    let name = line.name.clone();
    let input_id = format!("quantity-{product}-{variant}");
    view! {
        <li class="cart-line">
            <img class="cart-line__image" src=line.image.clone() alt="" width="96" height="96"/>
            <div class="cart-line__info">
                <a class="cart-line__name" href=move || i18n.path(&format!("/products/{product}"))>
                    {line.name.clone()}
                </a>
                {line.variant_label.clone().map(|label| view! { <p class="cart-line__variant">{label}</p> })}
                <p class="cart-line__unit">
                    {move || unit().map(|unit| format::money(&unit, i18n.locale().tag()))}
                </p>
                <Show when=move || restricted.get()>
                    <p class="badge badge--warning">
                        {move || i18n.not_shipped_to(market.country().code)}
                    </p>
                </Show>
            </div>
            <div class="cart-line__actions">
                <label class="field field--inline" for=input_id.clone()>
                    <span class="field__label">{move || i18n.t().quantity_label}</span>
                </label>
                <input
                    id=input_id
                    class="field__input field__input--quantity"
                    type="number"
                    min="1"
                    max=max
                    inputmode="numeric"
                    prop:value=move || quantity.get().to_string()
                    on:change=set_quantity
                />
                <button
                    type="button"
                    class="button button--link"
                    aria-label=move || fill(i18n.t().remove_named, "name", &name)
                    on:click=remove
                >
                    {move || i18n.t().remove}
                </button>
                <p class="cart-line__total price">{line_total}</p>
            </div>
        </li>
    }
}

/// Subtotal, and shipping, duties and the estimated total with the cheapest services, from a
/// quote of the cart.
#[component]
fn Summary() -> impl IntoView {
    let i18n = use_i18n();
    let market = use_market();
    let cart = use_cart();
    let subtotal = move || {
        cart.with(|cart| cart.subtotal(market.currency()))
            .map(|amount| format::money(&amount, i18n.locale().tag()))
    };
    // The lines the estimate is for, settled a moment after the last change.
    let lines = cart.with_untracked(|cart| cart.quote_lines());
    let settled = RwSignal::new(lines);
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let lines = cart.with(|cart| cart.quote_lines());
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || settled.set(lines),
            std::time::Duration::from_millis(ESTIMATE_DELAY_MS),
        )
        .ok();
        pending.set_value(handle);
    });
    let estimate = LocalResource::new(move || {
        let request = QuoteRequest {
            destination: market.country().code.to_owned(),
            currency: market.currency().code().to_owned(),
            lang: Some(i18n.locale().tag().to_owned()),
            lines: settled.get(),
        };
        async move {
            if request.lines.is_empty() {
                return Ok(None);
            }
            api::quotes::create(&request)
                .await
                .map(|quote| quote.cheapest_estimate())
        }
    });
    let retry = Callback::new(move |()| estimate.refetch());
    view! {
        <section class="cart__summary" aria-labelledby="summary-heading">
            <h2 id="summary-heading">{move || i18n.t().summary_heading}</h2>
            <dl class="totals">
                <div class="totals__row">
                    <dt>{move || i18n.t().subtotal}</dt>
                    <dd class="price">{subtotal}</dd>
                </div>
                <Transition fallback=move || {
                    view! {
                        <div class="totals__row">
                            <dt>{move || i18n.t().estimating}</dt>
                            <dd class="skeleton skeleton--line skeleton--short"></dd>
                        </div>
                    }
                }>
                    <ErrorBoundary fallback=move |errors| api_error_fallback(errors, retry)>
                        {move || Suspend::new(async move {
                            estimate.await.map(|estimate| view! { <EstimateRows estimate/> })
                        })}
                    </ErrorBoundary>
                </Transition>
            </dl>
            <p class="product__note">{move || i18n.t().estimate_note}</p>
            <a class="button button--primary cart__checkout" href=move || checkout_path(i18n)>
                {move || i18n.t().checkout_button}
            </a>
        </section>
    }
}

#[component]
fn EstimateRows(estimate: Option<storefront_domain::quote::CheapestEstimate>) -> impl IntoView {
    let i18n = use_i18n();
    let market = use_market();
    let Some(estimate) = estimate else {
        return view! {
            <p class="totals__note">
                {move || {
                    fill(
                        i18n.t().cannot_estimate,
                        "country",
                        &format::region_name(market.country().code, i18n.locale().tag()),
                    )
                }}
            </p>
        }
        .into_any();
    };
    let money = move |amount| format::money(&amount, i18n.locale().tag());
    view! {
        <div class="totals__row">
            <dt>{move || i18n.t().shipping_cheapest}</dt>
            <dd class="price">{move || money(estimate.shipping)}</dd>
        </div>
        <div class="totals__row">
            <dt>{move || i18n.t().duties_and_taxes}</dt>
            <dd class="price">{move || money(estimate.duties)}</dd>
        </div>
        <div class="totals__row totals__row--total">
            <dt>{move || i18n.t().estimated_total}</dt>
            <dd class="price">{move || money(estimate.total)}</dd>
        </div>
    }
    .into_any()
}

/// Where "Check out" leads (see [`entry_step`]).
fn checkout_path(i18n: I18n) -> String {
    match entry_step() {
        Some(step) => i18n.path(&format!("/checkout/{}", step.segment())),
        None => i18n.path("/checkout"),
    }
}
