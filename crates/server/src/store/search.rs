//! Search: the index of every product's texts, and finding products in it.
//!
//! Both engines index the same terms, folded and cut by [`storefront_domain::search`]: SQLite in
//! an FTS5 table, PostgreSQL in a `tsvector` column with a GIN index. A query finds products
//! that have every term (each a prefix of a word, in any field and order) in the buyer's
//! language or in English; a long word with no match is taken for a typo of the words one edit
//! from it (SQLite: a table of one-letter deletions; PostgreSQL: trigram similarity).

use std::collections::{BTreeSet, HashMap};

use storefront_domain::search::{self, Query};

use crate::store::{Conn, Connected, Engine, Store, Tx, on_conn, on_pool};

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
    /// The products found, best first: ranked by [`Hit::tier`], then by id.
    pub products: Vec<Hit>,
    /// Whether every product found has every term.
    pub every_term: bool,
    /// Every term searched for: the query's and the corrections of its typos, for highlighting.
    pub terms: Vec<String>,
    /// When nothing had every term: the query with each word no product has replaced by the
    /// closest indexed word, if that finds something.
    pub did_you_mean: Option<String>,
}

/// A product a query found, and how well.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub product: i64,
    /// 0: every term is in its name; 1: in its name, maker, category and origin; 2: somewhere
    /// (the description too). When no product has every term, 3 + how many terms it lacks.
    pub tier: u32,
}

/// How many tiers a product with every term may be in (see [`Hit::tier`]).
const TIERS: u32 = 3;

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
    // Ranked by where the terms are rather than by a relevance score: scoring every match
    // costs ten times finding it, and "name before description" is what buyers expect.
    let mut tier_of: HashMap<i64, u32> = HashMap::new();
    for (product, tier) in tiered(store, lang, &groups).await? {
        let best = tier_of.entry(product).or_insert(tier);
        *best = (*best).min(tier);
    }
    let every_term = !tier_of.is_empty() || groups.len() == 1;
    if !every_term {
        // Nobody has every term: those with more of them first.
        let mut found: HashMap<i64, u32> = HashMap::new();
        for group in &groups {
            let mut products = tiered(store, lang, std::slice::from_ref(group)).await?;
            // Once per product, whichever documents of it matched.
            products.sort_unstable();
            products.dedup_by_key(|(product, _)| *product);
            for (product, _) in products {
                *found.entry(product).or_default() += 1;
            }
        }
        let all = groups.len() as u32;
        tier_of = found
            .into_iter()
            .map(|(product, has)| (product, TIERS + all - has))
            .collect();
    }
    let mut products: Vec<Hit> = tier_of
        .into_iter()
        .map(|(product, tier)| Hit { product, tier })
        .collect();
    products.sort_unstable_by_key(|hit| (hit.tier, hit.product));
    let did_you_mean = if products.is_empty() || !every_term {
        did_you_mean(store, lang, query).await?
    } else {
        None
    };
    Ok(Found {
        products,
        every_term,
        terms,
        did_you_mean,
    })
}

/// Close words tried for each word of a query that found nothing.
const CLOSEST_TRIED: usize = 5;

/// The query with each word that starts no indexed word replaced by the closest indexed word
/// (two edits at most), when that finds something.
async fn did_you_mean(
    store: &Store,
    lang: &str,
    query: &Query,
) -> Result<Option<String>, sqlx::Error> {
    let mut changed = false;
    let mut words = Vec::with_capacity(query.terms.len());
    for term in &query.terms {
        let unknown = !term.chars().any(search::is_unspaced) && !has_prefix(store, term).await?;
        if !unknown {
            words.push(term.clone());
            continue;
        }
        // The closest word that finds something in the buyer's language or English: others
        // are in texts of other languages.
        let mut meant = None;
        for word in closest(store, term).await?.into_iter().take(CLOSEST_TRIED) {
            let group = [vec![word.clone()]];
            if !tiered(store, lang, &group).await?.is_empty() {
                meant = Some(word);
                break;
            }
        }
        let Some(word) = meant else {
            return Ok(None);
        };
        changed = true;
        words.push(word);
    }
    if !changed {
        return Ok(None);
    }
    let groups: Vec<Vec<String>> = words.iter().map(|w| vec![w.clone()]).collect();
    let finds = !tiered(store, lang, &groups).await?.is_empty();
    Ok(finds.then(|| words.join(" ")))
}

