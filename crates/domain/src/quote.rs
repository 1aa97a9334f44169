//! Pricing one shipment for a destination: every carrier service with its shipping price,
//! delivery window, add-ons and landed cost under DDP and DDU, in the buyer's currency.
//!
//! Each seller ships from its own country, so a cart with several sellers is several
//! shipments, each quoted here. Conversions follow customs: goods and shipping are converted
//! into the destination's customs currency for duties and VAT, and every amount the buyer sees
//! is then converted once into the buyer's currency, so the itemized figures add up to the totals.

use serde::{Deserialize, Serialize};

use crate::carrier::{
    self, AddOn, DeliveryWindow, Offer, Parcel, Refusal, ServiceLevel, TransportMode,
};
use crate::date::Timestamp;
use crate::landed_cost::{
    self, Charge, CustomsLine, DutyTerms, ImportRestriction, LandedCostError,
};
use crate::product::Trait;
use crate::{Currency, Money, MoneyError, RateTable};

/// One line of a shipment, as the server resolved it from its own catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShipmentLine {
    /// The product's slug.
    pub slug: String,
    /// Harmonized System code, `NNNN.NN`.
    pub hs_code: String,
    /// Price of one unit in the seller's currency.
    pub unit_price: Money,
    /// How many units.
    pub quantity: u32,
    /// One packed unit.
    pub parcel: Parcel,
    /// What import and transport rules look at.
    pub traits: Vec<Trait>,
}

/// Why a shipment could not be priced.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuoteError {
    /// The shipment has no lines.
    #[error("a shipment needs at least one line")]
    Empty,
    /// The store does not ship to this destination.
    #[error("no shipping to {0}")]
    UnknownDestination(String),
    /// An amount could not be converted or added.
    #[error(transparent)]
    Money(#[from] MoneyError),
    /// The landed cost could not be computed.
    #[error(transparent)]
    LandedCost(#[from] LandedCostError),
}

/// A duty, tax or fee in the buyer's currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuotedCharge {
    /// What it is, with its amount in the destination's customs currency.
    pub charge: Charge,
    /// The same amount in the buyer's currency.
    pub amount: Money,
}

/// Duties and taxes under one set of terms, in the buyer's currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuotedLandedCost {
    /// DDP or DDU.
    pub terms: DutyTerms,
    /// Itemized; their `amount`s add up to the two totals below.
    pub charges: Vec<QuotedCharge>,
    /// Paid at checkout.
    pub due_at_checkout: Money,
    /// Collected by the carrier before delivery.
    pub due_on_delivery: Money,
}

/// An add-on with its price in the buyer's currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuotedAddOn {
    /// Which add-on.
    pub add_on: AddOn,
    /// Its price.
    pub price: Money,
}

/// A service's offer for this shipment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum QuotedOffer {
    /// The service carries it.
    Available {
        /// Shipping in the buyer's currency.
        shipping: Money,
        /// The weight the price is for, in grams.
        chargeable_weight_g: u64,
        /// When it is likely to arrive.
        window: DeliveryWindow,
        /// Add-ons on offer.
        add_ons: Vec<QuotedAddOn>,
        /// Duties and taxes paid now.
        ddp: QuotedLandedCost,
        /// Duties and taxes paid on delivery.
        ddu: QuotedLandedCost,
    },
    /// The service refuses the goods, and why.
    Refused {
        /// Which goods and why.
        refusal: Refusal,
    },
}

/// One carrier service for this shipment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuotedService {
    /// The carrier's code.
    pub carrier_code: String,
    /// The carrier's name.
    pub carrier_name: String,
    /// The service's code.
    pub service_code: String,
    /// How fast.
    pub level: ServiceLevel,
    /// Air or surface.
    pub mode: TransportMode,
    /// What it offers.
    pub offer: QuotedOffer,
    /// Earlier buyers' rating of the service (filled in by the server from its feedback).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<crate::servqual::ServiceRating>,
}

