//! The baselines `lede eval` measures against: plain tantivy, as a user of tantivy-cli gets it.
//!
//! - [`Baseline::documents`]: whole documents (id, title, body) with tantivy's `default`
//!   tokenizer, for collections judged by document.
//! - [`Baseline::passages`]: `lede`'s own passages, their text alone, with tantivy's `en_stem`
//!   tokenizer, for passage QA: the same passages, ranked by plain BM25 (tantivy's k1 1.2 and
//!   b 0.75), with no headline, prior or grouping.
//!
//! Both are searched by tantivy's `QueryParser` (any word may match) with BM25. The query's
//! words are split and lower-cased first, so that upper-case `AND`, `OR`, `IN`, `TO` and
//! punctuation are words, not syntax.

use std::path::{Path, PathBuf};

use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{Field, Schema, TextFieldIndexing, TextOptions, Value, STORED, STRING};
use tantivy::{doc, Index, IndexReader, IndexWriter, TantivyDocument};

use crate::error::{Error, Result};
use crate::ingest;
use crate::Engine;

/// A plain tantivy index of documents or passages.
pub struct Baseline {
    index: Index,
    reader: IndexReader,
    /// A document's id, or a passage's article ([`PassageRef::article`]).
    id: Field,
    /// A passage's position in its article (0 for documents).
    passage: Field,
    title: Field,
    body: Field,
}

/// A passage, as evaluation names it: its article (source, U+001F, doc id) and its position.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PassageRef {
    /// The article: where it was read (`path:line`), U+001F, its doc id.
    pub article: String,
    /// The passage, from 0.
    pub passage: u64,
}

impl PassageRef {
    /// The passage `passage` of the article with this source and doc id.
    pub fn new(source: &str, doc_id: &str, passage: u64) -> PassageRef {
        PassageRef {
            article: format!("{source}\u{1f}{doc_id}"),
            passage,
        }
    }
}

/// Tantivy's tokenizer for whole documents, as tantivy-cli's default schema has it.
const DOCUMENT_TOKENIZER: &str = "default";
/// Tantivy's English-stemming tokenizer, for passages.
const PASSAGE_TOKENIZER: &str = "en_stem";

impl Baseline {
    fn create(dir: &Path, tokenizer: &str) -> Result<(Baseline, IndexWriter)> {
        let mut b = Schema::builder();
        let text = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(tantivy::schema::IndexRecordOption::WithFreqsAndPositions),
        );
        let id = b.add_text_field("id", STRING | STORED);
        let passage = b.add_u64_field("passage", STORED);
        let title = b.add_text_field("title", text.clone());
        let body = b.add_text_field("body", text);
        let index = Index::create_in_dir(dir, b.build())?;
        // One indexing thread: documents land in one segment in reading order, so that ties in
        // BM25 break the same way every run.
        let writer = index.writer_with_num_threads(1, crate::indexer::WRITER_MEMORY_BYTES)?;
        let reader = index.reader()?;
        let baseline = Baseline {
            index,
            reader,
            id,
            passage,
            title,
            body,
        };
        Ok((baseline, writer))
    }

    /// Indexes every article of `paths` (JSON Lines files or folders) in `dir`, whole.
    pub fn documents(paths: &[PathBuf], dir: &Path) -> Result<Baseline> {
        let (baseline, mut writer) = Baseline::create(dir, DOCUMENT_TOKENIZER)?;
        let (files, mut notices) = ingest::discover(paths)?;
        for file in &files {
            ingest::read_file(file, &mut notices, &mut |a| {
                writer.add_document(doc!(
                    baseline.id => a.doc_id,
                    baseline.passage => 0u64,
                    baseline.title => a.title.unwrap_or_default(),
                    baseline.body => a.text,
                ))?;
                Ok(())
            })?;
        }
        writer.commit()?;
        baseline.reader.reload()?;
        Ok(baseline)
    }

    /// Indexes the text of every passage of `engine`'s index in `dir`, ordered by article and
    /// position (not by where indexing threads put them), so that ties rank alike every run.
    pub fn passages(engine: &Engine, dir: &Path) -> Result<Baseline> {
        let (baseline, mut writer) = Baseline::create(dir, PASSAGE_TOKENIZER)?;
        let passages = Baseline::passage_texts(engine)?;
        for (at, text) in passages {
            writer.add_document(doc!(
                baseline.id => at.article,
                baseline.passage => at.passage,
                baseline.body => text,
            ))?;
        }
        writer.commit()?;
        baseline.reader.reload()?;
        Ok(baseline)
    }

    /// Every passage of `engine`'s index with its text, ordered by article and position.
    pub fn passage_texts(engine: &Engine) -> Result<Vec<(PassageRef, String)>> {
        let fields = engine.fields();
        let searcher = engine.searcher();
        let mut passages = Vec::new();
        for segment in searcher.segment_readers() {
            let store = segment
                .get_store_reader(8)
                .map_err(tantivy::TantivyError::from)?;
            // Documents come in order: each passage after its article's head.
            let mut head = TantivyDocument::default();
            for doc in store.iter::<TantivyDocument>(segment.alive_bitset()) {
                let doc = doc?;
                if crate::index::stored::is_head(&doc, fields) {
                    head = doc.clone();
                }
                let p = crate::index::stored::StoredPassage::from_docs(&doc, &head, fields);
                passages.push((
                    PassageRef::new(&p.article.source(), &p.article.doc_id, p.passage),
                    p.text,
                ));
            }
        }
        passages.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Ok(passages)
    }

    /// The best `depth` documents (or passages) for `query`, best first, with their scores.
    pub fn search(&self, query: &str, depth: usize) -> Result<Vec<(PassageRef, f32)>> {
        let mut tokenizer = self
            .index
            .tokenizers()
            .get(DOCUMENT_TOKENIZER)
            .ok_or_else(|| Error::InvalidArgument("tantivy has no default tokenizer".into()))?;
        let mut words = Vec::new();
        let mut stream = tokenizer.token_stream(query);
        while let Some(token) = stream.next() {
            words.push(token.text.clone());
        }
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let parser = QueryParser::for_index(&self.index, vec![self.title, self.body]);
        let parsed = parser
            .parse_query(&words.join(" "))
            .map_err(|e| Error::Query(format!("baseline: {e}")))?;
        let searcher = self.reader.searcher();
        let top = searcher.search(&parsed, &TopDocs::with_limit(depth).order_by_score())?;
        top.into_iter()
            .map(|(score, address)| {
                let doc: TantivyDocument = searcher.doc(address)?;
                let article = doc
                    .get_first(self.id)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string();
                let passage = doc
                    .get_first(self.passage)
                    .and_then(|v| v.as_u64())
                    .unwrap_or(0);
                Ok((PassageRef { article, passage }, score))
            })
            .collect()
    }
}
