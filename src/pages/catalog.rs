//! `/{lang}/products`: the catalog with search, filters, sort and pages.
//!
//! Every filter lives in the URL's query, so a listing can be shared, reloaded and returned to
//! with Back; the page only turns the query into a request and form changes into a new query.
//! The filters are one GET form whose fields carry those names, so without JavaScript the
//! browser makes the same query itself; prices are in the URL as the buyer typed them, in major
//! units of their currency.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::params::ParamsMap;
use storefront_domain::product::{CATEGORIES, ProductPage};
use storefront_domain::{Currency, Money};

use crate::api::{self, ApiError};
use crate::browser::escape_html;
use crate::components::error_panel::api_error_fallback;
use crate::components::page_head::{JsonLd, PageHead, breadcrumbs, site_origin};
use crate::components::product_grid::{ProductGrid, ProductGridSkeleton};
use crate::i18n::{Label, fill, format, use_i18n};
use crate::scroll;
use crate::state::market::{current_address, use_market};

/// The query parameters the catalog keeps in its URL.
const FILTERS: [&str; 7] = ["q", "category", "sort", "ships", "min", "max", "page"];

/// The price bounds: their URL parameter (major units of the buyer's currency) and the API's
/// (minor units).
const PRICE_BOUNDS: [(&str, &str); 2] = [("min", "min_price"), ("max", "max_price")];

/// The API's query for the catalog's URL `query` in `currency`: prices in minor units, and a
/// price that is not one left out (the form says why).
fn api_filters(query: &ParamsMap, currency: Currency) -> Vec<(String, String)> {
    FILTERS
        .iter()
        .filter_map(|name| {
            let value = query.get(name)?;
            if value.is_empty() {
                return None;
            }
            match PRICE_BOUNDS.iter().find(|(bound, _)| bound == name) {
                Some((_, api_name)) => Money::parse_major(&value, currency)
                    .map(|price| ((*api_name).to_owned(), price.amount_minor.to_string())),
                None => Some(((*name).to_owned(), value)),
            }
        })
        .collect()
}

