//! The order summary beside every step: goods, shipping, add-ons, duties now, the total that
//! will be charged, and what the carrier will still collect. The figures are the domain's
//! `price_order`, the computation the server charges by.

use leptos::prelude::*;
use storefront_domain::Money;
use storefront_domain::order::OrderShipment;

use crate::checkout::use_checkout;
use crate::i18n::{format, use_i18n};

/// Goods, shipping, add-ons, duties and the total of the current choices.
#[component]
pub fn OrderSummary() -> impl IntoView {
    let i18n = use_i18n();
    let checkout = use_checkout();
    let priced = Memo::new(move |_| checkout.draft.with(|draft| draft.priced()));
    let lines = move || {
        checkout.draft.with(|draft| {
            draft
                .quote
                .iter()
                .flat_map(|quote| &quote.shipments)
                .flat_map(|shipment| shipment.lines.iter().zip(&shipment.quote.line_totals))
                .map(|(line, total)| (format!("{} × {}", line.quantity, line.name), *total))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <aside class="checkout__summary" aria-labelledby="order-summary-heading">
            <h2 id="order-summary-heading">{move || i18n.t().summary_heading}</h2>
            <ul class="summary-lines" role="list">
                {move || {
                    lines()
                        .into_iter()
                        .map(|(name, total)| {
                            view! {
                                <li class="summary-lines__row">
                                    <span>{name}</span>
                                    <span class="price">{move || format::money(&total, i18n.locale().tag())}</span>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            {move || match priced.get() {
                Some(priced) => {
                    view! {
                        <OrderTotals
                            shipments=priced.shipments
                            total=priced.total_charged
                            due_later=priced.due_on_delivery
                        />
                    }
                        .into_any()
                }
                None => view! { <p class="field__hint">{move || i18n.t().totals_after_delivery}</p> }.into_any(),
            }}
        </aside>
    }
}

/// The totals of an order's shipments: what was (or will be) charged and what is due later.
#[component]
pub fn OrderTotals(
    /// The shipments, as priced.
    shipments: Vec<OrderShipment>,
    /// What is charged at checkout.
    total: Money,
    /// What the carriers collect on delivery.
    due_later: Money,
) -> impl IntoView {
    let i18n = use_i18n();
    let zero = Money::zero(total.currency);
    let sum = |amount: fn(&OrderShipment) -> Money| {
        shipments
            .iter()
            .try_fold(zero, |total, shipment| {
                total.checked_add(amount(shipment)).ok()
            })
            .unwrap_or(zero)
    };
    let goods = sum(|s| s.goods);
    let shipping = sum(|s| s.shipping);
    let add_ons = shipments
        .iter()
        .flat_map(|s| &s.add_ons)
        .try_fold(zero, |total, add_on| total.checked_add(add_on.price).ok())
        .unwrap_or(zero);
    let duties = sum(|s| s.duties_at_checkout);
    let money = move |amount: Money| format::money(&amount, i18n.locale().tag());
    let row = move |label: fn(&'static crate::i18n::Messages) -> &'static str, amount: Money| {
        view! {
            <div class="totals__row">
                <dt>{move || label(i18n.t())}</dt>
                <dd class="price">{move || money(amount)}</dd>
            </div>
        }
    };
    view! {
        <dl class="totals">
            {row(|t| t.subtotal, goods)}
            {row(|t| t.shipping, shipping)}
            {(add_ons.amount_minor > 0).then(|| row(|t| t.add_ons_heading, add_ons))}
            {row(|t| t.duties_paid_now, duties)}
            <div class="totals__row totals__row--total">
                <dt>{move || i18n.t().total_charged}</dt>
                <dd class="price" data-testid="total-charged">{move || money(total)}</dd>
            </div>
            {(due_later.amount_minor > 0).then(|| {
                view! {
                    <div class="totals__row">
                        <dt>{move || i18n.t().due_on_delivery}</dt>
                        <dd class="price">{move || money(due_later)}</dd>
                    </div>
                }
            })}
        </dl>
    }
}
