//! What a parcel costs the buyer on arrival: duties, import VAT/GST and fees, itemized, and
//! whether the goods may be imported at all.
//!
//! The rates are illustrative, chosen to behave like each destination's real rules (valuation
//! basis, de minimis thresholds, VAT on the duty-inclusive value), not tariff advice.
//! Every amount is in the destination's currency; the quote converts for display.

use serde::{Deserialize, Serialize};

use crate::product::Trait;
use crate::{Currency, Money, MoneyError};

/// Who pays duties and import taxes, and when.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DutyTerms {
    /// Delivered Duty Paid: the buyer pays them at checkout; nothing is due on delivery.
    Ddp,
    /// Delivered Duty Unpaid: the carrier collects them from the buyer before handing over.
    Ddu,
}

/// What customs levy duty on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Valuation {
    /// Cost, insurance and freight: the goods plus shipping to the border (EU, UK, Japan...).
    Cif,
    /// Free on board: the goods alone (United States, Canada, Australia).
    Fob,
}

/// One destination's import rules.
struct Rules {
    country: &'static str,
    currency: &'static str,
    valuation: Valuation,
    /// Duty rate when no chapter rate applies, in basis points (1 % = 100).
    default_duty_bp: u32,
    /// (HS chapter, duty rate in basis points).
    chapter_duty_bp: &'static [(u8, u32)],
    /// Import VAT/GST in basis points; 0 where none is levied at the border.
    vat_bp: u32,
    /// No duty when the goods are worth at most this (destination minor units).
    duty_free_up_to: i64,
    /// No import VAT when the goods are worth at most this (destination minor units).
    vat_free_up_to: i64,
    /// What the carrier charges for advancing duties and taxes under DDU, when any are due.
    ddu_collection_fee: i64,
    /// Goods this destination refuses or restricts, with the reason.
    restrictions: &'static [(Trait, RestrictionReason)],
}

/// Why a destination will not take a product.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RestrictionReason {
    /// Biosecurity law bars unprocessed food, seeds and plant material.
    Biosecurity,
    /// Alcohol may not be imported.
    AlcoholBanned,
    /// Blades may only be delivered with age verification, which this store cannot offer.
    BladeAgeVerification,
    /// Personal imports of food need a permit the buyer would have to obtain.
    FoodPermitRequired,
}

/// A product the destination will not let in, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRestriction {
    /// The product property at fault.
    #[serde(rename = "trait")]
    pub product_trait: Trait,
    /// Why it is refused.
    pub reason: RestrictionReason,
}

const EU_CHAPTERS: &[(u8, u32)] = &[
    (9, 0),     // coffee and tea
    (17, 800),  // sugars and syrups
    (18, 800),  // cocoa
    (33, 0),    // perfume and cosmetics
    (61, 1200), // knitted apparel
    (62, 1200), // woven apparel
    (63, 1200), // home textiles
    (69, 900),  // ceramics
    (73, 270),  // iron articles
    (74, 300),  // copper articles
    (85, 200),  // electrical equipment
    (95, 0),    // toys
];

