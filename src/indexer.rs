//! Writing articles into the index: clean, split into passages, one document per passage.
//!
//! Re-indexing is replacement: before a file's articles are added, every passage that came from
//! that file is deleted in the same commit, so indexing the same files twice never duplicates.

use std::path::Path;

use serde::Serialize;
use tantivy::directory::error::LockError;
use tantivy::{Index, IndexWriter, TantivyDocument, TantivyError, Term};

use crate::error::{Error, Result};
use crate::ingest::{self, Article, Notice, Origin};
use crate::passage::{self, Passage};
use crate::query::to_datetime;
use crate::schema::Fields;

/// Memory the writer may use for its in-memory segments, across its threads.
pub const WRITER_MEMORY_BYTES: usize = 128 << 20;

/// What an indexing run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct IndexReport {
    /// Files read.
    pub files: usize,
    /// Articles indexed.
    pub articles: usize,
    /// Passages indexed.
    pub passages: usize,
    /// Pieces of debris cleaning removed.
    pub removed: usize,
    /// Bytes of input read.
    pub bytes: u64,
    /// Files, lines and records passed over, each with its reason.
    pub notices: Vec<Notice>,
}

/// Where an indexing run is, for progress displays.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Files finished.
    pub files_done: usize,
    /// Files to read.
    pub files_total: usize,
    /// Bytes of the finished files.
    pub bytes_done: u64,
    /// Bytes of all files.
    pub bytes_total: u64,
    /// Articles read so far (indexed, or passed over with a notice).
    pub articles: usize,
}

/// An article made ready for the index: its passage documents, or why it has none.
pub(crate) enum Prepared {
    /// Documents to add, and how many pieces of debris were removed.
    Docs(Vec<TantivyDocument>, usize),
    /// Nothing to index, with the reason.
    Empty(String),
}

/// The identity of an article in the index.
pub(crate) fn article_key(origin: &Origin, doc_id: &str) -> String {
    let origin = match origin.file() {
        Some(path) => path.display().to_string(),
        None => "memory".to_string(),
    };
    format!("{origin}\u{1f}{doc_id}")
}

fn origin_value(origin: &Origin) -> String {
    origin
        .file()
        .map_or_else(|| "memory".to_string(), |p| p.display().to_string())
}

