//! The `lede` binary against real indexes in temporary folders: the CLI contract.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use serde_json::Value;

use common::{lede, seeds, shared_data, stderr, stdout, BIN};

/// One index of the seeds, built once with `lede index`, shared by the read-only tests.
fn seed_index() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let seeds = seeds();
        let out = lede(
            dir.path(),
            &["--index", "idx", "index", seeds.to_str().unwrap()],
        );
        assert!(out.status.success(), "indexing failed: {}", stderr(&out));
        dir
    })
    .path()
}

fn search_json(query: &[&str]) -> Vec<Value> {
    let mut args = vec!["--index", "idx", "search", "--json", "--limit", "50"];
    args.extend(query);
    let out = lede(seed_index(), &args);
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "{}",
        stderr(&out)
    );
    stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is a JSON object"))
        .collect()
}

#[test]
fn search_builds_the_index_from_seeds_when_there_is_none() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("seeds");
    std::fs::create_dir(&copy).unwrap();
    for entry in std::fs::read_dir(seeds()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), copy.join(entry.file_name())).unwrap();
    }
    let out = lede(dir.path(), &["search", "Lavrov", "pathetic", "diplomacy"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("building it from seeds/"),
        "{}",
        stderr(&out)
    );
    assert!(dir.path().join("index/meta.json").is_file());
    assert!(stdout(&out).starts_with("1. "));
    // The second run uses the index it built, silently.
    let again = lede(dir.path(), &["search", "Lavrov"]);
    assert_eq!(again.status.code(), Some(0));
    assert!(!stderr(&again).contains("building"));
}

#[test]
fn the_top_hit_for_lavrov_pathetic_diplomacy_quotes_him() {
    let hits = search_json(&["Lavrov pathetic diplomacy"]);
    let top = hits[0]["text"].as_str().unwrap();
    assert!(top.contains("Lavrov"), "{top}");
    assert!(top.to_lowercase().contains("pathetic diplomacy"), "{top}");
    assert!(
        top.contains(['"', '“', '”']),
        "the passage quotes him: {top}"
    );
    let snippet = hits[0]["snippet"].as_str().unwrap();
    assert!(
        snippet.contains("**pathetic diplomacy**") || snippet.contains("**Lavrov**"),
        "{snippet}"
    );
}

#[test]
fn accented_queries_find_unaccented_text() {
    let hits = search_json(&["Süddeutsche"]);
    assert!(!hits.is_empty());
    let top = hits[0]["text"].as_str().unwrap();
    assert!(
        top.contains("Suddeutsche Zeitung") && top.contains("interview"),
        "{top}"
    );
    assert_eq!(
        hits[0]["snippet"]
            .as_str()
            .unwrap()
            .matches("**Suddeutsche**")
            .count(),
        1
    );
}

#[test]
fn possessives_and_curly_apostrophes_match_plain_words() {
    let hits = search_json(&["\"Russia’s Foreign Minister\""]);
    assert!(hits.len() >= 2, "{hits:?}");
    let plain = search_json(&["\"Russia's foreign minister\""]);
    assert_eq!(hits.len(), plain.len());
}

/// Every seed article as `lede show --json` prints it, with its doc id.
fn seed_articles() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(seeds()).unwrap() {
        let path = entry.unwrap().path();
        let id = path.file_stem().unwrap().to_str().unwrap().to_string();
        let shown = lede(seed_index(), &["--index", "idx", "show", &id, "--json"]);
        assert_eq!(shown.status.code(), Some(0), "{}", stderr(&shown));
        out.push((id, serde_json::from_str(stdout(&shown).trim()).unwrap()));
    }
    assert_eq!(out.len(), 5);
    out
}

/// The debris of the seed files: fixture facts, checked against what the index holds.
const SEED_DEBRIS: &[&str] = &[
    "- Category",
    "Latest news",
    "Your support keeps our team",
    "a18d9.png",
    "![]()",
    "Photo: AFP",
    "By Huyen Le",
    "Babar Azam",
    "Comments are closed",
    "trackbacks",
    "date 2026-02-06",
];

#[test]
fn no_passage_holds_seed_boilerplate() {
    let mut passages = 0;
    for (id, article) in seed_articles() {
        for p in article["passages"].as_array().unwrap() {
            passages += 1;
            let text = p["text"].as_str().unwrap();
            for debris in SEED_DEBRIS {
                assert!(!text.contains(debris), "{id} keeps {debris:?}: {text}");
            }
        }
    }
    assert!(passages >= 40, "only {passages} passages");
    for query in [
        "support team field",
        "Babar Azam Peshawar",
        "comments trackbacks pingbacks",
        "Category",
        "png",
    ] {
        for hit in search_json(&[query]) {
            let text = hit["text"].as_str().unwrap();
            for debris in SEED_DEBRIS {
                assert!(!text.contains(debris), "{query:?} found {debris:?}");
            }
        }
    }
}

