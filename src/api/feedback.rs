//! `POST /api/orders/{id}/feedback`: the buyer's SERVQUAL answers about one shipment.

use storefront_domain::servqual::{FeedbackReceipt, FeedbackRequest};

use super::{ApiError, ApiRequest, fetch_json, order_path};

/// Submits `request` once per `idempotency_key`: sending the same form again answers the first
/// receipt.
pub async fn submit(
    id: &str,
    token: &str,
    request: &FeedbackRequest,
    idempotency_key: &str,
) -> Result<FeedbackReceipt, ApiError> {
    let request = ApiRequest::post(&order_path(id, "/feedback"))
        .header("Authorization", format!("Bearer {token}"))
        .header("Idempotency-Key", idempotency_key)
        .json(request)?;
    fetch_json(request).await
}
