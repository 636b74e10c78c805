//! Writing articles into the index: clean, extract and split each article (`prepare.rs`) into
//! the documents of [`crate::index`], on several threads (`pipeline.rs`).
//!
//! Re-indexing is replacement: before a file's articles are added, every passage that came from
//! that file is deleted in the same commit, so indexing the same files twice never duplicates.
//! Long runs commit in batches ([`IndexOptions::commit_every_bytes`]); the [`FileTable`]
//! committed with each batch says which files are in the index whole, so a run killed at any
//! moment is completed by running it again.

mod dating;
mod files;
mod merge;
mod pipeline;
mod prepare;
mod vectors;

pub(crate) use files::{same_content, Fingerprinter};
pub use files::{FileEntry, FileTable, Fingerprint};
pub use merge::{BoundedMerges, MERGED_DOCS_MAX};
pub(crate) use pipeline::Feed;
pub(crate) use vectors::Reuse;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;
use tantivy::directory::error::LockError;
use tantivy::{Index, IndexWriter, TantivyError, Term};

use crate::error::{Error, Result};
use crate::index::schema::Fields;
use crate::index::value::{article_id, article_key, origin_value};
use crate::ingest::{Notice, Origin, Reason};
use crate::semantic::Embedder;
use prepare::Prepared;

/// Memory the writer may use for its in-memory segments, across its threads.
pub const WRITER_MEMORY_BYTES: usize = 128 << 20;

/// The least writer memory tantivy accepts per indexing thread (its `MEMORY_BUDGET_NUM_BYTES_MIN`).
pub const MIN_MEMORY_PER_THREAD: usize = 15_000_000;

/// The most indexing threads a tantivy writer runs (its `MAX_NUM_THREAD`).
pub const MAX_THREADS: usize = 8;

/// Input text indexed between two batch commits, by default.
pub const COMMIT_EVERY_BYTES: u64 = 64 << 20;

/// Threads that prepare articles (clean, extract, build documents) beside `threads` tantivy
/// indexing threads: half as many, at least one. Preparing takes about a third of indexing's
/// CPU and tantivy's threads the rest; with as many preparing threads as indexing ones, the
/// busy threads outnumber the cores they are sized for and contend for them and their caches.
pub fn preparing_threads(threads: usize) -> usize {
    (threads / 2).max(1)
}

/// How an indexing run uses the machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct IndexOptions {
    /// Indexing threads of the tantivy writer (1 to 8); articles are prepared on
    /// [`preparing_threads`] of them.
    pub threads: usize,
    /// Memory the writer may use for in-memory segments, across its threads, in bytes.
    pub memory_bytes: usize,
    /// Read every file this many times over, doc ids made unique (`id`, `id#2`, `id#3`, …):
    /// a larger corpus of the same text, for benchmarks. 1 for normal indexing.
    pub repeat: usize,
    /// Commit after this many bytes of input text: a run killed on the way loses at most this
    /// much work.
    #[serde(default = "default_commit_every")]
    pub commit_every_bytes: u64,
    /// Remove the articles of files under the given folders that are no longer there.
    #[serde(default)]
    pub prune: bool,
    /// Read every file again, even those unchanged since they were indexed.
    #[serde(default)]
    pub reread: bool,
}

fn default_commit_every() -> u64 {
    COMMIT_EVERY_BYTES
}

