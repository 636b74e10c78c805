//! Counting words and terms, without tantivy. Three counts, each for its reader:
//! [`term_count`], the terms the analyzers make (BM25's length); [`uax29_word_count`], UAX #29
//! words (passage length); [`whitespace_word_count`], white-space words (a line's length in
//! cleaning).

use unicode_segmentation::UnicodeSegmentation;

use super::words::{ascii_uax29_words, ascii_words, TypographicWords, Words};

/// Tokens longer than this many bytes are dropped (base64 blobs, URLs run together).
pub const MAX_TOKEN_BYTES: usize = 64;

/// Whether a word as written, `len` bytes long, is indexed: `RemoveLongFilter`'s rule, for the
/// code paths that do not run the filter itself.
pub fn is_kept(len: usize) -> bool {
    len < MAX_TOKEN_BYTES
}

/// How many terms the text analyzers ([`crate::analysis::stemmed`], [`crate::analysis::exact`]) make of `text`: its length as
/// BM25 counts it, without stemming or folding anything.
///
/// ASCII text is counted on its bytes (`ascii_term_count`), typographic text on its
/// characters (`TypographicWords`), without building the words.
pub fn term_count(text: &str) -> usize {
    if text.is_ascii() {
        ascii_term_count(text.as_bytes())
    } else if let Some(words) = TypographicWords::new(text) {
        typographic_term_count(words)
    } else {
        term_count_by_words(text)
    }
}

/// [`term_count`] of the words of typographic text, without building them: each part of a
/// word between colons is a term (a colon holds only two letters together, so every part has
/// one), and one shorter than [`MAX_TOKEN_BYTES`] as written is kept (unifying apostrophes and
/// leaving out a possessive only shorten it); a longer one is counted by splitting it
/// ([`Words`]).
fn typographic_term_count(words: TypographicWords<'_>) -> usize {
    words
        .flat_map(|(_, word)| word.split(':'))
        .map(|part| {
            if is_kept(part.len()) {
                1
            } else {
                term_count_by_words(part)
            }
        })
        .sum()
}

/// [`term_count`] by splitting the words one by one ([`Words`]).
pub(crate) fn term_count_by_words(text: &str) -> usize {
    let mut words = Words::new(text);
    let mut word = String::new();
    let mut count = 0;
    while words.next_into(&mut word).is_some() {
        if is_kept(word.len()) {
            count += 1;
        }
    }
    count
}

/// [`term_count`] of ASCII text, without building its words.
fn ascii_term_count(text: &[u8]) -> usize {
    let mut count = 0;
    ascii_words(text, |from, to| count += usize::from(is_kept(to - from)));
    count
}

/// How many UAX #29 words hold a letter or digit in `text`: `unicode_words().count()`, counted
/// on the bytes when the text is ASCII.
pub fn uax29_word_count(text: &str) -> usize {
    if text.is_ascii() {
        let mut count = 0;
        ascii_uax29_words(text.as_bytes(), |_, _| count += 1);
        count
    } else if let Some(words) = TypographicWords::new(text) {
        words.count()
    } else {
        text.unicode_words().count()
    }
}

/// How many white-space-separated words of `t` hold a letter or digit: the length of a line
/// as cleaning's rules weigh it.
pub fn whitespace_word_count(t: &str) -> usize {
    if t.is_ascii() {
        t.as_bytes()
            .split(|&b| matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' '))
            .filter(|w| w.iter().any(u8::is_ascii_alphanumeric))
            .count()
    } else {
        t.split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count()
    }
}