/// Search and filters, the matching products, and links to the other pages of them.
#[component]
pub fn Catalog() -> impl IntoView {
    let i18n = use_i18n();
    let market = use_market();
    let query = use_query_map();
    let filters = Memo::new(move |_| query.with(|query| api_filters(query, market.currency())));
    let products = Resource::new(
        move || (market.query(i18n.locale()), filters.get()),
        |(market, filters)| api::sendable(api::products::list(market, filters)),
    );
    let retry = Callback::new(move |()| products.refetch());
    // Back from a product returns to the same place in the listing: the position is kept when
    // a link in the results is followed (before the router scrolls the next page to its top).
    let location = StoredValue::new(use_location());
    let address = move || location.with_value(current_address);

    view! {
        <PageHead
            title=move || i18n.t().catalog_heading.to_owned()
            description=move || i18n.t().catalog_description.to_owned()
        />
        {move || {
            let t = i18n.t();
            let steps = [
                (t.store_name.to_owned(), i18n.path("")),
                (t.catalog_heading.to_owned(), i18n.path("/products")),
            ];
            view! { <JsonLd data=breadcrumbs(&site_origin(), &steps)/> }
        }}
        <h1 class="page-heading">{move || i18n.t().catalog_heading}</h1>
        <Filters/>
        <section
            class="results"
            aria-labelledby="results-heading"
            on:click=move |_| scroll::remember(&address())
        >
            <Transition fallback=|| view! { <ProductGridSkeleton/> }>
                <ErrorBoundary fallback=move |errors| api_error_fallback(errors, retry)>
                    {move || Suspend::new(async move {
                        let page = products.await?;
                        // Only the browser scrolls (and has a frame to wait for).
                        #[cfg(not(feature = "ssr"))]
                        request_animation_frame(move || scroll::restore(&address()));
                        Ok::<_, ApiError>(view! { <Results page/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

/// The count, the grid (or why it is empty) and the page links.
#[component]
fn Results(page: ProductPage) -> impl IntoView {
    let i18n = use_i18n();
    let total = page.total;
    let rates_as_of = page.rates_as_of;
    let pages = page.page_count();
    let current = page.page;
    let empty = page.items.is_empty();
    view! {
        <h2 id="results-heading" class="results__count" tabindex="-1">
            {move || i18n.count(&i18n.t().products_found, total)}
        </h2>
        {rates_as_of
            .map(|date| {
                view! {
                    <p class="results__note">
                        {move || {
                            fill(
                                i18n.t().prices_converted,
                                "date",
                                &format::date(date, i18n.locale().tag()),
                            )
                        }}
                    </p>
                }
            })}
        {if empty {
            view! { <NoResults/> }.into_any()
        } else {
            view! { <ProductGrid products=page.items/> }.into_any()
        }}
        {(pages > 1).then(|| view! { <Pagination current pages/> })}
    }
}

/// Nothing matched: say so and offer the way back to everything.
#[component]
fn NoResults() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="empty-state">
            <p>{move || i18n.t().no_results}</p>
            <a class="button button--secondary" href=move || i18n.path("/products")>
                {move || i18n.t().clear_filters}
            </a>
        </div>
    }
}

/// `path` with `query` changed by `changes` (an empty value removes a parameter). Any filter
/// change starts again at page 1.
fn with_query(path: String, query: &ParamsMap, changes: &[(&str, String)]) -> String {
    let mut pairs: Vec<(String, String)> = FILTERS
        .iter()
        .filter(|name| **name != "page" || changes.iter().any(|(n, _)| *n == "page"))
        .filter_map(|name| {
            let value = changes
                .iter()
                .find(|(changed, _)| changed == name)
                .map(|(_, value)| value.clone())
                .or_else(|| query.get(name))?;
            (!value.is_empty()).then(|| ((*name).to_owned(), value))
        })
        .collect();
    pairs.retain(|(name, value)| !(name == "page" && value == "1"));
    let search: Vec<String> = pairs
        .iter()
        .map(|(name, value)| format!("{name}={}", crate::api::encode_component(value)))
        .collect();
    if search.is_empty() {
        path
    } else {
        format!("{path}?{}", search.join("&"))
    }
}

/// Search box, category, ships-to, price range and sort: one GET form. With JavaScript each
/// change updates the URL, which reloads the results, and the page does not scroll away from
/// the form; without it the form's Apply button sends the same query.
#[component]
fn Filters() -> impl IntoView {
    let i18n = use_i18n();
    let market = use_market();
    let query = use_query_map();
    let location = use_location();
    let navigate = use_navigate();
    let apply = move |changes: Vec<(&str, String)>| {
        let path = location.pathname.get_untracked();
        navigate(
            &query.with_untracked(|query| with_query(path, query, &changes)),
            NavigateOptions {
                scroll: false,
                ..Default::default()
            },
        );
    };
    let value = move |name: &str| query.with(|query| query.get(name).unwrap_or_default());
    // A bound the buyer typed that is not a price; one in the URL (sent without JavaScript)
    // counts too.
    let typed_wrong = RwSignal::new(None::<&'static str>);
    let price_error = move |name: &str| {
        typed_wrong.get() == Some(name) || {
            let text = value(name);
            !text.is_empty() && Money::parse_major(&text, market.currency()).is_none()
        }
    };
    let any_price_error = move || PRICE_BOUNDS.iter().any(|(name, _)| price_error(name));
    // The bound as the URL should hold it; `None` when the text is not a price.
    let checked_price = move |name: &'static str, text: &str| -> Option<String> {
        let text = text.trim();
        if text.is_empty() {
            typed_wrong.set(None);
            return Some(String::new());
        }
        match Money::parse_major(text, market.currency()) {
            Some(price) => {
                typed_wrong.set(None);
                Some(price.to_decimal_string())
            }
            None => {
                typed_wrong.set(Some(name));
                None
            }
        }
    };
    let search = NodeRef::<leptos::html::Input>::new();
    let min = NodeRef::<leptos::html::Input>::new();
    let max = NodeRef::<leptos::html::Input>::new();
    // Enter in any field submits: the search text and both bounds go together, so a bound
    // changed by the same key press is not lost.
    let on_submit = {
        let apply = apply.clone();
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            let text = search.get().map(|input| input.value()).unwrap_or_default();
            let mut changes = vec![("q", text.trim().to_owned())];
            for (name, input) in [("min", min), ("max", max)] {
                let typed = input.get().map(|input| input.value()).unwrap_or_default();
                if let Some(price) = checked_price(name, &typed) {
                    changes.push((name, price));
                }
            }
            apply(changes);
        }
    };
    let on_price = {
        let apply = apply.clone();
        move |name: &'static str, text: String| {
            if let Some(price) = checked_price(name, &text) {
                apply(vec![(name, price)]);
            }
        }
    };
    let ships_label = move || {
        fill(
            i18n.t().ships_to_me,
            "country",
            &format::region_name(market.country().code, i18n.locale().tag()),
        )
    };
    let on_category = {
        let apply = apply.clone();
        move |event: leptos::ev::Event| apply(vec![("category", event_target_value(&event))])
    };
    let on_sort = {
        let apply = apply.clone();
        move |event: leptos::ev::Event| apply(vec![("sort", event_target_value(&event))])
    };
    let on_ships = {
        let apply = apply.clone();
        move |event: leptos::ev::Event| {
            let ships = if event_target_checked(&event) {
                "1"
            } else {
                ""
            };
            apply(vec![("ships", ships.to_owned())]);
        }
    };
    let on_min = Callback::new({
        let on_price = on_price.clone();
        move |text: String| on_price("min", text)
    });
    let on_max = Callback::new(move |text: String| on_price("max", text));
    // With scripting on, a browser keeps a <noscript>'s content as text, so the button is
    // written as HTML that taking the page over never looks into.
    let apply_button = format!(
        "<button type=\"submit\" class=\"button\">{}</button>",
        escape_html(untrack(|| i18n.t().apply_filters))
    );
    view! {
        <form
            class="catalog-form"
            role="search"
            method="get"
            action=move || location.pathname.get()
            on:submit=on_submit
        >
            <div class="search">
                <label class="visually-hidden" for="catalog-search">
                    {move || i18n.t().search_label}
                </label>
                <input
                    id="catalog-search"
                    class="field__input search__input"
                    type="search"
                    name="q"
                    maxlength="100"
                    node_ref=search
                    value=move || value("q")
                    prop:value=move || value("q")
                    placeholder=move || i18n.t().search_label
                />
                <button type="submit" class="button">{move || i18n.t().search_button}</button>
            </div>
            <div class="filters" role="group" aria-label=move || i18n.t().filters_label>
                <label class="field">
                    <span class="field__label">{move || i18n.t().category_label}</span>
                    <select class="field__input" name="category" on:change=on_category>
                        <option value="" selected=move || value("category").is_empty()>
                            {move || i18n.t().all_categories}
                        </option>
                        {CATEGORIES
                            .iter()
                            .map(|key| {
                                view! {
                                    <option value=*key selected=move || value("category") == *key>
                                        {move || i18n.t().category_name(key)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <PriceField
                    name="min"
                    label=|t| t.min_price_label
                    input=min
                    invalid=Signal::derive(move || price_error("min"))
                    on_change=on_min
                />
                <PriceField
                    name="max"
                    label=|t| t.max_price_label
                    input=max
                    invalid=Signal::derive(move || price_error("max"))
                    on_change=on_max
                />
                <label class="field">
                    <span class="field__label">{move || i18n.t().sort_label}</span>
                    <select class="field__input" name="sort" on:change=on_sort>
                        {SORTS
                            .iter()
                            .map(|(key, label)| {
                                view! {
                                    <option
                                        value=*key
                                        selected=move || {
                                            let current = value("sort");
                                            current == *key || (current.is_empty() && *key == "featured")
                                        }
                                    >
                                        {move || label(i18n.t())}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label class="field field--check">
                    <input
                        type="checkbox"
                        name="ships"
                        value="1"
                        checked=move || value("ships") == "1"
                        prop:checked=move || value("ships") == "1"
                        on:change=on_ships
                    />
                    <span>{ships_label}</span>
                </label>
                <p id="price-hint" class="field__hint" role=move || any_price_error().then_some("alert")>
                    {move || {
                        let hint = if any_price_error() {
                            i18n.t().price_invalid
                        } else {
                            i18n.t().price_hint
                        };
                        fill(hint, "currency", market.currency().code())
                    }}
                </p>
                <noscript inner_html=apply_button></noscript>
            </div>
        </form>
    }
}

/// A price bound of the filters, in major units of the buyer's currency as the URL has it.
#[component]
fn PriceField(
    name: &'static str,
    label: Label,
    input: NodeRef<leptos::html::Input>,
    invalid: Signal<bool>,
    on_change: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let value = move || query.with(|query| query.get(name).unwrap_or_default());
    view! {
        <label class="field">
            <span class="field__label">{move || label(i18n.t())}</span>
            <input
                class="field__input field__input--price"
                type="text"
                inputmode="decimal"
                name=name
                node_ref=input
                value=value
                prop:value=value
                aria-invalid=move || invalid.get().to_string()
                aria-describedby="price-hint"
                on:change=move |event| on_change.run(event_target_value(&event))
            />
        </label>
    }
}

/// The sort orders, by their API key, with their labels.
const SORTS: [(&str, Label); 4] = [
    ("featured", |t| t.sort_featured),
    ("price_asc", |t| t.sort_price_asc),
    ("price_desc", |t| t.sort_price_desc),
    ("name", |t| t.sort_name),
];

/// Previous and next links and where the buyer is.
#[component]
fn Pagination(current: u32, pages: u32) -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let query = use_query_map();
    let link = move |page: u32| {
        let path = location.pathname.get_untracked();
        query.with_untracked(|query| with_query(path, query, &[("page", page.to_string())]))
    };
    let previous = (current > 1).then(|| link(current - 1));
    let next = (current < pages).then(|| link(current + 1));
    view! {
        <nav class="pagination" aria-label=move || i18n.t().pagination_label>
            {previous
                .map(|href| {
                    view! {
                        <a class="button button--secondary" href=href rel="prev">
                            {move || i18n.t().previous_page}
                        </a>
                    }
                })}
            <span class="pagination__where">
                {move || {
                    fill(
                        &fill(i18n.t().page_of, "page", &format::number(current, i18n.locale().tag())),
                        "pages",
                        &format::number(pages, i18n.locale().tag()),
                    )
                }}
            </span>
            {next
                .map(|href| {
                    view! {
                        <a class="button button--secondary" href=href rel="next">
                            {move || i18n.t().next_page}
                        </a>
                    }
                })}
        </nav>
    }
}
