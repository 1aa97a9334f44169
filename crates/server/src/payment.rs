//! Taking payment for an order through a payment provider.
//!
//! The order flow asks the provider twice: [`PaymentProvider::check`] before anything is
//! reserved, so payment problems are reported in one 400 with the address and email problems;
//! then [`PaymentProvider::charge`] once stock is reserved, inside the order's transaction, so a
//! decline rolls everything back. The order keeps only the [`PaymentRecord`]: the card number
//! and security code go to the provider and nowhere else (not the database, not the log, not
//! the idempotency hash's input).
//!
//! The one built-in provider is [`TestProvider`]: no money moves.

use std::future::Future;
use std::pin::Pin;

use storefront_domain::date::Date;
use storefront_domain::market::{Country, PaymentMethod};
use storefront_domain::payment::{
    CardInput, PaymentOptions, PaymentRecord, PaymentRequest, card_digits, validate_card,
};
use storefront_domain::{FieldProblem, Money};

use crate::error::AppError;
use crate::ids;

/// What a provider's charge resolves to; boxed so providers can be held as `dyn`.
pub type ChargeFuture<'a> =
    Pin<Box<dyn Future<Output = Result<PaymentRecord, PaymentError>> + Send + 'a>>;

/// A payment provider, held by the server as `Arc<dyn PaymentProvider>`.
pub trait PaymentProvider: Send + Sync {
    /// The provider's name as orders record it, e.g. `test`.
    fn name(&self) -> &str;

    /// True when no money moves.
    fn test_mode(&self) -> bool;

    /// The methods offered to buyers in `destination`, most used first.
    fn methods(&self, destination: &Country) -> Vec<PaymentMethod>;

    /// Every field problem of `payment` for an order to `destination` on `today`, without
    /// charging: `payment.method` when the method is not offered there, `payment.card` when a
    /// card is missing for `card` or sent with another method, `payment.card.{number, expiry,
    /// cvc, holder}` for each bad card field.
    fn check(
        &self,
        payment: &PaymentRequest,
        destination: &Country,
        today: Date,
    ) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        if !self.methods(destination).contains(&payment.method) {
            problems.push(problem(
                "payment.method",
                "is not a payment method offered for this destination (see GET \
                 /api/payment-methods)",
            ));
        }
        match (payment.method, &payment.card) {
            (PaymentMethod::Card, None) => {
                problems.push(problem("payment.card", "is required to pay by card"));
            }
            (PaymentMethod::Card, Some(card)) => problems.extend(card_problems(card, today)),
            (_, Some(_)) => problems.push(problem(
                "payment.card",
                "must be left out unless the method is card",
            )),
            (_, None) => {}
        }
        problems
    }

    /// Charges `charge.amount`. Providers check the request again rather than trust the caller.
    fn charge<'a>(&'a self, charge: Charge<'a>) -> ChargeFuture<'a>;
}

/// How a buyer in `destination` can pay through `provider`: the answer of
/// `GET /api/payment-methods`.
pub fn options(provider: &dyn PaymentProvider, destination: &Country) -> PaymentOptions {
    PaymentOptions {
        provider: provider.name().to_owned(),
        test_mode: provider.test_mode(),
        methods: provider.methods(destination),
    }
}

/// One payment to take.
pub struct Charge<'a> {
    /// The order's `total_charged`.
    pub amount: Money,
    /// How the buyer pays, as sent.
    pub payment: &'a PaymentRequest,
    /// Where the order goes: which methods are offered.
    pub destination: &'a Country,
    /// The checkout's `Idempotency-Key`: the same across retries of one checkout, so a provider
    /// that moves money can refuse to charge twice for it.
    pub idempotency_key: &'a str,
    /// The id of the order being paid.
    pub order_id: &'a str,
    /// The day (UTC) card expiry is judged on.
    pub today: Date,
}

/// Why a payment was not taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaymentError {
    /// The provider refused the payment; nothing was charged.
    #[error("declined")]
    Declined,
    /// Fields of the payment are invalid (see [`PaymentProvider::check`]).
    #[error("invalid payment fields: {0:?}")]
    Invalid(Vec<FieldProblem>),
}

