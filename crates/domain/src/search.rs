//! How search sees text: the one folding and tokenizing that both the index and the query go
//! through, so SQLite and PostgreSQL match the same words, and what a match highlights.
//!
//! Text is folded (case, accents, width, Arabic vowel marks) and cut into terms. Words of
//! letters and digits are terms; Chinese and Japanese, written without spaces, are cut into
//! overlapping pairs of characters (bigrams) plus each run's last character, so any one or two
//! characters a buyer types match wherever they occur, without a dictionary.

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::product::TextRange;

/// What the search box suggests while the buyer types.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Suggestions {
    /// Products whose name has every word typed (as the start of a word), best first.
    pub products: Vec<ProductSuggestion>,
    /// Category keys (`kitchen`, ...) whose name in the buyer's language has every word typed.
    pub categories: Vec<String>,
}

/// A product the search box suggests.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductSuggestion {
    /// Its URL key.
    pub slug: String,
    /// Its name in the buyer's language, or English.
    pub name: String,
    /// The parts of `name` the words typed matched.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub name_matches: Vec<TextRange>,
}

/// `ranges` (from [`highlights`]) as the wire carries them.
pub fn text_ranges(ranges: &[(usize, usize)]) -> Vec<TextRange> {
    ranges
        .iter()
        .map(|&(start, end)| TextRange {
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
        })
        .collect()
}

/// Whether every one of `terms` starts a word of `text` (folded).
pub fn starts_words(text: &str, terms: &[String]) -> bool {
    let words: Vec<String> = pieces(text).iter().flat_map(Piece::terms).collect();
    terms
        .iter()
        .all(|term| words.iter().any(|word| word.starts_with(term.as_str())))
}

/// Words at least this long forgive one typo ("macha" finds "matcha"); shorter ones have too
/// many neighbours one edit away ("tea": "pea", "ten", "team").
pub const TYPO_MIN_CHARS: usize = 5;

/// At most this many terms of a query are searched; the rest is ignored. A query is 100
/// characters at most, so this only bounds a query of many one-letter words.
pub const MAX_QUERY_TERMS: usize = 8;

/// `text` folded for matching: lower case; Latin letters without diacritics (`crème` → `creme`,
/// `Straße` → `strasse`); full-width Latin and digits as ASCII (`Ｔｅａ` → `tea`); Arabic without
/// vowel marks or tatweel, its alef forms as one.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, &mut folded);
    }
    folded
}

fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    match c {
        // Combining diacritics, Arabic vowel marks (harakat, dagger alef) and tatweel: how a word
        // is decorated, not which word it is.
        '\u{0300}'..='\u{036F}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' => {}
        'أ' | 'إ' | 'آ' | 'ٱ' => out.push('ا'),
        'ى' => out.push('ي'),
        'ة' => out.push('ه'),
        'ß' | 'ẞ' => out.push_str("ss"),
        'æ' | 'Æ' => out.push_str("ae"),
        'œ' | 'Œ' => out.push_str("oe"),
        'ø' | 'Ø' => out.push('o'),
        'đ' | 'Đ' => out.push('d'),
        'ł' | 'Ł' => out.push('l'),
        // Latin letters with diacritics: decomposed, marks dropped.
        '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}' => {
            for d in std::iter::once(c).nfkd() {
                if !('\u{0300}'..='\u{036F}').contains(&d) {
                    out.extend(d.to_lowercase());
                }
            }
        }
        // Everything else in its compatibility form: full-width Latin and digits become ASCII,
        // half-width katakana full-width, ligatures letters; kana keep their voicing marks.
        _ => {
            for d in std::iter::once(c).nfkc() {
                out.extend(d.to_lowercase());
            }
        }
    }
}

/// Whether `c` (folded) belongs to a script written without spaces between words: Han,
/// hiragana and katakana (but not the katakana middle dot, which separates words).
pub fn is_unspaced(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{309F}'
        | '\u{30A0}'..='\u{30FA}'
        | '\u{30FC}'..='\u{30FF}'
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3FFFF}')
}

/// A piece of folded text: a word, or a run of an unspaced script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Letters and digits between spaces or punctuation.
    Word(String),
    /// Chinese or Japanese characters in a row.
    Run(String),
}

