//! "My orders": the orders placed in this browser, kept in localStorage with their access
//! tokens so the buyer can open them again without an account.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params};
use leptos_router::params::Params;
use serde::{Deserialize, Serialize};
use storefront_domain::Money;
use storefront_domain::date::Timestamp;
use storefront_domain::order::{Order, PlacedOrder};

use crate::api::{self, ApiError};
use crate::state::storage::Storage;

/// What the orders list needs of one order, and the token that opens it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedOrder {
    /// The order's id.
    pub id: String,
    /// Its number for people.
    pub number: String,
    /// The secret that reads it.
    pub token: String,
    /// When it was placed.
    pub placed_at: Timestamp,
    /// What was charged.
    pub total: Money,
}

const ORDERS_KEY: &str = "orders";

/// The orders placed in this browser, newest first.
pub fn saved() -> Vec<SavedOrder> {
    Storage::Local.json(ORDERS_KEY).unwrap_or_default()
}

/// Adds `placed` to the list, once.
pub fn remember(placed: &PlacedOrder) {
    let mut orders = saved();
    if orders.iter().any(|order| order.id == placed.order.id) {
        return;
    }
    orders.insert(
        0,
        SavedOrder {
            id: placed.order.id.clone(),
            number: placed.order.number.clone(),
            token: placed.access_token.clone(),
            placed_at: placed.order.placed_at,
            total: placed.order.total_charged,
        },
    );
    // A full storage only means the order is missing from "My orders"; its link, shown on
    // the confirmation, still opens it.
    Storage::Local.set_json(ORDERS_KEY, &orders);
}

/// The path of an order's page, below the language: the token rides in the fragment, which
/// browsers never send to a server nor in a Referer.
pub fn order_path(id: &str, token: &str) -> String {
    format!("/orders/{id}#token={token}")
}

/// The parameter of the routes of one order: `/{lang}/orders/{id}` and below.
#[derive(Params, Clone, PartialEq)]
struct OrderParams {
    id: Option<String>,
}

/// The order the route's `:id` names, read with its access token (see [`order_token`]), and
/// that token. Call inside a routed component.
pub fn routed_order() -> (Memo<Option<String>>, LocalResource<Result<Order, ApiError>>) {
    let params = use_params::<OrderParams>();
    let id = Memo::new(move |_| {
        params
            .with(|params| params.as_ref().ok().and_then(|params| params.id.clone()))
            .unwrap_or_default()
    });
    let token = order_token(id);
    let order = LocalResource::new(move || {
        let (id, token) = (id.get(), token.get());
        async move { api::orders::get(&id, token.as_deref()).await }
    });
    (token, order)
}

/// Order `id`'s access token: from the link's fragment (`#token=…`), else the one "My orders"
/// kept. Call inside a routed component.
fn order_token(id: Memo<String>) -> Memo<Option<String>> {
    let location = use_location();
    Memo::new(move |_| {
        let from_link = location.hash.with(|hash| {
            hash.trim_start_matches('#')
                .strip_prefix("token=")
                .map(str::to_owned)
        });
        from_link.or_else(|| {
            let id = id.get();
            saved().into_iter().find(|o| o.id == id).map(|o| o.token)
        })
    })
}
