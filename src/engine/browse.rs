//! Browsing the index: an article whole (`lede show`), a speaker's quotes, counts.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Serialize;
use tantivy::collector::{Count, DocSetCollector};
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{TantivyDocument, Term};
use time::Date;

use super::Engine;
use crate::error::{Error, Result};
use crate::index::schema;
use crate::index::stored::{self as stored_docs, StoredArticle, StoredPassage};
use crate::metadata::Quote;

/// Counts over the whole index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Files indexed whole (in the file table of the last commit).
    pub files: u64,
    /// Articles indexed.
    pub articles: u64,
    /// Passages indexed.
    pub passages: u64,
    /// Index segments.
    pub segments: usize,
    /// Bytes the index takes on disk (0 in memory).
    pub index_bytes: u64,
    /// Earliest publication date.
    #[serde(with = "crate::date::serde_opt_ymd")]
    pub earliest: Option<Date>,
    /// Latest publication date.
    #[serde(with = "crate::date::serde_opt_ymd")]
    pub latest: Option<Date>,
    /// Articles with no publication date.
    pub undated_articles: u64,
    /// Articles by outlet, most first (`null`: outlet unknown).
    pub outlets: Vec<OutletCount>,
    /// Passages by speaker (canonical name), most first.
    pub speakers: Vec<SpeakerCount>,
    /// Articles by publication day, oldest first (days with none left out).
    pub dates: Vec<DateCount>,
    /// The embedder whose vectors the passages carry, `None` without vectors.
    pub vectors: Option<String>,
    /// Passages that have a vector.
    pub embedded_passages: u64,
}

/// Number of passages in which one speaker speaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpeakerCount {
    /// The speaker, by canonical name.
    pub speaker: String,
    /// Passages in which they speak.
    pub passages: u64,
}

/// Number of articles published on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateCount {
    /// The day.
    #[serde(with = "crate::date::serde_ymd")]
    pub date: Date,
    /// Articles published on it.
    pub articles: u64,
}

/// One quotation and every article that carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuoteGroup {
    /// The speaker, by canonical name.
    pub speaker: String,
    /// The quotation (the longest version when articles carry it cut differently).
    pub text: String,
    /// The articles and passages that carry it.
    pub carried_by: Vec<QuoteSource>,
}

/// Where a quotation is carried.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuoteSource {
    /// The article.
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
}

/// Number of articles of one outlet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutletCount {
    /// The outlet, `None` for articles whose outlet is unknown.
    pub outlet: Option<String>,
    /// Its articles.
    pub articles: u64,
}

impl Engine {
    /// Every article with this doc id (several when different sources share an id), with its
    /// passages and cleaning audit, ordered by source.
    pub fn article(&self, doc_id: &str) -> Result<Vec<StoredArticle>> {
        let searcher = self.reader.searcher();
        let query = TermQuery::new(
            Term::from_field_text(self.fields.doc_id, doc_id),
            IndexRecordOption::Basic,
        );
        let names = self.speaker_names(&searcher)?;
        let outlets = self.outlet_names(&searcher)?;
        let mut by_key: BTreeMap<String, Vec<StoredPassage>> = BTreeMap::new();
        for head in searcher.search(&query, &DocSetCollector)? {
            let head_doc: TantivyDocument = searcher.doc(head)?;
            for address in stored_docs::article_run(&searcher, head)? {
                let doc: TantivyDocument = searcher.doc(address)?;
                let mut passage = StoredPassage::from_docs(&doc, &head_doc, &self.fields);
                passage.article.outlet = stored_docs::canonical_outlet(&outlets, &passage.article);
                stored_docs::canonicalise(&names, &mut passage.speakers);
                for q in &mut passage.quotes {
                    if let Some(p) = &mut q.speaker {
                        p.name = stored_docs::canonical(&names, &p.name);
                    }
                }
                by_key
                    .entry(passage.article.key())
                    .or_default()
                    .push(passage);
            }
        }
        Ok(by_key
            .into_values()
            .filter_map(StoredArticle::from_passages)
            .map(with_relative_days)
            .collect())
    }

