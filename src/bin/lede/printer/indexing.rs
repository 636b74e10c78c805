//! What an indexing run did, its notices, and the model's status.

use std::io::{self, Write};

use super::*;

/// The end-of-run summary of `lede index`.
pub fn index_report(out: &mut impl Write, r: &IndexReport, elapsed: Duration) -> io::Result<()> {
    let secs = elapsed.as_secs_f64();
    let plural = |n: u64, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    writeln!(
        out,
        "indexed {} as {} from {} ({}) in {:.2} s, {:.1} MB/s; cleaning removed {} of debris",
        plural(r.articles as u64, "article"),
        plural(r.passages as u64, "passage"),
        plural(r.files as u64, "file"),
        human_bytes(r.bytes),
        secs,
        r.bytes as f64 / 1e6 / secs.max(1e-9),
        plural(r.removed as u64, "piece"),
    )?;
    for (files, articles, what) in [
        (
            r.unchanged_files,
            r.unchanged_articles,
            "unchanged: not read again",
        ),
        (r.pruned_files, r.pruned_articles, "pruned: gone, removed"),
    ] {
        if files > 0 {
            let (what, done) = what.split_once(": ").expect("a heading and words");
            writeln!(
                out,
                "{what}: {} ({}) {done}",
                plural(files as u64, "file"),
                plural(articles, "article")
            )?;
        }
    }
    let counts = r.notice_counts();
    for (warnings, heading) in [(true, "warnings"), (false, "notes")] {
        let parts: Vec<String> = counts
            .iter()
            .filter(|(reason, _)| reason.is_warning() == warnings)
            .map(|(reason, n)| format!("{n} {}", reason.label()))
            .collect();
        if !parts.is_empty() {
            let total: usize = counts
                .iter()
                .filter(|(reason, _)| reason.is_warning() == warnings)
                .map(|(_, n)| n)
                .sum();
            writeln!(out, "{heading}: {total} ({})", parts.join(", "))?;
        }
    }
    if r.embedded > 0 {
        writeln!(
            out,
            "embedded {} in {:.1} CPU-s",
            plural(r.embedded as u64, "passage"),
            r.stages.embed
        )?;
    }
    if r.commits > 1 {
        writeln!(out, "committed in {} batches", r.commits)?;
    }
    out.flush()
}

/// Everything passed over or repaired, one line each, on stderr: warnings, then notes.
pub fn notices(r: &IndexReport) -> io::Result<()> {
    let mut err = anstream::stderr().lock();
    for n in &r.notices {
        let level = if n.reason.is_warning() {
            "warning"
        } else {
            "note"
        };
        writeln!(err, "lede: {level}: {n}")?;
    }
    Ok(())
}

/// `lede model`: where the model is, and what is missing with how to add it.
#[cfg(feature = "semantic")]
pub fn model_status(
    dir: &std::path::Path,
    missing: Option<&lede::Error>,
    table: Option<(&std::path::Path, Option<&lede::Error>)>,
) {
    println!("model        {}", dir.display());
    match missing {
        Some(e) => println!("             not installed: {e}"),
        None => println!("             installed (all-MiniLM-L6-v2: config, tokenizer, weights)"),
    }
    if let Some((path, error)) = table {
        match error {
            Some(e) => println!("static table {e}"),
            None => println!("static table {}", path.display()),
        }
    }
}
