//! The buyer's market: what the ship-to country decides about currency, languages, the address
//! form and the customary ways to pay.
//!
//! Everything here is static data plus small pure rules, so the browser app and the server agree
//! on them without a round trip: the app lays out and checks the address form with the same code
//! the server uses to refuse a bad address. Patterns are matched by hand rather than with a regex
//! crate, which would weigh more in the wasm than all of this module.

use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

use crate::Currency;

/// A continent, so the country picker can group destinations.
///
/// Only continents with a destination have a variant; adding a destination elsewhere adds one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Continent {
    /// North America, Central America and the Caribbean.
    NorthAmerica,
    /// South America.
    SouthAmerica,
    /// Europe.
    Europe,
    /// Asia, including the Middle East.
    Asia,
    /// Australia and the Pacific islands.
    Oceania,
}

/// A way to pay that buyers in some market expect to find at checkout.
///
/// Sofort and giropay are discontinued and deliberately absent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    /// Credit and debit cards (Visa, Mastercard, Amex, JCB, UnionPay, Cartes Bancaires...).
    Card,
    /// PayPal.
    Paypal,
    /// Apple Pay.
    ApplePay,
    /// Google Pay.
    GooglePay,
    /// Klarna: pay later or in instalments; in Germany the customary "pay by invoice".
    Klarna,
    /// Afterpay instalments (Australia, North America).
    Afterpay,
    /// Clearpay: Afterpay under its United Kingdom name.
    Clearpay,
    /// SEPA direct debit from a euro bank account.
    SepaDebit,
    /// iDEAL bank payment (Netherlands).
    Ideal,
    /// TWINT mobile payment (Switzerland).
    Twint,
    /// Bizum mobile bank payment (Spain).
    Bizum,
    /// Interac debit (Canada).
    Interac,
    /// OXXO: a voucher paid in cash at a convenience store (Mexico).
    Oxxo,
    /// Mercado Pago wallet (Latin America).
    MercadoPago,
    /// Pix instant bank payment (Brazil).
    Pix,
    /// Boleto bancário: a payment slip paid at a bank or online (Brazil).
    Boleto,
    /// Payment in cash at a convenience store (Japan).
    Konbini,
    /// PayPay wallet (Japan).
    Paypay,
    /// Alipay wallet (China).
    Alipay,
    /// WeChat Pay wallet (China).
    WechatPay,
    /// Kakao Pay wallet (South Korea).
    KakaoPay,
    /// Naver Pay wallet (South Korea).
    NaverPay,
    /// mada: Saudi Arabia's national debit card network.
    Mada,
    /// STC Pay wallet (Saudi Arabia).
    StcPay,
}

/// One field of a postal address; the wire names are the `Address` member names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AddressField {
    /// The ship-to country. Chosen with the market rather than in the form, so no format lists
    /// it; it appears only in errors.
    Country,
    /// The recipient's name.
    Name,
    /// Company or organization, for deliveries to a workplace.
    Organization,
    /// Street, house number (or block and lot numbers where streets are not named).
    Line1,
    /// Apartment, suite, floor or building name.
    Line2,
    /// City, town, suburb, or ward where that is the municipal unit.
    City,
    /// The unit below the city that carriers navigate by: district (China, Korea), colonia
    /// (Mexico), bairro (Brazil), area (United Arab Emirates, Saudi Arabia).
    District,
    /// The state, province, prefecture, emirate or county.
    Region,
    /// The postal code.
    PostalCode,
    /// A phone number for the carrier; cross-border carriers need one for customs and delivery.
    Phone,
}

/// What the region field is called in a country; the app translates the key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RegionLabel {
    /// State (United States, Mexico, Brazil, Australia).
    State,
    /// Province (Canada, China, Spain, South Korea).
    Province,
    /// Prefecture (Japan).
    Prefecture,
    /// Emirate (United Arab Emirates).
    Emirate,
    /// County (United Kingdom, optional there).
    County,
}

/// What the postal code is called in a country; the app translates the key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PostalLabel {
    /// ZIP code (United States).
    ZipCode,
    /// Postcode (United Kingdom, Australia).
    Postcode,
    /// Postal code: the neutral name, used wherever no other name is customary.
    PostalCode,
    /// CEP (Brazil): what Brazilians call it whatever the language of the page.
    Cep,
}

/// How a country writes addresses: the form's fields, what is required, and how values are checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddressFormat {
    /// The fields in the order the country writes them: large-to-small in Japan, China and Korea,
    /// small-to-large elsewhere. The form lays itself out in this order.
    pub fields: &'static [AddressField],
    /// The fields an address must fill; always a subset of `fields`.
    pub required: &'static [AddressField],
    /// The region field's label, when the format has a region.
    pub region_label: Option<RegionLabel>,
    /// The postal code's label, when the country has postal codes.
    pub postal_label: Option<PostalLabel>,
    /// The regions addresses choose from, as (ISO 3166-2 code after the country prefix, English
    /// name); empty when the region is free text or absent.
    pub regions: &'static [(&'static str, &'static str)],
    /// Postal-code patterns: `9` a digit, `A` a letter A–Z, a space or hyphen a separator that
    /// input may omit, any other character itself. Empty when the country has no postal codes.
    pub postal_patterns: &'static [&'static str],
}

impl AddressFormat {
    /// Whether the form shows `field`.
    pub fn has(&self, field: AddressField) -> bool {
        self.fields.contains(&field)
    }

    /// Whether an address must fill `field`.
    pub fn requires(&self, field: AddressField) -> bool {
        self.required.contains(&field)
    }

    /// The region whose code or English name is `input`, ignoring ASCII case, as (code, name).
    ///
    /// Names are accepted as well as codes so that an address typed by hand or pasted from
    /// elsewhere still resolves; stored addresses always carry the code.
    pub fn find_region(&self, input: &str) -> Option<(&'static str, &'static str)> {
        let input = input.trim();
        self.regions.iter().copied().find(|(code, name)| {
            code.eq_ignore_ascii_case(input) || name.eq_ignore_ascii_case(input)
        })
    }
}

/// A destination market.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code, such as `CH`.
    pub code: &'static str,
    /// The continent, for grouping.
    pub continent: Continent,
    /// ISO 4217 code of the currency prices are shown in by default; see [`Country::currency`].
    pub currency_code: &'static str,
    /// Languages spoken, as BCP 47 primary language subtags, most common first.
    pub languages: &'static [&'static str],
    /// International calling code with its plus sign, such as `+41`.
    pub calling_code: &'static str,
    /// The prefix dialled before a national number inside the country (`0` in most, `1` in the
    /// North American plan), which E.164 drops.
    pub trunk_prefix: Option<&'static str>,
    /// How many digits a national significant number has (without trunk prefix or calling
    /// code). A plausibility range, not a numbering plan: it catches a missing or extra digit.
    pub phone_digits: RangeInclusive<usize>,
    /// How addresses are written and checked.
    pub address_format: AddressFormat,
    /// Customary payment methods, most used first.
    pub payment_methods: &'static [PaymentMethod],
}

impl Country {
    /// The country's currency.
    pub fn currency(&self) -> Currency {
        Currency::new(self.currency_code)
            .expect("COUNTRIES holds only valid ISO 4217 codes, as a test checks")
    }
}

/// The app's languages, as BCP 47 primary language subtags; English first as the fallback.
pub const APP_LANGUAGES: [&str; 7] = ["en", "de", "fr", "es", "zh", "ja", "ar"];

/// Whether `lang` (a BCP 47 tag such as `ar` or `ar-SA`) is written right to left, so the app
/// sets `dir="rtl"` on the page.
pub fn is_rtl(lang: &str) -> bool {
    primary_subtag(lang).eq_ignore_ascii_case("ar")
}

/// The best app language for a browser's preference list (`navigator.languages`, or the items
/// of an `Accept-Language` header in order), falling back to English.
///
/// Only the primary subtag is compared, since the app has one variety of each language:
/// `de-CH` is served German. Parameters such as `;q=0.8` are ignored; the list order is taken
/// as the preference.
pub fn negotiate(accept: &[&str]) -> &'static str {
    accept
        .iter()
        .find_map(|tag| {
            let primary = primary_subtag(tag);
            APP_LANGUAGES
                .iter()
                .copied()
                .find(|app| app.eq_ignore_ascii_case(primary))
        })
        .unwrap_or(APP_LANGUAGES[0])
}

/// The language tags of an `Accept-Language` header, most preferred first (by `q`, then by
/// order), without those the browser refuses (`q=0`) or that do not parse.
pub fn accept_language(header: &str) -> Vec<&str> {
    let mut weighted: Vec<(u16, &str)> = header
        .split(',')
        .filter_map(|item| {
            let mut parts = item.split(';');
            let tag = parts.next()?.trim();
            if tag.is_empty() || tag == "*" {
                return None;
            }
            // q is at most three decimals (RFC 9110): read in thousandths, never as a float.
            let quality = parts
                .find_map(|parameter| parameter.trim().strip_prefix("q="))
                .map_or(Some(1000), parse_quality)?;
            (quality > 0).then_some((quality, tag))
        })
        .collect();
    weighted.sort_by_key(|(quality, _)| std::cmp::Reverse(*quality));
    weighted.into_iter().map(|(_, tag)| tag).collect()
}

/// An RFC 9110 quality value (`1`, `0.8`, `0.125`) in thousandths.
fn parse_quality(text: &str) -> Option<u16> {
    let (whole, fraction) = text.trim().split_once('.').unwrap_or((text.trim(), ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths: u16 = format!("{fraction:0<3}").parse().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// The cookie that carries the buyer's chosen ship-to country and currency to the server, so
/// the page it renders is already in them: `market=DE-EUR`.
pub const MARKET_COOKIE: &str = "market";

/// The value of [`MARKET_COOKIE`] for `country` and `currency`.
pub fn market_cookie_value(country: &Country, currency: &str) -> String {
    format!("{}-{currency}", country.code)
}

/// The cookie that carries the buyer's language to the server, for a path without one.
pub const LANGUAGE_COOKIE: &str = "lang";

/// The value of cookie `name` in a `Cookie` header.
fn cookie<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').find_map(|pair| {
        let (key, value) = pair.trim().split_once('=')?;
        (key == name).then_some(value.trim())
    })
}

