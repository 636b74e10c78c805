//! Words as written ("meeting", not "meets"), read from the stemmed field and the forms field.
//!
//! The index does not hold every word twice. The stemmed field has every word's stem; the forms
//! field ([`crate::analysis::forms`]) has, at the same position, only the words stemming changes,
//! each as [`form_term`]`(stem, word)`. So a word stemming changes is found as written under its
//! form term, and a word stemming leaves alone ("run", "moscow") is wherever the stemmed field
//! has it and the forms field has no form of the same stem ("runs", "running") at that position.
//! Most words of news text are left alone by stemming, so the forms field is a fraction of an
//! exact field's size and of its indexing work.
//!
//! [`WordPostings`] reads one word's positions in a segment that way, and [`ExactQuery`] matches
//! a sequence of words with them, in order and adjacent (a quoted phrase), or a single word.
//! [`ExactFreq`] counts a word in a document for the ranking, which has its stem's count at hand:
//! the stem's count less its forms' counts.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25Weight, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term, TERMINATED};

use crate::analysis::{form_prefix, form_term};

/// Whether `postings` hold `doc`, moving them forward to it; documents must be asked in
/// increasing order (postings already past `doc` do not hold it).
pub(crate) fn holds(postings: &mut SegmentPostings, doc: DocId) -> bool {
    postings.doc() <= doc && postings.seek(doc) == doc
}

/// The postings of `word`, which stemming changes to `stem`, in `segment`'s forms field.
fn form_postings(
    segment: &SegmentReader,
    forms_field: Field,
    word: &str,
    stem: &str,
    option: IndexRecordOption,
) -> tantivy::Result<Option<SegmentPostings>> {
    let term = Term::from_field_text(forms_field, &form_term(stem, word));
    Ok(segment
        .inverted_index(forms_field)?
        .read_postings(&term, option)?)
}

/// Whether the index holds `word` (stemmed: `stem`) as written, in a passage's text or
/// headline. A word stemming leaves alone is taken as held wherever its stem is.
pub(crate) fn holds_word(
    searcher: &tantivy::Searcher,
    fields: &crate::index::schema::Fields,
    word: &str,
    stem: &str,
) -> bool {
    let held = |field: Field, term: &str| {
        searcher
            .doc_freq(&Term::from_field_text(field, term))
            .is_ok_and(|n| n > 0)
    };
    if word == stem {
        held(fields.text, stem) || held(fields.title, stem)
    } else {
        let form = form_term(stem, word);
        held(fields.text_forms, &form) || held(fields.title_forms, &form)
    }
}

/// The postings of every form of one stem in a segment (the forms field's terms under
/// [`form_prefix`]): where the stemmed field's term stands for another word than the stem.
pub(crate) struct StemForms(Vec<SegmentPostings>);

impl StemForms {
    /// Every form of `stem` in `segment`'s `forms_field`; `option`: frequencies, or frequencies
    /// and positions.
    pub(crate) fn open(
        segment: &SegmentReader,
        forms_field: Field,
        stem: &str,
        option: IndexRecordOption,
    ) -> tantivy::Result<StemForms> {
        let index = segment.inverted_index(forms_field)?;
        // The forms of a stem are neighbours in the dictionary, under its prefix.
        let prefix = form_prefix(stem);
        let mut end = prefix.clone().into_bytes();
        *end.last_mut().expect("a prefix ends with the separator") += 1;
        let mut stream = index
            .terms()
            .range()
            .ge(prefix.as_bytes())
            .lt(&end)
            .into_stream()?;
        let mut forms = Vec::new();
        while stream.advance() {
            forms.push(index.read_postings_from_terminfo(stream.value(), option)?);
        }
        Ok(StemForms(forms))
    }

    /// The forms in `doc`: documents must be asked in increasing order.
    fn on(&mut self, doc: DocId) -> impl Iterator<Item = &mut SegmentPostings> {
        self.0
            .iter_mut()
            .filter_map(move |f| holds(f, doc).then_some(f))
    }

    /// How many words of `doc` are forms of the stem.
    fn freq(&mut self, doc: DocId) -> u32 {
        self.on(doc).map(|f| f.term_freq()).sum()
    }
}

