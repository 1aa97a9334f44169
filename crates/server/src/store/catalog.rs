//! Sellers, products, their translations and variants, and stock.

use crate::store::{Store, Tx, on_conn, on_pool};

/// One product as a listing reads it (cached; see `Caches::listing`): the lowest variant price
/// and the stock of all variants.
#[derive(sqlx::FromRow)]
pub struct ListingRow {
    pub slug: String,
    /// In the language asked for, or English.
    pub name: String,
    pub english_name: String,
    pub description: String,
    pub seller_name: String,
    pub seller_country: String,
    pub category: String,
    pub price_minor: i64,
    pub currency: String,
    pub image: String,
    pub stock: i64,
    pub featured: bool,
    /// Trait keys, comma-separated.
    pub traits: Option<String>,
}

/// One product's own facts, texts in the language asked for or English.
#[derive(sqlx::FromRow)]
pub struct ProductRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub category: String,
    pub image: String,
    pub seller_name: String,
    pub seller_country: String,
    pub seller_city: String,
    pub currency: String,
    /// Trait keys, comma-separated.
    pub traits: Option<String>,
}

/// One variant of a product as its page shows it.
#[derive(sqlx::FromRow)]
pub struct VariantRow {
    pub key: String,
    /// In the language asked for, or English; `None` for a product's only variant.
    pub label: Option<String>,
    pub price_minor: i64,
    pub stock: i64,
}

/// One buyable variant with its seller and shipping facts, as quotes and orders read it.
#[derive(sqlx::FromRow)]
pub struct BuyableRow {
    pub variant_id: i64,
    pub slug: String,
    pub name: String,
    pub variant: String,
    pub seller: String,
    pub seller_name: String,
    pub origin: String,
    pub currency: String,
    pub hs_code: String,
    pub price_minor: i64,
    pub stock: i64,
    pub weight_g: i64,
    pub length_mm: i64,
    pub width_mm: i64,
    pub height_mm: i64,
    /// Trait keys, comma-separated.
    pub traits: Option<String>,
}

/// Every seller's (slug, name), in the order they joined.
pub async fn sellers(store: &Store) -> Result<Vec<(String, String)>, sqlx::Error> {
    on_pool!(store, |db| sqlx::query_as(
        "SELECT slug, name FROM sellers ORDER BY id"
    )
    .fetch_all(db)
    .await)
}

/// The catalog in the seller's order, texts in `lang` where they exist, only `category` when
/// given.
pub async fn listing(
    store: &Store,
    lang: &str,
    category: Option<&str>,
) -> Result<Vec<ListingRow>, sqlx::Error> {
    on_pool!(store, |db| sqlx::query_as(
        "SELECT p.slug, COALESCE(t.name, en.name) AS name, en.name AS english_name,
                COALESCE(t.description, en.description) AS description,
                s.name AS seller_name, s.country AS seller_country,
                p.category, v.price_minor, s.currency, p.image, v.stock, p.featured,
                (SELECT GROUP_CONCAT(trait, ',') FROM product_traits pt
                 WHERE pt.product_id = p.id) AS traits
         FROM products p
         JOIN sellers s ON s.id = p.seller_id
         JOIN (SELECT product_id, MIN(price_minor) AS price_minor,
                      CAST(SUM(stock) AS BIGINT) AS stock
               FROM variants GROUP BY product_id) v ON v.product_id = p.id
         JOIN product_translations en ON en.product_id = p.id AND en.lang = 'en'
         LEFT JOIN product_translations t ON t.product_id = p.id AND t.lang = $1
         WHERE $2 IS NULL OR p.category = $2
         ORDER BY p.position, p.id",
    )
    .bind(lang)
    .bind(category)
    .fetch_all(db)
    .await)
}

/// Product `slug`, texts in `lang` where they exist; `None` when there is no such product.
pub async fn product(
    store: &Store,
    lang: &str,
    slug: &str,
) -> Result<Option<ProductRow>, sqlx::Error> {
    on_pool!(store, |db| sqlx::query_as(
        "SELECT p.id, p.slug, COALESCE(t.name, en.name) AS name,
                COALESCE(t.description, en.description) AS description,
                p.category, p.image, s.name AS seller_name, s.country AS seller_country,
                s.city AS seller_city, s.currency,
                (SELECT GROUP_CONCAT(trait, ',') FROM product_traits pt
                 WHERE pt.product_id = p.id) AS traits
         FROM products p
         JOIN sellers s ON s.id = p.seller_id
         JOIN product_translations en ON en.product_id = p.id AND en.lang = 'en'
         LEFT JOIN product_translations t ON t.product_id = p.id AND t.lang = $1
         WHERE p.slug = $2",
    )
    .bind(lang)
    .bind(slug)
    .fetch_optional(db)
    .await)
}

/// The variants of product `product_id` ([`ProductRow::id`]) in the seller's order, labelled
/// in `lang` where a label exists.
pub async fn variants(
    store: &Store,
    lang: &str,
    product_id: i64,
) -> Result<Vec<VariantRow>, sqlx::Error> {
    on_pool!(store, |db| sqlx::query_as(
        "SELECT v.key, COALESCE(l.label, en.label) AS label, v.price_minor, v.stock
         FROM variants v
         LEFT JOIN variant_labels en ON en.variant_id = v.id AND en.lang = 'en'
         LEFT JOIN variant_labels l ON l.variant_id = v.id AND l.lang = $1
         WHERE v.product_id = $2
         ORDER BY v.position",
    )
    .bind(lang)
    .bind(product_id)
    .fetch_all(db)
    .await)
}

/// Every buyable variant, named in `lang` (English where a name is missing), by product slug
/// and then in the seller's order.
pub async fn buyable(store: &Store, lang: &str) -> Result<Vec<BuyableRow>, sqlx::Error> {
    on_pool!(store, |db| sqlx::query_as(
        "SELECT v.id AS variant_id, p.slug, COALESCE(t.name, en.name) AS name,
                v.key AS variant, s.slug AS seller,
                s.name AS seller_name, s.country AS origin, s.currency, p.hs_code,
                v.price_minor, v.stock, p.weight_g, p.length_mm, p.width_mm, p.height_mm,
                (SELECT GROUP_CONCAT(trait, ',') FROM product_traits pt
                 WHERE pt.product_id = p.id) AS traits
         FROM products p
         JOIN sellers s ON s.id = p.seller_id
         JOIN variants v ON v.product_id = p.id
         JOIN product_translations en ON en.product_id = p.id AND en.lang = 'en'
         LEFT JOIN product_translations t ON t.product_id = p.id AND t.lang = $1
         ORDER BY p.slug, v.position",
    )
    .bind(lang)
    .fetch_all(db)
    .await)
}

/// Takes `quantity` units of variant `variant` of product `product` out of stock, if that many
/// are left; whether it did. Atomic: two orders for the last unit cannot both get it.
pub async fn reserve(
    tx: &mut Tx,
    product: &str,
    variant: &str,
    quantity: u32,
) -> Result<bool, sqlx::Error> {
    let reserved = on_conn!(tx, |db| sqlx::query(
        "UPDATE variants SET stock = stock - $1
         WHERE key = $2 AND stock >= $1
           AND product_id = (SELECT id FROM products WHERE slug = $3)",
    )
    .bind(i64::from(quantity))
    .bind(variant)
    .bind(product)
    .execute(&mut *db)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(reserved == 1)
}
