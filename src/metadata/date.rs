//! Publication dates found in article text, with the evidence for each.
//!
//! The rules, in order (the first that applies wins):
//!
//! 1. **Dateline**: the story opens with a wire dateline, `NEW YORK, March 3 -`, giving month
//!    and day only: no year is taken for it.
//! 2. **Full date**: the latest full date (`2026-02-06`, `February 6, 2026`, `6 February 2026`)
//!    the lead (first paragraph) reports.
//! 3. **Event date**: the latest month and day the lead reports (`on February 5`, `Feb. 3`).
//!
//! Only the lead counts for 2 and 3, and a date just after a word of schedule or period
//! (`will`, `due`, `payable`, `record`, `next`, `until`, `ended`, ...) is no reported event:
//! measured on Reuters-21578 with the label withheld, later paragraphs and such dates are
//! almost never the day of publication (`examples/date_accuracy.rs`).
//!
//! A month and day take their year from the text's own context: a full date or a month with a
//! year (`July 2025`) in the same paragraph. A bare year (`in 2022`) is never context: it is as
//! often the past the story looks back on; nor is a full date of another paragraph (fiscal years, past events: it
//! gives datelines the wrong year more often than not). With no year in context the finding is partial (month and day only) and is not
//! stored as the article's date. Numeric dates such as `6/2` are left out: day-month and
//! month-day orders both occur in news and the text rarely says which.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};
use time::{Date, Month};

/// How a date was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateMethod {
    /// Given by the source's metadata (a JSON Lines `date`).
    Metadata,
    /// Given by a sources manifest beside the articles.
    Manifest,
    /// A `date 2026-02-06` marker line in the text.
    DateLine,
    /// The wire dateline opening the story.
    Dateline,
    /// The latest full date the text mentions.
    FullDate,
    /// The latest month and day the text mentions.
    EventDate,
}

/// A date found in text: month and day always, the year when context gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateFinding {
    /// The year, when the text's context gives it.
    pub year: Option<i32>,
    /// The month.
    pub month: Month,
    /// The day of the month.
    pub day: u8,
    /// Which rule found it.
    pub method: DateMethod,
    /// The text it was read from.
    pub matched: String,
}

impl DateFinding {
    /// The calendar date, when the year is known and the day exists.
    pub fn date(&self) -> Option<Date> {
        Date::from_calendar_date(self.year?, self.month, self.day).ok()
    }
}

/// A date mention in one paragraph.
#[derive(Debug, Clone)]
struct Mention {
    paragraph: usize,
    year: Option<i32>,
    month: Month,
    day: Option<u8>,
    matched: String,
}

/// Finds the publication date of an article from its paragraphs (in order).
pub fn find_date(paragraphs: &[&str]) -> Option<DateFinding> {
    let mentions: Vec<Mention> = paragraphs
        .iter()
        .enumerate()
        .flat_map(|(i, p)| mentions(i, p))
        .collect();
    // Events are read from the lead only: later paragraphs look back and ahead.
    let lead: Vec<&Mention> = mentions.iter().filter(|m| m.paragraph == 0).collect();
    let context_year = |m: &Mention| -> Option<i32> {
        m.year.or_else(|| {
            let same_paragraph = mentions
                .iter()
                .filter(|o| o.paragraph == m.paragraph)
                .filter_map(|o| o.year)
                .max();
            same_paragraph
        })
    };
    if let Some(first) = paragraphs.first() {
        if let Some(caps) = DATELINE.on(first).captures(first) {
            if let (Some(month), Ok(day)) = (month_of(&caps[1]), caps[2].parse::<u8>()) {
                let m = Mention {
                    paragraph: 0,
                    year: None,
                    month,
                    day: Some(day),
                    matched: caps[0].trim().to_string(),
                };
                if valid_day(m.month, day) {
                    // A dateline carries no year, and the words around it do not reliably
                    // give one.
                    return Some(DateFinding {
                        year: None,
                        month,
                        day,
                        method: DateMethod::Dateline,
                        matched: m.matched,
                    });
                }
            }
        }
    }
    let full = lead
        .iter()
        .filter(|m| m.day.is_some() && m.year.is_some())
        .max_by_key(|m| (m.year, m.month as u8, m.day));
    if let Some(m) = full {
        return Some(DateFinding {
            year: m.year,
            month: m.month,
            day: m.day?,
            method: DateMethod::FullDate,
            matched: m.matched.clone(),
        });
    }
    lead.iter()
        .filter(|m| m.day.is_some())
        .map(|m| (context_year(m), *m))
        .max_by_key(|(year, m)| (*year, m.month as u8, m.day))
        .map(|(year, m)| DateFinding {
            year,
            month: m.month,
            day: m.day.unwrap_or(1),
            method: DateMethod::EventDate,
            matched: m.matched.clone(),
        })
}

