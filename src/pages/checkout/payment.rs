//! Step 3: duties and payment. Duties and taxes paid now (DDP) or to the carrier on delivery
//! (DDU), itemized, with a sentence on what is and is not due later; then the ways to pay that
//! are customary where the buyer is, from the server's payment provider.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use storefront_domain::Money;
use storefront_domain::landed_cost::DutyTerms;
use storefront_domain::market::PaymentMethod;
use storefront_domain::payment::{CardErrorKind, CardField, CardInput, validate_card};

use super::step_path;
use crate::api;
use crate::components::error_panel::api_error_fallback;
use crate::components::order_totals::{ChargeRow, method_name};
use crate::components::text_field::{InputKind, TextField, focus_first_error};
use crate::i18n::{Messages, fill, format, use_i18n};
use crate::state::checkout::{Draft, Step, today, use_checkout};
use crate::state::market::use_market;

/// Duty terms and the way to pay.
#[component]
pub fn PaymentStep() -> impl IntoView {
    let i18n = use_i18n();
    let checkout = use_checkout();
    let navigate = use_navigate();
    let checked = RwSignal::new(false);
    let method_missing = move || {
        (checked.get() && checkout.draft.with(|draft| draft.method.is_none()))
            .then(|| i18n.t().choose_payment_method)
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        checked.set(true);
        let done = checkout.card.with_untracked(|card| {
            checkout
                .draft
                .with_untracked(|d| d.payment_done(card, today()))
        });
        if done {
            navigate(&step_path(i18n, Step::Review), Default::default());
        } else {
            focus_first_error(
                [
                    "method",
                    "card-number",
                    "card-expiry",
                    "card-cvc",
                    "card-holder",
                ]
                .map(str::to_owned)
                .to_vec(),
            );
        }
    };
    view! {
        <form class="checkout-form" novalidate on:submit=submit>
            <DutyTermsChoice/>
            <h2 class="checkout-form__heading" id="method-heading">{move || i18n.t().payment_heading}</h2>
            <Methods checked/>
            {move || method_missing().map(|message| view! { <p class="field__error" role="alert">{message}</p> })}
            <button type="submit" class="button button--primary checkout-form__next">
                {move || i18n.t().continue_to_review}
            </button>
        </form>
    }
}

