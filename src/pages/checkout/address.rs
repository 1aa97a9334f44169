//! Step 1: contact and address, in the destination's own format: its fields in its order, its
//! labels, its required fields, its region list, and its postal-code and phone rules (the
//! domain's `validate_address`, which the server runs too).

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use storefront_domain::market::{
    AddressErrorKind, AddressField, Country, PostalLabel, RegionLabel, validate_address,
};
use storefront_domain::order::is_plausible_email;

use super::step_path;
use crate::components::text_field::{InputKind, TextField, focus_first_error};
use crate::i18n::{Messages, fill, format, use_i18n};
use crate::state::checkout::{Step, use_checkout};
use crate::state::market::use_market;

/// The contact and address form.
#[component]
pub fn AddressStep() -> impl IntoView {
    let i18n = use_i18n();
    let market = use_market();
    let checkout = use_checkout();
    let navigate = use_navigate();
    // Errors show once the buyer has tried to continue, then follow every keystroke.
    let checked = RwSignal::new(false);
    let email_error = move || {
        (checked.get()
            && !checkout
                .draft
                .with(|draft| is_plausible_email(&draft.email)))
        .then(|| i18n.t().email_invalid.to_owned())
    };
    let address_errors = Memo::new(move |_| {
        if !checked.get() {
            return Vec::new();
        }
        checkout
            .draft
            .with(|draft| validate_address(&draft.address).err().unwrap_or_default())
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        checked.set(true);
        // The form keeps what the buyer typed (Back shows it as typed); the server stores the
        // normalized form, as the confirmation shows.
        let valid = checkout.draft.with_untracked(|draft| {
            is_plausible_email(&draft.email) && validate_address(&draft.address).is_ok()
        });
        if valid {
            navigate(&step_path(i18n, Step::Delivery), Default::default());
        } else {
            let fields = market.country_untracked().address_format.fields;
            let ids = std::iter::once("email".to_owned())
                .chain(fields.iter().map(|field| field_id(*field)))
                .collect();
            focus_first_error(ids);
        }
    };
    let fields = move || {
        let country = market.country();
        country
            .address_format
            .fields
            .iter()
            .map(|&field| {
                let error = Signal::derive(move || {
                    address_errors.with(|errors| {
                        errors
                            .iter()
                            .find(|error| error.field == field)
                            .map(|error| {
                                error_message(
                                    error.kind,
                                    market.country(),
                                    i18n.t(),
                                    i18n.locale().tag(),
                                )
                            })
                    })
                });
                view! { <AddressInput country field error/> }
            })
            .collect_view()
    };
    view! {
        <form class="checkout-form" novalidate on:submit=submit>
            <h2 class="checkout-form__heading">{move || i18n.t().contact_heading}</h2>
            <TextField
                id="email".to_owned()
                label=Signal::derive(move || i18n.t().email_label.to_owned())
                hint=Some(Signal::derive(move || i18n.t().email_hint.to_owned()))
                value=Signal::derive(move || checkout.draft.with(|draft| draft.email.clone()))
                on_input=Callback::new(move |value: String| {
                    checkout.draft.update(|draft| draft.email = value)
                })
                error=Signal::derive(email_error)
                required=true
                kind=InputKind {
                    input_type: "email",
                    autocomplete: "email",
                    inputmode: "email",
                }
            />
            <h2 class="checkout-form__heading">{move || i18n.t().address_heading}</h2>
            <p class="checkout-form__note">
                {move || {
                    fill(
                        i18n.t().shipping_to_note,
                        "country",
                        &format::region_name(market.country().code, i18n.locale().tag()),
                    )
                }}
            </p>
            {fields}
            <button type="submit" class="button button--primary checkout-form__next">
                {move || i18n.t().continue_to_delivery}
            </button>
        </form>
    }
}

/// One address field, as text or, where the country lists its regions, as a choice.
#[component]
fn AddressInput(
    country: &'static Country,
    field: AddressField,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let checkout = use_checkout();
    let format = &country.address_format;
    let required = format.requires(field);
    let label = Signal::derive(move || {
        let t = i18n.t();
        let name = field_label(field, country, t);
        if required {
            name.to_owned()
        } else {
            fill(t.optional_field, "field", name)
        }
    });
    let value = Signal::derive(move || {
        checkout
            .draft
            .with(|draft| draft.address.field(field).unwrap_or_default().to_owned())
    });
    let set = move |value: String| {
        checkout.draft.update(|draft| {
            if let Some(slot) = draft.address.field_mut(field) {
                *slot = Some(value).filter(|v| !v.is_empty());
            }
        })
    };
    let id = field_id(field);
    if field == AddressField::Region && !format.regions.is_empty() {
        let error_id = format!("{id}-error");
        let regions = format.regions;
        return view! {
            <div class="field">
                <label class="field__label" for=id.clone()>{label}</label>
                <select
                    id=id
                    class="field__input"
                    autocomplete="address-level1"
                    required=required
                    aria-invalid=move || error.with(Option::is_some).then_some("true")
                    aria-describedby=move || error.with(Option::is_some).then(|| error_id.clone())
                    prop:value=value
                    on:change=move |event| set(event_target_value(&event))
                >
                    <option value="">{move || i18n.t().choose_option}</option>
                    {regions
                        .iter()
                        .map(|(code, name)| view! { <option value=*code>{*name}</option> })
                        .collect_view()}
                </select>
                {move || {
                    error.get().map(|message| {
                        view! { <p class="field__error" id=format!("{}-error", field_id(field))>{message}</p> }
                    })
                }}
            </div>
        }
        .into_any();
    }
    let hint = (field == AddressField::PostalCode)
        .then(|| postal_example(country))
        .flatten()
        .map(|example| {
            Signal::derive(move || fill(i18n.t().postal_code_hint, "example", &example))
        });
    view! {
        <TextField
            id
            label
            value
            on_input=Callback::new(set)
            error
            required
            hint
            kind=input_kind(field)
        />
    }
    .into_any()
}

/// The input's id.
fn field_id(field: AddressField) -> String {
    format!("address-{}", field_key(field))
}

fn field_key(field: AddressField) -> &'static str {
    match field {
        AddressField::Country => "country",
        AddressField::Name => "name",
        AddressField::Organization => "organization",
        AddressField::Line1 => "line1",
        AddressField::Line2 => "line2",
        AddressField::City => "city",
        AddressField::District => "district",
        AddressField::Region => "region",
        AddressField::PostalCode => "postal_code",
        AddressField::Phone => "phone",
    }
}

