//! Money as integer minor units with its ISO 4217 currency; never floats.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An ISO 4217 alphabetic currency code, such as `EUR`.
///
/// Stored as three ASCII uppercase letters so it is `Copy` and cheap to compare.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

/// Why a string is not a currency code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a currency code: expected three letters A–Z, such as EUR")]
pub struct CurrencyError(pub String);

impl Currency {
    /// Parses a code of exactly three ASCII uppercase letters.
    pub fn new(code: &str) -> Result<Self, CurrencyError> {
        match code.as_bytes() {
            &[a, b, c] if [a, b, c].iter().all(u8::is_ascii_uppercase) => Ok(Self([a, b, c])),
            _ => Err(CurrencyError(code.to_owned())),
        }
    }

    /// The code as text.
    pub fn code(&self) -> &str {
        // Only ASCII uppercase letters are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    /// Digits after the decimal point in this currency's minor unit (ISO 4217).
    ///
    /// Most currencies use two; the exceptions are listed explicitly.
    pub fn exponent(&self) -> u32 {
        match self.code() {
            "BIF" | "CLP" | "DJF" | "GNF" | "ISK" | "JPY" | "KMF" | "KRW" | "PYG" | "RWF"
            | "UGX" | "UYI" | "VND" | "VUV" | "XAF" | "XOF" | "XPF" => 0,
            "BHD" | "IQD" | "JOD" | "KWD" | "LYD" | "OMR" | "TND" => 3,
            "CLF" | "UYW" => 4,
            _ => 2,
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Currency({})", self.code())
    }
}

impl std::str::FromStr for Currency {
    type Err = CurrencyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Self::new(&code).map_err(serde::de::Error::custom)
    }
}

/// An amount of money: integer minor units (cents, yen, fils) of one currency.
///
/// Wire form: `{ "amount_minor": 1234, "currency": "EUR" }`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    /// Amount in the currency's minor unit: 1234 EUR is 12.34 €, 4800 JPY is ¥4,800.
    pub amount_minor: i64,
    /// The currency the amount is in.
    pub currency: Currency,
}

impl Money {
    /// Money of `amount_minor` minor units of `currency`.
    pub fn new(amount_minor: i64, currency: Currency) -> Self {
        Self {
            amount_minor,
            currency,
        }
    }

    /// The exact amount in major units as a plain decimal string (`"12.34"`, `"-0.05"`, `"4800"`).
    ///
    /// This is what the browser's `Intl.NumberFormat` is given, so no amount passes through a
    /// float on its way to the screen.
    pub fn to_decimal_string(&self) -> String {
        let exponent = self.currency.exponent();
        let sign = if self.amount_minor < 0 { "-" } else { "" };
        let magnitude = self.amount_minor.unsigned_abs();
        if exponent == 0 {
            return format!("{sign}{magnitude}");
        }
        let scale = 10u64.pow(exponent);
        let width = exponent as usize;
        format!("{sign}{}.{:0width$}", magnitude / scale, magnitude % scale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cur(code: &str) -> Currency {
        Currency::new(code).unwrap()
    }

    #[test]
    fn currency_codes_are_three_uppercase_letters() {
        assert_eq!(cur("EUR").code(), "EUR");
        for bad in ["eur", "EU", "EURO", "E1R", "", "ÉUR"] {
            assert!(Currency::new(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn exponents_follow_iso_4217() {
        assert_eq!(cur("JPY").exponent(), 0);
        assert_eq!(cur("EUR").exponent(), 2);
        assert_eq!(cur("KWD").exponent(), 3);
        assert_eq!(cur("CLF").exponent(), 4);
    }

    #[test]
    fn decimal_strings_are_exact() {
        assert_eq!(Money::new(1234, cur("EUR")).to_decimal_string(), "12.34");
        assert_eq!(Money::new(5, cur("EUR")).to_decimal_string(), "0.05");
        assert_eq!(Money::new(-5, cur("USD")).to_decimal_string(), "-0.05");
        assert_eq!(Money::new(4800, cur("JPY")).to_decimal_string(), "4800");
        assert_eq!(Money::new(1, cur("KWD")).to_decimal_string(), "0.001");
        assert_eq!(
            Money::new(i64::MIN, cur("EUR")).to_decimal_string(),
            "-92233720368547758.08"
        );
    }

    #[test]
    fn wire_form_matches_the_api_contract() {
        let money = Money::new(1999, cur("USD"));
        let json = serde_json::to_string(&money).unwrap();
        assert_eq!(json, r#"{"amount_minor":1999,"currency":"USD"}"#);
        assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), money);
        let bad = r#"{"amount_minor":1,"currency":"usd"}"#;
        assert!(serde_json::from_str::<Money>(bad).is_err());
    }

    proptest! {
        /// The decimal string always reads back as the same number of minor units.
        #[test]
        fn decimal_string_round_trips(amount in any::<i64>(), code in "(EUR|JPY|KWD|CLF)") {
            let money = Money::new(amount, cur(&code));
            let text = money.to_decimal_string();
            let digits: String = text.chars().filter(|c| *c != '.').collect();
            prop_assert_eq!(digits.parse::<i128>().unwrap(), i128::from(amount));
            let decimals = text.split_once('.').map_or(0, |(_, frac)| frac.len());
            prop_assert_eq!(decimals as u32, money.currency.exponent());
        }
    }
}
