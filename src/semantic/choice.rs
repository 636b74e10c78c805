//! Which embedder: a name a user picks, the kind an index's recorded id names, and loading it
//! from the installed model.

use std::path::Path;
use std::sync::Arc;

use super::Embedder;
use crate::error::{Error, Result};

/// The two embedders, as `lede index --vectors` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EmbedderKind {
    /// all-MiniLM-L6-v2 itself: the most accurate, about a hundred passages a second per CPU.
    Transformer,
    /// The static table distilled from it (`lede model distill`): lookups only.
    Static,
}

impl EmbedderKind {
    /// Both kinds, the default first.
    pub const ALL: [EmbedderKind; 2] = [EmbedderKind::Transformer, EmbedderKind::Static];

    /// The name users write.
    pub fn as_str(self) -> &'static str {
        match self {
            EmbedderKind::Transformer => "transformer",
            EmbedderKind::Static => "static",
        }
    }

    /// The kind an embedder id ([`Embedder::id`]) names, if any.
    pub fn of_id(id: &str) -> Option<EmbedderKind> {
        if id.starts_with("transformer:") {
            Some(EmbedderKind::Transformer)
        } else if id.starts_with("static") {
            Some(EmbedderKind::Static)
        } else {
            None
        }
    }
}

impl std::str::FromStr for EmbedderKind {
    type Err = Error;

    fn from_str(s: &str) -> Result<EmbedderKind> {
        EmbedderKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                Error::InvalidArgument(format!(
                    "unknown embedder {s:?}: expected `transformer` or `static`"
                ))
            })
    }
}

/// Loads the embedder of `kind` from the model in `dir` (else the default folder); an error
/// names the file missing and how to install or distil it.
#[cfg(feature = "semantic")]
pub fn load(kind: EmbedderKind, dir: Option<&Path>) -> Result<Arc<dyn Embedder>> {
    let files = super::ModelFiles::find(dir)?;
    Ok(match kind {
        EmbedderKind::Transformer => Arc::new(super::Transformer::load(&files)?),
        EmbedderKind::Static => {
            let path = super::StaticEmbedder::path(&files);
            Arc::new(super::StaticEmbedder::load(&files, &path)?)
        }
    })
}

/// Without the `semantic` feature there is no embedder to load.
#[cfg(not(feature = "semantic"))]
pub fn load(kind: EmbedderKind, dir: Option<&Path>) -> Result<Arc<dyn Embedder>> {
    let _ = dir;
    Err(Error::InvalidArgument(format!(
        "this lede was built without the `semantic` feature: no {} embedder",
        kind.as_str()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_read_from_names_and_ids() {
        for kind in EmbedderKind::ALL {
            assert_eq!(kind.as_str().parse::<EmbedderKind>().unwrap(), kind);
        }
        assert!("bert".parse::<EmbedderKind>().is_err());
        assert_eq!(
            EmbedderKind::of_id("transformer:all-MiniLM-L6-v2:00ff"),
            Some(EmbedderKind::Transformer)
        );
        assert_eq!(
            EmbedderKind::of_id("static256:transformer:x:1"),
            Some(EmbedderKind::Static)
        );
        assert_eq!(EmbedderKind::of_id("bm25"), None);
    }
}
