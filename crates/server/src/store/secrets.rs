//! The server's secrets: random keys made once, on the first start, and kept.

use crate::error::AppError;
use crate::store::{Store, on_pool};

/// Creates each named secret that does not exist yet, from the operating system's CSPRNG.
/// Servers starting together agree on one value: the first insert wins, the others keep it.
pub async fn ensure(store: &Store, names: &[&str]) -> Result<(), sqlx::Error> {
    for name in names {
        let mut value = [0u8; 32];
        getrandom::fill(&mut value).expect("the operating system's random source failed");
        on_pool!(store, |db| sqlx::query(
            "INSERT INTO secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(&value[..])
        .execute(db)
        .await
        .map(|done| done.rows_affected()))?;
    }
    Ok(())
}

/// The secret called `name`.
pub async fn get(store: &Store, name: &str) -> Result<Vec<u8>, AppError> {
    let row: Option<(Vec<u8>,)> = on_pool!(store, |db| sqlx::query_as(
        "SELECT value FROM secrets WHERE name = $1",
    )
    .bind(name)
    .fetch_optional(db)
    .await)?;
    row.map(|(value,)| value)
        .ok_or_else(|| AppError::Corrupt(format!("secret {name} missing")))
}
