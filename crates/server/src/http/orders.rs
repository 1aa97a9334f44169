//! `POST /api/orders` places and pays for an order from a quote, once per idempotency key;
//! `GET /api/orders/{id}` shows it to the holder of its access token.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::{get, post};
use axum::{Json, Router};
use storefront_domain::market::{self, AddressErrorKind, validate_address};
use storefront_domain::order::{
    Order, OrderError, OrderRequest, PlacedOrder, is_plausible_email, price_order,
};
use storefront_domain::quote::Quote;
use storefront_domain::{FieldProblem, Money, Problem};

use super::{JsonBody, idempotency_key};
use crate::error::AppError;
use crate::payment::{self, Charge};
use crate::store::orders::NewOrder;
use crate::{AppState, ids, quote_store, secrets, store, tracking};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/orders", post(place))
        .route("/orders/{id}", get(show))
}

/// Place an order from a quote, once per `Idempotency-Key`.
///
/// The charge is the quote's, for the chosen services, add-ons and duty terms; an
/// `expected_total` that differs is refused rather than charged. Stock is reserved and the
/// payment taken in the same transaction: a declined payment places nothing. The order keeps the
/// card's brand, last four digits and expiry, never its number or security code. Retrying with
/// the same key and body answers the same order with 200 and charges nothing more; the same key
/// with another body is refused.
#[utoipa::path(
    post,
    path = "/api/orders",
    tag = "orders",
    operation_id = "place_order",
    params(
        ("Idempotency-Key" = String, Header, min_length = 1, max_length = 255,
            description = "One value per checkout (up to 255 visible characters): a retried \
                request answers the order it placed instead of placing another."),
    ),
    request_body(content = OrderRequest, content_type = "application/json"),
    responses(
        (status = 201, description = "The order was placed. `access_token` unlocks it as a \
            bearer token.", body = PlacedOrder),
        (status = 200, description = "A replay: this `Idempotency-Key` already placed this \
            order with this body.", body = PlacedOrder),
        (status = 400, description = "Invalid fields (the first in `field`, all of them in \
            `errors` when several: the address, the email, the payment (`payment.method`, \
            `payment.card`, `payment.card.number`, `payment.card.expiry`, `payment.card.cvc`, \
            `payment.card.holder`), the shipment choices, an unknown `quote_id`, the \
            `Idempotency-Key` header) or a malformed JSON body.", body = Problem,
            content_type = "application/problem+json"),
        (status = 402, description = "The payment was declined \
            (`/problems/payment-declined`): nothing was charged, no order placed and no stock \
            reserved; the same `Idempotency-Key` may be retried with another card or method. \
            The test provider always declines the card 4000 0000 0000 0002.", body = Problem,
            content_type = "application/problem+json"),
        (status = 409, description = "The quote expired (`/problems/quote-expired`), the total \
            is not `expected_total` (`/problems/price-changed`) or a product sold out \
            (`/problems/out-of-stock`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 415, description = "The body is not declared as `application/json`.",
            body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The `Idempotency-Key` was used for a different order \
            request (`/problems/idempotency-key-reused`), or the JSON body does not have the \
            shape of an order request.", body = Problem,
            content_type = "application/problem+json"),
    )
)]
async fn place(
    State(state): State<AppState>,
    headers: HeaderMap,
    JsonBody(request): JsonBody<OrderRequest>,
) -> Result<(StatusCode, Json<PlacedOrder>), AppError> {
    let key = idempotency_key(&headers, "one value per checkout")?;
    let request_hash = request_hash(&request)?;
    let token_key = secrets::get(&state.store, secrets::ORDER_TOKENS)?;
    // A quote is answered before it is written; wait for it here, before taking the write lock
    // its writer needs.
    state.quotes.written(&request.quote_id).await;

    // One IMMEDIATE transaction: concurrent retries with the same key queue up behind the
    // first writer and then find its order; stock cannot be sold twice.
    let mut tx = state.store.begin_write().await?;
    let existing = store::orders::by_idempotency_key(&mut tx, &key).await?;
    if let Some((hash, body)) = existing {
        if hash != request_hash {
            return Err(AppError::IdempotencyKeyReused);
        }
        let order = decode::<Order>(&body)?;
        let access_token = secrets::sign(token_key, order.id.as_bytes());
        return Ok((
            StatusCode::OK,
            Json(PlacedOrder {
                order,
                access_token,
            }),
        ));
    }

    let Some((quote_body, expires_at)) = quote_store::read(&mut tx, &request.quote_id).await?
    else {
        return Err(AppError::invalid(
            "quote_id",
            "is not a quote of this store",
        ));
    };
    let mut quote = decode::<Quote>(&quote_body)?;
    // Publishing exchange rates may have expired it early.
    quote.expires_at.0 = quote.expires_at.0.min(expires_at);
    let destination = market::country(&quote.destination)
        .ok_or_else(|| AppError::Corrupt(format!("quote {} to {}", quote.id, quote.destination)))?;
    let now = crate::now();
    let today = now.utc_date();
    let mut errors = address_problems(&request);
    if !is_plausible_email(&request.email) {
        errors.push(FieldProblem {
            field: "email".into(),
            detail: "must be an email address such as name@example.com".into(),
        });
    }
    errors.extend(state.payments.check(&request.payment, destination, today));
    let priced = match price_order(&quote, &request, now) {
        Ok(priced) => priced,
        Err(OrderError::QuoteExpired) => return Err(AppError::QuoteExpired),
        Err(OrderError::Invalid(problems)) => {
            errors.extend(problems);
            return Err(AppError::InvalidFields(errors));
        }
        Err(OrderError::PriceChanged { actual }) if errors.is_empty() => {
            return Err(AppError::PriceChanged(describe(actual)));
        }
        Err(OrderError::PriceChanged { .. }) => return Err(AppError::InvalidFields(errors)),
        Err(OrderError::Money(e)) => return Err(AppError::Corrupt(format!("quote: {e}"))),
    };
    if !errors.is_empty() {
        return Err(AppError::InvalidFields(errors));
    }
    let address = validate_address(&request.address)
        .map_err(|_| AppError::Corrupt("address validated twice differently".into()))?;

    for shipment in &priced.shipments {
        for line in &shipment.lines {
            let reserved =
                store::catalog::reserve(&mut tx, &line.product, &line.variant, line.quantity)
                    .await?;
            if !reserved {
                return Err(AppError::OutOfStock(line.product.clone()));
            }
        }
    }

    let seq = store::orders::next_seq(&mut tx).await?;
    let id = ids::random_id("o_");
    // Last, once everything else holds: a decline (or any failure) drops the transaction, so
    // no order is placed and no stock reserved.
    let paid = state
        .payments
        .charge(Charge {
            amount: priced.total_charged,
            payment: &request.payment,
            destination,
            idempotency_key: &key,
            order_id: &id,
            today,
        })
        .await?;
    let mut order = Order {
        id,
        number: format!("CV-{seq}"),
        placed_at: now,
        quote_id: quote.id,
        currency: quote.currency,
        email: request.email.trim().to_owned(),
        address,
        shipments: priced.shipments,
        total_charged: priced.total_charged,
        due_on_delivery: priced.due_on_delivery,
        payment: Some(paid),
    };
    let origins: Vec<String> = quote
        .shipments
        .iter()
        .map(|shipment| shipment.quote.origin.clone())
        .collect();
    tracking::assign_tracking_numbers(&mut order);
    let body = serde_json::to_string(&order)
        .map_err(|e| AppError::Corrupt(format!("serializing order: {e}")))?;
    store::orders::insert(
        &mut tx,
        &NewOrder {
            id: &order.id,
            seq,
            number: &order.number,
            idempotency_key: &key,
            request_hash: &request_hash,
            quote_id: &order.quote_id,
            placed_at: order.placed_at.0,
            body: &body,
        },
    )
    .await?;
    let last_event = tracking::book(&mut tx, &order, &origins, now).await?;
    // Acknowledged only once durable: WAL with synchronous=FULL.
    tx.commit().await?;
    // Stock changed: quotes must not count on the old numbers. (Listings read a page's stock
    // afresh each time.)
    state.caches.variants.clear();
    state.events.raise(&order.id, last_event);
    let access_token = secrets::sign(token_key, order.id.as_bytes());
    Ok((
        StatusCode::CREATED,
        Json(PlacedOrder {
            order,
            access_token,
        }),
    ))
}

