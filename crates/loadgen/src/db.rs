//! The server's database, opened beside it for what a bench needs and the API does not offer:
//! the carrier webhook secret (to sign as carriers do) and stock enough for a run of orders.

use std::time::Duration;

use sqlx::Connection as _;

/// The row of the server's `secrets` table carrier webhook keys derive from.
const WEBHOOK_SECRET: &str = "carrier-webhooks";

/// A connection to a SQLite file or a PostgreSQL database.
pub enum Db {
    Sqlite(sqlx::SqliteConnection),
    Postgres(sqlx::PgConnection),
}

impl Db {
    /// Opens `spec`: a `postgres://` URL, else a SQLite file path (never created).
    pub async fn open(spec: &str) -> Result<Self, String> {
        let opened = if spec.starts_with("postgres://") || spec.starts_with("postgresql://") {
            sqlx::PgConnection::connect(spec).await.map(Self::Postgres)
        } else {
            let options = sqlx::sqlite::SqliteConnectOptions::new()
                .filename(spec)
                .create_if_missing(false)
                .busy_timeout(Duration::from_secs(5));
            sqlx::SqliteConnection::connect_with(&options)
                .await
                .map(Self::Sqlite)
        };
        opened.map_err(|e| format!("cannot open the database {spec}: {e}"))
    }

    /// The carrier webhook master secret.
    pub async fn webhook_secret(&mut self) -> Result<Vec<u8>, String> {
        let sql = "SELECT value FROM secrets WHERE name = $1";
        let row: Option<(Vec<u8>,)> = match self {
            Self::Sqlite(db) => {
                sqlx::query_as(sql)
                    .bind(WEBHOOK_SECRET)
                    .fetch_optional(db)
                    .await
            }
            Self::Postgres(db) => {
                sqlx::query_as(sql)
                    .bind(WEBHOOK_SECRET)
                    .fetch_optional(db)
                    .await
            }
        }
        .map_err(|e| format!("cannot read the webhook secret: {e}"))?;
        row.map(|(value,)| value)
            .ok_or_else(|| format!("no {WEBHOOK_SECRET} secret in the database"))
    }

    /// Gives every variant `units` in stock: a run of orders measures placing them, not the
    /// catalog running out.
    pub async fn restock(&mut self, units: i64) -> Result<(), String> {
        let sql = "UPDATE variants SET stock = $1";
        match self {
            Self::Sqlite(db) => sqlx::query(sql).bind(units).execute(db).await.map(|_| ()),
            Self::Postgres(db) => sqlx::query(sql).bind(units).execute(db).await.map(|_| ()),
        }
        .map_err(|e| format!("cannot restock: {e}"))
    }

    pub async fn close(self) {
        let _ = match self {
            Self::Sqlite(db) => db.close().await,
            Self::Postgres(db) => db.close().await,
        };
    }
}
