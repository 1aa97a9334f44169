//! Step 4: everything at a glance, and "Place order".
//!
//! The order is sent with the checkout's one idempotency key and the total the buyer sees, so
//! a double click, a retry after a lost answer or a reload never places a second order, and the
//! server refuses to charge anything but what is shown. When the quote has expired the cart is
//! quoted again; any change in price or delivery window is shown for confirmation first.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use storefront_domain::carrier::DeliveryWindow;
use storefront_domain::cart::Cart;
use storefront_domain::market::{AddressField, country};
use storefront_domain::order::PricedOrder;
use storefront_domain::quote::QuoteRequest;
use storefront_domain::{Money, ProblemType};

use super::address::field_label;
use super::payment::duties_sentence;
use super::{CONFIRMATION, step_path};
use crate::api::{self, ApiError};
use crate::components::error_panel::describe;
use crate::components::order_totals::method_name;
use crate::i18n::{I18n, fill, format, use_i18n};
use crate::state::cart::use_cart;
use crate::state::checkout::{Checkout, Step, use_checkout};
use crate::state::market::use_market;
use crate::state::orders;

/// What changed when an expired quote was renewed, for the buyer to confirm.
#[derive(Clone, Debug, PartialEq)]
struct Renewal {
    was: Money,
    now: Money,
    /// (seller name, old window, new window) of shipments whose window moved.
    windows: Vec<(String, DeliveryWindow, DeliveryWindow)>,
}

impl Renewal {
    /// The changes from `old` to `new`, or `None` when the buyer would see no difference.
    fn between(old: &PricedOrder, new: &PricedOrder) -> Option<Self> {
        let windows: Vec<_> = new
            .shipments
            .iter()
            .filter_map(|shipment| {
                let before = old.shipments.iter().find(|s| s.seller == shipment.seller)?;
                (before.window != shipment.window)
                    .then(|| (shipment.seller_name.clone(), before.window, shipment.window))
            })
            .collect();
        (old.total_charged != new.total_charged || !windows.is_empty()).then_some(Self {
            was: old.total_charged,
            now: new.total_charged,
            windows,
        })
    }
}

/// Why placing did not succeed, as the buyer should hear it.
#[derive(Clone, Debug, PartialEq)]
enum Failure {
    /// The server refused fields: back to the step that has them.
    Fields(Step),
    /// The card or method was declined; nothing was charged.
    Declined,
    /// Something sold out meanwhile.
    OutOfStock,
    /// The delivery choices no longer fit the renewed quote.
    ChoicesChanged,
    /// Anything else, explained by the error panel's words; trying again is safe.
    Other(ApiError),
}

/// The review of every step and the button that places the order.
#[component]
pub fn ReviewStep() -> impl IntoView {
    let i18n = use_i18n();
    let checkout = use_checkout();
    let cart = use_cart();
    let market = use_market();
    let navigate = use_navigate();
    let renewal = RwSignal::new(None::<Renewal>);
    let failure = RwSignal::new(None::<Failure>);
    let place = Action::new_local(move |(): &()| {
        let navigate = navigate.clone();
        async move {
            failure.set(None);
            match place_order(checkout, cart, market, i18n, renewal).await {
                Ok(true) => navigate(
                    &i18n.path(&format!("/checkout/{CONFIRMATION}")),
                    NavigateOptions {
                        replace: true,
                        ..Default::default()
                    },
                ),
                Ok(false) => {}
                Err(error) => failure.set(Some(error)),
            }
        }
    });
    let pending = place.pending();
    let total = move || {
        checkout
            .draft
            .with(|draft| draft.priced())
            .map(|priced| format::money(&priced.total_charged, i18n.locale().tag()))
            .unwrap_or_default()
    };
    view! {
        <div class="checkout-form">
            <h2 class="checkout-form__heading">{move || i18n.t().review_heading}</h2>
            <ContactReview/>
            <DeliveryReview/>
            <PaymentReview/>
            {move || renewal.get().map(|renewal| view! { <RenewalNotice renewal/> })}
            {move || failure.get().map(|failure| view! { <FailureNotice failure/> })}
            <p class="terms__sentence">
                {move || checkout.draft.with(|draft| duties_sentence(draft, i18n.t(), i18n.locale().tag()))}
            </p>
            <button
                type="button"
                class="button button--primary checkout-form__next"
                aria-busy=move || pending.get().then_some("true")
                disabled=move || pending.get()
                on:click=move |_| {
                    // A second click while the first is on its way does nothing; even if it
                    // got through, the idempotency key would answer the same order.
                    if !pending.get_untracked() {
                        place.dispatch(());
                    }
                }
            >
                {move || {
                    let t = i18n.t();
                    if pending.get() {
                        t.placing_order.to_owned()
                    } else if renewal.with(Option::is_some) {
                        fill(t.confirm_and_place, "total", &total())
                    } else {
                        fill(t.place_order, "total", &total())
                    }
                }}
            </button>
            <p class="field__hint">{move || i18n.t().place_order_note}</p>
        </div>
    }
}