impl Default for IndexOptions {
    fn default() -> IndexOptions {
        IndexOptions {
            threads: std::thread::available_parallelism()
                .map_or(2, |n| n.get())
                .clamp(1, 4),
            memory_bytes: WRITER_MEMORY_BYTES,
            repeat: 1,
            commit_every_bytes: COMMIT_EVERY_BYTES,
            prune: false,
            reread: false,
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
        if self.commit_every_bytes == 0 {
            return Err(Error::InvalidArgument(
                "the commit batch must be at least 1 byte".into(),
            ));
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
    /// Sentence embeddings of the passages, when the index has vectors.
    #[serde(default)]
    pub embed: f64,
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
        self.embed += other.embed;
        self.index += other.index;
        self.commit += other.commit;
    }

    /// Adds wall-time laps taken on one thread as CPU time: each scaled by the share of
    /// `wall` seconds in which the thread ran (`cpu` seconds of its CPU time, at most all of
    /// them), so that time it spent preempted, with more busy threads than cores, is not
    /// counted. The share is the whole span's, spread over its stages in proportion.
    pub(crate) fn add_as_cpu(&mut self, laps: &StageTimes, cpu: f64, wall: f64) {
        let ran = if wall > 0.0 {
            (cpu / wall).clamp(0.0, 1.0)
        } else {
            1.0
        };
        self.read += laps.read * ran;
        self.clean += laps.clean * ran;
        self.passages += laps.passages * ran;
        self.metadata += laps.metadata * ran;
        self.embed += laps.embed * ran;
        self.index += laps.index * ran;
    }

    /// The stages before indexing: read, clean, passages, metadata, embed.
    fn before_index(&self) -> f64 {
        self.read + self.clean + self.passages + self.metadata + self.embed
    }
}

/// What an indexing run did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct IndexReport {
    /// Files read.
    pub files: usize,
    /// Files not read because they are unchanged since they were indexed.
    pub unchanged_files: usize,
    /// Articles of the unchanged files, still in the index.
    pub unchanged_articles: u64,
    /// Files removed from the index because they are gone (`prune`).
    pub pruned_files: usize,
    /// Articles removed with them.
    pub pruned_articles: u64,
    /// Commits made (batches, and the final one).
    pub commits: usize,
    /// Articles indexed.
    pub articles: usize,
    /// Passages indexed.
    pub passages: usize,
    /// Passages embedded (when the index has vectors: those new or changed since the file was
    /// last read; the others keep the vectors they had).
    pub embedded: usize,
    /// Pieces of debris cleaning removed.
    pub removed: usize,
    /// Undated articles given a date inferred from their co-reports.
    pub dates_inferred: usize,
    /// Bytes of input read.
    pub bytes: u64,
    /// Files, lines and records passed over, each with its reason.
    pub notices: Vec<Notice>,
    /// Where the time went.
    pub stages: StageTimes,
}

impl IndexReport {
    /// Notices that are warnings (damaged or unusual input), as `--strict` counts them.
    pub fn warnings(&self) -> usize {
        self.notices
            .iter()
            .filter(|n| n.reason.is_warning())
            .count()
    }

    /// How many notices there are of each reason, warnings first.
    pub fn notice_counts(&self) -> Vec<(Reason, usize)> {
        let mut counts: std::collections::BTreeMap<Reason, usize> = Default::default();
        for n in &self.notices {
            *counts.entry(n.reason).or_default() += 1;
        }
        counts.into_iter().collect()
    }
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
    /// Where the index is, `None` in memory.
    dir: Option<PathBuf>,
    /// The files committed whole, as of the operations applied so far.
    table: FileTable,
    /// Articles and passages added so far from files not yet done.
    reading: HashMap<PathBuf, (u64, u64)>,
    commit_every: u64,
    since_commit: u64,
    /// Embeds each passage, when the index has vectors.
    embedder: Option<std::sync::Arc<dyn Embedder>>,
    /// Vectors of the passages of files being read again, for passages whose text is unchanged.
    reuse: Option<std::sync::Arc<Reuse>>,
}

impl Writer {
    /// Takes the index's writer lock; fails at once with [`Error::Locked`] if another process
    /// holds it. With `embedder`, every passage added gets its vector, and the index records
    /// the embedder; an index whose vectors come from another embedder, or that has vectors
    /// while no embedder is given, is refused ([`Error::Vectors`]): its passages would not be
    /// comparable.
    pub fn new(
        index: &Index,
        fields: Fields,
        dir: Option<&Path>,
        options: &IndexOptions,
        embedder: Option<std::sync::Arc<dyn Embedder>>,
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
        writer.set_merge_policy(Box::new(BoundedMerges::default()));
        // A table that is missing or damaged (its file deleted by hand) only costs time: every
        // file is read again and replaces what it had indexed.
        let mut table = FileTable::load(index, dir).unwrap_or_else(|_| FileTable::fresh());
        let place = dir.map_or_else(|| "memory".into(), |d| d.display().to_string());
        match (&table.vectors, &embedder) {
            (Some(made_by), None) => {
                return Err(Error::Vectors(format!(
                    "the index in {place} has vectors made by {made_by}: new passages need \
                     them too; index with that embedder (`lede index --vectors {}`)",
                    crate::semantic::EmbedderKind::of_id(made_by)
                        .map_or("transformer", |k| k.as_str())
                )))
            }
            (Some(made_by), Some(e)) if made_by != e.id() => {
                return Err(Error::Vectors(format!(
                    "the index in {place} has vectors made by {made_by}, not by {}: index \
                     into a new folder to use another embedder",
                    e.id()
                )))
            }
            (_, Some(e)) => table.vectors = Some(e.id().to_string()),
            (None, None) => {}
        }
        Ok(Writer {
            writer,
            fields,
            report: IndexReport::default(),
            cpu_start: crate::usage::process_cpu_seconds(),
            dir: dir.map(Path::to_path_buf),
            table,
            reading: HashMap::new(),
            commit_every: options.commit_every_bytes,
            since_commit: 0,
            embedder,
            reuse: None,
        })
    }

