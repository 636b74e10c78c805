//! The query layer: what the user typed, read leniently ([`parse`]), questions understood
//! ([`question`]), analysed into a [`Plan`] of tantivy queries, candidates re-scored
//! ([`Ranking`]), near-duplicates of several outlets grouped ([`Fingerprint`]), and
//! [`Snippet`]s that show why a passage matched; [`Facets`] count what a query matches.

mod article;
mod bm25;
mod exact;
mod exclude;
mod facets;
mod forms;
mod formula;
mod fusion;
mod group;
mod nearest;
mod parse;
mod plan;
pub mod question;
mod rank;
mod snippet;
mod term;

pub(crate) use article::ArticleIndex;
pub(crate) use facets::count as count_facets;
pub use facets::{DayCount, FacetCount, Facets, FACET_VALUES};
pub use formula::{Ranking, ScoreParts};
pub use fusion::{convex, fused, scaled, Fusion, SearchMode, Side};
pub use group::{same_quote, Fingerprint};
pub(crate) use nearest::{SemanticQuery, VectorIndex};
pub use parse::{parse, Clause, Occur, Text};
pub use plan::{BagTerm, FieldFilter, Filters, Mode, Phrase, Plan};
pub(crate) use rank::{named_speakers, rank, read_names};
pub use rank::{Scored, ARTICLE_PASSAGES};
pub(crate) use snippet::serialize_marked;
pub use snippet::{Highlighter, Snippet, SNIPPET_WORDS};
