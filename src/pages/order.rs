//! `/{lang}/orders/{id}#token=…`: one order, opened with the access token in the link's
//! fragment (never sent to a server or in a Referer), or with the token "My orders" kept.

use leptos::prelude::*;
use storefront_domain::landed_cost::DutyTerms;
use storefront_domain::order::{Order, OrderShipment};
use storefront_domain::tracking::ShipmentEvent;

use crate::components::conversation::Conversation;
use crate::components::error_panel::api_error_fallback;
use crate::components::order_totals::{ChargeRow, OrderTotals, method_name};
use crate::components::page_head::PageHead;
use crate::components::timeline::{ConnectionStatus, Timeline};
use crate::i18n::{fill, format, use_i18n};
use crate::state::live;
use crate::state::orders::routed_order;

/// The order page.
#[component]
pub fn OrderPage() -> impl IntoView {
    let i18n = use_i18n();
    let (token, order) = routed_order();
    let retry = Callback::new(move |()| order.refetch());
    view! {
        <PageHead
            title=move || i18n.t().order_heading.to_owned()
            description=move || i18n.t().order_description.to_owned()
            private=true
        />
        <Transition fallback=move || {
            view! {
                <h1 class="page-heading">{move || i18n.t().order_heading}</h1>
                <p role="status">{move || i18n.t().loading_order}</p>
                <div class="skeleton skeleton--block" aria-hidden="true"></div>
            }
        }>
            <ErrorBoundary fallback=move |errors| {
                view! {
                    <h1 class="page-heading">{move || i18n.t().order_heading}</h1>
                    {api_error_fallback(errors, retry)}
                }
            }>
                {move || Suspend::new(async move {
                    let token = token.get_untracked().unwrap_or_default();
                    order.await.map(|order| view! { <OrderView order token/> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

/// The order as placed: number, shipments with their live tracking, amounts, address and
/// payment.
#[component]
fn OrderView(order: Order, token: String) -> impl IntoView {
    let i18n = use_i18n();
    let live = live::follow::<ShipmentEvent>(&order.id, "events", &token);
    let number = order.number.clone();
    let placed = order.placed_at.utc_date();
    let shipments = order
        .shipments
        .iter()
        .cloned()
        .enumerate()
        .map(|(index, shipment)| {
            let events = Signal::derive(move || {
                live.items.with(|events| {
                    events
                        .iter()
                        .filter(|e| e.shipment as usize == index)
                        .cloned()
                        .collect()
                })
            });
            let feedback = format!("/orders/{}/feedback/{index}#token={token}", order.id);
            view! { <ShipmentView shipment events feedback/> }
        })
        .collect_view();
    let payment = order.payment.clone().map(|payment| {
        let card = payment
            .card
            .map(|card| format!(" ···· {}", card.last4))
            .unwrap_or_default();
        move || format!("{}{card}", method_name(payment.method, i18n.t()))
    });
    let address = order
        .address
        .lines()
        .into_iter()
        .map(|(_, line)| view! { {line.to_owned()}<br/> })
        .collect_view();
    let country = order.address.country.clone();
    view! {
        <h1 class="page-heading">{move || fill(i18n.t().order_number, "number", &number)}</h1>
        <p class="field__hint">
            {move || fill(i18n.t().placed_on, "date", &format::date(placed, i18n.locale().tag()))}
        </p>
        <ConnectionStatus connection=live.connection/>
        <div class="checkout">
            <div class="checkout-form">
                {shipments}
                <Conversation order=order.clone() token=token.clone()/>
            </div>
            <aside class="checkout__summary" aria-labelledby="order-totals-heading">
                <h2 id="order-totals-heading">{move || i18n.t().summary_heading}</h2>
                <OrderTotals shipments=order.shipments.clone() total=order.total_charged due_later=order.due_on_delivery/>
                <h3>{move || i18n.t().address_heading}</h3>
                <p>{address}{move || format::region_name(&country, i18n.locale().tag())}</p>
                {payment.map(|text| view! { <h3>{move || i18n.t().payment_heading_short}</h3><p>{text}</p> })}
            </aside>
        </div>
    }
}

/// One shipment: carrier, window, status and what is in it.
#[component]
fn ShipmentView(
    shipment: OrderShipment,
    events: Signal<Vec<ShipmentEvent>>,
    /// The path (below the language) of this shipment's feedback form.
    feedback: String,
) -> impl IntoView {
    let i18n = use_i18n();
    // The newest event's status, or the order's as read, decides whether it can be rated yet.
    let status = shipment.tracking_status;
    let rateable = move || {
        events
            .with(|events| events.last().map(|e| e.event.status))
            .unwrap_or(status)
            .allows_feedback()
    };
    let invitation = move || {
        rateable().then(|| {
            let href = i18n.path(&feedback);
            view! {
                <div class="notice notice--info feedback-invite">
                    <p class="notice__title">{move || i18n.t().feedback_invite_title}</p>
                    <p>{move || i18n.t().feedback_invite}</p>
                    <a class="button" href=href>{move || i18n.t().rate_delivery}</a>
                </div>
            }
        })
    };
    let title = {
        let shipment = shipment.clone();
        move || {
            let t = i18n.t();
            format!(
                "{} · {} · {}",
                fill(t.shipment_by, "seller", &shipment.seller_name),
                shipment.carrier_name,
                t.level_name(shipment.level)
            )
        }
    };
    let window = shipment.window;
    let lines = shipment
        .lines
        .iter()
        .zip(&shipment.line_totals)
        .map(|(line, total)| {
            let (name, quantity, total) = (line.name.clone(), line.quantity, *total);
            view! {
                <li class="summary-lines__row">
                    <span>{format!("{quantity} × {name}")}</span>
                    <span class="price">{move || format::money(&total, i18n.locale().tag())}</span>
                </li>
            }
        })
        .collect_view();
    let add_ons = shipment
        .add_ons
        .iter()
        .map(|add_on| add_on.add_on)
        .collect::<Vec<_>>();
    let terms = shipment.terms;
    let charges = shipment.charges.clone();
    view! {
        <section class="shipment">
            <h2 class="shipment__heading">{title}</h2>
            <p>
                {move || i18n.arrives(window)}
            </p>
            <p class="field__hint">
                {move || fill(i18n.t().tracking_number, "number", &shipment.tracking_number)}
            </p>
            <Timeline events duties=shipment.duties_on_delivery/>
            {invitation}
            <ul class="summary-lines" role="list">{lines}</ul>
            {(!add_ons.is_empty()).then(|| {
                view! {
                    <p>
                        {move || {
                            add_ons.iter().map(|a| i18n.t().add_on_name(*a)).collect::<Vec<_>>().join(" · ")
                        }}
                    </p>
                }
            })}
            <p>
                {move || match terms {
                    DutyTerms::Ddp => i18n.t().terms_ddp,
                    DutyTerms::Ddu => i18n.t().terms_ddu,
                }}
            </p>
            <ul class="charges" role="list">
                {charges.into_iter().map(|charge| view! { <ChargeRow charge/> }).collect_view()}
            </ul>
        </section>
    }
}
