//! Who speaks in an article: quoted spans with their speakers, and people paraphrased.
//!
//! Per paragraph, quotation marks are paired first (`“…”`, or straight `"…"`; a quote still
//! open at the paragraph's end closes there). A quote's speaker is read from the words right
//! after it (`…,” Lavrov stated`, `…,” said Peskov`), else right before it (`Peskov said: “…`,
//! `Lavrov mocked Macron, calling them "…`), else it is the paragraph's last speaker (a quote
//! continued). Outside quotes, `NAME said/told/wrote…` and `according to NAME` mark paraphrase.
//!
//! A speaker is a person: a name of two or more capitalised words once titles are stripped
//! ("Russia’s Foreign Minister Sergey Lavrov" is Sergey Lavrov), or a single surname that the
//! same article gives in full. `he`/`she` resolve to the last person named; role phrases ("the
//! Russian president") to the person the article introduced with that role. Nothing else is a
//! speaker: "Politico reported" or "Moscow said" are not people speaking.
//!
//! Names are made canonical by [`Person::key`]: surname plus first initial, folded
//! ("Sergey Lavrov" and "Sergei Lavrov" are both `lavrov|s`), and findable by surname alone.

use std::ops::Range;
use std::sync::LazyLock;

use crate::ingest::word_count;
use serde::{Deserialize, Serialize};

/// A person as named in an article.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Person {
    /// The fullest form of the name the article gives ("Sergey Lavrov").
    pub name: String,
}

impl Person {
    /// Surname, lower-cased and folded: every alias of a person shares it.
    pub fn surname_key(&self) -> String {
        fold(self.name.split_whitespace().last().unwrap_or(""))
    }

    /// Surname and first initial (`lavrov|s`): the canonical identity of a speaker.
    pub fn key(&self) -> String {
        let first = self.name.split_whitespace().next().unwrap_or("");
        let initial: String = fold(first).chars().take(1).collect();
        if self.name.split_whitespace().count() < 2 || initial.is_empty() {
            self.surname_key()
        } else {
            format!("{}|{initial}", self.surname_key())
        }
    }
}

/// The alias key a user's speaker name is looked up by: `lavrov|s` for "Sergei Lavrov" or
/// "Russia's Foreign Minister Sergey Lavrov", `lavrov` for "Lavrov". `None` when no name is
/// left once titles are stripped.
pub fn lookup_key(name: &str) -> Option<String> {
    let (_, bare) = split_role(name.trim());
    let bare = if bare.is_empty() {
        name.trim().to_string()
    } else {
        bare
    };
    bare.split_whitespace().next()?;
    Some(Person { name: bare }.key())
}

/// Lower-cases and folds accents the way the index does.
fn fold(s: &str) -> String {
    crate::analysis::keyword_term(s)
}

/// How a speaker was attributed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attribution {
    /// Named right after the quote.
    After,
    /// Named right before the quote, or as the subject of its sentence.
    Before,
    /// The quote continues the paragraph's last speaker.
    Continued,
    /// Paraphrased: `NAME said …`, `according to NAME`.
    Paraphrase,
}

/// A quotation and who said it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted words, without the quotation marks.
    pub text: String,
    /// Who said it, when the text says.
    pub speaker: Option<Person>,
    /// How the speaker was found.
    pub attribution: Option<Attribution>,
    /// The attribution text ("Lavrov stated").
    pub evidence: String,
    /// Cut at its start: the quote began in the passage before, and this is what of it the
    /// passage holds ([`Quote::part`]).
    #[serde(default, skip_serializing_if = "is_false")]
    pub cut_before: bool,
    /// Cut at its end: the quote goes on in the next passage.
    #[serde(default, skip_serializing_if = "is_false")]
    pub cut_after: bool,
}

fn is_false(b: &bool) -> bool {
    !b
}

/// One speaker found in a paragraph, with where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speech {
    /// Byte range in the paragraph (the quote, or the paraphrase).
    pub range: Range<usize>,
    /// Who.
    pub person: Person,
    /// How.
    pub attribution: Attribution,
    /// The matched text.
    pub evidence: String,
}

