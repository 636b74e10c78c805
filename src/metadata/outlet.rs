//! The outlet that published an article, and the wire agency it carries, from the text.
//!
//! Rules, strongest first:
//!
//! 1. **Copyright**: a copyright footer (`© 2016 POLITICO SPRL`), kept by cleaning as debris.
//! 2. **Opener**: the story opens with the outlet in parentheses (`(CNN)Hillary Clinton ...`,
//!    `WASHINGTON (CNN) -`).
//! 3. **Self-reference**: the outlet names itself as the one reporting (`confirmed to POLITICO`,
//!    `The Kyiv Independent contacted ...`; not `told ABC News`, which as often reports another
//!    outlet's interview), where the name looks like an outlet's (all capitals, `The ...`, a word such as News, Times, Post, Independent, or a web
//!    domain), and the article never cites that name as someone else's report (`according to
//!    Politico`, `Politico reported`): citing outlets is what reports of reports do.
//! 4. **Appeal**: the outlet's own subscription appeal (`Get your daily dose of Eagle Rising`).
//!
//! A wire agency (AFP, Reuters, AP, ...) in a byline or opener (`By Huyen Le (AFP)`,
//! `PARIS (Reuters) -`) is the article's agency, never its outlet.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::ingest::{Debris, Removed};

/// How an outlet or agency was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutletMethod {
    /// A copyright footer.
    Copyright,
    /// The outlet in parentheses opening the story.
    Opener,
    /// The outlet naming itself as the reporter.
    SelfReference,
    /// The outlet's own subscription appeal.
    Appeal,
    /// A wire agency in a byline or opener.
    Byline,
}

/// An outlet or agency found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutletFinding {
    /// The name, as the text writes it.
    pub name: String,
    /// The rule that found it.
    pub method: OutletMethod,
    /// The text it was read from.
    pub matched: String,
}

/// Wire agencies, lower case.
const AGENCIES: &[&str] = &[
    "afp",
    "agence france-presse",
    "ap",
    "associated press",
    "reuters",
    "reuter",
    "upi",
    "dpa",
    "xinhua",
    "pti",
    "ani",
    "ians",
    "tass",
    "interfax",
    "bernama",
    "efe",
    "ansa",
    "kyodo",
    "yonhap",
    "anadolu",
];

/// Words that make a capitalised name an outlet's.
const OUTLET_WORDS: &[&str] = &[
    "news",
    "times",
    "post",
    "journal",
    "independent",
    "telegraph",
    "guardian",
    "herald",
    "tribune",
    "daily",
    "press",
    "radio",
    "tv",
    "television",
    "network",
    "media",
    "magazine",
    "review",
    "observer",
    "gazette",
    "chronicle",
    "insider",
    "today",
    "wire",
    "report",
    "reporter",
    "broadcasting",
    "channel",
    "agency",
    "zeitung",
    "monde",
    "express",
    "mail",
    "standard",
    "star",
    "sun",
    "mirror",
    "bulletin",
    "dispatch",
    "examiner",
    "beast",
    "hill",
];

/// Whether a name is a wire agency.
pub fn is_agency(name: &str) -> bool {
    AGENCIES.contains(&name.trim().to_lowercase().as_str())
}

/// Words that make a name a public body's or an association's, never an outlet's.
const BODY_WORDS: &[&str] = &[
    "academy",
    "association",
    "department",
    "ministry",
    "commission",
    "committee",
    "council",
    "bureau",
    "office",
    "administration",
    "police",
    "court",
    "university",
    "institute",
    "foundation",
    "campaign",
    "party",
    "senate",
    "congress",
    "government",
    "embassy",
    "army",
    "navy",
    "service",
    "irs",
    "fbi",
    "cia",
    "nsa",
    "doj",
    "epa",
    "fda",
    "cdc",
    "dhs",
    "nypd",
    "lapd",
    "nato",
    "un",
    "eu",
];

