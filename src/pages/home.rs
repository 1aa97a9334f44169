//! `/{lang}`: the store's front page with its featured products.

use leptos::prelude::*;
use storefront_domain::product::CATEGORIES;

use crate::api;
use crate::components::error_panel::api_error_fallback;
use crate::components::page_head::{self, JsonLd, PageHead, site_origin};
use crate::components::product_grid::{ProductGrid, ProductGridSkeleton};
use crate::i18n::use_i18n;
use crate::state::market::use_market;

/// Welcome heading, the categories and the featured products.
#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    let market = use_market();
    let products = Resource::new(
        move || market.query(i18n.locale()),
        |query| {
            api::sendable(api::products::list(
                query,
                vec![("featured".into(), "true".into())],
            ))
        },
    );
    let retry = Callback::new(move |()| products.refetch());

    view! {
        <PageHead
            title=move || i18n.t().store_name.to_owned()
            description=move || i18n.t().home_lead.to_owned()
        />
        {move || view! { <JsonLd data=page_head::store(&site_origin(), i18n.locale())/> }}
        <section class="hero" aria-labelledby="home-heading">
            <h1 id="home-heading">{move || i18n.t().home_heading}</h1>
            <p class="hero__lead">{move || i18n.t().home_lead}</p>
        </section>
        <nav class="categories" aria-labelledby="categories-heading">
            <h2 id="categories-heading">{move || i18n.t().categories_heading}</h2>
            <ul class="categories__list" role="list">
                {CATEGORIES
                    .iter()
                    .map(|key| {
                        view! {
                            <li>
                                <a
                                    class="categories__link"
                                    href=move || i18n.path(&format!("/products?category={key}"))
                                >
                                    {move || i18n.t().category_name(key)}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
        <section class="featured" aria-labelledby="featured-heading">
            <h2 id="featured-heading">{move || i18n.t().featured_heading}</h2>
            <Transition fallback=|| view! { <ProductGridSkeleton/> }>
                <ErrorBoundary fallback=move |errors| api_error_fallback(errors, retry)>
                    {move || Suspend::new(async move {
                        products.await.map(|page| view! { <ProductGrid products=page.items/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}