    /// Passages whose text a file read again still holds keep their vectors from `reuse`.
    pub(crate) fn reuse_vectors(&mut self, reuse: std::sync::Arc<Reuse>) {
        self.reuse = Some(reuse);
    }

    /// The files committed whole when the session began.
    pub fn table(&self) -> &FileTable {
        &self.table
    }

    /// Deletes every passage that came from `path` (applied at commit, before later additions);
    /// the file leaves the table until it is done again.
    fn forget_file(&mut self, path: &Path) {
        let term = Term::from_field_text(self.fields.origin, &path.display().to_string());
        self.writer.delete_term(term);
        self.table.files.remove(path);
        self.reading.insert(path.to_path_buf(), (0, 0));
    }

    /// Every article of `path` has been added: it enters the table with its counts.
    /// A file done without being forgotten first (touched, not changed) keeps its counts.
    fn file_done(&mut self, path: PathBuf, fingerprint: Fingerprint) {
        let (articles, passages) = match self.reading.remove(&path) {
            Some(counts) => counts,
            None => self
                .table
                .files
                .get(&path)
                .map_or((0, 0), |e| (e.articles, e.passages)),
        };
        self.table.files.insert(
            path,
            FileEntry {
                fingerprint,
                articles,
                passages,
            },
        );
    }

    /// Adds one prepared article, replacing an earlier article with the same doc id when it
    /// came from memory. An article with nothing to index becomes a notice.
    fn add_prepared(
        &mut self,
        origin: &Origin,
        doc_id: &str,
        bytes: usize,
        prepared: Prepared,
    ) -> Result<()> {
        if *origin == Origin::Memory {
            let id = article_id(&article_key(&origin_value(origin), doc_id));
            self.writer
                .delete_term(Term::from_field_u64(self.fields.article_id, id));
        }
        self.since_commit += bytes as u64;
        match prepared {
            Prepared::Undated(mut docs, removed, undated) => {
                crate::index::document::add_record(&self.fields, &undated.record, &mut docs);
                self.report.dates_inferred += usize::from(undated.record.date_inferred);
                return self.add_prepared(origin, doc_id, 0, Prepared::Docs(docs, removed));
            }
            Prepared::Docs(docs, removed) => {
                self.report.articles += 1;
                self.report.passages += docs.len();
                self.report.removed += removed;
                if let Some(counts) = origin.file().and_then(|p| self.reading.get_mut(p)) {
                    counts.0 += 1;
                    counts.1 += docs.len() as u64;
                }
                // One batch: the article's passages are consecutive in one segment, head first.
                self.writer
                    .run(docs.into_iter().map(tantivy::indexer::UserOperation::Add))?;
            }
            Prepared::Empty(reason) => self.report.notices.push(Notice {
                path: origin.file().map(Path::to_path_buf).unwrap_or_default(),
                line: match origin {
                    Origin::Line(_, line) => Some(*line),
                    _ => None,
                },
                reason: Reason::NothingToIndex,
                message: format!("article {doc_id:?} skipped: {reason}"),
            }),
        }
        Ok(())
    }

