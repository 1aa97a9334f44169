//! `GET /api/health`: liveness and a database round trip.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use storefront_domain::health::Health;

use crate::AppState;
use crate::error::AppError;

pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(health))
}

async fn health(State(state): State<AppState>) -> Result<Json<Health>, AppError> {
    sqlx::query("SELECT 1")
        .execute(&state.db)
        .await
        .map_err(AppError::Unavailable)?;
    Ok(Json(Health {
        status: "ok".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    }))
}
