//! Tests of the embedders: a tiny random BERT written here checks loading, pooling,
//! normalisation and distillation without the real model. The real model's tests are in
//! `tests/semantic.rs`, a process of their own (the model takes hundreds of MiB, which tests
//! of the process's memory would see).

use std::path::Path;
use std::sync::Arc;

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

/// A static table of 4 dimensions over [`WORDS`] where `truce` and `ceasefire` mean the same,
/// `swap`, `prisoners` and `interest rates` other things, and every other word nothing.
fn synonyms_table(files: &ModelFiles, id: &str) -> Arc<dyn Embedder> {
    let tokenizer = tokenizers::Tokenizer::from_file(&files.tokenizer).unwrap();
    let mut table = vec![0.0f32; WORDS.len() * 4];
    for (word, axis) in [
        ("truce", 0),
        ("ceasefire", 0),
        ("swap", 1),
        ("prisoners", 2),
        ("interest", 3),
        ("rates", 3),
    ] {
        let row = WORDS.iter().position(|w| *w == word).unwrap();
        table[row * 4 + axis] = 1.0;
    }
    Arc::new(StaticEmbedder::new(tokenizer, table, 4, id.to_string()))
}

fn article(id: &str, outlet: &str, text: &str) -> crate::Article {
    crate::Article::new(id, text).with_outlet(outlet)
}

/// An engine in memory with the synonyms table and three articles.
fn engine_with_vectors(dir: &Path) -> crate::Engine {
    let mut engine = crate::Engine::in_memory().unwrap();
    engine
        .set_embedder(synonyms_table(&tiny_model(dir), "static4:test"))
        .unwrap();
    engine
        .index_articles([
            article(
                "wire-1",
                "Wire",
                "Both sides agreed a ceasefire on Monday after weeks of shelling.",
            ),
            article(
                "daily-1",
                "Daily",
                "Banks expect a swap of interest rates next year, traders said.",
            ),
            article(
                "daily-2",
                "Daily",
                "A ceasefire was agreed in the north, officials said on Tuesday.",
            ),
        ])
        .unwrap();
    engine
}

fn ids(hits: &[crate::Hit]) -> Vec<&str> {
    hits.iter().map(|h| h.doc_id.as_str()).collect()
}

#[test]
fn hybrid_search_finds_paraphrases_and_filters_bind_both_sides() {
    use crate::query::SearchMode;
    use crate::SearchRequest;
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_with_vectors(dir.path());
    assert_eq!(engine.stats().unwrap().embedded_passages, 3);
    let lexical = engine
        .search(&SearchRequest::new("truce").mode(SearchMode::Lexical))
        .unwrap();
    assert!(lexical.is_empty(), "no passage says truce");
    // Hybrid is the default with vectors and an embedder.
    let hybrid = engine.search(&SearchRequest::new("truce")).unwrap();
    let found = ids(&hybrid);
    assert!(
        found[..2].contains(&"wire-1") && found[..2].contains(&"daily-2"),
        "{found:?}"
    );
    let first = &hybrid[0];
    assert_eq!(first.lexical, None);
    // Both passages are as near as can be: one is first on the semantic side, one second.
    let semantic = first.semantic.expect("a semantic rank");
    assert!(semantic.rank <= 2 && semantic.score > 0.99, "{semantic:?}");
    let json = serde_json::to_value(first).unwrap();
    assert_eq!(json["semantic"]["rank"], semantic.rank);

    // Filters and exclusions bind the semantic side as well as the lexical one.
    let daily = engine
        .search(&SearchRequest::new("truce").outlet("daily"))
        .unwrap();
    assert!(!daily.is_empty());
    assert!(daily.iter().all(|h| h.outlet.as_deref() == Some("Daily")));
    let written = engine
        .search(&SearchRequest::new("truce -north outlet:daily"))
        .unwrap();
    assert!(!ids(&written).contains(&"daily-2"), "{:?}", ids(&written));
    assert!(!ids(&written).contains(&"wire-1"), "{:?}", ids(&written));

    // A passage both sides rank comes first; semantic mode orders by cosine alone.
    let both = engine
        .search(&SearchRequest::new("ceasefire north"))
        .unwrap();
    assert_eq!(both[0].doc_id, "daily-2");
    assert!(both[0].lexical.is_some() && both[0].semantic.is_some());
    let by_meaning = engine
        .search(&SearchRequest::new("swap of prisoners").mode(SearchMode::Semantic))
        .unwrap();
    assert_eq!(by_meaning[0].doc_id, "daily-1");
    assert!(by_meaning.iter().all(|h| h.lexical.is_none()));
}

