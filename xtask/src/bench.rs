//! `cargo xtask bench`: figures to track, printed rather than asserted.
//!
//! - size: what the release app's first view transfers, raw and gzip-compressed.
//! - api: the optimized server under load from a separate process (`storefront-loadgen`) on
//!   loopback: catalog and quote throughput and latency, event delivery to 1,000 open event
//!   streams, and the server's peak resident memory.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use flate2::Compression;
use flate2::write::GzEncoder;
use serde_json::Value;

use crate::process::{self, Step, describe, target_dir};
use crate::serve::{Running, build_release_app, build_server};
use crate::setup::{self, Scope, Tools};

/// The parts, in the order they run.
const PARTS: [&str; 2] = ["size", "api"];

/// What the first view may transfer, gzip-compressed (issue 2's target).
const FIRST_VIEW_TARGET_KB: f64 = 100.0;

/// The API targets: catalog throughput, quote and event-delivery p99, server peak memory.
const CATALOG_TARGET_RPS: f64 = 10_000.0;
const QUOTE_TARGET_P99_MS: f64 = 5.0;
const EVENT_TARGET_P99_MS: f64 = 100.0;
const MEMORY_TARGET_MB: f64 = 150.0;

/// The catalog as the app's home page asks for it.
const CATALOG_PATH: &str = "/api/products?lang=en&country=DE&currency=EUR";
/// A two-seller cart (two shipments to price) to Germany.
const QUOTE_BODY: &str = r#"{"destination":"DE","currency":"EUR","lang":"en","lines":[{"product":"copper-mug","quantity":1},{"product":"wakasa-lacquer-chopsticks","quantity":2}]}"#;
/// Load shape: connections and measured seconds (after one unmeasured second).
const CATALOG_CONNECTIONS: usize = 64;
const QUOTE_CONNECTIONS: usize = 16;
/// The quote latency target is judged at this share of the closed loop's throughput, sent on a
/// fixed schedule: a saturated closed loop measures queueing, whatever the server's speed.
const QUOTE_PACED_SHARE: f64 = 0.5;
const LOAD_SECONDS: u32 = 10;
/// Event streams, the orders they watch, and the webhooks posted while they do.
const SSE_CLIENTS: usize = 1_000;
const SSE_ORDERS: usize = 20;
const SSE_UPDATES: usize = 50;
const SSE_INTERVAL_MS: u64 = 100;

/// Runs the chosen parts (all by default) and prints their figures.
pub fn run(args: &[String]) -> Result<(), String> {
    for part in args {
        if !PARTS.contains(&part.as_str()) {
            return Err(format!(
                "unknown bench part {part:?}; parts: {}",
                PARTS.join(" ")
            ));
        }
    }
    let wanted = |part: &str| args.is_empty() || args.iter().any(|a| a == part);
    let tools = setup::install(Scope::Build)?;
    if wanted("size") {
        size_report(&tools)?;
    }
    if wanted("api") {
        api_report(&tools)?;
    }
    Ok(())
}

/// Builds the release app and prints the size of what the first view downloads.
fn size_report(tools: &Tools) -> Result<(), String> {
    let dist = build_release_app(tools)?;
    let sizes = first_view_sizes(&dist)?;

    println!();
    println!("first-view transfer size ({})", dist.display());
    println!("{:<8} {:>12} {:>12}  file", "kind", "raw KB", "gzip KB");
    let (mut raw_total, mut gzip_total) = (0, 0);
    for (kind, name, raw, gzip) in &sizes {
        println!("{kind:<8} {:>12.1} {:>12.1}  {name}", kb(*raw), kb(*gzip));
        raw_total += raw;
        gzip_total += gzip;
    }
    println!(
        "{:<8} {:>12.1} {:>12.1}",
        "total",
        kb(raw_total),
        kb(gzip_total)
    );
    println!(
        "target: total gzip <= {FIRST_VIEW_TARGET_KB} KB ({})",
        verdict(kb(gzip_total) <= FIRST_VIEW_TARGET_KB)
    );
    println!();
    Ok(())
}

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "MISSED" }
}

