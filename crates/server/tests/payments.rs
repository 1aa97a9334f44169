//! Paying for orders through the test provider: field problems reported with the others,
//! declines that place nothing, what an order keeps of a card, replays that charge nothing, and
//! the methods offered per destination.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{TestApp, berlin, card_payment, problem_fields};
use serde_json::{Value, json};

/// A quote for one `product` to `destination` in `currency`.
async fn quote(test: &TestApp, product: &str, destination: &str, currency: &str) -> Value {
    let (status, _, quote) = test
        .post_json(
            "/api/quotes",
            json!({ "destination": destination, "currency": currency,
                    "lines": [{ "product": product, "quantity": 1 }] }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{quote}");
    quote
}

/// An order of `quote`'s one shipment to Berlin by `heron-standard`, paid with `payment`.
fn order_request(quote: &Value, payment: Value) -> Value {
    json!({
        "quote_id": quote["id"],
        "email": "erika@example.com",
        "address": berlin(),
        "shipments": [{ "seller": quote["shipments"][0]["seller"], "service": "heron-standard",
                        "terms": "ddp" }],
        "payment": payment,
    })
}

fn card(number: &str, expiry: &str, cvc: &str) -> Value {
    json!({
        "method": "card",
        "card": { "number": number, "expiry": expiry, "cvc": cvc, "holder": "Erika Mustermann" }
    })
}

async fn place(test: &TestApp, key: &str, body: &Value) -> (StatusCode, Value) {
    let (status, _, body) = test
        .send(
            Request::post("/api/orders")
                .header(header::CONTENT_TYPE, "application/json")
                .header("Idempotency-Key", key)
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await;
    (status, body)
}

async fn order_count(test: &TestApp) -> i64 {
    test.db.number("SELECT COUNT(*) FROM orders", &[]).await
}

#[tokio::test]
async fn bad_card_fields_are_reported_at_once_with_the_address_problems() {
    let test = TestApp::new().await;
    let quote = quote(&test, "copper-mug", "DE", "EUR").await;
    // A typo in the number (check digit), a card expired in 2020, two security digits.
    let mut request = order_request(&quote, card("4242 4242 4242 4241", "01/20", "12"));
    request["address"]["postal_code"] = json!("ABCDE");
    let (status, problem) = place(&test, "bad-card", &request).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    assert_eq!(problem["type"], "/problems/invalid-field");
    let fields = problem_fields(&problem);
    for field in [
        "address.postal_code",
        "payment.card.number",
        "payment.card.expiry",
        "payment.card.cvc",
    ] {
        assert!(fields.iter().any(|f| f == field), "{field} in {fields:?}");
    }
    assert_eq!(fields.len(), 4, "{fields:?}");
    let expiry = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["field"] == "payment.card.expiry")
        .unwrap();
    assert!(
        expiry["detail"].as_str().unwrap().contains("expired"),
        "{expiry}"
    );
    assert!(test.payments.charges().is_empty(), "nothing was charged");
    assert_eq!(order_count(&test).await, 0);
}

#[tokio::test]
async fn a_method_not_customary_in_the_destination_is_refused() {
    let test = TestApp::new().await;
    let quote = quote(&test, "copper-mug", "DE", "EUR").await;

    let (status, problem) = place(
        &test,
        "pix",
        &order_request(&quote, json!({ "method": "pix" })),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    assert_eq!(problem_fields(&problem), ["payment.method"]);

    let no_card = order_request(&quote, json!({ "method": "card" }));
    let (status, problem) = place(&test, "no-card", &no_card).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(problem_fields(&problem), ["payment.card"]);

    let mut stray_card = card_payment();
    stray_card["method"] = json!("paypal");
    let (status, problem) = place(&test, "stray", &order_request(&quote, stray_card)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(problem_fields(&problem), ["payment.card"]);
    assert!(test.payments.charges().is_empty());

    // A method customary in Germany needs no card; the order records it.
    let (status, placed) = place(
        &test,
        "paypal",
        &order_request(&quote, json!({ "method": "paypal" })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{placed}");
    let payment = &placed["order"]["payment"];
    assert_eq!(payment["method"], "paypal");
    assert_eq!(payment["provider"], "test");
    assert_eq!(payment["test_mode"], true);
    assert!(payment["card"].is_null(), "{payment}");
}

#[tokio::test]
async fn the_decline_number_places_nothing_and_the_checkout_can_pay_again() {
    let test = TestApp::new().await;
    let before = test.stock("copper-mug").await;
    let quote = quote(&test, "copper-mug", "DE", "EUR").await;
    let declined = order_request(&quote, card("4000 0000 0000 0002", "12/34", "123"));
    let (status, problem) = place(&test, "checkout-9", &declined).await;
    assert_eq!(status, StatusCode::PAYMENT_REQUIRED, "{problem}");
    assert_eq!(problem["type"], "/problems/payment-declined");
    assert_eq!(problem["status"], 402);
    assert_eq!(test.stock("copper-mug").await, before, "stock unchanged");
    assert_eq!(order_count(&test).await, 0, "no order");
    assert_eq!(test.payments.charges().len(), 1);

    // Nothing was kept under the key: the buyer pays with another card in the same checkout.
    let (status, placed) = place(&test, "checkout-9", &order_request(&quote, card_payment())).await;
    assert_eq!(status, StatusCode::CREATED, "{placed}");
    assert_eq!(test.stock("copper-mug").await, before - 1);
    assert_eq!(order_count(&test).await, 1);
}

#[tokio::test]
async fn the_order_keeps_the_last_four_digits_never_the_number_or_security_code() {
    let test = TestApp::new().await;
    let quote = quote(&test, "matcha-bowl", "DE", "EUR").await;
    let request = order_request(&quote, card("5555 5555 5555 4444", "04/33", "737"));
    let (status, placed) = place(&test, "mastercard", &request).await;
    assert_eq!(status, StatusCode::CREATED, "{placed}");
    let payment = &placed["order"]["payment"];
    assert_eq!(
        payment["card"],
        json!({ "brand": "mastercard", "last4": "4444", "expiry_month": 4, "expiry_year": 2033 })
    );
    assert!(payment["reference"].as_str().unwrap().starts_with("test_"));

    let rows = test
        .db
        .rows(
            "SELECT body, request_hash FROM orders WHERE id = $1",
            &[placed["order"]["id"].as_str().unwrap()],
        )
        .await;
    let [stored, hash] = <[String; 2]>::try_from(rows[0].clone()).unwrap();
    let stored: Value = serde_json::from_str(&stored).unwrap();
    assert_eq!(stored["payment"], *payment);
    let text = stored.to_string();
    assert!(text.contains("\"last4\":\"4444\""), "{text}");
    assert!(!text.contains("5555555555554444") && !text.contains("5555 5555 5555 4444"));
    assert!(!text.contains("cvc") && !text.contains("\"737\""), "{text}");
    assert_eq!(hash.len(), 64, "a SHA-256 fingerprint, not the request");

    // Nowhere in the database files either (the write-ahead log included).
    for file in std::fs::read_dir(test.dir()).unwrap() {
        let bytes = std::fs::read(file.unwrap().path()).unwrap();
        for needle in [&b"5555555555554444"[..], b"5555 5555 5555 4444"] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "the card number was written to disk"
            );
        }
    }
}

#[tokio::test]
async fn a_replay_with_the_same_card_answers_the_same_order_without_charging_again() {
    let test = TestApp::new().await;
    let quote = quote(&test, "copper-mug", "DE", "EUR").await;
    let request = order_request(&quote, card_payment());
    let (first, placed) = place(&test, "replay", &request).await;
    assert_eq!(first, StatusCode::CREATED, "{placed}");
    let (again, replay) = place(&test, "replay", &request).await;
    assert_eq!(again, StatusCode::OK, "{replay}");
    assert_eq!(
        replay, placed,
        "the same order, payment reference and token"
    );
    let charges = test.payments.charges();
    assert_eq!(charges.len(), 1, "one charge: {charges:?}");
    assert_eq!(charges[0].idempotency_key, "replay");
    assert_eq!(charges[0].order_id, placed["order"]["id"].as_str().unwrap());
    assert_eq!(
        serde_json::to_value(charges[0].amount).unwrap(),
        placed["order"]["total_charged"]
    );

    // Another card under the same key is another request, refused rather than charged.
    let other = order_request(&quote, card("5555 5555 5555 4444", "12/34", "123"));
    let (status, problem) = place(&test, "replay", &other).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["type"], "/problems/idempotency-key-reused");
    assert_eq!(test.payments.charges().len(), 1);
}

#[tokio::test]
async fn payment_methods_are_those_customary_in_the_destination() {
    let test = TestApp::new().await;
    let (status, _, options) = test.json("/api/payment-methods?country=NL").await;
    assert_eq!(status, StatusCode::OK, "{options}");
    assert_eq!(options["provider"], "test");
    assert_eq!(options["test_mode"], true);
    let methods = options["methods"].as_array().unwrap();
    assert_eq!(methods[0], "ideal", "{methods:?}");
    assert!(methods.contains(&json!("card")));
    assert!(!methods.contains(&json!("pix")));

    let (status, _, options) = test.json("/api/payment-methods?country=BR").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(options["methods"][0], "pix");

    for uri in [
        "/api/payment-methods",
        "/api/payment-methods?country=",
        "/api/payment-methods?country=XX",
    ] {
        let (status, kind, problem) = test.json(uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}");
        assert_eq!(kind, "application/problem+json");
        assert_eq!(problem["field"], "country", "{uri}");
    }
}
