//! The seed data written into an empty database (see [`crate::seed`]).

use crate::seed;
use crate::store::{Conn, Connected, Store, on_conn};

/// Inserts the seed catalog in one transaction when the database has no sellers yet; under the
/// write lock, so of servers starting together one seeds and the others find it done.
pub async fn seed_if_empty(store: &Store) -> Result<(), sqlx::Error> {
    let mut tx = store.begin_write().await?;
    on_conn!(&mut tx, |db| {
        let (sellers,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM sellers")
            .fetch_one(&mut *db)
            .await?;
        if sellers > 0 {
            return Ok(());
        }
        for (currency, rate_micros) in seed::rates::RATES {
            sqlx::query(
            "INSERT INTO exchange_rates (as_of, base, currency, rate_micros) VALUES ($1, $2, $3, $4)",
        )
        .bind(seed::rates::AS_OF)
        .bind(seed::rates::BASE)
        .bind(currency)
        .bind(rate_micros)
        .execute(&mut *db)
        .await?;
        }
        for response in seed::feedback::responses() {
            let submission = serde_json::to_string(&response.submission)
                .map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
            sqlx::query(
                "INSERT INTO feedback (carrier, service, seller, submitted_on, submission)
             VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(response.carrier)
            .bind(response.service)
            .bind(response.seller)
            .bind(response.submitted_on.to_string())
            .bind(submission)
            .execute(&mut *db)
            .await?;
        }
        for seller in seed::SELLERS {
            sqlx::query(
            "INSERT INTO sellers (slug, name, country, currency, city) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(seller.slug)
        .bind(seller.name)
        .bind(seller.country)
        .bind(seller.currency)
        .bind(seller.city)
        .execute(&mut *db)
        .await?;
        }
        for (position, product) in seed::products().enumerate() {
            let [length, width, height] = product.size_mm;
            let (product_id,): (i64,) = sqlx::query_as(
                "INSERT INTO products (slug, seller_id, category, hs_code, image, weight_g,
                                   length_mm, width_mm, height_mm, featured, position)
             SELECT $1, id, $2, $3, $4, $5, $6, $7, $8, $9, $10 FROM sellers WHERE slug = $11
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
            .fetch_one(&mut *db)
            .await?;
            for t in product.traits {
                sqlx::query("INSERT INTO product_traits (product_id, trait) VALUES ($1, $2)")
                    .bind(product_id)
                    .bind(crate::stored::key(t))
                    .execute(&mut *db)
                    .await?;
            }
            for text in product.texts {
                sqlx::query(
                    "INSERT INTO product_translations (product_id, lang, name, description)
                 VALUES ($1, $2, $3, $4)",
                )
                .bind(product_id)
                .bind(text.lang)
                .bind(text.name)
                .bind(text.description)
                .execute(&mut *db)
                .await?;
            }
            let standard = [seed::Variant {
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
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
                )
                .bind(product_id)
                .bind(variant.key)
                .bind(variant.price_minor)
                .bind(variant.stock)
                .bind(position as i64)
                .fetch_one(&mut *db)
                .await?;
                for (lang, label) in variant.labels {
                    sqlx::query(
                        "INSERT INTO variant_labels (variant_id, lang, label) VALUES ($1, $2, $3)",
                    )
                    .bind(variant_id)
                    .bind(lang)
                    .bind(label)
                    .execute(&mut *db)
                    .await?;
                }
            }
        }
        Ok::<_, sqlx::Error>(())
    })?;
    tx.commit().await
}

/// Adds `products` to the catalog in one transaction, after every product there, in that order.
/// The search index does not see them until it is rebuilt.
pub async fn insert_generated(
    store: &Store,
    products: &[seed::generated::Generated],
) -> Result<(), sqlx::Error> {
    use serde_json::json;
    let mut tx = store.begin_write().await?;
    let (last_id, last_position): (i64, i64) = on_conn!(&mut tx, |db| {
        sqlx::query_as(
        "SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT), CAST(COALESCE(MAX(position), 0) AS BIGINT)
         FROM products"
    )
    .fetch_one(&mut *db)
    .await
    })?;
    // Each table's rows travel as one JSON array of arrays, which both engines take apart.
    let mut rows = Vec::with_capacity(products.len());
    let mut traits = Vec::new();
    let mut texts = Vec::with_capacity(products.len() * 7);
    let mut variants = Vec::with_capacity(products.len());
    for (offset, product) in (1..).zip(products) {
        let id = last_id + offset;
        let [length, width, height] = product.size_mm;
        rows.push(json!([
            id,
            product.slug,
            product.seller,
            product.category,
            product.hs_code,
            product.image,
            product.weight_g,
            length,
            width,
            height,
            last_position + offset
        ]));
        for t in product.traits {
            traits.push(json!([id, crate::stored::key(t)]));
        }
        for (lang, name, description) in &product.texts {
            texts.push(json!([id, lang, name, description]));
        }
        variants.push(json!([id, "standard", product.price_minor, product.stock]));
    }
    let statements = [
        (
            "INSERT INTO products (id, slug, seller_id, category, hs_code, image, weight_g,
                                   length_mm, width_mm, height_mm, featured, position)
             SELECT r ->> 0, r ->> 1, (SELECT id FROM sellers WHERE slug = r ->> 2), r ->> 3,
                    r ->> 4, r ->> 5, r ->> 6, r ->> 7, r ->> 8, r ->> 9, FALSE, r ->> 10",
            "INSERT INTO products (id, slug, seller_id, category, hs_code, image, weight_g,
                                   length_mm, width_mm, height_mm, featured, position)
             SELECT (r ->> 0)::bigint, r ->> 1, (SELECT id FROM sellers WHERE slug = r ->> 2),
                    r ->> 3, r ->> 4, r ->> 5, (r ->> 6)::bigint, (r ->> 7)::bigint,
                    (r ->> 8)::bigint, (r ->> 9)::bigint, FALSE, (r ->> 10)::bigint",
            rows,
        ),
        (
            "INSERT INTO product_traits (product_id, trait) SELECT r ->> 0, r ->> 1",
            "INSERT INTO product_traits (product_id, trait) SELECT (r ->> 0)::bigint, r ->> 1",
            traits,
        ),
        (
            "INSERT INTO product_translations (product_id, lang, name, description)
             SELECT r ->> 0, r ->> 1, r ->> 2, r ->> 3",
            "INSERT INTO product_translations (product_id, lang, name, description)
             SELECT (r ->> 0)::bigint, r ->> 1, r ->> 2, r ->> 3",
            texts,
        ),
        (
            "INSERT INTO variants (product_id, key, price_minor, stock, position)
             SELECT r ->> 0, r ->> 1, r ->> 2, r ->> 3, 0",
            "INSERT INTO variants (product_id, key, price_minor, stock, position)
             SELECT (r ->> 0)::bigint, r ->> 1, (r ->> 2)::bigint, (r ->> 3)::bigint, 0",
            variants,
        ),
    ];
    for (sqlite, postgres, rows) in statements {
        if rows.is_empty() {
            continue;
        }
        let rows = serde_json::Value::Array(rows).to_string();
        match tx.conn() {
            Conn::Sqlite(db) => {
                let sql = format!("{sqlite} FROM (SELECT value AS r FROM json_each($1))");
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(rows)
                    .execute(&mut *db)
                    .await?;
            }
            Conn::Postgres(db) => {
                let sql = format!("{postgres} FROM jsonb_array_elements($1::jsonb) AS r");
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(rows)
                    .execute(&mut *db)
                    .await?;
            }
        }
    }
    if let Conn::Postgres(db) = tx.conn() {
        // The ids were given here: the identity must continue after them.
        sqlx::query(
            "SELECT setval(pg_get_serial_sequence('products', 'id'), MAX(id)) FROM products",
        )
        .execute(&mut *db)
        .await?;
    }
    tx.commit().await
}
