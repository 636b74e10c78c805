//! Days a text names relative to its article's date (`yesterday`, `on Tuesday`, `last week`),
//! resolved to the calendar.
//!
//! A weekday is the one of the week up to the article's date, its own weekday meaning that day
//! (`Lavrov said on Tuesday`), unless its clause before it speaks of the future (`will`,
//! `is due to`), then the first from that day on; `last` and `next` take the one before or after,
//! `this` the one of the same week. A weekday written inside a name (`Super Tuesday`, `the
//! Sunday Times`) or in lower case names no day. `last week`, `this month`, `next year` and
//! the like are spans of the calendar (weeks from Monday); after `the`, `this` or `a` (`over
//! the next year`, `a brighter tomorrow`) they are a stretch of time or a figure, and name none.

use std::sync::LazyLock;

use time::{Date, Duration, Month, Weekday};

use crate::pattern::compile as re;

/// A day, or a span of days, that a text names relative to its article's date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelativeDay {
    /// The words it was read from (`on Tuesday`).
    pub matched: String,
    /// Where they start in the text, in bytes.
    pub at: usize,
    /// The first day meant.
    pub first: Date,
    /// The last day meant: `first` when one day is.
    pub last: Date,
}

impl RelativeDay {
    /// `2026-02-03`, or `2026-01-26 to 2026-02-01` for a span.
    pub fn value(&self) -> String {
        let first = crate::date::format_ymd(self.first);
        if self.first == self.last {
            first
        } else {
            format!("{first} to {}", crate::date::format_ymd(self.last))
        }
    }
}

/// Words that, earlier in the clause, put a weekday after it in the future.
static FUTURE: LazyLock<regex::Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:will|'ll|’ll|shall|is due|are due|is set to|are set to|is expected to|are expected to|plans? to|planning to|scheduled|is to|are to|going to)\b",
    )
});

/// What a relative phrase names, before it is put on the calendar.
enum Phrase<'a> {
    /// A weekday, with the word before it when that qualifies it (`last`, `on`).
    Weekday(Weekday, Option<&'a str>),
    /// `yesterday` (-1) or `tomorrow` (1).
    Adjacent(i64),
    /// `last` (-1), `this` (0) or `next` (1) week, month or year.
    Span(i64, &'a str),
}

/// What every phrase's key word holds, found in one pass before any word is read.
static KEYS: LazyLock<regex::Regex> = LazyLock::new(|| re("day|orrow|week|month|year"));

/// Words that may qualify a weekday.
const QUALIFIERS: &[&str] = &[
    "last", "this", "next", "on", "since", "until", "by", "from", "before", "after",
];

/// The days `text` names relative to `published`, in order.
pub fn relative_days(text: &str, published: Date) -> Vec<RelativeDay> {
    let mut phrases: Vec<(usize, usize, Phrase)> = Vec::new();
    for key in KEYS.find_iter(text) {
        if let Some(found) = phrase_at(text, key.start()) {
            if phrases.last().is_none_or(|p| p.0 != found.0) {
                phrases.push(found);
            }
        }
    }
    let mut out = Vec::new();
    for (start, end, phrase) in phrases {
        let span = match phrase {
            Phrase::Weekday(weekday, qualifier) => {
                let future = FUTURE.is_match(clause_before(text, start));
                let qualifier = qualifier.map(str::to_ascii_lowercase);
                weekday_day(weekday, qualifier.as_deref(), future, published).map(|d| (d, d))
            }
            Phrase::Adjacent(step) => published.checked_add(Duration::days(step)).map(|d| (d, d)),
            Phrase::Span(step, unit) => span_of(unit, step, published),
        };
        if let Some((first, last)) = span {
            out.push(RelativeDay {
                matched: text[start..end].to_string(),
                at: start,
                first,
                last,
            });
        }
    }
    out
}

/// The days each passage (in order) names relative to `published`, as evidence of the article:
/// field `day`, the day or span, and `[passage] … the five words before` it was read from.
/// Each distinct evidence once.
pub fn day_evidence<'a>(
    passages: impl IntoIterator<Item = &'a str>,
    published: Date,
) -> Vec<super::Evidence> {
    let mut out: Vec<super::Evidence> = Vec::new();
    for (i, text) in passages.into_iter().enumerate() {
        for day in relative_days(text, published) {
            let mut before: Vec<&str> = text[..day.at].split_whitespace().rev().take(6).collect();
            let cut = if before.len() > 5 { "… " } else { "" };
            before.truncate(5);
            before.reverse();
            let e = super::Evidence {
                field: "day".into(),
                value: day.value(),
                method: "relative".into(),
                matched: format!(
                    "[{i}] {cut}{}",
                    [&before[..], &[&day.matched]].concat().join(" ")
                ),
            };
            if !out.contains(&e) {
                out.push(e);
            }
        }
    }
    out
}

