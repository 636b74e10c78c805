//! Facets: how many of the articles a query matches each outlet, speaker and day holds, over
//! every passage it matches, not only the hits shown.
//!
//! The matching passages are collected once; outlets and speakers are counted by walking each
//! of their terms' postings against that set (both fields are indexed, not fast), days from
//! the date fast field. Counts are of distinct articles, each outlet and speaker under its
//! canonical name.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use tantivy::collector::DocSetCollector;
use tantivy::query::Query;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocSet, Searcher, SegmentReader, TERMINATED};
use time::Date;

use crate::error::Result;
use crate::index::schema::{Fields, ARTICLE_ID_FIELD, DATE_FIELD};
use crate::index::stored::SpeakerNames;
use crate::metadata::OutletNames;

/// The most values an outlet or speaker facet lists (days are all listed).
pub const FACET_VALUES: usize = 20;

/// Counts over the whole result set of a query.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Facets {
    /// Passages matched.
    pub passages: u64,
    /// Articles those passages are of.
    pub articles: u64,
    /// Outlets by articles, most first (at most [`FACET_VALUES`]).
    pub outlets: Vec<FacetCount>,
    /// Speakers by articles, most first (at most [`FACET_VALUES`]).
    pub speakers: Vec<FacetCount>,
    /// Articles per publication day (inferred dates included), in date order.
    pub days: Vec<DayCount>,
}

/// One value of a facet and the articles that have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    /// The canonical outlet or speaker name.
    pub value: String,
    /// Matched articles with it.
    pub articles: u64,
}

/// Matched articles published on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayCount {
    /// The day.
    #[serde(with = "crate::date::serde_ymd")]
    pub date: Date,
    /// Matched articles published that day.
    pub articles: u64,
}

/// Counts the facets of the passages `query` matches.
pub(crate) fn count(
    searcher: &Searcher,
    fields: &Fields,
    query: &dyn Query,
    outlets: &OutletNames,
    speakers: &SpeakerNames,
) -> Result<Facets> {
    let matched = searcher.search(query, &DocSetCollector)?;
    let mut by_segment: Vec<Vec<u32>> = vec![Vec::new(); searcher.segment_readers().len()];
    for address in &matched {
        by_segment[address.segment_ord as usize].push(address.doc_id);
    }
    let mut facets = Facets {
        passages: matched.len() as u64,
        ..Facets::default()
    };
    let mut outlet_articles: HashMap<String, HashSet<u64>> = HashMap::new();
    let mut speaker_articles: HashMap<String, HashSet<u64>> = HashMap::new();
    let mut day_articles: HashMap<Date, HashSet<u64>> = HashMap::new();
    let mut articles: HashSet<u64> = HashSet::new();
    for (segment, docs) in searcher.segment_readers().iter().zip(&by_segment) {
        if docs.is_empty() {
            continue;
        }
        let mut member = vec![false; segment.max_doc() as usize];
        for &d in docs {
            member[d as usize] = true;
        }
        let fast = segment.fast_fields();
        let ids = fast.u64(ARTICLE_ID_FIELD)?.first_or_default_col(0);
        let dates = fast.date(DATE_FIELD)?;
        for &d in docs {
            let id = ids.get_val(d);
            articles.insert(id);
            if let Some(date) = dates.first(d) {
                day_articles
                    .entry(date.into_utc().date())
                    .or_default()
                    .insert(id);
            }
        }
        let article_of = |d: u32| ids.get_val(d);
        each_posting(segment, fields.outlet, &member, |term, d| {
            let name = outlets
                .canonical(term, crate::analysis::keyword_term)
                .unwrap_or(term);
            outlet_articles
                .entry(name.to_string())
                .or_default()
                .insert(article_of(d));
        })?;
        each_posting(segment, fields.speaker_keys, &member, |key, d| {
            // Keys with a first initial (`lavrov|s`) name people; bare surnames are aliases.
            if let (true, Some(name)) = (key.contains('|'), speakers.get(key)) {
                speaker_articles
                    .entry(name.clone())
                    .or_default()
                    .insert(article_of(d));
            }
        })?;
    }
    facets.articles = articles.len() as u64;
    facets.outlets = ranked(outlet_articles);
    facets.speakers = ranked(speaker_articles);
    let mut days: Vec<DayCount> = day_articles
        .into_iter()
        .map(|(date, a)| DayCount {
            date,
            articles: a.len() as u64,
        })
        .collect();
    days.sort_by_key(|d| d.date);
    facets.days = days;
    Ok(facets)
}

/// Calls `each` with every term of `field` in `segment` and each matched document holding it.
fn each_posting(
    segment: &SegmentReader,
    field: Field,
    member: &[bool],
    mut each: impl FnMut(&str, u32),
) -> Result<()> {
    let inverted = segment.inverted_index(field)?;
    let mut stream = inverted
        .terms()
        .stream()
        .map_err(tantivy::TantivyError::from)?;
    while stream.advance() {
        let Ok(term) = std::str::from_utf8(stream.key()) else {
            continue;
        };
        let mut postings = inverted
            .read_postings_from_terminfo(stream.value(), IndexRecordOption::Basic)
            .map_err(tantivy::TantivyError::from)?;
        let mut doc = postings.doc();
        while doc != TERMINATED {
            if member.get(doc as usize).copied().unwrap_or(false) {
                each(term, doc);
            }
            doc = postings.advance();
        }
    }
    Ok(())
}

/// Values by articles, most first, then by name; at most [`FACET_VALUES`].
fn ranked(counts: HashMap<String, HashSet<u64>>) -> Vec<FacetCount> {
    let mut out: Vec<FacetCount> = counts
        .into_iter()
        .map(|(value, a)| FacetCount {
            value,
            articles: a.len() as u64,
        })
        .collect();
    out.sort_by(|a, b| b.articles.cmp(&a.articles).then(a.value.cmp(&b.value)));
    out.truncate(FACET_VALUES);
    out
}
