//! Typed client of the storefront API: one module per resource, all HTTP in this folder.

pub mod carriers;
pub mod feedback;
pub mod insights;
pub mod messages;
pub mod orders;
pub mod payments;
pub mod products;
pub mod quotes;

use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use storefront_domain::{Problem, ProblemType};

/// Why an API call failed, in terms the app can explain to a buyer.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// No answer from the server (offline, server down, or a dev proxy with no server behind it).
    #[error("the store's server could not be reached")]
    Unreachable,
    /// The server answered with an RFC 9457 problem.
    #[error("{}", .0.title)]
    Problem(Problem),
    /// The server answered, but not with what this app understands.
    #[error("unexpected response from the server (HTTP {status})")]
    Unexpected {
        /// HTTP status of the answer.
        status: u16,
    },
}

impl ApiError {
    /// The problem type, when the server sent one.
    pub fn problem_type(&self) -> Option<ProblemType> {
        match self {
            Self::Problem(problem) => Some(problem.kind),
            _ => None,
        }
    }
}

/// The API path of order `id`'s resource `rest` (empty for the order itself).
fn order_path(id: &str, rest: &str) -> String {
    format!(
        "/api/orders/{}{rest}",
        String::from(js_sys::encode_uri_component(id))
    )
}

/// Sends `request` and decodes a JSON answer, or the problem the server reported.
async fn fetch_json<T: DeserializeOwned>(request: Request) -> Result<T, ApiError> {
    let response = request.send().await.map_err(|_| ApiError::Unreachable)?;
    if response.ok() {
        let status = response.status();
        return response
            .json::<T>()
            .await
            .map_err(|_| ApiError::Unexpected { status });
    }
    Err(error_from(response).await)
}

async fn error_from(response: Response) -> ApiError {
    let status = response.status();
    let is_problem = response
        .headers()
        .get("content-type")
        .is_some_and(|kind| kind.starts_with(Problem::CONTENT_TYPE));
    if is_problem && let Ok(problem) = response.json::<Problem>().await {
        return ApiError::Problem(problem);
    }
    match status {
        // The API answers every error with problem+json, so a bare 5xx comes from something in
        // between: trunk serve's proxy answers 500 when no API server runs behind it, a CDN
        // 502–504.
        500..=599 => ApiError::Unreachable,
        _ => ApiError::Unexpected { status },
    }
}