/// A priced shipment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShipmentQuote {
    /// The country it ships from.
    pub origin: String,
    /// The country it ships to.
    pub destination: String,
    /// Each line's total (unit price × quantity) in the buyer's currency, in line order;
    /// they add up to `goods`.
    pub line_totals: Vec<Money>,
    /// The goods in the buyer's currency.
    pub goods: Money,
    /// Goods the destination refuses, by product slug; the shipment cannot be ordered while any
    /// are in it.
    pub restricted: Vec<RestrictedLine>,
    /// Every service on the lane, available or refused.
    pub services: Vec<QuotedService>,
}

/// A line the destination will not let in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RestrictedLine {
    /// The product's slug.
    pub slug: String,
    /// Why.
    pub restriction: ImportRestriction,
}

/// How long a quote's prices hold, in seconds.
pub const QUOTE_LIFETIME_SECONDS: i64 = 30 * 60;

/// Most lines one quote may have.
pub const MAX_LINES: usize = 50;

/// Most units of one line.
pub const MAX_QUANTITY: u32 = 99;

/// The body of `POST /api/quotes`: a cart and where it goes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuoteRequest {
    /// ISO 3166-1 alpha-2 code of the ship-to country.
    pub destination: String,
    /// ISO 4217 code of the currency the buyer pays in.
    pub currency: String,
    /// Language of product names in the answer; English when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// What the buyer wants.
    pub lines: Vec<CartLine>,
}

/// A product variant and how many; no price: the server prices from its own catalog.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CartLine {
    /// The product's slug.
    pub product: String,
    /// The variant's key; may be left out for a product with a single variant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    /// How many units; 1 to [`MAX_QUANTITY`]. Wide on the wire so a bad value reaches
    /// validation and is reported by field rather than as an unreadable body.
    pub quantity: i64,
}

/// A priced cart: one shipment per seller, valid until `expires_at`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Quote {
    /// Opaque id to place an order from.
    pub id: String,
    /// When it was priced.
    pub created_at: Timestamp,
    /// After this the prices no longer hold and the cart must be quoted again.
    pub expires_at: Timestamp,
    /// Ship-to country.
    pub destination: String,
    /// The buyer's currency; every amount below is in it.
    pub currency: Currency,
    /// The exchange rates used.
    pub rates_as_of: crate::date::Date,
    /// One shipment per seller.
    pub shipments: Vec<QuotedShipment>,
}

/// One seller's part of the cart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuotedShipment {
    /// The seller's slug.
    pub seller: String,
    /// The seller's name.
    pub seller_name: String,
    /// The lines, in cart order.
    pub lines: Vec<QuotedLine>,
    /// Prices, services and landed costs.
    pub quote: ShipmentQuote,
}

/// A cart line as priced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuotedLine {
    /// The product's slug.
    pub product: String,
    /// The variant's key.
    pub variant: String,
    /// The product's name in the requested language.
    pub name: String,
    /// How many units.
    pub quantity: u32,
    /// Price of one unit in the buyer's currency.
    pub unit_price: Money,
}

/// What a cart will cost with the cheapest service for each shipment and duties paid at
/// checkout: the cart's estimate before the buyer chooses at checkout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CheapestEstimate {
    /// The goods of every shipment, at the quote's prices.
    pub goods: Money,
    /// Shipping of every shipment.
    pub shipping: Money,
    /// Duties and taxes of every shipment, paid at checkout.
    pub duties: Money,
    /// Goods, shipping, and duties and taxes: what checkout charges with these choices.
    pub total: Money,
}

impl ShipmentQuote {
    /// The available service with the lowest shipping price, with its price and DDP cost.
    pub fn cheapest(&self) -> Option<(Money, &QuotedLandedCost)> {
        self.services
            .iter()
            .filter_map(|service| match &service.offer {
                QuotedOffer::Available { shipping, ddp, .. } => Some((*shipping, ddp)),
                QuotedOffer::Refused { .. } => None,
            })
            .min_by_key(|(shipping, _)| shipping.amount_minor)
    }
}

/// The services of a shipment worth pointing out, by service code; `None` when no available
/// service qualifies (best rated needs a service with enough ratings).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Highlights<'a> {
    /// Lowest shipping price.
    pub cheapest: Option<&'a str>,
    /// Earliest latest-delivery day, then earliest first day, then price.
    pub fastest: Option<&'a str>,
    /// Highest buyer score.
    pub best_rated: Option<&'a str>,
}

