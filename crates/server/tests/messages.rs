//! Buyer ↔ seller/carrier messages on an order, seller replies by seller key, response times.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{TestApp, assert_stream_refused_with_wrong_token, event_ids, open_stream, read_until};
use serde_json::{Value, json};
use storefront_server::secrets;

async fn order(test: &TestApp) -> (String, String) {
    let placed = test
        .place_order(
            "copper-mug",
            "copper-coast",
            "lantern-standard",
            "ddp",
            "messages-test",
        )
        .await;
    (
        placed["order"]["id"].as_str().unwrap().to_owned(),
        placed["access_token"].as_str().unwrap().to_owned(),
    )
}

async fn as_buyer(
    test: &TestApp,
    id: &str,
    token: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let builder = Request::builder()
        .uri(format!("/api/orders/{id}/messages"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json");
    let request = match body {
        Some(body) => builder.method("POST").body(Body::from(body.to_string())),
        None => builder.method("GET").body(Body::empty()),
    };
    let (status, _, body) = test.send(request.unwrap()).await;
    (status, body)
}

async fn as_seller(test: &TestApp, id: &str, key: &str, text: &str) -> (StatusCode, Value) {
    let (status, _, body) = test
        .send(
            Request::post(format!("/api/seller/orders/{id}/messages"))
                .header(header::CONTENT_TYPE, "application/json")
                .header("X-Seller-Key", key)
                .body(Body::from(json!({ "body": text }).to_string()))
                .unwrap(),
        )
        .await;
    (status, body)
}

#[tokio::test]
async fn the_buyer_asks_the_seller_answers_and_the_response_time_shows() {
    let test = TestApp::new().await;
    let (id, token) = order(&test).await;

    let (status, _) = as_buyer(
        &test,
        &id,
        &token,
        Some(json!({ "party": "seller", "body": "  Can you gift-wrap it?  " })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, conversation) = as_buyer(&test, &id, &token, None).await;
    assert_eq!(conversation["messages"][0]["body"], "Can you gift-wrap it?");
    assert_eq!(conversation["messages"][0]["author"], "buyer");
    assert_eq!(conversation["messages"][0]["party_id"], "copper-coast");
    let seller_time = |c: &Value| {
        c["response_times"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["party"] == "seller")
            .unwrap()
            .clone()
    };
    assert_eq!(seller_time(&conversation)["median_seconds"], Value::Null);

    let key = secrets::seller_key(&test.store, "copper-coast").unwrap();
    let listed = secrets::seller_keys(&test.store).await.unwrap();
    assert!(
        listed
            .iter()
            .any(|(slug, _, listed)| slug == "copper-coast" && *listed == key)
    );
    assert_eq!(listed.len(), 6, "every seller gets a key");
    let (status, reply) = as_seller(&test, &id, &key, "Of course, at no charge.").await;
    assert_eq!(status, StatusCode::CREATED, "{reply}");
    assert_eq!(reply["author"], "seller");
    let (_, conversation) = as_buyer(&test, &id, &token, None).await;
    assert_eq!(conversation["messages"].as_array().unwrap().len(), 2);
    let time = seller_time(&conversation);
    assert_eq!(time["replies"], 1);
    assert!(time["median_seconds"].as_i64().unwrap() >= 0);
    let carrier = conversation["response_times"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["party"] == "carrier")
        .unwrap();
    assert_eq!(carrier["party_id"], "lantern");
}

#[tokio::test]
async fn a_response_time_is_the_median_of_the_most_recent_replies() {
    let test = TestApp::new().await;
    let (id, token) = order(&test).await;
    // Long ago the seller took a day to answer; its last 200 replies took a minute.
    for seconds in std::iter::repeat_n("86400", 300).chain(std::iter::repeat_n("60", 200)) {
        test.db
            .execute(
                "INSERT INTO reply_delays (party, party_id, seconds)
                 VALUES ('seller', 'copper-coast', CAST($1 AS BIGINT))",
                &[seconds],
            )
            .await;
    }
    let (status, conversation) = as_buyer(&test, &id, &token, None).await;
    assert_eq!(status, StatusCode::OK, "{conversation}");
    let seller = conversation["response_times"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["party"] == "seller")
        .unwrap();
    assert_eq!(seller["replies"], 200);
    assert_eq!(seller["median_seconds"], 60);
}

#[tokio::test]
async fn only_the_orders_seller_and_buyer_may_write() {
    let test = TestApp::new().await;
    let (id, token) = order(&test).await;
    let other_seller = secrets::seller_key(&test.store, "kiln-and-leaf").unwrap();
    let (status, _) = as_seller(&test, &id, &other_seller, "Hello").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another seller's key");
    let (status, _) = as_seller(&test, &id, &"0".repeat(64), "Hello").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a made-up key");
    let (status, _) = as_buyer(&test, &id, &"0".repeat(64), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a wrong order token");

    for (body, field) in [
        (json!({ "party": "seller", "body": "   " }), "body"),
        (
            json!({ "party": "seller", "body": "x".repeat(2_001) }),
            "body",
        ),
        (json!({ "body": "Hi" }), "party"),
        (
            json!({ "party": "carrier", "party_id": "heron", "body": "Hi" }),
            "party_id",
        ),
    ] {
        let (status, problem) = as_buyer(&test, &id, &token, Some(body)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{field}");
        assert_eq!(problem["field"], field);
    }
}

#[tokio::test]
async fn replies_arrive_on_the_message_stream_which_resumes_without_loss() {
    let test = TestApp::new().await;
    let (id, token) = order(&test).await;
    let key = secrets::seller_key(&test.store, "copper-coast").unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // The stream is served by the same state the writes go through, as in one server process.
    let router = test.router.clone();
    let server = tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let path = format!("/api/orders/{id}/messages/events?token={token}");

    let (status, _) = as_buyer(
        &test,
        &id,
        &token,
        Some(json!({ "party": "seller", "body": "Is it wrapped?" })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let mut first = open_stream(addr, &path, None).await;
    let mut seen = String::new();
    read_until(&mut first, &mut seen, "Is it wrapped?").await;
    assert!(seen.starts_with("HTTP/1.1 200 OK"), "{seen}");
    assert!(seen.contains("event: message"), "{seen}");
    // Live: the seller's reply arrives on the open stream.
    as_seller(&test, &id, &key, "Yes, in washi paper.").await;
    read_until(&mut first, &mut seen, "washi paper").await;
    let before_drop = event_ids(&seen);
    assert_eq!(before_drop.len(), 2, "{seen}");
    drop(first);

    // Missed while away, then resumed from the last id: only the new one.
    as_seller(&test, &id, &key, "Shipped today.").await;
    let last = before_drop[1].to_string();
    let mut second = open_stream(addr, &path, Some(&last)).await;
    let mut resumed = String::new();
    read_until(&mut second, &mut resumed, "Shipped today.").await;
    assert_eq!(event_ids(&resumed).len(), 1, "{resumed}");
    assert!(!resumed.contains("washi"));

    assert_stream_refused_with_wrong_token(addr, &format!("/api/orders/{id}/messages/events"))
        .await;
    server.abort();
}

#[tokio::test]
async fn the_buyers_order_and_messages_are_never_stored_by_caches() {
    let test = TestApp::new().await;
    let (id, token) = order(&test).await;
    let requests = [
        Request::get(format!("/api/orders/{id}")),
        Request::get(format!("/api/orders/{id}/messages")),
        Request::post(format!("/api/orders/{id}/messages"))
            .header(header::CONTENT_TYPE, "application/json"),
    ];
    for (request, body) in requests.into_iter().zip([
        None,
        None,
        Some(json!({ "party": "seller", "body": "Hello" })),
    ]) {
        let request = request
            // The scheme is matched as RFC 9110 says: without regard to case.
            .header(header::AUTHORIZATION, format!("bearer {token}"))
            .body(body.map_or_else(Body::empty, |body| Body::from(body.to_string())))
            .unwrap();
        let what = format!("{} {}", request.method(), request.uri());
        let response = test.response(request).await;
        assert!(
            response.status().is_success(),
            "{what}: {}",
            response.status()
        );
        assert_eq!(
            response.headers()[header::CACHE_CONTROL],
            "no-store",
            "{what}"
        );
    }
}

#[tokio::test]
async fn a_message_keeps_its_line_breaks_but_not_hidden_controls() {
    let test = TestApp::new().await;
    let (id, token) = order(&test).await;
    for body in ["Hello\u{0}", "Ship to \u{202E}nilreB"] {
        let (status, problem) = as_buyer(
            &test,
            &id,
            &token,
            Some(json!({ "party": "seller", "body": body })),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body:?}: {problem}");
        assert_eq!(problem["field"], "body");
    }
    let (status, _) = as_buyer(
        &test,
        &id,
        &token,
        Some(json!({ "party": "seller", "body": "Hello,\n\tthanks!" })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
}
