//! From parsed clauses to tantivy queries. Words are analysed exactly as the index analysed the
//! text; function words leave the bag of words (unless nothing else is left); filters become
//! zero-scored required clauses so that they never move the ranking.

use std::collections::HashSet;
use std::ops::Bound;

use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur as TOccur, Query, RangeQuery,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use crate::index::head::WholeArticle;
use time::Date;

use super::exact::ExactQuery;
use super::parse::{parse, Clause, Occur, Text};
use super::{forms, question};
use crate::analysis::{self, terms};
use crate::cues::Cue;
use crate::error::{Error, Result};
use crate::index::schema::Fields;
use crate::stopwords::is_stopword;

/// A single term of the bag of words, in both its forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BagTerm {
    /// Unstemmed form, as in the exact fields.
    pub exact: String,
    /// Stemmed form, as in the stemmed fields.
    pub stem: String,
    /// Stems of the word's irregular other forms ("met" for "meet"), matched at a lower weight.
    pub variants: Vec<String>,
    /// Whether the word names something (written with a capital: `Bonne`, `AIDS`): it
    /// matches only as written, never another word of its stem (`Bonn`) or its other forms.
    /// The ranking keeps it only where the index holds the word as written.
    pub name: bool,
}

impl BagTerm {
    /// What tells terms apart: the word as written for a name, else its stem.
    pub fn key(&self) -> &str {
        if self.name {
            &self.exact
        } else {
            &self.stem
        }
    }
}

/// A sequence of exact terms that must appear together, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    /// Exact terms, in order.
    pub terms: Vec<String>,
    /// Their stems, in order.
    pub stems: Vec<String>,
    /// `Must` or `MustNot`.
    pub occur: Occur,
}

/// Restrictions on which passages may match, independent of their text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// Outlet name, matched whole, case- and accent-insensitively.
    pub outlet: Option<String>,
    /// Speaker name, matched whole, case- and accent-insensitively.
    pub speaker: Option<String>,
    /// Earliest publication date, inclusive.
    pub since: Option<Date>,
    /// Latest publication date, inclusive.
    pub until: Option<Date>,
}

/// A filter written in the query (`speaker:…`, `outlet:…`, `date:…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldFilter {
    /// `outlet:NAME`.
    Outlet(String),
    /// `speaker:NAME`.
    Speaker(String),
    /// `date:DAY` or `date:[FROM TO UNTIL]`, inclusive, either end open.
    Dates(Option<Date>, Option<Date>),
}

impl FieldFilter {
    /// Reads a `field:value` clause; the error names the query part.
    fn parse(field: &str, value: &str) -> Result<FieldFilter> {
        let part = format!("{field}:{value}");
        if value.trim().is_empty() {
            return Err(Error::Query(format!("{part:?} has an empty value")));
        }
        let date = |text: &str| -> Result<Option<Date>> {
            let text = text.trim();
            if text == "*" || text.is_empty() {
                return Ok(None);
            }
            match crate::date::parse_ymd(text) {
                Some(d) if text.len() == 10 => Ok(Some(d)),
                _ => Err(Error::InvalidDate {
                    what: format!("{part:?} in the query"),
                    value: text.to_string(),
                }),
            }
        };
        match field {
            "outlet" => Ok(FieldFilter::Outlet(value.to_string())),
            "speaker" => Ok(FieldFilter::Speaker(value.to_string())),
            _ => {
                let inner = value
                    .trim_start_matches(['[', '{'])
                    .trim_end_matches([']', '}']);
                let upper = inner.to_uppercase();
                match upper.find(" TO ") {
                    Some(i) => {
                        let (from, until) = (date(&inner[..i])?, date(&inner[i + 4..])?);
                        if let (Some(a), Some(b)) = (from, until) {
                            if a > b {
                                return Err(Error::Query(format!(
                                    "{part:?}: the range ends before it starts"
                                )));
                            }
                        }
                        Ok(FieldFilter::Dates(from, until))
                    }
                    None if value.starts_with(['[', '{']) => Err(Error::Query(format!(
                        "{part:?}: a date range is [YYYY-MM-DD TO YYYY-MM-DD]"
                    ))),
                    None => {
                        let day = date(inner)?;
                        Ok(FieldFilter::Dates(day, day))
                    }
                }
            }
        }
    }
}

