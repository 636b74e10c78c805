//! One article made ready for the index: cleaned, its metadata extracted, split into
//! passages, each with its speakers, quotes and answer cues ([`crate::index::document`] makes
//! the documents).

use tantivy::TantivyDocument;

use super::dating::Undated;
use super::StageTimes;
use crate::index::document::{documents, PassageValues};
use crate::index::schema::Fields;
use crate::index::stored::ArticleRecord;
use crate::index::value::origin_value;
use crate::ingest::{self, Article, Origin};
use crate::passage::{self, Passage};

/// An article made ready for the index: its passage documents, or why it has none.
pub(crate) enum Prepared {
    /// Documents to add, and how many pieces of debris were removed.
    Docs(Vec<TantivyDocument>, usize),
    /// An undated article's documents, its head without the stored record: the writer dates
    /// it from its co-reports if it can ([`super::dating`]), then adds the record.
    Undated(Vec<TantivyDocument>, usize, Box<Undated>),
    /// Nothing to index, with the reason.
    Empty(String),
}

/// Cleans and splits an article into its passage documents, adding the wall time of each
/// stage to `times`: the worker turns a chunk's laps into CPU time ([`StageTimes::add_as_cpu`]).
pub(crate) fn prepare(article: &Article, f: &Fields, times: &mut StageTimes) -> Prepared {
    let mut clock = std::time::Instant::now();
    let mut lap = |stage: &mut f64| {
        let now = std::time::Instant::now();
        *stage += (now - clock).as_secs_f64();
        clock = now;
    };
    let cleaned = ingest::clean(&article.text, article.title.is_none());
    lap(&mut times.clean);
    let title = article
        .title
        .clone()
        .or(cleaned.title.clone())
        .unwrap_or_default()
        .trim()
        .to_string();
    let meta = crate::metadata::extract(article, &cleaned);
    let date = meta.date;
    lap(&mut times.metadata);
    let mut passages = passage::split(&cleaned.paragraphs);
    lap(&mut times.passages);
    if passages.is_empty() {
        if title.trim().is_empty() {
            return Prepared::Empty(if article.text.trim().is_empty() {
                "no text and no title".into()
            } else {
                format!(
                    "nothing left after cleaning ({} pieces of debris removed; `lede` keeps no empty article)",
                    cleaned.removed.len()
                )
            });
        }
        // A headline-only article (a wire "brief") is one passage: its headline.
        passages.push(Passage {
            index: 0,
            text: title.clone(),
            paragraph: usize::MAX,
            range: 0..0,
        });
    }
    let cleaned_texts = cleaned.texts();
    let speech = crate::metadata::attribute(&cleaned_texts);
    // What dating an undated article from its co-reports compares.
    let names = match date {
        Some(_) => Default::default(),
        None => super::dating::proper_names(&cleaned_texts),
    };
    let named_day = meta
        .partial_date
        .as_ref()
        .map(|f| (f.month, f.day, f.matched.clone()));
    let values: Vec<PassageValues> = passages
        .into_iter()
        .map(|p| {
            let (speakers, quotes, speaker_evidence) = passage_speech(&speech, &p);
            let cues = crate::cues::find(&p.text, !speakers.is_empty());
            PassageValues {
                text: p.text,
                speakers,
                quotes,
                speaker_evidence,
                cues,
            }
        })
        .collect();
    lap(&mut times.metadata);
    let removed = cleaned.removed.len();
    let record = ArticleRecord {
        origin: origin_value(&article.origin),
        line: match article.origin {
            Origin::Line(_, line) => Some(line as u64),
            _ => None,
        },
        doc_id: article.doc_id.clone(),
        title,
        date,
        date_inferred: false,
        outlet: meta.outlet,
        site: meta.site,
        agency: meta.agency,
        url: article.url.clone(),
        author: article.author.clone(),
        contributors: meta.contributors,
        removed: cleaned.removed,
        evidence: meta.evidence,
    };
    if record.date.is_some() {
        return Prepared::Docs(documents(f, &record, values, true), removed);
    }
    let quotes = values
        .iter()
        .flat_map(|v| v.quotes.iter().map(|q| q.text.clone()))
        .collect();
    let docs = documents(f, &record, values, false);
    Prepared::Undated(
        docs,
        removed,
        Box::new(Undated {
            record,
            quotes,
            named_day,
            names,
        }),
    )
}

