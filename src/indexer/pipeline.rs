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
//! text, numbered as they are read, with the marks "forget this file" and "this file is done"
//! in their places among them. Channels are bounded, so at most a few chunks per thread are in
//! memory whatever the corpus size. The writer applies chunks strictly in number order: the
//! index holds the same documents in the same order whatever the thread count, a file's old
//! passages are deleted before its new ones are added, and a batch commit between two chunks
//! never splits an article.
//!
//! When the index has vectors, a worker embeds its chunk's passages together, after preparing
//! them: the embedder batches passages of similar lengths.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use crossbeam_channel::{bounded, Receiver, Sender};

use super::files::Fingerprint;
use super::prepare::{prepare, Prepared};
use super::vectors::{add_vectors, Reuse};
use super::{StageTimes, Writer};
use crate::error::{Error, Result};
use crate::index::schema::Fields;
use crate::ingest::{Article, Origin};
use crate::semantic::Embedder;

/// Most articles in one chunk.
pub const CHUNK_ARTICLES: usize = 64;
/// Most bytes of article text in one chunk.
pub const CHUNK_BYTES: usize = 256 << 10;

/// What the source hands on, in reading order.
enum Item<A> {
    /// Delete every passage indexed before from this file.
    Forget(PathBuf),
    /// An article: read (`Article`) or made ready (`Made`).
    Article(A),
    /// Every article of this file has gone before: it can enter the file table.
    Done(PathBuf, Fingerprint),
}

/// An article made ready: identity, bytes of text, documents.
struct Made {
    origin: Origin,
    doc_id: String,
    bytes: usize,
    prepared: Prepared,
    /// Passages embedded for it (the rest took vectors the index held).
    embedded: usize,
}

/// Items read, in reading order.
struct Chunk<A> {
    number: u64,
    items: Vec<Item<A>>,
}

/// What the source hands items to. Articles are buffered into chunks; `forget_file` and
/// `file_done` keep their place among them.
pub(crate) struct Feed {
    sender: Option<Sender<Chunk<Article>>>,
    next: Chunk<Article>,
    next_articles: usize,
    next_bytes: usize,
}

impl Feed {
    /// Adds an article; fails when the pipeline has stopped (the writer's error is reported
    /// when the pipeline is joined).
    pub fn article(&mut self, article: Article) -> Result<()> {
        self.next_bytes += article.bytes();
        self.next_articles += 1;
        self.next.items.push(Item::Article(article));
        if self.next_articles >= CHUNK_ARTICLES || self.next_bytes >= CHUNK_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    /// Deletes the passages indexed before from `path`, before any article that follows.
    pub fn forget_file(&mut self, path: PathBuf) {
        self.next.items.push(Item::Forget(path));
    }

    /// Marks `path` as read whole, as it was when `fingerprint` was taken.
    pub fn file_done(&mut self, path: PathBuf, fingerprint: Fingerprint) {
        self.next.items.push(Item::Done(path, fingerprint));
    }

    fn flush(&mut self) -> Result<()> {
        if self.next.items.is_empty() {
            return Ok(());
        }
        let number = self.next.number;
        let chunk = std::mem::replace(
            &mut self.next,
            Chunk {
                number: number + 1,
                items: Vec::new(),
            },
        );
        self.next_bytes = 0;
        self.next_articles = 0;
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
    let (embedder, reuse) = (writer.embedder.clone(), writer.reuse.clone());
    let (embedder, reuse) = (embedder.as_deref(), reuse.as_deref());
    let (chunk_tx, chunk_rx) = bounded::<Chunk<Article>>(threads);
    let (ready_tx, ready_rx) = bounded::<Chunk<Made>>(threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let (rx, tx) = (chunk_rx.clone(), ready_tx.clone());
                scope.spawn(move || work(&fields, embedder, reuse, rx, tx))
            })
            .collect();
        drop((chunk_rx, ready_tx));
        let writing = scope.spawn(move || write(writer, ready_rx));
        let mut feed = Feed {
            sender: Some(chunk_tx),
            next: Chunk {
                number: 0,
                items: Vec::new(),
            },
            next_articles: 0,
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
        let mut failed = None;
        for worker in workers {
            match worker.join().expect("an indexing worker panicked") {
                Ok(t) => times.add(&t),
                Err(e) => failed = failed.or(Some(e)),
            }
        }
        let written = writing.join().expect("the index writer thread panicked");
        // A worker's or the writer's error explains a feed that stopped; report it first.
        if let Some(e) = failed {
            return Err(e);
        }
        let mut writer = written?;
        fed?;
        writer.report.stages.add(&times);
        Ok(writer)
    })
}

/// A worker: prepares (and embeds) chunks until the channel closes or the writer stops taking
/// them.
fn work(
    fields: &Fields,
    embedder: Option<&dyn Embedder>,
    reuse: Option<&Reuse>,
    chunks: Receiver<Chunk<Article>>,
    ready: Sender<Chunk<Made>>,
) -> Result<StageTimes> {
    let mut times = StageTimes::default();
    for chunk in chunks {
        // Stage times are wall-time laps, turned into CPU time once per chunk: the thread's
        // CPU clock is a system call, too dear to read at every lap.
        let (cpu, wall) = (crate::usage::thread_cpu_seconds(), Instant::now());
        let mut laps = StageTimes::default();
        let mut items: Vec<Item<Made>> = chunk
            .items
            .into_iter()
            .map(|item| match item {
                Item::Article(article) => {
                    let prepared = prepare(&article, fields, &mut laps);
                    Item::Article(Made {
                        bytes: article.bytes(),
                        origin: article.origin,
                        doc_id: article.doc_id,
                        prepared,
                        embedded: 0,
                    })
                }
                Item::Forget(path) => Item::Forget(path),
                Item::Done(path, fingerprint) => Item::Done(path, fingerprint),
            })
            .collect();
        if let Some(embedder) = embedder {
            let started = Instant::now();
            embed(&mut items, fields, embedder, reuse)?;
            laps.embed += started.elapsed().as_secs_f64();
        }
        times.add_as_cpu(
            &laps,
            crate::usage::thread_cpu_seconds() - cpu,
            wall.elapsed().as_secs_f64(),
        );
        let done = Chunk {
            number: chunk.number,
            items,
        };
        if ready.send(done).is_err() {
            break;
        }
    }
    Ok(times)
}

