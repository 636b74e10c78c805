//! Ranking passages, in three steps.
//!
//! 1. **Candidates.** For a plain bag of words, one sweep over the query terms' postings
//!    ([`sweep`]) weighs every passage holding one, by BM25 of its text plus the weighted BM25 of
//!    its whole article; the best are the candidates, with the first passages of the best
//!    articles. A query with required, excluded or quoted parts or filters takes the passages
//!    tantivy's BM25 finds best among those it admits.
//! 2. **Scores.** Each candidate is scored again from its postings, which give what tantivy's
//!    scorer does not weigh:
//!    - BM25 with passage-suited parameters (tantivy fixes k1 = 1.2 and b = 0.75);
//!    - exact-form matches ("meeting" for "meeting") above stem-only ones ("meets"), and a
//!      capitalised query word ([`super::BagTerm::name`]) only as written;
//!    - proximity: query terms close together, in the query's order (BM25TP-style pair
//!      scores), and coverage: the IDF-weighted share of query terms the passage holds;
//!    - a boost when a person named in the query speaks in the passage, and one when the
//!      passage holds the kind of answer a question asks for ([`crate::cues::Cue`]);
//!    - the article's BM25 (its text and headline as one document), so that a passage of an
//!      article about the query ranks above a stray mention.
//! 3. **Order.** Within each article, passages go by their local evidence (the query words
//!    that tell them apart from the article's other passages) and their place (news states
//!    its facts first), on the article's own scores; then an article's third and further
//!    passages wait behind other articles' ([`ARTICLE_PASSAGES`]).
//!
//! The formula, its weights and parts are in [`super::formula`].

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use tantivy::collector::TopDocs;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, Searcher, Term};

use super::article::{sweep, ArticleIndex};
use super::bm25::{idf, mean_length, saturate};
use super::exact::{holds, ExactFreq};
use super::formula::{Ranking, ScoreParts};
use super::fusion::{convex, fused, scaled, Fusion, SearchMode, Side};
use super::nearest::{Nearest, SemanticQuery};
use super::plan::{Mode, Plan};
use super::term::{plan_terms, RankTerm};
use crate::error::Result;
use crate::index::schema::Fields;

/// A ranked passage.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// Where it is in the index.
    pub address: DocAddress,
    /// Its article (a hash of its key: see [`crate::index::schema::Fields::article_id`]).
    pub article: u64,
    /// Its position in its article, from 0.
    pub passage: u32,
    /// How it was scored.
    pub parts: ScoreParts,
    /// Its place in the lexical ranking, in a hybrid search.
    pub lexical: Option<Side>,
    /// Its place among the passages nearest the query by vector, in a hybrid or semantic
    /// search.
    pub semantic: Option<Side>,
    /// Which query terms its text holds: bit `i` for the `i`-th (up to 64).
    held: u64,
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

/// Postings of one term in one segment, moved forward doc by doc.
struct Cursor(Option<SegmentPostings>);

impl Cursor {
    fn open(
        segment: &tantivy::SegmentReader,
        field: tantivy::schema::Field,
        text: &str,
        option: IndexRecordOption,
    ) -> Result<Cursor> {
        let term = Term::from_field_text(field, text);
        Ok(Cursor(
            segment
                .inverted_index(field)?
                .read_postings(&term, option)
                .map_err(tantivy::TantivyError::from)?,
        ))
    }

    /// The postings, if they hold `doc` (docs must come in increasing order).
    fn at(&mut self, doc: DocId) -> Option<&mut SegmentPostings> {
        let postings = self.0.as_mut()?;
        holds(postings, doc).then_some(postings)
    }
}

