use super::browse::join_cut_quotes;
use super::*;
use crate::metadata::Quote;
use crate::Article;

fn engine() -> Engine {
    let e = Engine::in_memory().unwrap();
    e.index_articles([
        Article::new(
            "a",
            "Lavrov called it pathetic diplomacy.\n\nPeace talks went on in Abu Dhabi.",
        )
        .with_title("Moscow mocks Paris")
        .with_outlet("Kyiv Independent")
        .with_date(time::macros::date!(2026 - 02 - 05)),
        Article::new("b", "Diplomacy resumed between Paris and Moscow.")
            .with_title("Talks")
            .with_outlet("POLITICO"),
    ])
    .unwrap();
    e
}

#[test]
fn full_matches_rank_before_partial_ones() {
    let hits = engine()
        .search(&SearchRequest::new("pathetic diplomacy"))
        .unwrap();
    assert_eq!(hits.len(), 2);
    assert_eq!((hits[0].doc_id.as_str(), hits[0].passage), ("a", 0));
    assert_eq!(hits[1].doc_id, "b");
    assert_eq!(hits[0].rank, 1);
}

#[test]
fn phrases_bind_and_exclusions_exclude() {
    let e = engine();
    let hits = e.search(&SearchRequest::new("\"talks went on\"")).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].passage, 1);
    let hits = e.search(&SearchRequest::new("diplomacy -lavrov")).unwrap();
    assert_eq!(
        hits.iter().map(|h| h.doc_id.as_str()).collect::<Vec<_>>(),
        ["b"]
    );
}

#[test]
fn filters_restrict_by_outlet_and_date() {
    let e = engine();
    let hits = e
        .search(&SearchRequest::new("diplomacy").outlet("politico"))
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].outlet.as_deref(), Some("POLITICO"));
    let hits = e
        .search(&SearchRequest::new("diplomacy").since(time::macros::date!(2026 - 02 - 05)))
        .unwrap();
    assert_eq!(
        hits.iter().map(|h| h.doc_id.as_str()).collect::<Vec<_>>(),
        ["a"]
    );
    let hits = e
        .search(&SearchRequest::new("diplomacy").until(time::macros::date!(2026 - 02 - 04)))
        .unwrap();
    assert!(hits.is_empty());
}

#[test]
fn filters_never_admit_passages_matching_no_query_word() {
    let hits = engine()
        .search(&SearchRequest::new("pathetic zzzz").outlet("Kyiv Independent"))
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert!(hits.iter().all(|h| h.score > 0.0));
}

#[test]
fn filters_written_in_the_query_work_like_options() {
    let e = engine();
    let ids = |q: &str| -> Vec<String> {
        e.search(&SearchRequest::new(q))
            .unwrap()
            .into_iter()
            .map(|h| h.doc_id)
            .collect()
    };
    assert_eq!(ids("diplomacy outlet:politico"), ["b"]);
    assert_eq!(ids("diplomacy -outlet:politico"), ["a"]);
    assert_eq!(ids("diplomacy date:[2026-02-05 TO 2026-02-05]"), ["a"]);
    assert_eq!(ids("diplomacy date:2026-02-04"), Vec::<String>::new());
    assert_eq!(
        ids("outlet:\"Kyiv Independent\"").len(),
        2,
        "a filter alone lists its passages"
    );
    assert!(matches!(
        e.search(&SearchRequest::new("diplomacy date:2026-02-31")),
        Err(Error::InvalidDate { .. })
    ));
}

#[test]
fn bad_requests_are_errors() {
    let e = engine();
    assert!(e.search(&SearchRequest::new("x").limit(0)).is_err());
    assert!(e.search(&SearchRequest::new("x").outlet(" ")).is_err());
    let d = time::macros::date!(2026 - 02 - 05);
    assert!(e
        .search(
            &SearchRequest::new("x")
                .since(d)
                .until(d.previous_day().unwrap())
        )
        .is_err());
}

#[test]
fn reindexing_replaces_and_stats_count() {
    let e = engine();
    let stats = e.stats().unwrap();
    assert_eq!(stats.dates.len(), 1);
    let day = (
        crate::date::format_ymd(stats.dates[0].date),
        stats.dates[0].articles,
    );
    assert_eq!(day, ("2026-02-05".to_string(), 1));
    e.index_articles([Article::new("b", "Replaced text.")])
        .unwrap();
    let stats = e.stats().unwrap();
    assert_eq!((stats.articles, stats.passages), (2, 3));
    let b = e.article("b").unwrap();
    assert_eq!(b.len(), 1);
    assert_eq!(b[0].passages[0].text, "Replaced text.");
}

