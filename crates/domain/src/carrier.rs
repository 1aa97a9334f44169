//! Carriers, their services and what a parcel costs to send with them.
//!
//! Everything here is static data and pure arithmetic: which services serve a lane, what they
//! charge in the reference currency (EUR, integer minor units), when the parcel will arrive, which
//! add-ons they sell and which goods they refuse. The quote layer converts prices into the buyer's
//! currency, adds landed cost and carrier scores; [`options`] is where it starts.
//!
//! Business days are Monday to Friday with no public holidays, as in [`Date::add_business_days`]:
//! the three carriers work across many countries and a holiday calendar per country is more than
//! these estimates need; the window's spread absorbs it.

use serde::{Deserialize, Serialize};

use crate::Money;
use crate::date::{Date, Timestamp};
use crate::money::{Currency, div_round_half_even};
use crate::product::Trait;

/// How fast a service is, from the buyer's point of view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ServiceLevel {
    /// Cheapest; surface transport on long lanes.
    Economy,
    /// The usual choice: air on long lanes, days not weeks.
    Standard,
    /// Fastest, priority handling.
    Expedited,
}

/// How a service moves parcels: it decides the volumetric divisor and which goods may travel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TransportMode {
    /// By aircraft on the long leg; space is scarce, dangerous-goods rules are strict.
    Air,
    /// By road, rail or sea; slower, with room to spare.
    Surface,
}

impl TransportMode {
    /// The volumetric divisor in cm³ per kg: a parcel weighs at least its volume divided by it.
    ///
    /// 5000 for air and 6000 for surface, the common industry values: air cargo space is dearer,
    /// so a bulky parcel is charged as heavier by air.
    pub fn volumetric_divisor(self) -> u64 {
        match self {
            Self::Air => 5000,
            Self::Surface => 6000,
        }
    }
}

/// How far a parcel travels, which decides price and transit time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Zone {
    /// Within one country.
    Domestic,
    /// Between two countries of the same region (Europe, North America, East Asia, ...).
    Regional,
    /// Between regions.
    Intercontinental,
}

/// The shipping regions that [`zone`] groups countries into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Region {
    NorthAmerica,
    SouthAmerica,
    Europe,
    EastAsia,
    MiddleEast,
    Oceania,
}

/// The region of an ISO 3166-1 alpha-2 country code, if the carriers here serve that country.
fn region(country: &str) -> Option<Region> {
    // Codes arrive from addresses and URLs; accepting lower case costs nothing and avoids a
    // "not served" for `us`.
    match country.to_ascii_uppercase().as_str() {
        "US" | "CA" | "MX" => Some(Region::NorthAmerica),
        "BR" => Some(Region::SouthAmerica),
        "GB" | "DE" | "FR" | "ES" | "NL" | "CH" => Some(Region::Europe),
        "JP" | "CN" | "KR" => Some(Region::EastAsia),
        "SA" | "AE" => Some(Region::MiddleEast),
        "AU" => Some(Region::Oceania),
        _ => None,
    }
}

/// The zone of a lane between two ISO 3166-1 alpha-2 country codes (case-insensitive).
///
/// `None` when either country is not one the carriers serve: such a lane has no service.
pub fn zone(origin: &str, destination: &str) -> Option<Zone> {
    let (from, to) = (region(origin)?, region(destination)?);
    Some(if origin.eq_ignore_ascii_case(destination) {
        Zone::Domestic
    } else if from == to {
        Zone::Regional
    } else {
        Zone::Intercontinental
    })
}

/// Chargeable weight is rounded up to a whole number of these steps, and rates are per step.
pub const WEIGHT_STEP_G: u64 = 500;

/// A packed parcel as the carrier measures it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Parcel {
    /// Actual weight in grams, packaging included.
    pub weight_g: u32,
    /// Longest side in millimetres.
    pub length_mm: u32,
    /// Middle side in millimetres.
    pub width_mm: u32,
    /// Shortest side in millimetres.
    pub height_mm: u32,
}

impl Parcel {
    /// One parcel holding all `items`, or `None` when there are none.
    ///
    /// Weights add up. Dimensions follow a simple stacking rule: each item is laid flat (its
    /// shortest side up) and the items are stacked, so the parcel is as long and wide as the
    /// longest and widest item and as high as the items' heights together. It never understates
    /// the size (a long item stays long, which summing volumes into a cube would hide), and it
    /// overstates little for the few items of a small shop's cart.
    pub fn combine(items: &[Parcel]) -> Option<Parcel> {
        let (first, rest) = items.split_first()?;
        Some(rest.iter().fold(first.laid_flat(), |packed, item| {
            let item = item.laid_flat();
            Parcel {
                weight_g: packed.weight_g.saturating_add(item.weight_g),
                length_mm: packed.length_mm.max(item.length_mm),
                width_mm: packed.width_mm.max(item.width_mm),
                height_mm: packed.height_mm.saturating_add(item.height_mm),
            }
        }))
    }

    /// The same parcel with its sides sorted longest first, so that height is the shortest.
    fn laid_flat(&self) -> Parcel {
        let mut sides = [self.length_mm, self.width_mm, self.height_mm];
        sides.sort_unstable_by(|a, b| b.cmp(a));
        let [length_mm, width_mm, height_mm] = sides;
        Parcel {
            weight_g: self.weight_g,
            length_mm,
            width_mm,
            height_mm,
        }
    }

