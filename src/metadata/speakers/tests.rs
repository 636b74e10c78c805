use super::patterns::{capitalised_runs, CAPITALISED_RUN};
use super::people::lower_case_words;
use super::*;

fn speakers(paragraphs: &[&str]) -> Vec<Vec<String>> {
    attribute(paragraphs)
        .into_iter()
        .map(|p| p.speeches.into_iter().map(|s| s.person.name).collect())
        .collect()
}

#[test]
fn quotes_take_the_speaker_named_after_them() {
    let got = attribute(&[
        "Russia’s Foreign Minister Sergey Lavrov spoke to RT.",
        "“You know, this is not serious. It’s pathetic diplomacy,” Lavrov stated.",
    ]);
    let (_, q) = &got[1].quotes[0];
    assert_eq!(
        q.text,
        "You know, this is not serious. It’s pathetic diplomacy"
    );
    assert_eq!(q.speaker.as_ref().unwrap().name, "Sergey Lavrov");
    assert_eq!(q.attribution, Some(Attribution::After));
}

#[test]
fn quotes_take_the_speaker_named_before_them_and_continue() {
    let got = attribute(&[
        "Kremlin spokesperson Dmitry Peskov said: “Moscow is open to talks.” Later he added more. “We will see,” the aide said.",
    ]);
    let quotes: Vec<(String, Option<String>)> = got[0]
        .quotes
        .iter()
        .map(|(_, q)| (q.text.clone(), q.speaker.as_ref().map(|p| p.name.clone())))
        .collect();
    assert_eq!(
        quotes[0],
        (
            "Moscow is open to talks.".into(),
            Some("Dmitry Peskov".into())
        )
    );
}

#[test]
fn pronouns_and_roles_resolve_to_people_of_the_article() {
    let got = speakers(&[
        "French President Emmanuel Macron met Russian President Vladimir Putin.",
        "\"Russia will remain,\" he told reporters.",
        "The Russian president said he was ready.",
    ]);
    assert_eq!(got[1], ["Vladimir Putin"]);
    assert_eq!(got[2], ["Vladimir Putin"]);
}

#[test]
fn surnames_resolve_only_to_people_named_in_full() {
    let got = speakers(&[
        "Foreign Minister Sergey Lavrov met envoys.",
        "Lavrov said talks were possible. Politico reported the visit. Moscow said nothing.",
    ]);
    assert_eq!(got[1], ["Sergey Lavrov"]);
    let got = speakers(&[
        "French President Emmanuel Macron's comments drew scorn.",
        "Macron said on Feb. 3 that work was underway. It failed to dissuade Ukraine. He said more.",
        "Following Macron's call, Macron said the talks were following a plan.",
    ]);
    assert!(
        !got[1].is_empty() && got[1].iter().all(|s| s == "Emmanuel Macron"),
        "{got:?}"
    );
    assert!(got[2].iter().all(|s| s == "Emmanuel Macron"), "{got:?}");
}

#[test]
fn adverbs_and_auxiliaries_may_stand_before_the_verb() {
    let got = speakers(&[
        "Russian Foreign Minister Sergei Lavrov previously said Putin was open to contact.",
    ]);
    assert_eq!(got[0], ["Sergei Lavrov"]);
    let got = speakers(&["French President Emmanuel Macron has repeatedly said Europe must talk."]);
    assert_eq!(got[0], ["Emmanuel Macron"]);
}

#[test]
fn companies_are_not_speakers_and_roles_end_at_the_last_title_word() {
    let got = speakers(&[
        "Chrysler Corp said sales fell. Treasury Secretary James Baker said the dollar was stable.",
        "Chancellor of the Exchequer Nigel Lawson told parliament. Chrysler Chairman Lee Iacocca said so.",
    ]);
    assert_eq!(got[0], ["James Baker"]);
    assert_eq!(got[1], ["Nigel Lawson", "Lee Iacocca"]);
}

#[test]
fn institutions_teams_media_and_places_are_not_speakers() {
    let got = speakers(&[
        "Downing Street said talks would go on. Manchester United said the fee was agreed.",
        "The Supreme Court said so, and the Geological Survey told Congress. Fox News said it.",
        "Graham Poll said he was sorry. John Hall said the same.",
    ]);
    assert!(got[0].is_empty(), "{:?}", got[0]);
    assert!(got[1].is_empty(), "{:?}", got[1]);
    assert_eq!(got[2], ["Graham Poll", "John Hall"]);
}

