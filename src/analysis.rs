//! Text analysis: how passage text and queries become terms. Every analyzer `lede` uses is built
//! and registered here, so the index and the query side can never disagree.
//!
//! [`WordTokenizer`] splits on UAX #29 word boundaries (unlike tantivy's `SimpleTokenizer`, it
//! keeps "U.S", "1,750" and "don't" whole), splits words at colons, makes curly apostrophes
//! straight and strips possessives ("Russia’s" → "Russia"). The filters then lowercase, fold
//! accents to ASCII ("Süddeutsche" → "suddeutsche") and, for [`STEMMED`], stem English.
//!
//! Indexing speed: [`NewsTokenizer`] does all of that in one token stream, with the same output
//! as the filter chain ([`stemmed_chain`], [`exact_chain`]; a property test holds them equal)
//! but two costs removed. English stemming (Snowball) is the slowest step, and news vocabulary
//! is Zipfian, so stems are memoised per thread. And tantivy indexes a document's fields in
//! field order on one thread, so the words of the last two texts and their stems are kept: the
//! forms field of a text reuses the stemmed field's words and stems, and a headline, which every
//! passage of its article carries, is split and stemmed once per article.
//!
//! ASCII text (most wire copy) is split on its bytes ([`ascii_words`]: property tests hold its
//! words, and [`term_count`]'s count, equal to [`WordTokenizer`]'s), and the stem memo keys
//! short words by integers and records which words stemming leaves alone: on Reuters the
//! tokenizer's time fell by a quarter (0.47 → 0.34 s for the headline and text fields of every
//! passage, stemmed and forms, on one thread).
//!
//! Words as written are not indexed whole a second time. [`FORMS`] indexes only the words
//! stemming changes ("meeting", "talks": one word in four in news text), each under its stem
//! ([`form_term`]); a word stemming leaves alone ("run", "moscow") is where the stemmed field has
//! it and the forms field has no form of it ([`crate::query`] reads them so). That took an
//! eighth of indexing's CPU time off Reuters, where a field of every word as written cost a
//! fifth.

use std::cell::RefCell;

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, Stemmer,
    TextAnalyzer, Token, TokenStream, Tokenizer,
};
use tantivy::Index;
use unicode_segmentation::{UWordBoundIndices, UnicodeSegmentation, UnicodeWordIndices};

/// Analyzer name of the stemmed text fields.
pub const STEMMED: &str = "lede_stemmed";
/// Analyzer name of the exact (unstemmed) analysis of query words and snippets; no field of the
/// index uses it ([`FORMS`] does the job there).
pub const EXACT: &str = "lede_exact";
/// Analyzer name of the forms fields: the words stemming changes, as [`form_term`]s.
pub const FORMS: &str = "lede_forms";

/// Tokens longer than this many bytes are dropped (base64 blobs, URLs run together).
const MAX_TOKEN_BYTES: usize = 64;

/// Whether a word as written, `len` bytes long, is indexed: `RemoveLongFilter`'s rule, for the
/// code paths that do not run the filter itself.
fn is_kept(len: usize) -> bool {
    len < MAX_TOKEN_BYTES
}

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

/// Most stems memoised per thread; the memo starts afresh when full (news vocabulary is
/// Zipfian: the common words come back at once).
const STEM_MEMO_ENTRIES: usize = 200_000;

