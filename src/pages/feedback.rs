//! `/{lang}/orders/{id}/feedback/{shipment}`: the SERVQUAL form about one delivered shipment
//! (SERVQUAL.md): ten statements, each answered for "what I expected" and "what I got" on 1–7,
//! an optional importance split and comment, then a thank-you that puts the buyer's answers
//! beside the carrier's averages.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params;
use leptos_router::params::Params;
use storefront_domain::order::{Order, OrderShipment};
use storefront_domain::servqual::{
    Answer, COMMENT_MAX_CHARS, Dimension, FeedbackReceipt, FeedbackRequest, FeedbackSubmission,
    IMPORTANCE_TOTAL, ITEMS, SCALE, to_tenths, validate,
};
use storefront_domain::{FieldProblem, ProblemType};

use crate::api::{self, ApiError};
use crate::components::data_table::DataTable;
use crate::components::error_panel::{api_error_fallback, describe};
use crate::components::gap_chart::{dimension_name, gap_text};
use crate::components::page_head::PageHead;
use crate::i18n::{Messages, fill, format, use_i18n};
use crate::state::orders::{order_path, routed_order};
use crate::state::storage::Storage;

/// The route's parameters: `/{lang}/orders/{id}/feedback/{shipment}` (the order's `id` is read
/// by [`routed_order`]).
#[derive(Params, Clone, PartialEq)]
struct FeedbackParams {
    shipment: Option<u32>,
}

