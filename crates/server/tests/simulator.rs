//! The built-in carrier simulator drives a placed order to a final state through the webhook.

mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::TestApp;
use serde_json::json;
use storefront_domain::tracking::{TrackingStatus, can_transition};
use storefront_server::simulator::{self, Simulation};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_simulated_parcel_reaches_a_final_state_through_legal_steps() {
    let test = TestApp::new().await;
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
    let id = placed["order"]["id"].as_str().unwrap().to_owned();
    let token = placed["access_token"].as_str().unwrap().to_owned();

    // Weeks of simulated time pass in well under a second.
    let simulation = Simulation {
        speed: 50_000_000,
        tick: Duration::from_millis(20),
    };
    let running = simulator::spawn(test.router.clone(), test.store.clone(), simulation);
    let read = || {
        Request::get(format!("/api/orders/{id}"))
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap()
    };
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    let status = loop {
        let (_, _, order) = test.send(read()).await;
        let status: TrackingStatus =
            serde_json::from_value(order["shipments"][0]["tracking_status"].clone()).unwrap();
        if status.is_terminal() || tokio::time::Instant::now() > deadline {
            break status;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    running.abort();
    assert!(status.is_terminal(), "still {status:?} after 20 s");

    let statuses: Vec<TrackingStatus> = test
        .db
        .rows(
            "SELECT status FROM tracking_events WHERE order_id = $1 ORDER BY id",
            &[&id],
        )
        .await
        .iter()
        .map(|row| serde_json::from_value(json!(row[0])).unwrap())
        .collect();
    // The shortest real story is label, pickup, lost; the scenario follows the order's random
    // id, so any of them may come up.
    assert!(statuses.len() >= 3, "{statuses:?}");
    assert_eq!(statuses.last(), Some(&status), "{statuses:?}");
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
