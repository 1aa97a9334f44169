//! The store operator publishes exchange rates: only with the operator's key, only a complete
//! and plausible set, in force at once for new quotes, and optionally expiring open quotes.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{TestApp, berlin, card_payment};
use serde_json::{Value, json};
use storefront_server::secrets;
use storefront_server::store::Store;

async fn publish(test: &TestApp, key: Option<&str>, body: &Value) -> (StatusCode, Value) {
    let mut request =
        Request::post("/api/exchange-rates").header(header::CONTENT_TYPE, "application/json");
    if let Some(key) = key {
        request = request.header("X-Operator-Key", key);
    }
    let (status, _, body) = test
        .send(request.body(Body::from(body.to_string())).unwrap())
        .await;
    (status, body)
}

/// The rates in force, as `GET /api/markets` shows them.
async fn in_force(test: &TestApp) -> Value {
    let (status, _, markets) = test.json("/api/markets").await;
    assert_eq!(status, StatusCode::OK);
    markets["exchange_rates"].clone()
}

/// The rates in force with JPY at `jpy` millionths per euro.
async fn with_yen_at(test: &TestApp, jpy: i64, expire_open_quotes: bool) -> Value {
    let current = in_force(test).await;
    let mut rates = current["rates"].clone();
    rates["JPY"] = json!(jpy);
    json!({ "as_of": current["as_of"], "rates": rates, "expire_open_quotes": expire_open_quotes })
}

