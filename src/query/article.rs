//! Articles as the ranking sees them. The index holds passages only; [`ArticleIndex`], read once
//! per commit, tells which article each passage is of, and [`sweep`] reads the query terms'
//! postings once to score every article holding a query term by BM25 of the whole article (its
//! passages' text and its headline as one document) and, when asked, every passage holding one
//! by BM25 of its text: the scores the ranking picks its candidates by.

use rustc_hash::FxHashMap;
use tantivy::postings::Postings;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocSet, Searcher, TERMINATED};

use super::bm25::{idf, mean_length, saturate};
use super::formula::Ranking;
use super::term::RankTerm;
use crate::error::Result;
use crate::index::schema::Fields;

/// What the ranking needs of the index's articles, read once per commit.
#[derive(Debug, Default)]
pub(crate) struct ArticleIndex {
    /// Live articles (those with a first passage).
    articles: f32,
    /// Their mean length in terms.
    mean_terms: f32,
    /// Each segment's documents' articles, as ordinals into the vectors below ([`NONE`] for a
    /// deleted document).
    ordinals: Vec<Vec<u32>>,
    /// Each segment's documents' positions in their articles.
    positions: Vec<Vec<u32>>,
    /// By ordinal: the article's id (a hash of its key).
    ids: Vec<u64>,
    /// By ordinal: the article's length in terms, headline and text.
    lengths: Vec<u32>,
    /// By ordinal: the article's first passage.
    firsts: Vec<Option<DocAddress>>,
    /// By ordinal: how many passages the article has.
    passages: Vec<u32>,
    /// Mean headline length over the live passages.
    headline_mean: f32,
}

/// The ordinal of a deleted document.
const NONE: u32 = u32::MAX;

impl ArticleIndex {
    /// Reads it from the `article_id`, `article_terms` and `passage` fast fields.
    pub(crate) fn read(searcher: &Searcher) -> Result<ArticleIndex> {
        let mut index = ArticleIndex::default();
        let mut by_id: FxHashMap<u64, u32> = FxHashMap::default();
        // By ordinal: the headline's length, read at the article's head.
        let mut headline_lengths: Vec<u32> = Vec::new();
        for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
            let fast = segment.fast_fields();
            let column = |name: &str| -> Result<_> { Ok(fast.u64(name)?.first_or_default_col(0)) };
            let ids = column(crate::index::schema::ARTICLE_ID_FIELD)?;
            let lengths = column(crate::index::schema::ARTICLE_TERMS_FIELD)?;
            let places = column(crate::index::schema::PASSAGE_FIELD)?;
            let title = segment
                .schema()
                .get_field(crate::index::schema::TITLE_FIELD)?;
            let headline_norms = segment.get_fieldnorms_reader(title)?;
            let alive = segment.alive_bitset();
            let mut ordinals = vec![NONE; segment.max_doc() as usize];
            let mut positions = vec![0; segment.max_doc() as usize];
            for doc in 0..segment.max_doc() {
                if alive.is_some_and(|a| a.is_deleted(doc)) {
                    continue;
                }
                let id = ids.get_val(doc);
                let next = index.ids.len() as u32;
                let ord = *by_id.entry(id).or_insert(next);
                if ord == next {
                    index.ids.push(id);
                    index.lengths.push(lengths.get_val(doc) as u32);
                    index.firsts.push(None);
                    index.passages.push(0);
                    headline_lengths.push(0);
                }
                index.passages[ord as usize] += 1;
                ordinals[doc as usize] = ord;
                let place = places.get_val(doc);
                positions[doc as usize] = place as u32;
                if place == 0 {
                    index.firsts[ord as usize] = Some(DocAddress::new(segment_ord as u32, doc));
                    headline_lengths[ord as usize] = headline_norms.fieldnorm(doc);
                }
            }
            index.ordinals.push(ordinals);
            index.positions.push(positions);
        }
        let (mut articles, mut terms) = (0u64, 0u64);
        for (first, length) in index.firsts.iter().zip(&index.lengths) {
            if first.is_some() {
                articles += 1;
                terms += u64::from(*length);
            }
        }
        let (mut headline_terms, mut passages) = (0u64, 0u64);
        for ((length, n), first) in headline_lengths
            .iter()
            .zip(&index.passages)
            .zip(&index.firsts)
        {
            if first.is_none() {
                continue;
            }
            let n = u64::from(*n);
            headline_terms += u64::from(*length) * n;
            passages += n;
        }
        index.headline_mean = (headline_terms as f32 / passages.max(1) as f32).max(1.0);
        let count = articles.max(1) as f32;
        index.articles = count;
        index.mean_terms = (terms as f32 / count).max(1.0);
        Ok(index)
    }

    /// The article of the passage at `address`, as an ordinal (`None`: a deleted passage).
    pub(crate) fn ordinal(&self, address: DocAddress) -> Option<usize> {
        let ord = *self
            .ordinals
            .get(address.segment_ord as usize)?
            .get(address.doc_id as usize)?;
        (ord != NONE).then_some(ord as usize)
    }

    /// The passage at `address`'s article id and position in its article: what tells passages
    /// apart whatever segments indexing threads put them in (ties go by it).
    pub(crate) fn identity(&self, address: DocAddress) -> (u64, u32) {
        let (segment, doc) = (address.segment_ord as usize, address.doc_id as usize);
        let id = self.ordinal(address).map_or(0, |ord| self.ids[ord]);
        let position = self
            .positions
            .get(segment)
            .and_then(|p| p.get(doc))
            .copied()
            .unwrap_or(0);
        (id, position)
    }

    /// The first passage of the article with this ordinal.
    pub(crate) fn first(&self, ordinal: usize) -> Option<DocAddress> {
        self.firsts[ordinal]
    }

    /// Mean headline length in terms over the live passages (a passage's headline is its
    /// article's, indexed on the head only).
    pub(crate) fn headline_mean(&self) -> f32 {
        self.headline_mean
    }

    /// How many articles there are, with deleted ones, as ordinals go.
    pub(crate) fn len(&self) -> usize {
        self.ids.len()
    }

    #[cfg(test)]
    pub(crate) fn counts(&self) -> (f32, f32) {
        (self.articles, self.mean_terms)
    }
}

