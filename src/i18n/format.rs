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

/// The name of a country or region (ISO 3166-1 alpha-2) in `locale`, e.g. `JP` → `Japan`.
///
/// Uses `Intl.DisplayNames`, which js-sys does not bind, through reflection; the code itself is
/// the fallback.
pub fn region_name(code: &str, locale: &str) -> String {
    let display_names = || -> Option<String> {
        let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
        let constructor: Function = Reflect::get(&intl, &"DisplayNames".into())
            .ok()?
            .dyn_into()
            .ok()?;
        let options = Object::new();
        set(&options, "type", "region");
        let args = Array::of2(&Array::of1(&locale.into()), &options);
        let names = Reflect::construct(&constructor, &args).ok()?;
        let of: Function = Reflect::get(&names, &"of".into()).ok()?.dyn_into().ok()?;
        of.call1(&names, &code.into()).ok()?.as_string()
    };
    display_names().unwrap_or_else(|| code.to_owned())
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
    }
}
