//! Text analysis: how passage text and queries become terms. Every analyzer `lede` uses is built
//! and registered here, so the index and the query side can never disagree.
//!
//! Words are [`crate::text::Words`] (UAX #29 words, cut at colons, apostrophes made straight,
//! possessives stripped: "U.S", "1,750" and "don't" stay whole, "Russia’s" is "Russia"); the
//! analyzers lowercase them, fold accents to ASCII ("Süddeutsche" → "suddeutsche") with
//! tantivy's filter and, for [`STEMMED`], stem English (Snowball).
//!
//! [`NewsTokenizer`] does all of that in one token stream, with the output of the filter chain
//! ([`stemmed_chain`], [`exact_chain`]; a property test holds them equal): stems are memoised
//! per thread (news vocabulary is Zipfian), and a text analysed for two fields (stemmed and
//! forms) is split and stemmed once.
//!
//! Words as written are not indexed whole a second time: [`FORMS`] indexes only the words
//! stemming changes ("meeting", "talks"), each under its stem ([`form_term`]); a word stemming
//! leaves alone ("run", "moscow") is where the stemmed field has it and the forms field has no
//! form of it ([`crate::query`] reads them so).

mod news;
#[cfg(test)]
mod tests;
mod word;

pub use news::{NewsTokenStream, NewsTokenizer};
pub use word::{WordTokenStream, WordTokenizer};

use std::cell::RefCell;

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, Stemmer, TextAnalyzer,
};
use tantivy::Index;

use crate::text::MAX_TOKEN_BYTES;

/// Analyzer name of the stemmed text fields.
pub const STEMMED: &str = "lede_stemmed";
/// Analyzer name of the exact (unstemmed) analysis of query words and snippets; no field of the
/// index uses it ([`FORMS`] does the job there).
pub const EXACT: &str = "lede_exact";
/// Analyzer name of the forms fields: the words stemming changes, as [`form_term`]s.
pub const FORMS: &str = "lede_forms";

/// Registers every analyzer on `index`. Call it on every index opened or created.
pub fn register(index: &Index) {
    let manager = index.tokenizers();
    manager.register(STEMMED, stemmed());
    manager.register(EXACT, exact());
    manager.register(FORMS, forms());
}

/// Between a stem and a word in a [`form_term`]: below every character a word holds.
const FORM_SEPARATOR: char = '\u{1}';

/// The term of the forms fields for a word `word` that stems to `stem` (`stem` ≠ `word`): the
/// stem first, so that the words of one stem are neighbours in the term dictionary, all under
/// [`form_prefix`]`(stem)`.
pub fn form_term(stem: &str, word: &str) -> String {
    format!("{stem}{FORM_SEPARATOR}{word}")
}

/// The prefix of the [`form_term`]s of every word that stems to `stem`.
pub fn form_prefix(stem: &str) -> String {
    format!("{stem}{FORM_SEPARATOR}")
}

/// The forms analyzer: of the exact analyzer's words, those stemming changes, each as its
/// [`form_term`]. A word that stemming leaves alone is where the stemmed field has it and this
/// field has nothing.
pub fn forms() -> TextAnalyzer {
    TextAnalyzer::from(NewsTokenizer::forms())
}

/// The stemmed analyzer: words, lowercased, folded, English-stemmed.
pub fn stemmed() -> TextAnalyzer {
    TextAnalyzer::from(NewsTokenizer::stemmed())
}

/// The exact analyzer: words, lowercased, folded, not stemmed.
pub fn exact() -> TextAnalyzer {
    TextAnalyzer::from(NewsTokenizer::exact())
}

/// [`stemmed`] as a chain of tantivy's own filters: the reference [`NewsTokenizer`] matches.
pub fn stemmed_chain() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// [`exact`] as a chain of tantivy's own filters: the reference [`NewsTokenizer`] matches.
pub fn exact_chain() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The keyword analyzer: the whole value as one term, lowercased and folded.
pub fn keyword() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Normalises a keyword value (outlet or speaker name) the way [`keyword`] indexes it, with
/// runs of white space made single. Speaker extraction calls it for every capitalised run, so
/// ASCII values skip the analyzer (whose output on ASCII is the lower-cased value).
pub fn keyword_term(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for word in value.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_ascii() {
        out.make_ascii_lowercase();
        return out;
    }
    keyword_term_analyzed(&out)
}

/// [`keyword_term`] of a value whose white space is already single, by the [`keyword`]
/// analyzer.
fn keyword_term_analyzed(value: &str) -> String {
    thread_local! {
        static KEYWORD_ANALYZER: RefCell<TextAnalyzer> = RefCell::new(keyword());
    }
    KEYWORD_ANALYZER.with(|analyzer| {
        let mut analyzer = analyzer.borrow_mut();
        let mut stream = analyzer.token_stream(value);
        let mut out = String::new();
        while let Some(token) = stream.next() {
            out.push_str(&token.text);
        }
        out
    })
}

/// The terms `analyzer` makes of `text`, with their byte offsets in `text`.
pub fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize)> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push((token.text.clone(), token.offset_from, token.offset_to));
    }
    out
}
