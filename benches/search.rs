//! Search latency: `lede`'s full search (ranking, snippets, grouping) for the news questions of
//! `benches/queries/news_questions.jsonl`, over the seeds and, when `../shared/data` is present,
//! over Reuters-21578. `lede bench query` reports percentiles against plain tantivy.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use lede::{Engine, SearchRequest};

fn questions() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/queries/news_questions.jsonl");
    std::fs::read_to_string(&path)
        .expect("the news questions are part of the project")
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_string))
        .collect()
}

fn bench_engine(c: &mut Criterion, name: &str, engine: &Engine, queries: &[String]) {
    let mut group = c.benchmark_group(format!("search/{name}"));
    group.bench_function("news-questions", |b| {
        b.iter(|| {
            queries
                .iter()
                .map(|q| {
                    engine
                        .search(&SearchRequest::new(q.as_str()))
                        .map_or(0, |h| h.len())
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

fn benches(c: &mut Criterion) {
    let queries = questions();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = tempfile::tempdir().expect("temp dir");
    let seeds = Engine::open_or_create(&work.path().join("seeds")).unwrap();
    seeds
        .index_paths(&[root.join("seeds")], &mut |_| {})
        .unwrap();
    bench_engine(c, "seeds", &seeds, &queries);
    let reuters = root.join("../shared/data/reuters21578");
    if !reuters.exists() {
        eprintln!(
            "SKIPPED Reuters search bench: {} is absent",
            reuters.display()
        );
        return;
    }
    let engine = Engine::open_or_create(&work.path().join("reuters")).unwrap();
    engine.index_paths(&[reuters], &mut |_| {}).unwrap();
    bench_engine(c, "reuters", &engine, &queries);
}

criterion_group!(search_benches, benches);
criterion_main!(search_benches);
