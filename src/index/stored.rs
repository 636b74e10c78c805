//! Reading passages and articles back out of the index.

use serde::{Deserialize, Serialize};
use tantivy::schema::Value;
use tantivy::{DocAddress, Searcher, TantivyDocument};
use time::Date;

use super::schema::Fields;
use crate::ingest::Removed;
use crate::metadata::{Evidence, Quote};

/// An article's stored fields, held once, as JSON, by its head.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ArticleRecord {
    /// Source file, or `memory`.
    pub origin: String,
    /// Line in the source file, for JSON Lines records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The doc id.
    pub doc_id: String,
    /// Headline, empty when it has none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// Publication date.
    #[serde(
        default,
        with = "crate::date::serde_opt_ymd",
        skip_serializing_if = "Option::is_none"
    )]
    pub date: Option<Date>,
    /// The date was inferred from co-reports (`indexer::dating`), not read from the article.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub date_inferred: bool,
    /// Outlet, as found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    /// The web site of its address (`politico.com`): outlets of one site are one outlet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    /// Wire agency whose copy the article carries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    /// Address of the original page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Byline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// People a contributor credit names (`... contributed to this report`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contributors: Vec<String>,
    /// Debris cleaning removed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<Removed>,
    /// How each metadata value was found.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

impl ArticleRecord {
    /// The article's identity in the index (`index::value::article_key`).
    pub fn key(&self) -> String {
        super::value::article_key(&self.origin, &self.doc_id)
    }

    /// Where the article came from, as `path` or `path:line`.
    pub fn source(&self) -> String {
        match self.line {
            Some(line) => format!("{}:{line}", self.origin),
            None => self.origin.clone(),
        }
    }
}

/// The passage at `address` with its article's fields: its head (the article's first passage,
/// `passage` documents before it in the same segment) is read too.
pub(crate) fn load(
    searcher: &Searcher,
    f: &Fields,
    address: DocAddress,
) -> crate::Result<StoredPassage> {
    let doc: TantivyDocument = searcher.doc(address)?;
    let place = passage_of(&doc, f);
    if place == 0 {
        return Ok(StoredPassage::from_docs(&doc, &doc, f));
    }
    let head_doc = address.doc_id.checked_sub(place as u32).ok_or_else(|| {
        crate::Error::Index(tantivy::TantivyError::InternalError(format!(
            "passage {place} at {address:?} has no head: rebuild the index"
        )))
    })?;
    let head: TantivyDocument = searcher.doc(DocAddress::new(address.segment_ord, head_doc))?;
    Ok(StoredPassage::from_docs(&doc, &head, f))
}

/// The head and every passage of the article whose head is at `head`, in order.
pub(crate) fn article_run(searcher: &Searcher, head: DocAddress) -> crate::Result<Vec<DocAddress>> {
    let segment = searcher.segment_reader(head.segment_ord);
    let places = segment
        .fast_fields()
        .u64(super::schema::PASSAGE_FIELD)?
        .first_or_default_col(0);
    let mut run = vec![head];
    let mut doc = head.doc_id + 1;
    while doc < segment.max_doc() && places.get_val(doc) > 0 {
        run.push(DocAddress::new(head.segment_ord, doc));
        doc += 1;
    }
    Ok(run)
}

/// Whether a stored document is its article's head.
pub(crate) fn is_head(doc: &TantivyDocument, f: &Fields) -> bool {
    passage_of(doc, f) == 0
}

fn passage_of(doc: &TantivyDocument, f: &Fields) -> u64 {
    doc.get_first(f.passage)
        .and_then(|v| v.as_u64())
        .unwrap_or(0)
}

/// A JSON list stored in `field`, empty when there is none.
fn json_list<T: serde::de::DeserializeOwned>(
    doc: &TantivyDocument,
    field: tantivy::schema::Field,
) -> Vec<T> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .and_then(|j| serde_json::from_str(j).ok())
        .unwrap_or_default()
}

/// A passage document as stored, with its article's fields.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredPassage {
    /// Its article's fields, read from the head.
    pub article: ArticleRecord,
    /// Speakers in this passage.
    pub speakers: Vec<String>,
    /// Quotes in this passage, with their speakers.
    pub quotes: Vec<Quote>,
    /// How each speaker of this passage was found.
    pub speaker_evidence: Vec<Evidence>,
    /// Position in the article, from 0.
    pub passage: u64,
    /// The passage text.
    pub text: String,
}

