//! Many orders placed at once over TCP against server processes that get killed, and the checks
//! that nothing acknowledged was lost: shared by the crash test (one server, restarted) and the
//! multi-instance test (two servers, one killed).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::sync::Notify;
use tokio::task::JoinSet;

use super::Db;
use super::process::{Reply, http};

/// The carts, each quoted once and ordered in turn: one seller with two lines, one line of two
/// units, and two carts of two sellers (two shipments each). There is stock for 100 orders
/// ([`quote_carts`] checks), so no order is refused.
pub const CARTS: [&[(&str, i64)]; 4] = [
    &[("wakasa-lacquer-chopsticks", 1), ("kyoto-hojicha", 1)],
    &[("maple-syrup", 2)],
    &[("linen-tea-towels", 1), ("uji-sencha", 1)],
    &[("yuzu-ponzu", 1), ("beeswax-candles", 1)],
];

/// Each variant's stock, by (product, variant).
pub type Stock = BTreeMap<(String, String), i64>;

/// Carts quoted once each, and the catalog before any order.
pub struct Quoted {
    /// Every variant's stock of the products in the carts.
    pub initial_stock: Stock,
    /// One quote per cart.
    pub quotes: Vec<Value>,
}

/// Quotes each of `carts` (products with quantities) once on `addr`, on the best-stocked variant
/// of each product, checking that `orders` orders spread over the carts cannot run out of
/// stock; waits until the quotes are stored (a quote is answered before it is written on
/// SQLite, and a kill may lose one still queued: these tests are about orders).
pub async fn quote_carts(
    addr: SocketAddr,
    db: &Db,
    carts: &[&[(&str, i64)]],
    orders: usize,
) -> Quoted {
    let per_cart = orders.div_ceil(carts.len()) as i64;
    let mut initial_stock = BTreeMap::new();
    let mut variant_of = HashMap::new();
    for (product, quantity) in carts.iter().flat_map(|cart| cart.iter()) {
        let variants = stock_of(addr, product).await;
        let (variant, stock) = variants
            .iter()
            .max_by_key(|(_, stock)| *stock)
            .map(|(key, stock)| (key.clone(), *stock))
            .unwrap();
        assert!(
            stock >= quantity * per_cart,
            "{product}/{variant}: {stock} in stock is not enough"
        );
        variant_of.insert(*product, variant);
        for (key, stock) in variants {
            initial_stock.insert(((*product).to_owned(), key), stock);
        }
    }
    let mut quotes = Vec::new();
    for cart in carts {
        let lines: Vec<Value> = cart
            .iter()
            .map(|(product, quantity)| {
                json!({ "product": product, "variant": variant_of[product], "quantity": quantity })
            })
            .collect();
        let quote = http(
            addr,
            "POST",
            "/api/quotes",
            &[],
            Some(&json!({ "destination": "DE", "currency": "EUR", "lines": lines })),
        )
        .await
        .unwrap();
        assert_eq!(quote.status, 201, "{}", quote.body);
        quotes.push(quote.body);
    }
    for _ in 0..200 {
        if db.number("SELECT COUNT(*) FROM quotes", &[]).await >= carts.len() as i64 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    Quoted {
        initial_stock,
        quotes,
    }
}

/// One order to place: its key and its body.
pub struct Attempt {
    pub key: String,
    pub request: Value,
}

/// `count` attempts keyed `{prefix}-{i}`, cycling through `quotes`.
pub fn attempts(prefix: &str, quotes: &[Value], count: usize) -> Vec<Attempt> {
    (0..count)
        .map(|i| Attempt {
            key: format!("{prefix}-{i:03}"),
            request: order_request(&quotes[i % quotes.len()], i),
        })
        .collect()
}

/// What a client learned of one attempt.
#[derive(Clone)]
pub enum Outcome {
    /// 201 with the placed order and its access token.
    Acknowledged(Value),
    /// A complete answer other than 201.
    Refused(u16, Value),
    /// No complete answer: the server died first (or the request was never sent).
    Unanswered(String),
}

/// Concurrent clients placing attempts in turn, attempt `i` on `servers[i % servers.len()]`.
pub struct Placing {
    run: Arc<Run>,
    clients: JoinSet<()>,
}

/// The state the clients share.
struct Run {
    next: AtomicUsize,
    acknowledged: AtomicUsize,
    /// Acknowledgments after which `acknowledged()` returns.
    enough: usize,
    reached: Notify,
    outcomes: Mutex<Vec<Option<Outcome>>>,
}

impl Placing {
    pub fn start(servers: Vec<SocketAddr>, attempts: Arc<Vec<Attempt>>, clients: usize) -> Self {
        Self::start_until(servers, attempts, clients, usize::MAX)
    }

    /// As [`Placing::start`]; [`Placing::acknowledged`] returns once `enough` orders are in.
    pub fn start_until(
        servers: Vec<SocketAddr>,
        attempts: Arc<Vec<Attempt>>,
        clients: usize,
        enough: usize,
    ) -> Self {
        let run = Arc::new(Run {
            next: AtomicUsize::new(0),
            acknowledged: AtomicUsize::new(0),
            enough,
            reached: Notify::new(),
            outcomes: Mutex::new(vec![None; attempts.len()]),
        });
        let servers = Arc::new(servers);
        let mut set = JoinSet::new();
        for _ in 0..clients {
            let (run, attempts, servers) = (run.clone(), attempts.clone(), servers.clone());
            set.spawn(async move {
                loop {
                    let i = run.next.fetch_add(1, Ordering::SeqCst);
                    let Some(attempt) = attempts.get(i) else {
                        break;
                    };
                    let outcome = match place(servers[i % servers.len()], attempt).await {
                        Ok(reply) if reply.status == 201 => Outcome::Acknowledged(reply.body),
                        Ok(reply) => Outcome::Refused(reply.status, reply.body),
                        Err(error) => Outcome::Unanswered(error),
                    };
                    let acknowledged = matches!(outcome, Outcome::Acknowledged(_));
                    run.outcomes.lock().unwrap()[i] = Some(outcome);
                    if acknowledged
                        && run.acknowledged.fetch_add(1, Ordering::SeqCst) + 1 == run.enough
                    {
                        run.reached.notify_one();
                    }
                }
            });
        }
        Self { run, clients: set }
    }

    /// Waits until the orders asked for are acknowledged, or every client is done (the
    /// caller's assertions then fail); panics after 15 seconds.
    pub async fn acknowledged(&mut self) {
        tokio::select! {
            () = self.run.reached.notified() => {}
            () = async { while self.clients.join_next().await.is_some() {} } => {}
            () = tokio::time::sleep(Duration::from_secs(15)) => panic!("orders did not go through"),
        }
    }

    /// Waits for every client; each attempt's outcome, in order.
    pub async fn outcomes(mut self) -> Vec<Outcome> {
        while let Some(client) = self.clients.join_next().await {
            client.unwrap();
        }
        std::mem::take(&mut *self.run.outcomes.lock().unwrap())
            .into_iter()
            .map(Option::unwrap)
            .collect()
    }
}

/// An order row as the database holds it.
pub struct StoredOrder {
    pub id: String,
    pub number: String,
    pub key: String,
    pub body: Value,
}

/// After a kill, with a live server at `addr`: every acknowledged order reads back exactly as
/// acknowledged and is stored as acknowledged; the database holds nothing else but orders
/// committed without an answer; the stock the API shows is the initial stock less exactly the
/// stored orders. The stored orders.
pub async fn check_kept(
    addr: SocketAddr,
    db: &Db,
    attempts: &[Attempt],
    acknowledged: &[(&Attempt, &Value)],
    unacknowledged: &[&Attempt],
    initial_stock: &Stock,
) -> Vec<StoredOrder> {
    for (attempt, placed) in acknowledged {
        let order = &placed["order"];
        let read = read_order(addr, order["id"].as_str().unwrap(), &placed["access_token"]).await;
        assert_eq!(read.status, 200, "{}: {}", attempt.key, read.body);
        assert_eq!(&read.body, order, "{} changed across the kill", attempt.key);
    }
    let stored = stored_orders(db).await;
    let stored_keys: HashMap<&str, &StoredOrder> = stored
        .iter()
        .map(|order| (order.key.as_str(), order))
        .collect();
    let attempted: HashSet<&str> = attempts.iter().map(|a| a.key.as_str()).collect();
    assert!(
        stored
            .iter()
            .all(|order| attempted.contains(order.key.as_str())),
        "orders nobody placed"
    );
    for (attempt, placed) in acknowledged {
        let acked = &placed["order"];
        let order = stored_keys
            .get(attempt.key.as_str())
            .unwrap_or_else(|| panic!("acknowledged {} lost in the kill", attempt.key));
        assert_eq!(order.id, acked["id"].as_str().unwrap());
        for field in ["number", "total_charged", "due_on_delivery", "currency"] {
            assert_eq!(order.body[field], acked[field], "{}: {field}", attempt.key);
        }
        assert_eq!(
            lines(&order.body),
            lines(acked),
            "{}: lines changed",
            attempt.key
        );
    }
    let committed_unacknowledged = unacknowledged
        .iter()
        .filter(|a| stored_keys.contains_key(a.key.as_str()))
        .count();
    eprintln!(
        "after the kill: {} orders in the database ({} acknowledged, {committed_unacknowledged} \
         committed but unanswered)",
        stored.len(),
        acknowledged.len()
    );
    assert_eq!(stored.len(), acknowledged.len() + committed_unacknowledged);
    assert_eq!(
        stock_at(addr, initial_stock).await,
        expected_stock(initial_stock, &stored),
        "stock does not match the orders in the database"
    );
    stored
}

/// Retries up to `count` of `unacknowledged` on `addr` with their keys, the committed ones
/// first: each finds its order (200) or creates it (201), once, and a second retry finds it.
/// How many were created.
pub async fn retry(
    addr: SocketAddr,
    unacknowledged: &[&Attempt],
    stored: &[StoredOrder],
    count: usize,
) -> usize {
    let committed = |attempt: &Attempt| stored.iter().find(|order| order.key == attempt.key);
    let mut retries = unacknowledged.to_vec();
    retries.sort_by_key(|a| committed(a).is_none());
    retries.truncate(count);
    let mut created = 0;
    for attempt in retries {
        let retried = place(addr, attempt).await.unwrap();
        let order = &retried.body["order"];
        match committed(attempt) {
            Some(before) => {
                assert_eq!(retried.status, 200, "{}: {}", attempt.key, retried.body);
                assert_eq!(
                    order, &before.body,
                    "{}: not the committed order",
                    attempt.key
                );
            }
            None => {
                assert_eq!(retried.status, 201, "{}: {}", attempt.key, retried.body);
                assert!(
                    stored
                        .iter()
                        .all(|s| s.id != order["id"] && s.number != order["number"]),
                    "{}: reused an order's id or number",
                    attempt.key
                );
                created += 1;
            }
        }
        let read = read_order(
            addr,
            order["id"].as_str().unwrap(),
            &retried.body["access_token"],
        )
        .await;
        assert_eq!(read.status, 200, "{}: {}", attempt.key, read.body);
        let again = place(addr, attempt).await.unwrap();
        assert_eq!(again.status, 200, "{}: {}", attempt.key, again.body);
        assert_eq!(again.body["order"]["id"], order["id"], "{}", attempt.key);
    }
    created
}

/// The order request for `quote`: the first available service of each shipment, DDP for even
/// attempts and DDU for odd ones.
fn order_request(quote: &Value, attempt: usize) -> Value {
    let shipments: Vec<Value> = quote["shipments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|shipment| {
            let service = shipment["quote"]["services"]
                .as_array()
                .unwrap()
                .iter()
                .find(|service| service["offer"]["status"] == "available")
                .unwrap_or_else(|| panic!("no service for {}", shipment["seller"]));
            json!({
                "seller": shipment["seller"],
                "service": service["service_code"],
                "terms": if attempt.is_multiple_of(2) { "ddp" } else { "ddu" },
            })
        })
        .collect();
    json!({
        "quote_id": quote["id"],
        "email": format!("buyer{attempt}@example.com"),
        "address": super::berlin(),
        "shipments": shipments,
        "payment": super::card_payment(),
    })
}

