//! [`Engine`]: one index, on disk or in memory, and everything done with it; the façade the
//! CLI and embedding programs call. Opening, searching and the per-commit caches are here;
//! indexing runs (the read loop, unchanged and gone files) in `indexing.rs`; the browse
//! commands (`show`, `quotes`, `stats`) and their output types in `browse.rs`.

mod browse;
mod generation;
mod indexing;
#[cfg(test)]
mod tests;

pub(crate) use browse::folder_bytes;
pub use browse::{DateCount, OutletCount, QuoteGroup, QuoteSource, SpeakerCount, Stats};
use generation::PerGeneration;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::{Index, IndexReader, ReloadPolicy};

use crate::analysis;
use crate::error::{Error, Result};
use crate::index::schema;
use crate::index::stored::{self as stored_docs};
use crate::query::SearchMode;
use crate::search::{self, Hit, SearchRequest};
use crate::semantic::Embedder;

/// One commit of the index as a search reads it: the searcher, and what is read once per commit.
pub(crate) struct View {
    /// The searcher on the commit.
    pub searcher: tantivy::Searcher,
    /// Canonical speaker names.
    pub names: Arc<stored_docs::SpeakerNames>,
    /// The archive's outlets: canonical names and aliases.
    pub outlets: Arc<crate::metadata::OutletNames>,
    /// Which article each passage is of, and the article statistics.
    pub articles: Arc<crate::query::ArticleIndex>,
    /// The decoded vectors, when `mode` uses them.
    vectors: Option<Arc<crate::query::VectorIndex>>,
    /// The search mode, resolved against what the index and the engine have.
    pub mode: SearchMode,
}

impl View {
    /// The semantic side of a search with the query's vector, when the mode uses one.
    pub(crate) fn semantic<'a>(
        &'a self,
        vector: Option<&'a [f32]>,
    ) -> Option<crate::query::SemanticQuery<'a>> {
        vector
            .zip(self.vectors.as_deref())
            .map(|(vector, vectors)| crate::query::SemanticQuery {
                vector,
                mode: self.mode,
                vectors,
            })
    }
}

/// A `lede` index: indexing, searching and browsing.
pub struct Engine {
    index: Index,
    reader: IndexReader,
    fields: schema::Fields,
    dir: Option<PathBuf>,
    /// Canonical speaker names: they change only with a commit, so searches do not rescan the
    /// term dictionary.
    names: PerGeneration<stored_docs::SpeakerNames>,
    /// The archive's outlets, their canonical names and aliases, read once per commit.
    outlets: PerGeneration<crate::metadata::OutletNames>,
    /// Article count, mean length and first passages, for article-level BM25.
    articles: PerGeneration<crate::query::ArticleIndex>,
    /// The passages' vectors, decoded, for semantic search.
    vector_index: PerGeneration<crate::query::VectorIndex>,
    /// The id of the embedder whose vectors the commit holds, from its file table: searches
    /// read it once per commit, not from disk each time.
    vectors_id: PerGeneration<Option<String>>,
    /// Embeds passages as they are indexed and queries for semantic search.
    embedder: Option<Arc<dyn Embedder>>,
    /// Vectors of recent queries: a query asked again (a page of results, an evaluation's
    /// variants) is not embedded again.
    query_vectors: std::sync::Mutex<HashMap<String, Vec<f32>>>,
}

/// Query vectors kept before the cache starts afresh.
const QUERY_VECTORS_KEPT: usize = 8192;

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
            outlets: PerGeneration::new(),
            articles: PerGeneration::new(),
            vector_index: PerGeneration::new(),
            vectors_id: PerGeneration::new(),
            embedder: None,
            query_vectors: Default::default(),
        })
    }

    /// The id of the embedder whose vectors the index's passages carry, `None` for an index
    /// without vectors.
    pub fn vectors(&self) -> Result<Option<String>> {
        Ok(crate::indexer::FileTable::load(&self.index, self.dir())?.vectors)
    }

    /// [`Engine::vectors`] of the commit searches read, once per commit.
    fn commit_vectors(&self) -> Result<Arc<Option<String>>> {
        self.vectors_id
            .get(&self.reader.searcher(), || self.vectors())
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
        let vectors = self.commit_vectors()?;
        let vectors = vectors.as_deref();
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
                    crate::semantic::missing_model_hint()
                ),
                Some(made_by) => format!(
                    "{} search needs the embedder of the index's vectors, {made_by}, which is \
                     not loaded{}",
                    mode.as_str(),
                    crate::semantic::missing_model_hint()
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

    /// Ranked passages for `request`.
    pub fn search(&self, request: &SearchRequest) -> Result<Vec<Hit>> {
        let view = self.view(self.mode(request)?)?;
        self.hits(&view, request)
    }

    /// Ranked passages for `request` in the commit `view` reads.
    fn hits(&self, view: &View, request: &SearchRequest) -> Result<Vec<Hit>> {
        let vector = self.query_vector(&request.query, view.mode)?;
        search::search(
            &view.searcher,
            &self.fields,
            &view.names,
            &view.outlets,
            &view.articles,
            request,
            view.semantic(vector.as_deref()).as_ref(),
        )
    }

    /// A page of results for `request`: its hits from rank `offset + 1` on, and facets over
    /// everything it matches. `offset + request.limit` may not pass [`search::MAX_LIMIT`].
    pub fn results(&self, request: &SearchRequest, offset: usize) -> Result<search::Results> {
        let deep = request.limit.saturating_add(offset);
        if deep > search::MAX_LIMIT {
            return Err(Error::InvalidArgument(format!(
                "offset + limit must be at most {}, not {deep}",
                search::MAX_LIMIT
            )));
        }
        let view = self.view(self.mode(request)?)?;
        let hits = self.hits(&view, &request.clone().limit(deep))?;
        let facets = search::facets(
            &view.searcher,
            &self.fields,
            &view.names,
            &view.outlets,
            request,
        )?;
        Ok(search::Results {
            hits: hits.into_iter().skip(offset).collect(),
            offset,
            facets,
        })
    }

    /// Passages in the commit searched.
    pub fn passages(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Takes up the index's last commit (another process's `lede index`, say); searches
    /// before it go on with the commit they started on.
    pub fn reload(&self) -> Result<()> {
        Ok(self.reader.reload()?)
    }

    /// The last commit, with what searching it in `mode` reads once per commit.
    pub(crate) fn view(&self, mode: SearchMode) -> Result<View> {
        let searcher = self.reader.searcher();
        Ok(View {
            names: self.speaker_names(&searcher)?,
            outlets: self.outlet_names(&searcher)?,
            articles: self.article_index(&searcher)?,
            vectors: self.vector_index(&searcher, mode)?,
            mode,
            searcher,
        })
    }

    /// The index's vectors, decoded once per commit, for a mode that uses them.
    fn vector_index(
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
        reading.vectors = (*self.commit_vectors()?).clone();
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

    /// The archive's outlets for `searcher`'s generation, read once per commit.
    pub(crate) fn outlet_names(
        &self,
        searcher: &tantivy::Searcher,
    ) -> Result<std::sync::Arc<crate::metadata::OutletNames>> {
        self.outlets.get(searcher, || {
            stored_docs::outlet_names(searcher, &self.fields)
        })
    }

    /// What article-level ranking needs of `searcher`'s generation, read once per commit.
    fn article_index(
        &self,
        searcher: &tantivy::Searcher,
    ) -> Result<std::sync::Arc<crate::query::ArticleIndex>> {
        self.articles
            .get(searcher, || crate::query::ArticleIndex::read(searcher))
    }
}
