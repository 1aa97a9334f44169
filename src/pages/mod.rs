//! One module per route.

pub mod carriers;
pub mod cart;
pub mod catalog;
pub mod checkout;
pub mod home;
pub mod not_found;
pub mod order;
pub mod orders;
pub mod product;