/// What one paragraph says and who says it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParagraphSpeech {
    /// Quotes, in order, with byte ranges of their inner text.
    pub quotes: Vec<(Range<usize>, Quote)>,
    /// Every speaker, quoted or paraphrased.
    pub speeches: Vec<Speech>,
}

/// Finds quotes and speakers in an article's paragraphs (in order).
pub fn attribute(paragraphs: &[&str]) -> Vec<ParagraphSpeech> {
    let people = People::collect(paragraphs);
    let mut last_person: Option<Person> = None;
    let mut out = Vec::with_capacity(paragraphs.len());
    for (paragraph, text) in paragraphs.iter().enumerate() {
        let mut speech = ParagraphSpeech::default();
        let mut paragraph_speaker: Option<Person> = None;
        for span in quote_spans(text) {
            let inner = &text[span.clone()];
            let after = &text[(span.end + close_len(text, span.end))..];
            let before = &text[..span.start.saturating_sub(open_len(text, span.start))];
            let found = trailing_speaker(after)
                .map(|(s, e)| (s, e, Attribution::After))
                .or_else(|| leading_speaker(before).map(|(s, e)| (s, e, Attribution::Before)));
            let resolved = found
                .and_then(|(s, e, a)| people.resolve(&s, last_person.as_ref()).map(|p| (p, e, a)));
            let (person, evidence, attribution) = match resolved {
                Some((p, e, a)) => (Some(p), e, Some(a)),
                None => match &paragraph_speaker {
                    Some(p) if word_count(inner) >= 2 => {
                        (Some(p.clone()), String::new(), Some(Attribution::Continued))
                    }
                    _ => (None, String::new(), None),
                },
            };
            if let Some(p) = &person {
                paragraph_speaker = Some(p.clone());
                last_person = Some(p.clone());
                speech.speeches.push(Speech {
                    range: span.clone(),
                    person: p.clone(),
                    attribution: attribution.unwrap_or(Attribution::Continued),
                    evidence: evidence.clone(),
                });
            }
            if let Some(quote_text) = quoted_words(inner) {
                speech.quotes.push((
                    span.clone(),
                    Quote {
                        text: quote_text,
                        speaker: person,
                        attribution,
                        evidence,
                        cut_before: false,
                        cut_after: false,
                    },
                ));
            }
        }
        let quoted: Vec<Range<usize>> = speech.quotes.iter().map(|q| q.0.clone()).collect();
        for (re, words) in PARAPHRASES.patterns.iter().zip(PARAPHRASES.needs) {
            if !words.is_empty() && !words.iter().any(|w| text.contains(w)) {
                continue;
            }
            for c in re.on(text).captures_iter(text) {
                let m = c.get(0).unwrap();
                // Inside a quote, or the quote's own attribution just after it.
                if quoted
                    .iter()
                    .any(|q| q.start <= m.start() && m.start() <= q.end + 4)
                {
                    continue;
                }
                if let Some(p) = people.resolve(&c[1], last_person.as_ref()) {
                    last_person = Some(p.clone());
                    if !speech.speeches.iter().any(|s| {
                        s.person == p && s.range.start <= m.start() && m.start() <= s.range.end
                    }) {
                        speech.speeches.push(Speech {
                            range: m.range(),
                            person: p,
                            attribution: Attribution::Paraphrase,
                            evidence: m.as_str().trim().to_string(),
                        });
                    }
                }
            }
        }
        speech.speeches.sort_by_key(|s| s.range.start);
        if let Some(p) = people.last_named(paragraph) {
            last_person = Some(p);
        }
        out.push(speech);
    }
    out
}

/// The words of a quote as written between its marks, trimmed; none when it holds no word.
fn quoted_words(inner: &str) -> Option<String> {
    let text = inner.trim().trim_end_matches(',').trim();
    (word_count(text) >= 1).then(|| text.to_string())
}

impl Quote {
    /// The part of this quote that `inner` (a piece of its text as written: where a passage
    /// cuts it) holds, with the same speaker, marked cut where the quote goes on before or
    /// after it; none when that part holds no word.
    pub fn part(&self, inner: &str, cut_before: bool, cut_after: bool) -> Option<Quote> {
        Some(Quote {
            text: quoted_words(inner)?,
            speaker: self.speaker.clone(),
            attribution: self.attribution,
            evidence: self.evidence.clone(),
            cut_before,
            cut_after,
        })
    }

