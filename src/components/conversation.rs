//! The order's message thread with its sellers and carriers: each party's typical response
//! time, every message once in order, new replies arriving live, and a form that keeps what the
//! buyer wrote until it is sent.

use leptos::prelude::*;
use storefront_domain::message::{
    Author, Conversation, MAX_MESSAGE_CHARS, Message, NewMessage, Party,
};
use storefront_domain::order::Order;

use crate::api::{self, ApiError};
use crate::components::error_panel::describe;
use crate::i18n::{fill, format, use_i18n};
use crate::state::live;

/// Someone the buyer can write to on this order.
#[derive(Clone, Debug, PartialEq)]
struct Recipient {
    party: Party,
    /// Seller slug or carrier code.
    id: String,
    name: String,
}

/// Every seller and carrier of the order, once each, sellers first per shipment.
fn recipients(order: &Order) -> Vec<Recipient> {
    let mut all: Vec<Recipient> = Vec::new();
    for shipment in &order.shipments {
        for recipient in [
            Recipient {
                party: Party::Seller,
                id: shipment.seller.clone(),
                name: shipment.seller_name.clone(),
            },
            Recipient {
                party: Party::Carrier,
                id: shipment.carrier_code.clone(),
                name: shipment.carrier_name.clone(),
            },
        ] {
            if !all
                .iter()
                .any(|r| r.party == recipient.party && r.id == recipient.id)
            {
                all.push(recipient);
            }
        }
    }
    all
}

/// The messages section of an order page.
#[component]
pub fn Conversation(
    /// The order the thread belongs to.
    order: Order,
    /// Its access token.
    token: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let live = live::follow::<Message>(&order.id, "messages/events", &token);
    let recipients = StoredValue::new(recipients(&order));
    let name_of = move |party: Party, id: &str| {
        recipients.with_value(|all| {
            all.iter()
                .find(|r| r.party == party && r.id == id)
                .map_or_else(|| id.to_owned(), |r| r.name.clone())
        })
    };
    let (order_id, token) = (StoredValue::new(order.id.clone()), StoredValue::new(token));
    let conversation = LocalResource::new(move || async move {
        api::messages::conversation(&order_id.get_value(), &token.get_value()).await
    });
    // What the stream has not delivered yet is shown from the first read.
    Effect::new(move |_| {
        if let Some(Ok(Conversation { messages, .. })) = conversation.get() {
            for message in messages {
                live.insert(message);
            }
        }
    });

    let response_times = move || {
        let Some(Ok(conversation)) = conversation.get() else {
            return Vec::new();
        };
        conversation
            .response_times
            .into_iter()
            .map(|time| {
                let name = name_of(time.party, &time.party_id);
                move || {
                    let t = i18n.t();
                    let locale = i18n.locale().tag();
                    match time.median_seconds {
                        Some(seconds) => fill(
                            &fill(t.usually_answers_within, "party", &name),
                            "time",
                            &format::duration(seconds, locale),
                        ),
                        None => fill(t.no_reply_times_yet, "party", &name),
                    }
                }
            })
            .map(|text| view! { <li>{text}</li> })
            .collect_view()
    };

    let messages = move || {
        live.items
            .get()
            .into_iter()
            .map(|message| {
                let thread = name_of(message.party, &message.party_id);
                let from_buyer = message.author == Author::Buyer;
                let author = match message.author {
                    Author::Buyer => None,
                    _ => Some(thread.clone()),
                };
                let sent_at = message.sent_at;
                view! {
                    <li class="message" class:message--mine=from_buyer data-message=message.id>
                        <p class="message__meta">
                            <span class="message__author">
                                {move || {
                                    let t = i18n.t();
                                    match &author {
                                        Some(name) => name.clone(),
                                        None => fill(t.message_you_to, "party", &thread),
                                    }
                                }}
                            </span>
                            " · "
                            <span>{move || format::date_time(sent_at, i18n.locale().tag(), None)}</span>
                        </p>
                        <p class="message__body">{message.body.clone()}</p>
                    </li>
                }
            })
            .collect_view()
    };

    view! {
        <section class="conversation" aria-labelledby="conversation-heading">
            <h2 id="conversation-heading">{move || i18n.t().messages_heading}</h2>
            <p class="field__hint">{move || i18n.t().messages_intro}</p>
            <ul class="response-times" role="list">{response_times}</ul>
            {move || {
                live.items
                    .with(Vec::is_empty)
                    .then(|| view! { <p class="empty-note">{move || i18n.t().no_messages_yet}</p> })
            }}
            // The whole thread is the live region; the list inside keeps its list semantics.
            <div role="log" aria-label=move || i18n.t().messages_heading>
                <ol class="messages">{messages}</ol>
            </div>
            <MessageForm order_id token live recipients=recipients.get_value()/>
        </section>
    }
}