/// Words that, just before a date, make it a date the story looks ahead to or the end of a
/// reporting period, not a day events were reported on: "payable April 15", "record March 31",
/// "quarter ended December 31", "due by June 30", "will meet on May 3".
const NOT_EVENT_CUES: &[&str] = &[
    "will",
    "would",
    "shall",
    "to",
    "be",
    "due",
    "payable",
    "payment",
    "paid",
    "pay",
    "record",
    "scheduled",
    "expected",
    "expects",
    "planned",
    "next",
    "until",
    "till",
    "by",
    "before",
    "deadline",
    "expires",
    "expire",
    "expiring",
    "matures",
    "maturing",
    "maturity",
    "ended",
    "ending",
    "ends",
    "end",
    "through",
    "thru",
    "effective",
    "from",
    "starting",
    "beginning",
    "begins",
    "year",
    "quarter",
    "period",
    "fiscal",
];

/// Whether the few words before `start` mark the date as not a reported event.
fn is_not_event(text: &str, start: usize) -> bool {
    text[..start]
        .rsplit(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(3)
        .any(|w| NOT_EVENT_CUES.contains(&w.to_lowercase().as_str()))
}

/// Whether `text` may hold a digit, as `\d` reads one: every date pattern needs one. Only
/// ASCII text is ruled out by its bytes (`\d` also matches other scripts' digits).
fn may_hold_a_digit(text: &str) -> bool {
    !text.is_ascii() || text.bytes().any(|b| b.is_ascii_digit())
}

/// Whether `text` names a month as a whole word, as every pattern but the ISO one needs. This
/// one search, whose month names a literal prefilter finds, spares five where none is named:
/// two of those begin with a digit, with no literal to skip ahead to.
fn names_a_month(text: &str) -> bool {
    MONTH_WORD.is_match(text)
}

fn mentions(paragraph: usize, text: &str) -> Vec<Mention> {
    let mut out = Vec::new();
    if !may_hold_a_digit(text) {
        return out;
    }
    let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
    let mut push =
        |range: std::ops::Range<usize>, year: Option<i32>, month: Month, day: Option<u8>| {
            if taken
                .iter()
                .any(|t| t.start < range.end && range.start < t.end)
            {
                return;
            }
            if let Some(day) = day {
                if !valid_day(month, day) {
                    return;
                }
                if is_not_event(text, range.start) {
                    taken.push(range);
                    return;
                }
            }
            out.push(Mention {
                paragraph,
                year,
                month,
                day,
                matched: text[range.clone()].to_string(),
            });
            taken.push(range);
        };
    for c in ISO.captures_iter(text) {
        let (Ok(y), Ok(m), Ok(d)) = (c[1].parse(), c[2].parse::<u8>(), c[3].parse::<u8>()) else {
            continue;
        };
        if let Ok(month) = Month::try_from(m) {
            push(c.get(0).unwrap().range(), Some(y), month, Some(d));
        }
    }
    if !names_a_month(text) {
        return out;
    }
    for c in MONTH_DAY_YEAR.captures_iter(text) {
        if let Some(month) = month_of(&c[1]) {
            let day = last_day(&c[2], c.get(3).map(|m| m.as_str()));
            push(c.get(0).unwrap().range(), c[4].parse().ok(), month, day);
        }
    }
    for c in DAY_MONTH_YEAR.captures_iter(text) {
        if let Some(month) = month_of(&c[2]) {
            push(
                c.get(0).unwrap().range(),
                c[3].parse().ok(),
                month,
                c[1].parse().ok(),
            );
        }
    }
    for c in MONTH_YEAR.captures_iter(text) {
        if let Some(month) = month_of(&c[1]) {
            push(c.get(0).unwrap().range(), c[2].parse().ok(), month, None);
        }
    }
    for c in MONTH_DAY.captures_iter(text) {
        if let Some(month) = month_of(&c[1]) {
            let day = last_day(&c[2], c.get(3).map(|m| m.as_str()));
            push(c.get(0).unwrap().range(), None, month, day);
        }
    }
    for c in DAY_MONTH.captures_iter(text) {
        if let Some(month) = month_of(&c[2]) {
            push(c.get(0).unwrap().range(), None, month, c[1].parse().ok());
        }
    }
    out
}

/// The end of a range such as "4–5", else the day.
fn last_day(day: &str, range_end: Option<&str>) -> Option<u8> {
    range_end.unwrap_or(day).parse().ok()
}

fn valid_day(month: Month, day: u8) -> bool {
    (1..=31).contains(&day) && Date::from_calendar_date(2000, month, day).is_ok()
}

fn month_of(name: &str) -> Option<Month> {
    let lower = name.trim_end_matches('.').to_lowercase();
    let month = match lower.get(..3)? {
        "jan" => Month::January,
        "feb" => Month::February,
        "mar" => Month::March,
        "apr" => Month::April,
        "may" => Month::May,
        "jun" => Month::June,
        "jul" => Month::July,
        "aug" => Month::August,
        "sep" => Month::September,
        "oct" => Month::October,
        "nov" => Month::November,
        "dec" => Month::December,
        _ => return None,
    };
    Some(month)
}

use crate::pattern::{compile as re, Pattern};

/// Month names: full names in any case except the verbs "May" and "March", abbreviations
/// capitalised ("Feb.", "Sept").
const MONTH: &str = r"((?:[Jj]anuary|[Ff]ebruary|March|April|[Aa]pril|May|[Jj]une|[Jj]uly|[Aa]ugust|[Ss]eptember|[Oo]ctober|[Nn]ovember|[Dd]ecember|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)";
const DAY: &str = r"(\d{1,2})(?:st|nd|rd|th)?";
const YEAR: &str = r"((?:19|20)\d{2})";

/// A month name, as the patterns below write it, as a whole word ([`names_a_month`]).
static MONTH_WORD: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"\b{MONTH}\b")));
static ISO: LazyLock<Regex> = LazyLock::new(|| re(r"\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b"));
static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b{MONTH}\s+{DAY}(?:\s*[-–]\s*(\d{{1,2}}))?,?\s+{YEAR}\b"
    ))
});
static DAY_MONTH_YEAR: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"\b{DAY}\s+{MONTH},?\s+{YEAR}\b")));
static MONTH_YEAR: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"\b{MONTH},?\s+(?:of\s+)?{YEAR}\b")));
static MONTH_DAY: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"\b{MONTH}\s+{DAY}(?:\s*[-–]\s*(\d{{1,2}}))?\b")));
static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"\b{DAY}\s+{MONTH}\b")));
/// `NEW YORK, March 3 -`, `SALVADOR, Feb 26 -`: capitals, a comma, month and day, a dash.
///
/// A [`Pattern`]: its bounded repetitions of Unicode classes are slow to compile, and ASCII
/// copy needs only its ASCII twin.
static DATELINE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(&format!(
        r"^\s*\p{{Lu}}[\p{{Lu}}\p{{Lu}} .'’-]{{1,40}}(?:,\s*[\p{{L}} .]{{1,30}})?,\s+{MONTH}\s+(\d{{1,2}})\s*(?:\([^)]{{1,30}}\)\s*)?[-–—]"
    ))
});