const RULES: &[Rules] = &[
    eu("DE", 1900),
    eu("FR", 2000),
    eu("ES", 2100),
    eu("NL", 2100),
    Rules {
        country: "GB",
        currency: "GBP",
        valuation: Valuation::Cif,
        default_duty_bp: 400,
        chapter_duty_bp: &[
            (9, 0),
            (61, 1200),
            (62, 1200),
            (63, 1200),
            (69, 600),
            (95, 0),
        ],
        vat_bp: 2000,
        duty_free_up_to: 13_500,
        vat_free_up_to: 0,
        ddu_collection_fee: 1_100,
        restrictions: &[(Trait::Blade, RestrictionReason::BladeAgeVerification)],
    },
    Rules {
        country: "CH",
        currency: "CHF",
        valuation: Valuation::Cif,
        default_duty_bp: 200,
        chapter_duty_bp: &[(9, 0), (95, 0)],
        vat_bp: 810,
        // Switzerland waives import VAT under CHF 5, i.e. goods up to about CHF 62.
        duty_free_up_to: 6_200,
        vat_free_up_to: 6_200,
        ddu_collection_fee: 1_800,
        restrictions: &[],
    },
    Rules {
        country: "US",
        currency: "USD",
        valuation: Valuation::Fob,
        default_duty_bp: 500,
        chapter_duty_bp: &[
            (9, 0),
            (61, 1600),
            (62, 1600),
            (63, 900),
            (69, 800),
            (95, 0),
        ],
        vat_bp: 0,
        // The de minimis exemption ended in 2025: every parcel is dutiable.
        duty_free_up_to: 0,
        vat_free_up_to: 0,
        ddu_collection_fee: 1_000,
        restrictions: &[],
    },
    Rules {
        country: "CA",
        currency: "CAD",
        valuation: Valuation::Fob,
        default_duty_bp: 650,
        chapter_duty_bp: &[(9, 0), (61, 1800), (62, 1800), (95, 0)],
        vat_bp: 500,
        duty_free_up_to: 15_000,
        vat_free_up_to: 4_000,
        ddu_collection_fee: 1_000,
        restrictions: &[],
    },
    Rules {
        country: "MX",
        currency: "MXN",
        valuation: Valuation::Cif,
        default_duty_bp: 1_900,
        chapter_duty_bp: &[],
        vat_bp: 1_600,
        duty_free_up_to: 100_000,
        vat_free_up_to: 100_000,
        ddu_collection_fee: 15_000,
        restrictions: &[],
    },
    Rules {
        country: "BR",
        currency: "BRL",
        valuation: Valuation::Cif,
        default_duty_bp: 6_000,
        chapter_duty_bp: &[],
        vat_bp: 1_700,
        duty_free_up_to: 0,
        vat_free_up_to: 0,
        ddu_collection_fee: 1_500,
        restrictions: &[(Trait::Food, RestrictionReason::FoodPermitRequired)],
    },
    Rules {
        country: "JP",
        currency: "JPY",
        valuation: Valuation::Cif,
        default_duty_bp: 300,
        chapter_duty_bp: &[(9, 1_200), (61, 1_000), (62, 1_000), (69, 0), (95, 0)],
        vat_bp: 1_000,
        duty_free_up_to: 10_000,
        vat_free_up_to: 10_000,
        ddu_collection_fee: 1_100,
        restrictions: &[],
    },
    Rules {
        country: "KR",
        currency: "KRW",
        valuation: Valuation::Cif,
        default_duty_bp: 800,
        chapter_duty_bp: &[(9, 4_000), (95, 800)],
        vat_bp: 1_000,
        duty_free_up_to: 200_000,
        vat_free_up_to: 200_000,
        ddu_collection_fee: 15_000,
        restrictions: &[],
    },
    Rules {
        country: "CN",
        currency: "CNY",
        valuation: Valuation::Cif,
        default_duty_bp: 1_000,
        chapter_duty_bp: &[(9, 1_500), (33, 2_000)],
        vat_bp: 1_300,
        duty_free_up_to: 5_000,
        vat_free_up_to: 5_000,
        ddu_collection_fee: 5_000,
        restrictions: &[(Trait::Food, RestrictionReason::FoodPermitRequired)],
    },
    Rules {
        country: "SA",
        currency: "SAR",
        valuation: Valuation::Cif,
        default_duty_bp: 500,
        chapter_duty_bp: &[],
        vat_bp: 1_500,
        duty_free_up_to: 100_000,
        vat_free_up_to: 0,
        ddu_collection_fee: 4_000,
        restrictions: &[(Trait::Alcohol, RestrictionReason::AlcoholBanned)],
    },
    Rules {
        country: "AE",
        currency: "AED",
        valuation: Valuation::Cif,
        default_duty_bp: 500,
        chapter_duty_bp: &[],
        vat_bp: 500,
        duty_free_up_to: 100_000,
        vat_free_up_to: 0,
        ddu_collection_fee: 4_000,
        restrictions: &[],
    },
    Rules {
        country: "AU",
        currency: "AUD",
        valuation: Valuation::Fob,
        default_duty_bp: 500,
        chapter_duty_bp: &[(9, 0), (95, 0)],
        vat_bp: 1_000,
        // Low-value goods: no duty, but GST is charged on every order.
        duty_free_up_to: 100_000,
        vat_free_up_to: 0,
        ddu_collection_fee: 1_500,
        restrictions: &[
            (Trait::Food, RestrictionReason::Biosecurity),
            (Trait::PlantMaterial, RestrictionReason::Biosecurity),
        ],
    },
];

