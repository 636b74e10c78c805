//! Accuracy of inferred dates against a JSON Lines corpus whose records are dated (`date` as
//! YYYY-MM-DD). Every `--every`-th dated record (default 4) has its date withheld; the corpus
//! is indexed into a temporary index as `lede index` would, so withheld articles are dated only
//! by their own text or by inference from the dated ones; their dates are then compared with
//! the withheld labels, by the rule that gave them.
//!
//! ```text
//! cargo run --release --example date_inference -- ../shared/data/polnear/corpus.jsonl [--every 4] [--errors N]
//! ```

use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;

use lede::{Article, Engine};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .first()
        .cloned()
        .unwrap_or_else(|| "../shared/data/polnear/corpus.jsonl".into());
    let number = |flag: &str, default: usize| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .and_then(|n| n.parse().ok())
            .unwrap_or(default)
    };
    let every = number("--every", 4).max(1);
    let mut errors = number("--errors", 0);
    let mut articles = Vec::new();
    let mut withheld: HashMap<String, time::Date> = HashMap::new();
    let mut dated = 0usize;
    for line in std::io::BufReader::new(std::fs::File::open(&path)?).lines() {
        let Ok(record) = serde_json::from_str::<serde_json::Value>(&line?) else {
            continue;
        };
        let text = record["text"].as_str().unwrap_or("");
        let Some(date) = record["date"].as_str().and_then(lede::date::parse_ymd) else {
            continue;
        };
        if text.trim().is_empty() {
            continue;
        }
        let id = record["id"]
            .as_str()
            .map_or_else(|| record["id"].to_string(), str::to_string);
        let mut article = Article::new(&id, text);
        article.title = record["title"].as_str().map(str::to_string);
        dated += 1;
        if dated % every == 0 {
            withheld.insert(id, date);
        } else {
            article = article.with_date(date);
        }
        articles.push(article);
    }
    let engine = Engine::in_memory()?;
    let report = engine.index_articles(articles)?;
    #[derive(Default)]
    struct Tally {
        n: usize,
        exact: usize,
        near: usize,
    }
    let mut by_method: BTreeMap<String, Tally> = BTreeMap::new();
    let mut undated = 0usize;
    let mut ids: Vec<&String> = withheld.keys().collect();
    ids.sort();
    for id in ids {
        let label = withheld[id];
        let shown = engine.article(id)?;
        let Some(article) = shown.first() else {
            continue;
        };
        let Some(date) = article.date else {
            undated += 1;
            continue;
        };
        let evidence = article.evidence.iter().find(|e| e.field == "date");
        let method = evidence.map_or("?".to_string(), |e| e.method.clone());
        let days = (date - label).whole_days().abs();
        let t = by_method.entry(method.clone()).or_default();
        t.n += 1;
        t.exact += usize::from(days == 0);
        t.near += usize::from(days <= 3);
        if days > 3 && errors > 0 {
            errors -= 1;
            println!(
                "{id}: label {} given {} by {method}: {}",
                lede::date::format_ymd(label),
                lede::date::format_ymd(date),
                evidence.map_or("", |e| e.matched.as_str())
            );
        }
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    println!(
        "{path}: {} articles indexed, {} with their date withheld; {} dates inferred in the run",
        report.articles,
        withheld.len(),
        report.dates_inferred
    );
    println!(
        "  left undated: {undated} ({:.1}%)",
        pct(undated, withheld.len())
    );
    for (method, t) in &by_method {
        println!(
            "  by {method:<14} {:>4} dated ({:.1}%): exact {:.1}%, within 3 days {:.1}%",
            t.n,
            pct(t.n, withheld.len()),
            pct(t.exact, t.n),
            pct(t.near, t.n)
        );
    }
    Ok(())
}