/// Whether a name is a public body's or an association's (`The IRS`, `The Academy of Country
/// Music`).
fn names_a_body(name: &str) -> bool {
    name.split_whitespace().any(|w| {
        BODY_WORDS.contains(
            &w.to_lowercase()
                .trim_matches(|c: char| !c.is_alphanumeric()),
        )
    })
}

/// Whether a capitalised name looks like an outlet's rather than a person's or a public
/// body's.
fn looks_like_outlet(name: &str) -> bool {
    if names_a_body(name) {
        return false;
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    let all_caps = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
    all_caps
        || words.first() == Some(&"The") && words.len() >= 2
        || words
            .iter()
            .any(|w| OUTLET_WORDS.contains(&w.to_lowercase().trim_matches('.')))
        || DOMAIN.is_match(name)
}

/// Finds the outlet of an article from its paragraphs and the debris cleaning removed.
pub fn find_outlet(paragraphs: &[&str], removed: &[Removed]) -> Option<OutletFinding> {
    for r in removed.iter().filter(|r| r.kind == Debris::Footer) {
        if let Some(c) = COPYRIGHT.captures(&r.text) {
            let name = strip_company_suffix(&c[1]);
            if !name.is_empty() && !is_agency(&name) {
                return Some(OutletFinding {
                    name,
                    method: OutletMethod::Copyright,
                    matched: r.text.clone(),
                });
            }
        }
    }
    if let Some(first) = paragraphs.first() {
        if let Some(c) = OPENER.on(first).captures(first) {
            let name = c[1].trim().to_string();
            if !is_agency(&name) {
                return Some(OutletFinding {
                    name,
                    method: OutletMethod::Opener,
                    matched: c[0].trim().to_string(),
                });
            }
        }
    }
    let text = paragraphs.join("\n");
    let cited = |name: &str| {
        // A short form (`The Post`) is cited when its long form is (`The New York Post
        // reports`).
        let escaped = match name.strip_prefix("The ") {
            Some(last) if !last.contains(' ') => {
                format!(
                    r"The(?:\s+\p{{Lu}}[\p{{L}}.&-]*)*\s+{}",
                    regex::escape(last)
                )
            }
            _ => regex::escape(name),
        };
        let pattern = format!(
            r"(?i:according to|reported by|cited by|quoted by|citing|report(?:ed)? in|as reported by)\s+(?:the\s+)?{escaped}\b|\b{escaped}(?:'s|’s)?\s+(?i:reported|reports|said|says|quoted|wrote|cited|published|first reported)"
        );
        Regex::new(&pattern).is_ok_and(|re| re.is_match(&text))
    };
    for re in [&*SELF_BEFORE, &*SELF_AFTER] {
        for c in re.captures_iter(&text) {
            let name = c[1].trim().trim_end_matches(['.', ',']).to_string();
            if looks_like_outlet(&name) && !is_agency(&name) && !cited(&name) {
                return Some(OutletFinding {
                    name,
                    method: OutletMethod::SelfReference,
                    matched: c[0].trim().to_string(),
                });
            }
        }
    }
    for r in removed.iter().filter(|r| r.kind == Debris::Appeal) {
        if let Some(c) = APPEAL_NAME.captures(&r.text) {
            let name = c[1].trim().to_string();
            // A one-word name that does not look like an outlet's is as often a newsletter's
            // or a column's (`Subscribe to Playbook`).
            let outlet_like = looks_like_outlet(&name)
                || (name.split_whitespace().count() > 1 && !names_a_body(&name));
            if !is_agency(&name) && outlet_like {
                return Some(OutletFinding {
                    name,
                    method: OutletMethod::Appeal,
                    matched: r.text.clone(),
                });
            }
        }
    }
    None
}

/// Finds a wire agency in a byline (`By Huyen Le (AFP)`, `By Cal Mankowski, Reuters`) or the
/// opener (`PARIS (Reuters) -`).
pub fn find_agency(paragraphs: &[&str], removed: &[Removed]) -> Option<OutletFinding> {
    for r in removed.iter().filter(|r| r.kind == Debris::Byline) {
        if let Some(c) = BYLINE_AGENCY.on(&r.text).captures(&r.text) {
            let name = c.get(1).or(c.get(2)).map_or("", |m| m.as_str()).trim();
            if is_agency(name) {
                return Some(OutletFinding {
                    name: name.to_string(),
                    method: OutletMethod::Byline,
                    matched: r.text.clone(),
                });
            }
        }
    }
    let first = paragraphs.first()?;
    let c = OPENER.on(first).captures(first)?;
    is_agency(&c[1]).then(|| OutletFinding {
        name: c[1].trim().to_string(),
        method: OutletMethod::Opener,
        matched: c[0].trim().to_string(),
    })
}

fn strip_company_suffix(name: &str) -> String {
    let mut words: Vec<&str> = name.split_whitespace().collect();
    while let Some(last) = words.last() {
        let l = last
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if [
            "sprl",
            "llc",
            "inc",
            "ltd",
            "plc",
            "gmbh",
            "sa",
            "ag",
            "co",
            "corp",
            "corporation",
            "limited",
            "all",
            "rights",
            "reserved",
        ]
        .contains(&l.as_str())
        {
            words.pop();
        } else {
            break;
        }
    }
    words.join(" ").trim_end_matches([',', '.']).to_string()
}

use crate::pattern::{compile as re, Pattern};

/// A capitalised name of one to four words, optionally "The ...", or a web domain.
const NAME: &str = r"([A-Za-z][\w-]*\.(?:com|org|net|co\.uk|news)\b|(?:The\s+)?\p{Lu}[\p{L}\d&'’-]*(?:\s+(?:\p{Lu}[\p{L}\d&'’-]*|of|for|and))*?(?:\s+\p{Lu}[\p{L}\d&'’-]*)?)";

static DOMAIN: LazyLock<Regex> = LazyLock::new(|| re(r"\.(?:com|org|net|co\.uk|news)$"));
static COPYRIGHT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?([\p{L}\d][\p{L}\d&.' -]{1,60})",
    )
});
/// A [`Pattern`]: its bounded repetitions of Unicode classes are slow to compile, and ASCII
/// copy needs only its ASCII twin.
static OPENER: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"^\s*(?:\p{Lu}[\p{Lu} .,'-]{1,40}\s*)?\(([\p{Lu}][\p{L}\d .&-]{1,30})\)\s*[-–—:]?\s*",
    )
});
static SELF_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b(?:confirmed|explained|revealed|disclosed|described|acknowledged|admitted)\s+to\s+{NAME}(?:\s+(?:that|on|in|last|this|by)\b|[,.;]|\s*$)"
    ))
});
static SELF_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"{NAME}\s+(?:contacted|reached out|has learned|learned|has obtained|obtained|has reviewed|reviewed|has confirmed|could not (?:independently )?(?:verify|confirm)|has not (?:independently )?verified)\b"
    ))
});
static APPEAL_NAME: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i:daily dose of|subscribe to|support|donate to|sign up for)\s+{NAME}"
    ))
});
static BYLINE_AGENCY: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"\(([^)]{1,30})\)\s*$|,\s*([\p{L} ]{1,30})\s*$"));

