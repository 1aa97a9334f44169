//! `sse`: event delivery time with many buyers watching their orders.
//!
//! 1. Places `orders` orders as separate buyers would (a quote, then the order).
//! 2. Opens `clients` event streams (on the last server given: with two instances, the streams
//!    are on one and the orders and webhooks on the other) (`GET /api/orders/{id}/events?token=`) spread evenly over
//!    the orders, and waits until every stream has delivered the order's history.
//! 3. Posts `updates` signed carrier webhooks, one every `interval`, round-robin over the
//!    orders, each carrying a note `bench-N`; every stream watching that order must deliver it.
//!    A delivery's latency is from just before its webhook request is sent to the moment the
//!    stream's bytes holding it arrive.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use hmac::{KeyInit, Mac};
use http_body_util::BodyExt;
use hyper::{Method, StatusCode, header};
use serde_json::{Value, json};
use sha2::Sha256;
use tokio::sync::Semaphore;

use crate::client::{self, Target};
use crate::db::Db;
use crate::{orders, stats};

/// The scenario's size.
pub struct Scenario {
    /// The server's base URL (`http://127.0.0.1:PORT`); orders and webhooks go to it.
    pub base: Target,
    /// Where the buyers watch: the same server, or another instance on the same database.
    pub watch: Target,
    /// The database (file or URL), for the carrier webhook secret.
    pub db: String,
    pub clients: usize,
    pub orders: usize,
    pub updates: usize,
    pub interval: Duration,
}

/// Streams opening at once: past a few hundred, connections wait in the listen backlog anyway.
const OPENING_AT_ONCE: usize = 100;
/// How long the streams may take to open, and deliveries to arrive after the last webhook.
const PATIENCE: Duration = Duration::from_secs(30);

/// A placed order and what a carrier needs to report on its parcel.
struct Placed {
    id: String,
    token: String,
    carrier: String,
    tracking_number: String,
}

/// What the streams and the webhook sender share.
struct Shared {
    start: Instant,
    /// When webhook N was sent, in microseconds since `start` (`u64::MAX`: not yet).
    sent_us: Vec<AtomicU64>,
    ready: AtomicUsize,
    delivered: AtomicUsize,
    errors: AtomicUsize,
    latencies_us: Mutex<Vec<u64>>,
    first_error: Mutex<Option<String>>,
}

impl Shared {
    fn error(&self, message: String) {
        self.errors.fetch_add(1, Ordering::Relaxed);
        self.first_error
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get_or_insert(message);
    }

    fn deliver(&self, update: usize, at: Instant) {
        let Some(sent) = self.sent_us.get(update).map(|s| s.load(Ordering::Acquire)) else {
            return self.error(format!("a stream delivered unknown update bench-{update}"));
        };
        if sent == u64::MAX {
            return self.error(format!("bench-{update} arrived before it was sent"));
        }
        let at = at.duration_since(self.start).as_micros() as u64;
        self.latencies_us
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(at.saturating_sub(sent));
        self.delivered.fetch_add(1, Ordering::Relaxed);
    }
}

