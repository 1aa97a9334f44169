//! The JSON API under `/api`, one module per resource.

mod carriers;
mod exchange_rates;
mod feedback;
mod health;
mod insights;
mod markets;
mod messages;
pub mod openapi;
mod orders;
mod payment_methods;
mod products;
mod suggestions;

mod quotes;
mod sse;
mod tracking;

use axum::Router;
use axum::extract::{FromRequest, FromRequestParts};
use axum::http::HeaderMap;
use axum::response::Response;

use crate::AppState;
use crate::error::{AppError, problem_response};
use storefront_domain::{Problem, ProblemType};

/// Every API route, to be nested under `/api`. Unknown API paths answer with a problem+json 404,
/// never with the app's index.html.
pub fn router() -> Router<AppState> {
    // What only its buyer, seller or the operator may read: no cache may keep a copy.
    let private = Router::new()
        .merge(exchange_rates::router())
        .merge(feedback::router())
        .merge(insights::router())
        .merge(messages::router())
        .merge(orders::router())
        .merge(tracking::router())
        .layer(axum::middleware::map_response(no_store));
    Router::new()
        .merge(carriers::router())
        .merge(health::router())
        .merge(markets::router())
        .merge(openapi::router())
        .merge(payment_methods::router())
        .merge(products::router())
        .merge(suggestions::router())
        .merge(quotes::router())
        .merge(private)
        .method_not_allowed_fallback(wrong_method)
        .fallback(unknown_path)
}

async fn no_store(mut response: Response) -> Response {
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    response
}

/// A path the API has, asked with a method it does not take; axum adds the `Allow` header.
async fn wrong_method() -> Response {
    problem_response(&Problem {
        kind: ProblemType::MethodNotAllowed,
        title: "Method not allowed".to_owned(),
        status: 405,
        detail: Some("This endpoint does not take this method; see the Allow header.".to_owned()),
        field: None,
        errors: Vec::new(),
    })
}

async fn unknown_path() -> Response {
    problem_response(&Problem {
        kind: ProblemType::NotFound,
        title: "Not found".to_owned(),
        status: 404,
        detail: Some("No API endpoint at this path.".to_owned()),
        field: None,
        errors: Vec::new(),
    })
}

/// `Json` whose rejection (bad media type, malformed or mistyped body) is the API's
/// problem+json rather than axum's plain text.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct JsonBody<T>(pub T);

/// Longest accepted `Idempotency-Key`.
const MAX_IDEMPOTENCY_KEY: usize = 255;

/// The request's `Idempotency-Key` header, required; `purpose` tells the client what one key
/// stands for.
pub fn idempotency_key(headers: &HeaderMap, purpose: &str) -> Result<String, AppError> {
    headers
        .get("idempotency-key")
        .and_then(|value| value.to_str().ok())
        .map(str::trim)
        .filter(|key| !key.is_empty() && key.len() <= MAX_IDEMPOTENCY_KEY)
        .map(str::to_owned)
        .ok_or_else(|| {
            AppError::invalid(
                "Idempotency-Key",
                format!("header required ({purpose}), up to 255 visible characters"),
            )
        })
}

/// `Query` whose rejection is the API's problem+json rather than axum's plain text.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct Query<T>(pub T);
