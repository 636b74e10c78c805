//! Tests of the embedders: a tiny random BERT written here checks loading, pooling,
//! normalisation and distillation without the real model. The real model's tests are in
//! `tests/semantic.rs`, a process of their own (the model takes hundreds of MiB, which tests
//! of the process's memory would see).

use std::path::Path;

use candle_core::DType;
use candle_nn::{VarBuilder, VarMap};
use candle_transformers::models::bert::{BertModel, Config};

use super::*;

const WORDS: &[&str] = &[
    "[PAD]",
    "[UNK]",
    "[CLS]",
    "[SEP]",
    "[MASK]",
    "the",
    "truce",
    "ceasefire",
    "swap",
    "of",
    "prisoners",
    "rates",
    "interest",
    "was",
    "agreed",
    "fighting",
    "stopped",
    "a",
    ".",
    "##s",
];

/// Writes a BERT of two layers, 16 dimensions and random weights, with a WordPiece tokenizer
/// of [`WORDS`], into `dir`, as `scripts/install-model` lays the real one out.
pub(crate) fn tiny_model(dir: &Path) -> ModelFiles {
    let config = serde_json::json!({
        "vocab_size": WORDS.len(), "hidden_size": 16, "num_hidden_layers": 2,
        "num_attention_heads": 2, "intermediate_size": 32, "hidden_act": "gelu",
        "hidden_dropout_prob": 0.0, "max_position_embeddings": 64, "type_vocab_size": 2,
        "initializer_range": 0.02, "layer_norm_eps": 1e-12, "pad_token_id": 0,
        "model_type": "bert"
    });
    std::fs::write(dir.join("config.json"), config.to_string()).unwrap();
    let vocab: serde_json::Map<String, serde_json::Value> = WORDS
        .iter()
        .enumerate()
        .map(|(i, w)| (w.to_string(), i.into()))
        .collect();
    let special = |id: usize| {
        serde_json::json!({"id": id, "content": WORDS[id], "single_word": false, "lstrip": false,
            "rstrip": false, "normalized": false, "special": true})
    };
    let tokenizer = serde_json::json!({
        "version": "1.0", "truncation": null, "padding": null,
        "added_tokens": (0..5).map(special).collect::<Vec<_>>(),
        "normalizer": {"type": "BertNormalizer", "clean_text": true,
            "handle_chinese_chars": true, "strip_accents": null, "lowercase": true},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {"type": "BertProcessing", "sep": ["[SEP]", 3], "cls": ["[CLS]", 2]},
        "decoder": null,
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
            "max_input_chars_per_word": 100, "vocab": vocab}
    });
    std::fs::write(dir.join("tokenizer.json"), tokenizer.to_string()).unwrap();
    let config: Config = serde_json::from_value(config).unwrap();
    let vars = VarMap::new();
    let vb = VarBuilder::from_varmap(&vars, DType::F32, &candle_core::Device::Cpu);
    BertModel::load(vb, &config).unwrap();
    vars.save(dir.join("model.safetensors")).unwrap();
    ModelFiles::find(Some(dir)).unwrap()
}

#[test]
fn a_missing_model_is_an_error_saying_how_to_install_it() {
    let dir = tempfile::tempdir().unwrap();
    let err = ModelFiles::find(Some(dir.path())).unwrap_err().to_string();
    assert!(err.contains("config.json"), "{err}");
    assert!(err.contains("scripts/install-model"), "{err}");
    std::fs::write(dir.path().join("config.json"), "{}").unwrap();
    std::fs::write(dir.path().join("tokenizer.json"), "{}").unwrap();
    std::fs::write(dir.path().join("model.safetensors"), "").unwrap();
    let files = ModelFiles::find(Some(dir.path())).unwrap();
    let err = Transformer::load(&files).err().unwrap().to_string();
    assert!(err.contains("config.json"), "{err}");
}

#[test]
fn the_transformer_gives_unit_vectors_whatever_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let model = Transformer::load(&tiny_model(dir.path())).unwrap();
    assert_eq!(model.dimensions(), 16);
    assert!(model.id().starts_with("transformer:"), "{}", model.id());
    let texts = [
        "the truce was agreed .",
        "a swap of prisoners",
        "fighting stopped",
        "",
    ];
    let together = model.embed(&texts).unwrap();
    assert_eq!(together.len(), texts.len());
    for (text, v) in texts.iter().zip(&together) {
        assert_eq!(v.len(), 16);
        assert!((dot(v, v) - 1.0).abs() < 1e-5, "{text}: not a unit vector");
        // Alone, with no padding, a text has the vector it had in a padded batch.
        let alone = &model.embed(&[text]).unwrap()[0];
        assert!(
            v.iter().zip(alone).all(|(a, b)| (a - b).abs() < 1e-4),
            "{text}: padding changed its vector"
        );
    }
    assert!(dot(&together[0], &together[1]) < 0.9999);
}

#[test]
fn a_distilled_table_embeds_by_lookups_and_survives_a_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let files = tiny_model(dir.path());
    let model = Transformer::load(&files).unwrap();
    let mut seen = Vec::new();
    let table = StaticEmbedder::distil(&model, 8, &mut |p| seen.push(p)).unwrap();
    assert_eq!(seen.last(), Some(&1.0));
    assert_eq!(table.dimensions(), 8);
    assert!(
        table.id().starts_with("static8:transformer:"),
        "{}",
        table.id()
    );
    let v = table
        .embed(&["The truce was agreed.", "[PAD]", ""])
        .unwrap();
    assert!((dot(&v[0], &v[0]) - 1.0).abs() < 1e-5);
    assert!(
        v[1].iter().chain(&v[2]).all(|x| *x == 0.0),
        "special tokens only: zero"
    );
    // A text's vector is the mean of its tokens': word order does not matter.
    let swapped = table.embed(&["agreed was the truce ."]).unwrap();
    assert!(v[0]
        .iter()
        .zip(&swapped[0])
        .all(|(a, b)| (a - b).abs() < 1e-6));

    let path = StaticEmbedder::path(&files);
    table.save(&path).unwrap();
    let back = StaticEmbedder::load(&files, &path).unwrap();
    assert_eq!(back.id(), table.id());
    assert_eq!(back.embed(&["The truce was agreed."]).unwrap(), v[..1]);
    assert!(StaticEmbedder::distil(&model, 17, &mut |_| {}).is_err());
    let err = StaticEmbedder::load(&files, &dir.path().join("none.safetensors"))
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("lede model distill"), "{err}");
}
