//! Measures rankings on passage QA in a news archive, and tunes [`Ranking`]'s weights by
//! coordinate ascent, the way `Ranking::default()` was chosen.
//!
//! The archive is NewsQA's stories with BBC, BuzzFeed and Reuters beside them. NewsQA's
//! questions are split by story in two halves: the ranking is tuned on one (MRR@10 over the
//! plain BM25 baseline's) and the other is reported beside it, so that overfitting shows. TIME,
//! Cranfield and CISI are reported too (nDCG@10 over their baselines'): they must not fall
//! below 1.
//!
//! `cargo run --release --example tune_ranking -- ../shared/data [--index DIR] [RANKING ...]`
//!
//! Each RANKING is JSON of the weights to change (`{"title": 0.5}`): each is measured and
//! printed; with none, coordinate ascent runs from the default (or `--from RANKING`). `--index DIR` keeps the archive's
//! index there between runs.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use lede::eval::{metrics, AnswerKey, Baseline, Collection, QaCollection, QaScores};
use lede::query::{Ranking, SearchMode};
use lede::Engine;

/// A judged collection, indexed, with its baseline's ranking.
struct Judged {
    name: String,
    engine: Engine,
    collection: Collection,
    baseline: HashMap<String, Vec<String>>,
    _work: tempfile::TempDir,
}

/// The archive, its answer key and its baseline's per-question figures.
struct Archive {
    engine: Engine,
    key: AnswerKey,
    baseline: Vec<QaScores>,
    /// Whether each question is in the tuning half.
    tuning: Vec<bool>,
}

/// The most crowded first tens allowed (from `CROWDED_MAX`, default 0.1).
static CROWDED_MAX: std::sync::LazyLock<f64> = std::sync::LazyLock::new(|| {
    std::env::var("CROWDED_MAX").map_or(0.1, |v| v.parse().expect("a share"))
});

/// Figures of one ranking.
#[derive(Debug, Default, Clone, Copy)]
struct Figures {
    /// MRR@10 over the baseline's: tuning half, held-out half, all.
    mrr: [f64; 3],
    /// success@10 over the baseline's, all questions.
    success_10: f64,
    /// Share of crowded first tens.
    crowded: f64,
    /// nDCG@10 over the baseline's on TIME, Cranfield, CISI.
    judged: [f64; 3],
}

impl Figures {
    fn objective(&self) -> f64 {
        // The passage-QA gain on the tuning half, as long as no judged collection falls under
        // its baseline and first tens stay uncrowded.
        let floor = self.judged.iter().fold(f64::MAX, |a, &b| a.min(b));
        self.mrr[0] - 10.0 * (1.0 - floor).max(0.0) - 10.0 * (self.crowded - *CROWDED_MAX).max(0.0)
    }
}

impl std::fmt::Display for Figures {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "MRR@10 ×{:.3} tune ×{:.3} held-out ×{:.3} all · S@10 ×{:.3} · crowded {:.3} · nDCG@10 ×{:.3} ×{:.3} ×{:.3}",
            self.mrr[0],
            self.mrr[1],
            self.mrr[2],
            self.success_10,
            self.crowded,
            self.judged[0],
            self.judged[1],
            self.judged[2]
        )
    }
}

fn measure(archive: &Archive, judged: &[Judged], r: &Ranking) -> lede::Result<Figures> {
    let mut fig = Figures::default();
    let hits = archive
        .key
        .ask(&archive.engine, *r, SearchMode::Lexical, 10)?;
    if let Ok(path) = std::env::var("TUNE_RUN") {
        let mut out = std::fs::File::create(path).expect("a run file");
        for hit in archive.key.run(&hits) {
            serde_json::to_writer(&mut out, &hit).expect("JSON");
            std::io::Write::write_all(&mut out, b"\n").expect("written");
        }
    }
    let scores = archive.key.score_hits(&hits);
    for (i, half) in [Some(true), Some(false), None].into_iter().enumerate() {
        let pick = |s: &[QaScores]| -> QaScores {
            QaScores::mean(
                s.iter()
                    .zip(&archive.tuning)
                    .filter(|(_, &t)| half.is_none_or(|h| h == t))
                    .map(|(s, _)| s),
            )
        };
        let (lede, base) = (pick(&scores), pick(&archive.baseline));
        fig.mrr[i] = lede.mrr_10 / base.mrr_10;
        if half.is_none() {
            fig.success_10 = lede.success_10 / base.success_10;
            fig.crowded = lede.crowded_10;
        }
    }
    for (i, s) in judged.iter().enumerate() {
        let runs =
            lede::eval::rank_articles(&s.engine, &s.collection.queries, r, SearchMode::Lexical)?;
        let ids: HashMap<String, Vec<String>> = runs
            .into_iter()
            .map(|(q, v)| (q, v.into_iter().map(|(d, _)| d).collect()))
            .collect();
        fig.judged[i] = metrics::mean(&ids, &s.collection.qrels).ndcg_10
            / metrics::mean(&s.baseline, &s.collection.qrels).ndcg_10;
    }
    Ok(fig)
}