/// Canonical speaker names: for each alias key, the full name most passages of the index use.
pub type SpeakerNames = std::collections::HashMap<String, String>;

/// Calls `each` with every term of `field` and the number of live documents holding it, across
/// segments (terms only deleted documents hold are left out).
pub(crate) fn term_frequencies(
    searcher: &tantivy::Searcher,
    field: tantivy::schema::Field,
    mut each: impl FnMut(&str, u64),
) -> crate::Result<()> {
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted
            .terms()
            .stream()
            .map_err(tantivy::TantivyError::from)?;
        let alive = segment.alive_bitset();
        while stream.advance() {
            let Ok(term) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            // A term's document frequency counts deleted documents until a merge drops them:
            // with deletes, count the live ones.
            let n = match alive {
                None => stream.value().doc_freq,
                Some(alive) => {
                    use tantivy::DocSet;
                    inverted
                        .read_postings_from_terminfo(
                            stream.value(),
                            tantivy::schema::IndexRecordOption::Basic,
                        )
                        .map_err(tantivy::TantivyError::from)?
                        .count(alive)
                }
            };
            if n > 0 {
                each(term, u64::from(n));
            }
        }
    }
    Ok(())
}

/// Reads the canonical name of every speaker from the `speaker_names` term dictionary.
pub fn speaker_names(searcher: &tantivy::Searcher, f: &Fields) -> crate::Result<SpeakerNames> {
    let mut counts: std::collections::HashMap<(String, String), u64> = Default::default();
    term_frequencies(searcher, f.speaker_names, |term, n| {
        if let Some((key, name)) = super::value::read_speaker_name_term(term) {
            *counts
                .entry((key.to_string(), name.to_string()))
                .or_default() += n;
        }
    })?;
    let mut best: std::collections::HashMap<String, (u64, String)> = Default::default();
    for ((key, name), n) in counts {
        let entry = best.entry(key).or_insert((0, String::new()));
        if n > entry.0 || (n == entry.0 && name < entry.1) {
            *entry = (n, name);
        }
    }
    Ok(best.into_iter().map(|(k, (_, name))| (k, name)).collect())
}

/// The archive's outlets, their canonical names and aliases, from the `outlet_names` term
/// dictionary (one term per article's head).
pub fn outlet_names(
    searcher: &tantivy::Searcher,
    f: &Fields,
) -> crate::Result<crate::metadata::OutletNames> {
    let mut names = Vec::new();
    term_frequencies(searcher, f.outlet_names, |term, articles| {
        if let Some((site, name)) = super::value::read_outlet_name_term(term) {
            names.push(crate::metadata::OutletName {
                site: site.map(str::to_string),
                name: name.to_string(),
                articles,
            });
        }
    })?;
    Ok(crate::metadata::OutletNames::build(
        &names,
        crate::analysis::keyword_term,
    ))
}

/// The name an article's outlet goes by in the archive: the canonical name of its name's
/// outlet, else the name it was given.
pub fn canonical_outlet(
    outlets: &crate::metadata::OutletNames,
    record: &ArticleRecord,
) -> Option<String> {
    let name = record.outlet.as_deref()?;
    let canonical = outlets.canonical(name, crate::analysis::keyword_term);
    Some(canonical.unwrap_or(name).to_string())
}

/// Passages per speaker key, from the `speaker_keys` term dictionary (keys with a first
/// initial only: `lavrov|s`, not the bare-surname alias `lavrov`).
pub fn speaker_passages(
    searcher: &tantivy::Searcher,
    f: &Fields,
) -> crate::Result<std::collections::HashMap<String, u64>> {
    let mut out: std::collections::HashMap<String, u64> = Default::default();
    term_frequencies(searcher, f.speaker_keys, |key, n| {
        if key.contains('|') {
            *out.entry(key.to_string()).or_default() += n;
        }
    })?;
    Ok(out)
}

