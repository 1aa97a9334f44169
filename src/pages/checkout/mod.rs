//! `/{lang}/checkout/{step}`: contact and address, delivery, duties and payment, review and
//! place, then the confirmation.
//!
//! Each step has its own path, a child route of the checkout's (`crate::app`), so the browser's
//! Back and Forward move between steps and the shell announces each one; the draft behind them
//! lives in [`crate::state::checkout`] and survives a reload. A step can only be opened once the
//! steps before it are complete. Each step's code is downloaded on its own (`crate::lazy_pages`).

mod address;
mod confirmation;
mod delivery;
mod payment;
mod review;
mod summary;

pub use address::AddressStep;
pub use confirmation::Confirmation;
pub use delivery::DeliveryStep;
pub use payment::PaymentStep;
pub use review::ReviewStep;

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::Outlet;
use leptos_router::hooks::{use_location, use_navigate};

use crate::components::page_head::PageHead;
use crate::i18n::{I18n, Messages, format, use_i18n};
use crate::state::cart::use_cart;
use crate::state::checkout::{Draft, Step, provide_checkout, today, use_checkout};
use crate::state::market::use_market;

/// The path segment of the confirmation, shown once the order is placed.
const CONFIRMATION: &str = "confirmation";

/// The checkout's route: the draft, the step indicator and the order's summary around the
/// routed step (`<Outlet/>`), or the confirmation once the order is placed.
#[component]
pub fn CheckoutPage() -> impl IntoView {
    let i18n = use_i18n();
    let cart = use_cart();
    let market = use_market();
    let checkout = provide_checkout();
    let location = use_location();
    // The child route's segment: `/{lang}/checkout/{segment}`.
    let segment = Memo::new(move |_| {
        location.pathname.with(|path| {
            path.split('/')
                .skip_while(|part| *part != "checkout")
                .nth(1)
                .filter(|segment| !segment.is_empty())
                .map(str::to_owned)
        })
    });
    let navigate = use_navigate();

    // The address goes where the market ships.
    Effect::new(move |_| {
        let country = market.country().code;
        checkout.draft.update(|draft| {
            if draft.address.country != country {
                draft.address.country = country.to_owned();
            }
        });
    });

    // Keep the path on a step the buyer may be on: the confirmation once placed, else no
    // further than the first step still open.
    Effect::new(move |_| {
        let segment = segment.get();
        let placed = checkout.draft.with(|draft| draft.placed.is_some());
        let wanted = if placed {
            if segment.is_none() {
                // A new checkout from the cart after an order: start afresh, keeping the
                // contact and address the buyer just used.
                checkout.draft.update(|draft| {
                    *draft = Draft {
                        email: draft.email.clone(),
                        address: draft.address.clone(),
                        ..Draft::start()
                    }
                });
                return;
            }
            CONFIRMATION.to_owned()
        } else {
            let open = checkout.card.with_untracked(|card| {
                checkout
                    .draft
                    .with(|draft| draft.first_open_step(card, today()))
            });
            match segment.as_deref().and_then(Step::from_segment) {
                Some(step) if step <= open => return,
                _ => open.segment().to_owned(),
            }
        };
        if segment.as_deref() != Some(wanted.as_str()) {
            navigate(
                &i18n.path(&format!("/checkout/{wanted}")),
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });

    let empty = Memo::new(move |_| cart.with(|cart| cart.is_empty()));
    let placed = Memo::new(move |_| checkout.draft.with(|draft| draft.placed.is_some()));
    let step = Memo::new(move |_| segment.get().as_deref().and_then(Step::from_segment));
    let title = move || {
        let t = i18n.t();
        match step.get() {
            Some(step) if !placed.get() => {
                format!("{} · {}", step_name(step, t), t.checkout_heading)
            }
            _ if placed.get() => t.order_placed_heading.to_owned(),
            _ => t.checkout_heading.to_owned(),
        }
    };
    view! {
        <PageHead
            title=title
            description=move || i18n.t().checkout_description.to_owned()
            private=true
        />
        {move || {
            if placed.get() {
                // The confirmation's route, once the path is there.
                let confirming = move || segment.with(|segment| segment.as_deref() == Some(CONFIRMATION));
                view! { <Show when=confirming><Outlet/></Show> }.into_any()
            } else if empty.get() {
                view! { <EmptyCheckout/> }.into_any()
            } else {
                view! { <Steps step/> }.into_any()
            }
        }}
    }
}

#[component]
fn EmptyCheckout() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1 class="page-heading">{move || i18n.t().checkout_heading}</h1>
        <div class="empty-state">
            <p>{move || i18n.t().cart_empty}</p>
            <a class="button button--primary" href=move || i18n.path("/products")>
                {move || i18n.t().continue_shopping}
            </a>
        </div>
    }
}

/// The step indicator, the current step's route and the order summary.
#[component]
fn Steps(step: Memo<Option<Step>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1 class="page-heading">{move || i18n.t().checkout_heading}</h1>
        <StepIndicator step/>
        <div class="checkout">
            <div class="checkout__step">
                // Only a step's route: `/checkout` alone and the confirmation are on their way
                // to the step the buyer may be on.
                <Show when=move || step.get().is_some()><Outlet/></Show>
            </div>
            <summary::OrderSummary/>
        </div>
    }
}

/// The steps as an ordered list: done steps are links back, the current one is marked.
#[component]
fn StepIndicator(step: Memo<Option<Step>>) -> impl IntoView {
    let i18n = use_i18n();
    let checkout = use_checkout();
    let open = Memo::new(move |_| {
        checkout.card.with(|card| {
            checkout
                .draft
                .with(|draft| draft.first_open_step(card, today()))
        })
    });
    view! {
        <nav class="steps" aria-label=move || i18n.t().checkout_steps_label>
            <ol class="steps__list">
                {Step::ALL
                    .into_iter()
                    .enumerate()
                    .map(|(index, this)| {
                        let current = move || step.get() == Some(this);
                        let reachable = move || this <= open.get() && !current();
                        let name = move || {
                            format!(
                                "{}. {}",
                                format::number(index as u32 + 1, i18n.locale().tag()),
                                step_name(this, i18n.t()),
                            )
                        };
                        view! {
                            <li
                                class="steps__item"
                                class:steps__item--current=current
                                class:steps__item--done=move || this < open.get()
                            >
                                {move || {
                                    if reachable() {
                                        view! {
                                            <a href=step_path(i18n, this)>
                                                {name}
                                            </a>
                                        }
                                            .into_any()
                                    } else {
                                        view! {
                                            <span aria-current=current().then_some("step")>{name}</span>
                                        }
                                            .into_any()
                                    }
                                }}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </nav>
    }
}

/// A step's name.
fn step_name(step: Step, t: &'static Messages) -> &'static str {
    match step {
        Step::Address => t.step_address,
        Step::Delivery => t.step_delivery,
        Step::Payment => t.step_payment,
        Step::Review => t.step_review,
    }
}

/// The path of `step`.
fn step_path(i18n: I18n, step: Step) -> String {
    i18n.path(&format!("/checkout/{}", step.segment()))
}