impl From<PaymentError> for AppError {
    fn from(error: PaymentError) -> Self {
        match error {
            PaymentError::Declined => Self::PaymentDeclined,
            PaymentError::Invalid(problems) => Self::InvalidFields(problems),
        }
    }
}

/// The built-in provider: accepts every method customary in the destination and moves no money.
/// Cards are checked as a real provider would (number, expiry, security code, holder), and
/// [`TestProvider::DECLINED_CARD`] is always declined.
pub struct TestProvider;

impl TestProvider {
    /// The test provider's decline number, like Stripe's test card of the same digits: a
    /// well-formed Visa number (its check digit is right) that is always declined, so the
    /// decline path can be tried end to end.
    pub const DECLINED_CARD: &str = "4000000000000002";
}

impl PaymentProvider for TestProvider {
    fn name(&self) -> &str {
        "test"
    }

    fn test_mode(&self) -> bool {
        true
    }

    fn methods(&self, destination: &Country) -> Vec<PaymentMethod> {
        destination.payment_methods.to_vec()
    }

    fn charge<'a>(&'a self, charge: Charge<'a>) -> ChargeFuture<'a> {
        Box::pin(async move {
            let problems = self.check(charge.payment, charge.destination, charge.today);
            if !problems.is_empty() {
                return Err(PaymentError::Invalid(problems));
            }
            let card = match &charge.payment.card {
                Some(card) => {
                    if card_digits(card.number.trim()) == Self::DECLINED_CARD {
                        return Err(PaymentError::Declined);
                    }
                    // Checked just above: the summary is there.
                    validate_card(card, charge.today).ok()
                }
                None => None,
            };
            Ok(PaymentRecord {
                provider: self.name().to_owned(),
                method: charge.payment.method,
                reference: ids::random_id("test_"),
                card,
                test_mode: true,
            })
        })
    }
}

/// Each bad field of `card` as `payment.card.{field}`.
fn card_problems(card: &CardInput, today: Date) -> Vec<FieldProblem> {
    match validate_card(card, today) {
        Ok(_) => Vec::new(),
        Err(errors) => errors
            .into_iter()
            .map(|error| {
                problem(
                    &format!("payment.card.{}", error.field.name()),
                    error.detail(),
                )
            })
            .collect(),
    }
}

fn problem(field: &str, detail: &str) -> FieldProblem {
    FieldProblem {
        field: field.to_owned(),
        detail: detail.to_owned(),
    }
}

/// What the idempotency hash sees of a payment: the card as an order keeps it (last four digits
/// and expiry) and its holder, never the full number or the security code. A replay with the
/// same card matches; another card, as far as anything stored can tell, does not.
pub fn fingerprint(payment: &PaymentRequest) -> serde_json::Value {
    let card = payment.card.as_ref().map(|card| {
        let digits = card_digits(card.number.trim());
        let last4: String = digits
            .chars()
            .rev()
            .take(4)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        serde_json::json!({
            "last4": last4,
            "expiry": card.expiry.trim(),
            "holder": card.holder.trim(),
        })
    });
    serde_json::json!({ "method": payment.method, "card": card })
}

#[cfg(test)]
mod tests {
    use super::*;
    use storefront_domain::market::country;
    use storefront_domain::payment::CardBrand;

    fn today() -> Date {
        Date::from_ymd(2026, 11, 25).unwrap()
    }

    fn card(number: &str) -> CardInput {
        CardInput {
            number: number.into(),
            expiry: "12/30".into(),
            cvc: "123".into(),
            holder: "Erika Mustermann".into(),
        }
    }

    fn by_card(number: &str) -> PaymentRequest {
        PaymentRequest {
            method: PaymentMethod::Card,
            card: Some(card(number)),
        }
    }

    fn fields(problems: &[FieldProblem]) -> Vec<&str> {
        problems.iter().map(|p| p.field.as_str()).collect()
    }

    async fn charge(payment: &PaymentRequest, to: &str) -> Result<PaymentRecord, PaymentError> {
        TestProvider
            .charge(Charge {
                amount: Money::new(12_345, storefront_domain::Currency::new("EUR").unwrap()),
                payment,
                destination: country(to).unwrap(),
                idempotency_key: "checkout-1",
                order_id: "o_1",
                today: today(),
            })
            .await
    }