#[cfg(test)]
mod tests {
    use super::*;

    fn removed(kind: Debris, text: &str) -> Removed {
        Removed {
            line: 1,
            kind,
            text: text.into(),
        }
    }

    fn outlet(paragraphs: &[&str], debris: &[Removed]) -> Option<(String, OutletMethod)> {
        find_outlet(paragraphs, debris).map(|f| (f.name, f.method))
    }

    #[test]
    fn copyright_footers_name_the_outlet() {
        let got = outlet(
            &["Text."],
            &[removed(Debris::Footer, "© 2016 POLITICO SPRL")],
        );
        assert_eq!(got, Some(("POLITICO".into(), OutletMethod::Copyright)));
    }

    #[test]
    fn openers_name_the_outlet_unless_it_is_an_agency() {
        let got = outlet(
            &["(CNN)Hillary Clinton forced Donald Trump onto defense."],
            &[],
        );
        assert_eq!(got, Some(("CNN".into(), OutletMethod::Opener)));
        assert_eq!(outlet(&["PARIS (Reuters) - Talks resumed."], &[]), None);
        let agency = find_agency(&["PARIS (Reuters) - Talks resumed."], &[]).unwrap();
        assert_eq!(agency.name, "Reuters");
    }

    #[test]
    fn self_references_name_the_outlet_but_cited_outlets_do_not() {
        let got = outlet(
            &["Two EU diplomats confirmed to POLITICO that the envoy visited."],
            &[],
        );
        assert_eq!(got, Some(("POLITICO".into(), OutletMethod::SelfReference)));
        let got = outlet(&["Talks were held in Abu Dhabi. The Kyiv Independent contacted several senior French officials."], &[]);
        assert_eq!(got.unwrap().0, "The Kyiv Independent");
        let cited = [
            "Two EU diplomats told Politico that the envoy visited.",
            "The talks were secret, Politico reported.",
        ];
        assert_eq!(outlet(&cited, &[]), None);
        let cited_caps = ["Diplomats told POLITICO that the envoy visited, according to POLITICO."];
        assert_eq!(outlet(&cited_caps, &[]), None);
        let short_form = [
            "The New York Post reports that the team avoided the hospital.",
            "The candidate was driven away, The Post has learned.",
        ];
        assert_eq!(outlet(&short_form, &[]), None);
        let own = ["The candidate was driven away, The Post has learned."];
        assert_eq!(outlet(&own, &[]).unwrap().0, "The Post");
    }