/// Type, autofill token and keyboard of a field.
fn input_kind(field: AddressField) -> InputKind {
    let (input_type, autocomplete, inputmode) = match field {
        AddressField::Name => ("text", "name", ""),
        AddressField::Organization => ("text", "organization", ""),
        AddressField::Line1 => ("text", "address-line1", ""),
        AddressField::Line2 => ("text", "address-line2", ""),
        AddressField::City => ("text", "address-level2", ""),
        AddressField::District => ("text", "address-level3", ""),
        AddressField::Region => ("text", "address-level1", ""),
        AddressField::PostalCode => ("text", "postal-code", ""),
        AddressField::Phone => ("tel", "tel", "tel"),
        AddressField::Country => ("text", "country", ""),
    };
    InputKind {
        input_type,
        autocomplete,
        inputmode,
    }
}

/// A field's label in the country's terms: a prefecture in Japan, a ZIP code in the US.
pub fn field_label(field: AddressField, country: &Country, t: &'static Messages) -> &'static str {
    let format = &country.address_format;
    match field {
        AddressField::Country => t.ship_to_label,
        AddressField::Name => t.field_name,
        AddressField::Organization => t.field_organization,
        AddressField::Line1 => t.field_line1,
        AddressField::Line2 => t.field_line2,
        AddressField::City => t.field_city,
        AddressField::District => t.field_district,
        AddressField::Phone => t.field_phone,
        AddressField::Region => match format.region_label {
            Some(RegionLabel::State) => t.field_state,
            Some(RegionLabel::Province) => t.field_province,
            Some(RegionLabel::Prefecture) => t.field_prefecture,
            Some(RegionLabel::Emirate) => t.field_emirate,
            Some(RegionLabel::County) | None => t.field_county,
        },
        AddressField::PostalCode => match format.postal_label {
            Some(PostalLabel::ZipCode) => t.field_zip_code,
            Some(PostalLabel::Postcode) => t.field_postcode,
            Some(PostalLabel::Cep) => t.field_cep,
            Some(PostalLabel::PostalCode) | None => t.field_postal_code,
        },
    }
}

/// What the buyer reads for an address error.
fn error_message(
    kind: AddressErrorKind,
    country: &Country,
    t: &'static Messages,
    locale: &str,
) -> String {
    let country_name = || format::region_name(country.code, locale);
    match kind {
        AddressErrorKind::Required => t.field_required.to_owned(),
        AddressErrorKind::TooLong => t.field_too_long.to_owned(),
        AddressErrorKind::InvalidCharacters => t.field_invalid_characters.to_owned(),
        AddressErrorKind::InvalidPostalCode => {
            let message = fill(t.postal_code_invalid, "country", &country_name());
            match postal_example(country) {
                Some(example) => {
                    format!(
                        "{message} {}",
                        fill(t.postal_code_hint, "example", &example)
                    )
                }
                None => message,
            }
        }
        AddressErrorKind::UnknownRegion => t.region_unknown.to_owned(),
        AddressErrorKind::InvalidPhone => fill(t.phone_invalid, "country", &country_name()),
        AddressErrorKind::UnsupportedCountry => t.country_unsupported.to_owned(),
    }
}

/// An example postal code in the country's first pattern: `12345`, `123-4567`, `AB1C 2DE`.
fn postal_example(country: &Country) -> Option<String> {
    let pattern = country.address_format.postal_patterns.first()?;
    let (mut digit, mut letter) = (b'1', b'A');
    Some(
        pattern
            .chars()
            .map(|slot| match slot {
                '9' => {
                    let c = char::from(digit);
                    digit = if digit == b'9' { b'0' } else { digit + 1 };
                    c
                }
                'A' => {
                    let c = char::from(letter);
                    letter += 1;
                    c
                }
                other => other,
            })
            .collect(),
    )
}