/// Indexed words at most two edits from `word` that start with its letter, closest first. (A
/// buyer seldom mistypes the first letter; the words of a letter are few enough to compare.)
async fn closest(store: &Store, word: &str) -> Result<Vec<String>, sqlx::Error> {
    let length = word.chars().count() as i64;
    let Some(first) = word.chars().next().filter(|_| length >= 3) else {
        return Ok(Vec::new());
    };
    let (from, to) = (first.to_string(), format!("{first}\u{10FFFF}"));
    let sql = "SELECT term FROM search_terms
               WHERE term >= $1 AND term < $2 AND length(term) BETWEEN $3 AND $4";
    let candidates: Vec<(String,)> = on_pool!(store, |db| sqlx::query_as(sql)
        .bind(&from)
        .bind(&to)
        .bind(length - 2)
        .bind(length + 2)
        .fetch_all(db)
        .await)?;
    // Fewest edits first, then the length nearest the word's (a word cut short is seldom meant).
    let mut near: Vec<(usize, i64, String)> = candidates
        .into_iter()
        .map(|(term,)| {
            let apart = (term.chars().count() as i64 - length).abs();
            (search::edit_distance(word, &term), apart, term)
        })
        .filter(|(distance, _, _)| *distance <= 2)
        .collect();
    near.sort();
    Ok(near.into_iter().map(|(_, _, term)| term).collect())
}

/// The documents with a word of every group, as (product, tier): 0 when the name has them all,
/// 1 when the name, maker, category and origin do, else 2. A product may come once per
/// language that matched.
async fn tiered(
    store: &Store,
    lang: &str,
    groups: &[Vec<String>],
) -> Result<Vec<(i64, u32)>, sqlx::Error> {
    match &store.engine {
        Engine::Sqlite(db) => {
            // A string of ids per tier: a row per match would cost more than finding them.
            let expression = fts5_expression(groups);
            let (name, head, all): (Option<String>, Option<String>, Option<String>) =
                sqlx::query_as(
                    "SELECT
                        (SELECT group_concat(rowid / 8) FROM search_documents
                         WHERE search_documents MATCH $1 AND rowid % 8 IN ($4, 0)),
                        (SELECT group_concat(rowid / 8) FROM search_documents
                         WHERE search_documents MATCH $2 AND rowid % 8 IN ($4, 0)),
                        (SELECT group_concat(rowid / 8) FROM search_documents
                         WHERE search_documents MATCH $3 AND rowid % 8 IN ($4, 0))",
                )
                .bind(format!("name : ({expression})"))
                .bind(format!("{{name details}} : ({expression})"))
                .bind(&expression)
                .bind(language_number(lang).unwrap_or(0))
                .fetch_one(db)
                .await?;
            let ids = |list: Option<String>, tier: u32| -> Vec<(i64, u32)> {
                list.unwrap_or_default()
                    .split(',')
                    .filter_map(|id| Some((id.parse().ok()?, tier)))
                    .collect()
            };
            let mut found = ids(name, 0);
            found.extend(ids(head, 1));
            found.extend(ids(all, 2));
            Ok(found)
        }
        Engine::Postgres(db) => {
            // The index finds the documents; their small name and head term sets rank them.
            let (ids, tiers): (Option<Vec<i64>>, Option<Vec<i32>>) = sqlx::query_as(
                "SELECT array_agg(product_id),
                        array_agg(CASE WHEN name_terms @@ q THEN 0
                                       WHEN head_terms @@ q THEN 1 ELSE 2 END)
                 FROM search_documents, (SELECT $1::tsquery AS q) query
                 WHERE all_terms @@ q AND lang IN ($2, 'en')",
            )
            .bind(tsquery(groups))
            .bind(lang)
            .fetch_one(db)
            .await?;
            Ok(ids
                .unwrap_or_default()
                .into_iter()
                .zip(tiers.unwrap_or_default())
                .map(|(id, tier)| (id, tier.unsigned_abs()))
                .collect())
        }
    }
}

/// The FTS5 query: every group, each a prefix search for any of its words.
fn fts5_expression(groups: &[Vec<String>]) -> String {
    expression(
        groups,
        |word| format!("\"{}\"*", word.replace('"', "\"\"")),
        " OR ",
        " AND ",
    )
}

