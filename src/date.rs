//! Calendar dates as `lede` stores and prints them: `YYYY-MM-DD`, no time, no zone.

use time::{format_description::FormatItem, macros::format_description, Date};

const YMD: &[FormatItem<'static>] = format_description!("[year]-[month]-[day]");

/// Parses `YYYY-MM-DD`, also when it begins a longer timestamp such as `2026-02-06T10:00:00Z`.
/// Returns `None` for anything that is not a real calendar date.
pub fn parse_ymd(text: &str) -> Option<Date> {
    let text = text.trim();
    let head = text.get(..10)?;
    let rest = &text[10..];
    if !(rest.is_empty() || rest.starts_with(['T', 't', ' '])) {
        return None;
    }
    Date::parse(head, YMD).ok()
}

/// Formats a date as `YYYY-MM-DD`.
pub fn format_ymd(date: Date) -> String {
    date.format(YMD).unwrap_or_else(|_| date.to_string())
}

/// Serde helpers: `Date` as `"YYYY-MM-DD"`.
pub(crate) mod serde_ymd {
    use serde::Serializer;
    use time::Date;

    pub fn serialize<S: Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::format_ymd(*date))
    }
}

/// Serde helpers: `Option<Date>` as `"YYYY-MM-DD"` or `null`.
pub(crate) mod serde_opt_ymd {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::Date;

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        let text: Option<String> = Option::deserialize(d)?;
        Ok(text.as_deref().and_then(super::parse_ymd))
    }

    pub fn serialize<S: Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(d) => s.serialize_str(&super::format_ymd(*d)),
            None => s.serialize_none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn parses_dates_and_timestamps() {
        assert_eq!(parse_ymd("2026-02-06"), Some(date!(2026 - 02 - 06)));
        assert_eq!(
            parse_ymd(" 1987-02-26T15:01:01Z"),
            Some(date!(1987 - 02 - 26))
        );
        assert_eq!(parse_ymd("2026-02-30"), None);
        assert_eq!(parse_ymd("2026-2-6"), None);
        assert_eq!(parse_ymd("2026-02-061"), None);
        assert_eq!(parse_ymd(""), None);
        assert_eq!(format_ymd(date!(2026 - 02 - 06)), "2026-02-06");
    }
}
