//! The file table: every file whose articles are all in the last commit, with the fingerprint
//! it had when it was read. A file whose fingerprint has not changed is not read again.
//!
//! The table is committed with the index, never beside it: it is written to
//! `lede-files-<opstamp>.json` before a commit, and the commit's payload names that file. A run
//! killed at any moment leaves the table of the last commit, which lists only files committed
//! whole: a file being re-indexed is removed from the table in the commit that deletes its old
//! passages, and added back in the commit that holds all its new ones. An index in memory keeps
//! the table in the payload itself.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};
use tantivy::Index;

use crate::error::{Error, Result};
use crate::ingest::{SourceFile, MANIFEST_NAME};

/// File names of committed tables: `lede-files-<opstamp>.json`.
const TABLE_PREFIX: &str = "lede-files-";
/// Payload prefix naming a table file (otherwise the payload is the table itself).
const PAYLOAD_FILE: &str = "file:";

/// What a file was when it was read: size and modification time (a quick check) and the hashes
/// of its bytes and of its folder's sources manifest (the proof).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    /// Size in bytes.
    pub bytes: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    pub modified_ns: u64,
    /// XXH3-128 of the file's bytes, in hex.
    pub hash: String,
    /// XXH3-128 of the folder's `sources.json`, when there is one.
    pub manifest: Option<String>,
}

/// One committed file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// The file as it was read.
    #[serde(flatten)]
    pub fingerprint: Fingerprint,
    /// Articles indexed from it.
    pub articles: u64,
    /// Passages indexed from it.
    pub passages: u64,
}

/// Every file committed whole, by canonical path.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileTable {
    /// The `lede` version that read them: another version's cleaning may differ, so its files
    /// are read again.
    pub version: String,
    /// The id of the embedder whose vectors the index's passages carry
    /// ([`crate::semantic::Embedder::id`]); `None` for an index without vectors. It outlives a
    /// change of version, since the vectors stay in the index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vectors: Option<String>,
    /// Files by path.
    pub files: BTreeMap<PathBuf, FileEntry>,
}

impl FileTable {
    /// The table of `index`'s last commit (empty for an index without one, or one written by
    /// another version of `lede`).
    pub fn load(index: &Index, dir: Option<&Path>) -> Result<FileTable> {
        let payload = index.load_metas()?.payload;
        let text = match (payload.as_deref(), dir) {
            (None, _) => return Ok(FileTable::fresh()),
            (Some(p), Some(dir)) if p.starts_with(PAYLOAD_FILE) => {
                let path = dir.join(&p[PAYLOAD_FILE.len()..]);
                std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?
            }
            (Some(p), _) => p.to_string(),
        };
        let table: FileTable = serde_json::from_str(&text).map_err(|e| {
            Error::InvalidArgument(format!("the index's file table cannot be read: {e}"))
        })?;
        Ok(if table.version == env!("CARGO_PKG_VERSION") {
            table
        } else {
            FileTable {
                vectors: table.vectors,
                ..FileTable::fresh()
            }
        })
    }

    /// An empty table of this version.
    pub(crate) fn fresh() -> FileTable {
        FileTable {
            version: env!("CARGO_PKG_VERSION").to_string(),
            vectors: None,
            files: BTreeMap::new(),
        }
    }

    /// Writes the table for the commit `opstamp` and returns the payload that names it: a file
    /// in `dir` (synced to disk before the commit can refer to it), or the table itself.
    pub(crate) fn save(&self, dir: Option<&Path>, opstamp: u64) -> Result<String> {
        let json = serde_json::to_string(self).expect("a file table serialises");
        let Some(dir) = dir else {
            return Ok(json);
        };
        let name = format!("{TABLE_PREFIX}{opstamp}.json");
        let path = dir.join(&name);
        let partial = dir.join(format!(".{name}.partial"));
        let write = || -> std::io::Result<()> {
            let mut file = std::fs::File::create(&partial)?;
            std::io::Write::write_all(&mut file, json.as_bytes())?;
            file.sync_all()?;
            std::fs::rename(&partial, &path)
        };
        write().map_err(|e| Error::io(&path, e))?;
        Ok(format!("{PAYLOAD_FILE}{name}"))
    }