    /// Joins the part the next passage holds to this one: the quote as one, still cut after
    /// where `next` is.
    pub fn join(&mut self, next: &Quote) {
        self.text.push(' ');
        self.text.push_str(&next.text);
        self.cut_after = next.cut_after;
    }
}

fn open_len(text: &str, inner_start: usize) -> usize {
    text[..inner_start]
        .chars()
        .next_back()
        .map_or(0, char::len_utf8)
}

fn close_len(text: &str, inner_end: usize) -> usize {
    text[inner_end..]
        .chars()
        .next()
        .filter(|c| matches!(c, '”' | '"'))
        .map_or(0, char::len_utf8)
}

/// What a quotation mark can do where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Open,
    Close,
    Either,
}

/// A straight `"` by its neighbours, the character `before` it and the text `after` it: after
/// a space or an opening bracket and before a word it opens (`said "We`); after a word and
/// before a space or punctuation it closes (`ready."`); otherwise either. Wire copy often puts
/// the space on the wrong side: after a colon a mark opens (`said:" We`), and after a comma it
/// closes before a lower-case word (`ready," he said`) and may do either before anything else
/// (`he added," I can`).
fn straight_mark(before: Option<char>, after: &str) -> Mark {
    let next = after.chars().next();
    match before {
        Some(':') => return Mark::Open,
        Some(',') => {
            let word = after.trim_start().chars().next();
            return if next.is_some_and(char::is_whitespace) && word.is_some_and(char::is_lowercase)
            {
                Mark::Close
            } else {
                Mark::Either
            };
        }
        _ => {}
    }
    let opens = before.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '—' | '–'))
        && next.is_some_and(|c| !c.is_whitespace());
    let closes = before.is_some_and(|c| !c.is_whitespace())
        && next.is_none_or(|c| {
            c.is_whitespace()
                || matches!(
                    c,
                    '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '—' | '–' | '-' | '…'
                )
        });
    match (opens, closes) {
        (true, false) => Mark::Open,
        (false, true) => Mark::Close,
        _ => Mark::Either,
    }
}

/// Byte ranges of the text inside paired quotation marks.
///
/// A quote left open runs to the paragraph's end (a quote that goes on in the next paragraph
/// is closed only there). A mark that can only open, met inside a quote, ends the quote before
/// it and opens the next: one paragraph made of several quoted ones (`"One. "Two."`) gives
/// each part, and one unpaired mark does not turn the paragraph's every later quote inside
/// out. A mark that can only close, met outside a quote, is a stray one and opens nothing.
fn quote_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    // The start of the open quote's text.
    let mut open: Option<usize> = None;
    let mut before: Option<char> = None;
    for (i, c) in text.char_indices() {
        let mark = match c {
            '“' => Some(Mark::Open),
            '”' => Some(Mark::Close),
            '"' => Some(straight_mark(before, &text[i + 1..])),
            _ => None,
        };
        before = Some(c);
        let Some(mark) = mark else { continue };
        match (open, mark) {
            (None, Mark::Close) => {}
            (None, _) => open = Some(i + c.len_utf8()),
            (Some(start), Mark::Open) => {
                let end = start + text[start..i].trim_end().len();
                if end > start {
                    spans.push(start..end);
                }
                open = Some(i + c.len_utf8());
            }
            // Straight or curly: scraped text mixes them.
            (Some(start), _) => {
                spans.push(start..i);
                open = None;
            }
        }
    }
    if let Some(start) = open {
        if text.len() > start {
            spans.push(start..text.len());
        }
    }
    spans
}

fn trailing_speaker(after: &str) -> Option<(String, String)> {
    let window: String = after.chars().take(80).collect();
    let c = TRAILING.on(&window).captures(&window)?;
    let who = c.get(1).or(c.get(2))?.as_str().to_string();
    Some((
        who,
        c[0].trim()
            .trim_start_matches([',', '.'])
            .trim()
            .to_string(),
    ))
}

