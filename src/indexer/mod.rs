//! Writing articles into the index: clean, split into passages, one document per passage
//! ([`document`]), on several threads ([`pipeline`]).
//!
//! Re-indexing is replacement: before a file's articles are added, every passage that came from
//! that file is deleted in the same commit, so indexing the same files twice never duplicates.

mod document;
mod pipeline;

pub(crate) use document::article_key;
pub(crate) use pipeline::Feed;

use std::path::Path;
use std::time::Instant;

use serde::Serialize;
use tantivy::directory::error::LockError;
use tantivy::{Index, IndexWriter, TantivyError, Term};

use crate::error::{Error, Result};
use crate::ingest::{Notice, Origin};
use crate::schema::Fields;
use document::Prepared;

/// Memory the writer may use for its in-memory segments, across its threads.
pub const WRITER_MEMORY_BYTES: usize = 128 << 20;

/// The least writer memory tantivy accepts per indexing thread (its `MEMORY_BUDGET_NUM_BYTES_MIN`).
pub const MIN_MEMORY_PER_THREAD: usize = 15_000_000;

/// The most indexing threads a tantivy writer runs (its `MAX_NUM_THREAD`).
pub const MAX_THREADS: usize = 8;

/// How an indexing run uses the machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct IndexOptions {
    /// Indexing threads of the tantivy writer (1 to 8).
    pub threads: usize,
    /// Memory the writer may use for in-memory segments, across its threads, in bytes.
    pub memory_bytes: usize,
    /// Read every file this many times over, doc ids made unique (`id`, `id#2`, `id#3`, …):
    /// a larger corpus of the same text, for benchmarks. 1 for normal indexing.
    pub repeat: usize,
}

impl Default for IndexOptions {
    fn default() -> IndexOptions {
        IndexOptions {
            threads: std::thread::available_parallelism()
                .map_or(2, |n| n.get())
                .clamp(1, 4),
            memory_bytes: WRITER_MEMORY_BYTES,
            repeat: 1,
        }
    }
}

impl IndexOptions {
    /// Checks the values: [`Error::InvalidArgument`] naming the one out of range.
    pub fn validate(&self) -> Result<()> {
        if !(1..=MAX_THREADS).contains(&self.threads) {
            return Err(Error::InvalidArgument(format!(
                "threads must be 1 to {}, not {}",
                MAX_THREADS, self.threads
            )));
        }
        if self.memory_bytes < MIN_MEMORY_PER_THREAD * self.threads {
            return Err(Error::InvalidArgument(format!(
                "writer memory must be at least {} MiB per thread: {} MiB is too little for {} threads",
                MIN_MEMORY_PER_THREAD.div_ceil(1 << 20),
                self.memory_bytes >> 20,
                self.threads
            )));
        }
        if self.repeat == 0 {
            return Err(Error::InvalidArgument("repeat must be at least 1".into()));
        }
        Ok(())
    }
}

/// Where an indexing run's time went, stage by stage, in seconds. Every stage but `commit` is
/// CPU time summed over the threads that did it; `commit` is wall time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct StageTimes {
    /// Reading files and parsing JSON Lines into articles.
    pub read: f64,
    /// Removing scrape debris.
    pub clean: f64,
    /// Splitting paragraphs into passages.
    pub passages: f64,
    /// Date, outlet, speakers, quotes and answer cues.
    pub metadata: f64,
    /// Building documents, tokenizing and indexing them, and background merges: the process's
    /// CPU time not counted in the stages above.
    pub index: f64,
    /// The final commit and the merges it waits for (wall time).
    pub commit: f64,
}

impl StageTimes {
    /// Adds `other`'s times to these.
    pub fn add(&mut self, other: &StageTimes) {
        self.read += other.read;
        self.clean += other.clean;
        self.passages += other.passages;
        self.metadata += other.metadata;
        self.index += other.index;
        self.commit += other.commit;
    }

    /// The stages before indexing: read, clean, passages, metadata.
    fn before_index(&self) -> f64 {
        self.read + self.clean + self.passages + self.metadata
    }
}

