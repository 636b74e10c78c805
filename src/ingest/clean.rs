//! Cleaning: scraped article text in, headline and paragraphs out, with every removed piece of
//! debris recorded (line, kind, text) so that `lede show` can audit it.
//!
//! The rules are general, not lists of known strings: they look at a line's shape (bullets,
//! length, capitalisation, punctuation, words left once image names are gone), at the article
//! around it (does an isolated headline share words with the story?), and at patterns that news
//! sites share (share buttons, donation appeals, comment footers, photo credits, wire sign-offs).

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};
use time::Date;

use crate::date::parse_ymd;

/// What kind of debris a removed piece was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Debris {
    /// Menus, breadcrumbs, share buttons, "story continues below" markers.
    Navigation,
    /// Donation, subscription, newsletter and sponsored-content appeals.
    Appeal,
    /// Image file names and image markup.
    Image,
    /// Photo captions: carrying a credit, or saying who stands where in the picture.
    Caption,
    /// Comment-section and copyright footers.
    Footer,
    /// A byline line ("By Jane Doe (AFP)").
    Byline,
    /// A wire agency's sign-off at the end of the story.
    SignOff,
    /// Metadata lines: date markers, bare timestamps.
    Metadata,
    /// A headline of another story dropped into the body.
    UnrelatedHeadline,
    /// A repeat of an earlier line.
    Duplicate,
    /// The credit line of an embedded social-media post ("— Name (@handle) September 21, 2016").
    Embed,
    /// A line with no words: separators, stray characters.
    Residue,
    /// A link to other content, as a line or a paragraph's tail ("Watch the report »").
    Link,
    /// A call for readers' photos, videos or stories ("Are you there? Share photos").
    Promotion,
    /// A contributor credit ("Jane Doe contributed to this report").
    Credit,
}

impl Debris {
    /// A short description for people.
    pub fn describe(self) -> &'static str {
        match self {
            Debris::Navigation => "navigation",
            Debris::Appeal => "donation or subscription appeal",
            Debris::Image => "image name or markup",
            Debris::Caption => "photo caption or credit",
            Debris::Footer => "comment or copyright footer",
            Debris::Byline => "byline",
            Debris::SignOff => "wire sign-off",
            Debris::Metadata => "metadata line",
            Debris::UnrelatedHeadline => "unrelated headline",
            Debris::Duplicate => "repeated line",
            Debris::Embed => "social media embed credit",
            Debris::Residue => "no words",
            Debris::Link => "link to other content",
            Debris::Promotion => "call for readers' contributions",
            Debris::Credit => "contributor credit",
        }
    }
}

/// One piece of debris taken out of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    /// Line in the article text, from 1.
    pub line: usize,
    /// What it was taken for.
    pub kind: Debris,
    /// The text removed.
    pub text: String,
}

/// A paragraph of kept text, with the lines it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// First line in the article text, from 1.
    pub first_line: usize,
    /// Last line in the article text, from 1.
    pub last_line: usize,
    /// The text; lines of a wrapped block or a table are joined with `\n`.
    pub text: String,
}

/// An article's text once cleaned.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cleaned {
    /// The headline found in the text, when the caller asked for one and there is one.
    pub title: Option<String>,
    /// Line of that headline, from 1.
    pub title_line: Option<usize>,
    /// The kept paragraphs, in order.
    pub paragraphs: Vec<Paragraph>,
    /// Everything removed, in line order.
    pub removed: Vec<Removed>,
    /// A date given by a metadata marker in the text (`date 2026-02-06 ...`).
    pub marked_date: Option<Date>,
}

impl Cleaned {
    /// The paragraphs' texts, in order.
    pub fn texts(&self) -> Vec<&str> {
        self.paragraphs.iter().map(|p| p.text.as_str()).collect()
    }
}

/// Cleans `text`. When `find_title` is true, a headline-shaped first line becomes the title
/// instead of a paragraph.
pub fn clean(text: &str, find_title: bool) -> Cleaned {
    let mut out = Cleaned::default();
    let mut kept = first_pass(text, &mut out);
    strip_bullet_runs(&mut kept, &mut out.removed);
    if find_title {
        if let Some(first) = kept.first() {
            if is_title_shaped(&first.text) {
                let first = kept.remove(0);
                out.title = Some(first.text);
                out.title_line = Some(first.line);
            }
        }
    }
    strip_sign_off(&mut kept, &mut out.removed);
    strip_unrelated_headlines(&mut kept, out.title.as_deref(), &mut out.removed);
    strip_duplicates(&mut kept, out.title.as_deref(), &mut out.removed);
    out.paragraphs = assemble(&kept);
    out.removed.sort_by_key(|r| r.line);
    out
}

/// A line that survived the line rules, with its block (lines between blank or removed lines).
#[derive(Debug, Clone)]
struct Line {
    line: usize,
    block: usize,
    text: String,
    /// [`word_count`] of `text`: the rules after the first pass ask for it several times.
    words: usize,
}

impl Line {
    fn set_text(&mut self, text: String) {
        self.words = word_count(&text);
        self.text = text;
    }
}

fn first_pass(text: &str, out: &mut Cleaned) -> Vec<Line> {
    let mut kept = Vec::new();
    let mut block = 0;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let mut t = raw.trim();
        if t.is_empty() {
            block += 1;
            continue;
        }
        if let Some(caps) = DATE_MARKER.captures(t) {
            let whole = caps.get(0).map_or("", |m| m.as_str());
            if let Some(date) = parse_ymd(&caps[1]) {
                out.marked_date.get_or_insert(date);
                out.removed.push(Removed {
                    line,
                    kind: Debris::Metadata,
                    text: whole.trim().to_string(),
                });
                t = t[whole.len()..].trim();
                if t.is_empty() {
                    block += 1;
                    continue;
                }
            }
        }
        let images = image_fragments(t);
        let t = if images.is_empty() {
            t.to_string()
        } else {
            let mut rest = String::with_capacity(t.len());
            let mut at = 0;
            for m in &images {
                rest.push_str(&t[at..m.start]);
                rest.push(' ');
                at = m.end;
            }
            rest.push_str(&t[at..]);
            let rest = rest.split_whitespace().collect::<Vec<_>>().join(" ");
            if !has_words(&rest) {
                out.removed.push(removed(line, Debris::Image, t));
                block += 1;
                continue;
            }
            for m in images {
                out.removed.push(removed(line, Debris::Image, &t[m]));
            }
            rest
        };
        let t = strip_tails(t, line, &mut out.removed);
        if t.is_empty() {
            block += 1;
            continue;
        }
        let words = word_count(&t);
        if let Some(kind) = classify(&t, words) {
            out.removed.push(removed(line, kind, &t));
            block += 1;
            continue;
        }
        kept.push(Line {
            line,
            block,
            text: t,
            words,
        });
    }
    kept
}

/// `t` without the debris its last sentences are (links, [`link_start`]; share buttons, calls
/// for readers' contributions, credits, [`tail_kind`]), each recorded as removed from `line`; a
/// line that is all debris becomes empty.
fn strip_tails(mut t: String, line: usize, removed_out: &mut Vec<Removed>) -> String {
    if let Some(end) = leading_link_end(&t) {
        removed_out.push(removed(line, Debris::Link, &t[..end]));
        t = t[end..].trim_start().to_string();
    }
    if let Some(end) = leading_call_end(&t) {
        removed_out.push(removed(line, Debris::Promotion, &t[..end]));
        t = t[end..].trim_start().to_string();
    }
    let mut promoted = false;
    loop {
        let (start, kind) = match link_start(&t) {
            Some(start) => (start, Debris::Link),
            None => match tail_at(&t) {
                Some(found) => found,
                // The question or wish a call for readers opens with (`Have you lost weight?`,
                // `We also want to feature your own videos here.`).
                None if promoted => {
                    let start = last_sentence_start(&t);
                    let opening = t[start..].trim();
                    let question = start > 0 && READER_QUESTION.is_match(opening);
                    if !question && !READER_INVITE.is_match(opening) {
                        return t;
                    }
                    (start, Debris::Promotion)
                }
                None => return t,
            },
        };
        promoted = kind == Debris::Promotion;
        removed_out.push(removed(line, kind, t[start..].trim()));
        t.truncate(start);
        t.truncate(t.trim_end().len());
    }
}