/// The app language a `Cookie` header's [`LANGUAGE_COOKIE`] names, when it is one.
pub fn language_from_cookies(header: &str) -> Option<&'static str> {
    let tag = cookie(header, LANGUAGE_COOKIE)?;
    APP_LANGUAGES.iter().copied().find(|app| *app == tag)
}

/// The country and currency a `Cookie` header's [`MARKET_COOKIE`] names, when it names a
/// destination and a currency code.
pub fn market_from_cookies(header: &str) -> Option<(&'static Country, crate::Currency)> {
    let (code, currency) = cookie(header, MARKET_COOKIE)?.split_once('-')?;
    Some((country(code)?, crate::Currency::new(currency).ok()?))
}

/// The ship-to country to preselect for a buyer who has not chosen one.
///
/// The browser's time zone (`Intl.DateTimeFormat().resolvedOptions().timeZone`) says best where
/// the buyer is, so it wins; then the region subtag of `lang` (`es-MX`); then the first destination
/// whose main language is `lang`'s; then the United States.
pub fn default_country_for(lang: &str, time_zone: Option<&str>) -> &'static str {
    time_zone
        .and_then(country_for_time_zone)
        .or_else(|| {
            lang.split(['-', '_'])
                .skip(1)
                .filter(|subtag| subtag.len() == 2)
                .find_map(country)
                .map(|country| country.code)
        })
        .or_else(|| {
            let primary = primary_subtag(lang);
            COUNTRIES
                .iter()
                .find(|country| country.languages[0].eq_ignore_ascii_case(primary))
                .map(|country| country.code)
        })
        .unwrap_or("US")
}

/// The destination with ISO 3166-1 alpha-2 `code`, ignoring ASCII case.
pub fn country(code: &str) -> Option<&'static Country> {
    COUNTRIES
        .iter()
        .find(|country| country.code.eq_ignore_ascii_case(code))
}

/// The language subtag of a BCP 47 tag, without any `;q=` parameter.
fn primary_subtag(tag: &str) -> &str {
    let tag = tag.split(';').next().unwrap_or_default().trim();
    tag.split(['-', '_']).next().unwrap_or_default()
}

/// Time zones that identify a destination: a name ending in `/` matches as a prefix.
///
/// A small table of the zones browsers report for these countries, including the legacy
/// aliases some systems still use; an unknown zone just falls through to the language.
const TIME_ZONES: &[(&str, &str)] = &[
    ("America/New_York", "US"),
    ("America/Chicago", "US"),
    ("America/Denver", "US"),
    ("America/Phoenix", "US"),
    ("America/Los_Angeles", "US"),
    ("America/Anchorage", "US"),
    ("America/Detroit", "US"),
    ("America/Boise", "US"),
    ("America/Indiana/", "US"),
    ("America/Kentucky/", "US"),
    ("Pacific/Honolulu", "US"),
    ("US/", "US"),
    ("America/Toronto", "CA"),
    ("America/Montreal", "CA"),
    ("America/Vancouver", "CA"),
    ("America/Edmonton", "CA"),
    ("America/Winnipeg", "CA"),
    ("America/Regina", "CA"),
    ("America/Halifax", "CA"),
    ("America/Moncton", "CA"),
    ("America/St_Johns", "CA"),
    ("America/Whitehorse", "CA"),
    ("Canada/", "CA"),
    ("America/Mexico_City", "MX"),
    ("America/Monterrey", "MX"),
    ("America/Merida", "MX"),
    ("America/Cancun", "MX"),
    ("America/Chihuahua", "MX"),
    ("America/Hermosillo", "MX"),
    ("America/Mazatlan", "MX"),
    ("America/Tijuana", "MX"),
    ("Mexico/", "MX"),
    ("America/Sao_Paulo", "BR"),
    ("America/Bahia", "BR"),
    ("America/Fortaleza", "BR"),
    ("America/Recife", "BR"),
    ("America/Belem", "BR"),
    ("America/Manaus", "BR"),
    ("America/Cuiaba", "BR"),
    ("America/Campo_Grande", "BR"),
    ("Brazil/", "BR"),
    ("Europe/London", "GB"),
    ("Europe/Berlin", "DE"),
    ("Europe/Paris", "FR"),
    ("Europe/Madrid", "ES"),
    ("Atlantic/Canary", "ES"),
    ("Europe/Amsterdam", "NL"),
    ("Europe/Zurich", "CH"),
    ("Asia/Tokyo", "JP"),
    ("Asia/Shanghai", "CN"),
    ("Asia/Chongqing", "CN"),
    ("Asia/Urumqi", "CN"),
    ("Asia/Seoul", "KR"),
    ("Asia/Riyadh", "SA"),
    ("Asia/Dubai", "AE"),
    ("Australia/", "AU"),
];

/// The time zone most of `country` (ISO 3166-1 alpha-2) lives by, for showing an event's local
/// time at its place; `None` for a country not listed. Countries spanning several zones get
/// their most populous one, so the app also prints the zone's name beside the time.
pub fn main_time_zone(country: &str) -> Option<&'static str> {
    Some(match country {
        "US" => "America/New_York",
        "CA" => "America/Toronto",
        "MX" => "America/Mexico_City",
        "BR" => "America/Sao_Paulo",
        "GB" => "Europe/London",
        "IE" => "Europe/Dublin",
        "DE" => "Europe/Berlin",
        "FR" => "Europe/Paris",
        "ES" => "Europe/Madrid",
        "IT" => "Europe/Rome",
        "NL" => "Europe/Amsterdam",
        "BE" => "Europe/Brussels",
        "CH" => "Europe/Zurich",
        "AT" => "Europe/Vienna",
        "JP" => "Asia/Tokyo",
        "CN" => "Asia/Shanghai",
        "HK" => "Asia/Hong_Kong",
        "KR" => "Asia/Seoul",
        "SG" => "Asia/Singapore",
        "SA" => "Asia/Riyadh",
        "AE" => "Asia/Dubai",
        "AU" => "Australia/Sydney",
        "NZ" => "Pacific/Auckland",
        _ => return None,
    })
}

/// The destination a time zone lies in, if the table knows it.
fn country_for_time_zone(time_zone: &str) -> Option<&'static str> {
    TIME_ZONES.iter().find_map(|&(zone, code)| {
        let matches = if zone.ends_with('/') {
            time_zone.starts_with(zone)
        } else {
            time_zone == zone
        };
        matches.then_some(code)
    })
}

/// Addresses longer than this many characters in any field are refused: no real address needs
/// more, and labels and carrier APIs cut longer text anyway.
pub const MAX_FIELD_CHARS: usize = 200;

/// Why an address field is refused; the app shows a localized message for each kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AddressErrorKind {
    /// The field is required and empty.
    Required,
    /// Longer than [`MAX_FIELD_CHARS`].
    TooLong,
    /// Contains control characters such as line breaks, or invisible direction controls, which
    /// would corrupt labels and exports or make the address read otherwise (see [`crate::text`]).
    InvalidCharacters,
    /// Not a postal code of the country (or the country has none).
    InvalidPostalCode,
    /// Not one of the country's regions.
    UnknownRegion,
    /// Not a plausible phone number.
    InvalidPhone,
    /// Not a country the store ships to.
    UnsupportedCountry,
}

/// A refused address field: which field and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[error("address field {field:?} is invalid: {kind:?}")]
pub struct AddressError {
    /// The field at fault, so the form can mark it.
    pub field: AddressField,
    /// What is wrong with it.
    pub kind: AddressErrorKind,
}

/// One entry of [`validate_address`]'s error list: the same error as the single-field checks
/// return, named for its place in the list.
pub type FieldError = AddressError;

/// A postal address as it travels between app and server.
///
/// Fields the country's format does not use are ignored and dropped by [`validate_address`];
/// a blank field counts as absent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Address {
    /// ISO 3166-1 alpha-2 code of the ship-to country.
    pub country: String,
    /// The recipient's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Company or organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    /// Street and number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line1: Option<String>,
    /// Apartment, suite, floor or building.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line2: Option<String>,
    /// City or town.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// District, neighbourhood or area below the city.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    /// Region: the code from the country's list where it has one, else free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Postal code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// Phone number; E.164 once validated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

impl Address {
    /// The slot of `field`; `None` for the country, which is not a typed field.
    pub fn field_mut(&mut self, field: AddressField) -> Option<&mut Option<String>> {
        Some(match field {
            AddressField::Name => &mut self.name,
            AddressField::Organization => &mut self.organization,
            AddressField::Line1 => &mut self.line1,
            AddressField::Line2 => &mut self.line2,
            AddressField::City => &mut self.city,
            AddressField::District => &mut self.district,
            AddressField::Region => &mut self.region,
            AddressField::PostalCode => &mut self.postal_code,
            AddressField::Phone => &mut self.phone,
            AddressField::Country => return None,
        })
    }

    /// The value of `field`, when filled; `None` for the country.
    pub fn field(&self, field: AddressField) -> Option<&str> {
        match field {
            AddressField::Name => self.name.as_deref(),
            AddressField::Organization => self.organization.as_deref(),
            AddressField::Line1 => self.line1.as_deref(),
            AddressField::Line2 => self.line2.as_deref(),
            AddressField::City => self.city.as_deref(),
            AddressField::District => self.district.as_deref(),
            AddressField::Region => self.region.as_deref(),
            AddressField::PostalCode => self.postal_code.as_deref(),
            AddressField::Phone => self.phone.as_deref(),
            AddressField::Country => None,
        }
    }

