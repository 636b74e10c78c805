//! Passage-QA collections (NewsQA's layout): `corpus.jsonl` (the stories) and
//! `questions.jsonl` (`id`, `story_id`, `question`, `answer`, and the answer's `start` and `end`
//! in the story, which the [answer test](super::answer) does not need).
//!
//! The stories are indexed with any other corpora given as the archive, and every question is
//! asked of the whole index, as a user asks: `lede search` with its default ranking and
//! grouping, and a plain BM25 [`Baseline`] over the same passages. A hit answers when it, or a
//! copy grouped under it, is a passage of the question's story that the answer test passes.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::answer::answering_passages;
use super::{for_lines, Baseline, EvalOptions, PassageRef};
use crate::error::{Error, Result};
use crate::query::{Ranking, SearchMode};
use crate::search::{Hit, SearchRequest};
use crate::Engine;

/// Hits asked for per question: the depth of recall@100.
pub const QA_DEPTH: usize = 100;
/// Passages of one article in the first ten that make a question's results crowded.
pub const CROWDED: usize = 3;

/// One question of a passage-QA collection.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct Question {
    /// Its id.
    pub id: String,
    /// The doc id of the story it was asked of.
    pub story_id: String,
    /// The question.
    pub question: String,
    /// The answer, a span of the story.
    pub answer: String,
}

/// A passage-QA collection on disk.
#[derive(Debug, Clone)]
pub struct QaCollection {
    /// Its folder.
    pub dir: PathBuf,
    /// Its stories (`corpus.jsonl`).
    pub corpus: PathBuf,
    /// Its questions, in file order.
    pub questions: Vec<Question>,
}

impl QaCollection {
    /// Whether `dir` holds a passage-QA collection (a `questions.jsonl`).
    pub fn is_one(dir: &Path) -> bool {
        dir.join("questions.jsonl").is_file()
    }

    /// Reads a collection folder; a missing file or a malformed line is an error naming it.
    pub fn open(dir: &Path) -> Result<QaCollection> {
        let corpus = dir.join("corpus.jsonl");
        for path in [&corpus, &dir.join("questions.jsonl")] {
            if !path.is_file() {
                return Err(Error::InvalidArgument(format!(
                    "{} is not a passage-QA collection: it has no {} (one holds corpus.jsonl and questions.jsonl)",
                    dir.display(),
                    path.file_name().unwrap_or_default().to_string_lossy()
                )));
            }
        }
        let mut questions = Vec::new();
        for_lines(&dir.join("questions.jsonl"), |_, text| {
            let q: Question = serde_json::from_str(text).map_err(|e| e.to_string())?;
            if q.question.trim().is_empty() {
                return Err("the question is empty".into());
            }
            questions.push(q);
            Ok(())
        })?;
        Ok(QaCollection {
            dir: dir.to_path_buf(),
            corpus,
            questions,
        })
    }
}

/// The word a question asks with: the first of who, what, when, where, why and how in it
/// (whom and whose are who), else other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuestionWord {
    /// Who, whom, whose.
    Who,
    /// What.
    What,
    /// When.
    When,
    /// Where.
    Where,
    /// Why.
    Why,
    /// How.
    How,
    /// None of them ("Which…", "Name the…").
    Other,
}

impl QuestionWord {
    /// Every question word, in the order tables list them.
    pub const ALL: [QuestionWord; 7] = [
        QuestionWord::Who,
        QuestionWord::What,
        QuestionWord::When,
        QuestionWord::Where,
        QuestionWord::Why,
        QuestionWord::How,
        QuestionWord::Other,
    ];

    /// The word `question` asks with.
    pub fn of(question: &str) -> QuestionWord {
        question
            .split(|c: char| !c.is_alphanumeric())
            .find_map(|w| match w.to_lowercase().as_str() {
                "who" | "whom" | "whose" => Some(QuestionWord::Who),
                "what" => Some(QuestionWord::What),
                "when" => Some(QuestionWord::When),
                "where" => Some(QuestionWord::Where),
                "why" => Some(QuestionWord::Why),
                "how" => Some(QuestionWord::How),
                _ => None,
            })
            .unwrap_or(QuestionWord::Other)
    }

