//! Messages on an order: the buyer writes to a shipment's seller or carrier
//! (`/api/orders/{id}/messages`, order token), sellers answer through their own API
//! (`/api/seller/orders/{id}/messages`, header `X-Seller-Key`), and every conversation shows each
//! party's typical response time, computed from real timestamps.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, Sse};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures::Stream;
use storefront_domain::Problem;
use storefront_domain::date::Timestamp;
use storefront_domain::message::{
    Author, Conversation, MAX_MESSAGE_CHARS, Message, NewMessage, Party, ResponseTime,
    last_reply_delay, median,
};
use storefront_domain::order::Order;
use storefront_domain::text::{self, Lines};

use super::orders::authorized_order;
use super::{JsonBody, Query, sse};
use crate::error::AppError;
use crate::store::feeds::{self, Change};
use crate::{AppState, secrets, store, stored};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/orders/{id}/messages", get(conversation).post(write))
        .route("/orders/{id}/messages/events", get(stream))
        .route("/seller/orders/{id}/messages", post(seller_reply))
}

/// The order's messages, and how fast each of its sellers and carriers usually answers.
#[utoipa::path(
    get,
    path = "/api/orders/{id}/messages",
    tag = "messages",
    operation_id = "get_conversation",
    params(("id" = String, Path, description = "The order's id.")),
    security(("order_token" = [])),
    responses(
        (status = 200, description = "Every message of the order, oldest first, and the \
            parties' typical response times.", body = Conversation),
        (status = 404, description = "No such order, or the token is missing or wrong.",
            body = Problem, content_type = "application/problem+json"),
    )
)]
async fn conversation(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Conversation>, AppError> {
    let order = authorized_order(&state, &id, &headers, None).await?;
    Ok(Json(load(&state, &order).await?))
}

/// The order's messages as server-sent events, so replies appear without a reload.
#[utoipa::path(
    get,
    path = "/api/orders/{id}/messages/events",
    tag = "messages",
    operation_id = "stream_messages",
    summary = "The order's messages as server-sent events, resumable",
    description = "Each event has `event: message`, `id:` the message's id and `data:` a \
        `Message` as JSON. The stream first sends every message after `Last-Event-ID` (all of \
        them without it), then new ones as they are written, with keep-alive comments in \
        between. `EventSource`, which cannot set headers, passes the token as `?token=` and may \
        resume with `?last_event_id=`.",
    params(
        ("id" = String, Path, description = "The order's id."),
        ("Last-Event-ID" = Option<i64>, Header, nullable = false,
            description = "Resume after this message id (sent by `EventSource` on reconnecting)."),
        ("last_event_id" = Option<i64>, Query,
            description = "Resume after this message id, when the header cannot be set; the \
                header wins."),
    ),
    security(("order_token" = []), ("order_token_query" = [])),
    responses(
        (status = 200, description = "A stream of `message` events, each a `Message` as JSON, \
            with its id as the event id.", content_type = "text/event-stream", body = String),
        (status = 400, description = "`Last-Event-ID` is not a message id, or the query string \
            is malformed.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such order, or the token is missing or wrong.",
            body = Problem, content_type = "application/problem+json"),
    )
)]
async fn stream(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(params): Query<sse::FeedParams>,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, std::convert::Infallible>>>, AppError> {
    let live = state.messages.clone();
    sse::order_feed(state, id, &headers, params, &live, |state, order, last| {
        Box::pin(async move {
            let messages = messages_after(&state, &order, last).await?;
            Ok(sse::events(messages, "message", |message| message.id))
        })
    })
    .await
}

/// The buyer writes to the seller or carrier of one of the order's shipments.
#[utoipa::path(
    post,
    path = "/api/orders/{id}/messages",
    tag = "messages",
    operation_id = "write_message",
    params(("id" = String, Path, description = "The order's id.")),
    request_body(content = NewMessage, content_type = "application/json",
        description = "`party` is required; `party_id` may be left out when the order has one \
            shipment."),
    security(("order_token" = [])),
    responses(
        (status = 201, description = "The message as stored.", body = Message),
        (status = 400, description = "Invalid fields (`party`, `party_id`, a `body` of 1 to \
            2,000 characters) or a malformed JSON body.", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "No such order, or the token is missing or wrong.",
            body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not declared as `application/json`.",
            body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The JSON body does not have the shape of a message.",
            body = Problem, content_type = "application/problem+json"),
    )
)]
async fn write(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    JsonBody(message): JsonBody<NewMessage>,
) -> Result<(StatusCode, Json<Message>), AppError> {
    let order = authorized_order(&state, &id, &headers, None).await?;
    let party = message
        .party
        .ok_or_else(|| AppError::invalid("party", "must be seller or carrier"))?;
    let candidates: Vec<&str> = order
        .shipments
        .iter()
        .map(|s| match party {
            Party::Seller => s.seller.as_str(),
            Party::Carrier => s.carrier_code.as_str(),
        })
        .collect();
    let party_id = match (&message.party_id, candidates.as_slice()) {
        (Some(id), _) if candidates.contains(&id.as_str()) => id.clone(),
        (None, [only]) => (*only).to_owned(),
        _ => {
            return Err(AppError::invalid(
                "party_id",
                "must name a seller or carrier of this order",
            ));
        }
    };
    let saved = save(
        &state,
        &order.id,
        party,
        &party_id,
        Author::Buyer,
        &message.body,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(saved)))
}

