//! [`Engine`]: one index, on disk or in memory, and everything done with it.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;
use tantivy::collector::{Count, DocSetCollector};
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyDocument, Term};
use time::Date;

use crate::error::{Error, Result};
use crate::indexer::{IndexOptions, IndexReport, Progress, Writer};
use crate::ingest::{self, Article};
use crate::metadata::Quote;
use crate::query::SearchMode;
use crate::search::{self, Hit, SearchRequest};
use crate::semantic::Embedder;
use crate::stored::{self as stored_docs, StoredArticle, StoredPassage};
use crate::{analysis, schema};
use std::sync::Arc;

/// A `lede` index: indexing, searching and browsing.
pub struct Engine {
    index: Index,
    reader: IndexReader,
    fields: schema::Fields,
    dir: Option<PathBuf>,
    /// Canonical speaker names: they change only with a commit, so searches do not rescan the
    /// term dictionary.
    names: PerGeneration<stored_docs::SpeakerNames>,
    /// Article count, mean length and first passages, for article-level BM25.
    articles: PerGeneration<crate::query::ArticleIndex>,
    /// The passages' vectors, decoded, for semantic search.
    vector_index: PerGeneration<crate::query::VectorIndex>,
    /// Embeds passages as they are indexed and queries for semantic search.
    embedder: Option<Arc<dyn Embedder>>,
    /// Vectors of recent queries: a query asked again (a page of results, an evaluation's
    /// variants) is not embedded again.
    query_vectors: std::sync::Mutex<HashMap<String, Vec<f32>>>,
}

/// Query vectors kept before the cache starts afresh.
const QUERY_VECTORS_KEPT: usize = 8192;

/// A value read from the index once per searcher generation, that is once per commit.
struct PerGeneration<T>(std::sync::Mutex<Option<(u64, std::sync::Arc<T>)>>);

impl<T> PerGeneration<T> {
    fn new() -> PerGeneration<T> {
        PerGeneration(std::sync::Mutex::new(None))
    }

    /// The value for `searcher`'s generation: the one kept, or a new one from `read`.
    fn get(
        &self,
        searcher: &tantivy::Searcher,
        read: impl FnOnce() -> Result<T>,
    ) -> Result<std::sync::Arc<T>> {
        let generation = searcher.generation().generation_id();
        let mut cached = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((g, value)) = cached.as_ref() {
            if *g == generation {
                return Ok(value.clone());
            }
        }
        let value = std::sync::Arc::new(read()?);
        *cached = Some((generation, value.clone()));
        Ok(value)
    }
}

/// Counts over the whole index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Files indexed whole (in the file table of the last commit).
    pub files: u64,
    /// Articles indexed.
    pub articles: u64,
    /// Passages indexed.
    pub passages: u64,
    /// Index segments.
    pub segments: usize,
    /// Bytes the index takes on disk (0 in memory).
    pub index_bytes: u64,
    /// Earliest publication date.
    #[serde(with = "crate::date::serde_opt_ymd")]
    pub earliest: Option<Date>,
    /// Latest publication date.
    #[serde(with = "crate::date::serde_opt_ymd")]
    pub latest: Option<Date>,
    /// Articles with no publication date.
    pub undated_articles: u64,
    /// Articles by outlet, most first (`null`: outlet unknown).
    pub outlets: Vec<OutletCount>,
    /// Passages by speaker (canonical name), most first.
    pub speakers: Vec<SpeakerCount>,
    /// Articles by publication day, oldest first (days with none left out).
    pub dates: Vec<DateCount>,
    /// The embedder whose vectors the passages carry, `None` without vectors.
    pub vectors: Option<String>,
    /// Passages that have a vector.
    pub embedded_passages: u64,
}

/// Number of passages in which one speaker speaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpeakerCount {
    /// The speaker, by canonical name.
    pub speaker: String,
    /// Passages in which they speak.
    pub passages: u64,
}

/// Number of articles published on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateCount {
    /// The day.
    #[serde(with = "crate::date::serde_ymd")]
    pub date: Date,
    /// Articles published on it.
    pub articles: u64,
}

