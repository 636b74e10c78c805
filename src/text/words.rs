//! Splitting text into words, without tantivy: [`Words`] (what the analyzers index), and the
//! byte-level splitters behind it and behind [`super::count`]: ASCII text split on its bytes,
//! text of ASCII, Latin-1 letters and news typography by `TypographicWords`, anything else by
//! unicode-segmentation. Property tests hold each equal to the crate's UAX #29 words.

use unicode_segmentation::{UWordBoundIndices, UnicodeSegmentation, UnicodeWordIndices};

/// The words of a text as `lede` indexes them: UAX #29 words holding a letter or digit, cut
/// at colons, with curly and other apostrophes made straight and a possessive `'s` left out.
pub struct Words<'a> {
    text: &'a str,
    segments: Segments<'a>,
    /// What is left of the current word after a colon: (byte offset in text, end).
    rest: Option<(usize, usize)>,
}

impl<'a> Words<'a> {
    /// The words of `text`.
    pub fn new(text: &'a str) -> Words<'a> {
        Words {
            text,
            segments: Segments::new(text),
            rest: None,
        }
    }

    /// The next word: its text written into `word` (cleared first), its byte range in the
    /// text returned (the possessive left out).
    pub fn next_into(&mut self, word: &mut String) -> Option<(usize, usize)> {
        loop {
            if let Some((from, to)) = self.rest.take() {
                if let Some(range) = self.emit(from, to, word) {
                    return Some(range);
                }
                continue;
            }
            let (from, segment) = self.segments.next()?;
            if let Some(range) = self.emit(from, from + segment.len(), word) {
                return Some(range);
            }
        }
    }

    /// Writes the part of `[from, to)` up to its first colon into `out`, keeping the rest for
    /// later; `None` when that part holds no letter or digit.
    fn emit(&mut self, from: usize, to: usize, out: &mut String) -> Option<(usize, usize)> {
        let span = &self.text[from..to];
        let (part_end, rest) = match span.bytes().position(|b| b == b':') {
            Some(i) => (from + i, Some((from + i + 1, to))),
            None => (to, None),
        };
        self.rest = rest.filter(|(a, b)| a < b);
        let part = &self.text[from..part_end];
        if !part.chars().any(char::is_alphanumeric) {
            return None;
        }
        out.clear();
        if part.is_ascii() {
            out.push_str(part);
        } else {
            // Apostrophes unified: the text between them is copied whole.
            let mut rest = part;
            while let Some(i) = rest.find(['’', '‘', 'ʼ', '′']) {
                out.push_str(&rest[..i]);
                out.push('\'');
                let width = rest[i..].chars().next().map_or(1, char::len_utf8);
                rest = &rest[i + width..];
            }
            out.push_str(rest);
        }
        let mut end = part_end;
        if out.len() > 2 && (out.ends_with("'s") || out.ends_with("'S")) {
            out.truncate(out.len() - 2);
            end = from
                + part
                    .char_indices()
                    .rev()
                    .nth(1)
                    .map_or(part.len(), |(i, _)| i);
        }
        Some((from, end))
    }
}

/// The words [`Words`] makes of ASCII text, as byte ranges `(from, to)` given to
/// `each` in order, found on the bytes: the [`ascii_uax29_words`], each cut at its colons,
/// with a possessive `'s` left out of the range. Long words are given too: the caller applies
/// [`is_kept`].
pub(crate) fn ascii_words(text: &[u8], mut each: impl FnMut(usize, usize)) {
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
pub(crate) fn ascii_uax29_words(text: &[u8], mut each: impl FnMut(usize, usize)) {
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

/// UAX #29 word segments of a text. ASCII text takes unicode-segmentation's ASCII fast path,
/// and text of ASCII, Latin-1 letters and news typography [`TypographicWords`]; both yield
/// only the segments holding a letter or digit: [`Words`] drops the others anyway.
pub(crate) enum Segments<'a> {
    Ascii(UnicodeWordIndices<'a>),
    Typographic(TypographicWords<'a>),
    Unicode(UWordBoundIndices<'a>),
}

impl<'a> Segments<'a> {
    pub(crate) fn new(text: &'a str) -> Segments<'a> {
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
/// `,` or `;` between two digits. Scraped news is mostly ASCII with curly quotes and dashes,
/// which a match on each character classifies where the crate's general segmentation looks
/// every character up in its Unicode table.
pub(crate) struct TypographicWords<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> TypographicWords<'a> {
    pub(crate) fn new(text: &'a str) -> Option<TypographicWords<'a>> {
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
