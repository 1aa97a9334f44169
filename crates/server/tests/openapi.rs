//! `GET /api/openapi.json`: the generated OpenAPI 3.1 document covers every route, its error
//! responses are problems, and the schemas it gives are what the API really sends.

mod common;

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{TestApp, card_payment};
use serde_json::{Value, json};
use storefront_domain::ProblemType;

/// Every route of the API router, as (method, path template).
const ROUTES: [(&str, &str); 21] = [
    ("get", "/api/health"),
    ("get", "/api/openapi.json"),
    ("get", "/api/markets"),
    ("get", "/api/products"),
    ("get", "/api/products/{slug}"),
    ("get", "/api/suggestions"),
    ("post", "/api/quotes"),
    ("post", "/api/orders"),
    ("get", "/api/orders/{id}"),
    ("get", "/api/payment-methods"),
    ("get", "/api/orders/{id}/events"),
    ("get", "/api/orders/{id}/messages"),
    ("get", "/api/orders/{id}/messages/events"),
    ("post", "/api/orders/{id}/messages"),
    ("post", "/api/seller/orders/{id}/messages"),
    ("get", "/api/seller/insights"),
    ("post", "/api/orders/{id}/feedback"),
    ("get", "/api/carriers"),
    ("get", "/api/carriers/{code}/scorecard"),
    ("post", "/api/webhooks/carriers/{code}"),
    ("post", "/api/exchange-rates"),
];

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

async fn document(test: &TestApp) -> Value {
    let (status, kind, doc) = test.json("/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind, "application/json");
    doc
}

/// Every (method, path, operation) of the document.
fn operations(doc: &Value) -> Vec<(String, String, &Value)> {
    let mut operations = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            if METHODS.contains(&method.as_str()) {
                operations.push((method.clone(), path.clone(), operation));
            }
        }
    }
    operations
}

/// The component schema `#/components/schemas/{name}`.
fn resolve<'a>(doc: &'a Value, reference: &str) -> &'a Value {
    let name = reference
        .strip_prefix("#/components/schemas/")
        .unwrap_or_else(|| panic!("not a schema reference: {reference}"));
    let schema = &doc["components"]["schemas"][name];
    assert!(schema.is_object(), "dangling reference {reference}");
    schema
}

