//! Products laid out as a responsive grid, and its loading placeholder.

use leptos::prelude::*;
use storefront_domain::product::ProductSummary;

use crate::components::product_card::ProductCard;
use crate::i18n::use_i18n;

/// The cards a wide screen shows before scrolling: their pictures load at once, the others
/// when scrolled near.
const FIRST_SCREEN: usize = 4;

/// The products as a list of cards; an explanatory empty state when there are none.
#[component]
pub fn ProductGrid(
    /// The products, in display order.
    products: Vec<ProductSummary>,
) -> impl IntoView {
    let i18n = use_i18n();
    if products.is_empty() {
        return view! { <p class="empty-state">{move || i18n.t().empty_catalog}</p> }.into_any();
    }
    view! {
        <ul class="product-grid" role="list">
            <For
                each=move || products.clone().into_iter().enumerate()
                key=|(_, product)| product.slug.clone()
                children=|(index, product)| {
                    view! { <li><ProductCard product first_screen={index < FIRST_SCREEN}/></li> }
                }
            />
        </ul>
    }
    .into_any()
}

/// Grey card shapes in the grid's layout while products load, so nothing jumps when they arrive.
/// Screen readers hear a single status message instead.
#[component]
pub fn ProductGridSkeleton(
    /// How many placeholder cards to draw.
    #[prop(default = 8)]
    count: usize,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="product-grid-skeleton">
            <p class="visually-hidden" role="status">{move || i18n.t().loading_products}</p>
            <ul class="product-grid" aria-hidden="true">
                {(0..count)
                    .map(|_| {
                        view! {
                            <li class="product-card product-card--skeleton">
                                <div class="product-card__image skeleton"></div>
                                <div class="product-card__body">
                                    <div class="skeleton skeleton--line"></div>
                                    <div class="skeleton skeleton--line skeleton--short"></div>
                                </div>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </div>
    }
}
