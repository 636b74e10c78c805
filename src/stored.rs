//! Reading passages and articles back out of the index.

use serde::Serialize;
use tantivy::schema::Value;
use tantivy::TantivyDocument;
use time::Date;

use crate::ingest::Removed;
use crate::metadata::{Evidence, Quote};
use crate::schema::Fields;

/// A passage document as stored, with its article's fields.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredPassage {
    /// Article identity (origin and doc id).
    pub key: String,
    /// Source file, or `memory`.
    pub origin: String,
    /// Line in the source file, for JSON Lines records.
    pub line: Option<u64>,
    /// The article's doc id.
    pub doc_id: String,
    /// The article's headline, empty when it has none.
    pub title: String,
    /// Publication date.
    pub date: Option<Date>,
    /// Outlet.
    pub outlet: Option<String>,
    /// Wire agency.
    pub agency: Option<String>,
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
    /// Address of the original page.
    pub url: Option<String>,
    /// Byline.
    pub author: Option<String>,
    /// Debris removed from the article (first passage only).
    pub removed: Vec<Removed>,
    /// How the article's metadata was found (first passage only).
    pub evidence: Vec<Evidence>,
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
        if let Some((key, name)) = term.split_once('\u{1f}') {
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
    /// Reads a stored document.
    pub fn from_doc(doc: &TantivyDocument, f: &Fields) -> StoredPassage {
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        let opt = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let removed = opt(f.removed)
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default();
        let evidence = opt(f.evidence)
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default();
        StoredPassage {
            key: text(f.key),
            origin: text(f.origin),
            line: doc.get_first(f.line).and_then(|v| v.as_u64()),
            doc_id: text(f.doc_id),
            title: text(f.title),
            date: doc
                .get_first(f.date)
                .and_then(|v| v.as_datetime())
                .map(|d| d.into_utc().date()),
            outlet: opt(f.outlet),
            agency: opt(f.agency),
            speakers: doc
                .get_all(f.speakers)
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            quotes: opt(f.quotes)
                .and_then(|json| serde_json::from_str(&json).ok())
                .unwrap_or_default(),
            speaker_evidence: opt(f.speaker_evidence)
                .and_then(|json| serde_json::from_str(&json).ok())
                .unwrap_or_default(),
            passage: doc
                .get_first(f.passage)
                .and_then(|v| v.as_u64())
                .unwrap_or(0),
            text: text(f.text),
            url: opt(f.url),
            author: opt(f.author),
            removed,
            evidence,
        }
    }

    /// Where the article came from, as `path` or `path:line`.
    pub fn source(&self) -> String {
        match self.line {
            Some(line) => format!("{}:{line}", self.origin),
            None => self.origin.clone(),
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
    /// Speakers across all passages, in order of first appearance.
    pub speakers: Vec<String>,
    /// Address of the original page.
    pub url: Option<String>,
    /// Byline.
    pub author: Option<String>,
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
        let first = passages.first()?.clone();
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
            speakers,
            url: first.url.clone(),
            author: first.author.clone(),
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