    /// Volumetric weight in grams for a transport mode: L×W×H in cm³ divided by the mode's
    /// divisor gives kilograms, which is exactly mm³ ÷ divisor in grams.
    ///
    /// Rounded up to the gram so a bulky parcel is never charged below its volume.
    pub fn volumetric_weight_g(&self, mode: TransportMode) -> u64 {
        // u128: three u32 sides can overflow u64; the quotient is then saturated, which only
        // happens for parcels kilometres long.
        let volume_mm3 =
            u128::from(self.length_mm) * u128::from(self.width_mm) * u128::from(self.height_mm);
        let grams = volume_mm3.div_ceil(u128::from(mode.volumetric_divisor()));
        u64::try_from(grams).unwrap_or(u64::MAX)
    }

    /// The weight a carrier charges for, in grams.
    ///
    /// The greater of actual and volumetric weight, rounded up to the next multiple of
    /// [`WEIGHT_STEP_G`] (500 g), and at least one step: 1000 g stays 1000 g, 1001 g becomes
    /// 1500 g, and an empty envelope is charged as 500 g because the carrier still handles it.
    pub fn chargeable_weight_g(&self, mode: TransportMode) -> u64 {
        let heavier = u64::from(self.weight_g).max(self.volumetric_weight_g(mode));
        heavier
            .div_ceil(WEIGHT_STEP_G)
            .max(1)
            .saturating_mul(WEIGHT_STEP_G)
    }
}

/// A company that collects, moves and delivers parcels.
#[derive(Debug, PartialEq, Eq)]
pub struct Carrier {
    /// Stable key, such as `heron`; the prefix of its service codes and the key of its scorecard.
    pub code: &'static str,
    /// Display name; a brand, so never translated.
    pub name: &'static str,
    /// Services, cheapest level first.
    pub services: &'static [Service],
}

/// One product of a carrier: a level of speed, with its own transit times, rates and rules.
///
/// Amounts in this static data are EUR minor units as plain integers because [`Money`] cannot be
/// built in a constant; they become `Money` in EUR when priced.
#[derive(Debug, PartialEq, Eq)]
pub struct Service {
    /// Stable key: the carrier's code and the level, such as `heron-expedited`.
    pub code: &'static str,
    /// How fast it is.
    pub level: ServiceLevel,
    /// How it moves parcels.
    pub mode: TransportMode,
    /// Orders placed at or after this hour (UTC) on a business day ship the next business day.
    pub cutoff_hour_utc: u32,
    /// The zones it serves, each with its transit time and rate; a zone not listed is not served.
    pub lanes: &'static [(Zone, Lane)],
    /// What its add-ons cost and which it offers.
    pub add_ons: AddOnTerms,
    /// Heaviest parcel (actual grams) that may contain a liquid; `None` means no limit.
    pub liquid_limit_g: Option<u32>,
    /// Whether parcels containing alcohol are accepted at all.
    pub accepts_alcohol: bool,
}

/// Transit time and rate of one service in one zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lane {
    /// Fewest business days from ship date to delivery.
    pub min_days: u32,
    /// Most business days from ship date to delivery.
    pub max_days: u32,
    /// Fixed part of the price, EUR minor units.
    pub base_eur_minor: i64,
    /// Price of each started [`WEIGHT_STEP_G`] of chargeable weight, EUR minor units.
    pub per_step_eur_minor: i64,
}

/// Prices of a service's add-ons in EUR minor units; `None` where the service does not offer it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AddOnTerms {
    /// Padded, double-boxed packing for fragile goods.
    pub special_packaging: Option<i64>,
    /// Handing over only against a signature.
    pub signature: Option<i64>,
    /// Gift wrapping; every service offers it, since the seller's packer does it before pickup.
    pub gift_wrap: i64,
    /// Cover for loss and damage; every service offers it.
    pub insurance: Insurance,
}

/// Insurance priced as a share of the goods value, with a floor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Insurance {
    /// Price per thousand of the goods value.
    pub per_mille: u64,
    /// Lowest price, EUR minor units: below it the paperwork costs more than the risk.
    pub minimum_eur_minor: i64,
}

/// Shorthand for a lane in the tables below.
const fn lane(min_days: u32, max_days: u32, base: i64, per_step: i64) -> Lane {
    Lane {
        min_days,
        max_days,
        base_eur_minor: base,
        per_step_eur_minor: per_step,
    }
}

/// Heron's add-ons: packaging is sold on every service, which its handling makes worth buying.
const HERON_ADD_ONS: AddOnTerms = AddOnTerms {
    special_packaging: Some(450),
    signature: Some(350),
    gift_wrap: 300,
    insurance: Insurance {
        per_mille: 12,
        minimum_eur_minor: 300,
    },
};

/// Lantern's add-ons on its standard and expedited services.
const LANTERN_ADD_ONS: AddOnTerms = AddOnTerms {
    special_packaging: Some(400),
    signature: Some(300),
    gift_wrap: 300,
    insurance: Insurance {
        per_mille: 10,
        minimum_eur_minor: 250,
    },
};

/// Bastion's insurance: cheap, because it rarely loses anything.
const BASTION_INSURANCE: Insurance = Insurance {
    per_mille: 8,
    minimum_eur_minor: 200,
};

