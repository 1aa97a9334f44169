//! Paying for an order: what the buyer sends, how card-shaped input is checked, and what the
//! order keeps. The same checks run in the app (errors before a round trip) and in the server's
//! payment provider (never trusting the app).
//!
//! The order keeps only a card's brand, last four digits and expiry: the full number and the
//! security code go to the provider and nowhere else.

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::market::PaymentMethod;

/// How the buyer pays, as sent with the order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentRequest {
    /// One of the methods the provider offers in the destination market.
    pub method: PaymentMethod,
    /// The card, when `method` is `card`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<CardInput>,
}

/// A card as typed: checked by [`validate_card`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardInput {
    /// The card number; spaces and hyphens are ignored.
    pub number: String,
    /// Expiry as `MM/YY` (or `MM/YYYY`); separators are optional.
    pub expiry: String,
    /// The 3- or 4-digit security code.
    pub cvc: String,
    /// The name on the card.
    pub holder: String,
}

/// A card network, as recognized from the number's leading digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CardBrand {
    /// Visa.
    Visa,
    /// Mastercard.
    Mastercard,
    /// American Express: 15 digits, 4-digit security code.
    Amex,
    /// JCB.
    Jcb,
    /// UnionPay.
    UnionPay,
    /// Discover.
    Discover,
    /// A valid number of a network not listed here.
    Other,
}

impl CardBrand {
    /// The network of a card number (digits only), by its issuer prefix.
    pub fn of(digits: &str) -> Self {
        let prefix = |n: usize| digits.get(..n).and_then(|p| p.parse::<u32>().ok());
        match (prefix(1), prefix(2), prefix(4)) {
            (Some(4), ..) => Self::Visa,
            (_, Some(34 | 37), _) => Self::Amex,
            (_, Some(51..=55), _) | (.., Some(2221..=2720)) => Self::Mastercard,
            (.., Some(3528..=3589)) => Self::Jcb,
            (_, Some(62), _) => Self::UnionPay,
            (.., Some(6011)) | (_, Some(64 | 65), _) => Self::Discover,
            _ => Self::Other,
        }
    }

    /// How many digits its security code has.
    pub fn cvc_digits(self) -> usize {
        if self == Self::Amex { 4 } else { 3 }
    }
}

/// What an order keeps of a card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardSummary {
    /// The network.
    pub brand: CardBrand,
    /// The last four digits.
    pub last4: String,
    /// Expiry month, 1–12.
    pub expiry_month: u32,
    /// Expiry year, four digits.
    pub expiry_year: i32,
}

/// A field of [`CardInput`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CardField {
    /// The card number.
    Number,
    /// The expiry date.
    Expiry,
    /// The security code.
    Cvc,
    /// The name on the card.
    Holder,
}

impl CardField {
    /// The field's wire name, as in `payment.card.{name}`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Number => "number",
            Self::Expiry => "expiry",
            Self::Cvc => "cvc",
            Self::Holder => "holder",
        }
    }
}

/// Why a card field is refused; the app shows a localized message for each kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CardErrorKind {
    /// Empty.
    Required,
    /// Not 12–19 digits, or the check digit is wrong (a typo).
    InvalidNumber,
    /// Not a month and year.
    InvalidExpiry,
    /// The expiry month has passed.
    Expired,
    /// Not the number of digits the card's network uses.
    InvalidCvc,
    /// Longer than a name on a card can be.
    TooLong,
    /// Holds control or direction-changing characters (see [`crate::text`]).
    InvalidCharacters,
}

/// A refused card field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardError {
    /// The field at fault.
    pub field: CardField,
    /// What is wrong with it.
    pub kind: CardErrorKind,
}

impl CardError {
    /// An English explanation for developers (the problem's `detail`).
    pub fn detail(self) -> &'static str {
        match self.kind {
            CardErrorKind::Required => "is required",
            CardErrorKind::InvalidNumber => {
                "is not a card number (12 to 19 digits with a valid check digit)"
            }
            CardErrorKind::InvalidExpiry => "must be a month and year such as 04/29",
            CardErrorKind::Expired => "is in the past: the card has expired",
            CardErrorKind::InvalidCvc => {
                "must be the 3 digits on the back (4 on the front for Amex)"
            }
            CardErrorKind::TooLong => "must be at most 100 characters",
            CardErrorKind::InvalidCharacters => {
                "must not contain control or direction-changing characters"
            }
        }
    }
}