fn leading_speaker(before: &str) -> Option<(String, String)> {
    // The sentence the quote is in: from the last sentence end before it.
    let start = before
        .char_indices()
        .rev()
        .find(|(_, c)| matches!(c, '.' | '!' | '?' | '”'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let sentence = &before[start..];
    let c = LEADING.on(sentence).captures_iter(sentence).last()?;
    Some((c[1].to_string(), c[0].trim().to_string()))
}

/// The people an article names, for resolving surnames, pronouns and roles.
struct People<'a> {
    /// Full names (two or more words), with the role words that introduced them.
    full: Vec<Known>,
    /// Words the article writes in lower case: capitalised, they are ordinary words opening a
    /// sentence ("Following Macron's visit"), not first names. Borrowed from the text: one
    /// allocation per word was a tenth of extraction's time.
    lower_words: rustc_hash::FxHashSet<&'a str>,
    /// For each paragraph, the surname key of each capitalised run in it, in order.
    run_surnames: Vec<Vec<String>>,
}

/// A person named in full, with the role words that introduced them and their surname key.
struct Known {
    person: Person,
    roles: String,
    surname: String,
}

impl<'a> People<'a> {
    fn collect(paragraphs: &[&'a str]) -> People<'a> {
        let mut people = People {
            full: Vec::new(),
            lower_words: lower_case_words(paragraphs),
            run_surnames: Vec::with_capacity(paragraphs.len()),
        };
        let mut full: Vec<Known> = Vec::new();
        for text in paragraphs {
            let mut surnames = Vec::new();
            for run in capitalised_runs(text) {
                let (role, name) = split_role(&text[run.clone()]);
                surnames.push(fold(name.split_whitespace().last().unwrap_or("")));
                let name = people.without_common_words(&name);
                if name.split_whitespace().count() >= 2 && is_person_like(&name) {
                    let context_start = run.start.saturating_sub(40);
                    let context_start = (0..=context_start)
                        .rev()
                        .find(|&i| text.is_char_boundary(i))
                        .unwrap_or(0);
                    let role =
                        format!("{} {}", &text[context_start..run.start], role).to_lowercase();
                    match full.iter_mut().find(|k| k.person.name == name) {
                        Some(known) => {
                            known.roles.push(' ');
                            known.roles.push_str(&role);
                        }
                        None => {
                            let person = Person { name };
                            full.push(Known {
                                surname: person.surname_key(),
                                person,
                                roles: role,
                            });
                        }
                    }
                }
            }
            people.run_surnames.push(surnames);
        }
        people.full = full;
        people
    }

    /// Drops leading words the article also writes in lower case.
    fn without_common_words(&self, name: &str) -> String {
        let tokens: Vec<&str> = name.split_whitespace().collect();
        let skip = tokens
            .iter()
            .take(tokens.len().saturating_sub(1))
            .take_while(|t| self.lower_words.contains(t.to_lowercase().as_str()))
            .count();
        tokens[skip..].join(" ")
    }

    /// Resolves what the text calls a speaker to a person, if it is one.
    fn resolve(&self, said: &str, last: Option<&Person>) -> Option<Person> {
        let said = said.trim();
        let lower = said.to_lowercase();
        if matches!(lower.as_str(), "he" | "she") {
            return last.cloned();
        }
        if let Some(role) = lower.strip_prefix("the ") {
            let role_words: Vec<&str> = role.split_whitespace().collect();
            let head = *role_words.last()?;
            return self
                .full
                .iter()
                .filter(|k| {
                    k.roles.contains(head) && role_words.iter().all(|w| k.roles.contains(w))
                })
                .map(|k| k.person.clone())
                .next_back()
                .or_else(|| {
                    // "the French leader": a role word the article never used; a demonym
                    // alone still identifies a person introduced with it.
                    let demonyms: Vec<&&str> = role_words
                        .iter()
                        .filter(|w| {
                            w.ends_with("an")
                                || w.ends_with("ch")
                                || w.ends_with("sh")
                                || w.ends_with("ese")
                        })
                        .collect();
                    if demonyms.is_empty() {
                        return None;
                    }
                    self.full
                        .iter()
                        .filter(|k| {
                            demonyms.iter().all(|d| k.roles.contains(**d))
                                && (k.roles.contains("president")
                                    || k.roles.contains("leader")
                                    || k.roles.contains("minister"))
                        })
                        .map(|k| k.person.clone())
                        .next()
                });
        }
        let (_, name) = split_role(said);
        let name = self.without_common_words(&name);
        let tokens: Vec<&str> = name.split_whitespace().collect();
        if tokens.is_empty() {
            return None;
        }
        let surname = fold(tokens[tokens.len() - 1]);
        let known = self
            .full
            .iter()
            .filter(|k| k.surname == surname)
            .map(|k| &k.person)
            .max_by_key(|p| p.name.len());
        match (tokens.len(), known) {
            (_, Some(p)) if tokens.len() == 1 => Some(p.clone()),
            (n, _) if n >= 2 && is_person_like(&name) => Some(Person { name }),
            _ => None,
        }
    }

    /// The last person named in paragraph `paragraph`, for pronouns in later paragraphs.
    fn last_named(&self, paragraph: usize) -> Option<Person> {
        let mut last = None;
        for surname in self.run_surnames.get(paragraph).into_iter().flatten() {
            if let Some(k) = self.full.iter().find(|k| &k.surname == surname) {
                last = Some(k.person.clone());
            }
        }
        last
    }
}

/// The words (runs of letters) of `paragraphs` that begin with a lower-case letter. ASCII
/// paragraphs, most wire copy, are split on bytes, into a set sized for the text up front.
fn lower_case_words<'a>(paragraphs: &[&'a str]) -> rustc_hash::FxHashSet<&'a str> {
    let bytes: usize = paragraphs.iter().map(|p| p.len()).sum();
    let mut words = rustc_hash::FxHashSet::with_capacity_and_hasher(bytes / 16, Default::default());
    for text in paragraphs {
        if !text.is_ascii() {
            words.extend(
                text.split(|c: char| !c.is_alphabetic())
                    .filter(|w| w.chars().next().is_some_and(char::is_lowercase)),
            );
            continue;
        }
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if !b[i].is_ascii_alphabetic() {
                i += 1;
                continue;
            }
            let start = i;
            while i < b.len() && b[i].is_ascii_alphabetic() {
                i += 1;
            }
            if b[start].is_ascii_lowercase() {
                words.insert(&text[start..i]);
            }
        }
    }
    words
}

