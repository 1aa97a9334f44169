//! Following an order live: its tracking events and its messages arrive through `EventSource`
//! without a reload.
//!
//! Every item of a feed carries its id (a tracking event's order-wide sequence number, a
//! message's id) as its SSE id. The browser resumes a dropped stream by itself with
//! `Last-Event-ID`; when it gives up (the server answered with an error, say while restarting) a
//! new stream is opened after a pause with `?last_event_id=` set to the newest item the stream
//! delivered. Items are kept in id order and one already held is ignored, so each shows exactly
//! once and in order.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use serde::de::DeserializeOwned;
use storefront_domain::message::Message;
use storefront_domain::tracking::ShipmentEvent;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// The state of the event stream, for the status line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connection {
    /// Opening the stream.
    Connecting,
    /// Events arrive as they happen.
    Live,
    /// The stream dropped; trying again.
    Reconnecting,
    /// The browser is offline; the stream resumes when it is back.
    Offline,
}

/// An item of a feed, identified by its SSE id.
pub trait Item: DeserializeOwned + Clone + Send + Sync + 'static {
    /// The `event:` name the server sends these under.
    const EVENT: &'static str;
    /// The item's id, increasing along the feed.
    fn id(&self) -> u64;
}

impl Item for ShipmentEvent {
    const EVENT: &'static str = "tracking";
    fn id(&self) -> u64 {
        self.event.sequence
    }
}

impl Item for Message {
    const EVENT: &'static str = "message";
    fn id(&self) -> u64 {
        self.id
    }
}

/// The items received so far, in id order, and how the stream is doing.
pub struct Live<T: Item> {
    /// Every item once, in id order.
    pub items: RwSignal<Vec<T>>,
    /// The stream's state.
    pub connection: RwSignal<Connection>,
}

impl<T: Item> Clone for Live<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Item> Copy for Live<T> {}

impl<T: Item> Live<T> {
    /// Adds `item` in id order unless it is held already (an item the app received otherwise,
    /// such as the answer to sending a message, may also arrive on the stream).
    pub fn insert(&self, item: T) {
        let at = self
            .items
            .with_untracked(|items| items.binary_search_by_key(&item.id(), Item::id));
        if let Err(at) = at {
            self.items.update(|items| items.insert(at, item));
        }
    }
}

/// Longest pause before opening a new stream after the browser gave up on one.
const MAX_RETRY_MS: u64 = 15_000;

/// Follows the feed at `path` (under `/api/orders/{id}/`) of order `id` with its access
/// `token`, for as long as the calling owner lives.
pub fn follow<T: Item>(id: &str, path: &str, token: &str) -> Live<T> {
    let live = Live {
        items: RwSignal::new(Vec::new()),
        connection: RwSignal::new(Connection::Connecting),
    };
    let stream = Stream::new(id, path, token, live);
    stream.open();
    let online = {
        let stream = Rc::clone(&stream);
        Closure::<dyn Fn()>::new(move || stream.back_online())
    };
    let offline = Closure::<dyn Fn()>::new(move || live.connection.set(Connection::Offline));
    let window = window();
    let _ = window.add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
    let _ = window.add_event_listener_with_callback("offline", offline.as_ref().unchecked_ref());
    if !window.navigator().on_line() {
        live.connection.set(Connection::Offline);
    }
    let cleanup = send_wrapper::SendWrapper::new((stream, online, offline));
    on_cleanup(move || {
        let (stream, online, offline) = cleanup.take();
        let window = leptos::prelude::window();
        let _ =
            window.remove_event_listener_with_callback("online", online.as_ref().unchecked_ref());
        let _ =
            window.remove_event_listener_with_callback("offline", offline.as_ref().unchecked_ref());
        stream.close();
    });
    live
}

/// A handler of the stream's events.
type Handler = Closure<dyn Fn(web_sys::Event)>;

/// One order's stream, reopened as needed.
struct Stream<T: Item> {
    url: String,
    live: Live<T>,
    /// The newest id the stream delivered.
    last: RefCell<u64>,
    source: RefCell<Option<web_sys::EventSource>>,
    retry_ms: RefCell<u64>,
    /// The handlers, kept alive as long as the stream.
    handlers: RefCell<Vec<Handler>>,
}

