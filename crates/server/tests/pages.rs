//! Pages rendered by the app's components on the server: status, language, head, the data
//! read in process and carried in the page, the market from cookie or `Accept-Language`.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::TestApp;
use tempfile::TempDir;

/// The page at `uri` with request `headers`: status, `Location`, and the HTML.
async fn page(test: &TestApp, uri: &str, headers: &[(&str, &str)]) -> (StatusCode, String, String) {
    let mut request = Request::get(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = test.response(request.body(Body::empty()).unwrap()).await;
    let status = response.status();
    let location = response
        .headers()
        .get(header::LOCATION)
        .map(|value| value.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = http_body_util::BodyExt::collect(response.into_body())
        .await
        .unwrap()
        .to_bytes();
    (status, location, String::from_utf8(body.to_vec()).unwrap())
}

#[tokio::test]
async fn a_product_page_holds_the_product_in_the_buyers_language_and_currency() {
    let test = TestApp::new().await;
    let (status, _, html) = page(
        &test,
        "/de/products/matcha-bowl",
        &[("cookie", "market=DE-EUR")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.starts_with("<!DOCTYPE html><html lang=\"de\" dir=\"ltr\">"),
        "{}",
        &html[..80]
    );
    assert!(html.contains("<title>"), "the title is in the head");
    assert!(html.contains("class=\"product__name\""));
    // Prices in euros, as German Intl writes them, and the data in the page for the browser.
    assert!(html.contains("\u{a0}€"), "a euro price");
    assert!(html.contains("__RESOLVED_RESOURCES"));
    assert!(html.contains("matcha-bowl"));
}

#[tokio::test]
async fn arabic_pages_are_right_to_left() {
    let test = TestApp::new().await;
    let (status, _, html) = page(&test, "/ar/products", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.starts_with("<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\">"));
}

#[tokio::test]
async fn without_a_cookie_the_accept_language_region_picks_country_and_currency() {
    let test = TestApp::new().await;
    let (_, _, html) = page(
        &test,
        "/fr/products/matcha-bowl",
        &[("accept-language", "fr-CH,fr;q=0.9")],
    )
    .await;
    assert!(
        html.contains("Suisse · CHF"),
        "Switzerland and francs for fr-CH"
    );
    let (_, _, html) = page(
        &test,
        "/fr/products/matcha-bowl",
        &[("accept-language", "fr-CH"), ("cookie", "market=JP-JPY")],
    )
    .await;
    assert!(html.contains("Japon · JPY"), "the cookie wins");
}

#[tokio::test]
async fn a_path_without_a_language_redirects_to_the_buyers() {
    let test = TestApp::new().await;
    let (status, location, _) = page(
        &test,
        "/products?q=tea",
        &[("accept-language", "ja,en;q=0.5")],
    )
    .await;
    assert!(status.is_redirection(), "{status}");
    assert_eq!(location, "/ja/products?q=tea");
    let (_, location, _) = page(
        &test,
        "/",
        &[("accept-language", "ja"), ("cookie", "lang=ar")],
    )
    .await;
    assert_eq!(location, "/ar");
    let (_, location, _) = page(&test, "/", &[]).await;
    assert_eq!(location, "/en");
}

// On Tokio's multi-threaded runtime, as the server runs: on the single-threaded test runtime,
// a page rendered after an earlier page's not-found view reads that view's disposed locale.
#[tokio::test(flavor = "multi_thread")]
async fn unknown_products_and_paths_answer_404() {
    let test = TestApp::new().await;
    for uri in [
        "/en/products/no-such-thing",
        "/en/carriers/no-such-carrier",
        "/en/no/such/page",
    ] {
        let (status, _, html) = page(&test, uri, &[]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        assert!(
            html.contains("<title>Page not found · Caravan</title>"),
            "{uri}"
        );
        assert!(
            html.contains("Back to the home page"),
            "{uri}: the page leads home"
        );
    }
}

#[tokio::test]
async fn browser_only_pages_render_their_placeholder() {
    let test = TestApp::new().await;
    for uri in ["/en/cart", "/en/checkout/address", "/en/orders"] {
        let (status, _, html) = page(&test, uri, &[]).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert!(html.contains("<main"), "{uri}");
    }
}

#[tokio::test]
async fn pages_carry_the_built_apps_assets() {
    let dist = TempDir::new().unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><html><head><title>app</title><link rel=\"stylesheet\" href=\"/main-0123456789abcdef.css\"/>\
         <script type=\"module\">import init from '/app.js'; await init();</script></head><body></body></html>",
    )
    .unwrap();
    std::fs::write(dist.path().join("app.js"), "export {}").unwrap();
    let test = TestApp::with_dist(Some(dist.path())).await;
    let (status, _, html) = page(&test, "/en", &[]).await;
    assert_eq!(status, StatusCode::OK);
    let head = &html[..html.find("</head>").unwrap()];
    assert!(head.contains("<link rel=\"stylesheet\" href=\"/main-0123456789abcdef.css\"/>"));
    assert!(head.contains("import init from '/app.js'"));
    assert!(!head.contains("<title>app</title>"), "the page's own title");
    let (status, kind, _) = test.get("/app.js").await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.contains("javascript"), "{kind}");
    // The API keeps answering for itself.
    let (status, kind, _) = test.get("/api/missing").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(kind, "application/problem+json");
}