impl Piece {
    /// The terms this piece is indexed under, and that a query's piece must all find: a word
    /// is its own term; a run is its bigrams and its last character.
    pub fn terms(&self) -> Vec<String> {
        match self {
            Self::Word(word) => vec![word.clone()],
            Self::Run(run) => {
                let chars: Vec<char> = run.chars().collect();
                let mut terms: Vec<String> = chars.windows(2).map(|w| w.iter().collect()).collect();
                if let Some(last) = chars.last() {
                    terms.push(last.to_string());
                }
                terms
            }
        }
    }
}

/// The pieces of `text` after folding, in order.
pub fn pieces(text: &str) -> Vec<Piece> {
    let folded = fold(text);
    let mut pieces = Vec::new();
    let mut current = String::new();
    let mut unspaced = false;
    let mut flush = |current: &mut String, unspaced: bool| {
        if !current.is_empty() {
            let text = std::mem::take(current);
            pieces.push(if unspaced {
                Piece::Run(text)
            } else {
                Piece::Word(text)
            });
        }
    };
    for c in folded.chars() {
        if is_unspaced(c) {
            if !unspaced {
                flush(&mut current, unspaced);
                unspaced = true;
            }
            current.push(c);
        } else if c.is_alphanumeric() {
            if unspaced {
                flush(&mut current, unspaced);
                unspaced = false;
            }
            current.push(c);
        } else {
            flush(&mut current, unspaced);
        }
    }
    flush(&mut current, unspaced);
    pieces
}

/// The terms a document's `text` is indexed under, space-separated: what both engines store.
pub fn index_text(text: &str) -> String {
    let mut terms = pieces(text)
        .iter()
        .flat_map(Piece::terms)
        .collect::<Vec<_>>();
    terms.dedup();
    terms.join(" ")
}

/// A query: the terms that must all be found (each, as a prefix, in any field and order), and
/// for highlighting, the words and runs they came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// Terms to find, in the order typed, without repeats, at most [`MAX_QUERY_TERMS`].
    pub terms: Vec<String>,
}

impl Query {
    /// The query a buyer typed.
    pub fn parse(text: &str) -> Self {
        let mut terms: Vec<String> = Vec::new();
        for term in pieces(text).iter().flat_map(query_terms) {
            if !terms.contains(&term) {
                terms.push(term);
            }
        }
        terms.truncate(MAX_QUERY_TERMS);
        Self { terms }
    }

    /// Whether nothing searchable was typed (only spaces or punctuation).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

/// A query's run needs only its bigrams: a prefix search for a bigram also finds it at a run's
/// end, where it is indexed; a lone character is searched as itself.
fn query_terms(piece: &Piece) -> Vec<String> {
    match piece {
        Piece::Run(run) if run.chars().count() > 1 => {
            let mut terms = piece.terms();
            terms.pop();
            terms
        }
        _ => piece.terms(),
    }
}

/// Whether `term` may be a typo worth correcting: a word (not a run) of at least
/// [`TYPO_MIN_CHARS`] characters.
pub fn forgives_typo(term: &str) -> bool {
    term.chars().count() >= TYPO_MIN_CHARS && !term.chars().any(is_unspaced)
}

/// Whether `a` becomes `b` by at most one edit: a character inserted, deleted, replaced, or two
/// neighbours swapped.
pub fn within_one_edit(a: &str, b: &str) -> bool {
    edit_distance(a, b) <= 1
}

/// The optimal-string-alignment distance: insertions, deletions, substitutions and swaps of
/// neighbours, each one edit.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows of the dynamic-programming table: two back for swaps.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            current[j] = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                current[j] = current[j].min(before[j - 2] + 1);
            }
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// `word` with each one of its characters left out, without repeats: the keys under which the
/// embedded engine finds words one edit from a query word (two words one edit apart share one
/// of these, or one is the other's).
pub fn deletions(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let mut keys: Vec<String> = Vec::with_capacity(chars.len());
    for skip in 0..chars.len() {
        let key: String = chars
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != skip)
            .map(|(_, c)| c)
            .collect();
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys
}

