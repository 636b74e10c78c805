//! `lede eval`: ranking quality on a test collection, `lede` against a plain tantivy baseline
//! in the same run.
//!
//! Two kinds of collection:
//! - judged by document ([`judged`]): `corpus.jsonl`, `queries.jsonl`, `qrels.tsv` (TIME,
//!   Cranfield, CISI); nDCG@10, MRR@10, Recall@100 and MAP, `lede`'s passages rolled up to
//!   articles;
//! - passage QA ([`qa`]): `corpus.jsonl` and `questions.jsonl` with answer spans (NewsQA);
//!   success@k, MRR@10, recall@100 and crowding of `lede search`'s own hits, with the
//!   [answer test](answer) deciding which passages answer.
//!
//! Either can be asked of an archive: other corpora indexed beside the collection's, as a
//! user's index holds other news than the stories asked about.

pub mod answer;
mod baseline;
pub mod judged;
pub mod metrics;
pub mod qa;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::sync::Arc;

pub use baseline::{Baseline, PassageRef};
pub use judged::{
    evaluate, rank_articles, write_run, Collection, EvalQuery, Evaluation, ModeScores, Runs,
};
pub use metrics::{Judgments, Scores};
pub use qa::{evaluate_qa, AnswerKey, QaCollection, QaEvaluation, QaMode, QaScores, QuestionWord};

use crate::error::{Error, Result};
use crate::query::{Fusion, Ranking, SearchMode};
use crate::semantic::Embedder;

/// How an evaluation runs: the ranking, the modes compared and what embeds for them.
#[derive(Clone)]
pub struct EvalOptions {
    /// The ranking's weights.
    pub ranking: Ranking,
    /// Also measure the ranking with each feature changed in turn ([`ablations`]), in the
    /// first mode.
    pub ablate: bool,
    /// The modes measured in the same run; the first gives `lede`'s figures.
    pub modes: Vec<SearchMode>,
    /// Embeds passages and queries, for the modes that use vectors.
    pub embedder: Option<Arc<dyn Embedder>>,
}

impl Default for EvalOptions {
    fn default() -> EvalOptions {
        EvalOptions {
            ranking: Ranking::default(),
            ablate: false,
            modes: vec![SearchMode::Lexical],
            embedder: None,
        }
    }
}

impl EvalOptions {
    /// The mode whose figures are `lede`'s.
    pub fn first_mode(&self) -> SearchMode {
        self.modes.first().copied().unwrap_or(SearchMode::Lexical)
    }

    /// The ablations to run: the ranking's, and in hybrid mode the fusion's.
    pub fn variants(&self) -> Vec<(String, Ranking)> {
        let mut all = ablations(self.ranking);
        if self.first_mode() == SearchMode::Hybrid {
            all.extend(fusion_ablations(self.ranking));
        }
        all
    }

    /// An engine on `dir` with this evaluation's embedder.
    fn engine(&self, dir: &Path) -> Result<crate::Engine> {
        let mut engine = crate::Engine::open_or_create(dir)?;
        if let Some(e) = &self.embedder {
            engine.set_embedder(e.clone())?;
        }
        Ok(engine)
    }
}

/// Hybrid rankings that differ from `base` in how the two sides are fused: the semantic
/// side's weight, and the other way of fusing.
pub fn fusion_ablations(base: Ranking) -> Vec<(String, Ranking)> {
    let with = |name: String, f: &dyn Fn(&mut Ranking)| {
        let mut r = base;
        f(&mut r);
        (name, r)
    };
    let mut all = Vec::new();
    for w in [0.25, 0.5, 2.0, 4.0] {
        all.push(with(format!("semantic weight {w}"), &|r| {
            r.semantic = base.semantic * w
        }));
    }
    let other = match base.fusion {
        Fusion::Score => Fusion::Rank,
        Fusion::Rank => Fusion::Score,
    };
    let name = |f: Fusion| match f {
        Fusion::Score => "by score",
        Fusion::Rank => "by rank",
    };
    for (k, w) in [(60.0, 1.0), (10.0, 0.5)] {
        all.push(with(
            format!("fused {}, k {k}, weight {w}", name(other)),
            &|r| (r.fusion, r.fusion_k, r.semantic) = (other, k, w),
        ));
    }
    all
}

/// Rankings that differ from `base` in one feature each, named for what they change.
pub fn ablations(base: Ranking) -> Vec<(String, Ranking)> {
    let with = |name: &str, f: &dyn Fn(&mut Ranking)| {
        let mut r = base;
        f(&mut r);
        (name.to_string(), r)
    };
    vec![
        with("plain BM25 over passages", &|r| *r = Ranking::bm25()),
        with("capitalised words as any word", &|r| r.names = false),
        with("articles' passages by score, not local", &|r| {
            r.local = false
        }),
        with("no lead (place within articles)", &|r| r.lead = 0.0),
        with("no diversity (repeat 1)", &|r| r.repeat = 1.0),
        with("diversity: third passage × 0", &|r| r.repeat = 0.0),
        with("no article BM25", &|r| r.article = 0.0),
        with("article BM25 weight 4", &|r| r.article = 4.0),
        with("article BM25 k1 1.2, b 0.75", &|r| {
            (r.article_k1, r.article_b) = (1.2, 0.75)
        }),
        with("headline weight 1.5", &|r| r.title = 1.5),
        with("no exact-form bonus", &|r| r.exact = 0.0),
        with("no proximity", &|r| r.proximity = 0.0),
        with("no coverage factor", &|r| r.coverage = 0.0),
        with("no answer-cue boost", &|r| r.cue = 0.0),
        with("no speaker boost", &|r| r.speaker = 0.0),
        with("passage BM25 k1 1.2, b 0.75", &|r| {
            (r.k1, r.b) = (1.2, 0.75)
        }),
        with("all terms first (two tiers)", &|r| r.all_terms_first = true),
    ]
}

/// A collection's name: its folder's.
fn folder_name(dir: &Path) -> String {
    dir.canonicalize()
        .unwrap_or_else(|_| dir.to_path_buf())
        .file_name()
        .map_or_else(|| "collection".into(), |n| n.to_string_lossy().into_owned())
}

/// Calls `each` with every non-blank line of `path`; its error becomes one naming `path:line`.
fn for_lines(
    path: &Path,
    mut each: impl FnMut(usize, &str) -> std::result::Result<(), String>,
) -> Result<()> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| Error::io(path, e))?;
        if line.trim().is_empty() {
            continue;
        }
        each(i + 1, &line).map_err(|message| {
            Error::InvalidArgument(format!("{}:{}: {message}", path.display(), i + 1))
        })?;
    }
    Ok(())
}
