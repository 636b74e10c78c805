//! Accuracy of outlet extraction against a JSON Lines corpus labelled with its outlet (`source`
//! in BuzzFeed-Webis, `outlet` in PolNeAR). The label (and the record's `date`) is withheld; the
//! article's `url` is kept unless `--withhold-url`. Each article's outlet is extracted as
//! `lede index` does, then named as the archive names it: the canonical name of its outlet
//! across every article of the file ([`lede::metadata::OutletNames`]).
//!
//! A name matches a label when their letters are the same or one begins the other (`POLITICO`,
//! `politico`), or the label's parts begin the name's words or are their initials
//! (`wash-post`: `The Washington Post`; `nyt`: `The New York Times`).
//!
//! BuzzFeed-Webis labels each record with the Facebook page that shared it, and some pages
//! share other sites' articles (`eagle-rising` posts `conservativebyte.com`). Figures are also
//! given for the records whose address is on the labelled outlet's own site (its name fits the
//! address), where the label names the page's publisher.
//!
//! ```text
//! cargo run --release --example outlet_accuracy -- ../shared/data/buzzfeed_webis_2016/corpus.jsonl [--withhold-url] [--errors N]
//! cargo run --release --example outlet_accuracy -- ../shared/data/polnear/corpus.jsonl
//! ```

use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;

use lede::metadata::{OutletName, OutletNames};

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn matches(label: &str, name: &str) -> bool {
    let (a, b) = (squash(name), squash(label));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a.starts_with(&b) || b.starts_with(&a) {
        return true;
    }
    let words: Vec<String> = name
        .split_whitespace()
        .map(squash)
        .filter(|w| !w.is_empty() && w != "the")
        .collect();
    let initials: String = words.iter().filter_map(|w| w.chars().next()).collect();
    let parts: Vec<String> = label
        .split(|c: char| !c.is_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(str::to_lowercase)
        .collect();
    initials == b
        || (parts.len() == words.len()
            && parts
                .iter()
                .zip(&words)
                .all(|(p, w)| w.starts_with(p.as_str())))
}

struct Row {
    label: String,
    url: Option<String>,
    site: Option<String>,
    outlet: Option<String>,
    method: String,
    matched: String,
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .first()
        .cloned()
        .unwrap_or_else(|| "../shared/data/buzzfeed_webis_2016/corpus.jsonl".into());
    let withhold_url = args.iter().any(|a| a == "--withhold-url");
    let mut errors: usize = args
        .iter()
        .position(|a| a == "--errors")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let mut rows = Vec::new();
    for line in std::io::BufReader::new(std::fs::File::open(&path)?).lines() {
        let Ok(record) = serde_json::from_str::<serde_json::Value>(&line?) else {
            continue;
        };
        let label = record["source"]
            .as_str()
            .or(record["outlet"].as_str())
            .filter(|s| !s.is_empty());
        let text = record["text"].as_str().unwrap_or("");
        let (Some(label), false) = (label, text.trim().is_empty()) else {
            continue;
        };
        let mut article = lede::Article::new(record["id"].to_string(), text);
        article.title = record["title"].as_str().map(str::to_string);
        let url = record["url"].as_str().filter(|u| !u.is_empty());
        if !withhold_url {
            article.url = url.map(str::to_string);
        }
        let cleaned = lede::ingest::clean(&article.text, article.title.is_none());
        let meta = lede::metadata::extract(&article, &cleaned);
        let evidence = meta.evidence.iter().find(|e| e.field == "outlet");
        rows.push(Row {
            label: label.to_string(),
            url: url.map(str::to_string),
            site: meta.site,
            outlet: meta.outlet,
            method: evidence.map_or(String::new(), |e| e.method.clone()),
            matched: evidence.map_or(String::new(), |e| e.matched.clone()),
        });
    }
    // The archive's outlet names, as the index counts them: one per article.
    let mut counts: HashMap<(Option<String>, String), u64> = HashMap::new();
    for r in &rows {
        if let Some(name) = &r.outlet {
            // As the index records it: the site only with a name of that site.
            let own = r.site.clone().filter(|site| {
                name == site
                    || r.url
                        .as_deref()
                        .is_some_and(|u| lede::metadata::fits(name, u))
            });
            *counts.entry((own, name.clone())).or_default() += 1;
        }
    }
    let names: Vec<OutletName> = counts
        .into_iter()
        .map(|((site, name), articles)| OutletName {
            site,
            name,
            articles,
        })
        .collect();
    let table = OutletNames::build(&names, lede::analysis::keyword_term);
    let fold = lede::analysis::keyword_term;

    #[derive(Default)]
    struct Tally {
        articles: usize,
        found: usize,
        right: usize,
    }
    let (mut all, mut own) = (Tally::default(), Tally::default());
    let mut per_label: BTreeMap<String, Tally> = BTreeMap::new();
    let mut by_method: BTreeMap<String, Tally> = BTreeMap::new();
    let mut canonical_names: BTreeMap<String, usize> = BTreeMap::new();
    for r in &rows {
        let named = r
            .outlet
            .as_ref()
            .map(|name| table.canonical(name, fold).unwrap_or(name).to_string());
        // The address's host names the labelled outlet (`abcnews.go.com` for `abc`).
        let on_own_site = r.url.as_deref().is_some_and(|u| {
            let host = u
                .split("://")
                .nth(1)
                .unwrap_or(u)
                .split('/')
                .next()
                .unwrap_or("");
            host.split('.').any(|label| matches(&r.label, label))
        });
        let ok = named.as_deref().is_some_and(|n| matches(&r.label, n));
        let mut tallies = vec![&mut all];
        if on_own_site {
            tallies.push(&mut own);
        }
        tallies.push(per_label.entry(r.label.clone()).or_default());
        for t in tallies {
            t.articles += 1;
            t.found += usize::from(named.is_some());
            t.right += usize::from(ok);
        }
        if let Some(n) = &named {
            *canonical_names.entry(n.clone()).or_default() += 1;
            let m = by_method.entry(r.method.clone()).or_default();
            m.found += 1;
            m.right += usize::from(ok);
        }
        if named.is_some() && !ok && errors > 0 {
            errors -= 1;
            println!(
                "label {:<16} named {:?} by {}: {:?}",
                r.label,
                named.unwrap_or_default(),
                r.method,
                r.matched.chars().take(100).collect::<String>()
            );
        }
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    println!(
        "{path} ({})",
        if withhold_url {
            "label, date and url withheld"
        } else {
            "label and date withheld, url kept"
        }
    );
    for (what, t) in [
        ("all labelled articles with text", &all),
        ("  of which on the labelled outlet's own site", &own),
    ] {
        println!(
            "{what}: {} articles, outlet given for {} ({:.1}%), precision {}/{} ({:.1}%), recall {:.1}%",
            t.articles,
            t.found,
            pct(t.found, t.articles),
            t.right,
            t.found,
            pct(t.right, t.found),
            pct(t.right, t.articles)
        );
    }
    for (method, t) in &by_method {
        println!(
            "  by {method:<14} {:>5} named, {:.1}% right",
            t.found,
            pct(t.right, t.found)
        );
    }
    for (label, t) in &per_label {
        println!(
            "  {label:<18} {:>4} articles, {:>4} named, {:>4} right",
            t.articles, t.found, t.right
        );
    }
    let mut given: Vec<(&String, &usize)> = canonical_names.iter().collect();
    given.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    println!(
        "outlets in the archive: {}; names given, most articles first: {}",
        table.len(),
        given
            .iter()
            .take(12)
            .map(|(n, c)| format!("{n} ({c})"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}