/// Where the debris tail of `t` starts, and its kind: its last sentence, a promotion in its
/// last two sentences (`Have you lost weight? Tell us about your ''Aha!'' moment`), or a
/// site's promotion glued to the sentence before (`… ages 3 to 17.iReport.com: How …`).
fn tail_at(t: &str) -> Option<(usize, Debris)> {
    let start = last_sentence_start(t);
    if let Some(kind) = tail_kind(t[start..].trim(), start > 0) {
        return Some((start, kind));
    }
    if let Some(glued) = glued_site_tail(t) {
        if let Some(kind) = tail_kind(&t[glued..], true) {
            return Some((glued, kind));
        }
    }
    // A call cut by a sentence end of its own (`Tell us about your ''Aha!'' moment`) leaves
    // a last sentence that ends as no sentence does.
    if start > 0 && !ends_sentence(&t[start..]) {
        let earlier = last_sentence_start(t[..start].trim_end());
        let two = t[earlier..].trim();
        let first = two.split_whitespace().next().unwrap_or("");
        if may_begin_tail(first) && word_count(two) <= 25 && PROMOTION.is_match(two) {
            return Some((earlier, Debris::Promotion));
        }
    }
    None
}

/// Where a site's name with a colon (`iReport.com:`) starts right after a sentence's full stop,
/// with no space between.
fn glued_site_tail(t: &str) -> Option<usize> {
    memchr::memchr(b':', t.as_bytes())?;
    let at = t.rfind(".com: ")?;
    let b = t.as_bytes();
    let mut i = at;
    while i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'-') {
        i -= 1;
    }
    (i > 0 && i < at && matches!(b[i - 1], b'.' | b'!' | b'?')).then_some(i)
}

/// Where a link that opens a line ends: `Watch Lisa Brown's talk »` before the paragraph's
/// text, when it is short and begins as links do.
fn leading_link_end(t: &str) -> Option<usize> {
    if !t.starts_with(['W', 'S', 'V', 'G']) {
        return None;
    }
    let arrow = t.find('»')?;
    if !LINK_CAPTION.is_match(t) {
        return None;
    }
    let end = arrow + '»'.len_utf8();
    let link = &t[..arrow];
    (word_count(link) <= 15 && !link.contains('«') && end < t.trim_end().len()).then_some(end)
}

/// Where a call for readers that opens a paragraph ends, when the paragraph's text follows it:
/// the call, or a question and the call (`Should McDonald's be in the Louvre? Tell us what you
/// think in the Soundoff box below.  Museum lovers in France …`).
fn leading_call_end(t: &str) -> Option<usize> {
    // A call begins with a word of its own: a label (`CNN.com: Who are you voting for?`) opens
    // an interview's question.
    let is_call = |s: &str| {
        s.split_whitespace()
            .next()
            .is_some_and(|w| !w.ends_with(':') && may_begin_tail(w))
            && PROMOTION.is_match(s)
    };
    let first = sentence_end(t, 0)?;
    let opening = &t[..first];
    let end = if is_call(opening) {
        first
    } else if opening.trim_end().ends_with('?') && word_count(opening) <= 20 {
        let second = sentence_end(t, first)?;
        if !is_call(t[first..second].trim_start()) {
            return None;
        }
        second
    } else {
        return None;
    };
    // The paragraph's own text follows, beginning as a sentence does.
    let rest = t[end..].trim_start();
    (word_count(&t[..end]) <= 35 && rest.starts_with(|c: char| c.is_uppercase() || c == '"'))
        .then_some(end)
}

/// The end of the sentence of `t` that starts at byte `from`: just past its `.`, `!` or `?`
/// (and closing quotes or bracket) where white space follows.
fn sentence_end(t: &str, from: usize) -> Option<usize> {
    let b = t.as_bytes();
    let mut i = from;
    while let Some(k) = memchr::memchr3(b'.', b'!', b'?', &b[i..]) {
        let mut end = i + k + 1;
        while end < b.len() && matches!(b[end], b'"' | b'\'' | b')') {
            end += 1;
        }
        if b.get(end).is_some_and(u8::is_ascii_whitespace) {
            return Some(end);
        }
        i += k + 1;
    }
    None
}

/// Where a link that ends `t` starts: the last sentence before a closing arrow (`… Watch the
/// report »`, `See photos. »`, `( Watch her arrive »)`), when it is short and no quotation in
/// guillemets (`«`).
fn link_start(t: &str) -> Option<usize> {
    let before = t.trim_end().trim_end_matches(['.', ')']).trim_end();
    let text = before.strip_suffix('»')?.trim_end();
    // The link's own full stop or question mark is not a sentence end before it.
    let text = text.strip_suffix(['.', '?', '!']).unwrap_or(text);
    let start = last_sentence_start(text);
    let link = &t[start..];
    (word_count(link) <= 15 && word_count(text) > 0 && !link.contains('«')).then_some(start)
}

/// The kind of debris a last sentence `tail` is, if it is: a link without its arrow, a share
/// button, a call for readers' contributions, a contributor credit. Each is known by its first
/// word or its last words, which are looked at before anything else. `after_sentence`: a
/// sentence of the line comes before it.
fn tail_kind(tail: &str, after_sentence: bool) -> Option<Debris> {
    // A call split by a stray full stop (`… Sound Off below. or send your videos via iReport`).
    if let Some(rest) = tail
        .strip_prefix("or ")
        .or_else(|| tail.strip_prefix("and "))
    {
        return tail_kind(rest.trim_start(), after_sentence).filter(|k| *k == Debris::Promotion);
    }
    let first = tail.split_whitespace().next()?;
    let credit = is_credit(tail);
    let labelled = first.len() > 1 && first.ends_with(':');
    if !credit && !labelled && !may_begin_tail(first) {
        return None;
    }
    let words = word_count(tail);
    if words == 0 {
        return None;
    }
    // A labelled caption or call after the paragraph's text (`iReport: 25 years of Tetris`,
    // `iReport: Share your photos and video`); on a line of its own, only a call.
    let rest = tail[first.len()..].trim_start();
    if labelled && words <= 10 && word_count(rest) >= 3 && !ends_sentence(tail) {
        if PROMOTION.is_match(rest) {
            return Some(Debris::Promotion);
        }
        if after_sentence {
            return Some(Debris::Link);
        }
    }
    // A video or gallery link whose arrow was lost: "Watch iReport of campus protest".
    if words <= 10 && LINK_CAPTION.is_match(tail) && !ends_sentence(tail) {
        return Some(Debris::Link);
    }
    if words <= 6 && SHARE_TAIL.is_match(tail) {
        return Some(Debris::Navigation);
    }
    if words <= 25 && PROMOTION.is_match(tail) {
        return Some(Debris::Promotion);
    }
    if words <= 25 && credit {
        return Some(Debris::Credit);
    }
    None
}

/// Whether `word` can begin a link, share or promotion tail: a word of [`TAIL_WORDS`] (any
/// case), or a site's name and a colon (`iReport.com:`).
fn may_begin_tail(word: &str) -> bool {
    let w = word.as_bytes();
    let site = w.len() > 5 && w[w.len() - 5..].eq_ignore_ascii_case(b".com:");
    site || TAIL_WORDS
        .iter()
        .any(|t| t.as_bytes().eq_ignore_ascii_case(w))
}

/// The first words of link, share and promotion tails.
const TAIL_WORDS: &[&str] = &[
    "watch", "see", "video:", "gallery:", "e-mail", "email", "share", "print", "tweet", "send",
    "tell", "are", "upload", "please", "leave", "use",
];