/// Every carrier, in the order options are listed.
///
/// Three fictional carriers with the profiles the seeded SERVQUAL feedback gives them (see
/// SERVQUAL.md): Heron is fast and careless with packaging, Bastion slow but reliable, Lantern
/// strong on communication.
pub static CARRIERS: &[Carrier] = &[
    Carrier {
        code: "heron",
        name: "Heron Air Express",
        // An air integrator: no economy product; late pickups because its planes leave at night.
        services: &[
            Service {
                code: "heron-standard",
                level: ServiceLevel::Standard,
                mode: TransportMode::Air,
                cutoff_hour_utc: 17,
                lanes: &[
                    (Zone::Domestic, lane(1, 2, 690, 150)),
                    (Zone::Regional, lane(2, 3, 1290, 290)),
                    (Zone::Intercontinental, lane(3, 5, 1990, 590)),
                ],
                add_ons: HERON_ADD_ONS,
                liquid_limit_g: Some(1000),
                accepts_alcohol: true,
            },
            Service {
                code: "heron-expedited",
                level: ServiceLevel::Expedited,
                mode: TransportMode::Air,
                cutoff_hour_utc: 17,
                lanes: &[
                    (Zone::Domestic, lane(1, 1, 1190, 220)),
                    (Zone::Regional, lane(1, 2, 2190, 420)),
                    (Zone::Intercontinental, lane(2, 3, 3490, 890)),
                ],
                add_ons: HERON_ADD_ONS,
                liquid_limit_g: Some(1000),
                accepts_alcohol: true,
            },
        ],
    },
    Carrier {
        code: "bastion",
        name: "Bastion Post & Freight",
        // A postal operator: everything by road, rail and sea, an early pickup, no expedited
        // product and no alcohol, as many postal networks forbid it.
        services: &[
            Service {
                code: "bastion-economy",
                level: ServiceLevel::Economy,
                mode: TransportMode::Surface,
                cutoff_hour_utc: 11,
                lanes: &[
                    (Zone::Domestic, lane(3, 5, 450, 90)),
                    (Zone::Regional, lane(5, 8, 790, 160)),
                    (Zone::Intercontinental, lane(20, 35, 1190, 240)),
                ],
                // Its cheapest product is sold as is: no packing service, no signature.
                add_ons: AddOnTerms {
                    special_packaging: None,
                    signature: None,
                    gift_wrap: 250,
                    insurance: BASTION_INSURANCE,
                },
                liquid_limit_g: None,
                accepts_alcohol: false,
            },
            Service {
                code: "bastion-standard",
                level: ServiceLevel::Standard,
                mode: TransportMode::Surface,
                cutoff_hour_utc: 11,
                // Road freight only: it does not cross oceans.
                lanes: &[
                    (Zone::Domestic, lane(2, 3, 590, 120)),
                    (Zone::Regional, lane(3, 5, 990, 210)),
                ],
                add_ons: AddOnTerms {
                    special_packaging: Some(350),
                    signature: Some(250),
                    gift_wrap: 250,
                    insurance: BASTION_INSURANCE,
                },
                liquid_limit_g: None,
                accepts_alcohol: false,
            },
        ],
    },
    Carrier {
        code: "lantern",
        name: "Lantern Parcel",
        services: &[
            Service {
                code: "lantern-economy",
                level: ServiceLevel::Economy,
                mode: TransportMode::Surface,
                cutoff_hour_utc: 14,
                lanes: &[
                    (Zone::Domestic, lane(3, 6, 490, 100)),
                    (Zone::Regional, lane(6, 10, 850, 170)),
                    (Zone::Intercontinental, lane(25, 40, 1290, 260)),
                ],
                add_ons: AddOnTerms {
                    signature: None,
                    ..LANTERN_ADD_ONS
                },
                liquid_limit_g: None,
                accepts_alcohol: true,
            },
            Service {
                code: "lantern-standard",
                level: ServiceLevel::Standard,
                mode: TransportMode::Air,
                cutoff_hour_utc: 14,
                lanes: &[
                    (Zone::Domestic, lane(2, 3, 650, 140)),
                    (Zone::Regional, lane(3, 5, 1190, 260)),
                    (Zone::Intercontinental, lane(5, 8, 1890, 520)),
                ],
                add_ons: LANTERN_ADD_ONS,
                liquid_limit_g: None,
                accepts_alcohol: true,
            },
            Service {
                code: "lantern-expedited",
                level: ServiceLevel::Expedited,
                mode: TransportMode::Air,
                cutoff_hour_utc: 14,
                // Its priority network stops at the region's edge: no intercontinental expedited.
                lanes: &[
                    (Zone::Domestic, lane(1, 2, 1090, 200)),
                    (Zone::Regional, lane(2, 3, 1990, 380)),
                ],
                add_ons: LANTERN_ADD_ONS,
                liquid_limit_g: None,
                accepts_alcohol: true,
            },
        ],
    },
];

/// The carrier and service with this service code, such as `heron-expedited`.
///
/// Orders keep only the code; the server finds the service again to recompute every amount.
pub fn find_service(code: &str) -> Option<(&'static Carrier, &'static Service)> {
    CARRIERS.iter().find_map(|carrier| {
        carrier
            .services
            .iter()
            .find(|service| service.code == code)
            .map(|service| (carrier, service))
    })
}

impl Service {
    /// Transit time and rate in a zone, or `None` where the service does not go.
    pub fn lane(&self, zone: Zone) -> Option<&'static Lane> {
        self.lanes
            .iter()
            .find(|(served, _)| *served == zone)
            .map(|(_, lane)| lane)
    }
}

/// The reference currency of rates and add-on prices.
fn eur() -> Currency {
    // A literal that is three uppercase letters always parses; `Currency` has no const constructor.
    Currency::new("EUR").expect("EUR is a currency code")
}

/// What sending `parcel` with `service` in `zone` costs, in EUR; `None` where it does not go.
///
/// Base price plus the per-step price for each started 500 g of chargeable weight. Integer
/// arithmetic, saturating rather than wrapping for absurd parcels, so a price never goes down as
/// a parcel gets heavier.
pub fn price(service: &Service, zone: Zone, parcel: &Parcel) -> Option<Money> {
    let lane = service.lane(zone)?;
    let steps = parcel.chargeable_weight_g(service.mode) / WEIGHT_STEP_G;
    let steps = i64::try_from(steps).unwrap_or(i64::MAX);
    let amount = lane
        .per_step_eur_minor
        .saturating_mul(steps)
        .saturating_add(lane.base_eur_minor);
    Some(Money::new(amount, eur()))
}

