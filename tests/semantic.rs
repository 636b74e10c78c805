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
