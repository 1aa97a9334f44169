//! The checkout in progress: what the buyer typed and chose, kept in sessionStorage so a reload
//! or the browser's Back and Forward lose nothing. Card details live only in memory: they are
//! never written to storage.
//!
//! The rules (what a complete address, delivery choice or card is, and what the order charges)
//! are the domain's, the same code the server runs.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use storefront_domain::date::{Date, Timestamp};
use storefront_domain::landed_cost::DutyTerms;
use storefront_domain::market::{Address, PaymentMethod, validate_address};
use storefront_domain::order::{
    OrderRequest, PlacedOrder, PricedOrder, ShipmentChoice, is_plausible_email, price_order,
};
use storefront_domain::payment::{CardInput, PaymentRequest, validate_card};
use storefront_domain::quote::{CartLine, Quote, QuotedOffer};

use crate::state::storage::Storage;

/// A step of the checkout, in order; its path segment is [`Step::segment`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    /// Contact and address.
    Address,
    /// Carrier service and add-ons per shipment.
    Delivery,
    /// Duty terms and the way to pay.
    Payment,
    /// Everything at a glance, and "Place order".
    Review,
}

impl Step {
    /// Every step, in order.
    pub const ALL: [Step; 4] = [Self::Address, Self::Delivery, Self::Payment, Self::Review];

    /// The step's last path segment: `/{lang}/checkout/{segment}`.
    pub fn segment(self) -> &'static str {
        match self {
            Self::Address => "address",
            Self::Delivery => "delivery",
            Self::Payment => "payment",
            Self::Review => "review",
        }
    }

    /// The step a path segment names.
    pub fn from_segment(segment: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|step| step.segment() == segment)
    }

    /// The step after this one.
    pub fn next(self) -> Option<Self> {
        Self::ALL.into_iter().find(|step| *step > self)
    }
}

/// What the buyer has entered so far; saved on every change.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// The order's idempotency key, made once per checkout: every attempt to place this
    /// checkout's order sends it, so the server places at most one.
    pub key: String,
    /// Contact email.
    pub email: String,
    /// The delivery address; its country is the market's.
    pub address: Address,
    /// The quote the choices refer to.
    pub quote: Option<Quote>,
    /// One choice per shipment of the quote.
    pub choices: Vec<ShipmentChoice>,
    /// How the buyer pays.
    pub method: Option<PaymentMethod>,
    /// The order, once placed: the checkout then shows its confirmation.
    pub placed: Option<PlacedOrder>,
}

impl Draft {
    /// A new checkout with its own idempotency key.
    pub fn start() -> Self {
        Self {
            key: new_key(),
            ..Self::default()
        }
    }

    /// Whether the contact and address are complete and valid.
    pub fn address_done(&self) -> bool {
        is_plausible_email(&self.email) && validate_address(&self.address).is_ok()
    }

    /// Whether every shipment of a current quote has an available service.
    pub fn delivery_done(&self) -> bool {
        self.quote.as_ref().is_some_and(|quote| {
            quote.shipments.iter().all(|shipment| {
                self.choice(&shipment.seller).is_some_and(|choice| {
                    shipment.quote.services.iter().any(|service| {
                        service.service_code == choice.service
                            && matches!(service.offer, QuotedOffer::Available { .. })
                    })
                })
            })
        })
    }

    /// Whether a way to pay is chosen and, for a card, the card checks out on `today`.
    pub fn payment_done(&self, card: &CardInput, today: Date) -> bool {
        match self.method {
            Some(PaymentMethod::Card) => validate_card(card, today).is_ok(),
            Some(_) => true,
            None => false,
        }
    }

    /// The first step not yet complete, or `Review`.
    pub fn first_open_step(&self, card: &CardInput, today: Date) -> Step {
        if !self.address_done() {
            Step::Address
        } else if !self.delivery_done() {
            Step::Delivery
        } else if !self.payment_done(card, today) {
            Step::Payment
        } else {
            Step::Review
        }
    }

    /// The choice for `seller`'s shipment.
    pub fn choice(&self, seller: &str) -> Option<&ShipmentChoice> {
        self.choices.iter().find(|choice| choice.seller == seller)
    }

    /// The duty terms chosen (the same for every shipment).
    pub fn terms(&self) -> DutyTerms {
        self.choices
            .first()
            .map_or(DutyTerms::Ddp, |choice| choice.terms)
    }