/// One quotation and every article that carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuoteGroup {
    /// The speaker, by canonical name.
    pub speaker: String,
    /// The quotation (the longest version when articles carry it cut differently).
    pub text: String,
    /// The articles and passages that carry it.
    pub carried_by: Vec<QuoteSource>,
}

/// Where a quotation is carried.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuoteSource {
    /// The article.
    pub doc_id: String,
    /// Its outlet.
    pub outlet: Option<String>,
    /// Its date.
    #[serde(with = "crate::date::serde_opt_ymd")]
    pub date: Option<Date>,
    /// The passage, from 0.
    pub passage: u64,
}

/// Number of articles of one outlet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutletCount {
    /// The outlet, `None` for articles whose outlet is unknown.
    pub outlet: Option<String>,
    /// Its articles.
    pub articles: u64,
}

impl Engine {
    /// Whether `dir` holds an index.
    pub fn exists(dir: &Path) -> bool {
        dir.join("meta.json").is_file()
    }

    /// Opens the index in `dir`; [`Error::NoIndex`] if there is none.
    pub fn open(dir: &Path) -> Result<Engine> {
        if !Engine::exists(dir) {
            return Err(Error::NoIndex(dir.to_path_buf()));
        }
        let index = Index::open_in_dir(dir)?;
        let expected = schema::build();
        let same =
            serde_json::to_value(index.schema()).ok() == serde_json::to_value(&expected).ok();
        if !same {
            return Err(Error::IncompatibleIndex(dir.to_path_buf()));
        }
        Engine::with_index(index, Some(dir.to_path_buf()))
    }

    /// Opens the index in `dir`, creating the folder and an empty index when there is none.
    pub fn open_or_create(dir: &Path) -> Result<Engine> {
        if Engine::exists(dir) {
            return Engine::open(dir);
        }
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let index = Index::create_in_dir(dir, schema::build())?;
        Engine::with_index(index, Some(dir.to_path_buf()))
    }

    /// A new, empty index in memory.
    pub fn in_memory() -> Result<Engine> {
        Engine::with_index(Index::create_in_ram(schema::build()), None)
    }

