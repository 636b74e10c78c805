//! Query latency: every query of a set run through [`Engine::search`] (ranking, snippets and
//! grouping included) and, on the same index and searcher, through tantivy's plain top-10 BM25
//! over the passage text, so the two are timed alike.

use std::time::{Duration, Instant};

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use crate::error::Result;
use crate::{analysis, Engine, SearchRequest};

/// Latency figures of one way of searching, in milliseconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Latency {
    /// Median.
    pub p50_ms: f64,
    /// 90th percentile.
    pub p90_ms: f64,
    /// 99th percentile.
    pub p99_ms: f64,
    /// Slowest.
    pub max_ms: f64,
    /// Mean.
    pub mean_ms: f64,
}

impl Latency {
    /// Figures of a set of timings (nearest-rank percentiles).
    pub fn of(times: &mut [Duration]) -> Latency {
        if times.is_empty() {
            return Latency::default();
        }
        times.sort_unstable();
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let at = |p: f64| {
            let rank = ((p * times.len() as f64).ceil() as usize).clamp(1, times.len());
            ms(times[rank - 1])
        };
        Latency {
            p50_ms: at(0.50),
            p90_ms: at(0.90),
            p99_ms: at(0.99),
            max_ms: ms(times[times.len() - 1]),
            mean_ms: times.iter().map(|&d| ms(d)).sum::<f64>() / times.len() as f64,
        }
    }
}

/// The outcome of a latency run.
#[derive(Debug, Clone, Serialize)]
pub struct LatencyReport {
    /// Passages in the index.
    pub passages: u64,
    /// Distinct queries.
    pub queries: usize,
    /// Timed searches per way (queries × runs).
    pub searches: usize,
    /// `lede search`: ranking, top 10 hits with snippets, grouping.
    pub lede: Latency,
    /// tantivy's top-10 BM25 over the passage text, no stored fields read.
    pub baseline: Latency,
    /// lede's median over the baseline's.
    pub p50_ratio: f64,
    /// Queries `lede` refused (nothing to search for), left out of both.
    pub refused: usize,
}

/// Times every query `runs` times, after one untimed warm-up pass, alternating lede and the
/// baseline query by query.
pub fn measure_latency(engine: &Engine, queries: &[String], runs: usize) -> Result<LatencyReport> {
    let searcher = engine.searcher();
    let fields = *engine.fields();
    let mut analyzer = analysis::stemmed();
    let mut usable = Vec::new();
    let mut refused = 0;
    for q in queries {
        let request = SearchRequest::new(q.clone());
        match engine.search(&request) {
            Ok(_) => {
                let stems: Vec<String> = analysis::terms(&mut analyzer, q)
                    .into_iter()
                    .map(|t| t.0)
                    .collect();
                usable.push((request, stems));
            }
            Err(crate::Error::Query(_)) => refused += 1,
            Err(e) => return Err(e),
        }
    }
    let baseline_query = |stems: &[String]| -> Box<dyn Query> {
        Box::new(BooleanQuery::union(
            stems
                .iter()
                .map(|s| -> Box<dyn Query> {
                    Box::new(TermQuery::new(
                        Term::from_field_text(fields.text, s),
                        IndexRecordOption::WithFreqs,
                    ))
                })
                .collect(),
        ))
    };
    let top10 = TopDocs::with_limit(10).order_by_score();
    for (_, stems) in &usable {
        searcher.search(&*baseline_query(stems), &top10)?;
    }
    let (mut lede, mut base) = (Vec::new(), Vec::new());
    for _ in 0..runs.max(1) {
        for (request, stems) in &usable {
            let start = Instant::now();
            std::hint::black_box(engine.search(request)?);
            lede.push(start.elapsed());
            let start = Instant::now();
            std::hint::black_box(searcher.search(&*baseline_query(stems), &top10)?);
            base.push(start.elapsed());
        }
    }
    let searches = lede.len();
    let (lede, baseline) = (Latency::of(&mut lede), Latency::of(&mut base));
    Ok(LatencyReport {
        passages: searcher.num_docs(),
        queries: usable.len(),
        searches,
        p50_ratio: if baseline.p50_ms > 0.0 {
            lede.p50_ms / baseline.p50_ms
        } else {
            0.0
        },
        lede,
        baseline,
        refused,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let mut times: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        let l = Latency::of(&mut times);
        assert_eq!(
            (l.p50_ms, l.p90_ms, l.p99_ms, l.max_ms),
            (50.0, 90.0, 99.0, 100.0)
        );
        assert!((l.mean_ms - 50.5).abs() < 1e-9);
        assert_eq!(Latency::of(&mut []), Latency::default());
    }

    #[test]
    fn both_ways_are_timed_on_the_same_index() {
        let engine = Engine::in_memory().unwrap();
        engine
            .index_articles([crate::Article::new(
                "a",
                "Coffee prices rose after the frost.",
            )])
            .unwrap();
        let queries = vec!["coffee frost".to_string(), "?!".to_string()];
        let r = measure_latency(&engine, &queries, 3).unwrap();
        assert_eq!((r.queries, r.refused, r.searches), (1, 1, 3));
        assert!(r.lede.max_ms > 0.0 && r.baseline.max_ms > 0.0);
    }
}