/// Whether `digits` (ASCII digits only) passes the Luhn check that catches one mistyped digit
/// and most swapped neighbours.
pub fn luhn_valid(digits: &str) -> bool {
    let mut sum = 0;
    for (i, c) in digits.bytes().rev().enumerate() {
        let mut d = u32::from(c.wrapping_sub(b'0'));
        if d > 9 {
            return false;
        }
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    !digits.is_empty() && sum % 10 == 0
}

/// The card number's digits, without the spaces and hyphens people type.
pub fn card_digits(number: &str) -> String {
    number.chars().filter(|c| !matches!(c, ' ' | '-')).collect()
}

/// `(month, four-digit year)` from `MM/YY`, `MM/YYYY`, `MMYY` or `MM YY`.
fn parse_expiry(text: &str) -> Option<(u32, i32)> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let others = text
        .chars()
        .filter(|c| !c.is_ascii_digit() && !matches!(c, '/' | ' ' | '-' | '.'))
        .count();
    if others > 0 {
        return None;
    }
    let (month, year) = match digits.len() {
        4 => (&digits[..2], 2000 + digits[2..].parse::<i32>().ok()?),
        6 => (&digits[..2], digits[2..].parse::<i32>().ok()?),
        // "4/29" and "4/2029", typed without the leading zero.
        3 => (&digits[..1], 2000 + digits[1..].parse::<i32>().ok()?),
        5 => (&digits[..1], digits[1..].parse::<i32>().ok()?),
        _ => return None,
    };
    let month: u32 = month.parse().ok()?;
    (1..=12).contains(&month).then_some((month, year))
}

/// Longest name on a card.
const MAX_HOLDER_CHARS: usize = 100;

/// Checks a card as typed on `today`: every field's problem, or what an order may keep.
///
/// A card is valid through the last day of its expiry month.
pub fn validate_card(card: &CardInput, today: Date) -> Result<CardSummary, Vec<CardError>> {
    let mut errors = Vec::new();
    let mut refuse = |field, kind| errors.push(CardError { field, kind });

    let digits = card_digits(card.number.trim());
    let brand = CardBrand::of(&digits);
    if digits.is_empty() {
        refuse(CardField::Number, CardErrorKind::Required);
    } else if !(12..=19).contains(&digits.len()) || !luhn_valid(&digits) {
        refuse(CardField::Number, CardErrorKind::InvalidNumber);
    }

    let expiry = if card.expiry.trim().is_empty() {
        refuse(CardField::Expiry, CardErrorKind::Required);
        None
    } else {
        match parse_expiry(card.expiry.trim()) {
            None => {
                refuse(CardField::Expiry, CardErrorKind::InvalidExpiry);
                None
            }
            Some((month, year)) => {
                let (this_year, this_month, _) = today.ymd();
                if (year, month) < (this_year, this_month) {
                    refuse(CardField::Expiry, CardErrorKind::Expired);
                } else if year > this_year + 20 {
                    refuse(CardField::Expiry, CardErrorKind::InvalidExpiry);
                }
                Some((month, year))
            }
        }
    };

    let cvc = card.cvc.trim();
    if cvc.is_empty() {
        refuse(CardField::Cvc, CardErrorKind::Required);
    } else if cvc.len() != brand.cvc_digits() || !cvc.bytes().all(|b| b.is_ascii_digit()) {
        refuse(CardField::Cvc, CardErrorKind::InvalidCvc);
    }

    let holder = card.holder.trim();
    if holder.is_empty() {
        refuse(CardField::Holder, CardErrorKind::Required);
    } else if holder.chars().count() > MAX_HOLDER_CHARS {
        refuse(CardField::Holder, CardErrorKind::TooLong);
    } else if !crate::text::is_clean(holder, crate::text::Lines::One) {
        refuse(CardField::Holder, CardErrorKind::InvalidCharacters);
    }

    match expiry {
        Some((expiry_month, expiry_year)) if errors.is_empty() => Ok(CardSummary {
            brand,
            last4: digits[digits.len() - 4..].to_owned(),
            expiry_month,
            expiry_year,
        }),
        _ => Err(errors),
    }
}

/// What an order keeps of its payment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentRecord {
    /// The provider that took the payment, e.g. `test`.
    pub provider: String,
    /// How the buyer paid.
    pub method: PaymentMethod,
    /// The provider's reference for the payment.
    pub reference: String,
    /// The card's brand, last four digits and expiry, when paid by card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<CardSummary>,
    /// True when no money moved: the built-in test provider.
    pub test_mode: bool,
}