/// A query ready to run: the analysed bag of words, the phrases, and the filters.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Terms that rank passages; those matching all of them come first.
    pub bag: Vec<BagTerm>,
    /// Required single terms (`+word`).
    pub required: Vec<BagTerm>,
    /// Excluded single terms (`-word`).
    pub excluded: Vec<BagTerm>,
    /// Required and excluded phrases (quoted, or words the analyzer splits, like "full-scale").
    pub phrases: Vec<Phrase>,
    /// Restrictions on metadata, from the request.
    pub filters: Filters,
    /// Restrictions on metadata written in the query, required or excluded.
    pub field_filters: Vec<(Occur, FieldFilter)>,
    /// The kind of answer a question asks for ("Who…": a person), read from its opening words,
    /// which leave the bag.
    pub question: Option<Cue>,
    /// The keyword terms each outlet filter value stands for: every name and site of the
    /// outlet it names ([`Plan::resolve_outlets`]); a value not here is matched as written.
    pub outlet_terms: std::collections::HashMap<String, Vec<String>>,
}

/// Which passages a query built from a plan admits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Every bag term must match.
    All,
    /// At least one bag term must match.
    Any,
}

impl Plan {
    /// Analyses `input`. Fails only when nothing in it can be searched for.
    pub fn new(input: &str, filters: Filters) -> Result<Plan> {
        let mut stemmed = analysis::stemmed();
        let mut exact = analysis::exact();
        let mut plan = Plan {
            bag: Vec::new(),
            required: Vec::new(),
            excluded: Vec::new(),
            phrases: Vec::new(),
            filters,
            field_filters: Vec::new(),
            question: None,
            outlet_terms: Default::default(),
        };
        let clauses = parse(input);
        // Case says nothing in a query without lower-case letters (`TROOPS IN SOUTH VIET NAM`).
        let cased = input.chars().any(char::is_lowercase);
        let mut first_word = true;
        let opening: Vec<&str> = clauses
            .iter()
            .map_while(|c| match (&c.text, c.occur) {
                (Text::Word(w), Occur::Should) => Some(w.as_str()),
                _ => None,
            })
            .collect();
        let mut skip = 0;
        if let Some((cue, words)) = question::read(&opening).filter(|(_, n)| clauses.len() > *n) {
            plan.question = Some(cue);
            skip = words;
        }
        let mut optional_stopwords = Vec::new();
        for Clause { occur, text } in clauses.into_iter().skip(skip) {
            let (raw, quoted) = match &text {
                Text::Word(w) => (w.as_str(), false),
                Text::Phrase(p) => (p.as_str(), true),
                Text::Field(field, value) => {
                    let occur = if occur == Occur::MustNot {
                        Occur::MustNot
                    } else {
                        Occur::Must
                    };
                    plan.field_filters
                        .push((occur, FieldFilter::parse(field, value)?));
                    continue;
                }
            };
            let analysed = terms(&mut exact, raw);
            let typed: Vec<&str> = analysed.iter().map(|t| &raw[t.1..t.2]).collect();
            let exacts: Vec<String> = analysed.iter().map(|t| t.0.clone()).collect();
            let stems: Vec<String> = terms(&mut stemmed, raw).into_iter().map(|t| t.0).collect();
            let opens_query = std::mem::replace(&mut first_word, false) && skip == 0;
            if exacts.is_empty() {
                continue;
            }
            // Quoted words are a phrase; so is an excluded word the analyzer splits
            // (`-full-scale`). An unquoted split word ("South-Viet", "U.N.-backed") is its
            // words: proximity ranks them together without requiring them.
            if quoted || (exacts.len() > 1 && occur == Occur::MustNot) {
                plan.phrases.push(Phrase {
                    terms: exacts,
                    stems,
                    occur: if occur == Occur::MustNot {
                        Occur::MustNot
                    } else {
                        Occur::Must
                    },
                });
                continue;
            }
            for (i, exact) in exacts.iter().enumerate() {
                let stem = stems.get(i).cloned().unwrap_or_else(|| exact.clone());
                let mut variants: Vec<String> = Vec::new();
                for form in forms::other_forms(exact) {
                    for (v, _, _) in terms(&mut stemmed, form) {
                        if v != stem && !variants.contains(&v) {
                            variants.push(v);
                        }
                    }
                }
                let name = cased && names_something(typed[i], opens_query && i == 0);
                let term = BagTerm {
                    exact: exact.clone(),
                    stem,
                    variants: if name { Vec::new() } else { variants },
                    name,
                };
                match occur {
                    Occur::Must => plan.required.push(term),
                    Occur::MustNot => plan.excluded.push(term),
                    Occur::Should if is_stopword(&term.exact) => optional_stopwords.push(term),
                    Occur::Should => plan.bag.push(term),
                }
            }
        }
        let has_positive = !plan.bag.is_empty()
            || !plan.required.is_empty()
            || plan.phrases.iter().any(|p| p.occur == Occur::Must);
        if !has_positive {
            plan.bag = optional_stopwords;
        }
        let mut seen = HashSet::new();
        plan.bag.retain(|t| seen.insert(t.key().to_string()));
        let has_positive = !plan.bag.is_empty()
            || !plan.required.is_empty()
            || plan.phrases.iter().any(|p| p.occur == Occur::Must)
            || plan.field_filters.iter().any(|(o, _)| *o == Occur::Must);
        if !has_positive {
            let reason = if plan.excluded.is_empty() && plan.phrases.is_empty() {
                format!("{input:?} has no words to search for")
            } else {
                format!("{input:?} only excludes words; say what to search for too")
            };
            return Err(Error::Query(reason));
        }
        Ok(plan)
    }

