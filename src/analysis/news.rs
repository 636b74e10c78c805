//! [`NewsTokenizer`]: the stemmed, exact and forms analyses in one token stream, with stems
//! memoised per thread and one text's words shared by its fields.

use std::cell::RefCell;

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, Stemmer, TextAnalyzer, Token,
    TokenStream, Tokenizer,
};

use super::{WordTokenizer, FORM_SEPARATOR};
use crate::text::is_kept;
use crate::text::words::ascii_words;

/// Most stems memoised per thread; the memo starts afresh when full (news vocabulary is
/// Zipfian: the common words come back at once).
pub(super) const STEM_MEMO_ENTRIES: usize = 200_000;

/// Words, lowercased and folded, then stemmed or not: [`super::stemmed_chain`] and [`super::exact_chain`] in
/// one token stream, with stems memoised and one text's words shared by both analyzers.
#[derive(Clone)]
pub struct NewsTokenizer {
    mode: Mode,
    token: Token,
    /// The current text's tokens: offsets, position and range in `texts`.
    tokens: Vec<Span>,
    texts: String,
}

/// One token of the current text.
#[derive(Clone, Copy)]
struct Span {
    from: usize,
    to: usize,
    position: usize,
    start: usize,
    end: usize,
}

/// What the analyzers of one thread share: the folded words of the last few texts, and the
/// stem memo.
struct Shared {
    /// The last texts analysed, most recent first: a headline and a passage's text are each
    /// analysed for two fields (stemmed and forms).
    recent: Vec<Folded>,
    /// Folded word to its stem, or `None` where stemming leaves it as it is (most words): the
    /// forms field then has no form of it, known without comparing the two. Words of up to 16
    /// bytes (almost all) are keyed by [`short_key`], compared as integers rather than as
    /// strings.
    short_stems: FxHashMap<(u64, u64, usize), Option<Box<str>>>,
    /// The memo for longer words.
    stems: FxHashMap<Box<str>, Option<Box<str>>>,
    /// tantivy's own filters, for the rare words the fast paths do not cover.
    fold_chain: TextAnalyzer,
    stem_chain: TextAnalyzer,
    words_tokenizer: WordTokenizer,
}

/// Texts whose words [`Shared`] keeps: a headline and a passage.
const RECENT_TEXTS: usize = 2;

/// One text's words, lowercased and folded, and their stems once a field asked for them.
#[derive(Default)]
struct Folded {
    text: String,
    /// Its words, lowercased and folded, in `folded`.
    words: Vec<Span>,
    folded: String,
    /// Each word's stem as its range in `stems`, or `None` where stemming leaves the word as
    /// it is, once `stemmed`: a text's stemmed and forms fields, and the headline of each
    /// passage of an article, stem its words once.
    stem_spans: Vec<Option<(usize, usize)>>,
    stems: String,
    stemmed: bool,
}

thread_local! {
    static SHARED: RefCell<Shared> = RefCell::new(Shared {
        recent: Vec::new(),
        short_stems: FxHashMap::default(),
        stems: FxHashMap::default(),
        fold_chain: TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build(),
        stem_chain: TextAnalyzer::builder(RawTokenizer::default())
            .filter(Stemmer::new(Language::English))
            .build(),
        words_tokenizer: WordTokenizer::default(),
    });
}

impl Shared {
    /// Splits, lowercases and folds `text`, unless it is one of the texts done last; it is then
    /// first in `recent`.
    fn fold(&mut self, text: &str) {
        if let Some(i) = self.recent.iter().position(|r| r.text == text) {
            self.recent[..=i].rotate_right(1);
            return;
        }
        if self.recent.len() < RECENT_TEXTS {
            self.recent.push(Folded::default());
        }
        self.recent.rotate_right(1);
        let Shared {
            recent,
            fold_chain,
            words_tokenizer,
            ..
        } = self;
        let slot = &mut recent[0];
        slot.text.clear();
        slot.text.push_str(text);
        slot.words.clear();
        slot.folded.clear();
        slot.stem_spans.clear();
        slot.stems.clear();
        slot.stemmed = false;
        if text.is_ascii() {
            let mut position = 0;
            ascii_words(text.as_bytes(), |from, to| {
                position += 1;
                if !is_kept(to - from) {
                    return;
                }
                let start = slot.folded.len();
                slot.folded.push_str(&text[from..to]);
                slot.folded[start..].make_ascii_lowercase();
                slot.words.push(Span {
                    from,
                    to,
                    position: position - 1,
                    start,
                    end: slot.folded.len(),
                });
            });
            return;
        }
        let mut stream = words_tokenizer.token_stream(text);
        while stream.advance() {
            let token = stream.token();
            if !is_kept(token.text.len()) {
                continue;
            }
            let start = slot.folded.len();
            if token.text.is_ascii() {
                // LowerCaser's ASCII path; AsciiFoldingFilter leaves ASCII alone.
                slot.folded.push_str(&token.text);
                slot.folded[start..].make_ascii_lowercase();
            } else {
                let mut chain = fold_chain.token_stream(&token.text);
                while chain.advance() {
                    slot.folded.push_str(&chain.token().text);
                }
            }
            slot.words.push(Span {
                from: token.offset_from,
                to: token.offset_to,
                position: token.position,
                start,
                end: slot.folded.len(),
            });
        }
    }

