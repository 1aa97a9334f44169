//! `get` and `post`: N workers, each with its own keep-alive connection, send requests for a
//! fixed time; every response's latency is kept. By default each sends its next request as soon
//! as the last is answered (a closed loop, as wrk does): the most the server can answer, and
//! latency at that saturation. With a rate, requests are sent on a fixed schedule instead (an
//! open loop, as wrk2 does) and latency counts from when a request was due, so time spent
//! waiting behind a slow answer is not hidden: latency at a stated load.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::Method;
use serde_json::{Value, json};

use crate::client::{self, Target};
use crate::stats;

/// What every worker sends.
pub struct Load {
    /// Worker `i` sends to `targets[i % targets.len()]`: instances of one server share the
    /// load as behind a round-robin balancer.
    pub targets: Vec<Target>,
    pub method: Method,
    pub headers: Vec<(String, String)>,
    /// A header sent with a value no other request has (an `Idempotency-Key`).
    pub unique_header: Option<String>,
    pub body: Bytes,
    pub connections: usize,
    /// Requests per second over all connections; `None` for a closed loop.
    pub rate: Option<f64>,
    /// Measured time.
    pub duration: Duration,
    /// Unmeasured time first: connections open, caches and the allocator warm up.
    pub warmup: Duration,
}

/// What one worker saw during the measured time.
#[derive(Default)]
struct Tally {
    latencies_us: Vec<u64>,
    errors: u64,
    /// Connections the server closed between requests (reopened; not errors).
    reconnects: u64,
    bytes: u64,
    statuses: BTreeMap<u16, u64>,
    first_error: Option<String>,
}

impl Tally {
    fn error(&mut self, measured: bool, message: String) {
        if measured {
            self.errors += 1;
            self.first_error.get_or_insert(message);
        }
    }
}

/// Checks with one request that the target answers 2xx, so a wrong body or URL fails loudly
/// instead of benchmarking error responses.
pub async fn probe(load: &Load) -> Result<(), String> {
    let target = &load.targets[0];
    let (status, _, body) = client::once(
        target,
        load.method.clone(),
        &load.headers_for("probe", 0),
        load.body.clone(),
        None,
    )
    .await?;
    if status.is_success() {
        Ok(())
    } else {
        Err(format!(
            "{} {} answered {status}: {}",
            load.method,
            target.path,
            String::from_utf8_lossy(&body)
        ))
    }
}

impl Load {
    /// The headers of request `n` of worker `worker` (a name for it): borrowed as they are,
    /// unless each request needs its own value, so the load generator spends no time per
    /// request on copying them.
    fn headers_for(&self, worker: &str, n: u64) -> Cow<'_, [(String, String)]> {
        match &self.unique_header {
            None => Cow::Borrowed(&self.headers),
            Some(name) => {
                let mut headers = self.headers.clone();
                let value = format!("bench-{}-{worker}-{n}", std::process::id());
                headers.push((name.clone(), value));
                Cow::Owned(headers)
            }
        }
    }
}

/// Runs the load and returns the JSON result line.
pub async fn run(load: Load) -> Result<Value, String> {
    probe(&load).await?;
    let load = Arc::new(load);
    let start = Instant::now();
    let measure_from = start + load.warmup;
    let deadline = measure_from + load.duration;
    let workers: Vec<_> = (0..load.connections)
        .map(|index| {
            let schedule = load
                .rate
                .map(|rate| Schedule::new(rate, load.connections, index, start));
            tokio::spawn(worker(
                load.clone(),
                index,
                schedule,
                measure_from,
                deadline,
            ))
        })
        .collect();
    let mut total = Tally::default();
    for worker in workers {
        let tally = worker.await.map_err(|e| format!("a worker failed: {e}"))?;
        total.latencies_us.extend(tally.latencies_us);
        total.errors += tally.errors;
        total.reconnects += tally.reconnects;
        total.bytes += tally.bytes;
        for (status, count) in tally.statuses {
            *total.statuses.entry(status).or_default() += count;
        }
        if total.first_error.is_none() {
            total.first_error = tally.first_error;
        }
    }
    // Requests still in flight at the deadline finish and count, so measure until the last.
    let elapsed = measure_from.elapsed().as_secs_f64();
    let requests = total.latencies_us.len() as u64;
    let ok: u64 = total
        .statuses
        .iter()
        .filter(|(status, _)| (200..300).contains(*status))
        .map(|(_, count)| count)
        .sum();
    let statuses: serde_json::Map<String, Value> = total
        .statuses
        .iter()
        .map(|(status, count)| (status.to_string(), json!(count)))
        .collect();
    Ok(json!({
        "mode": load.method.as_str().to_ascii_lowercase(),
        "path": load.targets[0].path,
        "instances": load.targets.len(),
        "connections": load.connections,
        "offered_rps": load.rate,
        "seconds": elapsed,
        "requests": requests,
        "ok": ok,
        // Failed requests and non-2xx answers.
        "errors": total.errors + (requests - ok),
        "reconnects": total.reconnects,
        "rps": ok as f64 / elapsed,
        "bytes": total.bytes,
        "statuses": statuses,
        "latency_us": stats::summary(total.latencies_us),
        "first_error": total.first_error,
    }))
}

