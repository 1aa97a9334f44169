//! SERVQUAL feedback: the rules of SERVQUAL.md through the API, and ratings flowing into
//! carriers, scorecards and quotes.

mod common;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::TestApp;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use storefront_domain::date::Timestamp;
use storefront_domain::tracking::{CarrierUpdate, TrackingStatus};
use storefront_server::store::Store;
use storefront_server::{AppState, app, tracking};
use tower::ServiceExt;

fn rating<'a>(carriers: &'a Value, service: &str) -> &'a Value {
    carriers
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["services"].as_array().unwrap())
        .find(|s| s["code"] == service)
        .map(|s| &s["rating"])
        .unwrap()
}

#[tokio::test]
async fn carriers_scorecards_and_quotes_show_ratings_from_the_seeded_answers() {
    let test = TestApp::new().await;
    let (status, _, carriers) = test.json("/api/carriers").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(carriers.as_array().unwrap().len(), 3);
    let rated = rating(&carriers, "heron-standard");
    assert!(rated["n"].as_u64().unwrap() >= 15);
    assert_eq!(rated["score"]["status"], "rated");
    let perception = rated["score"]["perception"].as_f64().unwrap();
    assert!((1.0..=7.0).contains(&perception));
    assert_eq!(
        rating(&carriers, "lantern-expedited")["score"]["status"],
        "too_few_ratings"
    );

    let (status, _, card) = test.json("/api/carriers/heron/scorecard").await;
    assert_eq!(status, StatusCode::OK);
    let service = &card["services"][0];
    assert_eq!(service["dimensions"].as_array().unwrap().len(), 5);
    assert!(!service["trend"].as_array().unwrap().is_empty());
    let (status, ..) = test.json("/api/carriers/nobody/scorecard").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (_, _, quote) = test
        .post_json(
            "/api/quotes",
            json!({ "destination": "DE", "currency": "EUR",
                    "lines": [{ "product": "copper-mug", "quantity": 1 }] }),
        )
        .await;
    for service in quote["shipments"][0]["quote"]["services"]
        .as_array()
        .unwrap()
    {
        assert!(service["rating"]["n"].is_u64(), "{service}");
    }
}

/// A delivered order's (id, token, carrier, service) after walking its parcel to `delivered`.
async fn order(test: &TestApp, deliver: bool) -> (String, String, String, String) {
    let placed = test
        .place_order(
            "copper-mug",
            "copper-coast",
            "heron-standard",
            "ddp",
            "feedback-test",
        )
        .await;
    let shipment = &placed["order"]["shipments"][0];
    let carrier = shipment["carrier_code"].as_str().unwrap().to_owned();
    if deliver {
        let events = storefront_server::live::Live::default();
        let parcel = shipment["tracking_number"].as_str().unwrap();
        use TrackingStatus::*;
        for (minute, status) in [
            PickedUp,
            InTransit,
            AtCustoms,
            Released,
            InTransit,
            OutForDelivery,
            Delivered,
        ]
        .into_iter()
        .enumerate()
        {
            let update = CarrierUpdate {
                tracking_number: parcel.to_owned(),
                status,
                occurred_at: Timestamp(1_795_597_200 + minute as i64 * 600),
                location: None,
                note: None,
            };
            tracking::record(&test.store, &events, &carrier, None, &update)
                .await
                .unwrap();
        }
    }
    (
        placed["order"]["id"].as_str().unwrap().to_owned(),
        placed["access_token"].as_str().unwrap().to_owned(),
        carrier,
        shipment["service_code"].as_str().unwrap().to_owned(),
    )
}

fn answers(expected: i64, perceived: i64) -> Value {
    let items = [
        "rel_on_time",
        "rel_intact",
        "rsp_contact",
        "rsp_updates",
        "asr_trust",
        "asr_costs",
        "emp_options",
        "emp_language",
        "tan_packaging",
        "tan_interface",
    ];
    let answers: serde_json::Map<String, Value> = items
        .iter()
        .map(|item| {
            (
                item.to_string(),
                json!({ "expected": expected, "perceived": perceived }),
            )
        })
        .collect();
    json!({ "shipment": 0, "answers": answers, "comment": "Arrived well packed." })
}

