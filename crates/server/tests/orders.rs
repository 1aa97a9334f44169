//! Placing and reading orders: idempotency, access tokens, stock, tampering, expiry.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{TestApp, card_payment, problem_fields};
use futures::future::join_all;
use serde_json::{Value, json};

/// A quote for `lines` shipped to Berlin in euros; returns its id.
async fn quote(test: &TestApp, lines: Value) -> Value {
    let (status, _, quote) = test
        .post_json(
            "/api/quotes",
            json!({ "destination": "DE", "currency": "EUR", "lines": lines }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{quote}");
    quote
}

fn berlin() -> Value {
    json!({
        "country": "DE", "name": "Erika Mustermann", "line1": "Heidestraße 17",
        "city": "Berlin", "postal_code": "10557", "phone": "030 1234567"
    })
}

fn order_request(quote: &Value, service: &str) -> Value {
    json!({
        "quote_id": quote["id"],
        "email": "erika@example.com",
        "address": berlin(),
        "shipments": [{ "seller": quote["shipments"][0]["seller"], "service": service,
                        "add_ons": ["special_packaging"], "terms": "ddp" }],
        "payment": card_payment()
    })
}

async fn place(test: &TestApp, key: Option<&str>, body: &Value) -> (StatusCode, Value) {
    let mut request = Request::post("/api/orders").header(header::CONTENT_TYPE, "application/json");
    if let Some(key) = key {
        request = request.header("Idempotency-Key", key);
    }
    let (status, _, body) = test
        .send(request.body(Body::from(body.to_string())).unwrap())
        .await;
    (status, body)
}

async fn read(test: &TestApp, id: &str, token: Option<&str>) -> (StatusCode, Value) {
    let mut request = Request::get(format!("/api/orders/{id}"));
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let (status, _, body) = test.send(request.body(Body::empty()).unwrap()).await;
    (status, body)
}

#[tokio::test]
async fn an_order_charges_what_the_quote_said_and_only_its_token_reads_it() {
    let test = TestApp::new().await;
    let before = test.stock("matcha-bowl").await;
    let quote = quote(&test, json!([{ "product": "matcha-bowl", "quantity": 2 }])).await;
    let (status, placed) = place(
        &test,
        Some("checkout-1"),
        &order_request(&quote, "heron-expedited"),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{placed}");

    let order = &placed["order"];
    let token = placed["access_token"].as_str().unwrap();
    assert_eq!(token.len(), 64, "256-bit token");
    assert!(order["number"].as_str().unwrap().starts_with("CV-"));
    assert_eq!(order["address"]["phone"], "+49301234567", "normalized");
    let shipment = &order["shipments"][0];
    assert_eq!(shipment["service_code"], "heron-expedited");
    assert_eq!(shipment["tracking_status"], "label_created");
    assert_eq!(shipment["add_ons"][0]["add_on"], "special_packaging");
    // The charge is the quote's goods + shipping + add-on + DDP duties, nothing else.
    let offer = quote["shipments"][0]["quote"]["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["service_code"] == "heron-expedited")
        .unwrap()["offer"]
        .clone();
    let packaging = offer["add_ons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["add_on"] == "special_packaging")
        .unwrap()["price"]["amount_minor"]
        .as_i64()
        .unwrap();
    let expected = quote["shipments"][0]["quote"]["goods"]["amount_minor"]
        .as_i64()
        .unwrap()
        + offer["shipping"]["amount_minor"].as_i64().unwrap()
        + packaging
        + offer["ddp"]["due_at_checkout"]["amount_minor"]
            .as_i64()
            .unwrap();
    assert_eq!(order["total_charged"]["amount_minor"], expected);
    assert_eq!(order["total_charged"]["currency"], "EUR");
    assert_eq!(test.stock("matcha-bowl").await, before - 2);

    let id = order["id"].as_str().unwrap();
    let (status, read_back) = read(&test, id, Some(token)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(&read_back, order);

    // A missing, wrong or foreign token reveals nothing: the same 404 as an unknown order.
    let (missing, body_missing) = read(&test, id, None).await;
    let (wrong, body_wrong) = read(&test, id, Some(&"0".repeat(64))).await;
    let (unknown, body_unknown) = read(&test, "o_nope", Some(token)).await;
    assert_eq!([missing, wrong, unknown], [StatusCode::NOT_FOUND; 3]);
    assert_eq!(body_missing, body_wrong);
    assert_eq!(body_wrong, body_unknown);
}

#[tokio::test]
async fn the_same_idempotency_key_returns_the_same_order_and_a_different_body_is_refused() {
    let test = TestApp::new().await;
    let quote = quote(&test, json!([{ "product": "copper-mug", "quantity": 1 }])).await;
    let request = order_request(&quote, "lantern-standard");
    let (first, placed) = place(&test, Some("key-A"), &request).await;
    assert_eq!(first, StatusCode::CREATED, "{placed}");
    let (again, replay) = place(&test, Some("key-A"), &request).await;
    assert_eq!(again, StatusCode::OK);
    assert_eq!(replay, placed, "same order, same token");
    let after_two = test.stock("copper-mug").await;

    let mut changed = request.clone();
    changed["email"] = json!("someone.else@example.com");
    let (status, problem) = place(&test, Some("key-A"), &changed).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["type"], "/problems/idempotency-key-reused");
    assert_eq!(
        test.stock("copper-mug").await,
        after_two,
        "no second reservation"
    );

    let (status, problem) = place(&test, None, &request).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(problem["field"], "Idempotency-Key");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_retries_with_one_key_create_one_order() {
    let test = TestApp::new().await;
    let before = test.stock("linen-tea-towels").await;
    let quote = quote(
        &test,
        json!([{ "product": "linen-tea-towels", "quantity": 1 }]),
    )
    .await;
    let request = order_request(&quote, "bastion-standard");
    let attempts = (0..8).map(|_| place(&test, Some("double-click"), &request));
    let results = join_all(attempts).await;
    let ids: Vec<&Value> = results
        .iter()
        .map(|(_, body)| &body["order"]["id"])
        .collect();
    assert!(
        results.iter().all(|(status, _)| status.is_success()),
        "{results:?}"
    );
    assert!(ids.iter().all(|id| *id == ids[0] && id.is_string()));
    assert_eq!(
        results
            .iter()
            .filter(|(s, _)| *s == StatusCode::CREATED)
            .count(),
        1
    );
    let orders = test.db.number("SELECT COUNT(*) FROM orders", &[]).await;
    assert_eq!(orders, 1);
    assert_eq!(test.stock("linen-tea-towels").await, before - 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_last_units_cannot_be_sold_twice() {
    let test = TestApp::new().await;
    let units = test.stock("cast-iron-teapot").await;
    assert!(units >= 2);
    let quote = quote(
        &test,
        json!([{ "product": "cast-iron-teapot", "quantity": units }]),
    )
    .await;
    let request = order_request(&quote, "heron-standard");
    let results = join_all([
        place(&test, Some("buyer-1"), &request),
        place(&test, Some("buyer-2"), &request),
    ])
    .await;
    let statuses: Vec<StatusCode> = results.iter().map(|(s, _)| *s).collect();
    assert!(statuses.contains(&StatusCode::CREATED), "{results:?}");
    let refused = results
        .iter()
        .find(|(s, _)| *s == StatusCode::CONFLICT)
        .expect("the second buyer is refused");
    assert_eq!(refused.1["type"], "/problems/out-of-stock");
    assert_eq!(test.stock("cast-iron-teapot").await, 0);
}

#[tokio::test]
async fn tampered_prices_quotes_and_services_are_never_charged_as_sent() {
    let test = TestApp::new().await;
    let quote = quote(
        &test,
        json!([{ "product": "beeswax-candles", "quantity": 1 }]),
    )
    .await;
    let honest = order_request(&quote, "lantern-standard");

    // Price fields the API does not have are ignored; the charge comes from the stored quote.
    let mut tampered = honest.clone();
    tampered["total_charged"] = json!({ "amount_minor": 1, "currency": "EUR" });
    tampered["shipments"][0]["shipping"] = json!({ "amount_minor": 0, "currency": "EUR" });
    let (status, tampered_order) = place(&test, Some("t-1"), &tampered).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, honest_order) = place(&test, Some("t-0"), &honest).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        tampered_order["order"]["total_charged"],
        honest_order["order"]["total_charged"]
    );

    // A total the buyer did not see refuses the order instead of charging it.
    let mut wrong_total = honest.clone();
    wrong_total["expected_total"] = json!({ "amount_minor": 100, "currency": "EUR" });
    let (status, problem) = place(&test, Some("t-2"), &wrong_total).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(problem["type"], "/problems/price-changed");

    let mut wrong_quote = honest.clone();
    wrong_quote["quote_id"] = json!("q_00000000000000000000000000000000");
    let (status, problem) = place(&test, Some("t-3"), &wrong_quote).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(problem["field"], "quote_id");

    let mut wrong_service = honest.clone();
    wrong_service["shipments"][0]["service"] = json!("teleport-instant");
    let (status, problem) = place(&test, Some("t-4"), &wrong_service).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(problem["field"], "shipments[0].service");
}

#[tokio::test]
async fn expired_quotes_must_be_quoted_again() {
    let test = TestApp::new().await;
    let mut quote = quote(&test, json!([{ "product": "copper-mug", "quantity": 1 }])).await;
    // Quotes are answered before they are written: wait for the row, then age it. The body
    // goes back as text, the form quotes stored before bodies were deflated keep.
    let id = quote["id"].as_str().unwrap().to_owned();
    for _ in 0..100 {
        let stored = test
            .db
            .number("SELECT COUNT(*) FROM quotes WHERE id = $1", &[&id])
            .await;
        if stored == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    quote["expires_at"] = json!(0);
    let aged = test
        .db
        .execute(
            "UPDATE quotes SET expires_at = 0, body = $1, body_deflated = NULL WHERE id = $2",
            &[&quote.to_string(), &id],
        )
        .await;
    assert_eq!(aged, 1, "quote {id} never stored");
    let (status, problem) = place(
        &test,
        Some("late"),
        &order_request(&quote, "heron-standard"),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(problem["type"], "/problems/quote-expired");
}

#[tokio::test]
async fn a_bad_address_and_email_are_reported_field_by_field() {
    let test = TestApp::new().await;
    let quote = quote(&test, json!([{ "product": "copper-mug", "quantity": 1 }])).await;
    let mut request = order_request(&quote, "heron-standard");
    request["email"] = json!("not-an-email");
    request["address"]["postal_code"] = json!("ABCDE");
    request["address"]["city"] = json!("");
    let (status, problem) = place(&test, Some("bad-address"), &request).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"address.postal_code"), "{fields:?}");
    assert!(fields.contains(&"address.city"), "{fields:?}");
    assert!(fields.contains(&"email"), "{fields:?}");
}

#[tokio::test]
async fn hidden_controls_and_markup_are_refused_in_every_field_by_one_rule() {
    let test = TestApp::new().await;
    let quote = quote(&test, json!([{ "product": "copper-mug", "quantity": 1 }])).await;
    type Spoil = fn(&mut Value);
    let cases: [(&str, Spoil); 6] = [
        ("email", |r| r["email"] = json!("erika\u{0}@example.com")),
        ("email", |r| {
            r["email"] = json!("erika@exa\u{202E}elpmam.com")
        }),
        ("email", |r| r["email"] = json!("<b>erika</b>@example.com")),
        ("address.name", |r| {
            r["address"]["name"] = json!("Erika \u{202E}nnamretsuM")
        }),
        ("payment.card.holder", |r| {
            r["payment"]["card"]["holder"] = json!("Erika\u{0}")
        }),
        ("shipments[0].delivery_note", |r| {
            r["shipments"][0]["delivery_note"] = json!("Leave at door \u{2066}x")
        }),
    ];
    for (i, (field, spoil)) in cases.into_iter().enumerate() {
        let mut request = order_request(&quote, "heron-standard");
        spoil(&mut request);
        let (status, problem) = place(&test, Some(&format!("hidden-{i}")), &request).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{field}: {problem}");
        assert!(
            problem_fields(&problem).iter().any(|f| f == field),
            "{field}: {problem}"
        );
    }
    assert_eq!(test.db.number("SELECT COUNT(*) FROM orders", &[]).await, 0);
}

#[tokio::test]
async fn listings_show_the_stock_an_order_left_right_away() {
    let test = TestApp::new().await;
    let listed = |body: &Value| {
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|item| item["slug"] == "copper-mug")
            .unwrap()["stock"]
            .as_i64()
            .unwrap()
    };
    // Read once so the listing is cached, then order.
    let (_, _, before) = test.json("/api/products?q=copper").await;
    let quote = quote(&test, json!([{ "product": "copper-mug", "quantity": 3 }])).await;
    let (status, _) = place(
        &test,
        Some("stock"),
        &order_request(&quote, "heron-standard"),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, _, after) = test.json("/api/products?q=copper").await;
    assert_eq!(listed(&after), listed(&before) - 3);
}

#[tokio::test]
async fn a_total_in_another_currency_is_refused_and_never_charged() {
    let test = TestApp::new().await;
    let quote = quote(&test, json!([{ "product": "copper-mug", "quantity": 1 }])).await;
    let honest = order_request(&quote, "heron-standard");
    let (status, placed) = place(&test, Some("eur"), &honest).await;
    assert_eq!(status, StatusCode::CREATED, "{placed}");
    let total = placed["order"]["total_charged"].clone();
    assert_eq!(total["currency"], "EUR");

    // The same figure in dollars on a euro quote: refused, not charged in either currency.
    let mut dollars = order_request(&quote, "heron-standard");
    dollars["expected_total"] = json!({ "amount_minor": total["amount_minor"], "currency": "USD" });
    let (status, problem) = place(&test, Some("usd"), &dollars).await;
    assert_eq!(status, StatusCode::CONFLICT, "{problem}");
    assert_eq!(problem["type"], "/problems/price-changed");
    assert_eq!(problem["field"], "expected_total");
    let charges = test.payments.charges();
    assert_eq!(
        charges.len(),
        1,
        "only the honest order was charged: {charges:?}"
    );
    assert_eq!(serde_json::to_value(charges[0].amount).unwrap(), total);
}

#[tokio::test]
async fn a_service_not_quoted_for_its_shipment_is_refused_and_never_charged() {
    let test = TestApp::new().await;
    // Two sellers, two lanes: Japan → Germany and France → Germany. The French lane has
    // services the Japanese one does not.
    let quote = quote(
        &test,
        json!([{ "product": "matcha-bowl", "quantity": 1 },
               { "product": "linen-tea-towels", "quantity": 1 }]),
    )
    .await;
    let services = |i: usize| -> Vec<String> {
        quote["shipments"][i]["quote"]["services"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["service_code"].as_str().unwrap().to_owned())
            .collect()
    };
    let (japan, france) = (services(0), services(1));
    assert_eq!(quote["shipments"][0]["seller"], "kiln-and-leaf");
    let other_lane = france
        .iter()
        .find(|code| !japan.contains(code))
        .expect("a service of the French lane only")
        .clone();
    let request = |first: &str| {
        json!({
            "quote_id": quote["id"], "email": "erika@example.com", "address": common::berlin(),
            "shipments": [
                { "seller": "kiln-and-leaf", "service": first, "terms": "ddp" },
                { "seller": "atelier-lin", "service": "heron-standard", "terms": "ddp" }
            ],
            "payment": card_payment()
        })
    };

    for (key, service) in [
        ("lane", other_lane.as_str()),
        ("made-up", "heron-overnight"),
    ] {
        let (status, problem) = place(&test, Some(key), &request(service)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{service}: {problem}");
        assert_eq!(problem["field"], "shipments[0].service", "{service}");
    }
    assert!(test.payments.charges().is_empty(), "nothing charged");

    // The honest choice is charged the sum of both shipments as quoted.
    let (status, placed) = place(&test, Some("honest"), &request("heron-standard")).await;
    assert_eq!(status, StatusCode::CREATED, "{placed}");
    let order = &placed["order"];
    let sum: i64 = order["shipments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["charged"]["amount_minor"].as_i64().unwrap())
        .sum();
    assert_eq!(order["total_charged"]["amount_minor"], sum);
    let charges = test.payments.charges();
    assert_eq!(charges.len(), 1);
    assert_eq!(charges[0].amount.amount_minor, sum);
}

#[tokio::test]
async fn a_quote_one_instance_answers_is_ordered_at_once_on_another() {
    let test = TestApp::new().await;
    let Some(url) = test.url.clone() else {
        eprintln!("skipped: instances share a database on PostgreSQL only");
        return;
    };
    let other = storefront_server::app(
        storefront_server::AppState::new(
            storefront_server::store::Store::open(&url).await.unwrap(),
        ),
        None,
    );
    let quote = quote(&test, json!([{ "product": "copper-mug", "quantity": 1 }])).await;
    // No pause: the second instance cannot wait for the first one's queue.
    let request = Request::post("/api/orders")
        .header(header::CONTENT_TYPE, "application/json")
        .header("Idempotency-Key", "across")
        .body(Body::from(
            order_request(&quote, "lantern-standard").to_string(),
        ))
        .unwrap();
    let response = tower::ServiceExt::oneshot(other, request).await.unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
}
