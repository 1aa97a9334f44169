//! `GET /api/carriers` and `GET /api/carriers/{code}/scorecard`.

use storefront_domain::carrier::CarrierSummary;
use storefront_domain::servqual::Scorecard;

use super::{ApiError, ApiRequest, fetch_json};

/// Every carrier with its services and their buyer ratings.
pub async fn list() -> Result<Vec<CarrierSummary>, ApiError> {
    let request = ApiRequest::get("/api/carriers");
    fetch_json(request).await
}

/// One carrier's SERVQUAL scorecard.
pub async fn scorecard(code: &str) -> Result<Scorecard, ApiError> {
    let path = format!("/api/carriers/{}/scorecard", super::encode_component(code));
    let request = ApiRequest::get(&path);
    fetch_json(request).await
}
