//! Server-sent event feeds of one order that resume after a dropped connection: every event's
//! SSE id is its row id, a client reconnecting with `Last-Event-ID` (or `?last_event_id=`,
//! which `EventSource` users can set when they open a new stream) gets exactly the rows after
//! it, then live ones. A new row of the order wakes its feeds ([`Live`]), which then read from
//! the database, so live delivery and resuming are one code path.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;

use super::orders::authorized_order;
use crate::AppState;
use crate::error::AppError;
use crate::live::{Live, Subscription};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::Stream;
use futures::future::BoxFuture;
use serde::{Deserialize, Serialize};

/// Query alternatives to headers, for `EventSource`, which cannot set headers.
#[derive(Deserialize)]
pub struct FeedParams {
    token: Option<String>,
    last_event_id: Option<String>,
}

/// Order `order_id`'s feed, for a client that may read the order (its token as a bearer header
/// or `?token=`), resuming where `Last-Event-ID` or `?last_event_id=` says, woken by the
/// order's new rows in `live`.
pub async fn order_feed(
    state: AppState,
    order_id: String,
    headers: &HeaderMap,
    params: FeedParams,
    live: &Arc<Live>,
    fetch: Fetch,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>> + use<>>, AppError> {
    let token = params.token.unwrap_or_default();
    authorized_order(&state, &order_id, headers, Some(&token)).await?;
    let last = resume_after(headers, params.last_event_id)?;
    // Before the first read, so that a row committed meanwhile still wakes the feed.
    let wake = live.subscribe(&order_id);
    Ok(resumable(state, order_id, last, wake, fetch))
}

/// `rows` as events named `name` with JSON data, each with its row id (from `id`) as the SSE id.
pub fn events<T: Serialize>(
    rows: Vec<T>,
    name: &'static str,
    id: fn(&T) -> u64,
) -> Vec<(i64, Event)> {
    rows.into_iter()
        .filter_map(|row| {
            let id = i64::try_from(id(&row)).ok()?;
            let event = Event::default()
                .id(id.to_string())
                .event(name)
                .json_data(&row)
                .ok()?;
            Some((id, event))
        })
        .collect()
}

/// Reads a feed's events after a row id, oldest first, each with its row id.
pub type Fetch =
    fn(AppState, String, i64) -> BoxFuture<'static, Result<Vec<(i64, Event)>, AppError>>;

/// Where the client resumes: the `Last-Event-ID` header, else the query's `last_event_id`, else
/// the start.
fn resume_after(headers: &HeaderMap, query: Option<String>) -> Result<i64, AppError> {
    headers
        .get("last-event-id")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
        .or(query)
        .map(|text| {
            text.trim()
                .parse::<i64>()
                .map_err(|_| AppError::invalid("Last-Event-ID", "must be an event id"))
        })
        .transpose()
        .map(Option::unwrap_or_default)
}

/// The feed of `order_id` after row `last`, woken by `wake`, the order's subscription.
fn resumable(
    state: AppState,
    order_id: String,
    last: i64,
    wake: Subscription,
    fetch: Fetch,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let feed = Feed {
        wake,
        state,
        order_id,
        last,
        fetch,
        pending: VecDeque::new(),
    };
    let stream = futures::stream::unfold(feed, |mut feed| async move {
        let event = feed.next().await?;
        Some((Ok(event), feed))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// The state of one client's feed.
struct Feed {
    state: AppState,
    order_id: String,
    last: i64,
    wake: Subscription,
    fetch: Fetch,
    pending: VecDeque<Event>,
}

impl Feed {
    /// The next event to send, waiting for one if needed; `None` ends the stream (the server
    /// is shutting down or the database failed: the client reconnects and resumes).
    async fn next(&mut self) -> Option<Event> {
        loop {
            if let Some(event) = self.pending.pop_front() {
                return Some(event);
            }
            self.wake.seen();
            let fresh = (self.fetch)(self.state.clone(), self.order_id.clone(), self.last)
                .await
                .ok()?;
            if let Some((newest, _)) = fresh.last() {
                self.last = *newest;
                self.pending
                    .extend(fresh.into_iter().map(|(_, event)| event));
                continue;
            }
            self.wake.changed().await.ok()?;
        }
    }
}
