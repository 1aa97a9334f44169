//! Reusable view pieces.

pub mod conversation;
pub mod data_table;
pub mod error_panel;
pub mod gap_chart;
pub mod market_switcher;
pub mod order_totals;
pub mod page_head;
pub mod product_card;
pub mod product_grid;
pub mod search_box;
pub mod site_footer;
pub mod site_header;
pub mod text_field;
pub mod timeline;
