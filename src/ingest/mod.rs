//! From raw input to typed articles and clean paragraphs: reading files and folders, and
//! removing scrape debris. Nothing here knows of tantivy.

mod article;
mod clean;
mod read;

pub use article::{Article, Origin};
pub use clean::{clean, Cleaned, Debris, Paragraph, Removed};
pub use read::{
    discover, load_manifest, read_file, Format, Manifest, ManifestEntry, Notice, SourceFile,
    MANIFEST_NAME,
};
