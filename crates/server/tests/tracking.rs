//! Carrier webhooks (signatures, staleness, replays, legal transitions) and the order's event
//! stream over a real socket, resumed after a dropped connection.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{TestApp, assert_stream_refused_with_wrong_token, event_ids, open_stream, read_until};
use serde_json::{Value, json};
use storefront_server::store::Store;
use storefront_server::{AppState, app, tracking};

/// Places a one-shipment order and returns (order id, token, carrier, tracking number).
async fn order(test: &TestApp) -> (String, String, String, String) {
    let placed = test
        .place_order(
            "copper-mug",
            "copper-coast",
            "lantern-standard",
            "ddu",
            "tracking-test",
        )
        .await;
    let shipment = &placed["order"]["shipments"][0];
    (
        placed["order"]["id"].as_str().unwrap().to_owned(),
        placed["access_token"].as_str().unwrap().to_owned(),
        shipment["carrier_code"].as_str().unwrap().to_owned(),
        shipment["tracking_number"].as_str().unwrap().to_owned(),
    )
}

fn update(tracking_number: &str, status: &str, minutes: i64) -> Value {
    json!({ "tracking_number": tracking_number, "status": status,
            "occurred_at": 1_795_597_200 + minutes * 60,
            "location": { "city": "Falmouth", "country": "GB" } })
}

/// A webhook request signed with `key` at `timestamp` (or unsigned when `key` is `None`).
fn webhook(
    carrier: &str,
    key: Option<&[u8]>,
    timestamp: i64,
    delivery: &str,
    body: &Value,
) -> Request<Body> {
    let body = body.to_string();
    let mut request = Request::post(format!("/api/webhooks/carriers/{carrier}"))
        .header(header::CONTENT_TYPE, "application/json")
        .header("X-Carrier-Timestamp", timestamp.to_string())
        .header("X-Carrier-Delivery", delivery);
    if let Some(key) = key {
        request = request.header(
            "X-Carrier-Signature",
            tracking::sign_webhook(key, timestamp, delivery, body.as_bytes()),
        );
    }
    request.body(Body::from(body)).unwrap()
}

fn now() -> i64 {
    storefront_server::now().0
}

#[tokio::test]
async fn signed_fresh_legal_updates_are_recorded_and_everything_else_refused() {
    let test = TestApp::new().await;
    let (id, token, carrier, parcel) = order(&test).await;
    let key = tracking::carrier_key(&test.store, &carrier).unwrap();
    let picked_up = update(&parcel, "picked_up", 60);

    let (status, _, problem) = test
        .send(webhook(&carrier, None, now(), "d-1", &picked_up))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "unsigned");
    assert_eq!(problem["type"], "/problems/unauthorized");
    let (status, ..) = test
        .send(webhook(
            &carrier,
            Some(b"not the key"),
            now(),
            "d-1",
            &picked_up,
        ))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "wrongly signed");
    let (status, _, problem) = test
        .send(webhook(
            &carrier,
            Some(&key),
            now() - 301,
            "d-1",
            &picked_up,
        ))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "stale");
    assert!(problem["detail"].as_str().unwrap().contains("five minutes"));

    let (status, ..) = test
        .send(webhook(&carrier, Some(&key), now(), "d-1", &picked_up))
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (status, _, problem) = test
        .send(webhook(
            &carrier,
            Some(&key),
            now(),
            "d-1",
            &update(&parcel, "in_transit", 90),
        ))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "replayed delivery id");
    assert_eq!(problem["type"], "/problems/replayed");

    let (status, _, problem) = test
        .send(webhook(
            &carrier,
            Some(&key),
            now(),
            "d-2",
            &update(&parcel, "label_created", 95),
        ))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "picked_up cannot go back");
    assert_eq!(problem["field"], "status");

    let other = if carrier == "heron" {
        "bastion"
    } else {
        "heron"
    };
    let other_key = tracking::carrier_key(&test.store, other).unwrap();
    let (status, _, problem) = test
        .send(webhook(
            other,
            Some(&other_key),
            now(),
            "d-3",
            &update(&parcel, "in_transit", 99),
        ))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "another carrier's parcel");
    assert_eq!(problem["field"], "tracking_number");
    let (status, ..) = test
        .send(webhook(
            "no-such-carrier",
            Some(&key),
            now(),
            "d-4",
            &picked_up,
        ))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (_, _, order) = test
        .send(
            Request::get(format!("/api/orders/{id}"))
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(order["shipments"][0]["tracking_status"], "picked_up");
}

