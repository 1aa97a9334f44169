//! `GET /api/suggestions`: what the search box offers while the buyer types.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use storefront_domain::Problem;
use storefront_domain::product::CATEGORIES;
use storefront_domain::search::{self, ProductSuggestion, Query, Suggestions};
use utoipa::IntoParams;

use super::Query as QueryParams;
use super::products::{parse_lang, text};
use crate::error::AppError;
use crate::{AppState, store};

/// Matches read to rank the few products suggested: the first in catalog order.
const CANDIDATES: usize = 40;

pub fn router() -> Router<AppState> {
    Router::new().route("/suggestions", get(suggestions))
}

/// Query parameters, kept as text so each bad value is reported with its field's name.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct SuggestionParams {
    /// The buyer's language (BCP 47 primary subtag); English names where a product has no
    /// translation. English when absent.
    #[param(pattern = "^[a-z]{2,3}$", example = "de")]
    lang: Option<String>,
    /// What the buyer has typed so far, up to 100 characters; nothing is suggested for blank.
    #[param(max_length = 100, example = "mat")]
    q: Option<String>,
}

/// Products whose names, and categories whose names, have every word typed as the start of a
/// word, in the buyer's language or English; each product's matched words marked.
#[utoipa::path(
    get,
    path = "/api/suggestions",
    tag = "products",
    operation_id = "suggest",
    params(SuggestionParams),
    responses(
        (status = 200, description = "Up to six products and the matching categories.",
            body = Suggestions),
        (status = 400, description = "A query parameter is invalid; `field` names it.",
            body = Problem, content_type = "application/problem+json"),
    )
)]
async fn suggestions(
    State(state): State<AppState>,
    QueryParams(params): QueryParams<SuggestionParams>,
) -> Result<Json<Suggestions>, AppError> {
    let lang = parse_lang(params.lang.as_deref())?;
    let Some(typed) = text(params.q) else {
        return Ok(Json(Suggestions::default()));
    };
    if typed.chars().count() > 100 {
        return Err(AppError::invalid("q", "must be at most 100 characters"));
    }
    let query = Query::parse(&typed);
    let ids = store::search::suggest(&state.store, lang, &query, CANDIDATES).await?;
    let mut rows = store::catalog::page(&state.store, lang, &ids).await?;
    // Names that start with what was typed first, then in catalog order.
    let place = |id: i64| ids.iter().position(|candidate| *candidate == id);
    let mut products: Vec<(bool, Option<usize>, ProductSuggestion)> = rows
        .drain(..)
        .map(|row| {
            let ranges = search::highlights(&row.name, &query.terms);
            let leading = ranges.first().is_some_and(|(start, _)| *start == 0);
            (
                !leading,
                place(row.id),
                ProductSuggestion {
                    slug: row.slug,
                    name_matches: search::text_ranges(&ranges),
                    name: row.name,
                },
            )
        })
        .collect();
    products.sort_by_key(|(later, place, _)| (*later, *place));
    products.truncate(store::search::SUGGESTED);
    let messages = storefront::i18n::Locale::from_tag(lang)
        .unwrap_or(storefront::i18n::Locale::En)
        .messages();
    let categories = CATEGORIES
        .iter()
        .filter(|key| search::starts_words(messages.category_name(key), &query.terms))
        .map(|key| (*key).to_owned())
        .collect();
    Ok(Json(Suggestions {
        products: products
            .into_iter()
            .map(|(_, _, product)| product)
            .collect(),
        categories,
    }))
}
