//! Embedding `lede`: index a folder into an on-disk index, search it, use the hits.
//!
//! ```text
//! cargo run --example embed -- [ARTICLES_DIR] [QUERY]
//! ```

use std::path::PathBuf;

use lede::{Engine, SearchRequest};

fn main() -> lede::Result<()> {
    let mut args = std::env::args().skip(1);
    let articles = PathBuf::from(args.next().unwrap_or_else(|| "seeds".into()));
    let query = args
        .next()
        .unwrap_or_else(|| "Who did Bonne meet in Moscow?".into());

    let dir = std::env::temp_dir().join(format!("lede-embed-{}", std::process::id()));
    let engine = Engine::open_or_create(&dir)?;
    let report = engine.index_paths(&[articles], &mut |_progress| {})?;
    println!(
        "indexed {} articles as {} passages ({} pieces of debris removed, {} notices)",
        report.articles,
        report.passages,
        report.removed,
        report.notices.len()
    );

    for hit in engine.search(&SearchRequest::new(&query).limit(3))? {
        println!(
            "\n#{} {} [{}] score {:.2}",
            hit.rank, hit.doc_id, hit.passage, hit.score
        );
        println!("   {}", hit.snippet.marked("[", "]"));
    }

    let first = engine.search(&SearchRequest::new(&query).limit(1))?;
    if let Some(hit) = first.first() {
        let json = serde_json::to_string_pretty(hit).expect("hits serialise");
        println!("\nthe top hit as JSON:\n{json}");
    }
    std::fs::remove_dir_all(&dir).map_err(|e| lede::Error::Io {
        path: dir.clone(),
        source: e,
    })?;
    Ok(())
}
