//! The command line, as clap derive types. Each `///` comment is the help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use time::Date;

/// Passage search for the news: index scraped articles, search their passages.
#[derive(Debug, Parser)]
#[command(name = "lede", version)]
pub struct Cli {
    /// Index folder
    #[arg(long, global = true, value_name = "DIR", default_value = "index")]
    pub index: PathBuf,

    /// Sentence-embedding model folder [default: $LEDE_MODEL_DIR, else
    /// ~/.local/share/lede/models/all-MiniLM-L6-v2]
    #[arg(long, global = true, value_name = "DIR")]
    pub model: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index articles: text and Markdown files (an article each), JSON Lines files (an article a line)
    Index(IndexArgs),
    /// Search passages; builds the index from seeds/ first when there is none
    Search(SearchArgs),
    /// Show an article: its fields, passages and the debris cleaning removed
    Show(ShowArgs),
    /// Count articles, passages, dates and outlets
    Stats(StatsArgs),
    /// Every quote by a speaker (any alias), the same quote carried by several articles shown once
    Quotes(QuotesArgs),
    /// Measure ranking quality on a test collection (corpus.jsonl, queries.jsonl, qrels.tsv),
    /// against plain tantivy BM25 in the same run
    Eval(EvalArgs),
    /// Benchmarks on real corpora, each next to plain tantivy timed the same way
    #[command(subcommand)]
    Bench(BenchCommand),
    /// The sentence-embedding model for semantic search: where it is, and its distilled table
    Model(ModelArgs),
    /// Serve the index over HTTP: a JSON API under /api and a search page at /
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on; loopback unless another is given (port 0: any free port)
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:7700")]
    pub addr: std::net::SocketAddr,
}

#[derive(Debug, Args)]
pub struct ModelArgs {
    #[command(subcommand)]
    pub command: Option<ModelCommand>,
}

#[derive(Debug, Subcommand)]
pub enum ModelCommand {
    /// Say where the model is and whether it and its static table are there (the default)
    Status,
    /// Distil the static embedder from the installed model (each vocabulary token embedded
    /// once, reduced by PCA, weighted by frequency); written beside the model
    Distill {
        /// Dimensions the static vectors keep (1 to the model's 384)
        #[arg(long, default_value_t = 256)]
        dimensions: usize,
    },
}

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Query latency (ranking, snippets, grouping) against tantivy's plain top-10 BM25 on the
    /// same index
    Query(BenchQueryArgs),
    /// Indexing speed and memory of lede's whole pipeline against plain tantivy (id, title,
    /// body; en_stem) on the same corpus, over a sweep of corpus sizes, threads and memory
    Index(BenchIndexArgs),
    /// One indexing measurement, described by a JSON run spec; prints its result as JSON (what
    /// `bench index` runs in a child process per measurement)
    #[command(hide = true)]
    IndexRun(BenchIndexRunArgs),
    /// Serving load: concurrent HTTP clients on `lede serve`'s search API, next to the same
    /// searches made in-process, in the same sitting
    Serve(BenchServeArgs),
}

#[derive(Debug, Args)]
pub struct BenchServeArgs {
    /// Corpus to index into a temporary index [default: ../shared/data/reuters21578]
    #[arg(long, value_name = "PATH")]
    pub corpus: Option<PathBuf>,

    /// Query files, as for `bench query` [default: as for `bench query`]
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub queries: Vec<PathBuf>,

    /// Concurrent HTTP clients
    #[arg(long, value_name = "N", default_value_t = 16,
          value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub clients: u64,

