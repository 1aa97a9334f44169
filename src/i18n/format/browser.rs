//! Formatting with the browser's `Intl`, so no locale data ships in the wasm.

use js_sys::{Array, Function, Object, Reflect};
use storefront_domain::Money;
use wasm_bindgen::{JsCast, JsValue};

/// Sets `key` on a JS options object.
fn set(options: &Object, key: &str, value: &str) {
    // Reflect::set only fails on frozen objects; ours is fresh.
    let _ = Reflect::set(options, &key.into(), &value.into());
}

/// An amount in its currency for `locale`, e.g. `¥4,800` or `12,34 €`.
///
/// Intl is given the exact decimal string, never a float. Falls back to `12.34 EUR` if the
/// browser lacks Intl or the currency.
pub fn money(money: &Money, locale: &str) -> String {
    let amount = money.to_decimal_string();
    let options = Object::new();
    set(&options, "style", "currency");
    set(&options, "currency", money.currency.code());
    let locales = Array::of1(&locale.into());
    let formatter = js_sys::Intl::NumberFormat::new(&locales, &options);
    formatter
        .format()
        .call1(&formatter, &JsValue::from_str(&amount))
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_else(|| format!("{amount} {}", money.currency))
}

/// A whole number as `locale` writes it, e.g. `1234` → `1,234` or `١٬٢٣٤`.
pub fn number(value: u32, locale: &str) -> String {
    let formatter = js_sys::Intl::NumberFormat::new(&Array::of1(&locale.into()), &Object::new());
    formatter
        .format()
        .call1(&formatter, &value.into())
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_else(|| value.to_string())
}

/// A score kept in tenths with its one decimal, as `locale` writes it: `57` → `5.7` or `5,7`.
///
/// Intl is given the exact decimal string, never a float.
pub fn tenths(tenths: i32, locale: &str) -> String {
    let sign = if tenths < 0 { "-" } else { "" };
    let text = format!(
        "{sign}{}.{}",
        tenths.unsigned_abs() / 10,
        tenths.unsigned_abs() % 10
    );
    let options = Object::new();
    set(&options, "minimumFractionDigits", "1");
    let formatter = js_sys::Intl::NumberFormat::new(&Array::of1(&locale.into()), &options);
    formatter
        .format()
        .call1(&formatter, &JsValue::from_str(&text))
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or(text)
}

/// A rate in basis points as a percentage in `locale`: `1900` → `19%`, `250` → `2.5 %`.
pub fn percent_bp(basis_points: u32, locale: &str) -> String {
    // The exact decimal fraction, never a float: 250 bp is "0.0250".
    let text = format!("{}.{:04}", basis_points / 10_000, basis_points % 10_000);
    let options = Object::new();
    set(&options, "style", "percent");
    set(&options, "maximumFractionDigits", "2");
    let formatter = js_sys::Intl::NumberFormat::new(&Array::of1(&locale.into()), &options);
    formatter
        .format()
        .call1(&formatter, &JsValue::from_str(&text))
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_else(|| format!("{}.{:02}%", basis_points / 100, basis_points % 100))
}

/// The `Intl.PluralRules` category of `value` in `locale`: `zero`, `one`, `two`, `few`, `many`
/// or `other`.
pub fn plural_category(value: u32, locale: &str) -> String {
    let rules = js_sys::Intl::PluralRules::new(&Array::of1(&locale.into()), &Object::new());
    rules.select(f64::from(value)).into()
}

/// A calendar date in `locale`'s long form, e.g. `2026-11-27` → `November 27, 2026`.
pub fn date(date: storefront_domain::date::Date, locale: &str) -> String {
    let options = Object::new();
    set(&options, "dateStyle", "medium");
    // The date is a calendar day, not an instant: format it as midnight UTC, in UTC.
    set(&options, "timeZone", "UTC");
    let formatter = js_sys::Intl::DateTimeFormat::new(&Array::of1(&locale.into()), &options);
    let iso = date.to_string();
    let instant = js_sys::Date::new(&format!("{iso}T00:00:00Z").into());
    formatter
        .format()
        .call1(&formatter, &instant)
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or(iso)
}

