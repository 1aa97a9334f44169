//! One module per route.

pub mod carriers;
pub mod cart;
pub mod catalog;
pub mod checkout;
pub mod feedback;
pub mod home;
pub mod insights;
pub mod not_found;
pub mod order;
pub mod orders;
pub mod product;