/// Writing to a seller or carrier: the text stays until the server has it.
#[component]
fn MessageForm(
    order_id: StoredValue<String>,
    token: StoredValue<String>,
    live: live::Live<Message>,
    recipients: Vec<Recipient>,
) -> impl IntoView {
    let i18n = use_i18n();
    let recipient = RwSignal::new(0_usize);
    let body = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let send = Action::new_local(move |message: &NewMessage| {
        let message = message.clone();
        async move { api::messages::send(&order_id.get_value(), &token.get_value(), &message).await }
    });
    Effect::new(move |_| match send.value().get() {
        Some(Ok(message)) => {
            live.insert(message);
            body.set(String::new());
            error.set(None);
        }
        Some(Err(failure)) => {
            let t = i18n.t();
            let field =
                matches!(&failure, ApiError::Problem(p) if p.field.as_deref() == Some("body"));
            error.set(Some(
                if field {
                    t.message_length_error
                } else {
                    describe(&failure, t)
                }
                .to_owned(),
            ));
        }
        None => {}
    });
    let options = recipients
        .iter()
        .enumerate()
        .map(|(index, r)| {
            let (name, party) = (r.name.clone(), r.party);
            view! {
                <option value=index.to_string()>
                    {move || {
                        let t = i18n.t();
                        let role = match party {
                            Party::Seller => t.party_seller,
                            Party::Carrier => t.party_carrier,
                        };
                        format!("{name} ({role})")
                    }}
                </option>
            }
        })
        .collect_view();
    let recipients = StoredValue::new(recipients);
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let text = body.get_untracked();
        let length = text.trim().chars().count();
        if length == 0 || length > MAX_MESSAGE_CHARS {
            error.set(Some(i18n.t().message_length_error.to_owned()));
            focus_body();
            return;
        }
        let Some(to) = recipients.with_value(|all| all.get(recipient.get_untracked()).cloned())
        else {
            return;
        };
        error.set(None);
        send.dispatch_local(NewMessage {
            party: Some(to.party),
            party_id: Some(to.id),
            body: text,
        });
    };
    let count = move || {
        let used = u32::try_from(body.with(|b| b.chars().count())).unwrap_or(u32::MAX);
        let locale = i18n.locale().tag();
        fill(
            &fill(
                i18n.t().characters_used,
                "used",
                &format::number(used, locale),
            ),
            "max",
            &format::number(MAX_MESSAGE_CHARS as u32, locale),
        )
    };
    view! {
        <form class="message-form" on:submit=on_submit novalidate>
            <div class="field">
                <label class="field__label" for="message-to">{move || i18n.t().message_to}</label>
                <select
                    id="message-to"
                    class="field__input"
                    on:change=move |event| {
                        recipient.set(event_target_value(&event).parse().unwrap_or(0))
                    }
                >
                    {options}
                </select>
            </div>
            <div class="field">
                <label class="field__label" for="message-body">{move || i18n.t().message_label}</label>
                <textarea
                    id="message-body"
                    class="field__input field__input--area"
                    rows="3"
                    maxlength=MAX_MESSAGE_CHARS.to_string()
                    aria-describedby=move || {
                        if error.with(Option::is_some) { "message-count message-error" } else { "message-count" }
                    }
                    aria-invalid=move || error.with(Option::is_some).then_some("true")
                    prop:value=body
                    on:input=move |event| body.set(event_target_value(&event))
                ></textarea>
                <p class="field__hint" id="message-count">{count}</p>
                {move || {
                    error.get().map(|message| {
                        view! { <p class="field__error" id="message-error" role="alert">{message}</p> }
                    })
                }}
            </div>
            <button class="button" type="submit" disabled=move || send.pending().get()>
                {move || if send.pending().get() { i18n.t().sending } else { i18n.t().send_message }}
            </button>
        </form>
    }
}

fn focus_body() {
    use wasm_bindgen::JsCast;
    if let Some(input) = document()
        .get_element_by_id("message-body")
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = input.focus();
    }
}
