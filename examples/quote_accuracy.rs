//! Accuracy of quote detection against a JSON Lines corpus whose records list their quoted
//! passages (`quotes`, as BuzzFeed-Webis 2016 marks them). Quotes are detected in the cleaned
//! text; a detected and a marked quote match when their words are the same, or one's words
//! contain the other's and the shorter has at least 80% of the longer's letters.
//!
//! ```text
//! cargo run --release --example quote_accuracy -- ../shared/data/buzzfeed_webis_2016/corpus.jsonl
//! ```

use std::io::BufRead;

fn words(s: &str) -> String {
    let w: Vec<String> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    w.join(" ")
}

fn matches(a: &str, b: &str) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    a == b || (long.contains(short) && short.len() * 5 >= long.len() * 4)
}

fn main() -> std::io::Result<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/data/buzzfeed_webis_2016/corpus.jsonl".into());
    let (mut gold_n, mut gold_hit, mut ours_n, mut ours_hit, mut attributed) = (0, 0, 0, 0, 0);
    let (mut gold3, mut gold3_hit) = (0, 0);
    for line in std::io::BufReader::new(std::fs::File::open(&path)?).lines() {
        let Ok(record) = serde_json::from_str::<serde_json::Value>(&line?) else {
            continue;
        };
        let Some(marked) = record["quotes"].as_array() else {
            continue;
        };
        let text = record["text"].as_str().unwrap_or("");
        let gold: Vec<String> = marked
            .iter()
            .filter_map(|q| q.as_str())
            .map(words)
            .filter(|q| !q.is_empty())
            .collect();
        let cleaned = lede::ingest::clean(text, false);
        let paragraphs: Vec<&str> = cleaned.paragraphs.iter().map(|p| p.text.as_str()).collect();
        let ours: Vec<(String, bool)> = lede::metadata::attribute(&paragraphs)
            .into_iter()
            .flat_map(|p| p.quotes)
            .map(|(_, q)| (words(&q.text), q.speaker.is_some()))
            .filter(|(q, _)| !q.is_empty())
            .collect();
        gold_n += gold.len();
        ours_n += ours.len();
        for g in &gold {
            let hit = ours.iter().any(|(o, _)| matches(o, g));
            gold_hit += usize::from(hit);
            if g.split(' ').count() >= 3 {
                gold3 += 1;
                gold3_hit += usize::from(hit);
            }
        }
        for (o, has_speaker) in &ours {
            ours_hit += usize::from(gold.iter().any(|g| matches(o, g)));
            attributed += usize::from(*has_speaker);
        }
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    println!("{path}");
    println!("marked quotes: {gold_n}; detected: {ours_n}");
    println!(
        "recall: {gold_hit}/{gold_n} ({:.1}%); of quotes of 3+ words: {gold3_hit}/{gold3} ({:.1}%)",
        pct(gold_hit, gold_n),
        pct(gold3_hit, gold3)
    );
    println!(
        "precision: {ours_hit}/{ours_n} ({:.1}%)",
        pct(ours_hit, ours_n)
    );
    println!(
        "detected quotes with a speaker: {attributed}/{ours_n} ({:.1}%)",
        pct(attributed, ours_n)
    );
    Ok(())
}
