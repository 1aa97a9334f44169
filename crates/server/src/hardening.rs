//! Hardening of the HTTP surface, applied once by [`crate::app_with`].
//!
//! - API (`/api`, [`harden_api`]): a request body limit, a request timeout that spares event
//!   streams, and a per-client token bucket on state-changing requests; each refusal is an RFC 9457
//!   problem+json like every other API error.
//! - Everything ([`harden_app`]): security headers on every response, a strict
//!   Content-Security-Policy on the app (allowing trunk's inline loader script by its hash),
//!   gzip/brotli compression, and cache headers for the app's files.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::path::Path;
use std::sync::{Arc, Mutex, Once, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::extract::{ConnectInfo, OriginalUri, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use storefront_domain::{Problem, ProblemType};
use tokio::time::Instant;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::limit::RequestBodyLimitLayer;

use crate::built_index::FromIndex;
use crate::error::problem_response;

/// The limits of the hardening layers; `Default` is what the server runs with.
#[derive(Clone, Copy, Debug)]
pub struct Hardening {
    /// Largest API request body in bytes: API bodies are small JSON documents, so 64 KiB leaves
    /// ample room while keeping a client from making the server buffer megabytes.
    pub body_limit: usize,
    /// Longest an API request may take until its response starts (reading the body included),
    /// so a stuck database or a slow-drip upload cannot hold a connection forever.
    pub timeout: Duration,
    /// Per-client limit on the API's state-changing requests.
    pub rate_limit: RateLimit,
}

impl Default for Hardening {
    fn default() -> Self {
        Self {
            body_limit: 64 * 1024,
            timeout: Duration::from_secs(10),
            rate_limit: RateLimit::default(),
        }
    }
}

/// A token bucket per client: `burst` requests back to back, refilled at `per_minute`.
#[derive(Clone, Copy, Debug)]
pub struct RateLimit {
    /// Sustained rate: tokens added to each bucket per minute (0 counts as 1).
    pub per_minute: u32,
    /// Bucket size: requests a client may send back to back (0 counts as 1).
    pub burst: u32,
    /// Most clients tracked at once, so memory stays bounded; past it (once idle buckets are
    /// evicted) new clients share one overflow bucket.
    pub max_clients: usize,
}

impl Default for RateLimit {
    /// 30 a minute with a burst of 10: a buyer re-quoting while editing the cart, ordering and
    /// writing a message stays well inside it; a script hammering quotes or orders does not.
    fn default() -> Self {
        Self {
            per_minute: 30,
            burst: 10,
            max_clients: 100_000,
        }
    }
}

/// Wraps the API router (the one nested under `/api`) with its request limits, outermost last:
/// refusals are problem+json, a rate-limited request is refused before its body is read, and the
/// timeout covers reading the body.
pub fn harden_api<S>(router: Router<S>, config: &Hardening) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    let limiter = Arc::new(RateLimiter::new(config.rate_limit));
    router
        // Refuses a declared Content-Length over the limit at once, and stops a streamed body
        // there (the extractor then fails with 413).
        .layer(RequestBodyLimitLayer::new(config.body_limit))
        .layer(middleware::from_fn_with_state(config.timeout, timeout))
        .layer(middleware::from_fn_with_state(limiter, rate_limit))
        .layer(middleware::from_fn_with_state(
            config.body_limit,
            body_too_large_as_problem,
        ))
}

/// Wraps the whole app (API and built app) with the layers every response gets.
/// `dist` is the built app's folder, whose `index.html` the Content-Security-Policy is made for.
pub fn harden_app<S>(router: Router<S>, dist: Option<&Path>) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    let csp = Arc::new(FromIndex::load(
        dist.map(|dist| dist.join("index.html")),
        csp_header,
    ));
    router
        .layer(middleware::from_fn(cache_headers))
        // gzip and brotli for JSON, and for app files the build left no compressed copy of
        // (those are sent as they are, see `app_with`); the default predicate skips bodies
        // under 32 bytes, raster images and `text/event-stream` (streams must not be
        // buffered). Level 5, because this runs on every response: brotli's 11 takes seconds
        // of CPU over the wasm, 5 takes tens of milliseconds and still beats gzip -9; gzip 5
        // is within 2% of its default.
        .layer(
            CompressionLayer::new()
                .no_deflate()
                .no_zstd()
                .quality(CompressionLevel::Precise(5)),
        )
        .layer(middleware::from_fn_with_state(csp, security_headers))
}

