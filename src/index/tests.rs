//! The index format's invariant: an article's head is found from each of its passages, and its
//! headline reaches them all, across commits, merges and replaced files.

use crate::{Engine, IndexOptions, SearchRequest};

/// A JSON Lines file of `n` articles whose ids and headline words are numbered from `first`,
/// each of three passages naming their article.
fn corpus_file(dir: &std::path::Path, name: &str, first: usize, n: usize, edition: &str) {
    let lines: Vec<String> = (first..first + n)
        .map(|i| {
            let text = (0..3)
                .map(|p| format!("Report {edition} of story s{i}y, part p{p}q. {}", "Talks went on. ".repeat(20)))
                .collect::<Vec<_>>()
                .join("\n\n");
            serde_json::json!({"id": format!("a{i}"), "title": format!("Headline h{i}x"), "text": text})
                .to_string()
        })
        .collect();
    std::fs::write(dir.join(name), lines.join("\n")).unwrap();
}

#[test]
fn heads_are_found_and_headlines_reach_every_passage_across_merges_and_replacements() {
    let corpus = tempfile::tempdir().unwrap();
    let index = tempfile::tempdir().unwrap();
    let engine = Engine::open_or_create(index.path()).unwrap();
    let options = IndexOptions {
        threads: 2,
        ..IndexOptions::default()
    };
    // A commit per file, on two indexing threads: segments interleave files, and the merge
    // policy merges some of them.
    for f in 0..12 {
        let name = format!("{f:02}.jsonl");
        corpus_file(corpus.path(), &name, f * 5, 5, "one");
        engine
            .index_paths_with(&[corpus.path().join(name)], &options, &mut |_| {})
            .unwrap();
    }
    // Two files replaced: their passages deleted, new ones added.
    corpus_file(corpus.path(), "03.jsonl", 15, 5, "two");
    corpus_file(corpus.path(), "07.jsonl", 35, 4, "two");
    let report = engine
        .index_paths_with(&[corpus.path().to_path_buf()], &options, &mut |_| {})
        .unwrap();
    assert_eq!(report.files, 2);
    let stats = engine.stats().unwrap();
    assert!(stats.segments < 13, "merged: {} segments", stats.segments);
    assert_eq!(stats.articles, 59);
    assert_eq!(stats.passages, 59 * 3);
    for i in (0..60).filter(|&i| i != 39) {
        // Every passage of the article, found by its headline alone, shows its article.
        let hits = engine
            .search(&SearchRequest::new(format!("+h{i}x")).group(false).limit(10))
            .unwrap();
        let mut parts: Vec<u64> = hits.iter().map(|h| h.passage).collect();
        parts.sort_unstable();
        assert_eq!(parts, [0, 1, 2], "article a{i}");
        for h in &hits {
            assert_eq!(h.doc_id, format!("a{i}"));
            assert_eq!(h.title, format!("Headline h{i}x"));
            assert!(
                h.text
                    .contains(&format!("story s{i}y, part p{}q", h.passage)),
                "{}",
                h.text
            );
            let edition = if (15..20).contains(&i) || (35..39).contains(&i) {
                "two"
            } else {
                "one"
            };
            assert!(h.text.contains(edition), "{}", h.text);
        }
    }
    // A headline word excluded takes every passage of its article out.
    let hits = engine
        .search(&SearchRequest::new("talks -h3x").group(false).limit(500))
        .unwrap();
    assert_eq!(hits.len(), 58 * 3);
    assert!(hits.iter().all(|h| h.doc_id != "a3"));
    let article = &engine.article("a38").unwrap()[0];
    assert_eq!(article.title, "Headline h38x");
    assert_eq!(article.passages.len(), 3);
    assert!(
        engine.article("a39").unwrap().is_empty(),
        "a39 left with its file's old edition"
    );
}