    fn with_index(index: Index, dir: Option<PathBuf>) -> Result<Engine> {
        analysis::register(&index);
        let fields = schema::Fields::from_schema(&index.schema())
            .ok_or_else(|| Error::IncompatibleIndex(dir.clone().unwrap_or_default()))?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Engine {
            index,
            reader,
            fields,
            dir,
            names: PerGeneration::new(),
            articles: PerGeneration::new(),
            vector_index: PerGeneration::new(),
            embedder: None,
            query_vectors: Default::default(),
        })
    }

    /// The id of the embedder whose vectors the index's passages carry, `None` for an index
    /// without vectors.
    pub fn vectors(&self) -> Result<Option<String>> {
        Ok(crate::indexer::FileTable::load(&self.index, self.dir())?.vectors)
    }

    /// Embeds passages with `embedder` from now on (the index then has vectors), and queries
    /// for semantic and hybrid search. Refused ([`Error::Vectors`]) when the index's vectors
    /// come from another embedder.
    pub fn set_embedder(&mut self, embedder: Arc<dyn Embedder>) -> Result<()> {
        if let Some(made_by) = self.vectors()? {
            if made_by != embedder.id() {
                return Err(Error::Vectors(format!(
                    "the index in {} has vectors made by {made_by}, not by {}: search it with \
                     that model, or index into a new folder",
                    self.place(),
                    embedder.id()
                )));
            }
        }
        self.embedder = Some(embedder);
        self.query_vectors
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clear();
        Ok(())
    }

    /// The embedder set, if any.
    pub fn embedder(&self) -> Option<&Arc<dyn Embedder>> {
        self.embedder.as_ref()
    }

    /// The mode `request` is searched in: the one it asks for, else hybrid when the index has
    /// vectors and an embedder is set, else lexical. Asking for vectors the index lacks, or
    /// without the embedder that made them, is an [`Error::Vectors`] saying what to do.
    pub fn mode(&self, request: &SearchRequest) -> Result<SearchMode> {
        let vectors = self.vectors()?;
        let ready = vectors.is_some() && self.embedder.is_some();
        match request.mode {
            None => Ok(if ready {
                SearchMode::Hybrid
            } else {
                SearchMode::Lexical
            }),
            Some(mode) if !mode.uses_vectors() || ready => Ok(mode),
            Some(mode) => Err(Error::Vectors(match vectors {
                None => format!(
                    "{} search needs vectors, and the index in {} has none: add them with \
                     `lede index --vectors transformer PATH...`{}",
                    mode.as_str(),
                    self.place(),
                    model_hint()
                ),
                Some(made_by) => format!(
                    "{} search needs the embedder of the index's vectors, {made_by}, which is \
                     not loaded{}",
                    mode.as_str(),
                    model_hint()
                ),
            })),
        }
    }

    /// The index's folder, or `memory`, for messages.
    fn place(&self) -> String {
        self.dir
            .as_ref()
            .map_or_else(|| "memory".into(), |d| d.display().to_string())
    }

    /// A searcher on the last commit.
    pub(crate) fn searcher(&self) -> tantivy::Searcher {
        self.reader.searcher()
    }

    /// The index's fields.
    pub(crate) fn fields(&self) -> &schema::Fields {
        &self.fields
    }

    /// The folder of the index, `None` in memory.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

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
    /// at once with [`Error::Locked`] and changes nothing. Files unchanged since they were
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
                Box::new(TermQuery::new(
                    Term::from_field_u64(self.fields.passage, 0),
                    IndexRecordOption::Basic,
                )),
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

    /// Ranked passages for `request`.
    pub fn search(&self, request: &SearchRequest) -> Result<Vec<Hit>> {
        let searcher = self.reader.searcher();
        let names = self.speaker_names(&searcher)?;
        let articles = self.article_index(&searcher)?;
        let mode = self.mode(request)?;
        let vector = self.query_vector(&request.query, mode)?;
        let vectors = self.vector_index(&searcher, mode)?;
        let semantic = vector
            .as_deref()
            .zip(vectors.as_deref())
            .map(|(vector, vectors)| crate::query::SemanticQuery {
                vector,
                mode,
                vectors,
            });
        search::search(
            &searcher,
            &self.fields,
            &names,
            &articles,
            request,
            semantic.as_ref(),
        )
    }

    /// The index's vectors, decoded once per commit, for a mode that uses them.
    pub(crate) fn vector_index(
        &self,
        searcher: &tantivy::Searcher,
        mode: SearchMode,
    ) -> Result<Option<Arc<crate::query::VectorIndex>>> {
        if !mode.uses_vectors() {
            return Ok(None);
        }
        self.vector_index
            .get(searcher, || crate::query::VectorIndex::read(searcher))
            .map(Some)
    }

    /// The query's vector, for a mode that uses one.
    pub(crate) fn query_vector(&self, query: &str, mode: SearchMode) -> Result<Option<Vec<f32>>> {
        match (&self.embedder, mode.uses_vectors()) {
            (Some(embedder), true) => {
                let text = search::semantic_text(query);
                let cache = || {
                    self.query_vectors
                        .lock()
                        .unwrap_or_else(|poisoned| poisoned.into_inner())
                };
                if let Some(v) = cache().get(&text) {
                    return Ok(Some(v.clone()));
                }
                let v = embedder.embed(&[text.as_str()])?.pop();
                if let Some(v) = &v {
                    let mut kept = cache();
                    if kept.len() >= QUERY_VECTORS_KEPT {
                        kept.clear();
                    }
                    kept.insert(text, v.clone());
                }
                Ok(v)
            }
            _ => Ok(None),
        }
    }

    /// How `request`'s query is read: its words and forms, phrases, filters, the kind of answer
    /// it asks for, the speakers it names.
    pub fn read_query(&self, request: &SearchRequest) -> Result<search::Reading> {
        let mut reading = search::read(&self.reader.searcher(), &self.fields, request)?;
        reading.mode = self.mode(request)?;
        reading.vectors = self.vectors()?;
        Ok(reading)
    }

    /// Canonical speaker names for `searcher`'s generation, read once per commit.
    fn speaker_names(
        &self,
        searcher: &tantivy::Searcher,
    ) -> Result<std::sync::Arc<stored_docs::SpeakerNames>> {
        self.names.get(searcher, || {
            stored_docs::speaker_names(searcher, &self.fields)
        })
    }

    /// What article-level ranking needs of `searcher`'s generation, read once per commit.
    pub(crate) fn article_index(
        &self,
        searcher: &tantivy::Searcher,
    ) -> Result<std::sync::Arc<crate::query::ArticleIndex>> {
        self.articles
            .get(searcher, || crate::query::ArticleIndex::read(searcher))
    }

    /// Every article with this doc id (several when different sources share an id), with its
    /// passages and cleaning audit, ordered by source.
    pub fn article(&self, doc_id: &str) -> Result<Vec<StoredArticle>> {
        let searcher = self.reader.searcher();
        let query = TermQuery::new(
            Term::from_field_text(self.fields.doc_id, doc_id),
            IndexRecordOption::Basic,
        );
        let names = self.speaker_names(&searcher)?;
        let mut by_key: BTreeMap<String, Vec<StoredPassage>> = BTreeMap::new();
        for address in searcher.search(&query, &DocSetCollector)? {
            let doc: TantivyDocument = searcher.doc(address)?;
            let mut passage = StoredPassage::from_doc(&doc, &self.fields);
            stored_docs::canonicalise(&names, &mut passage.speakers);
            for q in &mut passage.quotes {
                if let Some(p) = &mut q.speaker {
                    p.name = stored_docs::canonical(&names, &p.name);
                }
            }
            by_key.entry(passage.key.clone()).or_default().push(passage);
        }
        Ok(by_key
            .into_values()
            .filter_map(StoredArticle::from_passages)
            .collect())
    }

    /// Every quote by `speaker` (any alias: "Lavrov", "Sergei Lavrov"), the same words carried
    /// by several articles grouped once, most carried first.
    pub fn quotes(&self, speaker: &str) -> Result<Vec<QuoteGroup>> {
        let key = crate::metadata::lookup_key(speaker)
            .ok_or_else(|| Error::InvalidArgument("the speaker name is empty".into()))?;
        let searcher = self.reader.searcher();
        let names = self.speaker_names(&searcher)?;
        let query = TermQuery::new(
            Term::from_field_text(self.fields.speaker_keys, &key),
            IndexRecordOption::Basic,
        );
        let mut parts = Vec::new();
        for address in searcher.search(&query, &DocSetCollector)? {
            let doc: TantivyDocument = searcher.doc(address)?;
            let p = StoredPassage::from_doc(&doc, &self.fields);
            for q in p.quotes {
                let Some(person) = &q.speaker else { continue };
                if person.key() != key && person.surname_key() != key {
                    continue;
                }
                let source = QuoteSource {
                    doc_id: p.doc_id.clone(),
                    outlet: p.outlet.clone(),
                    date: p.date,
                    passage: p.passage,
                };
                parts.push((p.key.clone(), q, source));
            }
        }
        let mut groups: Vec<QuoteGroup> = Vec::new();
        for (q, source) in join_cut_quotes(parts) {
            let Some(person) = &q.speaker else { continue };
            let same = groups
                .iter_mut()
                .find(|g| crate::query::same_quote(&q.text, &g.text, 4));
            match same {
                Some(g) => {
                    if q.text.len() > g.text.len() {
                        g.text = q.text.clone();
                    }
                    if !g
                        .carried_by
                        .iter()
                        .any(|s| s.doc_id == source.doc_id && s.passage == source.passage)
                    {
                        g.carried_by.push(source);
                    }
                }
                None => groups.push(QuoteGroup {
                    speaker: stored_docs::canonical(&names, &person.name),
                    text: q.text.clone(),
                    carried_by: vec![source],
                }),
            }
        }
        groups.sort_by_key(|g| std::cmp::Reverse(g.carried_by.len()));
        Ok(groups)
    }

    /// Counts of articles, passages, dates and outlets.
    pub fn stats(&self) -> Result<Stats> {
        let searcher = self.reader.searcher();
        let first_passages = TermQuery::new(
            Term::from_field_u64(self.fields.passage, 0),
            IndexRecordOption::Basic,
        );
        let mut outlets: HashMap<Option<String>, u64> = HashMap::new();
        let (mut earliest, mut latest, mut undated) = (None::<Date>, None::<Date>, 0);
        let addresses = searcher.search(&first_passages, &DocSetCollector)?;
        for address in &addresses {
            let doc: TantivyDocument = searcher.doc(*address)?;
            let p = StoredPassage::from_doc(&doc, &self.fields);
            *outlets.entry(p.outlet).or_default() += 1;
            match p.date {
                Some(d) => {
                    earliest = Some(earliest.map_or(d, |e| e.min(d)));
                    latest = Some(latest.map_or(d, |l| l.max(d)));
                }
                None => undated += 1,
            }
        }
        let mut outlets: Vec<OutletCount> = outlets
            .into_iter()
            .map(|(outlet, articles)| OutletCount { outlet, articles })
            .collect();
        outlets.sort_by(|a, b| b.articles.cmp(&a.articles).then(a.outlet.cmp(&b.outlet)));
        let index_bytes = self.dir.as_deref().map_or(0, folder_bytes);
        let names = self.speaker_names(&searcher)?;
        let mut speakers: HashMap<String, u64> = HashMap::new();
        for (key, passages) in stored_docs::speaker_passages(&searcher, &self.fields)? {
            let name = names.get(&key).cloned().unwrap_or(key);
            *speakers.entry(name).or_default() += passages;
        }
        let mut speakers: Vec<SpeakerCount> = speakers
            .into_iter()
            .map(|(speaker, passages)| SpeakerCount { speaker, passages })
            .collect();
        speakers.sort_by(|a, b| b.passages.cmp(&a.passages).then(a.speaker.cmp(&b.speaker)));
        let dates = self.articles_by_day(&searcher)?;
        // A writer may commit and remove the table just named: read the new one then.
        let table = crate::indexer::FileTable::load(&self.index, self.dir())
            .or_else(|_| crate::indexer::FileTable::load(&self.index, self.dir()))
            .unwrap_or_default();
        Ok(Stats {
            files: table.files.len() as u64,
            articles: searcher.search(&first_passages, &Count)? as u64,
            passages: searcher.num_docs(),
            segments: searcher.segment_readers().len(),
            index_bytes,
            earliest,
            latest,
            undated_articles: undated,
            outlets,
            speakers,
            dates,
            embedded_passages: embedded_passages(&searcher)?,
            vectors: table.vectors,
        })
    }

    /// Articles per publication day: a date histogram aggregation over first passages.
    fn articles_by_day(&self, searcher: &tantivy::Searcher) -> Result<Vec<DateCount>> {
        use tantivy::aggregation::agg_req::Aggregations;
        use tantivy::aggregation::AggregationCollector;
        let request: Aggregations = serde_json::from_value(serde_json::json!({
            "by_day": { "date_histogram": { "field": schema::DATE_FIELD, "fixed_interval": "1d" } }
        }))
        .map_err(|e| Error::InvalidArgument(format!("date aggregation: {e}")))?;
        let collector = AggregationCollector::from_aggs(request, Default::default());
        let first_passages = TermQuery::new(
            Term::from_field_u64(self.fields.passage, 0),
            IndexRecordOption::Basic,
        );
        let result = searcher.search(&first_passages, &collector)?;
        let json = serde_json::to_value(&result).unwrap_or_default();
        let mut out = Vec::new();
        for bucket in json["by_day"]["buckets"].as_array().into_iter().flatten() {
            let articles = bucket["doc_count"].as_u64().unwrap_or(0);
            let day = bucket["key_as_string"]
                .as_str()
                .and_then(crate::date::parse_ymd);
            if let (Some(date), true) = (day, articles > 0) {
                out.push(DateCount { date, articles });
            }
        }
        Ok(out)
    }
}