/// Cleans and splits an article into its passage documents.
pub(crate) fn prepare(article: &Article, f: &Fields) -> Prepared {
    let cleaned = ingest::clean(&article.text, article.title.is_none());
    let title = article
        .title
        .clone()
        .or(cleaned.title.clone())
        .unwrap_or_default()
        .trim()
        .to_string();
    let meta = crate::metadata::extract(article, &cleaned);
    let date = meta.date;
    let mut passages = passage::split(&cleaned.paragraphs);
    if passages.is_empty() {
        if title.trim().is_empty() {
            return Prepared::Empty(if article.text.trim().is_empty() {
                "no text and no title".into()
            } else {
                format!(
                    "nothing left after cleaning ({} pieces of debris removed; `lede` keeps no empty article)",
                    cleaned.removed.len()
                )
            });
        }
        // A headline-only article (a wire "brief") is one passage: its headline.
        passages.push(Passage {
            index: 0,
            text: title.clone(),
            paragraph: usize::MAX,
            range: 0..0,
        });
    }
    let key = article_key(&article.origin, &article.doc_id);
    let origin = origin_value(&article.origin);
    let removed_json = serde_json::to_string(&cleaned.removed).unwrap_or_default();
    let evidence_json = serde_json::to_string(&meta.evidence).unwrap_or_default();
    let speech = crate::metadata::attribute(&cleaned.texts());
    let article_id = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        key.hash(&mut h);
        h.finish()
    };
    let mut whole = title.clone();
    for p in &passages {
        whole.push_str("\n\n");
        whole.push_str(&p.text);
    }
    let docs = passages
        .into_iter()
        .map(|p| {
            let mut doc = TantivyDocument::default();
            doc.add_text(f.key, &key);
            doc.add_u64(f.article_id, article_id);
            doc.add_text(f.origin, &origin);
            if let Origin::Line(_, line) = article.origin {
                doc.add_u64(f.line, line as u64);
            }
            doc.add_text(f.doc_id, &article.doc_id);
            doc.add_text(f.title, &title);
            doc.add_text(f.title_exact, &title);
            doc.add_text(f.text, &p.text);
            doc.add_text(f.text_exact, &p.text);
            if let Some(date) = date {
                doc.add_date(f.date, to_datetime(date));
            }
            if let Some(outlet) = &meta.outlet {
                doc.add_text(f.outlet, outlet);
            }
            if let Some(agency) = &meta.agency {
                doc.add_text(f.agency, agency);
            }
            doc.add_u64(f.passage, p.index as u64);
            let (speakers, quotes, speaker_evidence) = passage_speech(&speech, &p);
            if !speaker_evidence.is_empty() {
                doc.add_text(
                    f.speaker_evidence,
                    serde_json::to_string(&speaker_evidence).unwrap_or_default(),
                );
            }
            for person in &speakers {
                doc.add_text(f.speakers, &person.name);
                doc.add_text(f.speaker_keys, person.key());
                doc.add_text(f.speaker_keys, person.surname_key());
                doc.add_text(
                    f.speaker_names,
                    format!("{}\u{1f}{}", person.key(), person.name),
                );
            }
            for cue in crate::cues::find(&p.text, !speakers.is_empty()) {
                doc.add_text(f.cues, cue.as_str());
            }
            if !quotes.is_empty() {
                doc.add_text(f.quotes, serde_json::to_string(&quotes).unwrap_or_default());
            }
            if let Some(url) = &article.url {
                doc.add_text(f.url, url);
            }
            if let Some(author) = &article.author {
                doc.add_text(f.author, author);
            }
            if p.index == 0 {
                doc.add_text(f.article, &whole);
            }
            if p.index == 0 && !cleaned.removed.is_empty() {
                doc.add_text(f.removed, &removed_json);
            }
            if p.index == 0 && !meta.evidence.is_empty() {
                doc.add_text(f.evidence, &evidence_json);
            }
            doc
        })
        .collect();
    Prepared::Docs(docs, cleaned.removed.len())
}

/// The speakers (each once, in order) and quotes of one passage.
fn passage_speech(
    speech: &[crate::metadata::ParagraphSpeech],
    passage: &Passage,
) -> (
    Vec<crate::metadata::Person>,
    Vec<crate::metadata::Quote>,
    Vec<crate::metadata::Evidence>,
) {
    let Some(paragraph) = speech.get(passage.paragraph) else {
        return (Vec::new(), Vec::new(), Vec::new());
    };
    let overlaps =
        |r: &std::ops::Range<usize>| r.start < passage.range.end && passage.range.start < r.end;
    let mut speakers: Vec<crate::metadata::Person> = Vec::new();
    let mut evidence = Vec::new();
    for s in paragraph.speeches.iter().filter(|s| overlaps(&s.range)) {
        if !speakers.iter().any(|p| p.key() == s.person.key()) {
            speakers.push(s.person.clone());
            let method = serde_json::to_value(s.attribution)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let matched = if s.evidence.is_empty() {
                "continues the paragraph's quoted speaker".to_string()
            } else {
                s.evidence.clone()
            };
            evidence.push(crate::metadata::Evidence {
                field: "speaker".into(),
                value: s.person.name.clone(),
                method,
                matched,
            });
        }
    }
    let quotes = paragraph
        .quotes
        .iter()
        .filter(|(r, _)| overlaps(r))
        .map(|(_, q)| q.clone())
        .collect();
    (speakers, quotes, evidence)
}

/// A writing session on an index: holds its lock until committed or dropped.
pub(crate) struct Writer {
    writer: IndexWriter,
    fields: Fields,
    report: IndexReport,
}

