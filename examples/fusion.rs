//! Hybrid search's fusion settings on a passage-QA collection, over an index kept by
//! `lede eval --keep DIR` (its vectors are not computed again):
//!
//! ```sh
//! lede eval ../shared/data/newsqa --archive ../shared/data/bbc ... \
//!     --mode hybrid,lexical --keep /tmp/newsqa-archive
//! cargo run --release --example fusion -- /tmp/newsqa-archive/lede ../shared/data/newsqa
//! ```
//!
//! Prints S@1, S@10, MRR@10, R@100 and crowded@10 for lexical and semantic search and for
//! hybrid search fused by score and by rank at several weights, all questions, one row each,
//! with the mean wall time per question (asked on every core; queries are embedded once, before
//! the first row, so the times are those of searching).

use std::path::PathBuf;

use lede::eval::{AnswerKey, QaCollection, QaScores};
use lede::query::{Fusion, Ranking, SearchMode};
use lede::semantic::{load, EmbedderKind};
use lede::Engine;

fn main() -> lede::Result<()> {
    let args: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    let [index, collection] = args.as_slice() else {
        eprintln!("usage: fusion INDEX_DIR COLLECTION_DIR");
        std::process::exit(2);
    };
    let mut engine = Engine::open(index)?;
    let made_by = engine.vectors()?.unwrap_or_default();
    let kind = EmbedderKind::of_id(&made_by).unwrap_or(EmbedderKind::Transformer);
    engine.set_embedder(load(kind, None)?)?;
    let key = AnswerKey::read(&engine, &QaCollection::open(collection)?)?;
    let d = Ranking::default();
    // Embeds every question once: the engine keeps their vectors.
    key.ask(&engine, d, SearchMode::Semantic, 1)?;
    let mut variants = vec![
        ("lexical".to_string(), SearchMode::Lexical, d),
        ("semantic".to_string(), SearchMode::Semantic, d),
    ];
    for w in [0.25f32, 0.5, 1.0, 2.0] {
        variants.push((
            format!("hybrid, by score, weight {w}"),
            SearchMode::Hybrid,
            Ranking {
                fusion: Fusion::Score,
                semantic: w,
                ..d
            },
        ));
    }
    for (k, w) in [(60.0f32, 1.0f32), (10.0, 0.5)] {
        variants.push((
            format!("hybrid, by rank, k {k}, weight {w}"),
            SearchMode::Hybrid,
            Ranking {
                fusion: Fusion::Rank,
                fusion_k: k,
                semantic: w,
                ..d
            },
        ));
    }
    println!(
        "{:<36} {:>7} {:>7} {:>7} {:>7} {:>10} {:>11}",
        "ranking", "S@1", "S@10", "MRR@10", "R@100", "crowded@10", "ms/question"
    );
    for (name, mode, ranking) in variants {
        let started = std::time::Instant::now();
        let hits = key.ask(&engine, ranking, mode, 100)?;
        let ms = started.elapsed().as_secs_f64() * 1e3 / hits.len().max(1) as f64;
        let s = QaScores::mean(&key.score_hits(&hits));
        println!(
            "{name:<36} {:>7.4} {:>7.4} {:>7.4} {:>7.4} {:>10.4} {ms:>11.1}",
            s.success_1, s.success_10, s.mrr_10, s.recall_100, s.crowded_10
        );
    }
    Ok(())
}
