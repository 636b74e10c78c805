//! Reading paths into [`Article`]s: folders are walked, each file is read by its format, and every
//! file or line that cannot be read becomes a [`Notice`] naming it, never a silent skip.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use super::article::{Article, Origin};
use crate::date::parse_ymd;
use crate::error::{Error, Result};

/// How a file's articles are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One article per file: plain text or Markdown.
    Text,
    /// One article per line: JSON Lines.
    JsonLines,
}

impl Format {
    /// The format a file name implies, if it is one `lede` reads.
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" | "md" | "markdown" => Some(Format::Text),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            _ => None,
        }
    }
}

/// A file found to read, with its format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Absolute, canonical path: the same file always has the same identity.
    pub path: PathBuf,
    /// How to read it.
    pub format: Format,
    /// Size in bytes when found.
    pub bytes: u64,
    /// The sources manifest of its folder, if there is one.
    pub manifest: Option<Arc<Manifest>>,
}

/// File name of a folder's sources manifest.
pub const MANIFEST_NAME: &str = "sources.json";

/// One entry of a sources manifest: values that win over the article's own and extraction's.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestEntry {
    /// Outlet.
    pub outlet: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Address of the original page.
    pub url: Option<String>,
    /// Byline.
    pub author: Option<String>,
}

/// A sources manifest: doc id to entry.
pub type Manifest = HashMap<String, ManifestEntry>;

/// Reads `dir/sources.json` if it exists. Malformed JSON, unknown keys and invalid dates are
/// errors naming the line and column.
pub fn load_manifest(dir: &Path) -> Result<Option<Manifest>> {
    let path = dir.join(MANIFEST_NAME);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(&path, e)),
    };
    let manifest: Manifest = serde_json::from_str(&text).map_err(|e| Error::Manifest {
        path: path.clone(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    for (id, entry) in &manifest {
        if let Some(date) = &entry.date {
            if parse_ymd(date).is_none() {
                let at = text.find(&format!("\"{date}\"")).unwrap_or(0);
                let line = text[..at].matches('\n').count() + 1;
                let column = at - text[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
                return Err(Error::Manifest {
                    path,
                    line,
                    column,
                    message: format!("date {date:?} of {id:?} is not YYYY-MM-DD"),
                });
            }
        }
    }
    Ok(Some(manifest))
}

/// Applies a manifest entry to an article.
fn apply_manifest(article: &mut Article, manifest: Option<&Arc<Manifest>>) {
    let Some(entry) = manifest.and_then(|m| m.get(&article.doc_id)) else {
        return;
    };
    for (name, target, value) in [
        ("outlet", &mut article.outlet, &entry.outlet),
        ("url", &mut article.url, &entry.url),
        ("author", &mut article.author, &entry.author),
    ] {
        if let Some(v) = value.as_ref().map(|v| v.trim()).filter(|v| !v.is_empty()) {
            *target = Some(v.to_string());
            article.manifest_fields.push(name.to_string());
        }
    }
    if let Some(date) = entry.date.as_deref().and_then(parse_ymd) {
        article.date = Some(date);
        article.manifest_fields.push("date".to_string());
    }
}

/// Something passed over while reading: a whole file, or one line or record of a file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Notice {
    /// The file concerned.
    pub path: PathBuf,
    /// The line, for a JSON Lines record.
    pub line: Option<usize>,
    /// What happened, in words.
    pub message: String,
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

/// Base names of files that document a corpus rather than being part of it.
const DOCUMENTATION_STEMS: &[&str] = &[
    "readme",
    "source",
    "sources",
    "license",
    "licence",
    "copying",
    "changelog",
    "notice",
    "authors",
    "contributing",
];

/// Finds the files to read under `paths`. A named file is read whatever its extension (as plain
/// text unless it is JSON Lines); in folders, only known formats are read and everything else is
/// reported. A path that does not exist is an error: the user named it.
pub fn discover(paths: &[PathBuf]) -> Result<(Vec<SourceFile>, Vec<Notice>)> {
    let mut files: Vec<SourceFile> = Vec::new();
    let mut notices = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::NotFound(path.clone()),
            _ => Error::io(path, e),
        })?;
        if meta.is_file() {
            let canonical = path.canonicalize().map_err(|e| Error::io(path, e))?;
            let format = Format::of(path).unwrap_or(Format::Text);
            files.push(SourceFile {
                path: canonical,
                format,
                bytes: meta.len(),
                manifest: None,
            });
            continue;
        }
        walk(path, &mut files, &mut notices);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|a, b| a.path == b.path);
    let mut manifests: HashMap<PathBuf, Option<Arc<Manifest>>> = HashMap::new();
    for file in &mut files {
        let dir = file.path.parent().unwrap_or(Path::new("/")).to_path_buf();
        if !manifests.contains_key(&dir) {
            let loaded = load_manifest(&dir)?.map(Arc::new);
            manifests.insert(dir.clone(), loaded);
        }
        file.manifest = manifests[&dir].clone();
    }
    Ok((files, notices))
}