/// The EU's common customs tariff and de minimis, with each member's own VAT rate.
const fn eu(country: &'static str, vat_bp: u32) -> Rules {
    Rules {
        country,
        currency: "EUR",
        valuation: Valuation::Cif,
        default_duty_bp: 400,
        chapter_duty_bp: EU_CHAPTERS,
        vat_bp,
        duty_free_up_to: 15_000,
        vat_free_up_to: 0,
        ddu_collection_fee: 1_200,
        restrictions: &[(Trait::PlantMaterial, RestrictionReason::Biosecurity)],
    }
}

fn rules(destination: &str) -> Option<&'static Rules> {
    RULES.iter().find(|rules| rules.country == destination)
}

/// The currency customs of `destination` assess in, if the store ships there.
pub fn customs_currency(destination: &str) -> Option<Currency> {
    rules(destination).and_then(|rules| Currency::new(rules.currency).ok())
}

/// Why a destination refuses a product with these traits, if it does.
pub fn import_restriction(destination: &str, traits: &[Trait]) -> Option<ImportRestriction> {
    let rules = rules(destination)?;
    rules
        .restrictions
        .iter()
        .find(|(product_trait, _)| traits.contains(product_trait))
        .map(|(product_trait, reason)| ImportRestriction {
            product_trait: *product_trait,
            reason: *reason,
        })
}

/// One line of goods as customs see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomsLine {
    /// Harmonized System code, `NNNN.NN`.
    pub hs_code: String,
    /// What the line costs the buyer (unit price × quantity), in the destination's currency.
    pub value: Money,
}

/// Why landed cost could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LandedCostError {
    /// The store does not ship to this destination.
    #[error("no import rules for {0}")]
    UnknownDestination(String),
    /// An amount was not in the destination's currency, or overflowed.
    #[error(transparent)]
    Money(#[from] MoneyError),
    /// A tariff code is not of the form `NNNN.NN`.
    #[error("bad HS code {0:?}")]
    BadHsCode(String),
}

/// A line of the buyer's import bill.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Charge {
    /// Customs duty on the goods of one HS chapter.
    Duty {
        /// The tariff chapter (first two digits of the HS code).
        hs_chapter: u8,
        /// The rate, in basis points.
        rate_bp: u32,
        /// The amount.
        amount: Money,
    },
    /// Import VAT or GST.
    ImportVat {
        /// The rate, in basis points.
        rate_bp: u32,
        /// The amount.
        amount: Money,
    },
    /// The carrier's fee for advancing duties and taxes (DDU only).
    CollectionFee {
        /// The amount.
        amount: Money,
    },
}

impl Charge {
    /// The amount of this charge.
    pub fn amount(&self) -> Money {
        match self {
            Self::Duty { amount, .. }
            | Self::ImportVat { amount, .. }
            | Self::CollectionFee { amount } => *amount,
        }
    }
}