#[test]
fn paraphrase_and_according_to_count() {
    let got = speakers(&[
        "Ukraine's Security Council Secretary Rustem Umerov said the talks were constructive, according to Emmanuel Bonne.",
    ]);
    assert_eq!(got[0], ["Rustem Umerov", "Emmanuel Bonne"]);
}

#[test]
fn a_title_before_a_paraphrase_makes_a_lone_surname_a_person() {
    let got = speakers(&[
        "Mr. Netanyahu said that the deal was a mistake. Sen. Sanders told reporters he agreed.",
        "Obama said the same. Paris said the deal was good. He flew to Iraq. Obama said so.",
    ]);
    assert_eq!(got[0], ["Netanyahu", "Sanders"]);
    // Without a title, a surname the article never gives in full is no one's.
    assert!(got[1].is_empty(), "{:?}", got[1]);
}

#[test]
fn keys_make_aliases_one_speaker() {
    let a = Person {
        name: "Sergey Lavrov".into(),
    };
    let b = Person {
        name: "Sergei Lavrov".into(),
    };
    assert_eq!(a.key(), "lavrov|s");
    assert_eq!(a.key(), b.key());
    assert_eq!(a.surname_key(), "lavrov");
    assert_eq!(
        split_role("Russia’s Foreign Minister Sergey Lavrov").1,
        "Sergey Lavrov"
    );
    assert_eq!(
        lookup_key("Russia’s Foreign Minister Sergei Lavrov").as_deref(),
        Some("lavrov|s")
    );
    assert_eq!(lookup_key("LAVROV").as_deref(), Some("lavrov"));
    assert_eq!(lookup_key("  "), None);
}

proptest::proptest! {
    #[test]
    fn any_text_is_attributed_without_panic_and_ranges_hold(
        paragraphs in proptest::collection::vec("[A-Za-z “”\"’'.,:!?é-]{0,120}|\\PC{0,60}", 0..6)
    ) {
        let refs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
        let got = attribute(&refs);
        proptest::prop_assert_eq!(got.len(), refs.len());
        for (text, speech) in refs.iter().zip(&got) {
            for (range, _) in &speech.quotes {
                proptest::prop_assert!(text.get(range.clone()).is_some());
            }
            for s in &speech.speeches {
                proptest::prop_assert!(text.get(s.range.clone()).is_some());
                proptest::prop_assert!(!s.person.name.trim().is_empty());
            }
        }
    }
}

fn spans(text: &str) -> Vec<&str> {
    quote_spans(text)
        .into_iter()
        .map(|r| text[r].trim())
        .collect()
}

#[test]
fn quoted_paragraphs_run_together_give_each_quote() {
    // Several quoted paragraphs made one: each opens, only the last closes; later quotes
    // of the paragraph are still read the right way round.
    let text = "Roosevelt said: \"This year can see the end. \"Most of all, peace.\" \
                Those hopes were met. A return to \"normalcy\" failed.";
    assert_eq!(
        spans(text),
        [
            "This year can see the end.",
            "Most of all, peace.",
            "normalcy"
        ]
    );
    assert_eq!(
        spans("“One hope. “Two hopes,” he said."),
        ["One hope.", "Two hopes,"]
    );
}

#[test]
fn a_stray_closing_mark_opens_nothing() {
    let text = "They met in peace.\" All hopes were met by \"hold the line\" orders.";
    assert_eq!(spans(text), ["hold the line"]);
    let text = "It ended,\" he said of \"hold the line\" orders.";
    assert_eq!(spans(text), ["hold the line"]);
}

#[test]
fn wire_spacing_and_mixed_marks_are_read() {
    assert_eq!(
        spans("Haughey said:\" Delors assured me.\" He added,\" I can say so.\""),
        ["Delors assured me.", "I can say so."]
    );
    assert_eq!(
        spans("\"We are ready,\" he said, \"to talk.\""),
        ["We are ready,", "to talk."]
    );
    assert_eq!(
        spans("\"It is not true,” Christie said on “Face the Nation.”"),
        ["It is not true,", "Face the Nation."]
    );
}

