//! The storefront's reference API server: axum over a database ([`store`]), serving the built
//! app beside `/api`.

pub mod built_index;
pub mod cache;
pub mod catalog;
pub mod connections;
pub mod error;
pub mod feedback;
pub mod hardening;
pub mod http;
pub mod ids;
pub mod listing;
pub mod live;
pub mod pages;
pub mod payment;
pub mod quote_store;
pub mod rates;
pub mod secrets;
pub mod seed;
pub mod simulator;
pub mod store;
pub mod stored;
pub mod tracking;

use std::path::{Path, PathBuf};

use axum::Router;
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;

/// State shared by every request handler.
#[derive(Clone)]
pub struct AppState {
    /// The database: every statement goes through it.
    pub store: store::Store,
    /// Each order's newest tracking event. An order's event streams wait for it to change,
    /// then read the order's new events from the database, so live delivery and resuming
    /// after a dropped connection are one code path.
    pub events: std::sync::Arc<live::Live>,
    /// Each order's newest message; message streams wait on it as event streams do on
    /// [`AppState::events`].
    pub messages: std::sync::Arc<live::Live>,
    /// What nearly every request reads and few change.
    pub caches: std::sync::Arc<Caches>,
    /// Where quotes are stored (see [`quote_store`]).
    pub quotes: quote_store::QuoteStore,
    /// The payment provider orders are charged through (see [`payment`]).
    pub payments: std::sync::Arc<dyn payment::PaymentProvider>,
    /// Held shared by a quote from reading the exchange rates until it is queued for writing,
    /// and exclusively while new rates are published: every quote priced at the old rates is
    /// then queued (and can be expired) before any is priced at the new ones.
    pub pricing: std::sync::Arc<tokio::sync::RwLock<()>>,
}

/// The server's in-process caches (see [`cache`]).
pub struct Caches {
    /// The exchange rates in force; cleared when rates are published. The other caches hold
    /// prices in the seller's currency and convert per request, so they do not depend on rates.
    pub rates: cache::Cache<(), storefront_domain::RateTable>,
    /// Carrier scorecards; cleared when feedback arrives.
    pub scorecards: cache::Cache<(), Vec<storefront_domain::servqual::Scorecard>>,
    /// Every product's facts, as listings filter and sort on them.
    pub listing: listing::ListingCache,
    /// Every variant by language, as quotes read them; cleared when an order changes stock.
    pub variants: cache::Cache<String, catalog::Catalog>,
}

impl AppState {
    /// State over `store`, with no event seen yet, empty caches and the built-in test payment
    /// provider. Starts the quote writer and, on PostgreSQL, the listener for other instances'
    /// writes ([`store::feeds`]), so it must run inside the Tokio runtime.
    pub fn new(store: store::Store) -> Self {
        let state = Self::alone(store);
        let (events, messages, caches) = (
            state.events.clone(),
            state.messages.clone(),
            state.caches.clone(),
        );
        store::feeds::follow(&state.store, move |change| {
            use store::feeds::Change;
            match change {
                Change::Events { order, id } => events.raise(order, id),
                Change::Messages { order, id } => messages.raise(order, id),
                Change::Rates => caches.rates.clear(),
                Change::Ratings => caches.scorecards.clear(),
                Change::Reconnected => {
                    events.raise_all();
                    messages.raise_all();
                    caches.rates.clear();
                    caches.scorecards.clear();
                }
            }
        });
        state
    }

    /// State as if no other instance shared the database.
    fn alone(store: store::Store) -> Self {
        use std::time::Duration;
        Self {
            quotes: quote_store::QuoteStore::start(&store),
            payments: std::sync::Arc::new(payment::TestProvider),
            pricing: std::sync::Arc::default(),
            store,
            events: std::sync::Arc::default(),
            messages: std::sync::Arc::default(),
            caches: std::sync::Arc::new(Caches {
                rates: cache::Cache::new(Duration::from_secs(60)),
                scorecards: cache::Cache::new(Duration::from_secs(60)),
                listing: listing::ListingCache::default(),
                variants: cache::Cache::new(Duration::from_secs(2)),
            }),
        }
    }
}

/// The whole HTTP application: `/api`, the built app's files from `dist` when given, and every
/// other path a page rendered by the app's components ([`pages`]).
pub fn app(state: AppState, dist: Option<&Path>) -> Router {
    app_with(state, dist, &hardening::Hardening::default())
}

/// [`app`] with the hardening limits given (tests use tiny ones): body limit, timeout and rate
/// limit on `/api`; security headers, compression and cache headers on everything.
pub fn app_with(state: AppState, dist: Option<&Path>, limits: &hardening::Hardening) -> Router {
    let pages = pages::Pages::new(state.clone(), dist).router();
    let api = hardening::harden_api(http::router(), limits);
    let api = Router::new().nest("/api", api).with_state(state);
    let app = match dist {
        // `cargo xtask serve` leaves brotli and gzip copies beside the files (`name.br`): sent
        // as they are, they cost no CPU per download; without them, the compression layer
        // compresses on the fly. A folder is never a file: `/` is a page.
        Some(dist) => api.fallback_service(
            ServeDir::new(dist)
                .precompressed_br()
                .precompressed_gzip()
                .append_index_html_on_directories(false)
                .fallback(pages),
        ),
        None => api.fallback_service(pages),
    };
    hardening::harden_app(app, dist).layer(TraceLayer::new_for_http())
}

/// The current time, as the quote and order logic sees it.
pub fn now() -> storefront_domain::date::Timestamp {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    storefront_domain::date::Timestamp(i64::try_from(seconds).unwrap_or(i64::MAX))
}

/// Where the built app is, if it has been built: an explicit `--dist`, else `./dist`.
pub fn find_dist(explicit: Option<PathBuf>) -> Option<PathBuf> {
    explicit
        .or_else(|| Some(PathBuf::from("dist")))
        .filter(|dist| dist.join("index.html").is_file())
}