/// Passages of `searcher` that have a vector.
fn embedded_passages(searcher: &tantivy::Searcher) -> Result<u64> {
    let mut n = 0;
    for segment in searcher.segment_readers() {
        let Some(column) = segment.fast_fields().bytes(schema::VECTOR_FIELD)? else {
            continue;
        };
        let (ords, alive) = (column.ords(), segment.alive_bitset());
        n += (0..segment.max_doc())
            .filter(|&d| alive.is_none_or(|a| a.is_alive(d)) && ords.first(d).is_some())
            .count() as u64;
    }
    Ok(n)
}

/// What to do when the model is missing, where it is.
fn model_hint() -> String {
    if crate::semantic::ModelFiles::installed() {
        String::new()
    } else {
        format!("; {}", crate::semantic::INSTALL_HINT)
    }
}

/// Total size of the files under `dir`.
pub(crate) fn folder_bytes(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

/// Quotes of one speaker as passages carry them (article key, quote, where), in any order, to
/// whole quotes: a quote that passages cut is joined back from its parts, in passage order,
/// and carried where it begins.
fn join_cut_quotes(mut parts: Vec<(String, Quote, QuoteSource)>) -> Vec<(Quote, QuoteSource)> {
    // Stable: a passage's quotes keep their order.
    parts.sort_by(|a, b| (&a.0, a.2.passage).cmp(&(&b.0, b.2.passage)));
    let mut whole: Vec<(String, Quote, QuoteSource, u64)> = Vec::new();
    for (key, quote, source) in parts {
        if let Some((last_key, last, _, last_passage)) = whole.last_mut() {
            if quote.cut_before
                && last.cut_after
                && *last_key == key
                && *last_passage + 1 == source.passage
            {
                last.join(&quote);
                *last_passage = source.passage;
                continue;
            }
        }
        let passage = source.passage;
        whole.push((key, quote, source, passage));
    }
    whole.into_iter().map(|(_, q, s, _)| (q, s)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine() -> Engine {
        let e = Engine::in_memory().unwrap();
        e.index_articles([
            Article::new(
                "a",
                "Lavrov called it pathetic diplomacy.\n\nPeace talks went on in Abu Dhabi.",
            )
            .with_title("Moscow mocks Paris")
            .with_outlet("Kyiv Independent")
            .with_date(time::macros::date!(2026 - 02 - 05)),
            Article::new("b", "Diplomacy resumed between Paris and Moscow.")
                .with_title("Talks")
                .with_outlet("POLITICO"),
        ])
        .unwrap();
        e
    }

    #[test]
    fn full_matches_rank_before_partial_ones() {
        let hits = engine()
            .search(&SearchRequest::new("pathetic diplomacy"))
            .unwrap();
        assert_eq!(hits.len(), 2);
        assert_eq!((hits[0].doc_id.as_str(), hits[0].passage), ("a", 0));
        assert_eq!(hits[1].doc_id, "b");
        assert_eq!(hits[0].rank, 1);
    }

    #[test]
    fn phrases_bind_and_exclusions_exclude() {
        let e = engine();
        let hits = e.search(&SearchRequest::new("\"talks went on\"")).unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].passage, 1);
        let hits = e.search(&SearchRequest::new("diplomacy -lavrov")).unwrap();
        assert_eq!(
            hits.iter().map(|h| h.doc_id.as_str()).collect::<Vec<_>>(),
            ["b"]
        );
    }

    #[test]
    fn filters_restrict_by_outlet_and_date() {
        let e = engine();
        let hits = e
            .search(&SearchRequest::new("diplomacy").outlet("politico"))
            .unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].outlet.as_deref(), Some("POLITICO"));
        let hits = e
            .search(&SearchRequest::new("diplomacy").since(time::macros::date!(2026 - 02 - 05)))
            .unwrap();
        assert_eq!(
            hits.iter().map(|h| h.doc_id.as_str()).collect::<Vec<_>>(),
            ["a"]
        );
        let hits = e
            .search(&SearchRequest::new("diplomacy").until(time::macros::date!(2026 - 02 - 04)))
            .unwrap();
        assert!(hits.is_empty());
    }

    #[test]
    fn filters_never_admit_passages_matching_no_query_word() {
        let hits = engine()
            .search(&SearchRequest::new("pathetic zzzz").outlet("Kyiv Independent"))
            .unwrap();
        assert_eq!(hits.len(), 1);
        assert!(hits.iter().all(|h| h.score > 0.0));
    }

    #[test]
    fn filters_written_in_the_query_work_like_options() {
        let e = engine();
        let ids = |q: &str| -> Vec<String> {
            e.search(&SearchRequest::new(q))
                .unwrap()
                .into_iter()
                .map(|h| h.doc_id)
                .collect()
        };
        assert_eq!(ids("diplomacy outlet:politico"), ["b"]);
        assert_eq!(ids("diplomacy -outlet:politico"), ["a"]);
        assert_eq!(ids("diplomacy date:[2026-02-05 TO 2026-02-05]"), ["a"]);
        assert_eq!(ids("diplomacy date:2026-02-04"), Vec::<String>::new());
        assert_eq!(
            ids("outlet:\"Kyiv Independent\"").len(),
            2,
            "a filter alone lists its passages"
        );
        assert!(matches!(
            e.search(&SearchRequest::new("diplomacy date:2026-02-31")),
            Err(Error::InvalidDate { .. })
        ));
    }

    #[test]
    fn bad_requests_are_errors() {
        let e = engine();
        assert!(e.search(&SearchRequest::new("x").limit(0)).is_err());
        assert!(e.search(&SearchRequest::new("x").outlet(" ")).is_err());
        let d = time::macros::date!(2026 - 02 - 05);
        assert!(e
            .search(
                &SearchRequest::new("x")
                    .since(d)
                    .until(d.previous_day().unwrap())
            )
            .is_err());
    }

    #[test]
    fn reindexing_replaces_and_stats_count() {
        let e = engine();
        let stats = e.stats().unwrap();
        assert_eq!(stats.dates.len(), 1);
        let day = (
            crate::date::format_ymd(stats.dates[0].date),
            stats.dates[0].articles,
        );
        assert_eq!(day, ("2026-02-05".to_string(), 1));
        e.index_articles([Article::new("b", "Replaced text.")])
            .unwrap();
        let stats = e.stats().unwrap();
        assert_eq!((stats.articles, stats.passages), (2, 3));
        let b = e.article("b").unwrap();
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].passages[0].text, "Replaced text.");
    }

    #[test]
    fn excluding_words_that_form_no_phrase_in_a_segment_is_answered() {
        // Found by the `query` fuzz target: tantivy's phrase scorer, probed by an exclusion
        // below its position, failed a debug assertion (tantivy #2811).
        let bytes = b"Wl)\x00\x00\x00\x00\x00\x00\x00(\x00\x00\x00\x00\xe0\xe0\xe0-3\xe0\xe0\xe0\xe0\xe0\xe0\xe0\xe0\xe0\xe0\xe0\xe0\xe0\xe0\x13\x00(\x00\x00\x00\x00\x00-3\xe0\xe0\xe0-3\xe0-3\xe0\xe0\xe0\xe0\xf9\x00";
        let query = String::from_utf8_lossy(bytes);
        let e = Engine::in_memory().unwrap();
        let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        e.index_paths(&[seeds], &mut |_| {}).unwrap();
        assert!(e.search(&SearchRequest::new(query.as_ref())).is_ok());
        let phrase = "\"pathetic diplomacy\"";
        let all = e.search(&SearchRequest::new("Lavrov").limit(100)).unwrap();
        let kept = e
            .search(&SearchRequest::new(format!("Lavrov -{phrase}")).limit(100))
            .unwrap();
        let holds = |h: &Hit| h.text.to_lowercase().contains("pathetic diplomacy");
        assert!(all.iter().any(holds) && !kept.iter().any(holds));
        assert!(!kept.is_empty());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// Any query is answered or refused with a query error: never a panic, never an
        /// index error.
        #[test]
        fn every_query_is_answered_or_refused(
            query in "([\"()+\\-:*~^\\[\\]{}\\\\ ]|AND|OR|NOT|TO|date:|outlet:|speaker:|2026-02-0[1-9]|[\\x00-\\x1f]|\\PC|Lavrov|Moscow){0,24}"
        ) {
            static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
            let e = ENGINE.get_or_init(engine);
            let request = SearchRequest::new(query.clone()).explain(true);
            for result in [e.search(&request).map(|_| ()), e.read_query(&request).map(|_| ())] {
                match result {
                    Ok(()) | Err(Error::Query(_) | Error::InvalidDate { .. } | Error::InvalidArgument(_)) => {}
                    Err(other) => proptest::prop_assert!(false, "{query:?}: {other}"),
                }
            }
        }
    }

    #[test]
    fn quotes_cut_by_passages_are_listed_whole() {
        let said =
            "We will go on talking for as many weeks as the peace needs, and then some more.";
        let quote = vec![said; 16].join(" "); // 256 words: passages hold at most 100
        let e = Engine::in_memory().unwrap();
        let articles = ["a", "b"].map(|id| {
            let text = format!(
                "Sergei Lavrov said: \"{quote}\" He then left.\n\nLavrov added: \"Enough.\""
            );
            Article::new(id, &text).with_title("Talks")
        });
        e.index_articles(articles).unwrap();
        let cut = e.article("a").unwrap()[0]
            .passages
            .iter()
            .flat_map(|p| p.quotes.iter().filter(|q| q.cut_before || q.cut_after))
            .count();
        assert!(cut >= 3, "the long quote is stored in parts: {cut}");
        let groups = e.quotes("Lavrov").unwrap();
        let texts: Vec<&str> = groups.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(texts, [quote.as_str(), "Enough."]);
        let carried: Vec<_> = groups[0]
            .carried_by
            .iter()
            .map(|s| (s.doc_id.as_str(), s.passage))
            .collect();
        assert_eq!(carried, [("a", 0), ("b", 0)]);
    }

    #[test]
    fn only_the_next_passage_of_the_same_article_continues_a_cut_quote() {
        let part = |text: &str, cut_before: bool, cut_after: bool| Quote {
            text: text.into(),
            speaker: None,
            attribution: None,
            evidence: String::new(),
            cut_before,
            cut_after,
        };
        let at = |doc_id: &str, passage: u64| QuoteSource {
            doc_id: doc_id.into(),
            outlet: None,
            date: None,
            passage,
        };
        // Shuffled; "open" and "gap" are two passages apart, "tail" and "other" in two
        // articles.
        let parts = vec![
            ("k2".to_string(), part("other", true, false), at("b", 7)),
            ("k1".to_string(), part("end", true, false), at("a", 1)),
            ("k1".to_string(), part("tail", false, true), at("a", 6)),
            ("k1".to_string(), part("start", false, true), at("a", 0)),
            ("k1".to_string(), part("gap", true, false), at("a", 5)),
            ("k1".to_string(), part("open", false, true), at("a", 3)),
        ];
        let whole: Vec<_> = join_cut_quotes(parts)
            .into_iter()
            .map(|(q, s)| (q.text, s.doc_id, s.passage))
            .collect();
        let expected = [
            ("start end", "a", 0),
            ("open", "a", 3),
            ("gap", "a", 5),
            ("tail", "a", 6),
            ("other", "b", 7),
        ]
        .map(|(t, d, p)| (t.to_string(), d.to_string(), p));
        assert_eq!(whole, expected);
    }

    #[test]
    fn show_returns_passages_in_order() {
        let a = engine().article("a").unwrap();
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].passages.len(), 2);
        assert_eq!(a[0].passages[1].passage, 1);
        assert_eq!(a[0].title, "Moscow mocks Paris");
    }
}