/// The relative phrase whose key word holds the byte `at`, with its byte range.
fn phrase_at(text: &str, at: usize) -> Option<(usize, usize, Phrase<'_>)> {
    let (start, end) = word_around(text, at);
    let word = &text[start..end];
    if !matches!(word.len(), 4..=9) {
        return None;
    }
    let previous = word_before(text, start);
    // The two words before, to tell a figure (`a brighter tomorrow`) or a stretch (`over the
    // next year`, `this last week`) from a day of the calendar.
    let two = || {
        previous
            .and_then(|(at, _)| word_before(text, at))
            .map(|(_, w)| w)
    };
    let is = |w: Option<&str>, of: &[&str]| {
        w.is_some_and(|w| of.iter().any(|o| o.eq_ignore_ascii_case(w)))
    };
    // A weekday as news writes it: capitalised, the rest in lower case.
    let weekday = crate::text::WEEKDAYS
        .iter()
        .position(|w| {
            word.len() == w.len()
                && word.as_bytes()[0] == w.as_bytes()[0].to_ascii_uppercase()
                && word[1..] == w[1..]
        })
        .map(|i| Weekday::Monday.nth_next(i as u8));
    if let Some(weekday) = weekday {
        let qualifier =
            previous.filter(|(_, w)| QUALIFIERS.iter().any(|q| q.eq_ignore_ascii_case(w)));
        if in_a_name(text, start, end, qualifier.is_some()) {
            return None;
        }
        let from = qualifier.map_or(start, |(at, _)| at);
        return Some((
            from,
            end,
            Phrase::Weekday(weekday, qualifier.map(|(_, w)| w)),
        ));
    }
    match word {
        "yesterday" | "Yesterday" | "tomorrow" | "Tomorrow" => {
            let figures = ["a", "the", "our"];
            if is(previous.map(|(_, w)| w), &figures) || is(two(), &figures) {
                return None;
            }
            let step = if word.ends_with("esterday") { -1 } else { 1 };
            Some((start, end, Phrase::Adjacent(step)))
        }
        "week" | "month" | "year" => {
            let (at, qualifier) = previous?;
            let step = match qualifier {
                "last" | "Last" => -1,
                "this" | "This" => 0,
                "next" | "Next" => 1,
                _ => return None,
            };
            if is(two(), &["the", "this"]) {
                return None;
            }
            Some((at, end, Phrase::Span(step, word)))
        }
        _ => None,
    }
}

/// The run of ASCII letters around byte `at`.
fn word_around(text: &str, at: usize) -> (usize, usize) {
    let b = text.as_bytes();
    let mut start = at;
    while start > 0 && b[start - 1].is_ascii_alphabetic() {
        start -= 1;
    }
    let mut end = at;
    while end < b.len() && b[end].is_ascii_alphabetic() {
        end += 1;
    }
    (start, end)
}

/// The word of ASCII letters just before byte `at`, across white space only, with its start.
fn word_before(text: &str, at: usize) -> Option<(usize, &str)> {
    let head = &text[..at];
    let trimmed = head.trim_end();
    if trimmed.len() == head.len() {
        return None;
    }
    let (start, end) = word_around(trimmed, trimmed.len());
    (start < end && end == trimmed.len()).then(|| (start, &trimmed[start..end]))
}

/// Whether the weekday at `start..end` is part of a name: a capitalised word follows it
/// (`Sunday Times`) or, when no qualifier (`on`, `last`) comes before it, precedes it (`Super
/// Tuesday`, `Good Friday`).
fn in_a_name(text: &str, start: usize, end: usize, qualified: bool) -> bool {
    let next = text[end..].split_whitespace().next().unwrap_or("");
    if next.starts_with(|c: char| c.is_uppercase()) {
        return true;
    }
    let previous = text[..start].split_whitespace().next_back().unwrap_or("");
    !qualified
        && previous.starts_with(|c: char| c.is_uppercase())
        && previous.chars().all(char::is_alphabetic)
}

/// The text of the clause that `at` is in, up to `at`: from the last sentence end, quotation
/// mark or clause punctuation before it (a quote's `will` is the speaker's, not the report's).
fn clause_before(text: &str, at: usize) -> &str {
    let head = &text[..at];
    let start = head
        .rfind(['.', '!', '?', '"', '“', '”', ',', ';', ':', '—', '–'])
        .map_or(0, |i| {
            i + head[i..].chars().next().map_or(1, char::len_utf8)
        });
    &head[start..]
}

/// The day a weekday means from `published`, as the rules of this module read it.
fn weekday_day(
    weekday: Weekday,
    qualifier: Option<&str>,
    future: bool,
    published: Date,
) -> Option<Date> {
    let back = i64::from(
        (published.weekday().number_days_from_monday() + 7 - weekday.number_days_from_monday()) % 7,
    );
    let ahead = (7 - back) % 7;
    let days = match qualifier {
        Some("last") => -(if back == 0 { 7 } else { back }),
        Some("next") => {
            if ahead == 0 {
                7
            } else {
                ahead
            }
        }
        Some("this") => {
            i64::from(weekday.number_days_from_monday())
                - i64::from(published.weekday().number_days_from_monday())
        }
        _ if future => ahead,
        _ => -back,
    };
    published.checked_add(Duration::days(days))
}

