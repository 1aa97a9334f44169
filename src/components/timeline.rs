//! A shipment's journey: a progress bar of its stages, the current status with a plain
//! explanation of any exception, and every event with its place and local time.

use leptos::prelude::*;
use storefront_domain::Money;
use storefront_domain::market::main_time_zone;
use storefront_domain::tracking::{JourneyStage, ShipmentEvent, TrackingStatus};

use crate::i18n::{Messages, fill, format, use_i18n};
use crate::state::live::Connection;

/// A status's name.
pub fn status_name(status: TrackingStatus, t: &'static Messages) -> &'static str {
    match status {
        TrackingStatus::LabelCreated => t.status_label_created,
        TrackingStatus::PickedUp => t.status_picked_up,
        TrackingStatus::InTransit => t.status_in_transit,
        TrackingStatus::AtCustoms => t.status_at_customs,
        TrackingStatus::CustomsHold => t.status_customs_hold,
        TrackingStatus::HeldForDutyPayment => t.status_held_for_duty_payment,
        TrackingStatus::Released => t.status_released,
        TrackingStatus::OutForDelivery => t.status_out_for_delivery,
        TrackingStatus::AvailableForPickup => t.status_available_for_pickup,
        TrackingStatus::FailedAttempt => t.status_failed_attempt,
        TrackingStatus::Delivered => t.status_delivered,
        TrackingStatus::Delayed => t.status_delayed,
        TrackingStatus::ReturnedToSender => t.status_returned_to_sender,
        TrackingStatus::Lost => t.status_lost,
    }
}

fn stage_name(stage: JourneyStage, t: &'static Messages) -> &'static str {
    match stage {
        JourneyStage::Ordered => t.stage_ordered,
        JourneyStage::Shipped => t.stage_shipped,
        JourneyStage::InTransit => t.stage_in_transit,
        JourneyStage::Customs => t.stage_customs,
        JourneyStage::OutForDelivery => t.stage_out_for_delivery,
        JourneyStage::Delivered => t.stage_delivered,
    }
}

/// What an exception means for the buyer and what happens next; `None` for a normal status.
fn explanation(
    status: TrackingStatus,
    duties: Money,
    t: &'static Messages,
    locale: &str,
) -> Option<String> {
    Some(match status {
        TrackingStatus::CustomsHold => t.explain_customs_hold.to_owned(),
        TrackingStatus::HeldForDutyPayment => fill(
            t.explain_duty_payment,
            "amount",
            &format::money(&duties, locale),
        ),
        TrackingStatus::FailedAttempt => t.explain_failed_attempt.to_owned(),
        TrackingStatus::Delayed => t.explain_delayed.to_owned(),
        TrackingStatus::AvailableForPickup => t.explain_pickup.to_owned(),
        TrackingStatus::ReturnedToSender => t.explain_returned.to_owned(),
        TrackingStatus::Lost => t.explain_lost.to_owned(),
        _ => return None,
    })
}

/// The status line of the live stream.
#[component]
pub fn ConnectionStatus(connection: RwSignal<Connection>) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || {
        let t = i18n.t();
        match connection.get() {
            Connection::Connecting => t.connection_connecting,
            Connection::Live => t.connection_live,
            Connection::Reconnecting => t.connection_reconnecting,
            Connection::Offline => t.connection_offline,
        }
    };
    view! {
        <p
            class="connection"
            class:connection--down=move || {
                matches!(connection.get(), Connection::Reconnecting | Connection::Offline)
            }
            role="status"
            data-connection=move || format!("{:?}", connection.get()).to_lowercase()
        >
            {text}
        </p>
    }
}

/// One shipment's journey from its events (`events` are this shipment's, oldest first).
#[component]
pub fn Timeline(
    /// The shipment's events so far.
    #[prop(into)]
    events: Signal<Vec<ShipmentEvent>>,
    /// What the carrier collects on delivery, for the duty explanation.
    duties: Money,
) -> impl IntoView {
    let i18n = use_i18n();
    let current = Memo::new(move |_| events.with(|events| events.last().map(|e| e.event.status)));
    let reached = Memo::new(move |_| {
        events.with(|events| JourneyStage::furthest(events.iter().map(|e| e.event.status)))
    });
    let stages = JourneyStage::ALL
        .into_iter()
        .map(|stage| {
            let done = move || reached.get().is_some_and(|reached| stage <= reached);
            let here = move || reached.get() == Some(stage);
            view! {
                <li
                    class="journey__stage"
                    class:journey__stage--done=done
                    aria-current=move || here().then_some("step")
                >
                    {move || stage_name(stage, i18n.t())}
                </li>
            }
        })
        .collect_view();
    let status = move || {
        current.get().map(|status| {
            let t = i18n.t();
            let note = explanation(status, duties, t, i18n.locale().tag());
            let exception = status.is_exception();
            view! {
                <div class="notice" class:notice--warning=exception class:notice--info=!exception>
                    <p class="notice__title" data-status=status.as_str()>{status_name(status, t)}</p>
                    {note.map(|note| view! { <p>{note}</p> })}
                </div>
            }
        })
    };
    let list = move || {
        let t = i18n.t();
        let locale = i18n.locale().tag();
        events
            .get()
            .into_iter()
            .rev()
            .map(|event| {
                let event = event.event;
                let place = event.location.as_ref().map(|place| {
                    format!("{}, {}", place.city, format::region_name(&place.country, locale))
                });
                let zone = event.location.as_ref().and_then(|place| main_time_zone(&place.country));
                let when = format::date_time(event.occurred_at, locale, zone);
                view! {
                    <li class="timeline__event" data-sequence=event.sequence>
                        <span class="timeline__status">{status_name(event.status, t)}</span>
                        <span class="timeline__meta">
                            {place.map(|place| format!("{place} · "))}
                            <time datetime=iso_instant(event.occurred_at)>{when}</time>
                        </span>
                        {event.note.map(|note| view! { <span class="timeline__note">{note}</span> })}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <ol class="journey" aria-label=move || i18n.t().journey_label>{stages}</ol>
        {status}
        <h3 class="timeline__heading">{move || i18n.t().tracking_heading}</h3>
        <Show
            when=move || events.with(|events| !events.is_empty())
            fallback=move || view! { <p class="field__hint">{move || i18n.t().no_events_yet}</p> }
        >
            <ol class="timeline" reversed>{list}</ol>
        </Show>
    }
}

/// An instant as ISO 8601, for `<time datetime>`.
fn iso_instant(instant: storefront_domain::date::Timestamp) -> String {
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(instant.0 as f64 * 1000.0))
        .to_iso_string()
        .into()
}
