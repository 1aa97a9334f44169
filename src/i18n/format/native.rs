//! Formatting in pure Rust, for the server: the same text Chromium's `Intl` writes in the
//! browser (`browser.rs`), so the page the server renders hydrates without a flash.
//!
//! The locale data is Chromium's own, read by `generate.mjs` into `data.rs` and `names.rs`; the
//! wasm test in `parity.rs` compares both implementations value by value.

use storefront_domain::Money;
use storefront_domain::date::{Date, Timestamp};

use super::data::{CURRENCY_DIGITS, LOCALES};
use super::names::{CURRENCIES, LANGUAGES, REGION_NAME_ORDER, REGIONS};

/// How one locale writes numbers, money, dates, plurals and durations.
///
/// Templates hold `#` where the number goes; money templates hold `¤` where the currency's
/// code goes, and date templates `{token}`s (see [`fill_date`]).
pub(super) struct LocaleData {
    /// The BCP 47 tag.
    pub(super) tag: &'static str,
    /// The zero of the locale's digits; the other nine follow it.
    pub(super) zero: char,
    /// The decimal separator.
    pub(super) decimal: &'static str,
    /// The grouping separator.
    pub(super) group: &'static str,
    /// Digits in the group next to the decimal separator, and in each group above it.
    pub(super) grouping: (usize, usize),
    /// Digits beyond the first group an integer needs before it is grouped at all.
    pub(super) min_grouping: usize,
    /// A negative number.
    pub(super) negative: &'static str,
    /// A percentage.
    pub(super) percent: &'static str,
    /// Money, positive and negative, in a currency written as its code.
    pub(super) money: (&'static str, &'static str),
    /// Money in the currencies written otherwise: code, positive and negative template.
    pub(super) money_symbols: &'static [(&'static str, &'static str, &'static str)],
    /// A date (`dateStyle: "medium"`).
    pub(super) date: &'static str,
    /// A short month and its year.
    pub(super) month: &'static str,
    /// A date with 2-digit hour and minute, in UTC.
    pub(super) date_time: &'static str,
    /// Short month names from January, for `{MMM}`; empty where months are written as numbers.
    pub(super) months: &'static [&'static str],
    /// Before and after noon, for `{a}`.
    pub(super) day_periods: [&'static str; 2],
    /// The plural categories of whole numbers.
    pub(super) plurals: Plurals,
    /// A number of minutes, per plural category.
    pub(super) minutes: &'static [(&'static str, &'static str)],
    /// A number of hours, per plural category.
    pub(super) hours: &'static [(&'static str, &'static str)],
    /// A number of days, per plural category.
    pub(super) days: &'static [(&'static str, &'static str)],
}

/// The plural category of whole numbers: inclusive ranges with their category, `other` outside.
pub(super) struct Plurals {
    /// Numbers below 100.
    pub(super) below_100: &'static [(u32, u32, &'static str)],
    /// Larger numbers, by their last two digits.
    pub(super) last_two_digits: &'static [(u32, u32, &'static str)],
    /// Multiples of a million, whatever the ranges say.
    pub(super) millions: &'static str,
}

/// The index of `locale` in [`LOCALES`] and in the columns of the name tables: by its language
/// (`de-CH` is `de`), English for a language the app lacks.
fn locale_index(locale: &str) -> usize {
    let language = locale.split('-').next().unwrap_or(locale);
    LOCALES
        .iter()
        .position(|data| data.tag.eq_ignore_ascii_case(language))
        .unwrap_or(0)
}

fn locale_data(locale: &str) -> &'static LocaleData {
    &LOCALES[locale_index(locale)]
}

/// ASCII `text` with its digits in `locale`'s.
fn localize(locale: &LocaleData, text: &str) -> String {
    text.chars()
        .map(|c| match c.to_digit(10) {
            Some(digit) => char::from_u32(u32::from(locale.zero) + digit).unwrap_or(c),
            None => c,
        })
        .collect()
}

/// `integer` grouped, then the decimal separator and `fraction` (ASCII digits) unless it is
/// empty, all in `locale`'s digits.
fn decimal(locale: &LocaleData, integer: u128, fraction: &str) -> String {
    let digits = localize(locale, &integer.to_string());
    let count = digits.chars().count();
    let (first, others) = locale.grouping;
    let grouped = count >= first + locale.min_grouping;
    let mut text = String::new();
    for (index, digit) in digits.chars().enumerate() {
        // Digits from this one to the decimal separator: a group starts at each boundary.
        let left = count - index;
        if grouped && index > 0 && left >= first && (left - first).is_multiple_of(others) {
            text.push_str(locale.group);
        }
        text.push(digit);
    }
    if !fraction.is_empty() {
        text.push_str(locale.decimal);
        text.push_str(&localize(locale, fraction));
    }
    text
}

