//! Step 2: how each seller's shipment travels. Every carrier service on the lane from the
//! server's quote, with its price, delivery window and earlier buyers' rating; the cheapest,
//! fastest and best rated pointed out; add-ons and a note for the carrier.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use storefront_domain::carrier::AddOn;
use storefront_domain::order::MAX_DELIVERY_NOTE_CHARS;
use storefront_domain::quote::{QuoteRequest, QuotedOffer, QuotedService, QuotedShipment};
use storefront_domain::servqual::ServiceRating;

use super::step_path;
use crate::api::{self, ApiError};
use crate::components::error_panel::api_error_fallback;
use crate::i18n::{fill, format, use_i18n};
use crate::state::cart::use_cart;
use crate::state::checkout::{Step, use_checkout};
use crate::state::market::use_market;

/// The delivery choices, from a quote of the cart that is current for the market.
#[component]
pub fn DeliveryStep() -> impl IntoView {
    let i18n = use_i18n();
    let market = use_market();
    let cart = use_cart();
    let checkout = use_checkout();
    let navigate = use_navigate();
    // Quotes the cart when the draft has no current quote for it: on the first visit, after
    // the cart or market changed, or once the quote's prices have lapsed.
    let quoted = LocalResource::new(move || {
        let lines = cart.with(|cart| cart.quote_lines());
        let destination = market.country().code;
        let currency = market.currency().code().to_owned();
        let lang = i18n.locale().tag();
        async move {
            let current = checkout.draft.with_untracked(|draft| {
                draft.quote_fits(&lines, destination, &currency) && !draft.quote_expired()
            });
            if !current {
                let quote = api::quotes::create(&QuoteRequest {
                    destination: destination.to_owned(),
                    currency,
                    lang: Some(lang.to_owned()),
                    lines,
                })
                .await?;
                checkout.draft.update(|draft| draft.adopt_quote(quote));
            }
            Ok::<_, ApiError>(())
        }
    });
    let retry = Callback::new(move |()| quoted.refetch());
    let shipments = Memo::new(move |_| {
        checkout.draft.with(|draft| {
            draft
                .quote
                .as_ref()
                .map(|quote| quote.shipments.clone())
                .unwrap_or_default()
        })
    });
    let can_continue = Memo::new(move |_| checkout.draft.with(|draft| draft.delivery_done()));
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if can_continue.get_untracked() {
            navigate(&step_path(i18n, Step::Payment), Default::default());
        }
    };
    view! {
        <form class="checkout-form" novalidate on:submit=submit>
            <h2 class="checkout-form__heading">{move || i18n.t().delivery_heading}</h2>
            <Transition fallback=|| view! { <DeliverySkeleton/> }>
                <ErrorBoundary fallback=move |errors| api_error_fallback(errors, retry)>
                    {move || Suspend::new(async move {
                        quoted.await.map(|()| {
                            view! {
                                <For
                                    each=move || shipments.get()
                                    key=|shipment| shipment.seller.clone()
                                    let:shipment
                                >
                                    <Shipment shipment/>
                                </For>
                                <button
                                    type="submit"
                                    class="button button--primary checkout-form__next"
                                    disabled=move || !can_continue.get()
                                >
                                    {move || i18n.t().continue_to_payment}
                                </button>
                            }
                        })
                    })}
                </ErrorBoundary>
            </Transition>
        </form>
    }
}

#[component]
fn DeliverySkeleton() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="visually-hidden" role="status">{move || i18n.t().loading_delivery}</p>
        <div class="skeleton skeleton--block" aria-hidden="true"></div>
        <div class="skeleton skeleton--block" aria-hidden="true"></div>
    }
}