fn walk(root: &Path, files: &mut Vec<SourceFile>, notices: &mut Vec<Notice>) {
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().unwrap_or(root).to_path_buf();
                let message = if err.loop_ancestor().is_some() {
                    "symbolic link loop, not followed".to_string()
                } else {
                    format!("cannot be read ({})", io_reason(&err))
                };
                notices.push(Notice {
                    path,
                    line: None,
                    message,
                });
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        if path.file_name().is_some_and(|n| n == MANIFEST_NAME) {
            continue; // read as its folder's manifest
        }
        let Some(format) = Format::of(path) else {
            notices.push(Notice {
                path: path.to_path_buf(),
                line: None,
                message: "skipped: not a format lede reads (.txt, .md, .jsonl, .ndjson)".into(),
            });
            continue;
        };
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        if format == Format::Text && DOCUMENTATION_STEMS.contains(&stem.as_str()) {
            notices.push(Notice {
                path: path.to_path_buf(),
                line: None,
                message:
                    "skipped: corpus documentation, not an article (name the file to index it)"
                        .into(),
            });
            continue;
        }
        if is_collection_queries(path) {
            notices.push(Notice {
                path: path.to_path_buf(),
                line: None,
                message:
                    "skipped: the queries of a test collection (beside qrels.tsv), not articles"
                        .into(),
            });
            continue;
        }
        match path.canonicalize() {
            Ok(canonical) => files.push(SourceFile {
                path: canonical,
                format,
                bytes: entry.metadata().map(|m| m.len()).unwrap_or(0),
                manifest: None,
            }),
            Err(e) => notices.push(Notice {
                path: path.to_path_buf(),
                line: None,
                message: format!("cannot be read ({e})"),
            }),
        }
    }
}

/// `queries.jsonl` beside `qrels.tsv`: the layout of IR test collections (TIME, Cranfield, CISI).
fn is_collection_queries(path: &Path) -> bool {
    path.file_stem().is_some_and(|s| s == "queries") && path.with_file_name("qrels.tsv").is_file()
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|s| s.starts_with('.'))
}

fn io_reason(err: &walkdir::Error) -> String {
    err.io_error()
        .map(|e| e.to_string())
        .unwrap_or_else(|| err.to_string())
}

/// One JSON Lines record. `outlet` wins over `source` when both are present.
#[derive(Deserialize)]
struct Record {
    id: Option<serde_json::Value>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    date: Option<serde_json::Value>,
    #[serde(default)]
    outlet: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    author: Option<String>,
}

/// Reads every article of `file`, handing each to `sink`. Records that cannot be read become
/// notices; an error is returned only when the file itself cannot be opened or read.
pub fn read_file(
    file: &SourceFile,
    notices: &mut Vec<Notice>,
    sink: &mut dyn FnMut(Article) -> Result<()>,
) -> Result<()> {
    let manifest = file.manifest.clone();
    let mut with_manifest = |mut article: Article| {
        apply_manifest(&mut article, manifest.as_ref());
        sink(article)
    };
    match file.format {
        Format::Text => read_text(file, notices, &mut with_manifest),
        Format::JsonLines => read_json_lines(file, notices, &mut with_manifest),
    }
}

fn read_text(
    file: &SourceFile,
    notices: &mut Vec<Notice>,
    sink: &mut dyn FnMut(Article) -> Result<()>,
) -> Result<()> {
    let bytes = std::fs::read(&file.path).map_err(|e| Error::io(&file.path, e))?;
    let notice = |message: &str| Notice {
        path: file.path.clone(),
        line: None,
        message: message.to_string(),
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(_) => {
            notices.push(notice("skipped: not UTF-8 text"));
            return Ok(());
        }
    };
    if text.contains('\0') {
        notices.push(notice("skipped: binary file (contains NUL bytes)"));
        return Ok(());
    }
    if text.trim().is_empty() {
        notices.push(notice("skipped: empty file"));
        return Ok(());
    }
    let doc_id = file
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
    sink(Article {
        doc_id,
        origin: Origin::File(file.path.clone()),
        title: None,
        text,
        date: None,
        outlet: None,
        url: None,
        author: None,
        manifest_fields: Vec::new(),
    })
}