/// The day a parcel ordered at `ordered_at` leaves with `service`.
///
/// The order date when it is a business day and the order came before the cut-off hour (UTC);
/// otherwise the next business day, since nobody collects on weekends or after the last pickup.
pub fn ship_date(service: &Service, ordered_at: Timestamp) -> Date {
    let date = ordered_at.utc_date();
    let after_cutoff = ordered_at.utc_seconds_of_day() >= service.cutoff_hour_utc * 3600;
    if date.weekday().is_weekend() {
        date.add_business_days(0)
    } else if after_cutoff {
        date.add_business_days(1)
    } else {
        date
    }
}

/// When a parcel may arrive: the first and the last likely delivery day, both business days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeliveryWindow {
    /// Earliest delivery day.
    pub earliest: Date,
    /// Latest delivery day the carrier expects.
    pub latest: Date,
}

/// The delivery window of an order placed at `ordered_at`; `None` where the service does not go.
///
/// The ship date (see [`ship_date`]) plus the lane's minimum and maximum business days.
pub fn delivery_window(
    service: &Service,
    zone: Zone,
    ordered_at: Timestamp,
) -> Option<DeliveryWindow> {
    let lane = service.lane(zone)?;
    let shipped = ship_date(service, ordered_at);
    Some(DeliveryWindow {
        earliest: shipped.add_business_days(lane.min_days),
        latest: shipped.add_business_days(lane.max_days),
    })
}

/// The latest day the fastest service that takes `parcel` with goods of `traits` from `origin`
/// to `destination` expects to deliver an order placed at `ordered_at`; `None` when no service
/// takes it there. What "arrives by" filters on.
pub fn fastest_arrival(
    origin: &str,
    destination: &str,
    parcel: &Parcel,
    traits: &[Trait],
    ordered_at: Timestamp,
) -> Option<Date> {
    let zone = zone(origin, destination)?;
    CARRIERS
        .iter()
        .flat_map(|carrier| carrier.services.iter())
        .filter(|service| refusal(service, parcel, traits).is_none())
        .filter_map(|service| delivery_window(service, zone, ordered_at))
        .map(|window| window.latest)
        .min()
}

/// An extra a buyer can add to a service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AddOn {
    /// Padded, double-boxed packing for fragile goods.
    SpecialPackaging,
    /// Cover for loss and damage up to the goods value.
    Insurance,
    /// Handed over only against a signature.
    Signature,
    /// Wrapped as a gift, prices hidden.
    GiftWrap,
}

impl AddOn {
    /// Every add-on, in the order the checkout lists them.
    pub const ALL: [AddOn; 4] = [
        AddOn::SpecialPackaging,
        AddOn::Insurance,
        AddOn::Signature,
        AddOn::GiftWrap,
    ];
}

/// The price of `add_on` on `service` in EUR, or `None` when the service does not offer it.
///
/// Insurance costs the service's per-mille of `goods_value_eur`, rounded half-even to the cent
/// (the store's one rounding rule), and at
/// least its minimum; the other add-ons are flat. Insurance is also `None` when the goods value
/// is not in EUR, because it cannot then be priced (converting is the quote layer's job).
pub fn add_on_price(service: &Service, add_on: AddOn, goods_value_eur: Money) -> Option<Money> {
    let terms = &service.add_ons;
    let amount = match add_on {
        AddOn::SpecialPackaging => terms.special_packaging?,
        AddOn::Signature => terms.signature?,
        AddOn::GiftWrap => terms.gift_wrap,
        AddOn::Insurance => {
            if goods_value_eur.currency != eur() {
                return None;
            }
            // A negative value is a refund artefact, not goods: it insures nothing.
            let value = i128::from(goods_value_eur.amount_minor.max(0));
            let share = div_round_half_even(value * i128::from(terms.insurance.per_mille), 1000);
            i64::try_from(share)
                .unwrap_or(i64::MAX)
                .max(terms.insurance.minimum_eur_minor)
        }
    };
    Some(Money::new(amount, eur()))
}

/// Why a service will not carry a parcel; the app localizes the code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RefusalReason {
    /// Dangerous goods (lithium batteries) may not travel by air.
    DangerousGoodsByAir,
    /// The parcel contains a liquid and weighs more than the service allows for liquids.
    LiquidOverWeightLimit,
    /// The carrier does not accept these goods on any service.
    CarrierPolicy,
}

/// A service's refusal of a parcel: which product trait caused it and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Refusal {
    /// The trait of the goods that the service will not carry.
    #[serde(rename = "trait")]
    pub product_trait: Trait,
    /// Why, as a code the app turns into a sentence.
    pub reason: RefusalReason,
}

/// Whether `service` refuses `parcel` with goods of these `traits`: the first refusing trait, in
/// the order given, or `None` when it carries the parcel.
///
/// Lithium batteries never fly; liquids fly only up to the service's limit on the parcel's
/// actual weight (the carrier sees one parcel declared as containing liquid, not the bottles
/// inside); alcohol goes only with carriers that accept it.
pub fn refusal(service: &Service, parcel: &Parcel, traits: &[Trait]) -> Option<Refusal> {
    traits.iter().find_map(|&product_trait| {
        let reason = match product_trait {
            Trait::LithiumBattery if service.mode == TransportMode::Air => {
                RefusalReason::DangerousGoodsByAir
            }
            Trait::Liquid if service.liquid_limit_g.is_some_and(|l| parcel.weight_g > l) => {
                RefusalReason::LiquidOverWeightLimit
            }
            Trait::Alcohol if !service.accepts_alcohol => RefusalReason::CarrierPolicy,
            _ => return None,
        };
        Some(Refusal {
            product_trait,
            reason,
        })
    })
}

