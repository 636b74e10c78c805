//! Reading a question: its opening words say what kind of answer is wanted ("Who…" a person,
//! "When…" a date, "How many…" a number, "Where…" a place). Those words leave the bag of words
//! and become a [`Cue`] that passages carrying such an answer are ranked up for.

use crate::cues::Cue;

/// Nouns that, after "what" or "which", ask for a date.
const DATE_NOUNS: &[&str] = &["time", "date", "day", "year", "month", "week"];
/// Nouns that, after "what" or "which", ask for a place.
const PLACE_NOUNS: &[&str] = &["place", "city", "country", "town", "region"];
/// Nouns that, after "what" or "which", ask for a person.
const PERSON_NOUNS: &[&str] = &["person", "official", "minister", "leader", "people"];

/// The kind of answer a query asks for, and how many of its leading words ask it; `None` when
/// the query does not open as a question. `words` are the query's words, as typed.
pub fn read(words: &[&str]) -> Option<(Cue, usize)> {
    let lower: Vec<String> = words
        .iter()
        .take(4)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    let word = |i: usize| lower.get(i).map(String::as_str).unwrap_or("");
    // "In which year…", "At what time…": a leading preposition belongs to the question.
    let skip = usize::from(matches!(word(0), "in" | "at" | "on" | "to" | "from" | "by"));
    let asked = match (word(skip), word(skip + 1)) {
        ("who" | "whom" | "whose", _) => (Cue::Person, 1),
        ("when", _) => (Cue::Date, 1),
        ("where", _) => (Cue::Place, 1),
        ("how", "many" | "much") => (Cue::Number, 2),
        ("how", "long") if word(skip + 2) == "ago" => (Cue::Date, 3),
        ("what" | "which", noun) if DATE_NOUNS.contains(&noun) => (Cue::Date, 2),
        ("what" | "which", noun) if PLACE_NOUNS.contains(&noun) => (Cue::Place, 2),
        ("what" | "which", noun) if PERSON_NOUNS.contains(&noun) => (Cue::Person, 2),
        _ => return None,
    };
    Some((asked.0, skip + asked.1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(q: &str) -> Option<(Cue, usize)> {
        read(&q.split_whitespace().collect::<Vec<_>>())
    }

    #[test]
    fn question_openings() {
        assert_eq!(
            read_str("Who did Bonne meet in Moscow?"),
            Some((Cue::Person, 1))
        );
        assert_eq!(
            read_str("When did Macron and Putin last speak?"),
            Some((Cue::Date, 1))
        );
        assert_eq!(
            read_str("How many prisoners were exchanged?"),
            Some((Cue::Number, 2))
        );
        assert_eq!(read_str("Where were the talks held"), Some((Cue::Place, 1)));
        assert_eq!(read_str("In which year was it"), Some((Cue::Date, 3)));
        assert_eq!(read_str("WHAT YEAR DID IT END"), Some((Cue::Date, 2)));
    }

    #[test]
    fn other_queries_are_no_questions() {
        assert_eq!(read_str("Lavrov pathetic diplomacy"), None);
        assert_eq!(read_str("what similarity laws must be obeyed"), None);
        assert_eq!(read_str("how can actually pertinent data"), None);
        assert_eq!(read_str(""), None);
    }
}
