//! Benchmark reports: query latency and indexing sweeps.

use std::io::{self, Write};

use super::*;

/// `lede bench query`'s table.
pub fn latency(out: &mut impl Write, r: &lede::bench::LatencyReport) -> io::Result<()> {
    writeln!(
        out,
        "{HEADING}query latency{HEADING:#}: {} queries × runs = {} searches each, over {} passages ({} queries refused)",
        r.queries, r.searches, r.passages, r.refused
    )?;
    writeln!(
        out,
        "{HEADING}{:<44} {:>8} {:>8} {:>8} {:>8} {:>8}{HEADING:#}",
        "way", "p50 ms", "p90 ms", "p99 ms", "max ms", "mean ms"
    )?;
    for (name, l) in [
        ("lede search (rank, snippets, grouping)", &r.lede),
        ("tantivy top-10 BM25, same index", &r.baseline),
    ] {
        writeln!(
            out,
            "{name:<44} {:>8.3} {:>8.3} {:>8.3} {:>8.3} {:>8.3}",
            l.p50_ms, l.p90_ms, l.p99_ms, l.max_ms, l.mean_ms
        )?;
    }
    writeln!(
        out,
        "{META}lede p50 / baseline p50: {:.2}{META:#}",
        r.p50_ratio
    )?;
    out.flush()
}

/// Serving load: requests/s and latency served over HTTP and made in-process, side by side.
#[cfg(feature = "serve")]
pub fn load_report(out: &mut impl Write, r: &lede::bench::LoadReport) -> io::Result<()> {
    writeln!(
        out,
        "{HEADING}serving load{HEADING:#}: {} queries in turn over {} passages; {} s a side, median of {} rounds",
        r.queries,
        r.passages,
        r.seconds,
        r.rounds.len()
    )?;
    writeln!(
        out,
        "{HEADING}{:<36} {:>9} {:>7} {:>6} {:>8} {:>8} {:>8}{HEADING:#}",
        "way", "requests", "req/s", "failed", "p50 ms", "p99 ms", "max ms"
    )?;
    let served = format!("HTTP, {} clients", r.clients);
    let in_process = format!("in-process, {} threads", r.threads);
    for (name, l) in [(served, &r.served), (in_process, &r.in_process)] {
        writeln!(
            out,
            "{name:<36} {:>9} {:>7.1} {:>6} {:>8.2} {:>8.2} {:>8.2}",
            l.requests,
            l.requests_per_s,
            l.failed,
            l.latency.p50_ms,
            l.latency.p99_ms,
            l.latency.max_ms
        )?;
    }
    writeln!(
        out,
        "{META}served req/s / in-process searches/s: {:.2}{META:#}",
        r.ratio
    )?;
    out.flush()
}

/// An indexing sweep: throughput, memory and size of both sides per configuration, then where
/// the time went.
pub fn index_bench(
    out: &mut impl Write,
    r: &lede::bench::IndexBenchReport,
    plot: Option<&Path>,
) -> io::Result<()> {
    writeln!(
        out,
        "{HEADING}indexing{HEADING:#} {}: median of {} runs after a warm-up; baseline: tantivy en_stem, id/title/body",
        r.corpus.display(),
        r.runs
    )?;
    writeln!(
        out,
        "{HEADING}{:>6} {:>7} {:>6} {:>8} | {:>7} {:>8} {:>9} {:>7} {:>7} {:>7} {:>4} | {:>7} {:>8} {:>7} {:>7} {:>7} {:>4} | {:>5}{HEADING:#}",
        "repeat", "threads", "MiB", "input MB",
        "MB/s", "docs/s", "passage/s", "peakMiB", "anonMiB", "idxMiB", "segs",
        "MB/s", "docs/s", "peakMiB", "anonMiB", "idxMiB", "segs", "ratio"
    )?;
    writeln!(
        out,
        "{META}{:>31} | {:<63} | {:<46} |{META:#}",
        "", "lede (clean, passages, metadata, stems + forms)", "tantivy baseline"
    )?;
    for c in &r.configurations {
        let (l, b) = (&c.lede, &c.baseline);
        writeln!(
            out,
            "{:>6} {:>7} {:>6} {:>8.1} | {:>7.2} {:>8.0} {:>9.0} {:>7.0} {:>7.0} {:>7.1} {:>4} | {:>7.2} {:>8.0} {:>7.0} {:>7.0} {:>7.1} {:>4} | {:>5.2}",
            c.configuration.repeat, c.configuration.threads, c.configuration.memory_mib, c.input_mb,
            l.mb_per_s, l.docs_per_s, l.passages_per_s, l.peak_rss_mib, l.peak_anon_mib, l.index_mib, l.segments,
            b.mb_per_s, b.docs_per_s, b.peak_rss_mib, b.peak_anon_mib, b.index_mib, b.segments, c.ratio
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{HEADING}where the time went{HEADING:#} (seconds of the median run: CPU time summed over threads; commit and wall are wall time)"
    )?;
    writeln!(
        out,
        "{HEADING}{:>6} {:>7} {:>6} {:<8} {:>7} {:>7} {:>8} {:>8} {:>7} {:>7} {:>7}{HEADING:#}",
        "repeat",
        "threads",
        "MiB",
        "side",
        "read",
        "clean",
        "passages",
        "metadata",
        "index",
        "commit",
        "wall"
    )?;
    for c in &r.configurations {
        for (side, m) in [("lede", &c.lede), ("tantivy", &c.baseline)] {
            let s = &m.stages;
            writeln!(
                out,
                "{:>6} {:>7} {:>6} {:<8} {:>7.2} {:>7.2} {:>8.2} {:>8.2} {:>7.2} {:>7.2} {:>7.2}",
                c.configuration.repeat,
                c.configuration.threads,
                c.configuration.memory_mib,
                side,
                s.read,
                s.clean,
                s.passages,
                s.metadata,
                s.index,
                s.commit,
                m.seconds
            )?;
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "{HEADING}allocated memory through the run{HEADING:#} (anonMiB of the median run: the highest in each tenth of it, first to last)"
    )?;
    writeln!(
        out,
        "{HEADING}{:>6} {:>7} {:>6} {:<8} {}{HEADING:#}",
        "repeat",
        "threads",
        "MiB",
        "side",
        (1..=10).map(|i| format!("{i:>5}")).collect::<String>()
    )?;
    for c in &r.configurations {
        for (side, m) in [("lede", &c.lede), ("tantivy", &c.baseline)] {
            writeln!(
                out,
                "{:>6} {:>7} {:>6} {:<8} {}",
                c.configuration.repeat,
                c.configuration.threads,
                c.configuration.memory_mib,
                side,
                m.anon_tenths_mib
                    .iter()
                    .map(|v| format!("{v:>5.0}"))
                    .collect::<String>()
            )?;
        }
    }
    writeln!(
        out,
        "{META}peakMiB: peak resident memory, mapped index files included; anonMiB: peak of allocated memory{META:#}"
    )?;
    if let (Some(lede), Some(baseline), Some(ratio)) = (
        r.scaling_spread,
        r.baseline_scaling_spread,
        r.ratio_scaling_spread,
    ) {
        writeln!(
            out,
            "{META}lede MB/s across corpus sizes varies by {:.1}% (highest to lowest); the baseline's by {:.1}%, the ratio by {:.1}% (the machine's drift moves both sides){META:#}",
            lede * 100.0,
            baseline * 100.0,
            ratio * 100.0
        )?;
    }
    if let Some(plot) = plot {
        writeln!(out, "{META}plot: {}{META:#}", plot.display())?;
    }
    out.flush()
}