/// An add-on a service offers, with its price.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddOnOffer {
    /// Which add-on.
    pub add_on: AddOn,
    /// Its price in EUR.
    pub price: Money,
}

/// What a service offers for one parcel: a priced, dated offer, or a refusal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Offer {
    /// The service carries the parcel.
    Available {
        /// Shipping price in EUR.
        price: Money,
        /// The weight the price is for, in grams, so the buyer can see why a light but bulky
        /// parcel costs more.
        chargeable_weight_g: u64,
        /// When it is likely to arrive.
        window: DeliveryWindow,
        /// The add-ons on offer, with their prices in EUR.
        add_ons: Vec<AddOnOffer>,
    },
    /// The service will not carry the parcel; shown rather than hidden, so the buyer learns why
    /// a faster option is missing.
    Refused {
        /// Which goods and why.
        refusal: Refusal,
    },
}

/// One service on a lane, as the checkout lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceOption {
    /// The carrier's code, such as `heron`.
    pub carrier_code: String,
    /// The carrier's display name.
    pub carrier_name: String,
    /// The service's code, such as `heron-expedited`.
    pub service_code: String,
    /// How fast it is.
    pub level: ServiceLevel,
    /// How it moves the parcel.
    pub mode: TransportMode,
    /// Its price, window and add-ons, or why it refuses the parcel.
    pub offer: Offer,
}

