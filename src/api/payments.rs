//! `GET /api/payment-methods`.

use storefront_domain::payment::PaymentOptions;

use super::{ApiError, ApiRequest, fetch_json};

/// How a buyer shipping to `country` can pay, from the server's payment provider.
pub async fn options(country: &str) -> Result<PaymentOptions, ApiError> {
    let request = ApiRequest::get("/api/payment-methods").query([("country", country)]);
    fetch_json(request).await
}