/// Ranks up to `depth` passages for `plan`, best first. The plan's names are read as
/// [`read_names`] gives them.
///
/// Candidates: for a plain bag of words, the best `depth` passages by BM25 of their text plus
/// the weighted BM25 of their article, every passage holding a query term weighed
/// ([`sweep`]), and the first passages of the best articles; for a query with required,
/// excluded or quoted parts or filters, the best `depth` passages tantivy's BM25 finds among
/// those it admits (and as many holding every word). Each candidate is then scored in full.
///
/// With a query vector (`semantic`), the passages nearest it that the plan's constraints
/// admit join the candidates, and the order is that of [`fused`] ranks (hybrid) or of cosines
/// alone (semantic); an article's further passages still wait.
pub(crate) fn rank(
    searcher: &Searcher,
    fields: &Fields,
    articles: &ArticleIndex,
    plan: &Plan,
    ranking: &Ranking,
    depth: usize,
    semantic: Option<&SemanticQuery>,
) -> Result<Vec<Scored>> {
    let mut terms = plan_terms(plan);
    let docs = searcher.num_docs() as f32;
    for t in &mut terms {
        t.idf = idf(docs, searcher.doc_freq(&t.idf_term(fields))? as f32);
    }
    let plain = plan.is_plain_bag();
    let swept = sweep(searcher, fields, articles, &terms, ranking, plain)?;
    let near = match semantic {
        Some(q) if q.mode.uses_vectors() => {
            let admitted = plan.constraints(fields);
            Some((
                Nearest::scan(searcher, q.vectors, q.vector, admitted.as_deref(), depth)?,
                q.mode,
            ))
        }
        _ => None,
    };
    let mut candidates = if near
        .as_ref()
        .is_some_and(|(_, m)| *m == SearchMode::Semantic)
    {
        Vec::new()
    } else if plain {
        swept.candidates(articles, ranking.article, depth)
    } else {
        let top = TopDocs::with_limit(depth).order_by_score();
        let mut found: Vec<DocAddress> = searcher
            .search(&*plan.query(fields, Mode::Any), &top)?
            .into_iter()
            .map(|(_, a)| a)
            .collect();
        if plan.has_partial_matches() {
            found.extend(
                searcher
                    .search(&*plan.query(fields, Mode::All), &top)?
                    .into_iter()
                    .map(|(_, a)| a),
            );
        }
        found.sort_unstable();
        found.dedup();
        found
    };
    if let Some((near, _)) = &near {
        candidates.extend(near.best.iter().map(|(a, _)| *a));
        candidates.sort_unstable();
        candidates.dedup();
    }
    let mut scored = score(
        searcher,
        fields,
        articles,
        plan,
        &terms,
        ranking,
        &candidates,
    )?;
    let idfs: Vec<f32> = terms.iter().map(|t| t.idf).collect();
    for s in &mut scored {
        s.parts.local = swept.local(articles, s.address, s.held, &idfs);
        s.parts.article = swept.article_of(articles, s.address);
        s.parts.score = s.parts.combined(ranking);
    }
    order_within_articles(&mut scored, ranking);
    sort(&mut scored, ranking);
    if let Some((near, mode)) = &near {
        fuse(&mut scored, near, *mode, ranking);
        sort(&mut scored, ranking);
    }
    if ranking.repeat < 1.0 {
        spread(&mut scored, ranking.repeat);
        sort(&mut scored, ranking);
    }
    scored.truncate(depth);
    Ok(scored)
}

/// The plan as `ranking` reads its names: only those the index holds as written, or none when
/// `ranking` leaves names out.
pub(crate) fn read_names(
    searcher: &Searcher,
    fields: &Fields,
    plan: &Plan,
    ranking: &Ranking,
) -> Plan {
    if ranking.names {
        plan.with_names_held(searcher, fields)
    } else {
        plan.without_names()
    }
}

/// Best first. Ties go by article id (fixed by the article's key, where addresses depend on
/// how indexing threads shared the documents out), then by position in the article.
fn sort(scored: &mut [Scored], ranking: &Ranking) {
    scored.sort_by(|a, b| {
        let key = |s: &Scored| (ranking.all_terms_first && s.parts.all_terms, s.parts.score);
        let (ka, kb) = (key(a), key(b));
        kb.0.cmp(&ka.0)
            .then(kb.1.total_cmp(&ka.1))
            .then(a.article.cmp(&b.article))
            .then(a.passage.cmp(&b.passage))
            .then(a.address.cmp(&b.address))
    });
}