/// `template` with the number in place of its `#`.
fn fill(template: &str, number: &str) -> String {
    template.replacen('#', number, 1)
}

/// An amount in its currency for `locale`, e.g. `¥4,800` or `12,34 €`.
///
/// Intl writes a currency with its own number of decimals, which may be fewer than its minor
/// unit has (HUF: 2 → 0): the amount is rounded half away from zero, as Intl does, in integers.
/// A negative amount keeps its sign even when it rounds to zero (`-¥0`), as in Intl.
pub fn money(money: &Money, locale: &str) -> String {
    let data = locale_data(locale);
    let code = money.currency.code();
    let shown = CURRENCY_DIGITS
        .iter()
        .find(|&&(currency, _)| currency == code)
        .map_or(2, |&(_, digits)| digits);
    let exponent = money.currency.exponent();
    let minor = u128::from(money.amount_minor.unsigned_abs());
    let units = if shown >= exponent {
        minor * 10u128.pow(shown - exponent)
    } else {
        let step = 10u128.pow(exponent - shown);
        (minor + step / 2) / step
    };
    let scale = 10u128.pow(shown);
    let fraction = if shown == 0 {
        String::new()
    } else {
        format!("{:0width$}", units % scale, width = shown as usize)
    };
    let number = decimal(data, units / scale, &fraction);
    let negative = money.amount_minor < 0;
    let template = match data.money_symbols.iter().find(|&&(c, ..)| c == code) {
        Some(&(_, positive_template, negative_template)) => {
            if negative {
                negative_template
            } else {
                positive_template
            }
        }
        None if negative => data.money.1,
        None => data.money.0,
    };
    fill(&template.replace('¤', code), &number)
}

/// A whole number as `locale` writes it, e.g. `1234` → `1,234` or `1.234`.
pub fn number(value: u32, locale: &str) -> String {
    decimal(locale_data(locale), value.into(), "")
}

/// A score kept in tenths with its one decimal, as `locale` writes it: `57` → `5.7` or `5,7`.
pub fn tenths(tenths: i32, locale: &str) -> String {
    let data = locale_data(locale);
    let magnitude = tenths.unsigned_abs();
    let number = decimal(data, (magnitude / 10).into(), &(magnitude % 10).to_string());
    if tenths < 0 {
        fill(data.negative, &number)
    } else {
        number
    }
}

/// A rate in basis points as a percentage in `locale`: `1900` → `19%`, `250` → `2.5 %`.
pub fn percent_bp(basis_points: u32, locale: &str) -> String {
    let data = locale_data(locale);
    // A basis point is a hundredth of a percent: at most two decimals, trailing zeros dropped.
    let hundredths = format!("{:02}", basis_points % 100);
    let number = decimal(
        data,
        (basis_points / 100).into(),
        hundredths.trim_end_matches('0'),
    );
    fill(data.percent, &number)
}

/// The plural category of the whole number `value`.
fn plural(plurals: &Plurals, value: u64) -> &'static str {
    let (rest, ranges) = if value < 100 {
        (value, plurals.below_100)
    } else if value.is_multiple_of(1_000_000) {
        return plurals.millions;
    } else {
        (value % 100, plurals.last_two_digits)
    };
    ranges
        .iter()
        .find(|&&(low, high, _)| (u64::from(low)..=u64::from(high)).contains(&rest))
        .map_or("other", |&(.., category)| category)
}

/// The `Intl.PluralRules` category of `value` in `locale`: `zero`, `one`, `two`, `few`, `many`
/// or `other`.
pub fn plural_category(value: u32, locale: &str) -> String {
    plural(&locale_data(locale).plurals, value.into()).to_owned()
}

/// `template` with its tokens replaced by the parts of a date and time of day: `{y}` year,
/// `{M}` month, `{MM}` month in two digits, `{MMM}` the month's short name, `{d}` and `{dd}`
/// day, `{HH}` hour 00–23, `{hh}` hour 01–12, `{a}` before or after noon, `{mm}` minute.
fn fill_date(
    locale: &LocaleData,
    template: &str,
    (year, month, day): (i32, u32, u32),
    minute_of_day: u32,
) -> String {
    let (hour, minute) = (minute_of_day / 60, minute_of_day % 60);
    let mut text = String::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        text.push_str(&rest[..start]);
        rest = &rest[start..];
        let Some(end) = rest.find('}') else { break };
        let part = match &rest[1..end] {
            "y" => year.to_string(),
            "M" => month.to_string(),
            "MM" => format!("{month:02}"),
            "MMM" => match month
                .checked_sub(1)
                .and_then(|i| locale.months.get(i as usize))
            {
                Some(name) => (*name).to_owned(),
                None => month.to_string(),
            },
            "d" => day.to_string(),
            "dd" => format!("{day:02}"),
            "HH" => format!("{hour:02}"),
            "hh" => format!("{:02}", (hour + 11) % 12 + 1),
            "a" => locale.day_periods[usize::from(hour >= 12)].to_owned(),
            "mm" => format!("{minute:02}"),
            other => format!("{{{other}}}"),
        };
        text.push_str(&localize(locale, &part));
        rest = &rest[end + 1..];
    }
    text.push_str(rest);
    text
}