fn kb(bytes: usize) -> f64 {
    bytes as f64 / 1024.0
}

/// (kind, file name, raw bytes, gzip bytes) of the page, its wasm, JS and CSS.
fn first_view_sizes(dist: &Path) -> Result<Vec<(String, String, usize, usize)>, String> {
    let entries =
        std::fs::read_dir(dist).map_err(|e| format!("cannot read {}: {e}", dist.display()))?;
    let mut sizes = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(kind) = path
            .extension()
            .and_then(|e| e.to_str())
            .filter(|e| ["wasm", "js", "css", "html"].contains(e))
        else {
            continue;
        };
        let bytes =
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        sizes.push((kind.to_owned(), name, bytes.len(), gzip_len(&bytes)));
    }
    if !sizes.iter().any(|(kind, ..)| kind == "wasm") {
        return Err(format!(
            "no .wasm in {}: did the build fail?",
            dist.display()
        ));
    }
    sizes.sort();
    Ok(sizes)
}

/// Size after gzip at the best level, as a static file host would serve it.
fn gzip_len(bytes: &[u8]) -> usize {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().map(|out| out.len()).unwrap_or(0)
}

/// Builds the optimized server and the load generator, measures a fresh server under load and
/// prints the figures next to their targets.
fn api_report(tools: &Tools) -> Result<(), String> {
    let server = build_server(tools, "server-release")?;
    let loadgen = build_loadgen(tools)?;
    let scratch = std::env::temp_dir().join(format!("storefront-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch)
        .map_err(|e| format!("cannot create {}: {e}", scratch.display()))?;
    let figures = measure(&server, &loadgen, &scratch);
    let _ = std::fs::remove_dir_all(&scratch);
    print_figures(&figures?);
    Ok(())
}

/// Builds `storefront-loadgen` with the server's profile and returns the binary's path.
fn build_loadgen(tools: &Tools) -> Result<PathBuf, String> {
    let step = Step::start("build: storefront-loadgen (server-release)");
    process::run(tools.command(process::cargo()).args([
        "build",
        "--package",
        "storefront-loadgen",
        "--profile",
        "server-release",
    ]))?;
    step.finish("built");
    Ok(target_dir()
        .join("server-release")
        .join("storefront-loadgen"))
}

/// Everything measured in one run.
struct Figures {
    catalog: Value,
    quotes: Value,
    /// Quotes on a fixed schedule at [`QUOTE_PACED_SHARE`] of `quotes`' throughput.
    paced_quotes: Value,
    events: Value,
    /// The server's peak resident set (VmHWM) in KiB, where /proc has it.
    peak_rss_kb: Option<u64>,
    cpus: usize,
}

/// Starts the server on a fresh database and runs the three load phases against it.
fn measure(server: &Path, loadgen: &Path, scratch: &Path) -> Result<Figures, String> {
    let db = scratch.join("bench.db");
    let log = scratch.join("server.log");
    let step = Step::start("bench: start storefront-server (fresh database, no carrier simulator)");
    let (mut running, addr) = start_server(server, &db, &log, scratch)?;
    wait_healthy(&addr, Duration::from_secs(30))?;
    step.finish(&format!("healthy at http://{addr}"));
    let base = format!("http://{addr}");
    let pid = running.0.id();
    let alive = |running: &mut Running| -> Result<(), String> {
        match running.0.try_wait() {
            Ok(None) => Ok(()),
            Ok(Some(status)) => Err(format!(
                "storefront-server stopped during the bench ({status}); its log ends:\n{}",
                tail(&log, 20)
            )),
            Err(e) => Err(format!("cannot check on storefront-server: {e}")),
        }
    };

    let duration = LOAD_SECONDS.to_string();
    let catalog = loadgen_phase(
        loadgen,
        &format!("bench: catalog, GET with {CATALOG_CONNECTIONS} connections for {LOAD_SECONDS} s"),
        &[
            "get",
            &format!("{base}{CATALOG_PATH}"),
            "--connections",
            &CATALOG_CONNECTIONS.to_string(),
            "--duration",
            &duration,
        ],
    )?;
    alive(&mut running)?;

    let body = scratch.join("quote.json");
    std::fs::write(&body, QUOTE_BODY)
        .map_err(|e| format!("cannot write {}: {e}", body.display()))?;
    let quotes = loadgen_phase(
        loadgen,
        &format!("bench: quotes, POST with {QUOTE_CONNECTIONS} connections for {LOAD_SECONDS} s"),
        &[
            "post",
            &format!("{base}/api/quotes"),
            &body.to_string_lossy(),
            "--connections",
            &QUOTE_CONNECTIONS.to_string(),
            "--duration",
            &duration,
        ],
    )?;
    alive(&mut running)?;

    // Whole hundreds, at least one.
    let rate = ((quotes["rps"].as_f64().unwrap_or(0.0) * QUOTE_PACED_SHARE / 100.0).floor()
        * 100.0)
        .max(100.0);
    let paced_quotes = loadgen_phase(
        loadgen,
        &format!(
            "bench: quotes, POST at {rate} req/s ({:.0}% of that) for {LOAD_SECONDS} s",
            QUOTE_PACED_SHARE * 100.0
        ),
        &[
            "post",
            &format!("{base}/api/quotes"),
            &body.to_string_lossy(),
            "--connections",
            &QUOTE_CONNECTIONS.to_string(),
            "--rate",
            &rate.to_string(),
            "--duration",
            &duration,
        ],
    )?;
    alive(&mut running)?;

    let events = loadgen_phase(
        loadgen,
        &format!(
            "bench: events, {SSE_CLIENTS} event streams over {SSE_ORDERS} orders, \
             {SSE_UPDATES} carrier webhooks"
        ),
        &[
            "sse",
            &base,
            "--db",
            &db.to_string_lossy(),
            "--clients",
            &SSE_CLIENTS.to_string(),
            "--orders",
            &SSE_ORDERS.to_string(),
            "--updates",
            &SSE_UPDATES.to_string(),
            "--interval-ms",
            &SSE_INTERVAL_MS.to_string(),
        ],
    )?;
    alive(&mut running)?;

    // VmHWM is the peak over the server's whole life, so reading it last covers every phase.
    let peak_rss_kb = peak_rss_kb(pid);
    drop(running);
    Ok(Figures {
        catalog,
        quotes,
        paced_quotes,
        events,
        peak_rss_kb,
        cpus: std::thread::available_parallelism().map_or(1, |n| n.get()),
    })
}

/// Starts the server on a free loopback port without the carrier simulator (the bench posts
/// the carrier webhooks itself) and with the per-address POST limit out of the way, since all
/// the load comes from one address. Its log goes to `log`; returns it and its address.
fn start_server(
    server: &Path,
    db: &Path,
    log: &Path,
    scratch: &Path,
) -> Result<(Running, String), String> {
    let log_file =
        std::fs::File::create(log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
    let mut running = Running::spawn(
        "storefront-server",
        Command::new(server)
            .args(["--addr", "127.0.0.1:0", "--no-sim", "--db"])
            .arg(db)
            .args(["--rate-limit-per-minute", "1000000000"])
            .args(["--rate-limit-burst", "1000000000"])
            // No ./dist there: the API only.
            .current_dir(scratch)
            .stdout(Stdio::piped())
            .stderr(log_file),
    )?;
    let stdout = running.0.stdout.take().ok_or("server has no stdout")?;
    let (sender, receiver) = mpsc::channel();
    // Keep draining the server's output so it never blocks on a full pipe.
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(url) = line.strip_prefix("Storefront listening on http://") {
                let _ = sender.send(url.to_owned());
            }
        }
    });
    match receiver.recv_timeout(Duration::from_secs(30)) {
        Ok(addr) => Ok((running, addr)),
        Err(_) => Err(format!(
            "the server did not report its address within 30 s; its log ends:\n{}",
            tail(log, 20)
        )),
    }
}