impl Writer {
    /// Takes the index's writer lock; fails at once with [`Error::Locked`] if another process
    /// holds it.
    pub fn new(index: &Index, fields: Fields, dir: Option<&Path>) -> Result<Writer> {
        let writer = index.writer(WRITER_MEMORY_BYTES).map_err(|e| match e {
            TantivyError::LockFailure(LockError::LockBusy, _) => {
                Error::Locked(dir.map(Path::to_path_buf).unwrap_or_default())
            }
            other => Error::Index(other),
        })?;
        Ok(Writer {
            writer,
            fields,
            report: IndexReport::default(),
        })
    }

    /// Deletes every passage that came from `path` (applied at commit, before later additions).
    pub fn forget_file(&mut self, path: &Path) {
        let term = Term::from_field_text(self.fields.origin, &path.display().to_string());
        self.writer.delete_term(term);
    }

    /// Adds one article, replacing an earlier article with the same origin and doc id when it
    /// came from memory. An article with nothing to index becomes a notice.
    pub fn add(&mut self, article: &Article) -> Result<()> {
        if article.origin == Origin::Memory {
            let key = article_key(&article.origin, &article.doc_id);
            self.writer
                .delete_term(Term::from_field_text(self.fields.key, &key));
        }
        match prepare(article, &self.fields) {
            Prepared::Docs(docs, removed) => {
                self.report.articles += 1;
                self.report.passages += docs.len();
                self.report.removed += removed;
                for doc in docs {
                    self.writer.add_document(doc)?;
                }
            }
            Prepared::Empty(reason) => self.report.notices.push(Notice {
                path: article
                    .origin
                    .file()
                    .map(Path::to_path_buf)
                    .unwrap_or_default(),
                line: match article.origin {
                    Origin::Line(_, line) => Some(line),
                    _ => None,
                },
                message: format!("article {:?} skipped: {reason}", article.doc_id),
            }),
        }
        Ok(())
    }

    /// The report so far, to add counts and notices to.
    pub fn report(&mut self) -> &mut IndexReport {
        &mut self.report
    }

    /// Commits everything and waits for merges; returns the report.
    pub fn commit(mut self) -> Result<IndexReport> {
        self.writer.commit()?;
        self.writer.wait_merging_threads()?;
        Ok(self.report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema;

    fn fields() -> Fields {
        Fields::from_schema(&schema::build()).unwrap()
    }

    #[test]
    fn keys_keep_corpora_apart() {
        let a = article_key(&Origin::Line("/data/bbc/corpus.jsonl".into(), 1), "1");
        let b = article_key(&Origin::Line("/data/reuters/corpus.jsonl".into(), 1), "1");
        assert_ne!(a, b);
    }

    #[test]
    fn one_document_per_passage_with_the_article_fields() {
        let article = Article::new("a1", "First paragraph here.\n\nSecond paragraph here.")
            .with_title("Headline")
            .with_outlet("Wire");
        let Prepared::Docs(docs, removed) = prepare(&article, &fields()) else {
            panic!("expected documents");
        };
        assert_eq!((docs.len(), removed), (2, 0));
        let stored = crate::stored::StoredPassage::from_doc(&docs[1], &fields());
        assert_eq!(stored.doc_id, "a1");
        assert_eq!(stored.title, "Headline");
        assert_eq!(stored.outlet.as_deref(), Some("Wire"));
        assert_eq!(stored.passage, 1);
        assert_eq!(stored.text, "Second paragraph here.");
    }

    #[test]
    fn headline_only_articles_are_one_passage_and_empty_ones_none() {
        let brief = Article::new("b", "").with_title("Oil prices rise");
        let Prepared::Docs(docs, _) = prepare(&brief, &fields()) else {
            panic!("a brief is indexed");
        };
        assert_eq!(docs.len(), 1);
        assert!(matches!(
            prepare(&Article::new("c", "  "), &fields()),
            Prepared::Empty(_)
        ));
    }
}
