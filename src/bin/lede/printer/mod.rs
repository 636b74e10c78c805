//! Printing: the same values as terminal text or JSON. The terminal stream drops colours when
//! stdout is not a terminal or `NO_COLOR` is set (anstream's rules).

use std::io::{self, Write};
use std::path::Path;
use std::time::Duration;

use anstyle::{AnsiColor, Style};
use lede::ingest::Removed;
use lede::{Hit, IndexReport, Stats, StoredArticle};
use serde::Serialize;

const HEADING: Style = Style::new().bold();
const META: Style = Style::new().dimmed();
const MATCH: Style = Style::new()
    .bold()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)));

mod bench;
mod browse;
mod eval;
mod indexing;
mod search;

pub use bench::*;
pub use browse::*;
pub use eval::*;
pub use indexing::*;
pub use search::*;

/// Standard output, colour-aware.
pub fn stdout() -> anstream::AutoStream<io::StdoutLock<'static>> {
    anstream::AutoStream::auto(io::stdout().lock())
}

/// One JSON object per line.
pub fn json_lines<T: Serialize>(out: &mut impl Write, values: &[T]) -> io::Result<()> {
    for value in values {
        serde_json::to_writer(&mut *out, value)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// A date as printed: `2026-02-06`, `2026-02-06 (inferred)`, or `none` when there is none.
fn dated(date: Option<time::Date>, inferred: bool, none: &str) -> String {
    match (date, inferred) {
        (Some(d), true) => format!("{} (inferred)", lede::date::format_ymd(d)),
        (Some(d), false) => lede::date::format_ymd(d),
        (None, _) => none.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_read_as_people_read_them() {
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(3 << 20), "3.0 MiB");
    }
}