/// Whether `tail` ends as a contributor credit does ("… contributed to this report.").
fn is_credit(tail: &str) -> bool {
    let t = tail.trim_end().trim_end_matches('.').as_bytes();
    let ends = |suffix: &[u8]| {
        t.len() >= suffix.len() && t[t.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    };
    [b"report".as_slice(), b"story", b"article"]
        .iter()
        .any(|what| {
            ends(what) && {
                let t = &t[..t.len() - what.len()];
                let s = String::from_utf8_lossy(t);
                let s = s.trim_end().to_ascii_lowercase();
                s.ends_with("contributed to this") || s.ends_with("added reporting to this")
            }
        })
}

/// Where the last sentence of `t` starts: after the last `.`, `!` or `?` (closing quotes and
/// brackets after it included) that white space and more text follow; 0 when there is none.
/// Sentence marks are found from the end with a vectorised byte search, so it costs about the
/// length of the last sentence.
fn last_sentence_start(t: &str) -> usize {
    let b = t.as_bytes();
    let end = t.trim_end().len();
    let mut upto = end;
    while let Some(mark) = memchr::memrchr3(b'.', b'!', b'?', &b[..upto]) {
        let mut k = mark + 1;
        loop {
            if k < end && matches!(b[k], b'"' | b'\'' | b')' | b']') {
                k += 1;
            } else if k + 3 <= end && matches!(&b[k..k + 3], [0xE2, 0x80, 0x99 | 0x9D]) {
                k += 3;
            } else {
                break;
            }
        }
        if k < end && b[k].is_ascii_whitespace() {
            while b[k].is_ascii_whitespace() {
                k += 1;
            }
            return k;
        }
        upto = mark;
    }
    0
}

fn removed(line: usize, kind: Debris, text: &str) -> Removed {
    Removed {
        line,
        kind,
        text: text.trim().to_string(),
    }
}

/// The line rules, in order of confidence, for a line of `words` words ([`word_count`]).
/// `None` keeps the line.
fn classify(t: &str, words: usize) -> Option<Debris> {
    if !has_words(t) {
        return Some(Debris::Residue);
    }
    if words <= 8 && NAVIGATION.is_match(t) {
        return Some(Debris::Navigation);
    }
    if words <= 12 && is_breadcrumb(t) {
        return Some(Debris::Navigation);
    }
    if words <= 30 && FOOTER.is_match(t) {
        return Some(Debris::Footer);
    }
    if words <= 60 && !has_double_quotes(t) && APPEAL.is_match(t) {
        return Some(Debris::Appeal);
    }
    if words <= 30 && t.contains(EMBED_HANDLE) && EMBED.is_match(t) {
        return Some(Debris::Embed);
    }
    if words <= 50 && !has_double_quotes(t) && CAPTION.is_match(t) {
        return Some(Debris::Caption);
    }
    if words <= 30 && is_posed_caption(t) {
        return Some(Debris::Caption);
    }
    if words <= 12 && is_byline(t) {
        return Some(Debris::Byline);
    }
    if words <= 14 && is_timestamp(t) {
        return Some(Debris::Metadata);
    }
    None
}

/// Short bullet lines at the very top or bottom of an article are menus.
fn strip_bullet_runs(kept: &mut Vec<Line>, removed_out: &mut Vec<Removed>) {
    let is_menu = |l: &Line| BULLET.is_match(&l.text) && l.words <= 5 && !ends_sentence(&l.text);
    let lead = kept.iter().take_while(|l| is_menu(l)).count();
    for l in kept.drain(..lead) {
        removed_out.push(removed(l.line, Debris::Navigation, &l.text));
    }
    let tail = kept.iter().rev().take_while(|l| is_menu(l)).count();
    let start = kept.len() - tail;
    for l in kept.drain(start..) {
        removed_out.push(removed(l.line, Debris::Navigation, &l.text));
    }
}

/// Wire services whose name closes a story as a sign-off.
const AGENCIES: &[&str] = &[
    "reuter", "reuters", "ap", "afp", "upi", "dpa", "xinhua", "pti", "ani", "ians", "tass",
    "interfax", "bernama", "efe", "ansa", "kyodo", "yonhap", "anadolu",
];

fn strip_sign_off(kept: &mut Vec<Line>, removed_out: &mut Vec<Removed>) {
    let Some(last) = kept.last_mut() else { return };
    let Some(word) = last.text.split_whitespace().last() else {
        return;
    };
    if !AGENCIES.contains(&word.to_lowercase().as_str()) {
        return;
    }
    let word = word.to_string();
    let rest = last.text[..last.text.len() - word.len()]
        .trim_end()
        .to_string();
    removed_out.push(removed(last.line, Debris::SignOff, &word));
    if rest.is_empty() {
        kept.pop();
    } else {
        last.set_text(rest);
    }
}

/// An isolated title-case line between prose paragraphs, sharing almost no content words with
/// the rest of the article, is another story's headline.
fn strip_unrelated_headlines(
    kept: &mut Vec<Line>,
    title: Option<&str>,
    removed_out: &mut Vec<Removed>,
) {
    let is_prose = |l: &Line| l.words >= 12;
    let mut drop = Vec::new();
    for i in 1..kept.len().saturating_sub(1) {
        let line = &kept[i];
        if !is_headline_shaped(&line.text) || !is_prose(&kept[i - 1]) || !is_prose(&kept[i + 1]) {
            continue;
        }
        let own = content_words(&line.text);
        if own.len() < 3 {
            continue;
        }
        let mut rest: HashSet<String> = title.map(content_words).unwrap_or_default();
        for (j, other) in kept.iter().enumerate() {
            if j != i {
                rest.extend(content_words(&other.text));
            }
        }
        let shared = own.iter().filter(|w| rest.contains(*w)).count();
        if (shared as f64) < 0.34 * own.len() as f64 {
            drop.push(i);
        }
    }
    for i in drop.into_iter().rev() {
        let l = kept.remove(i);
        removed_out.push(removed(l.line, Debris::UnrelatedHeadline, &l.text));
    }
}

/// A line of ten or more words that repeats an earlier line (or the headline) is dropped;
/// shorter repeats are table rows and list items, which legitimately recur.
fn strip_duplicates(kept: &mut Vec<Line>, title: Option<&str>, removed_out: &mut Vec<Removed>) {
    // Lines are told apart by a 64-bit hash of their normal form.
    let mut form = String::new();
    let mut hash = |t: &str| {
        form.clear();
        normalize_into(t, &mut form);
        xxhash_rust::xxh3::xxh3_64(form.as_bytes())
    };
    let mut seen: rustc_hash::FxHashSet<u64> = title.map(&mut hash).into_iter().collect();
    kept.retain(|l| {
        if l.words < 10 {
            return true;
        }
        if seen.insert(hash(&l.text)) {
            true
        } else {
            removed_out.push(removed(l.line, Debris::Duplicate, &l.text));
            false
        }
    });
}

/// Groups kept lines into paragraphs. A line is a paragraph of its own, unless its block looks
/// hard-wrapped or tabular (most lines short and not ending a sentence): then the block is one
/// paragraph, lines joined with `\n`.
fn assemble(kept: &[Line]) -> Vec<Paragraph> {
    let mut paragraphs = Vec::new();
    let mut i = 0;
    while i < kept.len() {
        let block = kept[i].block;
        let end = i + kept[i..].iter().take_while(|l| l.block == block).count();
        let lines = &kept[i..end];
        if is_wrapped(lines) {
            paragraphs.push(Paragraph {
                first_line: lines[0].line,
                last_line: lines[lines.len() - 1].line,
                text: lines
                    .iter()
                    .map(|l| l.text.as_str())
                    .collect::<Vec<_>>()
                    .join("\n"),
            });
        } else {
            paragraphs.extend(lines.iter().map(|l| Paragraph {
                first_line: l.line,
                last_line: l.line,
                text: l.text.clone(),
            }));
        }
        i = end;
    }
    paragraphs
}

fn is_wrapped(lines: &[Line]) -> bool {
    if lines.len() < 2 {
        return false;
    }
    let body = &lines[..lines.len() - 1];
    let short = body.iter().all(|l| l.text.chars().count() <= 100);
    let open = body.iter().filter(|l| !ends_sentence(&l.text)).count();
    short && open * 2 > body.len()
}

// ---------------------------------------------------------------------------------------------
// Line shapes.

/// False for separators ("* * *", "——") and stray mojibake ("Â"): no letter or digit, or a
/// single one that is not ASCII.
fn has_words(t: &str) -> bool {
    let mut alnum = t.chars().filter(|c| c.is_alphanumeric());
    match (alnum.next(), alnum.next()) {
        (None, _) => false,
        (Some(c), None) => c.is_ascii_alphanumeric(),
        _ => true,
    }
}

fn ends_sentence(t: &str) -> bool {
    t.trim_end()
        .ends_with(['.', '!', '?', '"', '”', '’', '\'', ')', '…', ':', ';'])
}

/// A photo caption standing as its own paragraph: it says who stands where in the picture
/// (`Tim Masters, center, walks out of ...`, `(l-r)`) or that the picture shows them, and
/// reports no speech.
fn is_posed_caption(t: &str) -> bool {
    POSED_WORDS.is_match(t)
        && !has_double_quotes(t)
        && POSED_CAPTION.on(t).is_match(t)
        && !SPEECH.is_match(t)
}

fn has_double_quotes(t: &str) -> bool {
    // `"` is ASCII; the others' UTF-8 begins with 0xE2 (“ ” „: E2 80 9C/9D/9E) or 0xC2 (« »:
    // C2 AB/BB). A vectorised search for those three bytes passes over the rest.
    let b = t.as_bytes();
    memchr::memchr3_iter(b'"', 0xE2, 0xC2, b).any(|i| match b[i] {
        b'"' => true,
        0xE2 => matches!(b.get(i + 1..i + 3), Some([0x80, 0x9C..=0x9E])),
        _ => matches!(b.get(i + 1), Some(0xAB | 0xBB)),
    })
}

/// A first line that can be a headline: short, not ending like a sentence or a clause.
fn is_title_shaped(t: &str) -> bool {
    let words = word_count(t);
    (2..=25).contains(&words) && !t.trim_end().ends_with(['.', ',', ';', ':'])
}

/// A body line shaped like a headline: short, title case, no closing punctuation, no quotes.
fn is_headline_shaped(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    if !(3..=16).contains(&words.len()) || t.trim_end().ends_with(['.', ',', ';', ':']) {
        return false;
    }
    if has_double_quotes(t) || t.contains("(@") {
        return false;
    }
    // Mostly capital lines are table headings or shouting, not dropped-in headlines.
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    let capitals = t.chars().filter(|c| c.is_uppercase()).count();
    if capitals * 2 > letters {
        return false;
    }
    let long: Vec<&&str> = words
        .iter()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() > 3)
        .collect();
    if long.is_empty() {
        return false;
    }
    let capitalised = long
        .iter()
        .filter(|w| {
            w.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_uppercase)
        })
        .count();
    capitalised * 4 >= long.len() * 3
}

