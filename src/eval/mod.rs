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

pub use baseline::{Baseline, PassageRef};
pub use judged::{evaluate, write_run, Collection, EvalQuery, Evaluation, Runs};
pub use metrics::{Judgments, Scores};
pub use qa::{evaluate_qa, AnswerKey, QaCollection, QaEvaluation, QaScores, QuestionWord};

use crate::error::{Error, Result};
use crate::query::Ranking;

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
