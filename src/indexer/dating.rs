//! Dates inferred for undated articles from the dated articles that report the same words.
//!
//! Two kinds of co-report, strongest first:
//!
//! 1. **Copy**: a dated article carries the same quoted words (a clause of at least
//!    [`MIN_CLAUSE_WORDS`] words, verbatim). When the undated article's own text names a day
//!    and month without a year (`on Feb. 5`), that day takes its year from the co-report;
//!    otherwise it takes the co-report's date, if they share [`MIN_SHARED_FOR_DATE`] clauses
//!    (a single quote is repeated for weeks).
//! 2. **Story**: a dated article names the same people and places: the weighted Jaccard
//!    similarity of the two articles' proper names (each weighted by its inverse document
//!    frequency, so `Bonne` counts for more than `Putin`) is at least [`MIN_STORY_SIMILARITY`].
//!    A story whose dated reports that close are more than [`MAX_STORY_SPREAD_DAYS`] apart (an
//!    election campaign, a trial) gives no date: its names do not tell which day is meant.
//!
//! Either way the date is marked inferred, and its evidence names the article and what they
//! share. An article with no co-report stays undated: never a date without evidence.
//!
//! Inference runs once, when the article is indexed, against the index as committed with the
//! rest of its run: a dated copy indexed later does not date it.

use std::collections::{BTreeMap, BTreeSet};

use tantivy::collector::TopDocs;
use time::{Date, Month};

use crate::index::schema::Fields;
use crate::index::stored::ArticleRecord;
use crate::metadata::Evidence;
use crate::query::{Filters, Mode, Plan};

/// The fewest words of a quoted clause that, found verbatim in another article, make it a
/// co-report.
pub const MIN_CLAUSE_WORDS: usize = 6;

/// The fewest quoted clauses an article must share with a co-report to take its date (a
/// quote alone is repeated for weeks; it gives only the year of a day the text names).
pub const MIN_SHARED_FOR_DATE: usize = 2;

/// The least weighted Jaccard similarity of proper names that makes a dated article a report of
/// the same story.
pub const MIN_STORY_SIMILARITY: f64 = 0.4;

/// The most days between two dated reports of the same story for it to give a date.
pub const MAX_STORY_SPREAD_DAYS: i64 = 3;

/// Most dated articles compared for a story co-report.
const MAX_STORY_CANDIDATES: usize = 8;

/// Most clauses of one article looked up.
const MAX_CLAUSES: usize = 24;

/// Most copies of one clause read.
const MAX_COPIES: usize = 20;

/// What dating an undated article reads: its record, its quotes and the day it names.
#[derive(Debug, Clone)]
pub(crate) struct Undated {
    /// The article's stored fields (no date).
    pub record: ArticleRecord,
    /// Its quotes' words.
    pub quotes: Vec<String>,
    /// A month and day its text names without a year, and the words they were read from.
    pub named_day: Option<(Month, u8, String)>,
    /// Its proper names ([`proper_names`]).
    pub names: BTreeSet<String>,
}

/// The proper names of a text, lower case: words of three letters or more written with a
/// capital where a sentence does not begin.
pub(crate) fn proper_names(paragraphs: &[&str]) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for paragraph in paragraphs {
        let mut sentence_start = true;
        for word in paragraph.split_whitespace() {
            let core = word.trim_matches(|c: char| !c.is_alphanumeric());
            let mut chars = core.chars();
            let capital = chars.next().is_some_and(char::is_uppercase);
            let lettered = core.chars().count() >= 3 && core.chars().all(char::is_alphabetic);
            let shouted = core.chars().all(|c| !c.is_lowercase());
            if capital && lettered && !shouted && !sentence_start {
                names.insert(core.to_lowercase());
            }
            sentence_start = word.ends_with(['.', '!', '?', ':', '"', '“', '”'])
                || core.is_empty() && !word.is_empty();
        }
    }
    names
}

/// An inferred date and its evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Inferred {
    pub date: Date,
    pub evidence: Evidence,
}

