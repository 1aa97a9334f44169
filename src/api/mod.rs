//! Typed client of the storefront API: one module per resource, all HTTP in this folder.

pub mod carriers;
pub mod feedback;
pub mod insights;
pub mod messages;
pub mod orders;
pub mod payments;
pub mod products;
pub mod quotes;
pub mod suggestions;

use std::future::Future;

use serde::Serialize;
use serde::de::DeserializeOwned;
use storefront_domain::{Problem, ProblemType};

/// Why an API call failed, in terms the app can explain to a buyer.
#[derive(Clone, Debug, PartialEq, thiserror::Error, serde::Serialize, serde::Deserialize)]
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
    format!("/api/orders/{}{rest}", encode_component(id))
}

/// `text` as `encodeURIComponent` writes it: everything but letters, digits and `-_.!~*'()`
/// percent-encoded as UTF-8, so it fits a path segment or a query value.
pub fn encode_component(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// The HTTP method of an [`ApiRequest`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Reads.
    Get,
    /// Creates.
    Post,
}

/// One call to the API, built by the resource modules; the browser sends it with `fetch`, the
/// server, while it renders a page, through its own router in process ([`ServerApi`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiRequest {
    /// GET or POST.
    pub method: Method,
    /// Path and query, as in a link: `/api/products?lang=en`.
    pub uri: String,
    /// Headers besides `Accept: application/json`, which every request sends.
    pub headers: Vec<(&'static str, String)>,
    /// A JSON body.
    pub body: Option<String>,
}

impl ApiRequest {
    fn new(method: Method, path: &str) -> Self {
        Self {
            method,
            uri: path.to_owned(),
            headers: Vec::new(),
            body: None,
        }
    }

    /// A GET of `path`.
    pub fn get(path: &str) -> Self {
        Self::new(Method::Get, path)
    }

    /// A POST to `path`.
    pub fn post(path: &str) -> Self {
        Self::new(Method::Post, path)
    }

    /// Adds `pairs` to the query, encoded.
    pub fn query<'a>(mut self, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        for (name, value) in pairs {
            let separator = if self.uri.contains('?') { '&' } else { '?' };
            self.uri.push(separator);
            self.uri.push_str(&encode_component(name));
            self.uri.push('=');
            self.uri.push_str(&encode_component(value));
        }
        self
    }

    /// Adds a header.
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// Sends `body` as JSON.
    pub fn json<T: Serialize>(mut self, body: &T) -> Result<Self, ApiError> {
        let body = serde_json::to_string(body).map_err(|_| ApiError::Unexpected { status: 0 })?;
        self.body = Some(body);
        Ok(self.header("Content-Type", "application/json"))
    }
}

/// What the API answered to an [`ApiRequest`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiResponse {
    /// The HTTP status.
    pub status: u16,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

/// The server's own API, called in process while it renders a page: the server provides it as
/// context, so the page's data is read without a request over the network.
#[cfg(feature = "ssr")]
#[derive(Clone)]
pub struct ServerApi(std::sync::Arc<dyn Fn(ApiRequest) -> ServerCall + Send + Sync>);

/// A call to the server's own API, answering when awaited.
#[cfg(feature = "ssr")]
type ServerCall = std::pin::Pin<Box<dyn Future<Output = ApiResponse> + Send>>;

#[cfg(feature = "ssr")]
impl ServerApi {
    /// The API that answers each request with `call`.
    pub fn new<F, Fut>(call: F) -> Self
    where
        F: Fn(ApiRequest) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ApiResponse> + Send + 'static,
    {
        Self(std::sync::Arc::new(move |request| Box::pin(call(request))))
    }
}

/// Sends `request` through the server's own API, read from the rendering context.
#[cfg(feature = "ssr")]
async fn send(request: ApiRequest) -> Result<ApiResponse, ApiError> {
    let server = leptos::prelude::use_context::<ServerApi>().ok_or(ApiError::Unreachable)?;
    Ok((server.0)(request).await)
}

/// Sends `request` with the browser's `fetch`.
#[cfg(not(feature = "ssr"))]
async fn send(request: ApiRequest) -> Result<ApiResponse, ApiError> {
    use gloo_net::http::RequestBuilder;
    let mut builder = RequestBuilder::new(&request.uri)
        .method(match request.method {
            Method::Get => gloo_net::http::Method::GET,
            Method::Post => gloo_net::http::Method::POST,
        })
        .header("Accept", "application/json");
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    let built = match request.body {
        Some(body) => builder.body(body),
        None => builder.build(),
    };
    let response = built
        .map_err(|_| ApiError::Unexpected { status: 0 })?
        .send()
        .await
        .map_err(|_| ApiError::Unreachable)?;
    let status = response.status();
    let content_type = response.headers().get("content-type");
    let body = response
        .binary()
        .await
        .map_err(|_| ApiError::Unexpected { status })?;
    Ok(ApiResponse {
        status,
        content_type,
        body,
    })
}

/// Sends `request` and decodes a JSON answer, or the problem the server reported.
async fn fetch_json<T: DeserializeOwned>(request: ApiRequest) -> Result<T, ApiError> {
    decode(send(request).await?)
}

/// A JSON answer decoded, or the problem it reports.
fn decode<T: DeserializeOwned>(response: ApiResponse) -> Result<T, ApiError> {
    let status = response.status;
    if (200..300).contains(&status) {
        return serde_json::from_slice(&response.body).map_err(|_| ApiError::Unexpected { status });
    }
    let is_problem = response
        .content_type
        .as_deref()
        .is_some_and(|kind| kind.starts_with(Problem::CONTENT_TYPE));
    if is_problem && let Ok(problem) = serde_json::from_slice::<Problem>(&response.body) {
        return Err(ApiError::Problem(problem));
    }
    Err(match status {
        // The API answers every error with problem+json, so a bare 5xx comes from something in
        // between: trunk serve's proxy answers 500 when no API server runs behind it, a CDN
        // 502–504.
        500..=599 => ApiError::Unreachable,
        _ => ApiError::Unexpected { status },
    })
}

/// `future` as the `Send` future a server-rendered resource needs. On the server the API's
/// futures are `Send`; in the browser `fetch` is not, but the browser runs the app on one thread.
#[cfg(feature = "ssr")]
pub fn sendable<F: Future + Send>(future: F) -> F {
    future
}

/// `future` as the `Send` future a server-rendered resource needs. On the server the API's
/// futures are `Send`; in the browser `fetch` is not, but the browser runs the app on one thread.
#[cfg(not(feature = "ssr"))]
pub fn sendable<F: Future>(future: F) -> send_wrapper::SendWrapper<F> {
    send_wrapper::SendWrapper::new(future)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn components_are_encoded_as_encode_uri_component_does() {
        for text in ["copper-mug", "a b+c/d?e&f=g#h", "é中😀", "-_.!~*'()", ""] {
            assert_eq!(
                encode_component(text),
                String::from(js_sys::encode_uri_component(text)),
                "{text}"
            );
        }
    }

    #[wasm_bindgen_test]
    fn queries_append_encoded_pairs() {
        let request = ApiRequest::get("/api/products").query([("q", "tea & cake"), ("page", "2")]);
        assert_eq!(request.uri, "/api/products?q=tea%20%26%20cake&page=2");
        assert_eq!(request.method, Method::Get);
    }
}
