//! `cargo xtask bench search`: finding goods at the size a growing store reaches. The generated
//! catalog ([`crate::serve::CATALOG_PRODUCTS`] products) is loaded into SQLite and into
//! PostgreSQL, and each engine's server answers searches, suggestions and a filtered catalog
//! page under steady load; the figures print side by side with their targets.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::bench::{build_loadgen, loadgen_phase, ms, start_server, still_running, wait_healthy};
use crate::postgres;
use crate::process::Step;
use crate::serve::{CATALOG_PRODUCTS, add_generated, build_server};
use crate::setup::Tools;

/// The catalog must load in under a minute.
const LOAD_TARGET_S: f64 = 60.0;
const SEARCH_TARGET_P95_MS: f64 = 20.0;
const SUGGESTIONS_TARGET_P95_MS: f64 = 10.0;
const FILTERED_TARGET_P95_MS: f64 = 30.0;
/// Seconds each scenario is measured.
const SECONDS: u32 = 5;

/// A kind of request and the requests that stand for it: each gets one connection of its own,
/// so the scenario's figures mix them evenly.
struct Scenario {
    name: &'static str,
    paths: &'static [&'static str],
    target_p95_ms: f64,
}

/// Queries of the generated catalog's words, in several languages, percent-encoded.
const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "search, one word",
        paths: &[
            "/api/products?lang=en&q=bowl",
            "/api/products?lang=en&q=linen",
            "/api/products?lang=de&q=kerze",
            "/api/products?lang=fr&q=savon",
        ],
        target_p95_ms: SEARCH_TARGET_P95_MS,
    },
    Scenario {
        name: "search, three words",
        paths: &[
            "/api/products?lang=en&q=hand+thrown+bowl",
            "/api/products?lang=en&q=linen+tea+towels",
            "/api/products?lang=de&q=kerze+im+glas",
            "/api/products?lang=en&q=brass+reading+lamp",
        ],
        target_p95_ms: SEARCH_TARGET_P95_MS,
    },
    Scenario {
        name: "search, one typo",
        paths: &[
            "/api/products?lang=en&q=macha",
            "/api/products?lang=en&q=lantren",
            "/api/products?lang=en&q=candel",
            "/api/products?lang=en&q=saucepna",
        ],
        target_p95_ms: SEARCH_TARGET_P95_MS,
    },
    Scenario {
        name: "search, Chinese / Japanese",
        paths: &[
            // 抹茶碗, 抹茶, ろくろ, 茶碗
            "/api/products?lang=zh&q=%E6%8A%B9%E8%8C%B6%E7%A2%97",
            "/api/products?lang=ja&q=%E6%8A%B9%E8%8C%B6",
            "/api/products?lang=ja&q=%E3%82%8D%E3%81%8F%E3%82%8D",
            "/api/products?lang=zh&q=%E8%8C%B6%E7%A2%97",
        ],
        target_p95_ms: SEARCH_TARGET_P95_MS,
    },
    Scenario {
        name: "suggestions",
        paths: &[
            "/api/suggestions?lang=en&q=ma",
            "/api/suggestions?lang=en&q=linen+t",
            "/api/suggestions?lang=de&q=kerz",
            "/api/suggestions?lang=en&q=bras",
        ],
        target_p95_ms: SUGGESTIONS_TARGET_P95_MS,
    },
    Scenario {
        name: "catalog, three filters",
        paths: &[
            "/api/products?lang=en&country=DE&currency=EUR&ships=1&category=kitchen&min_price=1000&max_price=6000",
            "/api/products?lang=de&country=US&currency=USD&ships=1&category=home&max_price=8000",
            "/api/products?lang=fr&country=FR&currency=EUR&ships=1&category=food&min_price=500",
            "/api/products?lang=ja&country=JP&currency=JPY&ships=1&category=apparel&sort=price_asc",
        ],
        target_p95_ms: FILTERED_TARGET_P95_MS,
    },
];

/// One engine's figures.
struct Engine {
    label: &'static str,
    load_seconds: f64,
    /// One loadgen result per scenario, in [`SCENARIOS`]' order.
    results: Vec<Value>,
}

