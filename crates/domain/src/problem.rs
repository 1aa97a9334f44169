//! RFC 9457 problem details: the one error format of the API.

use serde::{Deserialize, Serialize};

/// What kind of problem occurred; serialized as the problem's `type` URI reference.
///
/// The app chooses its localized message by this, never by parsing `title` or `detail`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ProblemType {
    /// A query parameter or body field is invalid; `field` names it.
    #[serde(rename = "/problems/invalid-field")]
    InvalidField,
    /// No such resource, or the caller may not know it exists.
    #[serde(rename = "/problems/not-found")]
    NotFound,
    /// The quote's prices no longer hold; quote again and show the buyer any change.
    #[serde(rename = "/problems/quote-expired")]
    QuoteExpired,
    /// The total the buyer was shown is not what the order would charge.
    #[serde(rename = "/problems/price-changed")]
    PriceChanged,
    /// The payment provider declined the payment; nothing was charged and no order was placed.
    #[serde(rename = "/problems/payment-declined")]
    PaymentDeclined,
    /// Not enough units left of a product.
    #[serde(rename = "/problems/out-of-stock")]
    OutOfStock,
    /// An idempotency key was reused for a different request.
    #[serde(rename = "/problems/idempotency-key-reused")]
    IdempotencyKeyReused,
    /// The path exists, but not for this method; `Allow` lists the methods it takes.
    #[serde(rename = "/problems/method-not-allowed")]
    MethodNotAllowed,
    /// The request lacks valid credentials (a carrier webhook's signature or timestamp).
    #[serde(rename = "/problems/unauthorized")]
    Unauthorized,
    /// The same delivery was already received.
    #[serde(rename = "/problems/replayed")]
    Replayed,
    /// Feedback before the parcel was delivered (or its journey otherwise closed).
    #[serde(rename = "/problems/not-yet-delivered")]
    NotYetDelivered,
    /// This order's shipment was already rated.
    #[serde(rename = "/problems/already-rated")]
    AlreadyRated,
    /// The server cannot serve the request right now (for example its database is down).
    #[serde(rename = "/problems/unavailable")]
    Unavailable,
    /// An unexpected server failure; details are in the server log, never in the response.
    #[serde(rename = "/problems/internal")]
    Internal,
    /// A type this build of the app does not know (a newer server).
    #[serde(other, rename = "about:blank")]
    Other,
}

/// An `application/problem+json` body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// The problem type.
    #[serde(rename = "type")]
    pub kind: ProblemType,
    /// Short summary of the type, in English, for developers.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong in this occurrence, in English, for developers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Extension member: the (first) request field at fault, so a form can mark it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Extension member: every field at fault, when there are several.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
}

/// One invalid request field: a JSON-path-like name (`lines[2].quantity`) and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldProblem {
    /// The field, e.g. `destination` or `lines[0].quantity`.
    pub field: String,
    /// What is accepted, in English, for developers; the app localizes by field.
    pub detail: String,
}

impl Problem {
    /// The media type of a problem body.
    pub const CONTENT_TYPE: &'static str = "application/problem+json";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_type_as_uri_reference() {
        let problem = Problem {
            kind: ProblemType::InvalidField,
            title: "Invalid field".into(),
            status: 400,
            detail: Some("page must be 1 or more".into()),
            field: Some("page".into()),
            errors: Vec::new(),
        };
        let json = serde_json::to_value(&problem).unwrap();
        assert_eq!(json["type"], "/problems/invalid-field");
        assert_eq!(json["field"], "page");
    }

    #[test]
    fn unknown_types_from_a_newer_server_still_parse() {
        let json = r#"{"type":"/problems/quota","title":"Quota","status":429}"#;
        let problem: Problem = serde_json::from_str(json).unwrap();
        assert_eq!(problem.kind, ProblemType::Other);
        assert_eq!(problem.detail, None);
    }
}
