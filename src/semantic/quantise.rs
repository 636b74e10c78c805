//! Vectors stored as one signed byte per number and a scale: a quarter of the bytes of f32.

/// Bytes a quantised vector takes beyond one per number (its scale, an f32).
pub const QUANTISED_EXTRA_BYTES: usize = 4;

/// `v` as its scale (little-endian f32: the largest magnitude / 127) then one byte per number.
pub fn quantise(v: &[f32]) -> Vec<u8> {
    let max = v.iter().fold(0.0f32, |m, x| m.max(x.abs()));
    let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
    let mut out = Vec::with_capacity(QUANTISED_EXTRA_BYTES + v.len());
    out.extend_from_slice(&scale.to_le_bytes());
    out.extend(
        v.iter()
            .map(|x| (x / scale).round().clamp(-127.0, 127.0) as i8 as u8),
    );
    out
}

/// The numbers of a [`quantise`]d vector; `None` when `bytes` is too short to be one.
pub fn unquantise(bytes: &[u8]) -> Option<Vec<f32>> {
    let (scale, values) = split(bytes)?;
    Some(values.iter().map(|&b| b as i8 as f32 * scale).collect())
}

/// The dot product of a [`quantise`]d vector with `query`; 0 for bytes that are no vector of
/// `query`'s length.
pub fn dot_quantised(bytes: &[u8], query: &[f32]) -> f32 {
    match split(bytes) {
        Some((scale, values)) if values.len() == query.len() => {
            scale
                * values
                    .iter()
                    .zip(query)
                    .map(|(&b, q)| b as i8 as f32 * q)
                    .sum::<f32>()
        }
        _ => 0.0,
    }
}

fn split(bytes: &[u8]) -> Option<(f32, &[u8])> {
    let (head, values) = bytes.split_first_chunk::<QUANTISED_EXTRA_BYTES>()?;
    Some((f32::from_le_bytes(*head), values))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn quantised_dot_products_stay_within_half_a_step(
            a in prop::collection::vec(-1.0f32..1.0, 1..64),
            seed in any::<u64>(),
        ) {
            let mut a = a;
            let mut b: Vec<f32> = a.iter().enumerate()
                .map(|(i, _)| (((seed.rotate_left(i as u32 % 64) % 2001) as f32) / 1000.0) - 1.0)
                .collect();
            crate::semantic::normalise(&mut a);
            crate::semantic::normalise(&mut b);
            let exact = crate::semantic::dot(&a, &b);
            let q = quantise(&a);
            prop_assert_eq!(q.len(), a.len() + QUANTISED_EXTRA_BYTES);
            // Each number is off by at most half a step (max / 254), so the dot product by at most
            // that times the 1-norm of `b`, which is at most sqrt(n) for a unit vector.
            let bound = (a.len() as f32).sqrt() * 0.5 / 127.0 + 1e-5;
            prop_assert!((dot_quantised(&q, &b) - exact).abs() <= bound);
            let back = unquantise(&q).unwrap();
            prop_assert!(back.iter().zip(&a).all(|(x, y)| (x - y).abs() <= 0.5 / 127.0 + 1e-6));
        }
    }

    #[test]
    fn a_zero_vector_and_short_bytes_are_no_trouble() {
        assert_eq!(unquantise(&quantise(&[0.0, 0.0])), Some(vec![0.0, 0.0]));
        assert_eq!(unquantise(&[1, 2]), None);
        assert_eq!(dot_quantised(&[1, 2], &[1.0]), 0.0);
        assert_eq!(dot_quantised(&quantise(&[1.0, 0.0]), &[1.0]), 0.0);
    }
}