/// The `tsquery`: every group, each a prefix search for any of its words.
fn tsquery(groups: &[Vec<String>]) -> String {
    expression(
        groups,
        |word| format!("{}:*", pg_lexeme(word)),
        " | ",
        " & ",
    )
}

/// Every group joined by `and`, each its words (as `prefix` writes a prefix search for one)
/// joined by `or`.
fn expression(
    groups: &[Vec<String>],
    prefix: impl Fn(&str) -> String,
    or: &str,
    and: &str,
) -> String {
    groups
        .iter()
        .map(|words| {
            let alternatives: Vec<String> = words.iter().map(|word| prefix(word)).collect();
            format!("({})", alternatives.join(or))
        })
        .collect::<Vec<_>>()
        .join(and)
}

/// `term` quoted as a lexeme of a `tsquery` literal.
fn pg_lexeme(term: &str) -> String {
    format!("'{}'", term.replace('\\', "\\\\").replace('\'', "''"))
}

/// Whether some indexed word starts with `prefix`.
async fn has_prefix(store: &Store, prefix: &str) -> Result<bool, sqlx::Error> {
    // Every word starting with `prefix` sorts between it and it followed by the last character.
    let end = format!("{prefix}\u{10FFFF}");
    let sql = "SELECT term FROM search_terms WHERE term >= $1 AND term < $2 LIMIT 1";
    let found: Option<(String,)> = on_pool!(store, |db| sqlx::query_as(sql)
        .bind(prefix)
        .bind(&end)
        .fetch_optional(db)
        .await)?;
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
    build(store, false, |_, _| {}).await
}

/// Rebuilds the whole index from the catalog, after the catalog changed, calling `progress`
/// with how far it is, of how far it goes.
pub async fn rebuild(store: &Store, progress: impl FnMut(i64, i64)) -> Result<(), sqlx::Error> {
    build(store, true, progress).await
}

async fn version(store: &Store) -> Result<i64, sqlx::Error> {
    Ok(state(store).await?.0)
}

/// How many times the index was rebuilt: the catalog changed since a reader saw another number.
pub async fn generation(store: &Store) -> Result<i64, sqlx::Error> {
    Ok(state(store).await?.1)
}