fn archive(root: &Path, dir: &Path) -> lede::Result<Archive> {
    let newsqa = QaCollection::open(&root.join("newsqa"))?;
    let engine = Engine::open_or_create(dir)?;
    let mut paths = vec![newsqa.corpus.clone()];
    for name in ["bbc", "buzzfeed_webis_2016", "reuters21578"] {
        paths.push(root.join(name));
    }
    engine.index_paths(&paths, &mut |_| {})?;
    let key = AnswerKey::read(&engine, &newsqa)?;
    let work = tempfile::tempdir().expect("a temporary folder");
    let baseline = key.score_baseline(&Baseline::passages(&engine, work.path())?)?;
    // Halves by story, so that no story's questions are in both.
    let tuning = key
        .questions()
        .iter()
        .map(|q| xxhash_rust::xxh3::xxh3_64(q.story_id.as_bytes()) % 2 == 0)
        .collect();
    Ok(Archive {
        engine,
        key,
        baseline,
        tuning,
    })
}

fn judged(root: &Path) -> lede::Result<Vec<Judged>> {
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
        sets.push(Judged {
            name: name.into(),
            engine,
            collection,
            baseline,
            _work: work,
        });
    }
    Ok(sets)
}

fn main() -> lede::Result<()> {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().unwrap_or("../shared/data".into()));
    if !root.is_dir() {
        eprintln!("SKIPPED: {} is absent", root.display());
        return Ok(());
    }
    let (mut index, mut rankings, mut from) = (None, Vec::new(), Ranking::default());
    while let Some(arg) = args.next() {
        if arg == "--index" {
            index = args.next().map(PathBuf::from);
        } else if arg == "--from" {
            from = serde_json::from_str(&args.next().expect("--from RANKING")).expect("JSON");
        } else {
            // As a JSON value first, so that a key given twice takes its last value.
            let value: serde_json::Value = serde_json::from_str(&arg).expect("a ranking as JSON");
            let r: Ranking = serde_json::from_value(value).expect("a ranking as JSON");
            rankings.push((arg, r));
        }
    }
    let temp = tempfile::tempdir().expect("a temporary folder");
    let dir = index.unwrap_or_else(|| temp.path().join("archive"));
    let archive = archive(&root, &dir)?;
    let judged = judged(&root)?;
    let names: Vec<&str> = judged.iter().map(|s| s.name.as_str()).collect();
    println!("judged collections: {names:?}");
    let base = measure(&archive, &judged, &Ranking::default())?;
    println!("default: {base}");
    if !rankings.is_empty() {
        for (text, r) in rankings {
            println!("{text}: {}", measure(&archive, &judged, &r)?);
        }
        return Ok(());
    }
    let mut best = from;
    let mut best_fig = measure(&archive, &judged, &from)?;
    println!("from: {best_fig}");
    type Knob = (&'static str, fn(&mut Ranking, f32), &'static [f32]);
    let knobs: &[Knob] = &[
        ("k1", |r, v| r.k1 = v, &[0.5, 0.8, 1.2, 1.6, 2.0]),
        ("b", |r, v| r.b = v, &[0.4, 0.6, 0.75, 0.9]),
        (
            "article",
            |r, v| r.article = v,
            &[0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 4.0],
        ),
        (
            "article_k1",
            |r, v| r.article_k1 = v,
            &[0.25, 0.5, 0.8, 1.2, 2.0],
        ),
        (
            "article_b",
            |r, v| r.article_b = v,
            &[0.3, 0.45, 0.6, 0.75, 0.9],
        ),
        ("coverage", |r, v| r.coverage = v, &[0.0, 0.5, 1.0, 2.0]),
        ("proximity", |r, v| r.proximity = v, &[0.0, 0.25, 0.5, 1.0]),
        ("title", |r, v| r.title = v, &[0.0, 0.25, 0.5, 1.0, 1.5]),
        ("exact", |r, v| r.exact = v, &[0.0, 0.15, 0.3, 0.6]),
        ("cue", |r, v| r.cue = v, &[0.0, 0.15, 0.3, 0.6]),
        ("speaker", |r, v| r.speaker = v, &[0.0, 0.15, 0.3, 0.6]),
        ("lead", |r, v| r.lead = v, &[0.0, 0.25, 0.5, 1.0, 2.0]),
        ("local", |r, v| r.local = v > 0.0, &[0.0, 1.0]),
        ("repeat", |r, v| r.repeat = v, &[0.0, 0.25, 0.5, 1.0]),
    ];
    let mut tried = HashSet::new();
    for round in 1..=2 {
        for (name, set, values) in knobs {
            for &v in *values {
                let mut r = best;
                set(&mut r, v);
                if !tried.insert(format!("{r:?}")) {
                    continue;
                }
                let fig = measure(&archive, &judged, &r)?;
                if fig.objective() > best_fig.objective() + 1e-4 {
                    println!("round {round}: {name} = {v}: {fig}");
                    best_fig = fig;
                    best = r;
                }
            }
        }
    }
    println!(
        "best: {}\n{best_fig}",
        serde_json::to_string(&best).expect("JSON")
    );
    Ok(())
}
