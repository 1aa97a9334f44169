//! Shipments, their tracking events, and the carrier webhook deliveries already taken.

use crate::store::{Connected, Store, Tx, on_conn, on_pool};

/// A new shipment's row.
pub struct NewShipment<'a> {
    pub tracking_number: &'a str,
    pub order_id: &'a str,
    pub position: i64,
    pub carrier: &'a str,
    pub service: &'a str,
    pub level: &'a str,
    pub terms: &'a str,
    pub origin: &'a str,
    pub destination: &'a str,
    pub status: &'a str,
    pub placed_at: i64,
}

/// A new tracking event's row.
pub struct NewEvent<'a> {
    pub order_id: &'a str,
    pub tracking_number: &'a str,
    pub status: &'a str,
    pub occurred_at: i64,
    pub city: Option<&'a str>,
    pub country: Option<&'a str>,
    pub note: Option<&'a str>,
}

/// A tracking event with its shipment's position in the order.
#[derive(sqlx::FromRow)]
pub struct EventRow {
    pub id: i64,
    pub tracking_number: String,
    pub position: i64,
    pub status: String,
    pub occurred_at: i64,
    pub city: Option<String>,
    pub country: Option<String>,
    pub note: Option<String>,
}

/// A shipment not yet in a final state, with how many events it has.
#[derive(sqlx::FromRow)]
pub struct ActiveShipment {
    pub tracking_number: String,
    pub carrier: String,
    pub level: String,
    pub terms: String,
    pub origin: String,
    pub destination: String,
    pub placed_at: i64,
    pub recorded: i64,
}

/// Writes a new shipment.
pub async fn insert_shipment(tx: &mut Tx, shipment: &NewShipment<'_>) -> Result<(), sqlx::Error> {
    on_conn!(tx, |db| sqlx::query(
        "INSERT INTO shipments (tracking_number, order_id, position, carrier, service, level,
                                terms, origin, destination, status, placed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(shipment.tracking_number)
    .bind(shipment.order_id)
    .bind(shipment.position)
    .bind(shipment.carrier)
    .bind(shipment.service)
    .bind(shipment.level)
    .bind(shipment.terms)
    .bind(shipment.origin)
    .bind(shipment.destination)
    .bind(shipment.status)
    .bind(shipment.placed_at)
    .execute(&mut *db)
    .await
    .map(|done| done.rows_affected()))
    .map(|_| ())
}

/// Writes a tracking event; its id, which orders the events of all orders.
pub async fn insert_event(tx: &mut Tx, event: &NewEvent<'_>) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = on_conn!(tx, |db| {
        sqlx::query_as(
        "INSERT INTO tracking_events (order_id, tracking_number, status, occurred_at, city, country, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(event.order_id)
    .bind(event.tracking_number)
    .bind(event.status)
    .bind(event.occurred_at)
    .bind(event.city)
    .bind(event.country)
    .bind(event.note)
    .fetch_one(&mut *db)
    .await
    })?;
    Ok(id)
}

/// Remembers webhook delivery `delivery_id` of `carrier`; whether it is new (false: a replay).
pub async fn remember_delivery(
    tx: &mut Tx,
    carrier: &str,
    delivery_id: &str,
    received_at: i64,
) -> Result<bool, sqlx::Error> {
    let inserted = on_conn!(tx, |db| sqlx::query(
        "INSERT INTO webhook_deliveries (carrier, delivery_id, received_at) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING",
    )
    .bind(carrier)
    .bind(delivery_id)
    .bind(received_at)
    .execute(&mut *db)
    .await
    .map(|done| done.rows_affected()))?;
    Ok(inserted == 1)
}

/// The (order id, status) of `carrier`'s parcel `tracking_number`, if it carries one.
pub async fn parcel(
    tx: &mut Tx,
    carrier: &str,
    tracking_number: &str,
) -> Result<Option<(String, String)>, sqlx::Error> {
    on_conn!(tx, |db| sqlx::query_as(
        "SELECT order_id, status FROM shipments WHERE tracking_number = $1 AND carrier = $2",
    )
    .bind(tracking_number)
    .bind(carrier)
    .fetch_optional(&mut *db)
    .await)
}

