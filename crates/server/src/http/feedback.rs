//! `POST /api/orders/{id}/feedback`: the buyer's SERVQUAL answers about one shipment, accepted
//! once, after delivery, from the holder of the order's token (rules: SERVQUAL.md).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use storefront_domain::servqual::{
    Dimension, Feedback, FeedbackReceipt, FeedbackRequest, ReceiptDimension, validate,
};
use storefront_domain::{FieldProblem, Problem};

use super::orders::authorized_order;
use super::{JsonBody, idempotency_key};
use crate::error::AppError;
use crate::store::feedback::NewFeedback;
use crate::store::feeds::{self, Change};
use crate::{AppState, feedback, store};

pub fn router() -> Router<AppState> {
    Router::new().route("/orders/{id}/feedback", post(submit))
}

/// Submit the buyer's SERVQUAL answers about one shipment of the order.
///
/// Accepted once per shipment, after delivery, from the holder of the order's token; the answer
/// puts the buyer's perceptions and gaps beside the carrier's means. Resending the same form with
/// the same `Idempotency-Key` answers the first receipt again with 200.
#[utoipa::path(
    post,
    path = "/api/orders/{id}/feedback",
    tag = "feedback",
    operation_id = "submit_feedback",
    params(
        ("id" = String, Path, description = "The order's id."),
        ("Idempotency-Key" = String, Header, min_length = 1, max_length = 255,
            description = "One value per feedback form, so a retried submission is not counted \
                twice."),
    ),
    request_body(content = FeedbackRequest, content_type = "application/json"),
    security(("order_token" = [])),
    responses(
        (status = 201, description = "The feedback was recorded.", body = FeedbackReceipt),
        (status = 200, description = "A replay: this shipment was already rated with this \
            `Idempotency-Key`; the receipt of that submission.", body = FeedbackReceipt),
        (status = 400, description = "Invalid fields (the shipment, an answer, the \
            `Idempotency-Key` header) or a malformed JSON body.", body = Problem,
            content_type = "application/problem+json"),
        (status = 404, description = "No such order, or the token is missing or wrong.",
            body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The parcel is not delivered yet \
            (`/problems/not-yet-delivered`) or the shipment was already rated with another \
            `Idempotency-Key` (`/problems/already-rated`).", body = Problem,
            content_type = "application/problem+json"),
        (status = 415, description = "The body is not declared as `application/json`.",
            body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The `Idempotency-Key` was used for other answers \
            (`/problems/idempotency-key-reused`), or the JSON body does not have the shape of a \
            feedback request.", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    JsonBody(request): JsonBody<FeedbackRequest>,
) -> Result<(StatusCode, Json<FeedbackReceipt>), AppError> {
    let order = authorized_order(&state, &id, &headers, None).await?;
    let key = idempotency_key(&headers, "one value per feedback form")?;
    let position = request.shipment as usize;
    let shipment = order
        .shipments
        .get(position)
        .ok_or_else(|| AppError::invalid("shipment", "is not a shipment of this order"))?;
    let answers = validate(&request.submission).map_err(|errors| {
        AppError::InvalidFields(
            errors
                .into_iter()
                .map(|e| FieldProblem {
                    field: e.field,
                    detail: e.message,
                })
                .collect(),
        )
    })?;
    let submission = serde_json::to_string(&request.submission)
        .map_err(|e| AppError::Corrupt(format!("serializing feedback: {e}")))?;

    let mut tx = state.store.begin_write().await?;
    let earlier = store::feedback::of_shipment(&mut tx, &id, position as i64).await?;
    if let Some((earlier_key, earlier_submission)) = earlier {
        if earlier_key.as_deref() != Some(key.as_str()) {
            return Err(AppError::AlreadyRated);
        }
        // A replay must repeat the request; other answers under the same key are a mistake
        // to say, not a success to pretend.
        if earlier_submission != submission {
            return Err(AppError::IdempotencyKeyReused);
        }
        drop(tx);
        let earlier = serde_json::from_str(&earlier_submission)
            .ok()
            .and_then(|s| validate(&s).ok())
            .ok_or_else(|| AppError::Corrupt("stored feedback no longer validates".into()))?;
        let receipt = receipt(
            &state,
            &shipment.carrier_code,
            &shipment.service_code,
            &earlier,
        )
        .await?;
        return Ok((StatusCode::OK, Json(receipt)));
    }
    let status = store::tracking::status_at(&mut tx, &id, position as i64)
        .await?
        .ok_or_else(|| AppError::Corrupt(format!("order {id} has no shipment {position}")))?;
    let delivered = crate::stored::parse::<storefront_domain::tracking::TrackingStatus>(&status)?
        .allows_feedback();
    if !delivered {
        return Err(AppError::NotYetDelivered);
    }
    store::feedback::insert(
        &mut tx,
        &NewFeedback {
            order_id: &id,
            shipment: position as i64,
            carrier: &shipment.carrier_code,
            service: &shipment.service_code,
            seller: &shipment.seller,
            submitted_on: &crate::now().utc_date().to_string(),
            idempotency_key: &key,
            submission: &submission,
        },
    )
    .await?;
    // Every instance's scorecards now miss this answer.
    feeds::notify(&mut tx, Change::Ratings).await?;
    tx.commit().await?;
    state.caches.scorecards.clear();
    let receipt = receipt(
        &state,
        &shipment.carrier_code,
        &shipment.service_code,
        &answers,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(receipt)))
}

/// This response beside the carrier's means over every stored response.
async fn receipt(
    state: &AppState,
    carrier: &str,
    service: &str,
    answers: &Feedback,
) -> Result<FeedbackReceipt, AppError> {
    let responses = feedback::responses(&state.store).await?;
    let carrier_responses: Vec<&Feedback> = responses
        .iter()
        .filter(|r| r.carrier == carrier)
        .map(|r| &r.feedback)
        .collect();
    let mean = |value: &dyn Fn(&Feedback) -> f64| {
        let n = carrier_responses.len().max(1) as f64;
        carrier_responses.iter().map(|f| value(f)).sum::<f64>() / n
    };
    let dimensions = Dimension::ALL
        .into_iter()
        .map(|dimension| ReceiptDimension {
            dimension,
            your_perception: answers.dimension_perception(dimension),
            your_gap: answers.dimension_gap(dimension),
            carrier_perception: mean(&|f| f.dimension_perception(dimension)),
            carrier_gap: mean(&|f| f.dimension_gap(dimension)),
        })
        .collect();
    Ok(FeedbackReceipt {
        carrier: carrier.to_owned(),
        service: service.to_owned(),
        weighted_score: answers.weighted_score(),
        dimensions,
    })
}
