//! The store's pages, rendered by the app's own Leptos components (`storefront`, feature
//! `ssr`) for every path outside `/api` that is not a file of the built app. The browser then
//! takes the page over (hydration) and is a single-page app from there.
//!
//! The data a page shows is read while it renders, from this server's own API in process
//! ([`storefront::api::ServerApi`]): no request leaves the process and the answers are the
//! API's exactly. The page carries them, so the browser does not fetch them again.

use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use leptos::nonce::Nonce;
use leptos::prelude::provide_context;
use storefront::api::{ApiRequest, ApiResponse, ServerApi};
use storefront::i18n::Locale;
use storefront_domain::market;
use tower::ServiceExt;

use crate::AppState;
use crate::built_index::FromIndex;

/// What every page needs besides what the app renders: the built app's stylesheet, icon and
/// loader (trunk writes them into its `index.html`), and the API to read data from.
#[derive(Clone)]
pub struct Pages {
    assets: Arc<FromIndex<HeadAssets>>,
    api: Router,
}

impl Pages {
    /// Pages over `state`'s API, loading the app built into `dist` (none: pages render, but
    /// without styles or the browser bundle, as the native tests want them).
    pub fn new(state: AppState, dist: Option<&Path>) -> Self {
        // Resources spawn their loads on Tokio; set once per process (later calls are no-ops).
        let _ = any_spawner::Executor::init_tokio();
        Self {
            assets: Arc::new(FromIndex::load(
                dist.map(|dist| dist.join("index.html")),
                |html| HeadAssets::new(&head_assets(html.unwrap_or_default())),
            )),
            api: Router::new()
                .nest("/api", crate::http::router())
                .with_state(state),
        }
    }

    /// The handler of every page.
    pub fn router(self) -> Router {
        Router::new().fallback(render).with_state(self)
    }
}

/// Renders the page at the request's path, after redirecting a path without a language to the
/// buyer's.
async fn render(State(pages): State<Pages>, request: Request) -> Response {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let address = request
        .uri()
        .path_and_query()
        .map_or("/", |path| path.as_str())
        .to_owned();
    let looks_like_a_file = request
        .uri()
        .path()
        .rsplit('/')
        .next()
        .is_some_and(|name| name.contains('.'));
    if storefront::state::market::locale_of_path(&address).is_none() {
        // A file that is not there (an asset of an older build): no page to redirect to.
        if looks_like_a_file {
            return StatusCode::NOT_FOUND.into_response();
        }
        let locale = preferred_locale(&request);
        let target = storefront::state::market::localized_path(&address, locale);
        let mut response = Redirect::to(&target).into_response();
        response.headers_mut().insert(
            header::VARY,
            HeaderValue::from_static("Accept-Language, Cookie"),
        );
        return response;
    }

    let api = pages.api.clone();
    // Replaces the one leptos_axum provides, to be known here for the policy.
    let nonce = Nonce::new();
    let page_nonce = nonce.to_string();
    let context = move || {
        let api = api.clone();
        provide_context(nonce.clone());
        provide_context(ServerApi::new(move |request| call(api.clone(), request)));
    };
    let handler = leptos_axum::render_app_async_with_context(context, storefront::app::shell);
    let response = handler(request).await;
    finish(response, &*pages.assets.current().await, &page_nonce).await
}

/// The built app's head elements and the hashes of their inline scripts, made once per build
/// of `index.html` rather than on every page.
struct HeadAssets {
    html: String,
    script_hashes: Vec<String>,
}

impl HeadAssets {
    fn new(html: &str) -> Self {
        Self {
            script_hashes: crate::hardening::inline_script_hashes(html),
            html: html.to_owned(),
        }
    }
}

/// Puts the built app's assets into the rendered page and allows exactly its inline scripts:
/// the assets' by their hash, the page's own by its `nonce`.
async fn finish(response: Response, assets: &HeadAssets, nonce: &str) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let mut html = String::from_utf8_lossy(&bytes).into_owned();
    if let Some(head_end) = html.find("</head>") {
        html.insert_str(head_end, &assets.html);
    }
    let policy = crate::hardening::app_csp(&assets.script_hashes, Some(nonce));
    if let Ok(policy) = HeaderValue::try_from(policy) {
        parts
            .headers
            .insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    // The page depends on the market cookie and, without it, on the buyer's languages.
    parts.headers.insert(
        header::VARY,
        HeaderValue::from_static("Accept-Language, Cookie, Accept-Encoding"),
    );
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(html))
}

/// The language for a path without one: the cookie's (the buyer's last choice), else the best
/// of `Accept-Language`.
fn preferred_locale(request: &Request) -> Locale {
    let header = |name| {
        request
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
    };
    market::language_from_cookies(header(header::COOKIE))
        .and_then(Locale::from_tag)
        .unwrap_or_else(|| {
            let accepted = market::accept_language(header(header::ACCEPT_LANGUAGE));
            Locale::from_tag(market::negotiate(&accepted)).unwrap_or(Locale::En)
        })
}