/// A quote for one matcha bowl (priced in yen by its Japanese seller) to Berlin in euros.
async fn quote_bowl(test: &TestApp) -> Value {
    let (status, _, quote) = test
        .post_json(
            "/api/quotes",
            json!({ "destination": "DE", "currency": "EUR",
                    "lines": [{ "product": "matcha-bowl", "quantity": 1 }] }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{quote}");
    quote
}

/// Returns once `quote` is in the database (quotes are answered before they are written).
async fn stored(test: &TestApp, quote: &Value) {
    for _ in 0..200 {
        let count = test
            .db
            .number(
                "SELECT COUNT(*) FROM quotes WHERE id = $1",
                &[quote["id"].as_str().unwrap()],
            )
            .await;
        if count == 1 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("quote {} never stored", quote["id"]);
}

fn goods(quote: &Value) -> i64 {
    quote["shipments"][0]["quote"]["goods"]["amount_minor"]
        .as_i64()
        .unwrap()
}

async fn order(test: &TestApp, quote: &Value, key: &str) -> (StatusCode, Value) {
    let request = json!({
        "quote_id": quote["id"], "email": "erika@example.com", "address": berlin(),
        "shipments": [{ "seller": "kiln-and-leaf", "service": "heron-standard", "terms": "ddp" }],
        "payment": card_payment()
    });
    let (status, _, body) = test
        .send(
            Request::post("/api/orders")
                .header(header::CONTENT_TYPE, "application/json")
                .header("Idempotency-Key", key)
                .body(Body::from(request.to_string()))
                .unwrap(),
        )
        .await;
    (status, body)
}

#[tokio::test]
async fn only_the_operator_key_publishes() {
    let test = TestApp::new().await;
    let before = in_force(&test).await;
    let body = with_yen_at(&test, 81_625_000, false).await;
    let seller_key = secrets::seller_key(&test.store, "kiln-and-leaf").unwrap();
    for key in [
        None,
        Some(""),
        Some("0".repeat(64).as_str()),
        Some(seller_key.as_str()),
    ] {
        let (status, problem) = publish(&test, key, &body).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{key:?}: {problem}");
        assert_eq!(problem["type"], "/problems/unauthorized");
    }
    // Refused before the body is read: a malformed body without the key is still a 401.
    let (status, _) = publish(&test, None, &json!("not a publication")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(in_force(&test).await, before, "nothing published");
}

#[tokio::test]
async fn a_bad_publication_names_every_field_and_changes_nothing() {
    let test = TestApp::new().await;
    let key = secrets::operator_key(&test.store).unwrap();
    let before = in_force(&test).await;
    let mut rates = before["rates"].clone();
    rates.as_object_mut().unwrap().remove("JPY");
    rates["USD"] = json!(-1_052_300);
    let body = json!({ "as_of": "2020-01-01", "base": "USD", "rates": rates });
    let (status, problem) = publish(&test, Some(&key), &body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    assert_eq!(problem["type"], "/problems/invalid-field");
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["as_of", "base", "rates.USD", "rates.JPY"]);

    let (status, problem) = publish(
        &test,
        Some(&key),
        &json!({ "as_of": "yesterday", "rates": before["rates"] }),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(problem["field"], "as_of");
    assert_eq!(in_force(&test).await, before, "nothing published");
}

#[tokio::test]
async fn new_rates_price_new_quotes_at_once_and_open_quotes_keep_theirs() {
    let test = TestApp::new().await;
    let key = secrets::operator_key(&test.store).unwrap();
    let old = quote_bowl(&test).await;

    // Half as many yen to the euro: a yen price costs twice as many euros.
    let body = with_yen_at(&test, 81_625_000, false).await;
    let (status, table) = publish(&test, Some(&key), &body).await;
    assert_eq!(status, StatusCode::CREATED, "{table}");
    assert_eq!(table["rates"]["JPY"], 81_625_000);
    assert_eq!(table["base"], "EUR");
    assert_eq!(
        in_force(&test).await,
        table,
        "in force at once, as published"
    );

    let new = quote_bowl(&test).await;
    let (before, after) = (goods(&old), goods(&new));
    assert!((after - 2 * before).abs() <= 1, "{before} → {after}");

    // Without expire_open_quotes, a quote answered before keeps its price until it expires.
    let (status, placed) = order(&test, &old, "old-rates").await;
    assert_eq!(status, StatusCode::CREATED, "{placed}");
    assert_eq!(
        placed["order"]["shipments"][0]["goods"]["amount_minor"],
        before
    );
}

#[tokio::test]
async fn expiring_open_quotes_sends_buyers_to_a_new_quote_at_the_new_rates() {
    let test = TestApp::new().await;
    let key = secrets::operator_key(&test.store).unwrap();
    let written = quote_bowl(&test).await;
    stored(&test, &written).await;
    // Answered moments before the publication: still queued for writing, as a rule.
    let queued = quote_bowl(&test).await;

    let body = with_yen_at(&test, 326_500_000, true).await;
    let (status, table) = publish(&test, Some(&key), &body).await;
    assert_eq!(status, StatusCode::CREATED, "{table}");

    for (quote, key) in [(&written, "written"), (&queued, "queued")] {
        let (status, problem) = order(&test, quote, key).await;
        assert_eq!(status, StatusCode::CONFLICT, "{key}: {problem}");
        assert_eq!(problem["type"], "/problems/quote-expired");
    }
    assert!(test.payments.charges().is_empty(), "nothing charged");

    // Quoted again: twice as many yen to the euro, half the euros; and this quote is open.
    let again = quote_bowl(&test).await;
    assert!(
        (2 * goods(&again) - goods(&written)).abs() <= 1,
        "{} → {}",
        goods(&written),
        goods(&again)
    );
    let (status, placed) = order(&test, &again, "requoted").await;
    assert_eq!(status, StatusCode::CREATED, "{placed}");
    assert_eq!(
        placed["order"]["shipments"][0]["goods"]["amount_minor"],
        goods(&again)
    );
}

#[tokio::test]
async fn the_operator_learns_the_key_from_the_command_line() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = dir.path().join("operator.db");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_storefront-server"))
        .arg("--db")
        .arg(&db)
        .arg("--print-operator-key")
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let printed = String::from_utf8(output.stdout).unwrap();
    let store = Store::open_sqlite(&db).await.unwrap();
    let key = secrets::operator_key(&store).unwrap();
    assert_eq!(printed.trim(), key);
    assert_eq!(key.len(), 64);
}

#[tokio::test]
async fn rates_published_on_one_instance_are_in_force_on_another_within_a_second() {
    let test = TestApp::new().await;
    let Some(url) = test.url.clone() else {
        eprintln!("skipped: instances share a database on PostgreSQL only");
        return;
    };
    let other = storefront_server::app(
        storefront_server::AppState::new(Store::open(&url).await.unwrap()),
        None,
    );
    let markets_there = || {
        let other = other.clone();
        async move {
            let response = tower::ServiceExt::oneshot(
                other,
                Request::get("/api/markets").body(Body::empty()).unwrap(),
            )
            .await
            .unwrap();
            let body = axum::body::to_bytes(response.into_body(), 1 << 20)
                .await
                .unwrap();
            serde_json::from_slice::<Value>(&body).unwrap()["exchange_rates"].clone()
        }
    };
    // The other instance has the old rates cached (for a minute, unless told).
    let before = markets_there().await;
    assert_eq!(before, in_force(&test).await);
    let key = secrets::operator_key(&test.store).unwrap();
    let (status, published) = publish(
        &test,
        Some(&key),
        &with_yen_at(&test, 170_000_000, false).await,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{published}");
    let mut seen = before;
    for _ in 0..20 {
        seen = markets_there().await;
        if seen["rates"]["JPY"] == 170_000_000 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(seen["rates"]["JPY"], 170_000_000, "{seen}");
}
