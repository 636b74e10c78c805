//! A static embedder distilled from the transformer (the Model2Vec recipe): one vector per
//! vocabulary token, so a text is embedded by tokenizing it and averaging table rows.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use candle_core::{DType, Tensor};
use tokenizers::Tokenizer;

use super::model::{model_error, ModelFiles};
use super::transformer::{device, Transformer};
use super::{normalise, Embedder};
use crate::error::{Error, Result};

/// The smoothing of the frequency weights: a token of expected frequency p weighs SIF / (SIF +
/// p) (smooth inverse frequency, Model2Vec's default).
const SIF: f32 = 1e-4;
/// Tokens run through the transformer together while distilling.
const DISTIL_BATCH: usize = 512;

/// The static embedder.
pub struct StaticEmbedder {
    tokenizer: Tokenizer,
    /// `vocabulary × dimensions`, row by row.
    table: Vec<f32>,
    dimensions: usize,
    id: String,
    special: Vec<u32>,
}

impl StaticEmbedder {
    /// Where the table distilled from the model in `files` is kept: beside the model.
    pub fn path(files: &ModelFiles) -> PathBuf {
        files.dir.join("static.safetensors")
    }

    /// Distils a table from `transformer`: every vocabulary token embedded alone (with its
    /// special tokens), the vectors centred and reduced to their first `dimensions` principal
    /// components, and each row weighted by its smooth inverse frequency, the frequency being
    /// Zipf's for its rank in the vocabulary (ordered from frequent to rare), so that rare words
    /// weigh more in a text's mean.
    /// `progress` hears the share done, 0 to 1.
    pub fn distil(
        transformer: &Transformer,
        dimensions: usize,
        progress: &mut dyn FnMut(f32),
    ) -> Result<StaticEmbedder> {
        let tokenizer = transformer.tokenizer.clone();
        let vocabulary = tokenizer.get_vocab_size(true);
        let hidden = transformer.dimensions();
        if dimensions == 0 || dimensions > hidden {
            return Err(Error::InvalidArgument(format!(
                "--dimensions {dimensions}: give 1 to {hidden}"
            )));
        }
        let (cls, sep) = (
            tokenizer.token_to_id("[CLS]").unwrap_or(101),
            tokenizer.token_to_id("[SEP]").unwrap_or(102),
        );
        let mut rows = Vec::with_capacity(vocabulary * hidden);
        let ids: Vec<u32> = (0..vocabulary as u32).collect();
        for (done, chunk) in ids.chunks(DISTIL_BATCH).enumerate() {
            let sequences: Vec<Vec<u32>> = chunk.iter().map(|&t| vec![cls, t, sep]).collect();
            for v in transformer.embed_ids(&sequences)? {
                rows.extend(v);
            }
            progress(((done + 1) * DISTIL_BATCH).min(vocabulary) as f32 / vocabulary as f32);
        }
        let mut table = principal_components(&rows, hidden, dimensions);
        // Zipf's law for a vocabulary ordered from frequent to rare: p(rank) = 1 / (rank × H).
        let harmonic: f32 = (1..=vocabulary).map(|r| 1.0 / r as f32).sum();
        for (rank, row) in table.chunks_mut(dimensions).enumerate() {
            let p = 1.0 / ((rank + 1) as f32 * harmonic);
            let weight = SIF / (SIF + p);
            row.iter_mut().for_each(|x| *x *= weight);
        }
        Ok(StaticEmbedder::new(
            tokenizer,
            table,
            dimensions,
            format!("static{dimensions}:{}", transformer.id()),
        ))
    }

    pub(crate) fn new(
        tokenizer: Tokenizer,
        table: Vec<f32>,
        dimensions: usize,
        id: String,
    ) -> StaticEmbedder {
        let special = ["[CLS]", "[SEP]", "[PAD]", "[UNK]", "[MASK]"]
            .iter()
            .filter_map(|t| tokenizer.token_to_id(t))
            .collect();
        StaticEmbedder {
            tokenizer,
            table,
            dimensions,
            id,
            special,
        }
    }

    /// Writes the table to `path` (safetensors: the table and its id).
    pub fn save(&self, path: &Path) -> Result<()> {
        let rows = self.table.len() / self.dimensions;
        let table = Tensor::from_slice(&self.table, (rows, self.dimensions), &device())
            .map_err(|e| model_error(path, e))?;
        let id = Tensor::from_slice(self.id.as_bytes(), self.id.len(), &device())
            .map_err(|e| model_error(path, e))?;
        let tensors: HashMap<String, Tensor> =
            [("table".to_string(), table), ("id".to_string(), id)].into();
        candle_core::safetensors::save(&tensors, path).map_err(|e| model_error(path, e))
    }

    /// The table at `path`, with the tokenizer of the model in `files`; an error saying how to
    /// distil one when there is none.
    pub fn load(files: &ModelFiles, path: &Path) -> Result<StaticEmbedder> {
        if !path.is_file() {
            return Err(model_error(
                path,
                "no static table: distil one from the model with `lede model distill`",
            ));
        }
        let mut tensors =
            candle_core::safetensors::load(path, &device()).map_err(|e| model_error(path, e))?;
        let (Some(table), Some(id)) = (tensors.remove("table"), tensors.remove("id")) else {
            return Err(model_error(path, "not a static table (no `table` or `id`)"));
        };
        let read = || -> candle_core::Result<(usize, Vec<f32>, Vec<u8>)> {
            let (_, dimensions) = table.dims2()?;
            let flat = table.to_dtype(DType::F32)?.flatten_all()?.to_vec1()?;
            Ok((dimensions, flat, id.to_vec1()?))
        };
        let (dimensions, table, id) = read().map_err(|e| model_error(path, e))?;
        let tokenizer = Tokenizer::from_file(&files.tokenizer)
            .map_err(|e| model_error(&files.tokenizer, format!("not a tokenizer: {e}")))?;
        if table.len() / dimensions.max(1) != tokenizer.get_vocab_size(true) {
            return Err(model_error(
                path,
                "the table does not fit the model's vocabulary: distil it again",
            ));
        }
        let id = String::from_utf8_lossy(&id).into_owned();
        Ok(StaticEmbedder::new(tokenizer, table, dimensions, id))
    }

