//! Passages: the unit `lede` indexes and returns. Each cleaned paragraph is a passage; a
//! paragraph of more than [`MAX_WORDS`] words is cut at sentence boundaries into passages of
//! balanced length, and only a single sentence longer than that is cut between words.

use unicode_segmentation::UnicodeSegmentation;

use crate::ingest::Paragraph;

/// The most words a passage holds.
pub const MAX_WORDS: usize = 100;

/// One passage of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// Position in the article, from 0.
    pub index: usize,
    /// The text, a contiguous piece of one paragraph, trimmed.
    pub text: String,
    /// The paragraph it is from, from 0.
    pub paragraph: usize,
    /// Its byte range in that paragraph's text.
    pub range: std::ops::Range<usize>,
}

/// Splits an article's paragraphs into passages, numbered from 0.
pub fn split(paragraphs: &[Paragraph]) -> Vec<Passage> {
    let mut out = Vec::new();
    for (p, paragraph) in paragraphs.iter().enumerate() {
        for piece in split_paragraph(&paragraph.text, MAX_WORDS) {
            // Every piece is a slice of the paragraph's text.
            let start = piece.as_ptr() as usize - paragraph.text.as_ptr() as usize;
            out.push(Passage {
                index: out.len(),
                text: piece.to_string(),
                paragraph: p,
                range: start..start + piece.len(),
            });
        }
    }
    out
}

/// Cuts one paragraph into pieces of at most `max` words, at sentence boundaries where possible.
pub fn split_paragraph(text: &str, max: usize) -> Vec<&str> {
    let total = word_count(text);
    if total == 0 {
        return if text.trim().is_empty() {
            Vec::new()
        } else {
            vec![text.trim()]
        };
    }
    if total <= max {
        return vec![text.trim()];
    }
    let pieces = total.div_ceil(max);
    let target = total.div_ceil(pieces);
    // Units are sentences, and pieces of sentences longer than `max`.
    let mut units: Vec<(usize, usize, usize)> = Vec::new();
    for (start, sentence) in sentences(text) {
        let words = word_count(sentence);
        if words <= max {
            units.push((start, start + sentence.len(), words));
        } else {
            let mut cut_start = start;
            let mut cuts = sentence
                .unicode_word_indices()
                .map(|(i, _)| start + i)
                .step_by(max)
                .skip(1)
                .peekable();
            let mut left = words;
            while let Some(cut) = cuts.next() {
                units.push((cut_start, cut, max));
                cut_start = cut;
                left -= max;
                if cuts.peek().is_none() {
                    break;
                }
            }
            units.push((cut_start, start + sentence.len(), left));
        }
    }
    let mut out = Vec::new();
    let (mut begin, mut end, mut words) = (units[0].0, units[0].0, 0);
    for (start, stop, n) in units {
        if words > 0 && words + n > max {
            out.push(&text[begin..end]);
            begin = start;
            words = 0;
        }
        end = stop;
        words += n;
        if words >= target {
            out.push(&text[begin..end]);
            begin = stop;
            words = 0;
        }
    }
    if begin < text.len() && !text[begin..].trim().is_empty() {
        out.push(&text[begin..]);
    }
    out.into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// Words as the index counts them (UAX #29 words).
pub fn word_count(text: &str) -> usize {
    crate::text::uax29_word_count(text)
}

/// Common English abbreviations that end in a full stop without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "adm", "al", "approx", "apr", "aug", "bros", "capt", "cmdr", "co", "col", "corp", "cpl", "dec",
    "dept", "dr", "e.g", "est", "etc", "feb", "fig", "fri", "gen", "gov", "hon", "i.e", "inc",
    "jan", "jr", "jul", "jun", "lt", "ltd", "maj", "mar", "messrs", "mon", "mr", "mrs", "ms", "mt",
    "no", "nov", "oct", "p", "pp", "pres", "prof", "rep", "rev", "sat", "sen", "sep", "sept",
    "sgt", "sr", "st", "sun", "thu", "tue", "vol", "vs", "wed",
];

