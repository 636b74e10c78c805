//! The people an article names: full names with their roles, surnames, pronouns and role
//! phrases resolved to them.

use super::patterns::capitalised_runs;
use super::words::*;
use super::*;

/// The people an article names, for resolving surnames, pronouns and roles.
pub(super) struct People<'a> {
    /// Full names (two or more words), with the role words that introduced them.
    full: Vec<Known>,
    /// Words the article writes in lower case: capitalised, they are ordinary words opening a
    /// sentence ("Following Macron's visit"), not first names. Borrowed from the text, not
    /// allocated per word.
    lower_words: rustc_hash::FxHashSet<&'a str>,
    /// The article's paragraphs: one is scanned for the names in it only when a pronoun needs
    /// an antecedent, as few do.
    paragraphs: &'a [&'a str],
}

/// A person named in full, with the role words that introduced them and their surname key.
pub(super) struct Known {
    person: Person,
    roles: String,
    surname: String,
}

impl<'a> People<'a> {
    pub(super) fn collect(paragraphs: &'a [&'a str]) -> People<'a> {
        let mut people = People {
            full: Vec::new(),
            lower_words: lower_case_words(paragraphs),
            paragraphs,
        };
        let mut full: Vec<Known> = Vec::new();
        for text in paragraphs {
            for run in capitalised_runs(text) {
                let (role, name) = split_role(&text[run.clone()]);
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
    pub(super) fn resolve(&self, said: &str, last: Option<&Person>) -> Option<Person> {
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
        let (role, name) = split_role(said);
        let name = self.without_common_words(&name);
        let tokens: Vec<&str> = name.split_whitespace().collect();
        if tokens.is_empty() {
            return None;
        }
        // An honorific makes a lone surname a person's (`Mr. Obama`), named in full or not.
        let honoured = role.split_whitespace().last().is_some_and(is_honorific);
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
            (1, None) if honoured && is_person_like(&name) => Some(Person { name }),
            _ => None,
        }
    }

    /// The last person named in paragraph `paragraph`, for pronouns in later paragraphs.
    pub(super) fn last_named(&self, paragraph: usize) -> Option<Person> {
        self.last_named_before(paragraph, usize::MAX)
    }

    /// The last person named in full somewhere in the article whom paragraph `paragraph`
    /// names before byte `at`, by full name or surname.
    pub(super) fn last_named_before(&self, paragraph: usize, at: usize) -> Option<Person> {
        self.named_before(paragraph, at)
            .last()
            .map(|(_, k)| k.person.clone())
    }

    /// The subject a pronoun at byte `at` of paragraph `text` most likely means: of the last
    /// sentence before it that names a person, the first person it names (`Masters, 36, has
    /// been investigated for Hettrick's murder. He has insisted ...`: Masters).
    pub(super) fn subject_before(&self, paragraph: usize, text: &str, at: usize) -> Option<Person> {
        let named = self.named_before(paragraph, at);
        let &(last, _) = named.last()?;
        let sentence = text[..last].rfind(". ").map_or(0, |i| i + 2);
        named
            .iter()
            .find(|(start, _)| *start >= sentence)
            .map(|(_, k)| k.person.clone())
    }

    /// Where paragraph `paragraph` names someone the article names in full, before byte `at`:
    /// each capitalised run by its surname, and lone capitalised words (`Masters, 36, has
    /// been ...`), in order.
    fn named_before(&self, paragraph: usize, at: usize) -> Vec<(usize, &Known)> {
        let Some(&text) = self
            .paragraphs
            .get(paragraph)
            .filter(|_| !self.full.is_empty())
        else {
            return Vec::new();
        };
        let at = at.min(text.len());
        let mut words: Vec<(usize, &str)> = Vec::new();
        let mut covered = 0;
        for run in capitalised_runs(text) {
            if run.start >= at {
                break;
            }
            words.extend(capitalised_words(text, covered..run.start));
            covered = run.end;
            words.push((run.start, bare_word(super::surname(&text[run]))));
        }
        // Up to the end of the word `at` is in: a word that starts before it counts whole.
        let end = text[at..]
            .find(char::is_whitespace)
            .map_or(text.len(), |i| at + i);
        words.extend(
            capitalised_words(text, covered.min(end)..end).take_while(|&(start, _)| start < at),
        );
        words
            .into_iter()
            .filter_map(|(start, word)| {
                // Folded only when it is not ASCII: most words are, and most are no surname.
                let folded = (!word.is_ascii()).then(|| fold(word));
                self.full
                    .iter()
                    .find(|k| match &folded {
                        Some(f) => &k.surname == f,
                        None => word.eq_ignore_ascii_case(&k.surname),
                    })
                    .map(|k| (start, k))
            })
            .collect()
    }
}

