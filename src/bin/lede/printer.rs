//! Printing: the same values as terminal text or JSON. The terminal stream drops colours when
//! stdout is not a terminal or `NO_COLOR` is set (anstream's rules).

use std::io::{self, Write};
use std::path::Path;
use std::time::Duration;

use anstyle::{AnsiColor, Style};
use lede::ingest::Removed;
use lede::{Hit, IndexReport, Stats, StoredArticle};
use serde::Serialize;

const HEADING: Style = Style::new().bold();
const META: Style = Style::new().dimmed();
const MATCH: Style = Style::new()
    .bold()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)));

/// Standard output, colour-aware.
pub fn stdout() -> anstream::AutoStream<io::StdoutLock<'static>> {
    anstream::AutoStream::auto(io::stdout().lock())
}

/// One JSON object per line.
pub fn json_lines<T: Serialize>(out: &mut impl Write, values: &[T]) -> io::Result<()> {
    for value in values {
        serde_json::to_writer(&mut *out, value)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

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
        meta.push(hit.date.map_or("undated".into(), lede::date::format_ymd));
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
                    let date = c.date.map_or("undated".into(), lede::date::format_ymd);
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
            model_hint()
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

/// How to install the model, when it is not installed.
fn model_hint() -> String {
    if lede::semantic::ModelFiles::installed() {
        String::new()
    } else {
        format!("; {}", lede::semantic::INSTALL_HINT)
    }
}

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
            a.date.map_or("unknown".into(), lede::date::format_ymd)
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

fn removed(out: &mut impl Write, removed: &[Removed]) -> io::Result<()> {
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
                s.date.map_or("undated".into(), lede::date::format_ymd)
            )?;
        }
        writeln!(out)?;
    }
    out.flush()
}

/// `lede eval`'s table: lede, the baseline, their ratio, and the variants.
pub fn evaluation(out: &mut impl Write, e: &lede::eval::Evaluation) -> io::Result<()> {
    writeln!(
        out,
        "{HEADING}{}{HEADING:#}: {} documents as {} passages, {} judged queries",
        e.collection, e.documents, e.passages, e.lede.queries
    )?;
    writeln!(
        out,
        "{HEADING}{:<30} {:>8} {:>8} {:>10} {:>8}{HEADING:#}",
        "ranking", "nDCG@10", "MRR@10", "Recall@100", "MAP"
    )?;
    let row = |out: &mut dyn Write, name: &str, s: &lede::eval::Scores| {
        writeln!(
            out,
            "{name:<30} {:>8.4} {:>8.4} {:>10.4} {:>8.4}",
            s.ndcg_10, s.mrr_10, s.recall_100, s.map
        )
    };
    row(out, "lede", &e.lede)?;
    row(out, "baseline (tantivy BM25, docs)", &e.baseline)?;
    let change = |a: f64, b: f64| {
        if b == 0.0 {
            "n/a".to_string()
        } else {
            format!("{:+.1}%", 100.0 * (a / b - 1.0))
        }
    };
    writeln!(
        out,
        "{META}{:<30} {:>8} {:>8} {:>10} {:>8}{META:#}",
        "lede vs baseline",
        change(e.lede.ndcg_10, e.baseline.ndcg_10),
        change(e.lede.mrr_10, e.baseline.mrr_10),
        change(e.lede.recall_100, e.baseline.recall_100),
        change(e.lede.map, e.baseline.map)
    )?;
    if e.modes.len() > 1 {
        writeln!(out)?;
        writeln!(
            out,
            "{HEADING}lede by search mode{HEADING:#} (lede's row is the first)"
        )?;
        for m in &e.modes {
            row(out, m.mode.as_str(), &m.scores)?;
        }
    }
    if !e.variants.is_empty() {
        writeln!(out)?;
        writeln!(out, "{HEADING}lede with one change{HEADING:#}")?;
        for v in &e.variants {
            row(out, &v.name, &v.scores)?;
        }
    }
    out.flush()
}