#[test]
fn an_index_keeps_one_embedder_and_refuses_others() {
    use crate::query::SearchMode;
    use crate::{Engine, Error, SearchRequest};
    let model = tempfile::tempdir().unwrap();
    let files = tiny_model(model.path());
    let corpus = tempfile::tempdir().unwrap();
    std::fs::write(
        corpus.path().join("a.txt"),
        "Both sides agreed a ceasefire on Monday.",
    )
    .unwrap();
    let paths = [corpus.path().to_path_buf()];
    let index = tempfile::tempdir().unwrap();
    // Lexical first: semantic search is refused with what to do.
    let engine = Engine::open_or_create(index.path()).unwrap();
    engine.index_paths(&paths, &mut |_| {}).unwrap();
    assert_eq!(engine.vectors().unwrap(), None);
    let err = engine
        .search(&SearchRequest::new("truce").mode(SearchMode::Semantic))
        .unwrap_err();
    assert!(
        matches!(&err, Error::Vectors(m) if m.contains("lede index --vectors")),
        "{err}"
    );
    // Vectors added later: the unchanged file is read again and embedded.
    let mut engine = Engine::open(index.path()).unwrap();
    engine
        .set_embedder(synonyms_table(&files, "static4:a"))
        .unwrap();
    let report = engine.index_paths(&paths, &mut |_| {}).unwrap();
    assert_eq!((report.files, report.embedded), (1, 1));
    assert_eq!(engine.vectors().unwrap().as_deref(), Some("static4:a"));
    drop(engine);

    // Another embedder is refused, and so is adding passages without one.
    let mut other = Engine::open(index.path()).unwrap();
    let err = other
        .set_embedder(synonyms_table(&files, "static4:b"))
        .unwrap_err();
    assert!(
        matches!(&err, Error::Vectors(m) if m.contains("static4:a") && m.contains("static4:b")),
        "{err}"
    );
    std::fs::write(corpus.path().join("b.txt"), "Prisoners were freed.").unwrap();
    let err = other.index_paths(&paths, &mut |_| {}).unwrap_err();
    assert!(
        matches!(&err, Error::Vectors(m) if m.contains("static4:a")),
        "{err}"
    );
    // Without an embedder, the index is searched by words.
    let hits = other.search(&SearchRequest::new("ceasefire")).unwrap();
    assert_eq!(hits[0].semantic, None);
    assert!(other
        .search(&SearchRequest::new("ceasefire").mode(SearchMode::Hybrid))
        .is_err());
}

#[test]
fn vectors_are_written_merged_and_replaced_with_their_passages() {
    use crate::query::SearchMode;
    use crate::{Engine, IndexOptions, SearchRequest};
    let model = tempfile::tempdir().unwrap();
    let transformer = Arc::new(Transformer::load(&tiny_model(model.path())).unwrap());
    let corpus = tempfile::tempdir().unwrap();
    let index = tempfile::tempdir().unwrap();
    let mut engine = Engine::open_or_create(index.path()).unwrap();
    engine.set_embedder(transformer).unwrap();
    let options = IndexOptions {
        threads: 1,
        ..IndexOptions::default()
    };
    // A commit per file: enough segments for the merge policy to merge some.
    for i in 0..12 {
        let file = corpus.path().join(format!("{i:02}.txt"));
        std::fs::write(
            &file,
            format!("Report {i}.\n\nThe truce was agreed.\n\nA swap of prisoners {i} followed."),
        )
        .unwrap();
        let report = engine
            .index_paths_with(&[file], &options, &mut |_| {})
            .unwrap();
        assert_eq!(report.embedded, report.passages);
    }
    let stats = engine.stats().unwrap();
    assert!(
        stats.segments < 12,
        "segments were merged: {}",
        stats.segments
    );
    assert_eq!(stats.embedded_passages, stats.passages);
    let paths = [corpus.path().to_path_buf()];
    // A changed file replaces its passages and their vectors; only new text is embedded.
    std::fs::write(corpus.path().join("03.txt"), "Fighting stopped.").unwrap();
    let grown = corpus.path().join("05.txt");
    let text = std::fs::read_to_string(&grown).unwrap();
    std::fs::write(&grown, format!("{text}\n\nThe truce held for a week.")).unwrap();
    let report = engine
        .index_paths_with(&paths, &options, &mut |_| {})
        .unwrap();
    assert_eq!(report.files, 2);
    assert!(
        report.embedded >= 2 && report.embedded < report.passages,
        "{} of {} passages embedded",
        report.embedded,
        report.passages
    );
    let stats = engine.stats().unwrap();
    assert_eq!(stats.embedded_passages, stats.passages);
    let hits = engine
        .search(
            &SearchRequest::new("Fighting stopped.")
                .mode(SearchMode::Semantic)
                .group(false)
                .limit(100),
        )
        .unwrap();
    assert_eq!(
        hits.len() as u64,
        stats.passages,
        "every passage has a vector"
    );
    assert_eq!(hits[0].doc_id, "03", "the same text is nearest");
    assert!(hits[0].semantic.unwrap().score > 0.99);
}
