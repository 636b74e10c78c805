//! Ranking passages. tantivy's BM25 picks the candidates (every passage matching all the
//! query's terms, and the best matching some); each candidate is then scored again from its
//! postings, which give what tantivy's scorer does not weigh:
//!
//! - BM25 with passage-suited parameters (tantivy fixes k1 = 1.2 and b = 0.75);
//! - the headline as a separate, weighted field;
//! - exact-form matches ("meeting" for "meeting") above stem-only ones ("meets");
//! - proximity: query terms close together, in the query's order (BM25TP-style pair scores);
//! - coverage: the IDF-weighted share of query terms the passage holds;
//! - a boost when a person named in the query speaks in the passage;
//! - a boost when the passage holds the kind of answer a question asks for
//!   ([`crate::cues::Cue`]).
//!
//! [`Ranking`] holds the weights; its defaults are the ones `lede eval` measured best.

use std::collections::{BTreeMap, HashSet};

use rustc_hash::FxHashMap;
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, DocSet, Searcher, Term, TERMINATED};

use super::exact::{holds, ExactFreq};
use super::plan::{Mode, Plan, VARIANT_WEIGHT};
use super::Occur;
use crate::error::Result;
use crate::schema::Fields;

/// Weights of the ranking. [`Ranking::default`] holds the values `lede eval` chose.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Ranking {
    /// BM25 term-frequency saturation.
    pub k1: f32,
    /// BM25 length normalisation (0: none, 1: full).
    pub b: f32,
    /// Weight of headline matches against passage-text matches.
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
    /// scores: a passage of an article about the query ranks above a stray mention. With a
    /// plain bag of words, the first passages of the best articles are candidates too.
    pub article: f32,
}

impl Default for Ranking {
    fn default() -> Ranking {
        // Chosen by `examples/tune_ranking.rs` (coordinate ascent on nDCG@10 over the TIME,
        // Cranfield and CISI baselines); the speaker and cue boosts do not move those figures
        // (their queries are no questions) and are set for questions.
        Ranking {
            k1: 2.0,
            b: 0.6,
            title: 1.5,
            exact: 0.15,
            proximity: 0.0,
            coverage: 0.0,
            all_terms_first: false,
            speaker: 0.3,
            cue: 0.3,
            article: 4.0,
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
    /// The final score.
    pub score: f32,
}

/// A ranked passage.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// Where it is in the index.
    pub address: DocAddress,
    /// Its article (a hash of its key: see [`crate::schema::Fields::article_id`]).
    pub article: u64,
    /// How it was scored.
    pub parts: ScoreParts,
}

/// A query term as the ranking weighs it.
struct RankTerm {
    /// Stem and irregular other forms in the stemmed text and headline, with their weights.
    stems: Vec<(String, f32)>,
    /// The exact form.
    exact: String,
    idf: f32,
}

/// The person keys of the query's words that name a speaker in the index.
pub(crate) fn named_speakers(searcher: &Searcher, fields: &Fields, plan: &Plan) -> Vec<String> {
    let mut keys = Vec::new();
    for term in plan.bag.iter().chain(&plan.required) {
        let t = Term::from_field_text(fields.speaker_keys, &term.exact);
        if searcher.doc_freq(&t).unwrap_or(0) > 0 && !keys.contains(&term.exact) {
            keys.push(term.exact.clone());
        }
    }
    keys
}

/// BM25's inverse document frequency of a term in `df` of `docs` documents.
fn idf(docs: f32, df: f32) -> f32 {
    (1.0 + (docs - df + 0.5) / (df + 0.5)).ln().max(0.0)
}

impl Ranking {
    /// BM25's saturated, length-normalised term frequency.
    fn saturate(&self, tf: f32, len: f32, mean: f32) -> f32 {
        if tf <= 0.0 {
            0.0
        } else {
            tf * (self.k1 + 1.0) / (tf + self.k1 * (1.0 - self.b + self.b * len / mean))
        }
    }
}

/// The plan's terms the ranking weighs (bag, required, required phrases), each stem once; their
/// IDF is left for the caller to set.
fn plan_terms(plan: &Plan) -> Vec<RankTerm> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    let mut push = |exact: &str, stem: &str, variants: &[String]| {
        if !seen.insert(stem.to_string()) {
            return;
        }
        let mut stems = vec![(stem.to_string(), 1.0)];
        stems.extend(variants.iter().map(|v| (v.clone(), VARIANT_WEIGHT)));
        out.push(RankTerm {
            stems,
            exact: exact.to_string(),
            idf: 0.0,
        });
    };
    for t in plan.bag.iter().chain(&plan.required) {
        push(&t.exact, &t.stem, &t.variants);
    }
    for p in plan.phrases.iter().filter(|p| p.occur == Occur::Must) {
        for (exact, stem) in p.terms.iter().zip(&p.stems) {
            push(exact, stem, &[]);
        }
    }
    out
}

