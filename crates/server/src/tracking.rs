//! Shipments and their tracking: booking them when an order is placed, recording what carriers
//! report (legal transitions only), and reading an order's events for its live stream.

use storefront_domain::date::Timestamp;
use storefront_domain::order::Order;
use storefront_domain::tracking::{
    CarrierUpdate, Location, ShipmentEvent, TrackingEvent, TrackingStatus, transition,
};

use crate::error::AppError;
use crate::store::feeds::{self, Change};
use crate::store::tracking::{NewEvent, NewShipment};
use crate::store::{self, Connected, Store, Tx};
use crate::{secrets, stored};

/// Gives each shipment of a new order its carrier tracking number.
pub fn assign_tracking_numbers(order: &mut Order) {
    for shipment in &mut order.shipments {
        shipment.tracking_number = tracking_number(&shipment.carrier_code);
    }
}

/// Books a new order's shipments with their carriers and records each one's first event,
/// `label_created`, in the order's transaction, telling every instance once it commits.
/// Returns the id of the last event written.
pub async fn book(
    tx: &mut Tx,
    order: &Order,
    origins: &[String],
    now: Timestamp,
) -> Result<i64, AppError> {
    let mut last = 0;
    for (position, shipment) in order.shipments.iter().enumerate() {
        store::tracking::insert_shipment(
            tx,
            &NewShipment {
                tracking_number: &shipment.tracking_number,
                order_id: &order.id,
                position: position as i64,
                carrier: &shipment.carrier_code,
                service: &shipment.service_code,
                level: &stored::key(&shipment.level),
                terms: &stored::key(&shipment.terms),
                origin: origins.get(position).map_or("", String::as_str),
                destination: &order.address.country,
                status: TrackingStatus::LabelCreated.as_str(),
                placed_at: now.0,
            },
        )
        .await?;
        last = insert_event(
            tx,
            &order.id,
            &shipment.tracking_number,
            &TrackingEvent {
                sequence: 0,
                status: TrackingStatus::LabelCreated,
                occurred_at: now,
                location: None,
                note: None,
            },
        )
        .await?;
    }
    feeds::notify(
        tx,
        Change::Events {
            order: &order.id,
            id: last,
        },
    )
    .await?;
    Ok(last)
}

/// A carrier-style tracking number: three letters of the carrier and twelve random digits.
fn tracking_number(carrier: &str) -> String {
    let prefix: String = carrier.chars().take(3).collect::<String>().to_uppercase();
    let mut bytes = [0u8; 12];
    getrandom::fill(&mut bytes).expect("the operating system's random source failed");
    let digits: String = bytes.iter().map(|b| char::from(b'0' + b % 10)).collect();
    format!("{prefix}{digits}")
}

async fn insert_event(
    tx: &mut Tx,
    order_id: &str,
    tracking_number: &str,
    event: &TrackingEvent,
) -> Result<i64, AppError> {
    let location = event.location.as_ref();
    Ok(store::tracking::insert_event(
        tx,
        &NewEvent {
            order_id,
            tracking_number,
            status: event.status.as_str(),
            occurred_at: event.occurred_at.0,
            city: location.map(|l| l.city.as_str()),
            country: location.map(|l| l.country.as_str()),
            note: event.note.as_deref(),
        },
    )
    .await?)
}

/// The webhook signing key of `carrier`: derived from the server's webhook secret, so each
/// carrier has its own.
pub fn carrier_key(store: &Store, carrier: &str) -> Result<Vec<u8>, AppError> {
    let master = secrets::get(store, secrets::CARRIER_WEBHOOKS)?;
    Ok(secrets::sign(master, carrier.as_bytes()).into_bytes())
}

/// Seconds a signed webhook stays acceptable after its timestamp (and before, for clock skew).
pub const WEBHOOK_TOLERANCE_SECONDS: i64 = 300;

