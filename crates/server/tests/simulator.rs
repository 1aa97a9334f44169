//! The built-in carrier simulator drives a placed order to a final state through the webhook.

mod common;

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::TestApp;
use common::process::Server;
use serde_json::json;
use storefront_domain::tracking::{TrackingStatus, can_transition};
use storefront_server::simulator::{self, Simulation};

/// Places an order shipped from Japan to the US by expedited courier; its id and token.
async fn place(test: &TestApp) -> (String, String) {
    let (_, _, quote) = test
        .post_json(
            "/api/quotes",
            json!({ "destination": "US", "currency": "USD",
                    "lines": [{ "product": "matcha-bowl", "quantity": 1 }] }),
        )
        .await;
    let request = json!({
        "quote_id": quote["id"], "email": "sam@example.com",
        "address": { "country": "US", "name": "Sam Lee", "line1": "1 Main St", "city": "Austin",
                     "region": "TX", "postal_code": "78701", "phone": "512 555 0100" },
        "shipments": [{ "seller": "kiln-and-leaf", "service": "heron-expedited", "terms": "ddu" }],
        "payment": { "method": "apple_pay" }
    });
    let (status, _, placed) = test
        .send(
            Request::post("/api/orders")
                .header(header::CONTENT_TYPE, "application/json")
                .header("Idempotency-Key", "sim")
                .body(Body::from(request.to_string()))
                .unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{placed}");
    (
        placed["order"]["id"].as_str().unwrap().to_owned(),
        placed["access_token"].as_str().unwrap().to_owned(),
    )
}

/// The order's tracking status as `router` reports it.
async fn status_on(router: &Router, id: &str, token: &str) -> TrackingStatus {
    let request = Request::get(format!("/api/orders/{id}"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let response = tower::ServiceExt::oneshot(router.clone(), request)
        .await
        .unwrap();
    let body = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    let order: serde_json::Value = serde_json::from_slice(&body).unwrap();
    serde_json::from_value(order["shipments"][0]["tracking_status"].clone()).unwrap()
}

/// Waits (up to 20 s) until `until` holds for the order's status on `router`; that status.
async fn wait_for(
    router: &Router,
    id: &str,
    token: &str,
    until: impl Fn(TrackingStatus) -> bool,
) -> TrackingStatus {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let status = status_on(router, id, token).await;
        if until(status) || tokio::time::Instant::now() > deadline {
            return status;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Every status the order's parcel went through, as recorded.
async fn journey(test: &TestApp, id: &str) -> Vec<TrackingStatus> {
    test.db
        .rows(
            "SELECT status FROM tracking_events WHERE order_id = $1 ORDER BY id",
            &[id],
        )
        .await
        .iter()
        .map(|row| serde_json::from_value(json!(row[0])).unwrap())
        .collect()
}

/// Checks `statuses` is one legal journey from the label to `last`.
fn assert_one_legal_journey(statuses: &[TrackingStatus], last: TrackingStatus) {
    // The shortest real story is label, pickup, lost; the scenario follows the order's random
    // id, so any of them may come up.
    assert!(statuses.len() >= 3, "{statuses:?}");
    assert_eq!(statuses.last(), Some(&last), "{statuses:?}");
    assert_eq!(statuses[0], TrackingStatus::LabelCreated);
    assert!(
        statuses
            .windows(2)
            .all(|pair| can_transition(pair[0], pair[1])),
        "{statuses:?}"
    );
    assert!(
        statuses.contains(&TrackingStatus::AtCustoms),
        "JP to US passes customs"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_simulated_parcel_reaches_a_final_state_through_legal_steps() {
    let test = TestApp::new().await;
    let (id, token) = place(&test).await;

    // Weeks of simulated time pass in well under a second.
    let simulation = Simulation {
        speed: 50_000_000,
        tick: Duration::from_millis(20),
    };
    let running = simulator::spawn(test.router.clone(), test.store.clone(), simulation);
    let status = wait_for(&test.router, &id, &token, TrackingStatus::is_terminal).await;
    running.abort();
    assert!(status.is_terminal(), "still {status:?} after 20 s");
    assert_one_legal_journey(&journey(&test, &id).await, status);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_server_processes_simulate_each_step_once_and_one_takes_over_when_the_other_is_killed()
{
    let test = TestApp::new().await;
    if test.url.is_none() {
        eprintln!("skipped: instances share a database on PostgreSQL only");
        return;
    }
    let (id, token) = place(&test).await;
    // A step every tick (half a second): the journey spans many ticks of both.
    let (mut first, second) = tokio::join!(
        Server::start(&test, Some(1_000_000)),
        Server::start(&test, Some(1_000_000))
    );
    let moving = wait_for(&test.router, &id, &token, |s| {
        s != TrackingStatus::LabelCreated
    })
    .await;
    assert_ne!(
        moving,
        TrackingStatus::LabelCreated,
        "the parcel never moved"
    );
    // The first instance dies mid-journey; the second carries on.
    first.kill();
    let status = wait_for(&test.router, &id, &token, TrackingStatus::is_terminal).await;
    drop(second);
    assert!(status.is_terminal(), "still {status:?} after 20 s");
    assert_one_legal_journey(&journey(&test, &id).await, status);
}
