//! C names: libbpf's duplicate counting (`NAME___N`) without a string per name.

use crate::error::Result;
use crate::out::Out;
use bpfkit_btf::{Btf, StrOffset};
use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU8, Ordering::Relaxed};

/// libbpf formats renamed types into a 256-byte buffer: at most 255 bytes.
const MAX_RENAMED: usize = 255;

/// A name as printed: the BTF name, plus `___N` when `dup > 1`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Name<'a> {
    pub base: &'a [u8],
    pub dup: u32,
}

impl<'a> Name<'a> {
    /// The name without suffix.
    pub fn plain(base: &'a [u8]) -> Name<'a> {
        Name { base, dup: 0 }
    }
    /// No name.
    pub const EMPTY: Name<'static> = Name { base: b"", dup: 0 };

    /// Whether the printed name is empty.
    pub fn is_empty(&self) -> bool {
        self.base.is_empty() && self.dup <= 1
    }

    /// Whether the printed name equals `s`.
    pub fn eq(&self, s: &[u8]) -> bool {
        if self.dup <= 1 {
            return self.base == s;
        }
        let mut tmp = [0u8; MAX_RENAMED + 16];
        self.renamed(&mut tmp) == s
    }

    fn renamed<'t>(&self, tmp: &'t mut [u8; MAX_RENAMED + 16]) -> &'t [u8] {
        let n = self.base.len().min(MAX_RENAMED);
        tmp[..n].copy_from_slice(&self.base[..n]);
        let mut len = n;
        for &c in b"___" {
            tmp[len] = c;
            len += 1;
        }
        let mut digits = itoa::Buffer::new();
        for &d in digits.format(self.dup).as_bytes() {
            tmp[len] = d;
            len += 1;
        }
        &tmp[..len.min(MAX_RENAMED)]
    }

    /// Writes the name.
    #[inline]
    pub fn write(&self, out: &mut Out<'_>) -> Result<()> {
        if self.dup <= 1 {
            return out.s(self.base);
        }
        self.write_renamed(out)
    }

    #[inline(never)]
    fn write_renamed(&self, out: &mut Out<'_>) -> Result<()> {
        let mut tmp = [0u8; MAX_RENAMED + 16];
        out.s(self.renamed(&mut tmp))
    }
}

/// The resolved duplicate count of each type's name, by type id (0: not
/// resolved yet), which a planner fills and printers read. A byte per
/// type (a page of the table covers 4,096 ids, and each page costs a page
/// fault): counts from [`Dups::MANY`] on are kept in a map beside it.
pub(crate) struct Dups {
    small: Box<[AtomicU8]>,
    many: Mutex<HashMap<u32, u32>>,
}

impl Dups {
    /// The byte that stands for a count kept in the map.
    const MANY: u8 = u8::MAX;

    /// A table for ids below `n`, none resolved.
    pub fn new(n: usize) -> Dups {
        Dups { small: (0..n).map(|_| AtomicU8::new(0)).collect(), many: Mutex::new(HashMap::new()) }
    }

    fn many(&self) -> std::sync::MutexGuard<'_, HashMap<u32, u32>> {
        self.many.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The count resolved for `id` (0: none yet, or no such id).
    #[inline]
    pub fn get(&self, id: u32) -> u32 {
        match self.small.get(id as usize).map(|d| d.load(Relaxed)) {
            Some(Self::MANY) => self.many().get(&id).copied().unwrap_or(0),
            Some(d) => u32::from(d),
            None => 0,
        }
    }

    /// Records the count resolved for `id` (an id out of range is ignored).
    pub fn set(&self, id: u32, dup: u32) {
        let Some(slot) = self.small.get(id as usize) else { return };
        match u8::try_from(dup) {
            Ok(d) if d != Self::MANY => slot.store(d, Relaxed),
            _ => {
                self.many().insert(id, dup);
                slot.store(Self::MANY, Relaxed);
            }
        }
    }

    /// Whether `id` has a slot.
    #[inline]
    pub fn has(&self, id: u32) -> bool {
        (id as usize) < self.small.len()
    }
}

