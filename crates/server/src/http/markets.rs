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

async fn markets(State(state): State<AppState>) -> Result<Json<Markets>, AppError> {
    Ok(Json(Markets {
        info: markets_info(),
        exchange_rates: rates::current(&state.db).await?,
    }))
}