#[test]
fn excluding_words_that_form_no_phrase_in_a_segment_is_answered() {
    // Found by the `query` fuzz target: tantivy's phrase scorer, probed by an exclusion
    // below its position, failed a debug assertion (tantivy #2811).
    let bytes = b"Wl)\x00\x00\x00\x00\x00\x00\x00(\x00\x00\x00\x00\xe0\xe0\xe0-3\xe0\xe0\xe0\xe0\xe0\xe0\xe0\xe0\xe0\xe0\xe0\xe0\xe0\xe0\x13\x00(\x00\x00\x00\x00\x00-3\xe0\xe0\xe0-3\xe0-3\xe0\xe0\xe0\xe0\xf9\x00";
    let query = String::from_utf8_lossy(bytes);
    let e = Engine::in_memory().unwrap();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    e.index_paths(&[seeds], &mut |_| {}).unwrap();
    assert!(e.search(&SearchRequest::new(query.as_ref())).is_ok());
    let phrase = "\"pathetic diplomacy\"";
    let all = e.search(&SearchRequest::new("Lavrov").limit(100)).unwrap();
    let kept = e
        .search(&SearchRequest::new(format!("Lavrov -{phrase}")).limit(100))
        .unwrap();
    let holds = |h: &Hit| h.text.to_lowercase().contains("pathetic diplomacy");
    assert!(all.iter().any(holds) && !kept.iter().any(holds));
    assert!(!kept.is_empty());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
    /// Any query is answered or refused with a query error: never a panic, never an
    /// index error.
    #[test]
    fn every_query_is_answered_or_refused(
        query in "([\"()+\\-:*~^\\[\\]{}\\\\ ]|AND|OR|NOT|TO|date:|outlet:|speaker:|2026-02-0[1-9]|[\\x00-\\x1f]|\\PC|Lavrov|Moscow){0,24}"
    ) {
        static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
        let e = ENGINE.get_or_init(engine);
        let request = SearchRequest::new(query.clone()).explain(true);
        for result in [e.search(&request).map(|_| ()), e.read_query(&request).map(|_| ())] {
            match result {
                Ok(()) | Err(Error::Query(_) | Error::InvalidDate { .. } | Error::InvalidArgument(_)) => {}
                Err(other) => proptest::prop_assert!(false, "{query:?}: {other}"),
            }
        }
    }
}

#[test]
fn quotes_cut_by_passages_are_listed_whole() {
    let said = "We will go on talking for as many weeks as the peace needs, and then some more.";
    let quote = vec![said; 16].join(" "); // 256 words: passages hold at most 100
    let e = Engine::in_memory().unwrap();
    let articles = ["a", "b"].map(|id| {
        let text =
            format!("Sergei Lavrov said: \"{quote}\" He then left.\n\nLavrov added: \"Enough.\"");
        Article::new(id, &text).with_title("Talks")
    });
    e.index_articles(articles).unwrap();
    let cut = e.article("a").unwrap()[0]
        .passages
        .iter()
        .flat_map(|p| p.quotes.iter().filter(|q| q.cut_before || q.cut_after))
        .count();
    assert!(cut >= 3, "the long quote is stored in parts: {cut}");
    let groups = e.quotes("Lavrov").unwrap();
    let texts: Vec<&str> = groups.iter().map(|g| g.text.as_str()).collect();
    assert_eq!(texts, [quote.as_str(), "Enough."]);
    let carried: Vec<_> = groups[0]
        .carried_by
        .iter()
        .map(|s| (s.doc_id.as_str(), s.passage))
        .collect();
    assert_eq!(carried, [("a", 0), ("b", 0)]);
}

#[test]
fn only_the_next_passage_of_the_same_article_continues_a_cut_quote() {
    let part = |text: &str, cut_before: bool, cut_after: bool| Quote {
        text: text.into(),
        speaker: None,
        attribution: None,
        evidence: String::new(),
        cut_before,
        cut_after,
    };
    let at = |doc_id: &str, passage: u64| QuoteSource {
        doc_id: doc_id.into(),
        outlet: None,
        date: None,
        date_inferred: false,
        passage,
    };
    // Shuffled; "open" and "gap" are two passages apart, "tail" and "other" in two
    // articles.
    let parts = vec![
        ("k2".to_string(), part("other", true, false), at("b", 7)),
        ("k1".to_string(), part("end", true, false), at("a", 1)),
        ("k1".to_string(), part("tail", false, true), at("a", 6)),
        ("k1".to_string(), part("start", false, true), at("a", 0)),
        ("k1".to_string(), part("gap", true, false), at("a", 5)),
        ("k1".to_string(), part("open", false, true), at("a", 3)),
    ];
    let whole: Vec<_> = join_cut_quotes(parts)
        .into_iter()
        .map(|(q, s)| (q.text, s.doc_id, s.passage))
        .collect();
    let expected = [
        ("start end", "a", 0),
        ("open", "a", 3),
        ("gap", "a", 5),
        ("tail", "a", 6),
        ("other", "b", 7),
    ]
    .map(|(t, d, p)| (t.to_string(), d.to_string(), p));
    assert_eq!(whole, expected);
}

