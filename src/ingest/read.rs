//! Reading paths into [`Article`]s: folders are walked, each file is read by its format, and every
//! file or line that cannot be read becomes a [`Notice`] naming it, never a silent skip.
//!
//! Files are read in blocks and decoded as they are read ([`super::decode`]); a file or record
//! larger than [`PART_BYTES`] becomes several articles ([`super::parts`]), so memory stays
//! bounded whatever the input.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use super::article::{Article, Origin};
use super::decode::{self, BlockDecoder, Sniffed, SNIFF_BYTES};
use super::notice::{Notice, Reason};
use super::parts::{self, PART_BYTES};
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
        } else if meta.is_dir() {
            let root = path.canonicalize().map_err(|e| Error::io(path, e))?;
            walk(&root, &mut files, &mut notices);
        } else {
            notices.push(not_regular(path, &meta.file_type()));
        }
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

/// The notice for a named pipe, socket or device: opening one could block forever.
fn not_regular(path: &Path, kind: &std::fs::FileType) -> Notice {
    #[cfg(unix)]
    let what = {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            "a named pipe"
        } else if kind.is_socket() {
            "a socket"
        } else if kind.is_block_device() || kind.is_char_device() {
            "a device"
        } else {
            "not a regular file"
        }
    };
    #[cfg(not(unix))]
    let what = {
        let _ = kind;
        "not a regular file"
    };
    Notice::file(
        path,
        Reason::NotRegular,
        format!("skipped: {what}, not a file of articles"),
    )
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
                notices.push(walk_error(root, &err));
                continue;
            }
        };
        let kind = entry.file_type();
        if kind.is_dir() {
            continue;
        }
        let path = entry.path();
        if !kind.is_file() {
            notices.push(not_regular(path, &kind));
            continue;
        }
        if path.file_name().is_some_and(|n| n == MANIFEST_NAME) {
            continue; // read as its folder's manifest
        }
        let Some(format) = Format::of(path) else {
            notices.push(Notice::file(
                path,
                Reason::NotAFormat,
                "skipped: not a format lede reads (.txt, .md, .jsonl, .ndjson)",
            ));
            continue;
        };
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        if format == Format::Text && DOCUMENTATION_STEMS.contains(&stem.as_str()) {
            notices.push(Notice::file(
                path,
                Reason::Documentation,
                "skipped: corpus documentation, not an article (name the file to index it)",
            ));
            continue;
        }
        if is_collection_queries(path) {
            notices.push(Notice::file(
                path,
                Reason::CollectionQueries,
                "skipped: the queries of a test collection (beside qrels.tsv), not articles",
            ));
            continue;
        }
        match path.canonicalize() {
            Ok(canonical) => files.push(SourceFile {
                path: canonical,
                format,
                bytes: entry.metadata().map(|m| m.len()).unwrap_or(0),
                manifest: None,
            }),
            Err(e) => notices.push(Notice::unreadable(path, e)),
        }
    }
}

/// What a walking error means: a loop, a broken link, or a folder that cannot be read.
fn walk_error(root: &Path, err: &walkdir::Error) -> Notice {
    let path = err.path().unwrap_or(root).to_path_buf();
    if let Some(ancestor) = err.loop_ancestor() {
        return Notice::file(
            path,
            Reason::LinkLoop,
            format!(
                "symbolic link loop back to {}, not followed",
                ancestor.display()
            ),
        );
    }
    let is_link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
    if is_link && !path.exists() {
        let target = std::fs::read_link(&path)
            .map(|t| t.display().to_string())
            .unwrap_or_default();
        return Notice::file(
            path,
            Reason::BrokenLink,
            format!("skipped: broken symbolic link (its target {target:?} does not exist)"),
        );
    }
    Notice::unreadable(path, io_reason(err))
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

/// The most bytes one JSON Lines record may take; longer lines are skipped without being read
/// whole.
pub const MAX_RECORD_BYTES: usize = 4 * PART_BYTES;

/// Reads every article of `file`, handing each to `sink`, in blocks: memory stays bounded
/// whatever the file's size. Whatever cannot be read (the file, a line, a record) becomes a
/// notice; an error is returned only when `sink` fails.
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
    let mut handle = match File::open(&file.path) {
        Ok(handle) => handle,
        Err(e) => {
            notices.push(Notice::unreadable(&file.path, e));
            return Ok(());
        }
    };
    read_from(file, &mut handle, notices, &mut with_manifest)
}

