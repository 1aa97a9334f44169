//! `POST /api/exchange-rates`: the store operator publishes a new set of exchange rates, and
//! may expire every open quote so buyers are quoted again at the new rates.

use std::collections::BTreeMap;

use axum::extract::{FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use storefront_domain::date::Date;
use storefront_domain::{Currency, FieldProblem, Problem, RateTable};
use utoipa::ToSchema;

use super::JsonBody;
use crate::error::AppError;
use crate::store::feeds::{self, Change};
use crate::{AppState, rates, secrets, store};

pub fn router() -> Router<AppState> {
    Router::new().route("/exchange-rates", post(publish))
}

/// The header carrying the store operator's key (`storefront-server --print-operator-key`).
pub const OPERATOR_KEY_HEADER: &str = "X-Operator-Key";

/// The body of `POST /api/exchange-rates`: the shape of `exchange_rates` in `GET /api/markets`,
/// with `base` optional, plus whether to expire open quotes.
#[derive(Deserialize, ToSchema)]
pub struct RatePublication {
    /// The day the rates are published for: not before the set in force (the same day
    /// replaces it) and not after tomorrow (UTC).
    #[schema(value_type = Date)]
    as_of: String,
    /// The base currency, if given: it must be the one in force, since every stored price
    /// conversion goes through it.
    #[serde(default)]
    #[schema(value_type = Option<Currency>)]
    base: Option<String>,
    /// Units of each currency one unit of the base buys, in millionths (EUR→JPY 163.25 is
    /// `163250000`), as in `GET /api/markets`. Every currency of the set in force needs a rate;
    /// new currencies may be added; the base itself is left out.
    rates: BTreeMap<String, i64>,
    /// Expire every open quote now: orders from them are refused with
    /// `/problems/quote-expired`, and the buyer is quoted again at the new rates.
    #[serde(default)]
    expire_open_quotes: bool,
}

/// Largest accepted rate: a billion units of a currency per unit of the base, far beyond any
/// real rate, so converted prices cannot overflow.
const MAX_RATE_MICROS: i64 = 1_000_000_000 * storefront_domain::money::RATE_SCALE;

/// The store operator, as proven by the `X-Operator-Key` header. Extracted before the body,
/// so a caller without the key learns nothing about what the body should be.
pub struct Operator;

impl FromRequestParts<AppState> for Operator {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let presented = parts
            .headers
            .get(OPERATOR_KEY_HEADER)
            .and_then(|value| value.to_str().ok())
            .map(str::trim)
            .ok_or(AppError::Unauthorized("X-Operator-Key missing"))?;
        let master = secrets::get(&state.store, secrets::OPERATOR_KEYS)?;
        if secrets::is_operator_key(master, presented) {
            Ok(Self)
        } else {
            Err(AppError::Unauthorized(
                "X-Operator-Key is not the operator's key",
            ))
        }
    }
}