/// Checks `value` against `schema` (the subset of JSON Schema the document uses). With `strict`,
/// an object member the schema does not document is an error too: the wire must not carry
/// anything the document hides.
fn check(doc: &Value, schema: &Value, value: &Value, at: &str, strict: bool) -> Result<(), String> {
    if let Some(reference) = schema["$ref"].as_str() {
        return check(doc, resolve(doc, reference), value, at, strict);
    }
    if let Some(all) = schema["allOf"].as_array() {
        for part in all {
            check(doc, part, value, at, false)?;
        }
        if strict && let Some(object) = value.as_object() {
            let known = properties(doc, schema);
            if let Some(unknown) = object.keys().find(|key| !known.contains(*key)) {
                return Err(format!("{at}: undocumented member {unknown:?}"));
            }
        }
        return Ok(());
    }
    if let Some(one) = schema["oneOf"].as_array() {
        let matching = one
            .iter()
            .filter(|part| check(doc, part, value, at, strict).is_ok())
            .count();
        return match matching {
            1 => Ok(()),
            n => Err(format!("{at}: {value} matches {n} of the oneOf schemas")),
        };
    }
    if let Some(kind) = schema.get("type") {
        let kinds: Vec<&str> = match kind {
            Value::Array(kinds) => kinds.iter().filter_map(Value::as_str).collect(),
            kind => vec![kind.as_str().unwrap()],
        };
        let fits = kinds.iter().any(|kind| match *kind {
            "null" => value.is_null(),
            "boolean" => value.is_boolean(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "string" => value.is_string(),
            "array" => value.is_array(),
            "object" => value.is_object(),
            other => panic!("unknown type {other}"),
        });
        if !fits {
            return Err(format!("{at}: {value} is not of type {kinds:?}"));
        }
    }
    if let Some(options) = schema["enum"].as_array()
        && !options.contains(value)
    {
        return Err(format!("{at}: {value} is not one of {options:?}"));
    }
    if let (Some(minimum), Some(number)) = (schema["minimum"].as_f64(), value.as_f64())
        && number < minimum
    {
        return Err(format!("{at}: {value} is below the minimum {minimum}"));
    }
    if let Some(items) = value.as_array()
        && let Some(item_schema) = schema.get("items")
    {
        for (i, item) in items.iter().enumerate() {
            check(doc, item_schema, item, &format!("{at}[{i}]"), strict)?;
        }
    }
    if let Some(object) = value.as_object() {
        for required in schema["required"].as_array().into_iter().flatten() {
            let name = required.as_str().unwrap();
            if !object.contains_key(name) {
                return Err(format!("{at}: required member {name:?} is missing"));
            }
        }
        let documented = schema["properties"].as_object();
        for (key, member) in object {
            let at = format!("{at}.{key}");
            match (
                documented.and_then(|d| d.get(key)),
                schema.get("additionalProperties"),
            ) {
                (Some(member_schema), _) => check(doc, member_schema, member, &at, strict)?,
                (None, Some(extra)) if extra.is_object() => check(doc, extra, member, &at, strict)?,
                (None, _) if strict && documented.is_some() => {
                    return Err(format!("{at}: undocumented member"));
                }
                (None, _) => {}
            }
        }
    }
    Ok(())
}

/// Names of the members an object schema documents, through references and `allOf`.
fn properties(doc: &Value, schema: &Value) -> BTreeSet<String> {
    if let Some(reference) = schema["$ref"].as_str() {
        return properties(doc, resolve(doc, reference));
    }
    let mut names: BTreeSet<String> = schema["properties"]
        .as_object()
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    for part in schema["allOf"].as_array().into_iter().flatten() {
        names.extend(properties(doc, part));
    }
    names
}

/// Checks a real response against the schema the document gives for that operation, status and
/// media type.
fn conforms(
    doc: &Value,
    (method, path): (&str, &str),
    status: StatusCode,
    kind: &str,
    body: &Value,
) {
    let response = &doc["paths"][path][method]["responses"][status.as_str()];
    assert!(
        response.is_object(),
        "{method} {path} does not document status {status}"
    );
    let media_type = kind.split(';').next().unwrap();
    let schema = &response["content"][media_type]["schema"];
    assert!(
        schema.is_object(),
        "{method} {path} {status} does not document {media_type}"
    );
    if let Err(error) = check(doc, schema, body, "body", true) {
        panic!("{method} {path} {status}: {error}\n{body:#}");
    }
}

#[tokio::test]
async fn the_document_is_openapi_3_1_json_about_this_api() {
    let test = TestApp::new().await;
    let doc = document(&test).await;
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["info"]["title"], "Caravan storefront API");
    assert_eq!(doc["info"]["version"], env!("CARGO_PKG_VERSION"));
    // Served the same way twice (it is built once).
    assert_eq!(document(&test).await, doc);
}

#[tokio::test]
async fn every_route_of_the_router_is_documented_once() {
    let doc = document(&TestApp::new().await).await;
    let documented: BTreeSet<(String, String)> = operations(&doc)
        .into_iter()
        .map(|(method, path, _)| (method, path))
        .collect();
    let routes: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|(method, path)| (method.to_string(), path.to_string()))
        .collect();
    assert_eq!(documented, routes);

    let mut ids = BTreeSet::new();
    for (method, path, operation) in operations(&doc) {
        let id = operation["operationId"].as_str().unwrap();
        assert!(ids.insert(id.to_owned()), "operationId {id} is used twice");
        assert!(
            operation["summary"].is_string() && operation["tags"].is_array(),
            "{method} {path} has no summary or tag"
        );
        // Every `{name}` of the template is a documented path parameter.
        let declared: BTreeSet<&str> = operation["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|p| p["in"] == "path" && p["required"] == true)
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        let in_template: BTreeSet<&str> = path
            .split('/')
            .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
            .collect();
        assert_eq!(declared, in_template, "{method} {path}");
        let successes: Vec<&String> = operation["responses"]
            .as_object()
            .unwrap()
            .keys()
            .filter(|status| status.starts_with('2'))
            .collect();
        assert!(!successes.is_empty(), "{method} {path} has no success");
    }
}

