//! Text too large for one article is indexed as consecutive parts, cut at paragraph breaks, so
//! that memory stays bounded whatever the size of a file or record.

/// The most text, in bytes, one article holds; larger texts become parts of at most this size.
pub const PART_BYTES: usize = 4 << 20;

/// The doc id of part `k` (from 1) of `doc_id`: the first part keeps the id, the others are
/// `id~2`, `id~3`, ….
pub fn part_id(doc_id: &str, k: usize) -> String {
    if k <= 1 {
        doc_id.to_string()
    } else {
        format!("{doc_id}~{k}")
    }
}

/// Where to cut `text` so that the piece before the cut is at most `max` bytes: after the last
/// blank line within the limit, else after the last line break, else after the last space, else
/// at the last character boundary. Always cuts at least one character off a non-empty text, and
/// returns `text.len()` when all of it fits.
pub fn cut(text: &str, max: usize) -> usize {
    if text.len() <= max {
        return text.len();
    }
    let mut limit = max;
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    if limit == 0 {
        // One character longer than `max`: cut after it.
        return text.chars().next().map_or(0, char::len_utf8);
    }
    let window = &text[..limit];
    let mut line_end = None;
    let mut next_newline = window.len();
    for (i, _) in window.rmatch_indices('\n') {
        // The line after this newline runs to `next_newline`; blank means a paragraph break.
        if next_newline < window.len() && window[i + 1..next_newline].trim().is_empty() {
            return next_newline + 1;
        }
        line_end.get_or_insert(i + 1);
        next_newline = i;
    }
    if let Some(end) = line_end {
        return end;
    }
    match window.rfind(' ') {
        Some(i) if i > 0 => i + 1,
        _ => limit,
    }
}

/// Cuts `text` into parts of at most `max` bytes (see [`cut`]).
pub fn split(text: &str, max: usize) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let at = cut(rest, max);
        parts.push(&rest[..at]);
        rest = &rest[at..];
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn cuts_prefer_paragraph_breaks_then_lines_then_spaces() {
        let text = "One para.\n\nTwo para line one.\nline two.\n\nThree.";
        assert_eq!(&text[..cut(text, 30)], "One para.\n\n");
        assert_eq!(
            &text[..cut(text, 45)],
            "One para.\n\nTwo para line one.\nline two.\n\n"
        );
        let lines = "a line\nanother line\nthird";
        assert_eq!(&lines[..cut(lines, 22)], "a line\nanother line\n");
        assert_eq!(
            &"some words here"[..cut("some words here", 12)],
            "some words "
        );
        assert_eq!(cut("short", 10), 5);
        assert_eq!(cut("ééé", 3), 2);
        assert_eq!(part_id("big", 1), "big");
        assert_eq!(part_id("big", 3), "big~3");
    }

    proptest! {
        #[test]
        fn parts_rebuild_the_text_and_respect_the_limit(
            text in "(\\PC{0,40}[ \n]{0,3}){0,60}",
            max in 4usize..200,
        ) {
            let parts = split(&text, max);
            prop_assert_eq!(parts.concat(), text.clone());
            for p in &parts {
                prop_assert!(!p.is_empty());
                prop_assert!(p.len() <= max.max(4), "{} > {}", p.len(), max);
            }
        }
    }
}
