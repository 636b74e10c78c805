//! Searching: a [`SearchRequest`] in, ranked [`Hit`]s out. Nothing here prints.
//!
//! [`Ranking`] picks candidates and scores them (passage and article BM25, exact forms and
//! names, proximity, coverage, named speakers, question cues), orders each article's passages
//! and lets no article crowd the first results; near-duplicates from different articles are
//! grouped into one hit with the other copies in [`Hit::also_in`]. Quoted phrases,
//! `+required` and `-excluded` words and the filters bind every candidate.

use serde::Serialize;
use tantivy::Searcher;
use time::Date;

use crate::cues::Cue;
use crate::error::{Error, Result};
use crate::index::schema::Fields;
use crate::query::{
    rank, read_names, serialize_marked, FieldFilter, Filters, Fingerprint, Highlighter, Occur,
    Plan, Ranking, ScoreParts, SearchMode, Side, Snippet,
};

/// Fewest candidates re-scored, however few hits are asked for.
pub const MIN_CANDIDATES: usize = 100;

/// The most hits one request may ask for.
pub const MAX_LIMIT: usize = 10_000;

/// The longest query, in bytes: far beyond any question, short enough that no query can make
/// a search slow.
pub const MAX_QUERY_BYTES: usize = 64 << 10;

/// What to search for.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchRequest {
    /// The query, as the user typed it.
    pub query: String,
    /// How many hits at most.
    pub limit: usize,
    /// Restrictions on outlet, speaker and date.
    pub filters: Filters,
    /// Near-duplicates from different articles as one hit (default on).
    pub group: bool,
    /// Each hit carries how its score was made.
    pub explain: bool,
    /// The ranking's weights.
    pub ranking: Ranking,
    /// Words, meaning or both; `None`: hybrid when the index has vectors and the engine an
    /// embedder for them, else lexical.
    pub mode: Option<SearchMode>,
}

impl SearchRequest {
    /// A request for the top 10 hits of `query`.
    pub fn new(query: impl Into<String>) -> SearchRequest {
        SearchRequest {
            query: query.into(),
            limit: 10,
            filters: Filters::default(),
            group: true,
            explain: false,
            ranking: Ranking::default(),
            mode: None,
        }
    }

    /// The same request in another mode.
    pub fn mode(mut self, mode: SearchMode) -> SearchRequest {
        self.mode = Some(mode);
        self
    }

    /// The same request with grouping of near-duplicates on or off.
    pub fn group(mut self, group: bool) -> SearchRequest {
        self.group = group;
        self
    }

    /// The same request with score explanations on or off.
    pub fn explain(mut self, explain: bool) -> SearchRequest {
        self.explain = explain;
        self
    }

    /// The same request ranked with other weights.
    pub fn ranking(mut self, ranking: Ranking) -> SearchRequest {
        self.ranking = ranking;
        self
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
        if self.query.len() > MAX_QUERY_BYTES {
            return Err(Error::Query(format!(
                "the query is {} bytes long; the most is {MAX_QUERY_BYTES}",
                self.query.len()
            )));
        }
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
    /// Score (higher is better).
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
    /// The date was inferred from co-reports, not read from the article.
    pub date_inferred: bool,
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
    /// Near-duplicates of this passage in other articles (the same quote, the same wire copy),
    /// in rank order; empty when grouping is off.
    pub also_in: Vec<Duplicate>,
    /// How the score was made, when the request asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<ScoreParts>,
    /// Its rank and score in the lexical ranking, in a hybrid search.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lexical: Option<Side>,
    /// Its rank and cosine among the passages nearest the query, in a hybrid or semantic
    /// search (`None` beyond the nearest searched).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub semantic: Option<Side>,
}

/// Another article's copy of a hit's passage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Duplicate {
    /// The article's doc id.
    pub doc_id: String,
    /// Its outlet.
    pub outlet: Option<String>,
    /// Its date.
    #[serde(with = "crate::date::serde_opt_ymd")]
    pub date: Option<Date>,
    /// The date was inferred from co-reports.
    pub date_inferred: bool,
    /// The passage, from 0.
    pub passage: u64,
    /// Where the article came from.
    pub source: String,
}

