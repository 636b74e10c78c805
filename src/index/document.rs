//! The documents an article becomes: one per passage, in order, its head (the first) carrying
//! the headline and the article's stored fields.

use tantivy::TantivyDocument;

use super::schema::Fields;
use super::stored::ArticleRecord;
use super::value::{article_id, outlet_name_term, speaker_name_term, to_datetime};
use crate::analysis;
use crate::cues::Cue;
use crate::metadata::{Evidence, Person, Quote};

/// One passage's own values.
pub(crate) struct PassageValues {
    /// Its text.
    pub text: String,
    /// The speakers it quotes or paraphrases, each once.
    pub speakers: Vec<Person>,
    /// Its quotes (the words it holds of a quote it cuts).
    pub quotes: Vec<Quote>,
    /// How each speaker was found.
    pub speaker_evidence: Vec<Evidence>,
    /// The kinds of answer it holds.
    pub cues: Vec<Cue>,
}

/// The documents of an article: `passages` in order, the first its head; the head holds the
/// stored record when `with_record` (else [`add_record`] adds it later).
pub(crate) fn documents(
    f: &Fields,
    record: &ArticleRecord,
    passages: Vec<PassageValues>,
    with_record: bool,
) -> Vec<TantivyDocument> {
    let id = article_id(&record.key());
    // The whole article's length in terms, headline included, for article-level BM25.
    let terms = passages
        .iter()
        .map(|p| crate::text::term_count(&p.text))
        .sum::<usize>()
        + crate::text::term_count(&record.title);
    let outlet = record.outlet.as_deref().map(analysis::keyword_term);
    let agency = record.agency.as_deref().map(analysis::keyword_term);
    passages
        .into_iter()
        .enumerate()
        .map(|(place, p)| {
            let mut doc = TantivyDocument::default();
            doc.add_u64(f.article_id, id);
            doc.add_u64(f.article_terms, terms as u64);
            doc.add_text(f.origin, &record.origin);
            doc.add_u64(f.passage, place as u64);
            if place == 0 {
                doc.add_text(f.doc_id, &record.doc_id);
                doc.add_text(f.title, &record.title);
                doc.add_text(f.title_forms, &record.title);
                if with_record {
                    doc.add_text(f.article, serde_json::to_string(record).unwrap_or_default());
                }
                if let Some(name) = &record.outlet {
                    doc.add_text(f.outlet_names, outlet_name_term(own_site(record), name));
                }
            }
            doc.add_text(f.text, &p.text);
            doc.add_text(f.text_forms, &p.text);
            if let Some(date) = record.date {
                doc.add_date(f.date, to_datetime(date));
            }
            if let Some(outlet) = &outlet {
                doc.add_text(f.outlet, outlet);
            }
            if let Some(site) = own_site(record).filter(|s| outlet.as_deref() != Some(*s)) {
                doc.add_text(f.outlet, site);
            }
            if let Some(agency) = &agency {
                doc.add_text(f.agency, agency);
            }
            for person in &p.speakers {
                let key = person.key();
                doc.add_text(f.speakers, &person.name);
                doc.add_text(f.speaker_names, speaker_name_term(&key, &person.name));
                doc.add_text(f.speaker_keys, key);
                doc.add_text(f.speaker_keys, person.surname_key());
            }
            for cue in p.cues {
                doc.add_text(f.cues, cue.as_str());
            }
            if !p.speaker_evidence.is_empty() {
                doc.add_text(
                    f.speaker_evidence,
                    serde_json::to_string(&p.speaker_evidence).unwrap_or_default(),
                );
            }
            if !p.quotes.is_empty() {
                doc.add_text(
                    f.quotes,
                    serde_json::to_string(&p.quotes).unwrap_or_default(),
                );
            }
            doc
        })
        .collect()
}

/// Adds the stored record to an article's head made without it, and its date, if it has one
/// now, to every passage.
pub(crate) fn add_record(f: &Fields, record: &ArticleRecord, docs: &mut [TantivyDocument]) {
    if let Some(date) = record.date {
        for doc in docs.iter_mut() {
            doc.add_date(f.date, to_datetime(date));
        }
    }
    if let Some(head) = docs.first_mut() {
        head.add_text(f.article, serde_json::to_string(record).unwrap_or_default());
    }
}

/// The article's site when its outlet name is that site's (the site itself, or a name that
/// fits its address): a name its source gave for another site's article (a page sharing a
/// link) does not name that site.
fn own_site(record: &ArticleRecord) -> Option<&str> {
    let (site, name, url) = (
        record.site.as_deref()?,
        record.outlet.as_deref()?,
        record.url.as_deref()?,
    );
    (name == site || crate::metadata::fits(name, url)).then_some(site)
}