/// Builds the server and the load generator, measures both engines and prints the figures.
pub fn report(tools: &Tools) -> Result<(), String> {
    let server = build_server(tools, "server-release")?;
    let loadgen = build_loadgen(tools)?;
    let scratch =
        std::env::temp_dir().join(format!("storefront-bench-search-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch)
        .map_err(|e| format!("cannot create {}: {e}", scratch.display()))?;
    let engines = measure(&server, &loadgen, &scratch);
    let _ = std::fs::remove_dir_all(&scratch);
    print(&engines?);
    Ok(())
}

fn measure(server: &Path, loadgen: &Path, scratch: &Path) -> Result<Vec<Engine>, String> {
    let db = scratch.join("search.db");
    let sqlite = engine(
        "SQLite",
        server,
        loadgen,
        scratch,
        &["--db".to_owned(), db.to_string_lossy().into_owned()],
    )?;
    let bin = postgres::ensure_installed()?;
    // Not under the target folder: the `postgres` user a root run starts it as cannot reach
    // into root's home.
    let cluster = postgres::Cluster::start(
        &bin,
        &std::env::temp_dir().join("storefront-postgres-bench-search"),
    )?;
    let url = cluster.create_database("search")?;
    let postgres = engine(
        "PostgreSQL",
        server,
        loadgen,
        scratch,
        &["--database-url".to_owned(), url],
    )?;
    cluster.drop_database("search")?;
    Ok(vec![sqlite, postgres])
}

/// Loads the generated catalog into the database of `database` (the server's options), then
/// runs every scenario against a server on it.
fn engine(
    label: &'static str,
    server: &Path,
    loadgen: &Path,
    scratch: &Path,
    database: &[String],
) -> Result<Engine, String> {
    let started = Instant::now();
    let args: Vec<std::ffi::OsString> = database.iter().map(Into::into).collect();
    add_generated(server, &args, CATALOG_PRODUCTS)?;
    let load_seconds = started.elapsed().as_secs_f64();
    let step = Step::start(format!("bench: start storefront-server on {label}"));
    let log = scratch.join(format!("server-{label}.log"));
    let (mut running, addr) = start_server(server, database, &log, scratch, None)?;
    wait_healthy(&addr, Duration::from_secs(60))?;
    step.finish(&format!("healthy at http://{addr}"));
    let mut results = Vec::new();
    for scenario in SCENARIOS {
        let urls: Vec<String> = scenario
            .paths
            .iter()
            .map(|path| format!("http://{addr}{path}"))
            .collect();
        let result = loadgen_phase(
            loadgen,
            &format!(
                "bench: {label}, {} ({} requests, a connection each, {SECONDS} s)",
                scenario.name,
                urls.len()
            ),
            &[
                "get",
                &urls.join(","),
                "--connections",
                &urls.len().to_string(),
                "--duration",
                &SECONDS.to_string(),
            ],
        )?;
        if result["errors"].as_u64().unwrap_or(0) > 0 {
            return Err(format!(
                "{label}, {}: {} requests failed; first: {}",
                scenario.name, result["errors"], result["first_error"]
            ));
        }
        still_running(&mut running, &log)?;
        results.push(result);
    }
    Ok(Engine {
        label,
        load_seconds,
        results,
    })
}

fn print(engines: &[Engine]) {
    println!();
    println!(
        "search on {} generated products (latency in ms under steady load: one connection per \
         request of a scenario)",
        crate::bench::grouped(CATALOG_PRODUCTS as f64)
    );
    print!("{:<28}", "scenario");
    for engine in engines {
        print!(" {:>12} {:>6} {:>6}", engine.label, "p50", "p95");
    }
    println!("  target");
    for (n, scenario) in SCENARIOS.iter().enumerate() {
        print!("{:<28}", scenario.name);
        let mut met = true;
        for engine in engines {
            let latency = &engine.results[n]["latency_us"];
            let p95 = ms(latency, "p95");
            met &= p95 <= scenario.target_p95_ms;
            print!(
                " {:>12} {:>6.1} {:>6.1}",
                format!(
                    "{:.0} req/s",
                    engine.results[n]["rps"].as_f64().unwrap_or(0.0)
                ),
                ms(latency, "p50"),
                p95
            );
        }
        println!(
            "  p95 <= {} ms ({})",
            scenario.target_p95_ms,
            crate::bench::verdict(met)
        );
    }
    print!("{:<28}", "catalog load (generate, index)");
    let mut met = true;
    for engine in engines {
        met &= engine.load_seconds < LOAD_TARGET_S;
        print!(
            " {:>12} {:>13}",
            "",
            format!("{:.1} s", engine.load_seconds)
        );
    }
    println!("  < {LOAD_TARGET_S} s ({})", crate::bench::verdict(met));
    println!();
}
