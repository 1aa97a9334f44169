//! `storefront-server`: the API and the built app on one address.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use storefront_server::connections::{self, ConnectionLimits};
use storefront_server::hardening::{Hardening, RateLimit};
use storefront_server::simulator::{self, Simulation};
use storefront_server::store::Store;
use storefront_server::{AppState, app_with, find_dist};
use tracing_subscriber::EnvFilter;

/// Storefront API server: JSON under /api, the built app everywhere else.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// Address to listen on; port 0 picks a free port (the chosen one is printed).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// SQLite database file; created, migrated and seeded on first start.
    #[arg(long, default_value = "data/storefront.db")]
    db: PathBuf,
    /// The database as a URL instead of `--db`: `postgres://USER@HOST:PORT/DATABASE` for a
    /// PostgreSQL database that any number of servers share, or `sqlite:PATH`. Migrated and
    /// seeded on first start.
    #[arg(long, env = "DATABASE_URL", conflicts_with = "db")]
    database_url: Option<String>,
    /// Folder of the built app (trunk's dist); defaults to ./dist when it holds an index.html.
    #[arg(long)]
    dist: Option<PathBuf>,
    /// Carrier simulator speed: simulated seconds per real second (5000 delivers a standard
    /// parcel in about two minutes).
    #[arg(long, default_value_t = 5_000, value_parser = clap::value_parser!(u32).range(1..))]
    sim_speed: u32,
    /// Do not run the built-in carrier simulator (real carriers post to the webhook).
    #[arg(long)]
    no_sim: bool,
    /// Print each seller's API key (for `X-Seller-Key`) from this database, then exit.
    #[arg(long)]
    print_seller_keys: bool,
    /// Print the store operator's API key (for `X-Operator-Key`, which publishing exchange
    /// rates needs) from this database, then exit.
    #[arg(long)]
    print_operator_key: bool,
    /// Add this many generated products to the catalog (for benchmarks; see
    /// `cargo xtask catalog`), rebuild the search index, then exit.
    #[arg(long, value_name = "PRODUCTS")]
    generate_catalog: Option<u64>,
    /// Per-client rate limit on the API's state-changing requests (quotes, orders, ...), in
    /// requests per minute; the default suits buyers. Raise it (with `--rate-limit-burst`) for
    /// load and crash tests that post from one address.
    #[arg(long, default_value_t = RateLimit::default().per_minute,
          value_parser = clap::value_parser!(u32).range(1..))]
    rate_limit_per_minute: u32,
    /// Per-client burst: state-changing API requests a client may send back to back before
    /// `--rate-limit-per-minute` applies.
    #[arg(long, default_value_t = RateLimit::default().burst,
          value_parser = clap::value_parser!(u32).range(1..))]
    rate_limit_burst: u32,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("storefront_server=info,tower_http=warn")),
        )
        .init();
    let args = Args::parse();
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("storefront-server: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), String> {
    let store = match &args.database_url {
        Some(url) => Store::open(url)
            .await
            .map_err(|e| format!("{e} ({})", without_password(url)))?,
        None => Store::open_sqlite(&args.db)
            .await
            .map_err(|e| format!("{e} ({})", args.db.display()))?,
    };
    if args.print_seller_keys {
        let keys = storefront_server::secrets::seller_keys(&store)
            .await
            .map_err(|e| e.to_string())?;
        for (slug, name, key) in keys {
            println!("{slug}\t{key}\t{name}");
        }
        return Ok(());
    }
    if args.print_operator_key {
        let key = storefront_server::secrets::operator_key(&store).map_err(|e| e.to_string())?;
        println!("{key}");
        return Ok(());
    }
    if let Some(count) = args.generate_catalog {
        let started = std::time::Instant::now();
        storefront_server::seed::generated::add(&store, count, |progress| {
            use storefront_server::seed::generated::Progress;
            let seconds = started.elapsed().as_secs_f64();
            match progress {
                Progress::Added(added) => {
                    println!("{added} of {count} products added ({seconds:.1} s)")
                }
                Progress::Indexed(done, last) => {
                    println!("search index: {done} of {last} ({seconds:.1} s)")
                }
            }
        })
        .await
        .map_err(|e| format!("cannot add the generated catalog: {e}"))?;
        println!(
            "Search index rebuilt; {count} products added in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        return Ok(());
    }
    let dist = find_dist(args.dist.clone());
    if let (Some(asked), None) = (&args.dist, &dist) {
        return Err(format!("no index.html in {}", asked.display()));
    }
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.addr))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    // Test harnesses read this line to learn the port when started with port 0.
    println!("Storefront listening on http://{addr}");
    match &dist {
        Some(dist) => println!("Serving the app from {}", dist.display()),
        None => println!("No built app found: serving the API only (run `cargo xtask serve`)"),
    }
    println!("Database: {}", store.engine());
    let hardening = Hardening {
        rate_limit: RateLimit {
            per_minute: args.rate_limit_per_minute,
            burst: args.rate_limit_burst,
            ..RateLimit::default()
        },
        ..Hardening::default()
    };
    let state = AppState::new(store.clone());
    let quotes = state.quotes.clone();
    let app = app_with(state, dist.as_deref(), &hardening);
    if !args.no_sim {
        let simulation = Simulation {
            speed: args.sim_speed,
            ..Simulation::default()
        };
        simulator::spawn(app.clone(), store.clone(), simulation);
        println!("Carrier simulator on at {}x speed", args.sim_speed);
    }
    // Within connection limits; each request knows its client's address, which keys the
    // per-IP rate limit.
    connections::serve(
        listener,
        app,
        ConnectionLimits::default(),
        shutdown_signal(),
    )
    .await;
    // Quotes already answered are written before the database closes.
    quotes.flush().await;
    store.close().await;
    Ok(())
}

/// `url` with any password replaced by `***`, fit for messages and logs.
fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.split_once('@') {
        Some((user_info, host)) if user_info.contains(':') => {
            let user = user_info.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}")
        }
        _ => url.to_owned(),
    }
}

/// Resolves on Ctrl-C or SIGTERM; in-flight requests then finish before the server exits.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

#[cfg(test)]
mod tests {
    use super::without_password;

    #[test]
    fn a_database_url_is_shown_without_its_password() {
        assert_eq!(
            without_password("postgres://store:s3cret@db.internal:5432/shop"),
            "postgres://store:***@db.internal:5432/shop"
        );
        assert_eq!(
            without_password("postgres://store@127.0.0.1:5432/shop"),
            "postgres://store@127.0.0.1:5432/shop"
        );
        assert_eq!(without_password("sqlite:data/x.db"), "sqlite:data/x.db");
    }
}
