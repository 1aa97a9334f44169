//! The order summary beside every step: goods, shipping, add-ons, duties now, the total that
//! will be charged, and what the carrier will still collect. The figures are the domain's
//! `price_order`, the computation the server charges by.

use leptos::prelude::*;

use crate::components::order_totals::OrderTotals;
use crate::i18n::{format, use_i18n};
use crate::state::checkout::use_checkout;

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
