//! Accuracy of outlet extraction against a JSON Lines corpus labelled with `source` (the
//! outlet): the label is withheld, the outlet is extracted from the text, and names are compared
//! by their letters and digits (`POLITICO` = `politico`; `ABC News` matches `abc`).
//!
//! ```text
//! cargo run --release --example outlet_accuracy -- ../shared/data/buzzfeed_webis_2016/corpus.jsonl [--errors N]
//! ```

use std::collections::BTreeMap;
use std::io::BufRead;

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .first()
        .cloned()
        .unwrap_or_else(|| "../shared/data/buzzfeed_webis_2016/corpus.jsonl".into());
    let mut errors: usize = args
        .iter()
        .position(|a| a == "--errors")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let (mut labelled, mut found, mut correct) = (0usize, 0usize, 0usize);
    let mut per_outlet: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut by_method: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for line in std::io::BufReader::new(std::fs::File::open(&path)?).lines() {
        let Ok(record) = serde_json::from_str::<serde_json::Value>(&line?) else {
            continue;
        };
        let Some(label) = record["source"].as_str().filter(|s| !s.is_empty()) else {
            continue;
        };
        let text = record["text"].as_str().unwrap_or("");
        if text.trim().is_empty() {
            continue;
        }
        labelled += 1;
        let cleaned = lede::ingest::clean(text, false);
        let paragraphs: Vec<&str> = cleaned.paragraphs.iter().map(|p| p.text.as_str()).collect();
        let entry = per_outlet.entry(label.to_string()).or_default();
        entry.0 += 1;
        let Some(f) = lede::metadata::find_outlet(&paragraphs, &cleaned.removed) else {
            continue;
        };
        found += 1;
        entry.1 += 1;
        let (a, b) = (squash(&f.name), squash(label));
        let ok = !a.is_empty() && (a.starts_with(&b) || b.starts_with(&a));
        correct += usize::from(ok);
        entry.2 += usize::from(ok);
        let m = by_method.entry(format!("{:?}", f.method)).or_default();
        m.0 += 1;
        m.1 += usize::from(ok);
        if !ok && errors > 0 {
            errors -= 1;
            println!(
                "label {label:<16} found {:?} by {:?}: {:?}",
                f.name,
                f.method,
                f.matched.chars().take(100).collect::<String>()
            );
        }
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    println!("{path}");
    println!("labelled articles with text: {labelled}");
    println!(
        "coverage (an outlet found): {found} ({:.1}%)",
        pct(found, labelled)
    );
    println!(
        "precision (right when found): {correct}/{found} ({:.1}%)",
        pct(correct, found)
    );
    println!("recall (right of all): {:.1}%", pct(correct, labelled));
    for (method, (n, ok)) in by_method {
        println!("  by {method:<14} {n:>5} found, {:.1}% right", pct(ok, n));
    }
    for (outlet, (n, f, ok)) in per_outlet {
        println!("  {outlet:<18} {n:>4} articles, {f:>4} found, {ok:>4} right");
    }
    Ok(())
}
