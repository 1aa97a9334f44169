//! A table of figures that may be wider than a phone.

use leptos::prelude::*;

use crate::i18n::{Messages, use_i18n};

/// A table in a region that scrolls sideways: focusable and named, so a keyboard can scroll it
/// too. `title` names the region and is the table's caption for screen readers; `columns` are
/// the header row; the children are the body's rows.
#[component]
pub fn DataTable(
    title: fn(&'static Messages) -> &'static str,
    columns: fn(&'static Messages) -> Vec<&'static str>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=move || title(i18n.t())>
            <table class="data-table">
                <caption class="visually-hidden">{move || title(i18n.t())}</caption>
                <thead>
                    <tr>
                        {move || {
                            columns(i18n.t())
                                .into_iter()
                                .map(|column| view! { <th scope="col">{column}</th> })
                                .collect_view()
                        }}
                    </tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}
