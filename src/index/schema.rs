//! The index schema: every field of a passage document, in one place.
//!
//! One tantivy document is one passage. Every passage carries what filters and ranking read of
//! its article as compact values (article id and length, date, outlet, agency); its
//! article's head (first passage) alone carries the headline, indexed, and the article's
//! stored fields ([`super::stored::ArticleRecord`]).

use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};

use crate::analysis::{FORMS, STEMMED};

/// Handles on every field of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Source file (absolute path), or `memory` (raw, indexed): re-indexing a file replaces by it.
    pub origin: Field,
    /// The article's doc id (raw, indexed; head only): `lede show` looks it up.
    pub doc_id: Field,
    /// Headline, stemmed (head only: its score reaches the article's other passages at query
    /// time, `index::head`).
    pub title: Field,
    /// Headline: the words stemming changes, as written, at their positions
    /// ([`crate::analysis::forms`]); with `title`, every word as written, for phrases.
    pub title_forms: Field,
    /// Passage text, stemmed, with positions; the stored copy is what hits show.
    pub text: Field,
    /// Passage text: the words stemming changes, as written, at their positions
    /// ([`crate::analysis::forms`]); with `text`, every word as written, for phrases and
    /// exact-form matches.
    pub text_forms: Field,
    /// Publication date (day precision), fast: range filters and the date histogram read it.
    pub date: Field,
    /// Outlet, as a keyword ([`crate::analysis::keyword_term`]: lowercased, folded), and its
    /// site (`politico.com`), for filters.
    pub outlet: Field,
    /// `index::value::outlet_name_term` of the article's site and outlet (head only): the
    /// archive's outlet names and aliases are read from its terms
    /// ([`crate::metadata::OutletNames`]).
    pub outlet_names: Field,
    /// Wire agency whose copy the article carries, as a keyword, for filters.
    pub agency: Field,
    /// Speakers quoted or paraphrased in the passage, as the article names them (stored).
    pub speakers: Field,
    /// Alias keys of the speakers (`lavrov|s` and `lavrov`), for filters; multi-valued.
    pub speaker_keys: Field,
    /// `index::value::speaker_name_term` of each speaker: its document frequency picks
    /// canonical names.
    pub speaker_names: Field,
    /// JSON list of the quotes in the passage, with their speakers.
    pub quotes: Field,
    /// JSON list of the evidence for each speaker of the passage.
    pub speaker_evidence: Field,
    /// Position of the passage in its article, from 0 (stored, fast: `index::head::heads`).
    pub passage: Field,
    /// The article's stored fields, as JSON ([`super::stored::ArticleRecord`]; head only).
    pub article: Field,
    /// The article's identity, a 64-bit hash of its source and doc id
    /// (`index::value::article_id`; indexed, fast): ranking tells articles apart by it,
    /// re-indexing an article replaces by it.
    pub article_id: Field,
    /// Terms in the whole article, headline and text (fast): the length of the article-level
    /// BM25 that ranks passages in the context of their article. Its term frequencies are
    /// summed from the passages' postings at query time ([`crate::query`]), so the article's
    /// text is not indexed a second time.
    pub article_terms: Field,
    /// Kinds of answer the passage can give ([`crate::cues::Cue`]: `person`, `date`, …).
    pub cues: Field,
    /// The passage's sentence embedding, quantised ([`crate::semantic::quantise`]), when the
    /// index has vectors (a bytes fast field: written, merged and deleted with the passage).
    pub vector: Field,
}

/// Name of the date field, for aggregations that take field names.
pub const DATE_FIELD: &str = name::DATE;
/// Name of the article id field (a hash of the key), a fast field: ranking reads which article
/// a passage is of.
pub const ARTICLE_ID_FIELD: &str = name::ARTICLE_ID;
/// Name of the passage position field, a fast field: ranking reads heads from it.
pub const PASSAGE_FIELD: &str = name::PASSAGE;
/// Name of the article length field, a fast field: article-level BM25 reads it.
pub const ARTICLE_TERMS_FIELD: &str = name::ARTICLE_TERMS;
/// Name of the headline field: the article index reads its lengths.
pub const TITLE_FIELD: &str = name::TITLE;
/// Name of the vector field, a bytes fast field: semantic search scans it.
pub const VECTOR_FIELD: &str = name::VECTOR;