fn read_json_lines(
    file: &SourceFile,
    notices: &mut Vec<Notice>,
    sink: &mut dyn FnMut(Article) -> Result<()>,
) -> Result<()> {
    let handle = File::open(&file.path).map_err(|e| Error::io(&file.path, e))?;
    let mut reader = BufReader::new(handle);
    let mut buf = Vec::new();
    let mut line_no = 0;
    loop {
        buf.clear();
        let n = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| Error::io(&file.path, e))?;
        if n == 0 {
            return Ok(());
        }
        line_no += 1;
        let mut notice = |message: String| {
            notices.push(Notice {
                path: file.path.clone(),
                line: Some(line_no),
                message,
            })
        };
        let Ok(line) = std::str::from_utf8(&buf) else {
            notice("skipped: line is not UTF-8".into());
            continue;
        };
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match parse_record(line) {
            Ok(Some((article, warning))) => {
                if let Some(warning) = warning {
                    notice(warning);
                }
                sink(Article {
                    origin: Origin::Line(file.path.clone(), line_no),
                    ..article
                })?;
            }
            Ok(None) => notice("skipped: record has neither title nor text".into()),
            Err(message) => notice(format!("skipped: {message}")),
        }
    }
}

/// Parses one JSON Lines record. `Ok(None)` is a valid record with nothing to index; the
/// optional string is a warning about a field that was ignored.
fn parse_record(line: &str) -> std::result::Result<Option<(Article, Option<String>)>, String> {
    let record: Record = serde_json::from_str(line).map_err(|e| format!("malformed JSON ({e})"))?;
    let doc_id = match record.id {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(_) => return Err("`id` must be a non-empty string or a number".into()),
        None => return Err("record has no `id`".into()),
    };
    // A record's title is metadata: absent or empty means the article has none, and cleaning
    // must not promote a first line of its text to headline.
    let title = record.title.unwrap_or_default().trim().to_string();
    let text = record.text.unwrap_or_default();
    if title.is_empty() && text.trim().is_empty() {
        return Ok(None);
    }
    let mut warning = None;
    let date = match record.date {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) if s.trim().is_empty() => None,
        Some(serde_json::Value::String(s)) => {
            let parsed = parse_ymd(&s);
            if parsed.is_none() {
                warning = Some(format!(
                    "`date` {s:?} is not YYYY-MM-DD; article kept without a date"
                ));
            }
            parsed
        }
        Some(other) => {
            warning = Some(format!(
                "`date` {other} is not a string; article kept without a date"
            ));
            None
        }
    };
    let non_empty = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let article = Article {
        doc_id,
        origin: Origin::Memory,
        title: Some(title),
        text,
        date,
        outlet: non_empty(record.outlet).or_else(|| non_empty(record.source)),
        url: non_empty(record.url),
        author: non_empty(record.author),
        manifest_fields: Vec::new(),
    };
    Ok(Some((article, warning)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_fields_map_to_article() {
        let (a, w) = parse_record(
            r#"{"id": 7, "title": "T", "text": "Body", "date": "1987-02-26", "source": "Reuters", "author": " "}"#,
        )
        .unwrap()
        .unwrap();
        assert_eq!(a.doc_id, "7");
        assert_eq!(a.title.as_deref(), Some("T"));
        assert_eq!(a.outlet.as_deref(), Some("Reuters"));
        assert_eq!(a.author, None);
        assert_eq!(crate::date::format_ymd(a.date.unwrap()), "1987-02-26");
        assert!(w.is_none());
    }

    #[test]
    fn outlet_wins_over_source() {
        let (a, _) = parse_record(r#"{"id":"x","text":"b","outlet":"POLITICO","source":"feed"}"#)
            .unwrap()
            .unwrap();
        assert_eq!(a.outlet.as_deref(), Some("POLITICO"));
    }

    #[test]
    fn bad_records_say_why() {
        assert!(parse_record("{not json")
            .unwrap_err()
            .contains("malformed JSON"));
        assert!(parse_record(r#"{"text":"b"}"#)
            .unwrap_err()
            .contains("no `id`"));
        assert!(parse_record(r#"{"id":[1],"text":"b"}"#)
            .unwrap_err()
            .contains("`id`"));
        assert!(parse_record(r#"{"id":"1","title":"","text":"  "}"#)
            .unwrap()
            .is_none());
        let (a, w) = parse_record(r#"{"id":"1","text":"b","date":"26/02/1987"}"#)
            .unwrap()
            .unwrap();
        assert_eq!(a.date, None);
        assert!(w.unwrap().contains("not YYYY-MM-DD"));
    }

    #[test]
    fn walking_reads_known_formats_and_reports_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "Hello world.").unwrap();
        std::fs::write(
            dir.path().join("b.jsonl"),
            "{\"id\":\"1\",\"text\":\"x\"}\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("README.md"), "About this corpus").unwrap();
        std::fs::write(dir.path().join("c.png"), [0u8, 1, 2]).unwrap();
        std::fs::write(dir.path().join(".hidden.txt"), "x").unwrap();
        std::fs::write(
            dir.path().join("queries.jsonl"),
            "{\"id\":\"1\",\"text\":\"q\"}\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("qrels.tsv"), "1\t1\t1\n").unwrap();
        let (files, notices) = discover(&[dir.path().to_path_buf()]).unwrap();
        let names: Vec<_> = files
            .iter()
            .map(|f| f.path.file_name().unwrap().to_str().unwrap())
            .collect();
        assert_eq!(names, ["a.txt", "b.jsonl"]);
        let noticed: Vec<_> = notices
            .iter()
            .map(|n| n.path.file_name().unwrap().to_str().unwrap())
            .collect();
        assert_eq!(
            noticed,
            ["README.md", "c.png", "qrels.tsv", "queries.jsonl"]
        );
    }

    #[test]
    fn a_manifest_beside_articles_wins_and_is_not_an_article() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "Hello world.").unwrap();
        std::fs::write(
            dir.path().join("sources.json"),
            r#"{"a": {"outlet": "POLITICO", "date": "2026-02-06", "url": "https://x"}}"#,
        )
        .unwrap();
        let (files, notices) = discover(&[dir.path().to_path_buf()]).unwrap();
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(files.len(), 1);
        let mut got = Vec::new();
        read_file(&files[0], &mut Vec::new(), &mut |a| {
            got.push(a);
            Ok(())
        })
        .unwrap();
        assert_eq!(got[0].outlet.as_deref(), Some("POLITICO"));
        assert_eq!(crate::date::format_ymd(got[0].date.unwrap()), "2026-02-06");
        assert_eq!(got[0].manifest_fields, ["outlet", "url", "date"]);
    }

    #[test]
    fn broken_manifests_are_errors_with_line_and_column() {
        for (text, line, column) in [
            ("{\n  \"a\": {\"outlet\": \"X\",}\n}", 2, 23),
            ("{\"a\": {\"publisher\": \"X\"}}", 1, 0),
            ("{\n\"a\": {\"date\": \"06/02/2026\"}}", 2, 15),
        ] {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join("a.txt"), "Hello.").unwrap();
            std::fs::write(dir.path().join("sources.json"), text).unwrap();
            match discover(&[dir.path().to_path_buf()]) {
                Err(Error::Manifest {
                    line: l, column: c, ..
                }) => {
                    assert_eq!(l, line, "{text}");
                    if column > 0 {
                        assert_eq!(c, column, "{text}");
                    }
                }
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn missing_path_is_an_error() {
        let err = discover(&[PathBuf::from("/no/such/lede/path")]).unwrap_err();
        assert!(matches!(err, Error::NotFound(_)));
    }

    #[test]
    fn json_lines_keep_good_lines_around_bad_ones() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.jsonl");
        std::fs::write(
            &path,
            "{\"id\":\"1\",\"text\":\"one\"}\n{broken\n\n{\"id\":\"3\",\"text\":\"three\"}\n",
        )
        .unwrap();
        let (files, _) = discover(&[path]).unwrap();
        let mut notices = Vec::new();
        let mut got = Vec::new();
        read_file(&files[0], &mut notices, &mut |a| {
            got.push((a.doc_id, a.origin));
            Ok(())
        })
        .unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].1, Origin::Line(files[0].path.clone(), 4));
        assert_eq!(notices.len(), 1);
        assert_eq!(notices[0].line, Some(2));
    }
}
