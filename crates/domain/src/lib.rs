//! Shared types and pure logic of the storefront.
//!
//! Compiled for the browser (wasm32) and the server (native), so it does no IO: the wire types
//! here are the only definition of what travels between app and server.

pub mod carrier;
pub mod cart;
pub mod date;
pub mod health;
pub mod landed_cost;
pub mod market;
pub mod message;
pub mod money;
pub mod order;
pub mod payment;
pub mod problem;
pub mod product;
pub mod quote;
pub mod rng;
pub mod search;
pub mod servqual;
pub mod text;
pub mod tracking;

pub use money::{Currency, CurrencyError, Money, MoneyError, RateTable};
pub use problem::{FieldProblem, Problem, ProblemType};
