//! The patterns of attribution (`NAME said`, `said NAME`, `according to NAME`) and of
//! capitalised runs.

use std::ops::Range;
use std::sync::LazyLock;

use crate::pattern::Pattern;

pub(super) const VERBS: &str = r"(?:said|says|stated|states|added|adds|told|tells|noted|notes|argued|warned|explained|insisted|claimed|wrote|writes|tweeted|posted|asked|replied|declared|announced|stressed|emphasi[sz]ed|underlined|underscored|reiterated|acknowledged|confirmed|continued|recalled|mocked|quipped|remarked|observed|concluded|indicated|suggested|urged|criticized|criticised|dismissed|cautioned|predicted|agreed|admitted|boasted|complained|recounted|responded)";
/// A speaker as text writes it: a capitalised run (with titles), a pronoun, or a role phrase.
pub(super) const SPEAKER: &str = r"([Tt]he\s+(?:\p{L}+\s+){0,3}(?:president|minister|leader|spokesman|spokeswoman|spokesperson|chancellor|secretary|senator|governor|mayor|ambassador|envoy|official|diplomat|analyst|adviser|aide|chief|premier)\b|(?:\p{Lu}(?:\.(?:\p{Lu}\.)*|[\p{L}'’-]*)\s+){0,6}\p{Lu}[\p{L}'’-]+|[Hh]e|[Ss]he)";
/// [`SPEAKER`] with abbreviated titles in the run (`Gov. Phil Bryant`, `Rep. Jim Clyburn`): for
/// the attributions next to a quote, where the search is short.
const TITLED_SPEAKER: &str = r"([Tt]he\s+(?:\p{L}+\s+){0,3}(?:president|minister|leader|spokesman|spokeswoman|spokesperson|chancellor|secretary|senator|governor|mayor|ambassador|envoy|official|diplomat|analyst|adviser|aide|chief|premier)\b|(?:\p{Lu}(?:\.(?:\p{Lu}\.)*|\p{Ll}{1,3}\.|[\p{L}'’-]*)\s+){0,6}\p{Lu}[\p{L}'’-]+|[Hh]e|[Ss]he)";

pub(super) static TRAILING: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(&format!(
        r"^\s*[,.!?]?\s*(?:{TITLED_SPEAKER}{BETWEEN}{VERBS}\b|{VERBS}\s+{TITLED_SPEAKER})"
    ))
});
/// Words that may stand between a speaker and the verb: `Fallon, a spokesman for the
/// campaign, said`, `Kasich (R-OH) said`, `Albright recently urged`, `Pacheco once said`.
const BETWEEN: &str = r"(?:\s*\([^)]+\))?(?:,\s+[^,“”\x22]+,)?,?\s+(?:(?:has|had|have|also|once|later|then|previously|recently|repeatedly|\p{Ll}+ly)\s+){0,2}";

pub(super) static LEADING: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(&format!(
        r"{TITLED_SPEAKER}{BETWEEN}{VERBS}\b|(?:^|[.!?]\s+)[Ss]aid\s+{TITLED_SPEAKER}"
    ))
});
/// Any verb of speech as a bare string, word boundaries aside: a text without one holds no
/// [`LEADING`] match, and this literal search is much quicker than that pattern's.
pub(super) static ANY_VERB: LazyLock<regex::Regex> =
    LazyLock::new(|| crate::pattern::compile(&format!("{VERBS}|Said")));
/// The subject of a sentence that quotes with `saying` (`Warren endorsed Clinton, saying, “`);
/// searched only in sentences that hold the word.
pub(super) static SAYING: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(&format!(r"{TITLED_SPEAKER}\s+[^.“”\x22]*?\bsaying\b")));
/// Any attribution after a quote, named or not (`a source close to the campaign said`).
pub(super) static ANONYMOUS_TRAILING: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(&format!(
        r"^\s*[,.!?]?\s*(?:[\p{{L}}.'’-]+,?\s+){{1,8}}?{VERBS}\b"
    ))
});

/// A verb of speech opening an attribution (`said Clinton ally James Carville`).
pub(super) static VERB_FIRST: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(&format!(r"^\s*[,.!?]?\s*{VERBS}\s+")));

