//! Every user-visible string, and locale-aware formatting through the browser's `Intl`.
//!
//! Messages are fields of a struct, one static value per language, so a missing translation
//! is a compile error rather than a blank on screen. Numbers, money and place names are formatted
//! by `Intl` (see [`format`]) instead of shipping locale data in the wasm.

pub mod ar;
pub mod de;
pub mod en;
pub mod es;
pub mod format;
pub mod fr;
pub mod ja;
pub mod zh;

use leptos::prelude::*;

/// A language the app is translated into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Locale {
    /// English, the fallback.
    En,
    /// German.
    De,
    /// French.
    Fr,
    /// Spanish.
    Es,
    /// Chinese (Simplified).
    Zh,
    /// Japanese.
    Ja,
    /// Arabic, written right to left.
    Ar,
}

impl Locale {
    /// Every language, in the order the language menu lists them.
    pub const ALL: [Locale; 7] = [
        Self::En,
        Self::De,
        Self::Fr,
        Self::Es,
        Self::Zh,
        Self::Ja,
        Self::Ar,
    ];

    /// The BCP 47 tag, as used by `Intl`, the API's `lang` parameter, `<html lang>` and the
    /// first segment of every path.
    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::De => "de",
            Self::Fr => "fr",
            Self::Es => "es",
            Self::Zh => "zh",
            Self::Ja => "ja",
            Self::Ar => "ar",
        }
    }

    /// The locale with tag `tag` (exactly, as in a path); `None` for any other text.
    pub fn from_tag(tag: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|locale| locale.tag() == tag)
    }

    /// `"rtl"` for languages written right to left, else `"ltr"`: the page's `dir`.
    pub fn dir(self) -> &'static str {
        if storefront_domain::market::is_rtl(self.tag()) {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// This language's messages.
    pub fn messages(self) -> &'static Messages {
        match self {
            Self::En => &en::MESSAGES,
            Self::De => &de::MESSAGES,
            Self::Fr => &fr::MESSAGES,
            Self::Es => &es::MESSAGES,
            Self::Zh => &zh::MESSAGES,
            Self::Ja => &ja::MESSAGES,
            Self::Ar => &ar::MESSAGES,
        }
    }
}

