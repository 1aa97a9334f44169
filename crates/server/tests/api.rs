//! The API driven in-process with `oneshot`, each test on its own fresh database.

mod common;

use axum::http::StatusCode;
use common::{TestApp, problem_fields};
use serde_json::Value;
use storefront_server::store::Store;
use tempfile::TempDir;

#[tokio::test]
async fn health_reports_ok_after_a_database_round_trip() {
    let (status, kind, body) = TestApp::new().await.json("/api/health").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind, "application/json");
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn markets_list_destinations_languages_and_dated_exchange_rates() {
    let (status, kind, body) = TestApp::new().await.json("/api/markets").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind, "application/json");
    let countries = body["countries"].as_array().unwrap();
    assert!(countries.len() >= 12);
    let japan = countries.iter().find(|c| c["code"] == "JP").unwrap();
    assert_eq!(japan["currency"], "JPY");
    assert!(
        japan["payment_methods"]
            .as_array()
            .unwrap()
            .contains(&"konbini".into())
    );
    let arabic = body["app_languages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["tag"] == "ar")
        .unwrap();
    assert_eq!(arabic["rtl"], true);
    assert_eq!(body["exchange_rates"]["base"], "EUR");
    assert_eq!(body["exchange_rates"]["as_of"], "2026-11-24");
    assert_eq!(body["exchange_rates"]["rates"]["JPY"], 163_250_000);
}

#[tokio::test]
async fn products_lists_the_seeded_catalog_in_english_by_default() {
    let (status, _, body) = TestApp::new().await.json("/api/products").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["page"], 1);
    assert_eq!(body["per_page"], 24);
    let items = body["items"].as_array().unwrap();
    assert!(body["total"].as_u64().unwrap() >= items.len() as u64);
    assert!(items.len() >= 8 && items.len() <= 24);
    let bowl = &items[0];
    assert_eq!(bowl["slug"], "matcha-bowl");
    assert_eq!(bowl["name"], "Hand-thrown matcha bowl");
    assert_eq!(bowl["seller"]["country"], "JP");
    assert_eq!(
        bowl["price"],
        serde_json::json!({ "amount_minor": 4800, "currency": "JPY" })
    );
    assert_eq!(bowl["image"], "/images/products/matcha-bowl.svg");
}

#[tokio::test]
async fn products_are_translated_and_fall_back_to_english() {
    let test = TestApp::new().await;
    let (_, _, arabic) = test.json("/api/products?lang=ar").await;
    assert_eq!(arabic["items"][0]["name"], "وعاء ماتشا مصنوع يدويًا");
    // A well-formed language with no translations yet gets English, not an error.
    let (status, _, swahili) = test.json("/api/products?lang=sw").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(swahili["items"][0]["name"], "Hand-thrown matcha bowl");
}

fn item<'a>(body: &'a Value, slug: &str) -> &'a Value {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["slug"] == slug)
        .unwrap_or_else(|| panic!("{slug} not listed"))
}

