//! Collections judged by document (TIME, Cranfield, CISI): `corpus.jsonl`, `queries.jsonl`
//! (`id`, `text`) and `qrels.tsv` (`query<TAB>doc<TAB>level`). Documents are indexed by `lede`
//! (as passages) and by a plain tantivy [`Baseline`] (whole documents); every query is run by
//! both. Judgments are about documents, so `lede`'s passages are rolled up: an article ranks by
//! its best passage, with its headline counted once ([`roll_up`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::metrics::{self, Judgments, Scores};
use super::{for_lines, Baseline, EvalOptions};
use crate::error::{Error, Result};
use crate::query::{Filters, Plan, Ranking, SearchMode};
use crate::Engine;

/// Articles ranked per query (the depth of `map` and of the run file).
pub const RUN_DEPTH: usize = 1000;
/// Passages ranked per query before rolling them up to articles.
pub const PASSAGE_DEPTH: usize = 3000;

/// One query of a collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalQuery {
    /// Its id, as in `qrels.tsv`.
    pub id: String,
    /// Its text.
    pub text: String,
}

/// A test collection on disk.
#[derive(Debug, Clone)]
pub struct Collection {
    /// Its folder.
    pub dir: PathBuf,
    /// Its documents (`corpus.jsonl`).
    pub corpus: PathBuf,
    /// Its queries, in file order.
    pub queries: Vec<EvalQuery>,
    /// Judgments per query id.
    pub qrels: HashMap<String, Judgments>,
}

impl Collection {
    /// Reads a collection folder; a missing file or a malformed line is an error naming it.
    pub fn open(dir: &Path) -> Result<Collection> {
        let corpus = dir.join("corpus.jsonl");
        for name in ["corpus.jsonl", "queries.jsonl", "qrels.tsv"] {
            let path = dir.join(name);
            if !path.is_file() {
                return Err(Error::InvalidArgument(format!(
                    "{} is not a test collection: it has no {name} (a collection holds corpus.jsonl, queries.jsonl and qrels.tsv)",
                    dir.display()
                )));
            }
        }
        #[derive(serde::Deserialize)]
        struct RawQuery {
            id: serde_json::Value,
            text: String,
        }
        let mut queries = Vec::new();
        for_lines(&dir.join("queries.jsonl"), |line, text| {
            let q: RawQuery = serde_json::from_str(text).map_err(|e| e.to_string())?;
            let id = match q.id {
                serde_json::Value::String(s) => s,
                serde_json::Value::Number(n) => n.to_string(),
                other => {
                    return Err(format!(
                        "line {line}: id {other} is neither text nor number"
                    ))
                }
            };
            queries.push(EvalQuery { id, text: q.text });
            Ok(())
        })?;
        let mut qrels: HashMap<String, Judgments> = HashMap::new();
        for_lines(&dir.join("qrels.tsv"), |_, text| {
            let cols: Vec<&str> = text.split_whitespace().collect();
            // `query doc level`, or TREC's `query 0 doc level`.
            let (q, d, l) = match cols.as_slice() {
                [q, d, l] => (q, d, l),
                [q, _, d, l] => (q, d, l),
                _ => return Err("expected `query<TAB>doc<TAB>level`".to_string()),
            };
            let level: i64 = l
                .parse()
                .map_err(|_| format!("level {l:?} is not a number"))?;
            qrels
                .entry(q.to_string())
                .or_default()
                .insert(d.to_string(), level.max(0) as u32);
            Ok(())
        })?;
        Ok(Collection {
            dir: dir.to_path_buf(),
            corpus,
            queries,
            qrels,
        })
    }

    /// The collection's name: its folder's.
    pub fn name(&self) -> String {
        super::folder_name(&self.dir)
    }
}

/// A ranked list of articles for each query id, with scores.
pub type Runs = HashMap<String, Vec<(String, f32)>>;

/// Figures of one ranking on one collection.
#[derive(Debug, Clone, Serialize)]
pub struct Variant {
    /// What was changed from `lede`'s ranking ("lede" itself, "no proximity", …).
    pub name: String,
    /// The figures.
    #[serde(flatten)]
    pub scores: Scores,
}

/// The outcome of `lede eval` on one collection.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    /// The collection's name.
    pub collection: String,
    /// Documents in its corpus.
    pub documents: u64,
    /// Passages `lede` made of them.
    pub passages: u64,
    /// `lede`'s figures.
    #[serde(flatten)]
    pub lede: Scores,
    /// The plain tantivy BM25 baseline's figures.
    pub baseline: Scores,
    /// Figures with one ranking feature changed at a time (with `ablate`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<Variant>,
    /// Each mode measured, the first being `lede`'s figures.
    pub modes: Vec<ModeScores>,
    /// `lede`'s ranked articles per query.
    #[serde(skip)]
    pub runs: Runs,
}