/// A speaker after a quote behind a role of its own (`Senate minority leader Harry Reid
/// told`, `Gov. Kasich replied`): the role's words (group 1) are checked to be no clause
/// (`a source close to Trump said`).
pub(super) static ROLE_TRAILING: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(&format!(
        r"^\s*[,.!?]?\s*((?:[\p{{L}}.'’-]+\s+){{1,4}}?){TITLED_SPEAKER}(?:\s*\([^)]{{1,25}}\))?\s+{VERBS}\b"
    ))
});
/// The patterns of paraphrase (`NAME … said`, `according to NAME`, `said NAME,`), and for
/// each, words one of which a paragraph must hold for it to match (none: no such words). A
/// literal search for those words passes over the paragraphs the last two cannot match; the
/// first, whose verbs most paragraphs hold, is searched at once.
pub(super) struct Paraphrases {
    pub(super) patterns: [Pattern; 3],
    pub(super) needs: [&'static [&'static str]; 3],
}

pub(super) static PARAPHRASES: LazyLock<Paraphrases> = LazyLock::new(|| {
    let sources = [
        format!(r"{SPEAKER}\s+(?:(?:has|had|have|also|\p{{Ll}}+ly)\s+){{0,2}}{VERBS}\b"),
        format!(r"\b[Aa]ccording to\s+{SPEAKER}"),
        format!(r"\b(?:said|says|told)\s+{SPEAKER}\s*[,.]"),
    ];
    Paraphrases {
        patterns: sources.each_ref().map(|source| Pattern::new(source)),
        needs: [&[], &["ccording to"], &["said", "says", "told"]],
    }
});
pub(super) static CAPITALISED_RUN: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?:\p{Lu}(?:\.(?:\p{Lu}\.)*|[\p{L}'’-]*)\s+){1,6}\p{Lu}[\p{L}'’-]+")
});

/// The byte ranges of [`CAPITALISED_RUN`]'s matches in a paragraph, in order. ASCII text is
/// scanned on its bytes ([`ascii_capitalised_run`] at each capital): the pattern's search was
/// a seventh of speaker extraction's time.
pub(super) fn capitalised_runs(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut matches = (!text.is_ascii()).then(|| CAPITALISED_RUN.on(text).find_iter(text));
    let mut from = 0;
    std::iter::from_fn(move || match &mut matches {
        Some(matches) => matches.next().map(|m| m.range()),
        None => {
            // A match starts at a capital: the others are passed over.
            let bytes = text.as_bytes();
            while let Some(offset) = bytes[from..].iter().position(u8::is_ascii_uppercase) {
                let start = from + offset;
                if let Some(end) = ascii_capitalised_run(bytes, start) {
                    from = end;
                    return Some(start..end);
                }
                from = start + 1;
            }
            from = bytes.len();
            None
        }
    })
}

/// The end of [`CAPITALISED_RUN`]'s match in ASCII `text` that starts at `start`, if one does:
/// up to six words, each a capital and initials ("U.S.") or name letters ("O'Neil"), then
/// spaces, and a last word of a capital and at least one name letter. As the regex's greedy
/// repetition, it takes as many words before the last as can be.
///
/// Each word before the last matches in one way only: the letters it takes, or the initials,
/// must be followed by a space, and a shorter take would be followed by a letter or a stop.
pub(super) fn ascii_capitalised_run(text: &[u8], start: usize) -> Option<usize> {
    let at = |i: usize| text.get(i).copied().unwrap_or(0);
    let name_letter = |i: usize| at(i).is_ascii_alphabetic() || matches!(at(i), b'\'' | b'-');
    let space = |i: usize| crate::pattern::is_ascii_white_space(at(i));
    // Where each word before the last ends, its spaces included.
    let mut ends = [0; 6];
    let mut words = 0;
    let mut i = start;
    while words < ends.len() && at(i).is_ascii_uppercase() {
        i += 1;
        if at(i) == b'.' {
            i += 1;
            while at(i).is_ascii_uppercase() && at(i + 1) == b'.' {
                i += 2;
            }
        } else {
            while name_letter(i) {
                i += 1;
            }
        }
        if !space(i) {
            break;
        }
        while space(i) {
            i += 1;
        }
        ends[words] = i;
        words += 1;
    }
    ends[..words].iter().rev().find_map(|&last| {
        (at(last).is_ascii_uppercase() && name_letter(last + 1)).then(|| {
            let mut end = last + 2;
            while name_letter(end) {
                end += 1;
            }
            end
        })
    })
}