/// Runs the scenario and returns the JSON result line.
pub async fn run(scenario: Scenario) -> Result<Value, String> {
    if scenario.orders == 0 || scenario.clients < scenario.orders {
        return Err("sse needs at least one order and one client per order".to_owned());
    }
    let mut db = Db::open(&scenario.db).await?;
    let secret = db.webhook_secret().await?;
    db.close().await;

    let started = Instant::now();
    eprintln!("    sse: placing {} orders", scenario.orders);
    let orders = place_orders(&scenario.base, scenario.orders).await?;
    let setup_seconds = started.elapsed().as_secs_f64();

    let shared = Arc::new(Shared {
        start: Instant::now(),
        sent_us: (0..scenario.updates)
            .map(|_| AtomicU64::new(u64::MAX))
            .collect(),
        ready: AtomicUsize::new(0),
        delivered: AtomicUsize::new(0),
        errors: AtomicUsize::new(0),
        latencies_us: Mutex::new(Vec::new()),
        first_error: Mutex::new(None),
    });
    eprintln!("    sse: opening {} event streams", scenario.clients);
    let opening = Instant::now();
    let gate = Arc::new(Semaphore::new(OPENING_AT_ONCE));
    let streams: Vec<_> = (0..scenario.clients)
        .map(|client| {
            let order = &orders[client % orders.len()];
            let target = scenario.watch.with_path(format!(
                "/api/orders/{}/events?token={}",
                order.id, order.token
            ));
            tokio::spawn(watch(target, shared.clone(), gate.clone()))
        })
        .collect();
    let all_open = wait_for(&shared.ready, scenario.clients, PATIENCE).await;
    let open_seconds = opening.elapsed().as_secs_f64();
    if !all_open {
        let ready = shared.ready.load(Ordering::Relaxed);
        let first = shared
            .first_error
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        streams.iter().for_each(|s| s.abort());
        return Err(format!(
            "only {ready} of {} event streams opened within {} s (first error: {})",
            scenario.clients,
            PATIENCE.as_secs(),
            first.unwrap_or_else(|| "none".to_owned())
        ));
    }

    // Each webhook reaches the streams of its order.
    let watchers = |order: usize| (scenario.clients - order).div_ceil(orders.len());
    let expected: usize = (0..scenario.updates)
        .map(|update| watchers(update % orders.len()))
        .sum();
    eprintln!(
        "    sse: {} webhooks, one every {} ms ({expected} deliveries expected)",
        scenario.updates,
        scenario.interval.as_millis()
    );
    let (webhook_latencies, webhook_errors) =
        post_updates(&scenario, &orders, &secret, &shared).await;
    let all_delivered = wait_for(&shared.delivered, expected, PATIENCE).await;
    streams.iter().for_each(|s| s.abort());

    let delivered = shared.delivered.load(Ordering::Relaxed);
    let latencies = std::mem::take(
        &mut *shared
            .latencies_us
            .lock()
            .unwrap_or_else(PoisonError::into_inner),
    );
    let first_error = shared
        .first_error
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    Ok(json!({
        "mode": "sse",
        "clients": scenario.clients,
        "orders": orders.len(),
        "updates": scenario.updates,
        "interval_ms": scenario.interval.as_millis() as u64,
        "setup_seconds": setup_seconds,
        "open_seconds": open_seconds,
        "expected": expected,
        "delivered": delivered,
        "missing": expected.saturating_sub(delivered),
        "complete": all_delivered,
        "errors": shared.errors.load(Ordering::Relaxed),
        "latency_us": stats::summary(latencies),
        "webhook_errors": webhook_errors,
        "webhook_latency_us": stats::summary(webhook_latencies),
        "first_error": first_error,
    }))
}