/// One mode's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModeScores {
    /// The mode.
    pub mode: SearchMode,
    /// Its figures.
    #[serde(flatten)]
    pub scores: Scores,
}

/// Evaluates `options`' ranking in each of its modes (and, with `ablate`, each of its variants
/// in the first mode) and the baseline on `collection`, indexing into folders under `work` (a
/// temporary folder the caller removes, or one kept between runs). `progress` hears what is
/// being done.
pub fn evaluate(
    collection: &Collection,
    archive: &[PathBuf],
    options: &EvalOptions,
    work: &Path,
    progress: &mut dyn FnMut(&str),
) -> Result<Evaluation> {
    let mut paths = vec![collection.corpus.clone()];
    paths.extend_from_slice(archive);
    progress("indexing with lede");
    let engine = options.engine(&work.join("lede"))?;
    engine.index_paths(&paths, &mut |_| {})?;
    let stats = engine.stats()?;
    progress("indexing the tantivy baseline");
    let base_dir = work.join("baseline");
    if base_dir.exists() {
        std::fs::remove_dir_all(&base_dir).map_err(|e| Error::io(&base_dir, e))?;
    }
    std::fs::create_dir_all(&base_dir).map_err(|e| Error::io(&base_dir, e))?;
    let baseline = Baseline::documents(&paths, &base_dir)?;

    progress("running the queries");
    let mut baseline_runs: HashMap<String, Vec<String>> = HashMap::new();
    for q in &collection.queries {
        let ranked = baseline.search(&q.text, RUN_DEPTH)?;
        baseline_runs.insert(
            q.id.clone(),
            ranked.into_iter().map(|(d, _)| d.article).collect(),
        );
    }
    let mut modes = Vec::new();
    let mut first_runs = None;
    for &mode in &options.modes {
        let runs = rank_articles(&engine, &collection.queries, &options.ranking, mode)?;
        modes.push(ModeScores {
            mode,
            scores: metrics::mean(&ids(&runs), &collection.qrels),
        });
        first_runs.get_or_insert(runs);
    }
    let runs = first_runs.unwrap_or_default();
    let lede = metrics::mean(&ids(&runs), &collection.qrels);
    let mut variants = Vec::new();
    if options.ablate {
        for (name, r) in options.variants() {
            progress(&format!("variant: {name}"));
            let runs = rank_articles(&engine, &collection.queries, &r, options.first_mode())?;
            variants.push(Variant {
                name,
                scores: metrics::mean(&ids(&runs), &collection.qrels),
            });
        }
    }
    Ok(Evaluation {
        collection: collection.name(),
        documents: stats.articles,
        passages: stats.passages,
        lede,
        modes,
        baseline: metrics::mean(&baseline_runs, &collection.qrels),
        variants,
        runs,
    })
}

fn ids(runs: &Runs) -> HashMap<String, Vec<String>> {
    runs.iter()
        .map(|(q, ranked)| (q.clone(), ranked.iter().map(|(d, _)| d.clone()).collect()))
        .collect()
}

/// Writes `runs` as a TREC run file: `query Q0 doc rank score tag`, queries in `order`.
pub fn write_run(
    out: &mut impl std::io::Write,
    runs: &Runs,
    order: &[EvalQuery],
    tag: &str,
) -> std::io::Result<()> {
    for q in order {
        for (rank, (doc, score)) in runs.get(&q.id).into_iter().flatten().enumerate() {
            writeln!(out, "{} Q0 {doc} {} {score:.6} {tag}", q.id, rank + 1)?;
        }
    }
    Ok(())
}

/// Rolls passages up to articles: each article scores by its best passage, plus its
/// headline's BM25 times `headline`, and is named by its doc id. A passage's score leaves the
/// headline out (it holds no answer), but a judgment about a whole document counts it.
pub(crate) fn roll_up(
    searcher: &tantivy::Searcher,
    fields: &crate::index::schema::Fields,
    ranked: &[crate::query::Scored],
    headline: f32,
    depth: usize,
) -> Result<Vec<(String, f32)>> {
    let articles = best_per_article(
        ranked
            .iter()
            .map(|s| (s.article, s.parts.score + headline * s.parts.title)),
        depth,
    );
    let mut out = Vec::with_capacity(articles.len());
    for (score, rank) in articles {
        let s = &ranked[rank];
        // The article's head holds its doc id (see `crate::index`).
        let head = tantivy::DocAddress::new(s.address.segment_ord, s.address.doc_id - s.passage);
        let doc_id = crate::index::stored::load(searcher, fields, head)?
            .article
            .doc_id;
        out.push((doc_id, score));
    }
    Ok(out)
}

