//! Money as integer minor units with its ISO 4217 currency; never floats.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An ISO 4217 alphabetic currency code, such as `EUR`.
///
/// Stored as three ASCII uppercase letters so it is `Copy` and cheap to compare.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(
        value_type = String,
        pattern = "^[A-Z]{3}$",
        example = "EUR",
        description = "An ISO 4217 alphabetic currency code: three letters A–Z, such as `EUR`."
    )
)]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

    /// A non-negative amount a buyer typed in major units (`"12"`, `"12.5"`, `"12,50"`: a comma
    /// is taken as the decimal mark, as many locales write it). `None` when it is not such a
    /// number, has more decimals than `currency` has, or is too large.
    pub fn parse_major(text: &str, currency: Currency) -> Option<Self> {
        let text = text.trim().replace(',', ".");
        let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
        let exponent = currency.exponent() as usize;
        let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() && fraction.is_empty()
            || !digits(whole)
            || !digits(fraction)
            || fraction.len() > exponent
        {
            return None;
        }
        let whole: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().ok()?
        };
        let fraction: i64 = format!("{fraction:0<exponent$}").parse().unwrap_or(0);
        let minor = whole
            .checked_mul(10i64.pow(exponent as u32))?
            .checked_add(fraction)?;
        Some(Self::new(minor, currency))
    }
}

/// Why an amount could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// Two amounts in different currencies were combined.
    #[error("cannot combine {0} with {1}")]
    CurrencyMismatch(Currency, Currency),
    /// The rate table has no rate for this currency.
    #[error("no exchange rate for {0}")]
    NoRate(Currency),
    /// The result does not fit in 64 bits of minor units.
    #[error("amount out of range")]
    Overflow,
}

/// `numerator / denominator` rounded to the nearest integer, ties to even ("banker's rounding").
///
/// The one rounding rule for money in the storefront: conversions, duties and taxes all round
/// once, at the end, this way, so repeated roundings neither drift up nor down on average.
pub fn div_round_half_even(numerator: i128, denominator: i128) -> i128 {
    assert!(denominator != 0, "division by zero");
    let (n, d) = if denominator < 0 {
        (-numerator, -denominator)
    } else {
        (numerator, denominator)
    };
    let quotient = n.div_euclid(d);
    let twice_remainder = 2 * n.rem_euclid(d);
    if twice_remainder > d || (twice_remainder == d && quotient % 2 != 0) {
        quotient + 1
    } else {
        quotient
    }
}

impl Money {
    /// Zero in `currency`.
    pub fn zero(currency: Currency) -> Self {
        Self::new(0, currency)
    }

    /// The sum of two amounts in the same currency.
    pub fn checked_add(self, other: Self) -> Result<Self, MoneyError> {
        if self.currency != other.currency {
            return Err(MoneyError::CurrencyMismatch(self.currency, other.currency));
        }
        let amount = self
            .amount_minor
            .checked_add(other.amount_minor)
            .ok_or(MoneyError::Overflow)?;
        Ok(Self::new(amount, self.currency))
    }

    /// This amount times `quantity`.
    pub fn checked_mul(self, quantity: u32) -> Result<Self, MoneyError> {
        let amount = self
            .amount_minor
            .checked_mul(i64::from(quantity))
            .ok_or(MoneyError::Overflow)?;
        Ok(Self::new(amount, self.currency))
    }

    /// `basis_points` hundredths of a percent of this amount (1900 bp = 19 %), rounded half-even.
    pub fn basis_points(self, basis_points: u32) -> Self {
        let scaled = div_round_half_even(
            i128::from(self.amount_minor) * i128::from(basis_points),
            10_000,
        );
        // |result| <= |amount| for basis points up to 10 000; larger rates are not used.
        Self::new(
            scaled.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64,
            self.currency,
        )
    }
}

/// Scale of published rates: a rate is stored in millionths (six decimal places).
pub const RATE_SCALE: i64 = 1_000_000;

/// Exchange rates published against one base currency, all as of one date.
///
/// `rates[c]` is how many units of `c` one unit of `base` buys, in millionths:
/// EUR→JPY 163.25 is stored as 163_250_000. Conversions between two non-base currencies go
/// through the base and round once, at the end.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RateTable {
    /// The currency every rate is quoted against.
    pub base: Currency,
    /// The day these rates were published.
    pub as_of: crate::date::Date,
    /// Units of each currency per unit of `base`, in millionths; the base itself may be omitted.
    pub rates: std::collections::BTreeMap<Currency, i64>,
}

impl RateTable {
    fn rate(&self, currency: Currency) -> Result<i64, MoneyError> {
        if currency == self.base {
            return Ok(RATE_SCALE);
        }
        self.rates
            .get(&currency)
            .copied()
            .filter(|rate| *rate > 0)
            .ok_or(MoneyError::NoRate(currency))
    }

