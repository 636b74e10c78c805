//! Passage vectors at indexing time: each passage document gets its text's embedding, taken
//! from the index when a file read again still holds a passage of the same text, so that only
//! new or changed passages are embedded.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Searcher, TantivyDocument, Term};

use crate::error::Result;
use crate::index::schema::Fields;
use crate::semantic::{quantise, Embedder};

/// The vectors of the passages of files about to be replaced, by the hash of their text.
pub(crate) struct Reuse {
    searcher: Searcher,
    fields: Fields,
    known: Mutex<HashMap<u64, Vec<u8>>>,
}

impl Reuse {
    /// Reuse from the index `searcher` reads (its vectors are the embedder's: the writer
    /// refuses another).
    pub fn new(searcher: Searcher, fields: Fields) -> Reuse {
        Reuse {
            searcher,
            fields,
            known: Mutex::new(HashMap::new()),
        }
    }

    /// Remembers the vectors of every passage indexed from `path`, before they are deleted.
    pub fn remember_file(&self, path: &Path) -> Result<()> {
        let origin = Term::from_field_text(self.fields.origin, &path.display().to_string());
        let query = TermQuery::new(origin, IndexRecordOption::Basic);
        let found = self.searcher.search(&query, &DocSetCollector)?;
        let mut known = self.known.lock().unwrap_or_else(|p| p.into_inner());
        let mut columns = HashMap::new();
        let mut bytes = Vec::new();
        for address in found {
            let column = match columns.entry(address.segment_ord) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => e.insert(
                    self.searcher
                        .segment_reader(address.segment_ord)
                        .fast_fields()
                        .bytes(crate::index::schema::VECTOR_FIELD)?,
                ),
            };
            let Some(column) = column else { continue };
            let Some(ord) = column.term_ords(address.doc_id).next() else {
                continue;
            };
            bytes.clear();
            column
                .ord_to_bytes(ord, &mut bytes)
                .map_err(tantivy::TantivyError::from)?;
            let doc: TantivyDocument = self.searcher.doc(address)?;
            if let Some(text) = doc.get_first(self.fields.text).and_then(|v| v.as_str()) {
                known.insert(text_hash(text), bytes.clone());
            }
        }
        Ok(())
    }

    fn get(&self, text: &str) -> Option<Vec<u8>> {
        let known = self.known.lock().unwrap_or_else(|p| p.into_inner());
        known.get(&text_hash(text)).cloned()
    }
}

fn text_hash(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

/// Gives each passage document its vector: the one `reuse` knows for its text, else its text
/// embedded (all such texts in one call, which batches them) and quantised. Returns how many
/// were embedded.
pub(crate) fn add_vectors(
    docs: &mut [&mut TantivyDocument],
    fields: &Fields,
    embedder: &dyn Embedder,
    reuse: Option<&Reuse>,
) -> Result<usize> {
    let mut texts: Vec<String> = Vec::new();
    let mut missing: Vec<usize> = Vec::new();
    for (i, doc) in docs.iter_mut().enumerate() {
        let text = doc
            .get_first(fields.text)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string();
        match reuse.and_then(|r| r.get(&text)) {
            Some(bytes) => doc.add_bytes(fields.vector, &bytes),
            None => {
                texts.push(text);
                missing.push(i);
            }
        }
    }
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let vectors = embedder.embed(&texts)?;
    for (i, v) in missing.iter().zip(vectors) {
        docs[*i].add_bytes(fields.vector, &quantise(&v));
    }
    Ok(missing.len())
}
