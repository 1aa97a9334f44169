//! Placing an order from a stored quote: the buyer's choices per shipment, and every amount the
//! order charges, computed from the quote alone — never from figures the browser sends.

use serde::{Deserialize, Serialize};

use crate::carrier::{AddOn, DeliveryWindow, ServiceLevel};
use crate::date::Timestamp;
use crate::landed_cost::DutyTerms;
use crate::market::Address;
use crate::payment::{PaymentRecord, PaymentRequest};
use crate::quote::{Quote, QuotedAddOn, QuotedCharge, QuotedLine, QuotedOffer};
use crate::tracking::TrackingStatus;
use crate::{Currency, FieldProblem, Money, MoneyError};

/// The body of `POST /api/orders` (with an `Idempotency-Key` header).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderRequest {
    /// The quote the buyer saw.
    pub quote_id: String,
    /// Where to send the order confirmation and tracking news.
    pub email: String,
    /// The delivery address; its country must be the quote's destination.
    pub address: Address,
    /// One choice per shipment of the quote, in any order.
    pub shipments: Vec<ShipmentChoice>,
    /// How the buyer pays.
    pub payment: PaymentRequest,
    /// The total the buyer was shown, if the app sends it: a mismatch refuses the order rather
    /// than charging a figure the buyer did not see. It is never used to compute the charge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_total: Option<Money>,
}

/// How one seller's shipment travels.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShipmentChoice {
    /// The seller's slug, naming the quoted shipment.
    pub seller: String,
    /// The chosen service's code.
    pub service: String,
    /// Add-ons, each at most once.
    #[serde(default)]
    pub add_ons: Vec<AddOn>,
    /// Duties paid now (DDP) or on delivery (DDU).
    pub terms: DutyTerms,
    /// A note for the carrier, such as where to leave the parcel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_note: Option<String>,
}

/// An order as the buyer and seller see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Order {
    /// Opaque id (in the order link).
    pub id: String,
    /// Short number for people, e.g. `CV-100042`.
    pub number: String,
    /// When it was placed.
    pub placed_at: Timestamp,
    /// The quote it was placed from.
    pub quote_id: String,
    /// Every amount's currency.
    pub currency: Currency,
    /// Contact address for this order.
    pub email: String,
    /// Where it goes.
    pub address: Address,
    /// One per seller.
    pub shipments: Vec<OrderShipment>,
    /// What the buyer was charged at checkout: goods, shipping, add-ons and any DDP duties.
    pub total_charged: Money,
    /// What carriers will collect on delivery (DDU duties and fees).
    pub due_on_delivery: Money,
    /// How it was paid; absent only on orders placed before payments were recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<PaymentRecord>,
}

/// The answer to placing an order: the order and the secret that unlocks it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlacedOrder {
    /// The order as placed.
    pub order: Order,
    /// Bearer token for reading the order, its tracking, messages and feedback. Shown once per
    /// placement; the app keeps it in the order link's fragment.
    pub access_token: String,
}

/// One seller's shipment of an order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderShipment {
    /// The seller's slug.
    pub seller: String,
    /// The seller's name.
    pub seller_name: String,
    /// What is in it.
    pub lines: Vec<QuotedLine>,
    /// Each line's total, in line order.
    pub line_totals: Vec<Money>,
    /// The carrier's code.
    pub carrier_code: String,
    /// The carrier's name.
    pub carrier_name: String,
    /// The service's code.
    pub service_code: String,
    /// How fast.
    pub level: ServiceLevel,
    /// The window promised at checkout.
    pub window: DeliveryWindow,
    /// Chosen add-ons and their prices.
    pub add_ons: Vec<QuotedAddOn>,
    /// DDP or DDU.
    pub terms: DutyTerms,
    /// The buyer's note for the carrier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_note: Option<String>,
    /// The goods.
    pub goods: Money,
    /// Shipping.
    pub shipping: Money,
    /// Duties and taxes, itemized.
    pub charges: Vec<QuotedCharge>,
    /// Duties paid at checkout.
    pub duties_at_checkout: Money,
    /// Duties collected on delivery.
    pub duties_on_delivery: Money,
    /// Goods + shipping + add-ons + duties at checkout.
    pub charged: Money,
    /// The carrier's tracking number, assigned when the order is placed.
    pub tracking_number: String,
    /// Where the parcel is; `label_created` when placed.
    pub tracking_status: TrackingStatus,
}

