//! Indexing speed: `lede`'s whole pipeline against plain tantivy on the same corpus, in the same
//! run, over a sweep of corpus sizes, writer threads and writer memory.
//!
//! One measurement is a [`RunSpec`]: one side (`lede` or the baseline), one configuration, a fresh
//! index folder. [`run`] performs it in this process; `lede bench index` performs each in a child
//! process of its own so that every run's peak memory is its own. [`sweep`] takes the runner as an
//! argument, warms up, alternates the sides run by run, and keeps each side's median.
//!
//! The baseline is what tantivy-cli does with a corpus: one document per article with an id, a
//! title and a body, the two text fields stored and indexed by tantivy's `en_stem` analyzer, added
//! by one thread to a writer with the same threads and memory as `lede`'s. Both sides read the
//! corpus with the same reader, so the ratio compares what is done with the text.

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::{Deserialize, Serialize};
use tantivy::schema::{Schema, STORED, STRING, TEXT};
use tantivy::{Index, TantivyDocument};

use crate::error::{Error, Result};
use crate::indexer::{IndexOptions, StageTimes};
use crate::usage::thread_cpu_seconds;
use crate::{ingest, Engine};

/// Which indexer a run measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// `lede`'s pipeline: cleaning, passages, metadata, stemmed text and words as written.
    Lede,
    /// Plain tantivy: id, title and body with `en_stem`.
    Baseline,
}

/// One measurement to make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunSpec {
    /// The indexer.
    pub side: Side,
    /// A JSON Lines file, a folder of them, or a folder of text articles.
    pub corpus: PathBuf,
    /// Writer threads and memory, and how many times over the corpus is read.
    pub options: IndexOptions,
    /// An empty or absent folder to build the index in.
    pub dir: PathBuf,
}

/// What one measurement gave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunResult {
    /// Bytes of input read (the corpus files' sizes times the repeat).
    pub bytes: u64,
    /// Articles indexed.
    pub articles: u64,
    /// Documents indexed: passages for `lede`, articles for the baseline.
    pub documents: u64,
    /// Wall time from the first byte read to the end of the commit, in seconds.
    pub seconds: f64,
    /// Where the time went.
    pub stages: StageTimes,
    /// The process's peak resident memory, in MiB, mapped index files included (`None` where
    /// the system does not say).
    pub peak_rss_mib: Option<f64>,
    /// The peak of the process's anonymous resident memory (what it allocates; sampled every
    /// 10 ms), in MiB (`None` outside Linux).
    pub peak_anon_mib: Option<f64>,
    /// The same peak in each tenth of the run, in order: flat when memory does not accumulate
    /// as the corpus streams through (empty outside Linux).
    #[serde(default)]
    pub anon_tenths_mib: Vec<f64>,
    /// Bytes the index takes on disk.
    pub index_bytes: u64,
    /// Segments after the commit.
    pub segments: usize,
}

/// Performs one measurement in this process. The peak memory reported is the process's since it
/// started, so it is exact only for a process that makes one measurement.
pub fn run(spec: &RunSpec) -> Result<RunResult> {
    spec.options.validate()?;
    if spec.dir.exists()
        && std::fs::read_dir(&spec.dir)
            .map_err(|e| Error::io(&spec.dir, e))?
            .next()
            .is_some()
    {
        return Err(Error::InvalidArgument(format!(
            "{}: the benchmark's index folder must be empty",
            spec.dir.display()
        )));
    }
    let sampler = crate::usage::AnonSampler::start(std::time::Duration::from_millis(10));
    let started = Instant::now();
    let (bytes, articles, documents, stages) = match spec.side {
        Side::Lede => {
            let engine = Engine::open_or_create(&spec.dir)?;
            let report = engine.index_paths_with(
                std::slice::from_ref(&spec.corpus),
                &spec.options,
                &mut |_| {},
            )?;
            (
                report.bytes,
                report.articles as u64,
                report.passages as u64,
                report.stages,
            )
        }
        Side::Baseline => baseline(spec)?,
    };
    let seconds = started.elapsed().as_secs_f64();
    let anon = sampler.stop();
    let index = Index::open_in_dir(&spec.dir)?;
    Ok(RunResult {
        bytes,
        articles,
        documents,
        seconds,
        stages,
        peak_rss_mib: crate::usage::peak_rss_bytes().map(mib),
        peak_anon_mib: anon.as_ref().map(|a| mib(a.peak)),
        anon_tenths_mib: anon.map_or_else(Vec::new, |a| a.tenths.into_iter().map(mib).collect()),
        index_bytes: crate::engine::folder_bytes(&spec.dir),
        segments: index.searchable_segment_ids()?.len(),
    })
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1 << 20) as f64
}

