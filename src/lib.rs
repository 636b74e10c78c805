//! `lede`: passage search for the news, on [tantivy].
//!
//! People who follow a story read the same event in many outlets. `lede` reads scraped news
//! articles (plain text, Markdown or JSON Lines), removes scrape debris, splits each article
//! into passages, and indexes one tantivy document per passage with its article's metadata:
//! date, outlet and speakers. Searches return ranked passages with highlighted snippets.
//!
//! The pipeline, one module per stage:
//!
//! | stage | module | in → out |
//! | --- | --- | --- |
//! | read | [`ingest`] | files and folders → [`Article`]s, [`Notice`](ingest::Notice)s for what is passed over |
//! | clean | [`ingest::clean`] | article text → headline, paragraphs, removed debris |
//! | extract | [`metadata`] | article and cleaned text → date (with evidence) |
//! | split | [`passage`] | paragraphs → passages of at most 100 words |
//! | analyse | [`text`], [`analysis`] | text → words (UAX #29) → terms (folded, stemmed) |
//! | embed | [`semantic`] | passage or query → unit vector (when the index has an embedder) |
//! | index | [`index`], [`Engine::index_paths`] | passages (and their vectors) → tantivy documents |
//! | search | [`query`], [`Engine::search`] | query → ranked, grouped [`Hit`]s with snippets: lexical, semantic or hybrid |
//! | evaluate | [`eval`] | test collection → nDCG, MRR, recall, MAP (judged documents) or success@k, MRR (passage QA) against plain tantivy |
//! | benchmark | [`bench`] | corpus and queries → indexing speed and query latency against plain tantivy |
//!
//! # Example
//!
//! ```
//! use lede::{Article, Engine, SearchRequest};
//!
//! # fn main() -> lede::Result<()> {
//! let engine = Engine::in_memory()?;
//! engine.index_articles([
//!     Article::new(
//!         "kyiv-1",
//!         "Russia derides Macron's attempt at dialogue\n\n\
//!          “This is not serious; it is some kind of pathetic diplomacy,” Lavrov said.\n\
//!          We report from the front line. Your support keeps our reporters there.",
//!     )
//!     .with_outlet("The Kyiv Independent"),
//! ])?;
//!
//! let hits = engine.search(&SearchRequest::new("Lavrov pathetic diplomacy").limit(5))?;
//! assert_eq!(hits[0].doc_id, "kyiv-1");
//! assert_eq!(hits[0].title, "Russia derides Macron's attempt at dialogue");
//! assert_eq!(
//!     hits[0].snippet.marked("[", "]"),
//!     "“This is not serious; it is some kind of [pathetic diplomacy],” [Lavrov] said."
//! );
//! // The donation appeal was cleaned away, and `article` shows what was removed.
//! let article = &engine.article("kyiv-1")?[0];
//! assert_eq!(article.passages.len(), 1);
//! assert_eq!(article.removed[0].kind, lede::ingest::Debris::Appeal);
//! # Ok(())
//! # }
//! ```
//!
//! [tantivy]: https://docs.rs/tantivy

#![warn(missing_docs)]

pub mod analysis;
pub mod bench;
pub mod cues;
pub mod date;
mod engine;
mod error;
pub mod eval;
pub mod index;
pub mod indexer;
pub mod ingest;
pub mod metadata;
pub mod passage;
mod pattern;
pub mod query;
pub mod search;
pub mod semantic;
#[cfg(feature = "serve")]
pub mod serve;
pub mod stopwords;
pub mod text;
pub mod usage;

pub use engine::{DateCount, Engine, OutletCount, QuoteGroup, QuoteSource, SpeakerCount, Stats};
pub use error::{Error, Result};
pub use index::stored::StoredArticle;
pub use indexer::{IndexOptions, IndexReport, Progress, StageTimes};
pub use ingest::Article;
pub use search::{Hit, Results, SearchRequest};
