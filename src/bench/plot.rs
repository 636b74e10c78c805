//! SVG plots of benchmark sweeps, drawn with `plotters`.

use std::path::Path;

use plotters::prelude::*;

use super::index::{ConfigurationResult, IndexBenchReport};
use crate::error::{Error, Result};

/// The setting a sweep varies most, drawn along the x axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Axis {
    /// Corpus size (input MB).
    Corpus,
    /// Writer threads.
    Threads,
    /// Writer memory (MiB).
    Memory,
}

impl Axis {
    fn of(report: &IndexBenchReport) -> Axis {
        let distinct = |f: &dyn Fn(&ConfigurationResult) -> usize| {
            let mut v: Vec<usize> = report.configurations.iter().map(f).collect();
            v.sort_unstable();
            v.dedup();
            v.len()
        };
        let counts = [
            (distinct(&|c| c.configuration.repeat), Axis::Corpus),
            (distinct(&|c| c.configuration.threads), Axis::Threads),
            (distinct(&|c| c.configuration.memory_mib), Axis::Memory),
        ];
        // The most values wins; on a tie, the earlier (corpus size, then threads).
        let best = counts.iter().map(|c| c.0).max().unwrap_or(1);
        counts
            .iter()
            .find(|c| c.0 == best)
            .map_or(Axis::Corpus, |c| c.1)
    }

    fn x(self, c: &ConfigurationResult) -> f64 {
        match self {
            Axis::Corpus => c.input_mb,
            Axis::Threads => c.configuration.threads as f64,
            Axis::Memory => c.configuration.memory_mib as f64,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Axis::Corpus => "input (MB)",
            Axis::Threads => "writer threads",
            Axis::Memory => "writer memory (MiB)",
        }
    }

    /// What tells apart the series drawn against this axis.
    fn series_key(self, c: &ConfigurationResult) -> String {
        let c = &c.configuration;
        match self {
            Axis::Corpus => format!("{} threads, {} MiB", c.threads, c.memory_mib),
            Axis::Threads => format!("×{}, {} MiB", c.repeat, c.memory_mib),
            Axis::Memory => format!("×{}, {} threads", c.repeat, c.threads),
        }
    }
}

/// Draws a sweep's throughput (MB/s, top) and peak memory (MiB, bottom) of both sides against
/// the setting the sweep varies most, to an SVG file.
pub fn index_sweep(report: &IndexBenchReport, path: &Path) -> Result<()> {
    draw(report, path).map_err(|e| Error::io(path, std::io::Error::other(e.to_string())))
}

type Series = Vec<(String, bool, Vec<(f64, f64)>)>;

fn draw(
    report: &IndexBenchReport,
    path: &Path,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let axis = Axis::of(report);
    let mut keys: Vec<String> = report
        .configurations
        .iter()
        .map(|c| axis.series_key(c))
        .collect();
    keys.dedup();
    let several = keys.len() > 1;
    let series = |value: &dyn Fn(&ConfigurationResult, bool) -> f64| -> Series {
        let mut out = Vec::new();
        for key in &keys {
            for lede in [true, false] {
                let mut points: Vec<(f64, f64)> = report
                    .configurations
                    .iter()
                    .filter(|c| &axis.series_key(c) == key)
                    .map(|c| (axis.x(c), value(c, lede)))
                    .collect();
                points.sort_by(|a, b| a.0.total_cmp(&b.0));
                let side = if lede { "lede" } else { "tantivy en_stem" };
                let name = if several {
                    format!("{side} ({key})")
                } else {
                    side.to_string()
                };
                out.push((name, lede, points));
            }
        }
        out
    };
    let speed = series(&|c, lede| {
        if lede {
            c.lede.mb_per_s
        } else {
            c.baseline.mb_per_s
        }
    });
    let memory = series(&|c, lede| {
        if lede {
            c.lede.peak_rss_mib
        } else {
            c.baseline.peak_rss_mib
        }
    });
    let root = SVGBackend::new(path, (800, 720)).into_drawing_area();
    root.fill(&WHITE)?;
    let (top, bottom) = root.split_vertically(380);
    let title = format!(
        "Indexing {} (median of {} runs)",
        report.corpus.file_name().map_or_else(
            || report.corpus.display().to_string(),
            |n| n.to_string_lossy().into_owned()
        ),
        report.runs
    );
    panel(&top, &title, axis.label(), "throughput (MB/s)", &speed)?;
    panel(
        &bottom,
        "",
        axis.label(),
        "peak resident memory (MiB)",
        &memory,
    )?;
    root.present()?;
    Ok(())
}