/// The week, month or year `step` units from the one `published` is in.
fn span_of(unit: &str, step: i64, published: Date) -> Option<(Date, Date)> {
    match unit {
        "week" => {
            let from_monday = i64::from(published.weekday().number_days_from_monday());
            let monday = published.checked_add(Duration::days(7 * step - from_monday))?;
            Some((monday, monday.checked_add(Duration::days(6))?))
        }
        "month" => {
            let months = i64::from(published.year()) * 12 + published.month() as i64 - 1 + step;
            let year = i32::try_from(months.div_euclid(12)).ok()?;
            let month = Month::try_from(u8::try_from(months.rem_euclid(12) + 1).ok()?).ok()?;
            let first = Date::from_calendar_date(year, month, 1).ok()?;
            let last = Date::from_calendar_date(year, month, month.length(year)).ok()?;
            Some((first, last))
        }
        _ => {
            let year = published.year() + i32::try_from(step).ok()?;
            Some((
                Date::from_calendar_date(year, Month::January, 1).ok()?,
                Date::from_calendar_date(year, Month::December, 31).ok()?,
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::{any, prop_oneof, Just};
    use time::macros::date;

    /// Friday, 6 February 2026.
    const FRIDAY: Date = date!(2026 - 02 - 06);

    fn days(text: &str) -> Vec<(String, String)> {
        relative_days(text, FRIDAY)
            .into_iter()
            .map(|d| (d.matched.clone(), d.value()))
            .collect()
    }

    #[test]
    fn weekdays_are_the_days_of_the_week_up_to_the_article() {
        assert_eq!(
            days("Bonne visited Moscow on Tuesday and returned Friday."),
            [
                ("on Tuesday".to_string(), "2026-02-03".to_string()),
                ("Friday".to_string(), "2026-02-06".to_string())
            ]
        );
        assert_eq!(
            days("Talks resumed last Friday."),
            [("last Friday".to_string(), "2026-01-30".to_string())]
        );
    }

    #[test]
    fn the_future_takes_the_next_weekday() {
        assert_eq!(
            days("The ministers will meet on Tuesday. They met on Monday."),
            [
                ("on Tuesday".to_string(), "2026-02-10".to_string()),
                ("on Monday".to_string(), "2026-02-02".to_string())
            ]
        );
        // A quote's future is the speaker's: the report's day is past.
        assert_eq!(
            days("\"We will win,\" she said Thursday, and Sanders, who came into Tuesday behind."),
            [
                ("Thursday".to_string(), "2026-02-05".to_string()),
                ("Tuesday".to_string(), "2026-02-03".to_string())
            ]
        );
        assert_eq!(
            days("A vote is due next Friday."),
            [("next Friday".to_string(), "2026-02-13".to_string())]
        );
        // Its own weekday in the future is later that day.
        assert_eq!(
            days("Delegates will be chosen on Friday."),
            [("on Friday".to_string(), "2026-02-06".to_string())]
        );
    }

    #[test]
    fn names_and_lower_case_weekdays_name_no_day() {
        assert!(days("Trump won on Super Tuesday, the Sunday Times reported.").is_empty());
        assert!(days("Good Friday services were held. A sunday league game.").is_empty());
        assert!(
            days("Rates rise over the next year, in this last week, for a brighter tomorrow.")
                .is_empty()
        );
    }

    #[test]
    fn spans_and_adjacent_days() {
        assert_eq!(
            days("Yesterday he flew out; last week he met them, and next month he returns."),
            [
                ("Yesterday".to_string(), "2026-02-05".to_string()),
                (
                    "last week".to_string(),
                    "2026-01-26 to 2026-02-01".to_string()
                ),
                (
                    "next month".to_string(),
                    "2026-03-01 to 2026-03-31".to_string()
                )
            ]
        );
        assert_eq!(
            relative_days("Sales fell last month.", date!(2026 - 01 - 15))[0].value(),
            "2025-12-01 to 2025-12-31"
        );
        assert_eq!(
            days("Profit rose last year.")[0].1,
            "2025-01-01 to 2025-12-31"
        );
    }

    proptest::proptest! {
        #[test]
        fn every_day_is_read_from_the_text_and_near_the_article(
            text in "([A-Za-z]{1,9}|Tuesday|last|next|week|year|tomorrow|the|will|[ ,.\"’é])*"
        ) {
            for day in relative_days(&text, FRIDAY) {
                proptest::prop_assert!(text.contains(&day.matched));
                proptest::prop_assert!(day.first <= day.last);
                proptest::prop_assert!((day.first - FRIDAY).whole_days().abs() <= 366);
            }
        }

        #[test]
        fn no_date_is_too_early_or_late_to_resolve_against(
            julian in prop_oneof![Just(Date::MIN.to_julian_day()), Just(Date::MAX.to_julian_day()), any::<i32>()]
        ) {
            let published = Date::from_julian_day(julian.clamp(Date::MIN.to_julian_day(), Date::MAX.to_julian_day())).unwrap();
            let text = "On Monday, yesterday, next Sunday, they will meet on Tuesday; last week, next month, next year, tomorrow.";
            for day in relative_days(text, published) {
                proptest::prop_assert!(day.first <= day.last);
            }
        }
    }
}