/// A calendar date in `locale`'s medium form, e.g. `2026-11-27` → `Nov 27, 2026`.
pub fn date(date: Date, locale: &str) -> String {
    let data = locale_data(locale);
    fill_date(data, data.date, date.ymd(), 0)
}

/// An instant as `locale` writes date and time, with the zone's short name: `Nov 27, 2026, 02:05
/// PM UTC`.
///
/// Always in UTC: the server knows no other zone's rules, and the pages that show the buyer's
/// own zone (`time_zone` `None`) are rendered in the browser only.
pub fn date_time(instant: Timestamp, locale: &str, _time_zone: Option<&str>) -> String {
    let data = locale_data(locale);
    fill_date(
        data,
        data.date_time,
        instant.utc_date().ymd(),
        instant.utc_seconds_of_day() / 60,
    )
}

/// A calendar month as `locale` writes it briefly, e.g. `Nov 2026`; `2026-13` for a month that
/// does not exist, as the browser writes it.
pub fn month(year: i32, month: u32, locale: &str) -> String {
    if !(1..=12).contains(&month) {
        return format!("{year:04}-{month:02}");
    }
    let data = locale_data(locale);
    fill_date(data, data.month, (year, month, 1), 0)
}

/// The name of `code` in a name table in `locale`; the code itself when it is not there.
fn name<const N: usize>(table: &[(&str, [&str; N])], code: &str, locale: &str) -> String {
    match table
        .iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(code))
    {
        Some((_, names)) => names[locale_index(locale)].to_owned(),
        None => code.to_owned(),
    }
}

/// The name of a country or region (ISO 3166-1 alpha-2) in `locale`, e.g. `JP` → `Japan`.
pub fn region_name(code: &str, locale: &str) -> String {
    name(REGIONS, code, locale)
}

/// The name of a language in `locale`, e.g. `de` in `de` → `Deutsch`: the app's languages and
/// its markets' (see `names.rs`); other tags come back as they are.
pub fn language_name(tag: &str, locale: &str) -> String {
    name(LANGUAGES, tag, locale)
}

/// The name of a currency (ISO 4217) in `locale`, e.g. `JPY` → `Japanese Yen`.
pub fn currency_name(code: &str, locale: &str) -> String {
    name(CURRENCIES, code, locale)
}

/// Sorts named items by name, as `locale` alphabetizes (`Intl.Collator`).
///
/// Region names sort by their rank in Chromium's own order. Other names, which the app does not
/// sort today, go before the first region name their lowercase precedes, by code point.
pub fn sort_by_name<T>(items: &mut [(String, T)], locale: &str) {
    let ranked = REGION_NAME_ORDER[locale_index(locale)];
    // (position, known, tie-break): an unknown name comes before the known one at its position.
    let key = |name: &str| match ranked.iter().position(|known| *known == name) {
        Some(rank) => (rank, true, String::new()),
        None => {
            let lowercase = name.to_lowercase();
            let position = ranked
                .iter()
                .position(|known| known.to_lowercase() > lowercase)
                .unwrap_or(ranked.len());
            (position, false, lowercase)
        }
    };
    // Stable, as the browser's sort: equal names keep their order.
    items.sort_by_cached_key(|(name, _)| key(name));
}

/// A duration in its largest sensible unit, rounded, as `locale` writes it: `5400` → `2 hours`
/// or `ساعتان`.
pub fn duration(seconds: i64, locale: &str) -> String {
    const HOUR: i64 = 3_600;
    const DAY: i64 = 86_400;
    let data = locale_data(locale);
    let (value, templates) = if seconds < HOUR {
        (((seconds + 59) / 60).max(1), data.minutes)
    } else if seconds < 2 * DAY {
        ((seconds + HOUR / 2) / HOUR, data.hours)
    } else {
        ((seconds + DAY / 2) / DAY, data.days)
    };
    let value = value.unsigned_abs();
    let category = plural(&data.plurals, value);
    let template = templates
        .iter()
        .find(|&&(of, _)| of == category)
        .map_or("#", |&(_, template)| template);
    fill(template, &decimal(data, value.into(), ""))
}