    /// Its name, as tables and JSON show it.
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionWord::Who => "who",
            QuestionWord::What => "what",
            QuestionWord::When => "when",
            QuestionWord::Where => "where",
            QuestionWord::Why => "why",
            QuestionWord::How => "how",
            QuestionWord::Other => "other",
        }
    }
}

/// Mean figures of one ranking over a set of questions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct QaScores {
    /// Share of questions whose first hit answers.
    #[serde(rename = "success@1")]
    pub success_1: f64,
    /// Share of questions with an answering hit in the first 5.
    #[serde(rename = "success@5")]
    pub success_5: f64,
    /// Share of questions with an answering hit in the first 10.
    #[serde(rename = "success@10")]
    pub success_10: f64,
    /// Mean of 1 / rank of the first answering hit in the first 10 (0 when none).
    #[serde(rename = "mrr@10")]
    pub mrr_10: f64,
    /// Mean share of a question's answering passages found in the first 100 hits.
    #[serde(rename = "recall@100")]
    pub recall_100: f64,
    /// Share of questions whose first 10 hits hold [`CROWDED`] or more passages of one
    /// article.
    #[serde(rename = "crowded@10")]
    pub crowded_10: f64,
    /// Questions averaged over.
    pub questions: usize,
}

impl QaScores {
    /// The figures of one question: `ranked` are its hits, best first, each the passages it
    /// shows (its own first, then the copies grouped under it); `answering` are the passages
    /// that answer it.
    pub fn of_question(ranked: &[Vec<PassageRef>], answering: &HashSet<PassageRef>) -> QaScores {
        let first = ranked
            .iter()
            .position(|hit| hit.iter().any(|p| answering.contains(p)))
            .map(|i| i + 1);
        let within = |k: usize| f64::from(u8::from(first.is_some_and(|r| r <= k)));
        let found: HashSet<&PassageRef> = ranked
            .iter()
            .take(QA_DEPTH)
            .flatten()
            .filter(|p| answering.contains(*p))
            .collect();
        let mut per_article: HashMap<&str, usize> = HashMap::new();
        for hit in ranked.iter().take(10) {
            if let Some(own) = hit.first() {
                *per_article.entry(&own.article).or_default() += 1;
            }
        }
        QaScores {
            success_1: within(1),
            success_5: within(5),
            success_10: within(10),
            mrr_10: first.filter(|&r| r <= 10).map_or(0.0, |r| 1.0 / r as f64),
            recall_100: if answering.is_empty() {
                0.0
            } else {
                found.len() as f64 / answering.len() as f64
            },
            crowded_10: f64::from(u8::from(per_article.values().any(|&n| n >= CROWDED))),
            questions: 1,
        }
    }

    /// The mean of per-question figures.
    pub fn mean<'a>(each: impl IntoIterator<Item = &'a QaScores>) -> QaScores {
        let mut sum = QaScores::default();
        for s in each {
            sum.success_1 += s.success_1;
            sum.success_5 += s.success_5;
            sum.success_10 += s.success_10;
            sum.mrr_10 += s.mrr_10;
            sum.recall_100 += s.recall_100;
            sum.crowded_10 += s.crowded_10;
            sum.questions += s.questions;
        }
        let n = sum.questions.max(1) as f64;
        QaScores {
            success_1: sum.success_1 / n,
            success_5: sum.success_5 / n,
            success_10: sum.success_10 / n,
            mrr_10: sum.mrr_10 / n,
            recall_100: sum.recall_100 / n,
            crowded_10: sum.crowded_10 / n,
            questions: sum.questions,
        }
    }
}

/// A ranking's figures over all questions and by question word.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct QaFigures {
    /// Over all questions.
    #[serde(flatten)]
    pub all: QaScores,
    /// By the word each question asks with (words no question asks with left out).
    pub by_question_word: BTreeMap<QuestionWord, QaScores>,
}

/// Figures of `lede` with one ranking feature changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QaVariant {
    /// What was changed.
    pub name: String,
    /// Its figures over all questions.
    #[serde(flatten)]
    pub scores: QaScores,
}

