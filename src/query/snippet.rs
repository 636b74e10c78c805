//! Snippets: the part of a passage that best shows why it matched, with the matches marked.

use std::collections::HashSet;
use std::ops::Range;

use serde::Serializer;

use crate::analysis::{self, terms};

/// How many words a snippet shows at most.
pub const SNIPPET_WORDS: usize = 36;

/// A piece of passage text with the byte ranges of the matched words.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snippet {
    /// The text, with `…` where it was cut.
    pub text: String,
    /// Byte ranges in `text` of the matches, sorted, not overlapping; adjacent matches merged.
    pub highlights: Vec<Range<usize>>,
}

impl Snippet {
    /// The text with every match wrapped in `open` and `close`.
    pub fn marked(&self, open: &str, close: &str) -> String {
        let mut out = String::with_capacity(self.text.len() + 8 * self.highlights.len());
        let mut at = 0;
        for h in &self.highlights {
            out.push_str(&self.text[at..h.start]);
            out.push_str(open);
            out.push_str(&self.text[h.clone()]);
            out.push_str(close);
            at = h.end;
        }
        out.push_str(&self.text[at..]);
        out
    }
}

/// Serialises a snippet as its text with matches in `**…**`.
pub(crate) fn serialize_marked<S: Serializer>(snippet: &Snippet, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&snippet.marked("**", "**"))
}

/// Finds matches of a query's terms in passage text.
pub struct Highlighter {
    stems: HashSet<String>,
    phrases: Vec<Vec<String>>,
    stemmed: tantivy::tokenizer::TextAnalyzer,
    exact: tantivy::tokenizer::TextAnalyzer,
}

impl Highlighter {
    /// A highlighter for these stems (matched by the stemmed analyzer) and phrases (sequences of
    /// exact terms).
    pub fn new(stems: HashSet<String>, phrases: Vec<Vec<String>>) -> Highlighter {
        Highlighter {
            stems,
            phrases,
            stemmed: analysis::stemmed(),
            exact: analysis::exact(),
        }
    }

    /// The best window of `text` and its matches.
    pub fn snippet(&mut self, text: &str) -> Snippet {
        let stems = terms(&mut self.stemmed, text);
        let exact = terms(&mut self.exact, text);
        let n = stems.len();
        if n == 0 {
            // Nothing but punctuation or symbols: shown whole, nothing marked.
            return Snippet {
                text: text.trim().to_string(),
                highlights: Vec::new(),
            };
        }
        let mut matched = vec![false; n];
        for (i, (stem, _, _)) in stems.iter().enumerate() {
            if self.stems.contains(stem) {
                matched[i] = true;
            }
        }
        for phrase in &self.phrases {
            if phrase.is_empty() || phrase.len() > exact.len() {
                continue;
            }
            for start in 0..=exact.len() - phrase.len() {
                if exact[start..start + phrase.len()]
                    .iter()
                    .zip(phrase)
                    .all(|(t, p)| &t.0 == p)
                {
                    matched[start..start + phrase.len()].fill(true);
                }
            }
        }
        let (first, last) = snap_to_sentence(text, &stems, &matched, best_window(&stems, &matched));
        let start = if first == 0 {
            0
        } else {
            word_start(text, stems[first].1)
        };
        let end = if last + 1 >= n {
            text.len()
        } else {
            word_end(text, stems[last].2)
        };
        let prefix = if start > 0 { "…" } else { "" };
        let suffix = if end < text.len() { "…" } else { "" };
        let mut snippet = Snippet {
            text: format!("{prefix}{}{suffix}", text[start..end].trim()),
            highlights: Vec::new(),
        };
        let shift = prefix.len() + (text[start..end].len() - text[start..end].trim_start().len());
        for i in (first..=last.min(n.saturating_sub(1))).filter(|&i| matched[i]) {
            let (_, from, to) = &stems[i];
            let range = (from - start + shift)..(to - start + shift);
            match snippet.highlights.last_mut() {
                Some(prev) if snippet.text[prev.end..range.start].trim().is_empty() => {
                    prev.end = range.end
                }
                _ => snippet.highlights.push(range),
            }
        }
        snippet
    }
}

/// The window of at most [`SNIPPET_WORDS`] terms with the most distinct matched terms, then the
/// most matches, then about four words of context before its first match. Returns the first and
/// last term index.
fn best_window(terms: &[(String, usize, usize)], matched: &[bool]) -> (usize, usize) {
    const LEAD: isize = 4;
    let n = terms.len();
    if n <= SNIPPET_WORDS {
        return (0, n.saturating_sub(1));
    }
    let mut best = ((0, 0, isize::MIN), 0);
    for start in 0..=n - SNIPPET_WORDS {
        let window = start..start + SNIPPET_WORDS;
        let hits: Vec<usize> = window.filter(|&i| matched[i]).collect();
        let distinct: HashSet<&str> = hits.iter().map(|&i| terms[i].0.as_str()).collect();
        let lead = hits.first().map_or(0, |&m| (m - start) as isize);
        let key = (distinct.len(), hits.len(), -(lead - LEAD).abs());
        if key > best.0 {
            best = (key, start);
        }
    }
    (best.1, best.1 + SNIPPET_WORDS - 1)
}

