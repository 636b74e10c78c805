//! The crate's one error type.

use std::path::PathBuf;

/// Everything that can go wrong in `lede`, each variant naming the file, line or query part at fault.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// A path given to index does not exist.
    #[error("{}: no such file or folder", .0.display())]
    NotFound(PathBuf),
    /// The folder holds no `lede` index.
    #[error("no index in {}: run `lede index` first", .0.display())]
    NoIndex(PathBuf),
    /// The folder holds an index whose fields differ from this version's.
    #[error("the index in {} was built by another version of lede; delete it and index again", .0.display())]
    IncompatibleIndex(PathBuf),
    /// Another process is writing to the index.
    #[error("index is locked: another `lede index` is writing to {}", .0.display())]
    Locked(PathBuf),
    /// A sources manifest that cannot be read, with the line and column at fault.
    #[error("{}:{line}:{column}: sources manifest: {message}", path.display())]
    Manifest {
        /// The manifest file.
        path: PathBuf,
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A query that cannot be run, with the part at fault.
    #[error("invalid query: {0}")]
    Query(String),
    /// A date that is not a real `YYYY-MM-DD` date.
    #[error("invalid date {value:?} for {what}: expected a date as YYYY-MM-DD")]
    InvalidDate {
        /// Which option or field held it.
        what: String,
        /// The text given.
        value: String,
    },
    /// An option value out of range or contradictory.
    #[error("{0}")]
    InvalidArgument(String),
    /// A sentence-embedding model that is missing or cannot be used, with what to do.
    #[error("{}: {message}", path.display())]
    Model {
        /// The model's folder or file.
        path: PathBuf,
        /// What is wrong, and how to mend it.
        message: String,
    },
    /// Semantic search cannot be done as asked: the index has no vectors, or vectors of
    /// another embedder than the one given.
    #[error("{0}")]
    Vectors(String),
    /// An error from tantivy itself.
    #[error("index error: {0}")]
    Index(#[from] tantivy::TantivyError),
}

/// The crate's result type.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
