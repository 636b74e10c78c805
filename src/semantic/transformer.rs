//! all-MiniLM-L6-v2 (a 6-layer BERT) run with candle: a text's vector is the mean of its
//! tokens' last hidden states, L2-normed, as sentence-transformers computes it.

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use tokenizers::{Tokenizer, TruncationParams};

use super::model::{model_error, ModelFiles};
use super::{normalise, Embedder};
use crate::error::{Error, Result};

/// Tokens a text is cut to (the model was trained on 256).
pub const MAX_TOKENS: usize = 256;
/// Texts run through the model together.
const BATCH: usize = 32;

/// The device models run on: the one place to choose another (a GPU) later.
pub(crate) fn device() -> Device {
    Device::Cpu
}

/// The transformer embedder.
pub struct Transformer {
    model: BertModel,
    pub(crate) tokenizer: Tokenizer,
    device: Device,
    hidden: usize,
    id: String,
    files: ModelFiles,
}

impl Transformer {
    /// Loads the model in `files`; an error names the file that cannot be read.
    pub fn load(files: &ModelFiles) -> Result<Transformer> {
        let config_text =
            std::fs::read_to_string(&files.config).map_err(|e| Error::io(&files.config, e))?;
        let config: Config = serde_json::from_str(&config_text)
            .map_err(|e| model_error(&files.config, format!("not a BERT configuration: {e}")))?;
        let mut tokenizer = Tokenizer::from_file(&files.tokenizer)
            .map_err(|e| model_error(&files.tokenizer, format!("not a tokenizer: {e}")))?;
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: MAX_TOKENS,
                ..Default::default()
            }))
            .map_err(|e| model_error(&files.tokenizer, e))?;
        let weights = std::fs::read(&files.weights).map_err(|e| Error::io(&files.weights, e))?;
        let hash = xxhash_rust::xxh3::xxh3_64(&weights)
            ^ xxhash_rust::xxh3::xxh3_64(config_text.as_bytes());
        let device = device();
        let vb = VarBuilder::from_buffered_safetensors(weights, DType::F32, &device)
            .map_err(|e| model_error(&files.weights, e))?;
        let model = BertModel::load(vb, &config).map_err(|e| model_error(&files.weights, e))?;
        let name = files
            .dir
            .file_name()
            .map_or_else(|| "model".into(), |n| n.to_string_lossy().into_owned());
        Ok(Transformer {
            model,
            tokenizer,
            device,
            hidden: config.hidden_size,
            id: format!("transformer:{name}:{hash:016x}"),
            files: files.clone(),
        })
    }

    /// Runs token id sequences (each with its special tokens) through the model, in batches of
    /// similar lengths; one unit vector per sequence, in order.
    pub(crate) fn embed_ids(&self, sequences: &[Vec<u32>]) -> Result<Vec<Vec<f32>>> {
        let mut order: Vec<usize> = (0..sequences.len()).collect();
        order.sort_by_key(|&i| sequences[i].len());
        let mut out = vec![Vec::new(); sequences.len()];
        for chunk in order.chunks(BATCH) {
            let vectors = self
                .forward(chunk.iter().map(|&i| sequences[i].as_slice()))
                .map_err(|e| model_error(&self.files.weights, e))?;
            for (&i, v) in chunk.iter().zip(vectors) {
                out[i] = v;
            }
        }
        Ok(out)
    }

    fn forward<'a>(
        &self,
        batch: impl Iterator<Item = &'a [u32]> + Clone,
    ) -> candle_core::Result<Vec<Vec<f32>>> {
        let rows = batch.clone().count();
        let width = batch.clone().map(<[u32]>::len).max().unwrap_or(0).max(1);
        let mut ids = Vec::with_capacity(rows * width);
        let mut mask = Vec::with_capacity(rows * width);
        for seq in batch {
            ids.extend_from_slice(seq);
            ids.resize(ids.len() + width - seq.len(), 0);
            mask.extend(std::iter::repeat_n(1u32, seq.len()));
            mask.resize(mask.len() + width - seq.len(), 0);
        }
        let ids = Tensor::from_vec(ids, (rows, width), &self.device)?;
        let mask = Tensor::from_vec(mask, (rows, width), &self.device)?;
        let states = self.model.forward(&ids, &ids.zeros_like()?, Some(&mask))?;
        let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
        let sums = states.broadcast_mul(&mask)?.sum(1)?;
        let counts = mask.sum(1)?.clamp(1.0f32, f32::MAX)?;
        let mut vectors: Vec<Vec<f32>> = sums.broadcast_div(&counts)?.to_vec2()?;
        vectors.iter_mut().for_each(|v| normalise(v));
        Ok(vectors)
    }

    /// The files it was loaded from.
    pub fn files(&self) -> &ModelFiles {
        &self.files
    }
}

impl Embedder for Transformer {
    fn id(&self) -> &str {
        &self.id
    }

    fn dimensions(&self) -> usize {
        self.hidden
    }

    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|e| model_error(&self.files.tokenizer, e))?;
        let sequences: Vec<Vec<u32>> = encodings.iter().map(|e| e.get_ids().to_vec()).collect();
        self.embed_ids(&sequences)
    }
}