/// How a query was read: what it searches for, and what ranks up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reading {
    /// Words that rank passages, as `exact→stem` (`+` other forms).
    pub words: Vec<String>,
    /// Required words.
    pub required: Vec<String>,
    /// Excluded words.
    pub excluded: Vec<String>,
    /// Phrases, `-` before excluded ones.
    pub phrases: Vec<String>,
    /// Filters, as written.
    pub filters: Vec<String>,
    /// The kind of answer the question asks for.
    pub asks_for: Option<Cue>,
    /// Query words that name speakers of the index (their passages rank up).
    pub speakers: Vec<String>,
    /// The ranking's weights.
    pub ranking: Ranking,
    /// The mode it is searched in.
    pub mode: SearchMode,
    /// The embedder of the index's vectors, `None` for an index without.
    pub vectors: Option<String>,
}

/// How `request`'s query is read.
pub(crate) fn read(
    searcher: &Searcher,
    fields: &Fields,
    request: &SearchRequest,
) -> Result<Reading> {
    request.validate()?;
    let plan = Plan::new(&request.query, request.filters.clone())?;
    let plan = read_names(searcher, fields, &plan, &request.ranking);
    let show = |t: &crate::query::BagTerm| {
        if t.name {
            return format!("{} (name, as written)", t.exact);
        }
        let mut s = format!("{}→{}", t.exact, t.stem);
        for v in &t.variants {
            s.push_str(&format!(" +{v}"));
        }
        s
    };
    let f = &plan.filters;
    let mut filters: Vec<String> = [
        f.outlet.as_ref().map(|o| format!("outlet = {o}")),
        f.speaker.as_ref().map(|s| format!("speaker = {s}")),
        f.since
            .map(|d| format!("since {}", crate::date::format_ymd(d))),
        f.until
            .map(|d| format!("until {}", crate::date::format_ymd(d))),
    ]
    .into_iter()
    .flatten()
    .collect();
    filters.extend(plan.field_filters.iter().map(|(occur, ff)| {
        let sign = if *occur == Occur::MustNot { "not " } else { "" };
        let day = |d: Option<Date>| d.map_or("*".into(), crate::date::format_ymd);
        match ff {
            FieldFilter::Outlet(o) => format!("{sign}outlet = {o}"),
            FieldFilter::Speaker(s) => format!("{sign}speaker = {s}"),
            FieldFilter::Dates(a, b) => format!("{sign}date from {} to {}", day(*a), day(*b)),
        }
    }));
    Ok(Reading {
        words: plan.bag.iter().map(show).collect(),
        required: plan.required.iter().map(show).collect(),
        excluded: plan.excluded.iter().map(|t| t.exact.clone()).collect(),
        phrases: plan
            .phrases
            .iter()
            .map(|p| {
                let sign = if p.occur == Occur::MustNot { "-" } else { "" };
                format!("{sign}\"{}\"", p.terms.join(" "))
            })
            .collect(),
        filters,
        asks_for: plan.question,
        speakers: crate::query::named_speakers(searcher, fields, &plan),
        ranking: request.ranking,
        mode: request.mode.unwrap_or(SearchMode::Lexical),
        vectors: None,
    })
}