/// The quoted clauses of `quotes` long enough to mark a co-report, each as its words.
fn clauses(quotes: &[String]) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    for quote in quotes {
        for clause in quote.split(['.', ',', ';', ':', '?', '!', '—', '–', '(', ')']) {
            let words: Vec<String> = clause
                .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect();
            if words.len() >= MIN_CLAUSE_WORDS && !out.contains(&words) {
                out.push(words);
            }
        }
    }
    out.truncate(MAX_CLAUSES);
    out
}

/// Infers a date for `undated` from the dated articles `searcher` holds.
pub(crate) fn infer(
    searcher: &tantivy::Searcher,
    fields: &Fields,
    undated: &Undated,
) -> crate::Result<Option<Inferred>> {
    let own_key = undated.record.key();
    // Per dated co-report: its date, doc id and the clauses it shares.
    let mut reports: BTreeMap<String, (Date, String, Vec<String>)> = BTreeMap::new();
    for words in clauses(&undated.quotes) {
        let phrase = words.join(" ");
        let Ok(plan) = Plan::new(&format!("\"{phrase}\""), Filters::default()) else {
            continue;
        };
        let query = plan.query(fields, Mode::All);
        for (_, address) in
            searcher.search(&query, &TopDocs::with_limit(MAX_COPIES).order_by_score())?
        {
            let copy = crate::index::stored::load(searcher, fields, address)?;
            let record = &copy.article;
            let inferred = record.date_inferred;
            let (Some(date), false, false) = (record.date, inferred, record.key() == own_key)
            else {
                continue;
            };
            let entry = reports
                .entry(record.key())
                .or_insert_with(|| (date, record.doc_id.clone(), Vec::new()));
            if !entry.2.contains(&phrase) {
                entry.2.push(phrase.clone());
            }
        }
    }
    // The co-report sharing the most clauses; of equals, the earliest.
    let Some((date, doc_id, shared)) = reports
        .into_values()
        .max_by(|a, b| a.2.len().cmp(&b.2.len()).then(b.0.cmp(&a.0)))
    else {
        return story(searcher, fields, undated);
    };
    let because = format!(
        "{doc_id} ({}) carries “{}”",
        crate::date::format_ymd(date),
        shared[0]
    );
    let named = undated
        .named_day
        .as_ref()
        .and_then(|(month, day, matched)| {
            nearest_year(date, *month, *day).map(|d| (d, matched.clone()))
        });
    let (date, method, matched) = match named {
        Some((named, matched)) => (
            named,
            "inferred_year",
            format!("{matched}; the year from {because}"),
        ),
        None if shared.len() >= MIN_SHARED_FOR_DATE => (date, "inferred_copy", because),
        None => return story(searcher, fields, undated),
    };
    Ok(Some(Inferred {
        date,
        evidence: Evidence {
            field: "date".into(),
            value: crate::date::format_ymd(date),
            method: method.into(),
            matched,
        },
    }))
}