/// "By Jane Doe", "BY Ann Lee and Bo Kim", "By Cal Mankowski, Reuters", "By Huyen Le (AFP)";
/// not "BY ABD SECURITIES ON THE BOSTON EXCHANGE" (function words are no names).
fn is_byline(t: &str) -> bool {
    is_byline_start(t)
        && BYLINE.on(t).is_match(t)
        && t.split_whitespace().skip(1).all(|w| {
            let w = w
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            w == "and" || !crate::stopwords::is_stopword(&w)
        })
}

/// Whether `t` starts as every [`BYLINE`] does, with "by" in any case: a byte comparison that
/// passes over the other lines before the pattern's search.
fn is_byline_start(t: &str) -> bool {
    t.as_bytes()
        .get(..2)
        .is_some_and(|b| b.eq_ignore_ascii_case(b"by"))
}

fn is_breadcrumb(t: &str) -> bool {
    let parts: Vec<&str> = BREADCRUMB_SEPARATOR.split(t).map(str::trim).collect();
    parts.len() >= 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && word_count(p) <= 3 && !ends_sentence(p))
}

const MONTHS_AND_DAYS: &[&str] = &[
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
    "mon",
    "monday",
    "tue",
    "tues",
    "tuesday",
    "wed",
    "wednesday",
    "thu",
    "thur",
    "thurs",
    "thursday",
    "fri",
    "friday",
    "sat",
    "saturday",
    "sun",
    "sunday",
];
const TIMESTAMP_WORDS: &[&str] = &[
    "am",
    "pm",
    "a.m",
    "p.m",
    "updated",
    "published",
    "posted",
    "last",
    "on",
    "at",
    "edited",
    "first",
    "utc",
    "gmt",
    "bst",
    "cet",
    "cest",
    "eet",
    "eest",
    "wet",
    "et",
    "est",
    "edt",
    "ct",
    "cst",
    "cdt",
    "mt",
    "mst",
    "mdt",
    "pt",
    "pst",
    "pdt",
    "ist",
    "jst",
    "aest",
    "aedt",
    "msk",
    "hkt",
    "sgt",
];

/// A line holding only a date and time: "11/18/16, 2:33 PM CET", "Updated 10:02 GMT",
/// "Sept. 21, 2016 6:03 p.m. ET". Needs a clock time, a day/month/year with slashes, or a month
/// name with day and year; every other word must be a date or time word.
fn is_timestamp(t: &str) -> bool {
    // Each of the three needs a digit.
    if !t.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let has_time = CLOCK.is_match(t);
    let has_numeric_date = SLASH_DATE.captures(t).is_some_and(|c| {
        let (a, b): (u32, u32) = (c[1].parse().unwrap_or(99), c[2].parse().unwrap_or(99));
        (a <= 12 && b <= 31) || (a <= 31 && b <= 12)
    });
    let has_long_date = MONTH_DAY_YEAR.is_match(t);
    if !(has_time || has_numeric_date || has_long_date) {
        return false;
    }
    let numbers: Vec<&str> = t
        .split(|c: char| !c.is_ascii_digit())
        .filter(|d| !d.is_empty())
        .collect();
    let digits_ok = numbers.len() <= 5 && numbers.iter().all(|d| d.len() <= 4);
    digits_ok
        && t.split(|c: char| !c.is_alphabetic() && c != '.').all(|w| {
            let lower = w.trim_matches('.').to_lowercase();
            lower.is_empty()
                || MONTHS_AND_DAYS.contains(&lower.as_str())
                || TIMESTAMP_WORDS.contains(&lower.as_str())
        })
}

/// Lower-case content words, possessives stripped: the vocabulary used to judge overlap.
fn content_words(t: &str) -> HashSet<String> {
    use unicode_segmentation::UnicodeSegmentation;
    t.unicode_words()
        .map(|w| {
            let w = w.to_lowercase().replace('’', "'");
            let w = w.strip_suffix("'s").unwrap_or(&w);
            w.strip_suffix('s').unwrap_or(w).to_string()
        })
        .filter(|w| w.chars().count() >= 3 && !crate::stopwords::is_stopword(w))
        .collect()
}

/// A line's letters and digits, lower-cased: what two copies of a line share.
#[cfg(test)]
fn normalize(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    normalize_into(t, &mut out);
    out
}

/// Appends [`normalize`]'s form of `t` to `out`.
fn normalize_into(t: &str, out: &mut String) {
    if t.is_ascii() {
        out.extend(
            t.bytes()
                .filter(u8::is_ascii_alphanumeric)
                .map(|b| char::from(b.to_ascii_lowercase())),
        );
        return;
    }
    for c in t.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            }
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        }
    }
}

