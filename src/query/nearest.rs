//! Semantic candidates: the passages whose vectors are nearest a query's, by an exact scan.
//!
//! A segment's vectors are a bytes column: a sorted dictionary of the distinct vectors and each
//! passage's ordinal in it. [`VectorIndex`] decodes every segment's dictionary once per commit
//! into one array of bytes and scales; a query scores every distinct vector in one pass over
//! it, and each admitted passage takes its ordinal's score. The scan reads every vector once per
//! query, so its cost grows with the index: an approximate index (HNSW) would pay off beyond
//! about a million passages.

use std::collections::HashMap;

use tantivy::columnar::Column;
use tantivy::query::{EnableScoring, Query};
use tantivy::{DocAddress, DocSet, Searcher, TERMINATED};

use crate::error::Result;
use crate::query::SearchMode;
use crate::semantic::QUANTISED_EXTRA_BYTES;

/// The vectors of every segment of one searcher, decoded.
pub(crate) struct VectorIndex {
    /// By segment ordinal; `None` for a segment without vectors.
    segments: Vec<Option<SegmentVectors>>,
}

/// One segment's distinct vectors, in dictionary order, and each passage's ordinal.
struct SegmentVectors {
    ords: Column<u64>,
    dimensions: usize,
    scales: Vec<f32>,
    values: Vec<i8>,
}

impl VectorIndex {
    /// Decodes the vector column of each of `searcher`'s segments.
    pub fn read(searcher: &Searcher) -> Result<VectorIndex> {
        let mut segments = Vec::new();
        for segment in searcher.segment_readers() {
            let Some(column) = segment
                .fast_fields()
                .bytes(crate::index::schema::VECTOR_FIELD)?
            else {
                segments.push(None);
                continue;
            };
            let mut stream = column
                .dictionary()
                .stream()
                .map_err(tantivy::TantivyError::from)?;
            let (mut scales, mut values) = (Vec::new(), Vec::new());
            let mut dimensions = 0;
            while stream.advance() {
                let key = stream.key();
                let (scale, rest) = match key.split_first_chunk::<QUANTISED_EXTRA_BYTES>() {
                    Some((head, rest)) => (f32::from_le_bytes(*head), rest),
                    None => (0.0, &[][..]),
                };
                if dimensions == 0 {
                    dimensions = rest.len();
                }
                // A vector of another length is no vector of this index: it scores 0.
                let ok = rest.len() == dimensions;
                scales.push(if ok { scale } else { 0.0 });
                values.extend((0..dimensions).map(|i| if ok { rest[i] as i8 } else { 0 }));
            }
            segments.push(Some(SegmentVectors {
                ords: column.ords().clone(),
                dimensions,
                scales,
                values,
            }));
        }
        Ok(VectorIndex { segments })
    }
}

/// A query's vector, the mode that uses it, and the vectors it is compared with.
pub(crate) struct SemanticQuery<'a> {
    /// The query's unit vector.
    pub vector: &'a [f32],
    /// Hybrid or semantic.
    pub mode: SearchMode,
    /// The index's vectors.
    pub vectors: &'a VectorIndex,
}

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
        vectors: &VectorIndex,
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
            let Some(Some(v)) = vectors.segments.get(ord) else {
                continue;
            };
            let ord = ord as u32;
            let cosines: Vec<f32> = if v.dimensions == query.len() && v.dimensions > 0 {
                v.values
                    .chunks_exact(v.dimensions)
                    .zip(&v.scales)
                    .map(|(row, scale)| {
                        scale
                            * row
                                .iter()
                                .zip(query)
                                .map(|(&b, q)| b as f32 * q)
                                .sum::<f32>()
                    })
                    .collect()
            } else {
                vec![0.0; v.scales.len()]
            };
            let ords = v.ords.clone();
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
