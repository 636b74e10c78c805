//! Accuracy of speaker attribution against PolNeAR's hand-annotated attributions
//! (`../shared/data/polnear`: `corpus.jsonl` and `quotes.jsonl`; read its SOURCE.md).
//!
//! Every article's paragraphs (its text split at blank lines, so the annotation offsets hold)
//! go through [`lede::metadata::attribute`], as indexing does after cleaning. Each annotated
//! attribution whose cue is a speech verb is then looked up: the quote or paraphrase lede finds
//! over the annotated content span, and the speaker lede gives it. A speaker is right when its
//! surname is the surname of the annotation's `speaker`, the name resolved from the gold
//! source mention: rows resolved from a name in the mention (`mention_name`) are the clean
//! test; rows whose mention is a pronoun (`corenlp_coref`) are scored against the corpus's
//! automatic coreference, a helper, not gold.
//!
//! ```text
//! cargo run --release --example speaker_accuracy -- ../shared/data/polnear [--split dev] [--errors N]
//! ```

use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;
use std::ops::Range;

use lede::metadata::{attribute, Person};

/// Cues that report speech (their first word), as PolNeAR writes them.
const SPEECH_CUES: &[&str] = &[
    "said",
    "says",
    "say",
    "saying",
    "told",
    "tells",
    "tell",
    "added",
    "adds",
    "asked",
    "asks",
    "stated",
    "states",
    "explained",
    "explains",
    "noted",
    "notes",
    "wrote",
    "writes",
    "declared",
    "announced",
    "announces",
    "insisted",
    "insists",
    "argued",
    "argues",
    "claimed",
    "claims",
    "replied",
    "responded",
    "continued",
    "recalled",
    "remarked",
    "warned",
    "warns",
    "tweeted",
    "joked",
    "quipped",
    "acknowledged",
    "admitted",
    "suggested",
    "suggests",
    "predicted",
    "according",
    "declares",
    "asserted",
    "contended",
    "stressed",
    "emphasized",
    "boasted",
    "complained",
    "conceded",
    "confirmed",
    "countered",
    "promised",
    "vowed",
    "urged",
];

fn is_speech_cue(cue: &str) -> bool {
    cue.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase())
        .any(|w| SPEECH_CUES.contains(&w.as_str()))
}

fn surname(name: &str) -> String {
    let last = name
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .rfind(|w| {
            !w.is_empty()
                && !["jr", "sr", "ii", "iii"].contains(&w.to_lowercase().as_str())
                && !w.starts_with('(')
        })
        .unwrap_or("");
    let last = last
        .strip_suffix("’s")
        .or_else(|| last.strip_suffix("'s"))
        .unwrap_or(last);
    Person {
        name: last.to_string(),
    }
    .surname_key()
}