/// A seller answers the buyer in its thread of the order. A key that does not belong to a
/// seller of the order gets the same 404 as an unknown order.
#[utoipa::path(
    post,
    path = "/api/seller/orders/{id}/messages",
    tag = "messages",
    operation_id = "seller_reply",
    params(("id" = String, Path, description = "The order's id.")),
    request_body(content = NewMessage, content_type = "application/json",
        description = "Only `body` counts: the reply goes to the seller's own thread."),
    security(("seller_key" = [])),
    responses(
        (status = 201, description = "The reply as stored.", body = Message),
        (status = 400, description = "A `body` that is not 1 to 2,000 characters, or a \
            malformed JSON body.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such order, or the key is not one of its sellers'.",
            body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not declared as `application/json`.",
            body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The JSON body does not have the shape of a message.",
            body = Problem, content_type = "application/problem+json"),
    )
)]
async fn seller_reply(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    JsonBody(message): JsonBody<NewMessage>,
) -> Result<(StatusCode, Json<Message>), AppError> {
    let presented = headers
        .get("x-seller-key")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let body = store::orders::body(&mut state.store.acquire().await?, &id).await?;
    let order: Order = match body {
        Some(body) => serde_json::from_str(&body)
            .map_err(|e| AppError::Corrupt(format!("stored order: {e}")))?,
        None => return Err(AppError::NotFound),
    };
    let key = secrets::get(&state.store, secrets::SELLER_KEYS)?;
    let seller = order
        .shipments
        .iter()
        .map(|s| s.seller.as_str())
        .find(|slug| secrets::is_seller_key(key, slug, presented))
        .ok_or(AppError::NotFound)?
        .to_owned();
    let saved = save(
        &state,
        &order.id,
        Party::Seller,
        &seller,
        Author::Seller,
        &message.body,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(saved)))
}

async fn save(
    state: &AppState,
    order_id: &str,
    party: Party,
    party_id: &str,
    author: Author,
    body: &str,
) -> Result<Message, AppError> {
    let body = body.trim();
    if body.is_empty() || body.chars().count() > MAX_MESSAGE_CHARS {
        return Err(AppError::invalid("body", "must be 1 to 2,000 characters"));
    }
    if !text::is_clean(body, Lines::Many) {
        return Err(AppError::invalid(
            "body",
            "must not contain control or direction-changing characters",
        ));
    }
    let sent_at = crate::now();
    let (party_key, author_key) = (stored::key(&party), stored::key(&author));
    let mut tx = state.store.begin_write().await?;
    let id = store::messages::insert(
        &mut tx,
        &store::messages::NewMessage {
            order_id,
            party: &party_key,
            party_id,
            author: &author_key,
            body,
            sent_at: sent_at.0,
        },
    )
    .await?;
    if author != Author::Buyer {
        // Kept with the reply, so response times never read other orders' messages.
        let thread = store::messages::thread(&mut tx, order_id, &party_key, party_id)
            .await?
            .iter()
            .map(|(author, at)| Ok((stored::parse(author)?, Timestamp(*at))))
            .collect::<Result<Vec<(Author, Timestamp)>, AppError>>()?;
        if let Some(seconds) = last_reply_delay(&thread) {
            store::messages::insert_reply_delay(&mut tx, &party_key, party_id, seconds).await?;
        }
    }
    feeds::notify(
        &mut tx,
        Change::Messages {
            order: order_id,
            id,
        },
    )
    .await?;
    tx.commit().await?;
    state.messages.raise(order_id, id);
    Ok(Message {
        id: u64::try_from(id).unwrap_or(0),
        party,
        party_id: party_id.to_owned(),
        author,
        body: body.to_owned(),
        sent_at,
    })
}

/// The order's messages after id `after`, oldest first.
async fn messages_after(
    state: &AppState,
    order_id: &str,
    after: i64,
) -> Result<Vec<Message>, AppError> {
    let rows = store::messages::after(&state.store, order_id, after).await?;
    rows.into_iter()
        .map(|row| {
            Ok(Message {
                id: u64::try_from(row.id).unwrap_or(0),
                party: stored::parse(&row.party)?,
                party_id: row.party_id,
                author: stored::parse(&row.author)?,
                body: row.body,
                sent_at: Timestamp(row.sent_at),
            })
        })
        .collect()
}

/// The replies a response time is the median of: the party's most recent. How responsive a
/// seller is now, and reading an order's messages costs the same after a million replies.
pub const RESPONSE_TIME_REPLIES: i64 = 200;

/// The order's messages and the response times of every seller and carrier it involves.
async fn load(state: &AppState, order: &Order) -> Result<Conversation, AppError> {
    let messages = messages_after(state, &order.id, 0).await?;

    let mut parties: Vec<(Party, String)> = Vec::new();
    for shipment in &order.shipments {
        for party in [
            (Party::Seller, shipment.seller.clone()),
            (Party::Carrier, shipment.carrier_code.clone()),
        ] {
            if !parties.contains(&party) {
                parties.push(party);
            }
        }
    }
    let mut response_times = Vec::with_capacity(parties.len());
    for (party, party_id) in parties {
        let mut delays = store::messages::reply_delays(
            &state.store,
            &stored::key(&party),
            &party_id,
            RESPONSE_TIME_REPLIES,
        )
        .await?;
        response_times.push(ResponseTime {
            party,
            party_id,
            replies: u32::try_from(delays.len()).unwrap_or(u32::MAX),
            median_seconds: median(&mut delays),
        });
    }
    Ok(Conversation {
        messages,
        response_times,
    })
}