#[cfg(test)]
mod tests {
    use super::*;

    fn found(paragraphs: &[&str]) -> Option<(Option<Date>, DateMethod, String)> {
        find_date(paragraphs).map(|f| (f.date(), f.method, f.matched))
    }

    fn ymd(y: i32, m: u8, d: u8) -> Date {
        Date::from_calendar_date(y, Month::try_from(m).unwrap(), d).unwrap()
    }

    #[test]
    fn datelines_win_and_give_month_and_day_only() {
        let f = find_date(&[
            "NEW YORK, March 3 - Stocks fell on Tuesday from their peak on February 20, 1987.",
        ])
        .unwrap();
        assert_eq!(f.method, DateMethod::Dateline);
        assert_eq!(f.matched, "NEW YORK, March 3 -");
        assert_eq!((f.year, f.month, f.day), (None, Month::March, 3));
        assert_eq!(f.date(), None, "no year is guessed for a dateline");
    }

    #[test]
    fn the_latest_full_date_wins_over_partial_ones() {
        let (date, method, _) = found(&[
            "Talks began on Feb. 3, 2026 and a deal was signed on 6 February 2026; a review is due March 9.",
        ])
        .unwrap();
        assert_eq!(
            (date, method),
            (Some(ymd(2026, 2, 6)), DateMethod::FullDate)
        );
    }