/// The person a pronoun with no subject in its own paragraph means: the last speaker found,
/// unless a paragraph after that speaker's names someone. Paragraphs are scanned for names
/// only when a pronoun asks.
#[derive(Default)]
pub(super) struct LastPerson {
    person: Option<Person>,
    /// Paragraphs from here on have not been scanned.
    scanned_to: usize,
}

impl LastPerson {
    /// `person` spoke in paragraph `paragraph`.
    pub(super) fn spoke(&mut self, person: Person, paragraph: usize) {
        self.person = Some(person);
        self.scanned_to = paragraph;
    }

    /// The last person spoken of before paragraph `paragraph`'s current point.
    pub(super) fn get(&mut self, people: &People, paragraph: usize) -> Option<Person> {
        if let Some(p) = (self.scanned_to..paragraph)
            .rev()
            .find_map(|k| people.last_named(k))
        {
            self.person = Some(p);
        }
        self.scanned_to = self.scanned_to.max(paragraph);
        self.person.clone()
    }
}

/// Where each capitalised word of `text[range]` starts, with its folded form (a possessive
/// dropped): lone surnames, for [`People::last_named_before`].
fn capitalised_words(
    text: &str,
    range: std::ops::Range<usize>,
) -> impl Iterator<Item = (usize, &str)> + '_ {
    let base = range.start;
    text[range]
        .split_whitespace()
        .filter(|w| w.starts_with(|c: char| c.is_uppercase()))
        .map(move |w| {
            let start = base + (w.as_ptr() as usize - text[base..].as_ptr() as usize);
            (start, bare_word(w))
        })
}

/// A word without the punctuation around it or a possessive (`Masters’s,` → `Masters`).
fn bare_word(w: &str) -> &str {
    let word = w.trim_matches(|c: char| !c.is_alphanumeric());
    word.strip_suffix("’s")
        .or_else(|| word.strip_suffix("'s"))
        .unwrap_or(word)
}

/// The words (runs of letters) of `paragraphs` that begin with a lower-case letter. ASCII
/// paragraphs, most wire copy, are split on bytes, into a set sized for the text up front.
pub(super) fn lower_case_words<'a>(paragraphs: &[&'a str]) -> rustc_hash::FxHashSet<&'a str> {
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

/// Titles that only a person bears (`Mr.`, `Sen.`), lower case, without their stop.
const HONORIFICS: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "dr",
    "sen",
    "senator",
    "rep",
    "representative",
    "gov",
    "governor",
    "president",
    "prof",
    "professor",
    "rev",
    "sir",
    "dame",
    "lord",
    "lady",
    "judge",
    "justice",
    "mayor",
    "gen",
    "general",
    "adm",
    "admiral",
    "col",
    "colonel",
    "lt",
    "capt",
    "sgt",
];

/// Whether `word` is a title only a person bears (`Mr.`, `Sen.`, `senator`), any case.
pub(super) fn is_honorific(word: &str) -> bool {
    let word = word.trim_end_matches('.');
    HONORIFICS.iter().any(|h| h.eq_ignore_ascii_case(word))
}

/// Splits "Russia’s Foreign Minister Sergey Lavrov" into role ("russia’s foreign minister")
/// and name ("Sergey Lavrov").
pub(super) fn split_role(run: &str) -> (String, String) {
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

/// Whether a name of capitalised words can be a person's (not a place, body or date).
pub(super) fn is_person_like(name: &str) -> bool {
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
            // An initial (`W.`, `G.K.`) is the one word of capitals a name has.
            let initial = t.ends_with('.') && letters <= 2;
            !matches!(lower.as_str(), "he" | "she" | "it" | "they" | "we" | "i")
                && (letters >= 2 || t.ends_with('.'))
                && (initial || !t.chars().all(|c| !c.is_alphabetic() || c.is_uppercase()))
        })
}
