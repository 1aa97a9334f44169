//! The search box in the header of every page.
//!
//! A GET form to the catalog, so without JavaScript the browser sends the buyer to the results
//! itself. With it, the box is a combobox (the ARIA pattern with a listbox popup): as the
//! buyer types it suggests products and categories; the arrow keys move through them, Enter
//! opens the one chosen (or searches when none is), Escape closes the list and, pressed again,
//! empties the box.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use storefront_domain::product::TextRange;
use storefront_domain::search::{Suggestions, is_unspaced};

use crate::api;
use crate::components::product_card::marked;
use crate::i18n::{fill, use_i18n};

const INPUT_ID: &str = "site-search";
const LISTBOX_ID: &str = "site-search-suggestions";
/// Typing pauses this long before suggestions are asked for: not a request per key.
const PAUSE_MS: u64 = 150;

/// One suggestion, in the order the list shows them: products, then categories.
#[derive(Clone, Debug, PartialEq)]
enum Suggestion {
    Product {
        slug: String,
        name: String,
        matches: Vec<TextRange>,
    },
    Category(String),
}

fn flatten(suggestions: Suggestions) -> Vec<Suggestion> {
    let products = suggestions
        .products
        .into_iter()
        .map(|product| Suggestion::Product {
            slug: product.slug,
            name: product.name,
            matches: product.name_matches,
        });
    let categories = suggestions.categories.into_iter().map(Suggestion::Category);
    products.chain(categories).collect()
}

/// Whether `typed` is enough to suggest from: two letters, or one Chinese or Japanese
/// character, which is a word on its own.
fn worth_asking(typed: &str) -> bool {
    let typed = typed.trim();
    typed.chars().count() >= 2 || typed.chars().any(is_unspaced)
}