/// One hit of a question's ranking, as `--run` writes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QaRunHit {
    /// The question's id.
    pub question: String,
    /// The hit's rank, from 1.
    pub rank: usize,
    /// Its article's doc id.
    pub doc_id: String,
    /// Its passage, from 0.
    pub passage: u64,
    /// Where its article was read.
    pub source: String,
    /// Its score.
    pub score: f32,
    /// Whether it, or a copy grouped under it, answers the question.
    pub answers: bool,
}

/// The outcome of `lede eval` on a passage-QA collection.
#[derive(Debug, Clone, Serialize)]
pub struct QaEvaluation {
    /// The collection's name.
    pub collection: String,
    /// Stories in its corpus.
    pub stories: u64,
    /// Articles indexed, the archive's included.
    pub articles: u64,
    /// Passages they make.
    pub passages: u64,
    /// Questions whose answer no passage of their story holds (they count as unanswered).
    pub unanswerable: usize,
    /// `lede`'s figures.
    pub lede: QaFigures,
    /// The plain BM25 baseline's figures, over the same passages.
    pub baseline: QaFigures,
    /// `lede` with one ranking feature changed at a time (with `ablate`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<QaVariant>,
    /// Each mode measured, the first being `lede`'s figures.
    pub modes: Vec<QaMode>,
    /// `lede`'s hits, question by question.
    #[serde(skip)]
    pub run: Vec<QaRunHit>,
}

/// One mode's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QaMode {
    /// The mode.
    pub mode: SearchMode,
    /// Its figures.
    pub figures: QaFigures,
}

/// A collection's questions over an index: which passages answer each, and how a ranking
/// scores against them.
pub struct AnswerKey {
    questions: Vec<Question>,
    words: Vec<QuestionWord>,
    answering: Vec<HashSet<PassageRef>>,
}

impl AnswerKey {
    /// Reads the passages that answer each of `collection`'s questions from its stories as
    /// `engine` holds them.
    pub fn read(engine: &Engine, collection: &QaCollection) -> Result<AnswerKey> {
        let corpus = &collection.corpus;
        let corpus = corpus.canonicalize().map_err(|e| Error::io(corpus, e))?;
        let prefix = format!("{}:", corpus.display());
        let mut stories: HashMap<&str, Vec<crate::index::stored::StoredArticle>> = HashMap::new();
        let mut answering = Vec::with_capacity(collection.questions.len());
        for q in &collection.questions {
            if !stories.contains_key(q.story_id.as_str()) {
                let mut found = engine.article(&q.story_id)?;
                found.retain(|a| a.source.starts_with(&prefix));
                stories.insert(&q.story_id, found);
            }
            let mut these = HashSet::new();
            for story in &stories[q.story_id.as_str()] {
                let texts: Vec<&str> = story.passages.iter().map(|p| p.text.as_str()).collect();
                for i in answering_passages(&texts, &q.answer) {
                    let passage = story.passages[i].passage;
                    these.insert(PassageRef::new(&story.source, &story.doc_id, passage));
                }
            }
            answering.push(these);
        }
        Ok(AnswerKey {
            questions: collection.questions.clone(),
            words: collection
                .questions
                .iter()
                .map(|q| QuestionWord::of(&q.question))
                .collect(),
            answering,
        })
    }

    /// The questions, in file order.
    pub fn questions(&self) -> &[Question] {
        &self.questions
    }

    /// Questions whose answer no passage holds.
    pub fn unanswerable(&self) -> usize {
        self.answering.iter().filter(|a| a.is_empty()).count()
    }

