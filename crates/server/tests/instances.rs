//! Two real `storefront-server` processes on one PostgreSQL database, as behind a load balancer:
//! an order per Idempotency-Key and the last unit sold once whichever instance each request
//! reaches; tracking events ingested by one instance streamed live by the other; and one
//! instance killed during 100 concurrent orders while the other serves on; and instances
//! starting together on an empty database. Skipped on SQLite, which one process owns.

mod common;

use std::sync::Arc;

use common::TestApp;
use common::placing::{
    Attempt, CARTS, Outcome, Placing, attempts, check_kept, expected_stock, place, quote_carts,
    retry, split, stock_at, stored_orders,
};
use common::process::{Server, http};
use common::{event_ids, open_stream, read_until};
use futures::future::join_all;
use serde_json::{Value, json};
use storefront_server::store::Store;
use storefront_server::tracking;

/// The test's database with two server processes on it (started in the same moment, as a
/// deployment would), or `None` on SQLite.
async fn two_instances() -> Option<(TestApp, Server, Server)> {
    let test = TestApp::new().await;
    if test.url.is_none() {
        eprintln!("skipped: instances share a database on PostgreSQL only");
        return None;
    }
    let (first, second) = tokio::join!(Server::start(&test, None), Server::start(&test, None));
    Some((test, first, second))
}