proptest::proptest! {
    /// Quotes written as wire copy writes them are found as written, whatever stray
    /// closing mark comes before them.
    #[test]
    fn well_formed_quotes_are_found_after_a_stray_mark(
        pieces in proptest::collection::vec(
            (proptest::bool::ANY, "[A-Za-z]{1,8}( [a-z]{1,8}){0,5}[.,!?]?"),
            0..8,
        ),
        stray in proptest::sample::select(vec!["", "It ended.\" ", "It ended,\" he said. "]),
    ) {
        let mut text = String::from(stray);
        let mut want = Vec::new();
        for (quoted, words) in &pieces {
            if *quoted {
                text.push_str(&format!("\"{words}\" "));
                want.push(words.as_str());
            } else {
                text.push_str(&format!("{words} "));
            }
        }
        proptest::prop_assert_eq!(spans(&text), want);
    }
}

#[test]
fn scare_quotes_have_no_speaker_of_their_own() {
    let got =
        attribute(&["Peskov also refused to comment, citing “solidarity” with the French side."]);
    assert_eq!(got[0].quotes.len(), 1);
    assert_eq!(got[0].quotes[0].1.speaker, None);
}

proptest::proptest! {
    /// On ASCII text, and text with typographic punctuation, the patterns' ASCII twins find
    /// the same speakers.
    #[test]
    fn ascii_twins_find_what_the_patterns_find(
        text in "(said|says|told|According to|according to|The|the|foreign|minister|He|She|has|also|quickly|Mr\\.|J\\.|[A-Z][a-z]{1,8}|[a-z]{1,8}|O'Neil|Smith-Jones|[ ,.\"]|[“”‘’—–…\u{a0}]){0,40}"
    ) {
        for pattern in [&*TRAILING, &*LEADING, &*CAPITALISED_RUN].into_iter().chain(&PARAPHRASES.patterns) {
            crate::pattern::assert_twins_agree(pattern, &text);
        }
    }

    /// On ASCII text, the byte scan finds the capitalised runs the pattern finds.
    #[test]
    fn ascii_capitalised_runs_are_the_patterns(
        text in "(((U\\.S\\.|U\\.S|Mr\\.|J\\.|A|I|[A-Z][a-z]{1,8}|McDonald|O'Neil|Smith-Jones|al-Assad|[A-Z]{2,3}\\.?|[a-z]{1,3})[ \t\n\r]{1,2}){1,8}([a-z]{1,8}|[0-9]{1,3}|[ \t\n\r,.\"'-]{1,2})){0,6}"
    ) {
        let found: Vec<Range<usize>> = capitalised_runs(&text).collect();
        for pattern in [CAPITALISED_RUN.ascii(), CAPITALISED_RUN.full()] {
            let want: Vec<Range<usize>> = pattern.find_iter(&text).map(|m| m.range()).collect();
            proptest::prop_assert_eq!(&found, &want);
        }
    }

    /// On ASCII text, the byte split of lower-case words finds the words the general
    /// (Unicode) split finds.
    #[test]
    fn ascii_lower_case_words_are_the_general_ones(
        text in "(said|Said|the|The|O'Neil|mid-term|[A-Za-z]{1,8}|[0-9]{1,3}|[ ,.\"'-]){0,40}"
    ) {
        let general: rustc_hash::FxHashSet<&str> = text
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
            .collect();
        proptest::prop_assert_eq!(lower_case_words(&[text.as_str()]), general);
    }

    /// A paraphrase pattern matches only a text that holds one of the words it needs.
    #[test]
    fn paraphrases_match_only_texts_with_the_words_they_need(
        text in "((said|says|told|sai|According to|according to|accordingly|The minister|the|He|She|has|also|quickly|Mr\\.|Sergei|Lavrov|[A-Z][a-z]{1,8}|[a-z]{1,8}|Émile|Łukasz)[,.\"]? ){0,20}"
    ) {
        for (pattern, words) in PARAPHRASES.patterns.iter().zip(PARAPHRASES.needs) {
            if pattern.on(&text).is_match(&text) && !words.is_empty() {
                proptest::prop_assert!(words.iter().any(|w| text.contains(w)), "{}", text);
            }
        }
    }
}

/// The speaker of each quote of each paragraph, `None` where none is given.
fn quote_speakers(paragraphs: &[&str]) -> Vec<Vec<Option<String>>> {
    attribute(paragraphs)
        .into_iter()
        .map(|p| {
            p.quotes
                .into_iter()
                .map(|(_, q)| q.speaker.map(|s| s.name))
                .collect()
        })
        .collect()
}

