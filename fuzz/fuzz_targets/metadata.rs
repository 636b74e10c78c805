//! Any text as an article: date, outlet, speakers, quotes and answer cues are extracted
//! without a panic, and every range they report lies inside the text it points into.
#![no_main]

use lede::ingest::{self, Article};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let article = Article::new("fuzz", text);
    let cleaned = ingest::clean(&article.text, true);
    let meta = lede::metadata::extract(&article, &cleaned);
    for e in &meta.evidence {
        assert!(!e.field.is_empty());
    }
    let texts = cleaned.texts();
    let speech = lede::metadata::attribute(&texts);
    assert_eq!(speech.len(), texts.len());
    for (paragraph, text) in speech.iter().zip(&texts) {
        for s in &paragraph.speeches {
            assert!(text.get(s.range.clone()).is_some());
            assert!(!s.person.name.trim().is_empty());
        }
        for (range, _) in &paragraph.quotes {
            assert!(text.get(range.clone()).is_some());
        }
        lede::cues::find(text, !paragraph.speeches.is_empty());
    }
});