/// Publish exchange rates (store operator).
///
/// The new set is in force at once for every price conversion and new quote. Quotes already
/// answered keep their prices until they expire, unless `expire_open_quotes` expires them now
/// (quotes answered but not yet stored included).
#[utoipa::path(
    post,
    path = "/api/exchange-rates",
    tag = "operator",
    operation_id = "publish_exchange_rates",
    security(("operator_key" = [])),
    request_body(content = RatePublication, content_type = "application/json"),
    responses(
        (status = 201, description = "The rates now in force, as `GET /api/markets` shows \
            them.", body = RateTable),
        (status = 400, description = "Invalid fields (the first in `field`, all of them in \
            `errors` when several: `as_of`, `base`, `rates.{CODE}` for a bad, missing or \
            non-positive rate) or a malformed JSON body.", body = Problem,
            content_type = "application/problem+json"),
        (status = 401, description = "`X-Operator-Key` is missing or not the operator's key \
            (`/problems/unauthorized`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 415, description = "The body is not declared as `application/json`.",
            body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The JSON body does not have the shape of a rate \
            publication.", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn publish(
    State(state): State<AppState>,
    _operator: Operator,
    JsonBody(publication): JsonBody<RatePublication>,
) -> Result<(StatusCode, Json<RateTable>), AppError> {
    // Quotes being priced finish first; new ones wait until the new rates are in force.
    let _pricing = state.pricing.write().await;
    if publication.expire_open_quotes {
        // Quotes answered but still queued are written, so the update below sees them. Before
        // the transaction: the quote writer needs the write lock it would hold.
        state.quotes.flush().await;
    }
    let now = crate::now();
    let mut tx = state.store.begin_write().await?;
    let in_force = rates::current(&mut tx).await?;
    let table = validate(&publication, &in_force, now.utc_date())?;
    rates::publish(&mut tx, &table).await?;
    if publication.expire_open_quotes {
        let expired = store::quotes::expire_open(&mut tx, now.0).await?;
        tracing::info!(expired, "open quotes expired by new exchange rates");
    }
    // Every instance's cached rates are now old.
    feeds::notify(&mut tx, Change::Rates).await?;
    tx.commit().await?;
    state.caches.rates.clear();
    tracing::info!(as_of = %table.as_of, "exchange rates published");
    Ok((StatusCode::CREATED, Json(table)))
}

/// The rate table `publication` describes, or every field problem, judged against the set
/// `in_force` on `today` (UTC).
fn validate(
    publication: &RatePublication,
    in_force: &RateTable,
    today: Date,
) -> Result<RateTable, AppError> {
    let mut errors = Vec::new();
    let mut problem = |field: String, detail: String| errors.push(FieldProblem { field, detail });

    let as_of = match Date::parse(publication.as_of.trim()) {
        Err(_) => {
            problem("as_of".into(), "must be a date as YYYY-MM-DD".into());
            None
        }
        Ok(date) if date < in_force.as_of => {
            problem(
                "as_of".into(),
                format!(
                    "must not be before {}, the date of the rates in force",
                    in_force.as_of
                ),
            );
            None
        }
        Ok(date) if date > today.add_days(1) => {
            problem(
                "as_of".into(),
                "must not be after tomorrow (UTC): rates in force cannot be dated later".into(),
            );
            None
        }
        Ok(date) => Some(date),
    };
    if let Some(base) = &publication.base
        && base.trim() != in_force.base.code()
    {
        problem(
            "base".into(),
            format!("must be {}: the base currency cannot change", in_force.base),
        );
    }

    let mut table = BTreeMap::new();
    for (code, &rate) in &publication.rates {
        let field = format!("rates.{code}");
        match Currency::new(code) {
            Err(_) => problem(field, "is not a currency code: three letters A–Z".into()),
            Ok(currency) if currency == in_force.base => problem(
                field,
                "is the base currency: leave it out (its rate is always 1)".into(),
            ),
            Ok(_) if !(1..=MAX_RATE_MICROS).contains(&rate) => problem(
                field,
                format!("must be a positive whole number of millionths, at most {MAX_RATE_MICROS}"),
            ),
            Ok(currency) => {
                table.insert(currency, rate);
            }
        }
    }
    for currency in in_force.rates.keys() {
        if !publication.rates.contains_key(currency.code()) {
            problem(
                format!("rates.{currency}"),
                "is missing: every currency with a rate in force needs a new one".into(),
            );
        }
    }

    match as_of {
        Some(as_of) if errors.is_empty() => Ok(RateTable {
            base: in_force.base,
            as_of,
            rates: table,
        }),
        _ => Err(AppError::InvalidFields(errors)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn in_force() -> RateTable {
        RateTable {
            base: Currency::new("EUR").unwrap(),
            as_of: Date::from_ymd(2026, 11, 24).unwrap(),
            rates: [("JPY", 163_250_000), ("USD", 1_052_300)]
                .into_iter()
                .map(|(code, rate)| (Currency::new(code).unwrap(), rate))
                .collect(),
        }
    }

    fn today() -> Date {
        Date::from_ymd(2026, 11, 25).unwrap()
    }

    fn publication(as_of: &str, rates: &[(&str, i64)]) -> RatePublication {
        RatePublication {
            as_of: as_of.into(),
            base: None,
            rates: rates.iter().map(|(c, r)| ((*c).to_owned(), *r)).collect(),
            expire_open_quotes: false,
        }
    }

    fn fields(result: Result<RateTable, AppError>) -> Vec<String> {
        match result {
            Err(AppError::InvalidFields(errors)) => errors.into_iter().map(|e| e.field).collect(),
            other => panic!("accepted: {other:?}"),
        }
    }

    #[test]
    fn a_complete_set_of_the_same_day_or_later_is_accepted() {
        let rates = [("JPY", 81_625_000), ("USD", 1_100_000), ("CHF", 941_200)];
        for as_of in ["2026-11-24", "2026-11-25", "2026-11-26"] {
            let table = validate(&publication(as_of, &rates), &in_force(), today()).unwrap();
            assert_eq!(table.as_of.to_string(), as_of);
            assert_eq!(table.base, in_force().base);
            assert_eq!(table.rates.len(), 3, "a new currency may be added");
        }
    }

    #[test]
    fn every_bad_field_is_named() {
        let mut bad = publication("2026-11-23", &[("USD", 0), ("EUR", 1_000_000), ("usd", 5)]);
        bad.base = Some("USD".into());
        assert_eq!(
            fields(validate(&bad, &in_force(), today())),
            [
                "as_of",
                "base",
                "rates.EUR",
                "rates.USD",
                "rates.usd",
                "rates.JPY"
            ]
        );
        let late = publication("2026-11-27", &[("USD", 1), ("JPY", 1)]);
        assert_eq!(fields(validate(&late, &in_force(), today())), ["as_of"]);
        let garbled = publication("25.11.2026", &[("USD", 1), ("JPY", i64::MAX)]);
        assert_eq!(
            fields(validate(&garbled, &in_force(), today())),
            ["as_of", "rates.JPY"]
        );
    }
}