/// Declares [`Messages`] and [`Messages::entries`] from one list of fields, so the
/// completeness test sees every field without a second list to keep in step.
macro_rules! messages {
    ($($(#[doc = $doc:literal])* $name:ident: $kind:ty,)*) => {
        /// The app's texts in one language. Every language but English ends its value with
        /// `..en::MESSAGES`, so a message not yet translated shows in English rather than
        /// breaking the build; a test finds every such message.
        pub struct Messages {
            $($(#[doc = $doc])* pub $name: $kind,)*
        }

        impl Messages {
            /// Every message's name and texts (a plural's forms), in declaration order.
            pub fn entries(&self) -> Vec<(&'static str, Vec<&'static str>)> {
                vec![$((stringify!($name), Texts::texts(&self.$name)),)*]
            }
        }
    };
}

/// The texts of one message, for comparing languages.
trait Texts {
    fn texts(&self) -> Vec<&'static str>;
}

impl Texts for &'static str {
    fn texts(&self) -> Vec<&'static str> {
        vec![*self]
    }
}

impl Texts for Plural {
    fn texts(&self) -> Vec<&'static str> {
        [
            self.zero,
            self.one,
            self.two,
            self.few,
            self.many,
            Some(self.other),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

messages! {
    /// The store's name, in the header and page titles.
    store_name: &'static str,
    /// Link that jumps keyboard users past the header.
    skip_to_content: &'static str,
    /// Accessible name of the link to the home page.
    home_link_label: &'static str,
    /// Home page heading.
    home_heading: &'static str,
    /// Sentence under the home heading.
    home_lead: &'static str,
    /// Heading of the category links on the home page.
    categories_heading: &'static str,
    /// Heading of the product grid on the home page.
    featured_heading: &'static str,
    /// Announced while products load.
    loading_products: &'static str,
    /// Shown when the catalog has no products.
    empty_catalog: &'static str,
    /// Where a product ships from: `{country}` is replaced by the localized country name.
    ships_from: &'static str,
    /// Shown on a product with no stock.
    sold_out: &'static str,
    /// Heading of an error panel.
    error_heading: &'static str,
    /// The store's server could not be reached.
    error_unreachable: &'static str,
    /// Added for developers when the app runs on their own machine; `{command}` is replaced by
    /// the command that starts the server.
    error_unreachable_dev_hint: &'static str,
    /// Shown without JavaScript on the pages that keep their state in the browser.
    needs_javascript: &'static str,
    /// Under a product's add-to-cart button, seen only without JavaScript.
    add_to_cart_needs_javascript: &'static str,
    /// The code of the page the buyer opened could not be downloaded.
    error_page_not_loaded: &'static str,
    /// The server answered with something the app did not expect.
    error_unexpected: &'static str,
    /// The thing asked for does not exist.
    error_not_found: &'static str,
    /// The server is up but cannot serve right now.
    error_unavailable: &'static str,
    /// Button that tries a failed request again.
    retry: &'static str,
    /// Title and heading of the page for unknown addresses.
    not_found_heading: &'static str,
    /// Explanation on the page for unknown addresses.
    not_found_body: &'static str,
    /// Link from an error page back to the home page.
    back_home: &'static str,
    /// Footer line.
    footer_note: &'static str,
    /// Accessible name of the market control (language, country, currency).
    market_label: &'static str,
    /// Label of the language menu.
    language_label: &'static str,
    /// Label of the ship-to country menu.
    ship_to_label: &'static str,
    /// Label of the currency menu.
    currency_label: &'static str,
    /// Button that closes a panel whose changes already apply.
    done: &'static str,
    /// Header link to the whole catalog.
    shop_link: &'static str,
    /// On a product that cannot be shipped to the buyer: `{country}` is the country's name.
    not_shipped_to: &'static str,
    /// Title and heading of the catalog.
    catalog_heading: &'static str,
    /// The catalog's meta description.
    catalog_description: &'static str,
    /// The search box's label and placeholder.
    search_label: &'static str,
    /// The search button.
    search_button: &'static str,
    /// Accessible name of the list of suggestions under the search box.
    suggestions_label: &'static str,
    /// Announced when suggestions appear.
    suggestions_count: Plural,
    /// A suggested category: `{category}` is its name.
    suggested_category: &'static str,
    /// Above search results: `{query}` is what was searched for.
    search_results_for: &'static str,
    /// When no product has every word searched for, above those that have some.
    search_partial: &'static str,
    /// Sort order of search results: best match first.
    sort_relevance: &'static str,
    /// When a search found nothing, before a link to a close query that finds something:
    /// `{query}` is that query.
    did_you_mean: &'static str,
    /// The button that applies the catalog's filters where the page cannot (JavaScript off).
    apply_filters: &'static str,
    /// Accessible name of the group of filters.
    filters_label: &'static str,
    /// Label of the category menu.
    category_label: &'static str,
    /// The category menu's choice of every category.
    all_categories: &'static str,
    /// Category names, by the API's keys.
    category_kitchen: &'static str,
    /// See `category_kitchen`.
    category_home: &'static str,
    /// See `category_kitchen`.
    category_food: &'static str,
    /// See `category_kitchen`.
    category_electronics: &'static str,
    /// See `category_kitchen`.
    category_apparel: &'static str,
    /// See `category_kitchen`.
    category_beauty: &'static str,
    /// See `category_kitchen`.
    category_stationery: &'static str,
    /// See `category_kitchen`.
    category_toys: &'static str,
    /// Label of the lowest-price field.
    min_price_label: &'static str,
    /// Label of the highest-price field.
    max_price_label: &'static str,
    /// Under the price fields: `{currency}` is the buyer's currency code.
    price_hint: &'static str,
    /// Instead of the hint when a price is not a number: `{currency}` as in `price_hint`.
    price_invalid: &'static str,
    /// Label of the sort menu.
    sort_label: &'static str,
    /// Sort orders.
    sort_featured: &'static str,
    /// See `sort_featured`.
    sort_price_asc: &'static str,
    /// See `sort_featured`.
    sort_price_desc: &'static str,
    /// See `sort_featured`.
    sort_name: &'static str,
    /// The ships-to filter: `{country}` is the buyer's country's name.
    ships_to_me: &'static str,
    /// A filter's choice with how many products it leaves: `{label}` and `{count}`.
    with_count: &'static str,
    /// Label of the maker filter.
    maker_label: &'static str,
    /// The maker filter's choice of every maker.
    all_makers: &'static str,
    /// Label of the filter by the country goods ship from.
    origin_label: &'static str,
    /// That filter's choice of every country.
    all_origins: &'static str,
    /// Label of the filter by delivery day.
    arrives_label: &'static str,
    /// That filter's choice of any day.
    any_arrival: &'static str,
    /// A delivery day to filter by: `{date}` is the day.
    arrives_by_date: &'static str,
    /// The filter for products with duties and taxes paid at checkout.
    nothing_at_door: &'static str,
    /// The button that opens the filters on a phone.
    filters_button: &'static str,
    /// The button that closes them and shows the products.
    show_results: &'static str,
    /// When nothing matched: the filters, each a link that removes it.
    remove_filters_heading: &'static str,
    /// One of those links: `{filter}` says what the filter is.
    remove_filter: &'static str,
    /// How many products match.
    products_found: Plural,
    /// Under the count: `{date}` is the exchange rates' as-of date.
    prices_converted: &'static str,
    /// When no product matches the filters.
    no_results: &'static str,
    /// Link back to the unfiltered catalog.
    clear_filters: &'static str,
    /// Accessible name of the page links.
    pagination_label: &'static str,
    /// Link to the previous page of results.
    previous_page: &'static str,
    /// Link to the next page of results.
    next_page: &'static str,
    /// Where the buyer is among the pages: `{page}` of `{pages}`.
    page_of: &'static str,
    /// Announced while a product loads.
    loading_product: &'static str,
    /// Under a converted price: `{price}` in the seller's currency, rates of `{date}`.
    converted_from: &'static str,
    /// Stock when plenty is left.
    in_stock: &'static str,
    /// Stock when little is left.
    only_left: Plural,
    /// Heading of the delivery estimate: `{country}` is the buyer's country's name.
    delivery_to: &'static str,
    /// The cheapest service's label.
    cheapest: &'static str,
    /// The fastest service's label.
    fastest: &'static str,
    /// Service levels.
    level_economy: &'static str,
    /// See `level_economy`.
    level_standard: &'static str,
    /// See `level_economy`.
    level_expedited: &'static str,
    /// One service's estimate: `{carrier}` name, service `{level}`, shipping `{price}` and
    /// delivery `{window}` (an `arrives_between` text).
    service_estimate: &'static str,
    /// A delivery window: from `{earliest}` to `{latest}`.
    arrives_between: &'static str,
    /// Duties and taxes with the cheapest service paid at checkout: `{amount}`.
    duties_estimate: &'static str,
    /// When no carrier service takes the product to the buyer's country.
    no_delivery: &'static str,
    /// Why a product cannot be shipped: biosecurity law.
    restriction_biosecurity: &'static str,
    /// Why a product cannot be shipped: alcohol banned.
    restriction_alcohol: &'static str,
    /// Why a product cannot be shipped: blades need an age check.
    restriction_blade: &'static str,
    /// Why a product cannot be shipped: food needs a permit.
    restriction_food_permit: &'static str,
    /// Legend of the variant choice.
    choose_variant: &'static str,
    /// Label of a quantity field.
    quantity_label: &'static str,
    /// The add-to-cart button.
    add_to_cart: &'static str,
    /// Announced after adding.
    added_to_cart: &'static str,
    /// Announced when stock capped what was added: the cart now holds `{count}`.
    added_capped: Plural,
    /// Announced when nothing could be added.
    not_added: &'static str,
    /// Link to the cart after adding.
    view_cart: &'static str,
    /// Title and heading of the cart.
    cart_heading: &'static str,
    /// The cart's meta description.
    cart_description: &'static str,
    /// An empty cart.
    cart_empty: &'static str,
    /// Link from an empty cart to the catalog.
    continue_shopping: &'static str,
    /// Heading of the notice of what changed since the buyer added things.
    cart_changed: &'static str,
    /// A price changed: `{name}` from `{was}` to `{now}`.
    price_changed: &'static str,
    /// Stock fell below the quantity: `{name}`, `{count}` now in the cart.
    quantity_reduced: Plural,
    /// `{name}` sold out and left the cart.
    sold_out_removed: &'static str,
    /// `{name}` no longer exists and left the cart.
    no_longer_available: &'static str,
    /// The remove button.
    remove: &'static str,
    /// The remove button's accessible name: `{name}` of the product.
    remove_named: &'static str,
    /// Heading of the totals.
    summary_heading: &'static str,
    /// The goods' total.
    subtotal: &'static str,
    /// While the estimate is asked for.
    estimating: &'static str,
    /// Shipping with the cheapest services.
    shipping_cheapest: &'static str,
    /// Duties and taxes, estimated.
    duties_and_taxes: &'static str,
    /// Goods, cheapest shipping, and duties and taxes together.
    estimated_total: &'static str,
    /// Under the totals.
    estimate_note: &'static str,
    /// When some shipment cannot go to `{country}`.
    cannot_estimate: &'static str,
    /// The header's cart link.
    cart_link: &'static str,
    /// The header cart link's accessible name with how many units it holds. Every form must
    /// show `{count}` and start with `cart_link`: the link shows both, and its name must
    /// contain what it shows.
    cart_link_count: Plural,
    /// Button in the cart that starts the checkout.
    checkout_button: &'static str,
    /// Heading and title of the checkout.
    checkout_heading: &'static str,
    /// Meta description of the checkout.
    checkout_description: &'static str,
    /// Accessible name of the step indicator.
    checkout_steps_label: &'static str,
    /// Step 1's name.
    step_address: &'static str,
    /// Step 2's name.
    step_delivery: &'static str,
    /// Step 3's name.
    step_payment: &'static str,
    /// Step 4's name.
    step_review: &'static str,
    /// Heading of the contact fields.
    contact_heading: &'static str,
    /// Label of the email field.
    email_label: &'static str,
    /// Hint under the email label.
    email_hint: &'static str,
    /// Error of a mistyped email address.
    email_invalid: &'static str,
    /// Heading of the address fields.
    address_heading: &'static str,
    /// Says where the address is; {country} is the ship-to country.
    shipping_to_note: &'static str,
    /// An optional field's label; {field} is its name.
    optional_field: &'static str,
    /// Address field: recipient.
    field_name: &'static str,
    /// Address field: company.
    field_organization: &'static str,
    /// Address field: street.
    field_line1: &'static str,
    /// Address field: apartment.
    field_line2: &'static str,
    /// Address field: city.
    field_city: &'static str,
    /// Address field: district below the city.
    field_district: &'static str,
    /// Region field where it is a state.
    field_state: &'static str,
    /// Region field where it is a province.
    field_province: &'static str,
    /// Region field in Japan.
    field_prefecture: &'static str,
    /// Region field in the UAE.
    field_emirate: &'static str,
    /// Region field in the UK.
    field_county: &'static str,
    /// Postal code, the neutral name.
    field_postal_code: &'static str,
    /// Postal code in the US.
    field_zip_code: &'static str,
    /// Postal code in the UK and Australia.
    field_postcode: &'static str,
    /// Postal code in Brazil.
    field_cep: &'static str,
    /// Address field: phone.
    field_phone: &'static str,
    /// First, empty option of a list.
    choose_option: &'static str,
    /// Error of an empty required field.
    field_required: &'static str,
    /// Error of a too long field.
    field_too_long: &'static str,
    /// Error of line breaks or control characters.
    field_invalid_characters: &'static str,
    /// Error of a bad postal code; {country} names the country.
    postal_code_invalid: &'static str,
    /// Example of the postal code format; {example} is one.
    postal_code_hint: &'static str,
    /// Error of an unknown region.
    region_unknown: &'static str,
    /// Error of a bad phone number; {country} names the country.
    phone_invalid: &'static str,
    /// Error of a country the store does not ship to.
    country_unsupported: &'static str,
    /// Button of step 1.
    continue_to_delivery: &'static str,
    /// Heading of step 2.
    delivery_heading: &'static str,
    /// Said while the delivery options load.
    loading_delivery: &'static str,
    /// A shipment's heading; {seller} and {country} say who ships it from where.
    shipment_from: &'static str,
    /// Link to the cart to remove what cannot be shipped.
    remove_in_cart: &'static str,
    /// Badge of the best rated service.
    best_rated: &'static str,
    /// Link to a carrier's ratings; {carrier} names it.
    carrier_scorecard: &'static str,
    /// A service's score; {score} is out of 7.
    rating_value: &'static str,
    /// Instead of a score when there are few ratings.
    too_few_ratings: &'static str,
    /// Heading of the add-ons.
    add_ons_heading: &'static str,
    /// When the chosen service offers no add-ons.
    no_add_ons: &'static str,
    /// Add-on.
    add_on_special_packaging: &'static str,
    /// Add-on.
    add_on_insurance: &'static str,
    /// Add-on.
    add_on_signature: &'static str,
    /// Add-on.
    add_on_gift_wrap: &'static str,
    /// Label of the note for the carrier.
    delivery_note_label: &'static str,
    /// Example note.
    delivery_note_placeholder: &'static str,
    /// Why a service refuses: battery by air.
    refusal_dangerous_goods: &'static str,
    /// Why a service refuses: liquid weight.
    refusal_liquid: &'static str,
    /// Why a service refuses: carrier policy.
    refusal_policy: &'static str,
    /// Button of step 2.
    continue_to_payment: &'static str,
    /// Heading of the duty terms.
    duties_heading: &'static str,
    /// DDP option.
    terms_ddp: &'static str,
    /// DDU option.
    terms_ddu: &'static str,
    /// DDP amount; {amount} is paid now.
    duties_now_amount: &'static str,
    /// DDU amount; {amount} is collected on delivery.
    duties_later_amount: &'static str,
    /// A duty line; {rate} is the rate, {chapter} the tariff chapter.
    charge_duty: &'static str,
    /// An import VAT/GST line; {rate} is the rate.
    charge_vat: &'static str,
    /// The carrier's fee under DDU.
    charge_collection_fee: &'static str,
    /// What is paid when, under DDU.
    pay_now_and_later: &'static str,
    /// What is paid when, under DDP.
    pay_now_nothing_later: &'static str,
    /// When no duties or taxes apply.
    pay_now_no_duties: &'static str,
    /// Heading of the payment methods.
    payment_heading: &'static str,
    /// Error when no method is chosen.
    choose_payment_method: &'static str,
    /// Title of the test-mode notice.
    test_mode_title: &'static str,
    /// Body of the test-mode notice.
    test_mode_body: &'static str,
    /// Test mode note for methods other than cards.
    test_mode_other_method: &'static str,
    /// Payment method.
    method_card: &'static str,
    /// Payment method.
    method_sepa_debit: &'static str,
    /// Payment method.
    method_konbini: &'static str,
    /// Payment method.
    method_oxxo: &'static str,
    /// Payment method.
    method_boleto: &'static str,
    /// Accessible name of the card fields.
    card_details: &'static str,
    /// Card field.
    card_number: &'static str,
    /// Card field.
    card_expiry: &'static str,
    /// Expiry format.
    card_expiry_hint: &'static str,
    /// Card field.
    card_cvc: &'static str,
    /// Where the security code is.
    card_cvc_hint: &'static str,
    /// Card field.
    card_holder: &'static str,
    /// Reassurance about card storage.
    card_not_stored: &'static str,
    /// Error of a mistyped card number.
    card_number_invalid: &'static str,
    /// Error of a bad expiry.
    card_expiry_invalid: &'static str,
    /// Error of an expired card.
    card_expired: &'static str,
    /// Error of a bad security code.
    card_cvc_invalid: &'static str,
    /// Button of step 3.
    continue_to_review: &'static str,
    /// Heading of step 4.
    review_heading: &'static str,
    /// Link back to a step.
    change: &'static str,
    /// Button; {total} is what will be charged.
    place_order: &'static str,
    /// Button after a renewed quote; {total} is the new total.
    confirm_and_place: &'static str,
    /// Button while the order is placed.
    placing_order: &'static str,
    /// Under the button.
    place_order_note: &'static str,
    /// Title of the renewed-quote notice.
    quote_renewed: &'static str,
    /// A total that changed.
    total_changed: &'static str,
    /// A delivery window that moved; {seller} ships it.
    window_changed: &'static str,
    /// A declined payment.
    payment_declined: &'static str,
    /// Something sold out.
    order_out_of_stock: &'static str,
    /// The renewed quote no longer offers a choice.
    choices_changed: &'static str,
    /// The server refused some details.
    order_fields_refused: &'static str,
    /// Link to the step to fix.
    fix_this: &'static str,
    /// Totals row.
    shipping: &'static str,
    /// Totals row.
    duties_paid_now: &'static str,
    /// Totals row: the charge.
    total_charged: &'static str,
    /// Totals row: collected later.
    due_on_delivery: &'static str,
    /// Before a service is chosen.
    totals_after_delivery: &'static str,
    /// Confirmation heading.
    order_placed_heading: &'static str,
    /// An order's number; {number} is it.
    order_number: &'static str,
    /// What was charged and where the email goes.
    charged_to_email: &'static str,
    /// Test mode on the confirmation.
    test_mode_no_money: &'static str,
    /// Heading of the next steps.
    what_happens_next: &'static str,
    /// Next step 1.
    next_packing: &'static str,
    /// Next step 2.
    next_tracking: &'static str,
    /// Next step for DDU; {amount} is due.
    next_duties_on_delivery: &'static str,
    /// Next step 3.
    next_feedback: &'static str,
    /// Button to the order page.
    view_order: &'static str,
    /// Label of the order link.
    order_link_label: &'static str,
    /// Hint under the order link.
    order_link_hint: &'static str,
    /// Link and heading.
    my_orders: &'static str,
    /// Meta description.
    my_orders_description: &'static str,
    /// Explains where the list comes from.
    my_orders_note: &'static str,
    /// Empty state.
    no_orders: &'static str,
    /// Accessible name of the footer links.
    footer_nav_label: &'static str,
    /// Heading and title of an order's page.
    order_heading: &'static str,
    /// Meta description of an order's page.
    order_description: &'static str,
    /// Said while an order loads.
    loading_order: &'static str,
    /// When an order was placed; {date} is the day.
    placed_on: &'static str,
    /// Heading of an order's payment.
    payment_heading_short: &'static str,
    /// A shipment of an order; {seller} ships it.
    shipment_by: &'static str,
    /// A shipment's tracking number; {number} is it.
    tracking_number: &'static str,
    /// Heading of the carriers page.
    carriers_heading: &'static str,
    /// Meta description of the carriers pages.
    carriers_description: &'static str,
    /// Intro of the carriers page.
    carriers_intro: &'static str,
    /// Transport mode.
    mode_air: &'static str,
    /// Transport mode.
    mode_surface: &'static str,
    /// SERVQUAL dimension.
    dimension_reliability: &'static str,
    /// SERVQUAL dimension.
    dimension_responsiveness: &'static str,
    /// SERVQUAL dimension.
    dimension_assurance: &'static str,
    /// SERVQUAL dimension.
    dimension_empathy: &'static str,
    /// SERVQUAL dimension.
    dimension_tangibles: &'static str,
    /// Title of the gap chart and table.
    gap_chart_title: &'static str,
    /// Heading of the monthly trend.
    trend_heading: &'static str,
    /// Text alternative of the trend chart.
    trend_chart_alt: &'static str,
    /// Disclosure of a chart's table.
    show_table: &'static str,
    /// Explains the sign of gaps.
    shortfall_note: &'static str,
    /// Empty state of a scorecard.
    no_ratings_yet: &'static str,
    /// Link back to all carriers.
    all_carriers: &'static str,
    /// A carrier's scorecard heading; {carrier} names it.
    scorecard_heading: &'static str,
    /// Table column.
    col_dimension: &'static str,
    /// Table column.
    col_perception: &'static str,
    /// Table column.
    col_expectation: &'static str,
    /// Table column.
    col_gap: &'static str,
    /// Table column.
    col_ci: &'static str,
    /// Table column.
    col_responses: &'static str,
    /// Table column.
    col_month: &'static str,
    /// Footer link to the carriers.
    carriers_link: &'static str,
    /// Tracking status.
    status_label_created: &'static str,
    /// Tracking status.
    status_picked_up: &'static str,
    /// Tracking status.
    status_in_transit: &'static str,
    /// Tracking status.
    status_at_customs: &'static str,
    /// Tracking status.
    status_customs_hold: &'static str,
    /// Tracking status.
    status_held_for_duty_payment: &'static str,
    /// Tracking status.
    status_released: &'static str,
    /// Tracking status.
    status_out_for_delivery: &'static str,
    /// Tracking status.
    status_available_for_pickup: &'static str,
    /// Tracking status.
    status_failed_attempt: &'static str,
    /// Tracking status.
    status_delivered: &'static str,
    /// Tracking status.
    status_delayed: &'static str,
    /// Tracking status.
    status_returned_to_sender: &'static str,
    /// Tracking status.
    status_lost: &'static str,
    /// Journey stage.
    stage_ordered: &'static str,
    /// Journey stage.
    stage_shipped: &'static str,
    /// Journey stage.
    stage_in_transit: &'static str,
    /// Journey stage.
    stage_customs: &'static str,
    /// Journey stage.
    stage_out_for_delivery: &'static str,
    /// Journey stage.
    stage_delivered: &'static str,
    /// Accessible name of the progress bar.
    journey_label: &'static str,
    /// Customs hold explained.
    explain_customs_hold: &'static str,
    /// Duties due explained; {amount} is due.
    explain_duty_payment: &'static str,
    /// Failed attempt explained.
    explain_failed_attempt: &'static str,
    /// Delay explained.
    explain_delayed: &'static str,
    /// Pickup explained.
    explain_pickup: &'static str,
    /// Return explained.
    explain_returned: &'static str,
    /// Loss explained.
    explain_lost: &'static str,
    /// Live status line.
    connection_connecting: &'static str,
    /// Live status line.
    connection_live: &'static str,
    /// Live status line.
    connection_reconnecting: &'static str,
    /// Live status line.
    connection_offline: &'static str,
    /// Heading of a shipment's events.
    tracking_heading: &'static str,
    /// Before the first event.
    no_events_yet: &'static str,
    /// A service's number of ratings.
    rating_count: Plural,
    /// Heading of an order's messages.
    messages_heading: &'static str,
    /// Under the messages heading.
    messages_intro: &'static str,
    /// A party's typical response time; {party} names it, {time} is a duration.
    usually_answers_within: &'static str,
    /// When a party has no timed replies yet; {party} names it.
    no_reply_times_yet: &'static str,
    /// Author line of the buyer's own message; {party} is the recipient.
    message_you_to: &'static str,
    /// Empty state of the messages.
    no_messages_yet: &'static str,
    /// A message that is empty or too long.
    message_length_error: &'static str,
    /// Role of a message recipient.
    party_seller: &'static str,
    /// Role of a message recipient.
    party_carrier: &'static str,
    /// Characters typed; {used} of {max}.
    characters_used: &'static str,
    /// Label of the recipient menu.
    message_to: &'static str,
    /// Label of the message box.
    message_label: &'static str,
    /// A send button while it sends.
    sending: &'static str,
    /// Button that sends a message.
    send_message: &'static str,
    /// Heading and title of the feedback form.
    feedback_heading: &'static str,
    /// Meta description of the feedback form.
    feedback_description: &'static str,
    /// Link back to the order page.
    back_to_order: &'static str,
    /// Feedback before delivery.
    feedback_not_delivered: &'static str,
    /// Feedback given twice.
    feedback_already_rated: &'static str,
    /// Intro of the form; {carrier} delivered the parcel from {seller}.
    feedback_intro: &'static str,
    /// The answer scale explained.
    scale_hint: &'static str,
    /// Summary of unanswered statements.
    feedback_items_missing: Plural,
    /// Importance split that does not add up.
    importance_error: &'static str,
    /// Comment too long.
    comment_length_error: &'static str,
    /// Label of the comment box.
    comment_label: &'static str,
    /// Hint of the comment box.
    comment_hint: &'static str,
    /// Button that sends the feedback.
    submit_feedback: &'static str,
    /// Question of each statement.
    what_i_expected: &'static str,
    /// Question of each statement.
    what_i_got: &'static str,
    /// A statement with an answer missing.
    answer_both: &'static str,
    /// Heading of the importance split.
    importance_heading: &'static str,
    /// Checkbox that shows the importance split.
    importance_toggle: &'static str,
    /// Running total of the split; {total} of {max}.
    importance_total: &'static str,
    /// After the feedback was sent.
    feedback_thanks: &'static str,
    /// The buyer's overall score; {score} is a signed gap.
    your_weighted_score: &'static str,
    /// Heading of the comparison with the carrier's averages.
    compare_heading: &'static str,
    /// Table column.
    col_your_perception: &'static str,
    /// Table column.
    col_carrier_perception: &'static str,
    /// Table column.
    col_your_gap: &'static str,
    /// Table column.
    col_carrier_gap: &'static str,
    /// Link to the carrier's scorecard.
    see_scorecard: &'static str,
    /// SERVQUAL statement rel_on_time.
    item_rel_on_time: &'static str,
    /// SERVQUAL statement rel_intact.
    item_rel_intact: &'static str,
    /// SERVQUAL statement rsp_contact.
    item_rsp_contact: &'static str,
    /// SERVQUAL statement rsp_updates.
    item_rsp_updates: &'static str,
    /// SERVQUAL statement asr_trust.
    item_asr_trust: &'static str,
    /// SERVQUAL statement asr_costs.
    item_asr_costs: &'static str,
    /// SERVQUAL statement emp_options.
    item_emp_options: &'static str,
    /// SERVQUAL statement emp_language.
    item_emp_language: &'static str,
    /// SERVQUAL statement tan_packaging.
    item_tan_packaging: &'static str,
    /// SERVQUAL statement tan_interface.
    item_tan_interface: &'static str,
    /// Invitation on a delivered shipment.
    feedback_invite_title: &'static str,
    /// Invitation text.
    feedback_invite: &'static str,
    /// Link to the feedback form.
    rate_delivery: &'static str,
    /// Heading and title of the seller insights.
    insights_heading: &'static str,
    /// Meta description of the seller insights.
    insights_description: &'static str,
    /// Intro of the seller insights.
    insights_intro: &'static str,
    /// Label of the seller key field.
    seller_key_label: &'static str,
    /// Hint of the seller key field.
    seller_key_hint: &'static str,
    /// A key that is no seller's.
    seller_key_error: &'static str,
    /// Button that opens the insights.
    open_insights: &'static str,
    /// Said while the insights load.
    loading_insights: &'static str,
    /// Heading of a seller's report; {seller} names it.
    insights_for: &'static str,
    /// How many responses a figure rests on.
    based_on_responses: Plural,
    /// Heading of the ranked statements.
    shortfalls_heading: &'static str,
    /// Table column.
    col_rank: &'static str,
    /// Table column.
    col_statement: &'static str,
    /// Heading of the buyers' comments.
    comments_heading: &'static str,
    /// Empty state of the comments.
    no_comments: &'static str,
    /// Heading of the carriers' trends.
    carrier_gaps_heading: &'static str,
    /// Footer link to the seller insights.
    insights_link: &'static str,
}

impl Messages {
    /// The name of the category with API key `key`; the key itself for an unknown one.
    pub fn category_name(&self, key: &str) -> &'static str {
        match key {
            "kitchen" => self.category_kitchen,
            "home" => self.category_home,
            "food" => self.category_food,
            "electronics" => self.category_electronics,
            "apparel" => self.category_apparel,
            "beauty" => self.category_beauty,
            "stationery" => self.category_stationery,
            "toys" => self.category_toys,
            _ => "",
        }
    }

    /// A service level's name.
    pub fn level_name(&self, level: storefront_domain::carrier::ServiceLevel) -> &'static str {
        use storefront_domain::carrier::ServiceLevel;
        match level {
            ServiceLevel::Economy => self.level_economy,
            ServiceLevel::Standard => self.level_standard,
            ServiceLevel::Expedited => self.level_expedited,
        }
    }

    /// Why a destination refuses a product.
    pub fn restriction_reason(
        &self,
        reason: storefront_domain::landed_cost::RestrictionReason,
    ) -> &'static str {
        use storefront_domain::landed_cost::RestrictionReason;
        match reason {
            RestrictionReason::Biosecurity => self.restriction_biosecurity,
            RestrictionReason::AlcoholBanned => self.restriction_alcohol,
            RestrictionReason::BladeAgeVerification => self.restriction_blade,
            RestrictionReason::FoodPermitRequired => self.restriction_food_permit,
        }
    }

    /// Why a carrier service refuses a parcel.
    pub fn refusal_reason(
        &self,
        reason: storefront_domain::carrier::RefusalReason,
    ) -> &'static str {
        use storefront_domain::carrier::RefusalReason;
        match reason {
            RefusalReason::DangerousGoodsByAir => self.refusal_dangerous_goods,
            RefusalReason::LiquidOverWeightLimit => self.refusal_liquid,
            RefusalReason::CarrierPolicy => self.refusal_policy,
        }
    }

    /// A SERVQUAL statement by its item id; the id itself for an unknown one.
    pub fn servqual_item(&self, id: &str) -> &'static str {
        match id {
            "rel_on_time" => self.item_rel_on_time,
            "rel_intact" => self.item_rel_intact,
            "rsp_contact" => self.item_rsp_contact,
            "rsp_updates" => self.item_rsp_updates,
            "asr_trust" => self.item_asr_trust,
            "asr_costs" => self.item_asr_costs,
            "emp_options" => self.item_emp_options,
            "emp_language" => self.item_emp_language,
            "tan_packaging" => self.item_tan_packaging,
            "tan_interface" => self.item_tan_interface,
            _ => "",
        }
    }

    /// An add-on's name.
    pub fn add_on_name(&self, add_on: storefront_domain::carrier::AddOn) -> &'static str {
        use storefront_domain::carrier::AddOn;
        match add_on {
            AddOn::SpecialPackaging => self.add_on_special_packaging,
            AddOn::Insurance => self.add_on_insurance,
            AddOn::Signature => self.add_on_signature,
            AddOn::GiftWrap => self.add_on_gift_wrap,
        }
    }
}

