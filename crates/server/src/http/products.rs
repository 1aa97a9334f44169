//! `GET /api/products`: the localized catalog, a page at a time.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use storefront_domain::product::{PAGE_SIZE, ProductPage, ProductSummary, SellerRef};
use storefront_domain::{Currency, Money};

use super::Query;
use crate::AppState;
use crate::error::AppError;

pub fn router() -> Router<AppState> {
    Router::new().route("/products", get(list))
}

/// Query parameters, kept as text so each bad value is reported with its field's name.
#[derive(Deserialize)]
struct ListParams {
    lang: Option<String>,
    page: Option<String>,
}

#[derive(sqlx::FromRow)]
struct Row {
    slug: String,
    name: String,
    seller_name: String,
    seller_country: String,
    category: String,
    price_minor: i64,
    currency: String,
    image: String,
    stock: i64,
}

async fn list(
    State(state): State<AppState>,
    Query(params): Query<ListParams>,
) -> Result<Json<ProductPage>, AppError> {
    let lang = parse_lang(params.lang.as_deref())?;
    let page = parse_page(params.page.as_deref())?;
    let offset = i64::from(page - 1) * i64::from(PAGE_SIZE);

    let (total,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM products")
        .fetch_one(&state.db)
        .await?;
    // Texts in the buyer's language where they exist, English otherwise.
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT p.slug, COALESCE(t.name, en.name) AS name,
                s.name AS seller_name, s.country AS seller_country,
                p.category, v.price_minor, s.currency, p.image, v.stock
         FROM products p
         JOIN sellers s ON s.id = p.seller_id
         -- A listing shows the lowest variant price and the stock of all variants.
         JOIN (SELECT product_id, MIN(price_minor) AS price_minor, SUM(stock) AS stock
               FROM variants GROUP BY product_id) v ON v.product_id = p.id
         JOIN product_translations en ON en.product_id = p.id AND en.lang = 'en'
         LEFT JOIN product_translations t ON t.product_id = p.id AND t.lang = ?
         ORDER BY p.position, p.id
         LIMIT ? OFFSET ?",
    )
    .bind(lang)
    .bind(i64::from(PAGE_SIZE))
    .bind(offset)
    .fetch_all(&state.db)
    .await?;

    let items = rows
        .into_iter()
        .map(summary)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Json(ProductPage {
        items,
        page,
        per_page: PAGE_SIZE,
        total: u32::try_from(total).unwrap_or(u32::MAX),
    }))
}

fn summary(row: Row) -> Result<ProductSummary, AppError> {
    // The schema's CHECK constraints make these conversions infallible for seeded data; a row
    // that breaks them is a corrupt database, reported as an internal error.
    let currency = Currency::new(&row.currency)
        .map_err(|e| AppError::Database(sqlx::Error::Decode(Box::new(e))))?;
    Ok(ProductSummary {
        slug: row.slug,
        name: row.name,
        seller: SellerRef {
            name: row.seller_name,
            country: row.seller_country,
        },
        category: row.category,
        price: Money::new(row.price_minor, currency),
        image: row.image,
        stock: u32::try_from(row.stock).unwrap_or(0),
    })
}

/// A BCP 47 primary language subtag (`en`, `de`, `ar`); English when absent.
fn parse_lang(raw: Option<&str>) -> Result<&str, AppError> {
    match raw {
        None | Some("") => Ok("en"),
        Some(lang)
            if (2..=3).contains(&lang.len()) && lang.bytes().all(|b| b.is_ascii_lowercase()) =>
        {
            Ok(lang)
        }
        Some(_) => Err(AppError::invalid(
            "lang",
            "must be a language code of 2 or 3 lowercase letters, such as en or ar",
        )),
    }
}

/// A page number from 1; the first page when absent.
fn parse_page(raw: Option<&str>) -> Result<u32, AppError> {
    match raw {
        None | Some("") => Ok(1),
        Some(text) => text
            .parse::<u32>()
            .ok()
            .filter(|page| (1..=100_000).contains(page))
            .ok_or_else(|| AppError::invalid("page", "must be a whole number from 1 to 100000")),
    }
}