#[tokio::test]
async fn success_statuses_parameters_and_credentials_are_documented() {
    let doc = document(&TestApp::new().await).await;
    let op = |method: &str, path: &str| doc["paths"][path][method].clone();
    let statuses = |method: &str, path: &str| -> Vec<String> {
        op(method, path)["responses"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    let param = |method: &str, path: &str, name: &str| -> Value {
        op(method, path)["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("{method} {path} lacks parameter {name}"))
            .clone()
    };

    // Creates answer 201; idempotent replays 200; the webhook accepts with 202.
    for (method, path) in [
        ("post", "/api/quotes"),
        ("post", "/api/orders/{id}/messages"),
    ] {
        assert!(statuses(method, path).contains(&"201".to_owned()), "{path}");
    }
    for path in ["/api/orders", "/api/orders/{id}/feedback"] {
        let statuses = statuses("post", path);
        assert!(statuses.contains(&"201".to_owned()) && statuses.contains(&"200".to_owned()));
        let key = param("post", path, "Idempotency-Key");
        assert_eq!(
            (&key["in"], &key["required"]),
            (&json!("header"), &json!(true))
        );
    }
    assert!(statuses("post", "/api/webhooks/carriers/{code}").contains(&"202".to_owned()));
    let json_schema = |method: &str, path: &str, status: &str| {
        op(method, path)["responses"][status]["content"]["application/json"]["schema"].clone()
    };
    assert_eq!(
        json_schema("post", "/api/orders", "201")["$ref"],
        "#/components/schemas/PlacedOrder"
    );
    assert_eq!(
        json_schema("get", "/api/carriers", "200")["items"]["$ref"],
        "#/components/schemas/CarrierSummary"
    );

    // The signed webhook's headers, the stream's resume header and its media type.
    for name in [
        "X-Carrier-Timestamp",
        "X-Carrier-Delivery",
        "X-Carrier-Signature",
    ] {
        let header = param("post", "/api/webhooks/carriers/{code}", name);
        assert_eq!(
            (&header["in"], &header["required"]),
            (&json!("header"), &json!(true))
        );
    }
    assert_eq!(
        param(
            "post",
            "/api/webhooks/carriers/{code}",
            "X-Carrier-Timestamp"
        )["schema"]["type"],
        "integer"
    );
    let events = op("get", "/api/orders/{id}/events");
    assert_eq!(
        param("get", "/api/orders/{id}/events", "Last-Event-ID")["in"],
        "header"
    );
    assert!(events["responses"]["200"]["content"]["text/event-stream"].is_object());
    assert!(doc["components"]["schemas"]["ShipmentEvent"].is_object());
    assert!(
        events["responses"]["503"].is_null(),
        "event streams are exempt from the request timeout"
    );

    // Credentials: the order's bearer token, and the seller's key header.
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["order_token"]["type"], "http");
    assert_eq!(schemes["order_token"]["scheme"], "bearer");
    assert_eq!(schemes["seller_key"]["type"], "apiKey");
    assert_eq!(schemes["seller_key"]["in"], "header");
    assert_eq!(schemes["seller_key"]["name"], "X-Seller-Key");
    assert_eq!(schemes["operator_key"]["in"], "header");
    assert_eq!(schemes["operator_key"]["name"], "X-Operator-Key");
    assert_eq!(
        op("post", "/api/exchange-rates")["security"],
        json!([{ "operator_key": [] }])
    );
    for (method, path) in [
        ("get", "/api/orders/{id}"),
        ("get", "/api/orders/{id}/events"),
        ("get", "/api/orders/{id}/messages"),
        ("get", "/api/orders/{id}/messages/events"),
        ("post", "/api/orders/{id}/messages"),
        ("post", "/api/orders/{id}/feedback"),
    ] {
        assert!(
            op(method, path)["security"]
                .as_array()
                .unwrap()
                .iter()
                .any(|requirement| requirement.get("order_token").is_some()),
            "{method} {path}"
        );
    }
    assert_eq!(
        op("post", "/api/seller/orders/{id}/messages")["security"],
        json!([{ "seller_key": [] }])
    );

    // State-changing requests may be rate limited, except the signed webhook.
    assert!(statuses("post", "/api/quotes").contains(&"429".to_owned()));
    assert!(!statuses("post", "/api/webhooks/carriers/{code}").contains(&"429".to_owned()));
}

#[tokio::test]
async fn every_error_is_a_problem_and_every_reference_resolves() {
    let doc = document(&TestApp::new().await).await;
    for (method, path, operation) in operations(&doc) {
        for (status, response) in operation["responses"].as_object().unwrap() {
            if status.starts_with('2') {
                continue;
            }
            let content = response["content"].as_object().unwrap();
            assert_eq!(
                content.keys().collect::<Vec<_>>(),
                ["application/problem+json"],
                "{method} {path} {status}"
            );
            assert_eq!(
                content["application/problem+json"]["schema"]["$ref"],
                "#/components/schemas/Problem",
                "{method} {path} {status}"
            );
        }
    }
    // Every reference anywhere in the document points at a component schema.
    fn references<'a>(value: &'a Value, found: &mut Vec<&'a str>) {
        match value {
            Value::Object(object) => {
                if let Some(Value::String(reference)) = object.get("$ref") {
                    found.push(reference);
                }
                object.values().for_each(|v| references(v, found));
            }
            Value::Array(items) => items.iter().for_each(|v| references(v, found)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    references(&doc, &mut found);
    assert!(found.len() > 100);
    for reference in found {
        resolve(&doc, reference);
    }
}

#[tokio::test]
async fn wire_types_are_components_with_their_wire_form() {
    let doc = document(&TestApp::new().await).await;
    let schemas = &doc["components"]["schemas"];
    for name in [
        "Money",
        "Problem",
        "Quote",
        "Order",
        "PlacedOrder",
        "Markets",
    ] {
        assert!(schemas[name].is_object(), "no schema {name}");
    }
    // Custom serde: a currency is a 3-letter string, a date a string, a timestamp an integer.
    assert_eq!(schemas["Currency"]["type"], "string");
    assert_eq!(schemas["Currency"]["pattern"], "^[A-Z]{3}$");
    assert_eq!(schemas["Date"]["type"], "string");
    assert_eq!(schemas["Date"]["format"], "date");
    assert_eq!(schemas["Timestamp"]["type"], "integer");
    assert_eq!(
        schemas["Quote"]["properties"]["expires_at"]["$ref"],
        "#/components/schemas/Timestamp"
    );
    // A problem's `type` is one of the URI references serde writes.
    let types: Vec<Value> = [
        ProblemType::InvalidField,
        ProblemType::NotFound,
        ProblemType::QuoteExpired,
        ProblemType::PriceChanged,
        ProblemType::PaymentDeclined,
        ProblemType::OutOfStock,
        ProblemType::IdempotencyKeyReused,
        ProblemType::MethodNotAllowed,
        ProblemType::Unauthorized,
        ProblemType::Replayed,
        ProblemType::NotYetDelivered,
        ProblemType::AlreadyRated,
        ProblemType::Unavailable,
        ProblemType::Internal,
        ProblemType::Other,
    ]
    .iter()
    .map(|kind| serde_json::to_value(kind).unwrap())
    .collect();
    assert_eq!(schemas["ProblemType"]["type"], "string");
    assert_eq!(schemas["ProblemType"]["enum"], Value::Array(types));
    // serde's renames, skips and defaults: `kind` travels as `type`; members left out when
    // empty are optional.
    let problem = &schemas["Problem"];
    assert_eq!(
        problem["properties"]["type"]["$ref"],
        "#/components/schemas/ProblemType"
    );
    assert_eq!(problem["required"], json!(["type", "title", "status"]));
    // Internally tagged enums carry their tag.
    let offers = schemas["QuotedOffer"]["oneOf"].as_array().unwrap();
    assert!(offers.iter().all(|offer| {
        offer["required"]
            .as_array()
            .unwrap()
            .contains(&json!("status"))
    }));
}

#[tokio::test]
async fn money_on_the_wire_is_money_as_documented() {
    let test = TestApp::new().await;
    let doc = document(&test).await;
    let money = &doc["components"]["schemas"]["Money"];
    assert_eq!(money["properties"]["amount_minor"]["type"], "integer");
    assert_eq!(
        money["properties"]["currency"]["$ref"],
        "#/components/schemas/Currency"
    );
    assert_eq!(money["required"], json!(["amount_minor", "currency"]));

    let (status, _, page) = test.json("/api/products?currency=JPY").await;
    assert_eq!(status, StatusCode::OK);
    for item in page["items"].as_array().unwrap() {
        for price in [&item["price"], &item["local_price"]] {
            assert!(price["amount_minor"].is_i64(), "{price}");
            let code = price["currency"].as_str().unwrap();
            assert!(
                code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()),
                "{code}"
            );
            assert_eq!(price.as_object().unwrap().len(), 2, "{price}");
            check(&doc, money, price, "price", true).unwrap();
        }
    }
}

#[tokio::test]
async fn real_responses_match_their_documented_schemas() {
    let test = TestApp::new().await;
    let doc = document(&test).await;
    let (status, kind, body) = test.json("/api/health").await;
    conforms(&doc, ("get", "/api/health"), status, &kind, &body);
    let (status, kind, body) = test.json("/api/markets").await;
    conforms(&doc, ("get", "/api/markets"), status, &kind, &body);
    let (status, kind, body) = test
        .json("/api/products?country=AU&currency=USD&lang=de")
        .await;
    assert!(
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["restriction"].is_object())
    );
    conforms(&doc, ("get", "/api/products"), status, &kind, &body);
    // A search, with marked names and facets.
    let (status, kind, body) = test
        .json("/api/products?q=tea&country=AU&currency=USD")
        .await;
    assert!(body["items"][0]["name_matches"].is_array(), "{body}");
    conforms(&doc, ("get", "/api/products"), status, &kind, &body);
    let (status, kind, body) = test.json("/api/products?page=0").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    conforms(&doc, ("get", "/api/products"), status, &kind, &body);
    let (status, kind, body) = test.json("/api/suggestions?q=mat&lang=ja").await;
    conforms(&doc, ("get", "/api/suggestions"), status, &kind, &body);
    let (status, kind, body) = test
        .json("/api/products/matcha-bowl?country=DE&currency=EUR")
        .await;
    assert!(body["delivery"].is_object(), "{body}");
    conforms(&doc, ("get", "/api/products/{slug}"), status, &kind, &body);
    let (status, kind, body) = test.json("/api/products/no-such-thing").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    conforms(&doc, ("get", "/api/products/{slug}"), status, &kind, &body);
    let (status, kind, body) = test.json("/api/carriers").await;
    conforms(&doc, ("get", "/api/carriers"), status, &kind, &body);
    let (status, kind, body) = test.json("/api/carriers/heron/scorecard").await;
    conforms(
        &doc,
        ("get", "/api/carriers/{code}/scorecard"),
        status,
        &kind,
        &body,
    );

    // A quote, an order placed from it, the order read back and a message on it.
    let (status, kind, quote) = test
        .post_json(
            "/api/quotes",
            json!({ "destination": "DE", "currency": "EUR",
                    "lines": [{ "product": "matcha-bowl", "quantity": 1 }] }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{quote}");
    conforms(&doc, ("post", "/api/quotes"), status, &kind, &quote);
    let (status, kind, body) = test
        .post_json(
            "/api/quotes",
            json!({ "destination": "XX", "currency": "EUR", "lines": [] }),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    conforms(&doc, ("post", "/api/quotes"), status, &kind, &body);

    let order_request = json!({
        "quote_id": quote["id"],
        "email": "erika@example.com",
        "address": {
            "country": "DE", "name": "Erika Mustermann", "line1": "Heidestraße 17",
            "city": "Berlin", "postal_code": "10557", "phone": "030 1234567"
        },
        "shipments": [{ "seller": quote["shipments"][0]["seller"], "service": "heron-expedited",
                        "add_ons": ["special_packaging"], "terms": "ddp" }],
        "payment": card_payment()
    });
    let place = Request::post("/api/orders")
        .header(header::CONTENT_TYPE, "application/json")
        .header("Idempotency-Key", "openapi-1")
        .body(Body::from(order_request.to_string()))
        .unwrap();
    let (status, kind, placed) = test.send(place).await;
    assert_eq!(status, StatusCode::CREATED, "{placed}");
    conforms(&doc, ("post", "/api/orders"), status, &kind, &placed);
    assert!(placed["order"]["payment"]["card"].is_object(), "{placed}");
    let id = placed["order"]["id"].as_str().unwrap();
    let mut declined = order_request.clone();
    declined["payment"]["card"]["number"] = json!("4000 0000 0000 0002");
    let (status, kind, body) = test
        .send(
            Request::post("/api/orders")
                .header(header::CONTENT_TYPE, "application/json")
                .header("Idempotency-Key", "openapi-2")
                .body(Body::from(declined.to_string()))
                .unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::PAYMENT_REQUIRED, "{body}");
    conforms(&doc, ("post", "/api/orders"), status, &kind, &body);
    for uri in [
        "/api/payment-methods?country=NL",
        "/api/payment-methods?country=XX",
    ] {
        let (status, kind, body) = test.json(uri).await;
        conforms(&doc, ("get", "/api/payment-methods"), status, &kind, &body);
    }

    // The operator publishes exchange rates: refused without the key, then a bad and a good set.
    let operator_key = storefront_server::secrets::operator_key(&test.store).unwrap();
    let (_, _, markets) = test.json("/api/markets").await;
    let rates = &markets["exchange_rates"];
    for (key, body, expected) in [
        (
            "wrong",
            json!({ "as_of": rates["as_of"], "rates": rates["rates"] }),
            401,
        ),
        (
            operator_key.as_str(),
            json!({ "as_of": "someday", "rates": {} }),
            400,
        ),
        (
            operator_key.as_str(),
            json!({ "as_of": rates["as_of"], "base": rates["base"], "rates": rates["rates"],
                    "expire_open_quotes": true }),
            201,
        ),
    ] {
        let (status, kind, body) = test
            .send(
                Request::post("/api/exchange-rates")
                    .header(header::CONTENT_TYPE, "application/json")
                    .header("X-Operator-Key", key)
                    .body(Body::from(body.to_string()))
                    .unwrap(),
            )
            .await;
        assert_eq!(status.as_u16(), expected, "{body}");
        conforms(&doc, ("post", "/api/exchange-rates"), status, &kind, &body);
    }
    let token = placed["access_token"].as_str().unwrap();

    let authorized = |request: axum::http::request::Builder| {
        request.header(header::AUTHORIZATION, format!("Bearer {token}"))
    };
    let (status, kind, body) = test
        .send(
            authorized(Request::get(format!("/api/orders/{id}")))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    conforms(&doc, ("get", "/api/orders/{id}"), status, &kind, &body);
    let (status, kind, body) = test.json(&format!("/api/orders/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    conforms(&doc, ("get", "/api/orders/{id}"), status, &kind, &body);

    let (status, kind, body) = test
        .send(
            authorized(Request::post(format!("/api/orders/{id}/messages")))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(
                    json!({ "party": "seller", "body": "Gift wrap, please." }).to_string(),
                ))
                .unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    conforms(
        &doc,
        ("post", "/api/orders/{id}/messages"),
        status,
        &kind,
        &body,
    );
    let (status, kind, body) = test
        .send(
            authorized(Request::get(format!("/api/orders/{id}/messages")))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    conforms(
        &doc,
        ("get", "/api/orders/{id}/messages"),
        status,
        &kind,
        &body,
    );
}

#[tokio::test]
async fn the_schema_check_catches_what_the_document_does_not_say() {
    let doc = document(&TestApp::new().await).await;
    let money = json!({ "$ref": "#/components/schemas/Money" });
    let good = json!({ "amount_minor": 1234, "currency": "EUR" });
    check(&doc, &money, &good, "money", true).unwrap();
    for bad in [
        json!({ "amount_minor": "1234", "currency": "EUR" }),
        json!({ "amount_minor": 12.5, "currency": "EUR" }),
        json!({ "amount_minor": 1234 }),
        json!({ "amount_minor": 1234, "currency": "EUR", "decimal": "12.34" }),
        json!([1234, "EUR"]),
    ] {
        assert!(check(&doc, &money, &bad, "money", true).is_err(), "{bad}");
    }
    let problem = json!({ "$ref": "#/components/schemas/Problem" });
    let unknown_type = json!({ "type": "/problems/nope", "title": "Nope", "status": 400 });
    assert!(check(&doc, &problem, &unknown_type, "problem", true).is_err());
    let offer = json!({ "$ref": "#/components/schemas/QuotedOffer" });
    let refusal = json!({ "trait": "lithium_battery", "reason": "dangerous_goods_by_air" });
    let untagged = json!({ "refusal": refusal });
    assert!(check(&doc, &offer, &untagged, "offer", true).is_err());
    let tagged = json!({ "status": "refused", "refusal": refusal });
    check(&doc, &offer, &tagged, "offer", true).unwrap();
}