/// Sentences of `text` with their byte offsets. They cover the text exactly, in order.
///
/// UAX #29 sentence bounds, mended where a full stop ends an abbreviation ("Feb.", "Gen."), an
/// initial or an initialism ("U.S.", "H.W."), or where the next piece starts with a digit or a
/// lower-case letter.
pub fn sentences(text: &str) -> Vec<(usize, &str)> {
    let mut out: Vec<(usize, &str)> = Vec::new();
    let mut glue = false;
    let bounds: Vec<(usize, &str)> = table_sentence_bounds(text)
        .unwrap_or_else(|| text.split_sentence_bound_indices().collect());
    for (start, piece) in bounds {
        if glue {
            if let Some(last) = out.last_mut() {
                last.1 = &text[last.0..start + piece.len()];
                glue = ends_in_abbreviation(last.1);
                continue;
            }
        }
        let starts_lower_or_digit = piece
            .trim_start()
            .chars()
            .next()
            .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit());
        if starts_lower_or_digit && !out.is_empty() && !out.last().unwrap().1.ends_with('\n') {
            let last = out.last_mut().unwrap();
            last.1 = &text[last.0..start + piece.len()];
        } else {
            out.push((start, piece));
        }
        glue = ends_in_abbreviation(out.last().unwrap().1);
    }
    out
}

/// The UAX #29 sentence bounds of `text`, as unicode-segmentation's
/// `split_sentence_bound_indices` gives them, when every character of it is one whose class
/// [`Class::of_char`] knows: ASCII, Latin-1 letters and the typographic punctuation of news
/// (curly quotes, dashes, the no-break space, the ellipsis); `None` otherwise. It runs the
/// crate's state machine (the last four parts of the text, a run of closing punctuation or of
/// spaces being one part), with each character's class read from a table or a short match
/// instead of a binary search of the Unicode ranges.
fn table_sentence_bounds(text: &str) -> Option<Vec<(usize, &str)>> {
    let mut out = Vec::new();
    let mut state = [Part::Start; 4];
    let mut start = 0;
    for (at, c) in text.char_indices() {
        let before = state;
        // A character the table does not know leaves the whole text to the crate.
        let class = Class::of_char(c)?;
        state = advance(state, class);
        if at == 0 {
            continue; // SB1: a sentence starts the text.
        }
        let breaks = match class {
            // SB3: CR × LF.
            Class::Lf if before[3] == Part::Cr => false,
            // SB4: ParaSep ÷.
            _ if matches!(before[3], Part::Cr | Part::Lf) => true,
            // SB6: ATerm × Numeric.
            Class::Numeric if before[3] == Part::ATerm => false,
            // SB7: (Upper | Lower) ATerm × Upper.
            Class::Upper if before[2] == Part::Letter && before[3] == Part::ATerm => false,
            // SB8: ATerm Close* Sp* × ( ¬(OLetter | Upper | Lower | ParaSep | SATerm) )* Lower.
            _ if after_closes_and_spaces(&before, true) == Part::ATerm
                && a_lower_case_word_follows(&text[at..]) =>
            {
                false
            }
            // SB8a: SATerm Close* Sp* × (SContinue | SATerm).
            Class::SContinue | Class::STerm | Class::ATerm if ends_a_sentence(&before, true) => {
                false
            }
            // SB9: SATerm Close* × (Close | Sp | ParaSep).
            Class::Close | Class::Sp | Class::Cr | Class::Lf if ends_a_sentence(&before, false) => {
                false
            }
            // SB10: SATerm Close* Sp* × (Sp | ParaSep).
            Class::Sp | Class::Cr | Class::Lf if ends_a_sentence(&before, true) => false,
            // SB11: SATerm Close* Sp* ParaSep? ÷ (after a ParaSep, SB4 has broken already).
            _ => ends_a_sentence(&before, true),
        };
        if breaks {
            out.push((start, &text[start..at]));
            start = at;
        }
    }
    if !text.is_empty() {
        out.push((start, &text[start..]));
    }
    Some(out)
}

/// A UAX #29 sentence-break class (`OLetter`, `Sep`, `Extend` and `Format` have no member that
/// [`Class::of_char`] knows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Other,
    Cr,
    Lf,
    Sp,
    STerm,
    ATerm,
    Close,
    SContinue,
    Numeric,
    Upper,
    Lower,
}

impl Class {
    /// The class of an ASCII byte, read from a table.
    fn of(b: u8) -> Class {
        const TABLE: [Class; 128] = {
            let mut table = [Class::Other; 128];
            let mut b = 0;
            while b < 128 {
                table[b] = Class::classify(b as u8);
                b += 1;
            }
            table
        };
        TABLE[usize::from(b & 0x7f)]
    }

