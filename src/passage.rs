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
    crate::analysis::uax29_word_count(text)
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
    for (start, piece) in text.split_sentence_bound_indices() {
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
