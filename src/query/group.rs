//! Cross-outlet grouping: the same wire copy or the same quotation carried by several articles
//! is one hit, the other copies listed with it.
//!
//! Two passages of different articles are near-duplicates when most of the shorter one's word
//! 5-grams (shingles) are in the other (wire copy, trimmed or extended by an outlet), or when
//! they carry the same quotation: quotations by the same speaker (or unattributed) that share a
//! run of at least [`MIN_QUOTE_WORDS`] words. Outlets translate and cut a quotation differently
//! ("It's pathetic diplomacy. If you want to call and have a serious conversation, then call.
//! Putin will always pick up the phone" and "…If you want to call and talk about something
//! serious, then call. Putin will always pick up the phone"): a shared run finds both.

use std::collections::HashSet;
use std::hash::{Hash, Hasher};

/// Words per shingle.
pub const SHINGLE_WORDS: usize = 5;
/// Share of the shorter passage's shingles the other must hold.
pub const MIN_CONTAINMENT: f64 = 0.5;
/// Fewest consecutive words two quotations must share to be one.
pub const MIN_QUOTE_WORDS: usize = 5;

/// Lower-cased words of `text` (letters, digits, apostrophes inside words).
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .map(|w| w.trim_matches(['\'', '’']))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('’', "'"))
        .collect()
}

/// A quotation's words as " w1 w2 … ", for containment tests on word boundaries.
pub fn quote_key(text: &str) -> String {
    format!(" {} ", words(text).join(" "))
}

/// Whether two quotations are versions of one: equal, or one contains the other and the shorter
/// has at least `min_words` words.
pub fn same_quote(a: &str, b: &str, min_words: usize) -> bool {
    let (ka, kb) = (quote_key(a), quote_key(b));
    if ka == kb {
        return !ka.trim().is_empty();
    }
    let shorter = ka
        .split_whitespace()
        .count()
        .min(kb.split_whitespace().count());
    shorter >= min_words && (ka.contains(&kb) || kb.contains(&ka))
}

/// Hashes of the `n`-word runs of `words` (one run of all when there are fewer).
fn shingles(words: &[String], n: usize) -> HashSet<u64> {
    words
        .windows(n.min(words.len()).max(1))
        .map(|w| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            w.hash(&mut h);
            h.finish()
        })
        .collect()
}

/// A quotation as grouping compares it.
#[derive(Debug, Clone)]
struct QuoteRuns {
    /// The speaker's surname key, when attributed.
    speaker: Option<String>,
    /// Its runs of [`MIN_QUOTE_WORDS`] words.
    runs: HashSet<u64>,
}

/// What a passage is compared by.
#[derive(Debug, Clone, Default)]
pub struct Fingerprint {
    shingles: HashSet<u64>,
    quotes: Vec<QuoteRuns>,
}

impl Fingerprint {
    /// The fingerprint of a passage's text and its quotations, each with its speaker's surname
    /// key when attributed.
    pub fn new(text: &str, quotes: &[(String, Option<String>)]) -> Fingerprint {
        Fingerprint {
            shingles: shingles(&words(text), SHINGLE_WORDS),
            quotes: quotes
                .iter()
                .map(|(q, speaker)| (words(q), speaker))
                .filter(|(w, _)| w.len() >= MIN_QUOTE_WORDS)
                .map(|(w, speaker)| QuoteRuns {
                    speaker: speaker.clone(),
                    runs: shingles(&w, MIN_QUOTE_WORDS),
                })
                .collect(),
        }
    }

    /// Whether two passages are near-duplicates.
    pub fn near_duplicate(&self, other: &Fingerprint) -> bool {
        let smaller = self.shingles.len().min(other.shingles.len());
        if smaller > 0 {
            let shared = self.shingles.intersection(&other.shingles).count();
            if shared as f64 >= MIN_CONTAINMENT * smaller as f64 {
                return true;
            }
        }
        self.quotes.iter().any(|a| {
            other.quotes.iter().any(|b| {
                let same_speaker = match (&a.speaker, &b.speaker) {
                    (Some(x), Some(y)) => x == y,
                    _ => true,
                };
                same_speaker && !a.runs.is_disjoint(&b.runs)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_copy_trimmed_by_an_outlet_is_a_duplicate() {
        let wire = "Russian Foreign Minister Sergei Lavrov dismissed the French approach on \
                    Thursday, saying Paris had nothing new to offer in the talks.";
        let trimmed = "Russian Foreign Minister Sergei Lavrov dismissed the French approach on \
                       Thursday, saying Paris had nothing new to offer.";
        let other = "Peace talks in Abu Dhabi ended without a deal on Thursday, officials said.";
        let f = |t| Fingerprint::new(t, &[]);
        assert!(f(wire).near_duplicate(&f(trimmed)));
        assert!(!f(wire).near_duplicate(&f(other)));
    }

    fn quoted(text: &str, quotes: &[(&str, Option<&str>)]) -> Fingerprint {
        let quotes: Vec<(String, Option<String>)> = quotes
            .iter()
            .map(|(q, s)| (q.to_string(), s.map(str::to_string)))
            .collect();
        Fingerprint::new(text, &quotes)
    }

    #[test]
    fn a_shared_quotation_makes_passages_one_whatever_its_translation() {
        let a = quoted(
            "Lavrov mocked Paris in an interview.",
            &[(
                "It's pathetic diplomacy. If you want to call and have a serious \
                 conversation, then call. Putin will always pick up the phone",
                Some("lavrov"),
            )],
        );
        let b = quoted(
            "The minister said other things on state television.",
            &[(
                "If you want to call and talk about something serious, then call. Putin \
                 will always pick up the phone.",
                None,
            )],
        );
        assert!(a.near_duplicate(&b));
        let other_speaker = quoted(
            "Someone else entirely.",
            &[("Putin will always pick up the phone", Some("peskov"))],
        );
        assert!(!a.near_duplicate(&other_speaker));
        let short = quoted("x", &[("pathetic diplomacy", Some("lavrov"))]);
        assert!(
            !a.near_duplicate(&short),
            "two shared words are no quotation"
        );
    }

    #[test]
    fn quotes_compare_on_word_boundaries() {
        assert!(same_quote(
            "We are ready to talk.",
            "we are ready to talk",
            5
        ));
        assert!(!same_quote(
            "we are ready to talk",
            "we are ready to talking now",
            5
        ));
        assert!(same_quote("a b c d e", "x a b c d e y", 5));
        assert!(!same_quote("a b c", "x a b c y", 5));
    }
}
