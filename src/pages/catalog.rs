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
use storefront_domain::product::{CATEGORIES, Facets, ProductPage};
use storefront_domain::{Currency, Money};

use crate::api::{self, ApiError};
use crate::browser::escape_html;
use crate::components::error_panel::api_error_fallback;
use crate::components::page_head::{JsonLd, PageHead, breadcrumbs, site_origin};
use crate::components::product_grid::{ProductGrid, ProductGridSkeleton};
use crate::i18n::{I18n, Label, fill, format, split_at_placeholder, use_i18n};
use crate::scroll;
use crate::state::market::{current_address, use_market};

/// The query parameters the catalog keeps in its URL.
const FILTERS: [&str; 11] = [
    "q",
    "category",
    "maker",
    "origin",
    "arrives_by",
    "ddp",
    "sort",
    "ships",
    "min",
    "max",
    "page",
];

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
    let filters_open = RwSignal::new(false);
    let filters_toggle = NodeRef::<leptos::html::Button>::new();
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
        <div class="catalog-head">
            <h1 class="page-heading">{move || i18n.t().catalog_heading}</h1>
            <button
                type="button"
                class="button button--secondary filters-toggle"
                aria-controls=FILTERS_PANEL_ID
                aria-expanded=move || filters_open.get().to_string()
                node_ref=filters_toggle
                on:click=move |_| filters_open.set(true)
            >
                {move || i18n.t().filters_button}
            </button>
        </div>
        // Its counts come with the listing: the server sends them with the page, and while the
        // next listing loads the last counts stay.
        <Transition fallback=|| ()>
            <Filters products open=filters_open toggle=filters_toggle/>
        </Transition>
        // Without a script the phone's Filters button cannot open them: this shows them.
        <noscript inner_html=r#"<link rel="stylesheet" href="/noscript.css"/>"#></noscript>
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
    let query = use_query_map();
    let searched = query.with_untracked(|query| query.get("q").unwrap_or_default());
    let partial = page.partial;
    let did_you_mean = page.did_you_mean.clone();
    let total = page.total;
    let rates_as_of = page.rates_as_of;
    let pages = page.page_count();
    let current = page.page;
    let empty = page.items.is_empty();
    view! {
        <h2 id="results-heading" class="results__count" tabindex="-1">
            {move || i18n.count(&i18n.t().products_found, total)}
        </h2>
        {(!searched.is_empty())
            .then(|| {
                view! {
                    <p class="results__query">
                        {move || fill(i18n.t().search_results_for, "query", &searched)}
                    </p>
                }
            })}
        {partial.then(|| view! { <p class="results__note">{move || i18n.t().search_partial}</p> })}
        {did_you_mean.map(|suggested| view! { <DidYouMean suggested/> })}
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
            view! { <NoResults facets=page.facets/> }.into_any()
        } else {
            view! { <ProductGrid products=page.items/> }.into_any()
        }}
        {(pages > 1).then(|| view! { <Pagination current pages/> })}
    }
}

/// A search found nothing with all its words: a link to the close query that finds something.
#[component]
fn DidYouMean(suggested: String) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let location = use_location();
    let href = query.with_untracked(|query| {
        with_query(
            location.pathname.get_untracked(),
            query,
            &[("q", suggested.clone())],
        )
    });
    view! {
        <p class="results__note">
            {move || split_at_placeholder(i18n.t().did_you_mean, "query").0}
            <a href=href>{suggested}</a>
            {move || split_at_placeholder(i18n.t().did_you_mean, "query").1}
        </p>
    }
}