#[test]
fn show_returns_passages_in_order() {
    let a = engine().article("a").unwrap();
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].passages.len(), 2);
    assert_eq!(a[0].passages[1].passage, 1);
    assert_eq!(a[0].title, "Moscow mocks Paris");
}

#[test]
fn an_outlet_is_found_and_shown_by_one_name_whatever_it_was_called() {
    let e = Engine::in_memory().unwrap();
    let with_url = |id: &str, text: &str, url: &str| {
        let mut a = Article::new(id, text);
        a.url = Some(url.into());
        a
    };
    e.index_articles([
        with_url(
            "site-named",
            "Two diplomats confirmed to POLITICO that the envoy met Ushakov.",
            "https://www.politico.com/news/1",
        ),
        with_url(
            "site-only",
            "The envoy met Ushakov in Moscow.",
            "https://www.politico.eu/article/2",
        ),
        with_url(
            "other-site",
            "The envoy met Ushakov, sources said.",
            "https://www.conservativebyte.com/3",
        ),
        Article::new("named", "The envoy met Ushakov.").with_outlet("POLITICO Playbook"),
        Article::new("unnamed", "The envoy met Ushakov again."),
        // A page's own name on another site's article (a shared link): the site stays apart.
        {
            let mut shared = Article::new("shared", "The envoy met Ushakov once more.")
                .with_outlet("The Other 98");
            shared.url = Some("https://www.politico.com/news/9".into());
            shared
        },
    ])
    .unwrap();
    // politico.eu is POLITICO's too: sites meet on their first label.
    for alias in [
        "politico",
        "POLITICO Playbook",
        "politico.com",
        "Politico",
        "politico.eu",
    ] {
        let hits = e
            .search(&SearchRequest::new("envoy Ushakov").outlet(alias))
            .unwrap();
        let mut ids: Vec<&str> = hits.iter().map(|h| h.doc_id.as_str()).collect();
        ids.sort();
        assert_eq!(ids, ["named", "site-named", "site-only"], "{alias}");
        assert!(hits.iter().all(|h| h.outlet.as_deref() == Some("POLITICO")));
    }
    let shared = e
        .search(&SearchRequest::new("envoy Ushakov").outlet("The Other 98"))
        .unwrap();
    assert_eq!(shared.len(), 1);
    assert_eq!(shared[0].outlet.as_deref(), Some("The Other 98"));
    // A site no text names goes by its address.
    let hits = e
        .search(&SearchRequest::new("envoy Ushakov").outlet("conservativebyte.com"))
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].outlet.as_deref(), Some("conservativebyte.com"));
    let shown = e.article("site-named").unwrap();
    assert_eq!(shown[0].outlet.as_deref(), Some("POLITICO"));
    let evidence = shown[0]
        .evidence
        .iter()
        .find(|ev| ev.field == "outlet")
        .unwrap();
    assert_eq!(evidence.method, "url");
    let hits = e
        .search(&SearchRequest::new("envoy Ushakov").outlet("nobody"))
        .unwrap();
    assert!(hits.is_empty());
}

