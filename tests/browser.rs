//! The search page in headless Chromium, driven over WebDriver (chromedriver): load `/`, type a
//! query, see highlighted hits, click a facet and a day, open an article, and read the page on
//! a phone-sized window. Screenshots are saved under `target/browser/`. Skips with a message
//! where Chromium or chromedriver is absent (`bash scripts/install-browser` installs both).

mod common;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{seeds_index, Server};
use lede::serve::client::Connection;
use serde_json::{json, Value};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
const ENTER: &str = "\u{e007}";

fn tool(env: &str, default: &str) -> Option<PathBuf> {
    let path = std::env::var_os(env).map_or_else(|| PathBuf::from(default), PathBuf::from);
    path.is_file().then_some(path)
}

/// A WebDriver session of headless Chromium, ended (and chromedriver stopped) when dropped.
struct Browser {
    driver: Child,
    http: Connection,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start(chromium: &Path, chromedriver: &Path) -> Browser {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let addr = format!("127.0.0.1:{port}").parse().unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut http = loop {
            match Connection::open(addr) {
                Ok(c) => break c,
                Err(_) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(50))
                }
                Err(e) => panic!("chromedriver does not answer: {e}"),
            }
        };
        let profile = tempfile::tempdir().unwrap();
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                         "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync",
                         "--disable-dev-shm-usage", "--window-size=1200,900",
                         format!("--user-data-dir={}", profile.path().display())]
            }
        }}});
        let answer = http
            .request("POST", "/session", Some(&capabilities.to_string()))
            .unwrap();
        let session = answer.json().unwrap()["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {}", answer.body))
            .to_string();
        Browser {
            driver,
            http,
            session,
            _profile: profile,
        }
    }

    fn call(&mut self, method: &str, path: &str, body: Option<Value>) -> Value {
        let target = format!("/session/{}{path}", self.session);
        let body = body.map(|b| b.to_string());
        let answer = self.http.request(method, &target, body.as_deref()).unwrap();
        let value = answer.json().unwrap()["value"].clone();
        assert_eq!(answer.status, 200, "{method} {path}: {value}");
        value
    }

    fn go(&mut self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    fn url(&mut self) -> String {
        self.call("GET", "/url", None).as_str().unwrap().to_string()
    }

    fn all(&mut self, css: &str) -> Vec<String> {
        let found = self.call(
            "POST",
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        );
        found
            .as_array()
            .unwrap_or_else(|| panic!("{css}: {found}"))
            .iter()
            .map(|e| {
                e[ELEMENT]
                    .as_str()
                    .unwrap_or_else(|| panic!("{e}"))
                    .to_string()
            })
            .collect()
    }

    /// The elements `css` selects, once there are some (within ten seconds).
    fn wait_for(&mut self, css: &str) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let found = self.all(css);
            if !found.is_empty() {
                return found;
            }
            assert!(Instant::now() < deadline, "nothing matches {css}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn wait_until(&mut self, what: &str, mut done: impl FnMut(&mut Browser) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !done(self) {
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn text(&mut self, element: &str) -> String {
        let v = self.call("GET", &format!("/element/{element}/text"), None);
        v.as_str().unwrap().to_string()
    }

    fn attribute(&mut self, element: &str, name: &str) -> Option<String> {
        let v = self.call("GET", &format!("/element/{element}/attribute/{name}"), None);
        v.as_str().map(str::to_string)
    }

    fn click(&mut self, element: &str) {
        self.call(
            "POST",
            &format!("/element/{element}/click"),
            Some(json!({})),
        );
    }

    fn type_into(&mut self, element: &str, text: &str) {
        self.call(
            "POST",
            &format!("/element/{element}/value"),
            Some(json!({ "text": text })),
        );
    }

    fn script(&mut self, script: &str) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
    }

    fn resize(&mut self, width: u32, height: u32) {
        self.call(
            "POST",
            "/window/rect",
            Some(json!({"width": width, "height": height})),
        );
    }

    /// Saves a screenshot as `target/browser/NAME.png`; returns its path.
    fn screenshot(&mut self, name: &str) -> PathBuf {
        let png = self.call("GET", "/screenshot", None);
        let bytes = base64_decode(png.as_str().unwrap());
        assert!(bytes.starts_with(b"\x89PNG"), "a PNG");
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, bytes).unwrap();
        eprintln!("screenshot: {}", path.display());
        path
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let target = format!("/session/{}", self.session);
        let _ = self.http.request("DELETE", &target, None);
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let digits: Vec<u8> = text
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
        .map(value)
        .collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &d)| n | (u32::from(d) << (18 - 6 * i)));
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len() - 1]);
    }
    out
}