/// [`read_file`] from any reader of the file's bytes: `file` gives the format and the path
/// articles and notices are attributed to. Memory stays bounded whatever the reader holds.
pub fn read_from(
    file: &SourceFile,
    reader: &mut dyn Read,
    notices: &mut Vec<Notice>,
    sink: &mut dyn FnMut(Article) -> Result<()>,
) -> Result<()> {
    let result = match file.format {
        Format::Text => read_text(file, reader, notices, sink),
        Format::JsonLines => read_json_lines(file, reader, notices, sink),
    };
    match result {
        Err(Error::Io { source, .. }) => {
            notices.push(Notice::file(
                &file.path,
                Reason::Unreadable,
                format!("reading stopped: {source}; what was read before is indexed"),
            ));
            Ok(())
        }
        other => other,
    }
}

/// Reads up to `buf.len()` bytes, fewer only at the end of the file.
fn read_full(reader: &mut dyn Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// A plain-text file: one article, or consecutive parts of at most [`PART_BYTES`] when larger.
fn read_text(
    file: &SourceFile,
    handle: &mut dyn Read,
    notices: &mut Vec<Notice>,
    sink: &mut dyn FnMut(Article) -> Result<()>,
) -> Result<()> {
    let io = |e| Error::io(&file.path, e);
    // Blocks fit the file (plus one byte to see its end) up to the sniffing size: a small file
    // is read and sniffed whole in one block.
    let block_bytes = usize::try_from(file.bytes)
        .unwrap_or(usize::MAX)
        .saturating_add(1)
        .clamp(8 << 10, SNIFF_BYTES);
    let mut block = vec![0u8; block_bytes];
    let mut filled = read_full(handle, &mut block).map_err(io)?;
    let mut eof = filled < block.len();
    let encoding = match decode::sniff(&block[..filled], eof) {
        Sniffed::Binary => {
            notices.push(Notice::file(
                &file.path,
                Reason::Binary,
                "skipped: binary file (NUL or control bytes), not text",
            ));
            return Ok(());
        }
        Sniffed::Text { encoding, guessed } => {
            if guessed || encoding != encoding_rs::UTF_8 {
                let how = if guessed {
                    "not UTF-8"
                } else {
                    "byte order mark"
                };
                notices.push(Notice::file(
                    &file.path,
                    Reason::Decoded,
                    format!("decoded as {} ({how})", encoding.name()),
                ));
            }
            encoding
        }
    };
    let doc_id = file
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut decoder = BlockDecoder::new(encoding);
    let mut pending = String::new();
    let mut parts = 0usize;
    let mut emit = |text: String, parts: &mut usize| -> Result<()> {
        if text.trim().is_empty() {
            return Ok(());
        }
        *parts += 1;
        sink(Article {
            doc_id: parts::part_id(&doc_id, *parts),
            origin: Origin::File(file.path.clone()),
            // Cleaning looks for the headline at the top of the first part only.
            title: (*parts > 1).then(String::new),
            text,
            date: None,
            outlet: None,
            url: None,
            author: None,
            manifest_fields: Vec::new(),
        })
    };
    loop {
        decoder.decode(&block[..filled], &mut pending, eof);
        while pending.len() > PART_BYTES || (eof && !pending.is_empty()) {
            let at = parts::cut(&pending, PART_BYTES);
            let rest = pending.split_off(at);
            emit(std::mem::replace(&mut pending, rest), &mut parts)?;
        }
        if eof {
            break;
        }
        filled = read_full(handle, &mut block).map_err(io)?;
        eof = filled < block.len();
    }
    if decoder.replaced_blocks > 0 || decoder.nuls_removed > 0 {
        notices.push(Notice::file(
            &file.path,
            Reason::Repaired,
            format!(
                "malformed {} byte sequences replaced with U+FFFD in {} blocks, {} NUL characters removed",
                encoding.name(),
                decoder.replaced_blocks,
                decoder.nuls_removed
            ),
        ));
    }
    match parts {
        0 => notices.push(Notice::file(
            &file.path,
            Reason::Empty,
            "skipped: empty file (no text, or only whitespace)",
        )),
        1 => {}
        n => notices.push(parts_notice(&file.path, None, &doc_id, file.bytes, n)),
    }
    Ok(())
}

fn parts_notice(
    path: &Path,
    line: Option<usize>,
    doc_id: &str,
    bytes: u64,
    parts: usize,
) -> Notice {
    Notice {
        line,
        ..Notice::file(
            path,
            Reason::Parts,
            format!(
                "{:.1} MiB of text: indexed as {parts} articles of at most {} MiB, cut at paragraph breaks ({}, {} … {})",
                bytes as f64 / (1 << 20) as f64,
                PART_BYTES >> 20,
                parts::part_id(doc_id, 1),
                parts::part_id(doc_id, 2),
                parts::part_id(doc_id, parts)
            ),
        )
    }
}

/// How reading one line ended.
enum Line {
    /// The line is in the buffer (without its limit being passed).
    Read,
    /// The line was longer than the limit: it was consumed, not kept; its length in bytes.
    TooLong(u64),
    /// No more lines.
    End,
}

/// Reads one line, through its `\n`, into `buf`, keeping at most `limit` bytes: a longer line is
/// read to its end and dropped, so one huge line never fills memory.
fn read_line(reader: &mut impl BufRead, buf: &mut Vec<u8>, limit: usize) -> std::io::Result<Line> {
    buf.clear();
    let mut total = 0u64;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(match total {
                0 => Line::End,
                n if n as usize > limit => Line::TooLong(n),
                _ => Line::Read,
            });
        }
        let (take, done) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        total += take as u64;
        if total as usize <= limit {
            buf.extend_from_slice(&available[..take]);
        } else {
            buf.clear();
        }
        reader.consume(take);
        if done {
            return Ok(if total as usize > limit {
                Line::TooLong(total)
            } else {
                Line::Read
            });
        }
    }
}