/// Orders each article's passages by their local evidence (or with `!ranking.local` their own
/// scores, without the article's) times their [`ScoreParts::lead`] factors, and gives them the
/// article's scores, best first, in that order: the passage that best tells itself apart
/// within its article goes first, the lede before later ones, and the article ranks as high as
/// before.
fn order_within_articles(scored: &mut [Scored], ranking: &Ranking) {
    let mut articles: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
    for (i, s) in scored.iter().enumerate() {
        articles.entry(s.article).or_default().push(i);
    }
    for mut passages in articles.into_values().filter(|p| p.len() > 1) {
        let mut scores: Vec<f32> = passages.iter().map(|&i| scored[i].parts.score).collect();
        scores.sort_unstable_by(|a, b| b.total_cmp(a));
        let own = |s: &Scored| {
            if ranking.local {
                s.parts.local
            } else {
                // The passage's own score ([`ScoreParts::own`]), as combined.
                s.parts.score - ranking.article * s.parts.article
            }
        };
        let led = |s: &Scored| own(s) * s.parts.lead;
        passages.sort_unstable_by(|&a, &b| {
            led(&scored[b])
                .total_cmp(&led(&scored[a]))
                .then(scored[a].passage.cmp(&scored[b].passage))
        });
        for (i, score) in passages.into_iter().zip(scores) {
            scored[i].parts.score = score;
        }
    }
}

/// Gives each passage, `scored` in lexical order, its places on the two sides and the score of
/// `mode`: the sides fused as `ranking.fusion` says (hybrid) or its cosine (semantic). A
/// passage no query word reaches has no lexical place.
fn fuse(scored: &mut [Scored], near: &Nearest, mode: SearchMode, ranking: &Ranking) {
    let mut rank = 0;
    let (mut best_lexical, mut low, mut high) = (0.0f32, f32::MAX, f32::MIN);
    for s in scored.iter_mut() {
        let cosine = near.cosine(s.address);
        s.semantic = near.rank(s.address).map(|rank| Side {
            rank,
            score: cosine.unwrap_or_default(),
        });
        if let Some(c) = cosine {
            (low, high) = (low.min(c), high.max(c));
        }
        if mode == SearchMode::Hybrid && s.parts.score > 0.0 {
            rank += 1;
            best_lexical = best_lexical.max(s.parts.score);
            s.lexical = Some(Side {
                rank,
                score: s.parts.score,
            });
        }
    }
    for s in scored {
        let cosine = s
            .semantic
            .map(|side| side.score)
            .or_else(|| near.cosine(s.address));
        s.parts.score = match (mode, ranking.fusion) {
            (SearchMode::Semantic, _) => cosine.unwrap_or(-1.0),
            (_, Fusion::Rank) => fused(s.lexical, s.semantic, ranking.fusion_k, ranking.semantic),
            (_, Fusion::Score) => convex(
                s.lexical.map_or(0.0, |l| l.score / best_lexical),
                cosine.map_or(0.0, |c| scaled(c, low, high)),
                ranking.semantic,
            ),
        };
    }
}

/// Passages of one article that rank on their scores alone; each further one waits behind
/// other articles' passages, as web search shows at most two results of a site together.
pub const ARTICLE_PASSAGES: u32 = 2;

/// Multiplies the score of each passage, ranked best first, by `repeat` for every passage of
/// its article ranked above it beyond the first [`ARTICLE_PASSAGES`] − 1, so that other
/// articles' passages come before an article's third and further ones. An article's passages
/// keep their order.
fn spread(scored: &mut [Scored], repeat: f32) {
    let mut seen: FxHashMap<u64, u32> = FxHashMap::default();
    for s in scored {
        let above = seen.entry(s.article).or_default();
        s.parts.repeats = *above;
        let beyond = (*above + 1).saturating_sub(ARTICLE_PASSAGES);
        s.parts.score *= repeat.powi(beyond as i32);
        *above += 1;
    }
}

