//! Published exchange-rate sets.

use crate::store::{Connected, Tx, on_conn};

/// The newest published set as (as_of, base, currency, rate in millionths), by currency.
pub async fn newest(
    db: &mut impl Connected,
) -> Result<Vec<(String, String, String, i64)>, sqlx::Error> {
    on_conn!(db, |db| sqlx::query_as(
        "SELECT as_of, base, currency, rate_micros FROM exchange_rates
         WHERE as_of = (SELECT MAX(as_of) FROM exchange_rates)
         ORDER BY currency",
    )
    .fetch_all(&mut *db)
    .await)
}

/// Stores the set of `as_of` (a date, YYYY-MM-DD) in `base`, replacing a set published for
/// the same day.
pub async fn replace(
    tx: &mut Tx,
    as_of: &str,
    base: &str,
    rates: &[(&str, i64)],
) -> Result<(), sqlx::Error> {
    on_conn!(tx, |db| {
        sqlx::query("DELETE FROM exchange_rates WHERE as_of = $1")
            .bind(as_of)
            .execute(&mut *db)
            .await?;
        for (currency, rate) in rates {
            sqlx::query(
                "INSERT INTO exchange_rates (as_of, base, currency, rate_micros)
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(as_of)
            .bind(base)
            .bind(currency)
            .bind(rate)
            .execute(&mut *db)
            .await?;
        }
        Ok(())
    })
}