/// An instant as `locale` writes date and time in `time_zone` (the buyer's own when `None`), with
/// the zone's short name: `Nov 27, 2026, 14:05 GMT+1`.
pub fn date_time(
    instant: storefront_domain::date::Timestamp,
    locale: &str,
    time_zone: Option<&str>,
) -> String {
    // dateStyle cannot be combined with timeZoneName: the parts are spelled out instead.
    let options = Object::new();
    for (key, value) in [
        ("year", "numeric"),
        ("month", "short"),
        ("day", "numeric"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
        ("timeZoneName", "short"),
    ] {
        set(&options, key, value);
    }
    if let Some(zone) = time_zone {
        set(&options, "timeZone", zone);
    }
    let formatter = js_sys::Intl::DateTimeFormat::new(&Array::of1(&locale.into()), &options);
    let date = js_sys::Date::new(&JsValue::from_f64(instant.0 as f64 * 1000.0));
    formatter
        .format()
        .call1(&formatter, &date)
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_else(|| instant.utc_date().to_string())
}

/// A calendar month as `locale` writes it briefly, e.g. `Nov 2026`.
pub fn month(year: i32, month: u32, locale: &str) -> String {
    let options = Object::new();
    set(&options, "month", "short");
    set(&options, "year", "numeric");
    set(&options, "timeZone", "UTC");
    let formatter = js_sys::Intl::DateTimeFormat::new(&Array::of1(&locale.into()), &options);
    let iso = format!("{year:04}-{month:02}");
    let instant = js_sys::Date::new(&format!("{iso}-01T00:00:00Z").into());
    formatter
        .format()
        .call1(&formatter, &instant)
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or(iso)
}

/// The name of a country or region (ISO 3166-1 alpha-2) in `locale`, e.g. `JP` → `Japan`.
pub fn region_name(code: &str, locale: &str) -> String {
    display_name("region", code, locale)
}

/// The name of a language (BCP 47) in `locale`, e.g. `de` in `de` → `Deutsch`.
pub fn language_name(tag: &str, locale: &str) -> String {
    display_name("language", tag, locale)
}

/// The name of a currency (ISO 4217) in `locale`, e.g. `JPY` → `Japanese Yen`.
pub fn currency_name(code: &str, locale: &str) -> String {
    display_name("currency", code, locale)
}

/// `Intl.DisplayNames` of `kind` for `code`, which js-sys does not bind, through reflection;
/// the code itself is the fallback.
fn display_name(kind: &str, code: &str, locale: &str) -> String {
    let display_names = || -> Option<String> {
        let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
        let constructor: Function = Reflect::get(&intl, &"DisplayNames".into())
            .ok()?
            .dyn_into()
            .ok()?;
        let options = Object::new();
        set(&options, "type", kind);
        let args = Array::of2(&Array::of1(&locale.into()), &options);
        let names = Reflect::construct(&constructor, &args).ok()?;
        let of: Function = Reflect::get(&names, &"of".into()).ok()?.dyn_into().ok()?;
        of.call1(&names, &code.into()).ok()?.as_string()
    };
    display_names().unwrap_or_else(|| code.to_owned())
}

/// Sorts named items by name, as `locale` alphabetizes (`Intl.Collator`).
pub fn sort_by_name<T>(items: &mut [(String, T)], locale: &str) {
    let collator = js_sys::Intl::Collator::new(&Array::of1(&locale.into()), &Object::new());
    let compare = collator.compare();
    items.sort_by(|(a, _), (b, _)| {
        let order = compare
            .call2(&collator, &a.into(), &b.into())
            .ok()
            .and_then(|order| order.as_f64())
            .unwrap_or(0.0);
        order.total_cmp(&0.0)
    });
}

/// A duration in its largest sensible unit, rounded, as `locale` writes it: `5400` → `2 hours`
/// or `ساعتان`.
pub fn duration(seconds: i64, locale: &str) -> String {
    const HOUR: i64 = 3_600;
    const DAY: i64 = 86_400;
    let (value, unit) = if seconds < HOUR {
        (((seconds + 59) / 60).max(1), "minute")
    } else if seconds < 2 * DAY {
        ((seconds + HOUR / 2) / HOUR, "hour")
    } else {
        ((seconds + DAY / 2) / DAY, "day")
    };
    let options = Object::new();
    for (key, value) in [("style", "unit"), ("unit", unit), ("unitDisplay", "long")] {
        set(&options, key, value);
    }
    let formatter = js_sys::Intl::NumberFormat::new(&Array::of1(&locale.into()), &options);
    formatter
        .format()
        .call1(&formatter, &JsValue::from_f64(value as f64))
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_else(|| format!("{value} {unit}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use storefront_domain::Currency;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn amount(minor: i64, code: &str) -> Money {
        Money::new(minor, Currency::new(code).unwrap())
    }

    #[wasm_bindgen_test]
    fn money_uses_the_currency_exponent_and_the_locale() {
        assert_eq!(money(&amount(4800, "JPY"), "en"), "¥4,800");
        assert_eq!(money(&amount(1999, "USD"), "en"), "$19.99");
        // German puts the symbol last, after a no-break space, with a decimal comma.
        assert_eq!(money(&amount(123456, "EUR"), "de"), "1.234,56\u{a0}€");
    }

    #[wasm_bindgen_test]
    fn region_names_are_localized() {
        assert_eq!(region_name("JP", "en"), "Japan");
        assert_eq!(region_name("JP", "de"), "Japan");
        assert_eq!(region_name("GB", "fr"), "Royaume-Uni");
        assert_eq!(language_name("de", "de"), "Deutsch");
        assert_eq!(language_name("ar", "ar"), "العربية");
        assert_eq!(currency_name("JPY", "en"), "Japanese Yen");
    }

    #[wasm_bindgen_test]
    fn numbers_plurals_and_dates_follow_the_locale() {
        assert_eq!(number(1234, "en"), "1,234");
        assert_eq!(number(1234, "de"), "1.234");
        assert_eq!(plural_category(1, "en"), "one");
        assert_eq!(plural_category(3, "en"), "other");
        assert_eq!(plural_category(2, "ar"), "two");
        assert_eq!(plural_category(5, "ar"), "few");
        assert_eq!(plural_category(11, "ar"), "many");
        let day = storefront_domain::date::Date::parse("2026-11-27").unwrap();
        assert_eq!(date(day, "en"), "Nov 27, 2026");
        assert_eq!(date(day, "de"), "27.11.2026");
    }

    #[wasm_bindgen_test]
    fn names_sort_as_the_language_alphabetizes() {
        let mut names: Vec<(String, ())> = ["Zypern", "Österreich", "Albanien"]
            .into_iter()
            .map(|name| (name.to_owned(), ()))
            .collect();
        sort_by_name(&mut names, "de");
        let names: Vec<&str> = names.iter().map(|(name, ())| name.as_str()).collect();
        assert_eq!(names, ["Albanien", "Österreich", "Zypern"]);
    }
}