/// Moves a window back to the start of the sentence its first match is in, when that keeps
/// every match of the window: snippets then read from a sentence start.
fn snap_to_sentence(
    text: &str,
    terms: &[(String, usize, usize)],
    matched: &[bool],
    (first, last): (usize, usize),
) -> (usize, usize) {
    let Some(first_match) = (first..=last).find(|&i| matched.get(i) == Some(&true)) else {
        return (first, last);
    };
    let at = terms[first_match].1;
    let sentence_start = crate::passage::sentences(text)
        .into_iter()
        .map(|(start, piece)| start + (piece.len() - piece.trim_start().len()))
        .take_while(|&start| start <= at)
        .last()
        .unwrap_or(0);
    let Some(new_first) = terms.iter().position(|t| t.1 >= sentence_start) else {
        return (first, last);
    };
    if new_first >= first {
        return (first, last);
    }
    let new_last = (new_first + SNIPPET_WORDS - 1).min(terms.len() - 1);
    let last_match = (first..=last)
        .rev()
        .find(|&i| matched[i])
        .unwrap_or(first_match);
    if last_match <= new_last {
        (new_first, new_last)
    } else {
        (first, last)
    }
}

/// Back from `at` to the start of its white-space-delimited word (keeps an opening quote).
fn word_start(text: &str, at: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// On from `at` to the end of its white-space-delimited word (keeps closing punctuation).
fn word_end(text: &str, at: usize) -> usize {
    text[at..]
        .char_indices()
        .find(|(_, c)| c.is_whitespace())
        .map_or(text.len(), |(i, _)| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn highlighter(stems: &[&str], phrases: &[&[&str]]) -> Highlighter {
        Highlighter::new(
            stems.iter().map(|s| s.to_string()).collect(),
            phrases
                .iter()
                .map(|p| p.iter().map(|s| s.to_string()).collect())
                .collect(),
        )
    }

    #[test]
    fn short_passages_are_whole_with_adjacent_matches_merged() {
        let s = highlighter(&["pathet", "diplomaci"], &[])
            .snippet("“It’s pathetic diplomacy,” Lavrov said.");
        assert_eq!(s.text, "“It’s pathetic diplomacy,” Lavrov said.");
        assert_eq!(
            s.marked("[", "]"),
            "“It’s [pathetic diplomacy],” Lavrov said."
        );
    }

    #[test]
    fn passages_without_words_are_shown_whole() {
        let s = highlighter(&["x"], &[]).snippet(" — … ");
        assert_eq!((s.text.as_str(), s.highlights.len()), ("— …", 0));
        assert_eq!(highlighter(&["x"], &[]).snippet("").text, "");
    }

    #[test]
    fn long_passages_are_cut_around_the_matches() {
        let text = format!(
            "{} Lavrov spoke. {}",
            "filler ".repeat(60),
            "tail ".repeat(60)
        );
        let s = highlighter(&["lavrov"], &[]).snippet(&text);
        assert!(s.text.starts_with('…') && s.text.ends_with('…'));
        assert_eq!(s.highlights.len(), 1);
        assert_eq!(&s.text[s.highlights[0].clone()], "Lavrov");
        assert!(s.text.split_whitespace().count() <= SNIPPET_WORDS + 2);
    }

    #[test]
    fn snippets_start_at_the_sentence_of_the_first_match() {
        let text = format!(
            "{} The minister called it pathetic diplomacy in an interview. {}",
            "Earlier words fill the passage here. ".repeat(6),
            "More words follow after. ".repeat(8)
        );
        let s = highlighter(&["diplomaci"], &[]).snippet(&text);
        assert!(s.text.starts_with("…The minister called it"), "{}", s.text);
    }

    #[test]
    fn phrases_match_exact_sequences_only() {
        let s = highlighter(&[], &[&["peace", "talks"]])
            .snippet("Talks on peace; peace talks resumed.");
        assert_eq!(s.marked("[", "]"), "Talks on peace; [peace talks] resumed.");
    }

    #[test]
    fn possessives_highlight_the_name() {
        let s = highlighter(&["russia"], &[]).snippet("Russia’s envoy");
        assert_eq!(s.marked("[", "]"), "[Russia]’s envoy");
    }
}
