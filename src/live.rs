//! Following an order live: its tracking events arrive through `EventSource` without a reload.
//!
//! Every event carries the order-wide sequence number as its SSE id. The browser resumes a
//! dropped stream by itself with `Last-Event-ID`; when it gives up (the server answered with an
//! error, say while restarting) a new stream is opened after a pause with `?last_event_id=` set
//! to the newest event held, and anything at or below it is ignored, so each event shows exactly
//! once and in order.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
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

/// The events received so far, in order, and how the stream is doing.
#[derive(Clone, Copy)]
pub struct Live {
    /// Every event once, in sequence order.
    pub events: RwSignal<Vec<ShipmentEvent>>,
    /// The stream's state.
    pub connection: RwSignal<Connection>,
}

/// Longest pause before opening a new stream after the browser gave up on one.
const MAX_RETRY_MS: u64 = 15_000;

/// Follows order `id`'s events with its access `token` for as long as the calling owner lives.
pub fn follow(id: String, token: String) -> Live {
    let live = Live {
        events: RwSignal::new(Vec::new()),
        connection: RwSignal::new(Connection::Connecting),
    };
    let stream = Stream::new(id, token, live);
    stream.open();
    let online = {
        let stream = Rc::clone(&stream);
        Closure::<dyn Fn()>::new(move || {
            if stream.is_closed() {
                stream.open();
            }
        })
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
struct Stream {
    url: String,
    live: Live,
    /// The newest sequence number shown.
    last: RefCell<u64>,
    source: RefCell<Option<web_sys::EventSource>>,
    retry_ms: RefCell<u64>,
    /// The handlers, kept alive as long as the stream.
    handlers: RefCell<Vec<Handler>>,
}

impl Stream {
    fn new(id: String, token: String, live: Live) -> Rc<Self> {
        let encode = |text: &str| String::from(js_sys::encode_uri_component(text));
        Rc::new(Self {
            url: format!(
                "/api/orders/{}/events?token={}",
                encode(&id),
                encode(&token)
            ),
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
                if let Ok(event) = serde_json::from_str::<ShipmentEvent>(&data) {
                    stream.receive(event);
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
            source.add_event_listener_with_callback("tracking", on_event.as_ref().unchecked_ref());
        *self.handlers.borrow_mut() = vec![on_open, on_event, on_error];
        *self.source.borrow_mut() = Some(source);
    }

    /// Shows `event` unless it was shown already.
    fn receive(&self, event: ShipmentEvent) {
        let mut last = self.last.borrow_mut();
        if event.event.sequence <= *last {
            return;
        }
        *last = event.event.sequence;
        self.live.events.update(|events| events.push(event));
        self.live.connection.set(Connection::Live);
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
