//! [`Excluded`]: a query to exclude (`-"two words"`) whose scorer tantivy may probe with any
//! increasing targets.
//!
//! tantivy 0.27's exclusion probes excluded scorers with `seek_danger`, whose contract allows a
//! target below the scorer's current document; its phrase scorer asserts the opposite
//! (tantivy issue #2811), so a query excluding a phrase that matched nothing in a segment
//! panics in debug builds. The fuzz target `query` found it. This wrapper keeps `DocSet`'s
//! default `seek_danger`, which answers a probe below the current document from that
//! document, and only ever moves the inner scorer forward with `seek`.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError};

/// A query whose matches are only ever excluded: `inner`, probed forward-only.
#[derive(Debug)]
pub(crate) struct Excluded(pub Box<dyn Query>);

impl Clone for Excluded {
    fn clone(&self) -> Excluded {
        Excluded(self.0.box_clone())
    }
}

impl Query for Excluded {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(ExcludedWeight(self.0.weight(enable_scoring)?)))
    }
}

struct ExcludedWeight(Box<dyn Weight>);

impl Weight for ExcludedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(ForwardOnly(self.0.scorer(reader, boost)?)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        self.0.explain(reader, doc)
    }
}

/// A scorer that is never asked to move backwards (`seek_danger` is `DocSet`'s default, built
/// on this `seek`).
struct ForwardOnly(Box<dyn Scorer>);

impl DocSet for ForwardOnly {
    fn advance(&mut self) -> DocId {
        self.0.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let doc = self.0.doc();
        if doc >= target {
            doc
        } else {
            self.0.seek(target)
        }
    }

    fn doc(&self) -> DocId {
        self.0.doc()
    }

    fn size_hint(&self) -> u32 {
        self.0.size_hint()
    }

    fn cost(&self) -> u64 {
        self.0.cost()
    }
}

impl Scorer for ForwardOnly {
    fn score(&mut self) -> Score {
        self.0.score()
    }
}
