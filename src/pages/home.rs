//! `/`: the store's front page with its featured products.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::{self, ApiError};
use crate::components::error_panel::ErrorPanel;
use crate::components::product_grid::{ProductGrid, ProductGridSkeleton};
use crate::i18n::use_i18n;

/// Welcome heading and the first page of the catalog.
#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    let products = LocalResource::new(move || {
        let lang = i18n.locale().tag();
        async move { api::products::featured(lang).await }
    });
    let retry = Callback::new(move |()| products.refetch());

    view! {
        <Title text=move || i18n.t().store_name/>
        <section class="hero" aria-labelledby="home-heading">
            <h1 id="home-heading">{move || i18n.t().home_heading}</h1>
            <p class="hero__lead">{move || i18n.t().home_lead}</p>
        </section>
        <section class="featured" aria-labelledby="featured-heading">
            <h2 id="featured-heading">{move || i18n.t().featured_heading}</h2>
            <Transition fallback=|| view! { <ProductGridSkeleton/> }>
                <ErrorBoundary fallback=move |errors| {
                    let error = errors
                        .with(|errors| {
                            errors.iter().find_map(|(_, e)| e.downcast_ref::<ApiError>().cloned())
                        })
                        .unwrap_or(ApiError::Unexpected { status: 0 });
                    view! { <ErrorPanel error on_retry=retry/> }
                }>
                    {move || Suspend::new(async move {
                        products.await.map(|page| view! { <ProductGrid products=page.items/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}
