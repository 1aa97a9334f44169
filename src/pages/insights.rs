//! `/{lang}/insights`: a seller's SERVQUAL insights, opened with its seller key: the statements
//! where its buyers' service fell shortest across carriers, their comments, and how each
//! carrier's gaps moved month by month. The key stays in this tab only.

use leptos::prelude::*;
use storefront_domain::ProblemType;
use storefront_domain::carrier::CARRIERS;
use storefront_domain::servqual::{CarrierTrend, SellerReport, to_tenths};

use crate::api::{self, ApiError};
use crate::components::data_table::DataTable;
use crate::components::error_panel::describe;
use crate::components::gap_chart::TrendTable;
use crate::components::gap_chart::{TrendChart, dimension_name, gap_text};
use crate::components::page_head::PageHead;
use crate::i18n::{fill, format, use_i18n};
use crate::state::storage::Storage;

const KEY_STORAGE: &str = "seller-key";

/// The insights page.
#[component]
pub fn InsightsPage() -> impl IntoView {
    let i18n = use_i18n();
    let saved = Storage::Session.text(KEY_STORAGE).unwrap_or_default();
    let typed = RwSignal::new(saved.clone());
    // The key the report was asked with; `None` until the seller opens it.
    let key = RwSignal::new((!saved.is_empty()).then_some(saved));
    let report = LocalResource::new(move || {
        let key = key.get();
        async move {
            match key {
                Some(key) => api::insights::get(&key).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let value = typed.get_untracked().trim().to_owned();
        Storage::Session.set_text(KEY_STORAGE, &value);
        key.set(Some(value));
        report.refetch();
    };
    let key_error = move || match report.get() {
        Some(Err(ApiError::Problem(problem))) if problem.kind == ProblemType::Unauthorized => {
            Some(i18n.t().seller_key_error)
        }
        _ => None,
    };
    view! {
        <PageHead
            title=move || i18n.t().insights_heading.to_owned()
            description=move || i18n.t().insights_description.to_owned()
            private=true
        />
        <h1 class="page-heading">{move || i18n.t().insights_heading}</h1>
        <p>{move || i18n.t().insights_intro}</p>
        <form class="seller-key" on:submit=on_submit novalidate>
            <div class="field">
                <label class="field__label" for="seller-key">{move || i18n.t().seller_key_label}</label>
                <p class="field__hint" id="seller-key-hint">{move || i18n.t().seller_key_hint}</p>
                <input
                    id="seller-key"
                    class="field__input"
                    type="password"
                    autocomplete="off"
                    spellcheck="false"
                    required
                    aria-describedby=move || {
                        if key_error().is_some() { "seller-key-hint seller-key-error" } else { "seller-key-hint" }
                    }
                    aria-invalid=move || key_error().is_some().then_some("true")
                    prop:value=typed
                    on:input=move |event| typed.set(event_target_value(&event))
                />
                {move || {
                    key_error().map(|message| {
                        view! { <p class="field__error" id="seller-key-error" role="alert">{message}</p> }
                    })
                }}
            </div>
            <button class="button" type="submit">{move || i18n.t().open_insights}</button>
        </form>
        <Transition fallback=move || {
            view! {
                <p role="status">{move || i18n.t().loading_insights}</p>
                <div class="skeleton skeleton--block" aria-hidden="true"></div>
            }
        }>
            {move || {
                report.get().map(|answer| match answer {
                    Ok(Some(report)) => view! { <Report report/> }.into_any(),
                    Ok(None) => ().into_any(),
                    // A wrong key is said at the field.
                    Err(ApiError::Problem(problem)) if problem.kind == ProblemType::Unauthorized => {
                        ().into_any()
                    }
                    Err(failure) => {
                        view! {
                            <div class="notice notice--danger" role="alert">
                                <p>{move || describe(&failure, i18n.t())}</p>
                                <button class="button button--secondary" type="button" on:click=move |_| report.refetch()>
                                    {move || i18n.t().retry}
                                </button>
                            </div>
                        }
                        .into_any()
                    }
                })
            }}
        </Transition>
    }
}

/// A carrier's display name.
fn carrier_name(code: &str) -> String {
    CARRIERS
        .iter()
        .find(|c| c.code == code)
        .map_or_else(|| code.to_owned(), |c| c.name.to_owned())
}

/// The report of one seller.
#[component]
fn Report(report: SellerReport) -> impl IntoView {
    let i18n = use_i18n();
    let name = report.seller_name.clone();
    let n = report.insights.n;
    if n == 0 {
        return view! {
            <h2>{move || fill(i18n.t().insights_for, "seller", &name)}</h2>
            <p class="empty-note">{move || i18n.t().no_ratings_yet}</p>
        }
        .into_any();
    }
    let one = move |value: f64| format::tenths(to_tenths(value), i18n.locale().tag());
    let rows = report
        .insights
        .items
        .into_iter()
        .enumerate()
        .map(|(rank, item)| {
            let id = item.item.clone();
            let short = item.mean_gap < 0.0;
            view! {
                <tr class:data-table__row--short=short>
                    <td>{move || format::number(rank as u32 + 1, i18n.locale().tag())}</td>
                    <th scope="row">{move || i18n.t().servqual_item(&id)}</th>
                    <td>{move || dimension_name(item.dimension, i18n.t())}</td>
                    <td>{move || one(item.mean_expectation)}</td>
                    <td>{move || one(item.mean_perception)}</td>
                    <td>{move || gap_text(item.mean_gap, i18n.locale().tag())}</td>
                </tr>
            }
        })
        .collect_view();
    let comments = report
        .comments
        .into_iter()
        .map(|comment| {
            let carrier = carrier_name(&comment.carrier);
            let (date, score) = (comment.submitted_on, comment.weighted_score);
            view! {
                <li class="comment">
                    <p class="message__meta">
                        {move || {
                            let locale = i18n.locale().tag();
                            format!("{} · {carrier} · {}", format::date(date, locale), gap_text(score, locale))
                        }}
                    </p>
                    <p class="message__body">{comment.comment.clone()}</p>
                </li>
            }
        })
        .collect_view();
    let carriers = report
        .carriers
        .into_iter()
        .map(|trend| view! { <CarrierGaps trend/> })
        .collect_view();
    view! {
        <h2>{move || fill(i18n.t().insights_for, "seller", &name)}</h2>
        <p>{move || i18n.count(&i18n.t().based_on_responses, n)}</p>
        <h3>{move || i18n.t().shortfalls_heading}</h3>
        <DataTable
            title=|t| t.shortfalls_heading
            columns=|t| {
                vec![t.col_rank, t.col_statement, t.col_dimension, t.col_expectation, t.col_perception, t.col_gap]
            }
        >
            {rows}
        </DataTable>
        <p class="field__hint">{move || i18n.t().shortfall_note}</p>
        <h3>{move || i18n.t().comments_heading}</h3>
        {if comments.is_empty() {
            view! { <p class="empty-note">{move || i18n.t().no_comments}</p> }.into_any()
        } else {
            view! { <ul class="comments" role="list">{comments}</ul> }.into_any()
        }}
        <h3>{move || i18n.t().carrier_gaps_heading}</h3>
        {carriers}
    }
    .into_any()
}

/// One carrier's gaps month by month on the seller's shipments.
#[component]
fn CarrierGaps(trend: CarrierTrend) -> impl IntoView {
    let i18n = use_i18n();
    let name = carrier_name(&trend.carrier);
    let n = trend.n;
    let id = format!("carrier-gaps-{}", trend.carrier);
    let labelled_by = id.clone();
    let months = trend.trend;
    let single = months.len() <= 1;
    view! {
        <section class="scorecard" aria-labelledby=labelled_by>
            <h4 id=id>{name}</h4>
            <p>{move || i18n.count(&i18n.t().based_on_responses, n)}</p>
            {(!single).then(|| view! { <TrendChart trend=months.clone()/> })}
            <details class="chart-table" open=single>
                <summary>{move || i18n.t().show_table}</summary>
                <TrendTable trend=months/>
            </details>
        </section>
    }
}
