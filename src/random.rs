//! A deterministic generator shared by the synthetic guide and its photos.

/// A small deterministic generator (SplitMix64): the guide must not depend
/// on a random seed, a clock or a crate's version. Synthetic photos
/// (`crate::images::synthetic_photo`) and the synthetic guide draw from it too.
pub(crate) struct Mix(u64);

impl Mix {
    pub(crate) fn new(seed: u64) -> Mix {
        Mix(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03)
    }
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub(crate) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
    /// `k` distinct items, in the order of `items`.
    pub(crate) fn some<T: Copy>(&mut self, items: &[T], k: usize) -> Vec<T> {
        let mut chosen = vec![false; items.len()];
        let mut left = k.min(items.len());
        while left > 0 {
            let i = self.below(items.len());
            if !chosen[i] {
                chosen[i] = true;
                left -= 1;
            }
        }
        items
            .iter()
            .zip(chosen)
            .filter_map(|(x, c)| c.then_some(*x))
            .collect()
    }
}