/// Waits until `GET /api/health` answers 200.
fn wait_healthy(addr: &str, patience: Duration) -> Result<(), String> {
    let until = Instant::now() + patience;
    loop {
        let answer = TcpStream::connect(addr).and_then(|mut stream| {
            stream.set_read_timeout(Some(Duration::from_secs(5)))?;
            write!(
                stream,
                "GET /api/health HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
            )?;
            let mut answer = String::new();
            stream.read_to_string(&mut answer)?;
            Ok(answer)
        });
        if answer.is_ok_and(|a| a.starts_with("HTTP/1.1 200")) {
            return Ok(());
        }
        if Instant::now() >= until {
            return Err(format!(
                "GET http://{addr}/api/health did not answer 200 within {} s",
                patience.as_secs()
            ));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Runs one load phase (its progress lines shown) and returns the JSON line it printed.
fn loadgen_phase(loadgen: &Path, what: &str, args: &[&str]) -> Result<Value, String> {
    let step = Step::start(what);
    let mut command = Command::new(loadgen);
    command.args(args).stderr(Stdio::inherit());
    let output = command
        .output()
        .map_err(|e| format!("cannot start `{}`: {e}", describe(&command)))?;
    if !output.status.success() {
        return Err(format!(
            "`{}` failed ({})",
            describe(&command),
            output.status
        ));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout.lines().rev().find(|l| !l.trim().is_empty());
    let figures: Value = line
        .and_then(|line| serde_json::from_str(line).ok())
        .ok_or_else(|| format!("storefront-loadgen printed no result line: {stdout:?}"))?;
    let outcome = if figures["mode"] == "sse" {
        format!(
            "{} of {} events delivered",
            figures["delivered"], figures["expected"]
        )
    } else {
        format!(
            "{} req/s, {} errors",
            grouped(figures["rps"].as_f64().unwrap_or(0.0)),
            figures["errors"]
        )
    };
    step.finish(&outcome);
    if let Some(error) = figures["first_error"].as_str() {
        println!("    first error: {error}");
    }
    Ok(figures)
}

/// The peak resident set size of process `pid` in KiB (`VmHWM` in /proc; Linux only).
fn peak_rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// The last `lines` lines of a text file, indented, for error messages.
fn tail(path: &Path, lines: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..]
        .iter()
        .map(|line| format!("    {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A whole number with thousands separators: `12,345`.
fn grouped(value: f64) -> String {
    let digits = format!("{:.0}", value.max(0.0));
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// Milliseconds from a latency summary's microsecond field.
fn ms(latency: &Value, key: &str) -> f64 {
    latency[key].as_f64().unwrap_or(0.0) / 1000.0
}

fn count(figures: &Value, key: &str) -> u64 {
    figures[key].as_u64().unwrap_or(0)
}

/// One line of the figures table.
fn row(name: &str, conns: usize, requests: &str, errors: u64, rate: &str, latency: &Value) {
    println!(
        "{name:<26} {conns:>6} {requests:>13} {errors:>7} {rate:>9} {:>8.2} {:>8.2} {:>8.2} {:>8.2}",
        ms(latency, "p50"),
        ms(latency, "p90"),
        ms(latency, "p99"),
        ms(latency, "max"),
    );
}

fn print_figures(figures: &Figures) {
    let (catalog, quotes, events) = (&figures.catalog, &figures.quotes, &figures.events);
    let paced = &figures.paced_quotes;
    println!();
    println!(
        "API under load (storefront-server, server-release, 127.0.0.1; {} CPUs shared with \
         storefront-loadgen;\n  keep-alive HTTP/1.1 connections, {LOAD_SECONDS} s each after \
         1 s of warm-up; no Accept-Encoding, so JSON is uncompressed;\n  closed loop (each \
         connection sends when answered) unless paced: sent on a fixed schedule at the rate \
         shown,\n  timed from when each request was due)",
        figures.cpus
    );
    println!(
        "{:<26} {:>6} {:>13} {:>7} {:>9} {:>8} {:>8} {:>8} {:>8}",
        "scenario", "conns", "requests", "errors", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms"
    );
    for (name, load) in [
        ("catalog GET /api/products", catalog),
        ("quotes POST /api/quotes", quotes),
        ("  paced", paced),
    ] {
        row(
            name,
            count(load, "connections") as usize,
            &grouped(count(load, "requests") as f64),
            count(load, "errors"),
            &grouped(load["rps"].as_f64().unwrap_or(0.0)),
            &load["latency_us"],
        );
    }
    let (delivered, expected) = (count(events, "delivered"), count(events, "expected"));
    row(
        "event delivery (SSE)",
        count(events, "clients") as usize,
        &format!("{delivered}/{expected}"),
        count(events, "errors"),
        "-",
        &events["latency_us"],
    );
    row(
        "  carrier webhook POST",
        1,
        &grouped(count(&events["webhook_latency_us"], "count") as f64),
        count(events, "webhook_errors"),
        "-",
        &events["webhook_latency_us"],
    );
    println!(
        "events: {} streams over {} orders (opened in {:.1} s); {} signed carrier webhooks {} ms \
         apart,\n        each to the {} streams of its order; latency from webhook sent to event \
         received",
        count(events, "clients"),
        count(events, "orders"),
        events["open_seconds"].as_f64().unwrap_or(0.0),
        count(events, "updates"),
        count(events, "interval_ms"),
        count(events, "clients") / count(events, "orders").max(1),
    );
    let peak_mb = figures.peak_rss_kb.map(|kb| kb as f64 / 1024.0);
    match peak_mb {
        Some(mb) => println!("server peak resident memory (VmHWM): {mb:.1} MB"),
        None => println!("server peak resident memory: unknown (no /proc)"),
    }

    let catalog_rps = catalog["rps"].as_f64().unwrap_or(0.0);
    let errors_note = |load: &Value| match count(load, "errors") {
        0 => String::new(),
        n => format!(", {n} errors"),
    };
    println!(
        "target: catalog >= {} req/s: {} req/s{} ({})",
        grouped(CATALOG_TARGET_RPS),
        grouped(catalog_rps),
        errors_note(catalog),
        verdict(catalog_rps >= CATALOG_TARGET_RPS && count(catalog, "errors") == 0)
    );
    let quote_p99 = ms(&paced["latency_us"], "p99");
    println!(
        "target: quote p99 <= {QUOTE_TARGET_P99_MS} ms on 2 cores: {quote_p99:.2} ms on {} \
         cores at {} req/s ({:.0}% of the {} req/s the closed loop reached){} ({})",
        figures.cpus,
        grouped(paced["offered_rps"].as_f64().unwrap_or(0.0)),
        QUOTE_PACED_SHARE * 100.0,
        grouped(quotes["rps"].as_f64().unwrap_or(0.0)),
        errors_note(paced),
        verdict(
            quote_p99 <= QUOTE_TARGET_P99_MS
                && count(paced, "errors") == 0
                && count(quotes, "errors") == 0
        )
    );
    let event_p99 = ms(&events["latency_us"], "p99");
    let missing = expected.saturating_sub(delivered);
    println!(
        "target: event delivery p99 <= {EVENT_TARGET_P99_MS} ms with {} streams: {event_p99:.2} \
         ms{} ({})",
        count(events, "clients"),
        if missing > 0 {
            format!(", {missing} events never arrived")
        } else {
            String::new()
        },
        verdict(event_p99 <= EVENT_TARGET_P99_MS && missing == 0 && expected > 0)
    );
    match peak_mb {
        Some(mb) => println!(
            "target: server peak memory <= {MEMORY_TARGET_MB} MB: {mb:.1} MB ({})",
            verdict(mb <= MEMORY_TARGET_MB)
        ),
        None => println!("target: server peak memory <= {MEMORY_TARGET_MB} MB: not measured"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(grouped(0.0), "0");
        assert_eq!(grouped(999.4), "999");
        assert_eq!(grouped(12_345.6), "12,346");
        assert_eq!(grouped(1_000_000.0), "1,000,000");
    }
}
