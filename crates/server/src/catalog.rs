//! Reading products as the quote and order logic needs them: price, stock, parcel and traits of
//! one variant, always from the server's own data.

use std::collections::HashMap;

use storefront_domain::carrier::Parcel;
use storefront_domain::product::Trait;
use storefront_domain::quote::ShipmentLine;
use storefront_domain::{Currency, Money};

use crate::error::AppError;
use crate::store::catalog::BuyableRow;
use crate::store::{self, Store};

/// One buyable variant with its seller and shipping facts.
#[derive(Clone, Debug)]
pub struct CatalogVariant {
    /// The variant's row id.
    pub variant_id: i64,
    /// The product's slug.
    pub slug: String,
    /// The product's name in the language asked for, or English.
    pub name: String,
    /// The variant's key within the product.
    pub variant: String,
    /// The seller's slug.
    pub seller: String,
    /// The seller's name.
    pub seller_name: String,
    /// The country it ships from.
    pub origin: String,
    /// Harmonized System code.
    pub hs_code: String,
    /// Price of one unit, in the seller's currency.
    pub unit_price: Money,
    /// Units available.
    pub stock: u32,
    /// One packed unit.
    pub parcel: Parcel,
    /// What import and transport rules look at.
    pub traits: Vec<Trait>,
}

impl CatalogVariant {
    /// The variant as a line of a shipment of `quantity` units.
    pub fn shipment_line(&self, quantity: u32) -> ShipmentLine {
        ShipmentLine {
            slug: self.slug.clone(),
            hs_code: self.hs_code.clone(),
            unit_price: self.unit_price,
            quantity,
            parcel: self.parcel,
            traits: self.traits.clone(),
        }
    }
}

/// Every buyable variant, named in one language, by product. Quotes read it on every
/// request, so it is loaded once and cached (see [`crate::Caches`]); stock in it may lag, and
/// placing an order checks stock again atomically.
pub struct Catalog {
    by_slug: HashMap<String, Vec<CatalogVariant>>,
}

impl Catalog {
    /// Every variant, named in `lang` (English where a name is missing), in the seller's order.
    pub async fn load(store: &Store, lang: &str) -> Result<Self, AppError> {
        let rows = store::catalog::buyable(store, lang).await?;
        let mut by_slug: HashMap<String, Vec<CatalogVariant>> = HashMap::new();
        for row in rows {
            let variant = from_row(row)?;
            by_slug
                .entry(variant.slug.clone())
                .or_default()
                .push(variant);
        }
        Ok(Self { by_slug })
    }

    /// Product `slug`'s variants in the seller's order; `None` when there is no such product.
    pub fn variants(&self, slug: &str) -> Option<&[CatalogVariant]> {
        self.by_slug.get(slug).map(Vec::as_slice)
    }

    /// Product `slug`'s cheapest variant (the first in the seller's order among equals).
    pub fn cheapest(&self, slug: &str) -> Option<&CatalogVariant> {
        self.variants(slug)?
            .iter()
            .min_by_key(|variant| variant.unit_price.amount_minor)
    }
}

fn from_row(row: BuyableRow) -> Result<CatalogVariant, AppError> {
    // CHECK constraints keep these in range; a row that breaks them is corrupt.
    let corrupt = |what: &str| AppError::Corrupt(format!("product {}: {what}", row.slug));
    let dimension =
        |value: i64| u32::try_from(value).map_err(|_| corrupt("dimension out of range"));
    Ok(CatalogVariant {
        variant_id: row.variant_id,
        unit_price: Money::new(
            row.price_minor,
            Currency::new(&row.currency).map_err(|_| corrupt("bad currency"))?,
        ),
        stock: u32::try_from(row.stock).map_err(|_| corrupt("negative stock"))?,
        parcel: Parcel {
            weight_g: dimension(row.weight_g)?,
            length_mm: dimension(row.length_mm)?,
            width_mm: dimension(row.width_mm)?,
            height_mm: dimension(row.height_mm)?,
        },
        traits: parse_traits(row.traits.as_deref())?,
        slug: row.slug,
        name: row.name,
        variant: row.variant,
        seller: row.seller,
        seller_name: row.seller_name,
        origin: row.origin,
        hs_code: row.hs_code,
    })
}

/// The traits stored as a comma-separated list of their keys.
pub fn parse_traits(keys: Option<&str>) -> Result<Vec<Trait>, AppError> {
    keys.unwrap_or_default()
        .split(',')
        .filter(|key| !key.is_empty())
        .map(crate::stored::parse)
        .collect()
}