impl ShipmentQuote {
    /// The cheapest, fastest and best-rated available services.
    pub fn highlights(&self) -> Highlights<'_> {
        let available = || {
            self.services
                .iter()
                .filter_map(|service| match &service.offer {
                    QuotedOffer::Available {
                        shipping, window, ..
                    } => Some((service, *shipping, *window)),
                    QuotedOffer::Refused { .. } => None,
                })
        };
        fn code(found: Option<(&QuotedService, Money, DeliveryWindow)>) -> Option<&str> {
            found.map(|(service, ..)| service.service_code.as_str())
        }
        Highlights {
            cheapest: code(available().min_by_key(|(_, shipping, _)| shipping.amount_minor)),
            fastest: code(available().min_by_key(|(_, shipping, window)| {
                (window.latest, window.earliest, shipping.amount_minor)
            })),
            best_rated: available()
                .filter_map(|(service, ..)| Some((service, service.rating?.score.tenths()?)))
                .max_by_key(|(_, tenths)| *tenths)
                .map(|(service, _)| service.service_code.as_str()),
        }
    }
}

impl Quote {
    /// The cheapest way to ship every shipment, summed; `None` when some shipment has no
    /// service that carries it (or amounts overflow).
    pub fn cheapest_estimate(&self) -> Option<CheapestEstimate> {
        let zero = Money::new(0, self.currency);
        let (goods, shipping, duties) = self.shipments.iter().try_fold(
            (zero, zero, zero),
            |(goods, shipping, duties), shipment| {
                let (cheapest, ddp) = shipment.quote.cheapest()?;
                Some((
                    goods.checked_add(shipment.quote.goods).ok()?,
                    shipping.checked_add(cheapest).ok()?,
                    duties.checked_add(ddp.due_at_checkout).ok()?,
                ))
            },
        )?;
        let total = goods.checked_add(shipping).ok()?.checked_add(duties).ok()?;
        Some(CheapestEstimate {
            goods,
            shipping,
            duties,
            total,
        })
    }
}

/// Prices a shipment of `lines` from `origin` to `destination` for a buyer paying in `currency`.
pub fn quote_shipment(
    origin: &str,
    destination: &str,
    lines: &[ShipmentLine],
    rates: &RateTable,
    currency: Currency,
    ordered_at: Timestamp,
) -> Result<ShipmentQuote, QuoteError> {
    let first = lines.first().ok_or(QuoteError::Empty)?;
    let customs_currency = landed_cost::customs_currency(destination)
        .ok_or_else(|| QuoteError::UnknownDestination(destination.to_owned()))?;
    let eur = Currency::new("EUR").map_err(|_| MoneyError::NoRate(first.unit_price.currency))?;

    let mut customs_lines = Vec::with_capacity(lines.len());
    let mut line_totals = Vec::with_capacity(lines.len());
    let mut goods_buyer = Money::zero(currency);
    let mut goods_eur = Money::zero(eur);
    let mut parcels = Vec::new();
    let mut traits = Vec::new();
    let mut restricted = Vec::new();
    for line in lines {
        let value = line.unit_price.checked_mul(line.quantity)?;
        customs_lines.push(CustomsLine {
            hs_code: line.hs_code.clone(),
            value: rates.convert(value, customs_currency)?,
        });
        let line_total = rates.convert(value, currency)?;
        line_totals.push(line_total);
        goods_buyer = goods_buyer.checked_add(line_total)?;
        goods_eur = goods_eur.checked_add(rates.convert(value, eur)?)?;
        parcels.extend(std::iter::repeat_n(line.parcel, line.quantity as usize));
        traits.extend(line.traits.iter().copied());
        if let Some(restriction) = landed_cost::import_restriction(destination, &line.traits) {
            restricted.push(RestrictedLine {
                slug: line.slug.clone(),
                restriction,
            });
        }
    }
    traits.sort();
    traits.dedup();
    let parcel = Parcel::combine(&parcels).ok_or(QuoteError::Empty)?;

    let options = carrier::options(origin, destination, &parcel, &traits, goods_eur, ordered_at);
    let mut services = Vec::with_capacity(options.len());
    for option in options {
        let offer = match option.offer {
            Offer::Refused { refusal } => QuotedOffer::Refused { refusal },
            Offer::Available {
                price,
                chargeable_weight_g,
                window,
                add_ons,
            } => {
                let shipping_customs = rates.convert(price, customs_currency)?;
                let in_buyer_currency = |terms| {
                    let cost = landed_cost::landed_cost(
                        destination,
                        &customs_lines,
                        shipping_customs,
                        terms,
                    )?;
                    convert_landed_cost(cost, rates, currency)
                };
                QuotedOffer::Available {
                    shipping: rates.convert(price, currency)?,
                    chargeable_weight_g,
                    window,
                    add_ons: add_ons
                        .into_iter()
                        .map(|offer| {
                            Ok(QuotedAddOn {
                                add_on: offer.add_on,
                                price: rates.convert(offer.price, currency)?,
                            })
                        })
                        .collect::<Result<_, MoneyError>>()?,
                    ddp: in_buyer_currency(DutyTerms::Ddp)?,
                    ddu: in_buyer_currency(DutyTerms::Ddu)?,
                }
            }
        };
        services.push(QuotedService {
            carrier_code: option.carrier_code,
            carrier_name: option.carrier_name,
            service_code: option.service_code,
            level: option.level,
            mode: option.mode,
            offer,
            rating: None,
        });
    }
    Ok(ShipmentQuote {
        origin: origin.to_owned(),
        destination: destination.to_owned(),
        line_totals,
        goods: goods_buyer,
        restricted,
        services,
    })
}

