//! `/{lang}/orders`: "My orders", the orders placed in this browser.

use leptos::prelude::*;

use crate::components::page_head::PageHead;
use crate::i18n::{fill, format, use_i18n};
use crate::state::orders::{order_path, saved};

/// The orders placed in this browser, newest first, each linking to its page.
#[component]
pub fn MyOrders() -> impl IntoView {
    let i18n = use_i18n();
    let orders = saved();
    let list = if orders.is_empty() {
        view! {
            <div class="empty-state">
                <p>{move || i18n.t().no_orders}</p>
                <a class="button button--primary" href=move || i18n.path("/products")>
                    {move || i18n.t().continue_shopping}
                </a>
            </div>
        }
        .into_any()
    } else {
        view! {
            <ul class="order-list" role="list">
                {orders
                    .into_iter()
                    .map(|order| {
                        let path = order_path(&order.id, &order.token);
                        let date = order.placed_at.utc_date();
                        view! {
                            <li class="order-list__item">
                                <a href=move || i18n.path(&path)>
                                    {move || fill(i18n.t().order_number, "number", &order.number)}
                                </a>
                                <span>{move || format::date(date, i18n.locale().tag())}</span>
                                <span class="price">{move || format::money(&order.total, i18n.locale().tag())}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <PageHead
            title=move || i18n.t().my_orders.to_owned()
            description=move || i18n.t().my_orders_description.to_owned()
            private=true
        />
        <h1 class="page-heading">{move || i18n.t().my_orders}</h1>
        <p class="field__hint">{move || i18n.t().my_orders_note}</p>
        {list}
    }
}