    /// The filled fields in the order its country writes them, as a label prints them; empty
    /// for a country the store does not know.
    pub fn lines(&self) -> Vec<(AddressField, &str)> {
        country(&self.country)
            .map(|country| {
                country
                    .address_format
                    .fields
                    .iter()
                    .filter_map(|&field| Some((field, self.field(field)?)))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Maps full-width ASCII forms, the ideographic and no-break spaces and typographic dashes to
/// ASCII, because Japanese, Chinese and Korean input methods type digits full-width and
/// autocorrect turns hyphens into dashes.
fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' => ' ',
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{30FC}' => '-',
        _ => c,
    }
}

/// Separators in postal-code patterns, optional on input.
fn is_postal_separator(c: char) -> bool {
    c == ' ' || c == '-'
}

/// `compact` (a postal code without separators) laid out by `pattern`, if it fits.
fn fill_postal_pattern(pattern: &str, compact: &[char]) -> Option<String> {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = compact.iter().copied();
    for slot in pattern.chars() {
        if is_postal_separator(slot) {
            out.push(slot);
            continue;
        }
        let c = rest.next()?;
        let fits = match slot {
            '9' => c.is_ascii_digit(),
            'A' => c.is_ascii_uppercase(),
            literal => c == literal,
        };
        if !fits {
            return None;
        }
        out.push(c);
    }
    rest.next().is_none().then_some(out)
}

/// The postal code `input` in its canonical form for `country`.
///
/// Trims, uppercases, folds full-width characters, and puts the pattern's own space or hyphen
/// where the input left it out or used the other one: `sw1a1aa` becomes `SW1A 1AA` in the United
/// Kingdom and `1000001` becomes `100-0001` in Japan. A country without postal codes accepts only
/// a blank, as the empty string.
pub fn normalize_postal_code(country: &Country, input: &str) -> Result<String, AddressError> {
    let error = |kind| AddressError {
        field: AddressField::PostalCode,
        kind,
    };
    let patterns = country.address_format.postal_patterns;
    let folded: String = input.chars().map(fold_width).collect();
    let text = folded.trim();
    if text.is_empty() {
        return if patterns.is_empty() {
            Ok(String::new())
        } else {
            Err(error(AddressErrorKind::Required))
        };
    }
    let compact: Vec<char> = text
        .chars()
        .filter(|&c| !is_postal_separator(c))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    patterns
        .iter()
        .find_map(|pattern| fill_postal_pattern(pattern, &compact))
        .ok_or(error(AddressErrorKind::InvalidPostalCode))
}

/// The length E.164 allows a whole number (calling code and national number), at most; numbers
/// of countries outside [`COUNTRIES`] are checked against this and a minimum of 8 only.
const E164_DIGITS: RangeInclusive<usize> = 8..=15;

/// The phone number `input` in E.164 form (`+49301234567`) for a buyer shipping to `country`.
///
/// Accepts spaces, hyphens, dots, slashes and parentheses between digits; a leading `+` or `00`
/// for an international number; and the country's trunk prefix, written (`030 1234567`) or
/// left out, also after the calling code as in `+49 (0)30 1234567`. Trunk prefixes can be
/// dropped blindly because no national number here begins with one. Letters (and so extensions)
/// are refused. A national number must have a length in [`Country::phone_digits`]; a number
/// of another country is only held to E.164's length, since its rules are not modelled here
/// and buyers may well give a foreign mobile number.
pub fn normalize_phone(country: &Country, input: &str) -> Result<String, AddressError> {
    let error = |kind| AddressError {
        field: AddressField::Phone,
        kind,
    };
    let folded: String = input.chars().map(fold_width).collect();
    let text = folded.trim();
    if text.is_empty() {
        return Err(error(AddressErrorKind::Required));
    }
    let (plus, rest) = match text.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let mut digits = String::with_capacity(rest.len());
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '.' | '/' | '(' | ')' => {}
            _ => return Err(error(AddressErrorKind::InvalidPhone)),
        }
    }
    let own_code = country.calling_code.trim_start_matches('+');
    let international = if plus {
        Some(digits.as_str())
    } else {
        digits.strip_prefix("00")
    };
    let national = match international {
        None => Some(digits.as_str()),
        Some(number) => match number.strip_prefix(own_code) {
            Some(national) => Some(national),
            None => {
                let plausible = !number.starts_with('0') && E164_DIGITS.contains(&number.len());
                return if plausible {
                    Ok(format!("+{number}"))
                } else {
                    Err(error(AddressErrorKind::InvalidPhone))
                };
            }
        },
    };
    national
        .map(|national| {
            country
                .trunk_prefix
                .and_then(|trunk| national.strip_prefix(trunk))
                .unwrap_or(national)
        })
        .filter(|national| {
            !national.starts_with('0') && country.phone_digits.contains(&national.len())
        })
        .map(|national| format!("+{own_code}{national}"))
        .ok_or(error(AddressErrorKind::InvalidPhone))
}

/// Checks a whole address against its country's format and returns it normalized: values
/// trimmed, postal code and phone in canonical form, region as its code, country code uppercase,
/// and fields the format does not use dropped (they are leftovers from another country the buyer
/// had chosen before).
///
/// On failure returns every bad field, in the form's order, so the buyer sees all problems at
/// once; an unknown country is the only error reported alone, since nothing else can be checked.
pub fn validate_address(address: &Address) -> Result<Address, Vec<FieldError>> {
    let code = address.country.trim();
    let Some(country) = country(code) else {
        let kind = if code.is_empty() {
            AddressErrorKind::Required
        } else {
            AddressErrorKind::UnsupportedCountry
        };
        return Err(vec![FieldError {
            field: AddressField::Country,
            kind,
        }]);
    };
    let format = &country.address_format;
    let mut errors = Vec::new();
    let mut check = |field: AddressField, raw: &Option<String>| -> Option<String> {
        if !format.has(field) {
            return None;
        }
        match normalize_field(country, field, raw.as_deref()) {
            Ok(value) => value,
            Err(kind) => {
                errors.push(FieldError { field, kind });
                None
            }
        }
    };
    let normalized = Address {
        country: country.code.to_owned(),
        name: check(AddressField::Name, &address.name),
        organization: check(AddressField::Organization, &address.organization),
        line1: check(AddressField::Line1, &address.line1),
        line2: check(AddressField::Line2, &address.line2),
        city: check(AddressField::City, &address.city),
        district: check(AddressField::District, &address.district),
        region: check(AddressField::Region, &address.region),
        postal_code: check(AddressField::PostalCode, &address.postal_code),
        phone: check(AddressField::Phone, &address.phone),
    };
    if errors.is_empty() {
        return Ok(normalized);
    }
    errors.sort_by_key(|error| format.fields.iter().position(|&field| field == error.field));
    Err(errors)
}

/// One field of an address the format uses, normalized; `None` when blank and optional.
fn normalize_field(
    country: &Country,
    field: AddressField,
    raw: Option<&str>,
) -> Result<Option<String>, AddressErrorKind> {
    let format = &country.address_format;
    let Some(value) = raw.map(str::trim).filter(|value| !value.is_empty()) else {
        return if format.requires(field) {
            Err(AddressErrorKind::Required)
        } else {
            Ok(None)
        };
    };
    if value.chars().count() > MAX_FIELD_CHARS {
        return Err(AddressErrorKind::TooLong);
    }
    if !crate::text::is_clean(value, crate::text::Lines::One) {
        return Err(AddressErrorKind::InvalidCharacters);
    }
    let normalized = match field {
        AddressField::PostalCode => normalize_postal_code(country, value).map_err(|e| e.kind)?,
        AddressField::Phone => normalize_phone(country, value).map_err(|e| e.kind)?,
        AddressField::Region if !format.regions.is_empty() => {
            let (code, _) = format
                .find_region(value)
                .ok_or(AddressErrorKind::UnknownRegion)?;
            code.to_owned()
        }
        _ => value.to_owned(),
    };
    Ok(Some(normalized))
}

/// GET /api/markets: the app's languages and every destination's market, for clients that do
/// not link this crate. Exchange rates are added to the response by the server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarketsInfo {
    /// The app's languages, in [`APP_LANGUAGES`] order.
    pub app_languages: Vec<AppLanguage>,
    /// The destinations, in [`COUNTRIES`] order.
    pub countries: Vec<CountryInfo>,
}

/// The body of `GET /api/markets`: every market and the exchange rates in force.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Markets {
    /// Languages and destinations.
    #[serde(flatten)]
    pub info: MarketsInfo,
    /// The published rates every price conversion uses, with their as-of date.
    pub exchange_rates: crate::RateTable,
}

/// One app language on the wire.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppLanguage {
    /// BCP 47 primary language subtag.
    pub tag: String,
    /// Whether it is written right to left.
    pub rtl: bool,
}

/// One destination on the wire; see [`Country`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CountryInfo {
    /// ISO 3166-1 alpha-2 code.
    pub code: String,
    /// The continent.
    pub continent: Continent,
    /// The default currency.
    pub currency: Currency,
    /// BCP 47 primary language subtags, most common first.
    pub languages: Vec<String>,
    /// International calling code with its plus sign.
    pub calling_code: String,
    /// How addresses are written.
    pub address_format: AddressFormatInfo,
    /// Customary payment methods, most used first.
    pub payment_methods: Vec<PaymentMethod>,
}

/// An address format on the wire; see [`AddressFormat`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddressFormatInfo {
    /// Fields in the country's writing order.
    pub fields: Vec<AddressField>,
    /// Fields that must be filled.
    pub required: Vec<AddressField>,
    /// The region field's label key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region_label: Option<RegionLabel>,
    /// The postal code's label key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_label: Option<PostalLabel>,
    /// The regions to choose from; empty when the region is free text or absent.
    pub regions: Vec<RegionInfo>,
    /// Postal-code patterns in the mini-language of [`AddressFormat::postal_patterns`].
    pub postal_patterns: Vec<String>,
}

/// One region on the wire.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegionInfo {
    /// ISO 3166-2 subdivision code after the country prefix (`CA` for US-CA).
    pub code: String,
    /// Common English name.
    pub name: String,
}