/// Picks one message, for tables of choices whose labels follow the language.
pub type Label = fn(&Messages) -> &'static str;

/// The app-wide i18n context: the current locale.
#[derive(Clone, Copy)]
pub struct I18n {
    locale: Signal<Locale>,
}

impl I18n {
    /// The current locale.
    pub fn locale(&self) -> Locale {
        self.locale.get()
    }

    /// "arrives {earliest} – {latest}" for a delivery window.
    pub fn arrives(&self, window: storefront_domain::carrier::DeliveryWindow) -> String {
        let locale = self.locale().tag();
        let text = fill(
            self.t().arrives_between,
            "earliest",
            &format::date(window.earliest, locale),
        );
        fill(&text, "latest", &format::date(window.latest, locale))
    }

    /// "Can't be shipped to {country}" for the country with ISO code `country`.
    pub fn not_shipped_to(&self, country: &str) -> String {
        let name = format::region_name(country, self.locale().tag());
        fill(self.t().not_shipped_to, "country", &name)
    }

    /// `rest` (starting with `/`, or empty for the home page) under the current language's
    /// path, e.g. `/products` → `/de/products`.
    pub fn path(&self, rest: &str) -> String {
        format!("/{}{rest}", self.locale().tag())
    }

    /// The current locale's messages; reading it subscribes the caller to locale changes.
    pub fn t(&self) -> &'static Messages {
        self.locale.get().messages()
    }
}