/// DDP or DDU, each with what it costs now and on delivery, and the chosen one itemized.
#[component]
fn DutyTermsChoice() -> impl IntoView {
    let i18n = use_i18n();
    let checkout = use_checkout();
    let option = move |terms: DutyTerms| {
        let id = match terms {
            DutyTerms::Ddp => "terms-ddp",
            DutyTerms::Ddu => "terms-ddu",
        };
        let label = move || {
            let t = i18n.t();
            match terms {
                DutyTerms::Ddp => t.terms_ddp,
                DutyTerms::Ddu => t.terms_ddu,
            }
        };
        let amounts = move || {
            let locale = i18n.locale().tag();
            let (now, later) = checkout.draft.with(|draft| duties_under(draft, terms))?;
            let t = i18n.t();
            Some(match terms {
                DutyTerms::Ddp => fill(t.duties_now_amount, "amount", &format::money(&now, locale)),
                DutyTerms::Ddu => fill(
                    t.duties_later_amount,
                    "amount",
                    &format::money(&later, locale),
                ),
            })
        };
        let checked = move || checkout.draft.with(|draft| draft.terms() == terms);
        let choose = move |_| {
            checkout.draft.update(|draft| {
                for choice in &mut draft.choices {
                    choice.terms = terms;
                }
            })
        };
        view! {
            <div class="field--check terms__option">
                <input type="radio" id=id name="terms" prop:checked=checked on:change=choose/>
                <label for=id>
                    <span class="terms__label">{label}</span>
                    " "
                    <span class="terms__amount">{amounts}</span>
                </label>
            </div>
        }
    };
    let charges = move || {
        checkout.draft.with(|draft| {
            draft
                .priced()
                .map(|priced| {
                    priced
                        .shipments
                        .into_iter()
                        .flat_map(|shipment| shipment.charges)
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    view! {
        <fieldset class="terms">
            <legend class="checkout-form__heading">{move || i18n.t().duties_heading}</legend>
            {option(DutyTerms::Ddp)}
            {option(DutyTerms::Ddu)}
        </fieldset>
        <ul class="charges" role="list">
            {move || {
                charges()
                    .into_iter()
                    .map(|charge| view! { <ChargeRow charge/> })
                    .collect_view()
            }}
        </ul>
        <p class="terms__sentence">{move || checkout.draft.with(|draft| duties_sentence(draft, i18n.t(), i18n.locale().tag()))}</p>
    }
}

/// (duties at checkout, duties on delivery) of every shipment under `terms`.
fn duties_under(draft: &Draft, terms: DutyTerms) -> Option<(Money, Money)> {
    let mut draft = draft.clone();
    for choice in &mut draft.choices {
        choice.terms = terms;
    }
    let priced = draft.priced()?;
    let zero = Money::zero(priced.total_charged.currency);
    priced
        .shipments
        .iter()
        .try_fold((zero, zero), |(now, later), shipment| {
            Some((
                now.checked_add(shipment.duties_at_checkout).ok()?,
                later.checked_add(shipment.duties_on_delivery).ok()?,
            ))
        })
}

/// What the buyer pays now and what the carrier will still collect, in one sentence.
pub fn duties_sentence(draft: &Draft, t: &'static Messages, locale: &str) -> String {
    let Some(priced) = draft.priced() else {
        return String::new();
    };
    let total = format::money(&priced.total_charged, locale);
    if priced.due_on_delivery.amount_minor > 0 {
        fill(
            &fill(t.pay_now_and_later, "now", &total),
            "later",
            &format::money(&priced.due_on_delivery, locale),
        )
    } else if duties_under(draft, draft.terms()).is_some_and(|(now, _)| now.amount_minor == 0) {
        fill(t.pay_now_no_duties, "now", &total)
    } else {
        fill(t.pay_now_nothing_later, "now", &total)
    }
}

/// The methods on offer as radio buttons, the test-mode notice, and the card form.
#[component]
fn Methods(checked: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let market = use_market();
    let checkout = use_checkout();
    let options = LocalResource::new(move || api::payments::options(market.country().code));
    let retry = Callback::new(move |()| options.refetch());
    view! {
        <Transition fallback=|| view! { <div class="skeleton skeleton--block" aria-hidden="true"></div> }>
            <ErrorBoundary fallback=move |errors| api_error_fallback(errors, retry)>
                {move || Suspend::new(async move {
                    options.await.map(|options| {
                        // A method chosen for another market is not on offer here.
                        checkout.draft.update(|draft| {
                            if draft.method.is_some_and(|m| !options.methods.contains(&m)) {
                                draft.method = None;
                            }
                        });
                        let test_mode = options.test_mode;
                        view! {
                            {test_mode.then(|| view! {
                                <div class="notice notice--info" role="note">
                                    <p class="notice__title">{move || i18n.t().test_mode_title}</p>
                                    <p>{move || i18n.t().test_mode_body}</p>
                                </div>
                            })}
                            <div class="methods" role="radiogroup" aria-labelledby="method-heading">
                                {options
                                    .methods
                                    .into_iter()
                                    .enumerate()
                                    .map(|(index, method)| {
                                        let id = format!("method-{index}");
                                        // The wire name, so tests and autofill tools can find a method.
                                        let value = serde_json::to_value(method)
                                            .ok()
                                            .and_then(|v| v.as_str().map(str::to_owned))
                                            .unwrap_or_default();
                                        let chosen = move || checkout.draft.with(|d| d.method == Some(method));
                                        let choose = move |_| checkout.draft.update(|d| d.method = Some(method));
                                        view! {
                                            <div class="field--check methods__option">
                                                <input
                                                    type="radio"
                                                    id=id.clone()
                                                    name="method"
                                                    value=value
                                                    aria-invalid=move || (checked.get() && checkout.draft.with(|d| d.method.is_none())).then_some("true")
                                                    prop:checked=chosen
                                                    on:change=choose
                                                />
                                                <label for=id>{move || method_name(method, i18n.t())}</label>
                                            </div>
                                        }
                                    })
                                    .collect_view()}
                            </div>
                            <Show when=move || checkout.draft.with(|d| d.method == Some(PaymentMethod::Card))>
                                <CardForm checked/>
                            </Show>
                            <Show when=move || checkout.draft.with(|d| d.method.is_some_and(|m| m != PaymentMethod::Card)) && test_mode>
                                <p class="field__hint">{move || i18n.t().test_mode_other_method}</p>
                            </Show>
                        }
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

/// The card fields, checked by the domain's rules as the server's provider checks them.
#[component]
fn CardForm(checked: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let checkout = use_checkout();
    let errors = Memo::new(move |_| {
        if !checked.get() {
            return Vec::new();
        }
        checkout
            .card
            .with(|card| validate_card(card, today()).err().unwrap_or_default())
    });
    let field = move |field: CardField,
                      label: fn(&Messages) -> &'static str,
                      kind: InputKind,
                      hint: Option<fn(&Messages) -> &'static str>| {
        let error = Signal::derive(move || {
            errors.with(|errors| {
                errors
                    .iter()
                    .find(|error| error.field == field)
                    .map(|error| card_error(error.kind, i18n.t()).to_owned())
            })
        });
        let value =
            Signal::derive(move || checkout.card.with(|card| card_value(card, field).clone()));
        let on_input = Callback::new(move |value: String| {
            checkout
                .card
                .update(|card| *card_value_mut(card, field) = value)
        });
        view! {
            <TextField
                id=format!("card-{}", field.name())
                label=Signal::derive(move || label(i18n.t()).to_owned())
                value
                on_input
                error
                required=true
                hint=hint.map(|hint| Signal::derive(move || hint(i18n.t()).to_owned()))
                kind
            />
        }
    };
    view! {
        <fieldset class="card-form">
            <legend class="visually-hidden">{move || i18n.t().card_details}</legend>
            {field(CardField::Number, |t| t.card_number, InputKind { input_type: "text", autocomplete: "cc-number", inputmode: "numeric" }, None)}
            {field(CardField::Expiry, |t| t.card_expiry, InputKind { input_type: "text", autocomplete: "cc-exp", inputmode: "numeric" }, Some(|t| t.card_expiry_hint))}
            {field(CardField::Cvc, |t| t.card_cvc, InputKind { input_type: "text", autocomplete: "cc-csc", inputmode: "numeric" }, Some(|t| t.card_cvc_hint))}
            {field(CardField::Holder, |t| t.card_holder, InputKind { input_type: "text", autocomplete: "cc-name", inputmode: "" }, None)}
            <p class="field__hint">{move || i18n.t().card_not_stored}</p>
        </fieldset>
    }
}

fn card_value(card: &CardInput, field: CardField) -> &String {
    match field {
        CardField::Number => &card.number,
        CardField::Expiry => &card.expiry,
        CardField::Cvc => &card.cvc,
        CardField::Holder => &card.holder,
    }
}

fn card_value_mut(card: &mut CardInput, field: CardField) -> &mut String {
    match field {
        CardField::Number => &mut card.number,
        CardField::Expiry => &mut card.expiry,
        CardField::Cvc => &mut card.cvc,
        CardField::Holder => &mut card.holder,
    }
}

fn card_error(kind: CardErrorKind, t: &'static Messages) -> &'static str {
    match kind {
        CardErrorKind::Required => t.field_required,
        CardErrorKind::InvalidNumber => t.card_number_invalid,
        CardErrorKind::InvalidExpiry => t.card_expiry_invalid,
        CardErrorKind::Expired => t.card_expired,
        CardErrorKind::InvalidCvc => t.card_cvc_invalid,
        CardErrorKind::TooLong => t.field_too_long,
        CardErrorKind::InvalidCharacters => t.field_invalid_characters,
    }
}