/// Image markup, and image file names that look machine-made (a digit, a path, an underscore,
/// or a long stem): "a18d9.png)", "https://…/Csrp9J6W.jpg". "formats such as .png" stays.
fn image_fragments(t: &str) -> Vec<std::ops::Range<usize>> {
    if !may_hold_image(t.as_bytes()) {
        return Vec::new();
    }
    IMAGE
        .find_iter(t)
        .filter(|m| {
            let s = m.as_str();
            if s.starts_with('!') || s.starts_with('<') {
                return true;
            }
            let stem = &s[..s.rfind('.').unwrap_or(0)];
            stem.contains(|c: char| c.is_ascii_digit() || c == '/' || c == '_')
                || stem.chars().count() >= 12
        })
        .map(|m| m.range())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Patterns news sites share.

use crate::pattern::{compile as re, Gated, Pattern};
use crate::text::whitespace_word_count as word_count;

static DATE_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?i:date|published|posted|updated|last updated)\s*:?\s*(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)(?:\s+|$)",
    )
});

/// Whether `t` holds what every [`IMAGE`] match needs: `![`, `<img`, or a dot before an image
/// file extension (any case). Most lines hold none, and the pattern's search, which may start
/// at any character, is the slow part.
fn may_hold_image(t: &[u8]) -> bool {
    const EXTENSIONS: [&[u8]; 10] = [
        b"png", b"jpg", b"jpeg", b"gif", b"webp", b"svg", b"bmp", b"tif", b"avif", b"heic",
    ];
    memchr::memchr3_iter(b'!', b'<', b'.', t).any(|i| {
        let rest = &t[i + 1..];
        match t[i] {
            b'!' => rest.first() == Some(&b'['),
            b'<' => rest.len() >= 3 && rest[..3].eq_ignore_ascii_case(b"img"),
            b'.' => EXTENSIONS
                .iter()
                .any(|e| rest.len() >= e.len() && rest[..e.len()].eq_ignore_ascii_case(e)),
            _ => false,
        }
    })
}

static IMAGE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"!\[[^\]]*\]\([^)]*\)|<(?i-u:img)\b[^>]*>|[^\s()\[\]]+\.(?i-u:png|jpe?g|gif|webp|svg|bmp|tiff?|avif|heic)\b\)?",
    )
});

static BULLET: LazyLock<Regex> = LazyLock::new(|| re(r"^[-*•·–—]\s+\S"));

static NAVIGATION: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?xi)^[-*•·–—\s]*(?:
        skip\ to\ (?:main\ )?content | menu | home | search | sections? | latest\ news
      | top\ stories | trending(?:\ now)? | most\ (?:read|popular|viewed|shared)
      | related(?:\ (?:articles?|stories|posts|content|coverage|topics|news))?
      | recommended(?:\ for\ you)? | more\ from\ .{1,40} | also\ (?:on|in|from)\ .{1,40}
      | see\ also | read\ (?:more|next|also)(?:\ .{0,40})? | full\ story(?:\ here)?
      | click\ here(?:\ .{0,60})? | advertisement | sponsored | ad
      | (?:story|article)\ continues?\ below(?:\ advertisement)? | continued?\ below
      | story\ continued\ below | continue\ reading(?:\ below)?
      | (?:share|tweet|email|e-mail|print|whatsapp|facebook|twitter|linkedin|reddit
         |pinterest|telegram|copy\ link|save|comments?)(?:\ (?:this|on|via)(?:\ .{0,30})?)?
    )[\s:.!|>»]*$")
});

static FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?xi)
        ^(?:comments?\ (?:are|is)\ (?:now\ )?closed | leave\ a\ (?:comment|reply)
          | post\ a\ comment | add\ a\ comment | \d+\ comments?\s*$ | no\ comments(?:\ yet)?
          | be\ the\ first\ to\ comment | join\ the\ (?:conversation|discussion)
          | (?:log|sign)\ in\ to\ (?:comment|reply|post) | scroll\ down\ to\ comment
          | (?:view|show|hide)\ comments | comment\ policy | ©|\(c\)\ \d{4} | copyright\b)
      | trackbacks\ and\ pingbacks | all\ rights\ reserved
      | ^\W*(?:reposted|republished|reprinted)\ with\ permission
    ")
});

static APPEAL: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?xi)
        ^\W*(?:subscribe|donate|sign\ up|register\ now|support\ us|join\ us|a\ message\ from)\b
      | ^\W*become\ a\ (?:member|subscriber|patron|supporter)\b
      | \byour\ support\ (?:keeps|helps|makes|allows|enables|means|matters)
      | \bsupport\ (?:our|independent|quality)\ (?:journalism|reporting|work|newsroom)
      | \bdonate\ (?:now|today|here)\b | \bmake\ a\ donation\b
      | \bsubscribe\ (?:now|today|here)\b | \bsubscribe\ to\ (?:our|see|get|read|receive)\b
      | \b(?:sign\ up|subscribe)\b.{0,40}\bnewsletter | \bnewsletter\b.{0,40}\b(?:inbox|sign\ up)\b
      | \benter(?:ing)?\ your\ e-?mail | \blog\ in\ to\ access\b | \bregister\ here\b
      | \bsponsored\ (?:content|post)\b | \bpaid\ (?:content|post)\b
      | \balready\ a\ subscriber\b | \bunlimited\ digital\ access\b
    ")
});

static CAPTION: LazyLock<Gated> = LazyLock::new(|| {
    Gated::new(
        "(?x)",
        &[
            (
                r"(?i:\b(?:photo|photograph|image|picture|pic|illustration|graphic|credit)s?)\s*(?::|/)",
                r"\s*\S.{0,60}$",
            ),
            (
                r"(?i:\b(?:photo|photograph|image|picture|illustration)s?\ (?:by|via|courtesy\ of|courtesy))\ \p{Lu}",
                r".{0,60}$",
            ),
            (
                r"^(?i:(?:featured\ )?(?:image|photo|picture)s?\ (?:via|from|by|courtesy))",
                r"(?:\s+\S+){1,6}\s*$",
            ),
            (
                r"(?i:\((?:photo|image|picture|credit)s?\b)",
                r"(?i:[^)]{0,60}\))\s*\|?\s*$",
            ),
            (
                r"(?i:getty\ images|via\ getty|shutterstock|ap\ photo|reuters/|epa-efe|afp\ photo)",
                r"[^.]{0,40}\|?\s*$",
            ),
        ],
    )
});

/// Where a person stands in a picture, or that a picture shows them.
static POSED_CAPTION: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?x)
        \p{Lu}[\p{L}.'’-]*,\ (?:left|right|center|centre|second\ from\ (?:left|right)
          |far\ (?:left|right)|top|bottom|above|below|foreground|background|front|rear)(?:,|\ and\b)
      | \((?i:l-r|r-l|l\ to\ r|from\ left|from\ right)\)
      | \b(?:is|are)\ (?:pictured|shown|seen)\ (?:(?:with|here|at|on|during|after|before|around)\b
          |in\ (?:\S+\ ){0,4}?(?:photo|image|picture|photograph|video|footage|file)s?\b)
      | \b(?i:in\ this|provided\ this|released\ this)\ (?:\w+\ ){0,2}(?:photo|image|picture|photograph)\b
    ",
    )
});

/// What every [`POSED_CAPTION`] match holds, as literals found in one pass: a position word
/// after `, `, an opening bracket, or a word of pictures.
static POSED_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r", (?:left|right|center|centre|second|far|top|bottom|above|below|foreground|background|front|rear)|\((?:l|r|L|R|from|From)|photo|image|picture|(?:is|are) (?:pictured|shown|seen)",
    )
});

