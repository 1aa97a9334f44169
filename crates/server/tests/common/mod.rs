//! The test harness shared by the API test files: the whole app in-process on a fresh database:
//! a SQLite file, or with `STOREFRONT_TEST_POSTGRES` set (to a PostgreSQL URL whose user may
//! create databases; `cargo xtask test` sets it for its second run) a new PostgreSQL database.

#![allow(
    dead_code,
    reason = "each test file uses a different part of the harness"
)]

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use sqlx::{PgPool, SqlitePool};
use storefront_domain::FieldProblem;
use storefront_domain::Money;
use storefront_domain::date::Date;
use storefront_domain::market::{Country, PaymentMethod};
use storefront_domain::payment::PaymentRequest;
use storefront_server::hardening::{Hardening, RateLimit};
use storefront_server::payment::{Charge, ChargeFuture, PaymentProvider, TestProvider};
use storefront_server::store::Store;
use storefront_server::{AppState, app_with};
use tempfile::TempDir;
use tower::ServiceExt;

pub mod placing;
pub mod process;

/// The SQLite database's file name in the test's folder.
pub const DATABASE_FILE: &str = "test.db";

/// A new, migrated and seeded database of the engine under test, a raw pool on it and, on
/// PostgreSQL, its URL.
pub async fn fresh_database(dir: &TempDir) -> (Store, Db, Option<String>) {
    match empty_postgres_database().await {
        Some(url) => {
            let store = Store::open(&url).await.unwrap();
            let db = Db::Postgres(PgPool::connect(&url).await.unwrap());
            (store, db, Some(url))
        }
        None => {
            let path = dir.path().join(DATABASE_FILE);
            let store = Store::open_sqlite(&path).await.unwrap();
            let db = Db::Sqlite(
                SqlitePool::connect(&format!("sqlite:{}", path.display()))
                    .await
                    .unwrap(),
            );
            (store, db, None)
        }
    }
}

/// With `STOREFRONT_TEST_POSTGRES` set, the URL of a new, empty PostgreSQL database.
pub async fn empty_postgres_database() -> Option<String> {
    let admin = std::env::var("STOREFRONT_TEST_POSTGRES").ok()?;
    let admin_pool = PgPool::connect(&admin).await.unwrap();
    let name = format!("test_{:016x}", rand_u64());
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&admin_pool)
        .await
        .unwrap();
    admin_pool.close().await;
    let (server, _) = admin.rsplit_once('/').expect("a URL ending in /DATABASE");
    Some(format!("{server}/{name}"))
}

fn rand_u64() -> u64 {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one(std::time::SystemTime::now())
}

/// The test's database, for statements the API has no reason to offer. Statements take
/// numbered text parameters (`$1`), which both engines read.
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// `$body` with `$query` (`sql` with `params` bound) and `$pool`, whichever engine `$db` is.
macro_rules! on_db {
    ($db:expr, $sql:expr, $params:expr, |$query:ident, $pool:ident| $body:expr) => {
        match $db {
            Db::Sqlite($pool) => {
                let mut $query = sqlx::query($sql);
                for param in $params {
                    $query = $query.bind(*param);
                }
                $body
            }
            Db::Postgres($pool) => {
                let mut $query = sqlx::query($sql);
                for param in $params {
                    $query = $query.bind(*param);
                }
                $body
            }
        }
    };
}

impl Db {
    /// The first column of the first row, a number.
    pub async fn number(&self, sql: &'static str, params: &[&str]) -> i64 {
        use sqlx::Row;
        on_db!(self, sql, params, |query, pool| {
            query.fetch_one(pool).await.unwrap().get::<i64, _>(0)
        })
    }

    /// Every row, each column as text.
    pub async fn rows(&self, sql: &'static str, params: &[&str]) -> Vec<Vec<String>> {
        use sqlx::Row;
        on_db!(self, sql, params, |query, pool| {
            query
                .fetch_all(pool)
                .await
                .unwrap()
                .iter()
                .map(|row| (0..row.len()).map(|i| row.get::<String, _>(i)).collect())
                .collect()
        })
    }

    /// Runs a statement; how many rows it changed.
    pub async fn execute(&self, sql: &'static str, params: &[&str]) -> u64 {
        on_db!(self, sql, params, |query, pool| {
            query.execute(pool).await.unwrap().rows_affected()
        })
    }
}