    /// The class of a character, for ASCII, Latin-1 letters and the typographic punctuation of
    /// news; `None` for any other character (the crate's table knows it).
    fn of_char(c: char) -> Option<Class> {
        Some(match c {
            '\0'..='\x7f' => Class::of(c as u8),
            '\u{a0}' => Class::Sp,
            '‘' | '’' | '“' | '”' | '«' | '»' => Class::Close,
            '–' | '—' => Class::SContinue,
            'À'..='Ö' | 'Ø'..='Þ' => Class::Upper,
            'ß'..='ö' | 'ø'..='ÿ' => Class::Lower,
            '…' | '£' | '€' | '°' | '×' | '÷' | '•' | '′' | '″' => Class::Other,
            _ => return None,
        })
    }

    const fn classify(b: u8) -> Class {
        match b {
            b'\t' | 0x0b | 0x0c | b' ' => Class::Sp,
            b'\r' => Class::Cr,
            b'\n' => Class::Lf,
            b'!' | b'?' => Class::STerm,
            b'.' => Class::ATerm,
            b'"' | b'\'' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => Class::Close,
            b',' | b'-' | b':' | b';' => Class::SContinue,
            b'0'..=b'9' => Class::Numeric,
            b'A'..=b'Z' => Class::Upper,
            b'a'..=b'z' => Class::Lower,
            _ => Class::Other,
        }
    }
}

/// One part of the sentence-break state: a byte, or a run of closing punctuation or spaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Start,
    Other,
    Cr,
    Lf,
    ATerm,
    STerm,
    Letter,
    Close,
    Sp,
}

fn advance(state: [Part; 4], class: Class) -> [Part; 4] {
    let part = match class {
        Class::Cr => Part::Cr,
        Class::Lf => Part::Lf,
        Class::ATerm => Part::ATerm,
        Class::STerm => Part::STerm,
        Class::Upper | Class::Lower => Part::Letter,
        Class::Close => Part::Close,
        Class::Sp => Part::Sp,
        Class::Other | Class::SContinue | Class::Numeric => Part::Other,
    };
    if part == state[3] && matches!(part, Part::Close | Part::Sp) {
        return state;
    }
    [state[1], state[2], state[3], part]
}

/// The part before the `Close*` (and `Sp*`, when `spaces`) that the state ends in.
fn after_closes_and_spaces(state: &[Part; 4], spaces: bool) -> Part {
    let idx = 3 - usize::from(spaces && state[3] == Part::Sp);
    state[idx - usize::from(state[idx] == Part::Close)]
}

/// Whether the state ends in `SATerm Close*`, or `SATerm Close* Sp*` when `spaces`.
fn ends_a_sentence(state: &[Part; 4], spaces: bool) -> bool {
    matches!(
        after_closes_and_spaces(state, spaces),
        Part::STerm | Part::ATerm
    )
}

/// SB8's look ahead: a lower-case letter comes before any other letter, paragraph separator
/// or terminator. (A character the table does not know, read as `Other` here, makes
/// [`table_sentence_bounds`] give up when it reaches it.)
fn a_lower_case_word_follows(ahead: &str) -> bool {
    let class = |c: char| Class::of_char(c).unwrap_or(Class::Other);
    ahead.chars().map(class).find(|c| {
        matches!(
            c,
            Class::Lower | Class::Upper | Class::Cr | Class::Lf | Class::STerm | Class::ATerm
        )
    }) == Some(Class::Lower)
}