    /// Threads searching in-process
    #[arg(long, value_name = "N", default_value_t = 2,
          value_parser = clap::value_parser!(u64).range(1..=256))]
    pub threads: u64,

    /// Seconds each side runs per round
    #[arg(long, value_name = "S", default_value_t = 10.0)]
    pub seconds: f64,

    /// Rounds, each running both sides; the median round of each is kept
    #[arg(long, value_name = "N", default_value_t = 3,
          value_parser = clap::value_parser!(u64).range(1..=100))]
    pub rounds: u64,

    /// Print one JSON object
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct BenchIndexArgs {
    /// Corpus: a JSON Lines file, a folder of them, or a folder of text articles [default:
    /// ../shared/data/reuters21578]
    #[arg(long, value_name = "PATH")]
    pub corpus: Option<PathBuf>,

    /// Read the corpus this many times over (doc ids made unique); a list sweeps corpus sizes
    #[arg(long, value_name = "K[,K…]", value_delimiter = ',', default_value = "1",
          value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub repeat: Vec<u64>,

    /// Measured runs per side and configuration, after one warm-up run; the median is kept
    #[arg(long, value_name = "N", default_value_t = 3,
          value_parser = clap::value_parser!(u64).range(1..=100))]
    pub runs: u64,

    /// Writer threads; a list sweeps them
    #[arg(long, value_name = "N[,N…]", value_delimiter = ',', default_value = "2",
          value_parser = clap::value_parser!(u64).range(1..=lede::indexer::MAX_THREADS as u64))]
    pub threads: Vec<u64>,

    /// Writer memory in MiB, across its threads (at least 15 per thread); a list sweeps it
    #[arg(long, value_name = "MIB[,MIB…]", value_delimiter = ',', default_value = "128",
          value_parser = clap::value_parser!(u64).range(15..=4000))]
    pub memory: Vec<u64>,

    /// Print one JSON object: `lede` and `baseline` (mb_per_s, docs_per_s, peak_rss_mib, …) and
    /// `ratio` of the last configuration, and every configuration under `configurations`
    #[arg(long)]
    pub json: bool,

    /// Draw throughput and peak memory against the setting swept most, to this SVG file
    #[arg(long, value_name = "FILE.svg")]
    pub plot: Option<PathBuf>,

    /// Folder for the temporary indexes [default: the system's temporary folder]
    #[arg(long, value_name = "DIR")]
    pub work: Option<PathBuf>,

    /// Run the measurements in this process instead of a child process each (peak memory is
    /// then this process's highest so far)
    #[arg(long)]
    pub in_process: bool,
}

#[derive(Debug, Args)]
pub struct BenchIndexRunArgs {
    /// The run spec, as JSON
    #[arg(value_name = "SPEC")]
    pub spec: String,
}

#[derive(Debug, Args)]
pub struct BenchQueryArgs {
    /// Corpus to index into a temporary index [default: ../shared/data/reuters21578]
    #[arg(long, value_name = "PATH")]
    pub corpus: Option<PathBuf>,

    /// Query files: JSON Lines with a `text` key, or one query per line [default: the TIME,
    /// CISI and Cranfield queries in ../shared/data, and benches/queries/news_questions.jsonl]
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub queries: Vec<PathBuf>,

    /// Timed passes over the query set
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub runs: usize,