    /// The plan with the names the index does not hold as written read as other words: a
    /// capitalised word the index has only in other forms still finds them.
    pub fn with_names_held(&self, searcher: &tantivy::Searcher, fields: &Fields) -> Plan {
        self.map_names(|t| t.name && super::exact::holds_word(searcher, fields, &t.exact, &t.stem))
    }

    /// The plan with every word read as a word, none as a name.
    pub fn without_names(&self) -> Plan {
        self.map_names(|_| false)
    }

    /// The plan with each word's `name` flag set by `is_name`.
    fn map_names(&self, mut is_name: impl FnMut(&BagTerm) -> bool) -> Plan {
        let mut plan = self.clone();
        for t in plan
            .bag
            .iter_mut()
            .chain(&mut plan.required)
            .chain(&mut plan.excluded)
        {
            t.name = is_name(t);
        }
        plan
    }

    /// Whether the plan is only a bag of words: no required, excluded or quoted parts, no
    /// filters.
    pub fn is_plain_bag(&self) -> bool {
        self.required.is_empty()
            && self.excluded.is_empty()
            && self.phrases.is_empty()
            && self.field_filters.is_empty()
            && self.filters == Filters::default()
    }

    /// Resolves every outlet the filters name to all the names and sites the archive gives
    /// that outlet, so `outlet:politico` finds articles named `POLITICO Playbook` or only
    /// `politico.com`.
    pub fn resolve_outlets(mut self, outlets: &crate::metadata::OutletNames) -> Plan {
        let named = self
            .filters
            .outlet
            .iter()
            .chain(self.field_filters.iter().filter_map(|(_, f)| match f {
                FieldFilter::Outlet(o) => Some(o),
                _ => None,
            }));
        let resolved: Vec<(String, Vec<String>)> = named
            .map(|o| (o.clone(), outlets.terms(o, analysis::keyword_term).to_vec()))
            .filter(|(_, terms)| !terms.is_empty())
            .collect();
        self.outlet_terms.extend(resolved);
        self
    }

    /// Whether [`Mode::All`] and [`Mode::Any`] can differ.
    pub fn has_partial_matches(&self) -> bool {
        self.bag.len() > 1
    }