// ---------------------------------------------------------------------------------------------
// Body limit

/// Any 413 from the API (the body limit layer's plain-text one, or an extractor that hit the
/// limit) becomes the API's problem+json, so clients parse one error format.
async fn body_too_large_as_problem(
    State(limit): State<usize>,
    request: Request,
    next: Next,
) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::PAYLOAD_TOO_LARGE {
        return response;
    }
    problem_response(&Problem {
        kind: ProblemType::Other,
        title: "Content Too Large".to_owned(),
        status: StatusCode::PAYLOAD_TOO_LARGE.as_u16(),
        detail: Some(format!(
            "The request body is larger than the {limit} bytes this API accepts."
        )),
        field: None,
        errors: Vec::new(),
    })
}

// ---------------------------------------------------------------------------------------------
// Timeout

/// Answers 503 problem+json (type `unavailable`, which the app already explains as "try again")
/// when the response has not started within the limit; not 408, which browsers may silently
/// retry, resending a POST. Event streams are exempt (see [`is_event_stream`]).
async fn timeout(State(limit): State<Duration>, request: Request, next: Next) -> Response {
    if is_event_stream(&request) {
        return next.run(request).await;
    }
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => problem_response(&Problem {
            kind: ProblemType::Unavailable,
            title: "Service unavailable".to_owned(),
            status: StatusCode::SERVICE_UNAVAILABLE.as_u16(),
            detail: Some(format!(
                "The server did not answer within {} s; try again shortly.",
                limit.as_secs()
            )),
            field: None,
            errors: Vec::new(),
        }),
    }
}

/// The exemption rule for the timeout: a GET that opens a long-lived server-sent-events stream,
/// recognized by its path ending in `/events` (as in `GET /api/orders/{id}/events`) or by
/// accepting `text/event-stream`. Such a stream stays open as long as the buyer watches the order,
/// so no deadline applies to it. Only GET (what `EventSource` sends): a POST claiming to accept
/// an event stream must not escape the deadline while it drips its body in.
pub fn is_event_stream(request: &Request) -> bool {
    request.method() == Method::GET
        && (request.uri().path().ends_with("/events")
            || request
                .headers()
                .get_all(header::ACCEPT)
                .iter()
                .filter_map(|value| value.to_str().ok())
                .any(|value| value.contains("text/event-stream")))
}

// ---------------------------------------------------------------------------------------------
// Rate limit

/// Limits state-changing requests (POST and every other unsafe method: quotes, orders, messages,
/// feedback) per client; safe methods (GET, HEAD, OPTIONS) are never limited.
///
/// Carrier webhooks (`/api/webhooks/…`) are exempt: they are authenticated by their HMAC
/// signature (checked before any database work, so forged ones are cheap to refuse), carriers
/// legitimately deliver events in bursts from a few addresses, and the built-in carrier simulator
/// posts them from 127.0.0.1, the same address a local buyer has.
async fn rate_limit(
    State(limiter): State<Arc<RateLimiter>>,
    request: Request,
    next: Next,
) -> Response {
    if request.method().is_safe() || full_path(&request).starts_with("/api/webhooks/") {
        return next.run(request).await;
    }
    match limiter.check(client_key(&request), Instant::now()) {
        Ok(()) => next.run(request).await,
        Err(wait) => too_many_requests(wait),
    }
}

fn too_many_requests(wait: Duration) -> Response {
    // Whole seconds, rounded up, at least 1: a client retrying then finds a token.
    let seconds = (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1);
    let mut response = problem_response(&Problem {
        kind: ProblemType::Other,
        title: "Too Many Requests".to_owned(),
        status: StatusCode::TOO_MANY_REQUESTS.as_u16(),
        detail: Some(format!(
            "Too many requests from this address; try again in {seconds} s."
        )),
        field: None,
        errors: Vec::new(),
    });
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    response
}