/// `lede eval`'s table for passage QA: lede, the baseline and their ratio, over all questions
/// and by question word, then the variants.
pub fn qa_evaluation(out: &mut impl Write, e: &lede::eval::QaEvaluation) -> io::Result<()> {
    writeln!(
        out,
        "{HEADING}{}{HEADING:#}: {} questions of {} stories, asked of {} articles ({} passages); {} answers no passage holds",
        e.collection, e.lede.all.questions, e.stories, e.articles, e.passages, e.unanswerable
    )?;
    writeln!(
        out,
        "{HEADING}{:<14} {:<26} {:>7} {:>7} {:>7} {:>7} {:>7} {:>10}{HEADING:#}",
        "questions", "ranking", "S@1", "S@5", "S@10", "MRR@10", "R@100", "crowded@10"
    )?;
    let row = |out: &mut dyn Write, group: &str, name: &str, s: &lede::eval::QaScores| {
        writeln!(
            out,
            "{group:<14} {name:<26} {:>7.4} {:>7.4} {:>7.4} {:>7.4} {:>7.4} {:>10.4}",
            s.success_1, s.success_5, s.success_10, s.mrr_10, s.recall_100, s.crowded_10
        )
    };
    let ratio = |a: f64, b: f64| {
        if b == 0.0 {
            "n/a".to_string()
        } else {
            format!("{:.2}", a / b)
        }
    };
    let mut groups = vec![(
        format!("all ({})", e.lede.all.questions),
        e.lede.all,
        e.baseline.all,
    )];
    for (word, lede) in &e.lede.by_question_word {
        let base = e
            .baseline
            .by_question_word
            .get(word)
            .copied()
            .unwrap_or_default();
        groups.push((
            format!("{} ({})", word.as_str(), lede.questions),
            *lede,
            base,
        ));
    }
    for (group, lede, base) in &groups {
        row(out, group, "lede", lede)?;
        row(out, "", "baseline (BM25, passages)", base)?;
        writeln!(
            out,
            "{META}{:<14} {:<26} {:>7} {:>7} {:>7} {:>7} {:>7} {:>10}{META:#}",
            "",
            "lede / baseline",
            ratio(lede.success_1, base.success_1),
            ratio(lede.success_5, base.success_5),
            ratio(lede.success_10, base.success_10),
            ratio(lede.mrr_10, base.mrr_10),
            ratio(lede.recall_100, base.recall_100),
            ratio(lede.crowded_10, base.crowded_10),
        )?;
    }
    if e.modes.len() > 1 {
        writeln!(out)?;
        writeln!(
            out,
            "{HEADING}lede by search mode{HEADING:#} (lede's rows above are the first)"
        )?;
        for m in &e.modes {
            row(
                out,
                &format!("all ({})", m.figures.all.questions),
                m.mode.as_str(),
                &m.figures.all,
            )?;
        }
    }
    if !e.variants.is_empty() {
        writeln!(out)?;
        writeln!(out, "{HEADING}lede with one change{HEADING:#}")?;
        for v in &e.variants {
            writeln!(
                out,
                "{:<41} {:>7.4} {:>7.4} {:>7.4} {:>7.4} {:>7.4} {:>10.4}",
                v.name,
                v.scores.success_1,
                v.scores.success_5,
                v.scores.success_10,
                v.scores.mrr_10,
                v.scores.recall_100,
                v.scores.crowded_10
            )?;
        }
    }
    out.flush()
}

/// `lede bench query`'s table.
pub fn latency(out: &mut impl Write, r: &lede::bench::LatencyReport) -> io::Result<()> {
    writeln!(
        out,
        "{HEADING}query latency{HEADING:#}: {} queries × runs = {} searches each, over {} passages ({} queries refused)",
        r.queries, r.searches, r.passages, r.refused
    )?;
    writeln!(
        out,
        "{HEADING}{:<44} {:>8} {:>8} {:>8} {:>8} {:>8}{HEADING:#}",
        "way", "p50 ms", "p90 ms", "p99 ms", "max ms", "mean ms"
    )?;
    for (name, l) in [
        ("lede search (rank, snippets, grouping)", &r.lede),
        ("tantivy top-10 BM25, same index", &r.baseline),
    ] {
        writeln!(
            out,
            "{name:<44} {:>8.3} {:>8.3} {:>8.3} {:>8.3} {:>8.3}",
            l.p50_ms, l.p90_ms, l.p99_ms, l.max_ms, l.mean_ms
        )?;
    }
    writeln!(
        out,
        "{META}lede p50 / baseline p50: {:.2}{META:#}",
        r.p50_ratio
    )?;
    out.flush()
}

