//! Hybrid search: the lexical ranking and the nearest passages by vector, fused one of two
//! ways ([`Fusion`]):
//! - by score, a convex combination (Bruch et al., 2023): each side's score scaled to 0–1 over
//!   the query's candidates (lexical by its best, cosines from the lowest to the highest), then
//!   `lexical + weight × semantic`;
//! - by rank, reciprocal rank fusion (Cormack et al., 2009): Σ weight / (k + rank) over the two
//!   lists a passage is in.

use serde::Serialize;

use crate::error::Error;

/// Which evidence ranks passages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SearchMode {
    /// Words only: the lexical ranking ([`super::Ranking`]).
    Lexical,
    /// Meaning only: the passages nearest the query by vector.
    Semantic,
    /// Both, fused by rank.
    Hybrid,
}

impl SearchMode {
    /// Every mode, hybrid first.
    pub const ALL: [SearchMode; 3] = [
        SearchMode::Hybrid,
        SearchMode::Lexical,
        SearchMode::Semantic,
    ];

    /// The name users write.
    pub fn as_str(self) -> &'static str {
        match self {
            SearchMode::Lexical => "lexical",
            SearchMode::Semantic => "semantic",
            SearchMode::Hybrid => "hybrid",
        }
    }

    /// Whether the mode needs vectors.
    pub fn uses_vectors(self) -> bool {
        self != SearchMode::Lexical
    }
}

impl std::str::FromStr for SearchMode {
    type Err = Error;

    fn from_str(s: &str) -> Result<SearchMode, Error> {
        SearchMode::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| {
                Error::InvalidArgument(format!(
                    "unknown search mode {s:?}: expected hybrid, lexical or semantic"
                ))
            })
    }
}

/// How hybrid search fuses the two sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Fusion {
    /// Scores scaled to 0–1 over the candidates, summed with a weight ([`convex`]).
    Score,
    /// Reciprocal ranks, summed with a weight ([`fused`]).
    Rank,
}

/// A passage's place on one side of a hybrid search.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Side {
    /// Its rank on that side, from 1.
    pub rank: u32,
    /// Its score there: the lexical score, or the cosine with the query.
    pub score: f32,
}

/// The fused score of a passage from its places on the two sides (`None`: not ranked there):
/// `1 / (k + lexical rank) + semantic weight / (k + semantic rank)`.
pub fn fused(lexical: Option<Side>, semantic: Option<Side>, k: f32, semantic_weight: f32) -> f32 {
    let part = |side: Option<Side>| side.map_or(0.0, |s| 1.0 / (k + s.rank as f32));
    part(lexical) + semantic_weight * part(semantic)
}

/// The fused score of a passage from its lexical score scaled by the best candidate's
/// (`lexical`, 0 to 1) and its cosine scaled from the lowest candidate's to the highest's
/// (`semantic`, 0 to 1): `lexical + semantic weight × semantic`.
pub fn convex(lexical: f32, semantic: f32, semantic_weight: f32) -> f32 {
    lexical + semantic_weight * semantic
}

/// `x` scaled from `low`–`high` to 0–1 (0 when the range is empty).
pub fn scaled(x: f32, low: f32, high: f32) -> f32 {
    if high > low {
        ((x - low) / (high - low)).clamp(0.0, 1.0)
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(rank: u32) -> Option<Side> {
        Some(Side { rank, score: 0.0 })
    }

    #[test]
    fn fusion_rewards_agreement_and_weighs_the_sides() {
        let k = 60.0;
        // Second on both sides beats first on one side only.
        assert!(fused(at(2), at(2), k, 1.0) > fused(at(1), None, k, 1.0));
        assert!(fused(at(2), at(2), k, 1.0) > fused(None, at(1), k, 1.0));
        // The weight tips a tie between the sides.
        assert!(fused(None, at(1), k, 2.0) > fused(at(1), None, k, 2.0));
        assert!(fused(None, at(1), k, 0.5) < fused(at(1), None, k, 0.5));
        // Unranked everywhere: nothing.
        assert_eq!(fused(None, None, k, 1.0), 0.0);
    }

    #[test]
    fn scores_are_scaled_to_their_range_before_they_are_mixed() {
        assert_eq!(scaled(0.5, 0.0, 1.0), 0.5);
        assert!((scaled(0.3, 0.2, 0.4) - 0.5).abs() < 1e-6);
        assert_eq!(scaled(7.0, 7.0, 7.0), 0.0);
        assert_eq!(scaled(-1.0, 0.0, 1.0), 0.0);
        // The lexical best with a middling cosine against a weaker lexical match with the best
        // cosine: the weight decides.
        let (best_lexical, best_semantic) = ((1.0, 0.5), (0.6, 1.0));
        let with = |w: f32, (l, s): (f32, f32)| convex(l, s, w);
        assert!(with(0.5, best_lexical) > with(0.5, best_semantic));
        assert!(with(1.0, best_lexical) < with(1.0, best_semantic));
    }

    #[test]
    fn modes_are_read_by_name() {
        for mode in SearchMode::ALL {
            assert_eq!(mode.as_str().parse::<SearchMode>().unwrap(), mode);
        }
        let err = "dense".parse::<SearchMode>().unwrap_err().to_string();
        assert!(err.contains("dense") && err.contains("hybrid"), "{err}");
    }
}