    #[test]
    fn the_test_provider_offers_what_the_destination_customarily_uses() {
        let options = options(&TestProvider, country("NL").unwrap());
        assert_eq!(options.provider, "test");
        assert!(options.test_mode);
        assert_eq!(options.methods[0], PaymentMethod::Ideal);
        assert!(!options.methods.contains(&PaymentMethod::Pix));
    }

    #[test]
    fn method_and_card_must_agree() {
        let de = country("DE").unwrap();
        let pix = PaymentRequest {
            method: PaymentMethod::Pix,
            card: None,
        };
        assert_eq!(
            fields(&TestProvider.check(&pix, de, today())),
            ["payment.method"]
        );
        let no_card = PaymentRequest {
            method: PaymentMethod::Card,
            card: None,
        };
        assert_eq!(
            fields(&TestProvider.check(&no_card, de, today())),
            ["payment.card"]
        );
        let stray_card = PaymentRequest {
            method: PaymentMethod::Paypal,
            card: Some(card("4242424242424242")),
        };
        assert_eq!(
            fields(&TestProvider.check(&stray_card, de, today())),
            ["payment.card"]
        );
        assert!(
            TestProvider
                .check(&by_card("4242 4242 4242 4242"), de, today())
                .is_empty()
        );
    }

    #[test]
    fn every_bad_card_field_is_named_under_payment_card() {
        let payment = PaymentRequest {
            method: PaymentMethod::Card,
            card: Some(CardInput {
                number: "4242 4242 4242 4241".into(),
                expiry: "01/20".into(),
                cvc: "12".into(),
                holder: String::new(),
            }),
        };
        let problems = TestProvider.check(&payment, country("DE").unwrap(), today());
        assert_eq!(
            fields(&problems),
            [
                "payment.card.number",
                "payment.card.expiry",
                "payment.card.cvc",
                "payment.card.holder"
            ]
        );
        assert!(problems[1].detail.contains("expired"), "{:?}", problems[1]);
    }

    #[tokio::test]
    async fn a_good_card_is_recorded_by_brand_last_four_and_expiry_only() {
        let record = charge(&by_card("5555 5555 5555 4444"), "DE").await.unwrap();
        assert_eq!(record.provider, "test");
        assert!(record.test_mode);
        assert!(
            record.reference.starts_with("test_"),
            "{}",
            record.reference
        );
        let card = record.card.unwrap();
        assert_eq!(
            (
                card.brand,
                card.last4.as_str(),
                card.expiry_month,
                card.expiry_year
            ),
            (CardBrand::Mastercard, "4444", 12, 2030)
        );
        let ideal = PaymentRequest {
            method: PaymentMethod::Ideal,
            card: None,
        };
        let record = charge(&ideal, "NL").await.unwrap();
        assert_eq!((record.method, record.card), (PaymentMethod::Ideal, None));
    }

    #[tokio::test]
    async fn the_decline_number_is_declined_and_bad_fields_are_not_charged() {
        assert_eq!(
            charge(&by_card("4000 0000 0000 0002"), "DE").await,
            Err(PaymentError::Declined)
        );
        let Err(PaymentError::Invalid(problems)) = charge(&by_card("4242"), "DE").await else {
            panic!("charged a bad number")
        };
        assert_eq!(fields(&problems), ["payment.card.number"]);
    }

    #[test]
    fn the_fingerprint_keeps_neither_the_number_nor_the_security_code() {
        let payment = by_card("4242 4242 4242 4242");
        let text = fingerprint(&payment).to_string();
        assert!(text.contains("\"last4\":\"4242\""), "{text}");
        assert!(
            !text.contains("42424242") && !text.contains("123"),
            "{text}"
        );
        assert_ne!(
            fingerprint(&by_card("5555555555554444")),
            fingerprint(&payment)
        );
        let mut spaced = payment.clone();
        spaced.card.as_mut().unwrap().number = "4242-4242-4242-4242".into();
        assert_eq!(
            fingerprint(&spaced),
            fingerprint(&payment),
            "formatting is not a new card"
        );
    }
}