/// The header's search form.
#[component]
pub fn SearchBox() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    // What the URL searched for (on the results page), which the box shows when it loads.
    let searched = move || query.with(|query| query.get("q").unwrap_or_default());
    let typed = RwSignal::new(query.with_untracked(|query| query.get("q").unwrap_or_default()));
    let asked = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let pause = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| typed.set(searched()));

    let suggestions = LocalResource::new(move || {
        let text = asked.get();
        let lang = i18n.locale().tag();
        async move {
            if !worth_asking(&text) {
                return Vec::new();
            }
            // Suggestions only help: when they cannot be had, the box still searches.
            api::suggestions::suggest(lang, &text)
                .await
                .map(flatten)
                .unwrap_or_default()
        }
    });
    let options = move || suggestions.get().unwrap_or_default();
    let expanded = move || open.get() && !options().is_empty();

    let href_of = move |suggestion: &Suggestion| match suggestion {
        Suggestion::Product { slug, .. } => i18n.path(&format!("/products/{slug}")),
        Suggestion::Category(key) => i18n.path(&format!("/products?category={key}")),
    };
    let results_href = move |text: &str| {
        let text = text.trim();
        if text.is_empty() {
            i18n.path("/products")
        } else {
            i18n.path(&format!("/products?q={}", api::encode_component(text)))
        }
    };
    let go = {
        let navigate = navigate.clone();
        move |href: String| {
            open.set(false);
            active.set(None);
            navigate(&href, Default::default());
        }
    };

    let on_input = move |event: leptos::ev::Event| {
        let text = event_target_value(&event);
        typed.set(text.clone());
        active.set(None);
        open.set(true);
        if let Some(handle) = pause.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || asked.set(text),
            std::time::Duration::from_millis(PAUSE_MS),
        );
        pause.set_value(handle.ok());
    };
    let on_keydown = {
        let go = go.clone();
        move |event: leptos::ev::KeyboardEvent| {
            let count = options().len();
            match event.key().as_str() {
                "ArrowDown" | "ArrowUp" if count > 0 => {
                    event.prevent_default();
                    open.set(true);
                    let down = event.key() == "ArrowDown";
                    active.update(|active| {
                        *active = Some(match (*active, down) {
                            (None, true) => 0,
                            (None, false) => count - 1,
                            (Some(at), true) => (at + 1) % count,
                            (Some(at), false) => (at + count - 1) % count,
                        });
                    });
                }
                "Enter" => {
                    let chosen = active
                        .get_untracked()
                        .filter(|_| expanded())
                        .and_then(|at| options().get(at).cloned());
                    if let Some(chosen) = chosen {
                        event.prevent_default();
                        go(href_of(&chosen));
                    }
                }
                "Escape" => {
                    // Not the browser's own clearing of a search field: first the list closes.
                    event.prevent_default();
                    if expanded() {
                        open.set(false);
                        active.set(None);
                    } else {
                        typed.set(String::new());
                        asked.set(String::new());
                    }
                }
                _ => {}
            }
        }
    };
    let on_submit = {
        let go = go.clone();
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            go(results_href(&typed.get_untracked()));
        }
    };
    let option_id = |at: usize| format!("{LISTBOX_ID}-{at}");
    let announcement = move || {
        let count = options().len() as u32;
        if expanded() && count > 0 {
            i18n.count(&i18n.t().suggestions_count, count)
        } else {
            String::new()
        }
    };

    view! {
        <form
            class="site-search"
            role="search"
            method="get"
            action=move || i18n.path("/products")
            on:submit=on_submit
        >
            <label class="visually-hidden" for=INPUT_ID>
                {move || i18n.t().search_label}
            </label>
            <div class="site-search__box">
                <input
                    id=INPUT_ID
                    class="field__input site-search__input"
                    type="search"
                    name="q"
                    maxlength="100"
                    autocomplete="off"
                    spellcheck="false"
                    role="combobox"
                    aria-autocomplete="list"
                    aria-controls=LISTBOX_ID
                    aria-expanded=move || expanded().to_string()
                    aria-activedescendant=move || {
                        active.get().filter(|_| expanded()).map(option_id)
                    }
                    placeholder=move || i18n.t().search_label
                    value=searched
                    prop:value=move || typed.get()
                    on:input=on_input
                    on:keydown=on_keydown
                    on:focus=move |_| open.set(true)
                    on:blur=move |_| {
                        open.set(false);
                        active.set(None);
                    }
                />
                <ul
                    id=LISTBOX_ID
                    class="site-search__list"
                    role="listbox"
                    aria-label=move || i18n.t().suggestions_label
                    hidden=move || !expanded()
                >
                    {move || {
                        options()
                            .into_iter()
                            .enumerate()
                            .map(|(at, suggestion)| {
                                let href = href_of(&suggestion);
                                let go = go.clone();
                                let label = match &suggestion {
                                    Suggestion::Product { name, matches, .. } => {
                                        marked(name, matches).into_any()
                                    }
                                    Suggestion::Category(key) => {
                                        let key = key.clone();
                                        (move || {
                                            fill(
                                                i18n.t().suggested_category,
                                                "category",
                                                i18n.t().category_name(&key),
                                            )
                                        })
                                            .into_any()
                                    }
                                };
                                view! {
                                    <li
                                        id=option_id(at)
                                        class="site-search__option"
                                        class:site-search__option--category=matches!(
                                            suggestion,
                                            Suggestion::Category(_)
                                        )
                                        role="option"
                                        aria-selected=move || (active.get() == Some(at)).to_string()
                                        // Before the box loses focus, which would close the list.
                                        on:mousedown=|event: leptos::ev::MouseEvent| event.prevent_default()
                                        on:click=move |_| go(href.clone())
                                    >
                                        // One flex item, so the spaces around a marked word stay.
                                        <span>{label}</span>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </div>
            <button type="submit" class="button site-search__button">
                {move || i18n.t().search_button}
            </button>
            <p class="visually-hidden" role="status">{announcement}</p>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn suggestions_are_asked_for_from_two_letters_or_one_ideograph() {
        assert!(!worth_asking("t"));
        assert!(!worth_asking("  t "));
        assert!(worth_asking("te"));
        assert!(worth_asking("茶"));
        assert!(worth_asking("ろ"));
    }
}
