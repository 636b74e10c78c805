//! Reading a question: its opening words say what kind of answer is wanted ("Who…" a person,
//! "When…" a date, "How many…" a number, "Where…" a place). Those words leave the bag of words
//! and become a [`Cue`] that passages carrying such an answer are ranked up for.

use crate::cues::Cue;

/// Nouns that, after "what" or "which", ask for a date.
const DATE_NOUNS: &[&str] = &["time", "date", "day", "year", "month", "week"];
/// Nouns that, after "what" or "which", ask for a place.
const PLACE_NOUNS: &[&str] = &[
    "place",
    "places",
    "city",
    "cities",
    "country",
    "countries",
    "town",
    "towns",
    "region",
];
/// Nouns that, after "what" or "which", ask for a person.
const PERSON_NOUNS: &[&str] = &[
    "person",
    "official",
    "officials",
    "minister",
    "leader",
    "leaders",
    "people",
];
/// Nouns that, after "what" or "which", ask for a quantity.
const NUMBER_NOUNS: &[&str] = &[
    "age",
    "amount",
    "number",
    "percent",
    "percentage",
    "price",
    "cost",
    "rate",
    "score",
    "total",
];
/// Words that, after "how", ask for a quantity (with "many" and "much").
const HOW_NUMBER: &[&str] = &["many", "much", "old", "long", "far", "big", "large"];

/// The kind of answer a query asks for, and how many of its leading words ask it; `None` when
/// the query does not open as a question. `words` are the query's words, as typed.
pub fn read(words: &[&str]) -> Option<(Cue, usize)> {
    let lower: Vec<String> = words
        .iter()
        .take(6)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    let word = |i: usize| lower.get(i).map(String::as_str).unwrap_or("");
    // "In which year…", "At what time…": a leading preposition belongs to the question.
    let skip = usize::from(matches!(word(0), "in" | "at" | "on" | "to" | "from" | "by"));
    // "What is the number of…": the noun after a copula and "the" asks as it would at once.
    if matches!(word(skip), "what" | "which")
        && matches!(word(skip + 1), "is" | "was" | "are" | "were")
        && word(skip + 2) == "the"
    {
        let noun = word(skip + 3);
        for (nouns, cue) in [
            (DATE_NOUNS, Cue::Date),
            (PLACE_NOUNS, Cue::Place),
            (PERSON_NOUNS, Cue::Person),
            (NUMBER_NOUNS, Cue::Number),
        ] {
            if nouns.contains(&noun) {
                return Some((cue, skip + 4));
            }
        }
    }
    let asked = match (word(skip), word(skip + 1)) {
        ("who" | "whom" | "whose", _) => (Cue::Person, 1),
        ("when", _) => (Cue::Date, 1),
        ("where", _) => (Cue::Place, 1),
        ("how", "long") if word(skip + 2) == "ago" => (Cue::Date, 3),
        ("how", w) if HOW_NUMBER.contains(&w) => (Cue::Number, 2),
        ("what" | "which", noun) if DATE_NOUNS.contains(&noun) => (Cue::Date, 2),
        ("what" | "which", noun) if PLACE_NOUNS.contains(&noun) => (Cue::Place, 2),
        ("what" | "which", noun) if PERSON_NOUNS.contains(&noun) => (Cue::Person, 2),
        ("what" | "which", noun) if NUMBER_NOUNS.contains(&noun) => (Cue::Number, 2),
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
        assert_eq!(read_str("What percentage voted?"), Some((Cue::Number, 2)));
        assert_eq!(read_str("How old is he?"), Some((Cue::Number, 2)));
        assert_eq!(read_str("How long ago was it?"), Some((Cue::Date, 3)));
        assert_eq!(read_str("Which countries joined?"), Some((Cue::Place, 2)));
        assert_eq!(
            read_str("What is the number of films he made?"),
            Some((Cue::Number, 4))
        );
        assert_eq!(read_str("What is the reason?"), None);
    }

    #[test]
    fn other_queries_are_no_questions() {
        assert_eq!(read_str("Lavrov pathetic diplomacy"), None);
        assert_eq!(read_str("what similarity laws must be obeyed"), None);
        assert_eq!(read_str("how can actually pertinent data"), None);
        assert_eq!(read_str(""), None);
    }
}