/// A word list as a set, for lookups by the word lower-cased.
type WordSet = LazyLock<rustc_hash::FxHashSet<&'static str>>;

static TITLE_WORD_SET: WordSet = LazyLock::new(|| TITLE_WORDS.iter().copied().collect());
static NOT_PEOPLE_SET: WordSet = LazyLock::new(|| NOT_PEOPLE.iter().copied().collect());
static ORGANISATION_ENDING_SET: WordSet =
    LazyLock::new(|| ORGANISATION_ENDINGS.iter().copied().collect());

/// Whether `word`, lower-cased and without a final full stop, is a title or role word.
fn is_title_word(word: &str) -> bool {
    TITLE_WORD_SET.contains(word.to_lowercase().trim_end_matches('.'))
}

/// Title and role words that precede names: stripped from the name, kept as its role.
const TITLE_WORDS: &[&str] = &[
    "treasury",
    "exchequer",
    "commerce",
    "trade",
    "agriculture",
    "energy",
    "labor",
    "labour",
    "budget",
    "federal",
    "reserve",
    "fed",
    "central",
    "bank",
    "economic",
    "economics",
    "health",
    "education",
    "transport",
    "environment",
    "industry",
    "planning",
    "information",
    "oil",
    "petroleum",
    "executive",
    "managing",
    "president-elect",
    "undersecretary",
    "under",
    "assistant",
    "premier",
    "sheikh",
    "crown",
    "prince",
    "princess",
    "president",
    "prime",
    "minister",
    "foreign",
    "secretary",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "chancellor",
    "senator",
    "sen",
    "rep",
    "representative",
    "gov",
    "governor",
    "mayor",
    "gen",
    "general",
    "dr",
    "mr",
    "mrs",
    "ms",
    "prof",
    "professor",
    "king",
    "queen",
    "pope",
    "ambassador",
    "chief",
    "director",
    "deputy",
    "vice",
    "defense",
    "defence",
    "state",
    "interior",
    "finance",
    "national",
    "security",
    "council",
    "commissioner",
    "chairman",
    "chair",
    "ceo",
    "leader",
    "speaker",
    "judge",
    "justice",
    "attorney",
    "officer",
    "analyst",
    "adviser",
    "advisor",
    "aide",
    "envoy",
    "kremlin",
    "white",
    "house",
    "top",
    "senior",
    "former",
    "prominent",
    "sir",
    "lord",
    "lady",
    "dame",
    "candidate",
    "nominee",
    "rev",
    "father",
    "sister",
    "coach",
    "captain",
    "lt",
    "col",
    "sgt",
    "cmdr",
    "adm",
    "and",
    "defense",
    "economy",
    "affairs",
    "minister’s",
    "president’s",
    "colleague",
    "colleagues",
    "diplomatic",
    "diplomat",
    "head",
];