/// One word as written, in one segment: its postings, read so that only the word itself counts.
pub(crate) enum WordPostings {
    /// A word stemming changes: the postings of its form term.
    Changed(SegmentPostings),
    /// A word stemming leaves alone: its stem's postings, less the positions of every form of
    /// that stem.
    Unchanged {
        stem: SegmentPostings,
        forms: StemForms,
    },
}

impl WordPostings {
    /// The postings of `word` (stemmed: `stem`) in `segment`, or `None` if it is not there.
    /// `option` is what is read: frequencies, or frequencies and positions.
    pub(crate) fn open(
        segment: &SegmentReader,
        fields: (Field, Field),
        word: &str,
        stem: &str,
        option: IndexRecordOption,
    ) -> tantivy::Result<Option<WordPostings>> {
        let (stem_field, forms_field) = fields;
        if word != stem {
            return Ok(
                form_postings(segment, forms_field, word, stem, option)?.map(WordPostings::Changed)
            );
        }
        let Some(stem_postings) = segment
            .inverted_index(stem_field)?
            .read_postings(&Term::from_field_text(stem_field, stem), option)?
        else {
            return Ok(None);
        };
        Ok(Some(WordPostings::Unchanged {
            stem: stem_postings,
            forms: StemForms::open(segment, forms_field, stem, option)?,
        }))
    }

    /// The postings whose documents are the candidates: each holds the word or a form of it.
    fn driver(&mut self) -> &mut SegmentPostings {
        match self {
            WordPostings::Changed(p) => p,
            WordPostings::Unchanged { stem, .. } => stem,
        }
    }

    /// The positions of the word itself in `doc` (the driver must be on it), sorted, into `out`.
    fn positions_on(&mut self, doc: DocId, out: &mut Vec<u32>, scratch: &mut Vec<u32>) {
        out.clear();
        match self {
            WordPostings::Changed(p) => p.positions(out),
            WordPostings::Unchanged { stem, forms } => {
                stem.positions(out);
                scratch.clear();
                for f in forms.on(doc) {
                    f.append_positions_with_offset(0, scratch);
                }
                if !scratch.is_empty() {
                    scratch.sort_unstable();
                    out.retain(|p| scratch.binary_search(p).is_err());
                }
            }
        }
    }
}

/// How often a word as written is in each document of a segment, for a reader that has its
/// stem's frequency at hand already (the ranking reads the stemmed postings anyway).
pub(crate) enum ExactFreq {
    /// A word stemming changes: its form term's postings (`None`: not in the segment).
    Changed(Option<Box<SegmentPostings>>),
    /// A word stemming leaves alone: the forms of its stem, whose counts its stem's includes.
    Unchanged(StemForms),
}

impl ExactFreq {
    /// For `word` (stemmed: `stem`) in `segment`'s `forms_field`.
    pub(crate) fn open(
        segment: &SegmentReader,
        forms_field: Field,
        word: &str,
        stem: &str,
    ) -> tantivy::Result<ExactFreq> {
        let option = IndexRecordOption::WithFreqs;
        Ok(if word == stem {
            ExactFreq::Unchanged(StemForms::open(segment, forms_field, stem, option)?)
        } else {
            ExactFreq::Changed(
                form_postings(segment, forms_field, word, stem, option)?.map(Box::new),
            )
        })
    }

    /// How often the word itself is in `doc`, whose stemmed field holds its stem `stem_freq`
    /// times. Documents must be asked in increasing order.
    pub(crate) fn freq(&mut self, doc: DocId, stem_freq: u32) -> u32 {
        match self {
            ExactFreq::Changed(Some(p)) => {
                if holds(p, doc) {
                    p.term_freq()
                } else {
                    0
                }
            }
            ExactFreq::Changed(None) => 0,
            // Each position holds one word: the stem's count less its forms' counts.
            ExactFreq::Unchanged(forms) if stem_freq > 0 => {
                stem_freq.saturating_sub(forms.freq(doc))
            }
            ExactFreq::Unchanged(_) => 0,
        }
    }
}

