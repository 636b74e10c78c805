//! Reliability of the real binary: bad input is kept or explained, a killed run loses only
//! uncommitted work and a re-run completes it, searches run beside a writer, a second writer is
//! refused, re-indexing skips, replaces and prunes files with exact counts, and no query
//! panics.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{hostile_queries, lede, seeds, stderr, stdout, BIN};
use serde_json::Value;

/// The paragraphs of the seed articles that are long enough to be prose.
fn seed_paragraphs() -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(seeds())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(file).unwrap();
        paragraphs.extend(
            text.split('\n')
                .map(str::trim)
                .filter(|p| p.len() > 150)
                .map(str::to_string),
        );
    }
    assert!(paragraphs.len() > 20, "the seeds have prose");
    paragraphs
}

/// An article made of seed paragraphs, with a sentence that only it has.
fn article_text(paragraphs: &[String], n: usize) -> String {
    let mut text = String::new();
    for k in 0..5 {
        text.push_str(&paragraphs[(n * 7 + k * 3) % paragraphs.len()]);
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "The correspondent filed report number marker{n}x from the capital."
    ));
    text
}

/// A corpus of `text_files` text articles and `json_files` JSON Lines files of `records`
/// articles each; returns its folder and every doc id.
fn synthetic_corpus(
    root: &Path,
    text_files: usize,
    json_files: usize,
    records: usize,
) -> (PathBuf, Vec<String>) {
    let paragraphs = seed_paragraphs();
    let dir = root.join("corpus");
    std::fs::create_dir_all(&dir).unwrap();
    let mut ids = Vec::new();
    let mut n = 0;
    for f in 0..text_files {
        let id = format!("story{f:03}");
        std::fs::write(dir.join(format!("{id}.txt")), article_text(&paragraphs, n)).unwrap();
        ids.push(id);
        n += 1;
    }
    for f in 0..json_files {
        let mut lines = String::new();
        for r in 0..records {
            let id = format!("wire{f}-{r:05}");
            let record = serde_json::json!({
                "id": id,
                "title": format!("Wire report {r}"),
                "text": article_text(&paragraphs, n),
                "date": "2026-02-06",
                "outlet": "Wire",
            });
            lines.push_str(&record.to_string());
            lines.push('\n');
            ids.push(id);
            n += 1;
        }
        std::fs::write(dir.join(format!("wire{f}.jsonl")), lines).unwrap();
    }
    (dir, ids)
}

fn json(out: &std::process::Output) -> Value {
    serde_json::from_str(stdout(out).trim())
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}{}", stdout(out), stderr(out)))
}

fn stats(dir: &Path) -> Value {
    let out = lede(dir, &["stats", "--json"]);
    assert!(out.status.success(), "stats failed: {}", stderr(&out));
    json(&out)
}

fn counts(stats: &Value) -> (u64, u64) {
    (
        stats["articles"].as_u64().unwrap(),
        stats["passages"].as_u64().unwrap(),
    )
}

/// Passages per article, read with the library from a closed index.
fn passages_by_article(index: &Path, ids: &[String]) -> BTreeMap<String, usize> {
    let engine = lede::Engine::open(index).expect("the index opens");
    ids.iter()
        .filter_map(|id| {
            let articles = engine.article(id).unwrap();
            assert!(articles.len() <= 1, "{id} is in the index twice");
            articles.first().map(|a| (id.clone(), a.passages.len()))
        })
        .collect()
}