/// Submits feedback to the instance `router`.
async fn submit(
    router: &Router,
    id: &str,
    token: &str,
    key: &str,
    body: &Value,
) -> (StatusCode, Value) {
    let request = Request::post(format!("/api/orders/{id}/feedback"))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header("Idempotency-Key", key)
        .body(Body::from(body.to_string()))
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

/// The carriers' list as the instance `router` answers it.
async fn carriers(router: &Router) -> Value {
    let request = Request::get("/api/carriers").body(Body::empty()).unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    serde_json::from_slice(&body).unwrap()
}

#[tokio::test]
async fn feedback_waits_for_delivery() {
    let test = TestApp::new().await;
    let (id, token, ..) = order(&test, false).await;
    let (status, problem) = submit(&test.router, &id, &token, "f-1", &answers(5, 6)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(problem["type"], "/problems/not-yet-delivered");
}

#[tokio::test]
async fn delivered_orders_are_rated_once_and_the_rating_counts() {
    let test = TestApp::new().await;
    let (id, token, _, service) = order(&test, true).await;
    let (_, _, before) = test.json("/api/carriers").await;
    let n_before = rating(&before, &service)["n"].as_u64().unwrap();

    let (status, problem) = submit(&test.router, &id, &token, "f-1", &answers(5, 9)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        problem["errors"][0]["field"],
        "answers.rel_on_time.perceived"
    );
    assert_eq!(problem["errors"].as_array().unwrap().len(), 10);

    let (status, receipt) = submit(&test.router, &id, &token, "f-1", &answers(5, 6)).await;
    assert_eq!(status, StatusCode::CREATED, "{receipt}");
    assert_eq!(receipt["service"], service.as_str());
    assert_eq!(receipt["weighted_score"], 1.0);
    assert_eq!(receipt["dimensions"].as_array().unwrap().len(), 5);
    assert_eq!(receipt["dimensions"][0]["your_gap"], 1.0);

    let (_, _, after) = test.json("/api/carriers").await;
    assert_eq!(
        rating(&after, &service)["n"].as_u64().unwrap(),
        n_before + 1
    );

    let (status, again) = submit(&test.router, &id, &token, "f-1", &answers(5, 6)).await;
    assert_eq!(status, StatusCode::OK, "same key: the first result");
    assert_eq!(again, receipt);
    let (status, problem) = submit(&test.router, &id, &token, "f-1", &answers(3, 3)).await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "same key, other answers"
    );
    assert_eq!(problem["type"], "/problems/idempotency-key-reused");
    assert_eq!(problem["field"], "Idempotency-Key");
    let (status, problem) = submit(&test.router, &id, &token, "f-2", &answers(3, 3)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(problem["type"], "/problems/already-rated");
    let (status, _) = submit(&test.router, &id, &"0".repeat(64), "f-3", &answers(5, 6)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "only the token holder");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shipment_is_rated_once_across_instances_and_every_instance_shows_the_rating_within_a_second()
 {
    let test = TestApp::new().await;
    let Some(url) = test.url.clone() else {
        eprintln!("skipped: instances share a database on PostgreSQL only");
        return;
    };
    let other = app(AppState::new(Store::open(&url).await.unwrap()), None);
    let (id, token, _, service) = order(&test, true).await;
    // The other instance has the ratings cached.
    let n_before = rating(&carriers(&other).await, &service)["n"]
        .as_u64()
        .unwrap();

    // The buyer submits twice at once (two tabs), each reaching another instance.
    let (one, two) = (answers(5, 6), answers(4, 6));
    let (first, second) = tokio::join!(
        submit(&test.router, &id, &token, "tab-1", &one),
        submit(&other, &id, &token, "tab-2", &two),
    );
    let mut statuses = [first.0, second.0];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::CREATED, StatusCode::CONFLICT],
        "{first:?} {second:?}"
    );
    let refused = if first.0 == StatusCode::CONFLICT {
        &first.1
    } else {
        &second.1
    };
    assert_eq!(refused["type"], "/problems/already-rated");

    // Each instance shows the new rating within a second.
    for router in [&other, &test.router] {
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(1);
        loop {
            let n = rating(&carriers(router).await, &service)["n"]
                .as_u64()
                .unwrap();
            if n == n_before + 1 {
                break;
            }
            assert!(tokio::time::Instant::now() < deadline, "still {n} ratings");
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }
}

#[tokio::test]
async fn a_seller_sees_its_own_shortfalls_comments_and_carrier_trends() {
    let test = TestApp::new().await;
    let insights = |key: Option<String>| {
        let test = &test;
        async move {
            let mut request = Request::get("/api/seller/insights");
            if let Some(key) = key {
                request = request.header("X-Seller-Key", key);
            }
            let (status, _, body) = test.send(request.body(Body::empty()).unwrap()).await;
            (status, body)
        }
    };
    let (status, problem) = insights(None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(problem["detail"].as_str().unwrap().contains("X-Seller-Key"));
    let (status, _) = insights(Some("0".repeat(64))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "a made-up key");

    let key = storefront_server::secrets::seller_key(&test.store, "copper-coast").unwrap();
    let (status, before) = insights(Some(key.clone())).await;
    assert_eq!(status, StatusCode::OK, "{before}");
    assert_eq!(before["seller"], "copper-coast");
    let n_before = before["insights"]["n"].as_u64().unwrap();
    assert!(n_before > 0, "the seed rates this seller's shipments");
    let items = before["insights"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 10);
    let gaps: Vec<f64> = items
        .iter()
        .map(|i| i["mean_gap"].as_f64().unwrap())
        .collect();
    assert!(
        gaps.windows(2).all(|w| w[0] <= w[1]),
        "largest shortfall first: {gaps:?}"
    );
    assert!(!before["carriers"].as_array().unwrap().is_empty());

    let other = storefront_server::secrets::seller_key(&test.store, "kiln-and-leaf").unwrap();
    let (_, theirs_before) = insights(Some(other.clone())).await;

    // A new rating of this seller's shipment shows up, comment first.
    let (id, token, ..) = order(&test, true).await;
    let (status, _) = submit(&test.router, &id, &token, "f-insights", &answers(6, 2)).await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, after) = insights(Some(key)).await;
    assert_eq!(after["insights"]["n"].as_u64().unwrap(), n_before + 1);
    assert_eq!(after["comments"][0]["comment"], "Arrived well packed.");
    assert_eq!(after["comments"][0]["carrier"], "heron");

    // Another seller's view does not count it.
    let (_, theirs_after) = insights(Some(other)).await;
    assert_eq!(theirs_after["seller"], "kiln-and-leaf");
    assert_eq!(
        theirs_after["insights"]["n"],
        theirs_before["insights"]["n"]
    );
}