/// The feedback page.
#[component]
pub fn FeedbackPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params::<FeedbackParams>();
    // A shipment that is not a number is one the order does not have.
    let position = Memo::new(move |_| {
        params
            .with(|params| params.as_ref().ok().and_then(|params| params.shipment))
            .unwrap_or(u32::MAX)
    });
    let (token, order) = routed_order();
    let retry = Callback::new(move |()| order.refetch());
    view! {
        <PageHead
            title=move || i18n.t().feedback_heading.to_owned()
            description=move || i18n.t().feedback_description.to_owned()
            private=true
        />
        <h1 class="page-heading">{move || i18n.t().feedback_heading}</h1>
        <Transition fallback=move || {
            view! {
                <p role="status">{move || i18n.t().loading_order}</p>
                <div class="skeleton skeleton--block" aria-hidden="true"></div>
            }
        }>
            <ErrorBoundary fallback=move |errors| api_error_fallback(errors, retry)>
                {move || Suspend::new(async move {
                    let token = token.get_untracked().unwrap_or_default();
                    let position = position.get_untracked();
                    order.await.map(|order| view! { <FeedbackFor order position token/> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

/// The form, or why it cannot be filled in yet.
#[component]
fn FeedbackFor(order: Order, position: u32, token: String) -> impl IntoView {
    let i18n = use_i18n();
    let back = order_path(&order.id, &token);
    let back_link = move || {
        let href = i18n.path(&back);
        view! { <p><A href=href>{move || i18n.t().back_to_order}</A></p> }
    };
    let Some(shipment) = order.shipments.get(position as usize).cloned() else {
        return view! {
            <div class="notice notice--warning" role="alert">
                <p>{move || i18n.t().error_not_found}</p>
            </div>
            {back_link()}
        }
        .into_any();
    };
    if !shipment.tracking_status.allows_feedback() {
        return view! {
            <div class="notice notice--info" role="status">
                <p class="notice__title">{move || i18n.t().feedback_not_delivered}</p>
            </div>
            {back_link()}
        }
        .into_any();
    }
    view! {
        <FeedbackForm order_id=order.id.clone() token position shipment/>
        {back_link()}
    }
    .into_any()
}

/// One statement's two answers as chosen so far.
type Chosen = BTreeMap<&'static str, (Option<u8>, Option<u8>)>;

/// What is wrong with the form, by place.
#[derive(Clone, Debug, Default, PartialEq)]
struct FormErrors {
    /// Item ids whose answers are missing or off the scale.
    items: Vec<String>,
    importance: bool,
    comment: bool,
    /// A problem with the whole submission, such as "already rated".
    general: Option<&'static str>,
}

impl FormErrors {
    fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// Sorts fields named as the API names them (`answers.rel_on_time.perceived`, `importance`,
    /// `comment`) into their places on the form.
    fn from_fields<'a>(fields: impl IntoIterator<Item = &'a str>) -> Self {
        let mut errors = Self::default();
        for field in fields {
            if let Some(rest) = field.strip_prefix("answers.") {
                let item = rest.split('.').next().unwrap_or(rest).to_owned();
                if !errors.items.contains(&item) {
                    errors.items.push(item);
                }
            } else if field.starts_with("importance") {
                errors.importance = true;
            } else {
                errors.comment = true;
            }
        }
        errors
    }
}

/// The key this browser sends with its feedback on one shipment: made once and kept, so a retry
/// or a reload after submitting gets the first answer back rather than a second rating.
fn feedback_key(order_id: &str, position: u32) -> String {
    let name = format!("feedback-key:{order_id}:{position}");
    if let Some(key) = Storage::Local.text(&name) {
        return key;
    }
    let key = crate::state::checkout::new_key();
    // Without storage a retry gets a fresh key; the server still refuses a second rating.
    Storage::Local.set_text(&name, &key);
    key
}

/// The form itself.
#[component]
fn FeedbackForm(
    order_id: String,
    token: String,
    position: u32,
    shipment: OrderShipment,
) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = RwSignal::new(
        ITEMS
            .iter()
            .map(|item| (item.id, (None, None)))
            .collect::<Chosen>(),
    );
    let weigh = RwSignal::new(false);
    let importance = RwSignal::new(
        Dimension::ALL
            .into_iter()
            .map(|d| (d, i64::from(IMPORTANCE_TOTAL / 5)))
            .collect::<BTreeMap<_, _>>(),
    );
    let comment = RwSignal::new(String::new());
    let errors = RwSignal::new(FormErrors::default());
    let (order_id, token) = (StoredValue::new(order_id), StoredValue::new(token));
    let submit = Action::new_local(move |request: &FeedbackRequest| {
        let request = request.clone();
        async move {
            let id = order_id.get_value();
            let key = feedback_key(&id, request.shipment);
            api::feedback::submit(&id, &token.get_value(), &request, &key).await
        }
    });
    let receipt = RwSignal::new(None::<FeedbackReceipt>);
    Effect::new(move |_| match submit.value().get() {
        Some(Ok(answer)) => {
            receipt.set(Some(answer));
            focus_by_id("feedback-thanks");
        }
        Some(Err(failure)) => {
            errors.set(server_errors(&failure, i18n.t()));
            focus_first_error();
        }
        None => {}
    });

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        // An unanswered statement is left out, and validation names it as required.
        let answers = chosen.with_untracked(|chosen| {
            chosen
                .iter()
                .filter_map(|(id, pair)| match pair {
                    (Some(expected), Some(perceived)) => Some((
                        (*id).to_owned(),
                        Answer {
                            expected: i64::from(*expected),
                            perceived: i64::from(*perceived),
                        },
                    )),
                    _ => None,
                })
                .collect()
        });
        let text = comment.get_untracked();
        let submission = FeedbackSubmission {
            answers,
            importance: weigh.get_untracked().then(|| importance.get_untracked()),
            comment: (!text.trim().is_empty()).then_some(text),
        };
        let found = match validate(&submission) {
            Ok(_) => FormErrors::default(),
            Err(problems) => FormErrors::from_fields(problems.iter().map(|p| p.field.as_str())),
        };
        errors.set(found.clone());
        if !found.is_empty() {
            focus_first_error();
            return;
        }
        submit.dispatch_local(FeedbackRequest {
            shipment: position,
            submission,
        });
    };

    let carrier = shipment.carrier_name.clone();
    let seller = shipment.seller_name.clone();
    let intro = move || {
        let t = i18n.t();
        fill(
            &fill(t.feedback_intro, "carrier", &carrier),
            "seller",
            &seller,
        )
    };
    let dimensions = move || {
        Dimension::ALL
            .into_iter()
            .map(|dimension| {
                let items = dimension
                    .items()
                    .map(|item| view! { <ItemQuestion item=item.id chosen errors/> })
                    .collect_view();
                view! {
                    <fieldset class="servqual-dimension">
                        <legend>{move || dimension_name(dimension, i18n.t())}</legend>
                        {items}
                    </fieldset>
                }
            })
            .collect_view()
    };
    let summary = move || {
        let found = errors.get();
        let t = i18n.t();
        let text = if let Some(general) = found.general {
            general.to_owned()
        } else if !found.items.is_empty() {
            i18n.count(&t.feedback_items_missing, found.items.len() as u32)
        } else if found.importance {
            t.importance_error.to_owned()
        } else if found.comment {
            t.comment_length_error.to_owned()
        } else {
            return None;
        };
        Some(view! {
            <div class="notice notice--danger" role="alert" id="feedback-error" tabindex="-1">
                <p>{text}</p>
            </div>
        })
    };

    view! {
        <Show
            when=move || receipt.with(Option::is_none)
            fallback=move || {
                receipt.get().map(|receipt| view! { <ThankYou receipt/> })
            }
        >
            <p>{intro.clone()}</p>
            <p class="field__hint" id="scale-hint">{move || i18n.t().scale_hint}</p>
            {summary}
            <form class="servqual-form" on:submit=on_submit novalidate>
                {dimensions()}
                <ImportanceSplit weigh importance errors/>
                <div class="field">
                    <label class="field__label" for="feedback-comment">
                        {move || i18n.t().comment_label}
                    </label>
                    <p class="field__hint" id="feedback-comment-hint">
                        {move || i18n.t().comment_hint}
                    </p>
                    <textarea
                        id="feedback-comment"
                        class="field__input field__input--area"
                        rows="4"
                        maxlength=COMMENT_MAX_CHARS.to_string()
                        aria-describedby="feedback-comment-hint"
                        aria-invalid=move || errors.with(|e| e.comment).then_some("true")
                        prop:value=comment
                        on:input=move |event| comment.set(event_target_value(&event))
                    ></textarea>
                </div>
                <button class="button" type="submit" disabled=move || submit.pending().get()>
                    {move || {
                        if submit.pending().get() { i18n.t().sending } else { i18n.t().submit_feedback }
                    }}
                </button>
            </form>
        </Show>
    }
}

/// Why the server refused, placed on the form.
fn server_errors(failure: &ApiError, t: &'static Messages) -> FormErrors {
    match failure {
        ApiError::Problem(problem) => match problem.kind {
            ProblemType::NotYetDelivered => FormErrors {
                general: Some(t.feedback_not_delivered),
                ..FormErrors::default()
            },
            ProblemType::AlreadyRated => FormErrors {
                general: Some(t.feedback_already_rated),
                ..FormErrors::default()
            },
            ProblemType::InvalidField => {
                let fields: Vec<&str> = problem
                    .errors
                    .iter()
                    .map(|FieldProblem { field, .. }| field.as_str())
                    .chain(problem.field.as_deref())
                    .collect();
                FormErrors::from_fields(fields)
            }
            _ => FormErrors {
                general: Some(describe(failure, t)),
                ..FormErrors::default()
            },
        },
        _ => FormErrors {
            general: Some(describe(failure, t)),
            ..FormErrors::default()
        },
    }
}

/// One statement: "what I expected" and "what I got", each a row of seven radio buttons.
#[component]
fn ItemQuestion(
    item: &'static str,
    chosen: RwSignal<Chosen>,
    errors: RwSignal<FormErrors>,
) -> impl IntoView {
    let i18n = use_i18n();
    let invalid = move || errors.with(|e| e.items.iter().any(|i| i == item));
    let scale = move |part: usize| {
        let name = format!("{item}-{part}");
        let buttons = SCALE
            .map(|value| {
                let id = format!("{name}-{value}");
                let checked = move || {
                    chosen.with(|c| {
                        let (expected, perceived) = c[item];
                        (if part == 0 { expected } else { perceived }) == Some(value)
                    })
                };
                view! {
                    <span class="scale__choice">
                        <input
                            type="radio"
                            id=id.clone()
                            name=name.clone()
                            value=value.to_string()
                            prop:checked=checked
                            on:change=move |_| {
                                chosen.update(|c| {
                                    let slot = c.get_mut(item).expect("every item has a slot");
                                    if part == 0 { slot.0 = Some(value) } else { slot.1 = Some(value) }
                                });
                                errors.update(|e| {
                                    let done = chosen.with_untracked(|c| {
                                        matches!(c[item], (Some(_), Some(_)))
                                    });
                                    if done {
                                        e.items.retain(|i| i != item);
                                    }
                                });
                            }
                        />
                        <label for=id>{move || format::number(u32::from(value), i18n.locale().tag())}</label>
                    </span>
                }
            })
            .collect_view();
        view! {
            <fieldset class="scale" aria-describedby="scale-hint">
                <legend class="scale__legend">
                    {move || if part == 0 { i18n.t().what_i_expected } else { i18n.t().what_i_got }}
                </legend>
                <div class="scale__choices">{buttons}</div>
            </fieldset>
        }
    };
    view! {
        <fieldset
            class="servqual-item"
            class:servqual-item--invalid=invalid
            id=format!("item-{item}")
            aria-invalid=move || invalid().then_some("true")
        >
            <legend class="servqual-item__statement">
                {move || i18n.t().servqual_item(item)}
            </legend>
            {move || {
                invalid()
                    .then(|| view! { <p class="field__error">{move || i18n.t().answer_both}</p> })
            }}
            {scale(0)}
            {scale(1)}
        </fieldset>
    }
}

/// The optional split of 100 points over the five dimensions.
#[component]
fn ImportanceSplit(
    weigh: RwSignal<bool>,
    importance: RwSignal<BTreeMap<Dimension, i64>>,
    errors: RwSignal<FormErrors>,
) -> impl IntoView {
    let i18n = use_i18n();
    let total = move || importance.with(|points| points.values().sum::<i64>());
    let inputs = move || {
        Dimension::ALL
        .into_iter()
        .map(|dimension| {
            let id = format!("importance-{}", dimension.as_str());
            view! {
                <div class="field field--inline">
                    <label class="field__label" for=id.clone()>
                        {move || dimension_name(dimension, i18n.t())}
                    </label>
                    <input
                        id=id
                        class="field__input field__input--quantity"
                        type="number"
                        inputmode="numeric"
                        min="0"
                        max=IMPORTANCE_TOTAL.to_string()
                        aria-invalid=move || errors.with(|e| e.importance).then_some("true")
                        aria-describedby="importance-total"
                        prop:value=move || importance.with(|p| p[&dimension].to_string())
                        on:input=move |event| {
                            let value = event_target_value(&event).trim().parse::<i64>().unwrap_or(-1);
                            importance.update(|p| {
                                p.insert(dimension, value);
                            });
                            if errors.with_untracked(|e| e.importance) && total() == i64::from(IMPORTANCE_TOTAL) {
                                errors.update(|e| e.importance = false);
                            }
                        }
                    />
                </div>
            }
        })
        .collect_view()
    };
    view! {
        <fieldset class="servqual-dimension" id="importance">
            <legend>{move || i18n.t().importance_heading}</legend>
            <div class="field field--check">
                <input
                    type="checkbox"
                    id="importance-toggle"
                    prop:checked=weigh
                    on:change=move |event| weigh.set(event_target_checked(&event))
                />
                <label for="importance-toggle">{move || i18n.t().importance_toggle}</label>
            </div>
            <Show when=move || weigh.get()>
                <div class="importance">{inputs()}</div>
                <p
                    id="importance-total"
                    class="field__hint"
                    class:field__error=move || total() != i64::from(IMPORTANCE_TOTAL)
                    aria-live="polite"
                >
                    {move || {
                        let locale = i18n.locale().tag();
                        let used = u32::try_from(total().max(0)).unwrap_or(0);
                        fill(
                            &fill(i18n.t().importance_total, "total", &format::number(used, locale)),
                            "max",
                            &format::number(IMPORTANCE_TOTAL, locale),
                        )
                    }}
                </p>
            </Show>
        </fieldset>
    }
}

/// After submitting: thanks, and the buyer's answers beside the carrier's averages.
#[component]
fn ThankYou(receipt: FeedbackReceipt) -> impl IntoView {
    let i18n = use_i18n();
    let one = move |value: f64| format::tenths(to_tenths(value), i18n.locale().tag());
    let rows = receipt
        .dimensions
        .into_iter()
        .map(|d| {
            view! {
                <tr>
                    <th scope="row">{move || dimension_name(d.dimension, i18n.t())}</th>
                    <td>{move || one(d.your_perception)}</td>
                    <td>{move || one(d.carrier_perception)}</td>
                    <td>{move || gap_text(d.your_gap, i18n.locale().tag())}</td>
                    <td>{move || gap_text(d.carrier_gap, i18n.locale().tag())}</td>
                </tr>
            }
        })
        .collect_view();
    let carrier = receipt.carrier.clone();
    let score = receipt.weighted_score;
    view! {
        <div class="notice notice--info" id="feedback-thanks" tabindex="-1" role="status">
            <p class="notice__title">{move || i18n.t().feedback_thanks}</p>
            <p>
                {move || fill(i18n.t().your_weighted_score, "score", &gap_text(score, i18n.locale().tag()))}
            </p>
        </div>
        <h2>{move || i18n.t().compare_heading}</h2>
        <DataTable
            title=|t| t.compare_heading
            columns=|t| {
                vec![t.col_dimension, t.col_your_perception, t.col_carrier_perception, t.col_your_gap, t.col_carrier_gap]
            }
        >
            {rows}
        </DataTable>
        <p class="field__hint">{move || i18n.t().shortfall_note}</p>
        <p>
            <A href=move || i18n.path(&format!("/carriers/{carrier}"))>
                {move || i18n.t().see_scorecard}
            </A>
        </p>
    }
}

/// Moves focus to the error summary once it renders.
fn focus_first_error() {
    focus_by_id("feedback-error");
}

fn focus_by_id(id: &'static str) {
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        if let Some(element) = document()
            .get_element_by_id(id)
            .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = element.focus();
        }
    });
}
