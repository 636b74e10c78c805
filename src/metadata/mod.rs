//! Fielded metadata extracted from an article, each value with the evidence it was found by.
//! Like `ingest`, this knows nothing of tantivy.

mod date;
mod outlet;
mod outlet_names;
mod relative;
mod site;
mod speakers;

pub use date::{find_date, DateFinding, DateMethod};
pub use outlet::{find_agency, find_outlet, is_agency, OutletFinding, OutletMethod};
pub use outlet_names::{OutletName, OutletNames};
pub use relative::{day_evidence, relative_days, RelativeDay};
pub use site::{fits, site_of};
pub use speakers::{attribute, lookup_key, Attribution, ParagraphSpeech, Person, Quote, Speech};

use serde::{Deserialize, Serialize};
use time::Date;

use crate::ingest::{Article, Cleaned};

/// How one metadata value was found: the rule, and the text it matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The field: `date`, `outlet` or `agency`.
    pub field: String,
    /// The value, as shown (`2026-02-06`).
    pub value: String,
    /// The rule that found it (`metadata`, `dateline`, `copyright`, ...).
    pub method: String,
    /// The text it was read from.
    pub matched: String,
}

/// What was extracted from one article.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Metadata {
    /// Publication date.
    pub date: Option<Date>,
    /// The outlet that published the article.
    pub outlet: Option<String>,
    /// The web site its address is on (`politico.com`), when it has one that names an outlet.
    pub site: Option<String>,
    /// The wire agency whose copy the article carries.
    pub agency: Option<String>,
    /// How each value was found.
    pub evidence: Vec<Evidence>,
    /// A month and day found without a year in context: not stored as the date, but kept as
    /// evidence of what the text says.
    pub partial_date: Option<DateFinding>,
    /// People credited with contributing to the report (`Jane Doe contributed to this report`).
    pub contributors: Vec<String>,
}

/// Extracts an article's metadata: the source's own values win, then the text's.
pub fn extract(article: &Article, cleaned: &Cleaned) -> Metadata {
    let mut meta = Metadata::default();
    let paragraphs = cleaned.texts();
    let evidence = |value: Date, method: DateMethod, matched: String| Evidence {
        field: "date".into(),
        value: crate::date::format_ymd(value),
        method: method_name(method),
        matched,
    };
    let from_manifest = |field: &str| article.manifest_fields.iter().any(|f| f == field);
    if let Some(date) = article.date {
        meta.date = Some(date);
        let (method, matched) = if from_manifest("date") {
            (DateMethod::Manifest, crate::ingest::MANIFEST_NAME)
        } else {
            (DateMethod::Metadata, "date")
        };
        meta.evidence.push(evidence(date, method, matched.into()));
    } else if let Some(date) = cleaned.marked_date {
        let marker = cleaned
            .removed
            .iter()
            .find(|r| r.kind == crate::ingest::Debris::Metadata)
            .map_or_else(String::new, |r| r.text.clone());
        meta.date = Some(date);
        meta.evidence
            .push(evidence(date, DateMethod::DateLine, marker));
    } else {
        if let Some(found) = find_date(&paragraphs) {
            match found.date() {
                Some(date) => {
                    meta.date = Some(date);
                    meta.evidence
                        .push(evidence(date, found.method, found.matched.clone()));
                }
                None => {
                    meta.evidence.push(Evidence {
                        field: "date".into(),
                        value: format!(
                            "{} {} (no year in context: not stored)",
                            found.month, found.day
                        ),
                        method: method_name(found.method),
                        matched: found.matched.clone(),
                    });
                    meta.partial_date = Some(found);
                }
            }
        }
    }
    meta.site = article.url.as_deref().and_then(site_of);
    if let Some(outlet) = &article.outlet {
        meta.outlet = Some(outlet.clone());
        let (method, matched) = if from_manifest("outlet") {
            ("manifest", crate::ingest::MANIFEST_NAME)
        } else {
            ("metadata", "outlet")
        };
        meta.evidence.push(Evidence {
            field: "outlet".into(),
            value: outlet.clone(),
            method: method.into(),
            matched: matched.into(),
        });
    } else if let (Some(site), Some(url)) = (&meta.site, &article.url) {
        // The address decides; the text names the outlet only with a name of that site.
        let named = find_outlet(&paragraphs, &cleaned.removed).filter(|f| fits(&f.name, url));
        let (name, matched) = match named {
            Some(f) => (
                f.name,
                format!("{url} (named by {}: {})", method_name(f.method), f.matched),
            ),
            None => (site.clone(), url.clone()),
        };
        meta.outlet = Some(name.clone());
        meta.evidence.push(Evidence {
            field: "outlet".into(),
            value: name,
            method: "url".into(),
            matched,
        });
    } else if let Some(found) = find_outlet(&paragraphs, &cleaned.removed) {
        meta.outlet = Some(found.name.clone());
        meta.evidence.push(found_evidence("outlet", found));
    }
    meta.contributors = cleaned
        .removed
        .iter()
        .filter(|r| r.kind == crate::ingest::Debris::Credit)
        .flat_map(|r| contributors(&r.text))
        .fold(Vec::new(), |mut all, name| {
            if !all.contains(&name) {
                all.push(name);
            }
            all
        });
    if let Some(found) = find_agency(&paragraphs, &cleaned.removed) {
        meta.agency = Some(found.name.clone());
        meta.evidence.push(found_evidence("agency", found));
    }
    meta
}

