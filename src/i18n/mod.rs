//! Every user-visible string, and locale-aware formatting through the browser's `Intl`.
//!
//! Messages are fields of a struct, one static value per language, so a missing translation
//! is a compile error rather than a blank on screen. Numbers, money and place names are formatted
//! by `Intl` (see [`format`]) instead of shipping locale data in the wasm.

pub mod en;
pub mod format;

use leptos::prelude::*;

/// A language the app is translated into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Locale {
    /// English.
    En,
}

impl Locale {
    /// The BCP 47 tag, as used by `Intl`, the API's `lang` parameter and `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
        }
    }

    /// This language's messages.
    pub fn messages(self) -> &'static Messages {
        match self {
            Self::En => &en::MESSAGES,
        }
    }
}

/// The app's texts in one language.
pub struct Messages {
    /// The store's name, in the header and page titles.
    pub store_name: &'static str,
    /// Link that jumps keyboard users past the header.
    pub skip_to_content: &'static str,
    /// Accessible name of the link to the home page.
    pub home_link_label: &'static str,
    /// Home page heading.
    pub home_heading: &'static str,
    /// Sentence under the home heading.
    pub home_lead: &'static str,
    /// Heading of the product grid on the home page.
    pub featured_heading: &'static str,
    /// Announced while products load.
    pub loading_products: &'static str,
    /// Shown when the catalog has no products.
    pub empty_catalog: &'static str,
    /// Where a product ships from: `{country}` is replaced by the localized country name.
    pub ships_from: &'static str,
    /// Shown on a product with no stock.
    pub sold_out: &'static str,
    /// Heading of an error panel.
    pub error_heading: &'static str,
    /// The store's server could not be reached.
    pub error_unreachable: &'static str,
    /// Added for developers when the app runs on their own machine; `{command}` is replaced by
    /// the command that starts the server.
    pub error_unreachable_dev_hint: &'static str,
    /// The server answered with something the app did not expect.
    pub error_unexpected: &'static str,
    /// The thing asked for does not exist.
    pub error_not_found: &'static str,
    /// The server is up but cannot serve right now.
    pub error_unavailable: &'static str,
    /// Button that tries a failed request again.
    pub retry: &'static str,
    /// Title and heading of the page for unknown addresses.
    pub not_found_heading: &'static str,
    /// Explanation on the page for unknown addresses.
    pub not_found_body: &'static str,
    /// Link from an error page back to the home page.
    pub back_home: &'static str,
    /// Footer line.
    pub footer_note: &'static str,
}

/// The app-wide i18n context: the current locale.
#[derive(Clone, Copy)]
pub struct I18n {
    locale: RwSignal<Locale>,
}

impl I18n {
    /// The current locale.
    pub fn locale(&self) -> Locale {
        self.locale.get()
    }

    /// The current locale's messages; reading it subscribes the caller to locale changes.
    pub fn t(&self) -> &'static Messages {
        self.locale.get().messages()
    }
}

/// Provides the i18n context to the app below the caller.
pub fn provide_i18n(locale: Locale) {
    provide_context(I18n {
        locale: RwSignal::new(locale),
    });
}

/// The i18n context; panics outside the app, where no component can run anyway.
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// Replaces the `{name}` placeholder in a message.
pub fn fill(message: &str, name: &str, value: &str) -> String {
    message.replace(&format!("{{{name}}}"), value)
}

/// The text before and after the `{name}` placeholder, for messages that wrap the value in
/// markup; the whole message and nothing after it when the placeholder is missing.
pub fn split_at_placeholder<'a>(message: &'a str, name: &str) -> (&'a str, &'a str) {
    message
        .split_once(&format!("{{{name}}}"))
        .unwrap_or((message, ""))
}
