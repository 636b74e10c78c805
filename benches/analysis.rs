//! Throughput of the text stages, in bytes per second: the tokenizer (both analyzers, and the
//! filter chain it replaces), cleaning with passage splitting, and metadata extraction (date,
//! outlet, speakers, answer cues), and end-to-end indexing of the seeds in memory. The Reuters
//! sample runs only when `../shared/data` is present.

use std::path::Path;

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use lede::{analysis, cues, ingest, metadata, passage, Article, Engine};

fn seed_texts() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut texts: Vec<String> = std::fs::read_dir(dir)
        .expect("seeds/ is readable")
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    texts.sort();
    texts
}

/// The first `bytes` of Reuters article text, if the shared corpora are here.
fn reuters_sample(bytes: usize) -> Option<Vec<String>> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/reuters21578/corpus.jsonl");
    let Ok(data) = std::fs::read_to_string(&path) else {
        eprintln!("SKIPPED Reuters benches: {} is absent", path.display());
        return None;
    };
    let mut out = Vec::new();
    let mut total = 0;
    for line in data.lines() {
        let v: serde_json::Value = serde_json::from_str(line).ok()?;
        let text = v["text"].as_str().unwrap_or("").to_string();
        total += text.len();
        out.push(text);
        if total >= bytes {
            break;
        }
    }
    Some(out)
}

fn bench_corpus(c: &mut Criterion, name: &str, texts: &[String]) {
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("analysis/stemmed", |b| {
        let mut analyzer = analysis::stemmed();
        b.iter(|| {
            texts
                .iter()
                .map(|t| analysis::terms(&mut analyzer, t).len())
                .sum::<usize>()
        })
    });
    group.bench_function("analysis/forms", |b| {
        let mut analyzer = analysis::forms();
        b.iter(|| {
            texts
                .iter()
                .map(|t| analysis::terms(&mut analyzer, t).len())
                .sum::<usize>()
        })
    });
    group.bench_function("analysis/stemmed-filter-chain", |b| {
        let mut analyzer = analysis::stemmed_chain();
        b.iter(|| {
            texts
                .iter()
                .map(|t| analysis::terms(&mut analyzer, t).len())
                .sum::<usize>()
        })
    });
    group.bench_function("clean+passages", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| passage::split(&ingest::clean(black_box(t), true).paragraphs).len())
                .sum::<usize>()
        })
    });
    let articles: Vec<(Article, ingest::Cleaned)> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let article = Article::new(i.to_string(), t.clone());
            let cleaned = ingest::clean(t, true);
            (article, cleaned)
        })
        .collect();
    group.bench_function("metadata", |b| {
        b.iter(|| {
            let mut n = 0;
            for (article, cleaned) in &articles {
                let meta = metadata::extract(black_box(article), cleaned);
                let speech = metadata::attribute(&cleaned.texts());
                n += speech.len() + usize::from(meta.date.is_some());
                for p in &cleaned.paragraphs {
                    n += cues::find(&p.text, false).len();
                }
            }
            n
        })
    });
    group.finish();
}

fn benches(c: &mut Criterion) {
    let seeds = seed_texts();
    bench_corpus(c, "seeds", &seeds);
    if let Some(reuters) = reuters_sample(1 << 20) {
        bench_corpus(c, "reuters-1MiB", &reuters);
    }
    let mut group = c.benchmark_group("seeds");
    group.throughput(Throughput::Bytes(
        seeds.iter().map(String::len).sum::<usize>() as u64,
    ));
    group.sample_size(20);
    group.bench_function("index-in-memory", |b| {
        b.iter(|| {
            let engine = Engine::in_memory().unwrap();
            let articles = seeds
                .iter()
                .enumerate()
                .map(|(i, t)| Article::new(i.to_string(), t.clone()));
            engine.index_articles(articles).unwrap().passages
        })
    });
    group.finish();
}

criterion_group!(analysis_benches, benches);
criterion_main!(analysis_benches);