/// Indexes the corpus as tantivy-cli would: (bytes, articles, documents, stage times).
fn baseline(spec: &RunSpec) -> Result<(u64, u64, u64, StageTimes)> {
    let cpu_start = crate::usage::process_cpu_seconds();
    let mut schema = Schema::builder();
    let id = schema.add_text_field("id", STRING | STORED);
    let title = schema.add_text_field("title", en_stem_text());
    let body = schema.add_text_field("body", en_stem_text());
    std::fs::create_dir_all(&spec.dir).map_err(|e| Error::io(&spec.dir, e))?;
    let index = Index::create_in_dir(&spec.dir, schema.build())?;
    let mut writer: tantivy::IndexWriter<TantivyDocument> =
        index.writer_with_num_threads(spec.options.threads, spec.options.memory_bytes)?;
    let (files, _) = ingest::discover(std::slice::from_ref(&spec.corpus))?;
    let mut stages = StageTimes::default();
    let mut articles = 0u64;
    for pass in 1..=spec.options.repeat {
        for file in &files {
            let started = thread_cpu_seconds();
            let mut add_seconds = 0.0;
            ingest::read_file(file, &mut Vec::new(), &mut |article| {
                let add_start = thread_cpu_seconds();
                let mut doc = TantivyDocument::default();
                if pass > 1 {
                    doc.add_text(id, format!("{}#{pass}", article.doc_id));
                } else {
                    doc.add_text(id, &article.doc_id);
                }
                doc.add_text(title, article.title.unwrap_or_default());
                doc.add_text(body, article.text);
                writer.add_document(doc)?;
                articles += 1;
                add_seconds += thread_cpu_seconds() - add_start;
                Ok(())
            })?;
            stages.read += thread_cpu_seconds() - started - add_seconds;
        }
    }
    if let (Some(start), Some(now)) = (cpu_start, crate::usage::process_cpu_seconds()) {
        stages.index = (now - start - stages.read).max(0.0);
    }
    let commit_start = Instant::now();
    writer.commit()?;
    writer.wait_merging_threads()?;
    stages.commit = commit_start.elapsed().as_secs_f64();
    let bytes = files.iter().map(|f| f.bytes).sum::<u64>() * spec.options.repeat as u64;
    Ok((bytes, articles, articles, stages))
}

fn en_stem_text() -> tantivy::schema::TextOptions {
    let indexing = tantivy::schema::TextFieldIndexing::default()
        .set_tokenizer("en_stem")
        .set_index_option(tantivy::schema::IndexRecordOption::WithFreqsAndPositions);
    (TEXT | STORED).set_indexing_options(indexing)
}

/// A sweep: every combination of the listed values is one configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sweep {
    /// The corpus.
    pub corpus: PathBuf,
    /// How many times over the corpus is read.
    pub repeats: Vec<usize>,
    /// Writer threads.
    pub threads: Vec<usize>,
    /// Writer memory, in MiB.
    pub memory_mib: Vec<usize>,
    /// Measured runs per side and configuration (after one warm-up run of each side).
    pub runs: usize,
}

/// One point of a sweep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Configuration {
    /// How many times over the corpus is read.
    pub repeat: usize,
    /// Writer threads.
    pub threads: usize,
    /// Writer memory, in MiB.
    pub memory_mib: usize,
}

impl Configuration {
    /// The indexing options of this configuration.
    pub fn options(&self) -> IndexOptions {
        IndexOptions {
            threads: self.threads,
            memory_bytes: self.memory_mib << 20,
            repeat: self.repeat,
            ..IndexOptions::default()
        }
    }
}

impl Sweep {
    /// Every configuration, corpus size varying slowest, then threads, then memory.
    pub fn configurations(&self) -> Vec<Configuration> {
        let mut out = Vec::new();
        for &repeat in &self.repeats {
            for &threads in &self.threads {
                for &memory_mib in &self.memory_mib {
                    out.push(Configuration {
                        repeat,
                        threads,
                        memory_mib,
                    });
                }
            }
        }
        out
    }