/// Every service that serves the lane from `origin` to `destination` (ISO 3166-1 alpha-2),
/// with its offer for `parcel` holding goods with `traits`, worth `goods_value_eur`, ordered at
/// `ordered_at`.
///
/// Listed in [`CARRIERS`] order, each carrier's services cheapest level first. Services that do
/// not go to the zone are left out; an unknown country gives an empty list, meaning the lane is
/// not served.
pub fn options(
    origin: &str,
    destination: &str,
    parcel: &Parcel,
    traits: &[Trait],
    goods_value_eur: Money,
    ordered_at: Timestamp,
) -> Vec<ServiceOption> {
    let Some(zone) = zone(origin, destination) else {
        return Vec::new();
    };
    // `None` for a service that does not go to the zone: only one that does can refuse.
    let offer = |service: &Service| -> Option<Offer> {
        service.lane(zone)?;
        if let Some(refusal) = refusal(service, parcel, traits) {
            return Some(Offer::Refused { refusal });
        }
        Some(Offer::Available {
            price: price(service, zone, parcel)?,
            chargeable_weight_g: parcel.chargeable_weight_g(service.mode),
            window: delivery_window(service, zone, ordered_at)?,
            add_ons: AddOn::ALL
                .into_iter()
                .filter_map(|add_on| {
                    add_on_price(service, add_on, goods_value_eur)
                        .map(|price| AddOnOffer { add_on, price })
                })
                .collect(),
        })
    };
    CARRIERS
        .iter()
        .flat_map(|carrier| carrier.services.iter().map(move |s| (carrier, s)))
        .filter_map(|(carrier, service)| {
            Some(ServiceOption {
                carrier_code: carrier.code.to_owned(),
                carrier_name: carrier.name.to_owned(),
                service_code: service.code.to_owned(),
                level: service.level,
                mode: service.mode,
                offer: offer(service)?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn service(code: &str) -> &'static Service {
        find_service(code).unwrap().1
    }

    fn parcel(weight_g: u32, [length_mm, width_mm, height_mm]: [u32; 3]) -> Parcel {
        Parcel {
            weight_g,
            length_mm,
            width_mm,
            height_mm,
        }
    }

    fn eur(amount_minor: i64) -> Money {
        Money::new(amount_minor, super::eur())
    }

    /// The instant `hour`:`minute` UTC on `date` (YYYY-MM-DD).
    fn at(date: &str, hour: i64, minute: i64) -> Timestamp {
        let day = i64::from(Date::parse(date).unwrap().days_since_epoch());
        Timestamp(day * 86_400 + hour * 3600 + minute * 60)
    }

    fn window(earliest: &str, latest: &str) -> Option<DeliveryWindow> {
        Some(DeliveryWindow {
            earliest: Date::parse(earliest).unwrap(),
            latest: Date::parse(latest).unwrap(),
        })
    }

    /// The seed catalog's matcha bowl: light, but boxed in padding.
    const BOWL: Parcel = Parcel {
        weight_g: 520,
        length_mm: 180,
        width_mm: 180,
        height_mm: 120,
    };

    /// The seed catalog's speaker, which has a lithium battery.
    const SPEAKER: Parcel = Parcel {
        weight_g: 410,
        length_mm: 150,
        width_mm: 110,
        height_mm: 80,
    };

    #[test]
    fn volumetric_weight_wins_for_bulky_parcels_and_actual_for_dense_ones() {
        // 180 × 180 × 120 mm = 3,888 cm³: ÷ 5000 = 777.6 g rounded up, ÷ 6000 = 648 g.
        assert_eq!(BOWL.volumetric_weight_g(TransportMode::Air), 778);
        assert_eq!(BOWL.volumetric_weight_g(TransportMode::Surface), 648);
        assert_eq!(BOWL.chargeable_weight_g(TransportMode::Air), 1000);
        assert_eq!(BOWL.chargeable_weight_g(TransportMode::Surface), 1000);
        // 400 × 300 × 120 mm = 14,400 cm³: 2,880 g by air, 2,400 g by surface, both over 1,350 g.
        let cushion = parcel(1350, [400, 300, 120]);
        assert_eq!(cushion.chargeable_weight_g(TransportMode::Air), 3000);
        assert_eq!(cushion.chargeable_weight_g(TransportMode::Surface), 2500);
        // 200 × 150 × 100 mm is 600 g by air: the actual 1,450 g counts.
        let pan = parcel(1450, [200, 150, 100]);
        assert_eq!(pan.volumetric_weight_g(TransportMode::Air), 600);
        assert_eq!(pan.chargeable_weight_g(TransportMode::Air), 1500);
    }

    #[test]
    fn chargeable_weight_rounds_up_to_started_500_g_steps() {
        for (actual, chargeable) in [
            (0, 500),
            (1, 500),
            (500, 500),
            (501, 1000),
            (1000, 1000),
            (1001, 1500),
        ] {
            let letter = parcel(actual, [10, 10, 10]);
            assert_eq!(
                letter.chargeable_weight_g(TransportMode::Air),
                chargeable,
                "{actual} g"
            );
        }
    }

    #[test]
    fn combined_items_add_weights_and_stack_flat() {
        let sauce = parcel(820, [110, 110, 260]);
        // Laid flat: bowl 180×180×120, speaker 150×110×80, sauce 260×110×110.
        assert_eq!(
            Parcel::combine(&[BOWL, SPEAKER, sauce]),
            Some(parcel(1750, [260, 180, 310]))
        );
        assert_eq!(
            Parcel::combine(&[sauce]),
            Some(parcel(820, [260, 110, 110]))
        );
        assert_eq!(Parcel::combine(&[]), None);
    }

    #[test]
    fn zones_follow_the_region_table() {
        assert_eq!(zone("JP", "JP"), Some(Zone::Domestic));
        assert_eq!(zone("FR", "DE"), Some(Zone::Regional));
        assert_eq!(zone("US", "MX"), Some(Zone::Regional));
        assert_eq!(zone("KR", "CN"), Some(Zone::Regional));
        assert_eq!(zone("MX", "BR"), Some(Zone::Intercontinental));
        assert_eq!(zone("GB", "US"), Some(Zone::Intercontinental));
        assert_eq!(zone("JP", "AU"), Some(Zone::Intercontinental));
        assert_eq!(zone("us", "Ca"), Some(Zone::Regional));
        for (origin, destination) in [("JP", "ZZ"), ("XX", "XX"), ("", "US"), ("USA", "US")] {
            assert_eq!(zone(origin, destination), None, "{origin} → {destination}");
        }
    }

    #[test]
    fn rates_differ_per_zone() {
        // The bowl is 1,000 g chargeable by air: two steps.
        let heron = service("heron-standard");
        assert_eq!(
            price(heron, Zone::Domestic, &BOWL),
            Some(eur(690 + 2 * 150))
        );
        assert_eq!(
            price(heron, Zone::Regional, &BOWL),
            Some(eur(1290 + 2 * 290))
        );
        assert_eq!(
            price(heron, Zone::Intercontinental, &BOWL),
            Some(eur(1990 + 2 * 590))
        );
        // By surface the 1,350 g cushion is 2,500 g: five steps.
        let cushion = parcel(1350, [400, 300, 120]);
        assert_eq!(
            price(service("bastion-economy"), Zone::Intercontinental, &cushion),
            Some(eur(1190 + 5 * 240))
        );
        assert_eq!(
            price(service("bastion-standard"), Zone::Intercontinental, &BOWL),
            None
        );
    }

    #[test]
    fn cutoff_decides_between_today_and_the_next_business_day() {
        // Heron picks up until 17:00 UTC; Wednesday 2026-11-25, domestic is 1–2 business days.
        let heron = service("heron-standard");
        assert_eq!(
            delivery_window(heron, Zone::Domestic, at("2026-11-25", 16, 59)),
            window("2026-11-26", "2026-11-27")
        );
        assert_eq!(
            delivery_window(heron, Zone::Domestic, at("2026-11-25", 17, 0)),
            window("2026-11-27", "2026-11-30")
        );
    }

    #[test]
    fn friday_evening_orders_ship_on_monday() {
        // Ships Monday 2026-11-30; intercontinental is 3–5 business days.
        let heron = service("heron-standard");
        assert_eq!(
            ship_date(heron, at("2026-11-27", 20, 0)),
            Date::parse("2026-11-30").unwrap()
        );
        assert_eq!(
            delivery_window(heron, Zone::Intercontinental, at("2026-11-27", 20, 0)),
            window("2026-12-03", "2026-12-07")
        );
    }

    #[test]
    fn weekend_orders_ship_on_monday_whatever_the_hour() {
        // Bastion's domestic economy is 3–5 business days from Monday 2026-11-30.
        let bastion = service("bastion-economy");
        for ordered_at in [at("2026-11-28", 9, 0), at("2026-11-29", 23, 59)] {
            assert_eq!(
                delivery_window(bastion, Zone::Domestic, ordered_at),
                window("2026-12-03", "2026-12-07")
            );
        }
        let lantern = service("lantern-expedited");
        assert_eq!(
            delivery_window(lantern, Zone::Intercontinental, at("2026-11-28", 9, 0)),
            None
        );
    }

    #[test]
    fn insurance_is_a_per_mille_with_a_minimum() {
        let heron = service("heron-standard");
        let insure = |value| add_on_price(heron, AddOn::Insurance, value);
        // 12 ‰ of €120.00 is €1.44, below the €3.00 minimum.
        assert_eq!(insure(eur(12_000)), Some(eur(300)));
        assert_eq!(insure(eur(50_000)), Some(eur(600)));
        // 12 ‰ of €333.33 is €3.99996: rounded to the cent.
        assert_eq!(insure(eur(33_333)), Some(eur(400)));
        assert_eq!(insure(eur(-5_000)), Some(eur(300)));
        assert_eq!(
            insure(Money::new(50_000, Currency::new("USD").unwrap())),
            None
        );
        assert_eq!(
            add_on_price(service("bastion-economy"), AddOn::Insurance, eur(10_000)),
            Some(eur(200))
        );
    }

    #[test]
    fn add_on_rules() {
        for carrier in CARRIERS {
            for s in carrier.services {
                let offered = |add_on| add_on_price(s, add_on, eur(10_000)).is_some();
                assert!(offered(AddOn::GiftWrap), "{}", s.code);
                assert!(offered(AddOn::Insurance), "{}", s.code);
                if s.level == ServiceLevel::Economy {
                    assert!(!offered(AddOn::Signature), "{}", s.code);
                }
                assert_eq!(
                    offered(AddOn::SpecialPackaging),
                    s.code != "bastion-economy",
                    "{}",
                    s.code
                );
            }
        }
        let heron = service("heron-expedited");
        assert_eq!(
            add_on_price(heron, AddOn::Signature, eur(0)),
            Some(eur(350))
        );
        assert_eq!(
            add_on_price(heron, AddOn::SpecialPackaging, eur(0)),
            Some(eur(450))
        );
        assert_eq!(
            add_on_price(service("lantern-economy"), AddOn::GiftWrap, eur(0)),
            Some(eur(300))
        );
    }

    #[test]
    fn batteries_do_not_fly() {
        let battery = [Trait::LithiumBattery];
        let refused = Some(Refusal {
            product_trait: Trait::LithiumBattery,
            reason: RefusalReason::DangerousGoodsByAir,
        });
        assert_eq!(
            refusal(service("heron-standard"), &SPEAKER, &battery),
            refused
        );
        assert_eq!(
            refusal(service("lantern-standard"), &SPEAKER, &battery),
            refused
        );
        assert_eq!(
            refusal(service("bastion-standard"), &SPEAKER, &battery),
            None
        );
        assert_eq!(
            refusal(service("lantern-economy"), &SPEAKER, &battery),
            None
        );
        let json = serde_json::to_string(&refused).unwrap();
        assert_eq!(
            json,
            r#"{"trait":"lithium_battery","reason":"dangerous_goods_by_air"}"#
        );
    }

    #[test]
    fn liquids_and_alcohol_are_refused_by_some_services() {
        let sauce = [Trait::Food, Trait::Liquid, Trait::Fragile];
        let one = parcel(820, [110, 110, 260]);
        let two = parcel(1640, [260, 110, 220]);
        let heron = service("heron-standard");
        assert_eq!(refusal(heron, &one, &sauce), None);
        assert_eq!(
            refusal(heron, &two, &sauce),
            Some(Refusal {
                product_trait: Trait::Liquid,
                reason: RefusalReason::LiquidOverWeightLimit,
            })
        );
        assert_eq!(refusal(service("lantern-standard"), &two, &sauce), None);
        // The first refusing trait is named: Heron takes alcohol but not batteries, Bastion the
        // reverse.
        let both = [Trait::Fragile, Trait::Alcohol, Trait::LithiumBattery];
        assert_eq!(
            refusal(heron, &one, &both).map(|r| r.product_trait),
            Some(Trait::LithiumBattery)
        );
        assert_eq!(
            refusal(service("bastion-economy"), &one, &both),
            Some(Refusal {
                product_trait: Trait::Alcohol,
                reason: RefusalReason::CarrierPolicy,
            })
        );
    }

    fn codes(options: &[ServiceOption]) -> Vec<&str> {
        options.iter().map(|o| o.service_code.as_str()).collect()
    }

    #[test]
    fn unserved_lanes_have_no_options() {
        let now = at("2026-11-25", 9, 0);
        assert!(options("JP", "ZZ", &BOWL, &[], eur(4_000), now).is_empty());
        assert!(options("QQ", "US", &BOWL, &[], eur(4_000), now).is_empty());
        // Every carrier serves a regional lane with every service it has.
        assert_eq!(options("FR", "ES", &BOWL, &[], eur(4_000), now).len(), 7);
        // Across an ocean only Heron is expedited, and Bastion's road freight stays home.
        assert_eq!(
            codes(&options("JP", "US", &BOWL, &[], eur(4_000), now)),
            [
                "heron-standard",
                "heron-expedited",
                "bastion-economy",
                "lantern-economy",
                "lantern-standard"
            ]
        );
    }

    #[test]
    fn a_battery_crosses_oceans_only_by_surface() {
        let now = at("2026-11-25", 9, 0);
        let options = options(
            "JP",
            "US",
            &SPEAKER,
            &[Trait::LithiumBattery],
            eur(6_500),
            now,
        );
        assert_eq!(options.len(), 5);
        for option in &options {
            let available = matches!(option.offer, Offer::Available { .. });
            assert_eq!(
                available,
                option.mode == TransportMode::Surface,
                "{}",
                option.service_code
            );
        }
    }

    #[test]
    fn an_option_carries_price_window_and_add_ons() {
        let now = at("2026-11-25", 9, 0);
        let options = options("GB", "DE", &BOWL, &[Trait::Fragile], eur(4_000), now);
        let bastion = options
            .iter()
            .find(|o| o.service_code == "bastion-economy")
            .unwrap();
        assert_eq!(bastion.carrier_code, "bastion");
        assert_eq!(bastion.carrier_name, "Bastion Post & Freight");
        assert_eq!(bastion.level, ServiceLevel::Economy);
        // Before Bastion's 11:00 cut-off: ships Wednesday, regional is 5–8 business days.
        assert_eq!(
            bastion.offer,
            Offer::Available {
                price: eur(790 + 2 * 160),
                chargeable_weight_g: 1000,
                window: window("2026-12-02", "2026-12-07").unwrap(),
                add_ons: vec![
                    AddOnOffer {
                        add_on: AddOn::Insurance,
                        price: eur(200),
                    },
                    AddOnOffer {
                        add_on: AddOn::GiftWrap,
                        price: eur(250),
                    },
                ],
            }
        );
        let json = serde_json::to_value(bastion).unwrap();
        assert_eq!(json["offer"]["status"], "available");
        assert_eq!(json["offer"]["window"]["earliest"], "2026-12-02");
        assert_eq!(json["offer"]["add_ons"][0]["add_on"], "insurance");
        assert_eq!(json["mode"], "surface");
        let back: ServiceOption = serde_json::from_value(json).unwrap();
        assert_eq!(&back, bastion);
    }

    #[test]
    fn service_table_is_consistent() {
        let mut seen = Vec::new();
        for carrier in CARRIERS {
            let levels: Vec<_> = carrier.services.iter().map(|s| s.level).collect();
            assert!(levels.is_sorted(), "{}", carrier.code);
            for s in carrier.services {
                let level = serde_json::to_value(s.level).unwrap();
                let code = format!("{}-{}", carrier.code, level.as_str().unwrap());
                assert_eq!(s.code, code);
                assert!(!seen.contains(&s.code), "{} twice", s.code);
                seen.push(s.code);
                assert!(s.cutoff_hour_utc < 24, "{}", s.code);
                for (_, lane) in s.lanes {
                    assert!(lane.min_days >= 1 && lane.min_days <= lane.max_days);
                }
                // Economy on long lanes is surface, as the checkout promises.
                if s.level == ServiceLevel::Economy && s.lane(Zone::Intercontinental).is_some() {
                    assert_eq!(s.mode, TransportMode::Surface, "{}", s.code);
                }
            }
        }
        assert_eq!(find_service("lantern-standard").unwrap().0.code, "lantern");
        assert_eq!(find_service("heron-economy"), None);
    }

    fn any_service() -> impl Strategy<Value = &'static Service> {
        let all: Vec<&'static Service> = CARRIERS.iter().flat_map(|c| c.services).collect();
        proptest::sample::select(all)
    }

    fn any_zone() -> impl Strategy<Value = Zone> {
        prop_oneof![
            Just(Zone::Domestic),
            Just(Zone::Regional),
            Just(Zone::Intercontinental)
        ]
    }

    fn any_parcel() -> impl Strategy<Value = Parcel> {
        (0u32..100_000, [0u32..2_000, 0u32..2_000, 0u32..2_000])
            .prop_map(|(weight_g, sides)| parcel(weight_g, sides))
    }

    proptest! {
        #[test]
        fn price_never_decreases_as_weight_grows(
            service in any_service(),
            zone in any_zone(),
            light in any_parcel(),
            extra_g in 0u32..50_000,
        ) {
            let heavy = Parcel { weight_g: light.weight_g + extra_g, ..light };
            match (price(service, zone, &light), price(service, zone, &heavy)) {
                (Some(a), Some(b)) => prop_assert!(a.amount_minor <= b.amount_minor),
                (a, b) => prop_assert!(a.is_none() && b.is_none()),
            }
        }

        #[test]
        fn chargeable_weight_is_never_below_actual_or_volumetric(
            parcel in any_parcel(),
            air in any::<bool>(),
        ) {
            let mode = if air { TransportMode::Air } else { TransportMode::Surface };
            let chargeable = parcel.chargeable_weight_g(mode);
            prop_assert!(chargeable >= u64::from(parcel.weight_g));
            prop_assert!(chargeable >= parcel.volumetric_weight_g(mode));
            prop_assert!(chargeable > 0 && chargeable % WEIGHT_STEP_G == 0);
            prop_assert!(chargeable < u64::from(parcel.weight_g).max(parcel.volumetric_weight_g(mode)) + WEIGHT_STEP_G);
        }

        #[test]
        fn windows_are_ordered_and_on_business_days(
            service in any_service(),
            zone in any_zone(),
            seconds in 0i64..4_000_000_000,
        ) {
            let ordered_at = Timestamp(seconds);
            if let Some(DeliveryWindow { earliest, latest }) =
                delivery_window(service, zone, ordered_at)
            {
                prop_assert!(earliest <= latest);
                prop_assert!(earliest > ordered_at.utc_date());
                prop_assert!(!earliest.weekday().is_weekend());
                prop_assert!(!latest.weekday().is_weekend());
            }
        }
    }
}

/// A carrier and its services with their buyer ratings, as `GET /api/carriers` lists them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CarrierSummary {
    /// The carrier's code.
    pub code: String,
    /// The carrier's name.
    pub name: String,
    /// Its services.
    pub services: Vec<ServiceSummary>,
}

/// One service of a [`CarrierSummary`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceSummary {
    /// The service's code.
    pub code: String,
    /// How fast.
    pub level: ServiceLevel,
    /// Air or surface.
    pub mode: TransportMode,
    /// What earlier buyers made of it.
    pub rating: crate::servqual::ServiceRating,
}
