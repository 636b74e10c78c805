//! Evaluation figures: judged collections and passage QA.

use std::io::{self, Write};

use super::*;

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
