//! Sentence embeddings: a passage or a question as a unit vector whose dot product with
//! another's says how close their meanings are, whatever words they use.
//!
//! Two embedders share the [`Embedder`] interface:
//! - [`Transformer`]: all-MiniLM-L6-v2 run with candle (mean of the token states, L2-normed),
//!   the most accurate and the slowest;
//! - [`StaticEmbedder`]: a table of one vector per vocabulary token, distilled from the
//!   transformer by [`StaticEmbedder::distil`] (the Model2Vec recipe: every token embedded
//!   alone, reduced by PCA, weighted by its expected frequency); a text is embedded by
//!   lookups, so at about the speed of tokenizing it.
//!
//! The model's files are installed by `scripts/install-model` into [`ModelFiles::default_dir`];
//! nothing is fetched at run time.
//!
//! ```no_run
//! use lede::semantic::{Embedder, ModelFiles, Transformer};
//! let model = Transformer::load(&ModelFiles::find(None)?)?;
//! let v = model.embed(&["A truce was agreed.", "The two sides stopped fighting."])?;
//! let cosine: f32 = v[0].iter().zip(&v[1]).map(|(a, b)| a * b).sum();
//! assert!(cosine > 0.3);
//! # Ok::<(), lede::Error>(())
//! ```

mod choice;
mod model;
mod quantise;
#[cfg(feature = "semantic")]
mod static_table;
#[cfg(feature = "semantic")]
mod transformer;

pub use choice::{load, EmbedderKind};
pub use model::{missing_model_hint, ModelFiles, INSTALL_HINT};
pub use quantise::{dot_quantised, quantise, unquantise, QUANTISED_EXTRA_BYTES};
#[cfg(feature = "semantic")]
pub use static_table::StaticEmbedder;
#[cfg(feature = "semantic")]
pub use transformer::Transformer;

use crate::error::Result;

/// Turns texts into unit vectors of [`Embedder::dimensions`] numbers. Indexing shares one
/// embedder among its worker threads.
pub trait Embedder: Send + Sync {
    /// Names the embedder and the model its vectors come from (an index records it beside its
    /// vectors, and vectors of two ids are not compared).
    fn id(&self) -> &str;
    /// How many numbers a vector has.
    fn dimensions(&self) -> usize;
    /// One unit vector per text, in order (a zero vector for a text with no token).
    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>>;
}

/// Scales `v` to unit length; a zero vector stays zero.
pub fn normalise(v: &mut [f32]) {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
}

/// The dot product of two vectors of the same length (their cosine when both are unit vectors).
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[cfg(all(test, feature = "semantic"))]
pub(crate) mod tests;