    /// The tantivy query for `mode`.
    pub fn query(&self, fields: &Fields, mode: Mode) -> Box<dyn Query> {
        let clauses = self.clauses(fields, mode);
        if !clauses.iter().any(|(o, _)| *o != TOccur::MustNot) {
            return Box::new(EmptyQuery);
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// The clauses of [`Plan::query`].
    fn clauses(&self, fields: &Fields, mode: Mode) -> Vec<(TOccur, Box<dyn Query>)> {
        let mut clauses: Vec<(TOccur, Box<dyn Query>)> = Vec::new();
        let other_positive =
            !self.required.is_empty() || self.phrases.iter().any(|p| p.occur != Occur::MustNot);
        match mode {
            Mode::All => {
                for term in &self.bag {
                    clauses.push((TOccur::Must, term_query(fields, term)));
                }
            }
            // With `+word` or a phrase, bag terms are optional extras (they rank); alone, at
            // least one must match: a filter is no query term.
            Mode::Any if other_positive => {
                for term in &self.bag {
                    clauses.push((TOccur::Should, term_query(fields, term)));
                }
            }
            Mode::Any if !self.bag.is_empty() => {
                let any = self.bag.iter().map(|t| term_query(fields, t)).collect();
                clauses.push((TOccur::Must, Box::new(BooleanQuery::union(any))));
            }
            Mode::Any => {}
        }
        for term in &self.required {
            clauses.push((TOccur::Must, term_query(fields, term)));
        }
        for term in &self.excluded {
            clauses.push((TOccur::MustNot, term_query(fields, term)));
        }
        for phrase in &self.phrases {
            let query = phrase_query(fields, phrase);
            clauses.push(match phrase.occur {
                Occur::MustNot => (TOccur::MustNot, Box::new(super::exclude::Excluded(query))),
                _ => (TOccur::Must, query),
            });
        }
        if let Some(filter) = filter_query(&self.filters, fields, &self.outlet_terms) {
            clauses.push((TOccur::Must, filter));
        }
        for (occur, filter) in &self.field_filters {
            let occur = if *occur == Occur::MustNot {
                TOccur::MustNot
            } else {
                TOccur::Must
            };
            let mut f = Filters::default();
            match filter {
                FieldFilter::Outlet(o) => f.outlet = Some(o.clone()),
                FieldFilter::Speaker(s) => f.speaker = Some(s.clone()),
                FieldFilter::Dates(a, b) => (f.since, f.until) = (*a, *b),
            }
            if f.since.is_none() && f.until.is_none() && matches!(filter, FieldFilter::Dates(..)) {
                continue; // `date:[* TO *]`: no restriction
            }
            if let Some(q) = filter_query(&f, fields, &self.outlet_terms) {
                clauses.push((occur, q));
            }
        }
        clauses
    }

    /// What binds every passage whatever its words score: required and excluded words,
    /// phrases and filters; `None` when nothing does. Semantic candidates pass through it.
    pub fn constraints(&self, fields: &Fields) -> Option<Box<dyn Query>> {
        let bound = Plan {
            bag: Vec::new(),
            ..self.clone()
        };
        let mut clauses = bound.clauses(fields, Mode::Any);
        if clauses.is_empty() {
            return None;
        }
        if clauses.iter().all(|(o, _)| *o == TOccur::MustNot) {
            clauses.push((TOccur::Must, Box::new(tantivy::query::AllQuery)));
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }
}

/// Whether a word, as typed in a query with lower-case letters, names something: it is
/// written with a capital, and, as the query's first word (capitalised as any first word is),
/// with a capital after its first letter too (`AIDS`, `McCain`).
fn names_something(typed: &str, first: bool) -> bool {
    let mut letters = typed.chars().filter(|c| c.is_alphabetic());
    match letters.next() {
        Some(c) if c.is_uppercase() => !first || letters.any(char::is_uppercase),
        _ => false,
    }
}

/// The zero-scored query that admits only passages passing `f`; `None` when `f` is empty.
/// An outlet in `outlet_terms` matches any of its terms.
fn filter_query(
    f: &Filters,
    fields: &Fields,
    outlet_terms: &std::collections::HashMap<String, Vec<String>>,
) -> Option<Box<dyn Query>> {
    let mut parts: Vec<(TOccur, Box<dyn Query>)> = Vec::new();
    let keyword = |field: Field, value: &str| -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, &analysis::keyword_term(value)),
            IndexRecordOption::Basic,
        ))
    };
    if let Some(outlet) = &f.outlet {
        let query: Box<dyn Query> = match outlet_terms.get(outlet) {
            Some(terms) => Box::new(tantivy::query::TermSetQuery::new(
                terms
                    .iter()
                    .map(|t| Term::from_field_text(fields.outlet, t)),
            )),
            None => keyword(fields.outlet, outlet),
        };
        parts.push((TOccur::Must, query));
    }
    if let Some(speaker) = &f.speaker {
        let key = crate::metadata::lookup_key(speaker).unwrap_or_default();
        parts.push((
            TOccur::Must,
            Box::new(TermQuery::new(
                Term::from_field_text(fields.speaker_keys, &key),
                IndexRecordOption::Basic,
            )),
        ));
    }
    if f.since.is_some() || f.until.is_some() {
        let bound = |d: Option<Date>| match d {
            Some(d) => Bound::Included(Term::from_field_date_for_search(
                fields.date,
                crate::index::value::to_datetime(d),
            )),
            None => Bound::Unbounded,
        };
        parts.push((
            TOccur::Must,
            Box::new(RangeQuery::new(bound(f.since), bound(f.until))),
        ));
    }
    if parts.is_empty() {
        return None;
    }
    Some(Box::new(ConstScoreQuery::new(
        Box::new(BooleanQuery::new(parts)),
        0.0,
    )))
}