/// An indexing sweep: throughput, memory and size of both sides per configuration, then where
/// the time went.
pub fn index_bench(
    out: &mut impl Write,
    r: &lede::bench::IndexBenchReport,
    plot: Option<&Path>,
) -> io::Result<()> {
    writeln!(
        out,
        "{HEADING}indexing{HEADING:#} {}: median of {} runs after a warm-up; baseline: tantivy en_stem, id/title/body",
        r.corpus.display(),
        r.runs
    )?;
    writeln!(
        out,
        "{HEADING}{:>6} {:>7} {:>6} {:>8} | {:>7} {:>8} {:>9} {:>7} {:>7} {:>7} {:>4} | {:>7} {:>8} {:>7} {:>7} {:>7} {:>4} | {:>5}{HEADING:#}",
        "repeat", "threads", "MiB", "input MB",
        "MB/s", "docs/s", "passage/s", "peakMiB", "anonMiB", "idxMiB", "segs",
        "MB/s", "docs/s", "peakMiB", "anonMiB", "idxMiB", "segs", "ratio"
    )?;
    writeln!(
        out,
        "{META}{:>31} | {:<63} | {:<46} |{META:#}",
        "", "lede (clean, passages, metadata, stems + forms)", "tantivy baseline"
    )?;
    for c in &r.configurations {
        let (l, b) = (&c.lede, &c.baseline);
        writeln!(
            out,
            "{:>6} {:>7} {:>6} {:>8.1} | {:>7.2} {:>8.0} {:>9.0} {:>7.0} {:>7.0} {:>7.1} {:>4} | {:>7.2} {:>8.0} {:>7.0} {:>7.0} {:>7.1} {:>4} | {:>5.2}",
            c.configuration.repeat, c.configuration.threads, c.configuration.memory_mib, c.input_mb,
            l.mb_per_s, l.docs_per_s, l.passages_per_s, l.peak_rss_mib, l.peak_anon_mib, l.index_mib, l.segments,
            b.mb_per_s, b.docs_per_s, b.peak_rss_mib, b.peak_anon_mib, b.index_mib, b.segments, c.ratio
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{HEADING}where the time went{HEADING:#} (seconds of the median run: CPU time summed over threads; commit and wall are wall time)"
    )?;
    writeln!(
        out,
        "{HEADING}{:>6} {:>7} {:>6} {:<8} {:>7} {:>7} {:>8} {:>8} {:>7} {:>7} {:>7}{HEADING:#}",
        "repeat",
        "threads",
        "MiB",
        "side",
        "read",
        "clean",
        "passages",
        "metadata",
        "index",
        "commit",
        "wall"
    )?;
    for c in &r.configurations {
        for (side, m) in [("lede", &c.lede), ("tantivy", &c.baseline)] {
            let s = &m.stages;
            writeln!(
                out,
                "{:>6} {:>7} {:>6} {:<8} {:>7.2} {:>7.2} {:>8.2} {:>8.2} {:>7.2} {:>7.2} {:>7.2}",
                c.configuration.repeat,
                c.configuration.threads,
                c.configuration.memory_mib,
                side,
                s.read,
                s.clean,
                s.passages,
                s.metadata,
                s.index,
                s.commit,
                m.seconds
            )?;
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "{HEADING}allocated memory through the run{HEADING:#} (anonMiB of the median run: the highest in each tenth of it, first to last)"
    )?;
    writeln!(
        out,
        "{HEADING}{:>6} {:>7} {:>6} {:<8} {}{HEADING:#}",
        "repeat",
        "threads",
        "MiB",
        "side",
        (1..=10).map(|i| format!("{i:>5}")).collect::<String>()
    )?;
    for c in &r.configurations {
        for (side, m) in [("lede", &c.lede), ("tantivy", &c.baseline)] {
            writeln!(
                out,
                "{:>6} {:>7} {:>6} {:<8} {}",
                c.configuration.repeat,
                c.configuration.threads,
                c.configuration.memory_mib,
                side,
                m.anon_tenths_mib
                    .iter()
                    .map(|v| format!("{v:>5.0}"))
                    .collect::<String>()
            )?;
        }
    }
    writeln!(
        out,
        "{META}peakMiB: peak resident memory, mapped index files included; anonMiB: peak of allocated memory{META:#}"
    )?;
    if let (Some(lede), Some(baseline), Some(ratio)) = (
        r.scaling_spread,
        r.baseline_scaling_spread,
        r.ratio_scaling_spread,
    ) {
        writeln!(
            out,
            "{META}lede MB/s across corpus sizes varies by {:.1}% (highest to lowest); the baseline's by {:.1}%, the ratio by {:.1}% (the machine's drift moves both sides){META:#}",
            lede * 100.0,
            baseline * 100.0,
            ratio * 100.0
        )?;
    }
    if let Some(plot) = plot {
        writeln!(out, "{META}plot: {}{META:#}", plot.display())?;
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
            model_hint()
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

/// The end-of-run summary of `lede index`.
pub fn index_report(out: &mut impl Write, r: &IndexReport, elapsed: Duration) -> io::Result<()> {
    let secs = elapsed.as_secs_f64();
    let plural = |n: u64, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    writeln!(
        out,
        "indexed {} as {} from {} ({}) in {:.2} s, {:.1} MB/s; cleaning removed {} of debris",
        plural(r.articles as u64, "article"),
        plural(r.passages as u64, "passage"),
        plural(r.files as u64, "file"),
        human_bytes(r.bytes),
        secs,
        r.bytes as f64 / 1e6 / secs.max(1e-9),
        plural(r.removed as u64, "piece"),
    )?;
    for (files, articles, what) in [
        (
            r.unchanged_files,
            r.unchanged_articles,
            "unchanged: not read again",
        ),
        (r.pruned_files, r.pruned_articles, "pruned: gone, removed"),
    ] {
        if files > 0 {
            let (what, done) = what.split_once(": ").expect("a heading and words");
            writeln!(
                out,
                "{what}: {} ({}) {done}",
                plural(files as u64, "file"),
                plural(articles, "article")
            )?;
        }
    }
    let counts = r.notice_counts();
    for (warnings, heading) in [(true, "warnings"), (false, "notes")] {
        let parts: Vec<String> = counts
            .iter()
            .filter(|(reason, _)| reason.is_warning() == warnings)
            .map(|(reason, n)| format!("{n} {}", reason.label()))
            .collect();
        if !parts.is_empty() {
            let total: usize = counts
                .iter()
                .filter(|(reason, _)| reason.is_warning() == warnings)
                .map(|(_, n)| n)
                .sum();
            writeln!(out, "{heading}: {total} ({})", parts.join(", "))?;
        }
    }
    if r.embedded > 0 {
        writeln!(
            out,
            "embedded {} in {:.1} CPU-s",
            plural(r.embedded as u64, "passage"),
            r.stages.embed
        )?;
    }
    if r.commits > 1 {
        writeln!(out, "committed in {} batches", r.commits)?;
    }
    out.flush()
}

/// Everything passed over or repaired, one line each, on stderr: warnings, then notes.
pub fn notices(r: &IndexReport) -> io::Result<()> {
    let mut err = anstream::stderr().lock();
    for n in &r.notices {
        let level = if n.reason.is_warning() {
            "warning"
        } else {
            "note"
        };
        writeln!(err, "lede: {level}: {n}")?;
    }
    Ok(())
}

fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// `lede model`: where the model is, and what is missing with how to add it.
#[cfg(feature = "semantic")]
pub fn model_status(
    dir: &std::path::Path,
    missing: Option<&lede::Error>,
    table: Option<(&std::path::Path, Option<&lede::Error>)>,
) {
    println!("model        {}", dir.display());
    match missing {
        Some(e) => println!("             not installed: {e}"),
        None => println!("             installed (all-MiniLM-L6-v2: config, tokenizer, weights)"),
    }
    if let Some((path, error)) = table {
        match error {
            Some(e) => println!("static table {e}"),
            None => println!("static table {}", path.display()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_read_as_people_read_them() {
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(3 << 20), "3.0 MiB");
    }
}
