//! `GET /api/seller/insights`: a seller's SERVQUAL insights, read with its seller key.

use storefront_domain::servqual::SellerReport;

use super::{ApiError, ApiRequest, fetch_json};

/// The insights of the seller whose key is `seller_key`.
pub async fn get(seller_key: &str) -> Result<SellerReport, ApiError> {
    let request = ApiRequest::get("/api/seller/insights").header("X-Seller-Key", seller_key);
    fetch_json(request).await
}