/// The best `depth` articles of passages given as (article, score), best first: each article
/// at its best passage's score, as (score, that passage's index). Ties go to the passage given
/// first.
fn best_per_article(passages: impl Iterator<Item = (u64, f32)>, depth: usize) -> Vec<(f32, usize)> {
    let mut best: HashMap<u64, (f32, usize)> = HashMap::new();
    for (i, (article, score)) in passages.enumerate() {
        let entry = best.entry(article).or_insert((score, i));
        if score > entry.0 {
            *entry = (score, i);
        }
    }
    let mut articles: Vec<(f32, usize)> = best.into_values().collect();
    articles.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    articles.truncate(depth);
    articles
}

/// Each query's best articles in `engine` (an article ranks by its best passage and its
/// headline), up to [`RUN_DEPTH`]. A query with nothing to search for ranks nothing.
pub fn rank_articles(
    engine: &Engine,
    queries: &[EvalQuery],
    ranking: &Ranking,
    mode: SearchMode,
) -> Result<Runs> {
    let view = engine.view(engine.mode(&crate::SearchRequest::new("").mode(mode))?)?;
    let (searcher, fields, mode) = (&view.searcher, engine.fields(), view.mode);
    let mut runs = Runs::new();
    for q in queries {
        let plan = match Plan::new(&q.text, Filters::default()) {
            Ok(plan) => plan,
            Err(Error::Query(_)) => {
                runs.insert(q.id.clone(), Vec::new());
                continue;
            }
            Err(e) => return Err(e),
        };
        let plan = crate::query::read_names(searcher, fields, &plan, ranking);
        let vector = engine.query_vector(&q.text, mode)?;
        let semantic = view.semantic(vector.as_deref());
        // The headline counts once in a judged document, whatever weight the ranking gives
        // it: added to the article's best passage, or, where the lexical side is fused
        // with the semantic one, in every passage's lexical score.
        let (passage_ranking, headline) = if mode == SearchMode::Lexical {
            (*ranking, (1.0 - ranking.title).max(0.0))
        } else {
            let with_headline = Ranking {
                title: ranking.title.max(1.0),
                ..*ranking
            };
            (with_headline, 0.0)
        };
        let ranked = crate::query::rank(
            searcher,
            fields,
            &view.articles,
            &plan,
            &passage_ranking,
            PASSAGE_DEPTH,
            semantic.as_ref(),
        )?;
        runs.insert(
            q.id.clone(),
            roll_up(searcher, fields, &ranked, headline, RUN_DEPTH)?,
        );
    }
    Ok(runs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_collection_is_read_and_bad_lines_are_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("corpus.jsonl"), "").unwrap();
        std::fs::write(
            dir.path().join("queries.jsonl"),
            "{\"id\": 1, \"text\": \"troops\"}\n\n{\"id\": \"2\", \"text\": \"aid\"}\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("qrels.tsv"),
            "1\t10\t1\n1 0 11 2\n2\t12\t-1\n",
        )
        .unwrap();
        let c = Collection::open(dir.path()).unwrap();
        assert_eq!(c.queries.len(), 2);
        assert_eq!(c.queries[0].id, "1");
        assert_eq!(c.qrels["1"]["11"], 2);
        assert_eq!(c.qrels["2"]["12"], 0);
        std::fs::write(dir.path().join("qrels.tsv"), "1\t10\n").unwrap();
        let err = Collection::open(dir.path()).unwrap_err().to_string();
        assert!(err.contains("qrels.tsv:1"), "{err}");
        std::fs::remove_file(dir.path().join("queries.jsonl")).unwrap();
        let err = Collection::open(dir.path()).unwrap_err().to_string();
        assert!(err.contains("queries.jsonl"), "{err}");
    }

    #[test]
    fn an_article_ranks_at_its_best_passage_and_ties_keep_the_given_order() {
        let passages = [(7, 1.0), (8, 2.0), (7, 3.0), (9, 2.0), (8, 0.5)];
        assert_eq!(
            best_per_article(passages.into_iter(), 10),
            [(3.0, 2), (2.0, 1), (2.0, 3)]
        );
        assert_eq!(best_per_article(passages.into_iter(), 1), [(3.0, 2)]);
        assert!(best_per_article(std::iter::empty(), 5).is_empty());
    }

    #[test]
    fn the_run_file_is_trec_format() {
        let runs: Runs = [(
            "7".to_string(),
            vec![("d1".to_string(), 2.5), ("d2".into(), 1.0)],
        )]
        .into();
        let order = [EvalQuery {
            id: "7".into(),
            text: String::new(),
        }];
        let mut out = Vec::new();
        write_run(&mut out, &runs, &order, "lede").unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "7 Q0 d1 1 2.500000 lede\n7 Q0 d2 2 1.000000 lede\n"
        );
    }
}