/// Field names, as they appear in the index's meta.json.
mod name {
    pub const ORIGIN: &str = "origin";
    pub const DOC_ID: &str = "doc_id";
    pub const TITLE: &str = "title";
    pub const TITLE_FORMS: &str = "title_forms";
    pub const TEXT: &str = "text";
    pub const TEXT_FORMS: &str = "text_forms";
    pub const DATE: &str = "date";
    pub const OUTLET: &str = "outlet";
    pub const OUTLET_NAMES: &str = "outlet_names";
    pub const AGENCY: &str = "agency";
    pub const SPEAKERS: &str = "speakers";
    pub const SPEAKER_KEYS: &str = "speaker_keys";
    pub const SPEAKER_NAMES: &str = "speaker_names";
    pub const QUOTES: &str = "quotes";
    pub const SPEAKER_EVIDENCE: &str = "speaker_evidence";
    pub const PASSAGE: &str = "passage";
    pub const ARTICLE: &str = "article";
    pub const CUES: &str = "cues";
    pub const ARTICLE_ID: &str = "article_id";
    pub const ARTICLE_TERMS: &str = "article_terms";
    pub const VECTOR: &str = "vector";
}

fn text(analyzer: &str, positions: bool) -> TextOptions {
    let record = if positions {
        IndexRecordOption::WithFreqsAndPositions
    } else {
        IndexRecordOption::Basic
    };
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(record),
    )
}

/// Builds the schema.
pub fn build() -> Schema {
    let mut b = Schema::builder();
    b.add_text_field(name::ORIGIN, STRING);
    b.add_text_field(name::DOC_ID, STRING);
    b.add_text_field(name::TITLE, text(STEMMED, true));
    b.add_text_field(name::TITLE_FORMS, text(FORMS, true));
    b.add_text_field(name::TEXT, text(STEMMED, true).set_stored());
    b.add_text_field(name::TEXT_FORMS, text(FORMS, true));
    b.add_date_field(
        name::DATE,
        DateOptions::default()
            .set_fast()
            .set_precision(DateTimePrecision::Seconds),
    );
    b.add_text_field(name::OUTLET, STRING);
    b.add_text_field(name::OUTLET_NAMES, STRING);
    b.add_text_field(name::AGENCY, STRING);
    b.add_text_field(name::SPEAKERS, STORED);
    b.add_text_field(name::SPEAKER_KEYS, STRING);
    b.add_text_field(name::SPEAKER_NAMES, STRING);
    b.add_text_field(name::QUOTES, STORED);
    b.add_text_field(name::SPEAKER_EVIDENCE, STORED);
    b.add_u64_field(name::PASSAGE, NumericOptions::default() | STORED | FAST);
    b.add_text_field(name::ARTICLE, STORED);
    b.add_text_field(name::CUES, STRING);
    b.add_u64_field(name::ARTICLE_ID, INDEXED | FAST);
    b.add_u64_field(name::ARTICLE_TERMS, FAST);
    b.add_bytes_field(name::VECTOR, FAST);
    b.build()
}

impl Fields {
    /// Looks every field up in `schema`; `None` if one is missing (an index of another version).
    pub fn from_schema(schema: &Schema) -> Option<Fields> {
        let f = |n: &str| schema.get_field(n).ok();
        Some(Fields {
            origin: f(name::ORIGIN)?,
            doc_id: f(name::DOC_ID)?,
            title: f(name::TITLE)?,
            title_forms: f(name::TITLE_FORMS)?,
            text: f(name::TEXT)?,
            text_forms: f(name::TEXT_FORMS)?,
            date: f(name::DATE)?,
            outlet: f(name::OUTLET)?,
            outlet_names: f(name::OUTLET_NAMES)?,
            agency: f(name::AGENCY)?,
            speakers: f(name::SPEAKERS)?,
            speaker_keys: f(name::SPEAKER_KEYS)?,
            speaker_names: f(name::SPEAKER_NAMES)?,
            quotes: f(name::QUOTES)?,
            speaker_evidence: f(name::SPEAKER_EVIDENCE)?,
            passage: f(name::PASSAGE)?,
            article: f(name::ARTICLE)?,
            cues: f(name::CUES)?,
            article_terms: f(name::ARTICLE_TERMS)?,
            article_id: f(name::ARTICLE_ID)?,
            vector: f(name::VECTOR)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_found() {
        let schema = build();
        assert!(Fields::from_schema(&schema).is_some());
        assert_eq!(schema.fields().count(), 21);
    }
}
