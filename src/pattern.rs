//! Compiling the text patterns of cleaning and metadata extraction.

use std::sync::OnceLock;

use regex::{Regex, RegexSet};

/// Compiles one of the crate's own patterns (a bug if it fails). The lazy DFA gets room for the
/// states bounded Unicode repetitions need: with the regex crate's default cache it thrashes.
///
/// Word boundaries (`\b`) are ASCII word boundaries: the lazy DFA cannot evaluate a Unicode
/// word boundary on text that is not ASCII, and falls back to the much slower PikeVM. The
/// patterns' boundaries sit beside ASCII words and digits.
pub(crate) fn compile(pattern: &str) -> Regex {
    let pattern = ascii_word_boundaries(pattern);
    regex::RegexBuilder::new(&pattern)
        .dfa_size_limit(32 << 20)
        .build()
        .unwrap_or_else(|e| panic!("built-in pattern {pattern:?} is invalid: {e}"))
}

/// A pattern compiled twice: as written, and with its Unicode classes narrowed to ASCII
/// ([`ascii_classes`]) for haystacks whose letters, digits and spaces are all ASCII but for the
/// no-break space ([`narrow_haystack`]: ASCII, and news text whose only other characters are
/// curly quotes, dashes and the like), on which the two match alike.
///
/// `\p{L}` and its kin compile to large UTF-8 automata, and a lazy DFA over them builds many
/// states, which compete for the caches inside the indexing pipeline. Most wire copy is ASCII;
/// scraped news is ASCII but for its typographic punctuation: both take the narrow twin.
///
/// The pattern as written is compiled when a haystack first needs it: its Unicode classes make
/// it the slow one to build, compiling is a fixed cost of every `lede index`, and ASCII wire
/// copy never needs it.
pub(crate) struct Pattern {
    pattern: String,
    twins: Twins<Regex>,
}

/// A compiled pattern (or set) twice: narrowed to ASCII, compiled at once, and as written,
/// compiled when a haystack outside [`narrow_haystack`] first needs it.
struct Twins<R> {
    ascii: R,
    full: OnceLock<R>,
}

impl<R> Twins<R> {
    fn new(ascii: R) -> Twins<R> {
        Twins {
            ascii,
            full: OnceLock::new(),
        }
    }

    /// The build to search `haystack` with; `full` compiles the pattern as written.
    fn on(&self, haystack: &str, full: impl FnOnce() -> R) -> &R {
        if narrow_haystack(haystack) {
            &self.ascii
        } else {
            self.full.get_or_init(full)
        }
    }
}

impl Pattern {
    /// Compiles `pattern`'s ASCII twin as [`compile`] does; `pattern` itself is compiled on
    /// first use.
    pub(crate) fn new(pattern: &str) -> Pattern {
        Pattern {
            pattern: pattern.to_string(),
            twins: Twins::new(compile(&ascii_classes(pattern))),
        }
    }

    /// The regex to search `haystack` with: the ASCII twin if [`narrow_haystack`] holds. Search
    /// that haystack or a part of it, not another string.
    pub(crate) fn on(&self, haystack: &str) -> &Regex {
        self.twins.on(haystack, || compile(&self.pattern))
    }

    /// The pattern as written, compiled: for tests.
    #[cfg(test)]
    pub(crate) fn full(&self) -> &Regex {
        self.twins.full.get_or_init(|| compile(&self.pattern))
    }

    /// The ASCII twin: for tests.
    #[cfg(test)]
    pub(crate) fn ascii(&self) -> &Regex {
        &self.twins.ascii
    }
}

/// Several patterns searched in one pass for which of them match, each compiled as
/// [`Pattern`] is: an ASCII twin of the set for ASCII haystacks, the set as written on first
/// need. One lazy DFA over the set's union scans the text once, where each pattern's own
/// search would scan it again.
pub(crate) struct PatternSet {
    patterns: Vec<String>,
    twins: Twins<RegexSet>,
}