#[derive(Default)]
struct Tally {
    rows: usize,
    found: usize,
    given: usize,
    right: usize,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = std::path::PathBuf::from(
        args.first()
            .cloned()
            .unwrap_or_else(|| "../shared/data/polnear".into()),
    );
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let split = flag("--split");
    let mut errors: usize = flag("--errors").and_then(|n| n.parse().ok()).unwrap_or(0);
    let mut texts: HashMap<String, String> = HashMap::new();
    for line in std::io::BufReader::new(std::fs::File::open(dir.join("corpus.jsonl"))?).lines() {
        let r: serde_json::Value = serde_json::from_str(&line?)?;
        if split.as_deref().is_some_and(|s| r["split"] != s) {
            continue;
        }
        texts.insert(
            r["id"].as_str().unwrap_or("").to_string(),
            r["text"].as_str().unwrap_or("").to_string(),
        );
    }
    let mut rows_of: BTreeMap<String, Vec<serde_json::Value>> = BTreeMap::new();
    for line in std::io::BufReader::new(std::fs::File::open(dir.join("quotes.jsonl"))?).lines() {
        let r: serde_json::Value = serde_json::from_str(&line?)?;
        let id = r["article_id"].as_str().unwrap_or("").to_string();
        if texts.contains_key(&id) {
            rows_of.entry(id).or_default().push(r);
        }
    }
    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    for (id, rows) in &rows_of {
        let text = &texts[id];
        // Character offsets (the annotation's) to byte offsets.
        let mut byte_at: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        byte_at.push(text.len());
        // Paragraphs at blank lines, each with its byte range.
        let mut paragraphs: Vec<Range<usize>> = Vec::new();
        let mut start = 0;
        for (at, _) in text
            .match_indices("\n\n")
            .chain(std::iter::once((text.len(), "")))
        {
            if at > start {
                paragraphs.push(start..at);
            }
            start = at + 2;
        }
        let slices: Vec<&str> = paragraphs.iter().map(|r| &text[r.clone()]).collect();
        let speech = attribute(&slices);
        for r in rows {
            let cue = r["cue"].as_str().unwrap_or("");
            if !is_speech_cue(cue) {
                continue;
            }
            let resolution = r["speaker_resolution"].as_str().unwrap_or("");
            let (direct, partly) = (
                r["direct"].as_bool().unwrap_or(false),
                r["partly_quoted"].as_bool().unwrap_or(false),
            );
            let kind = match (resolution, direct, partly) {
                ("mention_name", true, _) => "direct quotes, named source",
                ("mention_name", false, true) => "partly quoted, named source",
                ("mention_name", false, false) => "indirect speech, named source",
                ("corenlp_coref", true, _) => "direct quotes, pronoun source (helper)",
                ("corenlp_coref", false, _) => "indirect speech, pronoun source (helper)",
                _ => continue,
            };
            let gold = r["speaker"].as_str().unwrap_or("");
            let (Some(s), Some(e)) = (r["start"].as_u64(), r["end"].as_u64()) else {
                continue;
            };
            let (Some(&s), Some(&e)) = (byte_at.get(s as usize), byte_at.get(e as usize)) else {
                continue;
            };
            let Some(p) = paragraphs.iter().position(|r| r.start <= s && s < r.end) else {
                continue;
            };
            let base = paragraphs[p].start;
            let span = (s - base)..(e.min(paragraphs[p].end) - base);
            let overlaps = |r: &Range<usize>| r.start < span.end && span.start < r.end;
            let ps = &speech[p];
            let quote = ps.quotes.iter().find(|(r, _)| overlaps(r));
            let found = quote.is_some() || ps.speeches.iter().any(|sp| overlaps(&sp.range));
            let given: Option<&Person> =
                quote.and_then(|(_, q)| q.speaker.as_ref()).or_else(|| {
                    ps.speeches
                        .iter()
                        .find(|sp| overlaps(&sp.range))
                        .map(|sp| &sp.person)
                });
            let right = given.is_some_and(|g| g.surname_key() == surname(gold));
            let t = tallies.entry(kind).or_default();
            t.rows += 1;
            t.found += usize::from(found);
            t.given += usize::from(given.is_some());
            t.right += usize::from(right);
            if !right && errors > 0 && kind.starts_with("direct quotes, named") {
                errors -= 1;
                let from = text[..s]
                    .char_indices()
                    .rev()
                    .nth(120)
                    .map_or(0, |(i, _)| i);
                let to = text[e..]
                    .char_indices()
                    .nth(80)
                    .map_or(text.len(), |(i, _)| e + i);
                let quoted = format!("{} ⟦{}⟧ {}", &text[from..s], &text[s..e], &text[e..to]);
                println!(
                    "{id}: gold {gold:?} (mention {:?}), given {:?}: {quoted:?}",
                    r["speaker_mention"].as_str().unwrap_or(""),
                    given.map(|g| g.name.as_str()).unwrap_or("")
                );
            }
        }
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    println!(
        "{} ({} articles{}), attributions with a speech cue:",
        dir.display(),
        rows_of.len(),
        split.map_or(String::new(), |s| format!(", split {s}"))
    );
    println!(
        "  {:<42} {:>6} {:>7} {:>7} {:>7} {:>9}",
        "kind", "rows", "found", "speaker", "right", "precision"
    );
    for (kind, t) in &tallies {
        println!(
            "  {kind:<42} {:>6} {:>6.1}% {:>6.1}% {:>6.1}% {:>8.1}%",
            t.rows,
            pct(t.found, t.rows),
            pct(t.given, t.rows),
            pct(t.right, t.rows),
            pct(t.right, t.given)
        );
    }
    Ok(())
}