/// The byte ranges of `text` to highlight for a search that found `terms` (the query's terms and
/// the corrections of its typos): each word that starts with a word term, and in unspaced runs
/// each occurrence of a run term. Ranges are in order, never overlap, and fall on character
/// boundaries.
pub fn highlights(text: &str, terms: &[String]) -> Vec<(usize, usize)> {
    let (runs, words): (Vec<&String>, Vec<&String>) =
        terms.iter().partition(|term| term.chars().any(is_unspaced));
    let mut found: Vec<(usize, usize)> = Vec::new();
    let mut push = |start: usize, end: usize| found.push((start, end));
    // The original text in segments of one kind, each with its byte range.
    let mut start = 0;
    let mut kind = Kind::Other;
    let mut segments: Vec<(Kind, usize, usize)> = Vec::new();
    for (at, c) in text.char_indices() {
        let this = Kind::of(c, kind);
        if this != kind {
            if kind != Kind::Other {
                segments.push((kind, start, at));
            }
            start = at;
            kind = this;
        }
    }
    if kind != Kind::Other {
        segments.push((kind, start, text.len()));
    }
    for (kind, from, to) in segments {
        let segment = &text[from..to];
        match kind {
            Kind::Word => {
                let folded = fold(segment);
                if words.iter().any(|word| folded.starts_with(word.as_str())) {
                    push(from, to);
                }
            }
            Kind::Run => {
                // Folding keeps these characters one for one, so positions carry over.
                let chars: Vec<(usize, String)> = segment
                    .char_indices()
                    .map(|(at, c)| (from + at, fold(&c.to_string())))
                    .collect();
                for run in &runs {
                    let needle: Vec<char> = run.chars().collect();
                    for window in 0..chars.len() {
                        let matches = window + needle.len() <= chars.len()
                            && needle
                                .iter()
                                .zip(&chars[window..])
                                .all(|(want, (_, got))| got.chars().eq(std::iter::once(*want)));
                        if matches {
                            let last = window + needle.len() - 1;
                            let end = chars.get(last + 1).map_or(to, |(at, _)| *at);
                            push(chars[window].0, end);
                        }
                    }
                }
            }
            Kind::Other => {}
        }
    }
    found.sort_unstable();
    let mut ranges: Vec<(usize, usize)> = Vec::with_capacity(found.len());
    for (start, end) in found {
        match ranges.last_mut() {
            Some(last) if last.1 >= start => last.1 = last.1.max(end),
            _ => ranges.push((start, end)),
        }
    }
    ranges
}

/// What a character of the original text is part of, for highlighting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Word,
    Run,
    Other,
}