/// The index's (version, generation).
async fn state(store: &Store) -> Result<(i64, i64), sqlx::Error> {
    on_pool!(store, |db| sqlx::query_as(
        "SELECT version, generation FROM search_state WHERE id = 1"
    )
    .fetch_one(db)
    .await)
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

    /// Its terms as PostgreSQL keeps them, each set space-separated: the name's; the name's
    /// and details'; all.
    fn term_sets(&self) -> [String; 3] {
        let join = |fields: &[&String]| {
            fields
                .iter()
                .filter(|field| !field.is_empty())
                .map(|field| field.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        };
        [
            self.name.clone(),
            join(&[&self.name, &self.details]),
            join(&[&self.name, &self.details, &self.description]),
        ]
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
async fn build(
    store: &Store,
    always: bool,
    mut progress: impl FnMut(i64, i64),
) -> Result<(), sqlx::Error> {
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
        // Emptied at once, leaving no dead rows behind for the new ones to follow.
        Engine::Postgres(_) => &["TRUNCATE search_documents, search_terms"],
    };
    on_conn!(&mut tx, |db| {
        for &statement in emptying {
            sqlx::query(statement).execute(&mut *db).await?;
        }
        Ok::<_, sqlx::Error>(())
    })?;
    if let Conn::Sqlite(db) = tx.conn() {
        // No merging while loading (each merge would rewrite what the next one rewrites
        // again): one merge into a single segment at the end, which queries read fastest.
        sqlx::query(
            "INSERT INTO search_documents (search_documents, rank) VALUES ('automerge', 0)",
        )
        .execute(&mut *db)
        .await?;
        sqlx::query(
            "INSERT INTO search_documents (search_documents, rank) VALUES ('crisismerge', 64)",
        )
        .execute(&mut *db)
        .await?;
    }
    if let Conn::Postgres(db) = tx.conn() {
        // Built whole after the load, which is many times faster than keeping it up to date
        // row by row. (Searches on other instances wait for the rebuild to commit.)
        sqlx::query("DROP INDEX search_documents_all_terms")
            .execute(&mut *db)
            .await?;
    }
    // PostgreSQL reads every matching row from its table, so each language's documents are
    // written together: a search in one language then reads a few pages, not one per product.
    // SQLite's index holds all it needs.
    let passes: Vec<Option<&str>> = match store.engine {
        Engine::Sqlite(_) => vec![None],
        Engine::Postgres(_) => LANGUAGES.iter().map(|lang| Some(*lang)).collect(),
    };
    let last = last.unwrap_or(0);
    let mut words: BTreeSet<String> = BTreeSet::new();
    for (pass, lang) in (0..).zip(&passes) {
        let mut from = 0;
        while from <= last {
            let rows: Vec<TextRow> = on_conn!(&mut tx, |db| sqlx::query_as(
                "SELECT p.id AS product_id, t.lang, t.name, t.description, s.name AS maker,
                        s.country, p.category
                 FROM products p
                 JOIN sellers s ON s.id = p.seller_id
                 JOIN product_translations t ON t.product_id = p.id
                 WHERE p.id >= $1 AND p.id < $2 AND ($3 IS NULL OR t.lang = $3)
                 ORDER BY p.id, t.lang",
            )
            .bind(from)
            .bind(from + REBUILD_BATCH)
            .bind(lang)
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
            // Over all passes, as if they were one.
            let done = pass * last + from.min(last);
            progress(done, last * passes.len() as i64);
        }
    }
    if let Conn::Postgres(db) = tx.conn() {
        sqlx::query(
            "CREATE INDEX search_documents_all_terms ON search_documents USING gin (all_terms)",
        )
        .execute(&mut *db)
        .await?;
    }
    insert_words(&mut tx, &words).await?;
    if let Conn::Sqlite(db) = tx.conn() {
        sqlx::query("INSERT INTO search_documents (search_documents) VALUES ('optimize')")
            .execute(&mut *db)
            .await?;
    }
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
            let sets: Vec<[String; 3]> = documents.iter().map(Document::term_sets).collect();
            let set = |n: usize| -> Vec<&str> { sets.iter().map(|s| s[n].as_str()).collect() };
            sqlx::query(
                "INSERT INTO search_documents (product_id, lang, name_terms, head_terms, all_terms)
                 SELECT id, lang, array_to_tsvector(string_to_array(name, ' ')),
                        array_to_tsvector(string_to_array(head, ' ')),
                        array_to_tsvector(string_to_array(terms, ' '))
                 FROM UNNEST($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[])
                      AS d (id, lang, name, head, terms)",
            )
            .bind(&ids)
            .bind(
                documents
                    .iter()
                    .map(|d| d.lang.as_str())
                    .collect::<Vec<_>>(),
            )
            .bind(set(0))
            .bind(set(1))
            .bind(set(2))
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

/// How many products a suggestion list holds at most.
pub const SUGGESTED: usize = 6;

/// Products whose name (in `lang` or English) has every term of `query` as a word prefix, as the
/// buyer types: the first matches in catalog-id order, no typo correction (an unfinished word is
/// no typo). At most `limit`, unranked: the caller ranks the few it gets.
pub async fn suggest(
    store: &Store,
    lang: &str,
    query: &Query,
    limit: usize,
) -> Result<Vec<i64>, sqlx::Error> {
    if query.is_empty() {
        return Ok(Vec::new());
    }
    let groups: Vec<Vec<String>> = query.terms.iter().map(|t| vec![t.clone()]).collect();
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let rows: Vec<(i64,)> = match &store.engine {
        Engine::Sqlite(db) => {
            sqlx::query_as(
                "SELECT DISTINCT rowid / 8 FROM search_documents
                 WHERE search_documents MATCH $1 AND rowid % 8 IN ($2, 0)
                 LIMIT $3",
            )
            .bind(format!("name : ({})", fts5_expression(&groups)))
            .bind(language_number(lang).unwrap_or(0))
            .bind(limit)
            .fetch_all(db)
            .await?
        }
        Engine::Postgres(db) => {
            let query = tsquery(&groups);
            sqlx::query_as(
                "SELECT DISTINCT product_id FROM (
                    SELECT product_id FROM search_documents
                    WHERE all_terms @@ $1::tsquery AND name_terms @@ $1::tsquery
                      AND lang IN ($2, 'en')
                    LIMIT $3) hits",
            )
            .bind(query)
            .bind(lang)
            .bind(limit)
            .fetch_all(db)
            .await?
        }
    };
    Ok(rows.into_iter().map(|(id,)| id).collect())
}
