//! The exchange rates in force: the newest published set in the database. The store operator
//! publishes new sets (`POST /api/exchange-rates`).

use std::collections::BTreeMap;

use sqlx::{SqliteConnection, SqliteExecutor};
use storefront_domain::date::Date;
use storefront_domain::{Currency, RateTable};

use crate::error::AppError;

/// The rate table in force, from the cache.
pub async fn cached(state: &crate::AppState) -> Result<std::sync::Arc<RateTable>, AppError> {
    state
        .caches
        .rates
        .get_or_load((), || current(&state.db))
        .await
}

/// The newest published rate table.
pub async fn current(db: impl SqliteExecutor<'_>) -> Result<RateTable, AppError> {
    let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT as_of, base, currency, rate_micros FROM exchange_rates
         WHERE as_of = (SELECT MAX(as_of) FROM exchange_rates)
         ORDER BY currency",
    )
    .fetch_all(db)
    .await?;
    let corrupt = |what: String| AppError::Corrupt(format!("exchange_rates: {what}"));
    let (as_of, base) = match rows.first() {
        Some((as_of, base, ..)) => (
            Date::parse(as_of).map_err(|e| corrupt(e.to_string()))?,
            Currency::new(base).map_err(|e| corrupt(e.to_string()))?,
        ),
        None => return Err(corrupt("no rates published".to_owned())),
    };
    let mut rates = BTreeMap::new();
    for (_, _, code, rate) in rows {
        rates.insert(
            Currency::new(&code).map_err(|e| corrupt(e.to_string()))?,
            rate,
        );
    }
    Ok(RateTable { base, as_of, rates })
}

/// Stores `table` as the set in force: it replaces a set published for the same day.
pub async fn publish(db: &mut SqliteConnection, table: &RateTable) -> Result<(), AppError> {
    let as_of = table.as_of.to_string();
    sqlx::query("DELETE FROM exchange_rates WHERE as_of = ?")
        .bind(&as_of)
        .execute(&mut *db)
        .await?;
    for (currency, rate) in &table.rates {
        sqlx::query(
            "INSERT INTO exchange_rates (as_of, base, currency, rate_micros) VALUES (?, ?, ?, ?)",
        )
        .bind(&as_of)
        .bind(table.base.code())
        .bind(currency.code())
        .bind(rate)
        .execute(&mut *db)
        .await?;
    }
    Ok(())
}
