//! Text as words, without tantivy: splitting ([`words`]) and counting ([`count`]). Cleaning,
//! metadata extraction and passage splitting use it; [`crate::analysis`] builds tantivy's
//! analyzers on it.

pub mod count;
pub mod words;

pub use count::{is_kept, term_count, uax29_word_count, whitespace_word_count, MAX_TOKEN_BYTES};
pub use words::Words;

/// Month names, lower case.
pub const MONTHS: [&str; 12] = [
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
];

/// Weekday names, lower case.
pub const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

#[cfg(test)]
mod tests;
