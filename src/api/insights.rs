//! `GET /api/seller/insights`: a seller's SERVQUAL insights, read with its seller key.

use gloo_net::http::Request;
use storefront_domain::servqual::SellerReport;

use super::{ApiError, fetch_json};

/// The insights of the seller whose key is `seller_key`.
pub async fn get(seller_key: &str) -> Result<SellerReport, ApiError> {
    let request = Request::get("/api/seller/insights")
        .header("Accept", "application/json")
        .header("X-Seller-Key", seller_key)
        .build()
        .map_err(|_| ApiError::Unexpected { status: 0 })?;
    fetch_json(request).await
}
