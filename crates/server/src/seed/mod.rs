//! Seed data: the catalog a fresh database starts with, so the storefront looks like a real
//! cross-border shop on first start. Deterministic: the same rows on every machine.

mod catalog;
pub mod feedback;
pub mod generated;
pub mod rates;

use storefront_domain::product::Trait;

pub use catalog::{SELLERS, products};

/// A text in one language: (language, text).
pub type Label = (&'static str, &'static str);

/// A small seller.
pub struct Seller {
    pub slug: &'static str,
    pub name: &'static str,
    /// ISO 3166-1 alpha-2 code of the country it ships from.
    pub country: &'static str,
    /// ISO 4217 code its prices are in.
    pub currency: &'static str,
    pub city: &'static str,
}

/// A product's name and description in one language.
pub struct Text {
    pub lang: &'static str,
    pub name: &'static str,
    pub description: &'static str,
}

/// One buyable version of a product (a size, a colour).
pub struct Variant {
    /// Stable key within the product, e.g. `blue-m`.
    pub key: &'static str,
    /// Price in the seller's currency, minor units.
    pub price_minor: i64,
    pub stock: i64,
    /// The option's label per language (`Blue, M`).
    pub labels: &'static [Label],
}

/// A product. With no `variants` it has one, keyed `standard`, at `price_minor` and `stock`.
pub struct Product {
    pub slug: &'static str,
    /// The seller's slug.
    pub seller: &'static str,
    /// Catalog category key: kitchen, home, food, electronics, apparel, beauty, stationery, toys.
    pub category: &'static str,
    /// Harmonized System subheading, `NNNN.NN`.
    pub hs_code: &'static str,
    pub price_minor: i64,
    pub stock: i64,
    /// Packed weight in grams.
    pub weight_g: i64,
    /// Packed parcel length, width, height in millimetres.
    pub size_mm: [i64; 3],
    pub traits: &'static [Trait],
    pub featured: bool,
    /// Texts, English first, then de, fr, es, zh, ja, ar.
    pub texts: &'static [Text],
    pub variants: &'static [Variant],
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use storefront_domain::Currency;

    /// Languages every seeded text exists in; English first, the fallback.
    const LANGUAGES: [&str; 7] = ["en", "de", "fr", "es", "zh", "ja", "ar"];

    #[test]
    fn every_seller_currency_has_a_rate() {
        for seller in SELLERS {
            assert!(
                seller.currency == rates::BASE
                    || rates::RATES
                        .iter()
                        .any(|(code, _)| *code == seller.currency),
                "no rate for {}",
                seller.currency
            );
        }
        assert!(storefront_domain::date::Date::parse(rates::AS_OF).is_ok());
    }

    #[test]
    fn sellers_have_valid_codes_and_unique_slugs() {
        let mut slugs = HashSet::new();
        for seller in SELLERS {
            assert!(
                slugs.insert(seller.slug),
                "duplicate seller {}",
                seller.slug
            );
            assert!(Currency::new(seller.currency).is_ok(), "{}", seller.slug);
            assert_eq!(seller.country.len(), 2, "{}", seller.slug);
        }
    }

    #[test]
    fn products_are_complete_and_consistent() {
        let mut slugs = HashSet::new();
        for product in products() {
            let slug = product.slug;
            assert!(slugs.insert(slug), "duplicate product {slug}");
            assert!(
                SELLERS.iter().any(|s| s.slug == product.seller),
                "{slug}: unknown seller"
            );
            let langs: Vec<&str> = product.texts.iter().map(|t| t.lang).collect();
            assert_eq!(
                langs, LANGUAGES,
                "{slug}: a text in every language, English first"
            );
            for text in product.texts {
                assert!(
                    !text.name.is_empty() && !text.description.is_empty(),
                    "{slug}"
                );
            }
            let hs = product.hs_code.as_bytes();
            let well_formed = hs.len() == 7
                && hs[4] == b'.'
                && hs
                    .iter()
                    .enumerate()
                    .all(|(i, b)| i == 4 || b.is_ascii_digit());
            assert!(
                well_formed,
                "{slug}: HS code {} is not NNNN.NN",
                product.hs_code
            );
            assert!(
                product.weight_g > 0 && product.size_mm.iter().all(|d| *d > 0),
                "{slug}"
            );
            for variant in product.variants {
                assert!(
                    variant.price_minor >= 0 && variant.stock >= 0,
                    "{slug}/{}",
                    variant.key
                );
                let langs: Vec<&str> = variant.labels.iter().map(|l| l.0).collect();
                assert_eq!(
                    langs, LANGUAGES,
                    "{slug}/{}: a label in every language",
                    variant.key
                );
            }
            // The page's picture, and its PNG twin for link previews (which take no SVG).
            for extension in ["svg", "png"] {
                let image = format!("{}/{slug}.{extension}", images_folder());
                assert!(
                    std::path::Path::new(&image).is_file(),
                    "{slug}: no image at {image}"
                );
            }
        }
    }

    #[test]
    fn the_catalog_looks_like_a_real_cross_border_shop() {
        let products: Vec<&Product> = products().collect();
        assert!(products.len() >= 60, "{} products", products.len());
        assert!(SELLERS.len() >= 4);
        let origins: HashSet<&str> = SELLERS.iter().map(|s| s.country).collect();
        assert!(origins.len() >= 3);
        for needed in [Trait::LithiumBattery, Trait::Food, Trait::PlantMaterial] {
            assert!(
                products.iter().any(|p| p.traits.contains(&needed)),
                "no product with {needed:?}"
            );
        }
        for seller in SELLERS {
            assert!(
                products.iter().any(|p| p.seller == seller.slug),
                "{} sells nothing",
                seller.slug
            );
        }
    }

    #[test]
    fn every_image_belongs_to_a_product() {
        for entry in std::fs::read_dir(images_folder()).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            let slug = name
                .strip_suffix(".svg")
                .or_else(|| name.strip_suffix(".png"))
                .unwrap_or(&name);
            assert!(products().any(|p| p.slug == slug), "{name} has no product");
        }
    }

    /// Read at run time (`cargo test` sets it): a shared build cache may hold a test binary
    /// compiled in another checkout.
    fn images_folder() -> String {
        let crate_dir = std::env::var("CARGO_MANIFEST_DIR").expect("run by cargo test");
        format!("{crate_dir}/../../public/images/products")
    }
}