    /// Deletes the tables of earlier commits once `payload`'s commit is durable.
    pub(crate) fn remove_others(dir: Option<&Path>, payload: &str) {
        let (Some(dir), Some(keep)) = (dir, payload.strip_prefix(PAYLOAD_FILE)) else {
            return;
        };
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let stale = (name.starts_with(TABLE_PREFIX) && name != keep)
                || (name.starts_with(&format!(".{TABLE_PREFIX}")) && name.ends_with(".partial"));
            if stale {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// Fingerprints files, hashing only those whose size or modification time changed, and each
/// folder's manifest once.
#[derive(Default)]
pub(crate) struct Fingerprinter {
    manifests: HashMap<PathBuf, Option<String>>,
}

impl Fingerprinter {
    /// The fingerprint of `file` now. `known` is its entry in the table: when size and
    /// modification time are unchanged its hash is taken as is.
    pub fn fingerprint(
        &mut self,
        file: &SourceFile,
        known: Option<&FileEntry>,
    ) -> std::io::Result<Fingerprint> {
        let meta = std::fs::metadata(&file.path)?;
        let modified_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
        let dir = file.path.parent().unwrap_or(Path::new("/")).to_path_buf();
        let manifest = match self.manifests.get(&dir) {
            Some(hash) => hash.clone(),
            None => {
                let path = dir.join(MANIFEST_NAME);
                let hash = path.is_file().then(|| hash_file(&path)).transpose()?;
                self.manifests.insert(dir, hash.clone());
                hash
            }
        };
        let hash = match known {
            Some(k)
                if k.fingerprint.bytes == meta.len()
                    && k.fingerprint.modified_ns == modified_ns =>
            {
                k.fingerprint.hash.clone()
            }
            _ => hash_file(&file.path)?,
        };
        Ok(Fingerprint {
            bytes: meta.len(),
            modified_ns,
            hash,
            manifest,
        })
    }
}

/// XXH3-128 of a file's bytes, read in blocks, in hex.
fn hash_file(path: &Path) -> std::io::Result<String> {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut file = std::fs::File::open(path)?;
    let mut block = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut block)?;
        if n == 0 {
            break;
        }
        hasher.update(&block[..n]);
    }
    Ok(format!("{:032x}", hasher.digest128()))
}

/// Whether two fingerprints are of the same content (the modification time may differ).
pub(crate) fn same_content(a: &Fingerprint, b: &Fingerprint) -> bool {
    a.bytes == b.bytes && a.hash == b.hash && a.manifest == b.manifest
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Format;

    fn source(path: &Path) -> SourceFile {
        SourceFile {
            path: path.to_path_buf(),
            format: Format::Text,
            bytes: 0,
            manifest: None,
        }
    }

    #[test]
    fn fingerprints_change_with_content_and_manifest_not_with_touching() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "Hello.").unwrap();
        let mut f = Fingerprinter::default();
        let first = f.fingerprint(&source(&path), None).unwrap();
        std::fs::write(&path, "Hello.").unwrap(); // same bytes, new time
        let touched = Fingerprinter::default()
            .fingerprint(&source(&path), None)
            .unwrap();
        assert!(same_content(&first, &touched));
        std::fs::write(&path, "Hellp.").unwrap();
        let changed = Fingerprinter::default()
            .fingerprint(&source(&path), None)
            .unwrap();
        assert!(!same_content(&first, &changed));
        std::fs::write(dir.path().join(MANIFEST_NAME), "{}").unwrap();
        let with_manifest = Fingerprinter::default()
            .fingerprint(&source(&path), None)
            .unwrap();
        assert!(!same_content(&changed, &with_manifest));
    }

    #[test]
    fn tables_round_trip_through_a_commit_payload() {
        let dir = tempfile::tempdir().unwrap();
        let index = Index::create_in_dir(dir.path(), crate::index::schema::build()).unwrap();
        assert_eq!(
            FileTable::load(&index, Some(dir.path())).unwrap(),
            FileTable::fresh()
        );
        let mut table = FileTable::fresh();
        table.files.insert(
            "/x/a.txt".into(),
            FileEntry {
                fingerprint: Fingerprint {
                    bytes: 6,
                    modified_ns: 1,
                    hash: "00".into(),
                    manifest: None,
                },
                articles: 1,
                passages: 2,
            },
        );
        let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
        let mut prepared = writer.prepare_commit().unwrap();
        let payload = table.save(Some(dir.path()), prepared.opstamp()).unwrap();
        prepared.set_payload(&payload);
        prepared.commit().unwrap();
        std::fs::write(dir.path().join("lede-files-999.json"), "stale").unwrap();
        FileTable::remove_others(Some(dir.path()), &payload);
        assert!(!dir.path().join("lede-files-999.json").exists());
        assert_eq!(FileTable::load(&index, Some(dir.path())).unwrap(), table);
        // A table deleted by hand is an error to the reader; the writer then starts afresh.
        std::fs::remove_file(dir.path().join(payload.trim_start_matches(PAYLOAD_FILE))).unwrap();
        assert!(FileTable::load(&index, Some(dir.path())).is_err());
    }
}
