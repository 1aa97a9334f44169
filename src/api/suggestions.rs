//! `GET /api/suggestions`.

use storefront_domain::search::Suggestions;

use super::{ApiError, ApiRequest, fetch_json};

/// Products and categories for what the buyer has typed so far, named in `lang`.
pub async fn suggest(lang: &str, typed: &str) -> Result<Suggestions, ApiError> {
    let request = ApiRequest::get("/api/suggestions").query([("lang", lang), ("q", typed)]);
    fetch_json(request).await
}