/// Nothing matched: say so, offer to remove each filter in turn, and the way back to
/// everything.
#[component]
fn NoResults(facets: Facets) -> impl IntoView {
    let i18n = use_i18n();
    let market = use_market();
    let query = use_query_map();
    let location = use_location();
    let active: Vec<(&'static str, String)> = query.with_untracked(|query| {
        FILTERS
            .iter()
            .filter(|name| !matches!(**name, "sort" | "page"))
            .filter_map(|name| Some((*name, query.get(name).filter(|v| !v.is_empty())?)))
            .collect()
    });
    let removals = active
        .into_iter()
        .map(|(name, value)| {
            let href = query.with_untracked(|query| {
                with_query(
                    location.pathname.get_untracked(),
                    query,
                    &[(name, String::new())],
                )
            });
            let makers = facets.makers.clone();
            let what = move || {
                let t = i18n.t();
                let locale = i18n.locale().tag();
                match name {
                    "category" => t.category_name(&value).to_owned(),
                    "maker" => makers
                        .iter()
                        .find(|maker| maker.key == value)
                        .and_then(|maker| maker.label.clone())
                        .unwrap_or_else(|| value.clone()),
                    "origin" => format::region_name(&value, locale),
                    "arrives_by" => storefront_domain::date::Date::parse(&value)
                        .map(|date| fill(t.arrives_by_date, "date", &format::date(date, locale)))
                        .unwrap_or_else(|_| value.clone()),
                    "ddp" => t.nothing_at_door.to_owned(),
                    "ships" => fill(
                        t.ships_to_me,
                        "country",
                        &format::region_name(market.country().code, locale),
                    ),
                    "min" => format!("{} {value}", t.min_price_label),
                    "max" => format!("{} {value}", t.max_price_label),
                    _ => value.clone(),
                }
            };
            view! {
                <li>
                    <a class="button button--secondary" href=href>
                        {move || fill(i18n.t().remove_filter, "filter", &what())}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="empty-state">
            <p>{move || i18n.t().remove_filters_heading}</p>
            <ul class="empty-state__actions">{removals}</ul>
            <a class="button" href=move || i18n.path("/products")>
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

/// The id of the panel the filters sit in, which the phone's Filters button opens.
const FILTERS_PANEL_ID: &str = "filters-panel";

/// Category, maker, origin, delivery, ships-to, price range and sort, each choice with how many
/// products it leaves, and the search from the header's box: one GET form. With JavaScript
/// each change updates the URL, which reloads the results, and the page does not scroll away
/// from the form; without it the form's Apply button sends the same query. On a phone the form
/// is a dialog the Filters button opens: focus stays inside it, Escape closes it.
#[component]
fn Filters(
    products: Resource<Result<ProductPage, ApiError>>,
    open: RwSignal<bool>,
    toggle: NodeRef<leptos::html::Button>,
) -> impl IntoView {
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
    // The counts of the listing shown; the last ones stay while the next load.
    let facets = move || {
        products
            .get()
            .and_then(Result::ok)
            .map(|page| page.facets)
            .unwrap_or_default()
    };
    let counted = move |label: &str, count: Option<u32>| match count {
        Some(count) => with_count(i18n, label, count),
        None => label.to_owned(),
    };
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
    let min = NodeRef::<leptos::html::Input>::new();
    let max = NodeRef::<leptos::html::Input>::new();
    // Enter in a price field submits: both bounds go together, so a bound changed by the same
    // key press is not lost.
    let on_submit = {
        let apply = apply.clone();
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            let mut changes = Vec::new();
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
        let label = fill(
            i18n.t().ships_to_me,
            "country",
            &format::region_name(market.country().code, i18n.locale().tag()),
        );
        counted(&label, facets().ships_to)
    };
    let ddp_label = move || counted(i18n.t().nothing_at_door, facets().ddp);
    // A select's change applies its value to its parameter.
    let on_select = {
        let apply = apply.clone();
        move |name: &'static str| {
            let apply = apply.clone();
            Callback::new(move |value: String| apply(vec![(name, value)]))
        }
    };
    let on_check = {
        let apply = apply.clone();
        move |name: &'static str| {
            let apply = apply.clone();
            move |event: leptos::ev::Event| {
                let on = if event_target_checked(&event) {
                    "1"
                } else {
                    ""
                };
                apply(vec![(name, on.to_owned())]);
            }
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

    // The phone's dialog: focus moves in when it opens, stays in while it is open, and goes
    // back to the Filters button when it closes.
    let panel = NodeRef::<leptos::html::Div>::new();
    let close = move || {
        open.set(false);
        if let Some(toggle) = toggle.get_untracked() {
            let _ = toggle.focus();
        }
    };
    Effect::new(move |_| {
        if open.get()
            && let Some(first) = panel
                .get()
                .and_then(|panel| focusable(&panel).into_iter().next())
        {
            let _ = first.focus();
        }
    });
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        if !open.get_untracked() {
            return;
        }
        match event.key().as_str() {
            "Escape" => {
                event.prevent_default();
                close();
            }
            "Tab" => {
                let Some(panel) = panel.get_untracked() else {
                    return;
                };
                let controls = focusable(&panel);
                let (Some(first), Some(last)) = (controls.first(), controls.last()) else {
                    return;
                };
                let at = document().active_element();
                let wrap_to = if event.shift_key() && at.as_ref() == Some(first.as_ref()) {
                    Some(last)
                } else if !event.shift_key() && at.as_ref() == Some(last.as_ref()) {
                    Some(first)
                } else {
                    None
                };
                if let Some(target) = wrap_to {
                    event.prevent_default();
                    let _ = target.focus();
                }
            }
            _ => {}
        }
    };

    view! {
        <div
            id=FILTERS_PANEL_ID
            class="filters-panel"
            class:filters-panel--open=move || open.get()
            role=move || open.get().then_some("dialog")
            aria-modal=move || open.get().then_some("true")
            aria-label=move || open.get().then(|| i18n.t().filters_button)
            node_ref=panel
            on:keydown=on_keydown
        >
            <form
                class="catalog-form"
                method="get"
                action=move || location.pathname.get()
                on:submit=on_submit
            >
                // The header's search box sets it; applying filters keeps it.
                <input type="hidden" name="q" value=move || value("q")/>
                <div class="filters" role="group" aria-label=move || i18n.t().filters_label>
                    <FacetSelect
                        name="category"
                        label=|t| t.category_label
                        everything=|t| t.all_categories
                        choices=Signal::derive(move || {
                            let counts = facets().categories;
                            CATEGORIES
                                .iter()
                                .map(|key| {
                                    let count = counts.iter().find(|c| c.key == *key).map_or(0, |c| c.count);
                                    ((*key).to_owned(), i18n.t().category_name(key).to_owned(), count)
                                })
                                .collect()
                        })
                        on_change=on_select("category")
                    />
                    <FacetSelect
                        name="maker"
                        label=|t| t.maker_label
                        everything=|t| t.all_makers
                        choices=Signal::derive(move || {
                            facets()
                                .makers
                                .into_iter()
                                .map(|maker| {
                                    let label = maker.label.unwrap_or_else(|| maker.key.clone());
                                    (maker.key, label, maker.count)
                                })
                                .collect()
                        })
                        on_change=on_select("maker")
                    />
                    <FacetSelect
                        name="origin"
                        label=|t| t.origin_label
                        everything=|t| t.all_origins
                        choices=Signal::derive(move || {
                            let locale = i18n.locale().tag();
                            facets()
                                .origins
                                .into_iter()
                                .map(|origin| {
                                    let name = format::region_name(&origin.key, locale);
                                    (origin.key, name, origin.count)
                                })
                                .collect()
                        })
                        on_change=on_select("origin")
                    />
                    <FacetSelect
                        name="arrives_by"
                        label=|t| t.arrives_label
                        everything=|t| t.any_arrival
                        choices=Signal::derive(move || {
                            let locale = i18n.locale().tag();
                            facets()
                                .arrives_by
                                .into_iter()
                                .map(|day| {
                                    let date = format::date(day.date, locale);
                                    let label = fill(i18n.t().arrives_by_date, "date", &date);
                                    (day.date.to_string(), label, day.count)
                                })
                                .collect()
                        })
                        on_change=on_select("arrives_by")
                    />
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
                        <select
                            class="field__input"
                            name="sort"
                            on:change={
                                let on_sort = on_select("sort");
                                move |event| on_sort.run(event_target_value(&event))
                            }
                        >
                            {move || {
                                // Best match only means something for a search, where it is the
                                // default.
                                let searching = !value("q").is_empty();
                                let default = if searching { "relevance" } else { "featured" };
                                SORTS
                                    .iter()
                                    .filter(move |(key, _)| searching || *key != "relevance")
                                    .map(|(key, label)| {
                                        view! {
                                            <option
                                                value=*key
                                                selected=move || {
                                                    let current = value("sort");
                                                    current == *key
                                                        || (current.is_empty() && *key == default)
                                                }
                                            >
                                                {move || label(i18n.t())}
                                            </option>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </select>
                    </label>
                    <label class="field field--check">
                        <input
                            type="checkbox"
                            name="ships"
                            value="1"
                            checked=move || value("ships") == "1"
                            prop:checked=move || value("ships") == "1"
                            on:change=on_check("ships")
                        />
                        <span>{ships_label}</span>
                    </label>
                    <label class="field field--check">
                        <input
                            type="checkbox"
                            name="ddp"
                            value="1"
                            checked=move || value("ddp") == "1"
                            prop:checked=move || value("ddp") == "1"
                            on:change=on_check("ddp")
                        />
                        <span>{ddp_label}</span>
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
            <button type="button" class="button filters-panel__done" on:click=move |_| close()>
                {move || {
                    let total = products.get().and_then(Result::ok).map(|page| page.total);
                    counted(i18n.t().show_results, total)
                }}
            </button>
        </div>
    }
}

/// The controls in `panel` that take focus, in order.
fn focusable(panel: &web_sys::HtmlElement) -> Vec<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    let Ok(found) = panel.query_selector_all("select, input:not([type=hidden]), button") else {
        return Vec::new();
    };
    (0..found.length())
        .filter_map(|i| found.item(i)?.dyn_into::<web_sys::HtmlElement>().ok())
        .collect()
}

/// `label` with how many products choosing it leaves.
fn with_count(i18n: I18n, label: &str, count: u32) -> String {
    fill(
        &fill(i18n.t().with_count, "label", label),
        "count",
        &format::number(count, i18n.locale().tag()),
    )
}

/// A filter's select: every product first, then each choice with how many products it leaves.
#[component]
fn FacetSelect(
    /// The parameter it sets.
    name: &'static str,
    label: Label,
    /// The choice of no filter.
    everything: Label,
    /// (value, label, products it leaves) of each choice.
    choices: Signal<Vec<(String, String, u32)>>,
    on_change: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let value = move || query.with(|query| query.get(name).unwrap_or_default());
    view! {
        <label class="field">
            <span class="field__label">{move || label(i18n.t())}</span>
            <select
                class="field__input"
                name=name
                on:change=move |event| on_change.run(event_target_value(&event))
            >
                <option value="" selected=move || value().is_empty()>
                    {move || everything(i18n.t())}
                </option>
                {move || {
                    let current = value();
                    choices
                        .get()
                        .into_iter()
                        .map(|(key, text, count)| {
                            let selected = current == key;
                            let text = with_count(i18n, &text, count);
                            view! { <option value=key selected=selected>{text}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </label>
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
const SORTS: [(&str, Label); 5] = [
    ("relevance", |t| t.sort_relevance),
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
