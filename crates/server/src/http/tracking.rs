//! Tracking over HTTP: carriers report parcel events to a signed webhook, and buyers follow
//! their order through server-sent events that resume after a dropped connection.

use std::convert::Infallible;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, Sse};
use axum::routing::{get, post};
use futures::Stream;
use storefront_domain::Problem;
use storefront_domain::carrier::CARRIERS;
use storefront_domain::tracking::CarrierUpdate;

use super::{Query, sse};
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
#[utoipa::path(
    post,
    path = "/api/webhooks/carriers/{code}",
    tag = "webhooks",
    operation_id = "receive_carrier_webhook",
    summary = "A carrier reports one parcel event, HMAC-SHA256 signed",
    description = "`X-Carrier-Signature` is `sha256=` and the lowercase hex HMAC-SHA256, under \
        the carrier's webhook key, of `\"{X-Carrier-Timestamp}.{X-Carrier-Delivery}.\"` followed \
        by the raw request body, so the timestamp and delivery id cannot be altered either. \
        Unsigned, badly signed or stale deliveries (timestamp more than 300 s from the server's \
        clock) are refused with 401, a delivery id already received with 409, and an event the \
        parcel cannot reach from its current status with 400. Not rate limited.",
    params(
        ("code" = String, Path, description = "The carrier's code, such as `heron`."),
        ("X-Carrier-Timestamp" = i64, Header,
            description = "When the carrier signed the delivery, in Unix seconds; refused when \
                more than 300 s away from the server's clock."),
        ("X-Carrier-Delivery" = String, Header, min_length = 1, max_length = 100,
            description = "The delivery's unique id; a second delivery with the same id is \
                refused as a replay."),
        ("X-Carrier-Signature" = String, Header, pattern = "^sha256=[0-9a-f]{64}$",
            description = "`sha256=` and the hex HMAC-SHA256 of \
                `{timestamp}.{delivery id}.{raw body}` under the carrier's webhook key."),
    ),
    request_body(content = CarrierUpdate, content_type = "application/json",
        description = "The event; its exact bytes are what the signature covers."),
    responses(
        (status = 202, description = "The event was recorded and sent to the order's event \
            streams."),
        (status = 400, description = "The body is not a carrier update, the tracking number is \
            not a parcel of this carrier, or the status cannot follow the parcel's current one.",
            body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "A signature header is missing or malformed, the \
            signature does not match, or the timestamp is stale; `detail` says which.",
            body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No carrier has this code.", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "This `X-Carrier-Delivery` id was already received \
            (`/problems/replayed`).", body = Problem,
            content_type = "application/problem+json"),
    )
)]
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
    let key = tracking::carrier_key(&state.store, &code)?;
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
    tracking::record(&state.store, &state.events, &code, Some(delivery), &update).await?;
    Ok(StatusCode::ACCEPTED)
}

/// `GET /api/orders/{id}/events`: the order's tracking events as server-sent events, each with
/// its id; a client reconnecting with `Last-Event-ID` (or `?last_event_id=`) gets exactly the
/// events after it, then live ones. The token comes as a bearer header or `?token=`.
#[utoipa::path(
    get,
    path = "/api/orders/{id}/events",
    tag = "tracking",
    operation_id = "stream_order_events",
    summary = "The order's tracking events as server-sent events, resumable",
    description = "Each event has `event: tracking`, `id:` its sequence number and `data:` a \
        `ShipmentEvent` as JSON (see `#/components/schemas/ShipmentEvent`). The stream first \
        sends every event after `Last-Event-ID` (all of them without it), then live ones as \
        carriers report them, with keep-alive comments in between; it does not time out. \
        `EventSource`, which cannot set headers, passes the token as `?token=` and may resume \
        with `?last_event_id=`.",
    params(
        ("id" = String, Path, description = "The order's id."),
        ("Last-Event-ID" = Option<i64>, Header, nullable = false,
            description = "Resume after this event id (sent by `EventSource` on reconnecting)."),
        ("last_event_id" = Option<i64>, Query,
            description = "Resume after this event id, when the header cannot be set; the \
                header wins."),
    ),
    security(("order_token" = []), ("order_token_query" = [])),
    responses(
        (status = 200, description = "A stream of `tracking` events, each a `ShipmentEvent` as \
            JSON, with its sequence number as the event id.", content_type = "text/event-stream",
            body = String,
            example = json!(
                "id: 7\nevent: tracking\ndata: {\"shipment\":0,\
                 \"tracking_number\":\"HER048213977315\",\"sequence\":7,\
                 \"status\":\"in_transit\",\"occurred_at\":1764072000,\
                 \"location\":{\"city\":\"Leipzig\",\"country\":\"DE\"}}\n\n"
            )),
        (status = 400, description = "`Last-Event-ID` is not an event id, or the query string \
            is malformed.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such order, or the token is missing or wrong.",
            body = Problem, content_type = "application/problem+json"),
    )
)]
async fn events(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(params): Query<sse::FeedParams>,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    let live = state.events.clone();
    sse::order_feed(state, id, &headers, params, &live, |state, order, last| {
        Box::pin(async move {
            let events = tracking::events_after(&state.store, &order, last).await?;
            Ok(sse::events(events, "tracking", |event| {
                event.event.sequence
            }))
        })
    })
    .await
}