/// Scores `candidates` from their postings.
fn score(
    searcher: &Searcher,
    fields: &Fields,
    articles: &ArticleIndex,
    plan: &Plan,
    terms: &[RankTerm],
    r: &Ranking,
    candidates: &[DocAddress],
) -> Result<Vec<Scored>> {
    let speakers = named_speakers(searcher, fields, plan);
    let total_idf: f32 = terms.iter().map(|t| t.idf).sum();
    let text_mean = mean_length(searcher, fields.text);
    let title_mean = articles.headline_mean();
    let bm25 = |tf: f32, len: f32, mean: f32| saturate(tf, len, mean, r.k1, r.b);
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
            .u64(crate::index::schema::ARTICLE_ID_FIELD)?
            .first_or_default_col(0);
        let places = segment
            .fast_fields()
            .u64(crate::index::schema::PASSAGE_FIELD)?
            .first_or_default_col(0);
        let text_norms = segment.get_fieldnorms_reader(fields.text)?;
        let title_norms = segment.get_fieldnorms_reader(fields.title)?;
        let mut cursors = Vec::with_capacity(terms.len());
        for t in terms {
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
            let title_exact = if t.name {
                Some(ExactFreq::open(
                    segment,
                    fields.title_forms,
                    &t.exact,
                    &t.stems[0].0,
                )?)
            } else {
                None
            };
            cursors.push((text, title, exact, title_exact));
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
            let passage = places.get_val(doc) as u32;
            // The headline is its article's head's (see `crate::index`).
            let head = doc.saturating_sub(passage);
            let len = text_norms.fieldnorm(doc) as f32;
            let title_len = title_norms.fieldnorm(head) as f32;
            let mut parts = ScoreParts::default();
            let mut held = 0u64;
            let mut matched_idf = 0.0;
            // (position, term) of every occurrence in the text, for proximity.
            let mut occurrences: Vec<(u32, usize)> = Vec::new();
            for (i, (t, (text, title, exact, title_exact))) in
                terms.iter().zip(&mut cursors).enumerate()
            {
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
                let mut title_stem_tf = 0;
                for (cursor, w) in title.iter_mut() {
                    if let Some(p) = cursor.at(head) {
                        title_stem_tf = title_stem_tf.max(p.term_freq());
                        title_tf += *w * p.term_freq() as f32;
                    }
                }
                let exact_tf = exact.freq(doc, stem_tf) as f32;
                if let Some(title_exact) = title_exact {
                    // A name counts only as written (it has no irregular forms).
                    tf = exact_tf;
                    title_tf = title_exact.freq(head, title_stem_tf) as f32;
                    if tf == 0.0 {
                        occurrences.retain(|&(_, term)| term != i);
                    }
                }
                if tf > 0.0 && i < 64 {
                    held |= 1 << i;
                }
                if tf > 0.0 || title_tf > 0.0 {
                    matched_idf += t.idf;
                }
                parts.text += t.idf * bm25(tf, len, text_mean);
                parts.title += t.idf * bm25(title_tf, title_len, title_mean);
                parts.exact += t.idf * bm25(exact_tf, len, text_mean);
            }
            parts.proximity = proximity(&mut occurrences, terms, r.k1);
            parts.coverage = if total_idf > 0.0 {
                matched_idf / total_idf
            } else {
                1.0
            };
            parts.all_terms = matched_idf >= total_idf * 0.9999;
            parts.speakers = speaker_cursors.iter_mut().filter_map(|c| c.at(doc)).count() as u32;
            parts.cue = cue_cursor.as_mut().is_some_and(|c| c.at(doc).is_some());
            parts.lead = 1.0 + r.lead / (1.0 + passage as f32);
            parts.score = parts.own(r);
            out.push(Scored {
                address: DocAddress::new(segment_ord, doc),
                article: ids.get_val(doc),
                passage,
                parts,
                lexical: None,
                semantic: None,
                held,
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
                name: false,
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

    /// A scored passage of article `article` at `doc`, with `score`, lead factor `lead` and
    /// local evidence `local`.
    fn passage(article: u64, doc: u32, score: f32, lead: f32, local: f32) -> Scored {
        Scored {
            address: DocAddress::new(0, doc),
            article,
            passage: doc,
            parts: ScoreParts {
                score,
                lead,
                local,
                ..ScoreParts::default()
            },
            lexical: None,
            semantic: None,
            held: 0,
        }
    }

    fn order(scored: &[Scored]) -> Vec<(u64, u32, f32)> {
        scored
            .iter()
            .map(|s| (s.article, s.address.doc_id, s.parts.score))
            .collect()
    }

    #[test]
    fn an_articles_passages_go_by_local_evidence_and_lead_on_the_articles_scores() {
        // Article 1's lede (doc 0) scores 8 and its later passage (doc 3) 10, but the lede holds
        // the words that tell it apart within the article: it goes first, on the article's
        // best score; article 2 is left alone.
        let local = Ranking::default();
        let mut scored = vec![
            passage(1, 3, 10.0, 1.1, 2.0),
            passage(1, 0, 8.0, 1.5, 3.0),
            passage(2, 5, 9.0, 1.5, 1.0),
        ];
        order_within_articles(&mut scored, &local);
        sort(&mut scored, &local);
        assert_eq!(
            order(&scored),
            [(1, 0, 10.0), (2, 5, 9.0), (1, 3, 8.0)],
            "{scored:?}"
        );
        // By scores and lead alone (local evidence off), a later passage far ahead keeps its
        // place, and one slightly ahead gives way to the lede.
        let by_score = Ranking {
            local: false,
            article: 0.0,
            ..Ranking::default()
        };
        let mut scored = vec![passage(1, 3, 20.0, 1.1, 9.0), passage(1, 0, 8.0, 1.5, 1.0)];
        order_within_articles(&mut scored, &by_score);
        assert_eq!(order(&scored), [(1, 3, 20.0), (1, 0, 8.0)]);
        let mut scored = vec![passage(1, 3, 10.0, 1.1, 9.0), passage(1, 0, 8.0, 1.5, 1.0)];
        order_within_articles(&mut scored, &by_score);
        assert_eq!(order(&scored), [(1, 3, 8.0), (1, 0, 10.0)]);
    }

    #[test]
    fn an_articles_third_passage_waits_behind_other_articles() {
        let r = Ranking {
            repeat: 0.5,
            ..Ranking::default()
        };
        let mut scored = vec![
            passage(1, 0, 10.0, 1.0, 0.0),
            passage(1, 1, 9.0, 1.0, 0.0),
            passage(1, 2, 8.0, 1.0, 0.0),
            passage(2, 5, 6.0, 1.0, 0.0),
            passage(1, 3, 5.0, 1.0, 0.0),
        ];
        spread(&mut scored, r.repeat);
        sort(&mut scored, &r);
        assert_eq!(
            order(&scored),
            [
                (1, 0, 10.0),
                (1, 1, 9.0),
                (2, 5, 6.0),
                (1, 2, 4.0),
                (1, 3, 1.25)
            ]
        );
        assert_eq!(scored[3].parts.repeats, 2);
    }

    #[test]
    fn a_capitalised_word_matches_as_written_where_the_index_holds_it() {
        use crate::{Article, Engine, SearchRequest};
        let e = Engine::in_memory().unwrap();
        e.index_articles([
            Article::new(
                "bonn",
                "Ministers met in Bonn. Bonn hosted the meeting, and Bonn agreed to meet again.",
            ),
            Article::new("bonne", "One of the diplomats said Bonne met with an aide."),
        ])
        .unwrap();
        let top = |query: &str, names: bool| {
            let r = Ranking {
                names,
                ..Ranking::default()
            };
            let hits = e.search(&SearchRequest::new(query).ranking(r)).unwrap();
            hits.into_iter().map(|h| h.doc_id).collect::<Vec<_>>()
        };
        assert_eq!(top("Who did Bonne meet?", true)[0], "bonne");
        assert_eq!(top("Who did Bonne meet?", false)[0], "bonn", "stems alike");
        assert_eq!(top("Where is Bonne?", true), ["bonne"]);
        // Lower case is a word, which finds both; a name the index does not hold as written
        // (`Meetings`) finds the other forms of its stem (`meeting`).
        assert_eq!(top("where is bonne", true).len(), 2);
        assert_eq!(top("What did Meetings decide?", true), ["bonn"]);
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
