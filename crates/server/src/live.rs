//! Which orders have new rows in a live feed (tracking events, messages). Each open stream
//! waits on its own order's newest row id, so a new row wakes only the streams of its order,
//! which then read it from the database: with a thousand streams open, an event costs one
//! read per watcher of that order, not a thousand.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::watch;

/// One feed's waiting streams, by order.
#[derive(Default)]
pub struct Live {
    orders: Mutex<HashMap<String, watch::Sender<i64>>>,
}

impl Live {
    /// Waits on `order`'s rows; subscribe before reading the database, so that a row
    /// committed meanwhile still wakes the stream.
    pub fn subscribe(self: &Arc<Self>, order: &str) -> Subscription {
        let mut orders = self.orders.lock().unwrap_or_else(PoisonError::into_inner);
        let receiver = orders
            .entry(order.to_owned())
            .or_insert_with(|| watch::Sender::new(0))
            .subscribe();
        Subscription {
            live: self.clone(),
            order: order.to_owned(),
            receiver,
        }
    }

    /// Row `id` of `order` exists: wakes the order's streams unless they heard of it already
    /// (an instance hears of its own writes twice: when it commits and when notified).
    pub fn raise(&self, order: &str, id: i64) {
        let orders = self.orders.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(newest) = orders.get(order) {
            newest.send_if_modified(|newest| {
                let raised = id > *newest;
                *newest = (*newest).max(id);
                raised
            });
        }
    }

    /// Wakes every stream to read again: notifications may have been missed.
    pub fn raise_all(&self) {
        let orders = self.orders.lock().unwrap_or_else(PoisonError::into_inner);
        for newest in orders.values() {
            newest.send_modify(|_| {});
        }
    }
}

/// One stream's wait on its order; the order is forgotten when its last stream goes.
pub struct Subscription {
    live: Arc<Live>,
    order: String,
    receiver: watch::Receiver<i64>,
}

impl Subscription {
    /// Marks what has been raised so far as seen.
    pub fn seen(&mut self) {
        self.receiver.borrow_and_update();
    }

    /// Waits until something newer than what was seen is raised.
    pub async fn changed(&mut self) -> Result<(), watch::error::RecvError> {
        self.receiver.changed().await
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let mut orders = self
            .live
            .orders
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        // This receiver is the last one when the count is one (it is dropped after this).
        if orders
            .get(&self.order)
            .is_some_and(|newest| newest.receiver_count() <= 1)
        {
            orders.remove(&self.order);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Orders with a stream waiting on them.
    fn watched(live: &Live) -> usize {
        live.orders.lock().unwrap().len()
    }

    #[tokio::test]
    async fn a_row_wakes_the_streams_of_its_order_only() {
        let live = Arc::new(Live::default());
        let mut mine = live.subscribe("o_1");
        let mut other = live.subscribe("o_2");
        mine.seen();
        other.seen();
        live.raise("o_1", 5);
        mine.changed().await.unwrap();
        assert!(!other.receiver.has_changed().unwrap());
        // Old news wakes nobody.
        mine.seen();
        live.raise("o_1", 4);
        assert!(!mine.receiver.has_changed().unwrap());
        live.raise_all();
        assert!(mine.receiver.has_changed().unwrap());
        assert!(other.receiver.has_changed().unwrap());
    }

    #[tokio::test]
    async fn an_order_is_forgotten_with_its_last_stream() {
        let live = Arc::new(Live::default());
        let first = live.subscribe("o_1");
        let second = live.subscribe("o_1");
        assert_eq!(watched(&live), 1);
        drop(first);
        assert_eq!(watched(&live), 1);
        drop(second);
        assert_eq!(watched(&live), 0);
        // A row for an order nobody watches is dropped, not kept.
        live.raise("o_1", 1);
        assert_eq!(watched(&live), 0);
    }
}