/// The speakers (each once, in order) and quotes of one passage.
fn passage_speech(
    speech: &[crate::metadata::ParagraphSpeech],
    passage: &Passage,
) -> (
    Vec<crate::metadata::Person>,
    Vec<crate::metadata::Quote>,
    Vec<crate::metadata::Evidence>,
) {
    let Some(paragraph) = speech.get(passage.paragraph) else {
        return (Vec::new(), Vec::new(), Vec::new());
    };
    let overlaps =
        |r: &std::ops::Range<usize>| r.start < passage.range.end && passage.range.start < r.end;
    let mut speakers: Vec<crate::metadata::Person> = Vec::new();
    let mut evidence = Vec::new();
    for s in paragraph.speeches.iter().filter(|s| overlaps(&s.range)) {
        if !speakers.iter().any(|p| p.key() == s.person.key()) {
            speakers.push(s.person.clone());
            let method = serde_json::to_value(s.attribution)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let matched = if s.evidence.is_empty() {
                "continues the paragraph's quoted speaker".to_string()
            } else {
                s.evidence.clone()
            };
            evidence.push(crate::metadata::Evidence {
                field: "speaker".into(),
                value: s.person.name.clone(),
                method,
                matched,
            });
        }
    }
    // A quote the passage cuts (a long paragraph split at sentences) is carried by each
    // passage as the words it holds: whole, a quote as long as its paragraph would be stored
    // again with every passage of it.
    let quotes = paragraph
        .quotes
        .iter()
        .filter(|(r, _)| overlaps(r))
        .filter_map(|(r, q)| {
            // A quote wholly inside gives its own words back.
            let from = r.start.max(passage.range.start) - passage.range.start;
            let to = r.end.min(passage.range.end) - passage.range.start;
            q.part(
                &passage.text[from..to],
                r.start < passage.range.start,
                r.end > passage.range.end,
            )
        })
        .collect();
    (speakers, quotes, evidence)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::schema;

    fn fields() -> Fields {
        Fields::from_schema(&schema::build()).unwrap()
    }

    /// The documents as the writer adds them (an undated article's record added undated).
    fn added(prepared: Prepared) -> Option<(Vec<TantivyDocument>, usize)> {
        match prepared {
            Prepared::Docs(docs, removed) => Some((docs, removed)),
            Prepared::Undated(mut docs, removed, undated) => {
                crate::index::document::add_record(&fields(), &undated.record, &mut docs);
                Some((docs, removed))
            }
            Prepared::Empty(_) => None,
        }
    }

    #[test]
    fn one_document_per_passage_with_the_article_fields() {
        let article = Article::new("a1", "First paragraph here.\n\nSecond paragraph here.")
            .with_title("Headline")
            .with_outlet("Wire");
        let Some((docs, removed)) = added(prepare(&article, &fields(), &mut StageTimes::default()))
        else {
            panic!("expected documents");
        };
        assert_eq!((docs.len(), removed), (2, 0));
        let stored = crate::index::stored::StoredPassage::from_docs(&docs[1], &docs[0], &fields());
        assert_eq!(stored.article.doc_id, "a1");
        assert_eq!(stored.article.title, "Headline");
        assert_eq!(stored.article.outlet.as_deref(), Some("Wire"));
        assert_eq!(stored.passage, 1);
        assert_eq!(stored.text, "Second paragraph here.");
    }

    #[test]
    fn a_quote_cut_by_passages_is_carried_as_the_words_each_holds() {
        let said =
            "We will go on talking for as many weeks as the peace needs, and then some more. ";
        let quote = said.repeat(10); // 170 words: two passages
        let text = format!(
            "Sergei Lavrov said: \"{}\" He then left the room.",
            quote.trim()
        );
        let article = Article::new("q", &text).with_title("Talks");
        let Some((docs, _)) = added(prepare(&article, &fields(), &mut StageTimes::default()))
        else {
            panic!("expected documents");
        };
        assert_eq!(docs.len(), 2);
        let mut words = Vec::new();
        let mut cuts = Vec::new();
        for doc in &docs {
            let passage = crate::index::stored::StoredPassage::from_docs(doc, &docs[0], &fields());
            assert_eq!(passage.quotes.len(), 1, "{passage:?}");
            let q = &passage.quotes[0];
            assert!(
                passage.text.contains(&q.text),
                "{} not in {}",
                q.text,
                passage.text
            );
            assert_eq!(
                q.speaker.as_ref().map(|p| p.name.as_str()),
                Some("Sergei Lavrov")
            );
            words.extend(q.text.split_whitespace().map(str::to_string));
            cuts.push((q.cut_before, q.cut_after));
        }
        assert_eq!(words, quote.split_whitespace().collect::<Vec<_>>());
        assert_eq!(cuts, [(false, true), (true, false)]);
    }

    #[test]
    fn headline_only_articles_are_one_passage_and_empty_ones_none() {
        let brief = Article::new("b", "").with_title("Oil prices rise");
        let Some((docs, _)) = added(prepare(&brief, &fields(), &mut StageTimes::default())) else {
            panic!("a brief is indexed");
        };
        assert_eq!(docs.len(), 1);
        assert!(matches!(
            prepare(
                &Article::new("c", "  "),
                &fields(),
                &mut StageTimes::default()
            ),
            Prepared::Empty(_)
        ));
    }
}