/// The signature a carrier sends in `X-Carrier-Signature`: `sha256=` and the hex
/// HMAC-SHA256 of `"{timestamp}.{delivery_id}."` followed by the raw body, under the carrier's
/// key. Binding the timestamp and delivery id into the MAC makes both tamper-proof.
pub fn sign_webhook(key: &[u8], timestamp: i64, delivery_id: &str, body: &[u8]) -> String {
    format!(
        "sha256={}",
        secrets::sign(key, &webhook_message(timestamp, delivery_id, body))
    )
}

/// Whether `signature` is [`sign_webhook`]'s output for these inputs (constant time).
pub fn verify_webhook(
    key: &[u8],
    timestamp: i64,
    delivery_id: &str,
    body: &[u8],
    signature: &str,
) -> bool {
    signature.strip_prefix("sha256=").is_some_and(|hex| {
        secrets::verify(key, &webhook_message(timestamp, delivery_id, body), hex)
    })
}

fn webhook_message(timestamp: i64, delivery_id: &str, body: &[u8]) -> Vec<u8> {
    let mut message = format!("{timestamp}.{delivery_id}.").into_bytes();
    message.extend_from_slice(body);
    message
}

/// Records `update` from `carrier` if it is a legal next step for that parcel, and wakes the
/// order's event streams. `delivery_id` (when given) is remembered in the same transaction, so
/// a replayed delivery is refused and a refused update can be corrected and sent again.
/// Returns the new event's id.
pub async fn record(
    store: &Store,
    events: &crate::live::Live,
    carrier: &str,
    delivery_id: Option<&str>,
    update: &CarrierUpdate,
) -> Result<i64, AppError> {
    let mut tx = store.begin_write().await?;
    if let Some(delivery_id) = delivery_id {
        let fresh =
            store::tracking::remember_delivery(&mut tx, carrier, delivery_id, crate::now().0)
                .await?;
        if !fresh {
            return Err(AppError::Replayed);
        }
    }
    let Some((order_id, status)) =
        store::tracking::parcel(&mut tx, carrier, &update.tracking_number).await?
    else {
        return Err(AppError::invalid(
            "tracking_number",
            "is not a parcel of this carrier",
        ));
    };
    let current = stored::parse::<TrackingStatus>(&status)?;
    transition(current, update.status).map_err(|e| AppError::invalid("status", e.to_string()))?;
    let id = insert_event(
        &mut tx,
        &order_id,
        &update.tracking_number,
        &TrackingEvent {
            sequence: 0,
            status: update.status,
            occurred_at: update.occurred_at,
            location: update.location.clone(),
            note: update.note.clone(),
        },
    )
    .await?;
    store::tracking::set_status(&mut tx, &update.tracking_number, update.status.as_str()).await?;
    let order = &order_id;
    feeds::notify(&mut tx, Change::Events { order, id }).await?;
    tx.commit().await?;
    events.raise(order, id);
    Ok(id)
}

/// The order's events with an id above `after`, oldest first.
pub async fn events_after(
    store: &Store,
    order_id: &str,
    after: i64,
) -> Result<Vec<ShipmentEvent>, AppError> {
    let rows = store::tracking::events_after(store, order_id, after).await?;
    rows.into_iter()
        .map(|row| {
            Ok(ShipmentEvent {
                shipment: u32::try_from(row.position).unwrap_or(0),
                tracking_number: row.tracking_number,
                event: TrackingEvent {
                    sequence: u64::try_from(row.id).unwrap_or(0),
                    status: stored::parse::<TrackingStatus>(&row.status)?,
                    occurred_at: Timestamp(row.occurred_at),
                    location: row
                        .city
                        .zip(row.country)
                        .map(|(city, country)| Location { city, country }),
                    note: row.note,
                },
            })
        })
        .collect()
}

/// The current status of each of the order's shipments, by position.
pub async fn statuses(
    db: &mut impl Connected,
    order_id: &str,
) -> Result<Vec<TrackingStatus>, AppError> {
    store::tracking::statuses(db, order_id)
        .await?
        .iter()
        .map(|status| stored::parse::<TrackingStatus>(status))
        .collect()
}
