//! A failed request explained in plain words, with a way to try again.

use leptos::prelude::*;
use storefront_domain::ProblemType;

use crate::api::ApiError;
use crate::components::page_head::title_text;
use crate::i18n::{Messages, split_at_placeholder, use_i18n};

/// The buyer-facing sentence for an API error.
pub fn describe(error: &ApiError, t: &'static Messages) -> &'static str {
    match error {
        ApiError::Unreachable => t.error_unreachable,
        ApiError::Unexpected { .. } => t.error_unexpected,
        ApiError::Problem(problem) => match problem.kind {
            ProblemType::NotFound => t.error_not_found,
            ProblemType::Unavailable => t.error_unavailable,
            ProblemType::InvalidField
            | ProblemType::Internal
            | ProblemType::QuoteExpired
            | ProblemType::PriceChanged
            | ProblemType::OutOfStock
            | ProblemType::PaymentDeclined
            | ProblemType::IdempotencyKeyReused
            | ProblemType::Unauthorized
            | ProblemType::MethodNotAllowed
            | ProblemType::Replayed
            | ProblemType::NotYetDelivered
            | ProblemType::AlreadyRated
            | ProblemType::Other => t.error_unexpected,
        },
    }
}

/// True when the app runs on the developer's own machine, where a hint on starting the API
/// server helps and cannot confuse a buyer.
fn on_local_machine() -> bool {
    if cfg!(feature = "ssr") {
        // The server calls its API in process: it cannot be unreachable from there.
        return false;
    }
    let host = window().location().hostname().unwrap_or_default();
    matches!(host.as_str(), "localhost" | "127.0.0.1" | "[::1]")
}

/// An alert with what went wrong with an API call and a retry button.
#[component]
pub fn ErrorPanel(
    /// The failure to explain.
    error: ApiError,
    /// Called when the buyer asks to try again.
    on_retry: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let dev_hint = (error == ApiError::Unreachable && on_local_machine()).then(|| {
        let parts = move || split_at_placeholder(i18n.t().error_unreachable_dev_hint, "command");
        view! {
            <p class="error-panel__hint">
                {move || parts().0}
                <code>"cargo xtask serve"</code>
                {move || parts().1}
            </p>
        }
    });
    view! {
        <RetryAlert message=Signal::derive(move || describe(&error, i18n.t())) on_retry>
            {dev_hint}
        </RetryAlert>
    }
}

/// An alert: the error heading, `message`, what the children add, and a retry button that calls
/// `on_retry`.
#[component]
pub fn RetryAlert(
    message: Signal<&'static str>,
    on_retry: Callback<()>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="error-panel" role="alert">
            <h2 class="error-panel__heading">{move || i18n.t().error_heading}</h2>
            <p>{move || message.get()}</p>
            {children.map(|children| children())}
            <button type="button" class="button" on:click=move |_| on_retry.run(())>
                {move || i18n.t().retry}
            </button>
        </div>
    }
}

/// An `ErrorBoundary`'s fallback for API calls: the first [`ApiError`] among `errors`
/// explained, with a button that calls `on_retry`.
pub fn api_error_fallback(errors: ArcRwSignal<Errors>, on_retry: Callback<()>) -> impl IntoView {
    explained(first_api_error(&errors), on_retry)
}

/// An `ErrorBoundary`'s fallback for a page about one thing (a product): the not-found page
/// when the thing does not exist, else what [`api_error_fallback`] shows, under a title that
/// says something went wrong.
pub fn page_error_fallback(errors: ArcRwSignal<Errors>, on_retry: Callback<()>) -> AnyView {
    let error = first_api_error(&errors);
    if error.problem_type() == Some(ProblemType::NotFound) {
        return view! { <crate::pages::not_found::NotFound/> }.into_any();
    }
    let i18n = use_i18n();
    view! {
        <leptos_meta::Title text=title_text(move || i18n.t().error_heading.to_owned())/>
        {explained(error, on_retry)}
    }
    .into_any()
}

/// The first [`ApiError`] among an `ErrorBoundary`'s `errors`.
fn first_api_error(errors: &ArcRwSignal<Errors>) -> ApiError {
    errors
        .with(|errors| {
            errors
                .iter()
                .find_map(|(_, e)| e.downcast_ref::<ApiError>().cloned())
        })
        .unwrap_or(ApiError::Unexpected { status: 0 })
}

/// `error` in an [`ErrorPanel`], answered on the server with the status it stands for.
fn explained(error: ApiError, on_retry: Callback<()>) -> impl IntoView {
    crate::response::set_status(match &error {
        ApiError::Problem(problem) if problem.status == 404 => 404,
        ApiError::Unreachable => 503,
        _ => 500,
    });
    view! { <ErrorPanel error on_retry/> }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Locale, provide_i18n};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn explains_an_unreachable_server_and_retries_on_click() {
        let document = document();
        let parent: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
        document.body().unwrap().append_child(&parent).unwrap();
        let retries = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&retries);
        let _handle = leptos::mount::mount_to(parent.clone(), move || {
            provide_i18n(Locale::En);
            let on_retry = Callback::new(move |()| {
                counter.fetch_add(1, Ordering::Relaxed);
            });
            view! { <ErrorPanel error=ApiError::Unreachable on_retry/> }
        });

        let alert = parent.query_selector("[role=alert]").unwrap().unwrap();
        let text = alert.text_content().unwrap();
        assert!(
            text.contains("We can't reach the store right now"),
            "{text}"
        );
        // The test page is served from 127.0.0.1, so the developer hint shows.
        assert!(text.contains("cargo xtask serve"), "{text}");

        let button: web_sys::HtmlElement = alert
            .query_selector("button")
            .unwrap()
            .unwrap()
            .unchecked_into();
        assert_eq!(button.text_content().unwrap(), "Try again");
        button.click();
        button.click();
        assert_eq!(retries.load(Ordering::Relaxed), 2);
    }
}
