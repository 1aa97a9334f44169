//! The hardening layers driven in-process with `oneshot`: security headers and CSP, body limit,
//! timeout, rate limit, compression and cache headers.

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request, StatusCode, header};
use axum::response::Response;
use axum::routing::get;
use base64::Engine as _;
use http_body_util::{BodyExt, channel::Channel};
use serde_json::Value;
use sha2::{Digest, Sha256};
use storefront_server::hardening::{API_CSP, Hardening, RateLimit, harden_api};
use storefront_server::store::Store;
use storefront_server::{AppState, app, app_with};
use tempfile::TempDir;
use tower::ServiceExt;

/// The inline loader trunk writes into index.html, byte for byte as the browser hashes it.
const LOADER: &str = "\nimport init, * as bindings from '/storefront-0123456789abcdef.js';\n\
const wasm = await init({ module_or_path: '/storefront-0123456789abcdef_bg.wasm' });\n\
window.wasmBindings = bindings;\n";

const JS: &str = "export default async function init() { /* the wasm-bindgen glue */ }\n";

fn index_html(loader: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n  <head>\n    <meta charset=\"utf-8\" />\n    \
         <title>Caravan</title>\n<script type=\"module\">{loader}</script>\n    \
         <link rel=\"stylesheet\" href=\"/main-fedcba9876543210.css\" />\n  </head>\n  \
         <body></body>\n</html>\n"
    )
}

