//! The app's state: the market (language, ship-to country, currency), the cart, the checkout
//! draft, the orders placed in this browser, and an order's live feeds. Each is a context the
//! whole app (or its page) reads; what the browser keeps lives in [`storage`].

pub mod cart;
pub mod checkout;
pub mod live;
pub mod market;
pub mod orders;
pub mod storage;