    /// `lede search`'s first `limit` hits for every question with `ranking`, asked on every
    /// core; a question with nothing to search for has none.
    pub fn ask(
        &self,
        engine: &Engine,
        ranking: Ranking,
        mode: SearchMode,
        limit: usize,
    ) -> Result<Vec<Vec<Hit>>> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let chunk = self.questions.len().div_ceil(threads).max(1);
        std::thread::scope(|scope| {
            let workers: Vec<_> = self
                .questions
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || -> Result<Vec<Vec<Hit>>> {
                        part.iter()
                            .map(|q| {
                                let request = SearchRequest::new(q.question.as_str())
                                    .limit(limit)
                                    .ranking(ranking)
                                    .mode(mode);
                                match engine.search(&request) {
                                    Err(Error::Query(_)) => Ok(Vec::new()),
                                    other => other,
                                }
                            })
                            .collect()
                    })
                })
                .collect();
            let mut out = Vec::with_capacity(self.questions.len());
            for w in workers {
                out.extend(w.join().expect("a question worker panicked")?);
            }
            Ok(out)
        })
    }

    /// Each question's figures for its `lede` hits.
    pub fn score_hits(&self, hits: &[Vec<Hit>]) -> Vec<QaScores> {
        hits.iter()
            .zip(&self.answering)
            .map(|(hits, answering)| {
                let ranked: Vec<Vec<PassageRef>> = hits.iter().map(shown).collect();
                QaScores::of_question(&ranked, answering)
            })
            .collect()
    }

    /// Each question's figures for the baseline's first [`QA_DEPTH`] passages.
    pub fn score_baseline(&self, baseline: &Baseline) -> Result<Vec<QaScores>> {
        self.questions
            .iter()
            .zip(&self.answering)
            .map(|(q, answering)| {
                let ranked: Vec<Vec<PassageRef>> = baseline
                    .search(&q.question, QA_DEPTH)?
                    .into_iter()
                    .map(|(p, _)| vec![p])
                    .collect();
                Ok(QaScores::of_question(&ranked, answering))
            })
            .collect()
    }

    /// Means of per-question figures, over all questions and by question word.
    pub fn figures(&self, each: &[QaScores]) -> QaFigures {
        let mut by_question_word = BTreeMap::new();
        for word in QuestionWord::ALL {
            let these: Vec<&QaScores> = self
                .words
                .iter()
                .zip(each)
                .filter(|(w, _)| **w == word)
                .map(|(_, s)| s)
                .collect();
            if !these.is_empty() {
                by_question_word.insert(word, QaScores::mean(these));
            }
        }
        QaFigures {
            all: QaScores::mean(each),
            by_question_word,
        }
    }

    /// The passages that answer the `i`-th question.
    pub fn answers(&self, i: usize) -> &HashSet<PassageRef> {
        &self.answering[i]
    }

    /// Whether `hit`, or a copy grouped under it, answers the `i`-th question.
    pub fn answered_by(&self, i: usize, hit: &Hit) -> bool {
        shown(hit).iter().any(|p| self.answering[i].contains(p))
    }

    /// `--run`'s lines for `hits`, question by question.
    pub fn run(&self, hits: &[Vec<Hit>]) -> Vec<QaRunHit> {
        let mut run = Vec::new();
        for (i, (q, hits)) in self.questions.iter().zip(hits).enumerate() {
            for hit in hits {
                run.push(QaRunHit {
                    question: q.id.clone(),
                    rank: hit.rank,
                    doc_id: hit.doc_id.clone(),
                    passage: hit.passage,
                    source: hit.source.clone(),
                    score: hit.score,
                    answers: self.answered_by(i, hit),
                });
            }
        }
        run
    }
}

/// The passages a hit shows: its own, then its copies.
fn shown(hit: &Hit) -> Vec<PassageRef> {
    std::iter::once(PassageRef::new(&hit.source, &hit.doc_id, hit.passage))
        .chain(
            hit.also_in
                .iter()
                .map(|c| PassageRef::new(&c.source, &c.doc_id, c.passage)),
        )
        .collect()
}