#[test]
fn the_search_page_searches_filters_and_opens_articles_in_chromium() {
    let (Some(chromium), Some(chromedriver)) = (
        tool("LEDE_CHROMIUM", "/usr/bin/chromium"),
        tool("LEDE_CHROMEDRIVER", "/usr/bin/chromedriver"),
    ) else {
        eprintln!(
            "SKIPPED: Chromium or chromedriver is absent (bash scripts/install-browser installs them)"
        );
        return;
    };
    let dir = seeds_index();
    // An article whose fields would be markup or a script if the page read them as HTML.
    let hostile = dir.path().join("hostile.jsonl");
    std::fs::write(
        &hostile,
        concat!(
            r#"{"id": "x1", "title": "<img src=x onerror=window.pwned=1> Zanzibar ferry", "#,
            r#""url": "javascript:window.pwned=1", "outlet": "<b>Evil</b>", "#,
            r#""text": "The Zanzibar ferry <script>window.pwned=1</script> sailed at dawn, the port said."}"#,
            "\n",
            r#"{"id": "x2", "title": "Pemba ferry", "url": "https://example.org/pemba", "#,
            r#""text": "The Pemba ferry sailed at noon, the port said."}"#,
            "\n"
        ),
    )
    .unwrap();
    let out = common::lede(dir.path(), &["index", hostile.to_str().unwrap()]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let server = Server::start(dir.path());
    let base = format!("http://{}", server.addr);
    let mut b = Browser::start(&chromium, &chromedriver);

    // Type a question and press Enter: hits appear, matched words marked, the query in the URL.
    b.go(&format!("{base}/"));
    let input = b.wait_for("#q")[0].clone();
    b.type_into(&input, &format!("Lavrov pathetic diplomacy{ENTER}"));
    let hits = b.wait_for(".hit");
    assert!(hits.len() >= 3, "{} hits", hits.len());
    assert!(
        b.url().contains("q=Lavrov+pathetic+diplomacy"),
        "{}",
        b.url()
    );
    let first = b.text(&hits[0]);
    assert!(first.contains("pathetic diplomacy"), "{first}");
    let marks = b.all(".hit mark");
    assert!(!marks.is_empty());
    let marked = b.text(&marks[0]).to_lowercase();
    assert!(
        ["lavrov", "pathetic", "diplomacy"]
            .iter()
            .any(|w| marked.contains(w)),
        "{marked}"
    );
    let meta = b.all(".hit .meta");
    let meta = b.text(&meta[0]);
    assert!(
        meta.contains("2026-02") || meta.contains("undated"),
        "{meta}"
    );
    let status = b.all("#status")[0].clone();
    let status = b.text(&status);
    assert!(status.contains("articles"), "{status}");
    let search = b.screenshot("search");
    assert!(std::fs::metadata(search).unwrap().len() > 10_000);

    // A shared URL gives the same page.
    let shared = b.url();
    b.go(&format!("{base}/"));
    b.go(&shared);
    assert_eq!(b.wait_for(".hit").len(), hits.len());

    // Click an outlet facet: the URL and a chip say so, and every hit is of that outlet.
    let facet = b.wait_for("button[data-facet=outlet]")[0].clone();
    let label = b.attribute(&facet, "aria-label").unwrap();
    let outlet = label.split(", ").next().unwrap().to_string();
    b.click(&facet);
    b.wait_until("the outlet filter", |b| b.url().contains("outlet="));
    b.wait_for("[data-filter=outlet]");
    b.wait_until("hits of that outlet", |b| {
        let metas = b.all(".hit .meta");
        !metas.is_empty() && metas.iter().all(|m| b.text(m).starts_with(&outlet))
    });
    b.screenshot("facet");

    // Remove the filter by its chip, then narrow to one day by its bar.
    let chip = b.wait_for("[data-filter=outlet]")[0].clone();
    b.click(&chip);
    b.wait_until("the filter removed", |b| !b.url().contains("outlet="));
    let day = b.wait_for(".days button")[0].clone();
    let date = b.attribute(&day, "data-day").unwrap();
    b.click(&day);
    b.wait_until("the day filter", |b| {
        let url = b.url();
        url.contains(&format!("since={date}")) && url.contains(&format!("until={date}"))
    });
    b.wait_until("hits of that day", |b| {
        let metas = b.all(".hit .meta");
        !metas.is_empty() && metas.iter().all(|m| b.text(m).contains(&date))
    });

    // Open an article from its headline: its passages and evidence, and a way back.
    let link = b.wait_for(".hit h2 a")[0].clone();
    let headline = b.text(&link);
    b.click(&link);
    let title = b.wait_for("#article h2")[0].clone();
    assert_eq!(b.text(&title), headline);
    assert!(b.url().contains("article="));
    assert!(b.all("#article .passage").len() >= 2);
    assert!(!b.all("#article details").is_empty());
    b.screenshot("article");
    b.call("POST", "/back", Some(json!({})));
    b.wait_for(".hit");

    // Markup in an article is shown as text, and no script address becomes a link.
    b.go(&format!("{base}/?q=Zanzibar+ferry"));
    let link = b.wait_for(".hit h2 a")[0].clone();
    assert!(b.text(&link).contains("<img src=x"), "{}", b.text(&link));
    b.click(&link);
    b.wait_for("#article h2");
    assert!(b
        .all("#article img, #article script, .hit img, a[href^=javascript]")
        .is_empty());
    assert_eq!(b.script("return window.pwned === undefined"), json!(true));
    // An article's web address is its link to the original.
    b.go(&format!("{base}/?article=x2"));
    b.wait_for("#article h2");
    assert_eq!(
        b.all("#article a[href='https://example.org/pemba']").len(),
        1
    );

    // The keyboard alone: focus the search box, type, Enter.
    b.go(&format!("{base}/"));
    let focused = b.script("return document.activeElement && document.activeElement.id");
    assert_eq!(focused, json!("q"), "the search box has the focus");
    let input = b.wait_for("#q")[0].clone();
    b.type_into(&input, &format!("Bonne Moscow{ENTER}"));
    b.wait_for(".hit");

    // A phone: nothing wider than the screen.
    b.resize(390, 844);
    b.wait_until("a phone-wide window", |b| {
        b.script("return window.innerWidth")
            .as_u64()
            .is_some_and(|w| w <= 400)
    });
    b.wait_for(".hit");
    let fits = b.script(
        "return document.documentElement.scrollWidth <= document.documentElement.clientWidth",
    );
    assert_eq!(fits, json!(true), "the page scrolls sideways on a phone");
    b.screenshot("phone");
}
