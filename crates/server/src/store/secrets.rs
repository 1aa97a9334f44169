//! The server's secrets: random keys made once, on the first start, and kept.

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

/// Every secret as (name, value).
pub async fn all(store: &Store) -> Result<Vec<(String, Vec<u8>)>, sqlx::Error> {
    on_pool!(store, |db| sqlx::query_as(
        "SELECT name, value FROM secrets"
    )
    .fetch_all(db)
    .await)
}