/// `'sha256-…'` of a script text, computed here independently of the server.
fn hash_source(script: &str) -> String {
    let digest = Sha256::digest(script.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// A fresh database and a small built app (index.html with an inline module script, hashed
/// assets, an image, the favicon), kept alive as long as the test needs them.
struct TestApp {
    router: Router,
    dir: TempDir,
}

impl TestApp {
    async fn new() -> Self {
        Self::with_limits(Hardening::default()).await
    }

    async fn with_limits(limits: Hardening) -> Self {
        let dir = TempDir::new().unwrap();
        let dist = dir.path().join("dist");
        std::fs::create_dir_all(dist.join("images")).unwrap();
        std::fs::write(dist.join("index.html"), index_html(LOADER)).unwrap();
        std::fs::write(dist.join("storefront-0123456789abcdef.js"), JS.repeat(20)).unwrap();
        std::fs::write(
            dist.join("storefront-0123456789abcdef_bg.wasm"),
            b"\0asm\x01\0\0\0".repeat(100),
        )
        .unwrap();
        std::fs::write(
            dist.join("main-fedcba9876543210.css"),
            "body { margin: 0; }\n",
        )
        .unwrap();
        std::fs::write(
            dist.join("favicon.svg"),
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        )
        .unwrap();
        std::fs::write(
            dist.join("images/tea.svg"),
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        )
        .unwrap();
        let store = Store::open_sqlite(&dir.path().join("test.db"))
            .await
            .unwrap();
        Self {
            router: app_with(AppState::new(store), Some(&dist), &limits),
            dir,
        }
    }

    fn dist(&self) -> std::path::PathBuf {
        self.dir.path().join("dist")
    }

    async fn send(&self, request: Request<Body>) -> Response {
        self.router.clone().oneshot(request).await.unwrap()
    }

    async fn get(&self, uri: &str) -> Response {
        self.send(Request::get(uri).body(Body::empty()).unwrap())
            .await
    }

    async fn post_from(&self, uri: &str, client: Option<SocketAddr>) -> Response {
        let mut request = Request::post(uri)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from("{}"))
            .unwrap();
        if let Some(addr) = client {
            request.extensions_mut().insert(ConnectInfo(addr));
        }
        self.send(request).await
    }
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_str()
        .unwrap()
}

async fn problem(response: Response) -> (StatusCode, HeaderMap, Value) {
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(header(&headers, "content-type"), "application/problem+json");
    (status, headers, serde_json::from_slice(&bytes).unwrap())
}

fn assert_security_headers(headers: &HeaderMap) {
    assert_eq!(header(headers, "x-content-type-options"), "nosniff");
    assert_eq!(header(headers, "referrer-policy"), "no-referrer");
    assert_eq!(header(headers, "x-frame-options"), "DENY");
    assert_eq!(header(headers, "cross-origin-opener-policy"), "same-origin");
    assert_eq!(
        header(headers, "permissions-policy"),
        "camera=(), microphone=(), geolocation=()"
    );
    assert!(header(headers, "content-security-policy").contains("frame-ancestors 'none'"));
}

/// The body of `response` as text.
async fn text(response: axum::response::Response) -> String {
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// The text of the rendered page's loader: its one inline script without a nonce.
fn page_loader(html: &str) -> String {
    html.split("<script")
        .skip(1)
        .find(|script| !script[..script.find('>').unwrap()].contains("nonce="))
        .map(|script| {
            let text = &script[script.find('>').unwrap() + 1..];
            text[..text.find("</script>").unwrap()].to_owned()
        })
        .expect("the page has its loader")
}

fn expected_app_csp(loader: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {}; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        hash_source(loader)
    )
}

#[tokio::test]
async fn api_responses_carry_every_security_header() {
    let app = TestApp::new().await;
    for uri in ["/api/health", "/api/no-such-endpoint"] {
        let response = app.get(uri).await;
        assert_security_headers(response.headers());
        assert_eq!(
            header(response.headers(), "content-security-policy"),
            API_CSP
        );
    }
}

#[tokio::test]
async fn app_page_carries_security_headers_and_a_csp_allowing_exactly_its_inline_scripts() {
    let app = TestApp::new().await;
    let response = app.get("/index.html").await;
    assert_eq!(
        header(response.headers(), "content-security-policy"),
        expected_app_csp(LOADER)
    );
    for uri in ["/en", "/ar/products", "/en/orders/123"] {
        let response = app.get(uri).await;
        assert_eq!(response.status(), StatusCode::OK, "{uri}");
        assert!(header(response.headers(), "content-type").starts_with("text/html"));
        assert_security_headers(response.headers());
        let csp = header(response.headers(), "content-security-policy").to_owned();
        let html = text(response).await;
        // The rendered page carries trunk's loader, allowed by its hash, and the scripts the
        // server wrote (the data it rendered with, JSON-LD), allowed by this response's nonce:
        // nothing else, so a script smuggled into the page by its data would not run.
        assert!(html.contains(LOADER), "{uri}");
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .unwrap_or_else(|| panic!("{uri}: no nonce in {csp}"));
        assert!(nonce.len() >= 22, "{uri}: 128 bits at least");
        assert_eq!(csp.matches("'nonce-").count(), 1, "{uri}");
        let loader = page_loader(&html);
        assert!(
            loader.ends_with(LOADER),
            "{uri}: trunk's loader, waiting for the page first"
        );
        assert!(csp.contains(&hash_source(&loader)), "{uri}: {csp}");
        assert_eq!(
            csp.matches("'sha256-").count(),
            1,
            "{uri}: the loader's only"
        );
        let scripts: Vec<&str> = html.split("<script").skip(1).collect();
        assert!(scripts.len() >= 2, "{uri}");
        for script in scripts {
            let tag = &script[..script.find('>').unwrap()];
            let allowed = tag.contains(&format!("nonce=\"{nonce}\""))
                || script[tag.len() + 1..].starts_with(&loader);
            assert!(
                allowed,
                "{uri}: <script{tag}> is neither the loader nor nonced"
            );
        }
        assert!(!csp.contains("'unsafe-inline'") && !csp.contains("'unsafe-eval'"));
    }
    // The app's files get the same headers.
    let script = app.get("/storefront-0123456789abcdef.js").await;
    assert_security_headers(script.headers());
}

#[tokio::test]
async fn csp_follows_an_index_html_rebuilt_while_serving() {
    let app = TestApp::new().await;
    let rebuilt = "\nimport init from '/storefront-fedcba9876543210.js';\nawait init();\n";
    std::fs::write(app.dist().join("index.html"), index_html(rebuilt)).unwrap();
    let response = app.get("/index.html").await;
    assert_eq!(
        header(response.headers(), "content-security-policy"),
        expected_app_csp(rebuilt)
    );
    // Rendered pages load the rebuilt app too.
    let response = app.get("/en").await;
    let csp = header(response.headers(), "content-security-policy").to_owned();
    let html = text(response).await;
    let loader = page_loader(&html);
    assert!(loader.ends_with(rebuilt), "{loader}");
    assert!(csp.contains(&hash_source(&loader)), "{csp}");
}

#[tokio::test]
async fn page_shown_when_the_app_is_not_built_gets_the_app_csp_with_only_its_nonce() {
    let dir = TempDir::new().unwrap();
    let store = Store::open_sqlite(&dir.path().join("test.db"))
        .await
        .unwrap();
    let response = app(AppState::new(store), None)
        .oneshot(Request::get("/en").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_security_headers(response.headers());
    let csp = header(response.headers(), "content-security-policy");
    assert!(csp.starts_with("default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'nonce-"));
    assert!(!csp.contains("'sha256-") && !csp.contains("'unsafe-inline'"));
    assert_eq!(header(response.headers(), "cache-control"), "no-cache");
}

#[tokio::test]
async fn oversize_body_is_413_problem_json() {
    let limits = Hardening {
        body_limit: 1024,
        ..Hardening::default()
    };
    let app = TestApp::with_limits(limits).await;
    let big = format!("{{\"padding\": \"{}\"}}", "x".repeat(2048));

    // Declared up front: refused before reading.
    let declared = Request::post("/api/quotes")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, big.len())
        .body(Body::from(big.clone()))
        .unwrap();
    let (status, headers, body) = problem(app.send(declared).await).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body["status"], 413);
    assert_eq!(body["title"], "Content Too Large");
    assert_security_headers(&headers);

    // Streamed without a length: cut off at the limit.
    let (mut sender, body) = Channel::<Bytes, std::convert::Infallible>::new(8);
    for chunk in big.as_bytes().chunks(512) {
        sender
            .send_data(Bytes::copy_from_slice(chunk))
            .await
            .unwrap();
    }
    drop(sender);
    let streamed = Request::post("/api/quotes")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::new(body))
        .unwrap();
    let (status, _, body) = problem(app.send(streamed).await).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body["status"], 413);

    // Under the limit the request reaches the handler.
    let small = app.post_from("/api/quotes", None).await;
    assert_ne!(small.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn a_request_that_stalls_answers_503_problem_json() {
    let limits = Hardening {
        timeout: Duration::from_millis(200),
        ..Hardening::default()
    };
    let app = TestApp::with_limits(limits).await;
    // A body that never arrives keeps the handler waiting.
    let (_sender, body) = Channel::<Bytes, std::convert::Infallible>::new(1);
    let request = Request::post("/api/quotes")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::new(body))
        .unwrap();
    let (status, _, body) = problem(app.send(request).await).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body["type"], "/problems/unavailable");
}