fn slugs(body: &Value) -> Vec<String> {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["slug"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn prices_are_converted_at_the_dated_rates_and_restrictions_named() {
    let test = TestApp::new().await;
    let (status, _, body) = test.json("/api/products?country=AU&currency=AUD").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["rates_as_of"], "2026-11-24");
    // ¥4,800 → EUR at 163.25 → AUD at 1.6123 = A$47.41 (one half-even rounding).
    let bowl = item(&body, "matcha-bowl");
    assert_eq!(
        bowl["local_price"],
        serde_json::json!({ "amount_minor": 4741, "currency": "AUD" })
    );
    assert_eq!(bowl["price"]["currency"], "JPY");
    assert!(bowl.get("restriction").is_none());
    // Food may not enter Australia: the syrup is listed, with the reason.
    let syrup = item(&body, "maple-syrup");
    assert_eq!(syrup["restriction"]["trait"], "food");
    assert_eq!(syrup["restriction"]["reason"], "biosecurity");

    let (_, _, shippable) = test.json("/api/products?country=AU&ships=true").await;
    assert!(!slugs(&shippable).contains(&"maple-syrup".to_owned()));
    assert!(slugs(&shippable).contains(&"matcha-bowl".to_owned()));
    assert!(shippable["total"].as_u64() < body["total"].as_u64());
}

#[tokio::test]
async fn search_category_price_range_and_sort_narrow_the_listing() {
    let test = TestApp::new().await;
    let (_, _, found) = test.json("/api/products?q=MATCHA").await;
    assert_eq!(slugs(&found), ["matcha-bowl"]);
    // Search matches the buyer's language and English alike.
    let (_, _, german) = test.json("/api/products?lang=de&q=schale").await;
    assert!(slugs(&german).contains(&"matcha-bowl".to_owned()));

    let (_, _, featured) = test.json("/api/products?featured=true").await;
    let (_, _, everything) = test.json("/api/products").await;
    assert!(slugs(&featured).contains(&"matcha-bowl".to_owned()));
    assert!(featured["total"].as_u64() < everything["total"].as_u64());

    let (_, _, kitchen) = test.json("/api/products?category=kitchen").await;
    let kitchen_items = kitchen["items"].as_array().unwrap();
    assert!(!kitchen_items.is_empty());
    assert!(kitchen_items.iter().all(|i| i["category"] == "kitchen"));

    let (_, _, cheap_first) = test.json("/api/products?currency=EUR&sort=price_asc").await;
    let prices: Vec<i64> = cheap_first["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["local_price"]["amount_minor"].as_i64().unwrap())
        .collect();
    assert!(
        prices.windows(2).all(|pair| pair[0] <= pair[1]),
        "{prices:?}"
    );

    // Bounds are compared with the converted price, inclusive: a product priced exactly at
    // both bounds is listed, one cent less or more is not.
    for listed in cheap_first["items"].as_array().unwrap().iter().take(6) {
        let price = listed["local_price"]["amount_minor"].as_i64().unwrap();
        let slug = listed["slug"].as_str().unwrap().to_owned();
        let (_, _, exact) = test
            .json(&format!(
                "/api/products?currency=EUR&min_price={price}&max_price={price}"
            ))
            .await;
        assert!(slugs(&exact).contains(&slug), "{slug} at {price}");
        let (_, _, above) = test
            .json(&format!(
                "/api/products?currency=EUR&min_price={}",
                price + 1
            ))
            .await;
        assert!(!slugs(&above).contains(&slug), "{slug} above {price}");
    }

    let (_, _, ranged) = test
        .json("/api/products?currency=EUR&min_price=2000&max_price=3000")
        .await;
    for listed in ranged["items"].as_array().unwrap() {
        let price = listed["local_price"]["amount_minor"].as_i64().unwrap();
        assert!((2000..=3000).contains(&price), "{price}");
    }
}

#[tokio::test]
async fn search_ranks_names_first_marks_the_matches_and_says_when_only_some_words_match() {
    let test = TestApp::new().await;
    // "tea" is in the names of the teapot and the tea towels, and only in the descriptions of
    // others: names come first.
    let (_, _, tea) = test.json("/api/products?q=tea").await;
    let items = tea["items"].as_array().unwrap();
    let named: Vec<bool> = items
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_lowercase().contains("tea"))
        .collect();
    assert!(named[0], "{named:?}");
    assert!(
        named.windows(2).all(|pair| pair[0] || !pair[1]),
        "a name match after a description match: {named:?}"
    );
    // The matched word of each name is marked, by byte offsets into it.
    let first = &items[0];
    let name = first["name"].as_str().unwrap();
    let range = &first["name_matches"][0];
    let marked =
        &name[range["start"].as_u64().unwrap() as usize..range["end"].as_u64().unwrap() as usize];
    assert!(marked.to_lowercase().starts_with("tea"), "{marked}");
    assert!(tea.get("partial").is_none());

    // A typo in a long word still finds it, with the corrected word marked.
    let (_, _, typo) = test.json("/api/products?q=macha").await;
    assert_eq!(slugs(&typo), ["matcha-bowl"]);
    assert_eq!(typo["items"][0]["name_matches"][0]["start"], 12);

    // No product has both words: those with one of them, and the page says so.
    let (_, _, partial) = test.json("/api/products?q=matcha+zzzzz").await;
    assert_eq!(partial["partial"], true);
    assert_eq!(slugs(&partial), ["matcha-bowl"]);

    // Two typos in a word find nothing, but the page offers the words that were meant.
    let (_, _, lost) = test.json("/api/products?q=mahca").await;
    assert_eq!(lost["total"], 0);
    assert_eq!(lost["did_you_mean"], "matcha");
    let (_, _, some) = test.json("/api/products?q=mahca+bowl").await;
    assert_eq!(some["partial"], true);
    assert_eq!(some["did_you_mean"], "matcha bowl");
    let (_, _, found) = test.json("/api/products?q=matcha").await;
    assert!(found.get("did_you_mean").is_none());

    // Another sort is still honoured with a search.
    let (_, _, by_name) = test.json("/api/products?q=tea&sort=name").await;
    let names: Vec<String> = by_name["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_lowercase())
        .collect();
    assert!(names.windows(2).all(|pair| pair[0] <= pair[1]), "{names:?}");
    // Only punctuation searches for nothing: the whole catalog.
    let (_, _, blank) = test.json("/api/products?q=%2D%2D").await;
    let (_, _, everything) = test.json("/api/products").await;
    assert_eq!(blank["total"], everything["total"]);
}

#[tokio::test]
async fn suggestions_offer_products_and_categories_as_the_buyer_types() {
    let test = TestApp::new().await;
    let (status, _, body) = test.json("/api/suggestions?q=matc").await;
    assert_eq!(status, StatusCode::OK);
    let products = body["products"].as_array().unwrap();
    assert_eq!(products[0]["slug"], "matcha-bowl");
    assert_eq!(products[0]["name"], "Hand-thrown matcha bowl");
    assert_eq!(
        products[0]["name_matches"],
        serde_json::json!([{ "start": 12, "end": 18 }])
    );
    // In the buyer's language, categories too.
    let (_, _, german) = test.json("/api/suggestions?lang=de&q=k%C3%BCch").await;
    assert_eq!(german["categories"], serde_json::json!(["kitchen"]));
    let (_, _, japanese) = test
        .json("/api/suggestions?lang=ja&q=%E6%8A%B9%E8%8C%B6")
        .await;
    assert_eq!(japanese["products"][0]["slug"], "matcha-bowl");
    // At most six, and nothing for nothing typed.
    let (_, _, many) = test.json("/api/suggestions?q=a").await;
    assert!(many["products"].as_array().unwrap().len() <= 6);
    let (_, _, blank) = test.json("/api/suggestions?q=+").await;
    assert_eq!(
        blank,
        serde_json::json!({ "products": [], "categories": [] })
    );
    let long = "a".repeat(101);
    let (status, _, problem) = test.json(&format!("/api/suggestions?q={long}")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(problem_fields(&problem), ["q"]);
    let (status, _, problem) = test.json("/api/suggestions?q=tea&lang=EN").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(problem_fields(&problem), ["lang"]);
}

#[tokio::test]
async fn logistics_filters_narrow_the_listing_and_count_what_each_choice_leaves() {
    let test = TestApp::new().await;
    let base = "/api/products?country=AU&currency=AUD";
    let (status, _, all) = test.json(base).await;
    assert_eq!(status, StatusCode::OK);
    let total = all["total"].as_u64().unwrap();
    let facets = &all["facets"];
    let counts = |facet: &Value| -> Vec<(String, u64)> {
        facet
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["key"].as_str().unwrap().to_owned(),
                    c["count"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    // Every product has one category, one maker and one origin.
    for facet in ["categories", "makers", "origins"] {
        let sum: u64 = counts(&facets[facet]).iter().map(|(_, n)| n).sum();
        assert_eq!(sum, total, "{facet}");
    }
    assert_eq!(facets["makers"][0]["label"], "Kiln & Leaf");

    // Each count is what choosing it lists.
    for (maker, count) in counts(&facets["makers"]) {
        let (_, _, page) = test.json(&format!("{base}&maker={maker}")).await;
        assert_eq!(page["total"].as_u64().unwrap(), count, "{maker}");
    }
    let (_, _, japan) = test.json(&format!("{base}&origin=JP")).await;
    let from_japan = counts(&facets["origins"])
        .into_iter()
        .find(|(c, _)| c == "JP")
        .unwrap();
    assert_eq!(japan["total"].as_u64().unwrap(), from_japan.1);
    assert!(
        japan["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["seller"]["country"] == "JP")
    );
    let (_, _, ships) = test.json(&format!("{base}&ships=1")).await;
    assert_eq!(facets["ships_to"], ships["total"]);
    assert!(
        ships["total"].as_u64().unwrap() < total,
        "Australia bars some goods"
    );
    let (_, _, ddp) = test.json(&format!("{base}&ddp=1")).await;
    assert_eq!(facets["ddp"], ddp["total"]);
    assert!(ddp["total"].as_u64() <= ships["total"].as_u64());
    // Days come earliest first, each counting everything that arrives by it.
    let days = facets["arrives_by"].as_array().unwrap();
    assert!(days.len() >= 2, "{days:?}");
    let mut before = 0;
    for day in days {
        let count = day["count"].as_u64().unwrap();
        assert!(count > before);
        before = count;
        let date = day["date"].as_str().unwrap();
        let (_, _, by_then) = test.json(&format!("{base}&arrives_by={date}")).await;
        assert_eq!(by_then["total"].as_u64().unwrap(), count, "{date}");
    }
    assert_eq!(before, ddp["total"].as_u64().unwrap());

    // A facet counts with the other filters as they are, but not its own.
    let (_, _, kitchen) = test
        .json(&format!("{base}&category=kitchen&maker=kiln-and-leaf"))
        .await;
    let makers = counts(&kitchen["facets"]["makers"]);
    assert!(makers.len() > 1, "other makers stay offered: {makers:?}");
    let (_, _, all_kitchen) = test.json(&format!("{base}&category=kitchen")).await;
    let kitchen_total: u64 = makers.iter().map(|(_, n)| n).sum();
    assert_eq!(kitchen_total, all_kitchen["total"].as_u64().unwrap());
    // Without a country, nothing about the destination is counted.
    let (_, _, nowhere) = test.json("/api/products").await;
    assert!(nowhere["facets"].get("ships_to").is_none());
    assert!(nowhere["facets"].get("arrives_by").is_none());

    for (query, field) in [
        ("ddp=1", "ddp"),
        ("arrives_by=2026-12-24", "arrives_by"),
        ("country=AU&arrives_by=24.12.2026", "arrives_by"),
        ("country=AU&ddp=maybe", "ddp"),
        ("maker=nobody", "maker"),
        ("origin=jp", "origin"),
    ] {
        let (status, _, problem) = test.json(&format!("/api/products?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(problem_fields(&problem), [field], "{query}");
    }
}

#[tokio::test]
async fn a_product_page_has_variants_local_prices_and_delivery_estimates() {
    let test = TestApp::new().await;
    let (status, _, body) = test
        .json("/api/products/matcha-bowl?lang=de&country=DE&currency=EUR")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["name"], "Handgedrehte Matcha-Schale");
    assert_eq!(body["seller_city"], "Kyoto");
    assert_eq!(body["rates_as_of"], "2026-11-24");
    let variant = &body["variants"][0];
    assert_eq!(variant["key"], "standard");
    assert_eq!(variant["price"]["currency"], "JPY");
    // ¥4,800 at 163.25 yen to the euro.
    assert_eq!(
        variant["local_price"],
        serde_json::json!({ "amount_minor": 2940, "currency": "EUR" })
    );

    let delivery = &body["delivery"];
    for which in ["cheapest", "fastest"] {
        let estimate = &delivery[which];
        assert_eq!(estimate["shipping"]["currency"], "EUR", "{which}");
        assert!(estimate["window"]["earliest"].as_str() <= estimate["window"]["latest"].as_str());
        // Below the EU's €150 duty threshold only import VAT is due, paid at checkout.
        assert_eq!(estimate["duties"]["terms"], "ddp");
        assert_eq!(
            estimate["duties"]["charges"][0]["charge"]["kind"],
            "import_vat"
        );
    }
    assert!(
        delivery["cheapest"]["shipping"]["amount_minor"].as_i64()
            <= delivery["fastest"]["shipping"]["amount_minor"].as_i64()
    );
    assert!(
        delivery["fastest"]["window"]["latest"].as_str()
            <= delivery["cheapest"]["window"]["latest"].as_str()
    );
}

#[tokio::test]
async fn a_restricted_product_page_says_why_and_quotes_no_delivery() {
    let (status, _, body) = TestApp::new()
        .await
        .json("/api/products/maple-syrup?country=AU")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["restriction"]["reason"], "biosecurity");
    assert!(body.get("delivery").is_none());
}

#[tokio::test]
async fn variants_carry_their_own_labels_prices_and_stock() {
    let (_, _, body) = TestApp::new()
        .await
        .json("/api/products/linen-shirt?lang=fr")
        .await;
    let variants = body["variants"].as_array().unwrap();
    assert!(variants.len() > 1);
    assert!(
        variants
            .iter()
            .all(|v| v["label"].is_string() && v["stock"].is_u64())
    );
}

#[tokio::test]
async fn unknown_products_are_problem_404s() {
    let (status, kind, body) = TestApp::new()
        .await
        .json("/api/products/no-such-thing")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(kind, "application/problem+json");
    assert_eq!(body["type"], "/problems/not-found");
}

#[tokio::test]
async fn a_page_past_the_end_is_empty_but_keeps_the_total() {
    let (status, _, body) = TestApp::new().await.json("/api/products?page=99").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["items"], serde_json::json!([]));
    assert!(body["total"].as_u64().unwrap() >= 8);
}

#[tokio::test]
async fn bad_query_values_are_problems_naming_the_field() {
    let test = TestApp::new().await;
    for (uri, field) in [
        ("/api/products?page=0", "page"),
        ("/api/products?page=two", "page"),
        ("/api/products?page=-1", "page"),
        ("/api/products?lang=EN", "lang"),
        ("/api/products?lang=english", "lang"),
        ("/api/products?country=XX", "country"),
        ("/api/products?currency=SEK", "currency"),
        ("/api/products?currency=euro", "currency"),
        ("/api/products?category=weapons", "category"),
        ("/api/products?sort=cheapest", "sort"),
        ("/api/products?featured=yes", "featured"),
        ("/api/products?ships=true", "ships"),
        ("/api/products?country=DE&ships=maybe", "ships"),
        ("/api/products?min_price=100", "min_price"),
        ("/api/products?currency=EUR&max_price=-1", "max_price"),
        (
            "/api/products?currency=EUR&min_price=500&max_price=100",
            "max_price",
        ),
    ] {
        let (status, kind, body) = test.json(uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}");
        assert_eq!(kind, "application/problem+json", "{uri}");
        assert_eq!(body["type"], "/problems/invalid-field", "{uri}");
        assert_eq!(body["status"], 400, "{uri}");
        assert_eq!(body["field"], field, "{uri}");
        assert!(!body["detail"].as_str().unwrap().is_empty(), "{uri}");
    }
}

#[tokio::test]
async fn unknown_api_paths_are_problem_404s() {
    let (status, kind, body) = TestApp::new().await.json("/api/nothing/here").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(kind, "application/problem+json");
    assert_eq!(body["type"], "/problems/not-found");
}

#[tokio::test]
async fn a_method_a_path_does_not_take_is_a_problem_405_with_allow() {
    let test = TestApp::new().await;
    for (method, uri) in [
        ("POST", "/api/products"),
        ("DELETE", "/api/quotes"),
        ("PUT", "/api/health"),
    ] {
        let response = test
            .response(
                axum::http::Request::builder()
                    .method(method)
                    .uri(uri)
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {uri}"
        );
        let allow = response
            .headers()
            .get("allow")
            .map(|v| v.to_str().unwrap().to_owned());
        assert!(
            allow.is_some_and(|allow| !allow.is_empty()),
            "{method} {uri}: Allow"
        );
        let kind = response.headers()[axum::http::header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .to_owned();
        assert_eq!(kind, "application/problem+json", "{method} {uri}");
        let body = axum::body::to_bytes(response.into_body(), 4096)
            .await
            .unwrap();
        let problem: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(
            problem["type"], "/problems/method-not-allowed",
            "{method} {uri}"
        );
        assert_eq!(problem["status"], 405);
    }
}

#[tokio::test]
async fn reopening_a_database_migrates_once_and_does_not_seed_twice() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("nested/folder/store.db");
    let first = Store::open_sqlite(&path).await.unwrap();
    let count = |store: Store| async move {
        storefront_server::store::catalog::count(&store)
            .await
            .unwrap()
    };
    let seeded = count(first.clone()).await;
    first.close().await;
    let second = Store::open_sqlite(&path).await.unwrap();
    assert_eq!(count(second).await, seeded);
}

#[tokio::test]
async fn a_cart_from_two_sellers_is_quoted_as_two_shipments_in_the_buyers_currency() {
    let test = TestApp::new().await;
    let cart = serde_json::json!({
        "destination": "DE",
        "currency": "EUR",
        "lang": "de",
        "lines": [
            { "product": "matcha-bowl", "quantity": 2 },
            { "product": "linen-tea-towels", "quantity": 1 },
            { "product": "cast-iron-teapot", "quantity": 1 }
        ]
    });
    let (status, _, quote) = test.post_json("/api/quotes", cart).await;
    assert_eq!(status, StatusCode::CREATED, "{quote}");
    let id = quote["id"].as_str().unwrap();
    assert!(id.starts_with("q_") && id.len() == 34);
    assert_eq!(
        quote["expires_at"].as_i64().unwrap() - quote["created_at"].as_i64().unwrap(),
        30 * 60
    );
    assert_eq!(quote["currency"], "EUR");
    assert_eq!(quote["rates_as_of"], "2026-11-24");
    let shipments = quote["shipments"].as_array().unwrap();
    assert_eq!(shipments.len(), 2);
    let kyoto = &shipments[0];
    assert_eq!(kyoto["seller"], "kiln-and-leaf");
    assert_eq!(kyoto["lines"][0]["name"], "Handgedrehte Matcha-Schale");
    assert_eq!(kyoto["lines"][0]["quantity"], 2);
    assert_eq!(kyoto["lines"].as_array().unwrap().len(), 2);
    assert_eq!(kyoto["quote"]["origin"], "JP");
    // ¥9,600 + ¥12,500 in euros, each line converted once.
    assert_eq!(kyoto["quote"]["line_totals"][0]["amount_minor"], 5881);
    let services = kyoto["quote"]["services"].as_array().unwrap();
    assert!(services.len() >= 3);
    for service in services
        .iter()
        .filter(|s| s["offer"]["status"] == "available")
    {
        let offer = &service["offer"];
        assert_eq!(offer["shipping"]["currency"], "EUR");
        assert_eq!(offer["ddp"]["due_on_delivery"]["amount_minor"], 0);
        assert_eq!(offer["ddu"]["due_at_checkout"]["amount_minor"], 0);
        assert!(
            offer["ddu"]["due_on_delivery"]["amount_minor"].as_i64()
                > offer["ddp"]["due_at_checkout"]["amount_minor"].as_i64()
        );
    }
    assert_eq!(shipments[1]["seller"], "atelier-lin");
    assert_eq!(shipments[1]["quote"]["origin"], "FR");
}

#[tokio::test]
async fn quotes_name_restricted_lines_and_refusing_services() {
    let test = TestApp::new().await;
    let cart = serde_json::json!({
        "destination": "AU",
        "currency": "AUD",
        "lines": [{ "product": "maple-syrup", "quantity": 1 }]
    });
    let (status, _, quote) = test.post_json("/api/quotes", cart).await;
    assert_eq!(status, StatusCode::CREATED);
    let shipment = &quote["shipments"][0]["quote"];
    assert_eq!(shipment["restricted"][0]["slug"], "maple-syrup");
    assert_eq!(
        shipment["restricted"][0]["restriction"]["reason"],
        "biosecurity"
    );

    let battery = serde_json::json!({
        "destination": "JP",
        "currency": "JPY",
        "lines": [{ "product": "pocket-speaker", "quantity": 1 }]
    });
    let (_, _, quote) = test.post_json("/api/quotes", battery).await;
    let services = quote["shipments"][0]["quote"]["services"]
        .as_array()
        .unwrap();
    let refused = services
        .iter()
        .find(|s| s["offer"]["status"] == "refused")
        .expect("an air service refuses the battery");
    assert_eq!(refused["offer"]["refusal"]["trait"], "lithium_battery");
    assert!(services.iter().any(|s| s["offer"]["status"] == "available"));
}

#[tokio::test]
async fn bad_carts_are_refused_naming_every_bad_field() {
    let test = TestApp::new().await;
    let cart = serde_json::json!({
        "destination": "ZZ",
        "currency": "SEK",
        "lines": [
            { "product": "matcha-bowl", "quantity": 0 },
            { "product": "no-such-product", "quantity": 1 },
            { "product": "linen-shirt", "quantity": 1 },
            { "product": "cast-iron-teapot", "quantity": 99 }
        ]
    });
    let (status, kind, problem) = test.post_json("/api/quotes", cart).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(kind, "application/problem+json");
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "destination",
            "currency",
            "lines[0].quantity",
            "lines[1].product",
            "lines[2].variant",
            "lines[3].quantity"
        ]
    );
    assert_eq!(problem["field"], "destination");

    let (status, _, problem) = test
        .post_json(
            "/api/quotes",
            serde_json::json!({ "destination": "DE", "currency": "EUR", "lines": [] }),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(problem["field"], "lines");
}

#[tokio::test]
async fn malformed_quote_bodies_are_problems_too() {
    let test = TestApp::new().await;
    let (status, kind, problem) = test
        .post(
            "/api/quotes",
            "application/json",
            "{\"destination\": ".into(),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(kind, "application/problem+json");
    assert_eq!(problem["type"], "/problems/invalid-field");

    let (status, kind, _) = test.post("/api/quotes", "text/plain", "hello".into()).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(kind, "application/problem+json");

    let (status, _, problem) = test
        .post_json(
            "/api/quotes",
            serde_json::json!({ "destination": "DE", "currency": "EUR", "lines": [{ "product": "matcha-bowl", "quantity": "two" }] }),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(problem["detail"].as_str().unwrap().contains("quantity"));
}