pub async fn place(addr: SocketAddr, attempt: &Attempt) -> Result<Reply, String> {
    http(
        addr,
        "POST",
        "/api/orders",
        &[("Idempotency-Key", &attempt.key)],
        Some(&attempt.request),
    )
    .await
}

pub async fn read_order(addr: SocketAddr, id: &str, token: &Value) -> Reply {
    let bearer = format!("Bearer {}", token.as_str().unwrap());
    http(
        addr,
        "GET",
        &format!("/api/orders/{id}"),
        &[("Authorization", &bearer)],
        None,
    )
    .await
    .unwrap()
}

/// Every variant of `product` with its stock, through the API.
pub async fn stock_of(addr: SocketAddr, product: &str) -> Vec<(String, i64)> {
    let detail = http(addr, "GET", &format!("/api/products/{product}"), &[], None)
        .await
        .unwrap();
    assert_eq!(detail.status, 200, "{product}: {}", detail.body);
    detail.body["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["key"].as_str().unwrap().to_owned(),
                v["stock"].as_i64().unwrap(),
            )
        })
        .collect()
}

/// The stock the API at `addr` shows for every product in `initial`.
pub async fn stock_at(addr: SocketAddr, initial: &Stock) -> Stock {
    let products: HashSet<&String> = initial.keys().map(|(product, _)| product).collect();
    let mut current = BTreeMap::new();
    for product in products {
        for (key, stock) in stock_of(addr, product).await {
            current.insert((product.clone(), key), stock);
        }
    }
    current
}

