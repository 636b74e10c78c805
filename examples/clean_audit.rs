//! Audits cleaning on a corpus: what each rule removes, with samples, so rules can be checked
//! against real data.
//!
//! ```text
//! cargo run --release --example clean_audit -- ../shared/data/bbc [SAMPLES]
//! ```

use std::collections::BTreeMap;
use std::path::PathBuf;

fn main() -> lede::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = PathBuf::from(args.next().unwrap_or_else(|| "seeds".into()));
    let samples: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(5);
    let (files, mut notices) = lede::ingest::discover(&[path])?;
    let mut by_kind: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    let (mut articles, mut lines, mut titles) = (0usize, 0usize, 0usize);
    for file in &files {
        lede::ingest::read_file(file, &mut notices, &mut |article| {
            articles += 1;
            lines += article
                .text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .count();
            let cleaned = lede::ingest::clean(&article.text, article.title.is_none());
            titles += usize::from(cleaned.title.is_some());
            for r in cleaned.removed {
                by_kind
                    .entry(r.kind.describe())
                    .or_default()
                    .push(format!("{} l.{}: {}", article.doc_id, r.line, r.text));
            }
            Ok(())
        })?;
    }
    println!("{articles} articles, {lines} non-blank lines, {titles} headlines found in text");
    for (kind, removed) in &by_kind {
        println!(
            "\n{kind}: {} ({:.3}% of lines)",
            removed.len(),
            100.0 * removed.len() as f64 / lines.max(1) as f64
        );
        for sample in removed
            .iter()
            .step_by((removed.len() / samples.max(1)).max(1))
            .take(samples)
        {
            let short: String = sample.chars().take(150).collect();
            println!("  {short}");
        }
    }
    Ok(())
}
