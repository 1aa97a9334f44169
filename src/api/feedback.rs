//! `POST /api/orders/{id}/feedback`: the buyer's SERVQUAL answers about one shipment.

use gloo_net::http::Request;
use storefront_domain::servqual::{FeedbackReceipt, FeedbackRequest};

use super::{ApiError, fetch_json, order_path};

/// Submits `request` once per `idempotency_key`: sending the same form again answers the first
/// receipt.
pub async fn submit(
    id: &str,
    token: &str,
    request: &FeedbackRequest,
    idempotency_key: &str,
) -> Result<FeedbackReceipt, ApiError> {
    let request = Request::post(&order_path(id, "/feedback"))
        .header("Accept", "application/json")
        .header("Authorization", &format!("Bearer {token}"))
        .header("Idempotency-Key", idempotency_key)
        .json(request)
        .map_err(|_| ApiError::Unexpected { status: 0 })?;
    fetch_json(request).await
}