/// Last words of the names of companies, institutions, teams, media and places: a run ending
/// in one is not a person. Words that are also common surnames (Hall, Poll, Bell) are left
/// out.
const ORGANISATION_ENDINGS: &[&str] = &[
    "inc",
    "corp",
    "co",
    "ltd",
    "plc",
    "llc",
    "lp",
    "sa",
    "ag",
    "nv",
    "bv",
    "gmbh",
    "spa",
    "group",
    "corporation",
    "company",
    "holdings",
    "industries",
    "bank",
    "banks",
    "association",
    "institute",
    "university",
    "party",
    "ministry",
    "department",
    "agency",
    "council",
    "commission",
    "committee",
    "fund",
    "trust",
    "partners",
    "securities",
    "motors",
    "airlines",
    "airways",
    "systems",
    "technology",
    "technologies",
    "software",
    "communications",
    "telecom",
    "laboratory",
    "laboratories",
    "labs",
    "petroleum",
    "energy",
    "capital",
    "investments",
    "markets",
    "market",
    "exchange",
    "brothers",
    "studios",
    "pictures",
    "records",
    "productions",
    "entertainment",
    "media",
    "news",
    "network",
    "channel",
    "radio",
    "television",
    "tv",
    "magazine",
    "newspaper",
    "journal",
    "times",
    "post",
    "press",
    "report",
    "survey",
    "census",
    "index",
    "government",
    "administration",
    "cabinet",
    "parliament",
    "congress",
    "senate",
    "assembly",
    "court",
    "tribunal",
    "embassy",
    "police",
    "army",
    "navy",
    "corps",
    "board",
    "bureau",
    "office",
    "authority",
    "federation",
    "organisation",
    "organization",
    "institution",
    "foundation",
    "society",
    "alliance",
    "union",
    "nations",
    "republic",
    "kingdom",
    "community",
    "campaign",
    "program",
    "programme",
    "project",
    "center",
    "centre",
    "hospital",
    "school",
    "college",
    "club",
    "league",
    "united",
    "city",
    "county",
    "street",
    "square",
    "airport",
    "house",
    "international",
    "service",
    "services",
];

/// Splits "Russia’s Foreign Minister Sergey Lavrov" into role ("russia’s foreign minister")
/// and name ("Sergey Lavrov").
fn split_role(run: &str) -> (String, String) {
    let tokens: Vec<&str> = run.split_whitespace().collect();
    // Everything up to the last title word is role: "Chrysler Chairman Lee Iacocca".
    let last_title = tokens.iter().rposition(|t| is_title_word(t));
    let mut i = match last_title {
        Some(p) if p + 1 < tokens.len() => p + 1,
        _ => 0,
    };
    while i < tokens.len() {
        let lower = tokens[i].to_lowercase();
        let bare = lower.trim_end_matches('.');
        let is_possessive = lower.ends_with("’s") || lower.ends_with("'s");
        let is_demonym = i + 1 < tokens.len()
            && (bare.ends_with("an")
                || bare.ends_with("ese")
                || bare.ends_with("ish")
                || bare.ends_with("ch")
                || bare == "u.s")
            && is_title_word(tokens[i + 1]);
        if TITLE_WORD_SET.contains(bare) || is_possessive || is_demonym || bare == "the" {
            i += 1;
        } else {
            break;
        }
    }
    let mut name: Vec<String> = tokens[i..].iter().map(|t| t.to_string()).collect();
    if let Some(last) = name.last_mut() {
        for suffix in ["’s", "'s", "’", "'"] {
            if let Some(stripped) = last.strip_suffix(suffix) {
                *last = stripped.to_string();
                break;
            }
        }
    }
    (tokens[..i].join(" "), name.join(" "))
}