/// The order, with the current tracking status of each shipment.
#[utoipa::path(
    get,
    path = "/api/orders/{id}",
    tag = "orders",
    operation_id = "get_order",
    params(("id" = String, Path, description = "The order's id.")),
    security(("order_token" = [])),
    responses(
        (status = 200, description = "The order.", body = Order),
        (status = 404, description = "No such order, or the token is missing or wrong (the \
            same answer, so nothing is revealed).", body = Problem,
            content_type = "application/problem+json"),
    )
)]
async fn show(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Order>, AppError> {
    Ok(Json(authorized_order(&state, &id, &headers, None).await?))
}

/// The order `id` if the request carries its access token, as a bearer header or else as
/// `query_token`; the same 404 for a missing order, a missing token and a wrong one, so
/// nothing is revealed.
pub async fn authorized_order(
    state: &AppState,
    id: &str,
    headers: &HeaderMap,
    query_token: Option<&str>,
) -> Result<Order, AppError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(bearer_token)
        .or(query_token)
        .map(str::trim)
        .unwrap_or_default();
    let key = secrets::get(&state.store, secrets::ORDER_TOKENS)?;
    if !secrets::verify(key, id.as_bytes(), token) {
        return Err(AppError::NotFound);
    }
    let mut db = state.store.acquire().await?;
    let body = store::orders::body(&mut db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut order: Order = decode(&body)?;
    let statuses = tracking::statuses(&mut db, id).await?;
    for (shipment, status) in order.shipments.iter_mut().zip(statuses) {
        shipment.tracking_status = status;
    }
    Ok(order)
}

/// The credentials of an `Authorization: Bearer ...` value; the scheme's name is
/// case-insensitive (RFC 9110 §11.1).
fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim_start().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(token)
}