/// Gives the chunk's passage documents their vectors; each article made ready counts those
/// embedded rather than reused.
fn embed(
    items: &mut [Item<Made>],
    fields: &Fields,
    embedder: &dyn Embedder,
    reuse: Option<&Reuse>,
) -> Result<()> {
    let mut docs = Vec::new();
    let mut first = None;
    for item in items.iter_mut() {
        if let Item::Article(Made {
            prepared: Prepared::Docs(article_docs, _) | Prepared::Undated(article_docs, _, _),
            embedded,
            ..
        }) = item
        {
            docs.extend(article_docs.iter_mut());
            first.get_or_insert(embedded);
        }
    }
    let embedded = add_vectors(&mut docs, fields, embedder, reuse)?;
    // The count goes to the chunk's first article: the report sums them.
    if let Some(first) = first {
        *first = embedded;
    }
    Ok(())
}

/// Most bytes of undated articles' text held back to be dated at the end of a run; past it,
/// undated articles are added undated.
pub const HELD_BYTES: usize = 32 << 20;

/// Undated articles held back until the run's dated articles are in the index, and the files
/// they are of, which are done only once they are added.
#[derive(Default)]
struct Held {
    articles: Vec<(Origin, String, usize, Prepared)>,
    bytes: usize,
    files: std::collections::HashSet<PathBuf>,
    done: Vec<(PathBuf, Fingerprint)>,
}

/// The writer thread: applies chunks in number order, committing when a batch is full; at the
/// end, dates and adds the undated articles held back.
fn write(mut writer: Writer, ready: Receiver<Chunk<Made>>) -> Result<Writer> {
    let mut waiting: BTreeMap<u64, Chunk<Made>> = BTreeMap::new();
    let mut next = 0u64;
    let mut held = Held::default();
    for chunk in ready {
        waiting.insert(chunk.number, chunk);
        while let Some(chunk) = waiting.remove(&next) {
            next += 1;
            for item in chunk.items {
                match item {
                    Item::Forget(path) => writer.forget_file(&path),
                    Item::Article(made) => {
                        writer.report.embedded += made.embedded;
                        let undated = matches!(made.prepared, Prepared::Undated(..));
                        if undated && held.bytes + made.bytes <= HELD_BYTES {
                            held.bytes += made.bytes;
                            held.files.extend(made.origin.file().map(PathBuf::from));
                            held.articles.push((
                                made.origin,
                                made.doc_id,
                                made.bytes,
                                made.prepared,
                            ));
                            continue;
                        }
                        writer.add_prepared(
                            &made.origin,
                            &made.doc_id,
                            made.bytes,
                            made.prepared,
                        )?
                    }
                    Item::Done(path, fingerprint) if held.files.contains(&path) => {
                        held.done.push((path, fingerprint))
                    }
                    Item::Done(path, fingerprint) => writer.file_done(path, fingerprint),
                }
            }
            writer.commit_if_due()?;
        }
    }
    if !held.articles.is_empty() {
        writer.add_dated(held.articles)?;
        for (path, fingerprint) in held.done {
            writer.file_done(path, fingerprint);
        }
    }
    Ok(writer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis;
    use crate::index::schema;
    use crate::index::stored::StoredPassage;
    use crate::indexer::IndexOptions;
    use tantivy::{Index, TantivyDocument};

    #[test]
    fn several_workers_add_articles_in_reading_order() {
        let index = Index::create_in_ram(schema::build());
        analysis::register(&index);
        let fields = schema::Fields::from_schema(&index.schema()).unwrap();
        // One tantivy thread: one segment, whose documents are in the order they were added.
        let options = IndexOptions {
            threads: 1,
            ..IndexOptions::default()
        };
        let writer = Writer::new(&index, fields, None, &options, None).unwrap();
        // Articles of very different lengths, so that workers finish chunks out of order.
        let ids: Vec<String> = (0..300).map(|i| format!("a{i}")).collect();
        let mut feed_ids = ids.iter();
        let writer = run(writer, 4, &mut |feed| {
            feed_ids.try_for_each(|id| {
                let n: usize = id[1..].parse().unwrap();
                let text = "Ministers met in Geneva on Monday. ".repeat(1 + (n * 37) % 200);
                feed.article(Article::new(id, &text))
            })
        })
        .unwrap();
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let segment = &searcher.segment_readers()[0];
        let store = segment.get_store_reader(0).unwrap();
        let mut seen: Vec<String> = Vec::new();
        for doc in 0..segment.max_doc() {
            let doc: TantivyDocument = store.get(doc).unwrap();
            if crate::index::stored::is_head(&doc, &fields) {
                seen.push(StoredPassage::from_docs(&doc, &doc, &fields).article.doc_id);
            }
        }
        assert_eq!(searcher.segment_readers().len(), 1);
        assert_eq!(seen, ids);
    }
}
