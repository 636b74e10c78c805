//! [`Notice`]: something about the input worth telling, with the file (and line) it concerns and
//! a [`Reason`] that sorts it into warnings and notes for the run's summary.

use std::path::PathBuf;

use serde::Serialize;

/// Why a notice was given. Warnings are about damaged or unusual input; notes are about files a
/// rule passes over on purpose. `--strict` fails a run that gave any warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Not UTF-8: decoded in a guessed legacy encoding, or from UTF-16. The text is indexed.
    Decoded,
    /// Malformed byte sequences or NUL characters were replaced or removed. The text is indexed.
    Repaired,
    /// A file or record too large for one article, indexed as several parts.
    Parts,
    /// A record field that could not be used was left out. The article is indexed.
    FieldIgnored,
    /// A binary file, skipped.
    Binary,
    /// An empty or whitespace-only file, skipped.
    Empty,
    /// A file or folder that cannot be read (permissions, I/O errors), skipped.
    Unreadable,
    /// A symbolic link whose target does not exist, skipped.
    BrokenLink,
    /// A symbolic link that leads back into its own folder, not followed.
    LinkLoop,
    /// A named pipe, socket or device, never opened.
    NotRegular,
    /// A JSON Lines line that is not a valid record, skipped.
    Malformed,
    /// A JSON Lines record over the size limit, skipped without being read whole.
    TooLarge,
    /// An article with nothing left to index (no text, or only debris), skipped.
    NothingToIndex,
    /// A file whose format `lede` does not read, passed over.
    NotAFormat,
    /// A corpus's documentation (README, SOURCE, LICENSE …), passed over.
    Documentation,
    /// The queries of a test collection, passed over.
    CollectionQueries,
}

impl Reason {
    /// Whether this is a warning (`--strict` fails on it) rather than a note.
    pub fn is_warning(self) -> bool {
        !matches!(
            self,
            Reason::NotAFormat | Reason::Documentation | Reason::CollectionQueries
        )
    }

    /// Whether the text concerned was still indexed (a repaired or partial read, not a skip).
    pub fn kept(self) -> bool {
        matches!(
            self,
            Reason::Decoded | Reason::Repaired | Reason::Parts | Reason::FieldIgnored
        )
    }

    /// A few words for the run's summary, e.g. `3 binary`.
    pub fn label(self) -> &'static str {
        match self {
            Reason::Decoded => "decoded from another encoding",
            Reason::Repaired => "repaired bytes",
            Reason::Parts => "split into parts",
            Reason::FieldIgnored => "field ignored",
            Reason::Binary => "binary",
            Reason::Empty => "empty",
            Reason::Unreadable => "unreadable",
            Reason::BrokenLink => "broken symbolic link",
            Reason::LinkLoop => "symbolic link loop",
            Reason::NotRegular => "not a regular file",
            Reason::Malformed => "malformed record",
            Reason::TooLarge => "record too large",
            Reason::NothingToIndex => "nothing to index",
            Reason::NotAFormat => "not a format lede reads",
            Reason::Documentation => "corpus documentation",
            Reason::CollectionQueries => "test-collection queries",
        }
    }
}

/// Something passed over or repaired while reading: a whole file, or one line or record of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    /// The file concerned.
    pub path: PathBuf,
    /// The line, for a JSON Lines record.
    pub line: Option<usize>,
    /// Why.
    pub reason: Reason,
    /// What happened, in words.
    pub message: String,
}

impl Notice {
    /// A notice about a whole file.
    pub fn file(path: impl Into<PathBuf>, reason: Reason, message: impl Into<String>) -> Notice {
        Notice {
            path: path.into(),
            line: None,
            reason,
            message: message.into(),
        }
    }

    /// A file or folder skipped because it cannot be read, with what the system said.
    pub fn unreadable(path: impl Into<PathBuf>, error: impl std::fmt::Display) -> Notice {
        Notice::file(
            path,
            Reason::Unreadable,
            format!("skipped: cannot be read ({error})"),
        )
    }

    /// A notice about one line of a file.
    pub fn line(
        path: impl Into<PathBuf>,
        line: usize,
        reason: Reason,
        message: impl Into<String>,
    ) -> Notice {
        Notice {
            line: Some(line),
            ..Notice::file(path, reason, message)
        }
    }
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_are_rules_and_warnings_are_damage() {
        assert!(!Reason::Documentation.is_warning());
        assert!(Reason::Binary.is_warning() && !Reason::Binary.kept());
        assert!(Reason::Decoded.is_warning() && Reason::Decoded.kept());
        assert_eq!(
            Notice::line("/a.jsonl", 3, Reason::Malformed, "skipped: malformed JSON").to_string(),
            "/a.jsonl:3: skipped: malformed JSON"
        );
    }
}