impl Plan {
    /// What snippets highlight: the stems of every bag and required term, and the phrases
    /// (a name is a phrase of one word: it matches as written).
    pub fn highlights(&self) -> (HashSet<String>, Vec<Vec<String>>) {
        let terms = || self.bag.iter().chain(&self.required);
        let stems = terms()
            .filter(|t| !t.name)
            .map(|t| t.stem.clone())
            .collect();
        let phrases = self
            .phrases
            .iter()
            .filter(|p| p.occur == Occur::Must)
            .map(|p| p.terms.clone())
            .chain(terms().filter(|t| t.name).map(|t| vec![t.exact.clone()]))
            .collect();
        (stems, phrases)
    }
}

/// Weight of a word's irregular other forms against the word itself.
pub const VARIANT_WEIGHT: f32 = 0.5;

fn term_query(fields: &Fields, term: &BagTerm) -> Box<dyn Query> {
    let q = |field: Field, stem: &str| -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, stem),
            IndexRecordOption::WithFreqs,
        ))
    };
    if term.name && term.exact != term.stem {
        // The word as written is its own term of the forms fields. (A name stemming leaves
        // alone is its stem's term, which other forms of the stem share: the ranking counts
        // the word itself.)
        let form = analysis::form_term(&term.stem, &term.exact);
        return Box::new(BooleanQuery::union(vec![
            q(fields.text_forms, &form),
            Box::new(WholeArticle(q(fields.title_forms, &form))),
        ]));
    }
    let any = |field: Field| -> Vec<Box<dyn Query>> {
        let mut any = vec![q(field, &term.stem)];
        for v in &term.variants {
            any.push(Box::new(BoostQuery::new(q(field, v), VARIANT_WEIGHT)));
        }
        any
    };
    let mut text = any(fields.text);
    text.push(Box::new(WholeArticle(Box::new(BooleanQuery::union(any(
        fields.title,
    ))))));
    Box::new(BooleanQuery::union(text))
}