    #[test]
    fn only_the_lead_reports_events() {
        assert!(find_date(&[
            "Shares rose sharply.",
            "The company was formed on Dec 30, 1985."
        ])
        .is_none());
    }

    #[test]
    fn month_and_day_take_the_year_of_their_paragraph_not_a_bare_year() {
        let f = find_date(&["The leaders last spoke in July 2025, and again on July 14."]).unwrap();
        assert_eq!(f.date(), Some(ymd(2025, 7, 14)));
        assert_eq!(f.method, DateMethod::EventDate);
        let f = find_date(&[
            "As reported on February 5.",
            "They have not spoken since the invasion in 2022.",
        ])
        .unwrap();
        assert_eq!((f.year, f.month, f.day), (None, Month::February, 5));
        assert_eq!(f.date(), None, "no year in context, so no stored date");
    }

    #[test]
    fn scheduled_dates_and_period_ends_are_not_events() {
        let f = find_date(&[
            "The company said on March 2, 1987 it raised its dividend, payable April 15, 1987, record March 31, 1987, for the quarter ended December 31, 1987.",
        ])
        .unwrap();
        assert_eq!(f.date(), Some(ymd(1987, 3, 2)));
    }

    #[test]
    fn ranges_end_on_their_last_day() {
        let f = find_date(&["On February 4–5 delegations met in Abu Dhabi."]).unwrap();
        assert_eq!((f.month, f.day), (Month::February, 5));
    }

    #[test]
    fn numeric_dates_verbs_and_impossible_days_are_left_out() {
        assert!(find_date(&["Macron at the Elysee on 6/2."]).is_none());
        assert!(find_date(&["It may 15 times over, and march 3 miles."]).is_none());
        assert!(find_date(&["Due on February 30."]).is_none());
        assert!(find_date(&["No dates here at all."]).is_none());
    }

    #[test]
    fn lower_case_full_month_names_count() {
        let f =
            find_date(&["The last call took place in july 2025; another on september 3, 2025."])
                .unwrap();
        assert_eq!(f.date(), Some(ymd(2025, 9, 3)));
    }

    proptest::proptest! {
        /// On ASCII text, and text with typographic punctuation, the dateline pattern's ASCII
        /// twin finds the same datelines.
        #[test]
        fn the_dateline_twin_finds_what_the_pattern_finds(
            text in " ?[A-Za-z][A-Za-z .'’\u{a0}-]{0,12}(, ?[A-Za-z .]{1,10})?,[ \u{a0}]{1,2}(March|Feb|Sept\\.|dec) {1,2}[0-9]{1,2} ?(\\([A-Za-z]{1,8}\\) )?[-:—–]"
        ) {
            crate::pattern::assert_twins_agree(&DATELINE, &text);
        }

        /// The gates in front of the date patterns pass every text a pattern matches: dates
        /// with month names and abbreviations as the patterns write them, ISO dates, digits of
        /// other scripts, and any text.
        #[test]
        fn the_gates_pass_every_text_a_date_pattern_matches(
            text in proptest::string::string_regex(&format!(
                "[a-z ,.-]{{0,6}}{MONTH}\\.?,? {{1,2}}(of )?[0-9]{{1,4}}(st|th)?(,? [0-9]{{4}})?[ .a-z]{{0,6}}\
                 |[0-9]{{1,2}}(th)? {MONTH} ?[0-9]{{0,4}}\
                 |{MONTH} [\\u{{660}}-\\u{{669}}]{{1,2}}[a-z]{{1,3}}\
                 |(19|20)[0-9]{{2}}-[0-9]{{2}}-[0-9]{{2}}\
                 |\\PC{{0,40}}"
            )).unwrap()
        ) {
            let month_patterns = [&MONTH_DAY_YEAR, &DAY_MONTH_YEAR, &MONTH_YEAR, &MONTH_DAY, &DAY_MONTH];
            if month_patterns.iter().any(|p| p.is_match(&text)) {
                proptest::prop_assert!(names_a_month(&text), "{text:?}");
            }
            if month_patterns.iter().chain([&&ISO]).any(|p| p.is_match(&text)) {
                proptest::prop_assert!(may_hold_a_digit(&text), "{text:?}");
            }
        }
    }
}