#[test]
fn undated_articles_take_dates_from_their_co_reports_with_evidence() {
    let e = Engine::in_memory().unwrap();
    let dated = Article::new(
        "dated",
        "Sergei Lavrov said: \"If you want to call and have a serious conversation, then call. \
         Putin will always pick up the phone.\"\n\nThe envoy Emmanuel Bonne met Yury Ushakov \
         in Moscow.",
    )
    .with_date(time::macros::date!(2026 - 02 - 06));
    let named_day = Article::new(
        "named-day",
        "In an interview published on Feb. 5, Lavrov mocked the French. \"Putin will always \
         pick up the phone,\" he said.",
    );
    let copy = Article::new(
        "copy",
        "Lavrov was blunt. \"If you want to call and have a serious conversation, then call. \
         Putin will always pick up the phone,\" he told the broadcaster.",
    );
    let one_quote = Article::new(
        "one-quote",
        "Lavrov repeated his line. \"Putin will always pick up the phone,\" he said.",
    );
    let unrelated = Article::new("unrelated", "Oil prices rose in Houston on heavy trading.");
    e.index_articles([dated, named_day, copy, one_quote, unrelated])
        .unwrap();
    let shown = |id: &str| e.article(id).unwrap().remove(0);
    let named = shown("named-day");
    assert_eq!(named.date, Some(time::macros::date!(2026 - 02 - 05)));
    assert!(named.date_inferred);
    let evidence: Vec<_> = named
        .evidence
        .iter()
        .filter(|ev| ev.field == "date")
        .collect();
    assert_eq!(evidence.len(), 1, "{evidence:?}");
    assert_eq!(evidence[0].method, "inferred_year");
    assert!(evidence[0].matched.contains("dated"));
    let copy = shown("copy");
    assert_eq!(copy.date, Some(time::macros::date!(2026 - 02 - 06)));
    assert!(copy.date_inferred);
    // One shared quote gives no date of its own, nor does nothing in common.
    assert_eq!(shown("one-quote").date, None);
    assert_eq!(shown("unrelated").date, None);
    assert!(!shown("dated").date_inferred);
    // Filters count inferred dates.
    let hits = e
        .search(&SearchRequest::new("Lavrov").since(time::macros::date!(2026 - 02 - 05)))
        .unwrap();
    // Copies are grouped under the first hit.
    let mut ids: Vec<&str> = hits
        .iter()
        .flat_map(|h| std::iter::once(&h.doc_id).chain(h.also_in.iter().map(|c| &c.doc_id)))
        .map(String::as_str)
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids, ["copy", "dated", "named-day"]);
    assert!(hits.iter().any(|h| h.date_inferred));
}

#[test]
fn a_story_dates_an_undated_report_only_when_its_reports_agree_on_the_day() {
    let story = "The envoy Emmanuel Bonne met Yury Ushakov and Kirill Dmitriev in Moscow, \
                 where the Kremlin spokesman Dmitry Peskov called the talks useful.";
    let fillers = (0..8).map(|i| {
        Article::new(
            format!("filler-{i}"),
            "Oil prices rose in Houston as traders in Singapore and Rotterdam bought cargoes.",
        )
        .with_date(time::macros::date!(2026 - 01 - 10))
    });
    let dated = |id: &str, day: time::Date| Article::new(id, story).with_date(day);
    let undated = || Article::new("undated", format!("Reports said so. {story}"));
    let feb_6 = time::macros::date!(2026 - 02 - 06);

    // One dated report of the story: the undated one takes its day, marked inferred.
    let e = Engine::in_memory().unwrap();
    let mut articles: Vec<Article> = fillers.clone().collect();
    articles.extend([dated("first", feb_6), undated()]);
    e.index_articles(articles).unwrap();
    let shown = e.article("undated").unwrap().remove(0);
    assert_eq!(shown.date, Some(feb_6));
    assert!(shown.date_inferred);
    let evidence = shown.evidence.iter().find(|ev| ev.field == "date").unwrap();
    assert_eq!(evidence.method, "inferred_story");

    // Reports of the same names five weeks apart: no day is told, so none is given.
    let e = Engine::in_memory().unwrap();
    let mut articles: Vec<Article> = fillers.collect();
    articles.extend([
        dated("first", feb_6),
        dated("later", time::macros::date!(2026 - 03 - 13)),
        undated(),
    ]);
    e.index_articles(articles).unwrap();
    let shown = e.article("undated").unwrap().remove(0);
    assert_eq!(shown.date, None, "{:?}", shown.evidence);
}

#[test]
fn days_named_relative_to_the_date_are_evidence_with_their_passage() {
    let e = Engine::in_memory().unwrap();
    let text = "Macron's adviser Emmanuel Bonne visited Moscow on Tuesday.\n\n\
                The ministers will meet again on Tuesday, the Kremlin said yesterday.";
    let dated = Article::new("dated", text).with_date(time::macros::date!(2026 - 02 - 06));
    let undated = Article::new("undated", text);
    e.index_articles([dated, undated]).unwrap();
    let days = |id: &str| -> Vec<(String, String)> {
        e.article(id).unwrap()[0]
            .evidence
            .iter()
            .filter(|ev| ev.field == "day")
            .map(|ev| (ev.value.clone(), ev.matched.clone()))
            .collect()
    };
    assert_eq!(
        days("dated"),
        [
            (
                "2026-02-03".to_string(),
                "[0] … adviser Emmanuel Bonne visited Moscow on Tuesday".to_string()
            ),
            (
                "2026-02-10".to_string(),
                "[1] The ministers will meet again on Tuesday".to_string()
            ),
            (
                "2026-02-05".to_string(),
                "[1] … on Tuesday, the Kremlin said yesterday".to_string()
            ),
        ]
    );
    // Without a date there is nothing to resolve them against.
    assert!(days("undated").is_empty());
}
