//! Search: the index of every product's texts, and finding products in it.
//!
//! Both engines index the same terms, folded and cut by [`storefront_domain::search`]: SQLite in
//! an FTS5 table, PostgreSQL in a `tsvector` column with a GIN index. A query finds products
//! that have every term (each a prefix of a word, in any field and order) in the buyer's
//! language or in English; a long word with no match is taken for a typo of the words one edit
//! from it (SQLite: a table of one-letter deletions; PostgreSQL: trigram similarity).

use std::collections::BTreeSet;

use storefront_domain::search::{self, Query};

use crate::store::{Conn, Connected, Engine, Store, Tx, on_conn};

/// The version of the folding and tokenizing the index was built with: a server whose
/// [`storefront_domain::search`] cuts text differently rebuilds the index when it opens the
/// database. Raise it with any change there.
const VERSION: i64 = 1;

/// The languages documents are kept in, numbered by their place here: English, the fallback,
/// is 0. SQLite's row ids hold the number (product id * 8 + number).
const LANGUAGES: [&str; 7] = ["en", "de", "fr", "es", "zh", "ja", "ar"];

fn language_number(lang: &str) -> Option<i64> {
    LANGUAGES.iter().position(|l| *l == lang).map(|n| n as i64)
}

/// Products indexed per batch of a rebuild: bounds the memory a rebuild holds.
const REBUILD_BATCH: i64 = 2_000;

/// Terms at least this long are stored under their deletions for typo correction: a query word
/// of [`search::TYPO_MIN_CHARS`] letters may be one longer than such a term.
const KEYED_TERM_CHARS: usize = search::TYPO_MIN_CHARS - 1;

/// What a query found.
#[derive(Debug, Default)]
pub struct Found {
    /// The products found, best first: those with every term, or (when none has) those with
    /// some of them, more first.
    pub products: Vec<i64>,
    /// Whether every product found has every term.
    pub every_term: bool,
    /// Every term searched for: the query's and the corrections of its typos, for highlighting.
    pub terms: Vec<String>,
}

/// Products matching `query` in `lang` or English, best first.
pub async fn find(store: &Store, lang: &str, query: &Query) -> Result<Found, sqlx::Error> {
    if query.is_empty() {
        return Ok(Found::default());
    }
    // Each group is a term and the words its typo may have meant; a product must match one
    // word of every group.
    let mut groups: Vec<Vec<String>> = Vec::with_capacity(query.terms.len());
    for term in &query.terms {
        let mut group = vec![term.clone()];
        if search::forgives_typo(term) && !has_prefix(store, term).await? {
            group.extend(corrections(store, term).await?);
        }
        groups.push(group);
    }
    let terms = groups.iter().flatten().cloned().collect();
    let products = matching(store, lang, &groups, true).await?;
    if !products.is_empty() || groups.len() == 1 {
        return Ok(Found {
            products,
            every_term: true,
            terms,
        });
    }
    Ok(Found {
        products: matching(store, lang, &groups, false).await?,
        every_term: false,
        terms,
    })
}

/// Products with a word of every group (`every`) or of any group, best first.
async fn matching(
    store: &Store,
    lang: &str,
    groups: &[Vec<String>],
    every: bool,
) -> Result<Vec<i64>, sqlx::Error> {
    let rows: Vec<(i64,)> = match &store.engine {
        Engine::Sqlite(db) => {
            // Columns weigh name 10, details 4, description 1; an English text found for a
            // buyer of another language ranks below the same match in theirs.
            sqlx::query_as(
                // Materialized: bm25 may only run where FTS5 answers the MATCH, not in the
                // grouping a flattened subquery would move it into.
                "WITH hits AS MATERIALIZED (
                    SELECT rowid / 8 AS product_id,
                           bm25(search_documents, 10.0, 4.0, 1.0)
                             * CASE WHEN rowid % 8 = $2 THEN 1.0 ELSE 0.8 END AS score
                    FROM search_documents
                    WHERE search_documents MATCH $1 AND rowid % 8 IN ($2, 0))
                 SELECT product_id FROM hits
                 GROUP BY product_id
                 ORDER BY MIN(score), product_id",
            )
            .bind(fts5_expression(groups, every))
            .bind(language_number(lang).unwrap_or(0))
            .fetch_all(db)
            .await?
        }
        Engine::Postgres(db) => {
            sqlx::query_as(
                "SELECT product_id FROM search_documents
                 WHERE document @@ $1::tsquery AND lang IN ($2, 'en')
                 GROUP BY product_id
                 ORDER BY MAX(ts_rank(document, $1::tsquery)
                              * CASE WHEN lang = $2 THEN 1.0 ELSE 0.8 END) DESC,
                          product_id",
            )
            .bind(tsquery(groups, every))
            .bind(lang)
            .fetch_all(db)
            .await?
        }
    };
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// The FTS5 query: every (or any) group, each a prefix search for any of its words.
fn fts5_expression(groups: &[Vec<String>], every: bool) -> String {
    let group = |words: &[String]| {
        let alternatives: Vec<String> = words
            .iter()
            .map(|word| format!("\"{}\"*", word.replace('"', "\"\"")))
            .collect();
        format!("({})", alternatives.join(" OR "))
    };
    let joiner = if every { " AND " } else { " OR " };
    groups
        .iter()
        .map(|words| group(words))
        .collect::<Vec<_>>()
        .join(joiner)
}

