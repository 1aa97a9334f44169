//! The native formatter against the browser's `Intl`, in headless Chromium: every function in
//! every locale, over the values the app formats and their edges.

use std::fmt::Debug;

use storefront_domain::date::{Date, Timestamp};
use storefront_domain::market::COUNTRIES;
use storefront_domain::{Currency, Money};
use wasm_bindgen_test::wasm_bindgen_test;

use super::{browser, native};
use crate::i18n::Locale;

/// One input with the native and the browser's text.
struct Case {
    input: String,
    native: String,
    browser: String,
}

fn case(input: impl Debug, native: String, browser: String) -> Case {
    Case {
        input: format!("{input:?}"),
        native,
        browser,
    }
}

/// Checks the `cases` of `function` in every locale; fails naming the first mismatches and
/// counting them all.
fn compare(function: &str, cases: impl Fn(&'static str) -> Vec<Case>) {
    let mut total = 0;
    let mut mismatches = Vec::new();
    for locale in Locale::ALL.map(Locale::tag) {
        for Case {
            input,
            native,
            browser,
        } in cases(locale)
        {
            total += 1;
            if native != browser {
                mismatches.push(format!(
                    "{locale} {function}({input}): native {native:?}, Chromium {browser:?}"
                ));
            }
        }
    }
    assert!(total > 0, "{function}: no cases");
    assert!(
        mismatches.is_empty(),
        "{function}: {} of {total} differ; the first:\n{}",
        mismatches.len(),
        mismatches[..mismatches.len().min(10)].join("\n")
    );
}

/// The currencies of the markets, each once.
fn market_currencies() -> Vec<Currency> {
    let mut currencies: Vec<Currency> = COUNTRIES.iter().map(|c| c.currency()).collect();
    currencies.sort();
    currencies.dedup();
    currencies
}

/// Every currency Chromium's `Intl` knows.
fn intl_currencies() -> Vec<String> {
    js_sys::Intl::supported_values_of(js_sys::Intl::SupportedValuesKey::Currency)
        .into_iter()
        .map(String::from)
        .collect()
}

fn money_cases(currencies: &[Currency], amounts: &[i64], locale: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    for &currency in currencies {
        for &minor in amounts {
            let amount = Money::new(minor, currency);
            cases.push(case(
                (minor, currency.code()),
                native::money(&amount, locale),
                browser::money(&amount, locale),
            ));
        }
    }
    cases
}

#[wasm_bindgen_test]
fn money_in_the_markets_currencies() {
    let amounts = [
        0,
        1,
        5,
        99,
        100,
        1234,
        123456,
        123456789,
        -1234,
        -1,
        i64::MAX,
        i64::MIN,
    ];
    compare("money", |locale| {
        money_cases(&market_currencies(), &amounts, locale)
    });
}

#[wasm_bindgen_test]
fn money_in_every_currency_and_rounded_to_its_decimals() {
    // Every currency Intl names, those it writes with other than 2 decimals (some it does not
    // name, as CLF with 4), and a code it does not know.
    let mut codes = intl_currencies();
    codes.extend(
        super::data::CURRENCY_DIGITS
            .iter()
            .map(|&(code, _)| code.to_owned()),
    );
    codes.push("XYZ".to_owned());
    let every: Vec<Currency> = codes
        .iter()
        .map(|code| Currency::new(code).unwrap())
        .collect();
    compare("money", |locale| {
        money_cases(&every, &[123456, -1234], locale)
    });
    // Minor units finer than the decimals Intl writes (HUF 2 → 0, IQD 3 → 0, ESP 2 → 0) round
    // half away from zero; CLF and UYW have 4 of each.
    let odd: Vec<Currency> = ["HUF", "IQD", "CLF", "UYW", "KWD", "ISK", "ESP"]
        .into_iter()
        .map(|code| Currency::new(code).unwrap())
        .collect();
    let amounts = [
        0, 1, -1, 49, 50, 149, 150, 250, -250, 499, 500, -501, 12345678,
    ];
    compare("money", |locale| money_cases(&odd, &amounts, locale));
}

#[wasm_bindgen_test]
fn numbers_tenths_and_percentages() {
    compare("number", |locale| {
        [
            0,
            7,
            999,
            1000,
            1234,
            9999,
            10000,
            12345,
            123456,
            1234567,
            u32::MAX,
        ]
        .map(|n| case(n, native::number(n, locale), browser::number(n, locale)))
        .into()
    });
    compare("tenths", |locale| {
        [-57, -5, 0, 5, 57, 70, 123, 12345, i32::MIN, i32::MAX]
            .map(|t| case(t, native::tenths(t, locale), browser::tenths(t, locale)))
            .into()
    });
    compare("percent_bp", |locale| {
        [0, 1, 5, 10, 250, 1900, 2000, 2525, 10000, 123456789]
            .map(|bp| {
                case(
                    bp,
                    native::percent_bp(bp, locale),
                    browser::percent_bp(bp, locale),
                )
            })
            .into()
    });
}

#[wasm_bindgen_test]
fn plural_categories() {
    compare("plural_category", |locale| {
        (0..=120)
            .chain([
                199,
                1000,
                1011,
                1_000_000,
                1_000_001,
                2_000_000,
                5_000_011,
                u32::MAX,
            ])
            .map(|n| {
                let native = native::plural_category(n, locale);
                case(n, native, browser::plural_category(n, locale))
            })
            .collect()
    });
}

#[wasm_bindgen_test]
fn dates_months_and_times() {
    let days: Vec<Date> = (2026..=2027)
        .flat_map(|year| (1..=12).map(move |month| (year, month)))
        .flat_map(|(year, month)| {
            [1, 9, 27, 31]
                .into_iter()
                .filter_map(move |day| Date::from_ymd(year, month, day))
        })
        .collect();
    compare("date", |locale| {
        days.iter()
            .map(|&day| case(day, native::date(day, locale), browser::date(day, locale)))
            .collect()
    });
    compare("month", |locale| {
        (2026..=2027)
            .flat_map(|year| (1..=13).map(move |month| (year, month)))
            .map(|(year, month)| {
                let native = native::month(year, month, locale);
                case((year, month), native, browser::month(year, month, locale))
            })
            .collect()
    });
    let minutes = [
        0,
        4,
        9 * 60 + 5,
        11 * 60 + 59,
        12 * 60,
        12 * 60 + 30,
        13 * 60 + 7,
    ];
    let instants: Vec<Timestamp> = days
        .iter()
        .flat_map(|day| {
            let midnight = i64::from(day.days_since_epoch()) * 86_400;
            minutes
                .iter()
                .chain([&(23 * 60 + 59)])
                .map(move |minute| Timestamp(midnight + minute * 60))
        })
        .collect();
    compare("date_time", |locale| {
        instants
            .iter()
            .map(|&instant| {
                let native = native::date_time(instant, locale, Some("UTC"));
                let browser = browser::date_time(instant, locale, Some("UTC"));
                case(instant.0, native, browser)
            })
            .collect()
    });
}

#[wasm_bindgen_test]
fn region_language_and_currency_names() {
    // Every two-letter code: the known ones are named, the others come back as they are.
    let letters = || (b'A'..=b'Z').map(char::from);
    let regions: Vec<String> = letters()
        .flat_map(|a| letters().map(move |b| format!("{a}{b}")))
        .collect();
    compare("region_name", |locale| {
        regions
            .iter()
            .map(|code| {
                let native = native::region_name(code, locale);
                case(code, native, browser::region_name(code, locale))
            })
            .collect()
    });
    let mut languages: Vec<&str> = Locale::ALL.map(Locale::tag).into();
    languages.extend(
        COUNTRIES
            .iter()
            .flat_map(|country| country.languages.iter().copied()),
    );
    compare("language_name", |locale| {
        languages
            .iter()
            .map(|tag| {
                let native = native::language_name(tag, locale);
                case(tag, native, browser::language_name(tag, locale))
            })
            .collect()
    });
    let mut currencies = intl_currencies();
    currencies.extend(market_currencies().iter().map(|c| c.code().to_owned()));
    compare("currency_name", |locale| {
        currencies
            .iter()
            .map(|code| {
                let native = native::currency_name(code, locale);
                case(code, native, browser::currency_name(code, locale))
            })
            .collect()
    });
}

/// The codes of `codes`' region names in `locale`, sorted by each implementation.
fn sorted(codes: &[&'static str], locale: &str) -> Case {
    let named = || -> Vec<(String, &str)> {
        codes
            .iter()
            .map(|&code| (native::region_name(code, locale), code))
            .collect()
    };
    let (mut by_native, mut by_browser) = (named(), named());
    native::sort_by_name(&mut by_native, locale);
    browser::sort_by_name(&mut by_browser, locale);
    let order = |items: Vec<(String, &str)>| {
        items
            .into_iter()
            .map(|(name, _)| name)
            .collect::<Vec<_>>()
            .join(" | ")
    };
    case(codes, order(by_native), order(by_browser))
}

#[wasm_bindgen_test]
fn region_names_sort_as_the_collator_sorts_them() {
    let mut shown: Vec<&'static str> = COUNTRIES.iter().map(|country| country.code).collect();
    // Seller origins.
    shown.extend(["JP", "KR", "FR", "GB", "US", "MX"]);
    let mut reversed = shown.clone();
    reversed.reverse();
    let every: Vec<&'static str> = super::names::REGIONS
        .iter()
        .map(|&(code, _)| code)
        .collect();
    compare("sort_by_name", |locale| {
        vec![
            sorted(&shown, locale),
            sorted(&reversed, locale),
            sorted(&every, locale),
        ]
    });
}

#[wasm_bindgen_test]
fn durations() {
    compare("duration", |locale| {
        [
            -5,
            0,
            30,
            59,
            60,
            61,
            3599,
            3600,
            5400,
            7199,
            86400,
            172800,
            400000,
            864_000_000,
        ]
        .map(|s| case(s, native::duration(s, locale), browser::duration(s, locale)))
        .into()
    });
}