/// Article-level BM25 of the plan's terms: each article, headline and text, as one document.
/// An article's term frequencies are summed from the postings of its passages that hold the
/// term (the headline, which every passage carries, counted once); its length is the
/// `article_terms` fast field. Returns the score of every article holding a query term, and the
/// first passages of the best `depth` articles.
fn article_scores(
    searcher: &Searcher,
    fields: &Fields,
    index: &ArticleIndex,
    plan: &Plan,
    r: &Ranking,
    depth: usize,
) -> Result<(ArticleScores, Vec<DocAddress>)> {
    let mut seen = HashSet::new();
    let stems: Vec<(String, f32)> = plan_terms(plan)
        .into_iter()
        .flat_map(|t| t.stems)
        .filter(|(s, _)| seen.insert(s.clone()))
        .collect();
    if stems.is_empty() {
        return Ok((ArticleScores::default(), Vec::new()));
    }
    let n = stems.len();
    let mut tally = ArticleTally::default();
    // Articles holding each stem.
    let mut dfs = vec![0u32; n];
    for segment in searcher.segment_readers() {
        let (ids, lengths) = article_columns(segment)?;
        let alive = segment.alive_bitset();
        for (i, (stem, _)) in stems.iter().enumerate() {
            for (field, headline) in [(fields.text, false), (fields.title, true)] {
                let term = Term::from_field_text(field, stem);
                let Some(mut postings) = postings(segment, &term, IndexRecordOption::WithFreqs)?
                else {
                    continue;
                };
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    if alive.is_none_or(|a| a.is_alive(doc)) {
                        let row = tally.row(ids.get_val(doc), n, || lengths.get_val(doc));
                        let cell = row * n + i;
                        if tally.text[cell] == 0 && tally.headline[cell] == 0 {
                            dfs[i] += 1;
                        }
                        if !headline {
                            tally.text[cell] += postings.term_freq();
                        } else if tally.headline[cell] == 0 {
                            tally.headline[cell] = postings.term_freq();
                        }
                    }
                    doc = postings.advance();
                }
            }
        }
    }
    let (articles, mean) = (index.articles, index.mean_terms);
    let idfs: Vec<f32> = stems
        .iter()
        .zip(&dfs)
        .map(|((_, w), &df)| w * idf(articles, df as f32))
        .collect();
    let scores: Vec<f32> = (0..tally.ids.len())
        .map(|row| {
            let length = tally.lengths[row] as f32;
            idfs.iter()
                .enumerate()
                .map(|(i, idf)| {
                    let cell = row * n + i;
                    let tf = (tally.text[cell] + tally.headline[cell]) as f32;
                    idf * r.saturate(tf, length, mean)
                })
                .sum()
        })
        .collect();
    let mut best: Vec<(f32, u64, DocAddress)> = tally
        .ids
        .iter()
        .zip(&scores)
        .filter_map(|(id, &score)| Some((score, *id, *index.firsts.get(id)?)))
        .collect();
    // Ties go by article id, which the article's key fixes, not by where indexing threads
    // happened to put its passages.
    let better = |a: &(f32, u64, DocAddress), b: &(f32, u64, DocAddress)| {
        b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
    };
    if best.len() > depth && depth > 0 {
        best.select_nth_unstable_by(depth - 1, better);
    }
    best.truncate(depth);
    let mut leads: Vec<DocAddress> = best.into_iter().map(|(_, _, a)| a).collect();
    leads.sort_unstable();
    Ok((
        ArticleScores {
            rows: tally.rows,
            scores,
        },
        leads,
    ))
}

