//! Reading what the user typed. There is no syntax error: every input is read as words,
//! `"quoted phrases"`, `+required` and `-excluded` words or phrases, and field filters
//! `speaker:NAME`, `outlet:NAME` (`speaker:"Sergei Lavrov"`), `date:YYYY-MM-DD` and
//! `date:[FROM TO UNTIL]` (either end `*`). Upper-case `AND`, `OR`, `NOT`, `IN`, `TO` are words
//! like any other; an unclosed quote or bracket runs to the end. Other `name:value` words are
//! plain words.

/// How a clause bears on a passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occur {
    /// Counts towards the ranking; passages matching every such clause come first.
    Should,
    /// Must match (`+word`, `+"a phrase"`, and every quoted phrase).
    Must,
    /// Must not match (`-word`, `-"a phrase"`).
    MustNot,
}

/// What a clause asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    /// A word, as typed (it may analyse into several terms, e.g. "full-scale").
    Word(String),
    /// A quoted phrase, as typed.
    Phrase(String),
    /// `speaker:`, `outlet:` or `date:` with its value as typed (a date range keeps its
    /// brackets: `[2026-02-01 TO 2026-02-07]`).
    Field(String, String),
}

/// Fields the query syntax filters on.
pub const FILTER_FIELDS: &[&str] = &["speaker", "outlet", "date"];

/// One part of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// How it bears on a passage.
    pub occur: Occur,
    /// What it asks for.
    pub text: Text,
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»')
}

/// Reads a query string into clauses. Never fails; control characters count as spaces.
pub fn parse(input: &str) -> Vec<Clause> {
    let chars: Vec<char> = input
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut clauses = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let mut occur = None;
        if matches!(c, '+' | '-') && chars.get(i + 1).is_some_and(|n| !n.is_whitespace()) {
            occur = Some(if c == '+' {
                Occur::Must
            } else {
                Occur::MustNot
            });
            i += 1;
        }
        if is_quote(chars[i]) {
            let start = i + 1;
            let mut end = start;
            while end < chars.len() && !is_quote(chars[end]) {
                end += 1;
            }
            let phrase: String = chars[start..end].iter().collect();
            if !phrase.trim().is_empty() {
                clauses.push(Clause {
                    occur: occur.unwrap_or(Occur::Must),
                    text: Text::Phrase(phrase.trim().to_string()),
                });
            }
            i = end + 1;
            continue;
        }
        if let Some((field, after)) = field_prefix(&chars[i..]) {
            let start = i + after;
            let (value, end) = match chars.get(start) {
                Some(&c) if is_quote(c) => {
                    let close = (start + 1..chars.len())
                        .find(|&j| is_quote(chars[j]))
                        .unwrap_or(chars.len());
                    (
                        chars[start + 1..close].iter().collect::<String>(),
                        close + 1,
                    )
                }
                Some('[') | Some('{') => {
                    let close = (start..chars.len())
                        .find(|&j| matches!(chars[j], ']' | '}'))
                        .unwrap_or(chars.len());
                    (
                        chars[start..(close + 1).min(chars.len())].iter().collect(),
                        close + 1,
                    )
                }
                _ => {
                    let close = (start..chars.len())
                        .find(|&j| chars[j].is_whitespace())
                        .unwrap_or(chars.len());
                    (chars[start..close].iter().collect(), close)
                }
            };
            clauses.push(Clause {
                occur: occur.unwrap_or(Occur::Must),
                text: Text::Field(field, value.trim().to_string()),
            });
            i = end;
            continue;
        }
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() && !is_quote(chars[i]) {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        clauses.push(Clause {
            occur: occur.unwrap_or(Occur::Should),
            text: Text::Word(word),
        });
    }
    clauses
}

/// `speaker:` (any case) at the start of `chars`: the field and the length of the prefix.
fn field_prefix(chars: &[char]) -> Option<(String, usize)> {
    let colon = chars.iter().take(8).position(|&c| c == ':')?;
    let name: String = chars[..colon].iter().collect::<String>().to_lowercase();
    let has_value = chars.get(colon + 1).is_some_and(|c| !c.is_whitespace());
    (FILTER_FIELDS.contains(&name.as_str()) && has_value).then_some((name, colon + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(occur: Occur, w: &str) -> Clause {
        Clause {
            occur,
            text: Text::Word(w.into()),
        }
    }

    fn phrase(occur: Occur, p: &str) -> Clause {
        Clause {
            occur,
            text: Text::Phrase(p.into()),
        }
    }

    #[test]
    fn words_phrases_and_signs() {
        assert_eq!(
            parse(r#"Lavrov "pathetic diplomacy" +Putin -Macron -"peace talks""#),
            [
                word(Occur::Should, "Lavrov"),
                phrase(Occur::Must, "pathetic diplomacy"),
                word(Occur::Must, "Putin"),
                word(Occur::MustNot, "Macron"),
                phrase(Occur::MustNot, "peace talks"),
            ]
        );
    }

    #[test]
    fn field_filters() {
        let field = |occur, f: &str, v: &str| Clause {
            occur,
            text: Text::Field(f.into(), v.into()),
        };
        assert_eq!(
            parse(
                r#"Speaker:"Sergei Lavrov" outlet:politico date:[2026-02-01 TO 2026-02-07] -outlet:rt talks"#
            ),
            [
                field(Occur::Must, "speaker", "Sergei Lavrov"),
                field(Occur::Must, "outlet", "politico"),
                field(Occur::Must, "date", "[2026-02-01 TO 2026-02-07]"),
                field(Occur::MustNot, "outlet", "rt"),
                word(Occur::Should, "talks"),
            ]
        );
        assert_eq!(
            parse("note:the speaker:"),
            [
                word(Occur::Should, "note:the"),
                word(Occur::Should, "speaker:")
            ]
        );
        assert_eq!(
            parse("date:[2026-02-01 TO"),
            [field(Occur::Must, "date", "[2026-02-01 TO")]
        );
    }

    #[test]
    fn operators_are_words() {
        let got = parse("TROOPS IN SOUTH VIET NAM AND NOT TO");
        assert_eq!(got.len(), 8);
        assert!(got.iter().all(|c| c.occur == Occur::Should));
    }

    #[test]
    fn odd_input_never_fails() {
        assert_eq!(
            parse("\"unclosed phrase"),
            [phrase(Occur::Must, "unclosed phrase")]
        );
        assert_eq!(
            parse("- + \"\" “”"),
            [word(Occur::Should, "-"), word(Occur::Should, "+")]
        );
        assert_eq!(
            parse("a\u{0}b"),
            [word(Occur::Should, "a"), word(Occur::Should, "b")]
        );
        assert_eq!(parse("full-scale"), [word(Occur::Should, "full-scale")]);
        assert!(parse("").is_empty());
    }
}
