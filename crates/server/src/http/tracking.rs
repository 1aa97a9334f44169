//! Tracking over HTTP: carriers report parcel events to a signed webhook, and buyers follow
//! their order through server-sent events that resume after a dropped connection.

use std::collections::VecDeque;
use std::convert::Infallible;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::{get, post};
use futures::Stream;
use serde::Deserialize;
use storefront_domain::carrier::CARRIERS;
use storefront_domain::tracking::{CarrierUpdate, ShipmentEvent};

use super::Query;
use super::orders::authorized_order;
use crate::AppState;
use crate::error::AppError;
use crate::tracking::{self, WEBHOOK_TOLERANCE_SECONDS};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/orders/{id}/events", get(events))
        .route("/webhooks/carriers/{code}", post(carrier_webhook))
}

/// Longest accepted `X-Carrier-Delivery` id.
const MAX_DELIVERY_ID: usize = 100;

/// `POST /api/webhooks/carriers/{code}`: one parcel event, signed by the carrier (see
/// [`tracking::sign_webhook`]) with `X-Carrier-Timestamp` (Unix seconds), `X-Carrier-Delivery`
/// (unique per delivery) and `X-Carrier-Signature`. Unsigned, badly signed, stale (more than
/// five minutes off) or replayed deliveries are refused; so is a status the parcel cannot reach
/// from where it is.
async fn carrier_webhook(
    State(state): State<AppState>,
    Path(code): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, AppError> {
    if !CARRIERS.iter().any(|carrier| carrier.code == code) {
        return Err(AppError::NotFound);
    }
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    let timestamp = header("x-carrier-timestamp")
        .and_then(|value| value.parse::<i64>().ok())
        .ok_or(AppError::Unauthorized(
            "X-Carrier-Timestamp missing or not Unix seconds",
        ))?;
    let delivery = header("x-carrier-delivery")
        .filter(|id| !id.is_empty() && id.len() <= MAX_DELIVERY_ID)
        .ok_or(AppError::Unauthorized(
            "X-Carrier-Delivery missing or longer than 100",
        ))?;
    let signature = header("x-carrier-signature")
        .ok_or(AppError::Unauthorized("X-Carrier-Signature missing"))?;
    let key = tracking::carrier_key(&state.db, &code).await?;
    if !tracking::verify_webhook(&key, timestamp, delivery, &body, signature) {
        return Err(AppError::Unauthorized("signature does not match"));
    }
    if (crate::now().0 - timestamp).abs() > WEBHOOK_TOLERANCE_SECONDS {
        return Err(AppError::Unauthorized(
            "timestamp more than five minutes off",
        ));
    }
    let update: CarrierUpdate = serde_json::from_slice(&body)
        .map_err(|e| AppError::invalid("body", format!("is not a carrier update: {e}")))?;
    tracking::record(&state.db, &state.events, &code, Some(delivery), &update).await?;
    Ok(StatusCode::ACCEPTED)
}

/// Query alternatives to headers, for `EventSource`, which cannot set headers.
#[derive(Deserialize)]
struct EventsParams {
    token: Option<String>,
    last_event_id: Option<String>,
}

/// `GET /api/orders/{id}/events`: the order's tracking events as server-sent events, each with
/// its id; a client reconnecting with `Last-Event-ID` (or `?last_event_id=`) gets exactly the
/// events after it, then live ones. The token comes as a bearer header or `?token=`.
async fn events(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(params): Query<EventsParams>,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    let token = params.token.unwrap_or_default();
    authorized_order(&state, &id, &headers, Some(&token)).await?;
    let last = headers
        .get("last-event-id")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
        .or(params.last_event_id)
        .map(|text| {
            text.trim()
                .parse::<i64>()
                .map_err(|_| AppError::invalid("Last-Event-ID", "must be an event id"))
        })
        .transpose()?
        .unwrap_or(0);

    // Subscribe before the first read, so an event committed in between still wakes us.
    let wake = state.events.subscribe();
    let start = EventStream::new(state, id, last, wake);
    let stream = futures::stream::unfold(start, |mut stream| async move {
        let event = stream.next().await?;
        Some((Ok(event), stream))
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

/// The state of one event stream.
struct EventStream {
    state: AppState,
    order_id: String,
    last: i64,
    wake: tokio::sync::watch::Receiver<i64>,
    pending: VecDeque<ShipmentEvent>,
}

impl EventStream {
    fn new(
        state: AppState,
        order_id: String,
        last: i64,
        wake: tokio::sync::watch::Receiver<i64>,
    ) -> Self {
        Self {
            state,
            order_id,
            last,
            wake,
            pending: VecDeque::new(),
        }
    }

    /// The next event to send, waiting for one if needed; `None` ends the stream (the server
    /// is shutting down or the database failed: the client reconnects and resumes).
    async fn next(&mut self) -> Option<Event> {
        loop {
            if let Some(event) = self.pending.pop_front() {
                let id = event.event.sequence;
                return Event::default()
                    .id(id.to_string())
                    .event("tracking")
                    .json_data(&event)
                    .ok();
            }
            self.wake.borrow_and_update();
            let fresh = tracking::events_after(&self.state.db, &self.order_id, self.last)
                .await
                .ok()?;
            if let Some(newest) = fresh.last() {
                self.last = i64::try_from(newest.event.sequence).unwrap_or(i64::MAX);
                self.pending.extend(fresh);
                continue;
            }
            self.wake.changed().await.ok()?;
        }
    }
}