    /// Takes `quote`, keeping each shipment's choices where the new quote still offers them and
    /// choosing the cheapest service where it does not.
    pub fn adopt_quote(&mut self, quote: Quote) {
        let terms = self.terms();
        let choices = quote
            .shipments
            .iter()
            .filter_map(|shipment| {
                let kept = self.choice(&shipment.seller).filter(|choice| {
                    shipment.quote.services.iter().any(|service| {
                        service.service_code == choice.service
                            && matches!(service.offer, QuotedOffer::Available { .. })
                    })
                });
                match kept {
                    Some(choice) => Some(choice.clone()),
                    None => Some(ShipmentChoice {
                        seller: shipment.seller.clone(),
                        service: shipment.quote.highlights().cheapest?.to_owned(),
                        add_ons: Vec::new(),
                        terms,
                        delivery_note: None,
                    }),
                }
            })
            .collect();
        self.choices = choices;
        self.quote = Some(quote);
    }

    /// Whether the quote prices exactly `lines` for this destination and currency.
    pub fn quote_fits(&self, lines: &[CartLine], destination: &str, currency: &str) -> bool {
        let key = |line: &CartLine| (line.product.clone(), line.variant.clone(), line.quantity);
        let mut wanted: Vec<_> = lines.iter().map(key).collect();
        wanted.sort();
        self.quote.as_ref().is_some_and(|quote| {
            let mut quoted: Vec<_> = quoted_lines(quote).iter().map(key).collect();
            quoted.sort();
            quote.destination == destination
                && quote.currency.code() == currency
                && quoted == wanted
        })
    }

    /// Whether the quote's prices have lapsed by the browser's clock.
    pub fn quote_expired(&self) -> bool {
        self.quote
            .as_ref()
            .is_some_and(|quote| quote.expires_at.0 as f64 * 1000.0 <= js_sys::Date::now())
    }

    /// The order request this draft makes, with the total the buyer is shown.
    pub fn request(&self, card: &CardInput) -> Option<OrderRequest> {
        let quote = self.quote.as_ref()?;
        let method = self.method?;
        let mut request = OrderRequest {
            quote_id: quote.id.clone(),
            email: self.email.trim().to_owned(),
            address: self.address.clone(),
            shipments: self.choices.clone(),
            payment: PaymentRequest {
                method,
                card: (method == PaymentMethod::Card).then(|| card.clone()),
            },
            expected_total: None,
        };
        request.expected_total = Some(self.priced_with(&request)?.total_charged);
        Some(request)
    }

    /// What the order charges for the current choices: the server's own computation.
    pub fn priced(&self) -> Option<PricedOrder> {
        let quote = self.quote.as_ref()?;
        self.priced_with(&OrderRequest {
            quote_id: quote.id.clone(),
            email: String::new(),
            address: Address {
                country: quote.destination.clone(),
                ..Address::default()
            },
            shipments: self.choices.clone(),
            payment: PaymentRequest {
                method: PaymentMethod::Card,
                card: None,
            },
            expected_total: None,
        })
    }

    fn priced_with(&self, request: &OrderRequest) -> Option<PricedOrder> {
        let quote = self.quote.as_ref()?;
        let request = OrderRequest {
            address: Address {
                country: quote.destination.clone(),
                ..request.address.clone()
            },
            ..request.clone()
        };
        // Priced as of the quote's own time: expiry is the server's to decide.
        price_order(quote, &request, quote.created_at).ok()
    }
}

/// The cart lines a quote prices, in its order, for comparing with the cart.
fn quoted_lines(quote: &Quote) -> Vec<CartLine> {
    quote
        .shipments
        .iter()
        .flat_map(|shipment| &shipment.lines)
        .map(|line| CartLine {
            product: line.product.clone(),
            variant: Some(line.variant.clone()),
            quantity: i64::from(line.quantity),
        })
        .collect()
}

/// A random idempotency key.
pub fn new_key() -> String {
    window()
        .crypto()
        .ok()
        .map(|crypto| crypto.random_uuid())
        // Only very old browsers lack randomUUID; the time and a random number are unique
        // enough for one buyer's checkouts.
        .unwrap_or_else(|| format!("{}-{}", js_sys::Date::now(), js_sys::Math::random()))
}

/// Today's date in UTC, as card expiry is checked.
pub fn today() -> Date {
    Timestamp((js_sys::Date::now() / 1000.0) as i64).utc_date()
}