fn ends_in_abbreviation(sentence: &str) -> bool {
    if sentence.ends_with('\n') {
        return false;
    }
    let trimmed = sentence.trim_end();
    let Some(before_dot) = trimmed.strip_suffix('.') else {
        return false;
    };
    let word = before_dot
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '‘'))
        .next()
        .unwrap_or("");
    if word.is_empty() {
        return false;
    }
    let lower = word.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    // "J." or "U.S." / "H.W.": single letters separated by dots.
    word.split('.')
        .all(|part| part.chars().count() == 1 && part.chars().all(char::is_alphabetic))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn para(text: &str) -> Paragraph {
        Paragraph {
            first_line: 1,
            last_line: 1,
            text: text.to_string(),
        }
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let text = "Lavrov spoke on Feb. 5 to RT. Talks with the U.S. President went on. Gen. Smith left. H.W. Bush voted.";
        let got: Vec<&str> = sentences(text).into_iter().map(|(_, s)| s.trim()).collect();
        assert_eq!(
            got,
            [
                "Lavrov spoke on Feb. 5 to RT.",
                "Talks with the U.S. President went on.",
                "Gen. Smith left.",
                "H.W. Bush voted."
            ]
        );
    }

    #[test]
    fn short_paragraphs_are_one_passage_each() {
        let ps = split(&[para("One short paragraph."), para("Another one.")]);
        assert_eq!(ps.len(), 2);
        assert_eq!(ps[1].index, 1);
        assert_eq!(ps[1].text, "Another one.");
        assert_eq!((ps[1].paragraph, ps[1].range.clone()), (1, 0..12));
    }

    #[test]
    fn long_paragraphs_split_at_sentences_into_balanced_passages() {
        let sentence = "This sentence has exactly eight words in it. ";
        let text = sentence.repeat(30); // 240 words: three passages of 80
        let ps = split_paragraph(&text, MAX_WORDS);
        assert_eq!(ps.len(), 3);
        for p in &ps {
            assert_eq!(word_count(p), 80);
            assert!(p.ends_with('.'));
        }
    }

    #[test]
    fn a_giant_sentence_is_cut_between_words() {
        let text = "word ".repeat(250);
        let ps = split_paragraph(text.trim(), MAX_WORDS);
        assert_eq!(
            ps.iter().map(|p| word_count(p)).collect::<Vec<_>>(),
            [100, 100, 50]
        );
    }

    fn squash(s: &str) -> String {
        s.split_whitespace().collect()
    }

    proptest! {
        #[test]
        fn passages_cover_all_text_and_none_is_empty_or_too_long(
            words in proptest::collection::vec("[A-Za-z]{1,8}[.,!?]?|U\\.S\\.|Feb\\.|\\d{1,3}", 0..400)
        ) {
            let text = words.join(" ");
            let ps = split_paragraph(&text, MAX_WORDS);
            prop_assert_eq!(squash(&ps.concat()), squash(&text));
            for p in &ps {
                prop_assert!(!p.trim().is_empty());
                prop_assert!(word_count(p) <= MAX_WORDS);
            }
        }

        #[test]
        fn table_sentence_bounds_are_unicode_segmentations(
            text in "([A-Za-z]{1,6}|[0-9]{1,3}|[ \t\x0b\x0c]{1,2}|\r\n|[\r\n]|[.!?]{1,2}|[\"'()\\[\\]{}]{1,2}|[,:;\\-]|[#%&*+/<=>@^_`|~\x00\x7f]){0,60}",
            typographic in "([A-Za-zÀ-ÿ]{1,6}|[0-9]{1,3}|[ \u{a0}]{1,2}|\n|[.!?…]{1,2}|[\"'‘’“”«»()]{1,2}|[,:;\\-–—]|[£€°×÷•′″#]){0,60}",
            any in "[\x00-\x7f]{0,80}",
            latin in "[\x00-\x7f\u{a0}À-ÖØ-öø-ÿ×÷‘’“”«»–—…£€°•′″]{0,80}",
        ) {
            for text in [&text, &typographic, &any, &latin] {
                let want: Vec<(usize, &str)> = text.split_sentence_bound_indices().collect();
                prop_assert_eq!(table_sentence_bounds(text), Some(want));
            }
        }

        #[test]
        fn text_with_other_characters_is_left_to_the_crate(
            text in "[a-z .]{0,20}[ɐ-ʯ一-鿿\u{300}-\u{36f}\u{ad}\u{85}]{1,3}[a-z .]{0,20}",
        ) {
            prop_assert_eq!(table_sentence_bounds(&text), None);
        }

        #[test]
        fn sentences_cover_the_text(text in "\\PC{0,300}") {
            let s = sentences(&text);
            let joined: String = s.iter().map(|(_, piece)| *piece).collect();
            prop_assert_eq!(joined, text.clone());
            for (start, piece) in s {
                prop_assert_eq!(&text[start..start + piece.len()], piece);
            }
        }
    }
}
