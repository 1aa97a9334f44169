//! SERVQUAL feedback as stored: raw answers in, scorecards and ratings out (recomputed from the
//! raw answers on each request, so they can never drift from them).

use std::collections::HashMap;

use storefront_domain::carrier::CARRIERS;
use storefront_domain::date::Date;
use storefront_domain::servqual::{
    BuyerScore, FeedbackSubmission, Scorecard, ScoredResponse, ServiceRating, aggregate, validate,
};

use crate::error::AppError;
use crate::store::{self, Store};

/// Every stored response, validated again (a row that no longer validates is corrupt).
pub async fn responses(store: &Store) -> Result<Vec<ScoredResponse>, AppError> {
    responses_of(store, None).await
}

/// The stored responses about `seller`'s shipments, oldest first.
pub async fn seller_responses(
    store: &Store,
    seller: &str,
) -> Result<Vec<ScoredResponse>, AppError> {
    responses_of(store, Some(seller)).await
}

/// Every response, or `seller`'s, validated again.
async fn responses_of(
    store: &Store,
    seller: Option<&str>,
) -> Result<Vec<ScoredResponse>, AppError> {
    let rows = store::feedback::responses(store, seller).await?;
    rows.into_iter()
        .map(|(carrier, service, submitted_on, submission)| {
            let corrupt = |what: String| AppError::Corrupt(format!("feedback: {what}"));
            let submission: FeedbackSubmission =
                serde_json::from_str(&submission).map_err(|e| corrupt(e.to_string()))?;
            let feedback = validate(&submission).map_err(|e| corrupt(format!("{e:?}")))?;
            let submitted_on = Date::parse(&submitted_on).map_err(|e| corrupt(e.to_string()))?;
            Ok(ScoredResponse {
                carrier,
                service,
                submitted_on,
                feedback,
            })
        })
        .collect()
}

/// Every carrier's scorecard.
pub async fn scorecards(store: &Store) -> Result<Vec<Scorecard>, AppError> {
    Ok(aggregate(&responses(store).await?))
}

/// Every carrier's scorecard, from the cache.
pub async fn cached_scorecards(
    state: &crate::AppState,
) -> Result<std::sync::Arc<Vec<Scorecard>>, AppError> {
    state
        .caches
        .scorecards
        .get_or_load((), || scorecards(&state.store))
        .await
}

/// Each service's rating by service code; a service nobody rated yet has n = 0.
pub fn ratings(scorecards: &[Scorecard]) -> HashMap<String, ServiceRating> {
    let mut ratings: HashMap<String, ServiceRating> = CARRIERS
        .iter()
        .flat_map(|carrier| carrier.services.iter())
        .map(|service| {
            let unrated = ServiceRating {
                n: 0,
                score: BuyerScore::TooFewRatings,
            };
            (service.code.to_owned(), unrated)
        })
        .collect();
    for service in scorecards.iter().flat_map(|card| card.services.iter()) {
        ratings.insert(
            service.service.clone(),
            ServiceRating {
                n: service.n,
                score: service.overall,
            },
        );
    }
    ratings
}
