//! Indexing runs: reading files and folders into the index, with unchanged files passed
//! over and gone ones pruned.

use std::path::{Path, PathBuf};

use tantivy::collector::Count;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use super::Engine;
use crate::error::Result;
use crate::index::stored::{self as stored_docs};
use crate::indexer::{IndexOptions, IndexReport, Progress, Writer};
use crate::ingest::{self, Article};
use std::sync::Arc;

impl Engine {
    /// Indexes files and folders (recursively): plain text and Markdown files are one article
    /// each, JSON Lines files one article per line. A file indexed before is replaced whole.
    /// Everything passed over is in the report's notices. `progress` is called after each file.
    pub fn index_paths(
        &self,
        paths: &[PathBuf],
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<IndexReport> {
        self.index_paths_with(paths, &IndexOptions::default(), progress)
    }

    /// [`Engine::index_paths`] with the writer's threads, memory, batch size, pruning and
    /// corpus repeat set.
    ///
    /// The writer lock is taken before anything is read: with another writer at work this fails
    /// at once with [`crate::Error::Locked`] and changes nothing. Files unchanged since they were
    /// indexed (same content hash, same sources manifest) are not read again unless
    /// `options.reread`. A file's old passages are deleted only once it yields an article, so a
    /// file that has become unreadable, binary or empty keeps what was indexed from it.
    pub fn index_paths_with(
        &self,
        paths: &[PathBuf],
        options: &IndexOptions,
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<IndexReport> {
        options.validate()?;
        let (files, mut notices) = ingest::discover(paths)?;
        let mut options = *options;
        // Vectors added to an index that has none: every file is read again to embed it.
        if self.embedder.is_some() && self.vectors()?.is_none() && self.searcher().num_docs() > 0 {
            options.reread = true;
        }
        let options = &options;
        let mut writer = Writer::new(
            &self.index,
            self.fields,
            self.dir(),
            options,
            self.embedder.clone(),
        )?;
        self.reader.reload()?;
        // A file read again keeps the vectors of its passages whose text has not changed.
        let reuse = (self.embedder.is_some() && self.vectors()?.is_some()).then(|| {
            Arc::new(crate::indexer::Reuse::new(
                self.reader.searcher(),
                self.fields,
            ))
        });
        if let Some(reuse) = &reuse {
            writer.reuse_vectors(reuse.clone());
        }
        let known = writer.table().clone();
        let gone = if options.prune {
            self.gone_files(paths, &files, &known)?
        } else {
            Vec::new()
        };
        let mut state = Progress {
            files_total: files.len() * options.repeat,
            bytes_total: files.iter().map(|f| f.bytes).sum::<u64>() * options.repeat as u64,
            ..Progress::default()
        };
        progress(&state);
        let mut fingerprinter = crate::indexer::Fingerprinter::default();
        let (mut read_files, mut unchanged_files, mut unchanged_articles) = (0usize, 0usize, 0u64);
        let mut writer = writer.add_all(options.threads, &mut |feed| {
            for (path, _) in &gone {
                feed.forget_file(path.clone());
            }
            for pass in 1..=options.repeat {
                for file in &files {
                    let file_start = state.bytes_done;
                    let mut fingerprint = None;
                    if pass == 1 {
                        let entry = known.files.get(&file.path);
                        match fingerprinter.fingerprint(file, entry) {
                            Ok(now) => {
                                let same = entry
                                    .filter(|e| crate::indexer::same_content(&e.fingerprint, &now));
                                if let (Some(entry), false) = (same, options.reread) {
                                    unchanged_files += 1;
                                    unchanged_articles += entry.articles;
                                    if entry.fingerprint != now {
                                        feed.file_done(file.path.clone(), now); // touched only
                                    }
                                    state.files_done += 1;
                                    state.bytes_done = file_start + file.bytes;
                                    progress(&state);
                                    continue;
                                }
                                fingerprint = Some(now);
                            }
                            Err(e) => {
                                notices.push(ingest::Notice::unreadable(&file.path, e));
                                continue;
                            }
                        }
                    }
                    read_files += usize::from(pass == 1);
                    let mut read = 0u64;
                    let mut forgotten = pass > 1;
                    let mut file_notices = Vec::new();
                    ingest::read_file(file, &mut file_notices, &mut |mut article| {
                        if !forgotten {
                            if let Some(reuse) = &reuse {
                                reuse.remember_file(&file.path)?;
                            }
                            feed.forget_file(file.path.clone());
                            forgotten = true;
                        }
                        // Within a file, progress is estimated from the text read, every 256
                        // articles.
                        read += article.bytes() as u64;
                        state.articles += 1;
                        if state.articles % 256 == 0 {
                            state.bytes_done = file_start + read.min(file.bytes);
                            progress(&state);
                        }
                        if pass > 1 {
                            article.doc_id = format!("{}#{pass}", article.doc_id);
                        }
                        feed.article(article)
                    })?;
                    // A file whose reading stopped part way is not done: the next run reads it
                    // again.
                    let whole = !file_notices
                        .iter()
                        .any(|n| n.reason == ingest::Reason::Unreadable);
                    if let (Some(fingerprint), true, true) = (fingerprint, forgotten, whole) {
                        feed.file_done(file.path.clone(), fingerprint);
                    }
                    if pass == 1 {
                        notices.append(&mut file_notices);
                    }
                    state.files_done += 1;
                    state.bytes_done = file_start + file.bytes;
                    progress(&state);
                }
            }
            Ok(())
        })?;
        let report = writer.report();
        report.files = read_files;
        report.unchanged_files = unchanged_files;
        report.unchanged_articles = unchanged_articles;
        report.pruned_files = gone.len();
        report.pruned_articles = gone.iter().map(|(_, articles)| articles).sum();
        report.bytes = state.bytes_total;
        report.notices.append(&mut notices);
        report
            .notices
            .sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        let report = writer.commit()?;
        self.reader.reload()?;
        Ok(report)
    }

    /// Files indexed from under the folders in `paths` that are no longer among `files`, each
    /// with the articles it has in the index.
    fn gone_files(
        &self,
        paths: &[PathBuf],
        files: &[ingest::SourceFile],
        table: &crate::indexer::FileTable,
    ) -> Result<Vec<(PathBuf, u64)>> {
        let roots: Vec<PathBuf> = paths
            .iter()
            .filter(|p| p.is_dir())
            .filter_map(|p| p.canonicalize().ok())
            .collect();
        let present: std::collections::HashSet<&Path> =
            files.iter().map(|f| f.path.as_path()).collect();
        let searcher = self.reader.searcher();
        let mut origins: std::collections::BTreeSet<PathBuf> =
            table.files.keys().cloned().collect();
        stored_docs::term_frequencies(&searcher, self.fields.origin, |origin, _| {
            origins.insert(PathBuf::from(origin));
        })?;
        let mut gone = Vec::new();
        for origin in origins {
            let under_a_root = roots.iter().any(|root| origin.starts_with(root));
            if !under_a_root || present.contains(origin.as_path()) {
                continue;
            }
            let first_passages = tantivy::query::BooleanQuery::intersection(vec![
                Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.origin, &origin.display().to_string()),
                    IndexRecordOption::Basic,
                )),
                Box::new(crate::index::head::heads(&self.fields)),
            ]);
            let articles = searcher.search(&first_passages, &Count)? as u64;
            if articles > 0 || table.files.contains_key(&origin) {
                gone.push((origin, articles));
            }
        }
        Ok(gone)
    }

    /// Indexes articles held in memory. An article replaces an earlier in-memory article with
    /// the same doc id.
    pub fn index_articles<I>(&self, articles: I) -> Result<IndexReport>
    where
        I: IntoIterator<Item = Article>,
    {
        let options = IndexOptions::default();
        let writer = Writer::new(
            &self.index,
            self.fields,
            self.dir(),
            &options,
            self.embedder.clone(),
        )?;
        let mut articles = articles.into_iter();
        let writer = writer.add_all(options.threads, &mut |feed| {
            articles.try_for_each(|article| feed.article(article))
        })?;
        let report = writer.commit()?;
        self.reader.reload()?;
        Ok(report)
    }
}