fn read_json_lines(
    file: &SourceFile,
    handle: &mut dyn Read,
    notices: &mut Vec<Notice>,
    sink: &mut dyn FnMut(Article) -> Result<()>,
) -> Result<()> {
    let mut reader = BufReader::with_capacity(1 << 16, handle);
    let mut buf = Vec::new();
    let mut line_no = 0;
    // Lines that are not UTF-8 are decoded as Windows-1252 and told once per file.
    let mut legacy_lines: Vec<usize> = Vec::new();
    loop {
        let read = read_line(&mut reader, &mut buf, MAX_RECORD_BYTES)
            .map_err(|e| Error::io(&file.path, e))?;
        line_no += 1;
        let line_text: std::borrow::Cow<str> = match read {
            Line::End => break,
            Line::TooLong(bytes) => {
                notices.push(Notice::line(
                    &file.path,
                    line_no,
                    Reason::TooLarge,
                    format!(
                        "skipped: a record of {:.1} MiB, over the limit of {} MiB per line",
                        bytes as f64 / (1 << 20) as f64,
                        MAX_RECORD_BYTES >> 20
                    ),
                ));
                continue;
            }
            Line::Read => match std::str::from_utf8(&buf) {
                Ok(text) => text.into(),
                Err(_) => {
                    legacy_lines.push(line_no);
                    decode::decode_all(&buf, encoding_rs::WINDOWS_1252).0.into()
                }
            },
        };
        let line = line_text.trim();
        if line.is_empty() {
            continue;
        }
        let notice = |reason, message| Notice::line(&file.path, line_no, reason, message);
        match parse_record(line) {
            Ok(Some((article, warning))) => {
                if let Some(warning) = warning {
                    notices.push(notice(Reason::FieldIgnored, warning));
                }
                let mut article = Article {
                    origin: Origin::Line(file.path.clone(), line_no),
                    ..article
                };
                if article.text.len() <= PART_BYTES {
                    sink(article)?;
                    continue;
                }
                let text = std::mem::take(&mut article.text);
                let pieces = parts::split(&text, PART_BYTES);
                notices.push(parts_notice(
                    &file.path,
                    Some(line_no),
                    &article.doc_id,
                    text.len() as u64,
                    pieces.len(),
                ));
                for (k, piece) in pieces.iter().enumerate() {
                    sink(Article {
                        doc_id: parts::part_id(&article.doc_id, k + 1),
                        text: piece.to_string(),
                        // Later parts have no headline of their own.
                        title: if k == 0 {
                            article.title.clone()
                        } else {
                            Some(String::new())
                        },
                        ..article.clone()
                    })?;
                }
            }
            Ok(None) => notices.push(notice(
                Reason::NothingToIndex,
                "skipped: record has neither title nor text".into(),
            )),
            Err(message) => notices.push(notice(Reason::Malformed, format!("skipped: {message}"))),
        }
    }
    if let Some(first) = legacy_lines.first() {
        let more = match legacy_lines.len() - 1 {
            0 => String::new(),
            1 => " (and 1 more line)".to_string(),
            n => format!(" (and {n} more lines)"),
        };
        notices.push(Notice::line(
            &file.path,
            *first,
            Reason::Decoded,
            format!("not UTF-8{more}: decoded as windows-1252"),
        ));
    }
    Ok(())
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