#[tokio::test]
async fn the_event_stream_is_live_and_resumes_without_loss_or_duplicates() {
    let test = TestApp::new().await;
    let (id, token, carrier, parcel) = order(&test).await;
    let key = tracking::carrier_key(&test.store, &carrier).unwrap();
    let state = AppState::new(test.store.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = app(state.clone(), None);
    let server = tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let post = |delivery: &'static str, status: &'static str, minutes: i64| {
        let state = state.clone();
        let key = key.clone();
        let carrier = carrier.clone();
        let parcel = parcel.clone();
        async move {
            let body = update(&parcel, status, minutes).to_string();
            let request = webhook(
                &carrier,
                Some(&key),
                now(),
                delivery,
                &serde_json::from_str(&body).unwrap(),
            );
            let response = tower::ServiceExt::oneshot(app(state, None), request)
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::ACCEPTED);
        }
    };

    // Live: the history first, then an update as it happens.
    let mut first = open_stream(
        addr,
        &format!("/api/orders/{id}/events?token={token}"),
        None,
    )
    .await;
    let mut seen = String::new();
    read_until(&mut first, &mut seen, "label_created").await;
    assert!(seen.starts_with("HTTP/1.1 200 OK"), "{seen}");
    assert!(seen.contains("text/event-stream"));
    post("s-1", "picked_up", 60).await;
    read_until(&mut first, &mut seen, "picked_up").await;
    let before_drop = event_ids(&seen);
    assert_eq!(before_drop.len(), 2, "{seen}");
    drop(first);

    // While disconnected, two more events happen.
    post("s-2", "in_transit", 300).await;
    post("s-3", "at_customs", 900).await;

    // Resuming from the last id seen gives exactly the missed events, in order.
    let last = before_drop.last().unwrap().to_string();
    let mut second = open_stream(
        addr,
        &format!("/api/orders/{id}/events?token={token}"),
        Some(&last),
    )
    .await;
    let mut resumed = String::new();
    read_until(&mut second, &mut resumed, "at_customs").await;
    let ids = event_ids(&resumed);
    assert_eq!(ids.len(), 2, "{resumed}");
    assert!(ids[0] > before_drop[1] && ids[1] > ids[0]);
    assert!(resumed.find("in_transit").unwrap() < resumed.find("at_customs").unwrap());
    assert!(!resumed.contains("label_created") && !resumed.contains("picked_up"));

    assert_stream_refused_with_wrong_token(addr, &format!("/api/orders/{id}/events")).await;
    server.abort();
}

#[tokio::test]
async fn a_forged_webhook_is_refused_without_reading_the_database() {
    let test = TestApp::new().await;
    // With the parcels unreadable, only a check made before any query can answer 401 rather
    // than 500.
    test.db
        .execute("ALTER TABLE shipments RENAME TO shipments_gone", &[])
        .await;
    test.db
        .execute("ALTER TABLE secrets RENAME TO secrets_gone", &[])
        .await;
    let forged = b"not the carrier's key".as_slice();
    let (status, kind, problem) = test
        .send(webhook(
            "heron",
            Some(forged),
            now(),
            "d-forged",
            &update("HER000000000000", "picked_up", 1),
        ))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{problem}");
    assert!(kind.starts_with("application/problem+json"), "{kind}");
}

#[tokio::test]
async fn a_stream_catches_up_on_what_was_written_while_its_instance_was_not_listening() {
    let test = TestApp::new().await;
    let Some(url) = test.url.clone() else {
        eprintln!("skipped: instances share a database on PostgreSQL only");
        return;
    };
    let (id, token, _, parcel) = order(&test).await;
    // A second instance: its own pool, its own feeds, the same database.
    let other = AppState::new(Store::open(&url).await.unwrap());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = app(other, None);
    let server = tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });

    let mut stream = open_stream(
        addr,
        &format!("/api/orders/{id}/events?token={token}"),
        None,
    )
    .await;
    let mut seen = String::new();
    read_until(&mut stream, &mut seen, "label_created").await;
    // An event whose notification never comes (as when it is sent while an instance's
    // listening connection is down), then the listening connections drop.
    test.db
        .execute(
            "INSERT INTO tracking_events (order_id, tracking_number, status, occurred_at)
             VALUES ($1, $2, 'picked_up', CAST($3 AS BIGINT))",
            &[&id, &parcel, &now().to_string()],
        )
        .await;
    let dropped = test
        .db
        .number(
            "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity
             WHERE datname = current_database() AND query LIKE 'LISTEN%'",
            &[],
        )
        .await;
    assert!(dropped >= 1, "no listening connection found");
    // Back and listening, the instance has its streams read again: the event arrives.
    read_until(&mut stream, &mut seen, "picked_up").await;
    assert_eq!(event_ids(&seen).len(), 2, "{seen}");
    server.abort();
}
