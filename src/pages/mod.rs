//! One module per route.

pub mod cart;
pub mod catalog;
pub mod home;
pub mod not_found;
pub mod product;