fn found_evidence(field: &str, found: OutletFinding) -> Evidence {
    Evidence {
        field: field.into(),
        value: found.name,
        method: method_name(found.method),
        matched: found.matched,
    }
}

/// The snake_case name a method serialises to.
fn method_name<M: Serialize>(method: M) -> String {
    serde_json::to_value(method)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The people a contributor credit names: `CNN's Jane Doe and John Roe contributed to this
/// report` gives Jane Doe and John Roe; a name is two to four capitalised words.
pub fn contributors(credit: &str) -> Vec<String> {
    let lower = credit.to_lowercase();
    let end = ["contributed to this", "added reporting to this"]
        .iter()
        .filter_map(|m| lower.find(m))
        .min();
    let Some(end) = end else {
        return Vec::new();
    };
    // The credit is the sentence that ends in it.
    let head = &credit[..end];
    let start = head.rfind(['.', '!', '?', '»']).map_or(0, |i| {
        i + head[i..].chars().next().map_or(1, char::len_utf8)
    });
    let names = head[start..]
        .trim()
        .trim_end_matches(" also")
        .split([',', '&'])
        .flat_map(|part| part.split(" and "))
        .map(|part| {
            // `CNN's Jane Doe`: the outlet's possessive is not the person's name.
            let part = part.trim();
            match part.find("'s ").or_else(|| part.find("’s ")) {
                Some(i) => part[i..]
                    .split_once(' ')
                    .map_or(part, |(_, rest)| rest)
                    .trim(),
                None => part,
            }
        })
        .map(|part| part.trim_start_matches("and ").trim())
        .filter(|part| {
            let words: Vec<&str> = part.split_whitespace().collect();
            (2..=4).contains(&words.len())
                && words
                    .iter()
                    .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        })
        .map(str::to_string)
        .collect();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credits_name_their_contributors() {
        assert_eq!(
            contributors("CNN's Jane Doe and John Roe contributed to this report."),
            ["Jane Doe", "John Roe"]
        );
        assert_eq!(
            contributors(
                "The troops left. Ann Lee, Bo Park and Cy Diaz also contributed to this report."
            ),
            ["Ann Lee", "Bo Park", "Cy Diaz"]
        );
        assert!(contributors("Staff contributed to this report.").is_empty());
        assert!(contributors("Nothing here.").is_empty());
    }
}