/// Words, lowercased and folded, then stemmed or not: [`stemmed_chain`] and [`exact_chain`] in
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
    /// The last texts analysed, most recent first: a passage's headline and its text are each
    /// analysed for two fields (stemmed and forms), and the headline again for every passage of
    /// its article.
    recent: Vec<Folded>,
    /// Folded word to its stem, or `None` where stemming leaves it as it is (most words): the
    /// forms field then has no form of it, known without comparing the two. Words of up to 16
    /// bytes (almost all) are keyed by [`short_key`], compared as integers: comparing
    /// string keys was a tenth of the tokenizer's time.
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
fn short_key(word: &str) -> Option<(u64, u64, usize)> {
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

    /// The words stemming changes, each as [`form_term`] of its stem and itself.
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

/// How many terms the text analyzers ([`stemmed`], [`exact`]) make of `text`: its length as
/// BM25 counts it, without stemming or folding anything.
///
/// ASCII text is counted on its bytes ([`ascii_term_count`]): the indexer counts every
/// article's terms, and building each word as a token took a twelfth of the thread that
/// prepares articles.
pub fn term_count(text: &str) -> usize {
    if text.is_ascii() {
        ascii_term_count(text.as_bytes())
    } else if let Some(words) = TypographicWords::new(text) {
        typographic_term_count(words)
    } else {
        term_count_by_tokens(text)
    }
}

/// [`term_count`] of the words of typographic text, without building them: each part of a
/// word between colons is a term (a colon holds only two letters together, so every part has
/// one), and one shorter than [`MAX_TOKEN_BYTES`] as written is kept (unifying apostrophes and
/// leaving out a possessive only shorten it); a longer one is counted by running
/// [`WordTokenizer`] on it.
fn typographic_term_count(words: TypographicWords<'_>) -> usize {
    words
        .flat_map(|(_, word)| word.split(':'))
        .map(|part| {
            if is_kept(part.len()) {
                1
            } else {
                term_count_by_tokens(part)
            }
        })
        .sum()
}

/// [`term_count`] by running [`WordTokenizer`].
fn term_count_by_tokens(text: &str) -> usize {
    let mut tokenizer = WordTokenizer::default();
    let mut stream = tokenizer.token_stream(text);
    let mut count = 0;
    while stream.advance() {
        if is_kept(stream.token().text.len()) {
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

/// The words [`WordTokenizer`] makes of ASCII text, as byte ranges `(from, to)` given to
/// `each` in order, found on the bytes: the [`ascii_uax29_words`], each cut at its colons,
/// with a possessive `'s` left out of the range. Long words are given too: the caller applies
/// [`is_kept`].
fn ascii_words(text: &[u8], mut each: impl FnMut(usize, usize)) {
    ascii_uax29_words(text, |start, end| {
        let mut from = start;
        for part in text[start..end].split(|&b| b == b':') {
            if part.iter().any(u8::is_ascii_alphanumeric) {
                let possessive =
                    part.len() > 2 && matches!(part[part.len() - 2..], [b'\'', b's' | b'S']);
                each(from, from + part.len() - if possessive { 2 } else { 0 });
            }
            from += part.len() + 1;
        }
    });
}

/// The UAX #29 words of ASCII text that hold a letter or digit (unicode-segmentation's
/// `unicode_word_indices`), as byte ranges given to `each` in order, found on the bytes: runs
/// of letters, digits and `_`, held together by `.`, `,`, `;` or `'` between two digits and by
/// `.`, `'` or `:` between two letters.
fn ascii_uax29_words(text: &[u8], mut each: impl FnMut(usize, usize)) {
    let core = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let joins = |b: u8, before: u8, after: u8| match b {
        b'.' | b',' | b';' | b'\'' if before.is_ascii_digit() && after.is_ascii_digit() => true,
        b'\'' | b'.' | b':' => before.is_ascii_alphabetic() && after.is_ascii_alphabetic(),
        _ => false,
    };
    let mut i = 0;
    while i < text.len() {
        if !core(text[i]) {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while i < text.len()
            && (core(text[i]) || (i + 1 < text.len() && joins(text[i], text[i - 1], text[i + 1])))
        {
            i += 1;
        }
        if text[start..i].iter().any(u8::is_ascii_alphanumeric) {
            each(start, i);
        }
    }
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

/// UAX #29 word segments of a text. ASCII text takes unicode-segmentation's ASCII fast path,
/// and text of ASCII, Latin-1 letters and news typography [`TypographicWords`]; both yield
/// only the segments holding a letter or digit: the others are dropped by [`WordTokenStream`]
/// anyway.
enum Segments<'a> {
    Ascii(UnicodeWordIndices<'a>),
    Typographic(TypographicWords<'a>),
    Unicode(UWordBoundIndices<'a>),
}

impl<'a> Segments<'a> {
    fn new(text: &'a str) -> Segments<'a> {
        if text.is_ascii() {
            Segments::Ascii(text.unicode_word_indices())
        } else if let Some(words) = TypographicWords::new(text) {
            Segments::Typographic(words)
        } else {
            Segments::Unicode(text.split_word_bound_indices())
        }
    }
}

impl<'a> Iterator for Segments<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        match self {
            Segments::Ascii(words) => words.next(),
            Segments::Typographic(words) => words.next(),
            Segments::Unicode(words) => words.next(),
        }
    }
}

/// The UAX #29 word-break class of a character, for the characters of [`TypographicWords`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WordClass {
    /// `ALetter`.
    Letter,
    /// `Numeric`.
    Digit,
    /// `ExtendNumLet` (`_`).
    Underscore,
    /// `MidLetter` (`:`).
    MidLetter,
    /// `MidNum` (`,` and `;`).
    MidNum,
    /// `MidNumLet` and `Single_Quote` (`.`, `'`, `‘`, `’`).
    MidNumLet,
    /// Any class that never joins a word here: spaces, line breaks, other punctuation.
    Other,
}

impl WordClass {
    /// The class of a character: ASCII, Latin-1 letters, and the typographic punctuation and
    /// signs of news text; `None` for any other character (the crate's table knows it).
    #[inline]
    fn of(c: char) -> Option<WordClass> {
        const ASCII: [WordClass; 128] = {
            let mut table = [WordClass::Other; 128];
            let mut b = 0;
            while b < 128 {
                table[b] = match b as u8 {
                    b'a'..=b'z' | b'A'..=b'Z' => WordClass::Letter,
                    b'0'..=b'9' => WordClass::Digit,
                    b'_' => WordClass::Underscore,
                    b':' => WordClass::MidLetter,
                    b',' | b';' => WordClass::MidNum,
                    b'.' | b'\'' => WordClass::MidNumLet,
                    _ => WordClass::Other,
                };
                b += 1;
            }
            table
        };
        if c.is_ascii() {
            return Some(ASCII[c as usize]);
        }
        Some(match c {
            'À'..='Ö' | 'Ø'..='ö' | 'ø'..='ÿ' | 'ª' | 'µ' | 'º' => WordClass::Letter,
            '‘' | '’' => WordClass::MidNumLet,
            '\u{a0}' | '“' | '”' | '«' | '»' | '–' | '—' | '…' | '£' | '€' | '°' | '×' | '÷'
            | '•' | '′' | '″' => WordClass::Other,
            _ => return None,
        })
    }

    fn is_core(self) -> bool {
        matches!(
            self,
            WordClass::Letter | WordClass::Digit | WordClass::Underscore
        )
    }

    /// Whether this class, between `before` and `after`, holds a word together (WB6, WB7,
    /// WB11, WB12).
    fn joins(self, before: WordClass, after: WordClass) -> bool {
        let letters = before == WordClass::Letter && after == WordClass::Letter;
        let digits = before == WordClass::Digit && after == WordClass::Digit;
        match self {
            WordClass::MidLetter => letters,
            WordClass::MidNum => digits,
            WordClass::MidNumLet => letters || digits,
            _ => false,
        }
    }
}

/// The UAX #29 words holding a letter or digit (unicode-segmentation's `unicode_word_indices`)
/// of a text whose every character [`WordClass::of`] knows: runs of letters, digits and `_`,
/// held together by `.`, `'`, `’`, `‘` or `:` between two letters and by `.`, `'`, `’`, `‘`,
/// `,` or `;` between two digits. Scraped news is mostly ASCII with curly quotes and dashes;
/// the crate's general segmentation looks every character up in its Unicode table, which took
/// 15% of the CPU time of indexing BuzzFeed's articles.
struct TypographicWords<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> TypographicWords<'a> {
    fn new(text: &'a str) -> Option<TypographicWords<'a>> {
        text.chars()
            .all(|c| c.is_ascii() || WordClass::of(c).is_some())
            .then_some(TypographicWords { text, at: 0 })
    }
}

impl<'a> Iterator for TypographicWords<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let text = self.text;
        let at = self.at;
        let mut chars = text[at..]
            .char_indices()
            .map(move |(i, c)| (at + i, WordClass::of(c).unwrap_or(WordClass::Other)))
            .peekable();
        loop {
            let (start, mut before) = loop {
                match chars.next() {
                    Some((i, class)) if class.is_core() => break (i, class),
                    Some(_) => {}
                    None => {
                        self.at = text.len();
                        return None;
                    }
                }
            };
            let mut alphanumeric = before != WordClass::Underscore;
            let end = loop {
                let Some(&(i, class)) = chars.peek() else {
                    break text.len();
                };
                if class.is_core() {
                    alphanumeric |= class != WordClass::Underscore;
                    before = class;
                    chars.next();
                    continue;
                }
                let mut ahead = chars.clone();
                ahead.next();
                match ahead.next() {
                    Some((_, after)) if class.joins(before, after) => {
                        chars.next();
                    }
                    _ => break i,
                }
            };
            if alphanumeric {
                self.at = end;
                return Some((start, &text[start..end]));
            }
        }
    }
}

/// The token stream of [`WordTokenizer`].
pub struct WordTokenStream<'a> {
    text: &'a str,
    words: Segments<'a>,
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
            words: Segments::new(text),
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
        let (part_end, rest) = match span.bytes().position(|b| b == b':') {
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
        if part.is_ascii() {
            token.text.push_str(part);
        } else {
            // Apostrophes unified: the text between them is copied whole.
            let mut rest = part;
            while let Some(i) = rest.find(['’', '‘', 'ʼ', '′']) {
                token.text.push_str(&rest[..i]);
                token.text.push('\'');
                let width = rest[i..].chars().next().map_or(1, char::len_utf8);
                rest = &rest[i + width..];
            }
            token.text.push_str(rest);
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
        // Every apostrophe-like character is unified, whatever its length in UTF-8.
        assert_eq!(
            texts(exact(), "Kyivʼs ‘word’ O‘Neill don’t’s"),
            ["kyiv", "word", "o'neill", "don't"]
        );
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

    fn tokens(mut analyzer: TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        out
    }

    #[test]
    fn the_fused_tokenizer_matches_the_filter_chain_on_news_text() {
        let text = "Russia’s Lavrov: “pathetic diplomacy” — Süddeutsche Zeitung, 1,750 dlrs; \
                    ÉLYSÉE talks ran 10:30 at the U.S. embassy. İstanbul ß ﬁnance Ⅻ ǅemal";
        let long = format!("{} short {}", "x".repeat(70), "é".repeat(40));
        for t in [text, &long, "", "  ", "talks talks talked"] {
            assert_eq!(tokens(stemmed(), t), tokens(stemmed_chain(), t), "{t}");
            assert_eq!(tokens(exact(), t), tokens(exact_chain(), t), "{t}");
        }
    }

    #[test]
    fn both_fields_of_one_text_share_words_and_stems_stay_right_after_the_memo_fills() {
        // The exact analyzer right after the stemmed one on the same text, and on another.
        let (a, b) = ("Ministers talked", "Ministers talking");
        assert_eq!(texts(stemmed(), a), ["minist", "talk"]);
        assert_eq!(texts(exact(), a), ["ministers", "talked"]);
        assert_eq!(texts(exact(), b), ["ministers", "talking"]);
        // More distinct words than the memo holds: it starts afresh and stems stay right.
        let mut many = String::new();
        for i in 0..(STEM_MEMO_ENTRIES + 10) {
            many.push_str(&format!("talking{i}s "));
        }
        let got = texts(stemmed(), &many);
        assert_eq!(got.len(), STEM_MEMO_ENTRIES + 10);
        assert_eq!(got, texts(stemmed_chain(), &many));
        assert_eq!(texts(stemmed(), "meetings"), ["meet"]);
    }

    /// Every word of `text` as written, rebuilt from the stemmed and forms analyzers' tokens: at
    /// each position, the word of its form term if the forms field has one, else the stem (the
    /// word stemming left alone). Also checks that each form term's stem is the stemmed field's
    /// token at that position.
    fn words_from_stems_and_forms(text: &str) -> Vec<(String, usize, usize, usize)> {
        let forms: std::collections::HashMap<usize, String> = tokens(forms(), text)
            .into_iter()
            .map(|(t, _, _, position)| (position, t))
            .collect();
        tokens(stemmed(), text)
            .into_iter()
            .map(|(stem, from, to, position)| match forms.get(&position) {
                Some(form) => {
                    let (form_stem, word) = form.split_once(FORM_SEPARATOR).unwrap();
                    assert_eq!(form_stem, stem, "{form:?} at {position} of {text:?}");
                    assert_ne!(word, stem);
                    (word.to_string(), from, to, position)
                }
                None => (stem, from, to, position),
            })
            .collect()
    }

    #[test]
    fn forms_hold_only_the_words_stemming_changes() {
        let text = "Ministers met in Moscow; the meeting ran on, talks running late.";
        assert_eq!(
            texts(forms(), text),
            [
                "minist\u{1}ministers",
                "meet\u{1}meeting",
                "talk\u{1}talks",
                "run\u{1}running"
            ]
        );
        assert_eq!(form_term("meet", "meeting"), "meet\u{1}meeting");
        assert!(form_term("meet", "meeting").starts_with(&form_prefix("meet")));
        assert!(!form_term("meeting", "meetings").starts_with(&form_prefix("meet")));
        assert_eq!(words_from_stems_and_forms(text), tokens(exact(), text));
    }

    fn segments(segments: Segments<'_>) -> Vec<(usize, &str)> {
        segments
            .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
            .collect()
    }

    #[test]
    fn ascii_text_takes_the_fast_path() {
        assert!(matches!(Segments::new("U.S. 1,750"), Segments::Ascii(_)));
        assert!(matches!(
            Segments::new("Russia’s “pathetic” £5"),
            Segments::Typographic(_)
        ));
        assert!(matches!(Segments::new("Лавров"), Segments::Unicode(_)));
    }

    proptest! {
        #[test]
        fn the_ascii_fast_path_finds_the_words_of_the_general_one(
            text in "[ -~\\t\\r\\n]{0,200}"
        ) {
            let general = Segments::Unicode(text.split_word_bound_indices());
            prop_assert_eq!(segments(Segments::new(&text)), segments(general));
        }

        #[test]
        fn the_ascii_fast_path_finds_the_words_of_news_shaped_text(
            text in "([A-Za-z0-9]{1,8}[ .,:;'_\\-\\n]{1,2}){0,30}"
        ) {
            let general = Segments::Unicode(text.split_word_bound_indices());
            prop_assert_eq!(segments(Segments::new(&text)), segments(general));
        }

        #[test]
        fn short_keys_tell_words_apart(
            a in "a{0,17}|[ab`]{0,4}|[ab`]{0,17}",
            edit in 0usize..4,
            at in 0usize..17,
            c in "[ab`]",
        ) {
            // Words alike but for one edit: as long, one longer, one shorter, one byte changed.
            let at = at % a.len().max(1);
            let b = match edit {
                0 => a.clone(),
                1 => format!("{a}{c}"),
                2 => a[..a.len().saturating_sub(1)].to_string(),
                _ => format!("{}{c}{}", &a[..at], a.get(at + 1..).unwrap_or("")),
            };
            let (x, y) = (short_key(&a), short_key(&b));
            prop_assert_eq!(x.is_some(), a.len() <= 16);
            if x.is_some() && y.is_some() {
                prop_assert_eq!(x == y, a == b);
            }
        }

        #[test]
        fn ascii_words_are_the_tokenizers(
            text in "([A-Za-z0-9_]{1,8}|[A-Za-z]{60,70}|'[sS]|[ .,:;'_\\-\\r\\n\\t]{1,2}){0,40}"
        ) {
            let mut tokenizer = WordTokenizer::default();
            let mut stream = tokenizer.token_stream(&text);
            let mut want = Vec::new();
            while stream.advance() {
                let t = stream.token();
                prop_assert_eq!(&t.text, &text[t.offset_from..t.offset_to]);
                want.push((t.offset_from, t.offset_to, t.position));
            }
            let mut found = Vec::new();
            ascii_words(text.as_bytes(), |from, to| found.push((from, to, found.len())));
            prop_assert_eq!(found, want);
        }

        #[test]
        fn typographic_words_are_unicode_segmentations(
            news in "([A-Za-zÀ-ÿ0-9_]{1,8}|[A-Za-z]{1,3}[.'’‘:][A-Za-z]{1,3}|[0-9]{1,3}[.,;'’][0-9]{1,3}|[ \u{a0}\n\r\t]{1,2}|[.,:;'’‘“”«»()\\-–—…£€°×÷•′″\x22_]{1,2}){0,40}",
            any in "[\x00-\x7f\u{a0}À-ÿªµº‘’“”«»–—…£€°•′″]{0,80}",
        ) {
            for text in [&news, &any] {
                let want: Vec<(usize, &str)> = text.unicode_word_indices().collect();
                let found: Option<Vec<(usize, &str)>> =
                    TypographicWords::new(text).map(Iterator::collect);
                prop_assert_eq!(found, Some(want));
            }
        }

        #[test]
        fn text_with_other_characters_takes_the_general_path(
            text in "[a-z ’]{0,20}[ɐ-ʯ一-鿿\u{300}-\u{36f}\u{ad}\u{85}\u{200d}]{1,3}[a-z .’]{0,20}",
        ) {
            prop_assert!(TypographicWords::new(&text).is_none());
            let general = Segments::Unicode(text.split_word_bound_indices());
            prop_assert_eq!(segments(Segments::new(&text)), segments(general));
        }

        #[test]
        fn uax29_word_counts_are_unicode_segmentations(
            text in "([A-Za-z0-9_]{1,8}|'[sS]|[ .,:;'_\\-\\r\\n\\t]{1,2}|é){0,40}"
        ) {
            prop_assert_eq!(uax29_word_count(&text), text.unicode_words().count());
        }

        #[test]
        fn ascii_term_counts_are_the_tokenizers(
            text in "([A-Za-z0-9_]{1,8}|[A-Za-z]{60,70}|'[sS]|[ .,:;'_\\-\\r\\n\\t]{1,2}){0,40}"
        ) {
            prop_assert_eq!(term_count(&text), term_count_by_tokens(&text));
        }

        #[test]
        fn typographic_term_counts_are_the_tokenizers(
            text in "([A-Za-zÀ-ÿ0-9_]{1,8}|[A-Za-z’]{60,70}|[’'][sS]|[a-z]{1,3}:[a-z]{1,3}|[ .,:;'’‘“”\\-–—\u{a0}\n]{1,2}){1,40}"
        ) {
            prop_assert_eq!(term_count(&text), term_count_by_tokens(&text));
        }

        #[test]
        fn ascii_term_counts_of_any_ascii_are_the_tokenizers(text in "[ -~\\t\\r\\n]{0,200}") {
            prop_assert_eq!(term_count(&text), term_count_by_tokens(&text));
        }

        #[test]
        fn keyword_terms_of_ascii_values_are_the_analyzers(value in "\\PC{0,40}") {
            let single = value.split_whitespace().collect::<Vec<_>>().join(" ");
            prop_assert_eq!(keyword_term(&value), keyword_term_analyzed(&single));
        }

        #[test]
        fn recent_texts_in_any_order_give_the_words_of_each(
            calls in prop::collection::vec((0usize..5, any::<bool>()), 1..40)
        ) {
            // A headline and passages of one article, analysed in any interleaving.
            let pool = ["Talks in Moscow", "Lavrov met Bonne.", "Bonne met Lavrov", "", "talks"];
            for (i, stem) in calls {
                let text = pool[i];
                if stem {
                    prop_assert_eq!(tokens(stemmed(), text), tokens(stemmed_chain(), text));
                } else {
                    prop_assert_eq!(tokens(exact(), text), tokens(exact_chain(), text));
                }
            }
        }

        #[test]
        fn the_fused_tokenizer_matches_the_filter_chain(text in "\\PC{0,200}") {
            prop_assert_eq!(tokens(stemmed(), &text), tokens(stemmed_chain(), &text));
            prop_assert_eq!(tokens(exact(), &text), tokens(exact_chain(), &text));
        }

        #[test]
        fn the_fused_tokenizer_matches_on_words_and_punctuation(
            text in "([A-Za-zéüİ’'.,:-]{1,12}[ \\n]){0,30}"
        ) {
            prop_assert_eq!(tokens(stemmed(), &text), tokens(stemmed_chain(), &text));
            prop_assert_eq!(tokens(exact(), &text), tokens(exact_chain(), &text));
        }

        #[test]
        fn the_fused_tokenizer_matches_on_ascii_text(
            text in "([A-Za-z0-9_]{1,8}|Talks|MEETING|[a-z]{60,70}|'[sS]|[ .,:;'_\\-\\r\\n]{1,2}){0,40}"
        ) {
            prop_assert_eq!(tokens(stemmed(), &text), tokens(stemmed_chain(), &text));
            prop_assert_eq!(tokens(exact(), &text), tokens(exact_chain(), &text));
        }

        #[test]
        fn stems_and_forms_give_back_every_word_as_written(text in "\\PC{0,200}") {
            prop_assert_eq!(words_from_stems_and_forms(&text), tokens(exact(), &text));
        }

        #[test]
        fn stems_and_forms_give_back_the_words_of_news_shaped_text(
            text in "((The|the|talks|talked|talking|meet|meets|meeting|met|run|runs|running|news|US|U\\.S\\.|Russia’s|Süddeutsche|1,750|ran)[ ,.:]{1,2}){0,40}"
        ) {
            prop_assert_eq!(words_from_stems_and_forms(&text), tokens(exact(), &text));
        }

        #[test]
        fn term_counts_are_the_analyzers_counts(text in "\\PC{0,200}") {
            prop_assert_eq!(term_count(&text), terms(&mut stemmed(), &text).len());
            prop_assert_eq!(term_count(&text), terms(&mut exact(), &text).len());
        }

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