    /// Checks every value before anything runs.
    pub fn validate(&self) -> Result<()> {
        if self.runs == 0 {
            return Err(Error::InvalidArgument("runs must be at least 1".into()));
        }
        if self.repeats.is_empty() || self.threads.is_empty() || self.memory_mib.is_empty() {
            return Err(Error::InvalidArgument(
                "repeat, threads and memory each need at least one value".into(),
            ));
        }
        if !self.corpus.exists() {
            return Err(Error::NotFound(self.corpus.clone()));
        }
        for c in self.configurations() {
            c.options().validate()?;
        }
        Ok(())
    }
}

/// One side's figures for one configuration: its median run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measured {
    /// Input megabytes (10⁶ bytes) per second.
    pub mb_per_s: f64,
    /// Articles per second.
    pub docs_per_s: f64,
    /// Documents (passages for `lede`) per second.
    pub passages_per_s: f64,
    /// Peak resident memory of the median run, mapped index files included, in MiB (0 where
    /// the system does not say).
    pub peak_rss_mib: f64,
    /// Peak anonymous resident memory (allocations only) of the median run, in MiB (0 where
    /// the system does not say).
    pub peak_anon_mib: f64,
    /// The median run's peak anonymous memory in each tenth of its time, in MiB (empty where
    /// the system does not say).
    #[serde(default)]
    pub anon_tenths_mib: Vec<f64>,
    /// Index size on disk, in MiB.
    pub index_mib: f64,
    /// Segments after the commit.
    pub segments: usize,
    /// Wall seconds of the median run.
    pub seconds: f64,
    /// Wall seconds of every measured run, in order.
    pub run_seconds: Vec<f64>,
    /// Where the median run's time went.
    pub stages: StageTimes,
}

impl Measured {
    /// The median of `runs` by wall time, with the times of all.
    fn of(runs: &[RunResult]) -> Measured {
        let mut order: Vec<usize> = (0..runs.len()).collect();
        order.sort_by(|&a, &b| runs[a].seconds.total_cmp(&runs[b].seconds));
        let median = &runs[order[(runs.len() - 1) / 2]];
        let per_s = |n: f64| n / median.seconds.max(1e-9);
        Measured {
            mb_per_s: per_s(median.bytes as f64 / 1e6),
            docs_per_s: per_s(median.articles as f64),
            passages_per_s: per_s(median.documents as f64),
            peak_rss_mib: median.peak_rss_mib.unwrap_or(0.0),
            peak_anon_mib: median.peak_anon_mib.unwrap_or(0.0),
            anon_tenths_mib: median.anon_tenths_mib.clone(),
            index_mib: mib(median.index_bytes),
            segments: median.segments,
            seconds: median.seconds,
            run_seconds: runs.iter().map(|r| r.seconds).collect(),
            stages: median.stages,
        }
    }
}

/// Both sides' figures for one configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConfigurationResult {
    /// The configuration.
    #[serde(flatten)]
    pub configuration: Configuration,
    /// Input megabytes read per run.
    pub input_mb: f64,
    /// `lede`'s figures.
    pub lede: Measured,
    /// The baseline's figures.
    pub baseline: Measured,
    /// `lede`'s MB/s over the baseline's.
    pub ratio: f64,
}

/// A whole sweep's figures. `lede`, `baseline` and `ratio` at the top are the last
/// configuration's (the largest corpus, most threads, most memory); every configuration is in
/// `configurations`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexBenchReport {
    /// The corpus.
    pub corpus: PathBuf,
    /// Measured runs per side and configuration.
    pub runs: usize,
    /// The last configuration's `lede` figures.
    pub lede: Measured,
    /// The last configuration's baseline figures.
    pub baseline: Measured,
    /// The last configuration's ratio of MB/s.
    pub ratio: f64,
    /// How far `lede`'s MB/s moves across corpus sizes: (highest − lowest) / highest, the
    /// largest over the thread and memory settings; `None` with one corpus size.
    pub scaling_spread: Option<f64>,
    /// The same for the baseline's MB/s: how far the machine alone moves a sweep.
    pub baseline_scaling_spread: Option<f64>,
    /// The same for the ratio of the two, which the machine's drift during a sweep moves less
    /// than either side's MB/s: the two sides alternate run by run.
    pub ratio_scaling_spread: Option<f64>,
    /// Every configuration, in sweep order.
    pub configurations: Vec<ConfigurationResult>,
}