impl PatternSet {
    /// Compiles the ASCII twin of the set of `patterns`.
    pub(crate) fn new(patterns: &[&str]) -> PatternSet {
        let patterns: Vec<String> = patterns.iter().map(|p| p.to_string()).collect();
        let ascii: Vec<String> = patterns.iter().map(|p| ascii_classes(p)).collect();
        PatternSet {
            twins: Twins::new(compile_set(&ascii)),
            patterns,
        }
    }

    /// Which patterns match `haystack`, by their index in the set.
    pub(crate) fn matches(&self, haystack: &str) -> regex::SetMatches {
        self.twins
            .on(haystack, || compile_set(&self.patterns))
            .matches(haystack)
    }
}

/// [`compile`] for a set of patterns.
fn compile_set(patterns: &[String]) -> RegexSet {
    regex::RegexSetBuilder::new(patterns.iter().map(|p| ascii_word_boundaries(p)))
        .dfa_size_limit(32 << 20)
        .build()
        .unwrap_or_else(|e| panic!("built-in patterns {patterns:?} are invalid: {e}"))
}

/// Whether the narrowed patterns ([`ascii_classes`]) match in `haystack` as the patterns as
/// written do: every character is ASCII, or one of the non-ASCII characters of news text that
/// are no letter, digit or white space but the no-break space (which the narrowed `\s` holds):
/// curly quotes, guillemets, dashes, the ellipsis, `£ € ° × ÷ • ′ ″`.
pub(crate) fn narrow_haystack(haystack: &str) -> bool {
    haystack.is_ascii()
        || haystack.chars().all(|c| {
            c.is_ascii()
                || matches!(
                    c,
                    '\u{a0}'
                        | '‘'
                        | '’'
                        | '“'
                        | '”'
                        | '«'
                        | '»'
                        | '–'
                        | '—'
                        | '…'
                        | '£'
                        | '€'
                        | '°'
                        | '×'
                        | '÷'
                        | '•'
                        | '′'
                        | '″'
                )
        })
}

/// Whether an ASCII byte is white space as Unicode's `White_Space`, and so `\s`, has it: tab,
/// line feed, vertical tab, form feed, carriage return, space (`u8::is_ascii_whitespace`
/// leaves out the vertical tab). [`ascii_classes`] narrows `\s` to these bytes.
pub(crate) fn is_ascii_white_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')
}

/// `pattern` with the Unicode classes it uses written as the ASCII classes they equal on the
/// text of [`narrow_haystack`]: `\p{L}`, `\p{Lu}`, `\p{Ll}`, `\d`, `\s` (with the no-break
/// space) and `\w` (nested classes where they sit inside brackets). Anything else is left as
/// it is: correct, only not narrowed.
fn ascii_classes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 32);
    let mut rest = pattern;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let escape = &rest[at..];
        let narrowed = [
            (r"\p{Lu}", "[A-Z]"),
            (r"\p{Ll}", "[a-z]"),
            (r"\p{L}", "[A-Za-z]"),
            (r"\d", "[0-9]"),
            (r"\s", r"[\t\n\x0B\x0C\r \xA0]"),
            (r"\w", "[0-9A-Za-z_]"),
        ]
        .into_iter()
        .find(|(from, _)| escape.starts_with(from));
        let taken = match narrowed {
            Some((from, to)) => {
                out.push_str(to);
                from.len()
            }
            // Any other escape, `\\` included, is copied with the character it escapes.
            None => {
                let len = escape[1..].chars().next().map_or(0, char::len_utf8);
                out.push_str(&escape[..1 + len]);
                1 + len
            }
        };
        rest = &escape[taken..];
    }
    out.push_str(rest);
    out
}

