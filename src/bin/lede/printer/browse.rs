//! Articles in full, quotes, index counts.

use std::io::{self, Write};

use super::*;

/// Articles in full: fields, passages, and what cleaning removed.
pub fn articles(out: &mut impl Write, articles: &[StoredArticle]) -> io::Result<()> {
    for (i, a) in articles.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let title = if a.title.is_empty() {
            "(no headline)"
        } else {
            &a.title
        };
        writeln!(out, "{HEADING}{}{HEADING:#}  {title}", a.doc_id)?;
        let field = |v: Option<&str>| v.map_or_else(|| "unknown".to_string(), str::to_string);
        writeln!(
            out,
            "  {META}outlet  {META:#} {}",
            field(a.outlet.as_deref())
        )?;
        if let Some(agency) = &a.agency {
            writeln!(out, "  {META}agency  {META:#} {agency}")?;
        }
        writeln!(
            out,
            "  {META}date    {META:#} {}",
            dated(a.date, a.date_inferred, "unknown")
        )?;
        let speakers = if a.speakers.is_empty() {
            "none found".to_string()
        } else {
            a.speakers.join(", ")
        };
        writeln!(out, "  {META}speakers{META:#} {speakers}")?;
        if let Some(author) = &a.author {
            writeln!(out, "  {META}author  {META:#} {author}")?;
        }
        if !a.contributors.is_empty() {
            writeln!(
                out,
                "  {META}credits {META:#} {}",
                a.contributors.join(", ")
            )?;
        }
        if let Some(url) = &a.url {
            writeln!(out, "  {META}url     {META:#} {url}")?;
        }
        writeln!(out, "  {META}source  {META:#} {}", a.source)?;
        writeln!(out)?;
        writeln!(out, "{HEADING}Passages ({}){HEADING:#}", a.passages.len())?;
        for p in &a.passages {
            writeln!(
                out,
                "  {META}[{}]{META:#} {}",
                p.passage,
                p.text.replace('\n', "\n      ")
            )?;
        }
        writeln!(out)?;
        let speaker_evidence: Vec<_> = a
            .passages
            .iter()
            .flat_map(|p| p.speaker_evidence.iter().map(move |e| (p.passage, e)))
            .collect();
        if !a.evidence.is_empty() || !speaker_evidence.is_empty() {
            writeln!(out, "{HEADING}Evidence{HEADING:#}")?;
            for e in &a.evidence {
                let method = &e.method;
                writeln!(
                    out,
                    "  {META}{:<8} {:<12}{META:#} {} ← {:?}",
                    e.field, method, e.value, e.matched
                )?;
            }
            for (passage, e) in &speaker_evidence {
                writeln!(
                    out,
                    "  {META}speaker  {:<14}{META:#} {} in [{passage}] ← {:?}",
                    e.method, e.value, e.matched
                )?;
            }
            writeln!(out)?;
        }
        removed(out, &a.removed)?;
    }
    out.flush()
}

pub(super) fn removed(out: &mut impl Write, removed: &[Removed]) -> io::Result<()> {
    if removed.is_empty() {
        return writeln!(out, "{HEADING}Removed by cleaning: nothing{HEADING:#}");
    }
    writeln!(
        out,
        "{HEADING}Removed by cleaning ({}){HEADING:#}",
        removed.len()
    )?;
    for r in removed {
        writeln!(
            out,
            "  {META}line {:<4} {:<32}{META:#} {}",
            r.line,
            r.kind.describe(),
            r.text
        )?;
    }
    Ok(())
}

/// Quotes, each once, with the articles that carry it.
pub fn quotes(out: &mut impl Write, groups: &[lede::QuoteGroup]) -> io::Result<()> {
    for (i, g) in groups.iter().enumerate() {
        writeln!(
            out,
            "{HEADING}{}. {}{HEADING:#}: “{}”",
            i + 1,
            g.speaker,
            g.text
        )?;
        for s in &g.carried_by {
            writeln!(
                out,
                "   {META}{} #{} · {} · {}{META:#}",
                s.doc_id,
                s.passage,
                s.outlet.as_deref().unwrap_or("outlet unknown"),
                dated(s.date, s.date_inferred, "undated")
            )?;
        }
        writeln!(out)?;
    }
    out.flush()
}

/// Index counts.
pub fn stats(out: &mut impl Write, s: &Stats) -> io::Result<()> {
    writeln!(out, "{HEADING}files{HEADING:#}      {}", s.files)?;
    writeln!(out, "{HEADING}articles{HEADING:#}   {}", s.articles)?;
    writeln!(out, "{HEADING}passages{HEADING:#}   {}", s.passages)?;
    writeln!(out, "{HEADING}segments{HEADING:#}   {}", s.segments)?;
    writeln!(
        out,
        "{HEADING}size{HEADING:#}       {}",
        human_bytes(s.index_bytes)
    )?;
    let range = match (s.earliest, s.latest) {
        (Some(a), Some(b)) => format!(
            "{} to {}",
            lede::date::format_ymd(a),
            lede::date::format_ymd(b)
        ),
        _ => "none".into(),
    };
    writeln!(
        out,
        "{HEADING}dates{HEADING:#}      {range} ({} articles undated)",
        s.undated_articles
    )?;
    let vectors = match &s.vectors {
        Some(id) => format!("{id} ({} of {} passages)", s.embedded_passages, s.passages),
        None => format!(
            "none: `lede index --vectors transformer PATH...` adds them for semantic and hybrid search{}",
            lede::semantic::missing_model_hint()
        ),
    };
    writeln!(out, "{HEADING}vectors{HEADING:#}    {vectors}")?;
    let speakers = s.speakers.len();
    writeln!(
        out,
        "{HEADING}speakers{HEADING:#}   {speakers} (passages each; top 15)"
    )?;
    for sp in s.speakers.iter().take(15) {
        writeln!(out, "  {:>7}  {}", sp.passages, sp.speaker)?;
    }
    let days = s.dates.len();
    writeln!(
        out,
        "{HEADING}days{HEADING:#}       {days} (articles each; latest 10)"
    )?;
    for d in s.dates.iter().rev().take(10) {
        writeln!(
            out,
            "  {:>7}  {}",
            d.articles,
            lede::date::format_ymd(d.date)
        )?;
    }
    writeln!(out, "{HEADING}outlets{HEADING:#}")?;
    for o in &s.outlets {
        writeln!(
            out,
            "  {:>7}  {}",
            o.articles,
            o.outlet.as_deref().unwrap_or("(unknown)")
        )?;
    }
    out.flush()
}