/// Where a sweep is, for progress displays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SweepProgress {
    /// Runs finished, warm-ups included.
    pub done: usize,
    /// Runs in all.
    pub total: usize,
    /// The configuration running now.
    pub configuration: Configuration,
    /// The side running now.
    pub side: Side,
}

/// Runs a sweep: for each configuration, one warm-up run of each side, then `runs` measured runs
/// of each, the sides alternating so that both see the same machine. Each run builds its index in
/// a fresh folder under `work`, removed after the run.
pub fn sweep(
    sweep: &Sweep,
    work: &Path,
    runner: &mut dyn FnMut(&RunSpec) -> Result<RunResult>,
    progress: &mut dyn FnMut(&SweepProgress),
) -> Result<IndexBenchReport> {
    sweep.validate()?;
    let configurations = sweep.configurations();
    let total = configurations.len() * 2 * (sweep.runs + 1);
    let mut done = 0;
    let mut results = Vec::new();
    for configuration in configurations {
        let mut lede = Vec::new();
        let mut baseline = Vec::new();
        for round in 0..=sweep.runs {
            for side in [Side::Lede, Side::Baseline] {
                progress(&SweepProgress {
                    done,
                    total,
                    configuration,
                    side,
                });
                let spec = RunSpec {
                    side,
                    corpus: sweep.corpus.clone(),
                    options: configuration.options(),
                    dir: work.join(format!("run-{done}")),
                };
                let result = runner(&spec);
                let _ = std::fs::remove_dir_all(&spec.dir);
                let result = result?;
                done += 1;
                if round == 0 {
                    continue; // warm-up: page cache, allocator, CPU frequency
                }
                match side {
                    Side::Lede => lede.push(result),
                    Side::Baseline => baseline.push(result),
                }
            }
        }
        let input_mb = lede[0].bytes as f64 / 1e6;
        let (lede, baseline) = (Measured::of(&lede), Measured::of(&baseline));
        results.push(ConfigurationResult {
            configuration,
            input_mb,
            ratio: lede.mb_per_s / baseline.mb_per_s.max(1e-12),
            lede,
            baseline,
        });
    }
    let last = results
        .last()
        .expect("a validated sweep has a configuration")
        .clone();
    Ok(IndexBenchReport {
        corpus: sweep.corpus.clone(),
        runs: sweep.runs,
        scaling_spread: scaling_spread(&results, |r| r.lede.mb_per_s),
        baseline_scaling_spread: scaling_spread(&results, |r| r.baseline.mb_per_s),
        ratio_scaling_spread: scaling_spread(&results, |r| r.ratio),
        lede: last.lede,
        baseline: last.baseline,
        ratio: last.ratio,
        configurations: results,
    })
}