    /// Appends the stem of a folded word to `out`, from the memo or tantivy's stemmer, and
    /// returns its range there; `None`, with nothing appended, where the stem is the word.
    fn push_stem(&mut self, word: &str, out: &mut String) -> Option<(usize, usize)> {
        let start = out.len();
        let key = short_key(word);
        let memoised = match key {
            Some(key) => self.short_stems.get(&key),
            None => self.stems.get(word),
        };
        if let Some(stem) = memoised {
            out.push_str(stem.as_deref()?);
            return Some((start, out.len()));
        }
        if self.short_stems.len() + self.stems.len() >= STEM_MEMO_ENTRIES {
            self.short_stems.clear();
            self.stems.clear();
        }
        let mut chain = self.stem_chain.token_stream(word);
        while chain.advance() {
            out.push_str(&chain.token().text);
        }
        let changed = &out[start..] != word;
        let stem = changed.then(|| out[start..].into());
        match key {
            Some(key) => self.short_stems.insert(key, stem),
            None => self.stems.insert(word.into(), stem),
        };
        if !changed {
            out.truncate(start);
        }
        changed.then_some((start, out.len()))
    }
}

/// A word of at most 16 bytes as integers, read without copying: overlapping reads of its
/// first and last bytes, which together cover it, and its length.
pub(super) fn short_key(word: &str) -> Option<(u64, u64, usize)> {
    let b = word.as_bytes();
    let n = b.len();
    let read8 = |i: usize| u64::from_le_bytes(b[i..i + 8].try_into().unwrap_or_default());
    let read4 = |i: usize| {
        u64::from(u32::from_le_bytes(
            b[i..i + 4].try_into().unwrap_or_default(),
        ))
    };
    let (first, last) = match n {
        8..=16 => (read8(0), read8(n - 8)),
        4..=7 => (read4(0), read4(n - 4)),
        1..=3 => (
            u64::from(b[0]) | u64::from(b[n / 2]) << 8,
            u64::from(b[n - 1]),
        ),
        0 => (0, 0),
        _ => return None,
    };
    Some((first, last, n))
}

/// What a [`NewsTokenizer`] makes of each word.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Stemmed,
    Exact,
    Forms,
}

impl NewsTokenizer {
    /// Words, lowercased, folded and English-stemmed.
    pub fn stemmed() -> NewsTokenizer {
        NewsTokenizer::new(Mode::Stemmed)
    }

    /// Words, lowercased and folded.
    pub fn exact() -> NewsTokenizer {
        NewsTokenizer::new(Mode::Exact)
    }

    /// The words stemming changes, each as [`super::form_term`] of its stem and itself.
    pub fn forms() -> NewsTokenizer {
        NewsTokenizer::new(Mode::Forms)
    }

    fn new(mode: Mode) -> NewsTokenizer {
        NewsTokenizer {
            mode,
            token: Token::default(),
            tokens: Vec::new(),
            texts: String::new(),
        }
    }
}

/// The token stream of [`NewsTokenizer`].
pub struct NewsTokenStream<'a> {
    tokens: std::slice::Iter<'a, Span>,
    texts: &'a str,
    token: &'a mut Token,
}

impl Tokenizer for NewsTokenizer {
    type TokenStream<'a> = NewsTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> NewsTokenStream<'a> {
        self.tokens.clear();
        self.texts.clear();
        SHARED.with(|shared| {
            let shared = &mut *shared.borrow_mut();
            shared.fold(text);
            // Taken out for the loop, so that the stem memo can be borrowed beside it.
            let mut recent = std::mem::take(&mut shared.recent[0]);
            if self.mode != Mode::Exact && !recent.stemmed {
                for word in &recent.words {
                    let stem =
                        shared.push_stem(&recent.folded[word.start..word.end], &mut recent.stems);
                    recent.stem_spans.push(stem);
                }
                recent.stemmed = true;
            }
            let (words, folded) = (&recent.words, &recent.folded);
            for (i, &word) in words.iter().enumerate() {
                let start = self.texts.len();
                let word_text = &folded[word.start..word.end];
                // Only where stemming changes the word (in `Exact` mode nothing is stemmed).
                let stem = recent
                    .stem_spans
                    .get(i)
                    .copied()
                    .flatten()
                    .map(|(from, to)| &recent.stems[from..to]);
                match (self.mode, stem) {
                    (Mode::Stemmed, Some(stem)) => self.texts.push_str(stem),
                    (Mode::Stemmed | Mode::Exact, _) => self.texts.push_str(word_text),
                    (Mode::Forms, None) => continue,
                    (Mode::Forms, Some(stem)) => {
                        self.texts.push_str(stem);
                        self.texts.push(FORM_SEPARATOR);
                        self.texts.push_str(word_text);
                    }
                }
                self.tokens.push(Span {
                    start,
                    end: self.texts.len(),
                    ..word
                });
            }
            shared.recent[0] = recent;
        });
        self.token.reset();
        NewsTokenStream {
            tokens: self.tokens.iter(),
            texts: &self.texts,
            token: &mut self.token,
        }
    }
}

impl TokenStream for NewsTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(span) = self.tokens.next() else {
            return false;
        };
        let token = &mut *self.token;
        token.text.clear();
        token.text.push_str(&self.texts[span.start..span.end]);
        token.offset_from = span.from;
        token.offset_to = span.to;
        token.position = span.position;
        token.position_length = 1;
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}
