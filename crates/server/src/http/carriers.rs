//! `GET /api/carriers` lists carriers and their services with buyer ratings;
//! `GET /api/carriers/{code}/scorecard` is one carrier's SERVQUAL scorecard.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use storefront_domain::Problem;
use storefront_domain::carrier::{CARRIERS, CarrierSummary, ServiceSummary};
use storefront_domain::servqual::Scorecard;

use crate::error::AppError;
use crate::{AppState, feedback};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/carriers", get(list))
        .route("/carriers/{code}/scorecard", get(scorecard))
}

/// The carriers and their services, each with its buyer rating.
#[utoipa::path(
    get,
    path = "/api/carriers",
    tag = "carriers",
    operation_id = "list_carriers",
    responses(
        (status = 200, description = "Every carrier with its services and their ratings.",
            body = Vec<CarrierSummary>),
    )
)]
async fn list(State(state): State<AppState>) -> Result<Json<Vec<CarrierSummary>>, AppError> {
    let ratings = feedback::ratings(&feedback::cached_scorecards(&state).await?);
    let carriers = CARRIERS
        .iter()
        .map(|carrier| CarrierSummary {
            code: carrier.code.to_owned(),
            name: carrier.name.to_owned(),
            services: carrier
                .services
                .iter()
                .map(|service| ServiceSummary {
                    code: service.code.to_owned(),
                    level: service.level,
                    mode: service.mode,
                    rating: ratings[service.code],
                })
                .collect(),
        })
        .collect();
    Ok(Json(carriers))
}

/// One carrier's SERVQUAL scorecard.
///
/// Per service: dimension scores with confidence intervals, monthly trends and item gaps, from
/// the buyers' feedback (rules: SERVQUAL.md). A carrier nobody has rated yet has no services in it.
#[utoipa::path(
    get,
    path = "/api/carriers/{code}/scorecard",
    tag = "carriers",
    operation_id = "get_carrier_scorecard",
    params(("code" = String, Path, description = "The carrier's code, such as `heron`.")),
    responses(
        (status = 200, description = "The carrier's scorecard.", body = Scorecard),
        (status = 404, description = "No carrier has this code.", body = Problem,
            content_type = "application/problem+json"),
    )
)]
async fn scorecard(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<Scorecard>, AppError> {
    if !CARRIERS.iter().any(|carrier| carrier.code == code) {
        return Err(AppError::NotFound);
    }
    let card = feedback::cached_scorecards(&state)
        .await?
        .iter()
        .find(|card| card.carrier == code)
        .cloned()
        .unwrap_or(Scorecard {
            carrier: code,
            services: Vec::new(),
        });
    Ok(Json(card))
}