#[tokio::test]
async fn event_streams_are_exempt_from_the_timeout() {
    async fn slow() -> &'static str {
        tokio::time::sleep(Duration::from_millis(300)).await;
        "late"
    }
    let limits = Hardening {
        timeout: Duration::from_millis(100),
        ..Hardening::default()
    };
    let api = Router::new()
        .route("/slow", get(slow).post(slow))
        .route("/orders/{id}/events", get(slow));
    let router = Router::new().nest("/api", harden_api(api, &limits));
    let call = |uri: &str, accept: &str| {
        router.clone().oneshot(
            Request::get(uri)
                .header(header::ACCEPT, accept)
                .body(Body::empty())
                .unwrap(),
        )
    };
    let cut = call("/api/slow", "application/json").await.unwrap();
    assert_eq!(cut.status(), StatusCode::SERVICE_UNAVAILABLE);
    let by_path = call("/api/orders/1/events", "*/*").await.unwrap();
    assert_eq!(by_path.status(), StatusCode::OK);
    let by_accept = call("/api/slow", "text/event-stream").await.unwrap();
    assert_eq!(by_accept.status(), StatusCode::OK);
    // Only GETs: a POST claiming to want a stream still has a deadline.
    let post = router
        .clone()
        .oneshot(
            Request::post("/api/slow")
                .header(header::ACCEPT, "text/event-stream")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(post.status(), StatusCode::SERVICE_UNAVAILABLE);
}