    /// Reads articles from `source` and adds them, prepared on [`preparing_threads`] of
    /// `threads` threads, in the order read. Returns the writer, not yet committed.
    pub fn add_all(
        self,
        threads: usize,
        source: &mut dyn FnMut(&mut Feed) -> Result<()>,
    ) -> Result<Writer> {
        pipeline::run(self, preparing_threads(threads), source)
    }

    /// The report so far, to add counts and notices to.
    pub fn report(&mut self) -> &mut IndexReport {
        &mut self.report
    }

    /// Dates the undated articles `held` back from their co-reports in the index as committed
    /// now (this run's dated articles with it), then adds them.
    fn add_dated(&mut self, held: Vec<(Origin, String, usize, Prepared)>) -> Result<()> {
        self.commit_batch()?;
        let reader = self
            .writer
            .index()
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()?;
        let searcher = reader.searcher();
        for (origin, doc_id, bytes, mut prepared) in held {
            if let Prepared::Undated(_, _, undated) = &mut prepared {
                if let Some(inferred) = dating::infer(&searcher, &self.fields, undated)? {
                    let record = &mut undated.record;
                    record.date = Some(inferred.date);
                    record.date_inferred = true;
                    // A day named without its year is superseded by the date it gave.
                    record.evidence.retain(|e| e.field != "date");
                    record.evidence.insert(0, inferred.evidence);
                }
            }
            self.add_prepared(&origin, &doc_id, bytes, prepared)?;
        }
        Ok(())
    }

    /// Commits when a batch's worth of text has been added since the last commit.
    fn commit_if_due(&mut self) -> Result<()> {
        if self.since_commit >= self.commit_every {
            self.commit_batch()?;
        }
        Ok(())
    }

    /// Commits what was added, with the file table as it stands.
    fn commit_batch(&mut self) -> Result<()> {
        let mut prepared = self.writer.prepare_commit()?;
        let payload = self.table.save(self.dir.as_deref(), prepared.opstamp())?;
        prepared.set_payload(&payload);
        prepared.commit()?;
        FileTable::remove_others(self.dir.as_deref(), &payload);
        self.since_commit = 0;
        self.report.commits += 1;
        Ok(())
    }

    /// Commits everything and waits for merges; returns the report.
    pub fn commit(mut self) -> Result<IndexReport> {
        let cpu_now = crate::usage::process_cpu_seconds();
        if let (Some(start), Some(now)) = (self.cpu_start, cpu_now) {
            let stages = &mut self.report.stages;
            stages.index = (now - start - stages.before_index()).max(0.0);
        }
        let started = Instant::now();
        self.commit_batch()?;
        self.writer.wait_merging_threads()?;
        self.report.stages.commit = started.elapsed().as_secs_f64();
        Ok(self.report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn laps_count_as_cpu_time_only_for_the_share_the_thread_ran() {
        let laps = StageTimes {
            clean: 0.4,
            metadata: 0.2,
            commit: 9.0,
            ..StageTimes::default()
        };
        let mut times = StageTimes::default();
        // Ran half of a 1 s span: each lap counts half.
        times.add_as_cpu(&laps, 0.5, 1.0);
        assert_eq!((times.clean, times.metadata, times.commit), (0.2, 0.1, 0.0));
        // Never more than the laps, whatever the clocks say; an empty span keeps them whole.
        times.add_as_cpu(&laps, 2.0, 1.0);
        times.add_as_cpu(&laps, 0.0, 0.0);
        assert!((times.clean - 1.0).abs() < 1e-12);
    }
}
