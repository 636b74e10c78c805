//! From raw input to typed articles and clean paragraphs: reading files and folders, and
//! removing scrape debris. Nothing here knows of tantivy.

mod article;
mod clean;
pub mod decode;
mod notice;
pub mod parts;
mod read;

pub use article::{Article, Origin};
pub use clean::{clean, Cleaned, Debris, Paragraph, Removed};
pub use notice::{Notice, Reason};
pub use read::{
    discover, load_manifest, read_file, read_from, Format, Manifest, ManifestEntry, SourceFile,
    MANIFEST_NAME, MAX_RECORD_BYTES,
};