/// Words that report speech: a line with them is prose, not a caption.
static SPEECH: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(?:said|says|told|tells|asked|added|according\ to)\b"));

/// A [`Pattern`]: with its Unicode classes, it is slow to compile, and ASCII copy needs only
/// its ASCII twin.
static BYLINE: LazyLock<Pattern> = LazyLock::new(|| {
    let name = r"\p{Lu}[\p{L}.'’-]*(?:\s+(?:\p{Lu}[\p{L}.'’-]*|de|van|von|da|al|bin))*";
    Pattern::new(&format!(
        r"^(?i:by)\s+{name}(?:\s*(?:,|and|&)\s*{name})*\s*(?:\(\s*[\p{{L}} .]{{1,30}}\s*\))?\s*$"
    ))
});

static CLOCK: LazyLock<Regex> = LazyLock::new(|| re(r"\b\d{1,2}:\d{2}\b"));

static SLASH_DATE: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(\d{1,2})/(\d{1,2})/(?:\d{2}|\d{4})\b"));

static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+(?:19|20)\d{2}\b",
    )
});

static BREADCRUMB_SEPARATOR: LazyLock<Regex> = LazyLock::new(|| re(r"\s+[>»|›/]\s+"));

/// What every [`EMBED`] line holds: a literal search for it passes over the others, and the
/// pattern (slow to compile: Unicode classes under bounded repetitions) is compiled only for a
/// text that has it.
const EMBED_HANDLE: &str = "(@";

/// How a link to a video or gallery begins ("Watch", "See photos", "Video:").
static LINK_CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:(?:Watch|See\s+(?:photos|images|video|more)|Video:|Gallery:)\s|See\s+\S+(?:\s+\S+){0,4}\s+here$)",
    )
});

/// A short question put to the reader (`Have you lost weight?`, `Were you there?`).
static READER_QUESTION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:Have|Are|Did|Were|Do|Is|Was|What|Who|Whom|How|Which)\s+(?:\S+\s+){0,1}you\b[^?]{0,50}\?$",
    )
});

/// The outlet's wish for the reader's contributions that a call for them follows (`We also
/// want to feature your own videos here.`).
static READER_INVITE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^We(?:'d|’d|\s+would)?\s+(?:also\s+)?(?:want|like|love)\s+to\s+(?:see|hear|feature|know|read)\b[^.?!]{0,80}\byour?\b[^?!]{0,80}[.!]$",
    )
});

/// A share or e-mail button left as the last words of a paragraph ("E-mail to a friend").
static SHARE_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:e-?mail|share|print|tweet|send)(?:\s+(?:this|it|to|a|friend|story|article|page|link))*\s*[.!]?$",
    )
});

/// A call for readers' photos, videos, stories or comments ("Are you there? Share photos",
/// "Tell us what you think", "Use the iReport form to send in your film"), or a site's own
/// promotion as a paragraph's last words ("iReport.com: Were you there?").
static PROMOTION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:[\w.-]+\.com:\s|are\s+you\s+(?:there|in\b[^?]{1,40}|affected|a\s+witness)\?|(?:please\s+)?(?:tell\s+us\s+(?:about|what|how|your)\b|(?:share|send(?:\s+us)?|upload)\s+(?:\S+\s+){0,2}?(?:photos?|videos?|images|sights|memories|stories|story|experiences?|views|thoughts|comments)\b|leave\s+(?:us\s+)?a\s+comment\b)|use\s+(?:the|our)\s+(?:\S+\s+){0,2}?form\s+to\s+(?:send|share|upload|submit)\b)",
    )
});

