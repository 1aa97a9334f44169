//! `GET /api/carriers` and `GET /api/carriers/{code}/scorecard`.

use gloo_net::http::Request;
use storefront_domain::carrier::CarrierSummary;
use storefront_domain::servqual::Scorecard;

use super::{ApiError, fetch_json};

/// Every carrier with its services and their buyer ratings.
pub async fn list() -> Result<Vec<CarrierSummary>, ApiError> {
    let request = Request::get("/api/carriers")
        .header("Accept", "application/json")
        .build()
        .map_err(|_| ApiError::Unexpected { status: 0 })?;
    fetch_json(request).await
}

/// One carrier's SERVQUAL scorecard.
pub async fn scorecard(code: &str) -> Result<Scorecard, ApiError> {
    let path = format!(
        "/api/carriers/{}/scorecard",
        String::from(js_sys::encode_uri_component(code))
    );
    let request = Request::get(&path)
        .header("Accept", "application/json")
        .build()
        .map_err(|_| ApiError::Unexpected { status: 0 })?;
    fetch_json(request).await
}
