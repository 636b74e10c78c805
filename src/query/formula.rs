//! The ranking formula: [`Ranking`], its weights, and [`ScoreParts`], what a passage's score
//! is made of and how the parts combine ([`ScoreParts::own`], [`ScoreParts::combined`]); the
//! parts are what `--explain` shows. [`super::rank`] computes the parts from the postings, then
//! orders and spreads.

use serde::Serialize;

use super::fusion::Fusion;

/// Weights of the ranking. [`Ranking::default`] holds the values `lede eval` chose. Read from
/// JSON, missing keys take their default.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Ranking {
    /// BM25 term-frequency saturation.
    pub k1: f32,
    /// BM25 length normalisation (0: none, 1: full).
    pub b: f32,
    /// Weight of headline matches against passage-text matches, in each passage's score (the
    /// headline always counts once in its article's BM25).
    pub title: f32,
    /// Weight of exact-form matches, added to the stemmed match.
    pub exact: f32,
    /// Weight of the proximity of query terms.
    pub proximity: f32,
    /// Exponent of the coverage factor (0: coverage is ignored).
    pub coverage: f32,
    /// Passages holding every query term first, whatever their score.
    pub all_terms_first: bool,
    /// Boost when a person named in the query speaks in the passage.
    pub speaker: f32,
    /// Boost when the passage holds the kind of answer the question asks for.
    pub cue: f32,
    /// Weight of the article's own BM25 (its whole text and headline) in each of its passages'
    /// scores: a passage of an article about the query ranks above a stray mention.
    pub article: f32,
    /// BM25 term-frequency saturation of the article-level BM25.
    pub article_k1: f32,
    /// BM25 length normalisation of the article-level BM25.
    pub article_b: f32,
    /// A query word written with a capital matches only as written (`Bonne`, not `Bonn`),
    /// where the index holds it so.
    pub names: bool,
    /// An article's passages go in the order of their local evidence
    /// ([`ScoreParts::local`]), not of their scores, and take the article's scores in that
    /// order; how high an article's best passage ranks does not change.
    pub local: bool,
    /// Weight of a passage's place in its article, in ordering the article's passages: news
    /// states its facts first, so the order's key is multiplied by 1 + lead / (1 + position).
    pub lead: f32,
    /// Factor on a passage's score for each passage of its article ranked above it beyond the
    /// first [`super::ARTICLE_PASSAGES`] − 1: results go to other articles before an article's
    /// further passages (1: no such factor).
    pub repeat: f32,
    /// Hybrid search: how the two sides are fused.
    pub fusion: Fusion,
    /// Hybrid search: the rank constant k of reciprocal rank fusion ([`super::fusion::fused`]).
    pub fusion_k: f32,
    /// Hybrid search: the weight of the semantic side against the lexical side's 1.
    pub semantic: f32,
}

impl Default for Ranking {
    fn default() -> Ranking {
        // Chosen by `examples/tune_ranking.rs`: passage QA in a news archive (NewsQA's questions
        // with BBC, BuzzFeed and Reuters beside its stories), with TIME, Cranfield and CISI
        // kept at or above their baselines.
        Ranking {
            k1: 0.8,
            b: 0.75,
            title: 0.0,
            exact: 0.6,
            proximity: 1.0,
            coverage: 1.0,
            all_terms_first: false,
            speaker: 0.15,
            cue: 0.6,
            article: 1.0,
            article_k1: 0.5,
            article_b: 0.45,
            names: true,
            local: true,
            lead: 0.5,
            repeat: 0.25,
            fusion: Fusion::Score,
            fusion_k: 60.0,
            semantic: 1.0,
        }
    }
}

impl Ranking {
    /// Plain BM25 over text and headline as tantivy scores it: k1 1.2, b 0.75, nothing else.
    pub fn bm25() -> Ranking {
        Ranking {
            k1: 1.2,
            b: 0.75,
            title: 1.0,
            exact: 0.0,
            proximity: 0.0,
            coverage: 0.0,
            all_terms_first: false,
            speaker: 0.0,
            cue: 0.0,
            article: 0.0,
            article_k1: 1.2,
            article_b: 0.75,
            names: false,
            local: false,
            lead: 0.0,
            repeat: 1.0,
            fusion: Fusion::Score,
            fusion_k: 60.0,
            semantic: 1.0,
        }
    }
}

/// How a passage's score was made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct ScoreParts {
    /// BM25 of the stemmed passage text.
    pub text: f32,
    /// BM25 of the headline (before its weight).
    pub title: f32,
    /// BM25 of exact-form matches (before its weight).
    pub exact: f32,
    /// Proximity of query terms (before its weight).
    pub proximity: f32,
    /// IDF-weighted share of the query terms found, 0 to 1.
    pub coverage: f32,
    /// Whether every query term is found.
    pub all_terms: bool,
    /// How many people named in the query speak in the passage.
    pub speakers: u32,
    /// Whether the passage holds the kind of answer the question asks for.
    pub cue: bool,
    /// BM25 of the whole article (before its weight).
    pub article: f32,
    /// The passage's own evidence among its article's passages: for each query term it holds,
    /// the term's IDF times ln(1 + the article's passages / those holding the term).
    pub local: f32,
    /// The factor of the passage's place in its article, which orders the article's passages
    /// (1: none).
    pub lead: f32,
    /// Passages of the same article ranked above this one.
    pub repeats: u32,
    /// The final score.
    pub score: f32,
}

impl ScoreParts {
    /// The passage's own score: its text's BM25 with the headline's and exact forms', plus
    /// proximity, times coverage to the power `r.coverage`, boosted when a named speaker
    /// speaks and when it holds the kind of answer asked for.
    pub fn own(&self, r: &Ranking) -> f32 {
        let mut score =
            self.text + r.title * self.title + r.exact * self.exact + r.proximity * self.proximity;
        score *= self.coverage.powf(r.coverage);
        if self.speakers > 0 {
            score *= 1.0 + r.speaker;
        }
        if self.cue {
            score *= 1.0 + r.cue;
        }
        score
    }

    /// The score before the order within articles and the spread: [`ScoreParts::own`] plus
    /// `r.article` times the article's BM25.
    pub fn combined(&self, r: &Ranking) -> f32 {
        self.own(r) + r.article * self.article
    }
}