/// Provides the i18n context to the app below the caller, following `locale`.
pub fn provide_i18n(locale: impl Into<Signal<Locale>>) {
    provide_context(I18n {
        locale: locale.into(),
    });
}

/// The i18n context; panics outside the app, where no component can run anyway.
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// A message with one form per plural category of `Intl.PluralRules`; `{count}` in it is
/// replaced by the number, formatted for the locale. A missing category uses `other`.
pub struct Plural {
    /// For 0 where the language has a form for it (Arabic).
    pub zero: Option<&'static str>,
    /// For 1 and, in some languages, other numbers.
    pub one: Option<&'static str>,
    /// For 2 where the language has a dual (Arabic).
    pub two: Option<&'static str>,
    /// For small numbers in languages that have a "few" form (Arabic 3–10).
    pub few: Option<&'static str>,
    /// For large numbers in languages that have a "many" form (Arabic 11–99).
    pub many: Option<&'static str>,
    /// Every other number; the only form languages without plurals (Chinese, Japanese) need.
    pub other: &'static str,
}

impl Plural {
    /// A message with a singular and a plural, as English has.
    pub const fn one_other(one: &'static str, other: &'static str) -> Self {
        Self {
            zero: None,
            one: Some(one),
            two: None,
            few: None,
            many: None,
            other,
        }
    }

