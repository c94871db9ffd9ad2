//! libbpf's `struct hashmap` as dedup uses it, emulated in flat arrays.
//!
//! Where several candidates are equivalent the first one found wins, so the
//! candidate order must be libbpf's: a new entry goes to the head of its
//! bucket; the table doubles (at least 4 buckets) before an insertion when
//! it is empty or `(size + 1) * 4 / 3 > capacity`, and a regrowth walks the
//! old buckets in order, each chain head to tail, pushing every entry on
//! the head of its new bucket (which reverses runs of equal keys). Buckets
//! are the top bits of `hash * 0x9E3779B97F4A7C15` (libbpf's `hash_bits`
//! on LP64); with `force_collisions` every key goes to bucket 0.

const NIL: u32 = u32::MAX;

/// libbpf's `hash_combine`: `h * 31 + value`, wrapping like `unsigned long`.
#[inline]
pub(super) fn hash_combine(h: u64, value: u64) -> u64 {
    h.wrapping_mul(31).wrapping_add(value)
}

/// libbpf's `hash_bits` for a 64-bit `size_t`.
#[inline]
pub(super) fn hash_bits(h: u64, bits: u32) -> usize {
    if bits == 0 { 0 } else { (h.wrapping_mul(11_400_714_819_323_198_485) >> (64 - bits)) as usize }
}

#[derive(Clone, Copy, Debug)]
struct Entry {
    key: u64,
    value: u32,
    next: u32,
}

/// A multimap from a type signature hash to candidate type ids.
#[derive(Debug, Default)]
pub(super) struct CandTable {
    buckets: Vec<u32>,
    entries: Vec<Entry>,
    cap_bits: u32,
    force_collisions: bool,
    /// How many times the table has grown (each growth reverses every run of equal keys).
    grows: u32,
}

/// The struct/union/typedef entries of a [`CandTable`] grouped by key and
/// candidate signature, each group in the order a walk of the table's
/// bucket chain would meet them.
///
/// A group is a doubly linked list whose reading direction flips with every
/// growth of the table: inserting at the chain head is a push at the list's
/// current front, and a growth, which reverses the chain's runs of equal
/// keys, just flips the direction.
#[derive(Debug, Default)]
pub(super) struct SigGroups {
    groups: std::collections::HashMap<(u64, u32), (u32, u32), super::IdBuild>,
    /// `(value, next, prev)`.
    nodes: Vec<(u32, u32, u32)>,
}

impl SigGroups {
    pub(super) fn with_capacity(n: usize) -> SigGroups {
        SigGroups { groups: Default::default(), nodes: Vec::with_capacity(n) }
    }

    /// Records `value` as just appended under `key` to `table`.
    pub(super) fn append(&mut self, table: &CandTable, key: u64, sig: u32, value: u32) {
        let idx = self.nodes.len() as u32;
        self.nodes.push((value, NIL, NIL));
        let flipped = table.grows % 2 == 1;
        match self.groups.get_mut(&(key, sig)) {
            None => {
                self.groups.insert((key, sig), (idx, idx));
            }
            Some((head, tail)) => {
                if flipped {
                    self.nodes[*tail as usize].1 = idx;
                    self.nodes[idx as usize].2 = *tail;
                    *tail = idx;
                } else {
                    self.nodes[*head as usize].2 = idx;
                    self.nodes[idx as usize].1 = *head;
                    *head = idx;
                }
            }
        }
    }

    /// A cursor on the first entry of group `(key, sig)` in chain order.
    #[inline]
    pub(super) fn first(&self, table: &CandTable, key: u64, sig: u32) -> u32 {
        match self.groups.get(&(key, sig)) {
            None => NIL,
            Some(&(head, tail)) => {
                if table.grows % 2 == 1 {
                    tail
                } else {
                    head
                }
            }
        }
    }

    /// The value at `cur`, advancing it.
    #[inline]
    pub(super) fn next(&self, table: &CandTable, cur: &mut u32) -> Option<u32> {
        if *cur == NIL {
            return None;
        }
        let (v, next, prev) = self.nodes[*cur as usize];
        *cur = if table.grows % 2 == 1 { prev } else { next };
        Some(v)
    }
}