#[test]
fn show_lists_what_cleaning_removed() {
    let mut removed_kinds = Vec::new();
    for (_, article) in seed_articles() {
        for r in article["removed"].as_array().unwrap() {
            assert!(r["line"].as_u64().unwrap() >= 1);
            assert!(!r["text"].as_str().unwrap().is_empty());
            removed_kinds.push(r["kind"].as_str().unwrap().to_string());
        }
    }
    for kind in [
        "navigation",
        "appeal",
        "image",
        "caption",
        "byline",
        "unrelated_headline",
        "footer",
        "metadata",
    ] {
        assert!(
            removed_kinds.iter().any(|k| k == kind),
            "no {kind} removed: {removed_kinds:?}"
        );
    }
    let babar = SEED_DEBRIS.iter().find(|d| d.starts_with("Babar")).unwrap();
    let out = lede(
        seed_index(),
        &["--index", "idx", "show", "004_0ce464d2b3789fd5"],
    );
    let text = stdout(&out);
    assert!(
        text.contains("unrelated headline") && text.contains(babar),
        "{text}"
    );
}

#[test]
fn json_lines_carry_every_contracted_key() {
    let hits = search_json(&["Macron Putin"]);
    assert!(hits.len() >= 10);
    for (i, hit) in hits.iter().enumerate() {
        assert_eq!(hit["rank"].as_u64(), Some(i as u64 + 1));
        assert!(hit["score"].as_f64().unwrap() > 0.0);
        for key in ["doc_id", "title", "text", "snippet"] {
            assert!(hit[key].is_string(), "{key} in {hit}");
        }
        assert!(hit["outlet"].is_string() || hit["outlet"].is_null());
        assert!(hit["date"].is_null() || hit["date"].as_str().unwrap().len() == 10);
        assert!(hit["speakers"].is_array());
        assert!(hit["passage"].is_u64());
    }
    // Full matches first: every hit before the first partial one contains both names.
    let full = hits
        .iter()
        .take_while(|h| {
            let t = format!("{} {}", h["title"], h["text"]);
            t.contains("Macron") && t.contains("Putin")
        })
        .count();
    assert!(full >= 5);
}