    /// Every quote by `speaker` (any alias: "Lavrov", "Sergei Lavrov"), the same words carried
    /// by several articles grouped once, most carried first.
    pub fn quotes(&self, speaker: &str) -> Result<Vec<QuoteGroup>> {
        let key = crate::metadata::lookup_key(speaker)
            .ok_or_else(|| Error::InvalidArgument("the speaker name is empty".into()))?;
        let searcher = self.reader.searcher();
        let names = self.speaker_names(&searcher)?;
        let outlets = self.outlet_names(&searcher)?;
        let query = TermQuery::new(
            Term::from_field_text(self.fields.speaker_keys, &key),
            IndexRecordOption::Basic,
        );
        let mut parts = Vec::new();
        for address in searcher.search(&query, &DocSetCollector)? {
            let mut p = stored_docs::load(&searcher, &self.fields, address)?;
            p.article.outlet = stored_docs::canonical_outlet(&outlets, &p.article);
            for q in p.quotes {
                let Some(person) = &q.speaker else { continue };
                if person.key() != key && person.surname_key() != key {
                    continue;
                }
                let source = QuoteSource {
                    doc_id: p.article.doc_id.clone(),
                    outlet: p.article.outlet.clone(),
                    date: p.article.date,
                    date_inferred: p.article.date_inferred,
                    passage: p.passage,
                };
                parts.push((p.article.key(), q, source));
            }
        }
        let mut groups: Vec<QuoteGroup> = Vec::new();
        for (q, source) in join_cut_quotes(parts) {
            let Some(person) = &q.speaker else { continue };
            let same = groups
                .iter_mut()
                .find(|g| crate::query::same_quote(&q.text, &g.text, 4));
            match same {
                Some(g) => {
                    if q.text.len() > g.text.len() {
                        g.text = q.text.clone();
                    }
                    if !g
                        .carried_by
                        .iter()
                        .any(|s| s.doc_id == source.doc_id && s.passage == source.passage)
                    {
                        g.carried_by.push(source);
                    }
                }
                None => groups.push(QuoteGroup {
                    speaker: stored_docs::canonical(&names, &person.name),
                    text: q.text.clone(),
                    carried_by: vec![source],
                }),
            }
        }
        groups.sort_by_key(|g| std::cmp::Reverse(g.carried_by.len()));
        Ok(groups)
    }

    /// Counts of articles, passages, dates and outlets.
    pub fn stats(&self) -> Result<Stats> {
        let searcher = self.reader.searcher();
        let first_passages = crate::index::head::heads(&self.fields);
        let mut outlets: HashMap<Option<String>, u64> = HashMap::new();
        let names = self.outlet_names(&searcher)?;
        let (mut earliest, mut latest, mut undated) = (None::<Date>, None::<Date>, 0);
        let addresses = searcher.search(&first_passages, &DocSetCollector)?;
        for address in &addresses {
            let p = stored_docs::load(&searcher, &self.fields, *address)?;
            *outlets
                .entry(stored_docs::canonical_outlet(&names, &p.article))
                .or_default() += 1;
            match p.article.date {
                Some(d) => {
                    earliest = Some(earliest.map_or(d, |e| e.min(d)));
                    latest = Some(latest.map_or(d, |l| l.max(d)));
                }
                None => undated += 1,
            }
        }
        let mut outlets: Vec<OutletCount> = outlets
            .into_iter()
            .map(|(outlet, articles)| OutletCount { outlet, articles })
            .collect();
        outlets.sort_by(|a, b| b.articles.cmp(&a.articles).then(a.outlet.cmp(&b.outlet)));
        let index_bytes = self.dir.as_deref().map_or(0, folder_bytes);
        let names = self.speaker_names(&searcher)?;
        let mut speakers: HashMap<String, u64> = HashMap::new();
        for (key, passages) in stored_docs::speaker_passages(&searcher, &self.fields)? {
            let name = names.get(&key).cloned().unwrap_or(key);
            *speakers.entry(name).or_default() += passages;
        }
        let mut speakers: Vec<SpeakerCount> = speakers
            .into_iter()
            .map(|(speaker, passages)| SpeakerCount { speaker, passages })
            .collect();
        speakers.sort_by(|a, b| b.passages.cmp(&a.passages).then(a.speaker.cmp(&b.speaker)));
        let dates = self.articles_by_day(&searcher)?;
        // A writer may commit and remove the table just named: read the new one then.
        let table = crate::indexer::FileTable::load(&self.index, self.dir())
            .or_else(|_| crate::indexer::FileTable::load(&self.index, self.dir()))
            .unwrap_or_default();
        Ok(Stats {
            files: table.files.len() as u64,
            articles: searcher.search(&first_passages, &Count)? as u64,
            passages: searcher.num_docs(),
            segments: searcher.segment_readers().len(),
            index_bytes,
            earliest,
            latest,
            undated_articles: undated,
            outlets,
            speakers,
            dates,
            embedded_passages: embedded_passages(&searcher)?,
            vectors: table.vectors,
        })
    }