    /// Print one JSON object
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Folder of a test collection: corpus.jsonl with queries.jsonl and qrels.tsv (judged by
    /// document, e.g. ../shared/data/time), or with questions.jsonl (passage QA, e.g.
    /// ../shared/data/newsqa)
    #[arg(value_name = "COLLECTION")]
    pub collection: PathBuf,

    /// Corpora (files or folders) indexed beside the collection's, so that its queries are
    /// asked of a whole archive
    #[arg(long, value_name = "PATH", num_args = 1..)]
    pub archive: Vec<PathBuf>,

    /// Print one JSON object: lede's figures, and baseline with the same keys
    #[arg(long)]
    pub json: bool,

    /// Write lede's ranking: a TREC run file (query Q0 doc rank score lede) for a collection
    /// judged by document, JSON Lines of the hits (question, rank, doc_id, passage, source,
    /// score, answers) for passage QA
    #[arg(long, value_name = "FILE")]
    pub run: Option<PathBuf>,

    /// Also measure lede's ranking with each feature changed in turn
    #[arg(long)]
    pub ablate: bool,

    /// Search modes to compare in one run, the first giving lede's figures: hybrid, lexical,
    /// semantic (the vector modes embed every passage first)
    #[arg(long, value_name = "MODE", value_delimiter = ',', value_parser = parse_mode,
          default_value = "lexical")]
    pub mode: Vec<lede::query::SearchMode>,

    /// The embedder of the vector modes: transformer or static
    #[arg(long, value_name = "EMBEDDER", value_parser = parse_embedder,
          default_value = "transformer")]
    pub vectors: lede::semantic::EmbedderKind,

    /// Index into this folder and keep it, instead of a temporary one: a later run with the
    /// same corpora reads and embeds nothing again
    #[arg(long, value_name = "DIR")]
    pub keep: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct QuotesArgs {
    /// The speaker: "Sergei Lavrov", "Lavrov", "Russia's Foreign Minister Sergey Lavrov"
    #[arg(value_name = "SPEAKER")]
    pub speaker: String,

    /// Print JSON Lines: one object per quote, with the articles that carry it
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Files or folders (read recursively) [default: seeds]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Exit with code 2 if anything was skipped, repaired or decoded (the good articles are
    /// still indexed)
    #[arg(long)]
    pub strict: bool,

    /// Remove the articles of files under the given folders that are no longer there
    #[arg(long)]
    pub prune: bool,

    /// Read every file again, even those unchanged since they were indexed
    #[arg(long)]
    pub reread: bool,

    /// Give every passage a sentence embedding, for semantic and hybrid search: `transformer`
    /// (all-MiniLM-L6-v2; about 100 passages a second on 2 cores) or `static` (its distilled
    /// table). An index keeps its embedder: later runs embed new passages with it. Adding
    /// vectors to an index without them reads every given file again
    #[arg(long, value_name = "EMBEDDER", value_parser = parse_embedder)]
    pub vectors: Option<lede::semantic::EmbedderKind>,

    /// Commit after every SIZE MiB of input text: a run killed on the way loses at most that
    #[arg(long, value_name = "MIB", default_value_t = lede::indexer::COMMIT_EVERY_BYTES >> 20,
          value_parser = clap::value_parser!(u64).range(1..=1 << 20))]
    pub commit_every: u64,

    /// Print the report as one JSON object (counts, commits, every notice) instead of the
    /// summary
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words, "quoted phrases", +required and -excluded words; several arguments are joined
    /// (put `--` before a query that starts with a -word)
    #[arg(value_name = "QUERY", required = true, num_args = 1..)]
    pub query: Vec<String>,

    /// Most hits to print
    #[arg(long, short = 'n', value_name = "N", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..=lede::search::MAX_LIMIT as u64))]
    pub limit: u64,

    /// Print JSON Lines: one object per hit
    #[arg(long)]
    pub json: bool,

    /// Only passages of this outlet, by any name or site it goes by in the archive
    /// (`politico`, `POLITICO Playbook`, `politico.com`; case- and accent-insensitive)
    #[arg(long, value_name = "NAME")]
    pub outlet: Option<String>,

    /// Only passages in which this person speaks (case- and accent-insensitive)
    #[arg(long, value_name = "NAME")]
    pub speaker: Option<String>,

    /// Only articles published on or after this day (dates inferred from co-reports count;
    /// `show` marks them "inferred")
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub since: Option<Date>,

    /// Only articles published on or before this day (inferred dates count)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub until: Option<Date>,

    /// List every near-duplicate passage (the same quote or wire copy in other articles) as a
    /// hit of its own, instead of once with the other copies under it
    #[arg(long)]
    pub no_group: bool,

    /// Show how the query was read and how each hit's score was made (`explain` in JSON)
    #[arg(long)]
    pub explain: bool,

    /// Rank by words (`lexical`), by meaning (`semantic`: the passages nearest the query by
    /// sentence embedding) or both fused (`hybrid`) [default: hybrid when the index has
    /// vectors, else lexical]
    #[arg(long, value_name = "MODE", value_parser = parse_mode)]
    pub mode: Option<lede::query::SearchMode>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The article's doc id (a text file's name without extension, or a JSON Lines `id`)
    #[arg(value_name = "DOC_ID")]
    pub doc_id: String,

    /// Print JSON Lines: one object per article with that id
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Print one JSON object
    #[arg(long)]
    pub json: bool,
}

fn parse_mode(text: &str) -> Result<lede::query::SearchMode, String> {
    text.parse().map_err(|e: lede::Error| e.to_string())
}

fn parse_embedder(text: &str) -> Result<lede::semantic::EmbedderKind, String> {
    text.parse().map_err(|e: lede::Error| e.to_string())
}

fn parse_date(text: &str) -> Result<Date, String> {
    if text.trim().len() != 10 {
        return Err(format!("{text:?} is not a date as YYYY-MM-DD"));
    }
    lede::date::parse_ymd(text).ok_or_else(|| format!("{text:?} is not a date as YYYY-MM-DD"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn dates_must_be_real_days() {
        assert!(parse_date("2026-02-06").is_ok());
        assert!(parse_date("2026-02-30").is_err());
        assert!(parse_date("2026-02-06T00:00").is_err());
        assert!(parse_date("yesterday").is_err());
    }
}
