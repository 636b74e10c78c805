//! Compiling the text patterns of cleaning and metadata extraction.

use regex::Regex;

/// Compiles one of the crate's own patterns (a bug if it fails). The lazy DFA gets room for the
/// states bounded Unicode repetitions need: with the regex crate's default cache it thrashes,
/// and cleaning the Reuters corpus took 17.6 s instead of 1.7 s.
///
/// Word boundaries (`\b`) are ASCII word boundaries: the lazy DFA cannot evaluate a Unicode
/// word boundary on text that is not ASCII, and falls back to the much slower PikeVM; on news
/// with typographic quotes and dashes that made cleaning and extraction five times slower
/// than on ASCII wire copy. The patterns' boundaries sit beside ASCII words and digits.
pub(crate) fn compile(pattern: &str) -> Regex {
    let pattern = ascii_word_boundaries(pattern);
    regex::RegexBuilder::new(&pattern)
        .dfa_size_limit(32 << 20)
        .build()
        .unwrap_or_else(|e| panic!("built-in pattern {pattern:?} is invalid: {e}"))
}

/// `pattern` with each `\b` written `(?-u:\b)`; escaped backslashes and `\b{…}` are left alone.
fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') if chars.peek() != Some(&'{') => out.push_str("(?-u:\\b)"),
            Some(next) => {
                out.push('\\');
                out.push(next);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// A pattern made of alternatives, each a head and a tail, searched as the heads first. The
/// heads are short and start with literals, so a line that holds none is passed over by SIMD
/// literal search; the whole pattern runs only on lines that hold a head. Patterns anchored at
/// the end of the line (`…$`) need this: the regex crate searches them backwards from the end
/// with a lazy DFA that keeps building states, and the caption pattern alone took a seventh of
/// the indexing time before it was gated.
pub(crate) struct Gated {
    gate: Regex,
    pattern: Regex,
}

impl Gated {
    /// `flags`: inline flags for both (`(?x)`, …); `alternatives`: (head, tail) pairs, every
    /// match of `head` + `tail` starting with a match of `head`.
    pub(crate) fn new(flags: &str, alternatives: &[(&str, &str)]) -> Gated {
        let heads: Vec<String> = alternatives
            .iter()
            .map(|(h, _)| format!("(?:{h})"))
            .collect();
        let whole: Vec<String> = alternatives
            .iter()
            .map(|(h, t)| format!("(?:{h}){t}"))
            .collect();
        Gated {
            gate: compile(&format!("{flags}{}", heads.join("|"))),
            pattern: compile(&format!("{flags}{}", whole.join("|"))),
        }
    }

    /// Whether `text` holds a match of the pattern.
    pub(crate) fn is_match(&self, text: &str) -> bool {
        self.gate.is_match(text) && self.pattern.is_match(text)
    }

    /// Whether the pattern alone matches: for tests that the gate loses nothing.
    #[cfg(test)]
    pub(crate) fn ungated_match(&self, text: &str) -> bool {
        self.pattern.is_match(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_boundaries_become_ascii_and_escapes_stay() {
        assert_eq!(
            ascii_word_boundaries(r"\bsaid\b \\b \b{start}x \d"),
            r"(?-u:\b)said(?-u:\b) \\b \b{start}x \d"
        );
        let said = compile(r"\bsaid\b");
        assert!(said.is_match("“We will,” he said."));
        assert!(!said.is_match("unsaid"));
    }
}
