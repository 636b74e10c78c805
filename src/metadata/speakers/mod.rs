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

mod marks;
mod patterns;
mod people;
#[cfg(test)]
mod tests;
mod words;

use std::ops::Range;

use marks::{close_len, open_len, quote_spans};
use patterns::{
    ANONYMOUS_TRAILING, ANY_VERB, LEADING, PARAPHRASES, ROLE_TRAILING, SAYING, TRAILING, VERB_FIRST,
};
use people::{split_role, People};

use crate::text::whitespace_word_count as word_count;
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
        fold(surname(&self.name))
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

/// The surname of a name: its last word, a generational suffix (`Jr.`, `III`) passed over.
pub(super) fn surname(name: &str) -> &str {
    let suffix = |w: &str| {
        let w = w.trim_end_matches([',', '.']);
        ["jr", "sr", "ii", "iii", "iv"]
            .iter()
            .any(|s| w.eq_ignore_ascii_case(s))
    };
    let mut words = name.split_whitespace().rev();
    match (words.next(), words.next()) {
        (Some(end), Some(last)) if suffix(end) => last.trim_end_matches(','),
        (Some(end), _) => end,
        (None, _) => "",
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
    let last_person = std::cell::RefCell::new(people::LastPerson::default());
    // The speaker of the last quote of the paragraph before: a paragraph that opens with an
    // unattributed quote goes on with it, as news style continues a quote across paragraphs.
    let mut carried: Option<Person> = None;
    let mut out = Vec::with_capacity(paragraphs.len());
    for (paragraph, text) in paragraphs.iter().enumerate() {
        let mut speech = ParagraphSpeech::default();
        let mut paragraph_speaker: Option<Person> = None;
        let carried_in = carried.take();
        // A pronoun means the subject named before it, not a name after it; read only when
        // one is to be resolved.
        let subject_at = |at: usize| {
            people
                .subject_before(paragraph, text, at)
                .or_else(|| last_person.borrow_mut().get(&people, paragraph))
        };
        let resolve = |said: &str, at: usize| {
            let last = needs_antecedent(said).then(|| subject_at(at)).flatten();
            people.resolve(said, last.as_ref())
        };
        for span in quote_spans(text) {
            let inner = &text[span.clone()];
            let after = &text[(span.end + close_len(text, span.end))..];
            let before = &text[..span.start.saturating_sub(open_len(text, span.start))];
            // A quote that ends its sentence inside its marks (`talks.”`) is not attributed by
            // a role phrase after it: that begins the next sentence (`Later he added`).
            let open_ended = inner.trim_end().ends_with([',', '—', '–']);
            let found = trailing_speaker(after, open_ended)
                .map(|(s, e)| (s, e, Attribution::After))
                .or_else(|| leading_speaker(before).map(|(s, e)| (s, e, Attribution::Before)));
            // An attribution to someone unnamed (`a source close to him said`) counts too.
            let attributed =
                found.is_some() || (open_ended && ANONYMOUS_TRAILING.on(after).is_match(after));
            // The last person the paragraph has speaking before the quote's sentence
            // (`Cornyn told reporters this was the only chance. "This is the one shot"`): a
            // pronoun after the quote is them; with no attribution, the quote is theirs.
            let speaking_before = || {
                let (s, e) = leading_speaker_in(before)?;
                let at = before.rfind(e.as_str()).unwrap_or(before.len());
                resolve(&s, at).map(|p| (p, e))
            };
            let resolved = match found {
                Some((s, e, a)) if needs_antecedent(&s) => {
                    let antecedent = speaking_before()
                        .map(|(p, _)| p)
                        .or_else(|| subject_at(before.len()));
                    people.resolve(&s, antecedent.as_ref()).map(|p| (p, e, a))
                }
                Some((s, e, a)) => people.resolve(&s, None).map(|p| (p, e, a)),
                None => speaking_before().map(|(p, e)| (p, e, Attribution::Continued)),
            };
            let (person, evidence, attribution) = match resolved {
                Some((p, e, a)) => (Some(p), e, Some(a)),
                // The quote names its speaker, as no one the article knows: no one else's.
                None if attributed => (None, String::new(), None),
                None => {
                    let opens = before.trim().is_empty();
                    let from_before = carried_in.as_ref().filter(|_| opens);
                    match paragraph_speaker.as_ref().or(from_before) {
                        Some(p) if word_count(inner) >= 2 => {
                            (Some(p.clone()), String::new(), Some(Attribution::Continued))
                        }
                        _ => (None, String::new(), None),
                    }
                }
            };
            if let Some(p) = &person {
                paragraph_speaker = Some(p.clone());
                last_person.borrow_mut().spoke(p.clone(), paragraph);
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
                let who = c.get(1).unwrap();
                if let Some(p) = resolve(&with_title(text, who.start(), who.as_str()), m.start()) {
                    last_person.borrow_mut().spoke(p.clone(), paragraph);
                    if !speech.speeches.iter().any(|s| {
                        s.person == p && s.range.start <= m.start() && m.start() <= s.range.end
                    }) {
                        speech.speeches.push(Speech {
                            range: sentence_around(text, m.range()),
                            person: p,
                            attribution: Attribution::Paraphrase,
                            evidence: m.as_str().trim().to_string(),
                        });
                    }
                }
            }
        }
        carried = speech.quotes.last().and_then(|(_, q)| q.speaker.clone());
        speech.speeches.sort_by_key(|s| s.range.start);
        out.push(speech);
    }
    out
}

/// `name` as written from byte `start` of `text`, with the abbreviated title just before it
/// (`Mr. Obama`, `Sen. Sanders`): the paraphrase patterns leave titles out, which keeps their
/// automata small, and a lone surname is a person's only after one.
fn with_title<'t>(text: &'t str, start: usize, name: &'t str) -> std::borrow::Cow<'t, str> {
    let head = text[..start].trim_end();
    let title = head.rsplit(char::is_whitespace).next().unwrap_or("");
    let is_title = title.ends_with('.') && people::is_honorific(title) && head.len() < start;
    if is_title {
        format!("{title} {name}").into()
    } else {
        name.into()
    }
}

/// The sentence of `text` that holds `range`: what a paraphrase (`Reid said he would not
/// give her advice.`) reports is the rest of its sentence.
fn sentence_around(text: &str, range: Range<usize>) -> Range<usize> {
    let ends_at = |i: usize| {
        let b = text.as_bytes();
        matches!(b[i], b'.' | b'!' | b'?')
            && b.get(i + 1).is_none_or(|c| c.is_ascii_whitespace())
            // Not an initial or a title's stop (`W.`, `Mr.`).
            && !text[..i]
                .rsplit(|c: char| !c.is_alphabetic())
                .next()
                .is_some_and(|w| w.len() <= 3 && w.starts_with(char::is_uppercase))
    };
    let start = (0..range.start)
        .rev()
        .find(|&i| ends_at(i))
        .map_or(0, |i| i + 1);
    let end = (range.end..text.len())
        .find(|&i| ends_at(i))
        .map_or(text.len(), |i| i + 1);
    let start = start + (text[start..].len() - text[start..].trim_start().len());
    start..end.max(range.end)
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

/// Words that make the words before a speaker a clause, not the speaker's role.
const CLAUSE_WORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "to",
    "of",
    "for",
    "with",
    "by",
    "from",
    "who",
    "whom",
    "close",
    "near",
    "and",
    "or",
    "but",
    "according",
    "as",
    "at",
    "in",
    "on",
    "said",
    "told",
    "says",
    "that",
    "than",
    "like",
    "about",
    "after",
    "before",
    "when",
    "while",
    "his",
    "her",
    "their",
    "its",
];

/// Whether the words before a speaker make a clause (`a source close to`), not a role.
fn is_clause(words: &str) -> bool {
    words
        .split_whitespace()
        .any(|w| CLAUSE_WORDS.contains(&w.to_lowercase().as_str()))
}

/// The speaker named after a quote; behind a role phrase (`said Huckabee campaign spokesman
/// Hogan Gidley`) only when the quote's sentence goes on after it (`open_ended`).
fn trailing_speaker(after: &str, open_ended: bool) -> Option<(String, String)> {
    let window: String = after.chars().take(100).collect();
    let c = TRAILING.on(&window).captures(&window).or_else(|| {
        if !open_ended {
            return None;
        }
        let c = ROLE_TRAILING.on(&window).captures(&window)?;
        (!is_clause(c.get(1)?.as_str())).then_some(c)
    })?;
    let mut who = c.iter().skip(1).flatten().last()?.as_str().to_string();
    // `said Huckabee campaign spokesman Hogan Gidley.`: the speaker is the last name of the
    // phrase after the verb, when what comes before it is a role, not a clause.
    let rest = &window[c.get(0)?.start()..];
    // The verbs are lower case: a name first (most attributions) needs no search.
    let first = rest
        .trim_start()
        .trim_start_matches([',', '.', '!', '?'])
        .trim_start();
    let verb_first = first.starts_with(|c: char| c.is_lowercase());
    if let Some(verb) = verb_first.then(|| VERB_FIRST.on(rest).find(rest)).flatten() {
        let phrase = &rest[verb.end()..];
        let phrase = &phrase[..phrase
            .find([',', '.', ';', '(', '“', '"'])
            .unwrap_or(phrase.len())];
        if let Some(last) = patterns::capitalised_runs(phrase).last() {
            if !is_clause(&phrase[..last.start]) {
                who = phrase[last].to_string();
            }
        }
    }
    Some((
        who,
        c[0].trim()
            .trim_start_matches([',', '.'])
            .trim()
            .to_string(),
    ))
}

/// Whether what the text calls a speaker needs an antecedent: a pronoun (a role phrase is
/// resolved among the article's people, a name by itself).
fn needs_antecedent(said: &str) -> bool {
    matches!(said.trim(), "he" | "He" | "she" | "She")
}

/// The last speaker `text` names with a verb of speech (or `saying`), in any sentence.
fn leading_speaker_in(text: &str) -> Option<(String, String)> {
    // The last match is found without its groups, then read again with them: the groups of
    // every earlier match would be thrown away.
    let last = |re: &regex::Regex| {
        let m = re.find_iter(text).last()?;
        re.captures_at(text, m.start())
    };
    let c = ANY_VERB
        .is_match(text)
        .then(|| last(LEADING.on(text)))
        .flatten()
        .or_else(|| {
            text.contains("saying")
                .then(|| last(SAYING.on(text)))
                .flatten()
        })?;
    let who = c.get(1).or(c.get(2))?.as_str();
    Some((who.to_string(), c[0].trim().to_string()))
}

fn leading_speaker(before: &str) -> Option<(String, String)> {
    // The sentence the quote is in: from the last sentence end before it.
    let start = before
        .char_indices()
        .rev()
        .find(|(_, c)| matches!(c, '.' | '!' | '?' | '”'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    leading_speaker_in(&before[start..])
}
