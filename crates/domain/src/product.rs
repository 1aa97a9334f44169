//! The catalog as the app sees it: localized product summaries, a page at a time.

use serde::{Deserialize, Serialize};

use crate::Money;

/// A property of a product that import and transport rules care about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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
}

/// The seller of a product, as a listing shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerRef {
    /// The seller's shop name.
    pub name: String,
    /// ISO 3166-1 alpha-2 code of the country the seller ships from.
    pub country: String,
}

/// A page of the catalog.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductPage {
    /// The products on this page, in catalog order.
    pub items: Vec<ProductSummary>,
    /// This page's number, from 1.
    pub page: u32,
    /// Products per page.
    pub per_page: u32,
    /// Products in the whole listing.
    pub total: u32,
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
        }
    }

    #[test]
    fn page_count_rounds_up_and_is_never_zero() {
        assert_eq!(page(0).page_count(), 1);
        assert_eq!(page(24).page_count(), 1);
        assert_eq!(page(25).page_count(), 2);
    }
}
