//! The real sentence-embedding model, where `bash scripts/install-model` has installed it
//! (`.ci/run` does); skipped with a message otherwise.

#![cfg(feature = "semantic")]

use lede::semantic::{dot, Embedder, ModelFiles, Transformer};

fn real_model() -> Option<Transformer> {
    match ModelFiles::find(None) {
        Ok(files) => Some(Transformer::load(&files).expect("the installed model loads")),
        Err(e) => {
            eprintln!("SKIPPED: {e}");
            None
        }
    }
}

#[test]
fn the_real_model_puts_paraphrases_closer_than_shared_words() {
    let Some(model) = real_model() else { return };
    assert_eq!(model.dimensions(), 384);
    let v = model
        .embed(&[
            "Was a truce agreed?",
            "The two armies stopped fighting on Sunday under a ceasefire.",
            "Interest rates swap markets moved.",
        ])
        .unwrap();
    let answer = dot(&v[0], &v[1]);
    // The paraphrase shares no word with the question; the other text shares a sense of none.
    assert!(answer > dot(&v[0], &v[2]) + 0.1, "{answer}");
    assert!(answer > 0.3, "{answer}");
}

#[test]
fn the_seeds_indexed_with_vectors_are_searched_by_meaning() {
    if let Err(e) = ModelFiles::find(None) {
        eprintln!("SKIPPED: {e}");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let lede = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_lede"))
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap()
    };
    let out = lede(&[
        "--index",
        "idx",
        "index",
        "--vectors",
        "transformer",
        seeds.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stats = String::from_utf8_lossy(&lede(&["--index", "idx", "stats"]).stdout).to_string();
    assert!(stats.contains("vectors    transformer:"), "{stats}");
    // Hybrid by default: each hit carries both sides.
    let out = lede(&[
        "--index",
        "idx",
        "search",
        "--json",
        "Lavrov pathetic diplomacy",
    ]);
    let hits: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!hits.is_empty());
    assert!(hits[0]["lexical"]["rank"].is_u64(), "{}", hits[0]);
    assert!(hits[0]["semantic"]["score"].is_f64(), "{}", hits[0]);
    // A question sharing no word with the seeds' passages still finds the mockery.
    let out = lede(&[
        "--index",
        "idx",
        "search",
        "--json",
        "--mode",
        "semantic",
        "Moscow ridicules the French leader's overture",
    ]);
    let first: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().next().unwrap()).unwrap();
    let text = first["text"].as_str().unwrap();
    assert!(text.contains("Macron") || text.contains("Lavrov"), "{text}");
}