/// Whose bucket a request draws from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum ClientKey {
    /// The peer address (an IPv6 one reduced to its /64).
    Ip(IpAddr),
    /// No peer address known (the app driven in-process, or served without connect info).
    Shared,
    /// New clients while `max_clients` buckets are all in use.
    Overflow,
}

/// The peer address from `ConnectInfo`, which the server has only when served with
/// `into_make_service_with_connect_info::<SocketAddr>()`; without it every client shares one
/// bucket (logged once). Forwarding headers are not trusted: anyone can write them.
fn client_key(request: &Request) -> ClientKey {
    match request.extensions().get::<ConnectInfo<SocketAddr>>() {
        Some(ConnectInfo(addr)) => ClientKey::Ip(client_ip(addr.ip())),
        None => {
            static WARN: Once = Once::new();
            WARN.call_once(|| {
                tracing::warn!(
                    "no client address (serve with connect info): rate limiting uses one \
                     bucket for every client"
                );
            });
            ClientKey::Shared
        }
    }
}

/// IPv4 as is (IPv4-mapped IPv6 too); IPv6 by its /64 prefix, the usual allocation of one
/// subscriber, so one host cannot get a fresh bucket per address.
fn client_ip(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(Ipv6Addr::from(u128::from(v6) & (u128::MAX << 64))),
        },
    }
}

/// In-memory token buckets. A bucket that has refilled completely says nothing a fresh one would
/// not, so such idle buckets are evicted every minute (and when the table is full): memory is
/// bounded by the clients active in the last `burst / per_minute` minutes, and by `max_clients`.
struct RateLimiter {
    config: RateLimit,
    state: Mutex<Buckets>,
}

struct Buckets {
    map: HashMap<ClientKey, Bucket>,
    last_sweep: Instant,
}

#[derive(Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// How often idle buckets are evicted in any case.
const SWEEP_EVERY: Duration = Duration::from_secs(60);

impl RateLimiter {
    fn new(config: RateLimit) -> Self {
        Self {
            config,
            state: Mutex::new(Buckets {
                map: HashMap::new(),
                last_sweep: Instant::now(),
            }),
        }
    }

    fn capacity(&self) -> f64 {
        f64::from(self.config.burst.max(1))
    }

    fn per_second(&self) -> f64 {
        f64::from(self.config.per_minute.max(1)) / 60.0
    }

    /// Takes a token from `key`'s bucket, or says how long until one is there.
    fn check(&self, key: ClientKey, now: Instant) -> Result<(), Duration> {
        let (capacity, rate) = (self.capacity(), self.per_second());
        let mut buckets = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if now.saturating_duration_since(buckets.last_sweep) >= SWEEP_EVERY {
            buckets.sweep(now, capacity, rate);
        }
        let mut key = key;
        if !buckets.map.contains_key(&key) && buckets.map.len() >= self.config.max_clients {
            // A full sweep at most once a second, so a flood of new addresses stays cheap.
            if now.saturating_duration_since(buckets.last_sweep) >= Duration::from_secs(1) {
                buckets.sweep(now, capacity, rate);
            }
            if buckets.map.len() >= self.config.max_clients {
                key = ClientKey::Overflow;
            }
        }
        let bucket = buckets.map.entry(key).or_insert(Bucket {
            tokens: capacity,
            at: now,
        });
        let tokens = bucket.refilled(now, rate).min(capacity);
        bucket.at = now;
        if tokens >= 1.0 {
            bucket.tokens = tokens - 1.0;
            Ok(())
        } else {
            bucket.tokens = tokens;
            Err(Duration::from_secs_f64((1.0 - tokens) / rate))
        }
    }

    /// How many buckets are held.
    #[cfg(test)]
    fn tracked(&self) -> usize {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .map
            .len()
    }
}