#[cfg(unix)]
fn symlink(target: &str, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[test]
#[cfg(unix)]
fn bad_files_are_decoded_or_skipped_with_a_reason_and_strict_fails_on_them() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("feed");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    let seed = std::fs::read_dir(seeds())
        .unwrap()
        .map(|e| e.unwrap().path())
        .min()
        .unwrap();
    std::fs::copy(&seed, dir.join("good.txt")).unwrap();
    let french =
        "Le ministre a déclaré mardi que la réunion était « pathétique ».\n\nUne deuxième phrase.";
    let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(french);
    std::fs::write(dir.join("latin1.txt"), &latin1).unwrap();
    let mut utf16 = vec![0xff, 0xfe];
    for unit in "Kremlin spokesman Peskov declined to comment.".encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    std::fs::write(dir.join("utf16.txt"), utf16).unwrap();
    std::fs::write(
        dir.join("image.txt"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01",
    )
    .unwrap();
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    std::fs::write(dir.join("blank.md"), " \n\n\t \n").unwrap();
    symlink("/no/such/target.txt", &dir.join("broken.txt"));
    symlink("..", &dir.join("sub").join("loop"));
    let fifo = dir.join("pipe.txt");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let mut records = String::new();
    records
        .push_str("{\"id\":\"r1\",\"title\":\"One\",\"text\":\"Talks resumed in Abu Dhabi.\"}\n");
    records.push_str("{\"id\":\"r2\",\"text\":\"unterminated\n");
    records.push_str("{\"id\":\"r3\",\"text\":\"Dated badly.\",\"date\":\"06/02/2026\"}\n");
    records.push_str("{\"title\":\"no id\",\"text\":\"x\"}\n");
    std::fs::write(dir.join("wire.jsonl"), records.as_bytes()).unwrap();
    let mut legacy = b"{\"id\":\"r4\",\"text\":\"Caf".to_vec();
    legacy.extend(b"\xe9 cr\xe8me in Moscow.\"}\n");
    std::fs::OpenOptions::new()
        .append(true)
        .open(dir.join("wire.jsonl"))
        .and_then(|mut f| std::io::Write::write_all(&mut f, &legacy))
        .unwrap();
    std::fs::write(dir.join("scan.pdf"), b"%PDF-1.4").unwrap();
    std::fs::write(dir.join("README.md"), "About this feed.").unwrap();

    let feed = dir.to_str().unwrap();
    let out = lede(tmp.path(), &["index", "--json", feed]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = json(&out);
    let mut reasons: Vec<(String, Option<u64>, String)> = report["notices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            let path = PathBuf::from(n["path"].as_str().unwrap());
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (
                name,
                n["line"].as_u64(),
                n["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    reasons.sort();
    let expected: Vec<(&str, Option<u64>, &str)> = vec![
        ("README.md", None, "documentation"),
        ("blank.md", None, "empty"),
        ("broken.txt", None, "broken_link"),
        ("empty.txt", None, "empty"),
        ("image.txt", None, "binary"),
        ("latin1.txt", None, "decoded"),
        ("loop", None, "link_loop"),
        ("pipe.txt", None, "not_regular"),
        ("scan.pdf", None, "not_a_format"),
        ("utf16.txt", None, "decoded"),
        ("wire.jsonl", Some(2), "malformed"),
        ("wire.jsonl", Some(3), "field_ignored"),
        ("wire.jsonl", Some(4), "malformed"),
        ("wire.jsonl", Some(5), "decoded"),
    ];
    let expected: Vec<(String, Option<u64>, String)> = expected
        .into_iter()
        .map(|(f, l, r)| (f.to_string(), l, r.to_string()))
        .collect();
    assert_eq!(reasons, expected);
    eprintln!("kinds of bad input tried: {}", expected.len());
    // good.txt, latin1.txt, utf16.txt and r1, r3, r4: every good article is indexed.
    assert_eq!(report["articles"], 6);
    let found = |query: &str| {
        let out = lede(tmp.path(), &["search", "--json", "--no-group", query]);
        stdout(&out).lines().count()
    };
    assert!(
        found("pathétique réunion") > 0,
        "Windows-1252 text is decoded"
    );
    assert!(found("Peskov declined") > 0, "UTF-16 text is decoded");
    assert!(found("café crème") > 0, "a Windows-1252 line is decoded");
    assert!(
        found("dated badly") > 0,
        "a bad date drops the date, not the article"
    );

    let before = stats(tmp.path());
    let strict = lede(tmp.path(), &["index", "--strict", "--reread", feed]);
    assert_eq!(strict.status.code(), Some(2));
    assert!(
        stderr(&strict).contains("--strict: 12 warnings"),
        "{}",
        stderr(&strict)
    );
    assert!(
        stdout(&strict).contains("warnings: 12"),
        "{}",
        stdout(&strict)
    );
    assert_eq!(
        counts(&stats(tmp.path())),
        counts(&before),
        "strict loses nothing"
    );
}

#[test]
#[cfg(unix)]
fn unreadable_files_and_folders_are_warned_about_and_the_rest_indexed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("feed");
    std::fs::create_dir_all(dir.join("locked")).unwrap();
    std::fs::write(
        dir.join("open.txt"),
        "Talks resumed in Abu Dhabi on Wednesday.",
    )
    .unwrap();
    std::fs::write(dir.join("secret.txt"), "Nobody may read this.").unwrap();
    std::fs::write(dir.join("locked").join("inside.txt"), "Nor this.").unwrap();
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path, m| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m));
    mode(tmp.path(), 0o777).unwrap();
    mode(&dir, 0o777).unwrap();
    mode(&dir.join("secret.txt"), 0o000).unwrap();
    mode(&dir.join("locked"), 0o000).unwrap();
    // Permissions do not bind root: run as nobody when the tests run as root.
    let root = unsafe { libc::geteuid() } == 0;
    let mut command = if root {
        if Command::new("setpriv").arg("--version").output().is_err() {
            eprintln!("SKIPPED: running as root without setpriv, so no file can be unreadable");
            return;
        }
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", BIN]);
        c
    } else {
        Command::new(BIN)
    };
    let out = command
        .current_dir(tmp.path())
        .args(["index", "--json", dir.to_str().unwrap()])
        .output()
        .unwrap();
    mode(&dir.join("locked"), 0o755).unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = json(&out);
    assert_eq!(report["articles"], 1);
    let unreadable: Vec<String> = report["notices"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["reason"] == "unreadable")
        .map(|n| n["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(unreadable.len(), 2, "{unreadable:?}");
    assert!(unreadable.iter().any(|p| p.ends_with("secret.txt")));
    assert!(unreadable.iter().any(|p| p.ends_with("locked")));
}

#[test]
fn large_files_are_indexed_in_parts_and_oversized_records_skipped_by_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("big");
    std::fs::create_dir_all(&dir).unwrap();
    let paragraphs = seed_paragraphs();
    let mut text = String::new();
    let mut n = 0;
    while text.len() < 9 << 20 {
        text.push_str(&article_text(&paragraphs, n));
        text.push_str("\n\n");
        n += 1;
    }
    std::fs::write(dir.join("dump.txt"), &text).unwrap();
    let huge = "x".repeat(lede::ingest::MAX_RECORD_BYTES + 10);
    let lines = format!(
        "{}\n{{\"id\":\"huge\",\"text\":\"{huge}\"}}\n{}\n",
        serde_json::json!({"id": "before", "text": "Talks resumed in Abu Dhabi."}),
        serde_json::json!({"id": "after", "text": "Peskov declined to comment."}),
    );
    std::fs::write(dir.join("feed.jsonl"), lines).unwrap();
    drop(huge);
    let out = lede(tmp.path(), &["index", "--json", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = json(&out);
    let notices = report["notices"].as_array().unwrap();
    let reasons: Vec<(&str, Option<u64>)> = notices
        .iter()
        .map(|n| (n["reason"].as_str().unwrap(), n["line"].as_u64()))
        .collect();
    assert_eq!(reasons, [("parts", None), ("too_large", Some(2))]);
    let parts = text.len().div_ceil(lede::ingest::parts::PART_BYTES);
    assert_eq!(report["articles"].as_u64().unwrap() as usize, parts + 2);
    // Nothing lost at the cuts: the first, last and every article's marker are found.
    for marker in [0, n / 3, n / 2, n - 1] {
        let query = format!("marker{marker}x");
        let out = lede(tmp.path(), &["search", "--json", &query]);
        assert_eq!(out.status.code(), Some(0), "{query} is lost");
    }
    let first = lede(tmp.path(), &["show", "--json", "dump"]);
    let second = lede(tmp.path(), &["show", "--json", &format!("dump~{parts}")]);
    assert!(first.status.success() && second.status.success());
}

/// Runs `lede index` over `corpus` in `dir`, committing every MiB, and kills it with SIGKILL
/// `then` after it has made `commits` commits (watched through `index/meta.json`). Returns
/// `None` when the run finished first, else the commits it had made when killed.
fn index_and_kill(dir: &Path, corpus: &Path, commits: usize, then: Duration) -> Option<usize> {
    let meta = dir.join("index").join("meta.json");
    let read_meta = || std::fs::read(&meta).ok();
    let mut child = Command::new(BIN)
        .current_dir(dir)
        .args(["index", "--commit-every", "1", corpus.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut last = read_meta();
    let mut seen = 0;
    let mut since: Option<Instant> = None;
    loop {
        if child.try_wait().unwrap().is_some() {
            return None;
        }
        let now = read_meta();
        if now.is_some() && now != last {
            // meta.json is created with the index (no payload), then rewritten by each commit.
            if last.is_some() {
                seen += 1;
            }
            last = now;
        }
        if seen >= commits {
            let since = *since.get_or_insert_with(Instant::now);
            if since.elapsed() >= then {
                child.kill().unwrap(); // SIGKILL
                child.wait().unwrap();
                return Some(seen);
            }
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

#[test]
fn a_killed_run_leaves_its_last_commit_and_running_it_again_completes_the_job() {
    let tmp = tempfile::tempdir().unwrap();
    let (corpus, ids) = synthetic_corpus(tmp.path(), 30, 2, 1000);
    let reference_dir = tmp.path().join("reference");
    std::fs::create_dir_all(&reference_dir).unwrap();
    let started = Instant::now();
    let out = lede(
        &reference_dir,
        &[
            "index",
            "--json",
            "--commit-every",
            "1",
            corpus.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    // The time between two commits of an uninterrupted run: kill points are fractions of it,
    // so that they fall inside the run however fast the build indexes.
    let commits = json(&out)["commits"].as_u64().unwrap();
    assert!(commits >= 3, "{commits} commits: the corpus is too small");
    let interval = started.elapsed() / (commits as u32 + 1);
    let reference = counts(&stats(&reference_dir));
    assert_eq!(reference.0 as usize, ids.len());
    let reference_passages = passages_by_article(&reference_dir.join("index"), &ids);

    // Kill points: before any commit, right after a commit, and part way through a batch.
    let points = [
        (0, interval / 4),
        (1, Duration::ZERO),
        (1, interval / 3),
        (1, interval * 2 / 3),
        (2, Duration::ZERO),
        (2, interval / 3),
    ];
    let mut kills = 0;
    let mut partial = 0;
    for (n, (commits, then)) in points.into_iter().enumerate() {
        let dir = tmp.path().join(format!("killed-{n}"));
        std::fs::create_dir_all(&dir).unwrap();
        let killed = index_and_kill(&dir, &corpus, commits, then);
        kills += usize::from(killed.is_some());
        let index = dir.join("index");
        if lede::Engine::exists(&index) {
            // The last commit: it opens, answers, and holds whole articles only.
            let (articles, passages) = counts(&stats(&dir));
            let search = lede(&dir, &["search", "--json", "Lavrov"]);
            assert!(
                matches!(search.status.code(), Some(0 | 1)),
                "{}",
                stderr(&search)
            );
            let held = passages_by_article(&index, &ids);
            assert_eq!(held.len() as u64, articles);
            assert_eq!(held.values().sum::<usize>() as u64, passages);
            for (id, n) in &held {
                assert_eq!(reference_passages[id], *n, "{id} is half indexed");
            }
            partial += usize::from(articles > 0 && articles < reference.0);
            eprintln!(
                "killed {then:?} after commit {commits} ({killed:?} commits seen): {articles} of {} articles, {passages} of {} passages committed",
                reference.0, reference.1
            );
        }
        let rerun = lede(
            &dir,
            &["index", "--commit-every", "1", corpus.to_str().unwrap()],
        );
        assert!(rerun.status.success(), "{}", stderr(&rerun));
        assert_eq!(counts(&stats(&dir)), reference, "after kill {n}");
        assert_eq!(passages_by_article(&index, &ids), reference_passages);
    }
    assert!(
        kills >= 5,
        "only {kills} runs were killed before they finished"
    );
    assert!(partial >= 3, "only {partial} kills left a partial index");

    // Killed again and again, the same command still completes the job.
    let dir = tmp.path().join("killed-repeatedly");
    std::fs::create_dir_all(&dir).unwrap();
    for _ in 0..4 {
        index_and_kill(&dir, &corpus, 1, interval / 6);
    }
    let rerun = lede(
        &dir,
        &["index", "--commit-every", "1", corpus.to_str().unwrap()],
    );
    assert!(rerun.status.success(), "{}", stderr(&rerun));
    assert_eq!(counts(&stats(&dir)), reference);
    assert_eq!(
        passages_by_article(&dir.join("index"), &ids),
        reference_passages
    );
}

#[test]
fn searches_run_while_indexing_and_a_second_writer_is_refused_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let (corpus, ids) = synthetic_corpus(tmp.path(), 10, 2, 600);
    let seeds = seeds();
    assert!(lede(tmp.path(), &["index", seeds.to_str().unwrap()])
        .status
        .success());
    let seeded = counts(&stats(tmp.path()));
    let mut writer = Command::new(BIN)
        .current_dir(tmp.path())
        .args(["index", "--commit-every", "1", corpus.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the writer holds the lock: its first batch is committed.
    let mut seen = vec![seeded];
    let mut refused = None;
    let mut searches = 0;
    while writer.try_wait().unwrap().is_none() {
        let now = counts(&stats(tmp.path()));
        assert!(
            now >= *seen.last().unwrap(),
            "counts went back: {seen:?} then {now:?}"
        );
        seen.push(now);
        let search = lede(tmp.path(), &["search", "--json", "marker3x"]);
        assert!(
            matches!(search.status.code(), Some(0 | 1)),
            "{}",
            stderr(&search)
        );
        searches += 1;
        if refused.is_none() && now != seeded {
            let other = tmp.path().join("other");
            std::fs::create_dir_all(&other).unwrap();
            std::fs::write(other.join("late.txt"), "A late story about Peskov.").unwrap();
            let started = Instant::now();
            let second = lede(tmp.path(), &["index", other.to_str().unwrap()]);
            refused = Some((second, started.elapsed()));
        }
    }
    assert!(writer.wait().unwrap().success());
    let (second, took) = refused.expect("the writer ran long enough to meet a second one");
    assert_eq!(second.status.code(), Some(2));
    assert!(
        stderr(&second).contains("index is locked"),
        "{}",
        stderr(&second)
    );
    let last = counts(&stats(tmp.path()));
    assert_eq!(
        last.0,
        seeded.0 + ids.len() as u64,
        "the refused writer added nothing"
    );
    assert!(!lede(tmp.path(), &["show", "late"]).status.success());
    eprintln!(
        "{searches} searches during the run, {} distinct commits seen; second writer refused in {took:?}",
        {
            let mut distinct = seen.clone();
            distinct.dedup();
            distinct.len()
        }
    );
    assert!(searches >= 2);
}

#[test]
fn unchanged_files_are_skipped_changed_ones_replaced_and_gone_ones_pruned() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("copy");
    std::fs::create_dir_all(&dir).unwrap();
    let mut names = Vec::new();
    for entry in std::fs::read_dir(seeds()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_owned();
        std::fs::copy(&path, dir.join(&name)).unwrap();
        names.push(name);
    }
    names.sort();
    let folder = dir.to_str().unwrap();
    let index = |extra: &[&str]| {
        let mut args = vec!["index", "--json"];
        args.extend(extra);
        args.push(folder);
        let out = lede(tmp.path(), &args);
        assert!(out.status.success(), "{}", stderr(&out));
        json(&out)
    };
    let first = index(&[]);
    assert_eq!(
        (first["files"].as_u64(), first["unchanged_files"].as_u64()),
        (Some(5), Some(0))
    );
    let again = index(&[]);
    assert_eq!(
        (again["files"].as_u64(), again["unchanged_files"].as_u64()),
        (Some(0), Some(5))
    );
    assert_eq!(again["unchanged_articles"], 5);

    // Touched, not changed: still skipped. Changed: read again and replaced.
    let touched = dir.join(&names[0]);
    std::fs::write(&touched, std::fs::read(&touched).unwrap()).unwrap();
    let changed = dir.join(&names[1]);
    let mut text = std::fs::read_to_string(&changed).unwrap();
    text.push_str("\n\nA closing paragraph added by a correction, naming zebrafinch.\n");
    std::fs::write(&changed, text).unwrap();
    let third = index(&[]);
    assert_eq!(
        (third["files"].as_u64(), third["unchanged_files"].as_u64()),
        (Some(1), Some(4))
    );
    let hits = lede(tmp.path(), &["search", "--json", "zebrafinch"]);
    let holding: Vec<Value> = stdout(&hits)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|h| h["text"].as_str().unwrap().contains("zebrafinch"))
        .collect();
    assert_eq!(
        holding.len(),
        1,
        "the new text is in once: the old version is gone"
    );

    // Gone: kept until --prune, then removed, with exact counts.
    std::fs::remove_file(dir.join(&names[2])).unwrap();
    let kept = index(&[]);
    assert_eq!(kept["pruned_files"], 0);
    assert_eq!(stats(tmp.path())["articles"], 5);
    let pruned = index(&["--prune"]);
    assert_eq!(
        (
            pruned["pruned_files"].as_u64(),
            pruned["pruned_articles"].as_u64()
        ),
        (Some(1), Some(1))
    );
    let after = stats(tmp.path());
    assert_eq!(after["files"], 4);

    // Exact: the same counts as a fresh index of the folder as it is now.
    let fresh = tempfile::tempdir().unwrap();
    assert!(lede(fresh.path(), &["index", folder]).status.success());
    assert_eq!(counts(&after), counts(&stats(fresh.path())));
    assert_eq!(after["speakers"], stats(fresh.path())["speakers"]);
}

#[test]
fn no_query_panics_each_is_answered_or_refused_naming_its_fault() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = seeds();
    assert!(lede(dir.path(), &["index", seeds.to_str().unwrap()])
        .status
        .success());
    let queries = hostile_queries();
    let mut answered = 0;
    let mut refused = 0;
    for q in &queries {
        let out = lede(dir.path(), &["search", "--json", "--", q.as_str()]);
        let err = stderr(&out);
        assert!(!err.contains("panicked"), "{q:?}: {err}");
        match out.status.code() {
            Some(0 | 1) => answered += 1,
            Some(2) => {
                refused += 1;
                assert!(err.starts_with("lede: invalid"), "{q:?}: {err}");
                assert_eq!(err.lines().count(), 1, "{q:?}: {err}");
            }
            other => panic!("{q:?}: exit {other:?}: {err}"),
        }
    }
    eprintln!(
        "{} queries: {answered} answered, {refused} refused",
        queries.len()
    );
    for args in [
        vec!["--since", "2026-02-30"],
        vec!["--until", "yesterday"],
        vec!["--outlet", ""],
        vec!["--speaker", "  "],
        vec!["--since", "2026-03-01", "--until", "2026-02-01"],
        vec!["--limit", "0"],
    ] {
        let mut full = vec!["search", "Lavrov"];
        full.extend(&args);
        let out = lede(dir.path(), &full);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(
            stderr(&out).lines().count(),
            1,
            "{args:?}: {}",
            stderr(&out)
        );
    }
}
