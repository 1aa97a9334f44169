//! Pages rendered by the app's components on the server: status, language, head, the data
//! read in process and carried in the page, the market from cookie or `Accept-Language`.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::TestApp;
use tempfile::TempDir;

/// The page at `uri` with request `headers`: status, `Location`, and the HTML.
async fn page(test: &TestApp, uri: &str, headers: &[(&str, &str)]) -> (StatusCode, String, String) {
    // As a browser reaches the store through a TLS-terminating proxy.
    let mut request = Request::get(uri)
        .header(header::HOST, "shop.example")
        .header("x-forwarded-proto", "https");
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

#[tokio::test]
async fn unknown_products_and_paths_answer_404() {
    let test = TestApp::new().await;
    for uri in [
        "/en/products/no-such-thing",
        "/en/carriers/no-such-carrier",
        "/en/checkout/no-such-step",
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
    for uri in [
        "/en/cart",
        "/en/checkout",
        "/en/checkout/address",
        "/en/checkout/review",
        "/en/checkout/confirmation",
        "/en/orders",
    ] {
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

/// The `content` of the head's `<meta>` whose `name` or `property` is `key`.
fn meta<'a>(html: &'a str, key: &str) -> Option<&'a str> {
    ["name", "property"].iter().find_map(|attribute| {
        let start = html.find(&format!("<meta {attribute}=\"{key}\" content=\""))?;
        let rest = &html[start..];
        let value = &rest[rest.find("content=\"")? + "content=\"".len()..];
        Some(&value[..value.find('"')?])
    })
}

/// The `href` of the head's `<link>` with `rel` (and `hreflang`, when given).
fn link<'a>(head: &'a str, rel: &str, hreflang: Option<&str>) -> Option<&'a str> {
    head.split("<link ").skip(1).find_map(|element| {
        let element = &element[..element.find('>')?];
        let attribute = |name: &str| {
            let start = element.find(&format!("{name}=\""))? + name.len() + 2;
            Some(&element[start..start + element[start..].find('"')?])
        };
        (attribute("rel") == Some(rel) && attribute("hreflang") == hreflang)
            .then(|| attribute("href"))
            .flatten()
    })
}

/// Every JSON-LD block of the page, parsed.
fn json_ld(html: &str) -> Vec<serde_json::Value> {
    html.split("<script type=\"application/ld+json\"")
        .skip(1)
        .map(|block| {
            let text = &block[block.find('>').unwrap() + 1..block.find("</script>").unwrap()];
            serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
        })
        .collect()
}

/// Every node of the JSON-LD blocks (those of an `@graph` one by one).
fn nodes(html: &str) -> Vec<serde_json::Value> {
    json_ld(html)
        .into_iter()
        .flat_map(|block| match block.get("@graph") {
            Some(graph) => graph.as_array().unwrap().clone(),
            None => vec![block],
        })
        .collect()
}

#[tokio::test]
async fn public_pages_carry_canonical_alternates_previews_and_structured_data() {
    let test = TestApp::new().await;
    let base = "https://shop.example";
    for (path, kind) in [
        ("/en", "OnlineStore"),
        ("/en/products", "BreadcrumbList"),
        ("/en/products/matcha-bowl", "Product"),
        ("/en/carriers", "BreadcrumbList"),
        ("/en/carriers/heron", "BreadcrumbList"),
    ] {
        let (status, _, html) = page(&test, path, &[]).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        let head = &html[..html.find("</head>").unwrap()];
        assert!(head.contains("<title>"), "{path}");
        assert!(
            meta(head, "description").is_some_and(|text| text.len() > 20),
            "{path}: a description"
        );
        assert_eq!(
            link(head, "canonical", None),
            Some(format!("{base}{path}").as_str())
        );
        for lang in ["en", "de", "fr", "es", "zh", "ja", "ar"] {
            let localized = path.replacen("/en", &format!("/{lang}"), 1);
            assert_eq!(
                link(head, "alternate", Some(lang)),
                Some(format!("{base}{localized}").as_str()),
                "{path}: {lang} alternate"
            );
        }
        let default = match path.strip_prefix("/en") {
            Some("") | None => "/",
            Some(rest) => rest,
        };
        assert_eq!(
            link(head, "alternate", Some("x-default")),
            Some(format!("{base}{default}").as_str()),
            "{path}: x-default"
        );
        for key in ["og:title", "og:description", "og:site_name", "twitter:card"] {
            assert!(
                meta(head, key).is_some_and(|text| !text.is_empty()),
                "{path}: {key}"
            );
        }
        assert_eq!(meta(head, "og:url"), Some(format!("{base}{path}").as_str()));
        let image = meta(head, "og:image").unwrap();
        assert!(
            image.starts_with(&format!("{base}/images/")) && image.ends_with(".png"),
            "{path}: {image}"
        );
        let nodes = nodes(&html);
        assert!(
            nodes.iter().any(|node| node["@type"] == kind),
            "{path}: a {kind} in {nodes:?}"
        );
    }
}

