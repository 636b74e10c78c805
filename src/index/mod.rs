//! The index format, in one place: the schema, the documents an article becomes, how values
//! are encoded, and how stored documents are read back.
//!
//! One tantivy document per passage. An article's passages are added as one batch, so they
//! are one run of consecutive doc ids in one segment, in passage order; merges keep the run
//! whole, and deletes (by article id or source file) take it whole. The first passage of the run, the
//! article's **head**, alone carries what belongs to the article rather than to a passage: the
//! indexed headline and the stored [`stored::ArticleRecord`] (headline, source, doc id, date,
//! outlet, URL, byline, cleaning audit, evidence). Every passage carries the compact values
//! filters and ranking read (article id and length, date, outlet, agency).
//!
//! Invariant: the head of the passage at doc id `d` with position `p` is doc id `d − p` of the
//! same segment.

pub(crate) mod document;
pub(crate) mod head;
pub mod schema;
pub mod stored;
pub(crate) mod value;

#[cfg(test)]
mod tests;