/// The query as an embedder reads it: its words and phrases, without excluded ones and filters.
pub(crate) fn semantic_text(query: &str) -> String {
    crate::query::parse(query)
        .into_iter()
        .filter(|c| c.occur != Occur::MustNot)
        .filter_map(|c| match c.text {
            crate::query::Text::Word(w) | crate::query::Text::Phrase(w) => Some(w),
            crate::query::Text::Field(..) => None,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A page of results: the hits from `offset` on, and the facets of everything the query
/// matches.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Results {
    /// Hits ranked `offset + 1` to `offset + limit`.
    pub hits: Vec<Hit>,
    /// Hits skipped before the first.
    pub offset: usize,
    /// Counts over every passage the query's words, phrases and filters match.
    pub facets: crate::query::Facets,
}

/// The facets of what `request` matches: its words (any of them), phrases and filters.
pub(crate) fn facets(
    searcher: &Searcher,
    fields: &Fields,
    names: &crate::index::stored::SpeakerNames,
    outlets: &crate::metadata::OutletNames,
    request: &SearchRequest,
) -> Result<crate::query::Facets> {
    request.validate()?;
    let plan = Plan::new(&request.query, request.filters.clone())?.resolve_outlets(outlets);
    let query = plan.query(fields, crate::query::Mode::Any);
    crate::query::count_facets(searcher, fields, &*query, outlets, names)
}

/// Runs `request` on `searcher`; `semantic` is the query's vector and the mode that uses it.
pub(crate) fn search(
    searcher: &Searcher,
    fields: &Fields,
    names: &crate::index::stored::SpeakerNames,
    outlets: &crate::metadata::OutletNames,
    articles: &crate::query::ArticleIndex,
    request: &SearchRequest,
    semantic: Option<&crate::query::SemanticQuery>,
) -> Result<Vec<Hit>> {
    request.validate()?;
    let plan = Plan::new(&request.query, request.filters.clone())?.resolve_outlets(outlets);
    let plan = read_names(searcher, fields, &plan, &request.ranking);
    let limit = request.limit;
    let depth = if request.group { limit * 3 } else { limit };
    let ranked = rank(
        searcher,
        fields,
        articles,
        &plan,
        &request.ranking,
        depth.max(MIN_CANDIDATES),
        semantic,
    )?;
    let (stems, phrases) = plan.highlights();
    let mut highlighter = Highlighter::new(stems, phrases);
    let mut hits: Vec<Hit> = Vec::new();
    let mut prints: Vec<Vec<Fingerprint>> = Vec::new();
    // With grouping, passages past the last hit are read only to find more copies of the
    // hits, and only as far as `depth`.
    for scored in ranked.into_iter().take(depth) {
        if hits.len() == limit && !request.group {
            break;
        }
        let mut p = crate::index::stored::load(searcher, fields, scored.address)?;
        p.article.outlet = crate::index::stored::canonical_outlet(outlets, &p.article);
        if request.group {
            let quotes: Vec<(String, Option<String>)> = p
                .quotes
                .iter()
                .map(|q| (q.text.clone(), q.speaker.as_ref().map(|s| s.surname_key())))
                .collect();
            let print = Fingerprint::new(&p.text, &quotes);
            let same = hits.iter().zip(&prints).position(|(h, group)| {
                h.doc_id != p.article.doc_id && group.iter().any(|g| g.near_duplicate(&print))
            });
            if let Some(i) = same {
                let copy_of_article = hits[i].also_in.iter().any(|c| c.doc_id == p.article.doc_id);
                if !copy_of_article {
                    hits[i].also_in.push(Duplicate {
                        source: p.article.source(),
                        doc_id: p.article.doc_id,
                        outlet: p.article.outlet,
                        date: p.article.date,
                        date_inferred: p.article.date_inferred,
                        passage: p.passage,
                    });
                    prints[i].push(print);
                }
                continue;
            }
            if hits.len() == limit {
                continue;
            }
            prints.push(vec![print]);
        }
        crate::index::stored::canonicalise(names, &mut p.speakers);
        let snippet = highlighter.snippet(&p.text);
        let source = p.article.source();
        hits.push(Hit {
            rank: hits.len() + 1,
            score: scored.parts.score,
            doc_id: p.article.doc_id,
            title: p.article.title,
            outlet: p.article.outlet,
            date: p.article.date,
            date_inferred: p.article.date_inferred,
            speakers: p.speakers,
            passage: p.passage,
            text: p.text,
            snippet,
            source,
            also_in: Vec::new(),
            explain: request.explain.then_some(scored.parts),
            lexical: scored.lexical,
            semantic: scored.semantic,
        });
    }
    Ok(hits)
}