#[tokio::test]
async fn a_product_previews_with_its_picture_and_price_and_offers_shipping_to_the_buyer() {
    let test = TestApp::new().await;
    let (_, _, html) = page(
        &test,
        "/de/products/matcha-bowl",
        &[("cookie", "market=DE-EUR")],
    )
    .await;
    let head = &html[..html.find("</head>").unwrap()];
    assert_eq!(meta(head, "og:type"), Some("product"));
    assert_eq!(
        meta(head, "og:image"),
        Some("https://shop.example/images/products/matcha-bowl.png")
    );
    assert_eq!(meta(head, "product:price:currency"), Some("EUR"));
    let amount = meta(head, "product:price:amount").unwrap();
    assert!(
        amount.parse::<f64>().is_ok_and(|amount| amount > 0.0),
        "{amount}"
    );
    let title = meta(head, "og:title").unwrap();
    assert!(html.contains(&format!("<h1 class=\"product__name\">{title}<!></h1>")));

    let nodes = nodes(&html);
    let product = nodes
        .iter()
        .find(|node| node["@type"] == "Product")
        .unwrap();
    assert_eq!(product["name"], title);
    assert_eq!(
        product["image"],
        "https://shop.example/images/products/matcha-bowl.png"
    );
    let offer = &product["offers"][0];
    assert_eq!(offer["priceCurrency"], "EUR");
    assert_eq!(offer["price"], amount);
    assert_eq!(offer["availability"], "https://schema.org/InStock");
    let shipping = &offer["shippingDetails"];
    assert_eq!(shipping["shippingDestination"]["addressCountry"], "DE");
    assert_eq!(shipping["shippingRate"]["currency"], "EUR");
    let trail = nodes
        .iter()
        .find(|node| node["@type"] == "BreadcrumbList")
        .unwrap();
    let steps = trail["itemListElement"].as_array().unwrap();
    assert_eq!(steps.len(), 4, "home, catalog, category, product");
    assert_eq!(
        steps[3]["item"],
        "https://shop.example/de/products/matcha-bowl"
    );
}

#[tokio::test]
async fn the_buyers_own_pages_are_kept_out_of_search_engines() {
    let test = TestApp::new().await;
    for uri in ["/en/cart", "/en/checkout/address", "/en/orders"] {
        let (_, _, html) = page(&test, uri, &[]).await;
        let head = &html[..html.find("</head>").unwrap()];
        assert_eq!(meta(head, "robots"), Some("noindex"), "{uri}");
        assert_eq!(link(head, "canonical", None), None, "{uri}");
    }
}

#[tokio::test]
async fn what_the_buyer_typed_is_escaped_wherever_the_page_repeats_it() {
    let test = TestApp::new().await;
    let attack = "\"><script>alert(1)</script>";
    let (status, _, html) = page(
        &test,
        "/en/products?q=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains(attack), "the query is never written raw");
    assert!(!html.contains("<script>alert(1)"));
    // The search box shows what was searched for.
    assert!(
        html.contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""),
        "the search box holds the query"
    );
}

#[tokio::test]
async fn a_page_whose_data_fails_answers_5xx_and_says_so() {
    let test = TestApp::new().await;
    // The variants table gone: every read of products fails inside the API.
    test.db
        .execute("ALTER TABLE variants RENAME TO variants_gone", &[])
        .await;
    for uri in ["/en/products", "/en/products/matcha-bowl", "/en"] {
        let (status, _, html) = page(&test, uri, &[]).await;
        assert!(status.is_server_error(), "{uri}: {status}");
        assert!(html.contains("role=\"alert\""), "{uri}: the page says so");
        assert!(html.contains("Something went wrong"), "{uri}");
        assert!(html.contains("Try again"), "{uri}: with a retry");
    }
    assert!(
        page(&test, "/en/products/matcha-bowl", &[])
            .await
            .2
            .contains("<title>Something went wrong · Caravan</title>")
    );
}
