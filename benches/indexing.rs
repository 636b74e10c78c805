//! End-to-end indexing of a fixed corpus on disk, `lede`'s pipeline next to plain tantivy
//! (`en_stem`, id/title/body) on the same input: the first 4 MB of Reuters-21578 when
//! `../shared/data` is present, the seeds always. `lede bench index` sweeps sizes, threads and
//! memory; this bench tracks one point across commits.

use std::io::Write;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use lede::bench::{index, RunSpec, Side};
use lede::IndexOptions;

/// A JSON Lines file holding the first `bytes` of the Reuters corpus, if it is here.
fn reuters_slice(dir: &Path, bytes: usize) -> Option<PathBuf> {
    let source =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/reuters21578/corpus.jsonl");
    let Ok(data) = std::fs::read_to_string(&source) else {
        eprintln!(
            "SKIPPED Reuters indexing bench: {} is absent",
            source.display()
        );
        return None;
    };
    let path = dir.join("reuters-slice.jsonl");
    let mut out = std::fs::File::create(&path).expect("temp file");
    let mut total = 0;
    for line in data.lines() {
        writeln!(out, "{line}").unwrap();
        total += line.len() + 1;
        if total >= bytes {
            break;
        }
    }
    Some(path)
}

fn bench_side_by_side(c: &mut Criterion, name: &str, corpus: &Path, work: &Path) {
    let bytes: u64 = walk_bytes(corpus);
    let mut group = c.benchmark_group(format!("index/{name}"));
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);
    let mut n = 0;
    for (label, side) in [("lede", Side::Lede), ("tantivy-en_stem", Side::Baseline)] {
        group.bench_function(label, |b| {
            b.iter(|| {
                n += 1;
                let spec = RunSpec {
                    side,
                    corpus: corpus.to_path_buf(),
                    options: IndexOptions {
                        threads: 2,
                        memory_bytes: 128 << 20,
                        ..IndexOptions::default()
                    },
                    dir: work.join(format!("run-{n}")),
                };
                let result = index::run(&spec).expect("indexing runs");
                std::fs::remove_dir_all(&spec.dir).ok();
                result.documents
            })
        });
    }
    group.finish();
}

fn walk_bytes(path: &Path) -> u64 {
    if path.is_file() {
        return std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    }
    std::fs::read_dir(path)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| walk_bytes(&e.path()))
                .sum()
        })
        .unwrap_or(0)
}

fn benches(c: &mut Criterion) {
    let work = tempfile::tempdir().expect("temp dir");
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    bench_side_by_side(c, "seeds", &seeds, work.path());
    if let Some(slice) = reuters_slice(work.path(), 4_000_000) {
        bench_side_by_side(c, "reuters-4MB", &slice, work.path());
    }
}

criterion_group!(indexing_benches, benches);
criterion_main!(indexing_benches);