/// The checkout state, provided by the checkout page to its steps.
#[derive(Clone, Copy)]
pub struct Checkout {
    /// What is saved.
    pub draft: RwSignal<Draft>,
    /// The card as typed: memory only.
    pub card: RwSignal<CardInput>,
}

const DRAFT_KEY: &str = "checkout";

/// The checkout saved in this tab, or a new one. A draft from an older app that no longer
/// reads starts the checkout afresh.
fn saved_draft() -> Draft {
    Storage::Session
        .json::<Draft>(DRAFT_KEY)
        .filter(|draft| !draft.key.is_empty())
        .unwrap_or_else(Draft::start)
}

/// The step "Check out" opens: the first one the saved checkout has open (a card is never
/// saved, so the payment step at most), or none once its order was placed, for the checkout
/// page to start afresh. Leading straight there spares the router a redirect on the way in.
pub fn entry_step() -> Option<Step> {
    let draft = saved_draft();
    draft
        .placed
        .is_none()
        .then(|| draft.first_open_step(&CardInput::default(), today()))
}

/// Provides the checkout saved in this tab, or a new one, and saves every change.
pub fn provide_checkout() -> Checkout {
    let saved = saved_draft();
    let checkout = Checkout {
        draft: RwSignal::new(saved),
        card: RwSignal::new(CardInput::default()),
    };
    Effect::new(move |_| {
        // A full storage only means a reload would start this checkout over.
        checkout
            .draft
            .with(|draft| Storage::Session.set_json(DRAFT_KEY, draft));
    });
    provide_context(checkout);
    checkout
}

/// The checkout provided by the checkout page.
pub fn use_checkout() -> Checkout {
    expect_context::<Checkout>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn berlin() -> Address {
        Address {
            country: "DE".into(),
            name: Some("Erika Mustermann".into()),
            line1: Some("Heidestraße 17".into()),
            city: Some("Berlin".into()),
            postal_code: Some("10557".into()),
            phone: Some("030 1234567".into()),
            ..Address::default()
        }
    }

    #[wasm_bindgen_test]
    fn steps_open_in_order_as_each_is_completed() {
        let today = Date::from_ymd(2026, 11, 25).unwrap();
        let card = CardInput::default();
        let mut draft = Draft::start();
        assert!(
            !draft.key.is_empty(),
            "every checkout gets its idempotency key"
        );
        assert_ne!(draft.key, Draft::start().key);
        assert_eq!(draft.first_open_step(&card, today), Step::Address);

        draft.address = berlin();
        assert_eq!(
            draft.first_open_step(&card, today),
            Step::Address,
            "no email yet"
        );
        draft.email = "erika@example.com".into();
        assert_eq!(
            draft.first_open_step(&card, today),
            Step::Delivery,
            "no quote yet"
        );

        draft.address.postal_code = Some("1055".into());
        assert_eq!(draft.first_open_step(&card, today), Step::Address);
    }

    #[wasm_bindgen_test]
    fn a_card_payment_needs_a_card_that_checks_out() {
        let today = Date::from_ymd(2026, 11, 25).unwrap();
        let mut draft = Draft::start();
        let mut card = CardInput::default();
        assert!(!draft.payment_done(&card, today), "no method chosen");
        draft.method = Some(PaymentMethod::Paypal);
        assert!(draft.payment_done(&card, today));
        draft.method = Some(PaymentMethod::Card);
        assert!(!draft.payment_done(&card, today));
        card = CardInput {
            number: "4242 4242 4242 4242".into(),
            expiry: "12/34".into(),
            cvc: "123".into(),
            holder: "Erika Mustermann".into(),
        };
        assert!(draft.payment_done(&card, today));
    }

    #[wasm_bindgen_test]
    fn the_draft_survives_storage_but_never_holds_the_card() {
        let mut draft = Draft::start();
        draft.email = "erika@example.com".into();
        draft.method = Some(PaymentMethod::Card);
        let json = serde_json::to_string(&draft).unwrap();
        assert!(!json.contains("4242"), "{json}");
        assert_eq!(serde_json::from_str::<Draft>(&json).unwrap(), draft);
        assert_eq!(Step::from_segment("payment"), Some(Step::Payment));
        assert_eq!(Step::Payment.next(), Some(Step::Review));
        assert_eq!(Step::Review.next(), None);
    }
}
