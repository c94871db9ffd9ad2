//! A bit set with a rank index: gives the members of a sparse set of
//! numbers (string offsets, type ids) dense indices, at one bit per number.

/// Members are set first, then [`RankSet::finish`] builds the index.
#[derive(Debug)]
pub(super) struct RankSet {
    pub(super) bits: Vec<u64>,
    ranks: Vec<u32>,
}

impl RankSet {
    /// An empty set over `0..n`.
    pub(super) fn new(n: usize) -> RankSet {
        RankSet { bits: vec![0; n.div_ceil(64)], ranks: Vec::new() }
    }
    #[inline]
    pub(super) fn set(&mut self, i: usize) {
        self.bits[i / 64] |= 1 << (i % 64);
    }
    /// Builds the rank index; returns the number of members.
    pub(super) fn finish(&mut self) -> usize {
        let mut total = 0u32;
        self.ranks = self
            .bits
            .iter()
            .map(|w| {
                let r = total;
                total += w.count_ones();
                r
            })
            .collect();
        total as usize
    }
    /// The number of members below `i` (the dense index of member `i`).
    #[inline]
    pub(super) fn rank(&self, i: usize) -> usize {
        let w = i / 64;
        self.ranks[w] as usize + (self.bits[w] & ((1u64 << (i % 64)) - 1)).count_ones() as usize
    }
}