/// Words that begin capitalised runs that are not people.
const NOT_PEOPLE: &[&str] = &[
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "in",
    "on",
    "at",
    "for",
    "with",
    "but",
    "and",
    "or",
    "if",
    "as",
    "after",
    "before",
    "since",
    "when",
    "while",
    "however",
    "meanwhile",
    "united",
    "european",
    "north",
    "south",
    "east",
    "west",
    "new",
    "national",
    "abu",
    "white",
    "eu",
    "u.s",
    "us",
    "un",
    "nato",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "two",
    "three",
    "some",
    "many",
    "most",
    "several",
    "his",
    "her",
    "their",
    "its",
    "our",
    "we",
    "they",
    "he",
    "she",
    "it",
];

/// Whether a name of capitalised words can be a person's (not a place, body or date).
fn is_person_like(name: &str) -> bool {
    let tokens: Vec<&str> = name.split_whitespace().collect();
    let last = tokens.last().map_or(String::new(), |t| {
        t.to_lowercase().trim_end_matches('.').to_string()
    });
    if ORGANISATION_ENDING_SET.contains(last.as_str()) {
        return false;
    }
    (1..=4).contains(&tokens.len())
        && !NOT_PEOPLE_SET.contains(tokens[0].to_lowercase().trim_end_matches('.'))
        && tokens.iter().all(|t| {
            let letters = t.chars().filter(|c| c.is_alphabetic()).count();
            let lower = t.to_lowercase();
            !matches!(lower.as_str(), "he" | "she" | "it" | "they" | "we" | "i")
                && (letters >= 2 || t.ends_with('.'))
                && !t.chars().all(|c| !c.is_alphabetic() || c.is_uppercase())
        })
}

use crate::pattern::Pattern;

const VERBS: &str = r"(?:said|says|stated|states|added|adds|told|tells|noted|notes|argued|warned|explained|insisted|claimed|wrote|writes|tweeted|posted|asked|replied|declared|announced|stressed|emphasi[sz]ed|underlined|underscored|reiterated|acknowledged|confirmed|continued|recalled|mocked|quipped|remarked|observed|concluded|indicated|suggested|urged|criticized|criticised|dismissed|cautioned|predicted|agreed|admitted|boasted|complained|recounted|responded)";
/// A speaker as text writes it: a capitalised run (with titles), a pronoun, or a role phrase.
const SPEAKER: &str = r"([Tt]he\s+(?:\p{L}+\s+){0,3}(?:president|minister|leader|spokesman|spokeswoman|spokesperson|chancellor|secretary|senator|governor|mayor|ambassador|envoy|official|diplomat|analyst|adviser|aide|chief|premier)\b|(?:\p{Lu}(?:\.(?:\p{Lu}\.)*|[\p{L}'’-]*)\s+){0,6}\p{Lu}[\p{L}'’-]+|[Hh]e|[Ss]he)";

static TRAILING: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(&format!(
        r"^\s*[,.!?]?\s*(?:{SPEAKER}\s+{VERBS}\b|{VERBS}\s+{SPEAKER})"
    ))
});
static LEADING: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(&format!(r"{SPEAKER}\s+{VERBS}\b")));
/// The patterns of paraphrase (`NAME … said`, `according to NAME`, `said NAME,`), and for
/// each, words one of which a paragraph must hold for it to match (none: no such words). A
/// literal search for those words, much faster than a pattern's, passes over the paragraphs
/// the last two cannot match; the first is searched at once. A pass of the three as a set over
/// every paragraph, to skip those that cannot match, cost more than it saved (speaker
/// extraction took 4% longer with it).
struct Paraphrases {
    patterns: [Pattern; 3],
    needs: [&'static [&'static str]; 3],
}

