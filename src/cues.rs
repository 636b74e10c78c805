//! Answer cues: which kinds of answer a passage can give (a person, a date, a number, a place).
//! The indexer records a passage's cues; a question ("Who…", "When…", "How many…", "Where…")
//! asks for one, and passages that carry it rank higher. Rules are general shapes of English
//! news text, not lists of names.

use std::sync::OnceLock;

use crate::pattern::{Pattern, PatternSet};
use serde::Serialize;

/// A kind of answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Cue {
    /// A person: someone quoted or paraphrased, or a name ("Emmanuel Bonne", "Mr. Baker").
    Person,
    /// A date or time: "Feb. 5", "5 February", "Tuesday", "1987", "last week".
    Date,
    /// A quantity: digits or number words ("157", "two", "hundreds").
    Number,
    /// A place: a capitalised name after "in", "at", "near", "from", "outside".
    Place,
}

impl Cue {
    /// Every cue.
    pub const ALL: [Cue; 4] = [Cue::Person, Cue::Date, Cue::Number, Cue::Place];

    /// The cue's name, as indexed and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            Cue::Person => "person",
            Cue::Date => "date",
            Cue::Number => "number",
            Cue::Place => "place",
        }
    }
}

const MONTHS: &str = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|june?|july?|aug(?:ust)?|\
                      sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";

/// The cues' patterns, in [`Cue::ALL`]'s order.
fn sources() -> [String; 4] {
    let date = format!(
        r"(?i)\b(?:(?:{MONTHS})\b\.?|may)\s+\d{{1,2}}\b|\b\d{{1,2}}\s+(?:{MONTHS}|may)\b|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight|tomorrow)\b|\b(?:last|next|this|earlier this)\s+(?:week|month|year|night|weekend)\b|\b(?:1[89]|20)\d\d\b|\b(?:in|on|since|until|by|early|late|mid|mid-)\s+(?:{MONTHS})\b"
    );
    [
        r"\b(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep)\.?\s+\p{Lu}|\b\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?\s+\p{Lu}\p{Ll}+".into(),
        date,
        r"(?i)\b\d[\d,.]*\b|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|dozens?)\b".into(),
        r"\b(?:in|at|near|from|outside|inside|IN|AT|NEAR|FROM)\s+(?:the\s+)?(\p{Lu}\p{L}+)".into(),
    ]
}

/// Where the place pattern sits in [`sources`].
const PLACE: usize = 3;

/// The cues' patterns searched together, and the place pattern alone: its matches are checked
/// against [`names_a_time`].
struct Patterns {
    set: PatternSet,
    place: Pattern,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let sources = sources();
        Patterns {
            set: PatternSet::new(&sources.each_ref().map(String::as_str)),
            place: Pattern::new(&sources[PLACE]),
        }
    })
}

/// Abbreviated month names: with the months and weekdays, capitalised words after "in" that
/// name a time, not a place.
const MONTH_ABBREVIATIONS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// Whether `name` names a month or weekday (any case).
fn names_a_time(name: &str) -> bool {
    let mut names = MONTH_ABBREVIATIONS
        .iter()
        .chain(&crate::text::MONTHS)
        .chain(&crate::text::WEEKDAYS);
    names.any(|t| t.eq_ignore_ascii_case(name))
}

/// The cues of a passage; `has_speakers` when someone speaks in it.
pub fn find(text: &str, has_speakers: bool) -> Vec<Cue> {
    let patterns = patterns();
    let matched = patterns.set.matches(text);
    Cue::ALL
        .into_iter()
        .enumerate()
        .filter(|&(i, cue)| match cue {
            Cue::Person => has_speakers || matched.matched(i),
            // The name is the match's last word (the pattern's group, at its end): found from
            // the match, without running a capture engine.
            Cue::Place => {
                matched.matched(i)
                    && patterns.place.on(text).find_iter(text).any(|m| {
                        let name = m.as_str().rsplit(char::is_whitespace).next().unwrap_or("");
                        !names_a_time(name)
                    })
            }
            _ => matched.matched(i),
        })
        .map(|(_, cue)| cue)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cues(text: &str) -> Vec<Cue> {
        find(text, false)
    }

    #[test]
    fn each_cue_has_its_shape() {
        assert_eq!(cues("Emmanuel Bonne went."), [Cue::Person]);
        assert_eq!(cues("talks on Feb. 5 went on"), [Cue::Date, Cue::Number]);
        assert_eq!(
            cues("talks on 5 February went on"),
            [Cue::Date, Cue::Number]
        );
        assert_eq!(cues("they spoke on tuesday"), [Cue::Date]);
        assert_eq!(cues("they last spoke in July"), [Cue::Date]);
        assert_eq!(cues("the talks went on"), []);
        assert_eq!(cues("157 prisoners were freed"), [Cue::Number]);
        assert_eq!(cues("hundreds were freed"), [Cue::Number]);
        assert_eq!(cues("talks held in Abu Dhabi"), [Cue::Person, Cue::Place]);
        assert_eq!(cues("talks held in the city"), []);
        assert_eq!(find("it was said", true), [Cue::Person]);
    }

    #[test]
    fn may_is_a_month_only_before_a_day() {
        assert_eq!(cues("they may meet"), []);
        assert_eq!(cues("on May 5 they met"), [Cue::Date, Cue::Number]);
    }

    proptest::proptest! {
        /// On ASCII text, and text with typographic punctuation, the cue patterns' ASCII twins
        /// find the same cues.
        #[test]
        fn ascii_twins_find_what_the_patterns_find(
            text in "(in|at|IN|the|The|May|may|March|mar|Monday|last|week|Mr\\.|Dr|[A-Z][a-z]{1,8}|[a-z]{1,8}|19[0-9]{2}|[0-9]{1,3}|two|dozens|[ ,.-]|[“”’—–…\u{a0}]){0,30}"
        ) {
            for source in sources() {
                crate::pattern::assert_twins_agree(&Pattern::new(&source), &text);
            }
        }

        /// Searched together, each pattern matches where it matches alone, on any text.
        #[test]
        fn the_set_finds_what_each_pattern_finds(
            text in "(in|at|the|The|May|March|Monday|last|week|Mr\\.|[A-Z][a-z]{1,8}|[a-z]{1,8}|19[0-9]{2}|[0-9]{1,3}|two|é|É|’|[ ,.-]){0,30}"
        ) {
            let matched = patterns().set.matches(&text);
            for (i, source) in sources().iter().enumerate() {
                let alone = Pattern::new(source);
                proptest::prop_assert_eq!(matched.matched(i), alone.on(&text).is_match(&text), "{}", source);
            }
        }
    }
}