/// An order's lines as (seller, product, variant, quantity), in order.
fn lines(order: &Value) -> Vec<(String, String, String, i64)> {
    order["shipments"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|shipment| {
            shipment["lines"].as_array().unwrap().iter().map(|line| {
                (
                    shipment["seller"].as_str().unwrap().to_owned(),
                    line["product"].as_str().unwrap().to_owned(),
                    line["variant"].as_str().unwrap().to_owned(),
                    line["quantity"].as_i64().unwrap(),
                )
            })
        })
        .collect()
}

/// The stock each variant should have: its initial stock less every stored order's lines.
pub fn expected_stock(initial: &Stock, orders: &[StoredOrder]) -> Stock {
    let mut expected = initial.clone();
    for (_, product, variant, quantity) in orders.iter().flat_map(|o| lines(&o.body)) {
        *expected
            .get_mut(&(product.clone(), variant.clone()))
            .unwrap_or_else(|| panic!("an order of {product}/{variant}, never offered")) -=
            quantity;
    }
    expected
}

/// Every order in the database; asserts the numbers are unique and match their rows.
pub async fn stored_orders(db: &Db) -> Vec<StoredOrder> {
    let rows = db
        .rows(
            "SELECT id, CAST(seq AS TEXT), number, idempotency_key, body FROM orders ORDER BY seq",
            &[],
        )
        .await;
    let mut numbers = HashSet::new();
    rows.into_iter()
        .map(|row| {
            let [id, seq, number, key, body] = <[String; 5]>::try_from(row).unwrap();
            let body: Value = serde_json::from_str(&body).unwrap();
            assert_eq!(number, format!("CV-{seq}"));
            assert_eq!(body["number"], number.as_str());
            assert_eq!(body["id"], id.as_str());
            assert!(numbers.insert(number.clone()), "{number} given twice");
            StoredOrder {
                id,
                number,
                key,
                body,
            }
        })
        .collect()
}

/// The acknowledged attempts with their answers, and the unanswered ones; panics on any other
/// answer (a server answers in full or not at all).
pub fn split<'a>(
    attempts: &'a [Attempt],
    outcomes: &'a [Outcome],
) -> (Vec<(&'a Attempt, &'a Value)>, Vec<&'a Attempt>) {
    let mut acknowledged = Vec::new();
    let mut unacknowledged = Vec::new();
    for (attempt, outcome) in attempts.iter().zip(outcomes) {
        match outcome {
            Outcome::Acknowledged(placed) => acknowledged.push((attempt, placed)),
            Outcome::Refused(status, body) => panic!("{}: {status} {body}", attempt.key),
            Outcome::Unanswered(error) => {
                if unacknowledged.is_empty() {
                    eprintln!("first unanswered: {}: {error}", attempt.key);
                }
                unacknowledged.push(attempt);
            }
        }
    }
    (acknowledged, unacknowledged)
}