    #[test]
    fn people_are_not_outlets() {
        assert_eq!(
            outlet(&["Lavrov told Macron that talks were possible."], &[]),
            None
        );
        assert_eq!(outlet(&["He told reporters in Paris."], &[]), None);
    }

    #[test]
    fn public_bodies_and_newsletters_are_not_outlets() {
        for text in [
            "The IRS has confirmed the audit.",
            "The Academy of Country Music reached out to the singer.",
            "Officials confirmed to the FBI that the files existed.",
        ] {
            assert_eq!(outlet(&[text], &[]), None, "{text}");
        }
        let newsletter = [removed(Debris::Appeal, "**SUBSCRIBE to Playbook: http://x")];
        assert_eq!(outlet(&["Text."], &newsletter), None);
    }

    #[test]
    fn appeals_name_their_outlet() {
        let got = outlet(
            &["Text."],
            &[removed(
                Debris::Appeal,
                "Get your daily dose of Eagle Rising by entering your email address below.",
            )],
        );
        assert_eq!(got, Some(("Eagle Rising".into(), OutletMethod::Appeal)));
    }

    #[test]
    fn agency_bylines_give_the_agency_not_the_outlet() {
        let debris = [removed(Debris::Byline, "By Huyen Le (AFP)")];
        assert_eq!(outlet(&["Text."], &debris), None);
        assert_eq!(find_agency(&["Text."], &debris).unwrap().name, "AFP");
    }

    proptest::proptest! {
        /// On ASCII text, and text with typographic punctuation, the opener's and the byline
        /// agency's ASCII twins find what the patterns find.
        #[test]
        fn ascii_twins_find_what_the_patterns_find(
            text in "( |  |PARIS|NEW YORK|[A-Z]{1,8}|[A-Za-z]{1,8}|[0-9]{1,3}|,|-|:|&|\\.|'|\\(|\\)|\\(Reuters\\)|\\(AFP\\)|—|–|“|”|\u{a0}){0,14}"
        ) {
            crate::pattern::assert_twins_agree(&OPENER, &text);
            crate::pattern::assert_twins_agree(&BYLINE_AGENCY, &text);
        }
    }
}