/// A quote for `quantity` units of `product` to Berlin in euros, asked of `server`.
async fn quote(server: &Server, product: &str, quantity: i64) -> Value {
    let quote = http(
        server.addr,
        "POST",
        "/api/quotes",
        &[],
        Some(&json!({ "destination": "DE", "currency": "EUR",
                      "lines": [{ "product": product, "quantity": quantity }] })),
    )
    .await
    .unwrap();
    assert_eq!(quote.status, 201, "{}", quote.body);
    quote.body
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn instances_starting_together_on_an_empty_database_migrate_and_seed_it_once() {
    let Some(url) = common::empty_postgres_database().await else {
        eprintln!("skipped: instances share a database on PostgreSQL only");
        return;
    };
    let stores = join_all((0..4).map(|_| Store::open(&url))).await;
    let stores: Vec<Store> = stores.into_iter().map(Result::unwrap).collect();
    // One set of secrets, whoever wrote it: a signature one instance makes, another checks.
    let key = |store: &Store| tracking::carrier_key(store, "heron").unwrap();
    assert!(stores.iter().all(|store| key(store) == key(&stores[0])));
    let db = sqlx::PgPool::connect(&url).await.unwrap();
    let count = |sql: &'static str| {
        let db = db.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&db)
                .await
                .unwrap()
        }
    };
    assert_eq!(
        count("SELECT COUNT(*) FROM sellers").await,
        6,
        "seeded once"
    );
    let migrations = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/postgres"))
        .unwrap()
        .count();
    assert_eq!(
        count("SELECT COUNT(*) FROM _sqlx_migrations WHERE success").await,
        migrations as i64
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn retries_of_one_key_spread_over_two_instances_make_one_order() {
    let Some((test, first, second)) = two_instances().await else {
        return;
    };
    let before = test.stock("linen-tea-towels").await;
    let quote = quote(&first, "linen-tea-towels", 1).await;
    let attempt = &attempts("double-click", &[quote], 1)[0];

    // A buyer's retries, sent at once, half of them to each instance.
    let replies = join_all((0..12).map(|i| {
        let server = if i % 2 == 0 { &first } else { &second };
        place(server.addr, attempt)
    }))
    .await;
    // Orders are placed one at a time on the database: a retry waits for the first and
    // finds its order.
    let mut orders = Vec::new();
    for reply in replies {
        let reply = reply.unwrap();
        assert!(
            matches!(reply.status, 200 | 201),
            "{}: {}",
            reply.status,
            reply.body
        );
        orders.push((reply.status, reply.body["order"]["id"].clone()));
    }
    assert_eq!(
        orders.iter().filter(|(status, _)| *status == 201).count(),
        1,
        "{orders:?}"
    );
    let id = &orders[0].1;
    assert!(orders.iter().all(|(_, other)| other == id), "{orders:?}");

    // Later retries, on either instance, find the same order.
    for server in [&first, &second] {
        let again = place(server.addr, attempt).await.unwrap();
        assert_eq!(again.status, 200, "{}", again.body);
        assert_eq!(&again.body["order"]["id"], id);
    }
    assert_eq!(test.db.number("SELECT COUNT(*) FROM orders", &[]).await, 1);
    assert_eq!(test.stock("linen-tea-towels").await, before - 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_last_units_sell_once_across_two_instances() {
    let Some((test, first, second)) = two_instances().await else {
        return;
    };
    let units = test.stock("cast-iron-teapot").await;
    let quote = quote(&second, "cast-iron-teapot", units).await;
    // Six buyers want every unit, three on each instance.
    let buyers = attempts("last-units", &[quote], 6);
    let replies = join_all(buyers.iter().enumerate().map(|(i, buyer)| {
        let server = if i % 2 == 0 { &first } else { &second };
        place(server.addr, buyer)
    }))
    .await;
    let mut sold = 0;
    for reply in replies {
        let reply = reply.unwrap();
        match reply.status {
            201 => sold += 1,
            409 => assert_eq!(
                reply.body["type"], "/problems/out-of-stock",
                "{}",
                reply.body
            ),
            status => panic!("{status}: {}", reply.body),
        }
    }
    assert_eq!(sold, 1);
    assert_eq!(test.stock("cast-iron-teapot").await, 0);
    assert_eq!(test.db.number("SELECT COUNT(*) FROM orders", &[]).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn events_ingested_by_one_instance_stream_live_from_the_other_and_resume_on_either() {
    let Some((test, first, second)) = two_instances().await else {
        return;
    };
    let quote = quote(&first, "copper-mug", 1).await;
    let placed = place(first.addr, &attempts("tracked", &[quote], 1)[0])
        .await
        .unwrap();
    assert_eq!(placed.status, 201, "{}", placed.body);
    let order = &placed.body["order"];
    let (id, token) = (
        order["id"].as_str().unwrap(),
        placed.body["access_token"].as_str().unwrap(),
    );
    let shipment = &order["shipments"][0];
    let carrier = shipment["carrier_code"].as_str().unwrap();
    let key = tracking::carrier_key(&test.store, carrier).unwrap();
    let path = format!("/api/orders/{id}/events?token={token}");

    // A buyer follows the order on the second instance: the label first.
    let mut stream = open_stream(second.addr, &path, None).await;
    let mut seen = String::new();
    read_until(&mut stream, &mut seen, "label_created").await;
    let label = *event_ids(&seen).last().unwrap();

    // The carrier's webhook reaches the first instance; the stream on the second shows it.
    let update = json!({ "tracking_number": shipment["tracking_number"], "status": "picked_up",
                         "occurred_at": storefront_server::now().0,
                         "location": { "city": "Berlin", "country": "DE" } });
    let body = update.to_string();
    let timestamp = storefront_server::now().0.to_string();
    let signature = tracking::sign_webhook(
        &key,
        timestamp.parse().unwrap(),
        "d-picked-up",
        body.as_bytes(),
    );
    let accepted = http(
        first.addr,
        "POST",
        &format!("/api/webhooks/carriers/{carrier}"),
        &[
            ("X-Carrier-Timestamp", &timestamp),
            ("X-Carrier-Delivery", "d-picked-up"),
            ("X-Carrier-Signature", &signature),
        ],
        Some(&update),
    )
    .await
    .unwrap();
    assert_eq!(accepted.status, 202, "{}", accepted.body);
    read_until(&mut stream, &mut seen, "picked_up").await;
    let ids = event_ids(&seen);
    assert_eq!(ids.len(), 2, "{seen}");

    // Resuming after the label works on either instance: exactly the pickup, once.
    for server in [&first, &second] {
        let mut resumed = open_stream(server.addr, &path, Some(&label.to_string())).await;
        let mut text = String::new();
        read_until(&mut resumed, &mut text, "picked_up").await;
        assert_eq!(event_ids(&text), ids[1..], "{text}");
        assert!(!text.contains("label_created"), "{text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_instance_killed_during_100_orders_loses_no_acknowledged_order_and_the_other_serves_on()
{
    const ORDERS: usize = 100;
    let Some((test, mut killed, survivor)) = two_instances().await else {
        return;
    };
    let quoted = quote_carts(survivor.addr, &test.db, &CARTS, ORDERS).await;
    let attempts: Arc<Vec<Attempt>> = Arc::new(attempts("two-instances", &quoted.quotes, ORDERS));

    // Even attempts go to the instance that dies once 30 orders are in, odd ones to the other.
    let mut placing =
        Placing::start_until(vec![killed.addr, survivor.addr], attempts.clone(), 16, 30);
    placing.acknowledged().await;
    killed.kill();
    let outcomes = placing.outcomes().await;
    for (i, outcome) in outcomes.iter().enumerate().filter(|(i, _)| i % 2 == 1) {
        assert!(
            matches!(outcome, Outcome::Acknowledged(_)),
            "{}: the surviving instance did not acknowledge it",
            attempts[i].key
        );
    }
    let (acknowledged, unacknowledged) = split(&attempts, &outcomes);
    eprintln!(
        "killed one instance with {} of {ORDERS} orders acknowledged",
        acknowledged.len()
    );
    assert!(
        !unacknowledged.is_empty(),
        "the kill came after every order: nothing was in flight"
    );

    // The survivor has every acknowledged order as acknowledged, and stock to match; the
    // buyers left without an answer retry there and each gets exactly one order.
    let stored = check_kept(
        survivor.addr,
        &test.db,
        &attempts,
        &acknowledged,
        &unacknowledged,
        &quoted.initial_stock,
    )
    .await;
    retry(survivor.addr, &unacknowledged, &stored, ORDERS).await;
    let after = stored_orders(&test.db).await;
    assert_eq!(after.len(), ORDERS);
    assert_eq!(
        stock_at(survivor.addr, &quoted.initial_stock).await,
        expected_stock(&quoted.initial_stock, &after)
    );
}
