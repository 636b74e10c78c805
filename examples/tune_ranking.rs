//! Tunes [`Ranking`]'s weights by coordinate ascent on the test collections, the way
//! `Ranking::default()` was chosen: nDCG@10 relative to the plain tantivy baseline, averaged
//! over TIME, Cranfield and CISI, on odd-numbered queries; even-numbered ones are held out and
//! reported beside, so that overfitting shows.
//!
//! `cargo run --release --example tune_ranking -- ../shared/data`

use std::collections::HashMap;
use std::path::PathBuf;

use lede::eval::{metrics, Baseline, Collection, Judgments};
use lede::query::Ranking;
use lede::Engine;

struct Set {
    name: String,
    engine: Engine,
    collection: Collection,
    baseline: HashMap<String, Vec<String>>,
    _work: tempfile::TempDir,
}

fn half(qrels: &HashMap<String, Judgments>, odd: bool) -> HashMap<String, Judgments> {
    qrels
        .iter()
        .filter(|(q, _)| q.parse::<u64>().is_ok_and(|n| (n % 2 == 1) == odd))
        .map(|(q, j)| (q.clone(), j.clone()))
        .collect()
}

/// Mean over collections of lede's nDCG@10 over the baseline's: (tuning half, held-out half).
fn objective(sets: &[Set], r: &Ranking) -> lede::Result<(f64, f64, Vec<f64>)> {
    let (mut tune, mut held) = (0.0, 0.0);
    let mut each = Vec::new();
    for s in sets {
        let runs = s.engine.rank_articles(&s.collection.queries, r)?;
        let ids: HashMap<String, Vec<String>> = runs
            .into_iter()
            .map(|(q, v)| (q, v.into_iter().map(|(d, _)| d).collect()))
            .collect();
        for (odd, acc) in [(true, &mut tune), (false, &mut held)] {
            let qrels = half(&s.collection.qrels, odd);
            let lede = metrics::mean(&ids, &qrels).ndcg_10;
            let base = metrics::mean(&s.baseline, &qrels).ndcg_10;
            *acc += lede / base / sets.len() as f64;
        }
        let all = metrics::mean(&ids, &s.collection.qrels).ndcg_10
            / metrics::mean(&s.baseline, &s.collection.qrels).ndcg_10;
        each.push(all);
    }
    Ok((tune, held, each))
}

fn main() -> lede::Result<()> {
    let root = PathBuf::from(std::env::args().nth(1).unwrap_or("../shared/data".into()));
    if !root.is_dir() {
        eprintln!("SKIPPED: {} is absent", root.display());
        return Ok(());
    }
    let mut sets = Vec::new();
    for name in ["time", "cranfield", "cisi"] {
        let collection = Collection::open(&root.join(name))?;
        let work = tempfile::tempdir().expect("a temporary folder");
        let engine = Engine::open_or_create(&work.path().join("lede"))?;
        engine.index_paths(std::slice::from_ref(&collection.corpus), &mut |_| {})?;
        std::fs::create_dir_all(work.path().join("b")).ok();
        let b = Baseline::documents(
            std::slice::from_ref(&collection.corpus),
            &work.path().join("b"),
        )?;
        let mut baseline = HashMap::new();
        for q in &collection.queries {
            let ranked = b.search(&q.text, 1000)?;
            baseline.insert(
                q.id.clone(),
                ranked.into_iter().map(|(d, _)| d.article).collect(),
            );
        }
        sets.push(Set {
            name: name.into(),
            engine,
            collection,
            baseline,
            _work: work,
        });
    }
    let names: Vec<&str> = sets.iter().map(|s| s.name.as_str()).collect();
    let mut best = Ranking::default();
    let (mut best_tune, held, each) = objective(&sets, &best)?;
    println!("start: tune {best_tune:.4} held-out {held:.4} {names:?} {each:.3?}");
    type Knob = (&'static str, fn(&mut Ranking, f32), &'static [f32]);
    let knobs: &[Knob] = &[
        ("k1", |r, v| r.k1 = v, &[0.8, 1.2, 1.6, 2.0]),
        ("b", |r, v| r.b = v, &[0.4, 0.6, 0.75, 0.9]),
        ("article", |r, v| r.article = v, &[0.5, 1.0, 2.0, 4.0]),
        ("coverage", |r, v| r.coverage = v, &[0.0, 0.5, 1.0, 2.0]),
        ("proximity", |r, v| r.proximity = v, &[0.0, 0.25, 0.5, 1.0]),
        ("title", |r, v| r.title = v, &[0.25, 0.5, 1.0, 1.5]),
        ("exact", |r, v| r.exact = v, &[0.0, 0.15, 0.3, 0.6]),
    ];
    for round in 1..=2 {
        for (name, set, values) in knobs {
            for &v in *values {
                let mut r = best;
                set(&mut r, v);
                let (tune, held, each) = objective(&sets, &r)?;
                if tune > best_tune + 1e-4 {
                    println!(
                        "round {round}: {name} = {v}: tune {tune:.4} held-out {held:.4} {each:.3?}"
                    );
                    best_tune = tune;
                    best = r;
                }
            }
        }
    }
    let (tune, held, each) = objective(&sets, &best)?;
    println!("best: {best:?}\ntune {tune:.4} held-out {held:.4} {names:?} {each:.3?}");
    Ok(())
}
