//! `storefront-loadgen`: the separate load-generating process of `cargo xtask bench`.
//!
//! `get` and `post` keep N HTTP/1.1 connections busy for a fixed time, `orders` places orders
//! that way; `sse` times event delivery to many open event streams. Each takes one server or
//! several instances of it (URLs joined by commas). Each prints one JSON line of results on stdout
//! (latencies in microseconds); progress goes to stderr.

mod client;
mod db;
mod load;
mod orders;
mod sse;
mod stats;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use bytes::Bytes;
use hyper::Method;

const USAGE: &str = "\
usage: storefront-loadgen get URL [options]
       storefront-loadgen post URL BODY_FILE [options]   (the body is sent as JSON)
       storefront-loadgen orders BASE_URL --db DB [options]
       storefront-loadgen sse BASE_URL --db DB [options]

A URL may list instances of one server, joined by commas: get, post and orders spread their
connections over them in turn; sse places orders and posts webhooks on the first and watches
on the last.

get, post, orders:
  --connections N    keep-alive connections, one worker each (default 16)
  --rate R           send R requests per second in all, on a fixed schedule, timing each from
                     when it was due (open loop); by default each worker sends its next request
                     when the last is answered (closed loop)
  --duration S       measured seconds (default 10)
  --warmup S         unmeasured seconds before (default 1)
  --header 'N: V'    an extra request header (repeatable)
orders:
  --db DB            the server's database (a SQLite file or a postgres:// URL): every variant
                     is restocked first, so no order is refused for stock
sse:
  --db DB            the server's database (a SQLite file or a postgres:// URL), for the
                     carrier webhook secret
  --clients N        event streams to open (default 1000)
  --orders N         orders placed for them to watch, evenly (default 20)
  --updates N        signed carrier webhooks to post, round-robin over the orders (default 50)
  --interval-ms N    between two webhooks (default 100)
all:
  --threads N        runtime threads (default 1)

Prints one JSON line of results on stdout; latencies are in microseconds.";