/// The `tsquery`: every (or any) group, each a prefix search for any of its words.
fn tsquery(groups: &[Vec<String>], every: bool) -> String {
    let group = |words: &[String]| {
        let alternatives: Vec<String> = words
            .iter()
            .map(|word| format!("{}:*", pg_lexeme(word)))
            .collect();
        format!("({})", alternatives.join(" | "))
    };
    let joiner = if every { " & " } else { " | " };
    groups
        .iter()
        .map(|words| group(words))
        .collect::<Vec<_>>()
        .join(joiner)
}

/// `term` quoted as a lexeme of a `tsvector` or `tsquery` literal.
fn pg_lexeme(term: &str) -> String {
    format!("'{}'", term.replace('\\', "\\\\").replace('\'', "''"))
}

/// Whether some indexed word starts with `prefix`.
async fn has_prefix(store: &Store, prefix: &str) -> Result<bool, sqlx::Error> {
    // Every word starting with `prefix` sorts between it and it followed by the last character.
    let end = format!("{prefix}\u{10FFFF}");
    let sql = "SELECT term FROM search_terms WHERE term >= $1 AND term < $2 LIMIT 1";
    let found: Option<(String,)> = match &store.engine {
        Engine::Sqlite(db) => {
            sqlx::query_as(sql)
                .bind(prefix)
                .bind(&end)
                .fetch_optional(db)
                .await?
        }
        Engine::Postgres(db) => {
            sqlx::query_as(sql)
                .bind(prefix)
                .bind(&end)
                .fetch_optional(db)
                .await?
        }
    };
    Ok(found.is_some())
}

/// The indexed words one edit from `word`.
async fn corrections(store: &Store, word: &str) -> Result<Vec<String>, sqlx::Error> {
    let candidates: Vec<(String,)> = match &store.engine {
        Engine::Sqlite(db) => {
            let mut keys = search::deletions(word);
            keys.push(word.to_owned());
            let keys = serde_json::to_string(&keys).map_err(|e| sqlx::Error::Encode(e.into()))?;
            sqlx::query_as(
                "SELECT DISTINCT term FROM search_term_keys
                 WHERE key IN (SELECT value FROM json_each($1))",
            )
            .bind(keys)
            .fetch_all(db)
            .await?
        }
        Engine::Postgres(db) => {
            // `%` is trigram similarity above pg_trgm's threshold (0.3), which every word one
            // edit from a word of five letters or more reaches; the GIN index answers it.
            sqlx::query_as(
                "SELECT term FROM search_terms WHERE term % $1
                 ORDER BY similarity(term, $1) DESC, term LIMIT 50",
            )
            .bind(word)
            .fetch_all(db)
            .await?
        }
    };
    let mut words: Vec<String> = candidates
        .into_iter()
        .map(|(term,)| term)
        .filter(|term| term != word && search::within_one_edit(word, term))
        .collect();
    words.sort();
    Ok(words)
}

/// Builds the index when it was built by another folding version, or never.
pub async fn ensure_built(store: &Store) -> Result<(), sqlx::Error> {
    if version(store).await? == VERSION {
        return Ok(());
    }
    build(store, false).await
}

/// Rebuilds the whole index from the catalog, after the catalog changed.
pub async fn rebuild(store: &Store) -> Result<(), sqlx::Error> {
    build(store, true).await
}

