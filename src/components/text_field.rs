//! A labelled text input with its hint and its error, wired for assistive technology: the error
//! is tied to the input by `aria-describedby` and marks it `aria-invalid`, so a screen reader
//! reads it when focus lands there.

use leptos::prelude::*;

/// How an input is typed and autofilled.
#[derive(Clone, Copy, Default)]
pub struct InputKind {
    /// The `type` attribute: `text`, `email`, `tel`.
    pub input_type: &'static str,
    /// The `autocomplete` token, so browsers fill addresses and cards.
    pub autocomplete: &'static str,
    /// The `inputmode`, for the right phone keyboard; empty for the default.
    pub inputmode: &'static str,
}

/// One text field.
#[component]
pub fn TextField(
    /// The input's id; the hint and error ids derive from it.
    id: String,
    /// The visible label.
    #[prop(into)]
    label: Signal<String>,
    /// The current value.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the new value on every keystroke.
    on_input: Callback<String>,
    /// The message of the field's error, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Whether the field must be filled.
    #[prop(optional)]
    required: bool,
    /// A hint below the label, such as a format.
    #[prop(default = None)]
    hint: Option<Signal<String>>,
    /// Type, autocomplete and input mode.
    #[prop(optional)]
    kind: InputKind,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let (hint_id, error_id, has_hint) = (hint_id.clone(), error_id.clone(), hint.is_some());
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let input_type = if kind.input_type.is_empty() {
        "text"
    } else {
        kind.input_type
    };
    view! {
        <div class="field">
            <label class="field__label" for=id.clone()>{label}</label>
            {hint.map(|hint| view! { <p class="field__hint" id=hint_id.clone()>{hint}</p> })}
            <input
                id=id
                class="field__input"
                type=input_type
                autocomplete=kind.autocomplete
                inputmode=(!kind.inputmode.is_empty()).then_some(kind.inputmode)
                required=required
                aria-required=required.then_some("true")
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described_by
                prop:value=value
                on:input=move |event| on_input.run(event_target_value(&event))
            />
            {move || {
                error
                    .get()
                    .map(|message| {
                        view! { <p class="field__error" id=error_id.clone()>{message}</p> }
                    })
            }}
        </div>
    }
}

/// Moves focus to the first input of `ids` that is marked invalid, after the errors render.
pub fn focus_first_error(ids: Vec<String>) {
    request_animation_frame(move || {
        let document = document();
        for id in ids {
            if let Some(element) = document.get_element_by_id(&id)
                && element.get_attribute("aria-invalid").as_deref() == Some("true")
            {
                use wasm_bindgen::JsCast;
                if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
                    let _ = element.focus();
                }
                return;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    async fn an_error_marks_the_input_and_is_read_with_it() {
        let document = document();
        let parent: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
        document.body().unwrap().append_child(&parent).unwrap();
        let error = RwSignal::new(None::<String>);
        let value = RwSignal::new(String::from("1055"));
        let _handle = leptos::mount::mount_to(parent.clone(), move || {
            view! {
                <TextField
                    id="postal".to_owned()
                    label=Signal::derive(|| "Postal code".to_owned())
                    value
                    on_input=Callback::new(move |typed| value.set(typed))
                    error
                    required=true
                    hint=Some(Signal::derive(|| "For example: 12345".to_owned()))
                />
            }
        });
        let input = parent.query_selector("#postal").unwrap().unwrap();
        assert_eq!(input.get_attribute("aria-invalid"), None);
        assert_eq!(
            input.get_attribute("aria-describedby").as_deref(),
            Some("postal-hint")
        );
        let label = parent.query_selector("label[for=postal]").unwrap().unwrap();
        assert_eq!(label.text_content().unwrap(), "Postal code");

        error.set(Some("This is not a postal code in Germany.".into()));
        // Effects run on the next tick.
        leptos::task::tick().await;
        assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
        assert_eq!(
            input.get_attribute("aria-describedby").as_deref(),
            Some("postal-hint postal-error")
        );
        let message = parent.query_selector("#postal-error").unwrap().unwrap();
        assert_eq!(
            message.text_content().unwrap(),
            "This is not a postal code in Germany."
        );

        // What the buyer typed stays while the error shows.
        let input: web_sys::HtmlInputElement = input.unchecked_into();
        assert_eq!(input.value(), "1055");
        error.set(None);
        leptos::task::tick().await;
        assert!(parent.query_selector("#postal-error").unwrap().is_none());
    }
}
