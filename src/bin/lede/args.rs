//! The command line, as clap derive types. Each `///` comment is the help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use time::Date;

/// Passage search for the news: index scraped articles, search their passages.
#[derive(Debug, Parser)]
#[command(name = "lede", version)]
pub struct Cli {
    /// Index folder
    #[arg(long, global = true, value_name = "DIR", default_value = "index")]
    pub index: PathBuf,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index articles: text and Markdown files (an article each), JSON Lines files (an article a line)
    Index(IndexArgs),
    /// Search passages; builds the index from seeds/ first when there is none
    Search(SearchArgs),
    /// Show an article: its fields, passages and the debris cleaning removed
    Show(ShowArgs),
    /// Count articles, passages, dates and outlets
    Stats(StatsArgs),
    /// Every quote by a speaker (any alias), the same quote carried by several articles shown once
    Quotes(QuotesArgs),
}

#[derive(Debug, Args)]
pub struct QuotesArgs {
    /// The speaker: "Sergei Lavrov", "Lavrov", "Russia's Foreign Minister Sergey Lavrov"
    #[arg(value_name = "SPEAKER")]
    pub speaker: String,

    /// Print JSON Lines: one object per quote, with the articles that carry it
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Files or folders (read recursively) [default: seeds]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words, "quoted phrases", +required and -excluded words; several arguments are joined
    /// (put `--` before a query that starts with a -word)
    #[arg(value_name = "QUERY", required = true, num_args = 1..)]
    pub query: Vec<String>,

    /// Most hits to print
    #[arg(long, short = 'n', value_name = "N", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..=lede::search::MAX_LIMIT as u64))]
    pub limit: u64,

    /// Print JSON Lines: one object per hit
    #[arg(long)]
    pub json: bool,

    /// Only passages of this outlet (case- and accent-insensitive)
    #[arg(long, value_name = "NAME")]
    pub outlet: Option<String>,

    /// Only passages in which this person speaks (case- and accent-insensitive)
    #[arg(long, value_name = "NAME")]
    pub speaker: Option<String>,

    /// Only articles published on or after this day
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub since: Option<Date>,

    /// Only articles published on or before this day
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub until: Option<Date>,

    /// List every near-duplicate passage (the same quote or wire copy in other articles) as a
    /// hit of its own, instead of once with the other copies under it
    #[arg(long)]
    pub no_group: bool,

    /// Show how the query was read and how each hit's score was made (`explain` in JSON)
    #[arg(long)]
    pub explain: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The article's doc id (a text file's name without extension, or a JSON Lines `id`)
    #[arg(value_name = "DOC_ID")]
    pub doc_id: String,

    /// Print JSON Lines: one object per article with that id
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Print one JSON object
    #[arg(long)]
    pub json: bool,
}

fn parse_date(text: &str) -> Result<Date, String> {
    if text.trim().len() != 10 {
        return Err(format!("{text:?} is not a date as YYYY-MM-DD"));
    }
    lede::date::parse_ymd(text).ok_or_else(|| format!("{text:?} is not a date as YYYY-MM-DD"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn dates_must_be_real_days() {
        assert!(parse_date("2026-02-06").is_ok());
        assert!(parse_date("2026-02-30").is_err());
        assert!(parse_date("2026-02-06T00:00").is_err());
        assert!(parse_date("yesterday").is_err());
    }
}
