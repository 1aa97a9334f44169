//! `GET /api/openapi.json`: the API's OpenAPI 3.1 document, generated from the handlers'
//! `#[utoipa::path]` annotations and the schemas of the domain's wire types (its `openapi`
//! feature), so it cannot drift from the code.
//!
//! Each handler documents the errors it returns itself; [`Hardening`] adds the ones the
//! hardening layers answer for every route ([`crate::hardening`]): 413, 429, 500 and 503.

use std::sync::LazyLock;

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use storefront_domain::Problem;
use storefront_domain::product::Sort;
use storefront_domain::tracking::ShipmentEvent;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Content, HeaderBuilder, ObjectBuilder, Ref, RefOr, ResponseBuilder, Type};
use utoipa::{Modify, OpenApi, ToSchema};

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/openapi.json", get(document))
}

/// The API document, built and serialized once.
static DOCUMENT: LazyLock<String> = LazyLock::new(|| {
    ApiDoc::openapi()
        .to_json()
        .expect("the OpenAPI document serializes")
});

/// This document: the API's OpenAPI 3.1 description.
#[utoipa::path(
    get,
    path = "/api/openapi.json",
    tag = "meta",
    operation_id = "get_openapi",
    responses(
        (status = 200, description = "The OpenAPI 3.1 document of this API.", body = Object),
    )
)]
async fn document() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        DOCUMENT.as_str(),
    )
}

/// The API's OpenAPI document: every route of [`super::router`].
#[derive(OpenApi)]
#[openapi(
    version = "3.1.0",
    info(
        title = "Caravan storefront API",
        version = env!("CARGO_PKG_VERSION"),
        description = "JSON over HTTP for a storefront of small and medium-sized sellers who \
            ship across borders: a localized catalog, quotes with carrier services and landed \
            cost, idempotent paid orders, tracking as server-sent events, messages and SERVQUAL \
            feedback. Money is `{\"amount_minor\": 1234, \"currency\": \"EUR\"}` (integer minor \
            units), dates are `YYYY-MM-DD`, instants are Unix seconds. Every error is an \
            RFC 9457 `application/problem+json` body whose `type` says what went wrong.",
    ),
    paths(
        super::health::health,
        document,
        super::markets::markets,
        super::products::list,
        super::products::detail,
        super::suggestions::suggestions,
        super::quotes::create,
        super::orders::place,
        super::orders::show,
        super::payment_methods::payment_methods,
        super::tracking::events,
        super::messages::conversation,
        super::messages::write,
        super::messages::stream,
        super::messages::seller_reply,
        super::insights::insights,
        super::feedback::submit,
        super::carriers::list,
        super::carriers::scorecard,
        super::tracking::carrier_webhook,
        super::exchange_rates::publish,
    ),
    // Not collected from the paths: `ShipmentEvent` travels inside the event stream, `Sort` is
    // the documented type of a query parameter read as text.
    components(schemas(ShipmentEvent, Sort)),
    modifiers(&SecuritySchemes, &Hardening),
    tags(
        (name = "health", description = "Liveness"),
        (name = "meta", description = "This document"),
        (name = "markets", description = "Destinations, languages and exchange rates"),
        (name = "products", description = "The localized catalog"),
        (name = "quotes", description = "Pricing a cart for a destination"),
        (name = "orders", description = "Placing and reading orders"),
        (name = "payments", description = "How buyers can pay, per destination"),
        (name = "tracking", description = "An order's tracking events as server-sent events"),
        (name = "messages", description = "Buyer, seller and carrier messages on an order"),
        (name = "feedback", description = "SERVQUAL feedback after delivery"),
        (name = "carriers", description = "Carrier services and their SERVQUAL scorecards"),
        (name = "webhooks", description = "Signed carrier tracking events"),
        (name = "operator", description = "The store operator's tools: publishing exchange \
            rates"),
    ),
)]
pub struct ApiDoc;

/// The credentials the operations name in their `security`.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "order_token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "The order's access token (`access_token` from placing it), as \
                         `Authorization: Bearer <token>`. It unlocks the order, its tracking, \
                         messages and feedback; a missing or wrong token gets the same 404 as \
                         an unknown order.",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "order_token_query",
            SecurityScheme::ApiKey(ApiKey::Query(ApiKeyValue::with_description(
                "token",
                "The order's access token as `?token=`, for `EventSource`, which cannot set \
                 headers (the event stream only).",
            ))),
        );
        components.add_security_scheme(
            "seller_key",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-Seller-Key",
                "A seller's API key: it answers only for orders with a shipment of that seller.",
            ))),
        );
        components.add_security_scheme(
            "operator_key",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                super::exchange_rates::OPERATOR_KEY_HEADER,
                "The store operator's API key (`storefront-server --print-operator-key`).",
            ))),
        );
    }
}

/// The answers of the hardening layers, added to every operation they apply to.
struct Hardening;

impl Modify for Hardening {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, item) in &mut openapi.paths.paths {
            let operations = [
                (false, &mut item.get),
                (false, &mut item.head),
                (false, &mut item.options),
                (true, &mut item.post),
                (true, &mut item.put),
                (true, &mut item.patch),
                (true, &mut item.delete),
            ];
            for (unsafe_method, operation) in operations {
                if let Some(operation) = operation {
                    harden(path, unsafe_method, operation);
                }
            }
        }
    }
}

fn harden(path: &str, unsafe_method: bool, operation: &mut Operation) {
    let responses = &mut operation.responses.responses;
    let streams = responses.values().any(|response| {
        matches!(response, RefOr::T(response) if response.content.contains_key("text/event-stream"))
    });
    let mut add = |status: &str, response: ResponseBuilder| {
        responses
            .entry(status.to_owned())
            .or_insert_with(|| RefOr::T(response.build()));
    };
    if operation.request_body.is_some() {
        let limit = crate::hardening::Hardening::default().body_limit;
        add(
            "413",
            problem(&format!(
                "The request body is larger than the {limit} bytes the API accepts."
            )),
        );
    }
    // Carrier webhooks are authenticated by their signature instead (see the hardening layer).
    if unsafe_method && !path.starts_with("/api/webhooks/") {
        add(
            "429",
            problem(
                "Too many state-changing requests from this address; retry after the \
                 `Retry-After` seconds.",
            )
            .header(
                "Retry-After",
                HeaderBuilder::new()
                    .schema(Some(
                        ObjectBuilder::new()
                            .schema_type(Type::Integer)
                            .minimum(Some(1)),
                    ))
                    .description(Some("Seconds until a retry is accepted."))
                    .build(),
            ),
        );
    }
    add(
        "500",
        problem("An unexpected failure (type `/problems/internal`); details are only logged."),
    );
    // Event streams are exempt from the request timeout.
    if !streams {
        add(
            "503",
            problem(
                "The response did not start within the request timeout (type \
                 `/problems/unavailable`); try again shortly.",
            ),
        );
    }
}

/// An error response: a [`Problem`] as `application/problem+json`.
fn problem(description: &str) -> ResponseBuilder {
    ResponseBuilder::new().description(description).content(
        Problem::CONTENT_TYPE,
        Content::new(Some(Ref::from_schema_name(Problem::name()))),
    )
}