/// What one sweep over the query terms' postings found.
#[derive(Debug, Default)]
pub(crate) struct Sweep {
    /// Article-level BM25 by article ordinal (0 for an article holding no query term).
    pub article: Vec<f32>,
    /// Every passage holding a query term, with BM25 of its text (when asked for).
    pub passages: Vec<(DocAddress, f32)>,
    /// For each query term, the articles whose text holds it, by ordinal, each with how many
    /// of its passages do.
    holding: Vec<Vec<(u32, u32)>>,
}

impl Sweep {
    /// The article-level score of the passage at `address`.
    pub(crate) fn article_of(&self, index: &ArticleIndex, address: DocAddress) -> f32 {
        index
            .ordinal(address)
            .and_then(|ord| self.article.get(ord))
            .copied()
            .unwrap_or(0.0)
    }

    /// How much the query terms `held` (bit `i` for the `i`-th term) say about which passage
    /// of the article at `address` answers, as weighed among its own passages: each term's
    /// `idf` times ln(1 + the article's passages / those of them holding the term). A term
    /// every passage of the article holds says least; one only this passage holds, most.
    pub(crate) fn local(
        &self,
        index: &ArticleIndex,
        address: DocAddress,
        held: u64,
        idfs: &[f32],
    ) -> f32 {
        let Some(ord) = index.ordinal(address) else {
            return 0.0;
        };
        let passages = index.passages[ord] as f32;
        let mut sum = 0.0;
        for (i, (idf, holding)) in idfs.iter().zip(&self.holding).enumerate().take(64) {
            if held & (1 << i) == 0 {
                continue;
            }
            let with = holding
                .binary_search_by_key(&(ord as u32), |&(o, _)| o)
                .map_or(1, |at| holding[at].1.max(1));
            sum += idf * (1.0 + passages / with as f32).ln();
        }
        sum
    }

