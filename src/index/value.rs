//! How values are encoded in the index: an article's key and id, dates, and the
//! `speaker_names` terms.

use tantivy::DateTime;
use time::Date;

use crate::ingest::Origin;

/// The identity of an article in the index: its source and its doc id, apart by U+001F (doc
/// ids are unique only within their source).
pub(crate) fn article_key(origin: &str, doc_id: &str) -> String {
    format!("{origin}\u{1f}{doc_id}")
}

/// An article's source as the `origin` field holds it: the file's path, or `memory`.
pub(crate) fn origin_value(origin: &Origin) -> String {
    origin
        .file()
        .map_or_else(|| "memory".to_string(), |p| p.display().to_string())
}

/// The 64-bit id of an article with this key, as the `article_id` field holds it: XXH3, whose
/// values are fixed, where std's `DefaultHasher` may change with the Rust release that builds
/// lede (an index outlives the binary that wrote it).
pub(crate) fn article_id(key: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(key.as_bytes())
}

/// Publication dates are stored as midnight UTC of their day.
pub(crate) fn to_datetime(date: Date) -> DateTime {
    DateTime::from_utc(date.midnight().assume_utc())
}

/// The `speaker_names` term of a speaker: their alias key and the name as the article gives
/// it; its document frequency picks each key's canonical name.
pub(crate) fn speaker_name_term(key: &str, name: &str) -> String {
    format!("{key}\u{1f}{name}")
}

/// The term an article's outlet adds to `outlet_names`: its site (empty if none) and name.
pub(crate) fn outlet_name_term(site: Option<&str>, name: &str) -> String {
    format!("{}\u{1f}{name}", site.unwrap_or(""))
}

/// The site (if any) and name of an `outlet_names` term.
pub(crate) fn read_outlet_name_term(term: &str) -> Option<(Option<&str>, &str)> {
    let (site, name) = term.split_once('\u{1f}')?;
    Some(((!site.is_empty()).then_some(site), name))
}

/// The alias key and name of a `speaker_names` term.
pub(crate) fn read_speaker_name_term(term: &str) -> Option<(&str, &str)> {
    term.split_once('\u{1f}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_corpora_apart() {
        let a = article_key(
            &origin_value(&Origin::Line("/data/bbc/corpus.jsonl".into(), 1)),
            "1",
        );
        let b = article_key(
            &origin_value(&Origin::Line("/data/reuters/corpus.jsonl".into(), 1)),
            "1",
        );
        assert_ne!(a, b);
        assert_ne!(article_id(&a), article_id(&b));
    }

    #[test]
    fn outlet_name_terms_read_back() {
        let term = outlet_name_term(Some("politico.com"), "POLITICO");
        assert_eq!(
            read_outlet_name_term(&term),
            Some((Some("politico.com"), "POLITICO"))
        );
        let term = outlet_name_term(None, "The Kyiv Independent");
        assert_eq!(
            read_outlet_name_term(&term),
            Some((None, "The Kyiv Independent"))
        );
    }

    #[test]
    fn speaker_name_terms_read_back() {
        let term = speaker_name_term("lavrov|s", "Sergei Lavrov");
        assert_eq!(
            read_speaker_name_term(&term),
            Some(("lavrov|s", "Sergei Lavrov"))
        );
    }
}