/// An order request checked against its quote, with every amount computed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PricedOrder {
    /// The shipments, in the quote's order.
    pub shipments: Vec<OrderShipment>,
    /// Sum of the shipments' `charged`.
    pub total_charged: Money,
    /// Sum of the shipments' `duties_on_delivery`.
    pub due_on_delivery: Money,
}

/// Why an order cannot be placed from a quote.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrderError {
    /// The quote's prices no longer hold: quote again and show the buyer any change.
    #[error("the quote expired")]
    QuoteExpired,
    /// Fields of the request are invalid.
    #[error("invalid fields")]
    Invalid(Vec<FieldProblem>),
    /// The total the buyer saw is not what the order would charge.
    #[error("the total changed to {actual:?}")]
    PriceChanged {
        /// What the order would charge.
        actual: Money,
    },
    /// An amount overflowed or mixed currencies (a corrupt quote).
    #[error(transparent)]
    Money(#[from] MoneyError),
}

/// Longest delivery note, in characters: what a carrier's label has room for.
pub const MAX_DELIVERY_NOTE_CHARS: usize = 200;

/// Whether `email` looks like an address: one `@` with something on both sides and a dot in the
/// domain. Real validation is the confirmation email reaching the buyer; this catches typos
/// such as a missing `@` before the order is placed.
pub fn is_plausible_email(email: &str) -> bool {
    let email = email.trim();
    email.len() <= 254
        && crate::text::is_clean(email, crate::text::Lines::One)
        && !email.chars().any(char::is_whitespace)
        // Markup and the punctuation only quoted addresses use, which no buyer types.
        && !email.contains(['<', '>', '"', '(', ')', '[', ']', '\\', ',', ';', ':'])
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
        })
}

fn problem(field: impl Into<String>, detail: &str) -> FieldProblem {
    FieldProblem {
        field: field.into(),
        detail: detail.to_owned(),
    }
}

