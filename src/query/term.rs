//! A query term as the ranking reads it: its stem and irregular forms with their weights, its
//! form as written, whether it is a name, and where its frequency in a passage is read.

use std::collections::HashSet;

use tantivy::postings::SegmentPostings;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{SegmentReader, Term};

use super::plan::{Plan, VARIANT_WEIGHT};
use super::Occur;
use crate::analysis::{form_prefix, form_term};
use crate::error::Result;
use crate::index::schema::Fields;

/// A query term as the ranking weighs it.
pub(crate) struct RankTerm {
    /// Stem and irregular other forms in the stemmed text and headline, with their weights.
    pub stems: Vec<(String, f32)>,
    /// The exact form.
    pub exact: String,
    /// Only the exact form counts ([`BagTerm::name`](super::BagTerm::name)).
    pub name: bool,
    /// Inverse document frequency over passages, once the caller sets it.
    pub idf: f32,
}

/// The plan's terms the ranking weighs (bag, required, required phrases), each once (a stem,
/// or a name as written); their IDF is left for the caller to set.
pub(crate) fn plan_terms(plan: &Plan) -> Vec<RankTerm> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    let mut push = |exact: &str, stem: &str, variants: &[String], name: bool| {
        if !seen.insert((name, if name { exact } else { stem }.to_string())) {
            return;
        }
        let mut stems = vec![(stem.to_string(), 1.0)];
        stems.extend(variants.iter().map(|v| (v.clone(), VARIANT_WEIGHT)));
        out.push(RankTerm {
            stems,
            exact: exact.to_string(),
            name,
            idf: 0.0,
        });
    };
    for t in plan.bag.iter().chain(&plan.required) {
        push(&t.exact, &t.stem, &t.variants, t.name);
    }
    for p in plan.phrases.iter().filter(|p| p.occur == Occur::Must) {
        for (exact, stem) in p.terms.iter().zip(&p.stems) {
            push(exact, stem, &[], false);
        }
    }
    out
}

impl RankTerm {
    /// The stem.
    pub fn stem(&self) -> &str {
        &self.stems[0].0
    }

    /// The term whose passages count for its IDF: a name's own form term, or (a word stemming
    /// leaves alone, and every other word) its stem's.
    pub fn idf_term(&self, fields: &Fields) -> Term {
        if self.name && self.exact != self.stem() {
            Term::from_field_text(fields.text_forms, &form_term(self.stem(), &self.exact))
        } else {
            Term::from_field_text(fields.text, self.stem())
        }
    }

    /// Where the term's frequency in a passage's text (or headline, with `headline`) is read:
    /// its stem's postings and each irregular form's at its weight; for a name, the word's own
    /// form term, or its stem's postings less its stem's other forms.
    pub fn sources(&self, fields: &Fields, headline: bool) -> Vec<Source> {
        let (stemmed, forms) = if headline {
            (fields.title, fields.title_forms)
        } else {
            (fields.text, fields.text_forms)
        };
        let stem = self.stem();
        if self.name && self.exact != stem {
            return vec![Source::term(forms, form_term(stem, &self.exact), 1.0)];
        }
        if self.name {
            return vec![
                Source::term(stemmed, stem.to_string(), 1.0),
                Source {
                    field: forms,
                    text: form_prefix(stem),
                    prefix: true,
                    weight: -1.0,
                },
            ];
        }
        self.stems
            .iter()
            .map(|(s, w)| Source::term(stemmed, s.clone(), *w))
            .collect()
    }
}

/// Postings a term's frequency is read from: one term, or every term under a prefix, each
/// occurrence counting `weight` (negative: taken away).
pub(crate) struct Source {
    field: Field,
    text: String,
    prefix: bool,
    /// What each occurrence counts.
    pub weight: f32,
}

impl Source {
    fn term(field: Field, text: String, weight: f32) -> Source {
        Source {
            field,
            text,
            prefix: false,
            weight,
        }
    }

    /// The postings of its terms in `segment`.
    pub fn postings(
        &self,
        segment: &SegmentReader,
        option: IndexRecordOption,
    ) -> Result<Vec<SegmentPostings>> {
        let index = segment.inverted_index(self.field)?;
        if !self.prefix {
            let term = Term::from_field_text(self.field, &self.text);
            return Ok(index
                .read_postings(&term, option)
                .map_err(tantivy::TantivyError::from)?
                .into_iter()
                .collect());
        }
        let mut end = self.text.clone().into_bytes();
        *end.last_mut().expect("a prefix is not empty") += 1;
        let mut stream = index
            .terms()
            .range()
            .ge(self.text.as_bytes())
            .lt(&end)
            .into_stream()
            .map_err(tantivy::TantivyError::from)?;
        let mut out = Vec::new();
        while stream.advance() {
            out.push(
                index
                    .read_postings_from_terminfo(stream.value(), option)
                    .map_err(tantivy::TantivyError::from)?,
            );
        }
        Ok(out)
    }
}