/// Passages holding words as written, in order and adjacent: a quoted phrase, or one word.
#[derive(Debug, Clone)]
pub(crate) struct ExactQuery {
    /// (word, stem) of each word, in order.
    words: Vec<(String, String)>,
    stem_field: Field,
    forms_field: Field,
}

impl ExactQuery {
    /// The phrase `words` (as written, lowercased and folded) with their `stems`, in the text
    /// whose stemmed field is `stem_field` and forms field `forms_field`.
    pub(crate) fn new(
        words: &[String],
        stems: &[String],
        stem_field: Field,
        forms_field: Field,
    ) -> ExactQuery {
        ExactQuery {
            words: words.iter().cloned().zip(stems.iter().cloned()).collect(),
            stem_field,
            forms_field,
        }
    }
}

impl Query for ExactQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let bm25 = match enable_scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } if !self.words.is_empty() => {
                let terms: Vec<Term> = self
                    .words
                    .iter()
                    .map(|(_, stem)| Term::from_field_text(self.stem_field, stem))
                    .collect();
                Some(Bm25Weight::for_terms(statistics_provider, &terms)?)
            }
            _ => None,
        };
        Ok(Box::new(ExactWeight {
            query: self.clone(),
            bm25,
        }))
    }
}

struct ExactWeight {
    query: ExactQuery,
    /// BM25 of the phrase's stems in the stemmed field (`None`: scoring is off).
    bm25: Option<Bm25Weight>,
}

impl ExactWeight {
    /// Every matching document of the segment with its score, in order.
    fn matches(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<Vec<(DocId, Score)>> {
        let q = &self.query;
        let mut words = Vec::with_capacity(q.words.len());
        for (word, stem) in &q.words {
            match WordPostings::open(
                reader,
                (q.stem_field, q.forms_field),
                word,
                stem,
                IndexRecordOption::WithFreqsAndPositions,
            )? {
                Some(w) => words.push(w),
                None => return Ok(Vec::new()),
            }
        }
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let norms = match reader.fieldnorms_readers().get_field(q.stem_field)? {
            Some(norms) if self.bm25.is_some() => norms,
            _ => FieldNormReader::constant(reader.max_doc(), 1),
        };
        let bm25 = self.bm25.as_ref().map(|w| w.boost_by(boost));
        let mut out = Vec::new();
        let mut positions: Vec<Vec<u32>> = vec![Vec::new(); words.len()];
        let mut scratch = Vec::new();
        let mut doc = words[0].driver().doc();
        'docs: while doc != TERMINATED {
            // Leapfrog: every word's driver on the same document.
            for w in words.iter_mut() {
                let driver = w.driver();
                let d = if driver.doc() < doc {
                    driver.seek(doc)
                } else {
                    driver.doc()
                };
                if d != doc {
                    doc = d;
                    continue 'docs;
                }
            }
            for (w, out) in words.iter_mut().zip(positions.iter_mut()) {
                w.positions_on(doc, out, &mut scratch);
            }
            let count = phrase_count(&positions);
            if count > 0 {
                let score = match &bm25 {
                    Some(w) => w.score(norms.fieldnorm_id(doc), count),
                    None => 1.0,
                };
                out.push((doc, score));
            }
            doc = words[0].driver().advance();
        }
        Ok(out)
    }
}

/// How many positions start the phrase: word `i` at that position plus `i`, for every word.
fn phrase_count(positions: &[Vec<u32>]) -> u32 {
    let Some((first, rest)) = positions.split_first() else {
        return 0;
    };
    first
        .iter()
        .filter(|&&start| {
            rest.iter().enumerate().all(|(i, p)| {
                start
                    .checked_add(i as u32 + 1)
                    .is_some_and(|at| p.binary_search(&at).is_ok())
            })
        })
        .count() as u32
}

impl Weight for ExactWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(Matches::new(self.matches(reader, boost)?)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        match self.matches(reader, 1.0)?.into_iter().find(|m| m.0 == doc) {
            Some((_, score)) => Ok(Explanation::new("words as written, in order", score)),
            None => Err(TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            ))),
        }
    }
}