impl Bucket {
    fn refilled(&self, now: Instant, rate: f64) -> f64 {
        self.tokens + now.saturating_duration_since(self.at).as_secs_f64() * rate
    }
}

impl Buckets {
    /// Drops every bucket that is full again.
    fn sweep(&mut self, now: Instant, capacity: f64, rate: f64) {
        self.map
            .retain(|_, bucket| bucket.refilled(now, rate) < capacity);
        self.last_sweep = now;
    }
}

// ---------------------------------------------------------------------------------------------
// Security headers

/// Headers every response gets (unless a handler set its own):
const SECURITY_HEADERS: [(HeaderName, &str); 5] = [
    // Browsers must not guess a type other than the declared one (no JSON run as script).
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    // Order links carry the access token in the URL fragment; no Referer leaks anything.
    (header::REFERRER_POLICY, "no-referrer"),
    // No framing (clickjacking), for browsers without CSP frame-ancestors.
    (header::X_FRAME_OPTIONS, "DENY"),
    // A page this app opens cannot reach back into it through window.opener.
    (
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    ),
    // The store needs none of these powerful features; nothing embedded may ask for them.
    (
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=()",
    ),
];

/// CSP of API responses: they are data, never documents, so they may load and run nothing.
pub const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'";

/// Adds the security headers and the Content-Security-Policy: [`API_CSP`] under `/api`, the
/// app's policy ([`app_csp`]) on everything else and on any HTML page.
async fn security_headers(
    State(csp): State<Arc<FromIndex<HeaderValue>>>,
    request: Request,
    next: Next,
) -> Response {
    let api = is_api(full_path(&request));
    let mut response = next.run(request).await;
    let html = is_html(response.headers());
    // An HTML response is checked against the `index.html` on disk; others take the last.
    let policy = if api && !html {
        HeaderValue::from_static(API_CSP)
    } else if html {
        (*csp.current().await).clone()
    } else {
        (*csp.cached()).clone()
    };
    let headers = response.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    }
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(policy);
    response
}

/// The app's Content-Security-Policy, allowing the inline scripts with `script_hashes`:
///
/// `default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-…'; style-src 'self';
/// img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none';
/// base-uri 'none'; form-action 'self'; frame-ancestors 'none'`
///
/// `'wasm-unsafe-eval'` lets the page compile its WebAssembly and nothing else; trunk's inline
/// `<script type="module">` loader runs only because its hash is listed, one `'sha256-…'` per
/// inline script of the page ([`inline_script_hashes`]). A page the server renders also
/// allows the scripts it wrote itself (its data for the browser, JSON-LD) by the response's
/// `nonce`: hashing them from the rendered page would allow a script smuggled into it too.
/// No `'unsafe-inline'`, no `'unsafe-eval'`.
pub fn app_csp(script_hashes: &[String], nonce: Option<&str>) -> String {
    let mut script_src = String::from("'self' 'wasm-unsafe-eval'");
    for hash in script_hashes {
        script_src.push_str(" 'sha256-");
        script_src.push_str(hash);
        script_src.push('\'');
    }
    if let Some(nonce) = nonce {
        script_src.push_str(" 'nonce-");
        script_src.push_str(nonce);
        script_src.push('\'');
    }
    format!(
        "default-src 'self'; script-src {script_src}; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// The base64 SHA-256 of each inline script (a `<script>` without `src`) of an HTML page, as a
/// CSP hash source expects: over the script element's exact text, UTF-8, after the line-ending
/// normalization every HTML parser does (CR LF and lone CR become LF).
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let html = html.replace("\r\n", "\n").replace('\r', "\n");
    // ASCII lowercasing keeps every byte offset, so positions found in `lower` index `html`.
    let lower = html.to_ascii_lowercase();
    let mut hashes = Vec::new();
    let mut from = 0;
    while let Some(found) = lower[from..].find("<script") {
        let name_end = from + found + "<script".len();
        let Some(next) = lower[name_end..].chars().next() else {
            break;
        };
        if !(next.is_ascii_whitespace() || next == '>' || next == '/') {
            from = name_end; // e.g. `<scripts>`
            continue;
        }
        let Some(tag_end) = start_tag_end(&lower, name_end) else {
            break;
        };
        let text_start = tag_end + 1;
        let Some(text_len) = lower[text_start..].find("</script") else {
            break;
        };
        let text_end = text_start + text_len;
        if !attribute_names(&lower[name_end..tag_end]).any(|name| name == "src") {
            let digest = Sha256::digest(&html.as_bytes()[text_start..text_end]);
            hashes.push(base64::engine::general_purpose::STANDARD.encode(digest));
        }
        from = text_end;
    }
    hashes
}

/// The index of the `>` closing a start tag whose attributes begin at `from` (quoted attribute
/// values may hold a `>`).
fn start_tag_end(html: &str, from: usize) -> Option<usize> {
    let mut quote = None;
    for (offset, c) in html[from..].char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(open), _) if c == open => quote = None,
            (None, '>') => return Some(from + offset),
            _ => {}
        }
    }
    None
}

