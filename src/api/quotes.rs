//! `POST /api/quotes`.

use storefront_domain::quote::{Quote, QuoteRequest};

use super::{ApiError, ApiRequest, fetch_json};

/// Prices `request` on the server: every amount in the answer comes from the server's own
/// catalog, rates and carriers.
pub async fn create(request: &QuoteRequest) -> Result<Quote, ApiError> {
    let request = ApiRequest::post("/api/quotes").json(request)?;
    fetch_json(request).await
}
