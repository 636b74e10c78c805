//! `lede serve`'s HTTP API, on the real binary listening on a loopback port: every endpoint,
//! the same values as the CLI's `--json`, errors that name the parameter, no 5xx for any
//! user input, and searches that go on while `lede index` commits beside the server.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{hostile_queries, lede, seeds_index, stdout, Server};
use lede::serve::client::encode;
use serde_json::Value;

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn search_answers_what_the_cli_prints_with_facets_over_every_match() {
    let dir = seeds_index();
    let server = Server::start(dir.path());
    let mut c = server.connect();

    let health = c.get("/api/health").unwrap();
    assert_eq!(health.status, 200);
    assert!(health.content_type.starts_with("application/json"));
    let passages = health.json().unwrap()["passages"].as_u64().unwrap();
    assert!(passages > 5, "{passages}");

    let answer = c
        .get("/api/search?q=Lavrov+pathetic+diplomacy&limit=3")
        .unwrap();
    assert_eq!(answer.status, 200, "{}", answer.body);
    let body = answer.json().unwrap();
    let cli = json_lines(&stdout(&lede(
        dir.path(),
        &[
            "search",
            "--json",
            "--mode",
            "lexical",
            "--limit",
            "3",
            "Lavrov pathetic diplomacy",
        ],
    )));
    let hits = body["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 3);
    // Same hits, same values (the server searches as the CLI does without a model; with one
    // it may fuse in vectors, so compare what both rank first by words).
    let served_lexical = server_lexical(&mut c, "Lavrov pathetic diplomacy", 3);
    assert_eq!(served_lexical, cli);
    assert!(hits[0]["snippet"].as_str().unwrap().contains("**"));
    let facets = &body["facets"];
    let outlets: u64 = facets["outlets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["articles"].as_u64().unwrap())
        .max()
        .unwrap();
    assert!(facets["articles"].as_u64().unwrap() >= outlets);
    assert!(facets["passages"].as_u64().unwrap() >= hits.len() as u64);
    // Facets count every match, not only the page: a one-hit page has the same facets.
    let one = c
        .get("/api/search?q=Lavrov+pathetic+diplomacy&limit=1")
        .unwrap();
    assert_eq!(one.json().unwrap()["facets"], body["facets"]);
    let days: u64 = facets["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["articles"].as_u64().unwrap())
        .sum();
    assert!(days >= 1 && days <= facets["articles"].as_u64().unwrap());

    // A facet value filters: its count is the number of articles the filtered search finds.
    let outlet = &facets["outlets"][0];
    let name = outlet["value"].as_str().unwrap();
    let filtered = c
        .get(&format!(
            "/api/search?q=Lavrov+pathetic+diplomacy&limit=100&group=false&outlet={}",
            encode(name)
        ))
        .unwrap()
        .json()
        .unwrap();
    let mut articles: Vec<&str> = filtered["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["doc_id"].as_str().unwrap())
        .collect();
    articles.sort();
    articles.dedup();
    assert_eq!(articles.len() as u64, outlet["articles"].as_u64().unwrap());
    assert!(filtered["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["outlet"] == outlet["value"]));
    let day = facets["days"][0]["date"].as_str().unwrap();
    let on_day = c
        .get(&format!(
            "/api/search?q=Lavrov&since={day}&until={day}&limit=100"
        ))
        .unwrap()
        .json()
        .unwrap();
    assert!(on_day["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["date"].as_str() == Some(day)));

    // Pages: offset skips hits, ranks go on.
    let second = c
        .get("/api/search?q=Lavrov&limit=2&offset=2&mode=lexical")
        .unwrap()
        .json()
        .unwrap();
    let first = c
        .get("/api/search?q=Lavrov&limit=4&mode=lexical")
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(second["hits"][0], first["hits"][2]);
    assert_eq!(second["hits"][0]["rank"], 3);
    let explained = c
        .get("/api/search?q=Lavrov&limit=1&explain=true")
        .unwrap()
        .json()
        .unwrap();
    assert!(explained["hits"][0]["explain"]["score"].is_number());
}

/// The served hits of a words-only search, as JSON values.
fn server_lexical(
    c: &mut lede::serve::client::Connection,
    query: &str,
    limit: usize,
) -> Vec<Value> {
    let answer = c
        .get(&format!(
            "/api/search?q={}&limit={limit}&mode=lexical",
            encode(query)
        ))
        .unwrap();
    answer.json().unwrap()["hits"].as_array().unwrap().clone()
}

#[test]
fn articles_stats_and_quotes_answer_as_show_stats_and_quotes_do() {
    let dir = seeds_index();
    let server = Server::start(dir.path());
    let mut c = server.connect();
    let doc_id = "001_d66bbbc9026c654a";
    let article = c.get(&format!("/api/articles/{doc_id}")).unwrap();
    assert_eq!(article.status, 200);
    let cli = json_lines(&stdout(&lede(dir.path(), &["show", "--json", doc_id])));
    assert_eq!(article.json().unwrap(), Value::Array(cli));

    let stats = c.get("/api/stats").unwrap().json().unwrap();
    let cli: Value =
        serde_json::from_str(&stdout(&lede(dir.path(), &["stats", "--json"]))).unwrap();
    assert_eq!(stats["articles"], cli["articles"]);
    assert_eq!(stats["outlets"], cli["outlets"]);
    assert_eq!(stats["speakers"], cli["speakers"]);

    let quotes = c.get("/api/quotes?speaker=Lavrov").unwrap();
    assert_eq!(quotes.status, 200);
    let cli = json_lines(&stdout(&lede(dir.path(), &["quotes", "--json", "Lavrov"])));
    assert_eq!(quotes.json().unwrap(), Value::Array(cli));
    assert!(!quotes.json().unwrap().as_array().unwrap().is_empty());

    let page = c.get("/").unwrap();
    assert_eq!(page.status, 200);
    assert!(page.content_type.starts_with("text/html"));
    assert!(page.body.contains("/app.js"));
    for asset in ["/app.js", "/app.css"] {
        assert_eq!(c.get(asset).unwrap().status, 200, "{asset}");
    }
}

#[test]
fn bad_requests_are_400s_naming_the_parameter_and_unknowns_404s() {
    let dir = seeds_index();
    let server = Server::start(dir.path());
    let mut c = server.connect();
    for (target, parameter) in [
        ("/api/search", Some("q")),
        ("/api/search?q=", Some("q")),
        ("/api/search?q=a&limit=0", Some("limit")),
        ("/api/search?q=a&limit=100000", Some("limit")),
        ("/api/search?q=a&offset=5000", Some("offset")),
        ("/api/search?q=a&since=2026-02-30", Some("since")),
        ("/api/search?q=a&until=tomorrow", Some("until")),
        (
            "/api/search?q=a&since=2026-03-01&until=2026-02-01",
            Some("since"),
        ),
        ("/api/search?q=a&explain=perhaps", Some("explain")),
        ("/api/search?q=a&mode=telepathic", Some("mode")),
        ("/api/search?q=a&outlet=%20", None),
        ("/api/search?q=a&q=b", Some("q")),
        ("/api/search?q=a&sort=date", None),
        ("/api/quotes", Some("speaker")),
        ("/api/stats?verbose=1", None),
    ] {
        let a = c.get(target).unwrap();
        if target.ends_with("outlet=%20") {
            // An empty filter is no filter.
            assert_eq!(a.status, 200, "{target}: {}", a.body);
            continue;
        }
        assert_eq!(a.status, 400, "{target}: {}", a.body);
        let body = a.json().unwrap();
        assert!(!body["error"].as_str().unwrap().is_empty(), "{target}");
        assert_eq!(
            body["parameter"].as_str(),
            parameter,
            "{target}: {}",
            a.body
        );
    }
    // The seeds' index has no vectors: a mode that needs them is the request's fault.
    let semantic = c.get("/api/search?q=Lavrov&mode=semantic").unwrap();
    assert_eq!(semantic.status, 400, "{}", semantic.body);
    assert_eq!(semantic.json().unwrap()["parameter"], "mode");
    let long = format!(
        "/api/search?q={}",
        "a".repeat(lede::serve::MAX_API_QUERY_BYTES + 1)
    );
    assert_eq!(c.get(&long).unwrap().status, 400);
    for target in [
        "/api/articles/no-such-article",
        "/api/nothing",
        "/nothing",
        "/../../etc/passwd",
        "/api/articles/..%2F..%2Fetc%2Fpasswd",
        "/index.html",
        "/src/serve/page/app.js",
    ] {
        let a = c.get(target).unwrap();
        assert_eq!(a.status, 404, "{target}: {}", a.body);
        assert!(a.json().unwrap()["error"].is_string(), "{target}");
    }
}

#[test]
fn no_hostile_query_gets_a_server_error() {
    let dir = seeds_index();
    let server = Server::start(dir.path());
    // A connection a request: the server closes one whose request it refuses to read.
    let ask = |server: &Server, target: &str| server.connect().get(target);
    let (mut answered, mut refused) = (0, 0);
    for q in hostile_queries() {
        let shown: String = q.chars().take(40).collect();
        let a = ask(&server, &format!("/api/search?q={}", encode(&q))).unwrap();
        match a.status {
            200 => answered += 1,
            400 => {
                refused += 1;
                assert_eq!(a.json().unwrap()["parameter"], "q", "{shown:?}");
            }
            // A request line longer than the server reads at all.
            414 => assert!(q.len() > lede::serve::MAX_API_QUERY_BYTES, "{shown:?}"),
            s => panic!("{shown:?}: status {s}"),
        }
        for extra in ["outlet", "speaker"] {
            let a = ask(
                &server,
                &format!("/api/search?q=Lavrov&{extra}={}", encode(&q)),
            )
            .unwrap();
            assert!(a.status < 500, "{extra}={shown:?}: {}", a.status);
        }
        let a = ask(&server, &format!("/api/quotes?speaker={}", encode(&q))).unwrap();
        assert!(a.status < 500, "speaker={shown:?}: {}", a.status);
        let a = ask(&server, &format!("/api/articles/{}", encode(&q))).unwrap();
        assert!(a.status < 500, "article {shown:?}: {}", a.status);
    }
    // Raw bytes that are no UTF-8 and no query string.
    for target in [
        "/api/search?q=%FF%FE",
        "/api/search?q=%",
        "/api/search?%%%=1",
    ] {
        assert!(ask(&server, target).unwrap().status < 500, "{target}");
    }
    eprintln!("hostile queries: {answered} answered, {refused} refused");
}

#[test]
fn searches_go_on_while_lede_index_commits_beside_the_server() {
    let dir = seeds_index();
    let server = Server::start(dir.path());
    let before = server.connect().get("/api/health").unwrap().json().unwrap()["passages"]
        .as_u64()
        .unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..4)
        .map(|i| {
            let (addr, stop) = (server.addr, Arc::clone(&stop));
            std::thread::spawn(move || {
                let mut c = lede::serve::client::Connection::open(addr).unwrap();
                let (mut ok, mut failed) = (0, Vec::new());
                let queries = [
                    "Lavrov",
                    "Macron Putin talks",
                    "harbour ferry",
                    "Bonne Moscow",
                ];
                while !stop.load(Ordering::SeqCst) {
                    let q = queries[(i + ok) % queries.len()];
                    match c.get(&format!("/api/search?q={}", encode(q))) {
                        Ok(a) if a.status == 200 => ok += 1,
                        Ok(a) => failed.push(format!("{q}: {} {}", a.status, a.body)),
                        Err(e) => failed.push(format!("{q}: {e}")),
                    }
                }
                (ok, failed)
            })
        })
        .collect();
    // Three runs of `lede index`, each committing new articles while the clients search.
    for run in 0..3 {
        let folder = dir.path().join(format!("more{run}"));
        std::fs::create_dir_all(&folder).unwrap();
        for i in 0..40 {
            std::fs::write(
                folder.join(format!("ferry{run}_{i}.txt")),
                format!(
                    "Harbour ferry {run}-{i} resumes service\n\nThe harbour ferry number {i} of \
                     run {run} resumed its crossings on Monday after repairs, the port said.\n"
                ),
            )
            .unwrap();
        }
        let out = lede(dir.path(), &["index", folder.to_str().unwrap()]);
        assert!(out.status.success(), "{}", common::stderr(&out));
    }
    // The server takes up the commits without a restart.
    let mut c = server.connect();
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut after = before;
    while Instant::now() < deadline {
        after = c.get("/api/health").unwrap().json().unwrap()["passages"]
            .as_u64()
            .unwrap();
        if after >= before + 120 {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    stop.store(true, Ordering::SeqCst);
    let mut total = 0;
    for client in clients {
        let (ok, failed) = client.join().unwrap();
        assert!(failed.is_empty(), "{failed:?}");
        total += ok;
    }
    assert!(total > 0);
    assert!(after >= before + 120, "{before} → {after}");
    let found = c
        .get("/api/search?q=harbour+ferry&limit=5&group=false")
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(found["hits"].as_array().unwrap().len(), 5);
    assert!(found["facets"]["articles"].as_u64().unwrap() >= 120);
}