fn tiny_rate_limit() -> Hardening {
    Hardening {
        rate_limit: RateLimit {
            per_minute: 1,
            burst: 3,
            ..RateLimit::default()
        },
        ..Hardening::default()
    }
}

#[tokio::test]
async fn posts_past_the_burst_answer_429_with_retry_after_and_gets_are_not_limited() {
    let app = TestApp::with_limits(tiny_rate_limit()).await;
    for _ in 0..3 {
        let response = app.post_from("/api/quotes", None).await;
        assert_ne!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    }
    let (status, headers, body) = problem(app.post_from("/api/quotes", None).await).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body["status"], 429);
    assert_eq!(body["type"], "about:blank");
    // One token a minute: the next one is a minute away.
    assert_eq!(header(&headers, "retry-after"), "60");
    assert_security_headers(&headers);
    // Every POST endpoint shares the client's bucket.
    let other = app.post_from("/api/orders", None).await;
    assert_eq!(other.status(), StatusCode::TOO_MANY_REQUESTS);

    for _ in 0..10 {
        assert_eq!(app.get("/api/health").await.status(), StatusCode::OK);
    }
}

#[tokio::test]
async fn clients_are_limited_by_their_own_address() {
    let app = TestApp::with_limits(tiny_rate_limit()).await;
    let first: SocketAddr = "192.0.2.1:50000".parse().unwrap();
    let second: SocketAddr = "192.0.2.2:50000".parse().unwrap();
    for _ in 0..3 {
        app.post_from("/api/quotes", Some(first)).await;
    }
    let limited = app.post_from("/api/quotes", Some(first)).await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    // Another port of the same address is the same client; another address is not.
    let same: SocketAddr = "192.0.2.1:50001".parse().unwrap();
    let again = app.post_from("/api/quotes", Some(same)).await;
    assert_eq!(again.status(), StatusCode::TOO_MANY_REQUESTS);
    let other = app.post_from("/api/quotes", Some(second)).await;
    assert_ne!(other.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn carrier_webhooks_are_not_rate_limited() {
    let app = TestApp::with_limits(tiny_rate_limit()).await;
    let simulator: SocketAddr = "127.0.0.1:40000".parse().unwrap();
    for _ in 0..20 {
        let response = app
            .post_from("/api/webhooks/carriers/sim", Some(simulator))
            .await;
        assert_ne!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    }
}

async fn fetch_encoded(app: &TestApp, uri: &str, encoding: &str) -> (HeaderMap, Bytes) {
    let response = app
        .send(
            Request::get(uri)
                .header(header::ACCEPT_ENCODING, encoding)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK, "{uri}");
    let headers = response.headers().clone();
    (
        headers,
        response.into_body().collect().await.unwrap().to_bytes(),
    )
}

#[tokio::test]
async fn responses_are_compressed_for_clients_that_accept_it() {
    let app = TestApp::new().await;
    let (headers, body) = fetch_encoded(&app, "/api/markets", "gzip").await;
    assert_eq!(header(&headers, "content-encoding"), "gzip");
    assert!(header(&headers, "vary").contains("accept-encoding"));
    assert_eq!(&body[..2], [0x1f, 0x8b], "gzip magic");

    for uri in [
        "/en/",
        "/storefront-0123456789abcdef.js",
        "/storefront-0123456789abcdef_bg.wasm",
    ] {
        let (headers, _) = fetch_encoded(&app, uri, "gzip, deflate, br").await;
        assert_eq!(header(&headers, "content-encoding"), "br", "{uri}");
    }
    // Without Accept-Encoding, identity.
    let plain = app.get("/storefront-0123456789abcdef.js").await;
    assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
    let body = plain.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(body, JS.repeat(20).as_bytes());
}

#[tokio::test]
async fn precompressed_copies_are_sent_as_they_are() {
    let app = TestApp::new().await;
    let js = "storefront-0123456789abcdef.js";
    std::fs::write(app.dist().join(format!("{js}.br")), b"brotli copy").unwrap();
    std::fs::write(app.dist().join(format!("{js}.gz")), b"gzip copy").unwrap();
    std::fs::write(app.dist().join("index.html.br"), b"brotli page").unwrap();

    for (encoding, sent, body) in [
        ("gzip, deflate, br", "br", &b"brotli copy"[..]),
        ("gzip", "gzip", b"gzip copy"),
    ] {
        let (headers, got) = fetch_encoded(&app, &format!("/{js}"), encoding).await;
        assert_eq!(header(&headers, "content-encoding"), sent, "{encoding}");
        assert_eq!(&got[..], body, "{encoding}: the copy, not compressed again");
        assert_eq!(header(&headers, "content-type"), "text/javascript");
        assert_eq!(
            header(&headers, "cache-control"),
            "public, max-age=31536000, immutable"
        );
        assert!(header(&headers, "vary").contains("accept-encoding"));
    }
    // A rendered page is compressed on the fly, never answered with index.html's copy.
    let (headers, got) = fetch_encoded(&app, "/en/orders/123", "br").await;
    assert_ne!(&got[..], b"brotli page");
    assert_eq!(header(&headers, "content-encoding"), "br");
    assert!(header(&headers, "content-type").starts_with("text/html"));
    assert!(header(&headers, "content-security-policy").contains("script-src 'self'"));
    // A file without copies is still compressed on the fly.
    let (headers, _) = fetch_encoded(&app, "/storefront-0123456789abcdef_bg.wasm", "br").await;
    assert_eq!(header(&headers, "content-encoding"), "br");
}

#[tokio::test]
async fn cache_headers_distinguish_index_hashed_assets_and_images() {
    let app = TestApp::new().await;
    let cases = [
        ("/en", "no-cache"),
        ("/index.html", "no-cache"),
        ("/en/orders/123", "no-cache"),
        (
            "/storefront-0123456789abcdef.js",
            "public, max-age=31536000, immutable",
        ),
        (
            "/storefront-0123456789abcdef_bg.wasm",
            "public, max-age=31536000, immutable",
        ),
        (
            "/main-fedcba9876543210.css",
            "public, max-age=31536000, immutable",
        ),
        ("/images/tea.svg", "public, max-age=86400"),
        ("/favicon.svg", "public, max-age=86400"),
    ];
    for (uri, expected) in cases {
        let response = app.get(uri).await;
        assert_eq!(response.status(), StatusCode::OK, "{uri}");
        assert_eq!(
            header(response.headers(), "cache-control"),
            expected,
            "{uri}"
        );
    }
    // An asset name from an older build is no page: 404, not a redirect to one.
    let stale = app.get("/storefront-ffffffffffffffff.js").await;
    assert_eq!(stale.status(), StatusCode::NOT_FOUND);
    // API responses are left to their handlers.
    let api = app.get("/api/health").await;
    assert!(api.headers().get(header::CACHE_CONTROL).is_none());
}
