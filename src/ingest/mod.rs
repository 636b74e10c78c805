//! From raw input to typed articles and clean paragraphs: reading files and folders, and
//! removing scrape debris. Nothing here knows of tantivy.

mod article;
mod clean;
mod read;

pub use article::{Article, Origin};
pub use clean::{clean, Cleaned, Debris, Paragraph, Removed};
pub use read::{discover, read_file, Format, Notice, SourceFile};