/// Evaluates `options`' ranking in each of its modes (and, with `ablate`, each of its
/// variants in the first mode) and the plain BM25 baseline on `collection`, its stories indexed
/// with `archive` into folders under `work` (a temporary folder the caller removes, or one kept
/// between runs: files indexed before are not read again). `progress` hears what is being done.
pub fn evaluate_qa(
    collection: &QaCollection,
    archive: &[PathBuf],
    options: &EvalOptions,
    work: &Path,
    progress: &mut dyn FnMut(&str),
) -> Result<QaEvaluation> {
    progress("indexing with lede");
    let engine = options.engine(&work.join("lede"))?;
    let corpus = engine.index_paths(std::slice::from_ref(&collection.corpus), &mut |_| {})?;
    if !archive.is_empty() {
        progress("indexing the archive with lede");
        engine.index_paths(archive, &mut |_| {})?;
    }
    let stats = engine.stats()?;
    progress("indexing the baseline: the same passages, plain tantivy BM25");
    let base_dir = work.join("baseline");
    if base_dir.exists() {
        std::fs::remove_dir_all(&base_dir).map_err(|e| Error::io(&base_dir, e))?;
    }
    std::fs::create_dir_all(&base_dir).map_err(|e| Error::io(&base_dir, e))?;
    let baseline = Baseline::passages(&engine, &base_dir)?;

    let key = AnswerKey::read(&engine, collection)?;
    let mut modes = Vec::new();
    let mut first_hits = None;
    for &mode in &options.modes {
        progress(&format!("asking the questions ({} search)", mode.as_str()));
        let hits = key.ask(&engine, options.ranking, mode, QA_DEPTH)?;
        modes.push(QaMode {
            mode,
            figures: key.figures(&key.score_hits(&hits)),
        });
        first_hits.get_or_insert(hits);
    }
    let hits = first_hits.unwrap_or_default();
    let base = key.score_baseline(&baseline)?;
    let mut variants = Vec::new();
    if options.ablate {
        for (name, r) in options.variants() {
            progress(&format!("variant: {name}"));
            let scores = key.score_hits(&key.ask(&engine, r, options.first_mode(), QA_DEPTH)?);
            variants.push(QaVariant {
                name,
                scores: QaScores::mean(&scores),
            });
        }
    }
    let stories = corpus.articles as u64 + corpus.unchanged_articles;
    Ok(QaEvaluation {
        collection: super::folder_name(&collection.dir),
        stories,
        articles: stats.articles,
        passages: stats.passages,
        unanswerable: key.unanswerable(),
        lede: modes.first().map(|m| m.figures.clone()).unwrap_or_default(),
        baseline: key.figures(&base),
        variants,
        modes,
        run: key.run(&hits),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(article: &str, passage: u64) -> PassageRef {
        PassageRef {
            article: article.into(),
            passage,
        }
    }

    #[test]
    fn question_words_are_the_first_asking_word() {
        for (q, w) in [
            ("Who did Bonne meet in Moscow?", QuestionWord::Who),
            ("Whose car was it?", QuestionWord::Who),
            ("In what year did it end?", QuestionWord::What),
            ("The rapper was charged with what?", QuestionWord::What),
            ("WHEN was it?", QuestionWord::When),
            ("How many died?", QuestionWord::How),
            ("Which team won?", QuestionWord::Other),
            ("Somewhat odd: whose?", QuestionWord::Who),
        ] {
            assert_eq!(QuestionWord::of(q), w, "{q}");
        }
    }

    #[test]
    fn a_question_is_scored_by_its_first_answering_hit() {
        let answering: HashSet<PassageRef> = [at("s", 2), at("s", 3)].into();
        let ranked = vec![
            vec![at("a", 0)],
            vec![at("a", 1)],
            vec![at("b", 0), at("s", 3)], // a copy grouped under the hit answers
            vec![at("a", 2)],
        ];
        let s = QaScores::of_question(&ranked, &answering);
        assert_eq!((s.success_1, s.success_5, s.success_10), (0.0, 1.0, 1.0));
        assert!((s.mrr_10 - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(s.recall_100, 0.5);
        assert_eq!(s.crowded_10, 1.0, "three passages of a");
        let none = QaScores::of_question(&ranked[..2], &HashSet::new());
        assert_eq!(
            (none.mrr_10, none.recall_100, none.crowded_10),
            (0.0, 0.0, 0.0)
        );
        let mean = QaScores::mean(&[s, none]);
        assert_eq!(mean.questions, 2);
        assert_eq!(mean.success_5, 0.5);
    }

    #[test]
    fn an_answer_past_the_tenth_hit_counts_for_recall_only() {
        let answering: HashSet<PassageRef> = [at("s", 0)].into();
        let mut ranked: Vec<Vec<PassageRef>> =
            (0..12).map(|i| vec![at(&format!("x{i}"), 0)]).collect();
        ranked.push(vec![at("s", 0)]);
        let s = QaScores::of_question(&ranked, &answering);
        assert_eq!((s.success_10, s.mrr_10, s.recall_100), (0.0, 0.0, 1.0));
        assert_eq!(s.crowded_10, 0.0);
    }
}