/// Polls `counter` until it reaches `goal`; false when `patience` ran out first.
async fn wait_for(counter: &AtomicUsize, goal: usize, patience: Duration) -> bool {
    let until = Instant::now() + patience;
    while counter.load(Ordering::Relaxed) < goal {
        if Instant::now() >= until {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    true
}

/// HMAC-SHA256 of `message` under `key`, in lowercase hex (as the server's `secrets::sign`).
fn sign(key: &[u8], message: &[u8]) -> String {
    let mut mac = hmac::Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(message);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The `X-Carrier-Signature` of a webhook: the carrier's key is the hex HMAC of its code under
/// the master secret, used as the bytes of that hex text.
fn webhook_signature(
    secret: &[u8],
    carrier: &str,
    timestamp: i64,
    delivery: &str,
    body: &[u8],
) -> String {
    let key = sign(secret, carrier.as_bytes());
    let mut message = format!("{timestamp}.{delivery}.").into_bytes();
    message.extend_from_slice(body);
    format!("sha256={}", sign(key.as_bytes(), &message))
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// The loopback address buyer `n` connects from when the server is on 127.0.0.1: distinct
/// buyers come from distinct addresses, each with its own share of the per-address POST limit.
/// Linux only: elsewhere (macOS) only 127.0.0.1 itself is configured on the loopback.
fn buyer_address(server: IpAddr, n: usize) -> Option<IpAddr> {
    (cfg!(target_os = "linux") && server == IpAddr::V4(Ipv4Addr::LOCALHOST))
        .then(|| IpAddr::V4(Ipv4Addr::new(127, 0, 1, 1 + (n % 250) as u8)))
}

/// POSTs JSON, waiting out a 429 (as its Retry-After says) up to three times.
async fn post_json(
    target: &Target,
    headers: &[(String, String)],
    body: &Value,
    source: Option<IpAddr>,
) -> Result<(StatusCode, Value), String> {
    let body = Bytes::from(body.to_string());
    for _ in 0..3 {
        let (status, response_headers, response) =
            client::once(target, Method::POST, headers, body.clone(), source).await?;
        if status == StatusCode::TOO_MANY_REQUESTS {
            let wait = response_headers
                .get(header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok()?.parse::<u64>().ok())
                .unwrap_or(1)
                .min(60);
            eprintln!("    sse: {} rate-limited; waiting {wait} s", target.path);
            tokio::time::sleep(Duration::from_secs(wait)).await;
            continue;
        }
        let json = serde_json::from_slice(&response).unwrap_or(Value::Null);
        return Ok((status, json));
    }
    Err(format!("{} stayed rate-limited", target.path))
}

/// Places `count` one-parcel orders to Berlin, each of one unit of an in-stock product that
/// can ship to Germany (largest stock first, moving on as products run out).
async fn place_orders(base: &Target, count: usize) -> Result<Vec<Placed>, String> {
    let catalog = base.with_path("/api/products?lang=en&country=DE&currency=EUR");
    let (status, _, page) = client::once(&catalog, Method::GET, &[], Bytes::new(), None).await?;
    if !status.is_success() {
        return Err(format!("GET {} answered {status}", catalog.path));
    }
    let page: Value =
        serde_json::from_slice(&page).map_err(|e| format!("unreadable catalog: {e}"))?;
    let mut products: Vec<(String, u64)> = page["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|item| item["restriction"].is_null())
        .filter_map(|item| Some((item["slug"].as_str()?.to_owned(), item["stock"].as_u64()?)))
        .filter(|(_, stock)| *stock > 0)
        .collect();
    products.sort_by_key(|(_, stock)| std::cmp::Reverse(*stock));

    let quotes = base.with_path("/api/quotes");
    let orders_path = base.with_path("/api/orders");
    let mut placed = Vec::with_capacity(count);
    let mut last_problem = String::from("the catalog has no product in stock that ships to DE");
    while placed.len() < count {
        let Some((slug, stock)) = products.first_mut() else {
            return Err(format!(
                "placed only {} of {count} orders: {last_problem}",
                placed.len()
            ));
        };
        let source = buyer_address(base.addr.ip(), placed.len());
        let request = json!({ "destination": "DE", "currency": "EUR", "lang": "en",
                              "lines": [{ "product": slug, "quantity": 1 }] });
        let (status, quote) = post_json(&quotes, &[], &request, source).await?;
        let shipment = &quote["shipments"][0];
        let service = shipment["quote"]["services"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|service| service["offer"]["status"] == "available");
        let (StatusCode::CREATED, Some(service)) = (status, service) else {
            last_problem = format!("quoting {slug} answered {status}: {quote}");
            products.remove(0);
            continue;
        };
        let order = orders::request(&quote, service);
        let key = format!("bench-{}-{}", std::process::id(), placed.len());
        let headers = [("Idempotency-Key".to_owned(), key)];
        let (status, answer) = post_json(&orders_path, &headers, &order, source).await?;
        if status != StatusCode::CREATED {
            return Err(format!("placing an order answered {status}: {answer}"));
        }
        let parcel = &answer["order"]["shipments"][0];
        let text = |value: &Value| value.as_str().unwrap_or_default().to_owned();
        placed.push(Placed {
            id: text(&answer["order"]["id"]),
            token: text(&answer["access_token"]),
            carrier: text(&parcel["carrier_code"]),
            tracking_number: text(&parcel["tracking_number"]),
        });
        *stock -= 1;
        if *stock == 0 {
            products.remove(0);
        }
    }
    Ok(placed)
}

/// One buyer's event stream: counts itself ready at its first event (the order's history) and
/// hands every `bench-N` event to `shared` with the time its bytes arrived.
async fn watch(target: Target, shared: Arc<Shared>, gate: Arc<Semaphore>) {
    let mut permit = gate.acquire_owned().await.ok();
    let mut connection = match client::connect(target.addr, None).await {
        Ok(connection) => connection,
        Err(message) => return shared.error(message),
    };
    let accept = [(header::ACCEPT.to_string(), "text/event-stream".to_owned())];
    let request = target.request(Method::GET, &accept, Bytes::new());
    let response = match client::start(&mut connection, request).await {
        Ok(response) => response,
        Err(message) => {
            return shared.error(message.unwrap_or_else(|| "connection closed".to_owned()));
        }
    };
    if response.status() != StatusCode::OK {
        return shared.error(format!("an event stream answered {}", response.status()));
    }
    let mut body = response.into_body();
    let mut pending: Vec<u8> = Vec::new();
    while let Some(frame) = body.frame().await {
        let arrived = Instant::now();
        let data = match frame {
            Ok(frame) => match frame.into_data() {
                Ok(data) => data,
                Err(_) => continue,
            },
            Err(e) => return shared.error(format!("an event stream broke off: {e}")),
        };
        pending.extend_from_slice(&data);
        while let Some(end) = pending.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = pending.drain(..=end).collect();
            if !line.starts_with(b"data:") {
                continue;
            }
            if permit.take().is_some() {
                shared.ready.fetch_add(1, Ordering::Relaxed);
            }
            if let Some(update) = bench_note(&line) {
                shared.deliver(update, arrived);
            }
        }
    }
    shared.error("an event stream ended".to_owned());
}

/// N of the `"note":"bench-N"` an event's data line carries.
fn bench_note(line: &[u8]) -> Option<usize> {
    const MARK: &[u8] = b"\"note\":\"bench-";
    let at = line.windows(MARK.len()).position(|w| w == MARK)? + MARK.len();
    let digits = line[at..].iter().take_while(|b| b.is_ascii_digit()).count();
    std::str::from_utf8(&line[at..at + digits])
        .ok()?
        .parse()
        .ok()
}

/// Posts the webhooks on one keep-alive connection, one per tick; returns their latencies
/// (until the server's 202) and how many failed.
async fn post_updates(
    scenario: &Scenario,
    orders: &[Placed],
    secret: &[u8],
    shared: &Shared,
) -> (Vec<u64>, usize) {
    let mut latencies = Vec::with_capacity(scenario.updates);
    let mut errors = 0;
    let mut connection = None;
    let mut ticks = tokio::time::interval(scenario.interval);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    for update in 0..scenario.updates {
        ticks.tick().await;
        let order = &orders[update % orders.len()];
        // Every parcel is picked up first, then scanned in transit again and again.
        let status = if update < orders.len() {
            "picked_up"
        } else {
            "in_transit"
        };
        let timestamp = unix_now();
        let body = json!({
            "tracking_number": order.tracking_number, "status": status,
            "occurred_at": timestamp, "location": { "city": "Leipzig", "country": "DE" },
            "note": format!("bench-{update}"),
        })
        .to_string();
        let delivery = format!("bench-{}-{update}", std::process::id());
        let signature = webhook_signature(
            secret,
            &order.carrier,
            timestamp,
            &delivery,
            body.as_bytes(),
        );
        let headers = [
            ("X-Carrier-Timestamp".to_owned(), timestamp.to_string()),
            ("X-Carrier-Delivery".to_owned(), delivery),
            ("X-Carrier-Signature".to_owned(), signature),
        ];
        let target = scenario
            .base
            .with_path(format!("/api/webhooks/carriers/{}", order.carrier));
        let request = target.request(Method::POST, &headers, Bytes::from(body));
        if connection.is_none() {
            connection = client::connect(target.addr, None).await.ok();
        }
        let Some(open) = connection.as_mut() else {
            errors += 1;
            shared.error("cannot connect to post a webhook".to_owned());
            continue;
        };
        let sent = Instant::now();
        shared.sent_us[update].store(
            sent.duration_since(shared.start).as_micros() as u64,
            Ordering::Release,
        );
        let answer = tokio::time::timeout(PATIENCE, client::send(open, request)).await;
        match answer.unwrap_or_else(|_| Err(Some("no answer in time".to_owned()))) {
            Ok((StatusCode::ACCEPTED, ..)) => latencies.push(sent.elapsed().as_micros() as u64),
            Ok((status, _, answer)) => {
                errors += 1;
                shared.error(format!(
                    "a webhook answered {status}: {}",
                    String::from_utf8_lossy(&answer)
                ));
            }
            Err(message) => {
                errors += 1;
                connection = None;
                shared.error(format!(
                    "a webhook failed: {}",
                    message.unwrap_or_else(|| "connection closed".to_owned())
                ));
            }
        }
    }
    (latencies, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_bench_note_in_an_event() {
        let line = br#"data:{"shipment":0,"event":{"status":"in_transit","note":"bench-42"}}"#;
        assert_eq!(bench_note(line), Some(42));
        assert_eq!(bench_note(br#"data:{"note":"other"}"#), None);
        assert_eq!(bench_note(b"data:{}"), None);
    }

    #[test]
    fn signs_like_the_server() {
        // Computed independently (Python's hmac): the carrier key is the hex text of
        // HMAC(secret, carrier), used as bytes, and signs "{timestamp}.{delivery}." + body.
        assert_eq!(
            sign(b"secret", b"heron"),
            "24116f89f43994ca72233dedd1829ff67594ad2e654ea26ed63253ac74314b53"
        );
        assert_eq!(
            webhook_signature(b"secret", "heron", 7, "d-1", b"{}"),
            "sha256=207e24612d47bc95f1426171ec47b62a42a9e9d203cd593522678c54aa07bf30"
        );
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn buyers_on_loopback_get_their_own_addresses() {
        let local = IpAddr::V4(Ipv4Addr::LOCALHOST);
        assert_eq!(
            buyer_address(local, 0),
            Some(IpAddr::V4(Ipv4Addr::new(127, 0, 1, 1)))
        );
        assert_ne!(buyer_address(local, 1), buyer_address(local, 2));
        assert_eq!(buyer_address("10.0.0.1".parse().unwrap(), 0), None);
    }
}
