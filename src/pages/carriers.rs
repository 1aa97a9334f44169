//! `/{lang}/carriers` and `/{lang}/carriers/{code}`: what earlier buyers made of each carrier,
//! on the five SERVQUAL dimensions. The same ratings stand next to every service at checkout.

use leptos::prelude::*;
use leptos_router::hooks::use_params;
use leptos_router::params::Params;
use storefront_domain::carrier::{CARRIERS, CarrierSummary, ServiceSummary, TransportMode};
use storefront_domain::servqual::{BuyerScore, ServiceScorecard};

use crate::api;
use crate::components::data_table::DataTable;
use crate::components::error_panel::api_error_fallback;
use crate::components::gap_chart::{GapChart, TrendChart, TrendTable, dimension_name, gap_text};
use crate::components::page_head::{JsonLd, PageHead, breadcrumbs, site_origin};
use crate::i18n::{fill, format, use_i18n};
use crate::pages::not_found::NotFound;

/// Every carrier with its services' ratings.
#[component]
pub fn CarriersPage() -> impl IntoView {
    let i18n = use_i18n();
    let carriers = Resource::new(|| (), |()| api::sendable(api::carriers::list()));
    let retry = Callback::new(move |()| carriers.refetch());
    view! {
        <PageHead
            title=move || i18n.t().carriers_heading.to_owned()
            description=move || i18n.t().carriers_description.to_owned()
        />
        {move || view! { <JsonLd data=carrier_breadcrumbs(None)/> }}
        <h1 class="page-heading">{move || i18n.t().carriers_heading}</h1>
        <p class="lead">{move || i18n.t().carriers_intro}</p>
        <Transition fallback=|| view! { <div class="skeleton skeleton--block" aria-hidden="true"></div> }>
            <ErrorBoundary fallback=move |errors| api_error_fallback(errors, retry)>
                {move || Suspend::new(async move {
                    carriers.await.map(|carriers| {
                        view! {
                            <ul class="carrier-list" role="list">
                                {carriers
                                    .into_iter()
                                    .map(|carrier| view! { <CarrierItem carrier/> })
                                    .collect_view()}
                            </ul>
                        }
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn CarrierItem(carrier: CarrierSummary) -> impl IntoView {
    let i18n = use_i18n();
    let code = carrier.code.clone();
    view! {
        <li class="shipment">
            <h2 class="shipment__heading">
                <a href=move || i18n.path(&format!("/carriers/{code}"))>{carrier.name.clone()}</a>
            </h2>
            <ul class="summary-lines" role="list">
                {carrier
                    .services
                    .into_iter()
                    .map(|service| view! { <ServiceLine service/> })
                    .collect_view()}
            </ul>
        </li>
    }
}

#[component]
fn ServiceLine(service: ServiceSummary) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || {
        let t = i18n.t();
        let mode = match service.mode {
            TransportMode::Air => t.mode_air,
            TransportMode::Surface => t.mode_surface,
        };
        format!("{} · {mode}", t.level_name(service.level))
    };
    let rating = move || score_text(service.rating.score, service.rating.n);
    view! {
        <li class="summary-lines__row">
            <span>{text}</span>
            <span>{rating}</span>
        </li>
    }
}

/// "Rated 5.7 of 7 · 42 ratings", or "Too few ratings yet · 3 ratings".
fn score_text(score: BuyerScore, n: u32) -> String {
    let i18n = use_i18n();
    let t = i18n.t();
    let count = i18n.count(&t.rating_count, n);
    match score.tenths() {
        Some(tenths) => format!(
            "{} · {count}",
            fill(
                t.rating_value,
                "score",
                &format::tenths(tenths, i18n.locale().tag())
            )
        ),
        None => format!("{} · {count}", t.too_few_ratings),
    }
}

/// The way to the carriers page, and on to `carrier` (its name and code) when given.
fn carrier_breadcrumbs(carrier: Option<(String, String)>) -> serde_json::Value {
    let i18n = use_i18n();
    let t = i18n.t();
    let mut steps = vec![
        (t.store_name.to_owned(), i18n.path("")),
        (t.carriers_heading.to_owned(), i18n.path("/carriers")),
    ];
    if let Some((name, code)) = carrier {
        steps.push((name, i18n.path(&format!("/carriers/{code}"))));
    }
    breadcrumbs(&site_origin(), &steps)
}

/// The route's parameters: `/{lang}/carriers/{code}`.
#[derive(Params, Clone, PartialEq)]
struct ScorecardParams {
    code: Option<String>,
}

/// One carrier's scorecard: per service, each dimension's perception, expectation and gap with
/// its confidence interval, as a chart and a table, and the gap's trend by month.
#[component]
pub fn ScorecardPage() -> impl IntoView {
    let params = use_params::<ScorecardParams>();
    let code = Memo::new(move |_| {
        params
            .with(|params| params.as_ref().ok().and_then(|params| params.code.clone()))
            .unwrap_or_default()
    });
    let known = move || CARRIERS.iter().any(|c| c.code == code.get());
    // An unknown carrier is not looked up: there is no scorecard to read.
    view! {
        <Show when=known fallback=|| view! { <NotFound/> }>
            <Scorecard code/>
        </Show>
    }
}

/// The scorecard of carrier `code`, one of [`CARRIERS`].
#[component]
fn Scorecard(code: Memo<String>) -> impl IntoView {
    let i18n = use_i18n();
    let scorecard = Resource::new(
        move || code.get(),
        |code| api::sendable(async move { api::carriers::scorecard(&code).await }),
    );
    let retry = Callback::new(move |()| scorecard.refetch());
    let name = move || {
        CARRIERS
            .iter()
            .find(|c| c.code == code.get())
            .map_or_else(|| code.get(), |c| c.name.to_owned())
    };
    view! {
        <PageHead
            title=move || fill(i18n.t().scorecard_heading, "carrier", &name())
            description=move || i18n.t().carriers_description.to_owned()
        />
        {move || view! { <JsonLd data=carrier_breadcrumbs(Some((name(), code.get())))/> }}
        <p><a href=move || i18n.path("/carriers")>{move || i18n.t().all_carriers}</a></p>
        <h1 class="page-heading">{move || fill(i18n.t().scorecard_heading, "carrier", &name())}</h1>
        <p class="lead">{move || i18n.t().shortfall_note}</p>
        <Transition fallback=|| view! { <div class="skeleton skeleton--block" aria-hidden="true"></div> }>
            <ErrorBoundary fallback=move |errors| api_error_fallback(errors, retry)>
                {move || Suspend::new(async move {
                    scorecard.await.map(|card| {
                        if card.services.is_empty() {
                            return view! {
                                <div class="empty-state"><p>{move || i18n.t().no_ratings_yet}</p></div>
                            }
                            .into_any();
                        }
                        card.services
                            .into_iter()
                            .map(|service| view! { <ServiceScores service/> })
                            .collect_view()
                            .into_any()
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn ServiceScores(service: ServiceScorecard) -> impl IntoView {
    let i18n = use_i18n();
    let level = CARRIERS
        .iter()
        .flat_map(|c| c.services)
        .find(|s| s.code == service.service)
        .map(|s| s.level);
    let id = format!("scores-{}", service.service);
    let labelled_by = id.clone();
    let code = service.service.clone();
    let heading = move || level.map_or_else(|| code.clone(), |l| i18n.t().level_name(l).to_owned());
    let (overall, n) = (service.overall, service.n);
    let summary = move || score_text(overall, n);
    // Numbers are shown once the sample is large enough to mean something (SERVQUAL.md).
    let rated = service.overall.tenths().is_some();
    let body = if rated {
        let dimensions = service.dimensions.clone();
        let trend = service.trend.clone();
        view! {
            <h3>{move || i18n.t().gap_chart_title}</h3>
            <GapChart dimensions=dimensions.clone()/>
            <details class="chart-table">
                <summary>{move || i18n.t().show_table}</summary>
                <DimensionTable dimensions/>
            </details>
            {(trend.len() > 1).then(|| {
                let table = trend.clone();
                view! {
                    <h3>{move || i18n.t().trend_heading}</h3>
                    <TrendChart trend/>
                    <details class="chart-table">
                        <summary>{move || i18n.t().show_table}</summary>
                        <TrendTable trend=table/>
                    </details>
                }
            })}
        }
        .into_any()
    } else {
        ().into_any()
    };
    view! {
        <section class="scorecard" aria-labelledby=labelled_by>
            <h2 id=id>{heading}</h2>
            <p>{summary}</p>
            {body}
        </section>
    }
}

#[component]
fn DimensionTable(dimensions: Vec<storefront_domain::servqual::DimensionScore>) -> impl IntoView {
    let i18n = use_i18n();
    let one = move |value: f64| {
        format::tenths(
            storefront_domain::servqual::to_tenths(value),
            i18n.locale().tag(),
        )
    };
    let rows = dimensions
        .into_iter()
        .map(|d| {
            let ci = d.gap_ci95;
            view! {
                <tr>
                    <th scope="row">{move || dimension_name(d.dimension, i18n.t())}</th>
                    <td>{move || one(d.mean_perception)}</td>
                    <td>{move || one(d.mean_expectation)}</td>
                    <td>{move || gap_text(d.mean_gap, i18n.locale().tag())}</td>
                    <td>
                        {move || {
                            ci.map(|ci| {
                                    let locale = i18n.locale().tag();
                                    format!("{} … {}", gap_text(ci.low, locale), gap_text(ci.high, locale))
                                })
                                .unwrap_or_else(|| "–".to_owned())
                        }}
                    </td>
                    <td>{move || format::number(d.n, i18n.locale().tag())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <DataTable
            title=|t| t.gap_chart_title
            columns=|t| {
                vec![t.col_dimension, t.col_perception, t.col_expectation, t.col_gap, t.col_ci, t.col_responses]
            }
        >
            {rows}
        </DataTable>
    }
}