/// Article-level scores of the articles holding a query term.
#[derive(Debug, Default)]
struct ArticleScores {
    /// Row of each article id.
    rows: FxHashMap<u64, u32>,
    /// Score by row.
    scores: Vec<f32>,
}

impl ArticleScores {
    /// The score of the article with this id; 0 when it holds no query term.
    fn get(&self, id: u64) -> f32 {
        self.rows
            .get(&id)
            .map_or(0.0, |&row| self.scores[row as usize])
    }
}

/// The query stems' frequencies in each article holding one, summed from its passages: a row
/// per article, a column per stem.
#[derive(Default)]
struct ArticleTally {
    rows: FxHashMap<u64, u32>,
    ids: Vec<u64>,
    lengths: Vec<u64>,
    /// Frequency in the article's passages, by row and stem.
    text: Vec<u32>,
    /// Frequency in the headline (which every passage carries: read once), by row and stem.
    headline: Vec<u32>,
}

impl ArticleTally {
    /// The row of article `id`, added with `stems` columns and its length when new.
    fn row(&mut self, id: u64, stems: usize, length: impl FnOnce() -> u64) -> usize {
        let next = self.ids.len() as u32;
        let row = *self.rows.entry(id).or_insert(next);
        if row == next {
            self.ids.push(id);
            self.lengths.push(length());
            self.text.resize(self.text.len() + stems, 0);
            self.headline.resize(self.headline.len() + stems, 0);
        }
        row as usize
    }
}

/// What article-level BM25 needs of the whole index, read once per commit: how many articles
/// there are, their mean length in terms, and each one's first passage.
#[derive(Debug, Default)]
pub(crate) struct ArticleIndex {
    articles: f32,
    mean_terms: f32,
    firsts: FxHashMap<u64, DocAddress>,
}

impl ArticleIndex {
    /// Reads it from the first passages (every article has one) of `searcher`'s segments.
    pub(crate) fn read(searcher: &Searcher, fields: &Fields) -> Result<ArticleIndex> {
        let (mut articles, mut terms) = (0u64, 0u64);
        let mut firsts = FxHashMap::default();
        let first = Term::from_field_u64(fields.passage, 0);
        for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
            let (ids, lengths) = article_columns(segment)?;
            let alive = segment.alive_bitset();
            let Some(mut firsts_here) = postings(segment, &first, IndexRecordOption::Basic)? else {
                continue;
            };
            let mut doc = firsts_here.doc();
            while doc != TERMINATED {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    articles += 1;
                    terms += lengths.get_val(doc);
                    firsts.insert(ids.get_val(doc), DocAddress::new(segment_ord as u32, doc));
                }
                doc = firsts_here.advance();
            }
        }
        let count = articles.max(1) as f32;
        Ok(ArticleIndex {
            articles: count,
            mean_terms: (terms as f32 / count).max(1.0),
            firsts,
        })
    }
}