/// The parsed command line.
struct Options {
    mode: String,
    url: String,
    body_file: Option<PathBuf>,
    connections: usize,
    rate: Option<f64>,
    duration: f64,
    warmup: f64,
    headers: Vec<(String, String)>,
    db: Option<String>,
    clients: usize,
    orders: usize,
    updates: usize,
    interval_ms: u64,
    threads: usize,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut positional = Vec::new();
    let mut options = Options {
        mode: String::new(),
        url: String::new(),
        body_file: None,
        connections: 16,
        rate: None,
        duration: 10.0,
        warmup: 1.0,
        headers: Vec::new(),
        db: None,
        clients: 1000,
        orders: 20,
        updates: 50,
        interval_ms: 100,
        threads: 1,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if !arg.starts_with("--") {
            positional.push(arg.clone());
            continue;
        }
        let value = args
            .next()
            .ok_or_else(|| format!("{arg} needs a value"))?
            .as_str();
        let number = || {
            value
                .parse::<usize>()
                .map_err(|_| format!("{arg} takes a whole number, not {value:?}"))
        };
        let seconds = || {
            value
                .parse::<f64>()
                .ok()
                .filter(|s| s.is_finite() && *s >= 0.0)
                .ok_or_else(|| format!("{arg} takes seconds, not {value:?}"))
        };
        match arg.as_str() {
            "--connections" => options.connections = number()?.max(1),
            "--rate" => {
                options.rate = Some(
                    value
                        .parse::<f64>()
                        .ok()
                        .filter(|r| r.is_finite() && *r > 0.0)
                        .ok_or_else(|| {
                            format!("--rate takes requests per second, not {value:?}")
                        })?,
                )
            }
            "--duration" => options.duration = seconds()?,
            "--warmup" => options.warmup = seconds()?,
            "--header" => {
                let (name, text) = value
                    .split_once(':')
                    .ok_or_else(|| format!("--header takes 'Name: value', not {value:?}"))?;
                let (name, text) = (name.trim(), text.trim());
                hyper::header::HeaderName::try_from(name)
                    .map_err(|_| format!("{name:?} is not a header name"))?;
                hyper::header::HeaderValue::try_from(text)
                    .map_err(|_| format!("{text:?} is not a header value"))?;
                options.headers.push((name.to_owned(), text.to_owned()));
            }
            "--db" => options.db = Some(value.to_owned()),
            "--clients" => options.clients = number()?,
            "--orders" => options.orders = number()?,
            "--updates" => options.updates = number()?,
            "--interval-ms" => options.interval_ms = number()? as u64,
            "--threads" => options.threads = number()?.max(1),
            other => return Err(format!("unknown option {other:?}")),
        }
    }
    let mut positional = positional.into_iter();
    options.mode = positional.next().ok_or("no mode given")?;
    options.url = positional.next().ok_or("no URL given")?;
    if options.mode == "post" {
        options.body_file = Some(positional.next().ok_or("post needs a BODY_FILE")?.into());
    }
    if let Some(extra) = positional.next() {
        return Err(format!("unexpected argument {extra:?}"));
    }
    Ok(options)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let options = match parse(&args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("storefront-loadgen: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    raise_open_files_limit();
    let runtime = if options.threads == 1 {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
    } else {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(options.threads)
            .enable_all()
            .build()
    };
    let result = match runtime {
        Ok(runtime) => runtime.block_on(run(options)),
        Err(e) => Err(format!("cannot start the runtime: {e}")),
    };
    match result {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("storefront-loadgen: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(options: Options) -> Result<serde_json::Value, String> {
    let mut targets = Vec::new();
    for url in options.url.split(',') {
        targets.push(client::Target::parse(url).await?);
    }
    let load = |method, body| load::Load {
        targets: targets.clone(),
        method,
        headers: options.headers.clone(),
        unique_header: None,
        body,
        connections: options.connections,
        rate: options.rate,
        duration: Duration::from_secs_f64(options.duration),
        warmup: Duration::from_secs_f64(options.warmup),
    };
    match options.mode.as_str() {
        "get" => load::run(load(Method::GET, Bytes::new())).await,
        "post" => {
            let path = options.body_file.as_ref().ok_or("post needs a BODY_FILE")?;
            let body =
                std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            load::run(load(Method::POST, Bytes::from(body))).await
        }
        "orders" => {
            let db = options.db.as_deref().ok_or("orders needs --db DB")?;
            orders::run(db, load(Method::POST, Bytes::new())).await
        }
        "sse" => {
            sse::run(sse::Scenario {
                base: targets[0].clone(),
                watch: targets[targets.len() - 1].clone(),
                db: options.db.ok_or("sse needs --db DB")?,
                clients: options.clients,
                orders: options.orders,
                updates: options.updates,
                interval: Duration::from_millis(options.interval_ms),
            })
            .await
        }
        other => Err(format!("unknown mode {other:?}: get, post, orders or sse")),
    }
}

/// A thousand event streams need as many sockets: lift the soft open-files limit to the hard
/// one (a soft limit of 1024 is common). Best effort: the run reports connection errors if the
/// limit still bites.
#[cfg(unix)]
fn raise_open_files_limit() {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit only read and write the struct passed by pointer.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 && limit.rlim_cur < limit.rlim_max
        {
            limit.rlim_cur = limit.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}

#[cfg(not(unix))]
fn raise_open_files_limit() {}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn parses_each_mode() {
        let get = parse(&args(
            "get http://127.0.0.1:1/api/products --connections 64",
        ))
        .unwrap();
        assert_eq!((get.mode.as_str(), get.connections), ("get", 64));
        let post = parse(&args("post http://127.0.0.1:1/api/quotes body.json")).unwrap();
        assert_eq!(post.body_file, Some(PathBuf::from("body.json")));
        assert_eq!(post.rate, None);
        let paced = parse(&args("post http://x/api/quotes b.json --rate 500")).unwrap();
        assert_eq!(paced.rate, Some(500.0));
        assert!(parse(&args("post http://x/api/quotes b.json --rate 0")).is_err());
        let sse = parse(&args("sse http://127.0.0.1:1 --db x.db --clients 10")).unwrap();
        assert_eq!((sse.clients, sse.db.as_deref()), (10, Some("x.db")));
        let orders = parse(&args("orders http://a:1,http://b:2 --db postgres://u@h/d")).unwrap();
        assert_eq!(orders.url, "http://a:1,http://b:2");
        assert!(parse(&args("post http://127.0.0.1:1/api/quotes")).is_err());
        assert!(parse(&args("get http://x --duration soon")).is_err());
        assert!(parse(&args("get http://x extra")).is_err());
    }
}
