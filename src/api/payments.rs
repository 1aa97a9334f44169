//! `GET /api/payment-methods`.

use gloo_net::http::Request;
use storefront_domain::payment::PaymentOptions;

use super::{ApiError, fetch_json};

/// How a buyer shipping to `country` can pay, from the server's payment provider.
pub async fn options(country: &str) -> Result<PaymentOptions, ApiError> {
    let request = Request::get("/api/payment-methods")
        .query([("country", country)])
        .header("Accept", "application/json")
        .build()
        .map_err(|_| ApiError::Unexpected { status: 0 })?;
    fetch_json(request).await
}
