//! `GET /api/products`.

use gloo_net::http::Request;
use storefront_domain::product::ProductPage;

use super::{ApiError, fetch_json};

/// The featured products, with texts in `lang`.
pub async fn featured(lang: &str) -> Result<ProductPage, ApiError> {
    let request = Request::get("/api/products")
        .query([("lang", lang), ("featured", "true")])
        .header("Accept", "application/json")
        .build()
        .map_err(|_| ApiError::Unexpected { status: 0 })?;
    fetch_json(request).await
}
