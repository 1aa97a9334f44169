//! Every SQL statement the server runs, one module per feature. Handlers validate, call the
//! store and the domain, and answer; nothing outside this module writes SQL.
//!
//! A [`Store`] is a pool of one database engine: SQLite, embedded, for one server, or PostgreSQL,
//! shared by any number of identical servers. Statements are written once with numbered
//! parameters (`$1`), which every engine sqlx speaks to reads the same way; [`on_pool!`] and
//! [`on_conn!`] run one body against whichever engine the store holds, so each engine's types
//! are checked by the compiler. A function that must run inside a caller's transaction takes a
//! [`Tx`]; one that may run in one or on its own takes any [`Connected`].

pub mod catalog;
pub mod feedback;
pub mod feeds;
pub mod messages;
pub mod orders;
pub mod quotes;
pub mod rates;
pub mod search;
pub mod secrets;
pub mod seed;
pub mod tracking;

use std::path::Path;
use std::time::Duration;

use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};

/// Why the database could not be made ready.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("cannot create the database folder {path}: {source}")]
    Folder {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot open the database: {0}")]
    Open(#[from] sqlx::Error),
    #[error("cannot migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0:?} is not a database URL: use sqlite:PATH or postgres://USER@HOST:PORT/DATABASE")]
    Url(String),
}

/// The key of the PostgreSQL advisory lock every writing transaction holds: writes queue one
/// after another across all instances, as SQLite's do within one, so ids are committed in the
/// order they are given (live feeds read "every id after the last one seen") and the checks a
/// write makes before it writes still hold when it commits.
const WRITE_LOCK: i64 = 0x5707_3F20;

/// The database the server keeps everything in, and the server's secrets as read from it once,
/// when it was opened.
#[derive(Clone)]
pub struct Store {
    engine: Engine,
    secrets: std::sync::Arc<std::collections::BTreeMap<String, Vec<u8>>>,
}

#[derive(Clone)]
enum Engine {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A transaction: what it writes is seen by others, all at once, only after [`Tx::commit`];
/// dropped without it, nothing it wrote remains.
pub struct Tx(TxEngine);

enum TxEngine {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

/// One connection taken from the pool, for several statements that need no transaction.
pub struct Pooled(PooledEngine);

enum PooledEngine {
    Sqlite(sqlx::pool::PoolConnection<sqlx::Sqlite>),
    Postgres(sqlx::pool::PoolConnection<sqlx::Postgres>),
}

/// A connection of some engine, borrowed to run statements on.
pub enum Conn<'a> {
    Sqlite(&'a mut sqlx::SqliteConnection),
    Postgres(&'a mut sqlx::PgConnection),
}

/// What statements run on: a transaction or a pooled connection.
pub trait Connected {
    /// The connection underneath.
    fn conn(&mut self) -> Conn<'_>;
}

impl Connected for Tx {
    fn conn(&mut self) -> Conn<'_> {
        match &mut self.0 {
            TxEngine::Sqlite(tx) => Conn::Sqlite(tx),
            TxEngine::Postgres(tx) => Conn::Postgres(tx),
        }
    }
}

impl Connected for Pooled {
    fn conn(&mut self) -> Conn<'_> {
        match &mut self.0 {
            PooledEngine::Sqlite(connection) => Conn::Sqlite(connection),
            PooledEngine::Postgres(connection) => Conn::Postgres(connection),
        }
    }
}

/// Runs `$body` with `$db` bound to the store's pool, whichever engine it is.
macro_rules! on_pool {
    ($store:expr, |$db:ident| $body:expr) => {
        match &$store.engine {
            crate::store::Engine::Sqlite($db) => $body,
            crate::store::Engine::Postgres($db) => $body,
        }
    };
}

/// Runs `$body` with `$db` bound to the connection underneath `$connected` (a [`Connected`]);
/// `&mut *$db` executes on it.
macro_rules! on_conn {
    ($connected:expr, |$db:ident| $body:expr) => {
        match crate::store::Connected::conn($connected) {
            crate::store::Conn::Sqlite($db) => $body,
            crate::store::Conn::Postgres($db) => $body,
        }
    };
}

pub(crate) use {on_conn, on_pool};

impl Store {
    /// Opens the database at `url`: `sqlite:PATH` (or `sqlite://PATH`) or
    /// `postgres://USER@HOST:PORT/DATABASE` (also `postgresql://`).
    pub async fn open(url: &str) -> Result<Self, OpenError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Self::open_postgres(url).await
        } else if let Some(path) = url.strip_prefix("sqlite:") {
            let path = path.strip_prefix("//").unwrap_or(path);
            Self::open_sqlite(Path::new(path)).await
        } else {
            Err(OpenError::Url(url.to_owned()))
        }
    }

    /// Opens (creating if needed) the SQLite database file at `path`, applies pending
    /// migrations, creates the server's secrets and seeds an empty catalog. WAL with
    /// `synchronous = FULL` so an acknowledged write survives a crash.
    pub async fn open_sqlite(path: &Path) -> Result<Self, OpenError> {
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(|source| OpenError::Folder {
                path: folder.display().to_string(),
                source,
            })?;
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        Self::new(Engine::Sqlite(pool)).prepare().await
    }

    /// Connects to the PostgreSQL database at `url`, applies pending migrations, creates the
    /// server's secrets and seeds an empty catalog. Safe when several servers start at once:
    /// migrations and seeding each hold a lock, and secrets keep the first value written.
    pub async fn open_postgres(url: &str) -> Result<Self, OpenError> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(5))
            .connect(url)
            .await?;
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        Self::new(Engine::Postgres(pool)).prepare().await
    }

    fn new(engine: Engine) -> Self {
        Self {
            engine,
            secrets: std::sync::Arc::default(),
        }
    }

    /// Creates what a new database lacks (secrets, seed data) and reads the secrets.
    async fn prepare(mut self) -> Result<Self, OpenError> {
        crate::secrets::ensure(&self).await?;
        seed::seed_if_empty(&self).await?;
        search::ensure_built(&self).await?;
        self.secrets = std::sync::Arc::new(secrets::all(&self).await?.into_iter().collect());
        Ok(self)
    }

    /// The secret called `name`, as read when the store was opened.
    pub fn secret(&self, name: &str) -> Option<&[u8]> {
        self.secrets.get(name).map(Vec::as_slice)
    }

    /// Whether other server instances may share the database (PostgreSQL), so what one instance
    /// answers must be written before it answers.
    pub fn is_shared(&self) -> bool {
        matches!(self.engine, Engine::Postgres(_))
    }

    /// The engine's name, for logs and messages.
    pub fn engine(&self) -> &'static str {
        match &self.engine {
            Engine::Sqlite(_) => "SQLite",
            Engine::Postgres(_) => "PostgreSQL",
        }
    }

    /// Starts a transaction.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        Ok(Tx(match &self.engine {
            Engine::Sqlite(pool) => TxEngine::Sqlite(pool.begin().await?),
            Engine::Postgres(pool) => TxEngine::Postgres(pool.begin().await?),
        }))
    }

    /// Starts a transaction that will write, holding the write lock from its start (SQLite's
    /// own, PostgreSQL's [`WRITE_LOCK`]): such transactions run one at a time, so what one reads
    /// before writing cannot change under it.
    pub async fn begin_write(&self) -> Result<Tx, sqlx::Error> {
        Ok(Tx(match &self.engine {
            Engine::Sqlite(pool) => TxEngine::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
            Engine::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                sqlx::query("SELECT pg_advisory_xact_lock($1)")
                    .bind(WRITE_LOCK)
                    .execute(&mut *tx)
                    .await?;
                TxEngine::Postgres(tx)
            }
        }))
    }

    /// A connection of the pool, held until dropped.
    pub async fn acquire(&self) -> Result<Pooled, sqlx::Error> {
        Ok(Pooled(match &self.engine {
            Engine::Sqlite(pool) => PooledEngine::Sqlite(pool.acquire().await?),
            Engine::Postgres(pool) => PooledEngine::Postgres(pool.acquire().await?),
        }))
    }

    /// Closes every connection, once what is in flight has finished.
    pub async fn close(&self) {
        match &self.engine {
            Engine::Sqlite(pool) => pool.close().await,
            Engine::Postgres(pool) => pool.close().await,
        }
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        on_pool!(self, |db| sqlx::query("SELECT 1")
            .execute(db)
            .await
            .map(|_| ()))
    }
}

impl Tx {
    /// Makes what the transaction wrote durable and visible.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self.0 {
            TxEngine::Sqlite(tx) => tx.commit().await,
            TxEngine::Postgres(tx) => tx.commit().await,
        }
    }
}