/// The date of the dated article that reports the same story, by the proper names they share.
fn story(
    searcher: &tantivy::Searcher,
    fields: &Fields,
    undated: &Undated,
) -> crate::Result<Option<Inferred>> {
    if undated.names.is_empty() {
        return Ok(None);
    }
    let words: Vec<&str> = undated.names.iter().map(String::as_str).collect();
    let Ok(plan) = Plan::new(&words.join(" "), Filters::default()) else {
        return Ok(None);
    };
    let own_key = undated.record.key();
    let passages = searcher.num_docs().max(1) as f64;
    let mut analyzer = crate::analysis::stemmed();
    let mut weights: BTreeMap<String, f64> = BTreeMap::new();
    let mut weight = |name: &str| -> crate::Result<f64> {
        if let Some(w) = weights.get(name) {
            return Ok(*w);
        }
        let mut stream = analyzer.token_stream(name);
        let df = match stream.next() {
            Some(token) => {
                searcher.doc_freq(&tantivy::Term::from_field_text(fields.text, &token.text))?
            }
            None => 0,
        };
        let w = (passages / (df as f64 + 1.0)).ln().max(0.0);
        weights.insert(name.to_string(), w);
        Ok(w)
    };
    let mut seen = BTreeSet::new();
    let mut best: Option<(f64, Date, String, Vec<String>)> = None;
    // The dates of every dated report similar enough to be the same story.
    let mut story_dates = Vec::new();
    let top = TopDocs::with_limit(4 * MAX_STORY_CANDIDATES).order_by_score();
    for (_, address) in searcher.search(&plan.query(fields, Mode::Any), &top)? {
        let p = crate::index::stored::load(searcher, fields, address)?;
        let record = &p.article;
        let key = record.key();
        let (Some(date), false) = (record.date, record.date_inferred) else {
            continue;
        };
        if key == own_key || !seen.insert(key) {
            continue;
        }
        if seen.len() > MAX_STORY_CANDIDATES {
            break;
        }
        let head = tantivy::DocAddress::new(address.segment_ord, address.doc_id - p.passage as u32);
        let mut texts = Vec::new();
        for a in crate::index::stored::article_run(searcher, head)? {
            texts.push(crate::index::stored::load(searcher, fields, a)?.text);
        }
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let names = proper_names(&texts);
        let (mut shared, mut all) = (0.0, 0.0);
        let mut common = Vec::new();
        for name in undated.names.union(&names) {
            let w = weight(name)?;
            all += w;
            if undated.names.contains(name) && names.contains(name) {
                shared += w;
                common.push((w, name.clone()));
            }
        }
        let similarity = if all > 0.0 { shared / all } else { 0.0 };
        if similarity >= MIN_STORY_SIMILARITY {
            story_dates.push(date);
        }
        if best.as_ref().is_none_or(|b| similarity > b.0) {
            common.sort_by(|a, b| b.0.total_cmp(&a.0));
            let common = common.into_iter().map(|(_, n)| n).take(6).collect();
            best = Some((similarity, date, record.doc_id.clone(), common));
        }
    }
    let Some((similarity, date, doc_id, common)) = best.filter(|b| b.0 >= MIN_STORY_SIMILARITY)
    else {
        return Ok(None);
    };
    if story_dates
        .iter()
        .any(|d| (*d - date).whole_days().abs() > MAX_STORY_SPREAD_DAYS)
    {
        return Ok(None);
    }
    Ok(Some(Inferred {
        date,
        evidence: Evidence {
            field: "date".into(),
            value: crate::date::format_ymd(date),
            method: "inferred_story".into(),
            matched: format!(
                "{doc_id} ({}) reports the same story: names in common {} (similarity {similarity:.2})",
                crate::date::format_ymd(date),
                common.join(", ")
            ),
        },
    }))
}

/// `month` and `day` in the year that puts them nearest `to`, if within half a year.
fn nearest_year(to: Date, month: Month, day: u8) -> Option<Date> {
    (to.year() - 1..=to.year() + 1)
        .filter_map(|y| Date::from_calendar_date(y, month, day).ok())
        .min_by_key(|d| (*d - to).whole_days().abs())
        .filter(|d| (*d - to).whole_days().abs() <= 183)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn clauses_are_quoted_runs_of_enough_words() {
        let quotes = vec![
            "If you want to call and talk about something serious, then call. Putin will always pick up the phone.".to_string(),
            "This is not serious".to_string(),
        ];
        let got: Vec<String> = clauses(&quotes).iter().map(|w| w.join(" ")).collect();
        assert_eq!(
            got,
            [
                "If you want to call and talk about something serious",
                "Putin will always pick up the phone"
            ]
        );
    }

    #[test]
    fn proper_names_are_capitalised_words_within_sentences() {
        let names = proper_names(&[
            "Macron sent Emmanuel Bonne to Moscow. The Kremlin said NATO was told. He met Yury Ushakov.",
        ]);
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        assert_eq!(
            names,
            ["bonne", "emmanuel", "kremlin", "moscow", "ushakov", "yury"]
        );
    }

    #[test]
    fn a_named_day_takes_the_nearest_year() {
        assert_eq!(
            nearest_year(date!(2026 - 02 - 06), Month::February, 5),
            Some(date!(2026 - 02 - 05))
        );
        assert_eq!(
            nearest_year(date!(2026 - 01 - 02), Month::December, 30),
            Some(date!(2025 - 12 - 30))
        );
        assert_eq!(
            nearest_year(date!(2026 - 02 - 06), Month::February, 30),
            None
        );
    }
}