/// The wire summary of every market.
pub fn markets_info() -> MarketsInfo {
    MarketsInfo {
        app_languages: APP_LANGUAGES
            .iter()
            .map(|&tag| AppLanguage {
                tag: tag.to_owned(),
                rtl: is_rtl(tag),
            })
            .collect(),
        countries: COUNTRIES.iter().map(CountryInfo::from).collect(),
    }
}

impl From<&Country> for CountryInfo {
    fn from(country: &Country) -> Self {
        Self {
            code: country.code.to_owned(),
            continent: country.continent,
            currency: country.currency(),
            languages: country.languages.iter().map(|&l| l.to_owned()).collect(),
            calling_code: country.calling_code.to_owned(),
            address_format: AddressFormatInfo::from(&country.address_format),
            payment_methods: country.payment_methods.to_vec(),
        }
    }
}

impl From<&AddressFormat> for AddressFormatInfo {
    fn from(format: &AddressFormat) -> Self {
        Self {
            fields: format.fields.to_vec(),
            required: format.required.to_vec(),
            region_label: format.region_label,
            postal_label: format.postal_label,
            regions: format
                .regions
                .iter()
                .map(|&(code, name)| RegionInfo {
                    code: code.to_owned(),
                    name: name.to_owned(),
                })
                .collect(),
            postal_patterns: format
                .postal_patterns
                .iter()
                .map(|&p| p.to_owned())
                .collect(),
        }
    }
}

/// The destinations, grouped by continent, west to east.
pub static COUNTRIES: [Country; 16] = {
    use AddressField as F;
    use PaymentMethod as P;
    [
        Country {
            code: "US",
            continent: Continent::NorthAmerica,
            currency_code: "USD",
            languages: &["en", "es"],
            calling_code: "+1",
            trunk_prefix: Some("1"),
            phone_digits: 10..=10,
            address_format: AddressFormat {
                fields: &[
                    F::Name,
                    F::Organization,
                    F::Line1,
                    F::Line2,
                    F::City,
                    F::Region,
                    F::PostalCode,
                    F::Phone,
                ],
                required: &[
                    F::Name,
                    F::Line1,
                    F::City,
                    F::Region,
                    F::PostalCode,
                    F::Phone,
                ],
                region_label: Some(RegionLabel::State),
                postal_label: Some(PostalLabel::ZipCode),
                regions: &US_STATES,
                postal_patterns: &["99999", "99999-9999"],
            },
            payment_methods: &[
                P::Card,
                P::Paypal,
                P::ApplePay,
                P::GooglePay,
                P::Klarna,
                P::Afterpay,
            ],
        },
        Country {
            code: "CA",
            continent: Continent::NorthAmerica,
            currency_code: "CAD",
            languages: &["en", "fr"],
            calling_code: "+1",
            trunk_prefix: Some("1"),
            phone_digits: 10..=10,
            address_format: AddressFormat {
                fields: &[
                    F::Name,
                    F::Organization,
                    F::Line1,
                    F::Line2,
                    F::City,
                    F::Region,
                    F::PostalCode,
                    F::Phone,
                ],
                required: &[
                    F::Name,
                    F::Line1,
                    F::City,
                    F::Region,
                    F::PostalCode,
                    F::Phone,
                ],
                region_label: Some(RegionLabel::Province),
                postal_label: Some(PostalLabel::PostalCode),
                regions: &CA_PROVINCES,
                postal_patterns: &["A9A 9A9"],
            },
            payment_methods: &[P::Card, P::Paypal, P::ApplePay, P::Interac, P::GooglePay],
        },
        Country {
            code: "MX",
            continent: Continent::NorthAmerica,
            currency_code: "MXN",
            languages: &["es"],
            calling_code: "+52",
            // Mexico dropped its trunk prefixes (01, 044, 045) in 2019.
            trunk_prefix: None,
            phone_digits: 10..=10,
            address_format: AddressFormat {
                fields: &[
                    F::Name,
                    F::Organization,
                    F::Line1,
                    F::Line2,
                    F::District,
                    F::PostalCode,
                    F::City,
                    F::Region,
                    F::Phone,
                ],
                required: &[
                    F::Name,
                    F::Line1,
                    F::PostalCode,
                    F::City,
                    F::Region,
                    F::Phone,
                ],
                region_label: Some(RegionLabel::State),
                postal_label: Some(PostalLabel::PostalCode),
                regions: &MX_STATES,
                postal_patterns: &["99999"],
            },
            payment_methods: &[P::Card, P::MercadoPago, P::Oxxo, P::Paypal],
        },
        Country {
            code: "BR",
            continent: Continent::SouthAmerica,
            currency_code: "BRL",
            languages: &["pt"],
            calling_code: "+55",
            trunk_prefix: Some("0"),
            phone_digits: 10..=11,
            address_format: AddressFormat {
                fields: &[
                    F::Organization,
                    F::Name,
                    F::Line1,
                    F::Line2,
                    F::District,
                    F::City,
                    F::Region,
                    F::PostalCode,
                    F::Phone,
                ],
                required: &[
                    F::Name,
                    F::Line1,
                    F::City,
                    F::Region,
                    F::PostalCode,
                    F::Phone,
                ],
                region_label: Some(RegionLabel::State),
                postal_label: Some(PostalLabel::Cep),
                regions: &BR_STATES,
                postal_patterns: &["99999-999"],
            },
            payment_methods: &[P::Pix, P::Card, P::Boleto, P::MercadoPago, P::Paypal],
        },
        Country {
            code: "GB",
            continent: Continent::Europe,
            currency_code: "GBP",
            languages: &["en"],
            calling_code: "+44",
            trunk_prefix: Some("0"),
            phone_digits: 9..=10,
            address_format: AddressFormat {
                fields: &[
                    F::Name,
                    F::Organization,
                    F::Line1,
                    F::Line2,
                    F::City,
                    F::Region,
                    F::PostalCode,
                    F::Phone,
                ],
                // Royal Mail needs no county; the form offers it for buyers who write one.
                required: &[F::Name, F::Line1, F::City, F::PostalCode, F::Phone],
                region_label: Some(RegionLabel::County),
                postal_label: Some(PostalLabel::Postcode),
                regions: &[],
                postal_patterns: &[
                    "A9 9AA", "A99 9AA", "AA9 9AA", "AA99 9AA", "A9A 9AA", "AA9A 9AA",
                ],
            },
            payment_methods: &[
                P::Card,
                P::Paypal,
                P::ApplePay,
                P::GooglePay,
                P::Klarna,
                P::Clearpay,
            ],
        },
        Country {
            code: "DE",
            continent: Continent::Europe,
            currency_code: "EUR",
            languages: &["de"],
            calling_code: "+49",
            trunk_prefix: Some("0"),
            // German numbers vary in length with the area code.
            phone_digits: 6..=13,
            address_format: AddressFormat {
                fields: &[
                    F::Name,
                    F::Organization,
                    F::Line1,
                    F::Line2,
                    F::PostalCode,
                    F::City,
                    F::Phone,
                ],
                required: &[F::Name, F::Line1, F::PostalCode, F::City, F::Phone],
                region_label: None,
                postal_label: Some(PostalLabel::PostalCode),
                regions: &[],
                postal_patterns: &["99999"],
            },
            payment_methods: &[
                P::Paypal,
                P::Klarna,
                P::SepaDebit,
                P::Card,
                P::ApplePay,
                P::GooglePay,
            ],
        },
        Country {
            code: "FR",
            continent: Continent::Europe,
            currency_code: "EUR",
            languages: &["fr"],
            calling_code: "+33",
            trunk_prefix: Some("0"),
            phone_digits: 9..=9,
            address_format: AddressFormat {
                fields: &[
                    F::Organization,
                    F::Name,
                    F::Line1,
                    F::Line2,
                    F::PostalCode,
                    F::City,
                    F::Phone,
                ],
                required: &[F::Name, F::Line1, F::PostalCode, F::City, F::Phone],
                region_label: None,
                postal_label: Some(PostalLabel::PostalCode),
                regions: &[],
                postal_patterns: &["99999"],
            },
            payment_methods: &[P::Card, P::Paypal, P::ApplePay, P::GooglePay, P::Klarna],
        },
        Country {
            code: "ES",
            continent: Continent::Europe,
            currency_code: "EUR",
            languages: &["es", "ca", "gl", "eu"],
            calling_code: "+34",
            trunk_prefix: None,
            phone_digits: 9..=9,
            address_format: AddressFormat {
                fields: &[
                    F::Name,
                    F::Organization,
                    F::Line1,
                    F::Line2,
                    F::PostalCode,
                    F::City,
                    F::Region,
                    F::Phone,
                ],
                // The province follows from the postal code's first two digits, so it is optional.
                required: &[F::Name, F::Line1, F::PostalCode, F::City, F::Phone],
                region_label: Some(RegionLabel::Province),
                postal_label: Some(PostalLabel::PostalCode),
                regions: &[],
                postal_patterns: &["99999"],
            },
            payment_methods: &[
                P::Card,
                P::Paypal,
                P::Bizum,
                P::ApplePay,
                P::GooglePay,
                P::Klarna,
            ],
        },
        Country {
            code: "NL",
            continent: Continent::Europe,
            currency_code: "EUR",
            languages: &["nl"],
            calling_code: "+31",
            trunk_prefix: Some("0"),
            phone_digits: 9..=9,
            address_format: AddressFormat {
                fields: &[
                    F::Organization,
                    F::Name,
                    F::Line1,
                    F::Line2,
                    F::PostalCode,
                    F::City,
                    F::Phone,
                ],
                required: &[F::Name, F::Line1, F::PostalCode, F::City, F::Phone],
                region_label: None,
                postal_label: Some(PostalLabel::Postcode),
                regions: &[],
                postal_patterns: &["9999 AA"],
            },
            payment_methods: &[P::Ideal, P::Paypal, P::Card, P::Klarna, P::ApplePay],
        },
        Country {
            code: "CH",
            continent: Continent::Europe,
            currency_code: "CHF",
            languages: &["de", "fr", "it", "rm"],
            calling_code: "+41",
            trunk_prefix: Some("0"),
            phone_digits: 9..=9,
            address_format: AddressFormat {
                fields: &[
                    F::Organization,
                    F::Name,
                    F::Line1,
                    F::Line2,
                    F::PostalCode,
                    F::City,
                    F::Phone,
                ],
                required: &[F::Name, F::Line1, F::PostalCode, F::City, F::Phone],
                region_label: None,
                postal_label: Some(PostalLabel::PostalCode),
                regions: &[],
                postal_patterns: &["9999"],
            },
            payment_methods: &[P::Card, P::Twint, P::Paypal, P::ApplePay, P::GooglePay],
        },
        Country {
            code: "JP",
            continent: Continent::Asia,
            currency_code: "JPY",
            languages: &["ja"],
            calling_code: "+81",
            trunk_prefix: Some("0"),
            phone_digits: 9..=10,
            address_format: AddressFormat {
                // City holds the municipality with any ward (大阪市北区), as Japanese forms do,
                // so Japan needs no district field.
                fields: &[
                    F::PostalCode,
                    F::Region,
                    F::City,
                    F::Line1,
                    F::Line2,
                    F::Organization,
                    F::Name,
                    F::Phone,
                ],
                required: &[
                    F::PostalCode,
                    F::Region,
                    F::City,
                    F::Line1,
                    F::Name,
                    F::Phone,
                ],
                region_label: Some(RegionLabel::Prefecture),
                postal_label: Some(PostalLabel::PostalCode),
                regions: &JP_PREFECTURES,
                postal_patterns: &["999-9999"],
            },
            payment_methods: &[P::Card, P::Konbini, P::Paypay, P::ApplePay],
        },
        Country {
            code: "CN",
            continent: Continent::Asia,
            currency_code: "CNY",
            languages: &["zh"],
            calling_code: "+86",
            trunk_prefix: Some("0"),
            phone_digits: 10..=11,
            address_format: AddressFormat {
                fields: &[
                    F::PostalCode,
                    F::Region,
                    F::City,
                    F::District,
                    F::Line1,
                    F::Line2,
                    F::Organization,
                    F::Name,
                    F::Phone,
                ],
                required: &[
                    F::PostalCode,
                    F::Region,
                    F::City,
                    F::Line1,
                    F::Name,
                    F::Phone,
                ],
                region_label: Some(RegionLabel::Province),
                postal_label: Some(PostalLabel::PostalCode),
                regions: &CN_PROVINCES,
                postal_patterns: &["999999"],
            },
            payment_methods: &[P::Alipay, P::WechatPay, P::Card],
        },
        Country {
            code: "KR",
            continent: Continent::Asia,
            currency_code: "KRW",
            languages: &["ko"],
            calling_code: "+82",
            trunk_prefix: Some("0"),
            phone_digits: 8..=10,
            address_format: AddressFormat {
                // The postal code leads, as on Korean forms, where it is looked up first.
                fields: &[
                    F::PostalCode,
                    F::Region,
                    F::City,
                    F::District,
                    F::Line1,
                    F::Line2,
                    F::Organization,
                    F::Name,
                    F::Phone,
                ],
                required: &[
                    F::PostalCode,
                    F::Region,
                    F::City,
                    F::Line1,
                    F::Name,
                    F::Phone,
                ],
                region_label: Some(RegionLabel::Province),
                postal_label: Some(PostalLabel::PostalCode),
                regions: &[],
                postal_patterns: &["99999"],
            },
            payment_methods: &[P::Card, P::NaverPay, P::KakaoPay],
        },
        Country {
            code: "SA",
            continent: Continent::Asia,
            currency_code: "SAR",
            languages: &["ar"],
            calling_code: "+966",
            trunk_prefix: Some("0"),
            phone_digits: 9..=9,
            address_format: AddressFormat {
                fields: &[
                    F::Name,
                    F::Organization,
                    F::Line1,
                    F::Line2,
                    F::District,
                    F::City,
                    F::PostalCode,
                    F::Phone,
                ],
                // Many buyers do not know their national-address postal code; couriers deliver
                // by district and phone.
                required: &[F::Name, F::Line1, F::City, F::Phone],
                region_label: None,
                postal_label: Some(PostalLabel::PostalCode),
                regions: &[],
                // Five digits, optionally with the four-digit "additional number".
                postal_patterns: &["99999", "99999-9999"],
            },
            payment_methods: &[P::Mada, P::ApplePay, P::Card, P::StcPay],
        },
        Country {
            code: "AE",
            continent: Continent::Asia,
            currency_code: "AED",
            languages: &["ar", "en"],
            calling_code: "+971",
            trunk_prefix: Some("0"),
            phone_digits: 8..=9,
            address_format: AddressFormat {
                // No postal codes; couriers find the area within the emirate and call.
                fields: &[
                    F::Name,
                    F::Organization,
                    F::Line1,
                    F::Line2,
                    F::District,
                    F::Region,
                    F::Phone,
                ],
                required: &[F::Name, F::Line1, F::Region, F::Phone],
                region_label: Some(RegionLabel::Emirate),
                postal_label: None,
                regions: &AE_EMIRATES,
                postal_patterns: &[],
            },
            payment_methods: &[P::Card, P::ApplePay, P::GooglePay, P::Paypal],
        },
        Country {
            code: "AU",
            continent: Continent::Oceania,
            currency_code: "AUD",
            languages: &["en"],
            calling_code: "+61",
            trunk_prefix: Some("0"),
            phone_digits: 9..=9,
            address_format: AddressFormat {
                fields: &[
                    F::Organization,
                    F::Name,
                    F::Line1,
                    F::Line2,
                    F::City,
                    F::Region,
                    F::PostalCode,
                    F::Phone,
                ],
                required: &[
                    F::Name,
                    F::Line1,
                    F::City,
                    F::Region,
                    F::PostalCode,
                    F::Phone,
                ],
                region_label: Some(RegionLabel::State),
                postal_label: Some(PostalLabel::Postcode),
                regions: &AU_STATES,
                postal_patterns: &["9999"],
            },
            payment_methods: &[P::Card, P::Paypal, P::ApplePay, P::Afterpay, P::GooglePay],
        },
    ]
};

