//! Search on the engine under test (SQLite, or PostgreSQL with `STOREFRONT_TEST_POSTGRES`): the
//! index the server builds from the seed catalog, and what buyers type into it.

mod common;

use common::{Db, fresh_database};
use storefront_domain::search::Query;
use storefront_server::store::{Store, search};
use tempfile::TempDir;

/// The slugs `text` finds for a buyer of `lang`, best first, and whether each has every term.
async fn slugs(store: &Store, db: &Db, lang: &str, text: &str) -> (Vec<String>, bool) {
    let found = search::find(store, lang, &Query::parse(text))
        .await
        .unwrap();
    let mut slugs = Vec::new();
    for hit in found.products {
        let id = hit.product;
        let rows = db
            .rows(
                "SELECT slug FROM products WHERE CAST(id AS TEXT) = $1",
                &[&id.to_string()],
            )
            .await;
        slugs.push(rows[0][0].clone());
    }
    (slugs, found.every_term)
}

async fn finds(store: &Store, db: &Db, lang: &str, text: &str, slug: &str) -> bool {
    slugs(store, db, lang, text)
        .await
        .0
        .iter()
        .any(|s| s == slug)
}

#[tokio::test]
async fn words_in_any_order_prefixes_case_and_accents() {
    let dir = TempDir::new().unwrap();
    let (store, db, _) = fresh_database(&dir).await;
    for (lang, query) in [
        ("de", "kerze glas"),
        ("de", "Glas Kerze"),
        ("de", "feigenblatt-kerze"),
        ("de", "KERZ gla"),
    ] {
        assert!(
            finds(&store, &db, lang, query, "fig-leaf-candle").await,
            "{lang} {query}"
        );
    }
    for query in ["bowl matcha", "matcha bowl", "hand thrown", "MATCHA"] {
        assert!(
            finds(&store, &db, "en", query, "matcha-bowl").await,
            "{query}"
        );
    }
    // "tea" is a prefix of "teapot".
    assert!(finds(&store, &db, "en", "tea", "cast-iron-teapot").await);
    // Accents and case folded both ways.
    assert!(finds(&store, &db, "fr", "creme erable", "maple-cream").await);
    assert!(finds(&store, &db, "fr", "CRÈME D'ÉRABLE", "maple-cream").await);
    // Full-width Latin, as a Japanese keyboard types it.
    assert!(finds(&store, &db, "ja", "ｍａｔｃｈａ", "matcha-bowl").await);
    // Nothing has both words.
    let (found, every) = slugs(&store, &db, "en", "matcha zzzz").await;
    assert!(!every, "{found:?}");
    assert!(found.contains(&"matcha-bowl".to_string()));
    assert!(slugs(&store, &db, "en", "qqqqq").await.0.is_empty());
}

#[tokio::test]
async fn one_typo_is_forgiven_in_long_words_only() {
    let dir = TempDir::new().unwrap();
    let (store, db, _) = fresh_database(&dir).await;
    for query in ["macha", "matcah", "mattcha bowl", "lantren"] {
        let want = if query == "lantren" {
            "rechargeable-camp-lantern"
        } else {
            "matcha-bowl"
        };
        assert!(finds(&store, &db, "en", query, want).await, "{query}");
    }
    // Two edits, or a typo in a short word, find nothing.
    assert!(!finds(&store, &db, "en", "mahca", "matcha-bowl").await);
    assert!(!finds(&store, &db, "en", "mxtchx", "matcha-bowl").await);
    assert!(!finds(&store, &db, "en", "bowk", "matcha-bowl").await);
    // The correction is what gets highlighted.
    let found = search::find(&store, "en", &Query::parse("macha"))
        .await
        .unwrap();
    assert!(
        found.terms.contains(&"matcha".to_string()),
        "{:?}",
        found.terms
    );
}

#[tokio::test]
async fn chinese_and_japanese_match_without_spaces() {
    let dir = TempDir::new().unwrap();
    let (store, db, _) = fresh_database(&dir).await;
    for (lang, query) in [
        ("zh", "抹茶碗"),
        ("zh", "抹茶"),
        ("zh", "茶碗"),
        ("zh", "碗"),
        ("ja", "抹茶碗"),
        ("ja", "ろくろ"),
        ("ja", "ろくろ挽き"),
    ] {
        assert!(
            finds(&store, &db, lang, query, "matcha-bowl").await,
            "{lang} {query}"
        );
    }
    // The characters must be next to each other: 碗抹 is in no text.
    assert!(!finds(&store, &db, "zh", "碗抹", "matcha-bowl").await);
}

#[tokio::test]
async fn maker_category_and_origin_are_searched_in_the_buyers_language() {
    let dir = TempDir::new().unwrap();
    let (store, db, _) = fresh_database(&dir).await;
    // The maker's name finds every product of Kiln & Leaf.
    let (kiln, _) = slugs(&store, &db, "en", "Kiln").await;
    assert!(kiln.len() >= 10, "{kiln:?}");
    assert!(kiln.contains(&"matcha-bowl".to_string()));
    // The category and the origin, named in the buyer's language.
    assert!(finds(&store, &db, "de", "küche japan", "matcha-bowl").await);
    assert!(finds(&store, &db, "fr", "cuisine japon", "matcha-bowl").await);
    assert!(finds(&store, &db, "ar", "اليابان", "matcha-bowl").await);
    // English is the fallback: a German buyer typing English still finds it.
    assert!(finds(&store, &db, "de", "bowl", "matcha-bowl").await);
    // But another language is not searched: the French name is not German or English.
    assert!(!finds(&store, &db, "de", "tourné", "matcha-bowl").await);
}

#[tokio::test]
async fn names_rank_before_descriptions_and_the_buyers_language_before_english() {
    let dir = TempDir::new().unwrap();
    let (store, db, _) = fresh_database(&dir).await;
    // Two products: "Glazed tile" has the word in its name; the other only in its description.
    for (slug, name, description, position) in [
        (
            "plain-cup",
            "Plain cup",
            "A cup with a zyglaze finish and a zyglaze rim.",
            "0",
        ),
        ("zyglaze-tile", "Zyglaze tile", "A square tile.", "1"),
    ] {
        db.execute(
            "INSERT INTO products (slug, seller_id, category, hs_code, image, weight_g,
                 length_mm, width_mm, height_mm, featured, position)
             SELECT $1, id, 'home', '6912.00', '/images/x.svg', 100, 10, 10, 10, FALSE,
                    CAST($2 AS INTEGER) FROM sellers WHERE slug = 'kiln-and-leaf'",
            &[slug, position],
        )
        .await;
        db.execute(
            "INSERT INTO product_translations (product_id, lang, name, description)
             SELECT id, 'en', $2, $3 FROM products WHERE slug = $1",
            &[slug, name, description],
        )
        .await;
    }
    search::rebuild(&store, |_, _| {}).await.unwrap();
    let (found, _) = slugs(&store, &db, "en", "zyglaze").await;
    assert_eq!(found, ["zyglaze-tile", "plain-cup"]);
    // A rebuild moves the generation, which tells servers their cached catalog is stale.
    let before = search::generation(&store).await.unwrap();
    search::rebuild(&store, |_, _| {}).await.unwrap();
    assert_eq!(search::generation(&store).await.unwrap(), before + 1);
}