/// What an indexing run did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct IndexReport {
    /// Files read.
    pub files: usize,
    /// Articles indexed.
    pub articles: usize,
    /// Passages indexed.
    pub passages: usize,
    /// Pieces of debris cleaning removed.
    pub removed: usize,
    /// Bytes of input read.
    pub bytes: u64,
    /// Files, lines and records passed over, each with its reason.
    pub notices: Vec<Notice>,
    /// Where the time went.
    pub stages: StageTimes,
}

/// Where an indexing run is, for progress displays.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Files finished.
    pub files_done: usize,
    /// Files to read.
    pub files_total: usize,
    /// Bytes of the finished files.
    pub bytes_done: u64,
    /// Bytes of all files.
    pub bytes_total: u64,
    /// Articles read so far (indexed, or passed over with a notice).
    pub articles: usize,
}

/// A writing session on an index: holds its lock until committed or dropped.
pub(crate) struct Writer {
    writer: IndexWriter,
    fields: Fields,
    report: IndexReport,
    /// The process's CPU time when the session began, for [`StageTimes::index`].
    cpu_start: Option<f64>,
}

impl Writer {
    /// Takes the index's writer lock; fails at once with [`Error::Locked`] if another process
    /// holds it.
    pub fn new(
        index: &Index,
        fields: Fields,
        dir: Option<&Path>,
        options: &IndexOptions,
    ) -> Result<Writer> {
        options.validate()?;
        let writer = index
            .writer_with_num_threads(options.threads, options.memory_bytes)
            .map_err(|e| match e {
                TantivyError::LockFailure(LockError::LockBusy, _) => {
                    Error::Locked(dir.map(Path::to_path_buf).unwrap_or_default())
                }
                other => Error::Index(other),
            })?;
        Ok(Writer {
            writer,
            fields,
            report: IndexReport::default(),
            cpu_start: crate::usage::process_cpu_seconds(),
        })
    }

    /// Deletes every passage that came from `path` (applied at commit, before later additions).
    fn forget_file(&mut self, path: &Path) {
        let term = Term::from_field_text(self.fields.origin, &path.display().to_string());
        self.writer.delete_term(term);
    }

    /// Adds one prepared article, replacing an earlier article with the same doc id when it
    /// came from memory. An article with nothing to index becomes a notice.
    fn add_prepared(&mut self, origin: &Origin, doc_id: &str, prepared: Prepared) -> Result<()> {
        if *origin == Origin::Memory {
            let key = article_key(origin, doc_id);
            self.writer
                .delete_term(Term::from_field_text(self.fields.key, &key));
        }
        match prepared {
            Prepared::Docs(docs, removed) => {
                self.report.articles += 1;
                self.report.passages += docs.len();
                self.report.removed += removed;
                for doc in docs {
                    self.writer.add_document(doc)?;
                }
            }
            Prepared::Empty(reason) => self.report.notices.push(Notice {
                path: origin.file().map(Path::to_path_buf).unwrap_or_default(),
                line: match origin {
                    Origin::Line(_, line) => Some(*line),
                    _ => None,
                },
                message: format!("article {doc_id:?} skipped: {reason}"),
            }),
        }
        Ok(())
    }

    /// Reads articles from `source` and adds them on `threads` preparing threads, in the order
    /// read. Returns the writer, not yet committed.
    pub fn add_all(
        self,
        threads: usize,
        source: &mut dyn FnMut(&mut Feed) -> Result<()>,
    ) -> Result<Writer> {
        pipeline::run(self, threads, source)
    }

    /// The report so far, to add counts and notices to.
    pub fn report(&mut self) -> &mut IndexReport {
        &mut self.report
    }

    /// Commits everything and waits for merges; returns the report.
    pub fn commit(mut self) -> Result<IndexReport> {
        let cpu_now = crate::usage::process_cpu_seconds();
        if let (Some(start), Some(now)) = (self.cpu_start, cpu_now) {
            let stages = &mut self.report.stages;
            stages.index = (now - start - stages.before_index()).max(0.0);
        }
        let started = Instant::now();
        self.writer.commit()?;
        self.writer.wait_merging_threads()?;
        self.report.stages.commit = started.elapsed().as_secs_f64();
        Ok(self.report)
    }
}
