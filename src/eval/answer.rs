//! The answer test of passage QA: which passages of a question's story answer it.
//!
//! A question's answer is a span of its story as written. A passage answers when it is a passage
//! of that story and holds the answer, compared as words: both are split by the
//! [exact analyzer](crate::analysis::exact) (the words search matches), so case, accents,
//! curly and straight quotes and apostrophes, possessives and the span's edge punctuation
//! (`1980,`, `"Yes`) do not count, and a match falls on word boundaries (`aid` is not in
//! `said`).
//!
//! Passages are cut at sentences and at a word limit, so an answer can run across a cut. When
//! no passage holds the answer whole, each passage the answer runs across holds part of it, and
//! each of those answers. When one passage holds it whole, only the passages holding it whole
//! answer.

use crate::analysis;

/// The answer as the test compares it: its words, in order. Empty when it has none (an answer
/// of punctuation only), which no passage holds.
pub fn answer_words(answer: &str) -> Vec<String> {
    words(answer)
}

/// The words of `text` the answer test compares.
fn words(text: &str) -> Vec<String> {
    analysis::terms(&mut analysis::exact(), text)
        .into_iter()
        .map(|(word, _, _)| word)
        .collect()
}

/// Which of a story's passages, given in order, answer: indexes into `passages`, ascending.
pub fn answering_passages<S: AsRef<str>>(passages: &[S], answer: &str) -> Vec<usize> {
    let answer = answer_words(answer);
    if answer.is_empty() {
        return Vec::new();
    }
    // The story's words in one run, each with the passage it is in.
    let mut story: Vec<String> = Vec::new();
    let mut owner: Vec<usize> = Vec::new();
    for (i, p) in passages.iter().enumerate() {
        let w = words(p.as_ref());
        owner.extend(std::iter::repeat_n(i, w.len()));
        story.extend(w);
    }
    let (mut whole, mut across) = (Vec::new(), Vec::new());
    if story.len() >= answer.len() {
        for start in 0..=story.len() - answer.len() {
            if story[start..start + answer.len()] != answer[..] {
                continue;
            }
            let (first, last) = (owner[start], owner[start + answer.len() - 1]);
            if first == last {
                whole.push(first);
            } else {
                across.extend(first..=last);
            }
        }
    }
    let mut out = if whole.is_empty() { across } else { whole };
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn case_quotes_accents_and_edge_punctuation_do_not_count() {
        let passages = [
            "Talks opened in 1980 in Zürich.",
            "“We won’t sign,” said the envoy’s deputy.",
        ];
        assert_eq!(answering_passages(&passages, "1980,"), [0]);
        assert_eq!(answering_passages(&passages, "in zurich"), [0]);
        assert_eq!(answering_passages(&passages, "\"We won't sign"), [1]);
        assert_eq!(answering_passages(&passages, "the envoy's deputy."), [1]);
    }

    #[test]
    fn an_answer_matches_whole_words_only() {
        let passages = ["The minister said nothing.", "Food aid arrived."];
        assert_eq!(answering_passages(&passages, "aid"), [1]);
        assert_eq!(
            answering_passages(&passages, "minister sa"),
            Vec::<usize>::new()
        );
        assert_eq!(answering_passages(&passages, "..."), Vec::<usize>::new());
    }

    #[test]
    fn every_passage_holding_the_answer_answers() {
        let passages = ["Lavrov spoke.", "Macron replied.", "Lavrov spoke again."];
        assert_eq!(answering_passages(&passages, "Lavrov"), [0, 2]);
    }

    #[test]
    fn a_passage_cut_inside_a_sentence_answers_with_the_next() {
        // A sentence over the word limit is cut between passages: the answer runs across.
        let passages = [
            "The envoy met officials in the capital and later flew on to",
            "Abu Dhabi for the next round, aides said.",
            "Nothing else was agreed.",
        ];
        assert_eq!(
            answering_passages(&passages, "flew on to Abu Dhabi"),
            [0, 1]
        );
        // The passage holding only the cut sentence's other words does not answer.
        assert_eq!(answering_passages(&passages, "aides said"), [1]);
    }

    #[test]
    fn an_answer_in_two_passages_answers_in_both_unless_one_holds_it_whole() {
        let passages = [
            "He was charged with murder.",
            "Prosecutors said so on Monday. He denied it.",
            "He was charged with murder. Prosecutors said so on Monday, again.",
        ];
        // Held whole by passage 2 and run across 0 and 1: only the whole one answers.
        let answer = "murder. Prosecutors said so on Monday";
        assert_eq!(answering_passages(&passages, answer), [2]);
        assert_eq!(answering_passages(&passages[..2], answer), [0, 1]);
    }

    proptest! {
        /// A span of words cut out of a story is always found, in the passages it came from.
        #[test]
        fn a_span_of_the_story_is_found_where_it_is(
            passages in prop::collection::vec(
                prop::collection::vec("[A-Za-z]{1,8}", 1..12).prop_map(|w| w.join(" ")), 1..6),
            from in 0usize..1000,
            len in 1usize..8,
        ) {
            let words: Vec<(usize, &str)> = passages
                .iter()
                .enumerate()
                .flat_map(|(i, p)| p.split(' ').map(move |w| (i, w)))
                .collect();
            let from = from % words.len();
            let to = (from + len).min(words.len());
            let answer: Vec<&str> = words[from..to].iter().map(|(_, w)| *w).collect();
            let found = answering_passages(&passages, &format!("\"{},", answer.join(" ")));
            let (first, last) = (words[from].0, words[to - 1].0);
            prop_assert!(!found.is_empty());
            // Held whole, it answers where it is; run across passages, it may also be held
            // whole elsewhere, and then only there.
            if first == last {
                prop_assert!(found.contains(&first), "{found:?} {first}");
            }
        }
    }
}
