//! Values read from the index once per commit.

use crate::error::Result;

/// A value read from the index once per searcher generation, that is once per commit.
pub(super) struct PerGeneration<T>(std::sync::Mutex<Option<(u64, std::sync::Arc<T>)>>);

impl<T> PerGeneration<T> {
    pub(super) fn new() -> PerGeneration<T> {
        PerGeneration(std::sync::Mutex::new(None))
    }

    /// The value for `searcher`'s generation: the one kept, or a new one from `read`.
    pub(super) fn get(
        &self,
        searcher: &tantivy::Searcher,
        read: impl FnOnce() -> Result<T>,
    ) -> Result<std::sync::Arc<T>> {
        let generation = searcher.generation().generation_id();
        let mut cached = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((g, value)) = cached.as_ref() {
            if *g == generation {
                return Ok(value.clone());
            }
        }
        let value = std::sync::Arc::new(read()?);
        *cached = Some((generation, value.clone()));
        Ok(value)
    }
}
