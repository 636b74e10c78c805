//! The typed article every input format is read into.

use std::fmt;
use std::path::PathBuf;

use time::Date;

/// One news article as read from its source, before cleaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// The id users see and `lede show` takes: a text file's stem, or a JSON Lines record's `id`.
    pub doc_id: String,
    /// Where the article came from.
    pub origin: Origin,
    /// The headline, when the source has headline metadata (`Some("")`: it says there is none).
    /// `None`: cleaning looks for a headline in the text.
    pub title: Option<String>,
    /// The raw body text, debris and all.
    pub text: String,
    /// Publication date, when the source gives one.
    pub date: Option<Date>,
    /// Outlet that published it, when the source gives one.
    pub outlet: Option<String>,
    /// Address of the original page.
    pub url: Option<String>,
    /// Byline, as given by the source.
    pub author: Option<String>,
    /// The fields a sources manifest gave (`outlet`, `date`, `url`, `author`): they won over
    /// the source's own values and over extraction.
    pub manifest_fields: Vec<String>,
}

impl Article {
    /// An article held in memory, not read from a file: its identity is its doc id alone.
    pub fn new(doc_id: impl Into<String>, text: impl Into<String>) -> Article {
        Article {
            doc_id: doc_id.into(),
            origin: Origin::Memory,
            title: None,
            text: text.into(),
            date: None,
            outlet: None,
            url: None,
            author: None,
            manifest_fields: Vec::new(),
        }
    }

    /// Bytes of text it holds: body and headline.
    pub fn bytes(&self) -> usize {
        self.text.len() + self.title.as_ref().map_or(0, String::len)
    }

    /// The same article with a headline.
    pub fn with_title(mut self, title: impl Into<String>) -> Article {
        self.title = Some(title.into());
        self
    }

    /// The same article with a publication date.
    pub fn with_date(mut self, date: Date) -> Article {
        self.date = Some(date);
        self
    }

    /// The same article with an outlet.
    pub fn with_outlet(mut self, outlet: impl Into<String>) -> Article {
        self.outlet = Some(outlet.into());
        self
    }
}

/// Where an article came from. Two articles are the same article exactly when origin and doc id
/// are equal, so the `"1"` of one corpus file never replaces the `"1"` of another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A whole file (plain text or Markdown), as an absolute path.
    File(PathBuf),
    /// One line of a JSON Lines file (absolute path, line from 1).
    Line(PathBuf, usize),
    /// Given to the library in memory.
    Memory,
}

impl Origin {
    /// The file the article was read from, if any.
    pub fn file(&self) -> Option<&std::path::Path> {
        match self {
            Origin::File(p) | Origin::Line(p, _) => Some(p),
            Origin::Memory => None,
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::File(p) => write!(f, "{}", p.display()),
            Origin::Line(p, line) => write!(f, "{}:{line}", p.display()),
            Origin::Memory => f.write_str("memory"),
        }
    }
}
