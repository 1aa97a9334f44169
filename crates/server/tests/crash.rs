//! Crash safety of order placement, against the real `storefront-server` binary, on the engine
//! under test (see tests/common).
//!
//! Orders are placed concurrently over TCP and the server process is killed with SIGKILL while
//! they are in flight, then restarted on the same database. Whatever the moment of the kill:
//! every acknowledged (201) order is there and unchanged; stock accounts for exactly the orders
//! in the database, acknowledged or not; no order number is given twice; retrying an
//! unacknowledged request with its `Idempotency-Key` finds the order committed before the crash
//! or creates it now, never a second one; and a SQLite file passes `PRAGMA integrity_check`.

mod common;

use std::sync::Arc;

use common::placing::{
    CARTS, Placing, Stock, attempts, check_kept, expected_stock, place, quote_carts, retry, split,
    stock_at, stored_orders,
};
use common::process::Server;
use common::{Db, TestApp};

/// Orders attempted, each with its own idempotency key.
const ORDERS: usize = 40;
/// Concurrent clients placing them.
const CLIENTS: usize = 8;
/// The server is killed as soon as this many orders have been acknowledged.
const KILL_AFTER: usize = 10;
/// Unacknowledged requests retried after the restart.
const RETRIES: usize = 6;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_orders_survive_a_kill_and_stock_matches_the_orders_present() {
    let test = TestApp::new().await;
    let mut server = Server::start(&test, None).await;
    let quoted = quote_carts(server.addr, &test.db, &CARTS, ORDERS).await;
    let attempts = Arc::new(attempts("crash-test", &quoted.quotes, ORDERS));

    // Concurrent clients take the attempts in turn; the server dies once KILL_AFTER are in.
    let mut placing =
        Placing::start_until(vec![server.addr], attempts.clone(), CLIENTS, KILL_AFTER);
    placing.acknowledged().await;
    server.kill();
    let outcomes = placing.outcomes().await;
    let (acknowledged, unacknowledged) = split(&attempts, &outcomes);
    eprintln!(
        "killed the server with {} of {ORDERS} orders acknowledged",
        acknowledged.len()
    );
    assert!(acknowledged.len() >= KILL_AFTER);
    assert!(
        acknowledged.len() < ORDERS,
        "the kill came after every order: nothing was in flight"
    );

    // Restart on the same database: every acknowledged order as acknowledged, nothing foreign,
    // stock matching; retried keys find their order or create it, once.
    let server = Server::start(&test, None).await;
    let addr = server.addr;
    let stored = check_kept(
        addr,
        &test.db,
        &attempts,
        &acknowledged,
        &unacknowledged,
        &quoted.initial_stock,
    )
    .await;
    let created = retry(addr, &unacknowledged, &stored, RETRIES).await;

    // A buyer whose acknowledgment got lost retries too: the order from before the crash,
    // with the same token, and no new one.
    for (attempt, placed) in acknowledged.iter().take(2) {
        let retried = place(addr, attempt).await.unwrap();
        assert_eq!(retried.status, 200, "{}: {}", attempt.key, retried.body);
        assert_eq!(
            &retried.body, *placed,
            "{}: not the acknowledged order",
            attempt.key
        );
    }

    // Stop (another SIGKILL, the server being idle), then the database itself: intact, and the
    // orders in it (one per retried key, none twice) are what the stock was taken for.
    let initial_stock = &quoted.initial_stock;
    let current_stock = stock_at(addr, initial_stock).await;
    drop(server);
    // A killed server cannot damage PostgreSQL's files, which another process writes; a SQLite
    // file is written by the server itself.
    if let Db::Sqlite(_) = test.db {
        let integrity = test.db.rows("PRAGMA integrity_check", &[]).await;
        assert_eq!(integrity, [["ok"]]);
        let violations = test.db.rows("PRAGMA foreign_key_check", &[]).await;
        assert!(
            violations.is_empty(),
            "foreign key violations: {violations:?}"
        );
    }
    let rows = test
        .db
        .rows(
            "SELECT p.slug, v.key, CAST(v.stock AS TEXT) FROM variants v
             JOIN products p ON p.id = v.product_id",
            &[],
        )
        .await;
    let stored_stock: Stock = rows
        .into_iter()
        .map(|row| {
            let [product, variant, stock] = <[String; 3]>::try_from(row).unwrap();
            ((product, variant), stock.parse::<i64>().unwrap())
        })
        .filter(|(key, _)| initial_stock.contains_key(key))
        .collect();
    assert_eq!(stored_stock, current_stock, "the API shows other stock");
    let after = stored_orders(&test.db).await;
    assert_eq!(after.len(), stored.len() + created);
    for order in &stored {
        assert!(
            after.iter().any(|a| a.id == order.id),
            "{} vanished",
            order.number
        );
    }
    assert_eq!(
        expected_stock(initial_stock, &after),
        stored_stock,
        "stock does not match the orders in the database"
    );
}