/// `request` answered by the API router in process.
async fn call(api: Router, request: ApiRequest) -> ApiResponse {
    let mut builder = axum::http::Request::builder()
        .method(match request.method {
            storefront::api::Method::Get => Method::GET,
            storefront::api::Method::Post => Method::POST,
        })
        .uri(&request.uri)
        .header(header::ACCEPT, "application/json");
    for (name, value) in &request.headers {
        builder = builder.header(*name, value);
    }
    let body = request.body.map_or_else(Body::empty, Body::from);
    let failed = |status: u16| ApiResponse {
        status,
        content_type: None,
        body: Vec::new(),
    };
    let Ok(request) = builder.body(body) else {
        return failed(400);
    };
    let Ok(response) = api.oneshot(request).await;
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    match axum::body::to_bytes(response.into_body(), usize::MAX).await {
        Ok(body) => ApiResponse {
            status,
            content_type,
            body: body.to_vec(),
        },
        Err(_) => failed(502),
    }
}

/// The `<link>` and `<script>` elements of the built app's `index.html` head: its stylesheet,
/// icon, module preloads and the loader that starts the browser bundle. (Its title,
/// description and viewport are the ones `trunk serve` shows; rendered pages have their own.)
///
/// The page is whole without the bundle, so the bundle takes no bandwidth from what the first
/// paint needs: stylesheets come first, the module preloads ask for low priority, the preload
/// of the wasm is left out, and the loader fetches the wasm only once the page has loaded
/// ([`after_load`]). The loader is a module script, which never blocks rendering.
pub fn head_assets(index_html: &str) -> String {
    let head = index_html
        .split_once("<head>")
        .and_then(|(_, rest)| rest.split_once("</head>"))
        .map_or("", |(head, _)| head);
    let (mut styles, mut links, mut scripts) = (String::new(), String::new(), String::new());
    let mut rest = head;
    while let Some(start) = rest.find('<') {
        rest = &rest[start..];
        let end = if rest.starts_with("<script") {
            rest.find("</script>").map(|end| end + "</script>".len())
        } else if rest.starts_with("<link") {
            rest.find('>').map(|end| end + 1)
        } else {
            None
        };
        let Some(end) = end else {
            rest = &rest[1..];
            continue;
        };
        let element = &rest[..end];
        if element.starts_with("<script") {
            scripts.push_str(&after_load(element));
        } else if element.contains("rel=\"stylesheet\"") {
            styles.push_str(element);
        } else if element.contains("rel=\"preload\"") {
            // The wasm: the loader fetches it once the page has loaded.
        } else if element.contains("rel=\"modulepreload\"") && !element.contains("fetchpriority") {
            links.push_str("<link fetchpriority=\"low\"");
            links.push_str(&element["<link".len()..]);
        } else {
            links.push_str(element);
        }
        rest = &rest[end..];
    }
    styles + &links + &scripts
}

/// An inline module `script` that first waits for the page's `load` event (its pictures are
/// in), so the wasm it fetches never competes with them; its imports, the small JS glue, still
/// load at once. Other scripts are left as they are.
fn after_load(script: &str) -> String {
    let Some(tag_end) = script.find('>') else {
        return script.to_owned();
    };
    let tag = &script[..tag_end];
    if !tag.contains("type=\"module\"") || tag.contains(" src=") {
        return script.to_owned();
    }
    format!(
        "{}\nawait new Promise((loaded) => document.readyState === \"complete\" ? loaded() : \
         addEventListener(\"load\", loaded, {{ once: true }}));{}",
        &script[..=tag_end],
        &script[tag_end + 1..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_head_puts_stylesheets_first_and_the_bundle_after_the_page() {
        let index = "<!doctype html><html><head><meta charset=\"utf-8\"/><title>Caravan</title>\
                     <script type=\"module\">import init from '/a.js';\nawait init();</script>\
                     <link rel=\"stylesheet\" href=\"/main-1.css\"/>\n\
                     <link rel=\"preload\" href=\"/a_bg.wasm\" integrity=\"sha384-x\" as=\"fetch\">\
                     <link rel=\"modulepreload\" href=\"/a.js\" integrity=\"sha384-y\">\
                     <meta name=\"x\"></head><body></body></html>";
        assert_eq!(
            head_assets(index),
            "<link rel=\"stylesheet\" href=\"/main-1.css\"/>\
             <link fetchpriority=\"low\" rel=\"modulepreload\" href=\"/a.js\" integrity=\"sha384-y\">\
             <script type=\"module\">\nawait new Promise((loaded) => document.readyState === \
             \"complete\" ? loaded() : addEventListener(\"load\", loaded, { once: true }));\
             import init from '/a.js';\nawait init();</script>"
        );
        assert_eq!(head_assets("no head"), "");
    }
}