/// The attribute names of a start tag's attribute text (`type="module" async`).
fn attribute_names(attributes: &str) -> impl Iterator<Item = &str> {
    let mut rest = attributes;
    std::iter::from_fn(move || {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if rest.is_empty() {
            return None;
        }
        let name_len = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let (name, after) = rest.split_at(name_len);
        rest = after.trim_start();
        if let Some(value) = rest.strip_prefix('=') {
            let value = value.trim_start();
            rest = match value.chars().next() {
                Some(quote @ ('"' | '\'')) => {
                    value[1..].find(quote).map_or("", |end| &value[end + 2..])
                }
                _ => value
                    .find(|c: char| c.is_ascii_whitespace())
                    .map_or("", |end| &value[end..]),
            };
        }
        Some(name)
    })
}

/// The app's CSP header for the `index.html` being served (or none).
fn csp_header(index_html: Option<&str>) -> HeaderValue {
    // Only ASCII goes into the policy (fixed text and base64), so this cannot fail.
    HeaderValue::try_from(app_csp(
        &index_html.map(inline_script_hashes).unwrap_or_default(),
        None,
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"))
}

// ---------------------------------------------------------------------------------------------
// Cache headers

/// Revalidate before every use (HTML pages, unhashed files).
const NO_CACHE: &str = "no-cache";
/// trunk's content-hashed files never change under their name.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Product images and the favicon: unhashed, rarely changed; a day.
const A_DAY: &str = "public, max-age=86400";

/// Sets `Cache-Control` on the app's responses (never on the API's: its handlers decide).
async fn cache_headers(request: Request, next: Next) -> Response {
    let path = full_path(&request).to_owned();
    let mut response = next.run(request).await;
    if is_api(&path) || response.headers().contains_key(header::CACHE_CONTROL) {
        return response;
    }
    let policy = cache_policy(&path, response.status(), is_html(response.headers()));
    if let Some(policy) = policy {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}

/// The `Cache-Control` of an app response. HTML first: `index.html` and the SPA fallback (which
/// answers for any unknown path, even an outdated asset name) must always be revalidated. Then,
/// for successful responses only, trunk's hashed files at the root are immutable, images and the
/// favicon get a day, anything else is revalidated.
pub fn cache_policy(path: &str, status: StatusCode, html: bool) -> Option<&'static str> {
    if html {
        return Some(NO_CACHE);
    }
    if !status.is_success() {
        return None;
    }
    let name = path.strip_prefix('/').unwrap_or(path);
    Some(if !name.contains('/') && is_hashed_asset(name) {
        IMMUTABLE
    } else if path.starts_with("/images/") || name.starts_with("favicon") {
        A_DAY
    } else {
        NO_CACHE
    })
}

/// A name trunk gave a content hash: `-` and its 64-bit hash in lowercase hex, then `.` or `_`
/// (`storefront-21705cf2c8d95f35.js`, `storefront-21705cf2c8d95f35_bg.wasm`,
/// `main-87a22f5ad4727419.css`, `favicon-f7240c6a43d284ce.svg`). trunk writes the hash without
/// leading zeros, so one build in sixteen has 15 digits; fewer than 12 would be one in 65,536,
/// and a short run of hex letters is more likely a word.
pub fn is_hashed_asset(name: &str) -> bool {
    name.match_indices('-').any(|(at, _)| {
        let rest = &name.as_bytes()[at + 1..];
        let digits = rest
            .iter()
            .take_while(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
            .count();
        (12..=16).contains(&digits) && matches!(rest.get(digits), Some(b'.' | b'_'))
    })
}

// ---------------------------------------------------------------------------------------------
// Helpers

/// The request's path as the client sent it, also inside the nested `/api` router (which sees
/// it without the prefix).
fn full_path(request: &Request) -> &str {
    request
        .extensions()
        .get::<OriginalUri>()
        .map_or_else(|| request.uri().path(), |uri| uri.path())
}

fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

fn is_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_the_exact_text_of_inline_scripts_only() {
        let html = "<head><SCRIPT type=\"module\">\nimport init from '/a.js';\r\nawait init();\n\
                    </script><script src=\"/b.js\"></script><script data-x='a>b'>x</script>";
        let hashes = inline_script_hashes(html);
        let expected = |text: &str| {
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
        };
        assert_eq!(
            hashes,
            [
                expected("\nimport init from '/a.js';\nawait init();\n"),
                expected("x")
            ]
        );
    }

    #[test]
    fn the_policy_allows_no_unsafe_source_but_wasm() {
        let csp = app_csp(&inline_script_hashes("<script>1</script>"), Some("n0nce"));
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"));
        assert!(csp.contains(" 'nonce-n0nce';"));
        assert!(!csp.contains("'unsafe-inline'") && !csp.contains("'unsafe-eval'"));
        assert_eq!(
            app_csp(&[], None),
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; \
             base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        );
    }

    #[test]
    fn recognizes_trunk_hashed_names() {
        for name in [
            "storefront-21705cf2c8d95f35.js",
            "storefront-21705cf2c8d95f35_bg.wasm",
            "main-87a22f5ad4727419.css",
            "favicon-f7240c6a43d284ce.svg",
            // A hash with a leading zero, which trunk leaves out.
            "storefront-7fa015714d78ace_bg.wasm",
        ] {
            assert!(is_hashed_asset(name), "{name}");
        }
        for name in [
            "index.html",
            "favicon.svg",
            "main-87a22f5a.css",
            "x-21705CF2C8D95F35.js",
            "x-21705cf2c8d95f351.js",
        ] {
            assert!(!is_hashed_asset(name), "{name}");
        }
    }

    #[test]
    fn ipv6_clients_are_keyed_by_their_64_prefix() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::2".parse().unwrap();
        assert_eq!(client_ip(a), client_ip(b));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(client_ip(mapped), "192.0.2.7".parse::<IpAddr>().unwrap());
    }

    #[test]
    fn buckets_refill_and_idle_ones_are_evicted() {
        let limiter = RateLimiter::new(RateLimit {
            per_minute: 60,
            burst: 2,
            max_clients: 2,
        });
        let client = |n: u8| ClientKey::Ip(IpAddr::from([192, 0, 2, n]));
        let start = Instant::now();
        assert!(limiter.check(client(1), start).is_ok());
        assert!(limiter.check(client(1), start).is_ok());
        assert_eq!(limiter.check(client(1), start), Err(Duration::from_secs(1)));
        assert!(
            limiter
                .check(client(1), start + Duration::from_secs(1))
                .is_ok()
        );
        // A full table sends new clients to the shared overflow bucket...
        assert!(limiter.check(client(2), start).is_ok());
        assert!(limiter.check(client(3), start).is_ok());
        assert_eq!(limiter.tracked(), 3);
        // ...until idle (full again) buckets are evicted.
        let later = start + Duration::from_secs(61);
        assert!(limiter.check(client(4), later).is_ok());
        assert_eq!(limiter.tracked(), 1);
    }
}
