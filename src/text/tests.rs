//! Property tests: each fast path finds the words and counts of the general one.

use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

use super::count::*;
use super::words::*;

fn segments(segments: Segments<'_>) -> Vec<(usize, &str)> {
    segments
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
        .collect()
}

#[test]
fn ascii_text_takes_the_fast_path() {
    assert!(matches!(Segments::new("U.S. 1,750"), Segments::Ascii(_)));
    assert!(matches!(
        Segments::new("Russia’s “pathetic” £5"),
        Segments::Typographic(_)
    ));
    assert!(matches!(Segments::new("Лавров"), Segments::Unicode(_)));
}

proptest! {
    #[test]
    fn the_ascii_fast_path_finds_the_words_of_the_general_one(
        text in "[ -~\\t\\r\\n]{0,200}"
    ) {
        let general = Segments::Unicode(text.split_word_bound_indices());
        prop_assert_eq!(segments(Segments::new(&text)), segments(general));
    }


    #[test]
    fn the_ascii_fast_path_finds_the_words_of_news_shaped_text(
        text in "([A-Za-z0-9]{1,8}[ .,:;'_\\-\\n]{1,2}){0,30}"
    ) {
        let general = Segments::Unicode(text.split_word_bound_indices());
        prop_assert_eq!(segments(Segments::new(&text)), segments(general));
    }


    #[test]
    fn ascii_words_are_the_words(
        text in "([A-Za-z0-9_]{1,8}|[A-Za-z]{60,70}|'[sS]|[ .,:;'_\\-\\r\\n\\t]{1,2}){0,40}"
    ) {
        let mut words = Words::new(&text);
        let mut word = String::new();
        let mut want = Vec::new();
        while let Some((from, to)) = words.next_into(&mut word) {
            prop_assert_eq!(&word, &text[from..to]);
            want.push((from, to, want.len()));
        }
        let mut found = Vec::new();
        ascii_words(text.as_bytes(), |from, to| found.push((from, to, found.len())));
        prop_assert_eq!(found, want);
    }


    #[test]
    fn typographic_words_are_unicode_segmentations(
        news in "([A-Za-zÀ-ÿ0-9_]{1,8}|[A-Za-z]{1,3}[.'’‘:][A-Za-z]{1,3}|[0-9]{1,3}[.,;'’][0-9]{1,3}|[ \u{a0}\n\r\t]{1,2}|[.,:;'’‘“”«»()\\-–—…£€°×÷•′″\x22_]{1,2}){0,40}",
        any in "[\x00-\x7f\u{a0}À-ÿªµº‘’“”«»–—…£€°•′″]{0,80}",
    ) {
        for text in [&news, &any] {
            let want: Vec<(usize, &str)> = text.unicode_word_indices().collect();
            let found: Option<Vec<(usize, &str)>> =
                TypographicWords::new(text).map(Iterator::collect);
            prop_assert_eq!(found, Some(want));
        }
    }


    #[test]
    fn text_with_other_characters_takes_the_general_path(
        text in "[a-z ’]{0,20}[ɐ-ʯ一-鿿\u{300}-\u{36f}\u{ad}\u{85}\u{200d}]{1,3}[a-z .’]{0,20}",
    ) {
        prop_assert!(TypographicWords::new(&text).is_none());
        let general = Segments::Unicode(text.split_word_bound_indices());
        prop_assert_eq!(segments(Segments::new(&text)), segments(general));
    }


    #[test]
    fn uax29_word_counts_are_unicode_segmentations(
        text in "([A-Za-z0-9_]{1,8}|'[sS]|[ .,:;'_\\-\\r\\n\\t]{1,2}|é){0,40}"
    ) {
        prop_assert_eq!(uax29_word_count(&text), text.unicode_words().count());
    }


    #[test]
    fn ascii_term_counts_are_the_words_counted(
        text in "([A-Za-z0-9_]{1,8}|[A-Za-z]{60,70}|'[sS]|[ .,:;'_\\-\\r\\n\\t]{1,2}){0,40}"
    ) {
        prop_assert_eq!(term_count(&text), term_count_by_words(&text));
    }


    #[test]
    fn typographic_term_counts_are_the_words_counted(
        text in "([A-Za-zÀ-ÿ0-9_]{1,8}|[A-Za-z’]{60,70}|[’'][sS]|[a-z]{1,3}:[a-z]{1,3}|[ .,:;'’‘“”\\-–—\u{a0}\n]{1,2}){1,40}"
    ) {
        prop_assert_eq!(term_count(&text), term_count_by_words(&text));
    }


    #[test]
    fn ascii_term_counts_of_any_ascii_are_the_words_counted(text in "[ -~\\t\\r\\n]{0,200}") {
        prop_assert_eq!(term_count(&text), term_count_by_words(&text));
    }
}
