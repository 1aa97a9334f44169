//! `POST /api/quotes`: price a cart for a destination. Each seller's goods become a shipment
//! with every carrier service, its add-ons and the landed cost under DDP and DDU, all in the
//! buyer's currency. The answer is stored: an order placed from it charges exactly that.

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::routing::post;
use storefront_domain::quote::{
    MAX_LINES, MAX_QUANTITY, QUOTE_LIFETIME_SECONDS, Quote, QuoteRequest, QuotedLine,
    QuotedShipment, quote_shipment,
};
use storefront_domain::{FieldProblem, Problem, date::Timestamp, landed_cost};

use super::JsonBody;
use super::products::{parse_country, parse_currency, parse_lang};
use crate::catalog::{self, CatalogVariant};
use crate::error::AppError;
use crate::quote_store::StoredQuote;
use crate::{AppState, feedback, ids, rates};

pub fn router() -> Router<AppState> {
    Router::new().route("/quotes", post(create))
}

/// Price a cart for a destination.
///
/// Each seller's goods become a shipment with every carrier service (or why it refuses them),
/// its add-ons, delivery window and the landed cost under DDP and DDU, all in the buyer's
/// currency, with the services' buyer ratings. The quote is stored: an order placed from it
/// before `expires_at` charges exactly that.
#[utoipa::path(
    post,
    path = "/api/quotes",
    tag = "quotes",
    operation_id = "create_quote",
    request_body(content = QuoteRequest, content_type = "application/json"),
    responses(
        (status = 201, description = "The stored quote, with its id and expiry.", body = Quote),
        (status = 400, description = "Invalid fields (the first in `field`, all of them in \
            `errors` when several: destination, currency, lang, lines and each line's product, \
            variant and quantity) or a malformed JSON body.", body = Problem,
            content_type = "application/problem+json"),
        (status = 415, description = "The body is not declared as `application/json`.",
            body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The JSON body does not have the shape of a quote \
            request.", body = Problem, content_type = "application/problem+json"),
    )
)]
async fn create(
    State(state): State<AppState>,
    JsonBody(request): JsonBody<QuoteRequest>,
) -> Result<(StatusCode, [(header::HeaderName, &'static str); 1], String), AppError> {
    // Until the quote is queued: rates published meanwhile wait, then expire it if asked.
    let _pricing = state.pricing.read().await;
    let rates = rates::cached(&state).await?;
    let mut errors = Vec::new();
    let mut problem = |field: String, detail: &str| {
        errors.push(FieldProblem {
            field,
            detail: detail.to_owned(),
        });
    };

    let destination = match parse_country(Some(request.destination.clone())) {
        Ok(Some(country)) if landed_cost::customs_currency(country.code).is_some() => Some(country),
        _ => {
            problem(
                "destination".into(),
                "must be a country the store ships to, such as DE",
            );
            None
        }
    };
    let currency = match parse_currency(Some(request.currency.clone()), &rates) {
        Ok(Some(currency)) => Some(currency),
        _ => {
            problem(
                "currency".into(),
                "must be a currency with a published rate, such as EUR",
            );
            None
        }
    };
    let lang = match parse_lang(request.lang.as_deref()) {
        Ok(lang) => lang,
        Err(_) => {
            problem("lang".into(), "must be a language code such as en or ar");
            "en"
        }
    };
    if request.lines.is_empty() || request.lines.len() > MAX_LINES {
        problem("lines".into(), "must hold from 1 to 50 lines");
    }

    // Resolve every line from the catalog; prices never come from the request.
    let catalog = state
        .caches
        .variants
        .get_or_load(lang.to_owned(), || {
            catalog::Catalog::load(&state.store, lang)
        })
        .await?;
    let mut resolved: Vec<(&CatalogVariant, u32)> = Vec::with_capacity(request.lines.len());
    for (i, line) in request.lines.iter().enumerate().take(MAX_LINES) {
        let field = |name: &str| format!("lines[{i}].{name}");
        let quantity = u32::try_from(line.quantity)
            .ok()
            .filter(|q| (1..=MAX_QUANTITY).contains(q));
        if quantity.is_none() {
            problem(field("quantity"), "must be a whole number from 1 to 99");
        }
        let Some(variants) = catalog.variants(&line.product) else {
            problem(field("product"), "is not a product of this store");
            continue;
        };
        let variant = match (&line.variant, variants) {
            (Some(key), _) => match variants.iter().find(|v| &v.variant == key) {
                Some(variant) => variant,
                None => {
                    problem(field("variant"), "is not a variant of this product");
                    continue;
                }
            },
            (None, [only]) => only,
            (None, _) => {
                problem(
                    field("variant"),
                    "must be chosen: this product comes in several",
                );
                continue;
            }
        };
        if resolved
            .iter()
            .any(|(v, _)| v.variant_id == variant.variant_id)
        {
            problem(field("product"), "appears twice; combine the quantities");
            continue;
        }
        match quantity {
            Some(_) if variant.stock == 0 => problem(field("quantity"), "is sold out"),
            Some(q) if q > variant.stock => {
                problem(field("quantity"), "is more than the units in stock")
            }
            Some(q) => resolved.push((variant, q)),
            None => {}
        }
    }
    let (Some(destination), Some(currency)) = (destination, currency) else {
        return Err(AppError::InvalidFields(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::InvalidFields(errors));
    }

    // One shipment per seller, in the order the sellers first appear in the cart.
    let mut groups: Vec<Vec<(&CatalogVariant, u32)>> = Vec::new();
    for (variant, quantity) in resolved {
        match groups
            .iter_mut()
            .find(|lines| lines[0].0.seller == variant.seller)
        {
            Some(lines) => lines.push((variant, quantity)),
            None => groups.push(vec![(variant, quantity)]),
        }
    }
    let ratings = feedback::ratings(&feedback::cached_scorecards(&state).await?);
    let created_at = crate::now();
    let mut shipments = Vec::with_capacity(groups.len());
    for lines in groups {
        let (seller, seller_name, origin) = {
            let first = &lines[0].0;
            (
                first.seller.clone(),
                first.seller_name.clone(),
                first.origin.clone(),
            )
        };
        let shipment_lines: Vec<_> = lines.iter().map(|(v, q)| v.shipment_line(*q)).collect();
        let quote = quote_shipment(
            &origin,
            destination.code,
            &shipment_lines,
            &rates,
            currency,
            created_at,
        )
        .map_err(|e| AppError::Corrupt(format!("quoting {seller}: {e}")))?;
        let mut quote = quote;
        for service in &mut quote.services {
            service.rating = ratings.get(&service.service_code).copied();
        }
        let lines = lines
            .into_iter()
            .map(|(variant, quantity)| {
                Ok(QuotedLine {
                    unit_price: rates
                        .convert(variant.unit_price, currency)
                        .map_err(|e| AppError::Corrupt(e.to_string()))?,
                    product: variant.slug.clone(),
                    variant: variant.variant.clone(),
                    name: variant.name.clone(),
                    quantity,
                })
            })
            .collect::<Result<_, AppError>>()?;
        shipments.push(QuotedShipment {
            seller,
            seller_name,
            lines,
            quote,
        });
    }

    let quote = Quote {
        id: ids::time_ordered_id("q_"),
        created_at,
        expires_at: Timestamp(created_at.0 + QUOTE_LIFETIME_SECONDS),
        destination: destination.code.to_owned(),
        currency,
        rates_as_of: rates.as_of,
        shipments,
    };
    let json = |value: serde_json::Result<String>| {
        value.map_err(|e| AppError::Corrupt(format!("serializing quote: {e}")))
    };
    // Serialized once: the stored copy and the answer are the same bytes.
    let body = json(serde_json::to_string(&quote))?;
    state
        .quotes
        .insert(StoredQuote {
            id: quote.id,
            created_at: quote.created_at.0,
            expires_at: quote.expires_at.0,
            request: json(serde_json::to_string(&request))?,
            body: body.clone(),
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    ))
}