/// Passages holding the words as written, in order, in their text or their article's
/// headline.
fn phrase_query(fields: &Fields, phrase: &Phrase) -> Box<dyn Query> {
    let q = |stem_field: Field, forms_field: Field| -> Box<dyn Query> {
        Box::new(ExactQuery::new(
            &phrase.terms,
            &phrase.stems,
            stem_field,
            forms_field,
        ))
    };
    Box::new(BooleanQuery::union(vec![
        q(fields.text, fields.text_forms),
        Box::new(WholeArticle(q(fields.title, fields.title_forms))),
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(q: &str) -> Plan {
        Plan::new(q, Filters::default()).unwrap()
    }

    fn stems(terms: &[BagTerm]) -> Vec<&str> {
        terms.iter().map(|t| t.stem.as_str()).collect()
    }

    #[test]
    fn function_words_leave_the_bag() {
        let p = plan("Who did Bonne meet in Moscow?");
        assert_eq!(stems(&p.bag), ["bonn", "meet", "moscow"]);
    }

    #[test]
    fn only_function_words_are_kept() {
        assert_eq!(stems(&plan("the who").bag), ["the", "who"]);
    }

    #[test]
    fn upper_case_operators_are_plain_words() {
        let p = plan("TROOPS IN SOUTH VIET NAM AND NOT");
        assert_eq!(stems(&p.bag), ["troop", "south", "viet", "nam"]);
    }

    #[test]
    fn quoted_words_are_phrases_and_split_words_are_words() {
        let p = plan(r#""pathetic diplomacy" full-scale -"peace talks" -cease-fire"#);
        assert_eq!(p.phrases.len(), 3);
        assert_eq!(p.phrases[0].terms, ["pathetic", "diplomacy"]);
        assert_eq!(p.phrases[1].occur, Occur::MustNot);
        assert_eq!(p.phrases[2].terms, ["cease", "fire"]);
        assert_eq!(p.phrases[2].occur, Occur::MustNot);
        assert_eq!(stems(&p.bag), ["full", "scale"]);
    }

    #[test]
    fn nothing_to_search_is_an_error_naming_the_query() {
        for q in ["", "   ", "?!", "🙂", "-macron"] {
            let err = Plan::new(q, Filters::default()).unwrap_err().to_string();
            assert!(err.contains(&format!("{q:?}")), "{err}");
        }
    }

    #[test]
    fn field_filters_are_read_and_bad_ones_name_the_query_part() {
        let p = plan("talks speaker:\"Sergei Lavrov\" date:[2026-02-01 TO *] -outlet:RT");
        assert_eq!(p.field_filters.len(), 3);
        assert_eq!(
            p.field_filters[0],
            (Occur::Must, FieldFilter::Speaker("Sergei Lavrov".into()))
        );
        let d = time::macros::date!(2026 - 02 - 01);
        assert_eq!(
            p.field_filters[1],
            (Occur::Must, FieldFilter::Dates(Some(d), None))
        );
        assert_eq!(
            p.field_filters[2],
            (Occur::MustNot, FieldFilter::Outlet("RT".into()))
        );
        assert!(
            Plan::new("speaker:lavrov", Filters::default()).is_ok(),
            "filters alone are a query"
        );
        for (bad, part) in [
            ("x date:2026-13-01", "date:2026-13-01"),
            (
                "x date:[2026-02-07 TO 2026-02-01]",
                "date:[2026-02-07 TO 2026-02-01]",
            ),
            ("x date:[2026-02-07]", "date:[2026-02-07]"),
            ("x speaker:\"\"", "speaker:"),
        ] {
            let err = Plan::new(bad, Filters::default()).unwrap_err().to_string();
            assert!(err.contains(part), "{bad}: {err}");
        }
    }

    #[test]
    fn questions_are_read_and_irregular_forms_joined() {
        let p = plan("Who did Bonne meet in Moscow?");
        assert_eq!(p.question, Some(Cue::Person));
        assert_eq!(p.bag[1].variants, ["met"]);
        let p = plan("How many prisoners were exchanged?");
        assert_eq!(p.question, Some(Cue::Number));
        assert_eq!(stems(&p.bag), ["prison", "exchang"]);
        assert_eq!(
            plan("who").question,
            None,
            "a question word alone is the query"
        );
        assert_eq!(plan("Lavrov \"who\"").question, None);
    }

    #[test]
    fn duplicate_stems_count_once() {
        assert_eq!(stems(&plan("talks talk talking").bag), ["talk"]);
    }

    #[test]
    fn a_word_with_a_capital_is_a_name_unless_case_says_nothing() {
        let names = |q: &str| -> Vec<String> {
            let p = plan(q);
            p.bag
                .iter()
                .filter(|t| t.name)
                .map(|t| t.exact.clone())
                .collect()
        };
        assert_eq!(names("Who did Bonne meet in Moscow?"), ["bonne", "moscow"]);
        assert_eq!(
            names("talks Talking"),
            ["talking"],
            "kept apart from its stem"
        );
        // The first word is capitalised as any first word is; a capital after its first letter
        // still names (`AIDS`, `McCain`), and a query in capitals says nothing by case.
        assert_eq!(names("Bonne met Lavrov"), ["lavrov"]);
        assert_eq!(names("AIDS aid workers"), ["aids"]);
        assert_eq!(names("McCain said"), ["mccain"]);
        assert!(names("TROOPS IN SOUTH VIET NAM").is_empty());
        let p = plan("Who met Bonne?");
        assert!(p.bag[1].variants.is_empty(), "a name has no other forms");
    }
}
