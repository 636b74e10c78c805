//! The indexing pipeline: the calling thread reads, `threads` workers clean, split, extract and
//! build documents, and one writer thread hands them to tantivy in the order they were read.
//!
//! ```text
//! source (caller) ──chunks──▶ workers ×N ──prepared──▶ writer thread ──▶ tantivy's threads
//!      read, parse             clean, passages,          reorders by chunk number,
//!                              metadata, documents       deletes, adds
//! ```
//!
//! Articles travel in chunks of up to [`CHUNK_ARTICLES`] articles or [`CHUNK_BYTES`] bytes of
//! text, numbered as they are read. Channels are bounded, so at most a few chunks per thread
//! are in memory whatever the corpus size. The writer applies chunks strictly in number order:
//! the index holds the same documents in the same order whatever the thread count, and a
//! file's old passages are deleted before its new ones are added.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crossbeam_channel::{bounded, Receiver, Sender};

use super::document::{prepare, Prepared};
use super::{StageTimes, Writer};
use crate::error::{Error, Result};
use crate::ingest::{Article, Origin};
use crate::schema::Fields;

/// Most articles in one chunk.
pub const CHUNK_ARTICLES: usize = 64;
/// Most bytes of article text in one chunk.
pub const CHUNK_BYTES: usize = 256 << 10;

/// Articles read, in reading order, with the files to forget before them.
struct Chunk {
    number: u64,
    forget: Vec<PathBuf>,
    articles: Vec<Article>,
}

/// A chunk made ready: each article's identity and documents.
struct Ready {
    number: u64,
    forget: Vec<PathBuf>,
    articles: Vec<(Origin, String, Prepared)>,
}

/// What the source hands articles to. Articles are buffered into chunks; `forget_file` marks
/// that every passage of a file indexed before must go before the articles that follow.
pub(crate) struct Feed {
    sender: Option<Sender<Chunk>>,
    next: Chunk,
    next_bytes: usize,
}

impl Feed {
    /// Adds an article; fails when the pipeline has stopped (the writer's error is reported
    /// when the pipeline is joined).
    pub fn article(&mut self, article: Article) -> Result<()> {
        self.next_bytes += article.text.len() + article.title.as_ref().map_or(0, String::len);
        self.next.articles.push(article);
        if self.next.articles.len() >= CHUNK_ARTICLES || self.next_bytes >= CHUNK_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    /// Deletes the passages indexed before from `path`, before any article that follows.
    pub fn forget_file(&mut self, path: PathBuf) -> Result<()> {
        if !self.next.articles.is_empty() {
            self.flush()?;
        }
        self.next.forget.push(path);
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.next.articles.is_empty() && self.next.forget.is_empty() {
            return Ok(());
        }
        let number = self.next.number;
        let chunk = std::mem::replace(
            &mut self.next,
            Chunk {
                number: number + 1,
                forget: Vec::new(),
                articles: Vec::new(),
            },
        );
        self.next_bytes = 0;
        let sent = match &self.sender {
            Some(sender) => sender.send(chunk).is_ok(),
            None => false,
        };
        if sent {
            Ok(())
        } else {
            Err(Error::InvalidArgument("indexing stopped".into()))
        }
    }
}

/// Runs `source` on this thread, feeding `threads` workers and `writer`; returns the writer
/// with every article added (not committed), or the first error.
pub(crate) fn run(
    writer: Writer,
    threads: usize,
    source: &mut dyn FnMut(&mut Feed) -> Result<()>,
) -> Result<Writer> {
    let fields = writer.fields;
    let (chunk_tx, chunk_rx) = bounded::<Chunk>(threads);
    let (ready_tx, ready_rx) = bounded::<Ready>(threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let (rx, tx) = (chunk_rx.clone(), ready_tx.clone());
                scope.spawn(move || work(&fields, rx, tx))
            })
            .collect();
        drop((chunk_rx, ready_tx));
        let writing = scope.spawn(move || write(writer, ready_rx));
        let mut feed = Feed {
            sender: Some(chunk_tx),
            next: Chunk {
                number: 0,
                forget: Vec::new(),
                articles: Vec::new(),
            },
            next_bytes: 0,
        };
        // The source's CPU time: waiting for the workers is not reading.
        let started = crate::usage::thread_cpu_seconds();
        let fed = source(&mut feed).and_then(|()| feed.flush());
        let read = crate::usage::thread_cpu_seconds() - started;
        feed.sender = None; // closes the channel: workers finish what is queued, then stop
        let mut times = StageTimes {
            read,
            ..StageTimes::default()
        };
        for worker in workers {
            times.add(&worker.join().expect("an indexing worker panicked"));
        }
        let written = writing.join().expect("the index writer thread panicked");
        // The writer's error explains a feed that stopped; report it first.
        let mut writer = written?;
        fed?;
        writer.report.stages.add(&times);
        Ok(writer)
    })
}

/// A worker: prepares chunks until the channel closes or the writer stops taking them.
fn work(fields: &Fields, chunks: Receiver<Chunk>, ready: Sender<Ready>) -> StageTimes {
    let mut times = StageTimes::default();
    for chunk in chunks {
        let articles = chunk
            .articles
            .into_iter()
            .map(|article| {
                let prepared = prepare(&article, fields, &mut times);
                (article.origin, article.doc_id, prepared)
            })
            .collect();
        let done = Ready {
            number: chunk.number,
            forget: chunk.forget,
            articles,
        };
        if ready.send(done).is_err() {
            break;
        }
    }
    times
}

/// The writer thread: applies chunks in number order.
fn write(mut writer: Writer, ready: Receiver<Ready>) -> Result<Writer> {
    let mut waiting: BTreeMap<u64, Ready> = BTreeMap::new();
    let mut next = 0u64;
    for chunk in ready {
        waiting.insert(chunk.number, chunk);
        while let Some(chunk) = waiting.remove(&next) {
            next += 1;
            for path in &chunk.forget {
                writer.forget_file(path);
            }
            for (origin, doc_id, prepared) in chunk.articles {
                writer.add_prepared(&origin, &doc_id, prepared)?;
            }
        }
    }
    Ok(writer)
}
