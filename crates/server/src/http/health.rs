//! `GET /api/health`: liveness and a database round trip.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use storefront_domain::Problem;
use storefront_domain::health::Health;

use crate::AppState;
use crate::error::AppError;

pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(health))
}

/// Liveness and a database round trip.
#[utoipa::path(
    get,
    path = "/api/health",
    tag = "health",
    operation_id = "get_health",
    responses(
        (status = 200, description = "The server is up and its database answered.", body = Health),
        (status = 503, description = "The database did not answer (type `/problems/unavailable`).",
            body = Problem, content_type = "application/problem+json"),
    )
)]
async fn health(State(state): State<AppState>) -> Result<Json<Health>, AppError> {
    state.store.ping().await.map_err(AppError::Unavailable)?;
    Ok(Json(Health {
        status: "ok".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    }))
}