/// The default hardening with a rate limit no functional test reaches; the limit itself is
/// tested in tests/hardening.rs.
pub fn generous() -> Hardening {
    Hardening {
        rate_limit: RateLimit {
            per_minute: 100_000,
            burst: 100_000,
            ..RateLimit::default()
        },
        ..Hardening::default()
    }
}

/// A fresh database in its own folder, kept alive as long as the test needs it.
pub struct TestApp {
    pub router: Router,
    pub store: Store,
    /// The same database, for looking into it and breaking it.
    pub db: Db,
    /// On PostgreSQL, the database's URL: other server instances can share it.
    pub url: Option<String>,
    /// The payment provider: the built-in test provider, recording what it is asked to charge.
    pub payments: Arc<Recording>,
    dir: TempDir,
}

impl TestApp {
    pub async fn new() -> Self {
        Self::with_dist(None).await
    }

    pub async fn with_dist(dist: Option<&std::path::Path>) -> Self {
        let dir = TempDir::new().unwrap();
        let (store, db, url) = fresh_database(&dir).await;
        let payments = Arc::new(Recording::default());
        let mut state = AppState::new(store.clone());
        state.payments = payments.clone();
        Self {
            router: app_with(state, dist, &generous()),
            db,
            url,
            store,
            payments,
            dir,
        }
    }

    /// Units in stock of product `slug`, all its variants together.
    pub async fn stock(&self, slug: &str) -> i64 {
        self.db
            .number(
                "SELECT CAST(SUM(v.stock) AS BIGINT) FROM variants v
                 JOIN products p ON p.id = v.product_id WHERE p.slug = $1",
                &[slug],
            )
            .await
    }

    /// The folder holding the database files.
    pub fn dir(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// Sends a request; returns the whole response.
    #[allow(
        dead_code,
        reason = "each test binary uses its own part of the harness"
    )]
    pub async fn response(&self, request: Request<Body>) -> axum::response::Response {
        self.router.clone().oneshot(request).await.unwrap()
    }

    /// Sends a request; returns the status, the content type and the raw body.
    pub async fn raw(&self, request: Request<Body>) -> (StatusCode, String, Vec<u8>) {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let kind = response
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let body = response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec();
        (status, kind, body)
    }

    /// Sends a request; returns the status, the content type and the JSON body (`Null` if none).
    pub async fn send(&self, request: Request<Body>) -> (StatusCode, String, Value) {
        let (status, kind, body) = self.raw(request).await;
        (
            status,
            kind,
            serde_json::from_slice(&body).unwrap_or(Value::Null),
        )
    }

    pub async fn get(&self, uri: &str) -> (StatusCode, String, Vec<u8>) {
        self.raw(Request::get(uri).body(Body::empty()).unwrap())
            .await
    }

    pub async fn json(&self, uri: &str) -> (StatusCode, String, Value) {
        self.send(Request::get(uri).body(Body::empty()).unwrap())
            .await
    }

    pub async fn post(
        &self,
        uri: &str,
        content_type: &str,
        body: String,
    ) -> (StatusCode, String, Value) {
        let request = Request::post(uri)
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }

    pub async fn post_json(&self, uri: &str, body: Value) -> (StatusCode, String, Value) {
        self.post(uri, "application/json", body.to_string()).await
    }

    /// Quotes one `product` to Berlin in euros and orders it from `seller` with `service` and
    /// duty `terms` under idempotency `key`; returns the answer (`order`, `access_token`),
    /// checking it is marked for no cache to store.
    pub async fn place_order(
        &self,
        product: &str,
        seller: &str,
        service: &str,
        terms: &str,
        key: &str,
    ) -> Value {
        let (status, _, quote) = self
            .post_json(
                "/api/quotes",
                serde_json::json!({ "destination": "DE", "currency": "EUR",
                                    "lines": [{ "product": product, "quantity": 1 }] }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{quote}");
        let request = serde_json::json!({
            "quote_id": quote["id"], "email": "erika@example.com", "address": berlin(),
            "shipments": [{ "seller": seller, "service": service, "terms": terms }],
            "payment": card_payment()
        });
        let response = self
            .response(
                Request::post("/api/orders")
                    .header(header::CONTENT_TYPE, "application/json")
                    .header("Idempotency-Key", key)
                    .body(Body::from(request.to_string()))
                    .unwrap(),
            )
            .await;
        let status = response.status();
        // It carries the order's access token: no cache may keep it.
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
        let body = response.into_body().collect().await.unwrap().to_bytes();
        let placed: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(status, StatusCode::CREATED, "{placed}");
        placed
    }
}

/// One charge the provider was asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChargeSeen {
    pub amount: Money,
    pub method: PaymentMethod,
    pub idempotency_key: String,
    pub order_id: String,
}