/// The canonical form of a speaker's name (itself when the index knows no other).
pub fn canonical(names: &SpeakerNames, name: &str) -> String {
    let key = crate::metadata::Person {
        name: name.to_string(),
    }
    .key();
    names.get(&key).cloned().unwrap_or_else(|| name.to_string())
}

/// Replaces every speaker name by its canonical form, each speaker once.
pub fn canonicalise(names: &SpeakerNames, speakers: &mut Vec<String>) {
    let mut seen = Vec::new();
    for s in speakers.drain(..) {
        let c = canonical(names, &s);
        if !seen.contains(&c) {
            seen.push(c);
        }
    }
    *speakers = seen;
}

impl StoredPassage {
    /// A passage document read with its article's head (the same document for a first
    /// passage).
    pub(crate) fn from_docs(
        doc: &TantivyDocument,
        head: &TantivyDocument,
        f: &Fields,
    ) -> StoredPassage {
        StoredPassage {
            article: head
                .get_first(f.article)
                .and_then(|v| v.as_str())
                .and_then(|j| serde_json::from_str(j).ok())
                .unwrap_or_default(),
            speakers: doc
                .get_all(f.speakers)
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            quotes: json_list(doc, f.quotes),
            speaker_evidence: json_list(doc, f.speaker_evidence),
            passage: passage_of(doc, f),
            text: doc
                .get_first(f.text)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string(),
        }
    }
}

/// An article as the index holds it: its fields, passages and cleaning audit.
#[derive(Debug, Clone, Serialize)]
pub struct StoredArticle {
    /// The doc id.
    pub doc_id: String,
    /// Headline, empty when it has none.
    pub title: String,
    /// Outlet.
    pub outlet: Option<String>,
    /// Wire agency whose copy the article carries.
    pub agency: Option<String>,
    /// Publication date.
    #[serde(with = "crate::date::serde_opt_ymd")]
    pub date: Option<Date>,
    /// The date was inferred from co-reports (its evidence says which).
    pub date_inferred: bool,
    /// Speakers across all passages, in order of first appearance.
    pub speakers: Vec<String>,
    /// Address of the original page.
    pub url: Option<String>,
    /// Byline.
    pub author: Option<String>,
    /// People a contributor credit names.
    pub contributors: Vec<String>,
    /// Source file, with the line for JSON Lines records.
    pub source: String,
    /// The passages, in order.
    pub passages: Vec<PassageText>,
    /// What cleaning removed, in line order.
    pub removed: Vec<Removed>,
    /// How each metadata value was found.
    pub evidence: Vec<Evidence>,
}

/// One passage of a [`StoredArticle`].
#[derive(Debug, Clone, Serialize)]
pub struct PassageText {
    /// Position in the article, from 0.
    pub passage: u64,
    /// Speakers in it.
    pub speakers: Vec<String>,
    /// Quotes in it, with their speakers.
    pub quotes: Vec<Quote>,
    /// How each of its speakers was found.
    pub speaker_evidence: Vec<Evidence>,
    /// Its text.
    pub text: String,
}

impl StoredArticle {
    /// Assembles an article from all its passages (any order).
    pub fn from_passages(mut passages: Vec<StoredPassage>) -> Option<StoredArticle> {
        passages.sort_by_key(|p| p.passage);
        let first = passages.first()?.article.clone();
        let mut speakers: Vec<String> = Vec::new();
        for s in passages.iter().flat_map(|p| &p.speakers) {
            if !speakers.contains(s) {
                speakers.push(s.clone());
            }
        }
        Some(StoredArticle {
            doc_id: first.doc_id.clone(),
            title: first.title.clone(),
            outlet: first.outlet.clone(),
            agency: first.agency.clone(),
            date: first.date,
            date_inferred: first.date_inferred,
            speakers,
            url: first.url.clone(),
            author: first.author.clone(),
            contributors: first.contributors.clone(),
            source: first.source(),
            removed: first.removed,
            evidence: first.evidence,
            passages: passages
                .into_iter()
                .map(|p| PassageText {
                    passage: p.passage,
                    speakers: p.speakers,
                    quotes: p.quotes,
                    speaker_evidence: p.speaker_evidence,
                    text: p.text,
                })
                .collect(),
        })
    }
}
