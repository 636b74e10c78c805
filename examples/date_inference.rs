//! Accuracy of inferred dates against a JSON Lines corpus whose records are dated (`date` as
//! YYYY-MM-DD). The dated records are split into `--every` folds (default 4); a fold's records
//! have their dates withheld, the corpus is indexed into a temporary index as `lede index`
//! would, so withheld articles are dated only by their own text or by inference from the dated
//! ones, and their dates are compared with the withheld labels, by the rule that gave them.
//! `--fold K` runs fold K (default 0); `--all-folds` runs every fold in turn, so that each
//! dated record is withheld once, and pools the counts.
//!
//! ```text
//! cargo run --release --example date_inference -- ../shared/data/polnear/corpus.jsonl [--every 4] [--fold K | --all-folds] [--errors N]
//! ```

use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;

use lede::{Article, Engine};

/// Dated articles given, by the rule that dated them.
#[derive(Default)]
struct Tally {
    n: usize,
    exact: usize,
    near: usize,
}

/// What one fold measured.
#[derive(Default)]
struct Counts {
    articles: usize,
    withheld: usize,
    undated: usize,
    by_method: BTreeMap<String, Tally>,
}

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
    let folds: Vec<usize> = if args.iter().any(|a| a == "--all-folds") {
        (0..every).collect()
    } else {
        vec![number("--fold", 0) % every]
    };
    let mut total = Counts::default();
    for fold in folds {
        let counts = run_fold(&path, every, fold, &mut errors)?;
        total.articles = counts.articles;
        total.withheld += counts.withheld;
        total.undated += counts.undated;
        for (method, t) in counts.by_method {
            let sum = total.by_method.entry(method).or_default();
            sum.n += t.n;
            sum.exact += t.exact;
            sum.near += t.near;
        }
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    println!(
        "{path}: {} articles indexed, {} dates withheld in all",
        total.articles, total.withheld,
    );
    println!(
        "  left undated: {} ({:.1}%)",
        total.undated,
        pct(total.undated, total.withheld)
    );
    for (method, t) in &total.by_method {
        println!(
            "  by {method:<14} {:>4} dated ({:.1}%): exact {:.1}%, within 3 days {:.1}% ({}/{})",
            t.n,
            pct(t.n, total.withheld),
            pct(t.exact, t.n),
            pct(t.near, t.n),
            t.near,
            t.n
        );
    }
    Ok(())
}

/// Indexes `path` with the dates of fold `fold` of `every` withheld and scores what dated them;
/// prints up to `errors` dates more than 3 days off.
fn run_fold(
    path: &str,
    every: usize,
    fold: usize,
    errors: &mut usize,
) -> Result<Counts, Box<dyn std::error::Error>> {
    let mut articles = Vec::new();
    let mut withheld: HashMap<String, time::Date> = HashMap::new();
    let mut dated = 0usize;
    for line in std::io::BufReader::new(std::fs::File::open(path)?).lines() {
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
        if dated % every == fold {
            withheld.insert(id, date);
        } else {
            article = article.with_date(date);
        }
        articles.push(article);
    }
    let engine = Engine::in_memory()?;
    let report = engine.index_articles(articles)?;
    let mut counts = Counts {
        articles: report.articles,
        withheld: withheld.len(),
        ..Counts::default()
    };
    let mut ids: Vec<&String> = withheld.keys().collect();
    ids.sort();
    for id in ids {
        let label = withheld[id];
        let shown = engine.article(id)?;
        let Some(article) = shown.first() else {
            continue;
        };
        let Some(date) = article.date else {
            counts.undated += 1;
            continue;
        };
        let evidence = article.evidence.iter().find(|e| e.field == "date");
        let method = evidence.map_or("?".to_string(), |e| e.method.clone());
        let days = (date - label).whole_days().abs();
        let t = counts.by_method.entry(method.clone()).or_default();
        t.n += 1;
        t.exact += usize::from(days == 0);
        t.near += usize::from(days <= 3);
        if days > 3 && *errors > 0 {
            *errors -= 1;
            println!(
                "{id}: label {} given {} by {method}: {}",
                lede::date::format_ymd(label),
                lede::date::format_ymd(date),
                evidence.map_or("", |e| e.matched.as_str())
            );
        }
    }
    Ok(counts)
}
