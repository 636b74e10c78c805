//! Searching: a [`SearchRequest`] in, ranked [`Hit`]s out. Nothing here prints.
//!
//! Ranking is BM25 over passage text and title, in two tiers: passages matching every term of
//! the bag of words come first, then passages matching only some of them, each tier by score.
//! Quoted phrases, `+required` and `-excluded` words and the filters bind both tiers.

use std::collections::HashSet;

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::{DocAddress, Searcher, TantivyDocument};
use time::Date;

use crate::error::{Error, Result};
use crate::query::{serialize_marked, Filters, Highlighter, Mode, Plan, Snippet};
use crate::schema::Fields;
use crate::stored::StoredPassage;

/// The most hits one request may ask for.
pub const MAX_LIMIT: usize = 10_000;

/// What to search for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    /// The query, as the user typed it.
    pub query: String,
    /// How many hits at most.
    pub limit: usize,
    /// Restrictions on outlet, speaker and date.
    pub filters: Filters,
}

impl SearchRequest {
    /// A request for the top 10 hits of `query`.
    pub fn new(query: impl Into<String>) -> SearchRequest {
        SearchRequest {
            query: query.into(),
            limit: 10,
            filters: Filters::default(),
        }
    }

    /// The same request with another limit.
    pub fn limit(mut self, limit: usize) -> SearchRequest {
        self.limit = limit;
        self
    }

    /// The same request restricted to one outlet.
    pub fn outlet(mut self, outlet: impl Into<String>) -> SearchRequest {
        self.filters.outlet = Some(outlet.into());
        self
    }

    /// The same request restricted to passages where this person speaks.
    pub fn speaker(mut self, speaker: impl Into<String>) -> SearchRequest {
        self.filters.speaker = Some(speaker.into());
        self
    }

    /// The same request restricted to articles published on or after `date`.
    pub fn since(mut self, date: Date) -> SearchRequest {
        self.filters.since = Some(date);
        self
    }

    /// The same request restricted to articles published on or before `date`.
    pub fn until(mut self, date: Date) -> SearchRequest {
        self.filters.until = Some(date);
        self
    }

    fn validate(&self) -> Result<()> {
        if self.limit == 0 || self.limit > MAX_LIMIT {
            return Err(Error::InvalidArgument(format!(
                "limit must be between 1 and {MAX_LIMIT}, not {}",
                self.limit
            )));
        }
        let f = &self.filters;
        for (what, value) in [("outlet", &f.outlet), ("speaker", &f.speaker)] {
            if value.as_ref().is_some_and(|v| v.trim().is_empty()) {
                return Err(Error::InvalidArgument(format!("the {what} name is empty")));
            }
        }
        if let (Some(since), Some(until)) = (f.since, f.until) {
            if since > until {
                return Err(Error::InvalidArgument(format!(
                    "since ({}) is after until ({})",
                    crate::date::format_ymd(since),
                    crate::date::format_ymd(until)
                )));
            }
        }
        Ok(())
    }
}

/// One ranked passage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// Rank, from 1.
    pub rank: usize,
    /// BM25 score (higher is better; ranks put full matches before partial ones first).
    pub score: f32,
    /// The article's doc id.
    pub doc_id: String,
    /// The article's headline, empty when it has none.
    pub title: String,
    /// Outlet.
    pub outlet: Option<String>,
    /// Publication date.
    #[serde(with = "crate::date::serde_opt_ymd")]
    pub date: Option<Date>,
    /// Speakers quoted or paraphrased in the passage.
    pub speakers: Vec<String>,
    /// Position of the passage in its article, from 0.
    pub passage: u64,
    /// The whole passage.
    pub text: String,
    /// The best part of the passage, matches marked (`**…**` in JSON).
    #[serde(serialize_with = "serialize_marked")]
    pub snippet: Snippet,
    /// Where the article came from: file, or `file:line` for JSON Lines.
    pub source: String,
}

/// Runs `request` on `searcher`.
pub(crate) fn search(
    searcher: &Searcher,
    fields: &Fields,
    names: &crate::stored::SpeakerNames,
    request: &SearchRequest,
) -> Result<Vec<Hit>> {
    request.validate()?;
    let plan = Plan::new(&request.query, request.filters.clone())?;
    let limit = request.limit;
    let mut ranked: Vec<(f32, DocAddress)> = searcher.search(
        &*plan.query(fields, Mode::All),
        &TopDocs::with_limit(limit).order_by_score(),
    )?;
    if ranked.len() < limit && plan.has_partial_matches() {
        let seen: HashSet<DocAddress> = ranked.iter().map(|(_, a)| *a).collect();
        let partial = searcher.search(
            &*plan.query(fields, Mode::Any),
            &TopDocs::with_limit(limit + seen.len()).order_by_score(),
        )?;
        ranked.extend(
            partial
                .into_iter()
                .filter(|(_, a)| !seen.contains(a))
                .take(limit - seen.len()),
        );
    }
    let (stems, phrases) = plan.highlights();
    let mut highlighter = Highlighter::new(stems, phrases);
    ranked
        .into_iter()
        .enumerate()
        .map(|(i, (score, address))| {
            let doc: TantivyDocument = searcher.doc(address)?;
            let mut p = StoredPassage::from_doc(&doc, fields);
            crate::stored::canonicalise(names, &mut p.speakers);
            let snippet = highlighter.snippet(&p.text);
            let source = p.source();
            Ok(Hit {
                rank: i + 1,
                score,
                doc_id: p.doc_id,
                title: p.title,
                outlet: p.outlet,
                date: p.date,
                speakers: p.speakers,
                passage: p.passage,
                text: p.text,
                snippet,
                source,
            })
        })
        .collect()
}
