//! The catalog as the app sees it: localized product summaries, a page at a time.

use serde::{Deserialize, Serialize};

use crate::Money;
use crate::date::Date;
use crate::landed_cost::ImportRestriction;

/// A property of a product that import and transport rules care about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Trait {
    /// Contains a lithium battery: restricted on air services.
    LithiumBattery,
    /// Food for people: some destinations restrict or ban it.
    Food,
    /// A liquid (oils, syrups, perfume): restricted on some lanes.
    Liquid,
    /// Breaks easily: special packaging is recommended.
    Fragile,
    /// Seeds, plants or untreated wood: strict biosecurity destinations refuse them.
    PlantMaterial,
    /// Alcohol in any amount.
    Alcohol,
    /// A blade longer than a pocket knife's.
    Blade,
}

/// How many products one catalog page holds.
pub const PAGE_SIZE: u32 = 24;

/// One product in a listing, in the buyer's language where a translation exists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductSummary {
    /// Stable URL key, such as `matcha-bowl`.
    pub slug: String,
    /// Product name in the requested language, or English when it has no translation.
    pub name: String,
    /// Who makes and ships it.
    pub seller: SellerRef,
    /// Catalog category key (`kitchen`, `home`, ...); the app localizes it.
    pub category: String,
    /// Price in the seller's currency.
    pub price: Money,
    /// Path of the product image, relative to the site root.
    pub image: String,
    /// Units available now.
    pub stock: u32,
    /// The price in the currency the request asked for, converted at the published rates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_price: Option<Money>,
    /// Why the product cannot be shipped to the country the request named, if it cannot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restriction: Option<ImportRestriction>,
    /// The parts of `name` a search matched, in order, to highlight; empty without a search.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub name_matches: Vec<TextRange>,
}

/// A part of a text: byte offsets into its UTF-8, on character boundaries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TextRange {
    /// Where it starts.
    pub start: u32,
    /// Where it ends (exclusive).
    pub end: u32,
}

/// The seller of a product, as a listing shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SellerRef {
    /// The seller's shop name.
    pub name: String,
    /// ISO 3166-1 alpha-2 code of the country the seller ships from.
    pub country: String,
}

/// A page of the catalog.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductPage {
    /// The products on this page, in catalog order.
    pub items: Vec<ProductSummary>,
    /// This page's number, from 1.
    pub page: u32,
    /// Products per page.
    pub per_page: u32,
    /// Products in the whole listing.
    pub total: u32,
    /// How many products each filter's values would leave.
    #[serde(default)]
    pub facets: Facets,
    /// Whether no product had every word searched for, so these have some of them (most
    /// first).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub partial: bool,
    /// When a search found nothing: a query close to it that finds something.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub did_you_mean: Option<String>,
    /// The date of the exchange rates behind `local_price`, when prices were converted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rates_as_of: Option<Date>,
}

/// How many of a listing's products each value of a filter would leave, with the other filters
/// as they are: what a filter offers, and how much choosing it narrows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Facets {
    /// Categories, in [`CATEGORIES`] order, with products.
    pub categories: Vec<FacetCount>,
    /// Sellers (by slug, labelled with their name), in the order they joined, with products.
    pub makers: Vec<FacetCount>,
    /// Countries goods ship from (ISO 3166-1 alpha-2), alphabetical by code, with products.
    pub origins: Vec<FacetCount>,
    /// With `country`: products that may be imported there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ships_to: Option<u32>,
    /// With `country`: products a carrier takes there with duties and taxes paid at checkout,
    /// so nothing is due at the door.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ddp: Option<u32>,
    /// With `country`: the days the fastest carriers expect to deliver by, earliest first,
    /// each with how many products arrive by then if ordered now.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub arrives_by: Vec<DateCount>,
}

/// A filter value and how many products it leaves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FacetCount {
    /// What the filter's parameter takes.
    pub key: String,
    /// Its name, where the key is not one the app can name itself (a seller's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Products it leaves.
    pub count: u32,
}

/// A delivery day and how many products arrive by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DateCount {
    /// The day.
    pub date: Date,
    /// Products that arrive by it.
    pub count: u32,
}