    /// A message with the same form for every number.
    pub const fn invariant(other: &'static str) -> Self {
        Self {
            zero: None,
            one: None,
            two: None,
            few: None,
            many: None,
            other,
        }
    }

    /// The form for `category`, a plural category name of `Intl.PluralRules`.
    fn form(&self, category: &str) -> &'static str {
        let form = match category {
            "zero" => self.zero,
            "one" => self.one,
            "two" => self.two,
            "few" => self.few,
            "many" => self.many,
            _ => None,
        };
        form.unwrap_or(self.other)
    }
}

impl I18n {
    /// `plural` for `count`, in the form the current language uses for that number.
    pub fn count(&self, plural: &Plural, count: u32) -> String {
        let locale = self.locale().tag();
        fill(
            plural.form(&format::plural_category(count, locale)),
            "count",
            &format::number(count, locale),
        )
    }
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    /// Messages that may read as in English: the store's name, Brazilian names that other
    /// languages borrow as they are, and a count in brackets after a label, which most
    /// languages write as English does.
    const UNTRANSLATED: [&str; 4] = ["store_name", "field_cep", "method_boleto", "with_count"];

    fn placeholders(text: &str) -> BTreeSet<&str> {
        text.split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect()
    }

    #[wasm_bindgen_test]
    fn every_language_translates_every_message_with_its_placeholders() {
        let english = Locale::En.messages().entries();
        for locale in Locale::ALL.into_iter().skip(1) {
            let entries = locale.messages().entries();
            let untranslated: Vec<&str> = entries
                .iter()
                .zip(&english)
                .filter(|((name, texts), (_, english))| {
                    !UNTRANSLATED.contains(name) && texts == english
                })
                .map(|((name, _), _)| *name)
                .collect();
            assert!(
                untranslated.is_empty(),
                "{locale:?} shows English for {untranslated:?}"
            );
            for ((name, texts), (_, english)) in entries.iter().zip(&english) {
                let expected = placeholders(english.last().expect("a message has a text"));
                let other = texts.last().expect("a message has a text");
                assert_eq!(placeholders(other), expected, "{locale:?} {name}: {other}");
                // Other plural forms may say the number in words instead.
                for text in texts {
                    assert!(
                        placeholders(text).is_subset(&expected),
                        "{locale:?} {name}: {text}"
                    );
                }
            }
        }
    }

    #[wasm_bindgen_test]
    fn the_cart_links_name_contains_what_it_shows() {
        for locale in Locale::ALL {
            let t = locale.messages();
            for form in Texts::texts(&t.cart_link_count) {
                assert!(
                    form.starts_with(t.cart_link) && form.contains("{count}"),
                    "{locale:?}: {form}"
                );
            }
        }
    }

    #[wasm_bindgen_test]
    fn arabic_is_right_to_left_and_the_rest_left_to_right() {
        for locale in Locale::ALL {
            let expected = if locale == Locale::Ar { "rtl" } else { "ltr" };
            assert_eq!(locale.dir(), expected);
            assert_eq!(Locale::from_tag(locale.tag()), Some(locale));
        }
        assert_eq!(Locale::from_tag("xx"), None);
    }
}