    /// `money` expressed in `to`, rounded half-even to `to`'s minor unit.
    pub fn convert(&self, money: Money, to: Currency) -> Result<Money, MoneyError> {
        if money.currency == to {
            return Ok(money);
        }
        let from_rate = i128::from(self.rate(money.currency)?);
        let to_rate = i128::from(self.rate(to)?);
        // minor_to = minor_from × 10^e_to × rate_to / (10^e_from × rate_from)
        let numerator = i128::from(money.amount_minor) * 10i128.pow(to.exponent()) * to_rate;
        let denominator = 10i128.pow(money.currency.exponent()) * from_rate;
        let amount = i64::try_from(div_round_half_even(numerator, denominator))
            .map_err(|_| MoneyError::Overflow)?;
        Ok(Money::new(amount, to))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn typed_amounts_parse_in_the_currencys_minor_units() {
        let eur = Currency::new("EUR").unwrap();
        let jpy = Currency::new("JPY").unwrap();
        let kwd = Currency::new("KWD").unwrap();
        let parse = |text, currency| Money::parse_major(text, currency).map(|m| m.amount_minor);
        assert_eq!(parse("12", eur), Some(1200));
        assert_eq!(parse(" 12.5 ", eur), Some(1250));
        assert_eq!(parse("12,05", eur), Some(1205));
        assert_eq!(parse(".5", eur), Some(50));
        assert_eq!(parse("4800", jpy), Some(4800));
        assert_eq!(parse("1.234", kwd), Some(1234));
        for bad in [
            "",
            ".",
            "-1",
            "1.234",
            "1e3",
            "abc",
            "1.2.3",
            "99999999999999999999",
        ] {
            assert_eq!(parse(bad, eur), None, "{bad:?}");
        }
        assert_eq!(parse("1.5", jpy), None);
    }

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

    #[test]
    fn half_even_rounding() {
        assert_eq!(div_round_half_even(5, 2), 2);
        assert_eq!(div_round_half_even(7, 2), 4);
        assert_eq!(div_round_half_even(-5, 2), -2);
        assert_eq!(div_round_half_even(-7, 2), -4);
        assert_eq!(div_round_half_even(10, 3), 3);
        assert_eq!(div_round_half_even(11, 3), 4);
        assert_eq!(div_round_half_even(5, -2), -2);
    }

    fn rates() -> RateTable {
        RateTable {
            base: cur("EUR"),
            as_of: crate::date::Date::from_ymd(2026, 11, 24).unwrap(),
            rates: [
                ("USD", 1_052_300),
                ("JPY", 163_250_000),
                ("KWD", 324_100),
                ("GBP", 832_500),
            ]
            .into_iter()
            .map(|(code, rate)| (cur(code), rate))
            .collect(),
        }
    }

    #[test]
    fn conversion_respects_exponents_and_rounds_once() {
        let table = rates();
        let eur = |minor| Money::new(minor, cur("EUR"));
        assert_eq!(
            table.convert(eur(2400), cur("JPY")).unwrap(),
            Money::new(3918, cur("JPY"))
        );
        assert_eq!(
            table.convert(eur(2400), cur("USD")).unwrap(),
            Money::new(2526, cur("USD"))
        );
        assert_eq!(
            table.convert(eur(1000), cur("KWD")).unwrap(),
            Money::new(3241, cur("KWD"))
        );
        // JPY 4800 → USD through EUR: 4800 / 163.25 × 1.0523 = 30.9407… → 30.94
        let yen = Money::new(4800, cur("JPY"));
        assert_eq!(
            table.convert(yen, cur("USD")).unwrap(),
            Money::new(3094, cur("USD"))
        );
        assert_eq!(table.convert(yen, cur("JPY")).unwrap(), yen);
        assert_eq!(
            table.convert(yen, cur("CHF")),
            Err(MoneyError::NoRate(cur("CHF")))
        );
    }

    #[test]
    fn basis_points_and_sums() {
        let eur = |minor| Money::new(minor, cur("EUR"));
        assert_eq!(eur(10_000).basis_points(1900), eur(1900));
        assert_eq!(eur(1250).basis_points(1900), eur(238)); // 237.5 → 238 (ties to even)
        assert_eq!(eur(1150).basis_points(1900), eur(218)); // 218.5 → 218
        assert_eq!(eur(5).checked_add(eur(7)), Ok(eur(12)));
        assert!(matches!(
            eur(5).checked_add(Money::new(5, cur("USD"))),
            Err(MoneyError::CurrencyMismatch(..))
        ));
        assert_eq!(eur(i64::MAX).checked_add(eur(1)), Err(MoneyError::Overflow));
        assert_eq!(eur(250).checked_mul(3), Ok(eur(750)));
    }

    proptest! {
        /// Half-even rounding is never more than half a unit away from the exact quotient.
        #[test]
        fn rounding_error_is_at_most_half(n in -1_000_000_000i128..1_000_000_000, d in 1i128..1_000_000) {
            let q = div_round_half_even(n, d);
            prop_assert!((2 * (q * d - n)).abs() <= d);
        }

        /// Converting to another currency and back loses at most the rounding of the two steps.
        #[test]
        fn conversion_round_trip_is_close(minor in 0i64..1_000_000_000) {
            let table = rates();
            let eur = Money::new(minor, cur("EUR"));
            let usd = table.convert(eur, cur("USD")).unwrap();
            let back = table.convert(usd, cur("EUR")).unwrap();
            prop_assert!((back.amount_minor - minor).abs() <= 1);
        }

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