#[test]
fn exit_codes_are_0_found_1_none_2_error() {
    let dir = seed_index();
    let code = |args: &[&str]| lede(dir, args).status.code();
    assert_eq!(code(&["--index", "idx", "search", "Macron"]), Some(0));
    assert_eq!(code(&["--index", "idx", "search", "zyxwvutsrq"]), Some(1));
    assert_eq!(
        code(&["--index", "idx", "show", "no-such-article"]),
        Some(1)
    );
    for bad in [
        &[
            "--index",
            "idx",
            "search",
            "Macron",
            "--since",
            "2026-13-01",
        ][..],
        &[
            "--index",
            "idx",
            "search",
            "Macron",
            "--since",
            "2026-02-07",
            "--until",
            "2026-02-01",
        ],
        &["--index", "idx", "search", "Macron", "--limit", "0"],
        &["--index", "idx", "search", "Macron", "--outlet", " "],
        &["--index", "idx", "search", "?!"],
        &["--index", "idx", "search", "Macron date:2026-13-01"],
        &[
            "--index",
            "idx",
            "search",
            "Macron date:[2026-02-07 TO 2026-02-01]",
        ],
        &["--index", "idx", "search", "--no-such-flag", "x"],
        &["--index", "missing", "show", "x"],
        &["--index", "missing", "stats"],
        &["--index", "idx", "index", "no/such/path"],
    ] {
        let out = lede(dir, bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{bad:?} printed {err:?}");
        assert!(err.starts_with("lede: "), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn flags_may_follow_the_query_and_excluded_words_lead_after_a_double_dash() {
    let after = search_json(&["Macron", "Putin", "--outlet", "nobody"]);
    assert!(after.is_empty());
    let excluded = search_json(&["--", "-Lavrov", "Macron"]);
    assert!(!excluded.is_empty());
    assert!(excluded
        .iter()
        .all(|h| !h["text"].as_str().unwrap().contains("Lavrov")));
}

#[test]
fn upper_case_operators_are_words_not_syntax() {
    let out = lede(
        seed_index(),
        &[
            "--index",
            "idx",
            "search",
            "TROOPS IN UKRAINE AND NOT TO PEACE OR",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn reindexing_the_same_files_replaces_them() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = seeds();
    let stats = || {
        let out = lede(dir.path(), &["stats", "--json"]);
        serde_json::from_str::<Value>(stdout(&out).trim()).unwrap()
    };
    assert!(lede(dir.path(), &["index", seeds.to_str().unwrap()])
        .status
        .success());
    let first = stats();
    assert_eq!(first["articles"], 5);
    let single = seeds.join("000_fd5111767d5f926c.txt");
    assert!(lede(
        dir.path(),
        &["index", seeds.to_str().unwrap(), single.to_str().unwrap()]
    )
    .status
    .success());
    let second = stats();
    assert_eq!(first["articles"], second["articles"]);
    assert_eq!(first["passages"], second["passages"]);
}

#[test]
fn output_is_plain_when_piped_and_coloured_when_forced() {
    let plain = lede(seed_index(), &["--index", "idx", "search", "Lavrov"]);
    assert!(!stdout(&plain).contains('\u{1b}'));
    let forced = Command::new(BIN)
        .current_dir(seed_index())
        .env("CLICOLOR_FORCE", "1")
        .env_remove("NO_COLOR")
        .args(["--index", "idx", "search", "Lavrov"])
        .output()
        .unwrap();
    assert!(
        stdout(&forced).contains("\u{1b}["),
        "matches are highlighted on a terminal"
    );
    let no_color = Command::new(BIN)
        .current_dir(seed_index())
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .args(["--index", "idx", "search", "Lavrov"])
        .output()
        .unwrap();
    assert!(!stdout(&no_color).contains('\u{1b}'), "NO_COLOR wins");
}

#[test]
fn a_closed_pipe_is_success() {
    let mut child = Command::new(BIN)
        .current_dir(seed_index())
        .args(["--index", "idx", "search", "--limit", "100", "Macron"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn same_ids_from_different_corpora_stay_apart() {
    let Some(data) = shared_data() else { return };
    let dir = tempfile::tempdir().unwrap();
    let a = data.join("time/corpus.jsonl");
    let b = data.join("cisi/corpus.jsonl");
    let out = lede(
        dir.path(),
        &["index", a.to_str().unwrap(), b.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = lede(dir.path(), &["show", "1", "--json"]);
    let sources: Vec<String> = stdout(&out)
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["source"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(sources.len(), 2, "{sources:?}");
    assert!(sources[0] != sources[1]);
    let stats: Value =
        serde_json::from_str(stdout(&lede(dir.path(), &["stats", "--json"])).trim()).unwrap();
    assert_eq!(stats["articles"], 423 + 1460);
}

#[test]
fn malformed_json_lines_are_reported_by_line_and_the_rest_indexed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("feed.jsonl"),
        "{\"id\":\"a\",\"title\":\"Grain\",\"text\":\"Wheat prices rose.\"}\n{\"id\": oops}\n{\"id\":\"c\",\"text\":\"Corn fell.\"}\n",
    )
    .unwrap();
    let out = lede(dir.path(), &["index", "feed.jsonl"]);
    assert!(out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("feed.jsonl:2: skipped: malformed JSON"),
        "{err}"
    );
    assert!(
        stdout(&out).contains("indexed 2 articles"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn the_speaker_filter_is_alias_aware_and_only_returns_that_speaker() {
    for alias in [
        "Sergei Lavrov",
        "LAVROV",
        "Russia's Foreign Minister Sergey Lavrov",
    ] {
        let hits = search_json(&["pathetic diplomacy", "--speaker", alias]);
        assert!(hits.len() >= 3, "{alias}: {hits:?}");
        for hit in &hits {
            let speakers: Vec<&str> = hit["speakers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap())
                .collect();
            assert!(
                speakers.iter().any(|s| s.ends_with("Lavrov")),
                "{alias}: {speakers:?}"
            );
            assert!(hit["score"].as_f64().unwrap() > 0.0);
        }
    }
    // The query syntax says the same as the option.
    let by_option = search_json(&["pathetic diplomacy", "--speaker", "Sergei Lavrov"]);
    let by_syntax = search_json(&["pathetic diplomacy speaker:\"Sergei Lavrov\""]);
    assert_eq!(by_option, by_syntax);
    // One canonical name across outlets that spell it differently.
    let names: std::collections::BTreeSet<String> = search_json(&["Lavrov", "--speaker", "Lavrov"])
        .iter()
        .flat_map(|h| h["speakers"].as_array().unwrap().clone())
        .filter_map(|s| s.as_str().map(str::to_string))
        .filter(|s| s.ends_with("Lavrov"))
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn quotes_carried_by_several_outlets_are_listed_once() {
    let out = lede(
        seed_index(),
        &["--index", "idx", "quotes", "Sergei Lavrov", "--json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let groups: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!groups.is_empty());
    let top = &groups[0];
    assert!(
        top["text"].as_str().unwrap().contains("pathetic diplomacy"),
        "{top}"
    );
    let carried = top["carried_by"].as_array().unwrap();
    assert!(carried.len() >= 2, "{top}");
    let docs: std::collections::BTreeSet<&str> = carried
        .iter()
        .map(|c| c["doc_id"].as_str().unwrap())
        .collect();
    assert_eq!(docs.len(), carried.len(), "each article once: {top}");
    let none = lede(seed_index(), &["--index", "idx", "quotes", "Nobody Atall"]);
    assert_eq!(none.status.code(), Some(1));
}

#[test]
fn every_metadata_value_shown_has_its_evidence() {
    let mut with_outlet = 0;
    for (id, article) in seed_articles() {
        let evidence = article["evidence"].as_array().unwrap();
        for field in ["date", "outlet"] {
            if let Some(value) = article[field].as_str() {
                with_outlet += usize::from(field == "outlet");
                let e = evidence
                    .iter()
                    .find(|e| e["field"] == field && e["value"] == value);
                let e = e.unwrap_or_else(|| panic!("{id}: {field} {value} has no evidence"));
                assert!(!e["method"].as_str().unwrap().is_empty());
                assert!(!e["matched"].as_str().unwrap().is_empty());
            }
        }
        let passages = article["passages"].as_array().unwrap();
        let speakers: Vec<&Value> = passages
            .iter()
            .flat_map(|p| p["speakers"].as_array().unwrap())
            .collect();
        assert!(
            !speakers.is_empty(),
            "{id} quotes people, yet has no speakers"
        );
        for p in passages {
            let evidence = p["speaker_evidence"].as_array().unwrap();
            assert_eq!(
                evidence.len(),
                p["speakers"].as_array().unwrap().len(),
                "{id}: {p}"
            );
            for e in evidence {
                assert!(!e["method"].as_str().unwrap().is_empty());
                assert!(!e["matched"].as_str().unwrap().is_empty());
            }
        }
    }
    assert!(with_outlet >= 2, "outlets found in at least two seeds");
}

#[test]
fn a_sources_manifest_wins_over_extraction_and_a_broken_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("articles");
    std::fs::create_dir(&copy).unwrap();
    for entry in std::fs::read_dir(seeds()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), copy.join(entry.file_name())).unwrap();
    }
    std::fs::write(
        copy.join("sources.json"),
        r#"{"002_96fbdbca7af89b55": {"outlet": "Politico Europe", "date": "2026-02-05", "author": "Staff"}}"#,
    )
    .unwrap();
    let out = lede(dir.path(), &["index", "articles"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("indexed 5 articles"),
        "the manifest is no article: {}",
        stdout(&out)
    );
    let shown = lede(dir.path(), &["show", "002_96fbdbca7af89b55", "--json"]);
    let article: Value = serde_json::from_str(stdout(&shown).trim()).unwrap();
    assert_eq!(article["outlet"], "Politico Europe");
    assert_eq!(article["date"], "2026-02-05");
    assert_eq!(article["author"], "Staff");
    let methods: Vec<&str> = article["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["field"] == "outlet" || e["field"] == "date")
        .map(|e| e["method"].as_str().unwrap())
        .collect();
    assert_eq!(methods, ["manifest", "manifest"]);

    std::fs::write(
        copy.join("sources.json"),
        "{\n  \"x\": {\"outlet\": \"A\",}\n}",
    )
    .unwrap();
    let out = lede(dir.path(), &["index", "articles"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("sources.json:2:"), "{}", stderr(&out));
}

fn top_hit(query: &str) -> Value {
    search_json(&[query])
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("{query:?} finds nothing"))
}

#[test]
fn seed_questions_are_answered_by_the_top_hit() {
    // Who: the passage naming whom Bonne met ("met" is an irregular form of "meet").
    let who = top_hit("Who did Bonne meet in Moscow?");
    assert!(
        who["text"].as_str().unwrap().contains("Bonne met with"),
        "{who}"
    );
    // When: the passage with the last call and its month.
    let when = top_hit("When did Macron and Putin last speak?");
    let text = when["text"].as_str().unwrap();
    assert!(
        text.contains("last spoke") && text.contains("July"),
        "{when}"
    );
    // How many: a passage with the number.
    let many = top_hit("How many prisoners were exchanged?");
    let text = many["text"].as_str().unwrap();
    assert!(
        text.contains("prisoners") && text.chars().any(|c| c.is_ascii_digit()),
        "{many}"
    );
}

#[test]
fn a_quote_carried_by_several_outlets_is_one_hit_listing_the_others() {
    let grouped = search_json(&["Lavrov pathetic diplomacy"]);
    let carrying: Vec<&Value> = grouped
        .iter()
        .filter(|h| h["text"].as_str().unwrap().contains("pick up the phone"))
        .collect();
    assert_eq!(carrying.len(), 1, "the quote is one hit: {grouped:?}");
    let also: Vec<&str> = carrying[0]["also_in"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["doc_id"].as_str().unwrap())
        .collect();
    assert_eq!(also.len(), 2, "{also:?}");
    assert!(!also.contains(&carrying[0]["doc_id"].as_str().unwrap()));
    let outlets: Vec<&Value> = carrying[0]["also_in"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["outlet"])
        .collect();
    assert!(
        outlets.iter().any(|o| o.as_str() == Some("POLITICO")),
        "{outlets:?}"
    );

    let mut grouped_ids: Vec<&str> = also.clone();
    grouped_ids.push(carrying[0]["doc_id"].as_str().unwrap());
    grouped_ids.sort();
    let separate = search_json(&["--no-group", "Lavrov pathetic diplomacy"]);
    let mut separate_ids: Vec<&str> = separate
        .iter()
        .filter(|h| h["text"].as_str().unwrap().contains("pick up the phone"))
        .map(|h| h["doc_id"].as_str().unwrap())
        .collect();
    separate_ids.sort();
    separate_ids.dedup();
    assert_eq!(
        separate_ids, grouped_ids,
        "without grouping each copy is a hit"
    );
    assert!(separate
        .iter()
        .all(|h| h["also_in"].as_array().unwrap().is_empty()));
}

#[test]
fn explain_shows_the_reading_and_each_score() {
    let out = lede(
        seed_index(),
        &[
            "--index",
            "idx",
            "search",
            "--explain",
            "-n",
            "2",
            "Who did Bonne meet in Moscow?",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Query read as"), "{text}");
    assert!(text.contains("meet→meet +met"), "{text}");
    assert!(text.contains("a person"), "{text}");
    assert!(text.matches("score ").count() >= 2, "{text}");
    let json = search_json(&["--explain", "Lavrov"]);
    assert!(json[0]["explain"]["score"].as_f64().unwrap() > 0.0);
    assert!(search_json(&["Lavrov"])[0].get("explain").is_none());
}

/// A collection of three documents and two queries, judged by hand.
fn tiny_collection(dir: &Path) -> PathBuf {
    let c = dir.join("tiny");
    std::fs::create_dir(&c).unwrap();
    std::fs::write(
        c.join("corpus.jsonl"),
        [
            r#"{"id": "1", "title": "", "text": "Cocoa farmers in Bahia fear the drought will cut the crop."}"#,
            r#"{"id": "2", "title": "", "text": "Coffee prices rose after frost hit Brazil."}"#,
            r#"{"id": "3", "title": "", "text": "The central bank left interest rates unchanged."}"#,
        ]
        .join("\n"),
    )
    .unwrap();
    std::fs::write(
        c.join("queries.jsonl"),
        "{\"id\": \"1\", \"text\": \"COCOA DROUGHT IN BAHIA\"}\n{\"id\": \"2\", \"text\": \"interest rates\"}\n",
    )
    .unwrap();
    std::fs::write(c.join("qrels.tsv"), "1\t1\t1\n2\t3\t1\n").unwrap();
    c
}

#[test]
fn eval_prints_both_rankings_as_json_and_writes_a_trec_run() {
    let dir = tempfile::tempdir().unwrap();
    let c = tiny_collection(dir.path());
    let run = dir.path().join("run.txt");
    let out = lede(
        dir.path(),
        &[
            "eval",
            c.to_str().unwrap(),
            "--json",
            "--run",
            run.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    for key in ["ndcg@10", "mrr@10", "recall@100", "map"] {
        assert_eq!(v[key].as_f64(), Some(1.0), "{key}: {v}");
        assert_eq!(
            v["baseline"][key].as_f64(),
            Some(1.0),
            "baseline {key}: {v}"
        );
    }
    let run = std::fs::read_to_string(run).unwrap();
    let first = run.lines().next().unwrap();
    let cols: Vec<&str> = first.split(' ').collect();
    assert_eq!(
        (cols[0], cols[1], cols[2], cols[3], cols[5]),
        ("1", "Q0", "1", "1", "lede")
    );

    let not_a_collection = lede(dir.path(), &["eval", dir.path().to_str().unwrap()]);
    assert_eq!(not_a_collection.status.code(), Some(2));
    assert!(stderr(&not_a_collection).contains("corpus.jsonl"));
}

#[test]
fn eval_on_time_beats_the_tantivy_baseline() {
    let Some(data) = shared_data() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = lede(
        dir.path(),
        &["eval", data.join("time").to_str().unwrap(), "--json"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    let (lede, base) = (
        v["ndcg@10"].as_f64().unwrap(),
        v["baseline"]["ndcg@10"].as_f64().unwrap(),
    );
    assert!(lede > base, "lede {lede} vs baseline {base}");
    assert_eq!(v["queries"].as_u64(), Some(83));
}

/// A passage-QA collection of three stories and three questions, one answered by no story.
fn tiny_qa_collection(dir: &Path) -> std::path::PathBuf {
    let c = dir.join("qa");
    std::fs::create_dir_all(&c).unwrap();
    let stories = [
        (
            "s1",
            "Talks between the two delegations opened in Geneva on Monday.\n\nThe envoy Emmanuel Bonne met Yury Ushakov, an aide to the president, on Tuesday.",
        ),
        (
            "s2",
            "Cocoa prices rose after a drought in Bahia cut the harvest.\n\nTraders said stocks would last until June.",
        ),
        ("s3", "The city council voted to close the harbour bridge for repairs."),
    ];
    let corpus: Vec<String> = stories
        .iter()
        .map(|(id, text)| serde_json::json!({"id": id, "title": "", "text": text}).to_string())
        .collect();
    std::fs::write(c.join("corpus.jsonl"), corpus.join("\n")).unwrap();
    let questions = [
        ("q1", "s1", "Who did Bonne meet?", "Yury Ushakov,"),
        (
            "q2",
            "s2",
            "What cut the cocoa harvest?",
            "a drought in Bahia",
        ),
        ("q3", "s3", "When will the bridge reopen?", "next spring"),
    ];
    let lines: Vec<String> = questions
        .iter()
        .map(|(id, story, q, a)| {
            serde_json::json!({"id": id, "story_id": story, "question": q, "answer": a, "start": 0, "end": 0})
                .to_string()
        })
        .collect();
    std::fs::write(c.join("questions.jsonl"), lines.join("\n")).unwrap();
    c
}

#[test]
fn eval_on_passage_qa_scores_both_rankings_by_question_word_and_writes_the_hits() {
    let dir = tempfile::tempdir().unwrap();
    let c = tiny_qa_collection(dir.path());
    let archive = dir.path().join("archive.jsonl");
    std::fs::write(
        &archive,
        "{\"id\": \"1\", \"title\": \"Bonn\", \"text\": \"Ministers met in Bonn to talk about grain.\"}\n",
    )
    .unwrap();
    let run = dir.path().join("run.jsonl");
    let args = [
        "eval",
        c.to_str().unwrap(),
        "--archive",
        archive.to_str().unwrap(),
        "--json",
        "--run",
        run.to_str().unwrap(),
    ];
    let out = lede(dir.path(), &args);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(
        (v["stories"].as_u64(), v["articles"].as_u64()),
        (Some(3), Some(4))
    );
    assert_eq!(v["unanswerable"].as_u64(), Some(1), "{v}");
    for ranking in [&v["lede"], &v["baseline"]] {
        for key in [
            "success@1",
            "success@5",
            "success@10",
            "mrr@10",
            "recall@100",
            "crowded@10",
        ] {
            assert!(ranking[key].as_f64().is_some(), "{key}: {v}");
        }
        assert_eq!(ranking["questions"].as_u64(), Some(3));
        let words = ranking["by_question_word"].as_object().unwrap();
        assert_eq!(words.keys().collect::<Vec<_>>(), ["what", "when", "who"]);
    }
    // Two of three questions can be answered, and lede answers both first.
    assert!(
        (v["lede"]["success@1"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9,
        "{v}"
    );
    assert_eq!(
        v["lede"]["by_question_word"]["who"]["mrr@10"].as_f64(),
        Some(1.0)
    );
    let hits: Vec<Value> = std::fs::read_to_string(run)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let first = &hits[0];
    assert_eq!(
        (
            first["question"].as_str(),
            first["rank"].as_u64(),
            first["doc_id"].as_str()
        ),
        (Some("q1"), Some(1), Some("s1"))
    );
    assert_eq!(
        (first["passage"].as_u64(), first["answers"].as_bool()),
        (Some(1), Some(true))
    );

    let text = lede(dir.path(), &["eval", c.to_str().unwrap()]);
    assert!(text.status.success(), "{}", stderr(&text));
    let table = stdout(&text);
    for row in [
        "all (3)",
        "who (1)",
        "baseline (BM25, passages)",
        "lede / baseline",
    ] {
        assert!(table.contains(row), "{row}: {table}");
    }
    let missing = lede(
        dir.path(),
        &["eval", c.to_str().unwrap(), "--archive", "/nonexistent"],
    );
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("--archive /nonexistent"),
        "{}",
        stderr(&missing)
    );
    std::fs::write(c.join("questions.jsonl"), "{\"id\": \"q1\"}\n").unwrap();
    let bad = lede(dir.path(), &["eval", c.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("questions.jsonl:1"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn eval_on_newsqa_beats_plain_bm25_over_the_same_passages() {
    let Some(data) = shared_data() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = lede(
        dir.path(),
        &["eval", data.join("newsqa").to_str().unwrap(), "--json"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    let figure = |ranking: &str, key: &str| v[ranking][key].as_f64().unwrap();
    assert!(
        figure("lede", "mrr@10") > figure("baseline", "mrr@10"),
        "{v}"
    );
    assert!(figure("lede", "crowded@10") <= 0.1, "{v}");
    assert_eq!(v["lede"]["questions"].as_u64(), Some(2129));
}

#[test]
fn bench_query_times_lede_and_the_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let queries = dir.path().join("q.txt");
    std::fs::write(
        &queries,
        "Lavrov pathetic diplomacy\nWho did Bonne meet?\n?!\n",
    )
    .unwrap();
    let out = lede(
        dir.path(),
        &[
            "bench",
            "query",
            "--corpus",
            seeds().to_str().unwrap(),
            "--queries",
            queries.to_str().unwrap(),
            "--runs",
            "2",
            "--json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(
        (v["queries"].as_u64(), v["refused"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(v["searches"].as_u64(), Some(4));
    for way in ["lede", "baseline"] {
        assert!(v[way]["p50_ms"].as_f64().unwrap() > 0.0, "{v}");
        assert!(v[way]["p99_ms"].as_f64().unwrap() >= v[way]["p50_ms"].as_f64().unwrap());
    }
}

#[test]
fn bench_index_measures_both_sides_per_configuration_in_child_processes() {
    let dir = tempfile::tempdir().unwrap();
    let plot = dir.path().join("sweep.svg");
    let out = lede(
        dir.path(),
        &[
            "bench",
            "index",
            "--corpus",
            seeds().to_str().unwrap(),
            "--repeat",
            "1,2",
            "--runs",
            "1",
            "--threads",
            "1",
            "--memory",
            "32",
            "--json",
            "--plot",
            plot.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    for side in ["lede", "baseline"] {
        for key in ["mb_per_s", "docs_per_s", "peak_rss_mib"] {
            assert!(v[side][key].as_f64().unwrap() > 0.0, "{side}.{key}: {v}");
        }
        assert!(v[side]["stages"]["commit"].as_f64().is_some());
    }
    assert!(v["ratio"].as_f64().unwrap() > 0.0);
    let configurations = v["configurations"].as_array().unwrap();
    assert_eq!(configurations.len(), 2);
    assert_eq!(configurations[1]["repeat"].as_u64(), Some(2));
    // Twice the corpus is twice the input, the articles and the passages.
    let mb = |i: usize| configurations[i]["input_mb"].as_f64().unwrap();
    assert!((mb(1) - 2.0 * mb(0)).abs() < 1e-9);
    let docs = |i: usize, side: &str| {
        let m = &configurations[i][side];
        m["docs_per_s"].as_f64().unwrap() * m["seconds"].as_f64().unwrap()
    };
    assert!((docs(0, "lede") - 5.0).abs() < 0.01, "{v}");
    assert!((docs(1, "baseline") - 10.0).abs() < 0.01, "{v}");
    for spread in [
        "scaling_spread",
        "baseline_scaling_spread",
        "ratio_scaling_spread",
    ] {
        assert!(v[spread].as_f64().is_some(), "{spread} missing: {v}");
    }
    let svg = std::fs::read_to_string(&plot).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("throughput (MB/s)"));

    let table = lede(
        dir.path(),
        &[
            "bench",
            "index",
            "--corpus",
            seeds().to_str().unwrap(),
            "--runs",
            "1",
            "--threads",
            "1",
            "--memory",
            "32",
        ],
    );
    assert!(table.status.success(), "{}", stderr(&table));
    let text = stdout(&table);
    for heading in [
        "MB/s",
        "peakMiB",
        "ratio",
        "where the time went",
        "allocated memory through the run",
        "metadata",
        "commit",
    ] {
        assert!(text.contains(heading), "{heading} missing:\n{text}");
    }
}

#[test]
fn bench_index_refuses_bad_settings_before_measuring() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = seeds();
    let cases: [(&[&str], &str); 4] = [
        (&["--threads", "0"], "--threads"),
        (
            &["--threads", "2", "--memory", "20"],
            "at least 15 MiB per thread",
        ),
        (&["--repeat", "1,x"], "--repeat"),
        (
            &["--plot", "/no/such/folder/p.svg"],
            "/no/such/folder/p.svg",
        ),
    ];
    for (extra, expected) in cases {
        let mut args = vec!["bench", "index", "--corpus", seeds.to_str().unwrap()];
        args.extend_from_slice(extra);
        let out = lede(dir.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        assert!(
            stderr(&out).contains(expected),
            "{extra:?}: {}",
            stderr(&out)
        );
    }
    let missing = lede(dir.path(), &["bench", "index", "--corpus", "nope"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("nope: no such corpus"));
}

#[test]
fn model_says_where_the_model_is_and_how_to_install_it() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("no-model");
    let out = lede(
        dir.path(),
        &["model", "--model", empty.to_str().unwrap(), "status"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains(empty.to_str().unwrap()), "{text}");
    assert!(text.contains("bash scripts/install-model"), "{text}");
    let distill = lede(
        dir.path(),
        &["model", "--model", empty.to_str().unwrap(), "distill"],
    );
    assert_eq!(distill.status.code(), Some(2));
    assert!(
        stderr(&distill).contains("config.json"),
        "{}",
        stderr(&distill)
    );
}

#[test]
fn semantic_search_says_what_it_needs_where_it_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let no_model = dir.path().join("no-model");
    let seeds = seeds();
    let seeds = seeds.to_str().unwrap();
    let model = no_model.to_str().unwrap();
    // Vectors asked for without a model: nothing is indexed, and the error says how to install.
    let out = lede(
        dir.path(),
        &[
            "--index",
            "idx",
            "--model",
            model,
            "index",
            "--vectors",
            "transformer",
            seeds,
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(stderr(&out).contains("install-model"), "{}", stderr(&out));
    let out = lede(dir.path(), &["--index", "idx", "index", seeds]);
    assert!(out.status.success(), "{}", stderr(&out));
    let stats = stdout(&lede(dir.path(), &["--index", "idx", "stats"]));
    assert!(
        stats.contains("vectors    none") && stats.contains("--vectors transformer"),
        "{stats}"
    );
    // A vector mode on an index without vectors is refused with what to do; a mode that does
    // not exist is named.
    let out = lede(
        dir.path(),
        &["--index", "idx", "search", "--mode", "semantic", "truce"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("lede index --vectors"),
        "{}",
        stderr(&out)
    );
    let out = lede(
        dir.path(),
        &["--index", "idx", "search", "--mode", "dense", "truce"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("dense"), "{}", stderr(&out));
    let explained = stdout(&lede(
        dir.path(),
        &["--index", "idx", "search", "--explain", "Lavrov"],
    ));
    assert!(
        explained.contains("mode      lexical: the index has no vectors"),
        "{explained}"
    );
}

#[test]
fn inferred_dates_are_marked_shown_with_evidence_and_filtered_on() {
    let articles = seed_articles();
    let mut inferred = Vec::new();
    for (id, a) in &articles {
        let dated = a["date"].as_str();
        let is_inferred = a["date_inferred"].as_bool().unwrap();
        let evidence: Vec<&Value> = a["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["field"] == "date")
            .collect();
        if let Some(date) = dated {
            // Every date has its evidence; an inferred one names the article it came from.
            assert!(!evidence.is_empty(), "{id}: {date} without evidence");
            if is_inferred {
                let method = evidence[0]["method"].as_str().unwrap();
                assert!(method.starts_with("inferred"), "{id}: {method}");
                let from = evidence[0]["matched"].as_str().unwrap();
                assert!(articles
                    .iter()
                    .any(|(other, _)| other != id && from.contains(other.as_str())));
                inferred.push((id.clone(), date.to_string()));
            }
        } else {
            assert!(!is_inferred);
        }
    }
    assert!(
        !inferred.is_empty(),
        "the seeds report one story over a few days"
    );
    // `--since` counts inferred dates: every inferred article is found from its date on.
    for (id, date) in &inferred {
        let hits = search_json(&["Macron", "--since", date, "--no-group"]);
        assert!(
            hits.iter().any(|h| h["doc_id"] == id.as_str()),
            "{id} since {date}"
        );
        assert!(hits
            .iter()
            .all(|h| h["date"].as_str().is_some_and(|d| d >= date.as_str())));
        let shown = lede(seed_index(), &["--index", "idx", "show", id]);
        assert!(stdout(&shown).contains(&format!("{date} (inferred)")));
    }
}

#[test]
fn days_named_relative_to_a_date_are_shown_with_their_passage() {
    let mut days = 0;
    for (id, a) in seed_articles() {
        let evidence = a["evidence"].as_array().unwrap();
        for e in evidence.iter().filter(|e| e["field"] == "day") {
            days += 1;
            // Only a date the article gives or states is resolved against, and the day is in
            // the week up to it or the one after.
            let date = a["date"].as_str().expect("a day needs the article's date");
            assert!(!a["date_inferred"].as_bool().unwrap(), "{id}");
            let value = e["value"].as_str().unwrap();
            let first = lede::date::parse_ymd(&value[..10]).unwrap();
            let published = lede::date::parse_ymd(date).unwrap();
            assert!((first - published).whole_days().abs() <= 7, "{id}: {value}");
            // The evidence names the passage holding the words it quotes.
            let matched = e["matched"].as_str().unwrap();
            let (index, words) = matched[1..].split_once("] ").unwrap();
            let passage = &a["passages"][index.parse::<usize>().unwrap()]["text"];
            let last = words.split_whitespace().last().unwrap();
            assert!(passage.as_str().unwrap().contains(last), "{id}: {matched}");
        }
    }
    assert!(days > 0, "the dated seed names the days of its events");
}
