//! What the integration tests share: the binary, the seeds, the shared corpora.

#![allow(dead_code)] // each test file uses its own share of these

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_lede");

pub fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

pub fn shared_data() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("SKIPPED: ../shared/data is absent, so this test of real corpora cannot run");
        None
    }
}

pub fn lede(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .current_dir(dir)
        .env_remove("CLICOLOR_FORCE")
        .args(args)
        .output()
        .expect("the lede binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

/// Queries a user may type that are no query language: every one must be answered or refused
/// with a message, never crash anything.
pub fn hostile_queries() -> Vec<String> {
    let mut queries: Vec<String> = [
        "\"unbalanced quote",
        "\"",
        "\"\"",
        "AND",
        "OR NOT",
        "-",
        "+",
        "+-+-",
        "(((",
        ")",
        ":",
        "foo:bar",
        "date:",
        "date:[2026-01-01 TO",
        "date:[2026-02-10 TO 2026-02-01]",
        "date:2026-13-45",
        "outlet:",
        "speaker:\"\"",
        "*",
        "~2",
        "^3",
        "\\",
        "\u{1}\u{2}\u{7f} bell \u{7}",
        "🎉🔥 Lavrov 🇫🇷",
        "Lavrov\u{200b}\u{feff}Macron",
        "\u{202e}voraL",
    ]
    .iter()
    .map(|q| q.to_string())
    .collect();
    queries.push("Lavrov ".repeat(1500));
    queries.push("x".repeat(lede::search::MAX_QUERY_BYTES + 1));
    queries
}

/// An index of the seeds in a new temporary folder (the index is its `index/`).
pub fn seeds_index() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = lede(dir.path(), &["index", seeds().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    dir
}

/// `lede serve` on a free loopback port, in `dir`; stopped when dropped.
pub struct Server {
    child: Child,
    pub addr: SocketAddr,
}

impl Server {
    pub fn start(dir: &Path) -> Server {
        let mut child = Command::new(BIN)
            .current_dir(dir)
            .args(["serve", "--addr", "127.0.0.1:0"])
            .stderr(Stdio::piped())
            .spawn()
            .expect("lede serve starts");
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let addr = loop {
            let line = lines
                .next()
                .expect("lede serve says where it listens")
                .unwrap();
            if let Some(rest) = line.split("http://").nth(1) {
                break rest.split('/').next().unwrap().parse().expect("an address");
            }
        };
        // Keep reading what it says, so that it never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server { child, addr }
    }

    pub fn connect(&self) -> lede::serve::client::Connection {
        lede::serve::client::Connection::open(self.addr).expect("the server takes connections")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