/// The answer to `GET /api/payment-methods`: how a buyer in a market can pay.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentOptions {
    /// The provider's name, e.g. `test`.
    pub provider: String,
    /// True when no money moves: the app says so plainly.
    pub test_mode: bool,
    /// The methods on offer, most used in the market first.
    pub methods: Vec<PaymentMethod>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::from_ymd(2026, 11, 25).unwrap()
    }

    fn card(number: &str, expiry: &str, cvc: &str) -> CardInput {
        CardInput {
            number: number.into(),
            expiry: expiry.into(),
            cvc: cvc.into(),
            holder: "Erika Mustermann".into(),
        }
    }

    fn kinds(result: Result<CardSummary, Vec<CardError>>) -> Vec<(CardField, CardErrorKind)> {
        result
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.kind))
            .collect()
    }

    #[test]
    fn luhn_accepts_real_test_numbers_and_catches_one_wrong_digit() {
        for good in [
            "4242424242424242",
            "5555555555554444",
            "378282246310005",
            "79927398713",
        ] {
            assert!(luhn_valid(good), "{good}");
        }
        for bad in ["4242424242424241", "79927398710", "", "42a2"] {
            assert!(!luhn_valid(bad), "{bad}");
        }
    }

    #[test]
    fn brands_come_from_the_issuer_prefix() {
        assert_eq!(CardBrand::of("4242424242424242"), CardBrand::Visa);
        assert_eq!(CardBrand::of("5555555555554444"), CardBrand::Mastercard);
        assert_eq!(CardBrand::of("2223003122003222"), CardBrand::Mastercard);
        assert_eq!(CardBrand::of("378282246310005"), CardBrand::Amex);
        assert_eq!(CardBrand::of("3566002020360505"), CardBrand::Jcb);
        assert_eq!(CardBrand::of("6200000000000005"), CardBrand::UnionPay);
        assert_eq!(CardBrand::of("6011111111111117"), CardBrand::Discover);
        assert_eq!(CardBrand::of("9999999999999995"), CardBrand::Other);
    }

    #[test]
    fn a_valid_card_keeps_only_brand_last_four_and_expiry() {
        let summary = validate_card(&card("4242 4242 4242 4242", "04/29", "123"), today()).unwrap();
        assert_eq!(
            summary,
            CardSummary {
                brand: CardBrand::Visa,
                last4: "4242".into(),
                expiry_month: 4,
                expiry_year: 2029,
            }
        );
        let amex = validate_card(&card("3782-822463-10005", "4/2031", "1234"), today()).unwrap();
        assert_eq!(
            (amex.brand, amex.expiry_month, amex.expiry_year),
            (CardBrand::Amex, 4, 2031)
        );
    }

    #[test]
    fn a_card_is_valid_through_its_expiry_month() {
        assert!(validate_card(&card("4242424242424242", "11/26", "123"), today()).is_ok());
        assert_eq!(
            kinds(validate_card(
                &card("4242424242424242", "10/26", "123"),
                today()
            )),
            [(CardField::Expiry, CardErrorKind::Expired)]
        );
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let errors = kinds(validate_card(
            &CardInput {
                number: "4242 4242 4242 4241".into(),
                expiry: "13/29".into(),
                cvc: "12".into(),
                holder: " ".into(),
            },
            today(),
        ));
        assert_eq!(
            errors,
            [
                (CardField::Number, CardErrorKind::InvalidNumber),
                (CardField::Expiry, CardErrorKind::InvalidExpiry),
                (CardField::Cvc, CardErrorKind::InvalidCvc),
                (CardField::Holder, CardErrorKind::Required),
            ]
        );
        assert_eq!(
            kinds(validate_card(&CardInput::default(), today())).len(),
            4,
            "an empty form reports every field as required"
        );
    }

    #[test]
    fn amex_needs_four_security_digits_and_others_three() {
        assert_eq!(
            kinds(validate_card(
                &card("378282246310005", "04/29", "123"),
                today()
            )),
            [(CardField::Cvc, CardErrorKind::InvalidCvc)]
        );
        assert_eq!(
            kinds(validate_card(
                &card("4242424242424242", "04/29", "1234"),
                today()
            )),
            [(CardField::Cvc, CardErrorKind::InvalidCvc)]
        );
    }

    #[test]
    fn expiry_formats_people_type_are_read() {
        assert_eq!(parse_expiry("04/29"), Some((4, 2029)));
        assert_eq!(parse_expiry("0429"), Some((4, 2029)));
        assert_eq!(parse_expiry("04 / 2029"), Some((4, 2029)));
        assert_eq!(parse_expiry("4/29"), Some((4, 2029)));
        assert_eq!(parse_expiry("00/29"), None);
        assert_eq!(parse_expiry("April 29"), None);
        assert_eq!(parse_expiry("04/2"), None);
    }

    #[test]
    fn the_request_travels_without_a_card_for_other_methods() {
        let request = PaymentRequest {
            method: PaymentMethod::Ideal,
            card: None,
        };
        let json = serde_json::to_value(&request).unwrap();
        assert_eq!(json, serde_json::json!({ "method": "ideal" }));
        assert_eq!(
            serde_json::from_value::<PaymentRequest>(json).unwrap(),
            request
        );
    }
}
