//! Sellers, products, their translations and variants, and stock.

use crate::store::{Engine, Store, Tx, on_conn, on_pool};

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

/// How many products the catalog has.
pub async fn count(store: &Store) -> Result<u64, sqlx::Error> {
    let (count,): (i64,) = on_pool!(store, |db| sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM products"
    )
    .fetch_one(db)
    .await)?;
    Ok(u64::try_from(count).unwrap_or(0))
}

/// Every seller's (slug, name), in the order they joined.
pub async fn sellers(store: &Store) -> Result<Vec<(String, String)>, sqlx::Error> {
    on_pool!(store, |db| sqlx::query_as(
        "SELECT slug, name FROM sellers ORDER BY id"
    )
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

/// A seller's facts, as listings read them.
#[derive(sqlx::FromRow)]
pub struct SellerFactsRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub country: String,
    pub currency: String,
}

/// Every seller, in the order they joined.
pub async fn sellers_facts(store: &Store) -> Result<Vec<SellerFactsRow>, sqlx::Error> {
    on_pool!(store, |db| sqlx::query_as(
        "SELECT id, slug, name, country, currency FROM sellers ORDER BY id"
    )
    .fetch_all(db)
    .await)
}

/// One product's facts without its texts, as listings filter and sort on them.
#[derive(sqlx::FromRow)]
pub struct FactsRow {
    pub id: i64,
    pub seller_id: i64,
    pub category: String,
    /// The cheapest variant's price; `None` for a product without variants.
    pub price_minor: Option<i64>,
    pub featured: bool,
    /// Trait keys, comma-separated.
    pub traits: Option<String>,
    pub weight_g: i64,
    pub length_mm: i64,
    pub width_mm: i64,
    pub height_mm: i64,
}

/// Every product's facts, in catalog order.
pub async fn listing_facts(store: &Store) -> Result<Vec<FactsRow>, sqlx::Error> {
    on_pool!(store, |db| sqlx::query_as(
        "SELECT p.id, p.seller_id, p.category, p.featured, v.price_minor, pt.traits,
                p.weight_g, p.length_mm, p.width_mm, p.height_mm
         FROM products p
         LEFT JOIN (SELECT product_id, MIN(price_minor) AS price_minor
                    FROM variants GROUP BY product_id) v ON v.product_id = p.id
         LEFT JOIN (SELECT product_id, GROUP_CONCAT(trait, ',') AS traits
                    FROM product_traits GROUP BY product_id) pt ON pt.product_id = p.id
         ORDER BY p.position, p.id",
    )
    .fetch_all(db)
    .await)
}

/// Every product's (id, name in `lang` or English).
pub async fn names(store: &Store, lang: &str) -> Result<Vec<(i64, String)>, sqlx::Error> {
    on_pool!(store, |db| sqlx::query_as(
        "SELECT en.product_id, COALESCE(t.name, en.name)
         FROM product_translations en
         LEFT JOIN product_translations t ON t.product_id = en.product_id AND t.lang = $1
         WHERE en.lang = 'en'",
    )
    .bind(lang)
    .fetch_all(db)
    .await)
}

/// One product of a listing's page, with what changes or is in a language.
#[derive(sqlx::FromRow)]
pub struct PageRow {
    pub id: i64,
    pub slug: String,
    /// In the language asked for, or English.
    pub name: String,
    pub image: String,
    /// Of all its variants, now.
    pub stock: i64,
}

/// Products `ids` (a page of a listing, in any order), texts in `lang` where they exist.
pub async fn page(store: &Store, lang: &str, ids: &[i64]) -> Result<Vec<PageRow>, sqlx::Error> {
    const COLUMNS: &str = "SELECT p.id, p.slug, COALESCE(t.name, en.name) AS name, p.image,
                CAST((SELECT SUM(stock) FROM variants v WHERE v.product_id = p.id) AS BIGINT)
                  AS stock
         FROM products p
         JOIN product_translations en ON en.product_id = p.id AND en.lang = 'en'
         LEFT JOIN product_translations t ON t.product_id = p.id AND t.lang = $1";
    match &store.engine {
        // SQLite has no arrays: the ids travel as a JSON array.
        Engine::Sqlite(db) => {
            let ids = serde_json::to_string(ids).map_err(|e| sqlx::Error::Encode(e.into()))?;
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "{COLUMNS} WHERE p.id IN (SELECT value FROM json_each($2))"
            )))
            .bind(lang)
            .bind(ids)
            .fetch_all(db)
            .await
        }
        Engine::Postgres(db) => {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "{COLUMNS} WHERE p.id = ANY($2)"
            )))
            .bind(lang)
            .bind(ids)
            .fetch_all(db)
            .await
        }
    }
}
