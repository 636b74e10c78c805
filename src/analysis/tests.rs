use super::news::{short_key, STEM_MEMO_ENTRIES};
use super::*;
use crate::text::term_count;
use proptest::prelude::*;

fn texts(mut analyzer: TextAnalyzer, text: &str) -> Vec<String> {
    terms(&mut analyzer, text)
        .into_iter()
        .map(|t| t.0)
        .collect()
}

#[test]
fn words_are_uax29_words() {
    assert_eq!(
        texts(exact(), "The U.S. paid 1,750 dlrs; full-scale war."),
        ["the", "u.s", "paid", "1,750", "dlrs", "full", "scale", "war"]
    );
}

#[test]
fn apostrophes_and_possessives() {
    assert_eq!(texts(exact(), "Russia’s Russia's"), ["russia", "russia"]);
    assert_eq!(texts(exact(), "it’s don't"), ["it", "don't"]);
    // Every apostrophe-like character is unified, whatever its length in UTF-8.
    assert_eq!(
        texts(exact(), "Kyivʼs ‘word’ O‘Neill don’t’s"),
        ["kyiv", "word", "o'neill", "don't"]
    );
}

#[test]
fn accents_fold_and_case_lowers() {
    assert_eq!(
        texts(exact(), "Süddeutsche ZEITUNG"),
        ["suddeutsche", "zeitung"]
    );
    assert_eq!(texts(exact(), "Suddeutsche"), ["suddeutsche"]);
}

#[test]
fn stemming_only_on_the_stemmed_analyzer() {
    assert_eq!(texts(stemmed(), "talks diplomacy"), ["talk", "diplomaci"]);
    assert_eq!(texts(exact(), "talks diplomacy"), ["talks", "diplomacy"]);
}

#[test]
fn colons_split_words() {
    assert_eq!(
        texts(exact(), "speaker:lavrov PARIS: 10:30"),
        ["speaker", "lavrov", "paris", "10", "30"]
    );
}

#[test]
fn offsets_point_at_the_word_without_its_possessive() {
    let text = "Macron’s plan";
    let t = terms(&mut exact(), text);
    assert_eq!(&text[t[0].1..t[0].2], "Macron");
    assert_eq!(&text[t[1].1..t[1].2], "plan");
}

#[test]
fn keyword_terms_are_folded_whole_values() {
    assert_eq!(
        keyword_term("  Süddeutsche   Zeitung "),
        "suddeutsche zeitung"
    );
}

fn tokens(mut analyzer: TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
    }
    out
}

#[test]
fn the_fused_tokenizer_matches_the_filter_chain_on_news_text() {
    let text = "Russia’s Lavrov: “pathetic diplomacy” — Süddeutsche Zeitung, 1,750 dlrs; \
                ÉLYSÉE talks ran 10:30 at the U.S. embassy. İstanbul ß ﬁnance Ⅻ ǅemal";
    let long = format!("{} short {}", "x".repeat(70), "é".repeat(40));
    for t in [text, &long, "", "  ", "talks talks talked"] {
        assert_eq!(tokens(stemmed(), t), tokens(stemmed_chain(), t), "{t}");
        assert_eq!(tokens(exact(), t), tokens(exact_chain(), t), "{t}");
    }
}

#[test]
fn both_fields_of_one_text_share_words_and_stems_stay_right_after_the_memo_fills() {
    // The exact analyzer right after the stemmed one on the same text, and on another.
    let (a, b) = ("Ministers talked", "Ministers talking");
    assert_eq!(texts(stemmed(), a), ["minist", "talk"]);
    assert_eq!(texts(exact(), a), ["ministers", "talked"]);
    assert_eq!(texts(exact(), b), ["ministers", "talking"]);
    // More distinct words than the memo holds: it starts afresh and stems stay right.
    let mut many = String::new();
    for i in 0..(STEM_MEMO_ENTRIES + 10) {
        many.push_str(&format!("talking{i}s "));
    }
    let got = texts(stemmed(), &many);
    assert_eq!(got.len(), STEM_MEMO_ENTRIES + 10);
    assert_eq!(got, texts(stemmed_chain(), &many));
    assert_eq!(texts(stemmed(), "meetings"), ["meet"]);
}

/// Every word of `text` as written, rebuilt from the stemmed and forms analyzers' tokens: at
/// each position, the word of its form term if the forms field has one, else the stem (the
/// word stemming left alone). Also checks that each form term's stem is the stemmed field's
/// token at that position.
fn words_from_stems_and_forms(text: &str) -> Vec<(String, usize, usize, usize)> {
    let forms: std::collections::HashMap<usize, String> = tokens(forms(), text)
        .into_iter()
        .map(|(t, _, _, position)| (position, t))
        .collect();
    tokens(stemmed(), text)
        .into_iter()
        .map(|(stem, from, to, position)| match forms.get(&position) {
            Some(form) => {
                let (form_stem, word) = form.split_once(FORM_SEPARATOR).unwrap();
                assert_eq!(form_stem, stem, "{form:?} at {position} of {text:?}");
                assert_ne!(word, stem);
                (word.to_string(), from, to, position)
            }
            None => (stem, from, to, position),
        })
        .collect()
}

