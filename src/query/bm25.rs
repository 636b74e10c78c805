//! BM25, as the ranking computes it for passages and for whole articles: Robertson's IDF
//! (never negative) and the saturated, length-normalised term frequency.

/// Inverse document frequency of a term held by `df` of `docs` documents.
pub(crate) fn idf(docs: f32, df: f32) -> f32 {
    (1.0 + (docs - df + 0.5) / (df + 0.5)).ln().max(0.0)
}

/// The saturated, length-normalised frequency of a term seen `tf` times in a document of `len`
/// terms, where documents have `mean` terms: `k1` is how soon repeats stop counting, `b` how
/// much length counts (0: not at all, 1: fully).
pub(crate) fn saturate(tf: f32, len: f32, mean: f32, k1: f32, b: f32) -> f32 {
    if tf <= 0.0 {
        0.0
    } else {
        tf * (k1 + 1.0) / (tf + k1 * (1.0 - b + b * len / mean))
    }
}

/// Mean length, in tokens, of `field` over the index.
pub(crate) fn mean_length(searcher: &tantivy::Searcher, field: tantivy::schema::Field) -> f32 {
    let (mut tokens, mut docs) = (0u64, 0u64);
    for segment in searcher.segment_readers() {
        if let Ok(inverted) = segment.inverted_index(field) {
            tokens += inverted.total_num_tokens();
            docs += u64::from(segment.max_doc());
        }
    }
    if docs == 0 {
        1.0
    } else {
        (tokens as f32 / docs as f32).max(1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idf_falls_with_document_frequency_and_is_never_negative() {
        assert!(idf(100.0, 1.0) > idf(100.0, 10.0));
        assert_eq!(idf(10.0, 10.0), (1.0f32 + 0.5 / 10.5).ln());
        assert!(idf(1.0, 5.0) >= 0.0);
    }

    #[test]
    fn frequency_saturates_towards_k1_plus_one() {
        let (k1, b) = (1.2, 0.75);
        assert_eq!(saturate(0.0, 10.0, 10.0, k1, b), 0.0);
        assert_eq!(saturate(1.0, 10.0, 10.0, k1, b), 1.0);
        assert!(saturate(100.0, 10.0, 10.0, k1, b) < k1 + 1.0);
        // A longer document counts the same frequency for less, unless b is 0.
        assert!(saturate(2.0, 20.0, 10.0, k1, b) < saturate(2.0, 10.0, 10.0, k1, b));
        assert_eq!(
            saturate(2.0, 20.0, 10.0, k1, 0.0),
            saturate(2.0, 10.0, 10.0, k1, 0.0)
        );
    }
}
