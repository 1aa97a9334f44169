//! The exchange rates in force: the newest published set in the database. The store operator
//! publishes new sets (`POST /api/exchange-rates`).

use std::collections::BTreeMap;

use storefront_domain::date::Date;
use storefront_domain::{Currency, RateTable};

use crate::error::AppError;
use crate::store::{self, Connected, Tx};

/// The rate table in force, from the cache.
pub async fn cached(state: &crate::AppState) -> Result<std::sync::Arc<RateTable>, AppError> {
    state
        .caches
        .rates
        .get_or_load((), || async {
            current(&mut state.store.acquire().await?).await
        })
        .await
}

/// The newest published rate table.
pub async fn current(db: &mut impl Connected) -> Result<RateTable, AppError> {
    let rows = store::rates::newest(db).await?;
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
pub async fn publish(tx: &mut Tx, table: &RateTable) -> Result<(), AppError> {
    let rates: Vec<(&str, i64)> = table
        .rates
        .iter()
        .map(|(currency, rate)| (currency.code(), *rate))
        .collect();
    store::rates::replace(tx, &table.as_of.to_string(), table.base.code(), &rates).await?;
    Ok(())
}