/// Counts occurrences of names (libbpf's `type_names` / `ident_names`
/// hashmaps), keyed by string offset and compared by content.
///
/// A slot is 8 bytes (string offset; 8 hash bits and a 24-bit count) so
/// that the table stays in cache; counts stop at 2^24 - 1. Linear probing,
/// at most 4/5 full.
pub(crate) struct NameCounter {
    /// (string offset, tag << 24 | count); count 0 marks a free slot.
    slots: Vec<(u32, u32)>,
    used: usize,
}

const COUNT_MASK: u32 = 0x00ff_ffff;

#[inline]
fn hash(b: &[u8]) -> u32 {
    let mut h: u64 = b.len() as u64;
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    let rest = chunks.remainder();
    let w = match b.len().checked_sub(8) {
        // The last 8 bytes (some hashed already): one load.
        Some(from) if !rest.is_empty() => u64::from_le_bytes(b[from..].try_into().unwrap_or([0; 8])),
        _ => rest.iter().enumerate().fold(0, |w, (i, &x)| w | u64::from(x) << (8 * i)),
    };
    h = (h.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95);
    (h >> 32) as u32
}

/// `n` free slots, each page of them written once: fresh zeroed memory
/// that is read before it is written faults twice (once for the shared
/// zero page, once more for the page's own copy), and probing reads first.
fn zeroed_slots(n: usize) -> Vec<(u32, u32)> {
    let mut slots = vec![(0, 0); n];
    for s in slots.iter_mut().step_by(4096 / core::mem::size_of::<(u32, u32)>()) {
        // Not a constant the compiler could see is already there.
        s.1 = std::hint::black_box(0);
    }
    slots
}

impl NameCounter {
    /// An empty counter sized for about `expected` names.
    pub fn with_capacity(expected: usize) -> NameCounter {
        // At most 4/5 full: the table is touched all over, and each page
        // of it costs a page fault the first time.
        let cap = (expected.max(8) * 5 / 4 + 1).next_power_of_two();
        NameCounter { slots: zeroed_slots(cap), used: 0 }
    }

    /// Counts one more occurrence of `name` (stored at `off`) and returns
    /// the new count.
    #[inline]
    pub fn bump(&mut self, btf: &Btf<'_>, off: StrOffset, name: &[u8]) -> u32 {
        if (self.used + 1) * 5 > self.slots.len() * 4 {
            self.grow(btf);
        }
        let h = hash(name);
        let tag = h & !COUNT_MASK;
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let slot = &mut self.slots[i];
            if slot.1 & COUNT_MASK == 0 {
                *slot = (off.0, tag | 1);
                self.used += 1;
                return 1;
            }
            if slot.0 == off.0 || (slot.1 & !COUNT_MASK == tag && btf.str_bytes(StrOffset(slot.0)) == Some(name)) {
                let count = (slot.1 & COUNT_MASK).saturating_add(1).min(COUNT_MASK);
                slot.1 = tag | count;
                return count;
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self, btf: &Btf<'_>) {
        let cap = (self.slots.len() * 2).max(16);
        let old = std::mem::replace(&mut self.slots, zeroed_slots(cap));
        let mask = self.slots.len() - 1;
        for (off, tc) in old.into_iter().filter(|s| s.1 & COUNT_MASK != 0) {
            // The slot keeps only 8 hash bits: hash the name again.
            let mut i = hash(btf.str_bytes(StrOffset(off)).unwrap_or(b"")) as usize & mask;
            while self.slots[i].1 & COUNT_MASK != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = (off, tc);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts past a byte go to the map and come back whole; ids out of
    /// range read as unresolved and are not recorded.
    #[test]
    fn dups_past_a_byte() {
        let d = Dups::new(10);
        for (id, dup) in [(1, 1), (2, 254), (3, 255), (4, 256), (5, u32::MAX)] {
            assert_eq!(d.get(id), 0);
            d.set(id, dup);
            assert_eq!(d.get(id), dup, "id {id}");
        }
        assert!(d.has(9) && !d.has(10));
        d.set(10, 7);
        assert_eq!(d.get(10), 0);
        assert_eq!(d.get(0), 0);
    }
}