/// Duties, taxes and fees of one shipment, and when the buyer pays them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LandedCost {
    /// Who pays, and when.
    pub terms: DutyTerms,
    /// The itemized charges (only those above zero).
    pub charges: Vec<Charge>,
    /// What the buyer pays for them at checkout (everything under DDP, nothing under DDU).
    pub due_at_checkout: Money,
    /// What the carrier collects before delivery (everything under DDU, nothing under DDP).
    pub due_on_delivery: Money,
}

/// Duties, import VAT and fees for goods shipped to `destination`, itemized.
///
/// Duty is levied per HS chapter on the customs value: the goods alone (FOB destinations) or
/// the goods plus their share of shipping (CIF). Import VAT is levied as customs do it: on the
/// goods plus shipping plus duty. De minimis thresholds compare the goods' value alone.
pub fn landed_cost(
    destination: &str,
    lines: &[CustomsLine],
    shipping: Money,
    terms: DutyTerms,
) -> Result<LandedCost, LandedCostError> {
    let rules = rules(destination)
        .ok_or_else(|| LandedCostError::UnknownDestination(destination.into()))?;
    let currency = Currency::new(rules.currency)
        .map_err(|_| LandedCostError::UnknownDestination(destination.into()))?;
    let zero = Money::zero(currency);
    let goods = lines
        .iter()
        .try_fold(zero, |sum, line| sum.checked_add(line.value))?;
    if shipping.currency != currency {
        return Err(MoneyError::CurrencyMismatch(shipping.currency, currency).into());
    }

    // Duty per chapter; under CIF each chapter's base carries its share of the shipping.
    let mut by_chapter: Vec<(u8, Money)> = Vec::new();
    for line in lines {
        let chapter = hs_chapter(&line.hs_code)?;
        match by_chapter.iter_mut().find(|(c, _)| *c == chapter) {
            Some((_, value)) => *value = value.checked_add(line.value)?,
            None => by_chapter.push((chapter, line.value)),
        }
    }
    by_chapter.sort_by_key(|(chapter, _)| *chapter);
    let mut charges = Vec::new();
    let mut duty_total = zero;
    if goods.amount_minor > rules.duty_free_up_to {
        for (chapter, value) in &by_chapter {
            let base = match rules.valuation {
                Valuation::Fob => *value,
                Valuation::Cif => value.checked_add(share(shipping, *value, goods))?,
            };
            let rate_bp = rules
                .chapter_duty_bp
                .iter()
                .find(|(c, _)| c == chapter)
                .map_or(rules.default_duty_bp, |(_, rate)| *rate);
            let amount = base.basis_points(rate_bp);
            if amount.amount_minor > 0 {
                duty_total = duty_total.checked_add(amount)?;
                charges.push(Charge::Duty {
                    hs_chapter: *chapter,
                    rate_bp,
                    amount,
                });
            }
        }
    }
    if rules.vat_bp > 0 && goods.amount_minor > rules.vat_free_up_to {
        let base = goods.checked_add(shipping)?.checked_add(duty_total)?;
        let amount = base.basis_points(rules.vat_bp);
        if amount.amount_minor > 0 {
            charges.push(Charge::ImportVat {
                rate_bp: rules.vat_bp,
                amount,
            });
        }
    }
    if terms == DutyTerms::Ddu && !charges.is_empty() {
        charges.push(Charge::CollectionFee {
            amount: Money::new(rules.ddu_collection_fee, currency),
        });
    }
    let total = charges
        .iter()
        .try_fold(zero, |sum, charge| sum.checked_add(charge.amount()))?;
    let (due_at_checkout, due_on_delivery) = match terms {
        DutyTerms::Ddp => (total, zero),
        DutyTerms::Ddu => (zero, total),
    };
    Ok(LandedCost {
        terms,
        charges,
        due_at_checkout,
        due_on_delivery,
    })
}