/// The fingerprint of an order request that tells a replay from a different request under the
/// same `Idempotency-Key`: SHA-256 of the request with its card reduced to what an order keeps
/// (see [`payment::fingerprint`]), so neither the card number nor its security code is part of
/// anything stored.
fn request_hash(request: &OrderRequest) -> Result<String, AppError> {
    let corrupt =
        |e: serde_json::Error| AppError::Corrupt(format!("serializing order request: {e}"));
    let mut canonical = serde_json::to_value(request).map_err(corrupt)?;
    canonical["payment"] = payment::fingerprint(&request.payment);
    Ok(secrets::sha256_hex(
        &serde_json::to_vec(&canonical).map_err(corrupt)?,
    ))
}

fn decode<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, AppError> {
    serde_json::from_str(json).map_err(|e| AppError::Corrupt(format!("stored document: {e}")))
}

/// Every address problem as a field of the request (`address.postal_code`, ...).
fn address_problems(request: &OrderRequest) -> Vec<FieldProblem> {
    match validate_address(&request.address) {
        Ok(_) => Vec::new(),
        Err(errors) => errors
            .into_iter()
            .map(|error| {
                let field = crate::stored::key(&error.field);
                FieldProblem {
                    field: format!("address.{field}"),
                    detail: address_detail(error.kind).to_owned(),
                }
            })
            .collect(),
    }
}

fn address_detail(kind: AddressErrorKind) -> &'static str {
    match kind {
        AddressErrorKind::Required => "is required",
        AddressErrorKind::TooLong => "must be at most 200 characters",
        AddressErrorKind::InvalidCharacters => {
            "must not contain line breaks, control or direction-changing characters"
        }
        AddressErrorKind::InvalidPostalCode => "is not a postal code of this country",
        AddressErrorKind::UnknownRegion => "is not a region of this country",
        AddressErrorKind::InvalidPhone => "is not a phone number of this country",
        AddressErrorKind::UnsupportedCountry => "must be a country the store ships to",
    }
}

fn describe(money: Money) -> String {
    format!("{} {}", money.to_decimal_string(), money.currency)
}