/// Places the draft's order. `Ok(true)` once placed; `Ok(false)` when the quote had to be
/// renewed and the buyer must confirm the change first.
async fn place_order(
    checkout: Checkout,
    cart: crate::state::cart::CartState,
    market: crate::state::market::Market,
    i18n: I18n,
    renewal: RwSignal<Option<Renewal>>,
) -> Result<bool, Failure> {
    loop {
        let (request, key) = checkout.card.with_untracked(|card| {
            checkout
                .draft
                .with_untracked(|d| (d.request(card), d.key.clone()))
        });
        let Some(request) = request else {
            return Err(Failure::ChoicesChanged);
        };
        match api::orders::place(&request, &key).await {
            Ok(placed) => {
                orders::remember(&placed);
                cart.update(|cart| *cart = Cart::default());
                checkout.draft.update(|draft| draft.placed = Some(placed));
                return Ok(true);
            }
            Err(ApiError::Problem(problem))
                if matches!(
                    problem.kind,
                    ProblemType::QuoteExpired | ProblemType::PriceChanged
                ) =>
            {
                let old = checkout.draft.with_untracked(|d| d.priced());
                let quote = api::quotes::create(&QuoteRequest {
                    destination: market.country_untracked().code.to_owned(),
                    currency: request.expected_total.map_or_else(
                        || market.country_untracked().currency_code.to_owned(),
                        |total| total.currency.code().to_owned(),
                    ),
                    lang: Some(i18n.locale().tag().to_owned()),
                    lines: cart.with_untracked(|cart| cart.quote_lines()),
                })
                .await
                .map_err(Failure::Other)?;
                checkout.draft.update(|draft| draft.adopt_quote(quote));
                let new = checkout.draft.with_untracked(|d| d.priced());
                let (Some(old), Some(new)) = (old, new) else {
                    return Err(Failure::ChoicesChanged);
                };
                match Renewal::between(&old, &new) {
                    Some(change) => {
                        renewal.set(Some(change));
                        return Ok(false);
                    }
                    // Nothing the buyer would notice: place at once with the new quote.
                    None => continue,
                }
            }
            Err(ApiError::Problem(problem)) => {
                return Err(match problem.kind {
                    ProblemType::PaymentDeclined => Failure::Declined,
                    ProblemType::OutOfStock => Failure::OutOfStock,
                    ProblemType::InvalidField => Failure::Fields(step_of_fields(&problem)),
                    _ => Failure::Other(ApiError::Problem(problem)),
                });
            }
            Err(error) => return Err(Failure::Other(error)),
        }
    }
}

/// The step holding the first field the server refused.
fn step_of_fields(problem: &storefront_domain::Problem) -> Step {
    let field = problem
        .errors
        .first()
        .map(|e| e.field.as_str())
        .or(problem.field.as_deref())
        .unwrap_or_default();
    if field.starts_with("payment") {
        Step::Payment
    } else if field.starts_with("shipments") {
        Step::Delivery
    } else {
        Step::Address
    }
}

