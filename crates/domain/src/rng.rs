//! A small deterministic pseudo-random generator for seed data and the carrier simulator.
//!
//! The same seed gives the same numbers on every platform (wasm32 and native, any build), so a
//! demo catalog or a simulated parcel journey can be replayed exactly from a fixed seed. That is
//! the whole point: this generator is NOT cryptographic. Its output is predictable from a few
//! values, so never use it for tokens, keys or anything an attacker must not guess; the server
//! draws those from the operating system's random source.

/// SplitMix64 (Steele, Lea and Flood, 2014; the constants of Vigna's reference code).
///
/// One 64-bit word of state, passes BigCrush, and costs a handful of multiplications: ample for
/// simulation. Deliberately not `Copy`, so a generator cannot be duplicated by accident and replay
/// the same stream twice; `clone` it when that is what you mean.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A generator whose whole output is determined by `seed`.
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// The next 64 uniformly distributed bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniformly distributed number in `0..n`.
    ///
    /// Unbiased: Lemire's multiply-and-reject method ("Fast Random Integer Generation in an
    /// Interval", 2019), which needs a division only in the rare case that a draw might be biased.
    ///
    /// # Panics
    ///
    /// If `n` is zero: the range is empty, so no answer would be correct.
    pub fn below(&mut self, n: u64) -> u64 {
        assert!(n > 0, "Rng::below(0): empty range");
        let mut product = u128::from(self.next_u64()) * u128::from(n);
        let mut low = product as u64;
        if low < n {
            // 2^64 mod n: the draws whose low half falls below this would over-represent some
            // results, so they are drawn again.
            let threshold = n.wrapping_neg() % n;
            while low < threshold {
                product = u128::from(self.next_u64()) * u128::from(n);
                low = product as u64;
            }
        }
        (product >> 64) as u64
    }

    /// A uniformly distributed number in `lo..=hi`.
    ///
    /// # Panics
    ///
    /// If `lo > hi`.
    pub fn range_inclusive(&mut self, lo: u64, hi: u64) -> u64 {
        assert!(lo <= hi, "Rng::range_inclusive({lo}, {hi}): empty range");
        match (hi - lo).checked_add(1) {
            Some(span) => lo + self.below(span),
            // The full u64 range: every word is already uniform over it.
            None => self.next_u64(),
        }
    }

    /// True with probability `numerator / denominator` (always true when the numerator is at
    /// least the denominator). Integers rather than a float keep the odds exact and the same on
    /// every platform.
    ///
    /// # Panics
    ///
    /// If `denominator` is zero.
    pub fn chance(&mut self, numerator: u64, denominator: u64) -> bool {
        assert!(denominator > 0, "Rng::chance: zero denominator");
        self.below(denominator) < numerator
    }

    /// A uniformly chosen element of `items`, or `None` when it is empty.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            return None;
        }
        // A slice never holds more than u64::MAX elements, and the index is below its length.
        items.get(self.below(items.len() as u64) as usize)
    }

    /// Puts `items` in a uniformly random order (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    // Named, because proptest's prelude exports a `Rng` trait too.
    use super::Rng;

    #[test]
    fn matches_the_reference_splitmix64() {
        // First outputs of Vigna's splitmix64.c for these seeds.
        let mut rng = Rng::new(1_234_567);
        let expected = [
            6_457_827_717_110_365_317,
            3_203_168_211_198_807_973,
            9_817_491_932_198_370_423,
            4_593_380_528_125_082_431,
            16_408_922_859_458_223_821,
        ];
        for value in expected {
            assert_eq!(rng.next_u64(), value);
        }
        let mut zero = Rng::new(0);
        assert_eq!(zero.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(zero.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn same_seed_same_stream_different_seed_different_stream() {
        let draw = |seed| {
            let mut rng = Rng::new(seed);
            (0..8).map(|_| rng.below(1000)).collect::<Vec<_>>()
        };
        assert_eq!(draw(42), draw(42));
        assert_ne!(draw(42), draw(43));
    }

    #[test]
    fn below_is_roughly_uniform() {
        let mut rng = Rng::new(7);
        let mut counts = [0u32; 6];
        for _ in 0..60_000 {
            counts[rng.below(6) as usize] += 1;
        }
        // Expected 10,000 each; 600 is more than six standard deviations (about 91).
        for count in counts {
            assert!((9_400..=10_600).contains(&count), "{counts:?}");
        }
    }

    #[test]
    fn ranges_and_chances_hit_their_edges() {
        let mut rng = Rng::new(1);
        assert_eq!(rng.range_inclusive(5, 5), 5);
        assert_eq!(rng.below(1), 0);
        assert!(rng.chance(3, 3));
        assert!(!rng.chance(0, 3));
        // The full range cannot be counted in a u64, so it is served by one raw draw.
        let mut twin = rng.clone();
        assert_eq!(rng.range_inclusive(0, u64::MAX), twin.next_u64());
        let seen: std::collections::BTreeSet<u64> =
            (0..200).map(|_| rng.range_inclusive(3, 6)).collect();
        assert_eq!(seen.into_iter().collect::<Vec<_>>(), [3, 4, 5, 6]);
    }

    #[test]
    fn pick_and_shuffle() {
        let mut rng = Rng::new(9);
        assert_eq!(rng.pick::<u8>(&[]), None);
        assert_eq!(rng.pick(&["only"]), Some(&"only"));
        let mut items: Vec<u32> = (0..50).collect();
        rng.shuffle(&mut items);
        assert_ne!(items, (0..50).collect::<Vec<_>>());
        items.sort_unstable();
        assert_eq!(items, (0..50).collect::<Vec<_>>());
    }

    #[test]
    #[should_panic(expected = "empty range")]
    fn below_zero_panics() {
        Rng::new(0).below(0);
    }

    proptest! {
        #[test]
        fn below_stays_below(seed: u64, n in 1u64..) {
            let mut rng = Rng::new(seed);
            for _ in 0..16 {
                prop_assert!(rng.below(n) < n);
            }
        }

        #[test]
        fn range_inclusive_stays_inside(seed: u64, a: u64, b: u64) {
            let (lo, hi) = (a.min(b), a.max(b));
            let value = Rng::new(seed).range_inclusive(lo, hi);
            prop_assert!((lo..=hi).contains(&value));
        }
    }
}