/// Mean length, in tokens, of `field` over the index.
fn mean_length(searcher: &Searcher, field: tantivy::schema::Field) -> f32 {
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

/// The postings of `term` in `segment`, if it holds the term.
fn postings(
    segment: &tantivy::SegmentReader,
    term: &Term,
    option: IndexRecordOption,
) -> Result<Option<SegmentPostings>> {
    Ok(segment
        .inverted_index(term.field())?
        .read_postings(term, option)
        .map_err(tantivy::TantivyError::from)?)
}

/// A segment's values of one u64 fast field, by document.
type U64Column = std::sync::Arc<dyn tantivy::columnar::ColumnValues<u64>>;

/// A segment's article id and article length columns.
fn article_columns(segment: &tantivy::SegmentReader) -> Result<(U64Column, U64Column)> {
    let fast = segment.fast_fields();
    Ok((
        fast.u64(crate::schema::ARTICLE_ID_FIELD)?
            .first_or_default_col(0),
        fast.u64(crate::schema::ARTICLE_TERMS_FIELD)?
            .first_or_default_col(0),
    ))
}

/// Postings of one term in one segment, moved forward doc by doc.
struct Cursor(Option<SegmentPostings>);

impl Cursor {
    fn open(
        segment: &tantivy::SegmentReader,
        field: tantivy::schema::Field,
        text: &str,
        option: IndexRecordOption,
    ) -> Result<Cursor> {
        Ok(Cursor(postings(
            segment,
            &Term::from_field_text(field, text),
            option,
        )?))
    }

    /// The postings, if they hold `doc` (docs must come in increasing order).
    fn at(&mut self, doc: DocId) -> Option<&mut SegmentPostings> {
        let postings = self.0.as_mut()?;
        holds(postings, doc).then_some(postings)
    }
}

/// Ranks up to `depth` passages for `plan`, best first.
pub(crate) fn rank(
    searcher: &Searcher,
    fields: &Fields,
    articles: &ArticleIndex,
    plan: &Plan,
    ranking: &Ranking,
    depth: usize,
) -> Result<Vec<Scored>> {
    let mut candidates: Vec<DocAddress> = searcher
        .search(
            &*plan.query(fields, Mode::Any),
            &TopDocs::with_limit(depth).order_by_score(),
        )?
        .into_iter()
        .map(|(_, a)| a)
        .collect();
    if plan.has_partial_matches() {
        let seen: HashSet<DocAddress> = candidates.iter().copied().collect();
        let all = searcher.search(
            &*plan.query(fields, Mode::All),
            &TopDocs::with_limit(depth).order_by_score(),
        )?;
        candidates.extend(
            all.into_iter()
                .map(|(_, a)| a)
                .filter(|a| !seen.contains(a)),
        );
    }
    let articles = if ranking.article > 0.0 {
        let (scores, leads) = article_scores(searcher, fields, articles, plan, ranking, depth)?;
        if plan.is_plain_bag() {
            let seen: HashSet<DocAddress> = candidates.iter().copied().collect();
            candidates.extend(leads.into_iter().filter(|a| !seen.contains(a)));
        }
        scores
    } else {
        ArticleScores::default()
    };
    let mut scored = score(searcher, fields, plan, ranking, &candidates)?;
    if ranking.article > 0.0 {
        for s in &mut scored {
            s.parts.article = articles.get(s.article);
            s.parts.score += ranking.article * s.parts.article;
        }
    }
    scored.sort_by(|a, b| {
        let key = |s: &Scored| (ranking.all_terms_first && s.parts.all_terms, s.parts.score);
        let (ka, kb) = (key(a), key(b));
        // Ties go by article id (fixed by the article's key, where addresses depend on how
        // indexing threads shared the documents out), then by address.
        kb.0.cmp(&ka.0)
            .then(kb.1.total_cmp(&ka.1))
            .then(a.article.cmp(&b.article))
            .then(a.address.cmp(&b.address))
    });
    scored.truncate(depth);
    Ok(scored)
}

/// Scores `candidates` from their postings.
fn score(
    searcher: &Searcher,
    fields: &Fields,
    plan: &Plan,
    r: &Ranking,
    candidates: &[DocAddress],
) -> Result<Vec<Scored>> {
    let docs = searcher.num_docs() as f32;
    let mut terms = plan_terms(plan);
    for t in &mut terms {
        let df = searcher.doc_freq(&Term::from_field_text(fields.text, &t.stems[0].0))?;
        t.idf = idf(docs, df as f32);
    }
    let speakers = named_speakers(searcher, fields, plan);
    let total_idf: f32 = terms.iter().map(|t| t.idf).sum();
    let (text_mean, title_mean) = (
        mean_length(searcher, fields.text),
        mean_length(searcher, fields.title),
    );
    let bm25 = |tf: f32, len: f32, mean: f32| r.saturate(tf, len, mean);
    let mut by_segment: BTreeMap<u32, Vec<DocId>> = BTreeMap::new();
    for a in candidates {
        by_segment.entry(a.segment_ord).or_default().push(a.doc_id);
    }
    let positions = IndexRecordOption::WithFreqsAndPositions;
    let mut out = Vec::with_capacity(candidates.len());
    let mut buffer = Vec::new();
    for (segment_ord, mut docs) in by_segment {
        docs.sort_unstable();
        docs.dedup();
        let segment = searcher.segment_reader(segment_ord);
        let ids = segment
            .fast_fields()
            .u64(crate::schema::ARTICLE_ID_FIELD)?
            .first_or_default_col(0);
        let text_norms = segment.get_fieldnorms_reader(fields.text)?;
        let title_norms = segment.get_fieldnorms_reader(fields.title)?;
        let mut cursors = Vec::with_capacity(terms.len());
        for t in &terms {
            let mut text = Vec::new();
            let mut title = Vec::new();
            for (stem, w) in &t.stems {
                text.push((Cursor::open(segment, fields.text, stem, positions)?, *w));
                title.push((
                    Cursor::open(segment, fields.title, stem, IndexRecordOption::WithFreqs)?,
                    *w,
                ));
            }
            let exact = ExactFreq::open(segment, fields.text_forms, &t.exact, &t.stems[0].0)?;
            cursors.push((text, title, exact));
        }
        let mut speaker_cursors = speakers
            .iter()
            .map(|k| Cursor::open(segment, fields.speaker_keys, k, IndexRecordOption::Basic))
            .collect::<Result<Vec<_>>>()?;
        let mut cue_cursor = match plan.question {
            Some(cue) => Some(Cursor::open(
                segment,
                fields.cues,
                cue.as_str(),
                IndexRecordOption::Basic,
            )?),
            None => None,
        };
        for doc in docs {
            let len = text_norms.fieldnorm(doc) as f32;
            let title_len = title_norms.fieldnorm(doc) as f32;
            let mut parts = ScoreParts::default();
            let mut matched_idf = 0.0;
            // (position, term) of every occurrence in the text, for proximity.
            let mut occurrences: Vec<(u32, usize)> = Vec::new();
            for (i, (t, (text, title, exact))) in terms.iter().zip(&mut cursors).enumerate() {
                let mut tf = 0.0;
                let mut stem_tf = 0;
                for (j, (cursor, w)) in text.iter_mut().enumerate() {
                    if let Some(p) = cursor.at(doc) {
                        if j == 0 {
                            stem_tf = p.term_freq(); // the word's own stem, not a variant's
                        }
                        tf += *w * p.term_freq() as f32;
                        buffer.clear();
                        p.positions(&mut buffer);
                        occurrences.extend(buffer.iter().map(|&pos| (pos, i)));
                    }
                }
                let mut title_tf = 0.0;
                for (cursor, w) in title.iter_mut() {
                    if let Some(p) = cursor.at(doc) {
                        title_tf += *w * p.term_freq() as f32;
                    }
                }
                let exact_tf = exact.freq(doc, stem_tf) as f32;
                if tf > 0.0 || title_tf > 0.0 {
                    matched_idf += t.idf;
                }
                parts.text += t.idf * bm25(tf, len, text_mean);
                parts.title += t.idf * bm25(title_tf, title_len, title_mean);
                parts.exact += t.idf * bm25(exact_tf, len, text_mean);
            }
            parts.proximity = proximity(&mut occurrences, &terms, r.k1);
            parts.coverage = if total_idf > 0.0 {
                matched_idf / total_idf
            } else {
                1.0
            };
            parts.all_terms = matched_idf >= total_idf * 0.9999;
            parts.speakers = speaker_cursors.iter_mut().filter_map(|c| c.at(doc)).count() as u32;
            parts.cue = cue_cursor.as_mut().is_some_and(|c| c.at(doc).is_some());
            let mut score = parts.text
                + r.title * parts.title
                + r.exact * parts.exact
                + r.proximity * parts.proximity;
            score *= parts.coverage.powf(r.coverage);
            if parts.speakers > 0 {
                score *= 1.0 + r.speaker;
            }
            if parts.cue {
                score *= 1.0 + r.cue;
            }
            parts.score = score;
            out.push(Scored {
                address: DocAddress::new(segment_ord, doc),
                article: ids.get_val(doc),
                parts,
            });
        }
    }
    Ok(out)
}

/// Largest gap, in positions, at which two query terms still count as close.
const PROXIMITY_WINDOW: u32 = 5;

/// BM25TP-style proximity: for each pair of different query terms whose occurrences follow
/// each other within [`PROXIMITY_WINDOW`], 1 / gap² (halved when out of the query's order),
/// saturated like a term frequency and weighted by the rarer term's IDF.
fn proximity(occurrences: &mut [(u32, usize)], terms: &[RankTerm], k1: f32) -> f32 {
    if terms.len() < 2 || occurrences.len() < 2 {
        return 0.0;
    }
    occurrences.sort_unstable();
    let mut pairs: BTreeMap<(usize, usize), f32> = BTreeMap::new();
    for w in occurrences.windows(2) {
        let ((p, a), (q, b)) = (w[0], w[1]);
        let gap = q - p;
        if a == b || gap == 0 || gap > PROXIMITY_WINDOW {
            continue;
        }
        let order = if a < b { 1.0 } else { 0.5 };
        *pairs.entry((a.min(b), a.max(b))).or_default() += order / (gap * gap) as f32;
    }
    pairs.into_iter().fold(0.0, |sum, ((a, b), acc)| {
        sum + terms[a].idf.min(terms[b].idf) * acc * (k1 + 1.0) / (acc + k1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(n: usize) -> Vec<RankTerm> {
        (0..n)
            .map(|i| RankTerm {
                stems: vec![(format!("t{i}"), 1.0)],
                exact: format!("t{i}"),
                idf: 1.0,
            })
            .collect()
    }

    #[test]
    fn proximity_rewards_close_terms_in_query_order() {
        let t = terms(2);
        let adjacent = proximity(&mut [(3, 0), (4, 1)], &t, 1.2);
        let reversed = proximity(&mut [(3, 1), (4, 0)], &t, 1.2);
        let apart = proximity(&mut [(3, 0), (6, 1)], &t, 1.2);
        let far = proximity(&mut [(3, 0), (30, 1)], &t, 1.2);
        assert!(
            adjacent > reversed && reversed > 0.0,
            "{adjacent} {reversed}"
        );
        assert!(adjacent > apart && apart > 0.0);
        assert_eq!(far, 0.0);
        assert_eq!(
            proximity(&mut [(3, 0), (4, 0)], &t, 1.2),
            0.0,
            "one term alone"
        );
    }

    #[test]
    fn article_scores_are_bm25_of_whole_articles_with_the_headline_once() {
        use crate::analysis::{stemmed, term_count, terms};
        use crate::indexer::{article_id, article_key};
        use crate::ingest::Origin;
        use crate::{Article, Engine};
        let e = Engine::in_memory().unwrap();
        let long = "Tariff talks resumed in Geneva on Monday after a week of delays.\n\n\
                    Officials said the new tariffs would hit steel first.\n\n\
                    Markets barely moved on the tariff news, traders said.";
        e.index_articles([
            Article::new("long", long).with_title("Tariff row deepens"),
            Article::new("short", "Steel prices rose.").with_title("Steel prices"),
            Article::new("other", "Grain harvests fell.").with_title("Grain"),
        ])
        .unwrap();
        // Indexed again: the first copies are deleted and must not count.
        e.index_articles([Article::new("long", long).with_title("Tariff row deepens")])
            .unwrap();
        let searcher = e.searcher();
        let index = ArticleIndex::read(&searcher, e.fields()).unwrap();
        let plan = Plan::new("tariff steel", Default::default()).unwrap();
        let r = Ranking::default();
        let (scores, leads) = article_scores(&searcher, e.fields(), &index, &plan, &r, 10).unwrap();
        // Each article's text, headline once, its length and the query stems' frequencies.
        let articles: Vec<(String, u64)> = ["long", "short", "other"]
            .iter()
            .map(|id| {
                let a = &e.article(id).unwrap()[0];
                let mut whole = a.title.clone();
                let mut length = term_count(&a.title);
                for p in &a.passages {
                    whole.push_str("\n\n");
                    whole.push_str(&p.text);
                    length += term_count(&p.text);
                }
                (whole, length as u64)
            })
            .collect();
        assert_eq!(index.articles, 3.0);
        let mean = articles.iter().map(|a| a.1).sum::<u64>() as f32 / 3.0;
        assert_eq!(index.mean_terms, mean);
        let tf = |text: &str, stem: &str| {
            terms(&mut stemmed(), text)
                .iter()
                .filter(|t| t.0 == stem)
                .count() as f32
        };
        for (i, (whole, length)) in articles.iter().enumerate() {
            let mut expected = 0.0;
            for stem in ["tariff", "steel"] {
                let df = articles.iter().filter(|a| tf(&a.0, stem) > 0.0).count() as f32;
                expected += idf(3.0, df) * r.saturate(tf(whole, stem), *length as f32, mean);
            }
            let key = article_key(&Origin::Memory, ["long", "short", "other"][i]);
            let id = article_id(&key);
            assert!(
                (scores.get(id) - expected).abs() < 1e-4,
                "{i}: {} {expected}",
                scores.get(id)
            );
        }
        assert_eq!(scores.get(0), 0.0);
        // The two articles holding a query term lead with their first passages.
        assert_eq!(leads.len(), 2);
    }

    #[test]
    fn passages_where_a_named_person_speaks_rank_up() {
        use crate::{Article, Engine, SearchRequest};
        let e = Engine::in_memory().unwrap();
        e.index_articles([
            Article::new("mention", "Talks on trade resumed, Lavrov's critics noted."),
            Article::new(
                "speaks",
                "\"Talks on trade are pointless,\" Sergei Lavrov said.",
            ),
        ])
        .unwrap();
        let top = |r: Ranking| {
            e.search(&SearchRequest::new("Lavrov talks trade").ranking(r))
                .unwrap()[0]
                .doc_id
                .clone()
        };
        let boosted = Ranking {
            speaker: 1.0,
            ..Ranking::default()
        };
        assert_eq!(top(boosted), "speaks");
        let hits = e
            .search(&SearchRequest::new("Lavrov talks trade").explain(true))
            .unwrap();
        let speaks = hits.iter().find(|h| h.doc_id == "speaks").unwrap();
        assert_eq!(speaks.explain.unwrap().speakers, 1);
        let mention = hits.iter().find(|h| h.doc_id == "mention").unwrap();
        assert_eq!(mention.explain.unwrap().speakers, 0);
    }

    #[test]
    fn tied_passages_keep_their_order_whatever_order_they_were_indexed_in() {
        use crate::{Article, Engine, SearchRequest};
        let order = |ids: [&str; 4]| {
            let e = Engine::in_memory().unwrap();
            e.index_articles(
                ids.map(|id| Article::new(id, "Ministers met in Moscow to talk about grain.")),
            )
            .unwrap();
            let request = SearchRequest::new("ministers grain Moscow").group(false);
            let hits = e.search(&request).unwrap();
            assert_eq!(hits.len(), 4);
            assert!(hits.iter().all(|h| h.score == hits[0].score));
            hits.into_iter().map(|h| h.doc_id).collect::<Vec<_>>()
        };
        assert_eq!(order(["a", "b", "c", "d"]), order(["d", "c", "b", "a"]));
    }
}