impl Kind {
    /// The kind of `c`, coming after a character of kind `previous`: combining marks stay with
    /// the word they decorate.
    fn of(c: char, previous: Kind) -> Self {
        let folded = fold(&c.to_string());
        let mark_of_word = previous == Self::Word && !c.is_whitespace() && folded.is_empty();
        if folded.chars().any(is_unspaced) {
            Self::Run
        } else if folded.chars().any(char::is_alphanumeric) || mark_of_word {
            Self::Word
        } else {
            Self::Other
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_removes_case_accents_width_and_arabic_marks() {
        assert_eq!(fold("Crème Brûlée"), "creme brulee");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Ｍａｔｃｈａ　１２"), "matcha 12");
        assert_eq!(fold("Ñandú"), "nandu");
        assert_eq!(fold("Œuvre Øre"), "oeuvre ore");
        // Decomposed input folds like composed input.
        assert_eq!(fold("cre\u{0300}me"), "creme");
        assert_eq!(fold("أَحْمَد"), "احمد");
        assert_eq!(fold("مكتبـــة"), "مكتبه");
        // Kana keep their voicing: が is not か.
        assert_eq!(fold("がか"), "がか");
        assert_eq!(fold("ｶﾀｶﾅ"), "カタカナ");
    }

    #[test]
    fn words_split_on_punctuation_and_runs_on_script() {
        assert_eq!(
            pieces("Feigenblatt-Kerze im Glas"),
            ["feigenblatt", "kerze", "im", "glas"].map(|w| Piece::Word(w.into()))
        );
        assert_eq!(
            pieces("抹茶碗・Kiln&Leaf製"),
            [
                Piece::Run("抹茶碗".into()),
                Piece::Word("kiln".into()),
                Piece::Word("leaf".into()),
                Piece::Run("製".into()),
            ]
        );
        assert_eq!(pieces("ティーポット"), [Piece::Run("ティーポット".into())]);
    }

    #[test]
    fn runs_are_indexed_as_bigrams_and_their_last_character() {
        assert_eq!(index_text("抹茶碗"), "抹茶 茶碗 碗");
        assert_eq!(index_text("茶"), "茶");
        assert_eq!(index_text("Matcha bowl 抹茶"), "matcha bowl 抹茶 茶");
    }

    #[test]
    fn every_character_or_pair_of_a_run_is_found_by_prefix() {
        let indexed = index_text("手作り抹茶碗");
        let terms: Vec<&str> = indexed.split(' ').collect();
        for query in ["手", "作り", "抹茶", "茶碗", "碗", "抹茶碗", "り抹"] {
            for want in Query::parse(query).terms {
                assert!(
                    terms.iter().any(|t| t.starts_with(&want)),
                    "{query}: {want} in {indexed}"
                );
            }
        }
    }

    #[test]
    fn queries_keep_words_in_order_without_repeats() {
        assert_eq!(
            Query::parse("Bowl  matcha, bowl!").terms,
            ["bowl", "matcha"]
        );
        assert_eq!(Query::parse("抹茶碗").terms, ["抹茶", "茶碗"]);
        assert_eq!(Query::parse("碗").terms, ["碗"]);
        assert!(Query::parse(" -- ").is_empty());
        let many = Query::parse("a b c d e f g h i j");
        assert_eq!(many.terms.len(), MAX_QUERY_TERMS);
    }

    #[test]
    fn typos_are_forgiven_only_in_long_words() {
        assert!(forgives_typo("macha"));
        assert!(!forgives_typo("bowl"));
        assert!(!forgives_typo("抹茶抹茶抹"));
    }

    #[test]
    fn one_edit_is_an_insertion_deletion_substitution_or_swap() {
        assert!(within_one_edit("macha", "matcha"));
        assert!(within_one_edit("matcha", "macha"));
        assert!(within_one_edit("matcha", "matcka"));
        assert!(within_one_edit("matcha", "mtacha"));
        assert!(within_one_edit("matcha", "matcha"));
        assert!(!within_one_edit("macha", "mtcha1"));
        assert!(!within_one_edit("kerze", "kreuz"));
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn words_one_edit_apart_share_a_deletion_key() {
        for (typed, stored) in [
            ("macha", "matcha"),
            ("matcka", "matcha"),
            ("mtacha", "matcha"),
        ] {
            let mut typed_keys = deletions(typed);
            typed_keys.push(typed.to_string());
            let mut stored_keys = deletions(stored);
            stored_keys.push(stored.to_string());
            assert!(
                typed_keys.iter().any(|key| stored_keys.contains(key)),
                "{typed} {stored}"
            );
        }
        assert_eq!(deletions("aab"), ["ab", "aa"]);
    }

    #[test]
    fn highlights_cover_words_starting_with_a_term() {
        let text = "Crème teapot, TEA set";
        let ranges = highlights(text, &["creme".into(), "tea".into()]);
        let marked: Vec<&str> = ranges.iter().map(|&(a, b)| &text[a..b]).collect();
        assert_eq!(marked, ["Crème", "teapot", "TEA"]);
        // Decomposed accents stay inside the word they decorate.
        let text = "cre\u{0300}me pot";
        let ranges = highlights(text, &["creme".into()]);
        assert_eq!(&text[ranges[0].0..ranges[0].1], "cre\u{0300}me");
        assert!(highlights("bowl", &["cup".into()]).is_empty());
    }

    #[test]
    fn highlights_in_runs_cover_each_occurrence_and_merge() {
        let text = "手作り抹茶碗と抹茶";
        let ranges = highlights(text, &["抹茶".into(), "茶碗".into()]);
        let marked: Vec<&str> = ranges.iter().map(|&(a, b)| &text[a..b]).collect();
        assert_eq!(marked, ["抹茶碗", "抹茶"]);
        let text = "Ｍａｔｃｈａ 抹茶";
        let ranges = highlights(text, &["matcha".into()]);
        assert_eq!(&text[ranges[0].0..ranges[0].1], "Ｍａｔｃｈａ");
    }
}