fn panel(
    area: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    title: &str,
    x_label: &str,
    y_label: &str,
    series: &Series,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let xs = series.iter().flat_map(|s| s.2.iter().map(|p| p.0));
    let (x_lo, x_hi) = xs.fold((f64::MAX, f64::MIN), |(lo, hi), x| (lo.min(x), hi.max(x)));
    let y_hi = series
        .iter()
        .flat_map(|s| s.2.iter().map(|p| p.1))
        .fold(0.0f64, f64::max);
    let pad = ((x_hi - x_lo) * 0.05).max(0.5);
    let mut chart = ChartBuilder::on(area)
        .caption(title, ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d((x_lo - pad)..(x_hi + pad), 0.0..(y_hi * 1.15).max(1.0))?;
    chart
        .configure_mesh()
        .x_desc(x_label)
        .y_desc(y_label)
        .draw()?;
    let colours = [BLUE, RED, GREEN, MAGENTA, CYAN, BLACK];
    for (i, (name, lede, points)) in series.iter().enumerate() {
        let colour = colours[(i / 2) % colours.len()];
        let style = if *lede {
            colour.stroke_width(2)
        } else {
            colour.mix(0.6).stroke_width(1)
        };
        chart
            .draw_series(LineSeries::new(points.clone(), style))?
            .label(name.clone())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], style));
        chart.draw_series(points.iter().map(|&p| Circle::new(p, 3, colour.filled())))?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::index::{Configuration, Measured};
    use crate::indexer::StageTimes;

    fn measured(mb_per_s: f64) -> Measured {
        Measured {
            mb_per_s,
            docs_per_s: 0.0,
            passages_per_s: 0.0,
            peak_rss_mib: 100.0,
            peak_anon_mib: 80.0,
            anon_tenths_mib: Vec::new(),
            index_mib: 1.0,
            segments: 1,
            seconds: 1.0,
            run_seconds: vec![1.0],
            stages: StageTimes::default(),
        }
    }

    #[test]
    fn a_corpus_sweep_is_drawn_against_input_size() {
        let configurations: Vec<ConfigurationResult> = [1, 2, 4]
            .iter()
            .map(|&repeat| ConfigurationResult {
                configuration: Configuration {
                    repeat,
                    threads: 2,
                    memory_mib: 128,
                },
                input_mb: 19.0 * repeat as f64,
                lede: measured(20.0),
                baseline: measured(15.0),
                ratio: 20.0 / 15.0,
            })
            .collect();
        let report = IndexBenchReport {
            corpus: "reuters21578".into(),
            runs: 3,
            lede: measured(20.0),
            baseline: measured(15.0),
            ratio: 20.0 / 15.0,
            scaling_spread: Some(0.0),
            baseline_scaling_spread: Some(0.0),
            ratio_scaling_spread: Some(0.0),
            configurations,
        };
        assert_eq!(Axis::of(&report), Axis::Corpus);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sweep.svg");
        index_sweep(&report, &path).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        assert!(svg.starts_with("<svg"));
        for label in ["input (MB)", "throughput (MB/s)", "lede", "tantivy en_stem"] {
            assert!(svg.contains(label), "{label} missing");
        }
        let missing = dir.path().join("no/such/folder/x.svg");
        assert!(index_sweep(&report, &missing).is_err());
    }
}