async fn version(store: &Store) -> Result<i64, sqlx::Error> {
    let sql = "SELECT version FROM search_state WHERE id = 1";
    let (version,): (i64,) = match &store.engine {
        Engine::Sqlite(db) => sqlx::query_as(sql).fetch_one(db).await?,
        Engine::Postgres(db) => sqlx::query_as(sql).fetch_one(db).await?,
    };
    Ok(version)
}

/// How many times the index was rebuilt: the catalog changed since a reader saw another number.
pub async fn generation(store: &Store) -> Result<i64, sqlx::Error> {
    let sql = "SELECT generation FROM search_state WHERE id = 1";
    let (generation,): (i64,) = match &store.engine {
        Engine::Sqlite(db) => sqlx::query_as(sql).fetch_one(db).await?,
        Engine::Postgres(db) => sqlx::query_as(sql).fetch_one(db).await?,
    };
    Ok(generation)
}

/// One product's texts in one language, as the index reads them.
#[derive(sqlx::FromRow)]
struct TextRow {
    product_id: i64,
    lang: String,
    name: String,
    description: String,
    maker: String,
    country: String,
    category: String,
}

/// One document's terms, each field space-separated.
struct Document {
    product_id: i64,
    /// SQLite's row id of it: `product_id` * 8 + the language's number.
    row_id: i64,
    lang: String,
    name: String,
    details: String,
    description: String,
}

impl Document {
    /// The document of `row`; `None` for a language the store is not translated into.
    fn of(row: TextRow) -> Option<Self> {
        let number = language_number(&row.lang)?;
        let category = storefront::i18n::Locale::from_tag(&row.lang)
            .unwrap_or(storefront::i18n::Locale::En)
            .messages()
            .category_name(&row.category);
        let country = storefront::i18n::format::region_name(&row.country, &row.lang);
        Some(Self {
            name: search::index_text(&row.name),
            details: search::index_text(&format!("{} {category} {country}", row.maker)),
            description: search::index_text(&row.description),
            row_id: row.product_id * 8 + number,
            product_id: row.product_id,
            lang: row.lang,
        })
    }

    /// The document as a `tsvector` literal: each term at its position, weighted A in the name,
    /// B in the details and C in the description. Built here rather than by PostgreSQL's parser,
    /// whose idea of a word depends on the database's locale.
    fn tsvector(&self) -> String {
        let mut vector = String::new();
        let mut position = 0u32;
        for (field, weight) in [
            (&self.name, 'A'),
            (&self.details, 'B'),
            (&self.description, 'C'),
        ] {
            for term in field.split(' ').filter(|term| !term.is_empty()) {
                // Positions stop at PostgreSQL's limit; later terms share the last one.
                position = (position + 1).min(16_383);
                vector.push_str(&format!("{}:{position}{weight} ", pg_lexeme(term)));
            }
        }
        vector
    }

    fn words(&self) -> impl Iterator<Item = &str> {
        [&self.name, &self.details, &self.description]
            .into_iter()
            .flat_map(|field| field.split(' '))
            .filter(|term| !term.is_empty() && !term.chars().any(search::is_unspaced))
    }
}