#[test]
fn forms_hold_only_the_words_stemming_changes() {
    let text = "Ministers met in Moscow; the meeting ran on, talks running late.";
    assert_eq!(
        texts(forms(), text),
        [
            "minist\u{1}ministers",
            "meet\u{1}meeting",
            "talk\u{1}talks",
            "run\u{1}running"
        ]
    );
    assert_eq!(form_term("meet", "meeting"), "meet\u{1}meeting");
    assert!(form_term("meet", "meeting").starts_with(&form_prefix("meet")));
    assert!(!form_term("meeting", "meetings").starts_with(&form_prefix("meet")));
    assert_eq!(words_from_stems_and_forms(text), tokens(exact(), text));
}

proptest! {
    #[test]
    fn short_keys_tell_words_apart(
        a in "a{0,17}|[ab`]{0,4}|[ab`]{0,17}",
        edit in 0usize..4,
        at in 0usize..17,
        c in "[ab`]",
    ) {
        // Words alike but for one edit: as long, one longer, one shorter, one byte changed.
        let at = at % a.len().max(1);
        let b = match edit {
            0 => a.clone(),
            1 => format!("{a}{c}"),
            2 => a[..a.len().saturating_sub(1)].to_string(),
            _ => format!("{}{c}{}", &a[..at], a.get(at + 1..).unwrap_or("")),
        };
        let (x, y) = (short_key(&a), short_key(&b));
        prop_assert_eq!(x.is_some(), a.len() <= 16);
        if x.is_some() && y.is_some() {
            prop_assert_eq!(x == y, a == b);
        }
    }

    #[test]
    fn keyword_terms_of_ascii_values_are_the_analyzers(value in "\\PC{0,40}") {
        let single = value.split_whitespace().collect::<Vec<_>>().join(" ");
        prop_assert_eq!(keyword_term(&value), keyword_term_analyzed(&single));
    }

    #[test]
    fn recent_texts_in_any_order_give_the_words_of_each(
        calls in prop::collection::vec((0usize..5, any::<bool>()), 1..40)
    ) {
        // A headline and passages of one article, analysed in any interleaving.
        let pool = ["Talks in Moscow", "Lavrov met Bonne.", "Bonne met Lavrov", "", "talks"];
        for (i, stem) in calls {
            let text = pool[i];
            if stem {
                prop_assert_eq!(tokens(stemmed(), text), tokens(stemmed_chain(), text));
            } else {
                prop_assert_eq!(tokens(exact(), text), tokens(exact_chain(), text));
            }
        }
    }

    #[test]
    fn the_fused_tokenizer_matches_the_filter_chain(text in "\\PC{0,200}") {
        prop_assert_eq!(tokens(stemmed(), &text), tokens(stemmed_chain(), &text));
        prop_assert_eq!(tokens(exact(), &text), tokens(exact_chain(), &text));
    }

    #[test]
    fn the_fused_tokenizer_matches_on_words_and_punctuation(
        text in "([A-Za-zéüİ’'.,:-]{1,12}[ \\n]){0,30}"
    ) {
        prop_assert_eq!(tokens(stemmed(), &text), tokens(stemmed_chain(), &text));
        prop_assert_eq!(tokens(exact(), &text), tokens(exact_chain(), &text));
    }

    #[test]
    fn the_fused_tokenizer_matches_on_ascii_text(
        text in "([A-Za-z0-9_]{1,8}|Talks|MEETING|[a-z]{60,70}|'[sS]|[ .,:;'_\\-\\r\\n]{1,2}){0,40}"
    ) {
        prop_assert_eq!(tokens(stemmed(), &text), tokens(stemmed_chain(), &text));
        prop_assert_eq!(tokens(exact(), &text), tokens(exact_chain(), &text));
    }

    #[test]
    fn stems_and_forms_give_back_every_word_as_written(text in "\\PC{0,200}") {
        prop_assert_eq!(words_from_stems_and_forms(&text), tokens(exact(), &text));
    }

    #[test]
    fn stems_and_forms_give_back_the_words_of_news_shaped_text(
        text in "((The|the|talks|talked|talking|meet|meets|meeting|met|run|runs|running|news|US|U\\.S\\.|Russia’s|Süddeutsche|1,750|ran)[ ,.:]{1,2}){0,40}"
    ) {
        prop_assert_eq!(words_from_stems_and_forms(&text), tokens(exact(), &text));
    }

    #[test]
    fn term_counts_are_the_analyzers_counts(text in "\\PC{0,200}") {
        prop_assert_eq!(term_count(&text), terms(&mut stemmed(), &text).len());
        prop_assert_eq!(term_count(&text), terms(&mut exact(), &text).len());
    }

    #[test]
    fn tokens_are_nonempty_and_offsets_valid(text in "\\PC{0,200}") {
        let mut analyzer = stemmed();
        for (term, from, to) in terms(&mut analyzer, &text) {
            prop_assert!(!term.is_empty());
            prop_assert!(from <= to && to <= text.len());
            prop_assert!(text.is_char_boundary(from) && text.is_char_boundary(to));
        }
    }
}
