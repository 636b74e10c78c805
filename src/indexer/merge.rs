//! Which segments the writer merges in the background: tantivy's log merge policy, with every
//! merge bounded in size.
//!
//! A merge reads its segments whole through memory maps, so its resident memory and time grow
//! with the segments it merges. With tantivy's default policy, the eighth segment of a long
//! run triggers a merge of all eight, the whole index, after the last commit, and peak
//! resident memory grows with the corpus. Bounded, merges tidy up the small segments that commits of a few files leave, and a
//! corpus of any size is indexed in the same memory; the segments the writer flushes full stay
//! as they are.

use tantivy::index::{SegmentId, SegmentMeta};
use tantivy::indexer::{LogMergePolicy, MergeCandidate, MergePolicy};

/// The most documents (passages) a merge may produce: about 35 MiB of index, about the size of
/// the segments that the default writer budget (two threads) and batch commit leave.
pub const MERGED_DOCS_MAX: u32 = 100_000;

/// tantivy's [`LogMergePolicy`], with no merge producing more than `max_docs` documents.
#[derive(Debug, Clone)]
pub struct BoundedMerges {
    log: LogMergePolicy,
    max_docs: u32,
}

impl BoundedMerges {
    /// Merges of at most `max_docs` live documents.
    pub fn new(max_docs: u32) -> BoundedMerges {
        let mut log = LogMergePolicy::default();
        // A segment over half the bound can only be merged with smaller ones; leaving it out
        // keeps the log policy's levels to segments that can still grow.
        log.set_max_docs_before_merge(max_docs as usize / 2);
        BoundedMerges { log, max_docs }
    }
}

impl Default for BoundedMerges {
    fn default() -> BoundedMerges {
        BoundedMerges::new(MERGED_DOCS_MAX)
    }
}

impl MergePolicy for BoundedMerges {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        self.log
            .compute_merge_candidates(segments)
            .into_iter()
            .filter_map(|candidate| {
                let trimmed = self.trim(&candidate.0, segments);
                (trimmed.len() >= 2).then_some(MergeCandidate(trimmed))
            })
            .collect()
    }
}

impl BoundedMerges {
    /// The smallest segments of a candidate, as many as fit in the bound together.
    fn trim(&self, ids: &[SegmentId], segments: &[SegmentMeta]) -> Vec<SegmentId> {
        let mut metas: Vec<&SegmentMeta> = segments
            .iter()
            .filter(|meta| ids.contains(&meta.id()))
            .collect();
        metas.sort_by_key(|meta| meta.num_docs());
        let mut total = 0u64;
        metas
            .into_iter()
            .take_while(|meta| {
                total += u64::from(meta.num_docs());
                total <= u64::from(self.max_docs)
            })
            .map(SegmentMeta::id)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(sizes: &[u32]) -> Vec<SegmentMeta> {
        let index = tantivy::Index::create_in_ram(tantivy::schema::Schema::builder().build());
        sizes
            .iter()
            .map(|&n| index.new_segment_meta(SegmentId::generate_random(), n))
            .collect()
    }

    fn merged_sizes(policy: &BoundedMerges, metas: &[SegmentMeta]) -> Vec<Vec<u32>> {
        policy
            .compute_merge_candidates(metas)
            .into_iter()
            .map(|c| {
                let mut sizes: Vec<u32> =
                    c.0.iter()
                        .map(|id| metas.iter().find(|m| m.id() == *id).unwrap().num_docs())
                        .collect();
                sizes.sort_unstable();
                sizes
            })
            .collect()
    }

    #[test]
    fn small_segments_merge_as_the_log_policy_merges_them() {
        let metas = segments(&[1_000; 8]);
        assert_eq!(
            merged_sizes(&BoundedMerges::new(100_000), &metas),
            vec![vec![1_000; 8]]
        );
        // Seven are not enough for the log policy.
        assert!(merged_sizes(&BoundedMerges::new(100_000), &metas[..7]).is_empty());
    }

    #[test]
    fn no_merge_produces_more_than_the_bound() {
        for sizes in [
            vec![30_000; 8],
            vec![45_000, 40_000, 30_000, 20_000, 20_000, 10_000, 5_000, 5_000],
            vec![49_000; 12],
        ] {
            let metas = segments(&sizes);
            for merge in merged_sizes(&BoundedMerges::new(100_000), &metas) {
                assert!(merge.len() >= 2, "{merge:?}");
                assert!(merge.iter().sum::<u32>() <= 100_000, "{merge:?}");
            }
        }
        // The smallest go first: three of eight 30k segments fit.
        let metas = segments(&[30_000; 8]);
        assert_eq!(
            merged_sizes(&BoundedMerges::new(100_000), &metas),
            vec![vec![30_000; 3]]
        );
    }

    #[test]
    fn segments_over_half_the_bound_are_left_alone() {
        let metas = segments(&[108_000; 8]);
        assert!(merged_sizes(&BoundedMerges::new(100_000), &metas).is_empty());
        let metas = segments(&[60_000; 8]);
        assert!(merged_sizes(&BoundedMerges::new(100_000), &metas).is_empty());
    }
}