/// Builds the whole index from the catalog in one transaction that holds the write lock, and
/// counts a new generation; unless `always`, only when it is not current. Instances starting
/// together build it once: the others find it current under the lock.
async fn build(store: &Store, always: bool) -> Result<(), sqlx::Error> {
    let mut tx = store.begin_write().await?;
    let (version, last): (i64, Option<i64>) = on_conn!(&mut tx, |db| sqlx::query_as(
        "SELECT (SELECT version FROM search_state WHERE id = 1), (SELECT MAX(id) FROM products)"
    )
    .fetch_one(&mut *db)
    .await)?;
    if version == VERSION && !always {
        return Ok(());
    }
    let emptying: &[&str] = match store.engine {
        Engine::Sqlite(_) => &[
            "INSERT INTO search_documents (search_documents) VALUES ('delete-all')",
            "DELETE FROM search_terms",
            "DELETE FROM search_term_keys",
        ],
        Engine::Postgres(_) => &["DELETE FROM search_documents", "DELETE FROM search_terms"],
    };
    on_conn!(&mut tx, |db| {
        for &statement in emptying {
            sqlx::query(statement).execute(&mut *db).await?;
        }
        Ok::<_, sqlx::Error>(())
    })?;
    let mut words: BTreeSet<String> = BTreeSet::new();
    let mut from = 0;
    while from <= last.unwrap_or(0) {
        let rows: Vec<TextRow> = on_conn!(&mut tx, |db| sqlx::query_as(
            "SELECT p.id AS product_id, t.lang, t.name, t.description, s.name AS maker,
                    s.country, p.category
             FROM products p
             JOIN sellers s ON s.id = p.seller_id
             JOIN product_translations t ON t.product_id = p.id
             WHERE p.id >= $1 AND p.id < $2
             ORDER BY p.id, t.lang",
        )
        .bind(from)
        .bind(from + REBUILD_BATCH)
        .fetch_all(&mut *db)
        .await)?;
        let documents: Vec<Document> = rows.into_iter().filter_map(Document::of).collect();
        for document in &documents {
            for word in document.words() {
                if !words.contains(word) {
                    words.insert(word.to_owned());
                }
            }
        }
        insert_documents(&mut tx, &documents).await?;
        from += REBUILD_BATCH;
    }
    insert_words(&mut tx, &words).await?;
    on_conn!(&mut tx, |db| sqlx::query(
        "UPDATE search_state SET version = $1, generation = generation + 1 WHERE id = 1"
    )
    .bind(VERSION)
    .execute(&mut *db)
    .await
    .map(|_| ()))?;
    tx.commit().await
}

async fn insert_documents(tx: &mut Tx, documents: &[Document]) -> Result<(), sqlx::Error> {
    if documents.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = documents.iter().map(|d| d.product_id).collect();
    match tx.conn() {
        // SQLite has no arrays: a batch travels as one JSON array of rows.
        Conn::Sqlite(db) => {
            let rows: Vec<serde_json::Value> = documents
                .iter()
                .map(|d| serde_json::json!([d.row_id, d.name, d.details, d.description]))
                .collect();
            sqlx::query(
                "INSERT INTO search_documents (rowid, name, details, description)
                 SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3
                 FROM json_each($1)",
            )
            .bind(serde_json::Value::Array(rows).to_string())
            .execute(&mut *db)
            .await?;
        }
        Conn::Postgres(db) => {
            let vectors: Vec<String> = documents.iter().map(Document::tsvector).collect();
            sqlx::query(
                "INSERT INTO search_documents (product_id, lang, document)
                 SELECT id, lang, document::tsvector
                 FROM UNNEST($1::bigint[], $2::text[], $3::text[]) AS d (id, lang, document)",
            )
            .bind(&ids)
            .bind(
                documents
                    .iter()
                    .map(|d| d.lang.as_str())
                    .collect::<Vec<_>>(),
            )
            .bind(&vectors)
            .execute(&mut *db)
            .await?;
        }
    }
    Ok(())
}

async fn insert_words(tx: &mut Tx, words: &BTreeSet<String>) -> Result<(), sqlx::Error> {
    let words: Vec<&String> = words.iter().collect();
    for batch in words.chunks(5_000) {
        match tx.conn() {
            Conn::Sqlite(db) => {
                let list =
                    serde_json::to_string(batch).map_err(|e| sqlx::Error::Encode(e.into()))?;
                sqlx::query("INSERT INTO search_terms (term) SELECT value FROM json_each($1)")
                    .bind(&list)
                    .execute(&mut *db)
                    .await?;
                let keys: Vec<(String, &String)> = batch
                    .iter()
                    .filter(|word| word.chars().count() >= KEYED_TERM_CHARS)
                    .flat_map(|word| {
                        search::deletions(word)
                            .into_iter()
                            .chain(std::iter::once(word.to_string()))
                            .map(move |key| (key, *word))
                    })
                    .collect();
                let keys =
                    serde_json::to_string(&keys).map_err(|e| sqlx::Error::Encode(e.into()))?;
                sqlx::query(
                    "INSERT OR IGNORE INTO search_term_keys (key, term)
                     SELECT value ->> 0, value ->> 1 FROM json_each($1)",
                )
                .bind(&keys)
                .execute(&mut *db)
                .await?;
            }
            Conn::Postgres(db) => {
                sqlx::query("INSERT INTO search_terms (term) SELECT * FROM UNNEST($1::text[])")
                    .bind(batch)
                    .execute(&mut *db)
                    .await?;
            }
        }
    }
    Ok(())
}
