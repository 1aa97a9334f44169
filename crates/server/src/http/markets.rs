//! `GET /api/markets`: destinations, languages, address formats, payment habits and the
//! exchange rates in force.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use storefront_domain::market::{Markets, markets_info};

use crate::error::AppError;
use crate::{AppState, rates};

pub fn router() -> Router<AppState> {
    Router::new().route("/markets", get(markets))
}

/// Destinations, app languages, address formats, payment habits and the exchange rates in force.
#[utoipa::path(
    get,
    path = "/api/markets",
    tag = "markets",
    operation_id = "get_markets",
    responses(
        (status = 200, description = "The markets and the published exchange rates with their \
            as-of date.", body = Markets),
    )
)]
async fn markets(State(state): State<AppState>) -> Result<Json<Markets>, AppError> {
    Ok(Json(Markets {
        info: markets_info(),
        exchange_rates: (*rates::cached(&state).await?).clone(),
    }))
}
