//! `GET /api/seller/insights`: a seller's own SERVQUAL insights (header `X-Seller-Key`): the
//! items where its buyers' service fell shortest across carriers, their comments, and each
//! carrier's gaps month by month.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::get;
use axum::{Json, Router};
use storefront_domain::Problem;
use storefront_domain::servqual::{SellerReport, seller_report};

use crate::error::AppError;
use crate::{AppState, feedback, secrets, store};

pub fn router() -> Router<AppState> {
    Router::new().route("/seller/insights", get(insights))
}

/// The seller's insights: where the service must improve.
#[utoipa::path(
    get,
    path = "/api/seller/insights",
    tag = "feedback",
    operation_id = "seller_insights",
    security(("seller_key" = [])),
    responses(
        (status = 200, description = "The seller's items by mean gap (largest shortfall first), \
            its buyers' comments (newest first) and each carrier's monthly gaps.",
            body = SellerReport),
        (status = 401, description = "`X-Seller-Key` is missing or is no seller's key.",
            body = Problem, content_type = "application/problem+json"),
    )
)]
async fn insights(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<SellerReport>, AppError> {
    let presented = headers
        .get("x-seller-key")
        .and_then(|value| value.to_str().ok())
        .map(str::trim)
        .filter(|key| !key.is_empty())
        .ok_or(AppError::Unauthorized("X-Seller-Key missing"))?;
    let master = secrets::get(&state.store, secrets::SELLER_KEYS)?;
    let (seller, name) = store::catalog::sellers(&state.store)
        .await?
        .into_iter()
        .find(|(slug, _)| secrets::is_seller_key(master, slug, presented))
        .ok_or(AppError::Unauthorized("X-Seller-Key is not a seller's key"))?;
    let responses = feedback::seller_responses(&state.store, &seller).await?;
    Ok(Json(seller_report(&seller, &name, &responses)))
}