/// [`TestProvider`], recording every charge it is asked for (taken or not).
#[derive(Default)]
pub struct Recording {
    charges: Mutex<Vec<ChargeSeen>>,
}

impl Recording {
    /// Every charge asked for so far, in order.
    pub fn charges(&self) -> Vec<ChargeSeen> {
        self.charges.lock().unwrap().clone()
    }
}

impl PaymentProvider for Recording {
    fn name(&self) -> &str {
        TestProvider.name()
    }

    fn test_mode(&self) -> bool {
        TestProvider.test_mode()
    }

    fn methods(&self, destination: &Country) -> Vec<PaymentMethod> {
        TestProvider.methods(destination)
    }

    fn check(
        &self,
        payment: &PaymentRequest,
        destination: &Country,
        today: Date,
    ) -> Vec<FieldProblem> {
        TestProvider.check(payment, destination, today)
    }

    fn charge<'a>(&'a self, charge: Charge<'a>) -> ChargeFuture<'a> {
        self.charges.lock().unwrap().push(ChargeSeen {
            amount: charge.amount,
            method: charge.payment.method,
            idempotency_key: charge.idempotency_key.to_owned(),
            order_id: charge.order_id.to_owned(),
        });
        TestProvider.charge(charge)
    }
}

/// The fields a problem names, every one of them.
pub fn problem_fields(problem: &Value) -> Vec<String> {
    match problem["errors"].as_array() {
        Some(errors) => errors
            .iter()
            .map(|e| e["field"].as_str().unwrap().to_owned())
            .collect(),
        None => vec![problem["field"].as_str().unwrap().to_owned()],
    }
}

/// Payment by a card the test provider accepts (Stripe's test Visa number).
pub fn card_payment() -> Value {
    serde_json::json!({
        "method": "card",
        "card": { "number": "4242 4242 4242 4242", "expiry": "12/34", "cvc": "123",
                  "holder": "Erika Mustermann" }
    })
}

/// A valid delivery address in Berlin.
pub fn berlin() -> Value {
    serde_json::json!({
        "country": "DE", "name": "Erika Mustermann", "line1": "Heidestraße 17",
        "city": "Berlin", "postal_code": "10557", "phone": "030 1234567"
    })
}

/// Reads from `stream` until `text` holds `needle`, or fails after a few seconds.
pub async fn read_until(stream: &mut tokio::net::TcpStream, text: &mut String, needle: &str) {
    use tokio::io::AsyncReadExt;
    let mut buffer = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
    while !text.contains(needle) {
        let read = tokio::time::timeout_at(deadline, stream.read(&mut buffer))
            .await
            .unwrap_or_else(|_| panic!("no {needle:?} in {text}"))
            .unwrap();
        assert!(read > 0, "stream closed before {needle:?}: {text}");
        text.push_str(&String::from_utf8_lossy(&buffer[..read]));
    }
}

/// Opens the event stream at `path` over a real socket, resuming after `last` when given.
pub async fn open_stream(
    addr: std::net::SocketAddr,
    path: &str,
    last: Option<&str>,
) -> tokio::net::TcpStream {
    use tokio::io::AsyncWriteExt;
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let resume = last
        .map(|l| format!("Last-Event-ID: {l}\r\n"))
        .unwrap_or_default();
    let request =
        format!("GET {path} HTTP/1.1\r\nHost: store\r\nAccept: text/event-stream\r\n{resume}\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    stream
}

/// The stream at `path` with a wrong token: the same 404 as anything else that does not exist.
pub async fn assert_stream_refused_with_wrong_token(addr: std::net::SocketAddr, path: &str) {
    let wrong = "0".repeat(64);
    let mut denied = open_stream(addr, &format!("{path}?token={wrong}"), None).await;
    let mut answer = String::new();
    read_until(&mut denied, &mut answer, "\r\n\r\n").await;
    assert!(answer.starts_with("HTTP/1.1 404"), "{answer}");
}

/// The `id:` values in an SSE transcript, in order.
pub fn event_ids(text: &str) -> Vec<i64> {
    text.lines()
        .filter_map(|line| {
            line.strip_prefix("id: ")
                .or_else(|| line.strip_prefix("id:"))
        })
        .map(|id| id.trim().parse().unwrap())
        .collect()
}
