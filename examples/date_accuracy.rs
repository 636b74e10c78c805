//! Accuracy of date extraction against a labelled JSON Lines corpus (`date` as YYYY-MM-DD): the
//! label is withheld, the date is extracted from the cleaned text, and month and day compared.
//! With `--dateline`, a record's `dateline` field (e.g. "SALVADOR, Feb 26", cut from the story
//! by the corpus conversion) is put back in front of the text as the wire printed it.
//!
//! ```text
//! cargo run --release --example date_accuracy -- ../shared/data/reuters21578/corpus.jsonl [--dateline] [--errors N]
//! ```

use std::collections::BTreeMap;
use std::io::BufRead;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .first()
        .cloned()
        .unwrap_or_else(|| "../shared/data/reuters21578/corpus.jsonl".into());
    let with_dateline = args.iter().any(|a| a == "--dateline");
    let mut show_errors: usize = args
        .iter()
        .position(|a| a == "--errors")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let reader = std::io::BufReader::new(std::fs::File::open(&path)?);
    let (mut labelled, mut found, mut correct, mut full, mut full_correct) = (0, 0, 0, 0, 0);
    let mut by_method: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for line in reader.lines() {
        let record: serde_json::Value = match serde_json::from_str(&line?) {
            Ok(v) => v,
            Err(_) => continue,
        };
        let Some(label) = record["date"].as_str().and_then(lede::date::parse_ymd) else {
            continue;
        };
        let mut text = record["text"].as_str().unwrap_or("").to_string();
        if text.trim().is_empty() {
            continue;
        }
        if with_dateline {
            if let Some(dateline) = record["dateline"].as_str().filter(|d| !d.is_empty()) {
                text = format!("{dateline} - {text}");
            }
        }
        labelled += 1;
        let cleaned = lede::ingest::clean(&text, false);
        let paragraphs: Vec<&str> = cleaned.paragraphs.iter().map(|p| p.text.as_str()).collect();
        let Some(f) = lede::metadata::find_date(&paragraphs) else {
            continue;
        };
        found += 1;
        let ok = f.month == label.month() && f.day == label.day();
        if !ok && show_errors > 0 {
            show_errors -= 1;
            let at = paragraphs
                .iter()
                .find(|p| p.contains(&f.matched))
                .copied()
                .unwrap_or("");
            let i = at.find(&f.matched).unwrap_or(0);
            let context: String = at[i.saturating_sub(80)..].chars().take(140).collect();
            println!(
                "label {} found {:?} {:?}: …{context}",
                lede::date::format_ymd(label),
                f.method,
                f.matched
            );
        }
        correct += usize::from(ok);
        if let Some(date) = f.date() {
            full += 1;
            full_correct += usize::from(date == label);
        }
        let entry = by_method.entry(format!("{:?}", f.method)).or_default();
        entry.0 += 1;
        entry.1 += usize::from(ok);
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    println!(
        "{path}{}",
        if with_dateline {
            " (datelines restored)"
        } else {
            ""
        }
    );
    println!("labelled articles with text: {labelled}");
    println!(
        "coverage (month and day found): {found} ({:.1}%)",
        pct(found, labelled)
    );
    println!(
        "month-and-day accuracy of those found: {correct}/{found} ({:.1}%)",
        pct(correct, found)
    );
    println!(
        "full dates stored (year in context): {full} ({:.1}%), exact: {full_correct} ({:.1}%)",
        pct(full, labelled),
        pct(full_correct, full)
    );
    for (method, (n, ok)) in by_method {
        println!("  {method:<10} {n:>6} found, {:.1}% right", pct(ok, n));
    }
    Ok(())
}