/// Longest a request may take before it counts as failed (the server's own limit is 10 s), so
/// a server that stops answering fails the run instead of hanging it.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// `request` within [`REQUEST_TIMEOUT`]; past it, an error as [`client::start`] reports one.
async fn timeout<T>(
    request: impl Future<Output = Result<T, Option<String>>>,
) -> Result<T, Option<String>> {
    tokio::time::timeout(REQUEST_TIMEOUT, request)
        .await
        .unwrap_or_else(|_| {
            Err(Some(format!(
                "no answer within {} s",
                REQUEST_TIMEOUT.as_secs()
            )))
        })
}

/// When one worker's requests are due in an open loop: the workers take turns, so together
/// they send `rate` requests per second evenly spaced.
struct Schedule {
    next: Instant,
    every: Duration,
}

impl Schedule {
    fn new(rate: f64, workers: usize, index: usize, start: Instant) -> Self {
        let every = Duration::from_secs_f64(workers as f64 / rate);
        Self {
            next: start + every.mul_f64(index as f64 / workers as f64),
            every,
        }
    }

    /// Waits until the next request is due and returns when its latency starts counting: when
    /// it was due if the worker is behind (it waited for a slow answer, which must show), else
    /// when it is sent (the timer waking late is this process's delay, not the server's).
    async fn due(&mut self) -> Instant {
        let due = self.next;
        self.next += self.every;
        if Instant::now() >= due {
            return due;
        }
        tokio::time::sleep_until(due.into()).await;
        Instant::now()
    }
}

async fn worker(
    load: Arc<Load>,
    index: usize,
    mut schedule: Option<Schedule>,
    measure_from: Instant,
    deadline: Instant,
) -> Tally {
    let mut tally = Tally::default();
    let target = &load.targets[index % load.targets.len()];
    let name = index.to_string();
    let mut sent_count = 0;
    'connections: while Instant::now() < deadline {
        let mut connection = match client::connect(target.addr, None).await {
            Ok(connection) => connection,
            Err(message) => {
                tally.error(Instant::now() >= measure_from, message);
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        loop {
            let sent = match &mut schedule {
                Some(schedule) => schedule.due().await,
                None => Instant::now(),
            };
            if sent >= deadline {
                break 'connections;
            }
            let measured = sent >= measure_from;
            sent_count += 1;
            let headers = load.headers_for(&name, sent_count);
            let request = target.request(load.method.clone(), &headers, load.body.clone());
            let response = match timeout(client::start(&mut connection, request)).await {
                Ok(response) => response,
                Err(None) => {
                    if measured {
                        tally.reconnects += 1;
                    }
                    continue 'connections;
                }
                Err(Some(message)) => {
                    tally.error(measured, message);
                    continue 'connections;
                }
            };
            let status = response.status().as_u16();
            let body =
                timeout(async { response.into_body().collect().await.map_err(|_| None) }).await;
            let latency = sent.elapsed();
            let Ok(body) = body else {
                tally.error(measured, "the response body broke off".to_owned());
                continue 'connections;
            };
            if measured {
                let body = body.to_bytes();
                tally.latencies_us.push(latency.as_micros() as u64);
                tally.bytes += body.len() as u64;
                *tally.statuses.entry(status).or_default() += 1;
                if !(200..300).contains(&status) && tally.first_error.is_none() {
                    let text = String::from_utf8_lossy(&body);
                    let text: String = text.chars().take(300).collect();
                    tally.first_error = Some(format!("answered {status}: {text}"));
                }
            }
        }
    }
    tally
}
