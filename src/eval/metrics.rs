//! Retrieval metrics, defined as `trec_eval` defines them (with `-c`: every judged query counts,
//! a query with nothing retrieved scores 0).
//!
//! - `ndcg@10` (`ndcg_cut_10`): Σ gain(i) / log2(i + 1) over ranks 1..10, the gain being the judged
//!   relevance level (0 when unjudged), over the same sum for the ideal order of the judgments.
//! - `mrr@10`: 1 / rank of the first relevant document within the first 10, else 0.
//! - `recall@100` (`recall_100`): relevant documents within the first 100 over all relevant ones.
//! - `map`: Σ over relevant retrieved documents of the precision at their rank, over all relevant
//!   ones.
//!
//! A document is relevant when its level is at least 1. Queries with no relevant document are
//! left out of the means, as `trec_eval` leaves them out.

use std::collections::HashMap;

use serde::Serialize;

/// Judgments of one query: document id to relevance level.
pub type Judgments = HashMap<String, u32>;

/// Mean figures over a set of queries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Scores {
    /// Normalised discounted cumulative gain of the first 10.
    #[serde(rename = "ndcg@10")]
    pub ndcg_10: f64,
    /// Reciprocal rank of the first relevant document in the first 10.
    #[serde(rename = "mrr@10")]
    pub mrr_10: f64,
    /// Share of the relevant documents found in the first 100.
    #[serde(rename = "recall@100")]
    pub recall_100: f64,
    /// Mean average precision.
    pub map: f64,
    /// Queries averaged over.
    pub queries: usize,
}

/// The figures of one ranked list against its judgments; `None` if nothing is relevant.
pub fn score_query(ranked: &[String], judged: &Judgments) -> Option<Scores> {
    let relevant = judged.values().filter(|&&level| level >= 1).count();
    if relevant == 0 {
        return None;
    }
    let level = |doc: &String| judged.get(doc).copied().unwrap_or(0);
    let dcg: f64 = ranked
        .iter()
        .take(10)
        .enumerate()
        .map(|(i, d)| f64::from(level(d)) / (i as f64 + 2.0).log2())
        .sum();
    let mut ideal: Vec<u32> = judged.values().copied().filter(|&l| l >= 1).collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg: f64 = ideal
        .iter()
        .take(10)
        .enumerate()
        .map(|(i, &l)| f64::from(l) / (i as f64 + 2.0).log2())
        .sum();
    let first = ranked.iter().take(10).position(|d| level(d) >= 1);
    let mut found = 0usize;
    let mut precision_sum = 0.0;
    let mut found_100 = 0usize;
    for (i, doc) in ranked.iter().enumerate() {
        if level(doc) >= 1 {
            found += 1;
            precision_sum += found as f64 / (i + 1) as f64;
            if i < 100 {
                found_100 += 1;
            }
        }
    }
    Some(Scores {
        ndcg_10: dcg / idcg,
        mrr_10: first.map_or(0.0, |i| 1.0 / (i + 1) as f64),
        recall_100: found_100 as f64 / relevant as f64,
        map: precision_sum / relevant as f64,
        queries: 1,
    })
}

/// Mean figures over every judged query; a judged query missing from `runs` scores 0.
pub fn mean(runs: &HashMap<String, Vec<String>>, qrels: &HashMap<String, Judgments>) -> Scores {
    let mut total = Scores::default();
    for (query, judged) in qrels {
        let empty = Vec::new();
        let ranked = runs.get(query).unwrap_or(&empty);
        if let Some(s) = score_query(ranked, judged) {
            total.ndcg_10 += s.ndcg_10;
            total.mrr_10 += s.mrr_10;
            total.recall_100 += s.recall_100;
            total.map += s.map;
            total.queries += 1;
        }
    }
    if total.queries > 0 {
        let n = total.queries as f64;
        total.ndcg_10 /= n;
        total.mrr_10 /= n;
        total.recall_100 /= n;
        total.map /= n;
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(pairs: &[(&str, u32)]) -> Judgments {
        pairs.iter().map(|(d, l)| (d.to_string(), *l)).collect()
    }

    fn ranked(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-9, "{a} != {b}");
    }

    #[test]
    fn binary_judgments_by_hand() {
        // Relevant: a, b, c. Ranked: x a y b; c is never retrieved.
        let s = score_query(
            &ranked(&["x", "a", "y", "b"]),
            &judged(&[("a", 1), ("b", 1), ("c", 1), ("z", 0)]),
        )
        .unwrap();
        // AP = (1/2 + 2/4) / 3
        close(s.map, (0.5 + 0.5) / 3.0);
        close(s.mrr_10, 0.5);
        close(s.recall_100, 2.0 / 3.0);
        // DCG = 1/log2(3) + 1/log2(5); IDCG = 1 + 1/log2(3) + 1/log2(4)
        let dcg = 1.0 / 3f64.log2() + 1.0 / 5f64.log2();
        let idcg = 1.0 + 1.0 / 3f64.log2() + 0.5;
        close(s.ndcg_10, dcg / idcg);
    }

    #[test]
    fn graded_judgments_use_the_level_as_gain() {
        // Ideal order: b (3), a (1). Ranked: a b.
        let s = score_query(&ranked(&["a", "b"]), &judged(&[("a", 1), ("b", 3)])).unwrap();
        let dcg = 1.0 + 3.0 / 3f64.log2();
        let idcg = 3.0 + 1.0 / 3f64.log2();
        close(s.ndcg_10, dcg / idcg);
        close(s.map, (1.0 + 1.0) / 2.0);
    }

    #[test]
    fn cut_offs_apply() {
        let mut list: Vec<String> = (0..150).map(|i| format!("n{i}")).collect();
        list[10] = "a".into(); // rank 11: outside the first 10
        list[120] = "b".into(); // rank 121: outside the first 100
        let s = score_query(&list, &judged(&[("a", 1), ("b", 1)])).unwrap();
        close(s.mrr_10, 0.0);
        close(s.ndcg_10, 0.0);
        close(s.recall_100, 0.5);
        close(s.map, (1.0 / 11.0 + 2.0 / 121.0) / 2.0);
    }

    #[test]
    fn unjudged_or_irrelevant_queries_are_left_out_and_missing_runs_score_zero() {
        assert!(score_query(&ranked(&["a"]), &judged(&[("a", 0)])).is_none());
        let qrels: HashMap<String, Judgments> = [
            ("1".to_string(), judged(&[("a", 1)])),
            ("2".to_string(), judged(&[("b", 1)])),
            ("3".to_string(), judged(&[("c", 0)])),
        ]
        .into();
        let runs: HashMap<String, Vec<String>> = [("1".to_string(), ranked(&["a"]))].into();
        let m = mean(&runs, &qrels);
        assert_eq!(m.queries, 2);
        close(m.map, 0.5);
        close(m.ndcg_10, 0.5);
    }
}
