//! The baseline `lede eval` measures against: what a user of tantivy-cli gets. Whole documents
//! (id, title, body) indexed with tantivy's `default` tokenizer, searched by tantivy's
//! `QueryParser` over title and body with BM25. The query's words are lower-cased first, so
//! that upper-case `AND`, `OR`, `IN`, `TO` are words, not syntax errors.

use std::path::Path;

use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{Field, Schema, Value, STORED, STRING, TEXT};
use tantivy::{doc, Index, IndexReader, TantivyDocument};

use crate::error::{Error, Result};
use crate::ingest;

/// A plain tantivy index of whole documents.
pub struct Baseline {
    index: Index,
    reader: IndexReader,
    id: Field,
    title: Field,
    body: Field,
}

impl Baseline {
    /// Indexes every article of `corpus` (a JSON Lines file or a folder) in `dir`.
    pub fn build(corpus: &Path, dir: &Path) -> Result<Baseline> {
        let mut b = Schema::builder();
        let id = b.add_text_field("id", STRING | STORED);
        let title = b.add_text_field("title", TEXT);
        let body = b.add_text_field("body", TEXT);
        let index = Index::create_in_dir(dir, b.build())?;
        // One indexing thread: documents land in one segment in reading order, so that ties in
        // BM25 break the same way every run (with several threads, CISI's nDCG@10 moved between
        // 0.2944 and 0.2955 from run to run).
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(1, crate::indexer::WRITER_MEMORY_BYTES)?;
        let (files, mut notices) = ingest::discover(&[corpus.to_path_buf()])?;
        for file in &files {
            ingest::read_file(file, &mut notices, &mut |a| {
                writer.add_document(doc!(
                    id => a.doc_id,
                    title => a.title.unwrap_or_default(),
                    body => a.text,
                ))?;
                Ok(())
            })?;
        }
        writer.commit()?;
        let reader = index.reader()?;
        Ok(Baseline {
            index,
            reader,
            id,
            title,
            body,
        })
    }

    /// Document ids and scores of the best `depth` documents for `query`.
    pub fn search(&self, query: &str, depth: usize) -> Result<Vec<(String, f32)>> {
        let mut tokenizer = self
            .index
            .tokenizers()
            .get("default")
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
                let id = doc
                    .get_first(self.id)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string();
                Ok((id, score))
            })
            .collect()
    }
}
