//! Seed data: the catalog a fresh database starts with, so the storefront looks like a real
//! cross-border shop on first start. Deterministic: the same rows on every machine.

mod catalog;
mod feedback;
mod rates;

use sqlx::SqlitePool;
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

/// Inserts the seed catalog in one transaction when the database has no sellers yet.
pub async fn seed_if_empty(pool: &SqlitePool) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    let (sellers,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM sellers")
        .fetch_one(&mut *tx)
        .await?;
    if sellers > 0 {
        return Ok(());
    }
    for (currency, rate_micros) in rates::RATES {
        sqlx::query(
            "INSERT INTO exchange_rates (as_of, base, currency, rate_micros) VALUES (?, ?, ?, ?)",
        )
        .bind(rates::AS_OF)
        .bind(rates::BASE)
        .bind(currency)
        .bind(rate_micros)
        .execute(&mut *tx)
        .await?;
    }
    for response in feedback::responses() {
        let submission = serde_json::to_string(&response.submission)
            .map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        sqlx::query(
            "INSERT INTO feedback (carrier, service, seller, submitted_on, submission)
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(response.carrier)
        .bind(response.service)
        .bind(response.seller)
        .bind(response.submitted_on.to_string())
        .bind(submission)
        .execute(&mut *tx)
        .await?;
    }
    for seller in SELLERS {
        sqlx::query(
            "INSERT INTO sellers (slug, name, country, currency, city) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(seller.slug)
        .bind(seller.name)
        .bind(seller.country)
        .bind(seller.currency)
        .bind(seller.city)
        .execute(&mut *tx)
        .await?;
    }
    for (position, product) in products().enumerate() {
        let [length, width, height] = product.size_mm;
        let (product_id,): (i64,) = sqlx::query_as(
            "INSERT INTO products (slug, seller_id, category, hs_code, image, weight_g,
                                   length_mm, width_mm, height_mm, featured, position)
             SELECT ?, id, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM sellers WHERE slug = ?
             RETURNING id",
        )
        .bind(product.slug)
        .bind(product.category)
        .bind(product.hs_code)
        .bind(format!("/images/products/{}.svg", product.slug))
        .bind(product.weight_g)
        .bind(length)
        .bind(width)
        .bind(height)
        .bind(product.featured)
        .bind(position as i64)
        .bind(product.seller)
        .fetch_one(&mut *tx)
        .await?;
        for t in product.traits {
            sqlx::query("INSERT INTO product_traits (product_id, trait) VALUES (?, ?)")
                .bind(product_id)
                .bind(crate::stored::key(t))
                .execute(&mut *tx)
                .await?;
        }
        for text in product.texts {
            sqlx::query(
                "INSERT INTO product_translations (product_id, lang, name, description)
                 VALUES (?, ?, ?, ?)",
            )
            .bind(product_id)
            .bind(text.lang)
            .bind(text.name)
            .bind(text.description)
            .execute(&mut *tx)
            .await?;
        }
        let standard = [Variant {
            key: "standard",
            price_minor: product.price_minor,
            stock: product.stock,
            labels: &[],
        }];
        let variants = if product.variants.is_empty() {
            &standard[..]
        } else {
            product.variants
        };
        for (position, variant) in variants.iter().enumerate() {
            let (variant_id,): (i64,) = sqlx::query_as(
                "INSERT INTO variants (product_id, key, price_minor, stock, position)
                 VALUES (?, ?, ?, ?, ?) RETURNING id",
            )
            .bind(product_id)
            .bind(variant.key)
            .bind(variant.price_minor)
            .bind(variant.stock)
            .bind(position as i64)
            .fetch_one(&mut *tx)
            .await?;
            for (lang, label) in variant.labels {
                sqlx::query(
                    "INSERT INTO variant_labels (variant_id, lang, label) VALUES (?, ?, ?)",
                )
                .bind(variant_id)
                .bind(lang)
                .bind(label)
                .execute(&mut *tx)
                .await?;
            }
        }
    }
    tx.commit().await
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
