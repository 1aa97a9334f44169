//! `POST /api/quotes`.

use gloo_net::http::Request;
use storefront_domain::quote::{Quote, QuoteRequest};

use super::{ApiError, fetch_json};

/// Prices `request` on the server: every amount in the answer comes from the server's own
/// catalog, rates and carriers.
pub async fn create(request: &QuoteRequest) -> Result<Quote, ApiError> {
    let request = Request::post("/api/quotes")
        .header("Accept", "application/json")
        .json(request)
        .map_err(|_| ApiError::Unexpected { status: 0 })?;
    fetch_json(request).await
}