    fn embed_one(&self, ids: &[u32]) -> Vec<f32> {
        let mut v = vec![0.0; self.dimensions];
        for &t in ids {
            if self.special.contains(&t) {
                continue;
            }
            let start = t as usize * self.dimensions;
            if let Some(row) = self.table.get(start..start + self.dimensions) {
                v.iter_mut().zip(row).for_each(|(a, b)| *a += b);
            }
        }
        normalise(&mut v);
        v
    }
}

impl Embedder for StaticEmbedder {
    fn id(&self) -> &str {
        &self.id
    }

    fn dimensions(&self) -> usize {
        self.dimensions
    }

    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        texts
            .iter()
            .map(|text| {
                let encoding = self
                    .tokenizer
                    .encode_fast(*text, false)
                    .map_err(|e| Error::InvalidArgument(format!("cannot tokenize text: {e}")))?;
                Ok(self.embed_one(encoding.get_ids()))
            })
            .collect()
    }
}

/// `rows` (each `width` numbers) centred and projected on their first `keep` principal
/// components, row by row.
fn principal_components(rows: &[f32], width: usize, keep: usize) -> Vec<f32> {
    let n = rows.len() / width;
    let mut mean = vec![0.0f64; width];
    for row in rows.chunks(width) {
        mean.iter_mut().zip(row).for_each(|(m, x)| *m += *x as f64);
    }
    mean.iter_mut().for_each(|m| *m /= n.max(1) as f64);
    let mut covariance = vec![0.0f64; width * width];
    let mut centred = vec![0.0f64; width];
    for row in rows.chunks(width) {
        centred
            .iter_mut()
            .zip(row.iter().zip(&mean))
            .for_each(|(c, (x, m))| *c = *x as f64 - m);
        for i in 0..width {
            let ci = centred[i];
            let line = &mut covariance[i * width..(i + 1) * width];
            line.iter_mut()
                .zip(&centred)
                .for_each(|(a, cj)| *a += ci * cj);
        }
    }
    let (values, vectors) = symmetric_eigen(covariance, width);
    let mut order: Vec<usize> = (0..width).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]));
    let mut out = Vec::with_capacity(n * keep);
    for row in rows.chunks(width) {
        for &k in &order[..keep] {
            let mut s = 0.0f64;
            for i in 0..width {
                s += (row[i] as f64 - mean[i]) * vectors[i * width + k];
            }
            out.push(s as f32);
        }
    }
    out
}

/// Eigenvalues and eigenvectors (as the columns of a row-major matrix) of the symmetric
/// `n × n` matrix `a`, by cyclic Jacobi rotations.
fn symmetric_eigen(mut a: Vec<f64>, n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut v = vec![0.0f64; n * n];
    (0..n).for_each(|i| v[i * n + i] = 1.0);
    for _sweep in 0..50 {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i * n + j] * a[i * n + j])
            .sum();
        let diagonal: f64 = (0..n).map(|i| a[i * n + i] * a[i * n + i]).sum();
        if off <= 1e-22 * diagonal.max(f64::MIN_POSITIVE) {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                let apq = a[p * n + q];
                if apq.abs() < 1e-300 {
                    continue;
                }
                let theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..n {
                    let (akp, akq) = (a[k * n + p], a[k * n + q]);
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for k in 0..n {
                    let (apk, aqk) = (a[p * n + k], a[q * n + k]);
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                for k in 0..n {
                    let (vkp, vkq) = (v[k * n + p], v[k * n + q]);
                    v[k * n + p] = c * vkp - s * vkq;
                    v[k * n + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    ((0..n).map(|i| a[i * n + i]).collect(), v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jacobi_finds_the_eigenvectors_of_a_symmetric_matrix() {
        let a = vec![4.0, 1.0, 0.0, 1.0, 3.0, 1.0, 0.0, 1.0, 2.0];
        let (values, vectors) = symmetric_eigen(a.clone(), 3);
        for k in 0..3 {
            for i in 0..3 {
                let av: f64 = (0..3).map(|j| a[i * 3 + j] * vectors[j * 3 + k]).sum();
                assert!((av - values[k] * vectors[i * 3 + k]).abs() < 1e-9);
            }
        }
        let trace: f64 = values.iter().sum();
        assert!((trace - 9.0).abs() < 1e-9);
    }

    #[test]
    fn principal_components_keep_the_direction_of_most_spread() {
        // Points along (1, 1) with a little noise across it: one component keeps the spread.
        let rows: Vec<f32> = (0..20)
            .flat_map(|i| {
                let t = i as f32 - 10.0;
                let noise = if i % 2 == 0 { 0.1 } else { -0.1 };
                [t + noise, t - noise]
            })
            .collect();
        let projected = principal_components(&rows, 2, 1);
        assert_eq!(projected.len(), 20);
        for (i, p) in projected.iter().enumerate() {
            let t = i as f32 - 10.0 + 0.5;
            assert!((p.abs() - t.abs() * 2f32.sqrt()).abs() < 1e-3, "{i}: {p}");
        }
    }
}