impl CandTable {
    pub(super) fn new(force_collisions: bool, expected: usize) -> CandTable {
        CandTable { entries: Vec::with_capacity(expected), force_collisions, ..CandTable::default() }
    }

    #[inline]
    fn bucket(&self, key: u64, bits: u32) -> usize {
        if self.force_collisions { 0 } else { hash_bits(key, bits) }
    }

    /// `hashmap__append`: adds `(key, value)` at the head of its bucket.
    pub(super) fn append(&mut self, key: u64, value: u32) {
        let cap = self.buckets.len();
        if cap == 0 || (self.entries.len() + 1) * 4 / 3 > cap {
            self.grow();
        }
        let b = self.bucket(key, self.cap_bits);
        let idx = self.entries.len() as u32;
        self.entries.push(Entry { key, value, next: self.buckets[b] });
        self.buckets[b] = idx;
    }

    fn grow(&mut self) {
        let bits = (self.cap_bits + 1).max(2);
        let mut buckets = vec![NIL; 1usize << bits];
        for b in 0..self.buckets.len() {
            let mut cur = self.buckets[b];
            while cur != NIL {
                let e = self.entries[cur as usize];
                let nb = self.bucket(e.key, bits);
                self.entries[cur as usize].next = buckets[nb];
                buckets[nb] = cur;
                cur = e.next;
            }
        }
        self.buckets = buckets;
        self.cap_bits = bits;
        self.grows += 1;
    }

    /// The first entry of `key`'s bucket chain (a cursor for [`CandTable::next`]).
    #[inline]
    pub(super) fn first(&self, key: u64) -> u32 {
        if self.buckets.is_empty() { NIL } else { self.buckets[self.bucket(key, self.cap_bits)] }
    }

    /// The value at cursor `cur` if its key is `key`, and the next cursor;
    /// `None` at the end of the chain (`hashmap__for_each_key_entry`).
    #[inline]
    pub(super) fn next(&self, key: u64, cur: &mut u32) -> Option<u32> {
        while *cur != NIL {
            let e = self.entries[*cur as usize];
            *cur = e.next;
            if e.key == key {
                return Some(e.value);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(t: &CandTable, key: u64) -> Vec<u32> {
        let mut cur = t.first(key);
        let mut v = Vec::new();
        while let Some(x) = t.next(key, &mut cur) {
            v.push(x);
        }
        v
    }

    #[test]
    fn newest_first_and_reversed_on_growth() {
        for force in [false, true] {
            let mut t = CandTable::new(force, 0);
            // cap 4 after the first insert; sizes 1,2,3 fit ((3+1)*4/3 = 5 > 4 grows at the 4th)
            t.append(7, 1);
            t.append(7, 2);
            t.append(7, 3);
            assert_eq!(values(&t, 7), [3, 2, 1]);
            t.append(7, 4); // grows first: 3,2,1 -> 1,2,3, then 4 at the head
            assert_eq!(values(&t, 7), [4, 1, 2, 3]);
            assert_eq!(t.buckets.len(), 8);
            assert!(values(&t, 8).is_empty());
        }
    }

    #[test]
    fn signature_groups_follow_the_chain() {
        for force in [false, true] {
            let mut t = CandTable::new(force, 0);
            let mut g = SigGroups::default();
            for v in 1..200u32 {
                let key = u64::from(v % 3);
                t.append(key, v);
                g.append(&t, key, v % 2, v);
                for key in 0..3 {
                    for sig in 0..2 {
                        let want: Vec<u32> = values(&t, key).into_iter().filter(|x| x % 2 == sig).collect();
                        let mut cur = g.first(&t, key, sig);
                        let mut got = Vec::new();
                        while let Some(x) = g.next(&t, &mut cur) {
                            got.push(x);
                        }
                        assert_eq!(got, want);
                    }
                }
            }
        }
    }

    #[test]
    fn hash_bits_is_libbpfs() {
        assert_eq!(hash_bits(0, 5), 0);
        assert_eq!(hash_bits(123, 0), 0);
        assert_eq!(hash_bits(1, 64), 11_400_714_819_323_198_485);
        assert_eq!(hash_bits(1, 1), 1);
        assert_eq!(hash_combine(hash_combine(0, 5), 7), 5 * 31 + 7);
    }
}