/// One product with everything its page shows, in the buyer's language and currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductDetail {
    /// Stable URL key.
    pub slug: String,
    /// Name in the requested language, or English.
    pub name: String,
    /// Description in the requested language, or English.
    pub description: String,
    /// Catalog category key.
    pub category: String,
    /// Path of the product image.
    pub image: String,
    /// Who makes and ships it.
    pub seller: SellerRef,
    /// The seller's city.
    pub seller_city: String,
    /// What import and transport rules look at.
    pub traits: Vec<Trait>,
    /// The buyable versions, in the seller's order.
    pub variants: Vec<VariantDetail>,
    /// The date of the exchange rates behind the local prices, when converted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rates_as_of: Option<Date>,
    /// Why it cannot be shipped to the requested country, if it cannot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restriction: Option<ImportRestriction>,
    /// Delivery to the requested country for one unit, when a country was named and some service
    /// carries it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<DeliveryEstimate>,
}

/// One variant of a product.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VariantDetail {
    /// Stable key within the product (`standard` for products without options).
    pub key: String,
    /// The option's label in the requested language; `None` for a product without options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Price in the seller's currency.
    pub price: Money,
    /// Price in the requested currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_price: Option<Money>,
    /// Units available now.
    pub stock: u32,
}

/// The cheapest and the fastest way to get one unit to the buyer, with its duties estimate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeliveryEstimate {
    /// The lowest shipping price.
    pub cheapest: ServiceEstimate,
    /// The earliest latest-arrival date.
    pub fastest: ServiceEstimate,
}

/// One service's price, window and duties for a single unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceEstimate {
    /// The carrier's name.
    pub carrier_name: String,
    /// The service's code.
    pub service_code: String,
    /// How fast.
    pub level: crate::carrier::ServiceLevel,
    /// Shipping in the buyer's currency.
    pub shipping: Money,
    /// When it is likely to arrive.
    pub window: crate::carrier::DeliveryWindow,
    /// Duties and taxes if paid at checkout.
    pub duties: crate::quote::QuotedLandedCost,
}

/// The catalog categories, in the order the app lists them.
pub const CATEGORIES: [&str; 8] = [
    "kitchen",
    "home",
    "food",
    "electronics",
    "apparel",
    "beauty",
    "stationery",
    "toys",
];

/// How a catalog listing is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Featured products first, then the catalog order.
    #[default]
    Featured,
    /// Best match of the search first (without a search, as `featured`).
    Relevance,
    /// Cheapest first, compared in one currency.
    PriceAsc,
    /// Dearest first.
    PriceDesc,
    /// By name in the buyer's language.
    Name,
}

impl Sort {
    /// Parses the `sort` query value.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "featured" => Some(Self::Featured),
            "relevance" => Some(Self::Relevance),
            "price_asc" => Some(Self::PriceAsc),
            "price_desc" => Some(Self::PriceDesc),
            "name" => Some(Self::Name),
            _ => None,
        }
    }
}

impl ProductPage {
    /// How many pages the listing has (at least one, even when empty).
    pub fn page_count(&self) -> u32 {
        self.total.div_ceil(self.per_page.max(1)).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(total: u32) -> ProductPage {
        ProductPage {
            items: Vec::new(),
            page: 1,
            per_page: PAGE_SIZE,
            total,
            facets: Facets::default(),
            partial: false,
            did_you_mean: None,
            rates_as_of: None,
        }
    }

    #[test]
    fn sort_keys_round_trip() {
        for sort in [
            Sort::Featured,
            Sort::Relevance,
            Sort::PriceAsc,
            Sort::PriceDesc,
            Sort::Name,
        ] {
            let key = serde_json::to_value(sort).unwrap();
            assert_eq!(Sort::parse(key.as_str().unwrap()), Some(sort));
        }
        assert_eq!(Sort::parse("cheapest"), None);
    }

    #[test]
    fn page_count_rounds_up_and_is_never_zero() {
        assert_eq!(page(0).page_count(), 1);
        assert_eq!(page(24).page_count(), 1);
        assert_eq!(page(25).page_count(), 2);
    }
}