#[test]
fn straight_quotes_take_speakers_named_with_initials_or_an_honorific() {
    let got = quote_speakers(&[
        "House Speaker Paul D. Ryan (R-Wis.) spoke after Rep. Gregory W. Meeks.",
        "\"It's heartbreaking,\" Ryan said. \"And this country has to heal.\"",
        "\"Just because he hasn't done it doesn't mean he can't,\" Meeks said.",
        "\"When you see strains on cultures, the byproducts are unpredictable,\" Mr. Obama said.",
    ]);
    let some = |s: &str| Some(s.to_string());
    assert_eq!(got[1], [some("Paul D. Ryan"), some("Paul D. Ryan")]);
    assert_eq!(got[2], [some("Gregory W. Meeks")]);
    assert_eq!(got[3], [some("Obama")]);
}

#[test]
fn a_role_before_a_trailing_name_is_passed_over_but_a_clause_is_not() {
    let got = quote_speakers(&[
        "Mike Huckabee campaigned in Iowa.",
        "“Any candidate needs money,” said Huckabee campaign spokesman Hogan Gidley.",
        "“It’s unanimous,” councilmember Mark Levine said.",
        "“We will win,” a source close to Huckabee said.",
    ]);
    assert_eq!(got[1], [Some("Hogan Gidley".to_string())]);
    assert_eq!(got[2], [Some("Mark Levine".to_string())]);
    assert_eq!(got[3], [None]);
}

#[test]
fn speakers_named_with_an_apposition_or_before_the_sentence_lead_their_quotes() {
    let got = quote_speakers(&[
        "In a statement, Brian Fallon, a spokesman for the campaign, said: “We have cooperated.”",
        "Sen. John Cornyn told reporters this was the only chance. \"This is the one shot,\" he added later.",
        "Sen. Elizabeth Warren endorsed Clinton on television, saying, “She is a fighter.”",
    ]);
    assert_eq!(got[0], [Some("Brian Fallon".to_string())]);
    assert_eq!(got[1], [Some("John Cornyn".to_string())]);
    assert_eq!(got[2], [Some("Elizabeth Warren".to_string())]);
}

#[test]
fn a_quote_opening_a_paragraph_continues_the_last_quote_unless_it_names_another() {
    let got = quote_speakers(&[
        "“We will win,” Foreign Minister Sergey Lavrov said.",
        "“And we will not stop until we do.”",
        "“Nobody believes that,” the aide said.",
    ]);
    let lavrov = Some("Sergey Lavrov".to_string());
    assert_eq!(got[1], [lavrov]);
    // An attribution that names no one the article knows gives no one, not the last speaker.
    assert_eq!(got[2], [None]);
}

#[test]
fn a_paraphrase_reports_its_whole_sentence() {
    let text = "Sen. Harry M. Reid said he would not give her advice. Then the vote began.";
    let got = attribute(&[text]);
    let speech = &got[0].speeches[0];
    assert_eq!(speech.person.name, "Harry M. Reid");
    assert_eq!(
        &text[speech.range.clone()],
        "Sen. Harry M. Reid said he would not give her advice."
    );
}

#[test]
fn surnames_pass_over_generational_suffixes() {
    let p = Person {
        name: "Charles Elliott III".into(),
    };
    assert_eq!(p.surname_key(), "elliott");
    assert_eq!(surname("Martin Luther King Jr."), "King");
}

#[test]
fn a_pronoun_means_the_subject_named_before_it_not_a_later_name() {
    let got = speakers(&[
        "The prosecutor, Larry Abrahamson, dropped the case against Tim Masters of Fort Collins.",
        "Masters, 36, has been investigated for the murder of Peggy Hettrick since he was 15. He has insisted he had nothing to do with her death.",
        "Abrahamson also has vowed to review all contested convictions.",
        "He said he wanted to examine the discovery process with the Fort Collins police chief.",
    ]);
    assert_eq!(got[1], ["Tim Masters"]);
    assert_eq!(got[3], ["Larry Abrahamson"]);
}

#[test]
fn places_and_newspapers_are_not_people() {
    let got = speakers(&[
        "Macron spoke to Germany’s Suddeutsche Zeitung in Fort Collins. Emmanuel Macron said the talks would go on. However, he emphasized the risks.",
    ]);
    assert!(got[0].iter().all(|s| s == "Emmanuel Macron"), "{got:?}");
    assert_eq!(got[0].len(), 2);
}