/// Converts each charge once and sums the converted amounts, so the buyer's itemization adds up.
fn convert_landed_cost(
    cost: landed_cost::LandedCost,
    rates: &RateTable,
    currency: Currency,
) -> Result<QuotedLandedCost, QuoteError> {
    let mut total = Money::zero(currency);
    let mut charges = Vec::with_capacity(cost.charges.len());
    for charge in cost.charges {
        let amount = rates.convert(charge.amount(), currency)?;
        total = total.checked_add(amount)?;
        charges.push(QuotedCharge { charge, amount });
    }
    let zero = Money::zero(currency);
    let (due_at_checkout, due_on_delivery) = match cost.terms {
        DutyTerms::Ddp => (total, zero),
        DutyTerms::Ddu => (zero, total),
    };
    Ok(QuotedLandedCost {
        terms: cost.terms,
        charges,
        due_at_checkout,
        due_on_delivery,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use proptest::prelude::*;

    fn cur(code: &str) -> Currency {
        Currency::new(code).unwrap()
    }

    fn rates() -> RateTable {
        RateTable {
            base: cur("EUR"),
            as_of: Date::from_ymd(2026, 11, 24).unwrap(),
            rates: [
                ("USD", 1_052_300),
                ("JPY", 163_250_000),
                ("GBP", 832_500),
                ("AUD", 1_612_300),
                ("CHF", 941_200),
            ]
            .into_iter()
            .map(|(code, rate)| (cur(code), rate))
            .collect(),
        }
    }

    fn bowl(quantity: u32) -> ShipmentLine {
        ShipmentLine {
            slug: "matcha-bowl".into(),
            hs_code: "6912.00".into(),
            unit_price: Money::new(4800, cur("JPY")),
            quantity,
            parcel: Parcel {
                weight_g: 520,
                length_mm: 180,
                width_mm: 180,
                height_mm: 120,
            },
            traits: vec![Trait::Fragile],
        }
    }

    fn syrup() -> ShipmentLine {
        ShipmentLine {
            slug: "maple-syrup".into(),
            hs_code: "1702.20".into(),
            unit_price: Money::new(1999, cur("USD")),
            quantity: 1,
            parcel: Parcel {
                weight_g: 820,
                length_mm: 110,
                width_mm: 110,
                height_mm: 260,
            },
            traits: vec![Trait::Food, Trait::Liquid, Trait::Fragile],
        }
    }

    // Wednesday 2026-11-25 09:00 UTC.
    const ORDERED_AT: Timestamp = Timestamp(1_795_597_200);

    #[test]
    fn highlights_name_the_cheapest_fastest_and_best_rated_services() {
        let mut quote =
            quote_shipment("JP", "DE", &[bowl(1)], &rates(), cur("EUR"), ORDERED_AT).unwrap();
        let offers: Vec<(String, Money, DeliveryWindow)> = quote
            .services
            .iter()
            .filter_map(|s| match &s.offer {
                QuotedOffer::Available {
                    shipping, window, ..
                } => Some((s.service_code.clone(), *shipping, *window)),
                QuotedOffer::Refused { .. } => None,
            })
            .collect();
        assert!(offers.len() >= 2, "the lane needs a choice: {offers:?}");
        let cheapest = offers
            .iter()
            .min_by_key(|(_, p, _)| p.amount_minor)
            .unwrap();
        let fastest = offers
            .iter()
            .min_by_key(|(_, p, w)| (w.latest, w.earliest, p.amount_minor))
            .unwrap();
        let highlights = quote.highlights();
        assert_eq!(highlights.cheapest, Some(cheapest.0.as_str()));
        assert_eq!(highlights.fastest, Some(fastest.0.as_str()));
        assert_eq!(highlights.best_rated, None, "no service has enough ratings");

        let rated = |perception| {
            Some(crate::servqual::ServiceRating {
                n: 40,
                score: crate::servqual::BuyerScore::Rated { perception },
            })
        };
        let (low, high) = (offers[0].0.clone(), offers[1].0.clone());
        for service in &mut quote.services {
            if service.service_code == low {
                service.rating = rated(4.2);
            } else if service.service_code == high {
                service.rating = rated(6.1);
            }
        }
        assert_eq!(quote.highlights().best_rated, Some(high.as_str()));
    }

    #[test]
    fn every_amount_is_in_the_buyers_currency_and_charges_add_up() {
        let quote =
            quote_shipment("JP", "DE", &[bowl(7)], &rates(), cur("USD"), ORDERED_AT).unwrap();
        assert_eq!(quote.goods.currency, cur("USD"));
        assert_eq!(quote.line_totals, [quote.goods]);
        assert!(quote.restricted.is_empty());
        let available: Vec<_> = quote
            .services
            .iter()
            .filter_map(|s| match &s.offer {
                QuotedOffer::Available {
                    shipping,
                    ddp,
                    ddu,
                    add_ons,
                    ..
                } => Some((shipping, ddp, ddu, add_ons)),
                QuotedOffer::Refused { .. } => None,
            })
            .collect();
        assert!(!available.is_empty());
        for (shipping, ddp, ddu, add_ons) in available {
            assert_eq!(shipping.currency, cur("USD"));
            assert!(add_ons.iter().all(|a| a.price.currency == cur("USD")));
            let sum = |cost: &QuotedLandedCost| {
                cost.charges
                    .iter()
                    .map(|c| c.amount.amount_minor)
                    .sum::<i64>()
            };
            assert_eq!(sum(ddp), ddp.due_at_checkout.amount_minor);
            assert_eq!(sum(ddu), ddu.due_on_delivery.amount_minor);
            // ¥33,600 (about €206) of ceramics is above the EU duty threshold of €150.
            assert!(
                ddp.charges
                    .iter()
                    .any(|c| matches!(c.charge, Charge::Duty { .. }))
            );
            assert!(
                ddp.charges
                    .iter()
                    .any(|c| matches!(c.charge, Charge::ImportVat { .. }))
            );
            assert!(ddu.due_on_delivery.amount_minor > ddp.due_at_checkout.amount_minor);
        }
    }

    #[test]
    fn the_cheapest_estimate_sums_the_cheapest_service_of_each_shipment() {
        let shipment = |line: ShipmentLine| QuotedShipment {
            seller: "s".into(),
            seller_name: "S".into(),
            lines: Vec::new(),
            quote: quote_shipment("JP", "DE", &[line], &rates(), cur("EUR"), ORDERED_AT).unwrap(),
        };
        let (a, b) = (shipment(bowl(1)), shipment(bowl(3)));
        let (ship_a, ddp_a) = a.quote.cheapest().unwrap();
        let (ship_b, ddp_b) = b.quote.cheapest().unwrap();
        let quote = Quote {
            id: "q".into(),
            created_at: ORDERED_AT,
            expires_at: ORDERED_AT,
            destination: "DE".into(),
            currency: cur("EUR"),
            rates_as_of: rates().as_of,
            shipments: vec![a.clone(), b.clone()],
        };
        let estimate = quote.cheapest_estimate().unwrap();
        assert_eq!(
            estimate.shipping.amount_minor,
            ship_a.amount_minor + ship_b.amount_minor
        );
        assert_eq!(
            estimate.duties.amount_minor,
            ddp_a.due_at_checkout.amount_minor + ddp_b.due_at_checkout.amount_minor
        );
        assert_eq!(
            estimate.goods.amount_minor,
            a.quote.goods.amount_minor + b.quote.goods.amount_minor
        );
        assert_eq!(
            estimate.total.amount_minor,
            estimate.goods.amount_minor
                + estimate.shipping.amount_minor
                + estimate.duties.amount_minor
        );
        // A shipment no service carries leaves the cart without an estimate.
        let mut refused = quote.clone();
        refused.shipments[1]
            .quote
            .services
            .retain(|service| matches!(service.offer, QuotedOffer::Refused { .. }));
        assert_eq!(refused.cheapest_estimate(), None);
    }

    #[test]
    fn restricted_goods_are_named_not_hidden() {
        let quote =
            quote_shipment("US", "AU", &[syrup()], &rates(), cur("AUD"), ORDERED_AT).unwrap();
        assert_eq!(quote.restricted.len(), 1);
        assert_eq!(quote.restricted[0].slug, "maple-syrup");
        assert_eq!(quote.restricted[0].restriction.product_trait, Trait::Food);
    }

    #[test]
    fn refusals_are_listed_beside_offers() {
        let mut speaker = bowl(1);
        speaker.traits = vec![Trait::LithiumBattery];
        let quote =
            quote_shipment("GB", "JP", &[speaker], &rates(), cur("JPY"), ORDERED_AT).unwrap();
        assert!(
            quote
                .services
                .iter()
                .any(|s| matches!(s.offer, QuotedOffer::Refused { .. }))
        );
        assert!(
            quote
                .services
                .iter()
                .any(|s| matches!(s.offer, QuotedOffer::Available { .. }))
        );
    }

    #[test]
    fn bad_requests_are_errors() {
        assert_eq!(
            quote_shipment("JP", "DE", &[], &rates(), cur("EUR"), ORDERED_AT),
            Err(QuoteError::Empty)
        );
        assert!(matches!(
            quote_shipment("JP", "ZZ", &[bowl(1)], &rates(), cur("EUR"), ORDERED_AT),
            Err(QuoteError::UnknownDestination(_))
        ));
        assert!(matches!(
            quote_shipment("JP", "DE", &[bowl(1)], &rates(), cur("SEK"), ORDERED_AT),
            Err(QuoteError::Money(MoneyError::NoRate(_)))
        ));
    }

    proptest! {
        /// More units never make shipping or duties cheaper, for any service.
        #[test]
        fn more_units_never_cost_less(quantity in 1u32..20) {
            let price = |q| {
                let quote = quote_shipment("JP", "GB", &[bowl(q)], &rates(), cur("GBP"), ORDERED_AT).unwrap();
                quote.services.into_iter().filter_map(|s| match s.offer {
                    QuotedOffer::Available { shipping, ddp, .. } => Some((s.service_code, shipping.amount_minor + ddp.due_at_checkout.amount_minor)),
                    QuotedOffer::Refused { .. } => None,
                }).collect::<Vec<_>>()
            };
            let (fewer, more) = (price(quantity), price(quantity + 1));
            for ((code, a), (code_b, b)) in fewer.iter().zip(more.iter()) {
                prop_assert_eq!(code, code_b);
                prop_assert!(b >= a, "{} {} < {}", code, b, a);
            }
        }
    }
}