impl<T: Item> Stream<T> {
    fn new(id: &str, path: &str, token: &str, live: Live<T>) -> Rc<Self> {
        let encode = crate::api::encode_component;
        Rc::new(Self {
            url: format!("/api/orders/{}/{path}?token={}", encode(id), encode(token)),
            live,
            last: RefCell::new(0),
            source: RefCell::new(None),
            retry_ms: RefCell::new(1_000),
            handlers: RefCell::new(Vec::new()),
        })
    }

    fn is_closed(&self) -> bool {
        self.source
            .borrow()
            .as_ref()
            .is_none_or(|source| source.ready_state() == web_sys::EventSource::CLOSED)
    }

    fn close(&self) {
        if let Some(source) = self.source.borrow_mut().take() {
            source.close();
        }
        self.handlers.borrow_mut().clear();
    }

    /// Opens a stream that resumes after the newest event held.
    fn open(self: &Rc<Self>) {
        self.close();
        let last = *self.last.borrow();
        let url = if last == 0 {
            self.url.clone()
        } else {
            format!("{}&last_event_id={last}", self.url)
        };
        let Ok(source) = web_sys::EventSource::new(&url) else {
            self.live.connection.set(Connection::Reconnecting);
            return;
        };
        let on_open = {
            let stream = Rc::clone(self);
            Handler::new(move |_| {
                *stream.retry_ms.borrow_mut() = 1_000;
                stream.live.connection.set(Connection::Live);
            })
        };
        let on_event = {
            let stream = Rc::clone(self);
            Handler::new(move |event: web_sys::Event| {
                let Some(data) = event
                    .dyn_ref::<web_sys::MessageEvent>()
                    .and_then(|message| message.data().as_string())
                else {
                    return;
                };
                if let Ok(item) = serde_json::from_str::<T>(&data) {
                    stream.receive(item);
                }
            })
        };
        let on_error = {
            let stream = Rc::clone(self);
            Handler::new(move |_| stream.dropped())
        };
        source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let _ =
            source.add_event_listener_with_callback(T::EVENT, on_event.as_ref().unchecked_ref());
        *self.handlers.borrow_mut() = vec![on_open, on_event, on_error];
        *self.source.borrow_mut() = Some(source);
    }

    /// Shows `item` unless it was shown already.
    fn receive(&self, item: T) {
        {
            let mut last = self.last.borrow_mut();
            *last = (*last).max(item.id());
        }
        self.live.insert(item);
        // An event already on its way can arrive after the browser went offline: the buyer
        // is still told they are offline.
        if window().navigator().on_line() {
            self.live.connection.set(Connection::Live);
        }
    }

    /// The browser is online again: a closed stream is reopened; one that stayed open through
    /// the outage is live again.
    fn back_online(self: &Rc<Self>) {
        let state = self
            .source
            .borrow()
            .as_ref()
            .map(|source| source.ready_state());
        match state {
            Some(web_sys::EventSource::OPEN) => self.live.connection.set(Connection::Live),
            Some(web_sys::EventSource::CONNECTING) => {
                self.live.connection.set(Connection::Reconnecting)
            }
            _ => self.open(),
        }
    }

    /// The stream failed: the browser retries by itself unless it closed it; then a new one is
    /// opened after a pause that doubles up to [`MAX_RETRY_MS`].
    fn dropped(self: &Rc<Self>) {
        let offline = !window().navigator().on_line();
        self.live.connection.set(if offline {
            Connection::Offline
        } else {
            Connection::Reconnecting
        });
        if !self.is_closed() || offline {
            return;
        }
        let delay = *self.retry_ms.borrow();
        *self.retry_ms.borrow_mut() = (delay * 2).min(MAX_RETRY_MS);
        let stream = Rc::downgrade(self);
        set_timeout(
            move || {
                if let Some(stream) = stream.upgrade()
                    && stream.is_closed()
                {
                    stream.open();
                }
            },
            std::time::Duration::from_millis(delay),
        );
    }
}