    /// The best `depth` passages by their text's BM25 plus `article` times their article's,
    /// and the first passages of the best `depth` articles: the candidates of a plain bag of
    /// words. Ties go by article id and position, so that the choice does not depend on how
    /// indexing threads shared the documents out.
    pub(crate) fn candidates(
        &self,
        index: &ArticleIndex,
        article: f32,
        depth: usize,
    ) -> Vec<DocAddress> {
        let key = |address: DocAddress| (index.identity(address), address);
        let mut passages: Vec<(f32, Ranked)> = self
            .passages
            .iter()
            .map(|&(a, s)| (s + article * self.article_of(index, a), key(a)))
            .collect();
        best_first(&mut passages, depth);
        let mut articles: Vec<(f32, Ranked)> = self
            .article
            .iter()
            .enumerate()
            .filter(|(_, &s)| s > 0.0)
            .filter_map(|(ord, &s)| Some((s, key(index.first(ord)?))))
            .collect();
        best_first(&mut articles, depth);
        let mut out: Vec<DocAddress> = passages
            .into_iter()
            .chain(articles)
            .map(|(_, (_, a))| a)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// A candidate's tie-break key: its article's identity and position, then its address.
type Ranked = ((u64, u32), DocAddress);

/// Keeps the best `depth` of `items` (highest score, then lowest key), in no order.
fn best_first<K: Ord + Copy>(items: &mut Vec<(f32, K)>, depth: usize) {
    let better = |a: &(f32, K), b: &(f32, K)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
    if items.len() > depth && depth > 0 {
        items.select_nth_unstable_by(depth - 1, better);
    }
    items.truncate(depth);
}

/// Frequencies summed over a dense range of keys, with the keys touched listed so that they
/// can be read and cleared without visiting the others.
struct Tally {
    values: Vec<f32>,
    touched: Vec<u32>,
    seen: Vec<bool>,
}

impl Tally {
    fn new(len: usize) -> Tally {
        Tally {
            values: vec![0.0; len],
            touched: Vec::new(),
            seen: vec![false; len],
        }
    }

    fn add(&mut self, key: u32, value: f32) {
        let k = key as usize;
        if !self.seen[k] {
            self.seen[k] = true;
            self.touched.push(key);
        }
        self.values[k] += value;
    }

    /// Every key touched with its sum, each once; the tally is left empty.
    fn drain(&mut self) -> impl Iterator<Item = (u32, f32)> + '_ {
        self.touched.drain(..).map(|key| {
            let k = key as usize;
            self.seen[k] = false;
            (key, std::mem::take(&mut self.values[k]))
        })
    }
}

/// Reads every posting of `terms` once: article-level BM25 of every article holding one, how
/// many of each article's passages hold each, and, with `passages`, BM25 of the text of every
/// passage holding one. An article's frequencies are summed over its passages and its head's
/// headline; its length is the `article_terms` fast field. `terms` must have their IDF set.
pub(crate) fn sweep(
    searcher: &Searcher,
    fields: &Fields,
    index: &ArticleIndex,
    terms: &[RankTerm],
    r: &Ranking,
    passages: bool,
) -> Result<Sweep> {
    let segments = searcher.segment_readers();
    let mut article = vec![0.0f32; index.len()];
    let mut holding = Vec::with_capacity(terms.len());
    let mut in_article = Tally::new(index.len());
    let mut passages_holding = Tally::new(index.len());
    let mut in_passage: Vec<Tally> = segments
        .iter()
        .map(|s| Tally::new(s.max_doc() as usize))
        .collect();
    let mut passage_scores: Vec<Tally> = segments
        .iter()
        .map(|s| Tally::new(if passages { s.max_doc() as usize } else { 0 }))
        .collect();
    let text_mean = mean_length(searcher, fields.text);
    for t in terms {
        for (segment_ord, segment) in segments.iter().enumerate() {
            let ordinals = &index.ordinals[segment_ord];
            for headline in [false, true] {
                for source in &t.sources(fields, headline) {
                    for mut postings in source.postings(segment, IndexRecordOption::WithFreqs)? {
                        let mut doc = postings.doc();
                        while doc != TERMINATED {
                            let ord = ordinals[doc as usize];
                            let tf = source.weight * postings.term_freq() as f32;
                            if ord != NONE && !headline {
                                in_article.add(ord, tf);
                                in_passage[segment_ord].add(doc, tf);
                            } else if ord != NONE {
                                in_article.add(ord, tf);
                            }
                            doc = postings.advance();
                        }
                    }
                }
            }
            let norms = segment.get_fieldnorms_reader(fields.text)?;
            let scores = &mut passage_scores[segment_ord];
            for (doc, tf) in in_passage[segment_ord].drain() {
                if tf <= 0.0 {
                    continue;
                }
                passages_holding.add(ordinals[doc as usize], 1.0);
                if passages {
                    let len = norms.fieldnorm(doc) as f32;
                    scores.add(doc, t.idf * saturate(tf, len, text_mean, r.k1, r.b));
                }
            }
        }
        let mut these: Vec<(u32, u32)> = passages_holding
            .drain()
            .map(|(ord, n)| (ord, n as u32))
            .collect();
        these.sort_unstable();
        holding.push(these);
        let held: Vec<(u32, f32)> = in_article.drain().filter(|&(_, tf)| tf > 0.0).collect();
        let weight = idf(index.articles, held.len() as f32);
        for (ord, tf) in held {
            let length = index.lengths[ord as usize] as f32;
            article[ord as usize] +=
                weight * saturate(tf, length, index.mean_terms, r.article_k1, r.article_b);
        }
    }
    let passages = passage_scores
        .iter_mut()
        .enumerate()
        .flat_map(|(segment_ord, scores)| {
            scores
                .drain()
                .map(move |(doc, s)| (DocAddress::new(segment_ord as u32, doc), s))
        })
        .collect();
    Ok(Sweep {
        article,
        passages,
        holding,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{stemmed, terms};
    use crate::index::value::{article_id, article_key, origin_value};
    use crate::ingest::Origin;
    use crate::query::term::plan_terms;
    use crate::query::Plan;
    use crate::text::term_count;
    use crate::{Article, Engine};

    /// The sweep of `query` over `e`'s index, with its terms' IDF set as the ranking sets it.
    fn swept(e: &Engine, query: &str, r: &Ranking) -> (ArticleIndex, Sweep) {
        let searcher = e.searcher();
        let index = ArticleIndex::read(&searcher).unwrap();
        let plan = Plan::new(query, Default::default()).unwrap();
        let plan = crate::query::read_names(&searcher, e.fields(), &plan, r);
        let mut terms = plan_terms(&plan);
        for t in &mut terms {
            let df = searcher.doc_freq(&t.idf_term(e.fields())).unwrap();
            t.idf = idf(searcher.num_docs() as f32, df as f32);
        }
        let sweep = sweep(&searcher, e.fields(), &index, &terms, r, true).unwrap();
        (index, sweep)
    }

    fn tf(text: &str, stem: &str) -> f32 {
        terms(&mut stemmed(), text)
            .iter()
            .filter(|t| t.0 == stem)
            .count() as f32
    }

    #[test]
    fn articles_score_bm25_of_their_whole_text_with_the_headline_once() {
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
        let r = Ranking::default();
        let (index, sweep) = swept(&e, "tariff steel", &r);
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
        let mean = articles.iter().map(|a| a.1).sum::<u64>() as f32 / 3.0;
        assert_eq!(index.counts(), (3.0, mean));
        let ordinal = |id: &str| {
            let wanted = article_id(&article_key(&origin_value(&Origin::Memory), id));
            (0..index.len()).find(|&o| index.ids[o] == wanted && index.first(o).is_some())
        };
        for (i, (whole, length)) in articles.iter().enumerate() {
            let mut expected = 0.0;
            for stem in ["tariff", "steel"] {
                let df = articles.iter().filter(|a| tf(&a.0, stem) > 0.0).count() as f32;
                expected += idf(3.0, df)
                    * saturate(
                        tf(whole, stem),
                        *length as f32,
                        mean,
                        r.article_k1,
                        r.article_b,
                    );
            }
            let got = sweep.article[ordinal(["long", "short", "other"][i]).unwrap()];
            assert!((got - expected).abs() < 1e-4, "{i}: {got} {expected}");
        }
        // The two articles holding a query term lead with their first passages, and every
        // passage holding one is a candidate.
        let candidates = sweep.candidates(&index, r.article, 10);
        let firsts: Vec<DocAddress> = ["long", "short"]
            .iter()
            .map(|id| index.first(ordinal(id).unwrap()).unwrap())
            .collect();
        assert!(firsts.iter().all(|a| candidates.contains(a)));
        assert_eq!(candidates.len(), 4, "long #0, #1, #2 and short #0");
    }

    #[test]
    fn passages_score_bm25_of_their_text() {
        let e = Engine::in_memory().unwrap();
        let texts = [
            "Steel tariffs rose and steel prices followed.",
            "Grain prices fell.",
            "Steel output was steady through the year, mills said.",
        ];
        e.index_articles(
            texts
                .iter()
                .enumerate()
                .map(|(i, t)| Article::new(format!("a{i}"), *t)),
        )
        .unwrap();
        let r = Ranking::default();
        let (_, sweep) = swept(&e, "steel prices", &r);
        let searcher = e.searcher();
        let mean = mean_length(&searcher, e.fields().text);
        let df = |stem: &str| texts.iter().filter(|t| tf(t, stem) > 0.0).count() as f32;
        let mut got: Vec<f32> = sweep.passages.iter().map(|p| p.1).collect();
        got.sort_by(f32::total_cmp);
        let mut expected: Vec<f32> = texts
            .iter()
            .map(|t| {
                let len = term_count(t) as f32;
                ["steel", "price"]
                    .iter()
                    .map(|s| idf(3.0, df(s)) * saturate(tf(t, s), len, mean, r.k1, r.b))
                    .sum::<f32>()
            })
            .collect();
        expected.sort_by(f32::total_cmp);
        assert_eq!(got.len(), 3);
        for (g, x) in got.iter().zip(&expected) {
            assert!((g - x).abs() < 1e-4, "{got:?} {expected:?}");
        }
    }

    #[test]
    fn a_name_counts_only_as_written() {
        let e = Engine::in_memory().unwrap();
        e.index_articles([
            Article::new("bonn", "Talks in Bonn. Bonn hosted them, and Bonn agreed."),
            Article::new("bonne", "Emmanuel Bonne flew to Moscow."),
        ])
        .unwrap();
        let holding = |ranking: &Ranking| {
            let (index, sweep) = swept(&e, "what did Bonne do", ranking);
            (0..index.len()).filter(|&o| sweep.article[o] > 0.0).count()
        };
        assert_eq!(holding(&Ranking::default()), 1, "Bonne only");
        let words = Ranking {
            names: false,
            ..Ranking::default()
        };
        assert_eq!(holding(&words), 2, "bonne and bonn share a stem");
    }
}
