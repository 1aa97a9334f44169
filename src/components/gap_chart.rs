//! SERVQUAL charts drawn as SVG by the app: the gap per dimension with its confidence interval,
//! and the gap per dimension month by month. Each has a text alternative, and the page pairs it
//! with a table of the same numbers ([`TrendTable`] for the months).
//!
//! Charts keep left-to-right in every language (the stylesheet sets their direction): their axes
//! are numbers and time, and a mirrored gap axis would turn shortfalls the wrong way.

use leptos::prelude::*;
use storefront_domain::servqual::{Dimension, DimensionScore, MonthTrend, to_tenths};

use crate::components::data_table::DataTable;
use crate::i18n::{Messages, format, use_i18n};

/// The gap axis runs from −`GAP_RANGE` to +`GAP_RANGE`; mean gaps stay well inside ±2, and a
/// larger one is drawn to the edge with its true value written beside it.
const GAP_RANGE: f64 = 2.0;
/// Narrow, so the text stays legible when a phone scales the chart down.
const WIDTH: f64 = 420.0;
const LABEL_WIDTH: f64 = 150.0;
const ROW_HEIGHT: f64 = 34.0;

/// A dimension's name.
pub fn dimension_name(dimension: Dimension, t: &'static Messages) -> &'static str {
    match dimension {
        Dimension::Reliability => t.dimension_reliability,
        Dimension::Responsiveness => t.dimension_responsiveness,
        Dimension::Assurance => t.dimension_assurance,
        Dimension::Empathy => t.dimension_empathy,
        Dimension::Tangibles => t.dimension_tangibles,
    }
}

/// A gap with its sign and one decimal, as the locale writes it.
pub fn gap_text(gap: f64, locale: &str) -> String {
    let tenths = to_tenths(gap);
    let text = format::tenths(tenths, locale);
    if tenths > 0 { format!("+{text}") } else { text }
}

/// Where a gap falls on the chart's x axis.
fn x_of(gap: f64) -> f64 {
    let plot = WIDTH - LABEL_WIDTH - 20.0;
    LABEL_WIDTH + (gap.clamp(-GAP_RANGE, GAP_RANGE) + GAP_RANGE) / (2.0 * GAP_RANGE) * plot
}

/// Horizontal bars of each dimension's mean gap from zero, with its 95% interval as a whisker.
#[component]
pub fn GapChart(dimensions: Vec<DimensionScore>) -> impl IntoView {
    let i18n = use_i18n();
    let height = ROW_HEIGHT * dimensions.len() as f64 + 30.0;
    let zero = x_of(0.0);
    let alternative = {
        let dimensions = dimensions.clone();
        move || {
            let t = i18n.t();
            let locale = i18n.locale().tag();
            let parts: Vec<String> = dimensions
                .iter()
                .map(|d| {
                    format!(
                        "{} {}",
                        dimension_name(d.dimension, t),
                        gap_text(d.mean_gap, locale)
                    )
                })
                .collect();
            format!("{}: {}", t.gap_chart_title, parts.join(", "))
        }
    };
    let rows = dimensions
        .into_iter()
        .enumerate()
        .map(|(index, score)| {
            let y = 10.0 + ROW_HEIGHT * index as f64;
            let end = x_of(score.mean_gap);
            let (x, width) = if end < zero { (end, zero - end) } else { (zero, end - zero) };
            let class = if score.mean_gap < 0.0 { "chart__bar chart__bar--short" } else { "chart__bar" };
            let label_y = y + ROW_HEIGHT / 2.0;
            let whisker = score.gap_ci95.map(|ci| {
                view! {
                    <line class="chart__whisker" x1=x_of(ci.low) x2=x_of(ci.high) y1=label_y y2=label_y/>
                }
            });
            // The value goes past whichever ends farther out, the bar or its interval.
            let (low, high) = score.gap_ci95.map_or((x, x + width), |ci| {
                (x_of(ci.low).min(x), x_of(ci.high).max(x + width))
            });
            let short = score.mean_gap < 0.0;
            view! {
                <text
                    class="chart__label"
                    x=LABEL_WIDTH - 8.0
                    y=label_y
                    dominant-baseline="middle"
                    text-anchor="end"
                >
                    {move || dimension_name(score.dimension, i18n.t())}
                </text>
                <rect class=class x=x y=y + 8.0 width=width.max(1.0) height=ROW_HEIGHT - 16.0 rx="3"/>
                {whisker}
                <text
                    class="chart__value"
                    x=if short { low - 4.0 } else { high + 4.0 }
                    y=label_y
                    dominant-baseline="middle"
                    text-anchor=if short { "end" } else { "start" }
                >
                    {move || gap_text(score.mean_gap, i18n.locale().tag())}
                </text>
            }
        })
        .collect_view();
    let axis_y = height - 14.0;
    let ticks = [-2.0, -1.0, 0.0, 1.0, 2.0]
        .into_iter()
        .map(|tick| {
            view! {
                <line class="chart__grid" x1=x_of(tick) x2=x_of(tick) y1="4" y2=axis_y - 10.0/>
                <text class="chart__tick" x=x_of(tick) y=axis_y text-anchor="middle">
                    {move || gap_text(tick, i18n.locale().tag())}
                </text>
            }
        })
        .collect_view();
    view! {
        <svg
            class="chart"
            viewBox=format!("0 0 {WIDTH} {height}")
            role="img"
            aria-label=alternative
        >
            {ticks}
            <line class="chart__zero" x1=zero x2=zero y1="4" y2=axis_y - 10.0/>
            {rows}
        </svg>
    }
}

/// One line per dimension: its mean gap month by month.
#[component]
pub fn TrendChart(trend: Vec<MonthTrend>) -> impl IntoView {
    let i18n = use_i18n();
    let height = 200.0;
    let (top, bottom, left, right) = (10.0, height - 30.0, 40.0, WIDTH - 16.0);
    let months = trend.len().max(2) as f64 - 1.0;
    let x = move |index: usize| left + (right - left) * index as f64 / months;
    // The axis spans the data in whole points, with zero always in view.
    let gaps = || {
        trend
            .iter()
            .flat_map(|month| month.mean_gap.values().copied())
    };
    let high = gaps().fold(0.0_f64, f64::max).ceil().min(6.0);
    let low = gaps().fold(0.0_f64, f64::min).floor().max(-6.0);
    let span = (high - low).max(1.0);
    let y = move |gap: f64| top + (high - gap) / span * (bottom - top);
    // Room for about five month labels.
    let every = trend.len().div_ceil(5).max(1);
    let lines = Dimension::ALL
        .into_iter()
        .enumerate()
        .map(|(index, dimension)| {
            let points = trend
                .iter()
                .enumerate()
                .filter_map(|(i, month)| {
                    Some(format!("{},{}", x(i), y(*month.mean_gap.get(&dimension)?)))
                })
                .collect::<Vec<_>>()
                .join(" ");
            view! { <polyline class=format!("chart__line chart__line--{index}") points=points/> }
        })
        .collect_view();
    let labels = trend
        .iter()
        .enumerate()
        .filter(|(i, _)| i % every == 0)
        .map(|(i, month)| {
            let (year, number) = (month.year, month.month);
            view! {
                <text class="chart__tick" x=x(i) y=height - 10.0 text-anchor="middle">
                    {move || format::month(year, number, i18n.locale().tag())}
                </text>
            }
        })
        .collect_view();
    let grid = (low as i32..=high as i32)
        .map(f64::from)
        .map(|gap| {
            let class = if gap == 0.0 { "chart__zero" } else { "chart__grid" };
            view! {
                <line class=class x1=left x2=right y1=y(gap) y2=y(gap)/>
                <text class="chart__tick" x=left - 6.0 y=y(gap) text-anchor="end" dominant-baseline="middle">
                    {move || gap_text(gap, i18n.locale().tag())}
                </text>
            }
        })
        .collect_view();
    let legend = Dimension::ALL
        .into_iter()
        .enumerate()
        .map(|(index, dimension)| {
            view! {
                <li class="chart-legend__item">
                    <span class=format!("chart-legend__swatch chart__line--{index}") aria-hidden="true"></span>
                    {move || dimension_name(dimension, i18n.t())}
                </li>
            }
        })
        .collect_view();
    view! {
        <svg
            class="chart"
            viewBox=format!("0 0 {WIDTH} {height}")
            role="img"
            aria-label=move || i18n.t().trend_chart_alt
        >
            {grid}
            {lines}
            {labels}
        </svg>
        <ul class="chart-legend" role="list">{legend}</ul>
    }
}

/// The monthly trend as a table, beside its chart.
#[component]
pub fn TrendTable(trend: Vec<MonthTrend>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = trend
        .into_iter()
        .map(|month| {
            let (year, number, n) = (month.year, month.month, month.n);
            let cells = Dimension::ALL
                .into_iter()
                .map(|dimension| {
                    let gap = month.mean_gap.get(&dimension).copied();
                    view! {
                        <td>{move || gap.map_or_else(|| "–".to_owned(), |g| gap_text(g, i18n.locale().tag()))}</td>
                    }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{move || format::month(year, number, i18n.locale().tag())}</th>
                    {cells}
                    <td>{move || format::number(n, i18n.locale().tag())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <DataTable
            title=|t| t.trend_heading
            columns=|t| {
                let mut columns = vec![t.col_month];
                columns.extend(Dimension::ALL.map(|d| dimension_name(d, t)));
                columns.push(t.col_responses);
                columns
            }
        >
            {rows}
        </DataTable>
    }
}
