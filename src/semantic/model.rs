//! Where the model's files are, and whether they are all there.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The files of an installed sentence-embedding model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelFiles {
    /// The folder holding them.
    pub dir: PathBuf,
    /// `config.json`: the BERT configuration.
    pub config: PathBuf,
    /// `tokenizer.json`: the WordPiece tokenizer.
    pub tokenizer: PathBuf,
    /// `model.safetensors`: the weights.
    pub weights: PathBuf,
}

/// How to install the model, said wherever one is missing.
pub const INSTALL_HINT: &str =
    "install the model with `bash scripts/install-model` (it downloads all-MiniLM-L6-v2 once and checks its hashes)";

/// `"; "` and [`INSTALL_HINT`] when the model is not installed, else nothing: the tail of a
/// message about vectors.
pub fn missing_model_hint() -> String {
    if ModelFiles::installed() {
        String::new()
    } else {
        format!("; {INSTALL_HINT}")
    }
}

impl ModelFiles {
    /// Where `lede` looks for the model when it is not told: `$LEDE_MODEL_DIR`, else
    /// `$XDG_DATA_HOME/lede/models/all-MiniLM-L6-v2` (`~/.local/share/...` without it).
    pub fn default_dir() -> PathBuf {
        if let Some(dir) = std::env::var_os("LEDE_MODEL_DIR").filter(|d| !d.is_empty()) {
            return PathBuf::from(dir);
        }
        let data = std::env::var_os("XDG_DATA_HOME")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".local/share")))
            .unwrap_or_else(|| PathBuf::from("."));
        data.join("lede/models/all-MiniLM-L6-v2")
    }

    /// The model in `dir` (or in [`ModelFiles::default_dir`]); an error naming the first file
    /// missing and how to install the model.
    pub fn find(dir: Option<&Path>) -> Result<ModelFiles> {
        let dir = dir.map_or_else(ModelFiles::default_dir, Path::to_path_buf);
        let files = ModelFiles {
            config: dir.join("config.json"),
            tokenizer: dir.join("tokenizer.json"),
            weights: dir.join("model.safetensors"),
            dir,
        };
        for path in [&files.config, &files.tokenizer, &files.weights] {
            if !path.is_file() {
                return Err(Error::Model {
                    path: path.clone(),
                    message: format!("no such file: {INSTALL_HINT}"),
                });
            }
        }
        Ok(files)
    }

    /// Whether a model is installed in [`ModelFiles::default_dir`].
    pub fn installed() -> bool {
        ModelFiles::find(None).is_ok()
    }
}

#[cfg_attr(not(feature = "semantic"), allow(dead_code))]
pub(crate) fn model_error(path: &Path, what: impl std::fmt::Display) -> Error {
    Error::Model {
        path: path.to_path_buf(),
        message: what.to_string(),
    }
}
