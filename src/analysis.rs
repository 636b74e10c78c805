//! Text analysis: how passage text and queries become terms. Every analyzer `lede` uses is built
//! and registered here, so the index and the query side can never disagree.
//!
//! [`WordTokenizer`] splits on UAX #29 word boundaries (unlike tantivy's `SimpleTokenizer`, it
//! keeps "U.S", "1,750" and "don't" whole), splits words at colons, makes curly apostrophes
//! straight and strips possessives ("Russia’s" → "Russia"). The filters then lowercase, fold
//! accents to ASCII ("Süddeutsche" → "suddeutsche") and, for [`STEMMED`], stem English.

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, Stemmer,
    TextAnalyzer, Token, TokenStream, Tokenizer,
};
use tantivy::Index;
use unicode_segmentation::{UWordBoundIndices, UnicodeSegmentation};

/// Analyzer name of the stemmed text fields.
pub const STEMMED: &str = "lede_stemmed";
/// Analyzer name of the exact (unstemmed) text fields, used for phrases.
pub const EXACT: &str = "lede_exact";
/// Analyzer name of keyword fields (outlet, speaker): the whole value, lowercased and folded.
pub const KEYWORD: &str = "lede_keyword";

/// Tokens longer than this many bytes are dropped (base64 blobs, URLs run together).
const MAX_TOKEN_BYTES: usize = 64;

/// Registers every analyzer on `index`. Call it on every index opened or created.
pub fn register(index: &Index) {
    let manager = index.tokenizers();
    manager.register(STEMMED, stemmed());
    manager.register(EXACT, exact());
    manager.register(KEYWORD, keyword());
}

/// The stemmed analyzer: words, lowercased, folded, English-stemmed.
pub fn stemmed() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// The exact analyzer: words, lowercased, folded, not stemmed.
pub fn exact() -> TextAnalyzer {
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
/// runs of white space made single.
pub fn keyword_term(value: &str) -> String {
    let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut analyzer = keyword();
    let mut stream = analyzer.token_stream(&value);
    let mut out = String::new();
    while let Some(token) = stream.next() {
        out.push_str(&token.text);
    }
    out
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

/// Splits text into UAX #29 words, with apostrophes unified and possessives stripped.
#[derive(Clone, Default)]
pub struct WordTokenizer {
    token: Token,
}

/// The token stream of [`WordTokenizer`].
pub struct WordTokenStream<'a> {
    text: &'a str,
    words: UWordBoundIndices<'a>,
    /// What is left of the current word after a colon: (byte offset in text, end).
    rest: Option<(usize, usize)>,
    token: &'a mut Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordTokenStream<'a> {
        self.token.reset();
        WordTokenStream {
            text,
            words: text.split_word_bound_indices(),
            rest: None,
            token: &mut self.token,
        }
    }
}

impl WordTokenStream<'_> {
    /// Emits the part of `[from, to)` up to its first colon, keeping the rest for later.
    /// Returns false when that part holds no letter or digit.
    fn emit(&mut self, from: usize, to: usize) -> bool {
        let span = &self.text[from..to];
        let (part_end, rest) = match span.find(':') {
            Some(i) => (from + i, Some((from + i + 1, to))),
            None => (to, None),
        };
        self.rest = rest.filter(|(a, b)| a < b);
        let part = &self.text[from..part_end];
        if !part.chars().any(char::is_alphanumeric) {
            return false;
        }
        let token = &mut *self.token;
        token.text.clear();
        for c in part.chars() {
            token.text.push(if matches!(c, '’' | '‘' | 'ʼ' | '′') {
                '\''
            } else {
                c
            });
        }
        let mut end = part_end;
        if token.text.len() > 2 && (token.text.ends_with("'s") || token.text.ends_with("'S")) {
            token.text.truncate(token.text.len() - 2);
            end = from
                + part
                    .char_indices()
                    .rev()
                    .nth(1)
                    .map_or(part.len(), |(i, _)| i);
        }
        token.offset_from = from;
        token.offset_to = end;
        token.position = token.position.wrapping_add(1);
        token.position_length = 1;
        true
    }
}

impl TokenStream for WordTokenStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            if let Some((from, to)) = self.rest.take() {
                if self.emit(from, to) {
                    return true;
                }
                continue;
            }
            let Some((from, word)) = self.words.next() else {
                return false;
            };
            if self.emit(from, from + word.len()) {
                return true;
            }
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn texts(mut analyzer: TextAnalyzer, text: &str) -> Vec<String> {
        terms(&mut analyzer, text)
            .into_iter()
            .map(|t| t.0)
            .collect()
    }

    #[test]
    fn words_are_uax29_words() {
        assert_eq!(
            texts(exact(), "The U.S. paid 1,750 dlrs; full-scale war."),
            ["the", "u.s", "paid", "1,750", "dlrs", "full", "scale", "war"]
        );
    }

    #[test]
    fn apostrophes_and_possessives() {
        assert_eq!(texts(exact(), "Russia’s Russia's"), ["russia", "russia"]);
        assert_eq!(texts(exact(), "it’s don't"), ["it", "don't"]);
    }

    #[test]
    fn accents_fold_and_case_lowers() {
        assert_eq!(
            texts(exact(), "Süddeutsche ZEITUNG"),
            ["suddeutsche", "zeitung"]
        );
        assert_eq!(texts(exact(), "Suddeutsche"), ["suddeutsche"]);
    }

    #[test]
    fn stemming_only_on_the_stemmed_analyzer() {
        assert_eq!(texts(stemmed(), "talks diplomacy"), ["talk", "diplomaci"]);
        assert_eq!(texts(exact(), "talks diplomacy"), ["talks", "diplomacy"]);
    }

    #[test]
    fn colons_split_words() {
        assert_eq!(
            texts(exact(), "speaker:lavrov PARIS: 10:30"),
            ["speaker", "lavrov", "paris", "10", "30"]
        );
    }

    #[test]
    fn offsets_point_at_the_word_without_its_possessive() {
        let text = "Macron’s plan";
        let t = terms(&mut exact(), text);
        assert_eq!(&text[t[0].1..t[0].2], "Macron");
        assert_eq!(&text[t[1].1..t[1].2], "plan");
    }

    #[test]
    fn keyword_terms_are_folded_whole_values() {
        assert_eq!(
            keyword_term("  Süddeutsche   Zeitung "),
            "suddeutsche zeitung"
        );
    }

    proptest! {
        #[test]
        fn tokens_are_nonempty_and_offsets_valid(text in "\\PC{0,200}") {
            let mut analyzer = stemmed();
            for (term, from, to) in terms(&mut analyzer, &text) {
                prop_assert!(!term.is_empty());
                prop_assert!(from <= to && to <= text.len());
                prop_assert!(text.is_char_boundary(from) && text.is_char_boundary(to));
            }
        }
    }
}
