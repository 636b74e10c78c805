//! The query layer: what the user typed, read leniently ([`parse`]), analysed into a [`Plan`]
//! of tantivy queries, and [`Snippet`]s that show why a passage matched.

mod parse;
mod plan;
mod snippet;

pub use parse::{parse, Clause, Occur, Text};
pub(crate) use plan::to_datetime;
pub use plan::{BagTerm, Filters, Mode, Phrase, Plan};
pub(crate) use snippet::serialize_marked;
pub use snippet::{Highlighter, Snippet, SNIPPET_WORDS};