/// (highest − lowest) / highest of a figure (`lede`'s MB/s, say) across corpus sizes, for each
/// thread and memory setting; the largest of those.
fn scaling_spread(
    results: &[ConfigurationResult],
    figure: impl Fn(&ConfigurationResult) -> f64,
) -> Option<f64> {
    let mut spread: Option<f64> = None;
    for r in results {
        let same: Vec<f64> = results
            .iter()
            .filter(|o| {
                o.configuration.threads == r.configuration.threads
                    && o.configuration.memory_mib == r.configuration.memory_mib
            })
            .map(&figure)
            .collect();
        if same.len() < 2 {
            continue;
        }
        let hi = same.iter().cloned().fold(f64::MIN, f64::max);
        let lo = same.iter().cloned().fold(f64::MAX, f64::min);
        let s = (hi - lo) / hi.max(1e-12);
        spread = Some(spread.map_or(s, |x: f64| x.max(s)));
    }
    spread
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seeds() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
    }

    #[test]
    fn both_sides_index_the_whole_corpus_and_repeat_multiplies_it() {
        let work = tempfile::tempdir().unwrap();
        let spec = |side, repeat, name: &str| RunSpec {
            side,
            corpus: seeds(),
            options: IndexOptions {
                threads: 1,
                memory_bytes: 32 << 20,
                repeat,
                ..IndexOptions::default()
            },
            dir: work.path().join(name),
        };
        let lede = run(&spec(Side::Lede, 1, "a")).unwrap();
        let lede2 = run(&spec(Side::Lede, 2, "b")).unwrap();
        let base = run(&spec(Side::Baseline, 2, "c")).unwrap();
        assert_eq!(lede.articles, 5);
        assert!(
            lede.documents > lede.articles,
            "passages outnumber articles"
        );
        assert_eq!(
            lede2.articles, 10,
            "ids made unique: the second pass is new articles"
        );
        assert_eq!(lede2.documents, 2 * lede.documents);
        assert_eq!(lede2.bytes, 2 * lede.bytes);
        assert_eq!(
            (base.articles, base.documents, base.bytes),
            (10, 10, lede2.bytes)
        );
        assert!(lede.index_bytes > 0 && lede.segments >= 1);
        assert!(lede.stages.clean > 0.0 && lede.stages.commit > 0.0);
        if cfg!(target_os = "linux") {
            let peak = lede.peak_anon_mib.unwrap();
            assert!(
                !lede.anon_tenths_mib.is_empty()
                    && lede.anon_tenths_mib.iter().all(|&m| m > 0.0 && m <= peak),
                "{:?} within the peak {peak}",
                lede.anon_tenths_mib
            );
        }
        let err = run(&spec(Side::Lede, 1, "a")).unwrap_err();
        assert!(err.to_string().contains("must be empty"), "{err}");
    }

    #[test]
    fn a_sweep_warms_up_alternates_and_keeps_medians() {
        let work = tempfile::tempdir().unwrap();
        let plan = Sweep {
            corpus: seeds(),
            repeats: vec![1, 2],
            threads: vec![1],
            memory_mib: vec![32],
            runs: 3,
        };
        let mut calls = Vec::new();
        let report = sweep(
            &plan,
            work.path(),
            &mut |spec| {
                calls.push((spec.side, spec.options.repeat));
                // A fake runner: time grows with the call number, so the median is known.
                let n = calls.len() as f64;
                Ok(RunResult {
                    bytes: 1_000_000 * spec.options.repeat as u64,
                    articles: 10,
                    documents: 20,
                    seconds: if spec.side == Side::Lede { n } else { 2.0 * n },
                    stages: StageTimes::default(),
                    peak_rss_mib: Some(50.0),
                    peak_anon_mib: Some(40.0),
                    anon_tenths_mib: vec![n],
                    index_bytes: 1 << 20,
                    segments: 1,
                })
            },
            &mut |_| {},
        )
        .unwrap();
        assert_eq!(calls.len(), 2 * 2 * 4);
        assert_eq!(calls[0], (Side::Lede, 1));
        assert_eq!(calls[1], (Side::Baseline, 1));
        // repeat 1: lede's measured runs are calls 3, 5, 7 (median 5 s for 1 MB), the
        // baseline's calls 4, 6, 8 (8, 12 and 16 s: median 12 s).
        let first = &report.configurations[0];
        assert_eq!(first.lede.run_seconds, [3.0, 5.0, 7.0]);
        assert_eq!(
            first.lede.anon_tenths_mib,
            [5.0],
            "the median run's memory trace"
        );
        assert!((first.lede.mb_per_s - 0.2).abs() < 1e-9);
        assert!((first.baseline.mb_per_s - 1.0 / 12.0).abs() < 1e-9);
        assert!((first.ratio - 2.4).abs() < 1e-9);
        assert_eq!(report.ratio, report.configurations[1].ratio);
        // repeat 2: lede 2 MB in 13 s, the baseline in 28 s. Spreads, (highest − lowest) /
        // highest: lede 1 − 10/13, the baseline 1 − 12/14, the ratio (2.4 and 28/13) 4/39.
        let close = |got: Option<f64>, want: f64| got.is_some_and(|g| (g - want).abs() < 1e-9);
        assert!(close(report.scaling_spread, 3.0 / 13.0));
        assert!(close(report.baseline_scaling_spread, 1.0 / 7.0));
        assert!(close(report.ratio_scaling_spread, 4.0 / 39.0));
        assert!(sweep(
            &Sweep {
                runs: 0,
                ..plan.clone()
            },
            work.path(),
            &mut |_| unreachable!(),
            &mut |_| {}
        )
        .is_err());
    }
}