    /// Articles per publication day: a date histogram aggregation over first passages.
    fn articles_by_day(&self, searcher: &tantivy::Searcher) -> Result<Vec<DateCount>> {
        use tantivy::aggregation::agg_req::Aggregations;
        use tantivy::aggregation::AggregationCollector;
        let request: Aggregations = serde_json::from_value(serde_json::json!({
            "by_day": { "date_histogram": { "field": schema::DATE_FIELD, "fixed_interval": "1d" } }
        }))
        .map_err(|e| Error::InvalidArgument(format!("date aggregation: {e}")))?;
        let collector = AggregationCollector::from_aggs(request, Default::default());
        let first_passages = crate::index::head::heads(&self.fields);
        let result = searcher.search(&first_passages, &collector)?;
        let json = serde_json::to_value(&result).unwrap_or_default();
        let mut out = Vec::new();
        for bucket in json["by_day"]["buckets"].as_array().into_iter().flatten() {
            let articles = bucket["doc_count"].as_u64().unwrap_or(0);
            let day = bucket["key_as_string"]
                .as_str()
                .and_then(crate::date::parse_ymd);
            if let (Some(date), true) = (day, articles > 0) {
                out.push(DateCount { date, articles });
            }
        }
        Ok(out)
    }
}

/// `article` with the days its passages name relative to the date it gives or states, read
/// from its stored text on each look-up (an inferred date may be days off: none for it).
fn with_relative_days(mut article: StoredArticle) -> StoredArticle {
    if let (Some(date), false) = (article.date, article.date_inferred) {
        let texts = article.passages.iter().map(|p| p.text.as_str());
        for e in crate::metadata::day_evidence(texts, date) {
            if !article.evidence.contains(&e) {
                article.evidence.push(e);
            }
        }
    }
    article
}

/// Passages of `searcher` that have a vector.
fn embedded_passages(searcher: &tantivy::Searcher) -> Result<u64> {
    let mut n = 0;
    for segment in searcher.segment_readers() {
        let Some(column) = segment.fast_fields().bytes(schema::VECTOR_FIELD)? else {
            continue;
        };
        let (ords, alive) = (column.ords(), segment.alive_bitset());
        n += (0..segment.max_doc())
            .filter(|&d| alive.is_none_or(|a| a.is_alive(d)) && ords.first(d).is_some())
            .count() as u64;
    }
    Ok(n)
}

/// Total size of the files under `dir`.
pub(crate) fn folder_bytes(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

/// Quotes of one speaker as passages carry them (article key, quote, where), in any order, to
/// whole quotes: a quote that passages cut is joined back from its parts, in passage order,
/// and carried where it begins.
pub(super) fn join_cut_quotes(
    mut parts: Vec<(String, Quote, QuoteSource)>,
) -> Vec<(Quote, QuoteSource)> {
    // Stable: a passage's quotes keep their order.
    parts.sort_by(|a, b| (&a.0, a.2.passage).cmp(&(&b.0, b.2.passage)));
    let mut whole: Vec<(String, Quote, QuoteSource, u64)> = Vec::new();
    for (key, quote, source) in parts {
        if let Some((last_key, last, _, last_passage)) = whole.last_mut() {
            if quote.cut_before
                && last.cut_after
                && *last_key == key
                && *last_passage + 1 == source.passage
            {
                last.join(&quote);
                *last_passage = source.passage;
                continue;
            }
        }
        let passage = source.passage;
        whole.push((key, quote, source, passage));
    }
    whole.into_iter().map(|(_, q, s, _)| (q, s)).collect()
}