/// The 50 states and the District of Columbia (ISO 3166-2:US).
static US_STATES: [(&str, &str); 51] = [
    ("AL", "Alabama"),
    ("AK", "Alaska"),
    ("AZ", "Arizona"),
    ("AR", "Arkansas"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DE", "Delaware"),
    ("DC", "District of Columbia"),
    ("FL", "Florida"),
    ("GA", "Georgia"),
    ("HI", "Hawaii"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("IA", "Iowa"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("ME", "Maine"),
    ("MD", "Maryland"),
    ("MA", "Massachusetts"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MS", "Mississippi"),
    ("MO", "Missouri"),
    ("MT", "Montana"),
    ("NE", "Nebraska"),
    ("NV", "Nevada"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", "New Mexico"),
    ("NY", "New York"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("UT", "Utah"),
    ("VT", "Vermont"),
    ("VA", "Virginia"),
    ("WA", "Washington"),
    ("WV", "West Virginia"),
    ("WI", "Wisconsin"),
    ("WY", "Wyoming"),
];

/// The 10 provinces and 3 territories (ISO 3166-2:CA).
static CA_PROVINCES: [(&str, &str); 13] = [
    ("AB", "Alberta"),
    ("BC", "British Columbia"),
    ("MB", "Manitoba"),
    ("NB", "New Brunswick"),
    ("NL", "Newfoundland and Labrador"),
    ("NS", "Nova Scotia"),
    ("NT", "Northwest Territories"),
    ("NU", "Nunavut"),
    ("ON", "Ontario"),
    ("PE", "Prince Edward Island"),
    ("QC", "Quebec"),
    ("SK", "Saskatchewan"),
    ("YT", "Yukon"),
];

/// The 31 states and Mexico City (ISO 3166-2:MX).
static MX_STATES: [(&str, &str); 32] = [
    ("AGU", "Aguascalientes"),
    ("BCN", "Baja California"),
    ("BCS", "Baja California Sur"),
    ("CAM", "Campeche"),
    ("CHP", "Chiapas"),
    ("CHH", "Chihuahua"),
    ("CMX", "Mexico City"),
    ("COA", "Coahuila"),
    ("COL", "Colima"),
    ("DUR", "Durango"),
    ("GUA", "Guanajuato"),
    ("GRO", "Guerrero"),
    ("HID", "Hidalgo"),
    ("JAL", "Jalisco"),
    ("MEX", "State of Mexico"),
    ("MIC", "Michoacán"),
    ("MOR", "Morelos"),
    ("NAY", "Nayarit"),
    ("NLE", "Nuevo León"),
    ("OAX", "Oaxaca"),
    ("PUE", "Puebla"),
    ("QUE", "Querétaro"),
    ("ROO", "Quintana Roo"),
    ("SLP", "San Luis Potosí"),
    ("SIN", "Sinaloa"),
    ("SON", "Sonora"),
    ("TAB", "Tabasco"),
    ("TAM", "Tamaulipas"),
    ("TLA", "Tlaxcala"),
    ("VER", "Veracruz"),
    ("YUC", "Yucatán"),
    ("ZAC", "Zacatecas"),
];

/// The 26 states and the Federal District (ISO 3166-2:BR).
static BR_STATES: [(&str, &str); 27] = [
    ("AC", "Acre"),
    ("AL", "Alagoas"),
    ("AP", "Amapá"),
    ("AM", "Amazonas"),
    ("BA", "Bahia"),
    ("CE", "Ceará"),
    ("DF", "Federal District"),
    ("ES", "Espírito Santo"),
    ("GO", "Goiás"),
    ("MA", "Maranhão"),
    ("MT", "Mato Grosso"),
    ("MS", "Mato Grosso do Sul"),
    ("MG", "Minas Gerais"),
    ("PA", "Pará"),
    ("PB", "Paraíba"),
    ("PR", "Paraná"),
    ("PE", "Pernambuco"),
    ("PI", "Piauí"),
    ("RJ", "Rio de Janeiro"),
    ("RN", "Rio Grande do Norte"),
    ("RS", "Rio Grande do Sul"),
    ("RO", "Rondônia"),
    ("RR", "Roraima"),
    ("SC", "Santa Catarina"),
    ("SP", "São Paulo"),
    ("SE", "Sergipe"),
    ("TO", "Tocantins"),
];

/// The 47 prefectures (ISO 3166-2:JP), in their official north-to-south order.
static JP_PREFECTURES: [(&str, &str); 47] = [
    ("01", "Hokkaido"),
    ("02", "Aomori"),
    ("03", "Iwate"),
    ("04", "Miyagi"),
    ("05", "Akita"),
    ("06", "Yamagata"),
    ("07", "Fukushima"),
    ("08", "Ibaraki"),
    ("09", "Tochigi"),
    ("10", "Gunma"),
    ("11", "Saitama"),
    ("12", "Chiba"),
    ("13", "Tokyo"),
    ("14", "Kanagawa"),
    ("15", "Niigata"),
    ("16", "Toyama"),
    ("17", "Ishikawa"),
    ("18", "Fukui"),
    ("19", "Yamanashi"),
    ("20", "Nagano"),
    ("21", "Gifu"),
    ("22", "Shizuoka"),
    ("23", "Aichi"),
    ("24", "Mie"),
    ("25", "Shiga"),
    ("26", "Kyoto"),
    ("27", "Osaka"),
    ("28", "Hyogo"),
    ("29", "Nara"),
    ("30", "Wakayama"),
    ("31", "Tottori"),
    ("32", "Shimane"),
    ("33", "Okayama"),
    ("34", "Hiroshima"),
    ("35", "Yamaguchi"),
    ("36", "Tokushima"),
    ("37", "Kagawa"),
    ("38", "Ehime"),
    ("39", "Kochi"),
    ("40", "Fukuoka"),
    ("41", "Saga"),
    ("42", "Nagasaki"),
    ("43", "Kumamoto"),
    ("44", "Oita"),
    ("45", "Miyazaki"),
    ("46", "Kagoshima"),
    ("47", "Okinawa"),
];

/// The 31 province-level divisions of the mainland (ISO 3166-2:CN): provinces, autonomous
/// regions and municipalities. Hong Kong and Macao have their own address systems.
static CN_PROVINCES: [(&str, &str); 31] = [
    ("AH", "Anhui"),
    ("BJ", "Beijing"),
    ("CQ", "Chongqing"),
    ("FJ", "Fujian"),
    ("GD", "Guangdong"),
    ("GS", "Gansu"),
    ("GX", "Guangxi"),
    ("GZ", "Guizhou"),
    ("HA", "Henan"),
    ("HB", "Hubei"),
    ("HE", "Hebei"),
    ("HI", "Hainan"),
    ("HL", "Heilongjiang"),
    ("HN", "Hunan"),
    ("JL", "Jilin"),
    ("JS", "Jiangsu"),
    ("JX", "Jiangxi"),
    ("LN", "Liaoning"),
    ("NM", "Inner Mongolia"),
    ("NX", "Ningxia"),
    ("QH", "Qinghai"),
    ("SC", "Sichuan"),
    ("SD", "Shandong"),
    ("SH", "Shanghai"),
    ("SN", "Shaanxi"),
    ("SX", "Shanxi"),
    ("TJ", "Tianjin"),
    ("XJ", "Xinjiang"),
    ("XZ", "Tibet"),
    ("YN", "Yunnan"),
    ("ZJ", "Zhejiang"),
];

/// The 7 emirates (ISO 3166-2:AE).
static AE_EMIRATES: [(&str, &str); 7] = [
    ("AZ", "Abu Dhabi"),
    ("AJ", "Ajman"),
    ("DU", "Dubai"),
    ("FU", "Fujairah"),
    ("RK", "Ras Al Khaimah"),
    ("SH", "Sharjah"),
    ("UQ", "Umm Al Quwain"),
];

/// The 6 states and 2 mainland territories (ISO 3166-2:AU).
static AU_STATES: [(&str, &str); 8] = [
    ("ACT", "Australian Capital Territory"),
    ("NSW", "New South Wales"),
    ("NT", "Northern Territory"),
    ("QLD", "Queensland"),
    ("SA", "South Australia"),
    ("TAS", "Tasmania"),
    ("VIC", "Victoria"),
    ("WA", "Western Australia"),
];

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use proptest::prelude::*;

    use super::*;

    #[test]
    fn accept_language_is_ordered_by_quality_then_order() {
        assert_eq!(
            accept_language("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.95, *;q=0.5"),
            ["fr-CH", "de", "fr", "en"]
        );
        assert_eq!(accept_language("ja,en-US;q=0.7,zh;q=0"), ["ja", "en-US"]);
        assert_eq!(accept_language("de;q=1.5, es;q=abc, ar"), ["ar"]);
        assert!(accept_language("").is_empty());
    }

    #[test]
    fn the_market_cookie_round_trips_and_refuses_unknown_codes() {
        let germany = country("DE").unwrap();
        let value = market_cookie_value(germany, "CHF");
        assert_eq!(value, "DE-CHF");
        let header = format!("theme=dark; {MARKET_COOKIE}={value}; other=1");
        let (found, currency) = market_from_cookies(&header).unwrap();
        assert_eq!((found.code, currency.code()), ("DE", "CHF"));
        assert!(market_from_cookies("market=XX-EUR").is_none());
        assert!(market_from_cookies("market=DE").is_none());
        assert!(market_from_cookies("markets=DE-EUR").is_none());
        assert_eq!(language_from_cookies("a=b; lang=ar"), Some("ar"));
        assert_eq!(language_from_cookies("lang=xx"), None);
    }

    fn at(code: &str) -> &'static Country {
        country(code).unwrap()
    }

    fn postal(code: &str, input: &str) -> Result<String, AddressErrorKind> {
        normalize_postal_code(at(code), input).map_err(|e| e.kind)
    }

    fn phone(code: &str, input: &str) -> Result<String, AddressErrorKind> {
        normalize_phone(at(code), input).map_err(|e| e.kind)
    }

    #[test]
    fn an_address_prints_in_its_countrys_order() {
        let mut address = Address {
            country: "JP".into(),
            ..Address::default()
        };
        *address.field_mut(AddressField::Name).unwrap() = Some("山田太郎".into());
        *address.field_mut(AddressField::PostalCode).unwrap() = Some("100-0001".into());
        *address.field_mut(AddressField::City).unwrap() = Some("千代田区".into());
        assert!(address.field_mut(AddressField::Country).is_none());
        let fields: Vec<_> = address
            .lines()
            .into_iter()
            .map(|(field, _)| field)
            .collect();
        let order = &country("JP").unwrap().address_format.fields;
        let positions: Vec<_> = fields
            .iter()
            .map(|field| order.iter().position(|f| f == field).unwrap())
            .collect();
        assert!(positions.is_sorted(), "{fields:?} follows {order:?}");
        assert_eq!(address.field(AddressField::City), Some("千代田区"));
        assert_eq!(address.field(AddressField::Line1), None);
    }

    #[test]
    fn every_destination_has_a_time_zone_that_maps_back_to_it() {
        for country in &COUNTRIES {
            let zone = main_time_zone(country.code)
                .unwrap_or_else(|| panic!("{} has no time zone", country.code));
            assert_eq!(country_for_time_zone(zone), Some(country.code), "{zone}");
        }
        assert_eq!(main_time_zone("ZZ"), None);
    }

    #[test]
    fn sixteen_destinations_on_five_continents() {
        let codes: Vec<_> = COUNTRIES.iter().map(|c| c.code).collect();
        assert_eq!(
            codes,
            [
                "US", "CA", "MX", "BR", "GB", "DE", "FR", "ES", "NL", "CH", "JP", "CN", "KR", "SA",
                "AE", "AU"
            ]
        );
        let continents: HashSet<_> = COUNTRIES.iter().map(|c| c.continent).collect();
        assert_eq!(continents.len(), 5);
        assert_eq!(country("ch").map(|c| c.code), Some("CH"));
        assert!(country("IT").is_none());
        assert!(country("").is_none());
    }

    #[test]
    fn every_currency_parses() {
        for country in &COUNTRIES {
            assert!(
                Currency::new(country.currency_code).is_ok(),
                "{}",
                country.code
            );
        }
        assert_eq!(at("CH").currency().code(), "CHF");
        assert_eq!(at("DE").currency().code(), "EUR");
        assert_eq!(at("JP").currency().code(), "JPY");
        assert_eq!(at("AE").currency().code(), "AED");
    }

    #[test]
    fn languages_are_primary_subtags_most_common_first() {
        for country in &COUNTRIES {
            assert!(!country.languages.is_empty(), "{}", country.code);
            for lang in country.languages {
                assert!(
                    (2..=3).contains(&lang.len()) && lang.bytes().all(|b| b.is_ascii_lowercase()),
                    "{}: {lang}",
                    country.code
                );
            }
        }
        assert_eq!(at("CH").languages, ["de", "fr", "it", "rm"]);
        assert_eq!(at("CA").languages, ["en", "fr"]);
    }

    #[test]
    fn calling_codes_are_plus_and_digits() {
        for country in &COUNTRIES {
            let digits = country.calling_code.strip_prefix('+').unwrap();
            assert!(
                (1..=3).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()),
                "{}",
                country.code
            );
            assert!(!country.phone_digits.is_empty(), "{}", country.code);
        }
        assert_eq!(at("CH").calling_code, "+41");
    }

    #[test]
    fn every_country_takes_cards_and_lists_each_method_once() {
        for country in &COUNTRIES {
            let methods = country.payment_methods;
            assert!(methods.contains(&PaymentMethod::Card), "{}", country.code);
            let unique: HashSet<_> = methods.iter().collect();
            assert_eq!(unique.len(), methods.len(), "{}", country.code);
        }
        assert_eq!(at("NL").payment_methods[0], PaymentMethod::Ideal);
        assert_eq!(at("BR").payment_methods[0], PaymentMethod::Pix);
        assert!(at("CH").payment_methods.contains(&PaymentMethod::Twint));
        assert!(at("CN").payment_methods.contains(&PaymentMethod::WechatPay));
    }

    #[test]
    fn payment_methods_serialize_in_snake_case() {
        let json = serde_json::to_string(&[
            PaymentMethod::Paypal,
            PaymentMethod::ApplePay,
            PaymentMethod::WechatPay,
            PaymentMethod::Paypay,
            PaymentMethod::SepaDebit,
            PaymentMethod::StcPay,
        ])
        .unwrap();
        assert_eq!(
            json,
            r#"["paypal","apple_pay","wechat_pay","paypay","sepa_debit","stc_pay"]"#
        );
    }

    #[test]
    fn address_formats_are_consistent() {
        for country in &COUNTRIES {
            let format = &country.address_format;
            let code = country.code;
            let unique: HashSet<_> = format.fields.iter().collect();
            assert_eq!(unique.len(), format.fields.len(), "{code}: duplicate field");
            assert!(!format.has(AddressField::Country), "{code}");
            for field in format.required {
                assert!(
                    format.has(*field),
                    "{code}: required {field:?} not in the order"
                );
            }
            for field in [AddressField::Name, AddressField::Line1, AddressField::Phone] {
                assert!(format.requires(field), "{code}: {field:?} optional");
            }
            assert_eq!(
                format.has(AddressField::Region),
                format.region_label.is_some(),
                "{code}"
            );
            assert_eq!(
                format.has(AddressField::PostalCode),
                format.postal_label.is_some(),
                "{code}"
            );
            assert_eq!(
                format.has(AddressField::PostalCode),
                !format.postal_patterns.is_empty(),
                "{code}"
            );
            assert!(
                format.regions.is_empty() || format.has(AddressField::Region),
                "{code}"
            );
        }
    }

    #[test]
    fn east_asian_formats_go_large_to_small() {
        let position = |code: &str, field| {
            let fields = at(code).address_format.fields;
            fields.iter().position(|&f| f == field).unwrap()
        };
        for code in ["JP", "CN", "KR"] {
            assert!(position(code, AddressField::Region) < position(code, AddressField::City));
            assert!(position(code, AddressField::City) < position(code, AddressField::Line1));
            assert!(position(code, AddressField::Line1) < position(code, AddressField::Name));
        }
        for code in ["US", "GB"] {
            assert_eq!(position(code, AddressField::Name), 0);
            assert!(position(code, AddressField::Line1) < position(code, AddressField::City));
            assert!(position(code, AddressField::City) < position(code, AddressField::PostalCode));
        }
        assert_eq!(at("JP").address_format.fields[0], AddressField::PostalCode);
    }

    #[test]
    fn region_lists_are_complete_with_unique_codes() {
        let expected = [
            ("US", 51),
            ("CA", 13),
            ("AU", 8),
            ("MX", 32),
            ("BR", 27),
            ("JP", 47),
            ("CN", 31),
            ("AE", 7),
        ];
        for country in &COUNTRIES {
            let regions = country.address_format.regions;
            let count = expected
                .iter()
                .find(|(c, _)| *c == country.code)
                .map_or(0, |e| e.1);
            assert_eq!(regions.len(), count, "{}", country.code);
            let codes: HashSet<_> = regions.iter().map(|r| r.0).collect();
            let names: HashSet<_> = regions.iter().map(|r| r.1).collect();
            assert_eq!(codes.len(), count, "{}: duplicate code", country.code);
            assert_eq!(names.len(), count, "{}: duplicate name", country.code);
            for (code, name) in regions {
                assert!(
                    (2..=3).contains(&code.len())
                        && code
                            .bytes()
                            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()),
                    "{code}"
                );
                assert!(!name.is_empty());
            }
        }
        let find = |country: &str, input| at(country).address_format.find_region(input);
        assert_eq!(find("US", "CA"), Some(("CA", "California")));
        assert_eq!(find("JP", "13"), Some(("13", "Tokyo")));
        assert_eq!(find("JP", "osaka"), Some(("27", "Osaka")));
        assert_eq!(find("AE", "Dubai"), Some(("DU", "Dubai")));
        assert_eq!(find("CA", " qc "), Some(("QC", "Quebec")));
        assert_eq!(find("US", "PR"), None);
        assert_eq!(find("DE", "Bayern"), None);
    }

    #[test]
    fn postal_patterns_never_compete_for_one_input() {
        // Separators are optional on input, so two patterns of a country with the same shape
        // once separators are removed would make normalization ambiguous.
        let shape = |pattern: &str| -> String {
            pattern
                .chars()
                .filter(|&c| !is_postal_separator(c))
                .collect()
        };
        for country in &COUNTRIES {
            let patterns = country.address_format.postal_patterns;
            let shapes: HashSet<_> = patterns.iter().map(|p| shape(p)).collect();
            assert_eq!(shapes.len(), patterns.len(), "{}", country.code);
            for pattern in patterns {
                // Every pattern accepts its own shape, with digits and letters filled in.
                let example: String = pattern
                    .chars()
                    .map(|c| if c == 'A' { 'B' } else { c })
                    .collect();
                assert_eq!(
                    postal(country.code, &example).as_deref(),
                    Ok(example.as_str())
                );
            }
        }
    }

    #[test]
    fn valid_postal_codes_normalize() {
        let cases = [
            ("US", "94103", "94103"),
            ("US", " 94103-1234 ", "94103-1234"),
            ("US", "941031234", "94103-1234"),
            ("CA", "k1a0b1", "K1A 0B1"),
            ("CA", "K1A 0B1", "K1A 0B1"),
            ("MX", "06700", "06700"),
            ("BR", "01310100", "01310-100"),
            ("BR", "01310-100", "01310-100"),
            ("GB", "sw1a1aa", "SW1A 1AA"),
            ("GB", "SW1A 1AA", "SW1A 1AA"),
            ("GB", "m11ae", "M1 1AE"),
            ("GB", "B33 8TH", "B33 8TH"),
            ("GB", "CR2 6XH", "CR2 6XH"),
            ("GB", "DN551PT", "DN55 1PT"),
            ("GB", "W1A 0AX", "W1A 0AX"),
            ("GB", "EC1A-1BB", "EC1A 1BB"),
            ("DE", "10115", "10115"),
            ("FR", "75001", "75001"),
            ("ES", "28013", "28013"),
            ("NL", "1012ab", "1012 AB"),
            ("CH", "8001", "8001"),
            ("JP", "1000001", "100-0001"),
            ("JP", "100-0001", "100-0001"),
            ("JP", "１００－０００１", "100-0001"),
            ("JP", "100ー0001", "100-0001"),
            ("CN", "100000", "100000"),
            ("KR", "06236", "06236"),
            ("SA", "12345", "12345"),
            ("SA", "123456789", "12345-6789"),
            ("AU", "2000", "2000"),
            ("AE", "", ""),
            ("AE", "   ", ""),
        ];
        for (country, input, expected) in cases {
            assert_eq!(
                postal(country, input).as_deref(),
                Ok(expected),
                "{country} {input:?}"
            );
        }
    }

    #[test]
    fn invalid_postal_codes_are_refused() {
        let cases = [
            ("US", "9410"),
            ("US", "94103-12"),
            ("US", "ABCDE"),
            ("CA", "K1A 0B"),
            ("CA", "11A 0B1"),
            ("BR", "0131010"),
            ("GB", "SW1A 1A"),
            ("GB", "1W1A 1AA"),
            ("GB", "SW1A.1AA"),
            ("DE", "1011"),
            ("DE", "101155"),
            ("NL", "1012 A"),
            ("CH", "80010"),
            ("JP", "100-001"),
            ("CN", "10000"),
            ("KR", "062366"),
            ("AU", "200"),
            ("AE", "00000"),
            ("FR", "75 001 Paris"),
            ("ES", "２８０１３Ａ"),
        ];
        for (country, input) in cases {
            assert_eq!(
                postal(country, input),
                Err(AddressErrorKind::InvalidPostalCode),
                "{country} {input:?}"
            );
        }
        assert_eq!(postal("DE", "  "), Err(AddressErrorKind::Required));
        let error = normalize_postal_code(at("US"), "x").unwrap_err();
        assert_eq!(error.field, AddressField::PostalCode);
    }

    #[test]
    fn phones_normalize_to_e164() {
        let cases = [
            ("DE", "030 1234567", "+49301234567"),
            ("DE", "030/1234567", "+49301234567"),
            ("DE", "+49 30 1234567", "+49301234567"),
            ("DE", "+49 (0)30 1234567", "+49301234567"),
            ("DE", "0049 30 1234567", "+49301234567"),
            ("DE", "30 1234567", "+49301234567"),
            ("US", "(415) 555-0123", "+14155550123"),
            ("US", "1-415-555-0123", "+14155550123"),
            ("US", "+1 415.555.0123", "+14155550123"),
            ("CA", "416 555 0199", "+14165550199"),
            ("MX", "55 1234 5678", "+525512345678"),
            ("BR", "(11) 91234-5678", "+5511912345678"),
            ("GB", "020 7946 0958", "+442079460958"),
            ("GB", "07700 900123", "+447700900123"),
            ("FR", "06 12 34 56 78", "+33612345678"),
            ("ES", "612 34 56 78", "+34612345678"),
            ("NL", "020-1234567", "+31201234567"),
            ("CH", "044 668 18 00", "+41446681800"),
            ("JP", "090-1234-5678", "+819012345678"),
            ("JP", "０３－１２３４－５６７８", "+81312345678"),
            ("CN", "138 0013 8000", "+8613800138000"),
            ("KR", "010-1234-5678", "+821012345678"),
            ("KR", "02-123-4567", "+8221234567"),
            ("SA", "050 123 4567", "+966501234567"),
            ("AE", "050 123 4567", "+971501234567"),
            ("AE", "04 123 4567", "+97141234567"),
            ("AU", "0412 345 678", "+61412345678"),
            // A foreign number is kept as given: the buyer may use their home mobile.
            ("JP", "+49 30 1234567", "+49301234567"),
            ("AE", "+44 7700 900123", "+447700900123"),
        ];
        for (country, input, expected) in cases {
            assert_eq!(
                phone(country, input).as_deref(),
                Ok(expected),
                "{country} {input:?}"
            );
        }
    }

    #[test]
    fn implausible_phones_are_refused() {
        let cases = [
            ("DE", "030 CALL NOW"),
            ("DE", "030 1234567 ext 12"),
            ("DE", "0301"),
            ("US", "555-0123"),
            ("US", "415 555 01234"),
            ("US", "+1 415 555 012"),
            ("FR", "06 12 34 56 7"),
            ("GB", "+44 0"),
            ("JP", "+"),
            ("JP", "+0049 30 1234567"),
            ("JP", "+49 30"),
            ("CH", "+1234567890123456"),
            ("AU", "++61412345678"),
            ("ES", "0612345678"),
        ];
        for (country, input) in cases {
            assert_eq!(
                phone(country, input),
                Err(AddressErrorKind::InvalidPhone),
                "{country} {input:?}"
            );
        }
        assert_eq!(phone("DE", " "), Err(AddressErrorKind::Required));
        let error = normalize_phone(at("DE"), "abc").unwrap_err();
        assert_eq!(error.field, AddressField::Phone);
    }

    #[test]
    fn negotiation_picks_the_first_app_language() {
        assert_eq!(negotiate(&["de-CH", "fr", "en"]), "de");
        assert_eq!(negotiate(&["pt-BR"]), "en");
        assert_eq!(negotiate(&["pt-BR", "es-419"]), "es");
        assert_eq!(negotiate(&["zh-Hant-TW"]), "zh");
        assert_eq!(negotiate(&["JA_jp"]), "ja");
        assert_eq!(negotiate(&["ar-SA;q=0.9"]), "ar");
        assert_eq!(negotiate(&["*", "fr-CA"]), "fr");
        assert_eq!(negotiate(&[]), "en");
        assert_eq!(negotiate(&[""]), "en");
    }

    #[test]
    fn only_arabic_is_right_to_left() {
        assert!(is_rtl("ar"));
        assert!(is_rtl("ar-AE"));
        let rtl: Vec<_> = APP_LANGUAGES.iter().filter(|l| is_rtl(l)).collect();
        assert_eq!(rtl, [&"ar"]);
        assert!(!is_rtl("arn"));
    }

    #[test]
    fn default_country_prefers_time_zone_then_language() {
        assert_eq!(default_country_for("de", Some("Europe/Zurich")), "CH");
        assert_eq!(default_country_for("en", Some("Asia/Tokyo")), "JP");
        assert_eq!(default_country_for("fr", Some("America/Toronto")), "CA");
        assert_eq!(default_country_for("en", Some("Australia/Perth")), "AU");
        assert_eq!(
            default_country_for("en", Some("America/Indiana/Knox")),
            "US"
        );
        assert_eq!(default_country_for("de", Some("Europe/Vienna")), "DE");
        assert_eq!(default_country_for("es-MX", None), "MX");
        assert_eq!(default_country_for("en-GB", Some("Etc/UTC")), "GB");
        assert_eq!(default_country_for("zh-Hant-TW", None), "CN");
        assert_eq!(default_country_for("fr", None), "FR");
        assert_eq!(default_country_for("ja", None), "JP");
        assert_eq!(default_country_for("ar", None), "SA");
        assert_eq!(default_country_for("it", None), "US");
        assert_eq!(default_country_for("", None), "US");
        for (zone, code) in TIME_ZONES {
            assert!(country(code).is_some(), "{zone}");
        }
    }

    fn text(value: &str) -> Option<String> {
        Some(value.to_owned())
    }

    #[test]
    fn a_good_address_comes_back_normalized() {
        let address = Address {
            country: "jp".into(),
            name: text(" 山田 太郎 "),
            line1: text("千代田1-1"),
            city: text("千代田区"),
            region: text("tokyo"),
            postal_code: text("1000001"),
            phone: text("03-1234-5678"),
            // Left over from a Mexican address the buyer started first.
            district: text("Roma Norte"),
            ..Address::default()
        };
        let normalized = validate_address(&address).unwrap();
        assert_eq!(
            normalized,
            Address {
                country: "JP".into(),
                name: text("山田 太郎"),
                line1: text("千代田1-1"),
                city: text("千代田区"),
                region: text("13"),
                postal_code: text("100-0001"),
                phone: text("+81312345678"),
                ..Address::default()
            }
        );
        assert_eq!(validate_address(&normalized), Ok(normalized.clone()));
    }

    #[test]
    fn every_bad_field_is_reported_in_form_order() {
        let address = Address {
            country: "US".into(),
            name: text("   "),
            organization: text(&"x".repeat(MAX_FIELD_CHARS + 1)),
            line1: text("1 Main St\nApt 2"),
            city: None,
            region: text("Ontario"),
            postal_code: text("K1A 0B1"),
            phone: text("call me"),
            ..Address::default()
        };
        let errors = validate_address(&address).unwrap_err();
        let found: Vec<_> = errors.iter().map(|e| (e.field, e.kind)).collect();
        use AddressErrorKind as K;
        use AddressField as F;
        assert_eq!(
            found,
            [
                (F::Name, K::Required),
                (F::Organization, K::TooLong),
                (F::Line1, K::InvalidCharacters),
                (F::City, K::Required),
                (F::Region, K::UnknownRegion),
                (F::PostalCode, K::InvalidPostalCode),
                (F::Phone, K::InvalidPhone),
            ]
        );
    }

    #[test]
    fn exactly_the_length_limit_is_accepted() {
        let address = Address {
            country: "DE".into(),
            name: text(&"ä".repeat(MAX_FIELD_CHARS)),
            line1: text("Unter den Linden 1"),
            postal_code: text("10117"),
            city: text("Berlin"),
            phone: text("030 1234567"),
            ..Address::default()
        };
        assert!(validate_address(&address).is_ok());
    }

    #[test]
    fn free_text_regions_and_missing_countries() {
        let address = Address {
            country: "KR".into(),
            name: text("Kim"),
            region: text("Seoul"),
            city: text("Gangnam-gu"),
            line1: text("Teheran-ro 152"),
            postal_code: text("06236"),
            phone: text("010-1234-5678"),
            ..Address::default()
        };
        assert_eq!(validate_address(&address).unwrap().region, text("Seoul"));
        for (code, kind) in [
            ("IT", AddressErrorKind::UnsupportedCountry),
            (" ", AddressErrorKind::Required),
        ] {
            let address = Address {
                country: code.into(),
                ..address.clone()
            };
            let expected = vec![FieldError {
                field: AddressField::Country,
                kind,
            }];
            assert_eq!(validate_address(&address), Err(expected));
        }
    }

    #[test]
    fn addresses_and_errors_travel_as_snake_case_json() {
        let address: Address =
            serde_json::from_str(r#"{"country":"AE","name":"A","postal_code":null}"#).unwrap();
        assert_eq!(address.name, text("A"));
        assert_eq!(
            serde_json::to_string(&address).unwrap(),
            r#"{"country":"AE","name":"A"}"#
        );
        let error = FieldError {
            field: AddressField::PostalCode,
            kind: AddressErrorKind::InvalidPostalCode,
        };
        assert_eq!(
            serde_json::to_value(error).unwrap(),
            serde_json::json!({"field": "postal_code", "kind": "invalid_postal_code"})
        );
    }

    #[test]
    fn markets_info_describes_every_market_and_round_trips() {
        let info = markets_info();
        assert_eq!(info.app_languages.len(), APP_LANGUAGES.len());
        assert!(info.app_languages.iter().any(|l| l.tag == "ar" && l.rtl));
        assert_eq!(info.countries.len(), COUNTRIES.len());
        let json = serde_json::to_value(&info).unwrap();
        let us = &json["countries"][0];
        assert_eq!(us["code"], "US");
        assert_eq!(us["currency"], "USD");
        assert_eq!(us["continent"], "north_america");
        assert_eq!(us["address_format"]["region_label"], "state");
        assert_eq!(us["address_format"]["postal_label"], "zip_code");
        assert_eq!(us["address_format"]["fields"][2], "line1");
        assert_eq!(us["address_format"]["regions"][4]["name"], "California");
        let ae = &json["countries"][14];
        assert!(ae["address_format"].get("postal_label").is_none());
        let back: MarketsInfo = serde_json::from_value(json).unwrap();
        assert_eq!(back, info);
    }

    /// Strings shaped like postal codes, so the properties meet valid codes often.
    fn postal_like() -> impl Strategy<Value = String> {
        "[0-9A-Za-z \\-]{0,11}"
    }

    proptest! {
        #[test]
        fn postal_normalization_is_idempotent(
            index in 0..COUNTRIES.len(),
            input in prop_oneof![postal_like(), any::<String>()],
        ) {
            let country = &COUNTRIES[index];
            if let Ok(code) = normalize_postal_code(country, &input) {
                prop_assert_eq!(normalize_postal_code(country, &code), Ok(code.clone()));
            }
        }

        #[test]
        fn no_input_panics(
            index in 0..COUNTRIES.len(),
            input in any::<String>(),
            zone in any::<String>(),
        ) {
            let country = &COUNTRIES[index];
            let _ = normalize_postal_code(country, &input);
            let _ = normalize_phone(country, &input);
            let _ = negotiate(&[input.as_str(), zone.as_str()]);
            let _ = default_country_for(&input, Some(&zone));
            let _ = is_rtl(&input);
            let address = Address {
                country: country.code.to_owned(),
                name: Some(input.clone()),
                line1: Some(input.clone()),
                city: Some(zone.clone()),
                region: Some(input.clone()),
                postal_code: Some(input.clone()),
                phone: Some(zone.clone()),
                ..Address::default()
            };
            if let Ok(normalized) = validate_address(&address) {
                prop_assert_eq!(validate_address(&normalized), Ok(normalized.clone()));
            }
        }
    }
}