/// Checks `request`'s choices against `quote` at time `now` and computes what the order charges.
///
/// Every shipment of the quote needs exactly one choice; the service must be available for it;
/// add-ons must be offered by that service and not repeated; restricted goods block the order.
/// The address is validated separately (see [`crate::market::validate_address`]).
pub fn price_order(
    quote: &Quote,
    request: &OrderRequest,
    now: Timestamp,
) -> Result<PricedOrder, OrderError> {
    if now > quote.expires_at {
        return Err(OrderError::QuoteExpired);
    }
    let mut errors = Vec::new();
    if request.address.country != quote.destination {
        errors.push(problem(
            "address.country",
            "must be the country the quote is for",
        ));
    }
    for (i, choice) in request.shipments.iter().enumerate() {
        let known = quote.shipments.iter().any(|s| s.seller == choice.seller);
        let repeated = request.shipments[..i]
            .iter()
            .any(|c| c.seller == choice.seller);
        if !known {
            errors.push(problem(
                format!("shipments[{i}].seller"),
                "is not a shipment of this quote",
            ));
        } else if repeated {
            errors.push(problem(format!("shipments[{i}].seller"), "is chosen twice"));
        }
    }

    let currency = quote.currency;
    let zero = Money::zero(currency);
    let mut shipments = Vec::with_capacity(quote.shipments.len());
    for quoted in &quote.shipments {
        let Some((i, choice)) = request
            .shipments
            .iter()
            .enumerate()
            .find(|(_, c)| c.seller == quoted.seller)
        else {
            errors.push(problem(
                "shipments",
                "must choose a service for every seller's shipment",
            ));
            continue;
        };
        let field = |name: &str| format!("shipments[{i}].{name}");
        if !quoted.quote.restricted.is_empty() {
            errors.push(problem(
                field("seller"),
                "holds goods the destination does not accept",
            ));
            continue;
        }
        let Some(service) = quoted
            .quote
            .services
            .iter()
            .find(|s| s.service_code == choice.service)
        else {
            errors.push(problem(
                field("service"),
                "is not a service quoted for this shipment",
            ));
            continue;
        };
        let QuotedOffer::Available {
            shipping,
            window,
            add_ons: offered,
            ddp,
            ddu,
            ..
        } = &service.offer
        else {
            errors.push(problem(field("service"), "does not carry these goods"));
            continue;
        };
        let mut add_ons = Vec::with_capacity(choice.add_ons.len());
        for (j, add_on) in choice.add_ons.iter().enumerate() {
            if choice.add_ons[..j].contains(add_on) {
                errors.push(problem(
                    format!("shipments[{i}].add_ons[{j}]"),
                    "is chosen twice",
                ));
            } else if let Some(offer) = offered.iter().find(|o| o.add_on == *add_on) {
                add_ons.push(offer.clone());
            } else {
                errors.push(problem(
                    format!("shipments[{i}].add_ons[{j}]"),
                    "is not offered by this service",
                ));
            }
        }
        let delivery_note = match choice.delivery_note.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(note) if note.chars().count() > MAX_DELIVERY_NOTE_CHARS => {
                errors.push(problem(
                    field("delivery_note"),
                    "must be at most 200 characters",
                ));
                None
            }
            // A label printer would break the line, or worse, on control characters.
            Some(note) if !crate::text::is_clean(note, crate::text::Lines::One) => {
                errors.push(problem(
                    field("delivery_note"),
                    "must not contain line breaks, control or direction-changing characters",
                ));
                None
            }
            Some(note) => Some(note.to_owned()),
        };
        let landed = match choice.terms {
            DutyTerms::Ddp => ddp,
            DutyTerms::Ddu => ddu,
        };
        let add_ons_total = add_ons
            .iter()
            .try_fold(zero, |sum, a| sum.checked_add(a.price))?;
        let charged = quoted
            .quote
            .goods
            .checked_add(*shipping)?
            .checked_add(add_ons_total)?
            .checked_add(landed.due_at_checkout)?;
        shipments.push(OrderShipment {
            seller: quoted.seller.clone(),
            seller_name: quoted.seller_name.clone(),
            lines: quoted.lines.clone(),
            line_totals: quoted.quote.line_totals.clone(),
            carrier_code: service.carrier_code.clone(),
            carrier_name: service.carrier_name.clone(),
            service_code: service.service_code.clone(),
            level: service.level,
            window: *window,
            add_ons,
            terms: choice.terms,
            delivery_note,
            goods: quoted.quote.goods,
            shipping: *shipping,
            charges: landed.charges.clone(),
            duties_at_checkout: landed.due_at_checkout,
            duties_on_delivery: landed.due_on_delivery,
            charged,
            // Assigned by the server when it books the shipment with the carrier.
            tracking_number: String::new(),
            tracking_status: TrackingStatus::LabelCreated,
        });
    }
    if !errors.is_empty() {
        return Err(OrderError::Invalid(errors));
    }
    let total_charged = shipments
        .iter()
        .try_fold(zero, |sum, s| sum.checked_add(s.charged))?;
    let due_on_delivery = shipments
        .iter()
        .try_fold(zero, |sum, s| sum.checked_add(s.duties_on_delivery))?;
    if let Some(expected) = request.expected_total
        && expected != total_charged
    {
        return Err(OrderError::PriceChanged {
            actual: total_charged,
        });
    }
    Ok(PricedOrder {
        shipments,
        total_charged,
        due_on_delivery,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RateTable;
    use crate::carrier::Parcel;
    use crate::date::Date;
    use crate::product::Trait;
    use crate::quote::{QuotedShipment, ShipmentLine, quote_shipment};
    use proptest::prelude::*;

    fn cur(code: &str) -> Currency {
        Currency::new(code).unwrap()
    }

    const NOW: Timestamp = Timestamp(1_795_597_200);

    fn quote(destination: &str, traits: Vec<Trait>) -> Quote {
        let rates = RateTable {
            base: cur("EUR"),
            as_of: Date::from_ymd(2026, 11, 24).unwrap(),
            rates: [("JPY", 163_250_000), ("AUD", 1_612_300)]
                .into_iter()
                .map(|(c, r)| (cur(c), r))
                .collect(),
        };
        let line = ShipmentLine {
            slug: "matcha-bowl".into(),
            hs_code: "6912.00".into(),
            unit_price: Money::new(48_000, cur("JPY")),
            quantity: 1,
            parcel: Parcel {
                weight_g: 520,
                length_mm: 180,
                width_mm: 180,
                height_mm: 120,
            },
            traits,
        };
        let currency = cur("EUR");
        let shipment = quote_shipment("JP", destination, &[line], &rates, currency, NOW).unwrap();
        Quote {
            id: "q_test".into(),
            created_at: NOW,
            expires_at: Timestamp(NOW.0 + 1800),
            destination: destination.into(),
            currency,
            rates_as_of: rates.as_of,
            shipments: vec![QuotedShipment {
                seller: "kiln-and-leaf".into(),
                seller_name: "Kiln & Leaf".into(),
                lines: vec![QuotedLine {
                    product: "matcha-bowl".into(),
                    variant: "standard".into(),
                    name: "Hand-thrown matcha bowl".into(),
                    quantity: 1,
                    unit_price: shipment.goods,
                }],
                quote: shipment,
            }],
        }
    }

    fn request(service: &str, add_ons: Vec<AddOn>, terms: DutyTerms) -> OrderRequest {
        OrderRequest {
            quote_id: "q_test".into(),
            email: "buyer@example.com".into(),
            address: Address {
                country: "DE".into(),
                ..Address::default()
            },
            shipments: vec![ShipmentChoice {
                seller: "kiln-and-leaf".into(),
                service: service.into(),
                add_ons,
                terms,
                delivery_note: None,
            }],
            payment: crate::payment::PaymentRequest {
                method: crate::market::PaymentMethod::Card,
                card: None,
            },
            expected_total: None,
        }
    }

    fn offer(quote: &Quote, service: &str) -> (Money, Vec<QuotedAddOn>) {
        let s = quote.shipments[0]
            .quote
            .services
            .iter()
            .find(|s| s.service_code == service)
            .unwrap();
        match &s.offer {
            QuotedOffer::Available {
                shipping, add_ons, ..
            } => (*shipping, add_ons.clone()),
            QuotedOffer::Refused { .. } => panic!("{service} refused"),
        }
    }

    #[test]
    fn plausible_emails_pass_and_typos_do_not() {
        for good in ["erika@example.com", " a.b+tag@sub.example.co.jp "] {
            assert!(is_plausible_email(good), "{good}");
        }
        for bad in [
            "",
            "erika",
            "erika@",
            "@example.com",
            "erika@example",
            "e rika@example.com",
            "erika@@example.com",
            "erika@example.com.",
        ] {
            assert!(!is_plausible_email(bad), "{bad}");
        }
    }

    #[test]
    fn the_charge_is_goods_shipping_add_ons_and_ddp_duties_from_the_quote() {
        let quote = quote("DE", vec![]);
        let (shipping, offered) = offer(&quote, "heron-expedited");
        let packaging = offered
            .iter()
            .find(|o| o.add_on == AddOn::SpecialPackaging)
            .unwrap();
        let priced = price_order(
            &quote,
            &request(
                "heron-expedited",
                vec![AddOn::SpecialPackaging],
                DutyTerms::Ddp,
            ),
            NOW,
        )
        .unwrap();
        let shipment = &priced.shipments[0];
        // ¥48,000 ≈ €294: above the €150 threshold, so duty and VAT are both due.
        assert!(shipment.duties_at_checkout.amount_minor > 0);
        assert_eq!(
            shipment.charged.amount_minor,
            quote.shipments[0].quote.goods.amount_minor
                + shipping.amount_minor
                + packaging.price.amount_minor
                + shipment.duties_at_checkout.amount_minor
        );
        assert_eq!(priced.total_charged, shipment.charged);
        assert_eq!(priced.due_on_delivery.amount_minor, 0);
        assert_eq!(shipment.tracking_status, TrackingStatus::LabelCreated);
    }

    #[test]
    fn ddu_charges_less_now_and_collects_the_rest_on_delivery() {
        let quote = quote("DE", vec![]);
        let ddp = price_order(
            &quote,
            &request("heron-standard", vec![], DutyTerms::Ddp),
            NOW,
        )
        .unwrap();
        let ddu = price_order(
            &quote,
            &request("heron-standard", vec![], DutyTerms::Ddu),
            NOW,
        )
        .unwrap();
        assert!(ddu.total_charged.amount_minor < ddp.total_charged.amount_minor);
        assert!(ddu.due_on_delivery.amount_minor > 0);
    }

    #[test]
    fn expired_quotes_and_changed_totals_are_refused() {
        let quote = quote("DE", vec![]);
        let late = Timestamp(quote.expires_at.0 + 1);
        assert_eq!(
            price_order(
                &quote,
                &request("heron-standard", vec![], DutyTerms::Ddp),
                late
            ),
            Err(OrderError::QuoteExpired)
        );
        let mut tampered = request("heron-standard", vec![], DutyTerms::Ddp);
        tampered.expected_total = Some(Money::new(1, cur("EUR")));
        let actual = price_order(
            &quote,
            &request("heron-standard", vec![], DutyTerms::Ddp),
            NOW,
        )
        .unwrap()
        .total_charged;
        assert_eq!(
            price_order(&quote, &tampered, NOW),
            Err(OrderError::PriceChanged { actual })
        );
        tampered.expected_total = Some(actual);
        assert!(price_order(&quote, &tampered, NOW).is_ok());
    }

    #[test]
    fn a_delivery_note_travels_trimmed_and_a_corrupting_one_is_refused() {
        let quote = quote("DE", vec![]);
        let mut with_note = request("heron-standard", vec![], DutyTerms::Ddp);
        with_note.shipments[0].delivery_note =
            Some("  Leave it with the neighbour at no. 3 ".into());
        let priced = price_order(&quote, &with_note, NOW).unwrap();
        assert_eq!(
            priced.shipments[0].delivery_note.as_deref(),
            Some("Leave it with the neighbour at no. 3")
        );

        with_note.shipments[0].delivery_note = Some("Ring twice\nthen leave it".into());
        let Err(OrderError::Invalid(errors)) = price_order(&quote, &with_note, NOW) else {
            panic!("a line break was accepted")
        };
        assert_eq!(errors[0].field, "shipments[0].delivery_note");

        with_note.shipments[0].delivery_note = Some("x".repeat(MAX_DELIVERY_NOTE_CHARS + 1));
        assert!(price_order(&quote, &with_note, NOW).is_err());
        with_note.shipments[0].delivery_note = Some(" ".into());
        let priced = price_order(&quote, &with_note, NOW).unwrap();
        assert_eq!(
            priced.shipments[0].delivery_note, None,
            "a blank note is no note"
        );
    }

    #[test]
    fn bad_choices_name_their_fields() {
        let quote = quote("DE", vec![]);
        let mut bad = request("no-such-service", vec![], DutyTerms::Ddp);
        bad.address.country = "FR".into();
        bad.shipments.push(ShipmentChoice {
            seller: "someone-else".into(),
            service: "heron-standard".into(),
            add_ons: vec![],
            terms: DutyTerms::Ddp,
            delivery_note: None,
        });
        let Err(OrderError::Invalid(errors)) = price_order(&quote, &bad, NOW) else {
            panic!("accepted")
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "address.country",
                "shipments[1].seller",
                "shipments[0].service"
            ]
        );

        let twice = request(
            "heron-standard",
            vec![AddOn::GiftWrap, AddOn::GiftWrap],
            DutyTerms::Ddp,
        );
        let Err(OrderError::Invalid(errors)) = price_order(&quote, &twice, NOW) else {
            panic!("accepted")
        };
        assert_eq!(errors[0].field, "shipments[0].add_ons[1]");

        let mut none = request("heron-standard", vec![], DutyTerms::Ddp);
        none.shipments.clear();
        let Err(OrderError::Invalid(errors)) = price_order(&quote, &none, NOW) else {
            panic!("accepted")
        };
        assert_eq!(errors[0].field, "shipments");
    }

    #[test]
    fn refused_services_and_restricted_goods_cannot_be_ordered() {
        let battery = quote("DE", vec![Trait::LithiumBattery]);
        let Err(OrderError::Invalid(errors)) = price_order(
            &battery,
            &request("heron-standard", vec![], DutyTerms::Ddp),
            NOW,
        ) else {
            panic!("accepted")
        };
        assert_eq!(errors[0].detail, "does not carry these goods");

        let food = quote("AU", vec![Trait::Food]);
        let mut to_australia = request("bastion-economy", vec![], DutyTerms::Ddp);
        to_australia.address.country = "AU".into();
        let Err(OrderError::Invalid(errors)) = price_order(&food, &to_australia, NOW) else {
            panic!("accepted")
        };
        assert_eq!(
            errors[0].detail,
            "holds goods the destination does not accept"
        );
    }

    proptest! {
        /// Whatever the buyer picks, the total is the sum of its parts and never below the goods.
        #[test]
        fn totals_add_up(service in 0usize..8, add_on_mask in 0u8..16, ddu in any::<bool>()) {
            let quote = quote("DE", vec![]);
            let available: Vec<_> = quote.shipments[0].quote.services.iter()
                .filter(|s| matches!(s.offer, QuotedOffer::Available { .. }))
                .collect();
            let chosen = available[service % available.len()];
            let QuotedOffer::Available { add_ons: offered, .. } = &chosen.offer else { unreachable!() };
            let add_ons: Vec<AddOn> = offered.iter().enumerate()
                .filter(|(i, _)| add_on_mask & (1 << i) != 0)
                .map(|(_, o)| o.add_on)
                .collect();
            let terms = if ddu { DutyTerms::Ddu } else { DutyTerms::Ddp };
            let priced = price_order(&quote, &request(&chosen.service_code, add_ons, terms), NOW).unwrap();
            let s = &priced.shipments[0];
            let add_ons_total: i64 = s.add_ons.iter().map(|a| a.price.amount_minor).sum();
            prop_assert_eq!(
                s.charged.amount_minor,
                s.goods.amount_minor + s.shipping.amount_minor + add_ons_total + s.duties_at_checkout.amount_minor
            );
            prop_assert!(priced.total_charged.amount_minor >= s.goods.amount_minor);
            let charges: i64 = s.charges.iter().map(|c| c.amount.amount_minor).sum();
            prop_assert_eq!(charges, s.duties_at_checkout.amount_minor + s.duties_on_delivery.amount_minor);
        }
    }
}
