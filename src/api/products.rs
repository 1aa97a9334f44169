//! `GET /api/products`.

use gloo_net::http::Request;
use storefront_domain::product::ProductPage;

use super::{ApiError, fetch_json};

/// One page of the catalog with texts in `lang`.
pub async fn list(lang: &str, page: u32) -> Result<ProductPage, ApiError> {
    let page = page.to_string();
    let request = Request::get("/api/products")
        .query([("lang", lang), ("page", page.as_str())])
        .header("Accept", "application/json")
        .build()
        .map_err(|_| ApiError::Unexpected { status: 0 })?;
    fetch_json(request).await
}
