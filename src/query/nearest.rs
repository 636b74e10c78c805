//! Semantic candidates: the passages whose vectors are nearest a query's, by an exact scan of
//! the vector fast field.
//!
//! A segment's vectors are a bytes column: a sorted dictionary of the distinct vectors and each
//! passage's ordinal in it. One pass over the dictionary scores every distinct vector; each
//! admitted passage then takes its ordinal's score. The scan reads every vector once per query,
//! so its cost grows with the index: an approximate index (HNSW) pays off only beyond a few
//! million passages.

use std::collections::HashMap;

use tantivy::columnar::Column;
use tantivy::query::{EnableScoring, Query};
use tantivy::{DocAddress, DocSet, Searcher, TERMINATED};

use crate::error::Result;
use crate::semantic::dot_quantised;

/// Cosines of every admitted passage that has a vector with one query vector.
pub(crate) struct Nearest {
    /// The best passages, best first (ties by address), at most the depth asked for.
    pub best: Vec<(DocAddress, f32)>,
    /// Per segment: each passage's ordinal in the segment's dictionary, and each ordinal's
    /// cosine.
    segments: HashMap<u32, (Column<u64>, Vec<f32>)>,
    /// The rank of each of the best, from 1.
    ranks: HashMap<DocAddress, u32>,
}

impl Nearest {
    /// Scans `searcher`'s vectors for `query` (a unit vector), keeping the `depth` best of the
    /// passages `admitted` matches (every passage without it).
    pub fn scan(
        searcher: &Searcher,
        query: &[f32],
        admitted: Option<&dyn Query>,
        depth: usize,
    ) -> Result<Nearest> {
        let weight = admitted
            .map(|q| q.weight(EnableScoring::disabled_from_searcher(searcher)))
            .transpose()?;
        let mut all: Vec<(DocAddress, f32)> = Vec::new();
        let mut segments = HashMap::new();
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let ord = ord as u32;
            let Some(column) = segment.fast_fields().bytes(crate::schema::VECTOR_FIELD)? else {
                continue;
            };
            let mut cosines = Vec::with_capacity(column.num_terms());
            let mut stream = column
                .dictionary()
                .stream()
                .map_err(tantivy::TantivyError::from)?;
            while stream.advance() {
                cosines.push(dot_quantised(stream.key(), query));
            }
            let ords = column.ords().clone();
            let alive = segment.alive_bitset();
            let mut take = |doc: u32| {
                if alive.is_some_and(|a| !a.is_alive(doc)) {
                    return;
                }
                if let Some(o) = ords.first(doc) {
                    all.push((DocAddress::new(ord, doc), cosines[o as usize]));
                }
            };
            match &weight {
                Some(weight) => {
                    let mut docs = weight.scorer(segment, 1.0)?;
                    let mut doc = docs.doc();
                    while doc != TERMINATED {
                        take(doc);
                        doc = docs.advance();
                    }
                }
                None => (0..segment.max_doc()).for_each(&mut take),
            }
            segments.insert(ord, (ords, cosines));
        }
        let better =
            |a: &(DocAddress, f32), b: &(DocAddress, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if all.len() > depth && depth > 0 {
            all.select_nth_unstable_by(depth - 1, better);
            all.truncate(depth);
        }
        all.sort_unstable_by(better);
        let ranks = (all.iter().zip(1..))
            .map(|((a, _), rank)| (*a, rank))
            .collect();
        Ok(Nearest {
            best: all,
            segments,
            ranks,
        })
    }

    /// The cosine of the passage at `address` with the query; `None` when it has no vector.
    pub fn cosine(&self, address: DocAddress) -> Option<f32> {
        let (ords, cosines) = self.segments.get(&address.segment_ord)?;
        ords.first(address.doc_id).map(|o| cosines[o as usize])
    }

    /// The rank (from 1) of the passage at `address` among the best, if it is among them.
    pub fn rank(&self, address: DocAddress) -> Option<u32> {
        self.ranks.get(&address).copied()
    }
}
