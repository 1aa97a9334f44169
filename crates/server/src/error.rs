//! The server's one error type, mapped once to RFC 9457 problem+json.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use storefront_domain::{FieldProblem, Problem, ProblemType};

/// Everything a request can fail with. Each variant says the status it answers with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 400: request fields are invalid; each names the field and says what is accepted.
    #[error("invalid fields: {0:?}")]
    InvalidFields(Vec<FieldProblem>),
    /// 400: the JSON body could not be read.
    #[error("invalid body: {0}")]
    InvalidBody(#[from] JsonRejection),
    /// 400: the query string could not be read at all.
    #[error("invalid query string: {0}")]
    InvalidQuery(#[from] QueryRejection),
    /// 409: the quote expired; the client quotes again and shows the buyer any change.
    #[error("quote expired")]
    QuoteExpired,
    /// 409: the order would charge `actual`, not the total the buyer was shown.
    #[error("the total is now {0}")]
    PriceChanged(String),
    /// 402: the payment provider declined the payment; nothing was charged and, since the charge
    /// runs inside the order's transaction, no order was placed and no stock reserved.
    #[error("payment declined")]
    PaymentDeclined,
    /// 409: a product has fewer units left than ordered.
    #[error("not enough stock of {0}")]
    OutOfStock(String),
    /// 422: an idempotency key was reused with a different request (an order or feedback).
    #[error("idempotency key reused")]
    IdempotencyKeyReused,
    /// 401: a carrier webhook is unsigned, wrongly signed or stale, or an operator request lacks
    /// the operator key; `detail` says which.
    #[error("unauthorized: {0}")]
    Unauthorized(&'static str),
    /// 409: this webhook delivery was already received.
    #[error("replayed delivery")]
    Replayed,
    /// 409: feedback before delivery.
    #[error("not yet delivered")]
    NotYetDelivered,
    /// 409: the shipment was already rated (with another idempotency key).
    #[error("already rated")]
    AlreadyRated,
    /// 404: no such resource (also for resources the caller may not see).
    #[error("not found")]
    NotFound,
    /// 503: the database did not answer; logged, and reported without details.
    #[error("database unavailable: {0}")]
    Unavailable(sqlx::Error),
    /// 500: the database holds data the server cannot read (a broken invariant); logged.
    #[error("corrupt data: {0}")]
    Corrupt(String),
    /// 500: any other database failure; logged, never sent.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

impl AppError {
    /// A 400 naming the bad field.
    pub fn invalid(field: &str, detail: impl Into<String>) -> Self {
        Self::InvalidFields(vec![FieldProblem {
            field: field.to_owned(),
            detail: detail.into(),
        }])
    }

    fn problem(&self) -> Problem {
        let (kind, status, title, detail, field) = match self {
            Self::InvalidFields(errors) => {
                let first = errors.first();
                return Problem {
                    kind: ProblemType::InvalidField,
                    title: "Invalid field".to_owned(),
                    status: StatusCode::BAD_REQUEST.as_u16(),
                    detail: first.map(|e| e.detail.clone()),
                    field: first.map(|e| e.field.clone()),
                    errors: if errors.len() > 1 {
                        errors.clone()
                    } else {
                        Vec::new()
                    },
                };
            }
            Self::InvalidBody(rejection) => (
                ProblemType::InvalidField,
                rejection.status(),
                "Invalid request body",
                Some(rejection.body_text()),
                None,
            ),
            Self::InvalidQuery(rejection) => (
                ProblemType::InvalidField,
                StatusCode::BAD_REQUEST,
                "Invalid query string",
                Some(rejection.body_text()),
                None,
            ),
            Self::QuoteExpired => (
                ProblemType::QuoteExpired,
                StatusCode::CONFLICT,
                "Quote expired",
                Some("The quote's prices no longer hold; request a new quote.".to_owned()),
                None,
            ),
            Self::PriceChanged(actual) => (
                ProblemType::PriceChanged,
                StatusCode::CONFLICT,
                "Price changed",
                Some(format!(
                    "The order would charge {actual}; confirm the new total."
                )),
                Some("expected_total".to_owned()),
            ),
            Self::PaymentDeclined => (
                ProblemType::PaymentDeclined,
                StatusCode::PAYMENT_REQUIRED,
                "Payment declined",
                Some(
                    "The payment was declined and nothing was charged; pay with another card \
                     or method."
                        .to_owned(),
                ),
                Some("payment".to_owned()),
            ),
            Self::OutOfStock(product) => (
                ProblemType::OutOfStock,
                StatusCode::CONFLICT,
                "Out of stock",
                Some(format!("Not enough units of {product} are left.")),
                None,
            ),
            Self::IdempotencyKeyReused => (
                ProblemType::IdempotencyKeyReused,
                StatusCode::UNPROCESSABLE_ENTITY,
                "Idempotency key reused",
                Some("This Idempotency-Key was used for a different request.".to_owned()),
                Some("Idempotency-Key".to_owned()),
            ),
            Self::Unauthorized(why) => (
                ProblemType::Unauthorized,
                StatusCode::UNAUTHORIZED,
                "Unauthorized",
                Some((*why).to_owned()),
                None,
            ),
            Self::Replayed => (
                ProblemType::Replayed,
                StatusCode::CONFLICT,
                "Replayed delivery",
                Some("This delivery id was already received.".to_owned()),
                Some("X-Carrier-Delivery".to_owned()),
            ),
            Self::NotYetDelivered => (
                ProblemType::NotYetDelivered,
                StatusCode::CONFLICT,
                "Not yet delivered",
                Some("Feedback opens once the parcel has been delivered.".to_owned()),
                None,
            ),
            Self::AlreadyRated => (
                ProblemType::AlreadyRated,
                StatusCode::CONFLICT,
                "Already rated",
                Some("This shipment has already been rated; thank you.".to_owned()),
                None,
            ),
            Self::NotFound => (
                ProblemType::NotFound,
                StatusCode::NOT_FOUND,
                "Not found",
                None,
                None,
            ),
            Self::Unavailable(_) => (
                ProblemType::Unavailable,
                StatusCode::SERVICE_UNAVAILABLE,
                "Service unavailable",
                Some("The database is not answering; try again shortly.".to_owned()),
                None,
            ),
            Self::Database(_) | Self::Corrupt(_) => (
                ProblemType::Internal,
                StatusCode::INTERNAL_SERVER_ERROR,
                "Internal server error",
                None,
                None,
            ),
        };
        Problem {
            kind,
            title: title.to_owned(),
            status: status.as_u16(),
            detail,
            field,
            errors: Vec::new(),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if matches!(
            self,
            Self::Unavailable(_) | Self::Database(_) | Self::Corrupt(_)
        ) {
            tracing::error!(error = %self, "request failed");
        }
        problem_response(&self.problem())
    }
}

/// Serializes a problem with its status and media type.
pub fn problem_response(problem: &Problem) -> Response {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_vec(problem).unwrap_or_default();
    (
        status,
        [(header::CONTENT_TYPE, Problem::CONTENT_TYPE)],
        body,
    )
        .into_response()
}