/// A segment's matches, computed whole, as a scorer.
struct Matches {
    docs: Vec<(DocId, Score)>,
    at: usize,
}

impl Matches {
    fn new(docs: Vec<(DocId, Score)>) -> Matches {
        Matches { docs, at: 0 }
    }
}

impl DocSet for Matches {
    fn advance(&mut self) -> DocId {
        if self.at < self.docs.len() {
            self.at += 1;
        }
        self.doc()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc() < target {
            self.at += self.docs[self.at..].partition_point(|&(d, _)| d < target);
        }
        self.doc()
    }

    fn doc(&self) -> DocId {
        self.docs.get(self.at).map_or(TERMINATED, |m| m.0)
    }

    fn size_hint(&self) -> u32 {
        (self.docs.len() - self.at) as u32
    }
}

impl Scorer for Matches {
    fn score(&mut self) -> Score {
        self.docs.get(self.at).map_or(0.0, |m| m.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{self, terms};
    use crate::index::schema::{self, Fields};
    use proptest::prelude::*;
    use tantivy::collector::DocSetCollector;
    use tantivy::{Index, TantivyDocument};

    /// An index of `texts`, one passage each, in order, in one segment.
    fn index(texts: &[String]) -> (Index, Fields) {
        let index = Index::create_in_ram(schema::build());
        analysis::register(&index);
        let fields = Fields::from_schema(&index.schema()).unwrap();
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for text in texts {
            let mut doc = TantivyDocument::default();
            doc.add_text(fields.text, text);
            doc.add_text(fields.text_forms, text);
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        (index, fields)
    }

    fn analysed(text: &str, stem: bool) -> Vec<String> {
        let mut analyzer = if stem {
            analysis::stemmed()
        } else {
            analysis::exact()
        };
        terms(&mut analyzer, text)
            .into_iter()
            .map(|t| t.0)
            .collect()
    }

    /// The documents `ExactQuery` finds for `phrase`, and those a scan of each text's words as
    /// written finds.
    fn found_and_expected(texts: &[String], phrase: &str) -> (Vec<DocId>, Vec<DocId>) {
        let (index, fields) = index(texts);
        let (words, stems) = (analysed(phrase, false), analysed(phrase, true));
        let query = ExactQuery::new(&words, &stems, fields.text, fields.text_forms);
        let searcher = index.reader().unwrap().searcher();
        let mut found: Vec<DocId> = searcher
            .search(&query, &DocSetCollector)
            .unwrap()
            .into_iter()
            .map(|a| a.doc_id)
            .collect();
        found.sort_unstable();
        let expected = texts
            .iter()
            .enumerate()
            .filter(|(_, t)| {
                let have = analysed(t, false);
                !words.is_empty() && have.windows(words.len()).any(|w| w == words.as_slice())
            })
            .map(|(i, _)| i as DocId)
            .collect();
        (found, expected)
    }

    fn texts(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn a_word_stemming_leaves_alone_is_not_found_in_its_other_forms() {
        let docs = texts(&[
            "They run every day.",
            "She runs and he is running.",
            "Runs, run, running.",
        ]);
        assert_eq!(found_and_expected(&docs, "run"), (vec![0, 2], vec![0, 2]));
        assert_eq!(found_and_expected(&docs, "runs"), (vec![1, 2], vec![1, 2]));
        assert_eq!(found_and_expected(&docs, "run every"), (vec![0], vec![0]));
        assert_eq!(found_and_expected(&docs, "runs run"), (vec![2], vec![2]));
        assert_eq!(found_and_expected(&docs, "run running"), (vec![2], vec![2]));
        assert_eq!(found_and_expected(&docs, "running run"), (vec![], vec![]));
    }

    #[test]
    fn frequencies_count_the_word_itself() {
        let docs = texts(&["run runs run", "runs running", "", "run"]);
        let (index, fields) = index(&docs);
        let searcher = index.reader().unwrap().searcher();
        let segment = searcher.segment_reader(0);
        let freqs = |word: &str| -> Vec<u32> {
            let stem = analysed(word, true).remove(0);
            let mut stems = segment
                .inverted_index(fields.text)
                .unwrap()
                .read_postings(
                    &Term::from_field_text(fields.text, &stem),
                    IndexRecordOption::WithFreqs,
                )
                .unwrap();
            let mut exact = ExactFreq::open(segment, fields.text_forms, word, &stem).unwrap();
            (0..docs.len() as DocId)
                .map(|d| {
                    let stem_freq =
                        stems
                            .as_mut()
                            .map_or(0, |p| if holds(p, d) { p.term_freq() } else { 0 });
                    exact.freq(d, stem_freq)
                })
                .collect()
        };
        assert_eq!(freqs("run"), [2, 0, 0, 1]);
        assert_eq!(freqs("runs"), [1, 1, 0, 0]);
        assert_eq!(freqs("running"), [0, 1, 0, 0]);
        assert_eq!(freqs("ran"), [0, 0, 0, 0]);
    }

    #[test]
    fn phrases_of_real_news_match_as_an_exact_field_matches_them() {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/data/reuters21578/corpus.jsonl");
        let Ok(corpus) = std::fs::read_to_string(&corpus) else {
            eprintln!("SKIPPED: {} is absent", corpus.display());
            return;
        };
        // The reference: every word as written in a field of its own, searched with tantivy's
        // phrase and term queries.
        use tantivy::query::{PhraseQuery, TermQuery};
        use tantivy::schema::{Schema, TextFieldIndexing, TextOptions};
        let with_positions = |analyzer: &str| {
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(analyzer)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
        };
        let mut builder = Schema::builder();
        let text = builder.add_text_field("text", with_positions(analysis::STEMMED));
        let forms = builder.add_text_field("forms", with_positions(analysis::FORMS));
        let exact = builder.add_text_field("exact", with_positions(analysis::EXACT));
        let index = Index::create_in_ram(builder.build());
        analysis::register(&index);
        let mut writer = index.writer_with_num_threads(1, 50_000_000).unwrap();
        let texts: Vec<String> = corpus
            .lines()
            .take(1500)
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                v["text"].as_str().unwrap_or_default().to_string()
            })
            .collect();
        for t in &texts {
            let mut doc = TantivyDocument::default();
            for field in [text, forms, exact] {
                doc.add_text(field, t);
            }
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let docs = |q: &dyn Query| {
            let mut d: Vec<_> = searcher
                .search(q, &DocSetCollector)
                .unwrap()
                .into_iter()
                .collect();
            d.sort();
            d
        };
        let mut phrases = 0;
        for t in texts.iter().step_by(25) {
            let words = analysed(t, false);
            for (start, len) in [(0, 1), (3, 2), (7, 3), (12, 2), (20, 1)] {
                let Some(phrase) = words.get(start..start + len) else {
                    continue;
                };
                let stems: Vec<String> =
                    phrase.iter().map(|w| analysed(w, true).remove(0)).collect();
                let reference: Box<dyn Query> = if len == 1 {
                    Box::new(TermQuery::new(
                        Term::from_field_text(exact, &phrase[0]),
                        IndexRecordOption::Basic,
                    ))
                } else {
                    Box::new(PhraseQuery::new(
                        phrase
                            .iter()
                            .map(|w| Term::from_field_text(exact, w))
                            .collect(),
                    ))
                };
                let ours = ExactQuery::new(phrase, &stems, text, forms);
                assert_eq!(docs(&ours), docs(&*reference), "{phrase:?}");
                phrases += 1;
            }
        }
        assert!(phrases > 200, "{phrases} phrases compared");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn phrases_match_where_the_words_as_written_follow_each_other(
            docs in prop::collection::vec(
                "((run|runs|running|ran|meet|meeting|meetings|met|the|talks|talk)[ ,.]{1,2}){0,12}",
                1..8,
            ),
            phrase in "((run|runs|running|meet|meeting|the|talks|talk) ){1,3}",
        ) {
            let (found, expected) = found_and_expected(&docs, &phrase);
            prop_assert_eq!(found, expected, "{:?} in {:?}", phrase, docs);
        }
    }
}
