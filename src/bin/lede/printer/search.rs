//! Search hits and how a query was read.

use std::io::{self, Write};

use super::*;

/// Ranked hits: headline, where it is from, and the snippet with matches highlighted.
pub fn hits(out: &mut impl Write, hits: &[Hit]) -> io::Result<()> {
    for hit in hits {
        let title = if hit.title.is_empty() {
            "(no headline)"
        } else {
            &hit.title
        };
        writeln!(out, "{HEADING}{}. {title}{HEADING:#}", hit.rank)?;
        let mut meta = vec![format!("{} #{}", hit.doc_id, hit.passage)];
        meta.push(
            hit.outlet
                .clone()
                .unwrap_or_else(|| "outlet unknown".into()),
        );
        meta.push(dated(hit.date, hit.date_inferred, "undated"));
        if !hit.speakers.is_empty() {
            meta.push(format!("speakers: {}", hit.speakers.join(", ")));
        }
        // Fused scores are sums of 1/(k + rank): small numbers that differ in the fourth place.
        if hit.lexical.is_some() || hit.semantic.is_some() {
            meta.push(format!("score {:.4}", hit.score));
        } else {
            meta.push(format!("score {:.2}", hit.score));
        }
        writeln!(out, "   {META}{}{META:#}", meta.join(" · "))?;
        writeln!(
            out,
            "   {}",
            hit.snippet.marked(
                &MATCH.render().to_string(),
                &MATCH.render_reset().to_string()
            )
        )?;
        if !hit.also_in.is_empty() {
            let copies: Vec<String> = hit
                .also_in
                .iter()
                .map(|c| {
                    let outlet = c.outlet.as_deref().unwrap_or("outlet unknown");
                    let date = dated(c.date, c.date_inferred, "undated");
                    format!("{} #{} ({outlet}, {date})", c.doc_id, c.passage)
                })
                .collect();
            writeln!(out, "   {META}also in:{META:#} {}", copies.join("; "))?;
        }
        let fused = hit.lexical.is_some() || hit.semantic.is_some();
        if let Some(e) = &hit.explain {
            let mut parts = format!(
                "score {}: text {:.3} · title {:.3} · exact {:.3} · proximity {:.3} · coverage {:.2} · article {:.3}",
                if fused { format!("{:.4}", e.score) } else { format!("{:.3}", e.score) },
                e.text, e.title, e.exact, e.proximity, e.coverage, e.article
            );
            if e.speakers > 0 {
                parts.push_str(&format!(" · named speakers {}", e.speakers));
            }
            if e.cue {
                parts.push_str(" · answer cue");
            }
            if e.local > 0.0 {
                parts.push_str(&format!(" · local {:.3}", e.local));
            }
            if e.lead != 1.0 {
                parts.push_str(&format!(" · lead ×{:.2}", e.lead));
            }
            if e.repeats > 0 {
                parts.push_str(&format!(" · {} passages of its article above", e.repeats));
            }
            writeln!(out, "   {META}{parts}{META:#}")?;
            if hit.lexical.is_some() || hit.semantic.is_some() {
                let lexical = hit.lexical.map_or("no query word".into(), |s| {
                    format!("#{} (score {:.3})", s.rank, s.score)
                });
                let semantic = hit
                    .semantic
                    .map_or("beyond the nearest searched".into(), |s| {
                        format!("#{} (cosine {:.3})", s.rank, s.score)
                    });
                writeln!(
                    out,
                    "   {META}lexical {lexical} · semantic {semantic}{META:#}"
                )?;
            }
        }
        writeln!(out)?;
    }
    out.flush()
}

/// How a query was read, before the hits of `--explain`.
pub fn reading(out: &mut impl Write, r: &lede::search::Reading) -> io::Result<()> {
    let list = |v: &[String]| {
        if v.is_empty() {
            "none".to_string()
        } else {
            v.join(", ")
        }
    };
    writeln!(out, "{HEADING}Query read as{HEADING:#}")?;
    writeln!(out, "   {META}words    {META:#} {}", list(&r.words))?;
    if !r.required.is_empty() {
        writeln!(out, "   {META}required {META:#} {}", list(&r.required))?;
    }
    if !r.excluded.is_empty() {
        writeln!(out, "   {META}excluded {META:#} {}", list(&r.excluded))?;
    }
    if !r.phrases.is_empty() {
        writeln!(out, "   {META}phrases  {META:#} {}", list(&r.phrases))?;
    }
    if !r.filters.is_empty() {
        writeln!(out, "   {META}filters  {META:#} {}", list(&r.filters))?;
    }
    let asks = r.asks_for.map_or("nothing in particular".into(), |c| {
        format!("a {} (passages holding one rank up)", c.as_str())
    });
    writeln!(out, "   {META}asks for {META:#} {asks}")?;
    writeln!(
        out,
        "   {META}speakers {META:#} {}",
        if r.speakers.is_empty() {
            "none named".to_string()
        } else {
            format!("{} (their passages rank up)", r.speakers.join(", "))
        }
    )?;
    let w = &r.ranking;
    writeln!(
        out,
        "   {META}scored as{META:#} (text + title×{} + exact×{} + proximity×{}) × coverage^{} × {} if a named person speaks × {} with an answer cue + article×{}  (passage BM25 k1 {}, b {}; article BM25 k1 {}, b {})",
        w.title,
        w.exact,
        w.proximity,
        w.coverage,
        1.0 + w.speaker,
        1.0 + w.cue,
        w.article,
        w.k1,
        w.b,
        w.article_k1,
        w.article_b,
    )?;
    writeln!(
        out,
        "   {META}ordered  {META:#} an article's passages by their {} × lead (1 + {}/(1 + position)), on the article's scores; its passages after the first {} × {} for each of them above",
        if w.local {
            "local evidence (IDF × ln(1 + passages / passages holding the word))"
        } else {
            "own scores"
        },
        w.lead,
        lede::query::ARTICLE_PASSAGES,
        w.repeat,
    )?;
    let mode = match (r.mode, &r.vectors) {
        (lede::query::SearchMode::Lexical, None) => format!(
            "lexical: the index has no vectors (`lede index --vectors transformer PATH...` adds them for semantic and hybrid search{})",
            lede::semantic::missing_model_hint()
        ),
        (lede::query::SearchMode::Lexical, Some(_)) => "lexical".to_string(),
        (lede::query::SearchMode::Semantic, v) => format!(
            "semantic: the passages nearest the query by {}, by cosine",
            v.as_deref().unwrap_or("vector")
        ),
        (lede::query::SearchMode::Hybrid, v) => format!(
            "hybrid: the lexical order and the passages nearest the query by {}, fused as 1/({k} + lexical rank) + {}/({k} + semantic rank)",
            v.as_deref().unwrap_or("vector"),
            w.semantic,
            k = w.fusion_k,
        ),
    };
    writeln!(out, "   {META}mode     {META:#} {mode}")?;
    writeln!(out)
}
