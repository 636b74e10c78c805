//! Measures the two embedders on passage QA: NewsQA's first `--stories N` stories (default
//! 150) are indexed, and each of their questions ranks every passage of them by BM25 (the
//! plain baseline), by `lede search`, by cosine with the transformer's vectors and with the
//! static table's, and by reciprocal rank fusion of `lede search` with each. Prints success@1,
//! success@10, MRR@10 and recall@100 for each, and how fast each embedder embeds passages.
//!
//! Needs the model (`bash scripts/install-model`) and its table (`lede model distill`).
//!
//! `cargo run --release --example embedders -- ../shared/data/newsqa [--stories N]`

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use lede::eval::{AnswerKey, Baseline, PassageRef, QaCollection, QaScores};
use lede::query::{Ranking, SearchMode};
use lede::semantic::{dot, Embedder, ModelFiles, StaticEmbedder, Transformer};
use lede::Engine;

/// Ranks fused: reciprocal rank fusion's constant.
const RRF_K: f32 = 60.0;
/// Weights of the vector ranking against `lede search`'s in fusion.
const FUSION_WEIGHTS: [f32; 3] = [1.0, 0.5, 0.25];
/// Hits of each ranking that fusion reads.
const DEPTH: usize = 100;

fn main() -> lede::Result<()> {
    let mut args = std::env::args().skip(1);
    let newsqa = PathBuf::from(args.next().unwrap_or("../shared/data/newsqa".into()));
    let mut stories = 150usize;
    while let Some(arg) = args.next() {
        if arg == "--stories" {
            stories = args
                .next()
                .and_then(|n| n.parse().ok())
                .expect("--stories N");
        }
    }
    if !newsqa.is_dir() {
        eprintln!("SKIPPED: {} is absent", newsqa.display());
        return Ok(());
    }
    let files = ModelFiles::find(None)?;
    let transformer = Transformer::load(&files)?;
    let table = StaticEmbedder::load(&files, &StaticEmbedder::path(&files))?;

    // The first stories and their questions, as a collection of their own.
    let work = tempfile::tempdir().expect("a temporary folder");
    let subset = work.path().join("newsqa");
    std::fs::create_dir(&subset).expect("a folder");
    let corpus = std::fs::read_to_string(newsqa.join("corpus.jsonl")).expect("corpus.jsonl");
    let lines: Vec<&str> = corpus
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(stories)
        .collect();
    let ids: HashSet<String> = lines
        .iter()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("JSON");
            v["id"]
                .as_str()
                .map(String::from)
                .unwrap_or_else(|| v["id"].to_string())
        })
        .collect();
    std::fs::write(subset.join("corpus.jsonl"), lines.join("\n")).expect("written");
    let questions = std::fs::read_to_string(newsqa.join("questions.jsonl")).expect("questions");
    let mut out = std::fs::File::create(subset.join("questions.jsonl")).expect("written");
    for line in questions.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON");
        if v["story_id"].as_str().is_some_and(|s| ids.contains(s)) {
            writeln!(out, "{line}").expect("written");
        }
    }
    drop(out);

    let collection = QaCollection::open(&subset)?;
    let engine = Engine::open_or_create(&work.path().join("index"))?;
    engine.index_paths(std::slice::from_ref(&collection.corpus), &mut |_| {})?;
    let key = AnswerKey::read(&engine, &collection)?;
    let baseline_dir = work.path().join("baseline");
    std::fs::create_dir(&baseline_dir).expect("a folder");
    let baseline = Baseline::passages(&engine, &baseline_dir)?;
    let passages = Baseline::passage_texts(&engine)?;
    let texts: Vec<&str> = passages.iter().map(|(_, t)| t.as_str()).collect();
    let asked: Vec<&str> = key
        .questions()
        .iter()
        .map(|q| q.question.as_str())
        .collect();
    println!(
        "{} stories, {} passages, {} questions",
        lines.len(),
        passages.len(),
        asked.len()
    );

    let lede_hits = key.ask(&engine, Ranking::default(), SearchMode::Lexical, DEPTH)?;
    let lede: Vec<Vec<PassageRef>> = lede_hits
        .iter()
        .map(|hits| {
            hits.iter()
                .map(|h| PassageRef::new(&h.source, &h.doc_id, h.passage))
                .collect()
        })
        .collect();
    report(
        "plain BM25 (passages)",
        &key.score_baseline(&baseline)?,
        None,
    );
    report("lede search", &key.score_hits(&lede_hits), None);

    let embedders: [(&str, &dyn Embedder); 2] = [("transformer", &transformer), ("static", &table)];
    for (name, embedder) in embedders {
        let started = Instant::now();
        let vectors = embedder.embed(&texts)?;
        let rate = texts.len() as f64 / started.elapsed().as_secs_f64();
        let queries = embedder.embed(&asked)?;
        let ranked: Vec<Vec<PassageRef>> = queries
            .iter()
            .map(|q| {
                let mut scored: Vec<(f32, usize)> = vectors
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (dot(q, v), i))
                    .collect();
                scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                scored
                    .iter()
                    .take(DEPTH)
                    .map(|&(_, i)| passages[i].0.clone())
                    .collect()
            })
            .collect();
        report(name, &score(&key, &ranked), Some(rate));
        for weight in FUSION_WEIGHTS {
            let fused: Vec<Vec<PassageRef>> = lede
                .iter()
                .zip(&ranked)
                .map(|(a, b)| fuse(a, b, weight))
                .collect();
            let label = format!("lede + {weight} x {name} (RRF)");
            report(&label, &score(&key, &fused), None);
        }
    }
    Ok(())
}

/// Reciprocal rank fusion of two rankings: each passage scores 1 / (k + rank) in `a` plus
/// `weight` / (k + rank) in `b`.
fn fuse(a: &[PassageRef], b: &[PassageRef], weight: f32) -> Vec<PassageRef> {
    let mut scores: HashMap<&PassageRef, (f32, usize)> = HashMap::new();
    for (order, (ranking, w)) in [(a, 1.0), (b, weight)].iter().enumerate() {
        for (rank, p) in ranking.iter().enumerate() {
            let e = scores.entry(p).or_insert((0.0, order * DEPTH + rank));
            e.0 += w / (RRF_K + rank as f32 + 1.0);
        }
    }
    let mut fused: Vec<(&PassageRef, (f32, usize))> = scores.into_iter().collect();
    fused.sort_by(|x, y| y.1 .0.total_cmp(&x.1 .0).then(x.1 .1.cmp(&y.1 .1)));
    fused.into_iter().map(|(p, _)| p.clone()).collect()
}

fn score(key: &AnswerKey, ranked: &[Vec<PassageRef>]) -> Vec<QaScores> {
    ranked
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let hits: Vec<Vec<PassageRef>> = r.iter().map(|p| vec![p.clone()]).collect();
            QaScores::of_question(&hits, key.answers(i))
        })
        .collect()
}

fn report(name: &str, each: &[QaScores], rate: Option<f64>) {
    let m = QaScores::mean(each);
    let rate = rate.map_or(String::new(), |r| format!("  {r:.0} passages/s"));
    println!(
        "{name:<28} S@1 {:.4}  S@10 {:.4}  MRR@10 {:.4}  R@100 {:.4}{rate}",
        m.success_1, m.success_10, m.mrr_10, m.recall_100
    );
}
