//! After "Place order": the order number, what happens next, and the order's link, which
//! carries its access token in the fragment.

use leptos::prelude::*;
use storefront_domain::landed_cost::DutyTerms;

use crate::i18n::{fill, format, use_i18n};
use crate::state::checkout::use_checkout;
use crate::state::orders::order_path;

/// The placed order's confirmation.
#[component]
pub fn Confirmation() -> impl IntoView {
    let i18n = use_i18n();
    let checkout = use_checkout();
    let Some(placed) = checkout.draft.with_untracked(|draft| draft.placed.clone()) else {
        return ().into_any();
    };
    let order = placed.order;
    let path = order_path(&order.id, &placed.access_token);
    let href = {
        let path = path.clone();
        move || i18n.path(&path)
    };
    let full_link = {
        let path = path.clone();
        move || {
            let origin = window().location().origin().unwrap_or_default();
            format!("{origin}{}", i18n.path(&path))
        }
    };
    let due_later = order.due_on_delivery;
    let ddu = order.shipments.iter().any(|s| s.terms == DutyTerms::Ddu);
    let test_mode = order.payment.as_ref().is_some_and(|p| p.test_mode);
    let number = order.number.clone();
    let email = order.email.clone();
    let total = order.total_charged;
    view! {
        <div class="confirmation">
            <h1 class="page-heading">{move || i18n.t().order_placed_heading}</h1>
            <p class="confirmation__number">
                {move || fill(i18n.t().order_number, "number", &number)}
            </p>
            <p>
                {move || {
                    fill(&fill(i18n.t().charged_to_email, "total", &format::money(&total, i18n.locale().tag())), "email", &email)
                }}
            </p>
            {test_mode.then(|| view! { <p class="notice notice--info">{move || i18n.t().test_mode_no_money}</p> })}
            <h2>{move || i18n.t().what_happens_next}</h2>
            <ol class="confirmation__next">
                <li>{move || i18n.t().next_packing}</li>
                <li>{move || i18n.t().next_tracking}</li>
                {(ddu && due_later.amount_minor > 0).then(|| view! {
                    <li>{move || fill(i18n.t().next_duties_on_delivery, "amount", &format::money(&due_later, i18n.locale().tag()))}</li>
                })}
                <li>{move || i18n.t().next_feedback}</li>
            </ol>
            <p>
                <a class="button button--primary" href=href>{move || i18n.t().view_order}</a>
            </p>
            <div class="field">
                <label class="field__label" for="order-link">{move || i18n.t().order_link_label}</label>
                <input id="order-link" class="field__input" type="text" readonly prop:value=full_link aria-describedby="order-link-hint"/>
                <p class="field__hint" id="order-link-hint">{move || i18n.t().order_link_hint}</p>
            </div>
            <p>
                <a href=move || i18n.path("/orders")>{move || i18n.t().my_orders}</a>
                " · "
                <a href=move || i18n.path("/products")>{move || i18n.t().continue_shopping}</a>
            </p>
        </div>
    }
    .into_any()
}
