//! `orders`: order placement under load. Every variant is restocked first (so no order is
//! refused for stock), one cart is quoted, and the workers order it again and again, each
//! order under its own `Idempotency-Key`, as many buyers checking out the same cart would.

use bytes::Bytes;
use hyper::{Method, StatusCode};
use serde_json::{Value, json};

use crate::client::{self, Target};
use crate::db::Db;
use crate::load::{self, Load};

/// What each order buys: one unit, to Berlin, in euros.
const QUOTE: &str = r#"{"destination":"DE","currency":"EUR","lang":"en","lines":[{"product":"copper-mug","quantity":1}]}"#;
/// Units every variant gets before the run: more than any run can order.
const STOCK: i64 = 1_000_000_000;

/// An order of `quote`'s one shipment by `service`, duties on delivery, paid by the test card
/// the server's test provider accepts (it moves no money).
pub fn request(quote: &Value, service: &Value) -> Value {
    json!({
        "quote_id": quote["id"], "email": "bench@example.com",
        "address": { "country": "DE", "name": "Erika Mustermann", "line1": "Heidestraße 17",
                     "city": "Berlin", "postal_code": "10557", "phone": "030 1234567" },
        "shipments": [{ "seller": quote["shipments"][0]["seller"],
                        "service": service["service_code"], "terms": "ddu" }],
        "payment": { "method": "card",
                     "card": { "number": "4242 4242 4242 4242", "expiry": "12/34",
                               "cvc": "123", "holder": "Bench Buyer" } }
    })
}

/// Restocks through `db`, quotes on the first target, then runs `load` (its targets' paths
/// set to `/api/orders`, its body the order, a fresh key per request).
pub async fn run(db: &str, mut load: Load) -> Result<Value, String> {
    let mut db = Db::open(db).await?;
    db.restock(STOCK).await?;
    db.close().await;

    let quotes = load.targets[0].with_path("/api/quotes");
    let (status, _, answer) = client::once(
        &quotes,
        Method::POST,
        &[],
        Bytes::from_static(QUOTE.as_bytes()),
        None,
    )
    .await?;
    let quote: Value = serde_json::from_slice(&answer).unwrap_or(Value::Null);
    let service = quote["shipments"][0]["quote"]["services"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|service| service["offer"]["status"] == "available");
    let (StatusCode::CREATED, Some(service)) = (status, service) else {
        return Err(format!("quoting the bench cart answered {status}: {quote}"));
    };
    load.body = Bytes::from(request(&quote, service).to_string());
    load.method = Method::POST;
    load.targets = load
        .targets
        .iter()
        .map(|target: &Target| target.with_path("/api/orders"))
        .collect();
    load.unique_header = Some("Idempotency-Key".to_owned());
    load::run(load).await
}