/// One seller's shipment: its goods, its services and the chosen service's add-ons.
#[component]
fn Shipment(shipment: QuotedShipment) -> impl IntoView {
    let i18n = use_i18n();
    let market = use_market();
    let seller = StoredValue::new(shipment.seller.clone());
    let items = shipment
        .lines
        .iter()
        .map(|line| format!("{} × {}", line.quantity, line.name))
        .collect::<Vec<_>>()
        .join(", ");
    let origin = shipment.quote.origin.clone();
    let heading = move || {
        let t = i18n.t();
        let text = fill(t.shipment_from, "seller", &shipment.seller_name);
        fill(
            &text,
            "country",
            &format::region_name(&origin, i18n.locale().tag()),
        )
    };
    let restricted = shipment.quote.restricted.clone();
    if !restricted.is_empty() {
        let lines = shipment.lines.clone();
        return view! {
            <section class="shipment">
                <h3 class="shipment__heading">{heading}</h3>
                <div class="notice notice--warning" role="note">
                    <p class="notice__title">
                        {move || i18n.not_shipped_to(market.country().code)}
                    </p>
                    <ul>
                        {restricted
                            .into_iter()
                            .map(|line| {
                                let name = lines
                                    .iter()
                                    .find(|l| l.product == line.slug)
                                    .map_or(line.slug.clone(), |l| l.name.clone());
                                view! {
                                    <li>
                                        {name} ": "
                                        {move || i18n.t().restriction_reason(line.restriction.reason)}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                    <a href=move || i18n.path("/cart")>{move || i18n.t().remove_in_cart}</a>
                </div>
            </section>
        }
        .into_any();
    }
    let highlights = shipment.quote.highlights();
    let badges = |code: &str| {
        [
            (highlights.cheapest == Some(code)).then_some(Badge::Cheapest),
            (highlights.fastest == Some(code)).then_some(Badge::Fastest),
            (highlights.best_rated == Some(code)).then_some(Badge::BestRated),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
    };
    let services = shipment
        .quote
        .services
        .iter()
        .map(|service| {
            let badges = badges(&service.service_code);
            view! { <ServiceOption seller service=service.clone() badges/> }
        })
        .collect_view();
    let group = format!("services-{}", shipment.seller);
    view! {
        <section class="shipment">
            <h3 class="shipment__heading" id=format!("{group}-heading")>{heading}</h3>
            <p class="shipment__items">{items}</p>
            <div class="service-list" role="radiogroup" aria-labelledby=format!("{group}-heading")>
                {services}
            </div>
            <AddOns seller services=shipment.quote.services.clone()/>
            <DeliveryNote seller/>
        </section>
    }
    .into_any()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Badge {
    Cheapest,
    Fastest,
    BestRated,
}

/// A service as a radio choice: carrier and level, price, window and rating.
#[component]
fn ServiceOption(
    seller: StoredValue<String>,
    service: QuotedService,
    badges: Vec<Badge>,
) -> impl IntoView {
    let i18n = use_i18n();
    let checkout = use_checkout();
    let code = StoredValue::new(service.service_code.clone());
    let id = format!("service-{}-{}", seller.get_value(), service.service_code);
    let checked = move || {
        checkout.draft.with(|draft| {
            draft
                .choice(&seller.read_value())
                .is_some_and(|choice| choice.service == *code.read_value())
        })
    };
    let choose = move |_| {
        checkout.draft.update(|draft| {
            let seller = seller.read_value();
            if let Some(choice) = draft.choices.iter_mut().find(|c| c.seller == *seller) {
                choice.service = code.get_value();
                // Add-ons are priced per service: keep only those the new one offers.
                let offered = draft
                    .quote
                    .as_ref()
                    .and_then(|quote| offered_add_ons(quote, &seller, &choice.service))
                    .unwrap_or_default();
                choice.add_ons.retain(|add_on| offered.contains(add_on));
            }
        })
    };
    let title = {
        let (carrier, level) = (service.carrier_name.clone(), service.level);
        move || format!("{} · {}", carrier, i18n.t().level_name(level))
    };
    let carrier_href = {
        let carrier = service.carrier_code.clone();
        move || i18n.path(&format!("/carriers/{carrier}"))
    };
    let rating = service.rating;
    let (available, detail) = match service.offer {
        QuotedOffer::Available {
            shipping, window, ..
        } => (
            true,
            view! {
                <span class="service__price price">
                    {move || format::money(&shipping, i18n.locale().tag())}
                </span>
                <span class="service__window">
                    {move || i18n.arrives(window)}
                </span>
            }
            .into_any(),
        ),
        QuotedOffer::Refused { refusal } => (
            false,
            view! {
                <span class="service__refused">
                    {move || i18n.t().refusal_reason(refusal.reason)}
                </span>
            }
            .into_any(),
        ),
    };
    view! {
        <div class="service" class:service--unavailable=!available>
            <input
                type="radio"
                class="service__radio"
                id=id.clone()
                name=format!("service-{}", seller.get_value())
                value=code.get_value()
                disabled=!available
                prop:checked=checked
                on:change=choose
            />
            <label class="service__label" for=id>
                <span class="service__title">{title}</span>
                {detail}
                <Rating rating/>
                {(!badges.is_empty())
                    .then(|| {
                        view! {
                            <span class="service__badges">
                                {badges
                                    .into_iter()
                                    .map(|badge| {
                                        let text = move || {
                                            let t = i18n.t();
                                            match badge {
                                                Badge::Cheapest => t.cheapest,
                                                Badge::Fastest => t.fastest,
                                                Badge::BestRated => t.best_rated,
                                            }
                                        };
                                        view! { <span class="badge badge--accent">{text}</span> }
                                    })
                                    .collect_view()}
                            </span>
                        }
                    })}
            </label>
            <a class="service__scorecard" href=carrier_href>
                {move || fill(i18n.t().carrier_scorecard, "carrier", &service.carrier_name)}
            </a>
        </div>
    }
}

/// Earlier buyers' score of a service, or that there are too few ratings to say.
#[component]
fn Rating(rating: Option<ServiceRating>) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || {
        let t = i18n.t();
        let locale = i18n.locale().tag();
        match rating.and_then(|rating| Some((rating.score.tenths()?, rating.n))) {
            Some((tenths, n)) => format!(
                "{} · {}",
                fill(t.rating_value, "score", &format::tenths(tenths, locale)),
                i18n.count(&t.rating_count, n)
            ),
            None => t.too_few_ratings.to_owned(),
        }
    };
    view! { <span class="service__rating">{text}</span> }
}

/// The add-ons `seller`'s chosen service offers, from the quote.
fn offered_add_ons(
    quote: &storefront_domain::quote::Quote,
    seller: &str,
    service: &str,
) -> Option<Vec<AddOn>> {
    let shipment = quote.shipments.iter().find(|s| s.seller == seller)?;
    let service = shipment
        .quote
        .services
        .iter()
        .find(|s| s.service_code == service)?;
    match &service.offer {
        QuotedOffer::Available { add_ons, .. } => Some(add_ons.iter().map(|a| a.add_on).collect()),
        QuotedOffer::Refused { .. } => None,
    }
}

/// Checkboxes for the chosen service's add-ons, with their prices.
#[component]
fn AddOns(seller: StoredValue<String>, services: Vec<QuotedService>) -> impl IntoView {
    let i18n = use_i18n();
    let checkout = use_checkout();
    let services = StoredValue::new(services);
    let offered = move || {
        let service = checkout.draft.with(|draft| {
            draft
                .choice(&seller.read_value())
                .map(|choice| choice.service.clone())
        })?;
        services.with_value(|services| {
            services
                .iter()
                .find(|s| s.service_code == service)
                .and_then(|s| match &s.offer {
                    QuotedOffer::Available { add_ons, .. } => Some(add_ons.clone()),
                    QuotedOffer::Refused { .. } => None,
                })
        })
    };
    view! {
        <fieldset class="add-ons">
            <legend class="add-ons__legend">{move || i18n.t().add_ons_heading}</legend>
            {move || {
                let offered = offered().unwrap_or_default();
                if offered.is_empty() {
                    return view! { <p class="field__hint">{move || i18n.t().no_add_ons}</p> }.into_any();
                }
                offered
                    .into_iter()
                    .map(|offer| {
                        let add_on = offer.add_on;
                        let id = format!("add-on-{}-{}", seller.get_value(), add_on_key(add_on));
                        let checked = move || {
                            checkout.draft.with(|draft| {
                                draft
                                    .choice(&seller.read_value())
                                    .is_some_and(|choice| choice.add_ons.contains(&add_on))
                            })
                        };
                        let toggle = move |event: leptos::ev::Event| {
                            let on = event_target_checked(&event);
                            checkout.draft.update(|draft| {
                                let seller = seller.read_value();
                                if let Some(choice) = draft.choices.iter_mut().find(|c| c.seller == *seller) {
                                    choice.add_ons.retain(|a| *a != add_on);
                                    if on {
                                        choice.add_ons.push(add_on);
                                    }
                                }
                            })
                        };
                        view! {
                            <div class="field--check">
                                <input type="checkbox" id=id.clone() prop:checked=checked on:change=toggle/>
                                <label for=id>
                                    {move || i18n.t().add_on_name(add_on)} " "
                                    <span class="price">
                                        {move || format!("+{}", format::money(&offer.price, i18n.locale().tag()))}
                                    </span>
                                </label>
                            </div>
                        }
                    })
                    .collect_view()
                    .into_any()
            }}
        </fieldset>
    }
}

/// A free-text note for the carrier.
#[component]
fn DeliveryNote(seller: StoredValue<String>) -> impl IntoView {
    let i18n = use_i18n();
    let checkout = use_checkout();
    let id = format!("delivery-note-{}", seller.get_value());
    let value = move || {
        checkout.draft.with(|draft| {
            draft
                .choice(&seller.read_value())
                .and_then(|choice| choice.delivery_note.clone())
                .unwrap_or_default()
        })
    };
    let set = move |event: leptos::ev::Event| {
        let text = event_target_value(&event);
        checkout.draft.update(|draft| {
            let seller = seller.read_value();
            if let Some(choice) = draft.choices.iter_mut().find(|c| c.seller == *seller) {
                // Line breaks would be refused: a label prints one line.
                let text = text.replace(['\n', '\r'], " ");
                choice.delivery_note = Some(text).filter(|t| !t.trim().is_empty());
            }
        })
    };
    view! {
        <div class="field">
            <label class="field__label" for=id.clone()>
                {move || fill(i18n.t().optional_field, "field", i18n.t().delivery_note_label)}
            </label>
            <input
                id=id
                class="field__input"
                type="text"
                maxlength=MAX_DELIVERY_NOTE_CHARS.to_string()
                placeholder=move || i18n.t().delivery_note_placeholder
                prop:value=value
                on:input=set
            />
        </div>
    }
}

/// An add-on's name in ids, as on the wire.
fn add_on_key(add_on: AddOn) -> &'static str {
    match add_on {
        AddOn::SpecialPackaging => "special_packaging",
        AddOn::Insurance => "insurance",
        AddOn::Signature => "signature",
        AddOn::GiftWrap => "gift_wrap",
    }
}
