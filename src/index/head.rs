//! Queries on heads: [`heads`], and [`WholeArticle`], a query on the head's fields (the headline) that every passage of the
//! article matches, scored as its head is: the headline is indexed once per article, and
//! still admits, excludes and scores each of its passages.

use std::ops::Bound;

use tantivy::query::{EnableScoring, Explanation, Query, RangeQuery, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term, TERMINATED};

use super::schema::Fields;

/// Every article's head (its passage 0), read from the `passage` fast field.
pub(crate) fn heads(fields: &Fields) -> RangeQuery {
    let first = || Bound::Included(Term::from_field_u64(fields.passage, 0));
    RangeQuery::new(first(), first())
}

/// Every passage of the articles whose head matches `inner`.
#[derive(Debug)]
pub(crate) struct WholeArticle(pub Box<dyn Query>);

impl Clone for WholeArticle {
    fn clone(&self) -> WholeArticle {
        WholeArticle(self.0.box_clone())
    }
}

impl Query for WholeArticle {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(WholeArticleWeight(self.0.weight(enable_scoring)?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        self.0.query_terms(visitor);
    }
}

struct WholeArticleWeight(Box<dyn Weight>);

impl Weight for WholeArticleWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut heads = self.0.scorer(reader, boost)?;
        let places = reader
            .fast_fields()
            .u64(super::schema::PASSAGE_FIELD)?
            .first_or_default_col(0);
        let mut docs = Vec::new();
        let mut head = heads.doc();
        while head != TERMINATED {
            let score = heads.score();
            docs.push((head, score));
            let mut doc = head + 1;
            while doc < reader.max_doc() && places.get_val(doc) > 0 {
                docs.push((doc, score));
                doc += 1;
            }
            head = heads.advance();
        }
        Ok(Box::new(Listed { docs, at: 0 }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        Ok(Explanation::new("its article's headline", scorer.score()))
    }
}

/// Documents listed in increasing order, each with its score.
struct Listed {
    docs: Vec<(DocId, Score)>,
    at: usize,
}

impl DocSet for Listed {
    fn advance(&mut self) -> DocId {
        self.at += 1;
        self.doc()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc() < target {
            let rest = &self.docs[self.at..];
            self.at += rest.partition_point(|&(d, _)| d < target);
        }
        self.doc()
    }

    fn doc(&self) -> DocId {
        self.docs.get(self.at).map_or(TERMINATED, |&(d, _)| d)
    }

    fn size_hint(&self) -> u32 {
        self.docs.len().saturating_sub(self.at) as u32
    }
}

impl Scorer for Listed {
    fn score(&mut self) -> Score {
        self.docs.get(self.at).map_or(0.0, |&(_, s)| s)
    }
}