/// Sets the status of parcel `tracking_number`.
pub async fn set_status(
    tx: &mut Tx,
    tracking_number: &str,
    status: &str,
) -> Result<(), sqlx::Error> {
    on_conn!(tx, |db| sqlx::query(
        "UPDATE shipments SET status = $1 WHERE tracking_number = $2"
    )
    .bind(status)
    .bind(tracking_number)
    .execute(&mut *db)
    .await
    .map(|done| done.rows_affected()))
    .map(|_| ())
}

/// Order `order_id`'s events with an id above `after`, oldest first.
pub async fn events_after(
    store: &Store,
    order_id: &str,
    after: i64,
) -> Result<Vec<EventRow>, sqlx::Error> {
    on_pool!(store, |db| {
        sqlx::query_as(
        "SELECT e.id, e.tracking_number, s.position, e.status, e.occurred_at, e.city, e.country, e.note
         FROM tracking_events e JOIN shipments s ON s.tracking_number = e.tracking_number
         WHERE e.order_id = $1 AND e.id > $2
         ORDER BY e.id",
    )
    .bind(order_id)
    .bind(after)
    .fetch_all(db)
    .await
    })
}

/// The status of each of order `order_id`'s shipments, by position.
pub async fn statuses(db: &mut impl Connected, order_id: &str) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(String,)> = on_conn!(db, |db| sqlx::query_as(
        "SELECT status FROM shipments WHERE order_id = $1 ORDER BY position",
    )
    .bind(order_id)
    .fetch_all(&mut *db)
    .await)?;
    Ok(rows.into_iter().map(|(status,)| status).collect())
}

/// The status of shipment `position` of order `order_id`, if the order has one there.
pub async fn status_at(
    tx: &mut Tx,
    order_id: &str,
    position: i64,
) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> = on_conn!(tx, |db| sqlx::query_as(
        "SELECT status FROM shipments WHERE order_id = $1 AND position = $2",
    )
    .bind(order_id)
    .bind(position)
    .fetch_optional(&mut *db)
    .await)?;
    Ok(row.map(|(status,)| status))
}

/// Every shipment not yet delivered, returned or lost.
pub async fn active(store: &Store) -> Result<Vec<ActiveShipment>, sqlx::Error> {
    on_pool!(store, |db| sqlx::query_as(
        "SELECT s.tracking_number, s.carrier, s.level, s.terms, s.origin, s.destination,
                s.placed_at, COUNT(e.id) AS recorded
         FROM shipments s JOIN tracking_events e ON e.tracking_number = s.tracking_number
         WHERE s.status NOT IN ('delivered', 'returned_to_sender', 'lost')
         GROUP BY s.tracking_number",
    )
    .fetch_all(db)
    .await)
}

/// The carrier simulator's turn: while it is held, no other instance's simulator steps, so each
/// parcel is driven by one instance at a time. Let go when dropped, also when the instance
/// holding it dies (its session ends).
pub struct SimulatorTurn(#[expect(dead_code, reason = "held for its lock, never read")] Option<Tx>);

/// The PostgreSQL advisory lock of [`SimulatorTurn`].
const SIMULATOR_LOCK: i64 = 0x5707_3F21;

/// The simulator's turn if no other instance has it (SQLite has one instance: always).
pub async fn simulator_turn(store: &Store) -> Result<Option<SimulatorTurn>, sqlx::Error> {
    if !store.is_shared() {
        return Ok(Some(SimulatorTurn(None)));
    }
    let mut tx = store.begin().await?;
    let (taken,): (bool,) = on_conn!(&mut tx, |db| sqlx::query_as(
        "SELECT pg_try_advisory_xact_lock($1)"
    )
    .bind(SIMULATOR_LOCK)
    .fetch_one(&mut *db)
    .await)?;
    Ok(taken.then_some(SimulatorTurn(Some(tx))))
}