#[component]
fn RenewalNotice(renewal: Renewal) -> impl IntoView {
    let i18n = use_i18n();
    let money = move |amount: Money| format::money(&amount, i18n.locale().tag());
    let price = (renewal.was != renewal.now).then(|| {
        view! {
            <li>
                {move || {
                    fill(&fill(i18n.t().total_changed, "was", &money(renewal.was)), "now", &money(renewal.now))
                }}
            </li>
        }
    });
    let windows = renewal
        .windows
        .into_iter()
        .map(|(seller, was, now)| {
            let window = move |w: DeliveryWindow| {
                let locale = i18n.locale().tag();
                format!(
                    "{} – {}",
                    format::date(w.earliest, locale),
                    format::date(w.latest, locale)
                )
            };
            view! {
                <li>
                    {move || {
                        let text = fill(i18n.t().window_changed, "seller", &seller);
                        fill(&fill(&text, "was", &window(was)), "now", &window(now))
                    }}
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="notice notice--warning" role="alert">
            <p class="notice__title">{move || i18n.t().quote_renewed}</p>
            <ul>{price}{windows}</ul>
        </div>
    }
}

#[component]
fn FailureNotice(failure: Failure) -> impl IntoView {
    let i18n = use_i18n();
    let fix = match &failure {
        Failure::Declined => Some(Step::Payment),
        Failure::ChoicesChanged => Some(Step::Delivery),
        Failure::Fields(step) => Some(*step),
        Failure::OutOfStock | Failure::Other(_) => None,
    };
    let to_cart = failure == Failure::OutOfStock;
    let message = move || {
        let t = i18n.t();
        match &failure {
            Failure::Declined => t.payment_declined,
            Failure::OutOfStock => t.order_out_of_stock,
            Failure::ChoicesChanged => t.choices_changed,
            Failure::Fields(_) => t.order_fields_refused,
            Failure::Other(error) => describe(error, t),
        }
    };
    view! {
        <div class="notice notice--danger" role="alert">
            <p>{message}</p>
            {fix.map(|step| view! { <a href=step_path(i18n, step)>{move || i18n.t().fix_this}</a> })}
            {to_cart.then(|| view! { <a href=move || i18n.path("/cart")>{move || i18n.t().view_cart}</a> })}
        </div>
    }
}

/// The contact and address as they will be printed.
#[component]
fn ContactReview() -> impl IntoView {
    let i18n = use_i18n();
    let checkout = use_checkout();
    let lines = move || {
        checkout.draft.with(|draft| {
            let address = &draft.address;
            let Some(country) = country(&address.country) else {
                return Vec::new();
            };
            let t = i18n.t();
            let mut lines: Vec<String> = address
                .lines()
                .into_iter()
                .map(|(field, value)| {
                    if field == AddressField::Phone {
                        format!("{}: {value}", field_label(field, country, t))
                    } else {
                        value.to_owned()
                    }
                })
                .collect();
            lines.push(format::region_name(country.code, i18n.locale().tag()));
            lines.insert(0, draft.email.clone());
            lines
        })
    };
    view! {
        <section class="review-section" aria-labelledby="review-contact">
            <div class="review-section__header">
                <h3 id="review-contact">{move || i18n.t().step_address}</h3>
                <a href=step_path(i18n, Step::Address)>{move || i18n.t().change}</a>
            </div>
            <p class="review-section__body">
                {move || {
                    lines()
                        .into_iter()
                        .map(|line| view! { {line}<br/> })
                        .collect_view()
                }}
            </p>
        </section>
    }
}

/// Each shipment's service, window and add-ons.
#[component]
fn DeliveryReview() -> impl IntoView {
    let i18n = use_i18n();
    let checkout = use_checkout();
    let shipments = move || {
        checkout
            .draft
            .with(|draft| draft.priced().map(|p| p.shipments).unwrap_or_default())
    };
    view! {
        <section class="review-section" aria-labelledby="review-delivery">
            <div class="review-section__header">
                <h3 id="review-delivery">{move || i18n.t().step_delivery}</h3>
                <a href=step_path(i18n, Step::Delivery)>{move || i18n.t().change}</a>
            </div>
            <ul class="review-section__body" role="list">
                {move || {
                    shipments()
                        .into_iter()
                        .map(|shipment| {
                            let text = move || {
                                let t = i18n.t();
                                let mut text = format!(
                                    "{}: {} · {}, {}",
                                    shipment.seller_name,
                                    shipment.carrier_name,
                                    t.level_name(shipment.level),
                                    i18n.arrives(shipment.window),
                                );
                                for add_on in &shipment.add_ons {
                                    text.push_str(&format!(" · {}", t.add_on_name(add_on.add_on)));
                                }
                                if let Some(note) = &shipment.delivery_note {
                                    text.push_str(&format!(" · “{note}”"));
                                }
                                text
                            };
                            view! { <li>{text}</li> }
                        })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}

/// The duty terms and the way to pay.
#[component]
fn PaymentReview() -> impl IntoView {
    let i18n = use_i18n();
    let checkout = use_checkout();
    let text = move || {
        let t = i18n.t();
        let terms = match checkout.draft.with(|d| d.terms()) {
            storefront_domain::landed_cost::DutyTerms::Ddp => t.terms_ddp,
            storefront_domain::landed_cost::DutyTerms::Ddu => t.terms_ddu,
        };
        let method = checkout
            .draft
            .with(|d| d.method)
            .map(|m| method_name(m, t))
            .unwrap_or_default();
        let card = checkout.card.with(|card| {
            let digits = storefront_domain::payment::card_digits(&card.number);
            (digits.len() >= 4).then(|| format!(" ···· {}", &digits[digits.len() - 4..]))
        });
        format!("{terms} · {method}{}", card.unwrap_or_default())
    };
    view! {
        <section class="review-section" aria-labelledby="review-payment">
            <div class="review-section__header">
                <h3 id="review-payment">{move || i18n.t().step_payment}</h3>
                <a href=step_path(i18n, Step::Payment)>{move || i18n.t().change}</a>
            </div>
            <p class="review-section__body">{text}</p>
        </section>
    }
}
