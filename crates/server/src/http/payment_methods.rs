//! `GET /api/payment-methods`: how a buyer in a destination can pay, from the payment provider.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use storefront_domain::Problem;
use storefront_domain::payment::PaymentOptions;
use utoipa::IntoParams;

use super::Query;
use super::products::parse_country;
use crate::error::AppError;
use crate::{AppState, payment};

pub fn router() -> Router<AppState> {
    Router::new().route("/payment-methods", get(payment_methods))
}

/// Query parameters, kept as text so a bad value is reported as a field.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct Params {
    /// The destination (ISO 3166-1 alpha-2), required.
    #[param(required = true, pattern = "^[A-Z]{2}$", example = "NL")]
    country: Option<String>,
}

/// How a buyer in a destination can pay.
///
/// The provider's methods for the destination, most used there first, and whether it is a test
/// provider (no money moves). An order whose `payment.method` is not listed here is refused.
#[utoipa::path(
    get,
    path = "/api/payment-methods",
    tag = "payments",
    operation_id = "get_payment_methods",
    params(Params),
    responses(
        (status = 200, description = "The provider, whether it is in test mode, and its \
            methods for the destination.", body = PaymentOptions),
        (status = 400, description = "`country` is missing or not a destination of the store.",
            body = Problem, content_type = "application/problem+json"),
    )
)]
async fn payment_methods(
    State(state): State<AppState>,
    Query(params): Query<Params>,
) -> Result<Json<PaymentOptions>, AppError> {
    let destination = parse_country(params.country)?.ok_or_else(|| {
        AppError::invalid(
            "country",
            "is required: a country the store ships to, such as DE",
        )
    })?;
    Ok(Json(payment::options(state.payments.as_ref(), destination)))
}