static PARAPHRASES: LazyLock<Paraphrases> = LazyLock::new(|| {
    let sources = [
        format!(r"{SPEAKER}\s+(?:(?:has|had|have|also|\p{{Ll}}+ly)\s+){{0,2}}{VERBS}\b"),
        format!(r"\b[Aa]ccording to\s+{SPEAKER}"),
        format!(r"\b(?:said|says|told)\s+{SPEAKER}\s*[,.]"),
    ];
    Paraphrases {
        patterns: sources.each_ref().map(|source| Pattern::new(source)),
        needs: [&[], &["ccording to"], &["said", "says", "told"]],
    }
});
static CAPITALISED_RUN: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?:\p{Lu}(?:\.(?:\p{Lu}\.)*|[\p{L}'’-]*)\s+){1,6}\p{Lu}[\p{L}'’-]+")
});

/// The byte ranges of [`CAPITALISED_RUN`]'s matches in a paragraph, in order. ASCII text is
/// scanned on its bytes ([`ascii_capitalised_run`] at each capital): the pattern's search was
/// a seventh of speaker extraction's time.
fn capitalised_runs(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut matches = (!text.is_ascii()).then(|| CAPITALISED_RUN.on(text).find_iter(text));
    let mut from = 0;
    std::iter::from_fn(move || match &mut matches {
        Some(matches) => matches.next().map(|m| m.range()),
        None => {
            // A match starts at a capital: the others are passed over.
            let bytes = text.as_bytes();
            while let Some(offset) = bytes[from..].iter().position(u8::is_ascii_uppercase) {
                let start = from + offset;
                if let Some(end) = ascii_capitalised_run(bytes, start) {
                    from = end;
                    return Some(start..end);
                }
                from = start + 1;
            }
            from = bytes.len();
            None
        }
    })
}

/// The end of [`CAPITALISED_RUN`]'s match in ASCII `text` that starts at `start`, if one does:
/// up to six words, each a capital and initials ("U.S.") or name letters ("O'Neil"), then
/// spaces, and a last word of a capital and at least one name letter. As the regex's greedy
/// repetition, it takes as many words before the last as can be.
///
/// Each word before the last matches in one way only: the letters it takes, or the initials,
/// must be followed by a space, and a shorter take would be followed by a letter or a stop.
fn ascii_capitalised_run(text: &[u8], start: usize) -> Option<usize> {
    let at = |i: usize| text.get(i).copied().unwrap_or(0);
    let name_letter = |i: usize| at(i).is_ascii_alphabetic() || matches!(at(i), b'\'' | b'-');
    let space = |i: usize| crate::pattern::is_ascii_white_space(at(i));
    // Where each word before the last ends, its spaces included.
    let mut ends = [0; 6];
    let mut words = 0;
    let mut i = start;
    while words < ends.len() && at(i).is_ascii_uppercase() {
        i += 1;
        if at(i) == b'.' {
            i += 1;
            while at(i).is_ascii_uppercase() && at(i + 1) == b'.' {
                i += 2;
            }
        } else {
            while name_letter(i) {
                i += 1;
            }
        }
        if !space(i) {
            break;
        }
        while space(i) {
            i += 1;
        }
        ends[words] = i;
        words += 1;
    }
    ends[..words].iter().rev().find_map(|&last| {
        (at(last).is_ascii_uppercase() && name_letter(last + 1)).then(|| {
            let mut end = last + 2;
            while name_letter(end) {
                end += 1;
            }
            end
        })
    })
}

#[cfg(test)]
mod tests {
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
        let got =
            speakers(&["French President Emmanuel Macron has repeatedly said Europe must talk."]);
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
        let got = attribute(&[
            "Peskov also refused to comment, citing “solidarity” with the French side.",
        ]);
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
}