static EMBED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\W{0,3}[^()]{1,60}\(@\w{1,30}\)\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},\s+\d{4}\s*$",
    )
});

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(c: &Cleaned) -> Vec<Debris> {
        c.removed.iter().map(|r| r.kind).collect()
    }

    fn kept(c: &Cleaned) -> Vec<&str> {
        c.paragraphs.iter().map(|p| p.text.as_str()).collect()
    }

    const PROSE_A: &str = "The finance ministers of the two countries met in Geneva on Monday to discuss the trade agreement and its tariffs.";
    const PROSE_B: &str = "Officials said the tariff talks would continue next week, with a deal on steel expected before the summer.";

    #[test]
    fn labelled_glued_and_leading_links_and_promotions_leave_the_paragraph() {
        let cases = [
            (
                format!("{PROSE_A} iReport: 25 years of Tetris"),
                Debris::Link,
            ),
            (format!("{PROSE_A} See Vetsch's iReport here"), Debris::Link),
            (
                format!(
                    "{}iReport.com: How has autism affected your family?",
                    PROSE_A
                ),
                Debris::Promotion,
            ),
            (
                format!(
                    "{PROSE_A} Have you lost weight? Tell us about your ''Aha!'' moment on iReport"
                ),
                Debris::Promotion,
            ),
            (
                format!("Watch Lisa Brown's talk about why she has to move » {PROSE_A}"),
                Debris::Link,
            ),
        ];
        for (text, kind) in cases {
            let c = clean(&text, false);
            let found = kinds(&c);
            assert!(
                !found.is_empty() && found.iter().all(|k| *k == kind),
                "{text}: {found:?}"
            );
            assert_eq!(kept(&c), [PROSE_A], "{text}");
        }
        let own_line = clean(
            &format!("{PROSE_A}\n\niReport: Share your photos and video"),
            false,
        );
        assert_eq!(kinds(&own_line), [Debris::Promotion]);
        // A labelled line of its own that calls for nothing stays, as does labelled prose.
        for text in [
            format!("{PROSE_A}\n\nAnalysis: Why the talks failed"),
            format!("{PROSE_A} Update: the talks resumed on Tuesday."),
            format!("Watchdog groups said the vote was fair. {PROSE_A}"),
        ] {
            let c = clean(&text, false);
            assert!(kinds(&c).is_empty(), "{text}: {:?}", c.removed);
        }
    }

    #[test]
    fn calls_for_readers_leave_wherever_they_stand_in_the_paragraph() {
        let cases = [
            // Opening the paragraph, with the question it asks.
            format!("Should the talks go on? Tell us what you think in the box below. {PROSE_A}"),
            // After it, with the outlet's wish it follows, on a line of their own.
            format!(
                "{PROSE_A}\n\nWe also want to feature your own videos here. Use the iReport form \
                 to send in your film."
            ),
            // Split by a stray full stop.
            format!("{PROSE_A} Send us your comments below. or send your videos via iReport."),
            format!("{PROSE_A} Please leave us a comment (below) and tell us what you think."),
        ];
        for text in cases {
            let c = clean(&text, false);
            assert_eq!(kept(&c), [PROSE_A], "{text}: {:?}", c.removed);
            assert!(
                kinds(&c).iter().all(|k| *k == Debris::Promotion),
                "{:?}",
                c.removed
            );
        }
        // An interview's labelled question, a request the story reports, and a form for
        // something other than readers' contributions stay.
        for text in [
            format!("CNN.com: Where are the hot spots in Denver? {PROSE_A}"),
            format!("{PROSE_A} They asked firms to tell us how they balance profit and care."),
            format!("{PROSE_A} Use the online form to apply before March."),
        ] {
            let c = clean(&text, false);
            assert!(kinds(&c).is_empty(), "{text}: {:?}", c.removed);
        }
    }

    #[test]
    fn link_share_promotion_and_credit_tails_leave_the_paragraph() {
        let text = "Investigations continue. E-mail to a friend\n\n\
            \"We grieve for them,\" he said.  Watch Obama and Harper meet »\n\n\
            \"Measures will be taken.\" iReport.com: Are you there? Share photos, video of rioting\n\n\
            CNN's Saeed Ahmed contributed to this report.";
        let c = clean(text, false);
        assert_eq!(
            c.texts(),
            [
                "Investigations continue.",
                "\"We grieve for them,\" he said.",
                "\"Measures will be taken.\""
            ]
        );
        let kinds: Vec<(usize, Debris)> = c.removed.iter().map(|r| (r.line, r.kind)).collect();
        assert_eq!(
            kinds,
            [
                (1, Debris::Navigation),
                (3, Debris::Link),
                (5, Debris::Promotion),
                (5, Debris::Promotion),
                (7, Debris::Credit)
            ]
        );
        assert_eq!(c.removed[1].text, "Watch Obama and Harper meet »");
    }

    #[test]
    fn a_link_may_end_in_a_stop_or_a_bracket_around_its_arrow() {
        for (text, link) in [
            (
                "It bothers him not.  Watch why a German would fight for U.S. »",
                "Watch why a German would fight for U.S. »",
            ),
            (
                "He left.  What brought Flight 447 down? »",
                "What brought Flight 447 down? »",
            ),
            (
                "She won. ( Watch her arrive in Crawford »)",
                "( Watch her arrive in Crawford »)",
            ),
            (
                "They played.  Watch the action from the bog ».",
                "Watch the action from the bog ».",
            ),
        ] {
            let c = clean(text, false);
            assert_eq!(c.removed.len(), 1, "{text}");
            assert_eq!(
                (c.removed[0].kind, c.removed[0].text.as_str()),
                (Debris::Link, link)
            );
        }
    }

    #[test]
    fn sentences_that_look_like_tails_stay() {
        for text in [
            "Il a dit : « Nous allons continuer. »",
            "He left. « Non »",
            "She wrote to a friend. Share prices fell 3% on the news.",
            "Police are investigating. They asked: \"Are you there?\"",
            "The report said the aid arrived. He contributed to this effort.",
            "Watch the skies tonight, he said.",
            "Residents were told: Watch out for falling trees",
        ] {
            let c = clean(text, false);
            assert_eq!(c.texts(), [text], "{:?}", c.removed);
        }
    }

    #[test]
    fn menu_bullets_at_the_top_go_and_the_headline_is_found() {
        let c = clean(
            &format!("- Section\n- Top news\nTrade Talks Resume in Geneva\n\n{PROSE_A}\n{PROSE_B}"),
            true,
        );
        assert_eq!(c.title.as_deref(), Some("Trade Talks Resume in Geneva"));
        assert_eq!(kinds(&c), [Debris::Navigation, Debris::Navigation]);
        assert_eq!(kept(&c), [PROSE_A, PROSE_B]);
    }

    #[test]
    fn a_sentence_first_line_is_not_a_headline() {
        let c = clean(&format!("{PROSE_A}\n{PROSE_B}"), true);
        assert_eq!(c.title, None);
        assert_eq!(c.paragraphs.len(), 2);
    }

    #[test]
    fn appeals_footers_and_image_names_go() {
        let text = format!(
            "{PROSE_A}\nWe report from the front line. Your support keeps our reporters there.\n{PROSE_B}\n-0a1b2c3d4e5f.jpg)\n\nComments are closed, but trackbacks and pingbacks are open."
        );
        let c = clean(&text, false);
        assert_eq!(kinds(&c), [Debris::Appeal, Debris::Image, Debris::Footer]);
        assert_eq!(kept(&c), [PROSE_A, PROSE_B]);
    }

    #[test]
    fn captions_with_credits_and_bylines_go() {
        let text = format!(
            "{PROSE_A}\n![]() |\nThe minister at the summit hall, Geneva on 6/2. Photo: AFP |\nBy Jane Doe (AFP)"
        );
        let c = clean(&text, false);
        assert_eq!(kinds(&c), [Debris::Image, Debris::Caption, Debris::Byline]);
        assert_eq!(kept(&c), [PROSE_A]);
    }

    #[test]
    fn captions_saying_who_stands_where_go_and_prose_stays() {
        for caption in [
            "Tim Masters, center, walks out of a Fort Collins, Colorado, courthouse Tuesday with his attorney David Wymore.",
            "Theoneste Bagosora, right, and his co-defendant Anatole Nsengiyumva, left, arrive in court.",
            "Larry King, left, poses with (l-r) Paul McCartney and Ringo Starr Tuesday in Las Vegas.",
            "Members of the sailing team are shown in this photo from the team's Web site.",
            "Former first lady Nancy Reagan is shown at an event in the capital in September.",
            "CNN affiliate KSL provided this file photo of the suspect, Brian Smith.",
        ] {
            let c = clean(&format!("{PROSE_A}\n\n{caption}\n\n{PROSE_B}"), false);
            assert_eq!(kinds(&c), [Debris::Caption], "{caption}");
            assert_eq!(kept(&c), [PROSE_A, PROSE_B]);
        }
        for prose in [
            "Smith, left, said the ruling was unjust and would be appealed.",
            "\"We will win,\" Masters, center, told reporters outside the courthouse.",
            "The ministers met on the left bank of the river, officials said.",
            "Turn right, then left, and follow the signs to the old courthouse downtown.",
            "The rewards of leaving office are shown in the latest register of interests.",
        ] {
            let c = clean(&format!("{PROSE_A}\n\n{prose}"), false);
            assert!(kinds(&c).is_empty(), "{prose}");
        }
    }

    #[test]
    fn an_isolated_headline_of_another_story_goes_but_a_related_one_stays() {
        let unrelated = "Star Striker Signs Record Contract With City Club";
        let related = "Geneva Trade Talks on Steel Tariffs Continue";
        let text =
            format!("{PROSE_A}\n\n{unrelated}\n\n{PROSE_B}\n\n{related}\n\n{PROSE_A} Again.");
        let c = clean(&text, false);
        assert_eq!(kinds(&c), [Debris::UnrelatedHeadline]);
        assert_eq!(c.removed[0].text, unrelated);
        assert!(kept(&c).contains(&related));
    }

    #[test]
    fn lists_of_short_title_case_lines_are_not_headlines() {
        let text = format!(
            "{PROSE_A}\n\nBest Drama - Featherboy\n\nBest Comedy - Little Britain\n\n{PROSE_B}"
        );
        let c = clean(&text, false);
        assert!(c.removed.is_empty(), "{:?}", c.removed);
    }

    #[test]
    fn date_markers_are_metadata_and_the_rest_of_the_line_stays() {
        let c = clean(
            " date 2026-02-06 “Call me,” the minister says.\n\nMore text here.",
            true,
        );
        assert_eq!(
            crate::date::format_ymd(c.marked_date.unwrap()),
            "2026-02-06"
        );
        assert_eq!(kinds(&c), [Debris::Metadata]);
        assert_eq!(kept(&c)[0], "“Call me,” the minister says.");
    }

    #[test]
    fn wire_sign_offs_go_whether_alone_or_glued() {
        let c = clean(&format!("{PROSE_A}\n\nReuter"), false);
        assert_eq!(kinds(&c), [Debris::SignOff]);
        assert_eq!(kept(&c), [PROSE_A]);
        let c = clean(
            &format!("{PROSE_A}\n\nPay April 30 Record March 31 Reuter"),
            false,
        );
        assert_eq!(kept(&c)[1], "Pay April 30 Record March 31");
        let c = clean("He told Reuters.", false);
        assert!(c.removed.is_empty());
    }

    #[test]
    fn site_furniture_goes() {
        for line in [
            "Story Continued Below",
            "Twitter",
            "Also On Politico",
            "BY Cynthia Kroet",
            "11/18/16, 2:33 PM CET",
            "Get your daily dose of news by entering your email address below.",
            "Featured image via Getty",
            "Home > World > Europe",
            "Â",
            "***",
            "— CNN (@CNN) September 21, 2016",
            "BY Ryan Heath, Tara Palmeri, Harry Cooper and Quentin Ariès",
            "Reposted With Permission From Constitution.com",
            "https://pbs.twimg.com/media/Csrp9J6WEAAyubT.jpg",
            "Sept. 21, 2016 6:03 p.m. ET",
        ] {
            let c = clean(&format!("{PROSE_A}\n{line}\n{PROSE_B}"), false);
            assert_eq!(c.removed.len(), 1, "{line:?} was kept");
            assert_eq!(kept(&c), [PROSE_A, PROSE_B], "{line:?}");
        }
    }

    #[test]
    fn ordinary_news_sentences_stay() {
        for line in [
            "The Trump campaign did not respond to a request for comment.",
            "The eldest son posted a photo of a bowl of sweets and a caption.",
            "Trump's comments came in response to an audience member's question.",
            "By Tuesday the talks had collapsed.",
            "Tuesday, 1 March",
            "Shr 12 cts vs 10 cts",
            "He said the company would subscribe to the new share issue.",
            "The meeting was sponsored by the Export-Import Bank.",
            "She has become a supporter of Clinton.",
            "He said they \"are not out of the picture by a long shot.\"",
            "Images from camera phones have even made it into the art world.",
            "Girozentrale <WELG.F>, <Mitsubishi Bank Ltd>, <Bancomer SNC>,",
            "US 1.6188/95 YEN 234.95/235.15",
            "STG CALL AND 2/7 DAYS 10-1/16 3/16 1 MTH 9-11/16",
            "1990.",
            "U.S.",
            "2000 GMT",
            "MATURITY NEW RATE OLD RATE MATURITY",
            "Files in formats such as .png load faster.",
            "BY ABD SECURITIES ON THE BOSTON EXCHANGE",
            "04/09/87 03/09/87 04/09/87 03/09/87",
        ] {
            let c = clean(&format!("{PROSE_A}\n{line}\n{PROSE_B}"), false);
            assert!(c.removed.is_empty(), "{line:?} removed as {:?}", c.removed);
        }
    }

    #[test]
    fn tables_and_wrapped_text_become_one_paragraph() {
        let c = clean(
            "Shr 1.20 dlrs vs 1.10\nNet 5.1 mln vs 4.2 mln\nRevs 40 mln vs 38 mln",
            false,
        );
        assert_eq!(c.paragraphs.len(), 1);
        assert_eq!(c.paragraphs[0].first_line, 1);
        assert_eq!(c.paragraphs[0].last_line, 3);
    }

    #[test]
    fn short_repeated_table_rows_stay() {
        let c = clean(
            "Qtr\nAvg shrs 47.4 mln vs 16.5 mln\n\nYear\nAvg shrs 47.4 mln vs 16.5 mln",
            false,
        );
        assert!(c.removed.is_empty());
    }

    #[test]
    fn repeated_lines_go() {
        let c = clean(&format!("{PROSE_A}\n{PROSE_B}\n{PROSE_A}"), false);
        assert_eq!(kinds(&c), [Debris::Duplicate]);
        assert_eq!(c.removed[0].line, 3);
    }

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        fn article_text() -> impl Strategy<Value = String> {
            let line = prop_oneof![
                "[A-Za-z ,.'’“”!?-]{0,120}",
                Just(String::new()),
                Just("- Menu".to_string()),
                Just("Photo: AFP".to_string()),
                Just("x.png)".to_string()),
                "\\PC{0,40}",
            ];
            proptest::collection::vec(line, 0..30).prop_map(|lines| lines.join("\n"))
        }

        proptest! {
            #[test]
            fn word_counts_and_normal_forms_are_the_general_ones(
                text in "([ -~\\t\\n\\r\\x0B\\x0C]|\\PC){0,80}"
            ) {
                let general_count = text
                    .split_whitespace()
                    .filter(|w| w.chars().any(char::is_alphanumeric))
                    .count();
                prop_assert_eq!(word_count(&text), general_count);
                let general_form: String = text
                    .chars()
                    .filter(|c| c.is_alphanumeric())
                    .flat_map(char::to_lowercase)
                    .collect();
                prop_assert_eq!(normalize(&text), general_form);
            }

            #[test]
            fn the_last_sentence_starts_where_a_pattern_of_sentence_ends_says(
                text in r#"([ a-z.!?"')\]\t\n]|’|”|\x{a0}|\PC){0,40}"#
            ) {
                let trimmed = text.trim_end();
                let general = regex::Regex::new(r#"[.!?]["')\]’”]*[ \t\n\x0C\r]+"#)
                    .unwrap()
                    .find_iter(trimmed)
                    .last()
                    .map_or(0, |m| m.end());
                prop_assert_eq!(last_sentence_start(&text), general, "{:?}", text);
            }

            #[test]
            fn double_quotes_are_found_as_a_character_search_finds_them(
                text in r#"([ a-z"'.]|“|”|„|«|»|‘|’|‚|€|‹|›|\x{a0}|\PC){0,40}"#
            ) {
                let general = text.contains(['"', '“', '”', '„', '«', '»']);
                prop_assert_eq!(has_double_quotes(&text), general, "{}", text);
            }

            #[test]
            fn a_line_with_an_image_holds_what_the_gate_needs(
                text in "([ a-zA-Z0-9./!<>()\\[\\]_-]|png|JPEG|Gif|svg|img|IMG|\\PC){0,40}"
            ) {
                if IMAGE.is_match(&text) {
                    prop_assert!(may_hold_image(text.as_bytes()), "{}", text);
                }
            }

            #[test]
            fn every_line_is_kept_or_accounted_for(text in article_text(), find_title in any::<bool>()) {
                let c = clean(&text, find_title);
                for (i, raw) in text.lines().enumerate() {
                    let line = i + 1;
                    if raw.trim().is_empty() {
                        continue;
                    }
                    let in_paragraph = c.paragraphs.iter().any(|p| (p.first_line..=p.last_line).contains(&line));
                    let is_title = c.title_line == Some(line);
                    let is_removed = c.removed.iter().any(|r| r.line == line);
                    prop_assert!(in_paragraph || is_title || is_removed, "line {} lost: {:?}", line, raw);
                }
            }

            #[test]
            fn kept_paragraphs_are_never_blank(text in article_text()) {
                let c = clean(&text, true);
                for p in &c.paragraphs {
                    prop_assert!(!p.text.trim().is_empty());
                    prop_assert!(p.first_line <= p.last_line);
                }
            }

            /// The literal checks in front of the embed and byline patterns pass over no line
            /// the patterns match, and the byline's ASCII twin matches as the pattern does.
            #[test]
            fn embed_and_byline_gates_lose_no_line(
                embed in "[-A-Za-z ]{0,12}(\\(@|\\(|@|\\( @|)[a-z_]{1,8}\\) (Jan|March|jan\\.|Sept) [0-9]{1,2}, 20[0-9]{2} ?",
                text in "(By|by|BY|bY|b y|  |Jane|DOE|de|and|,|&|\\(AFP\\)| |[a-z]{1,6}|—|’|\u{a0}){0,10}"
            ) {
                if EMBED.is_match(&embed) {
                    prop_assert!(embed.contains(EMBED_HANDLE), "{}", embed);
                }
                if BYLINE.full().is_match(&text) {
                    prop_assert!(is_byline_start(&text), "{}", text);
                }
                crate::pattern::assert_twins_agree(&BYLINE, &text);
            }

            #[test]
            fn the_caption_gate_loses_no_caption(
                words in proptest::collection::vec(
                    proptest::sample::select(vec![
                        "Photo:", "PHOTOGRAPH", "images", "Picture", "pic/", "(Credit", "Getty Images",
                        "via Getty", "AP Photo", "REUTERS/", "epa-efe", "AFP PHOTO", "Shutterstock",
                        "Illustration", "graphics:", "by", "courtesy of", "Jane", "Doe", "|", ")",
                        "the", "minister", "said", ".", "Featured", "image", "from", "ſhutterstock",
                    ]),
                    1..12,
                )
            ) {
                let text = words.join(" ");
                prop_assert_eq!(CAPTION.is_match(&text), CAPTION.ungated_match(&text), "{}", text);
            }
        }
    }
}