/// The tariff chapter of an `NNNN.NN` code.
fn hs_chapter(code: &str) -> Result<u8, LandedCostError> {
    let bad = || LandedCostError::BadHsCode(code.to_owned());
    let bytes = code.as_bytes();
    let well_formed = bytes.len() == 7
        && bytes[4] == b'.'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || b.is_ascii_digit());
    if !well_formed {
        return Err(bad());
    }
    code[..2].parse().map_err(|_| bad())
}

/// `part`'s proportional share of `amount`, by value (rounded half-even).
fn share(amount: Money, part: Money, whole: Money) -> Money {
    if whole.amount_minor == 0 {
        return Money::zero(amount.currency);
    }
    let scaled = crate::money::div_round_half_even(
        i128::from(amount.amount_minor) * i128::from(part.amount_minor),
        i128::from(whole.amount_minor),
    );
    Money::new(scaled as i64, amount.currency)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn money(minor: i64, code: &str) -> Money {
        Money::new(minor, Currency::new(code).unwrap())
    }

    fn line(hs: &str, minor: i64, code: &str) -> CustomsLine {
        CustomsLine {
            hs_code: hs.into(),
            value: money(minor, code),
        }
    }

    #[test]
    fn germany_levies_vat_on_goods_shipping_and_duty() {
        // €200 of ceramics + €20 shipping: duty 9 % of €220 (CIF) = €19.80;
        // VAT 19 % of (200 + 20 + 19.80) = €45.56.
        let cost = landed_cost(
            "DE",
            &[line("6912.00", 20_000, "EUR")],
            money(2_000, "EUR"),
            DutyTerms::Ddp,
        )
        .unwrap();
        assert_eq!(
            cost.charges,
            vec![
                Charge::Duty {
                    hs_chapter: 69,
                    rate_bp: 900,
                    amount: money(1_980, "EUR")
                },
                Charge::ImportVat {
                    rate_bp: 1900,
                    amount: money(4_556, "EUR")
                },
            ]
        );
        assert_eq!(cost.due_at_checkout, money(6_536, "EUR"));
        assert_eq!(cost.due_on_delivery, money(0, "EUR"));
    }

    #[test]
    fn below_the_de_minimis_only_vat_is_due() {
        let cost = landed_cost(
            "FR",
            &[line("6302.91", 2_400, "EUR")],
            money(900, "EUR"),
            DutyTerms::Ddp,
        )
        .unwrap();
        // No duty under €150; VAT 20 % of €33.00.
        assert_eq!(
            cost.charges,
            vec![Charge::ImportVat {
                rate_bp: 2000,
                amount: money(660, "EUR")
            }]
        );
    }

    #[test]
    fn ddu_moves_everything_to_delivery_and_adds_the_collection_fee() {
        let ddp = landed_cost(
            "GB",
            &[line("6912.00", 20_000, "GBP")],
            money(1_500, "GBP"),
            DutyTerms::Ddp,
        )
        .unwrap();
        let ddu = landed_cost(
            "GB",
            &[line("6912.00", 20_000, "GBP")],
            money(1_500, "GBP"),
            DutyTerms::Ddu,
        )
        .unwrap();
        assert_eq!(ddu.due_at_checkout, money(0, "GBP"));
        assert_eq!(
            ddu.due_on_delivery.amount_minor,
            ddp.due_at_checkout.amount_minor + 1_100
        );
        assert!(matches!(
            ddu.charges.last(),
            Some(Charge::CollectionFee { .. })
        ));
    }

    #[test]
    fn the_united_states_values_goods_without_shipping_and_has_no_de_minimis() {
        let cost = landed_cost(
            "US",
            &[line("6912.00", 4_000, "USD")],
            money(1_000, "USD"),
            DutyTerms::Ddp,
        )
        .unwrap();
        // 8 % of $40.00 (FOB: shipping excluded); no federal import VAT.
        assert_eq!(
            cost.charges,
            vec![Charge::Duty {
                hs_chapter: 69,
                rate_bp: 800,
                amount: money(320, "USD")
            }]
        );
    }

    #[test]
    fn nothing_due_means_no_collection_fee() {
        let cost = landed_cost(
            "JP",
            &[line("6912.00", 4_800, "JPY")],
            money(1_200, "JPY"),
            DutyTerms::Ddu,
        )
        .unwrap();
        assert!(cost.charges.is_empty());
        assert_eq!(cost.due_on_delivery, money(0, "JPY"));
    }

    #[test]
    fn restrictions_name_the_trait_and_reason() {
        assert_eq!(
            import_restriction("AU", &[Trait::Liquid, Trait::Food]),
            Some(ImportRestriction {
                product_trait: Trait::Food,
                reason: RestrictionReason::Biosecurity
            })
        );
        assert_eq!(import_restriction("DE", &[Trait::Food]), None);
        assert_eq!(import_restriction("XX", &[Trait::Food]), None);
    }

    #[test]
    fn bad_inputs_are_errors_not_panics() {
        assert!(matches!(
            landed_cost("XX", &[], money(0, "EUR"), DutyTerms::Ddp),
            Err(LandedCostError::UnknownDestination(_))
        ));
        assert!(matches!(
            landed_cost(
                "DE",
                &[line("69.12", 100, "EUR")],
                money(0, "EUR"),
                DutyTerms::Ddp
            ),
            Err(LandedCostError::BadHsCode(_))
        ));
        assert!(matches!(
            landed_cost(
                "DE",
                &[line("6912.00", 100, "USD")],
                money(0, "EUR"),
                DutyTerms::Ddp
            ),
            Err(LandedCostError::Money(MoneyError::CurrencyMismatch(..)))
        ));
    }

    fn destination() -> impl Strategy<Value = &'static str> {
        prop::sample::select(RULES.iter().map(|r| r.country).collect::<Vec<_>>())
    }

    proptest! {
        /// The itemized charges always add up to what is due, and DDP and DDU differ exactly by
        /// the collection fee.
        #[test]
        fn charges_sum_to_the_amount_due(
            country in destination(),
            values in prop::collection::vec((1u8..=97, 0i64..5_000_000), 1..6),
            shipping in 0i64..100_000,
        ) {
            let code = rules(country).unwrap().currency;
            let lines: Vec<_> = values
                .iter()
                .map(|(chapter, minor)| line(&format!("{chapter:02}01.00"), *minor, code))
                .collect();
            let ddp = landed_cost(country, &lines, money(shipping, code), DutyTerms::Ddp).unwrap();
            let ddu = landed_cost(country, &lines, money(shipping, code), DutyTerms::Ddu).unwrap();
            let sum = |cost: &LandedCost| cost.charges.iter().map(|c| c.amount().amount_minor).sum::<i64>();
            prop_assert_eq!(sum(&ddp), ddp.due_at_checkout.amount_minor);
            prop_assert_eq!(sum(&ddu), ddu.due_on_delivery.amount_minor);
            prop_assert_eq!(ddp.due_on_delivery.amount_minor, 0);
            prop_assert!(ddp.charges.iter().all(|c| c.amount().amount_minor > 0));
            let fee = if ddp.charges.is_empty() { 0 } else { rules(country).unwrap().ddu_collection_fee };
            prop_assert_eq!(ddu.due_on_delivery.amount_minor, ddp.due_at_checkout.amount_minor + fee);
        }

        /// More valuable goods never cost less to import.
        #[test]
        fn import_charges_grow_with_value(country in destination(), minor in 0i64..5_000_000, extra in 0i64..1_000_000) {
            let code = rules(country).unwrap().currency;
            let cost = |value| landed_cost(country, &[line("6912.00", value, code)], money(500, code), DutyTerms::Ddp)
                .unwrap().due_at_checkout.amount_minor;
            prop_assert!(cost(minor + extra) >= cost(minor));
        }
    }
}
