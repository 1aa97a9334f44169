//! Crash safety of order placement, against the real `storefront-server` binary.
//!
//! Orders are placed concurrently over TCP and the server process is killed with SIGKILL while
//! they are in flight, then restarted on the same database file. Whatever the moment of the kill:
//! every acknowledged (201) order is there and unchanged; stock accounts for exactly the orders
//! in the database, acknowledged or not; no order number is given twice; retrying an
//! unacknowledged request with its `Idempotency-Key` finds the order committed before the crash
//! or creates it now, never a second one; and the database passes `PRAGMA integrity_check`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use sqlx::Connection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::Notify;
use tokio::task::JoinSet;

/// Orders attempted, each with its own idempotency key.
const ORDERS: usize = 40;
/// Concurrent clients placing them.
const CLIENTS: usize = 8;
/// The server is killed as soon as this many orders have been acknowledged.
const KILL_AFTER: usize = 10;
/// Unacknowledged requests retried after the restart.
const RETRIES: usize = 6;
/// Longest any one HTTP exchange may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The carts, each quoted once and ordered `ORDERS / CARTS.len()` times: one seller with two
/// lines, one line of two units, and two carts of two sellers (two shipments each). Every
/// product has far more stock than all the orders can take, so no order can be refused.
const CARTS: [&[(&str, i64)]; 4] = [
    &[("wakasa-lacquer-chopsticks", 1), ("kyoto-hojicha", 1)],
    &[("maple-syrup", 2)],
    &[("linen-tea-towels", 1), ("uji-sencha", 1)],
    &[("yuzu-ponzu", 1), ("beeswax-candles", 1)],
];

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_orders_survive_a_kill_and_stock_matches_the_orders_present() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = dir.path().join("crash.db");
    let mut server = Server::start(&db, dir.path()).await;
    let addr = server.addr;

    // The catalog before any order: every variant's stock, and the best-stocked variant of each
    // product in the carts.
    let mut initial_stock = BTreeMap::new();
    let mut variant_of = HashMap::new();
    for (product, quantity) in CARTS.iter().flat_map(|cart| cart.iter()) {
        let variants = stock_of(addr, product).await;
        let (variant, stock) = variants
            .iter()
            .max_by_key(|(_, stock)| *stock)
            .map(|(key, stock)| (key.clone(), *stock))
            .unwrap();
        assert!(
            stock >= quantity * (ORDERS / CARTS.len()) as i64 * 2,
            "{product}/{variant}: {stock} in stock is not plenty"
        );
        variant_of.insert(*product, variant);
        for (key, stock) in variants {
            initial_stock.insert(((*product).to_owned(), key), stock);
        }
    }

    // One quote per cart; the attempts cycle through them, alternating duty terms.
    let mut quotes = Vec::new();
    for cart in CARTS {
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
    // A quote is answered before it is written, and a crash may lose one still queued (the
    // buyer is then quoted again); this test is about orders, so its quotes are stored first.
    let mut connection = connect(&db).await;
    for _ in 0..200 {
        let (stored,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM quotes")
            .fetch_one(&mut connection)
            .await
            .unwrap();
        if stored >= CARTS.len() as i64 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    drop(connection);
    let attempts: Arc<Vec<Attempt>> = Arc::new(
        (0..ORDERS)
            .map(|i| Attempt {
                key: format!("crash-test-{i:02}"),
                request: order_request(&quotes[i % quotes.len()], i),
            })
            .collect(),
    );

    // Concurrent clients take the attempts in turn; the server dies once KILL_AFTER are in.
    let run = Arc::new(Run {
        next: AtomicUsize::new(0),
        acknowledged: AtomicUsize::new(0),
        kill_now: Notify::new(),
        outcomes: Mutex::new(vec![None; ORDERS]),
    });
    let mut clients = JoinSet::new();
    for _ in 0..CLIENTS {
        let (run, attempts) = (run.clone(), attempts.clone());
        clients.spawn(async move {
            loop {
                let i = run.next.fetch_add(1, Ordering::SeqCst);
                let Some(attempt) = attempts.get(i) else {
                    break;
                };
                let outcome = match place(addr, attempt).await {
                    Ok(response) if response.status == 201 => Outcome::Acknowledged(response.body),
                    Ok(response) => Outcome::Refused(response.status, response.body),
                    Err(error) => Outcome::Unanswered(error),
                };
                let acknowledged = matches!(outcome, Outcome::Acknowledged(_));
                run.outcomes.lock().unwrap()[i] = Some(outcome);
                if acknowledged && run.acknowledged.fetch_add(1, Ordering::SeqCst) + 1 == KILL_AFTER
                {
                    run.kill_now.notify_one();
                }
            }
        });
    }
    tokio::select! {
        () = run.kill_now.notified() => {}
        // Only if fewer than KILL_AFTER orders get through at all; the assertions below fail then.
        () = async { while clients.join_next().await.is_some() {} } => {}
        () = tokio::time::sleep(Duration::from_secs(15)) => panic!("orders did not go through"),
    }
    server.kill();
    while let Some(client) = clients.join_next().await {
        client.unwrap();
    }
    let outcomes: Vec<Outcome> = std::mem::take(&mut *run.outcomes.lock().unwrap())
        .into_iter()
        .map(Option::unwrap)
        .collect();

    let mut acknowledged = Vec::new();
    let mut unacknowledged = Vec::new();
    for (attempt, outcome) in attempts.iter().zip(&outcomes) {
        match outcome {
            Outcome::Acknowledged(placed) => acknowledged.push((attempt, placed)),
            // Every answer the server finished before dying is an acknowledgment.
            Outcome::Refused(status, body) => panic!("{}: {status} {body}", attempt.key),
            Outcome::Unanswered(error) => unacknowledged.push((attempt, error)),
        }
    }
    eprintln!(
        "killed the server with {} of {ORDERS} orders acknowledged; first unanswered: {:?}",
        acknowledged.len(),
        unacknowledged
            .first()
            .map(|(attempt, error)| (&attempt.key, error))
    );
    let unacknowledged: Vec<&Attempt> = unacknowledged.into_iter().map(|(a, _)| a).collect();
    assert!(acknowledged.len() >= KILL_AFTER);
    assert!(
        acknowledged.len() < ORDERS,
        "the kill came after every order: nothing was in flight"
    );

    // Restart on the same file: every acknowledged order reads back exactly as acknowledged.
    let server = Server::start(&db, dir.path()).await;
    let addr = server.addr;
    for (attempt, placed) in &acknowledged {
        let order = &placed["order"];
        let read = read_order(addr, order["id"].as_str().unwrap(), &placed["access_token"]).await;
        assert_eq!(read.status, 200, "{}: {}", attempt.key, read.body);
        assert_eq!(
            &read.body, order,
            "{} changed across the crash",
            attempt.key
        );
    }

    // The database as recovered (read beside the running server, WAL allows it): the
    // acknowledged orders with what was acknowledged, nothing foreign, stock matching.
    let stored = stored_orders(&db).await;
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
    for (attempt, placed) in &acknowledged {
        let acked = &placed["order"];
        let order = stored_keys
            .get(attempt.key.as_str())
            .unwrap_or_else(|| panic!("acknowledged {} lost in the crash", attempt.key));
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
        "after the restart: {} orders in the database ({} acknowledged, {committed_unacknowledged} \
         committed but unanswered)",
        stored.len(),
        acknowledged.len()
    );
    assert_eq!(stored.len(), acknowledged.len() + committed_unacknowledged);
    check_stock(addr, &initial_stock, &stored).await;

    // Retrying unacknowledged requests with their keys: the committed ones first (if any), then
    // ones that never committed. Each finds its order (200) or creates it (201), once.
    let mut retries: Vec<&Attempt> = unacknowledged.clone();
    retries.sort_by_key(|a| !stored_keys.contains_key(a.key.as_str()));
    retries.truncate(RETRIES);
    let mut created = 0;
    for attempt in &retries {
        let retried = place(addr, attempt).await.unwrap();
        let order = &retried.body["order"];
        match stored_keys.get(attempt.key.as_str()) {
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

    // Stop (another SIGKILL, the server being idle), then the file itself: intact, and the
    // orders in it (one per retried key, none twice) are what the stock was taken for.
    let mut current_stock = BTreeMap::new();
    for product in variant_of.keys() {
        for (key, stock) in stock_of(addr, product).await {
            current_stock.insert(((*product).to_owned(), key), stock);
        }
    }
    drop(server);
    let mut connection = connect(&db).await;
    let (integrity,): (String,) = sqlx::query_as("PRAGMA integrity_check")
        .fetch_one(&mut connection)
        .await
        .unwrap();
    assert_eq!(integrity, "ok");
    let violations = sqlx::query("PRAGMA foreign_key_check")
        .fetch_all(&mut connection)
        .await
        .unwrap();
    assert!(violations.is_empty(), "foreign key violations");
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT p.slug, v.key, v.stock FROM variants v JOIN products p ON p.id = v.product_id",
    )
    .fetch_all(&mut connection)
    .await
    .unwrap();
    connection.close().await.unwrap();
    let stored_stock: BTreeMap<(String, String), i64> = rows
        .into_iter()
        .map(|(product, variant, stock)| ((product, variant), stock))
        .filter(|(key, _)| initial_stock.contains_key(key))
        .collect();
    assert_eq!(stored_stock, current_stock, "the API shows other stock");
    let after = stored_orders(&db).await;
    assert_eq!(after.len(), stored.len() + created);
    for order in &stored {
        assert!(
            after.iter().any(|a| a.id == order.id),
            "{} vanished",
            order.number
        );
    }
    assert_eq!(
        expected_stock(&initial_stock, &after),
        stored_stock,
        "stock does not match the orders in the database"
    );
}

/// One order to place: its key and its body.
struct Attempt {
    key: String,
    request: Value,
}

/// What a client learned of one attempt before the kill.
#[derive(Clone)]
enum Outcome {
    /// 201 with the placed order and its access token.
    Acknowledged(Value),
    /// A complete answer other than 201.
    Refused(u16, Value),
    /// No complete answer: the server died first (or the request was never sent).
    Unanswered(String),
}

/// The state the clients share.
struct Run {
    next: AtomicUsize,
    acknowledged: AtomicUsize,
    kill_now: Notify,
    outcomes: Mutex<Vec<Option<Outcome>>>,
}

/// An order row as the database holds it.
struct StoredOrder {
    id: String,
    number: String,
    key: String,
    body: Value,
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
        "address": {
            "country": "DE", "name": "Erika Mustermann", "line1": "Heidestraße 17",
            "city": "Berlin", "postal_code": "10557", "phone": "030 1234567"
        },
        "shipments": shipments,
        "payment": {
            "method": "card",
            "card": { "number": "4242 4242 4242 4242", "expiry": "12/34", "cvc": "123",
                      "holder": "Erika Mustermann" }
        },
    })
}

async fn place(addr: SocketAddr, attempt: &Attempt) -> Result<Reply, String> {
    http(
        addr,
        "POST",
        "/api/orders",
        &[("Idempotency-Key", &attempt.key)],
        Some(&attempt.request),
    )
    .await
}

async fn read_order(addr: SocketAddr, id: &str, token: &Value) -> Reply {
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
async fn stock_of(addr: SocketAddr, product: &str) -> Vec<(String, i64)> {
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
fn expected_stock(
    initial: &BTreeMap<(String, String), i64>,
    orders: &[StoredOrder],
) -> BTreeMap<(String, String), i64> {
    let mut expected = initial.clone();
    for (_, product, variant, quantity) in orders.iter().flat_map(|o| lines(&o.body)) {
        *expected
            .get_mut(&(product.clone(), variant.clone()))
            .unwrap_or_else(|| panic!("an order of {product}/{variant}, never offered")) -=
            quantity;
    }
    expected
}

/// Asserts that the stock the API shows is the initial stock less exactly the stored orders.
async fn check_stock(
    addr: SocketAddr,
    initial: &BTreeMap<(String, String), i64>,
    orders: &[StoredOrder],
) {
    let mut current = BTreeMap::new();
    for (product, _) in initial.keys() {
        for (key, stock) in stock_of(addr, product).await {
            current.insert((product.clone(), key), stock);
        }
    }
    assert_eq!(
        current,
        expected_stock(initial, orders),
        "stock does not match the orders in the database"
    );
}

/// A plain connection to the database file (no migrations, no seeding), beside or after the
/// server.
async fn connect(db: &Path) -> SqliteConnection {
    SqliteConnection::connect_with(
        &SqliteConnectOptions::new()
            .filename(db)
            .busy_timeout(Duration::from_secs(5)),
    )
    .await
    .unwrap()
}

/// Every order in the database; asserts the numbers are unique and match their rows.
async fn stored_orders(db: &Path) -> Vec<StoredOrder> {
    let mut connection = connect(db).await;
    let rows: Vec<(String, i64, String, String, String)> =
        sqlx::query_as("SELECT id, seq, number, idempotency_key, body FROM orders ORDER BY seq")
            .fetch_all(&mut connection)
            .await
            .unwrap();
    connection.close().await.unwrap();
    let mut numbers = HashSet::new();
    rows.into_iter()
        .map(|(id, seq, number, key, body)| {
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

// ---------------------------------------------------------------------------------------------
// The server process

/// The running binary; killed (SIGKILL) when dropped, so a failing test leaves nothing behind.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    /// Starts the server on `db` on a free port, with no carrier simulator and a rate limit
    /// the test cannot reach, and waits for it to print its address.
    async fn start(db: &Path, dir: &Path) -> Self {
        let child = Command::new(env!("CARGO_BIN_EXE_storefront-server"))
            .args(["--addr", "127.0.0.1:0", "--no-sim"])
            .args([
                "--rate-limit-per-minute",
                "100000",
                "--rate-limit-burst",
                "100000",
            ])
            .arg("--db")
            .arg(db)
            // No ./dist there: the server serves the API only.
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("cannot start storefront-server");
        let mut server = Self {
            child,
            addr: ([127, 0, 0, 1], 0).into(),
        };
        // Read stdout to the end (logs go there too, and a full pipe would stall the server),
        // passing on the address line.
        let stdout = server.child.stdout.take().unwrap();
        let (address, printed) = tokio::sync::oneshot::channel();
        std::thread::spawn(move || {
            let mut address = Some(address);
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(addr) = line.strip_prefix("Storefront listening on http://")
                    && let Some(address) = address.take()
                {
                    let _ = address.send(addr.trim().to_owned());
                }
                eprintln!("[server] {line}");
            }
        });
        let addr = tokio::time::timeout(Duration::from_secs(15), printed)
            .await
            .expect("the server did not print its address in time")
            .expect("the server exited before listening");
        server.addr = addr.parse().unwrap();
        server
    }

    /// SIGKILL, then reaps the process.
    fn kill(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------------------------------------
// A minimal HTTP/1.1 client

/// A complete response: status and JSON body (`Null` when empty).
struct Reply {
    status: u16,
    body: Value,
}

/// One request on its own connection (`Connection: close`); `Err` unless a complete response
/// came back: a refused connection, a reset, or a response cut short.
async fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&Value>,
) -> Result<Reply, String> {
    let body = body.map(Value::to_string).unwrap_or_default();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if !body.is_empty() {
        head.push_str("Content-Type: application/json\r\n");
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let exchange = async {
        let mut stream = TcpStream::connect(addr)
            .await
            .map_err(|e| format!("connect: {e}"))?;
        stream
            .write_all(format!("{head}{body}").as_bytes())
            .await
            .map_err(|e| format!("write: {e}"))?;
        let mut raw = Vec::new();
        stream
            .read_to_end(&mut raw)
            .await
            .map_err(|e| format!("read: {e}"))?;
        Ok::<_, String>(raw)
    };
    let raw = tokio::time::timeout(REQUEST_TIMEOUT, exchange)
        .await
        .map_err(|_| format!("{method} {path}: no answer in {REQUEST_TIMEOUT:?}"))??;
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> Result<Reply, String> {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| format!("incomplete response head ({} bytes)", raw.len()))?;
    let head = std::str::from_utf8(&raw[..end]).map_err(|e| e.to_string())?;
    let rest = &raw[end + 4..];
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| format!("bad status line in {head:?}"))?;
    let mut length = None;
    let mut chunked = false;
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        match name.trim().to_ascii_lowercase().as_str() {
            "content-length" => length = value.trim().parse::<usize>().ok(),
            "transfer-encoding" => chunked = value.to_ascii_lowercase().contains("chunked"),
            _ => {}
        }
    }
    let body = if chunked {
        dechunk(rest)?
    } else if let Some(length) = length {
        if rest.len() != length {
            return Err(format!("body of {} bytes, {length} announced", rest.len()));
        }
        rest.to_vec()
    } else {
        rest.to_vec()
    };
    let body = if body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&body).map_err(|e| format!("body: {e}"))?
    };
    Ok(Reply { status, body })
}

/// The body of a chunked response; `Err` unless its last (empty) chunk arrived.
fn dechunk(mut rest: &[u8]) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    loop {
        let end = rest
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or("chunk size cut short")?;
        let size = std::str::from_utf8(&rest[..end]).map_err(|e| e.to_string())?;
        let size = usize::from_str_radix(size.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|e| format!("chunk size {size:?}: {e}"))?;
        rest = &rest[end + 2..];
        if size == 0 {
            return Ok(body);
        }
        if rest.len() < size + 2 {
            return Err("chunk cut short".into());
        }
        body.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
}
