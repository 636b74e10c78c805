//! Quotation marks: pairing them into quoted spans, straight marks read by their neighbours.

use std::ops::Range;

pub(super) fn open_len(text: &str, inner_start: usize) -> usize {
    text[..inner_start]
        .chars()
        .next_back()
        .map_or(0, char::len_utf8)
}

pub(super) fn close_len(text: &str, inner_end: usize) -> usize {
    text[inner_end..]
        .chars()
        .next()
        .filter(|c| matches!(c, '”' | '"'))
        .map_or(0, char::len_utf8)
}

/// What a quotation mark can do where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mark {
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
pub(super) fn straight_mark(before: Option<char>, after: &str) -> Mark {
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
pub(super) fn quote_spans(text: &str) -> Vec<Range<usize>> {
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
