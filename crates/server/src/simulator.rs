//! The built-in carrier simulator: walks every active shipment through a realistic journey and
//! reports each step to the carrier webhook exactly as a real carrier would, signed, through the
//! same route. Time is compressed by `speed`, so a demo order arrives in about two minutes.
//!
//! Every instance may run it: one at a time takes a turn ([`store::tracking::simulator_turn`]),
//! so each step is posted once, and when that instance dies another takes over at its next
//! tick. A step posted twice anyway is refused as a replay by the webhook.

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use storefront_domain::carrier::ServiceLevel;
use storefront_domain::date::Timestamp;
use storefront_domain::landed_cost::DutyTerms;
use storefront_domain::rng::Rng;
use storefront_domain::tracking::{CarrierUpdate, scenario};
use tower::ServiceExt;

use crate::error::AppError;
use crate::store::{self, Store};
use crate::{stored, tracking};

/// How the simulator runs.
#[derive(Clone, Copy, Debug)]
pub struct Simulation {
    /// Simulated seconds per real second.
    pub speed: u32,
    /// How often it looks for steps that are due.
    pub tick: Duration,
}

impl Default for Simulation {
    /// Standard delivery (up to 7 days) in about two minutes.
    fn default() -> Self {
        Self {
            speed: 5_000,
            tick: Duration::from_millis(500),
        }
    }
}

/// Runs the simulator until the process ends, posting due steps through `app`.
pub fn spawn(app: Router, store: Store, simulation: Simulation) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(simulation.tick);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            if let Err(error) = step(&app, &store, simulation.speed).await {
                tracing::warn!(%error, "carrier simulator step failed");
            }
        }
    })
}

/// Posts, for every shipment not yet in a final state, the next step of its journey if due.
async fn step(app: &Router, store: &Store, speed: u32) -> Result<(), AppError> {
    // Another instance is stepping: this one waits for the next tick.
    let Some(_turn) = store::tracking::simulator_turn(store).await? else {
        return Ok(());
    };
    let active = store::tracking::active(store).await?;
    let now = crate::now().0;
    for shipment in active {
        let (Some(level), Some(terms)) = (
            stored::parse::<ServiceLevel>(&shipment.level).ok(),
            stored::parse::<DutyTerms>(&shipment.terms).ok(),
        ) else {
            continue;
        };
        // The same tracking number always takes the same journey, across restarts too.
        let mut rng = Rng::new(fnv1a(&shipment.tracking_number));
        let journey = scenario(
            level,
            terms,
            &shipment.origin,
            &shipment.destination,
            &mut rng,
        );
        // The first step, label_created, was recorded when the order was placed.
        let Some(next) = usize::try_from(shipment.recorded)
            .ok()
            .and_then(|recorded| journey.get(recorded))
        else {
            continue;
        };
        let due_at =
            shipment.placed_at + i64::from(next.after_minutes) * 60 / i64::from(speed.max(1));
        if due_at > now {
            continue;
        }
        let update = CarrierUpdate {
            tracking_number: shipment.tracking_number.clone(),
            status: next.status,
            occurred_at: Timestamp(due_at),
            location: next.location.clone(),
            note: None,
        };
        let delivery = format!("sim-{}-{}", shipment.tracking_number, shipment.recorded);
        post(app, store, &shipment.carrier, &delivery, &update).await?;
    }
    Ok(())
}

async fn post(
    app: &Router,
    store: &Store,
    carrier: &str,
    delivery: &str,
    update: &CarrierUpdate,
) -> Result<(), AppError> {
    let body = serde_json::to_vec(update).map_err(|e| AppError::Corrupt(e.to_string()))?;
    let key = tracking::carrier_key(store, carrier)?;
    let timestamp = crate::now().0;
    let request = Request::post(format!("/api/webhooks/carriers/{carrier}"))
        .header(header::CONTENT_TYPE, "application/json")
        .header("X-Carrier-Timestamp", timestamp.to_string())
        .header("X-Carrier-Delivery", delivery)
        .header(
            "X-Carrier-Signature",
            tracking::sign_webhook(&key, timestamp, delivery, &body),
        )
        .body(Body::from(body))
        .map_err(|e| AppError::Corrupt(e.to_string()))?;
    let Ok(response) = app.clone().oneshot(request).await;
    // A replay means an earlier tick already delivered this step; anything else is logged.
    if !matches!(
        response.status(),
        StatusCode::ACCEPTED | StatusCode::CONFLICT
    ) {
        tracing::warn!(status = %response.status(), delivery, "webhook refused a simulated update");
    }
    Ok(())
}

/// FNV-1a: a stable 64-bit hash of the tracking number, to seed its journey.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}