/// Asserts that a pattern and its ASCII twin find the same matches, with the same groups, in
/// `haystack` (one that [`narrow_haystack`] takes).
#[cfg(test)]
pub(crate) fn assert_twins_agree(pattern: &Pattern, haystack: &str) {
    assert!(narrow_haystack(haystack));
    let groups = |re: &Regex| -> Vec<Vec<Option<(usize, usize)>>> {
        re.captures_iter(haystack)
            .map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect())
            .collect()
    };
    assert_eq!(
        groups(pattern.full()),
        groups(pattern.ascii()),
        "{:?} and its ASCII twin differ on {haystack:?}",
        pattern.full().as_str()
    );
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
/// with a lazy DFA that keeps building states.
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
    use proptest::prelude::*;

    #[test]
    fn unicode_classes_narrow_to_ascii_and_other_escapes_stay() {
        assert_eq!(
            ascii_classes(r"\p{Lu}[\p{L}'’-]*\s+\p{Ll}\d\w \\s \. \b \P{L} \p{Greek}"),
            r"[A-Z][[A-Za-z]'’-]*[\t\n\x0B\x0C\r \xA0]+[a-z][0-9][0-9A-Za-z_] \\s \. \b \P{L} \p{Greek}"
        );
        let name = Pattern::new(r"\p{Lu}\p{L}+\s+\p{Lu}\p{L}+");
        assert!(name.on("said Sergei Lavrov").is_match("said Sergei Lavrov"));
        assert!(name.on("Émile Zola").is_match("Émile Zola"));
        assert!(!name.ascii().is_match("Émile Zola"));
    }

    #[test]
    fn narrow_haystacks_are_ascii_letters_with_typographic_punctuation() {
        assert!(narrow_haystack("“Yes,” he said — it’s 5\u{a0}€…"));
        assert!(!narrow_haystack("Émile Zola"));
        assert!(!narrow_haystack("Лавров"));
        assert!(!narrow_haystack("a\u{2003}b"));
    }

    /// Every character of a narrow haystack other than ASCII is in each narrowed class exactly
    /// when it is in the class as written. Every character is tried.
    #[test]
    fn narrow_haystacks_hold_no_character_the_narrowed_classes_miss() {
        let classes: Vec<(Regex, Regex)> = [r"\p{Lu}", r"\p{Ll}", r"\p{L}", r"\d", r"\s", r"\w"]
            .into_iter()
            .map(|class| {
                let whole = |p: &str| Regex::new(&format!("^{p}$")).unwrap();
                (whole(class), whole(&ascii_classes(class)))
            })
            .collect();
        let mut buf = [0u8; 4];
        for c in (char::MIN..=char::MAX).filter(|c| !c.is_ascii()) {
            let text = c.encode_utf8(&mut buf);
            if narrow_haystack(text) {
                for (written, narrowed) in &classes {
                    assert_eq!(
                        written.is_match(text),
                        narrowed.is_match(text),
                        "{c:?} in {written}"
                    );
                }
            }
        }
    }

    proptest! {
        /// On ASCII text, and news text of ASCII letters and typographic punctuation, a narrowed
        /// pattern finds what the pattern as written finds.
        #[test]
        fn twins_agree_on_ascii_and_punctuated_text(
            haystack in "([A-Z][a-z]{0,6}|[a-z]{1,7}|said|Mr\\.|[0-9]{1,4}|[ \t\n,.'\"-]|[‘’“”«»–—…£€°×÷•′″\u{a0}]){0,40}"
        ) {
            for pattern in [
                r"(?:\p{Lu}(?:\.(?:\p{Lu}\.)*|[\p{L}'’-]*)\s+){1,6}\p{Lu}[\p{L}'’-]+",
                r"\b(?:Mr|Dr)\.?\s+\p{Lu}|\b\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?\s+\p{Lu}\p{Ll}+",
                r"(?i)\b\d[\d,.]*\b|\bsaid\s+(\w+)",
                r"^\s*[,.]?\s*(\p{Lu}\p{L}+)\s+said\b",
            ] {
                assert_twins_agree(&Pattern::new(pattern), &haystack);
            }
        }
    }

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
