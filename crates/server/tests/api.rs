//! The API driven in-process with `oneshot`, each test on its own fresh database.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use storefront_server::{AppState, app, db};
use tempfile::TempDir;
use tower::ServiceExt;

/// A fresh database in its own folder, kept alive as long as the test needs it.
struct TestApp {
    router: Router,
    _dir: TempDir,
}

impl TestApp {
    async fn new() -> Self {
        Self::with_dist(None).await
    }

    async fn with_dist(dist: Option<&std::path::Path>) -> Self {
        let dir = TempDir::new().unwrap();
        let pool = db::open(&dir.path().join("test.db")).await.unwrap();
        Self {
            router: app(AppState { db: pool }, dist),
            _dir: dir,
        }
    }

    async fn get(&self, uri: &str) -> (StatusCode, String, Vec<u8>) {
        let response = self
            .router
            .clone()
            .oneshot(Request::get(uri).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let kind = response
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let body = response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec();
        (status, kind, body)
    }

    async fn json(&self, uri: &str) -> (StatusCode, String, Value) {
        let (status, kind, body) = self.get(uri).await;
        (status, kind, serde_json::from_slice(&body).unwrap())
    }
}

#[tokio::test]
async fn health_reports_ok_after_a_database_round_trip() {
    let (status, kind, body) = TestApp::new().await.json("/api/health").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind, "application/json");
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn products_lists_the_seeded_catalog_in_english_by_default() {
    let (status, _, body) = TestApp::new().await.json("/api/products").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["page"], 1);
    assert_eq!(body["per_page"], 24);
    let items = body["items"].as_array().unwrap();
    assert_eq!(body["total"], items.len());
    assert!(items.len() >= 8);
    let bowl = &items[0];
    assert_eq!(bowl["slug"], "matcha-bowl");
    assert_eq!(bowl["name"], "Hand-thrown matcha bowl");
    assert_eq!(bowl["seller"]["country"], "JP");
    assert_eq!(
        bowl["price"],
        serde_json::json!({ "amount_minor": 4800, "currency": "JPY" })
    );
    assert_eq!(bowl["image"], "/images/products/matcha-bowl.svg");
}

#[tokio::test]
async fn products_are_translated_and_fall_back_to_english() {
    let test = TestApp::new().await;
    let (_, _, arabic) = test.json("/api/products?lang=ar").await;
    assert_eq!(arabic["items"][0]["name"], "وعاء ماتشا مصنوع يدويًا");
    // A well-formed language with no translations yet gets English, not an error.
    let (status, _, swahili) = test.json("/api/products?lang=sw").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(swahili["items"][0]["name"], "Hand-thrown matcha bowl");
}

#[tokio::test]
async fn a_page_past_the_end_is_empty_but_keeps_the_total() {
    let (status, _, body) = TestApp::new().await.json("/api/products?page=99").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["items"], serde_json::json!([]));
    assert!(body["total"].as_u64().unwrap() >= 8);
}

#[tokio::test]
async fn bad_query_values_are_problems_naming_the_field() {
    let test = TestApp::new().await;
    for (uri, field) in [
        ("/api/products?page=0", "page"),
        ("/api/products?page=two", "page"),
        ("/api/products?page=-1", "page"),
        ("/api/products?lang=EN", "lang"),
        ("/api/products?lang=english", "lang"),
    ] {
        let (status, kind, body) = test.json(uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}");
        assert_eq!(kind, "application/problem+json", "{uri}");
        assert_eq!(body["type"], "/problems/invalid-field", "{uri}");
        assert_eq!(body["status"], 400, "{uri}");
        assert_eq!(body["field"], field, "{uri}");
        assert!(
            body["detail"].as_str().unwrap().contains("must be"),
            "{uri}"
        );
    }
}

#[tokio::test]
async fn unknown_api_paths_are_problem_404s() {
    let (status, kind, body) = TestApp::new().await.json("/api/nothing/here").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(kind, "application/problem+json");
    assert_eq!(body["type"], "/problems/not-found");
}

#[tokio::test]
async fn app_routes_fall_back_to_index_html_when_the_app_is_built() {
    let dist = TempDir::new().unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>app</title>",
    )
    .unwrap();
    std::fs::write(dist.path().join("app.js"), "export {}").unwrap();
    let test = TestApp::with_dist(Some(dist.path())).await;

    let (status, kind, body) = test.get("/products/matcha-bowl").await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.starts_with("text/html"), "{kind}");
    assert_eq!(body, b"<!doctype html><title>app</title>");

    let (status, kind, _) = test.get("/app.js").await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.contains("javascript"), "{kind}");

    // The API keeps answering for itself.
    let (status, kind, _) = test.get("/api/missing").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(kind, "application/problem+json");
}

#[tokio::test]
async fn without_a_built_app_the_server_says_how_to_build_it() {
    let (status, kind, body) = TestApp::new().await.get("/").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(kind.starts_with("text/html"));
    assert!(
        String::from_utf8(body)
            .unwrap()
            .contains("cargo xtask serve")
    );
}

#[tokio::test]
async fn reopening_a_database_migrates_once_and_does_not_seed_twice() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("nested/folder/store.db");
    let first = db::open(&path).await.unwrap();
    let count = |pool: sqlx::SqlitePool| async move {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM products")
            .fetch_one(&pool)
            .await
            .unwrap();
        n
    };
    let seeded = count(first.clone()).await;
    first.close().await;
    let second = db::open(&path).await.unwrap();
    assert_eq!(count(second).await, seeded);
}
