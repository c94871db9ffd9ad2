//! The string pass (`btf_dedup_strings`) for parsed BTF: every string a
//! type (then the `.BTF.ext`) refers to, in libbpf's visiting order, goes
//! into a fresh section once; unreferenced strings are dropped. Split BTF
//! points strings its base has at the base's copy.
//!
//! Done in two walks over the references to stay small: the first marks
//! referenced offsets in a bit set (one bit per string byte) with a rank
//! index, giving every referenced offset a dense number; then strings with
//! equal contents get one class (hashed in offset order, sorted by hash);
//! the second walk assigns each class its new offset in visiting order.

use super::types::Types;
use crate::btf::Btf;
use crate::endian::Endian;
use crate::error::{Error, ErrorKind, Result};
use crate::fields::for_each_str_field;

const NONE: u32 = u32::MAX;

/// FxHash-style hash of a string's bytes.
#[inline]
pub(super) fn str_hash(s: &[u8]) -> u64 {
    const K: u64 = 0xf135_7aea_2e62_a9c5;
    let mut h = s.len() as u64;
    let mut chunks = s.chunks_exact(8);
    for c in &mut chunks {
        h = (h ^ u64::from_le_bytes(c.try_into().expect("8 bytes"))).wrapping_mul(K).rotate_left(26);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut b = [0u8; 8];
        b[..rest.len()].copy_from_slice(rest);
        h = (h ^ u64::from_le_bytes(b)).wrapping_mul(K).rotate_left(26);
    }
    h ^ (h >> 29)
}

/// The NUL-terminated string at `off` in `bytes`, without its NUL.
#[inline]
fn cstr(bytes: &[u8], off: usize) -> Option<&[u8]> {
    let tail = bytes.get(off..)?;
    Some(&tail[..tail.iter().position(|&b| b == 0)?])
}

/// A set of distinct strings of one section, as offsets into it (+1; 0 is empty).
#[derive(Debug)]
struct StrSet {
    slots: Vec<u32>,
    mask: usize,
}

impl StrSet {
    fn with_capacity(n: usize) -> StrSet {
        let cap = (n.max(4) * 2).next_power_of_two();
        StrSet { slots: vec![0; cap], mask: cap - 1 }
    }

    /// The slot holding `s` in `bytes`, or the empty slot where it goes.
    #[inline]
    fn probe(&self, bytes: &[u8], s: &[u8]) -> usize {
        let mut i = str_hash(s) as usize & self.mask;
        loop {
            let v = self.slots[i];
            if v == 0 {
                return i;
            }
            let at = (v - 1) as usize;
            if bytes.get(at..at + s.len()) == Some(s) && bytes.get(at + s.len()) == Some(&0) {
                return i;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Indexes every string of `bytes` (the first of equal ones wins).
    fn of_section(bytes: &[u8]) -> StrSet {
        let count = bytes.iter().filter(|&&b| b == 0).count();
        let mut set = StrSet::with_capacity(count);
        let mut off = 0usize;
        while off < bytes.len() {
            let Some(s) = cstr(bytes, off) else { break };
            let i = set.probe(bytes, s);
            if set.slots[i] == 0 {
                set.slots[i] = off as u32 + 1;
            }
            off += s.len() + 1;
        }
        set
    }

    fn find(&self, bytes: &[u8], s: &[u8]) -> Option<u32> {
        let v = self.slots[self.probe(bytes, s)];
        (v != 0).then(|| v - 1)
    }
}

/// Sorts by the first field (stable, least significant byte first).
fn radix_sort(v: &mut Vec<(u32, u32)>) {
    let mut tmp = vec![(0u32, 0u32); v.len()];
    for shift in [0u32, 8, 16, 24] {
        let mut counts = [0usize; 257];
        for &(k, _) in v.iter() {
            counts[((k >> shift) & 0xff) as usize + 1] += 1;
        }
        for i in 1..257 {
            counts[i] += counts[i - 1];
        }
        for &x in v.iter() {
            let d = ((x.0 >> shift) & 0xff) as usize;
            tmp[counts[d]] = x;
            counts[d] += 1;
        }
        core::mem::swap(v, &mut tmp);
    }
}

/// Referenced offsets as a bit set with a rank index.
#[derive(Debug)]
struct OffsetRank {
    bits: Vec<u64>,
    ranks: Vec<u32>,
}

impl OffsetRank {
    #[inline]
    fn set(&mut self, rel: usize) {
        self.bits[rel / 64] |= 1 << (rel % 64);
    }
    fn finish(&mut self) -> usize {
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
    #[inline]
    fn rank(&self, rel: usize) -> usize {
        let w = rel / 64;
        self.ranks[w] as usize + (self.bits[w] & ((1u64 << (rel % 64)) - 1)).count_ones() as usize
    }
}

/// The new string section and the old → new offsets of the strings seen.
#[derive(Debug)]
pub(super) struct NewStrings {
    pub(super) bytes: Vec<u8>,
    /// `(old, new)` for every own string offset that was referenced, sorted.
    pub(super) map: Vec<(u32, u32)>,
}

/// Calls `f` on every string offset field of the split types, in order.
fn each_field(t: &mut Types, mut f: impl FnMut(&mut u32, u32) -> Result<()>) -> Result<()> {
    for id in t.start_id..t.count() {
        let at = t.rec(id);
        let (kind, vlen) = (t.kind(id), t.vlen(id));
        let mut res = Ok(());
        let words = &mut t.words;
        for_each_str_field(kind, vlen, |w| {
            if res.is_ok() {
                res = f(&mut words[at + w], id);
            }
        });
        res?;
    }
    Ok(())
}

/// Rewrites the string offsets of the split types in `t` (and then of the
/// `.BTF.ext` fields at `ext.2`, byte positions into `ext.0`).
pub(super) fn dedup_strings(
    t: &mut Types,
    own: &[u8],
    start_str: u32,
    base: Option<&Btf<'_>>,
    mut ext: Option<(&mut [u8], Endian, &[usize])>,
) -> Result<NewStrings> {
    let skip = |off: u32| off == 0 || off < start_str;
    let badstr = |id: u32, off: u32| Error::new(ErrorKind::BadStringOffset { id, str_off: off });
    // Walk 1: which offsets are referenced.
    let mut seen = OffsetRank { bits: vec![0; own.len().div_ceil(64)], ranks: Vec::new() };
    let mut mark = |off: u32, id: u32| {
        if !skip(off) {
            let rel = (off - start_str) as usize;
            if rel >= own.len() {
                return Err(badstr(id, off));
            }
            seen.set(rel);
        }
        Ok(())
    };
    each_field(t, |w, id| mark(*w, id))?;
    if let Some((data, e, pos)) = &ext {
        for &p in pos.iter() {
            mark(e.u32_at(data, p), 0)?;
        }
    }
    let distinct = seen.finish();

    // The base chain's strings, deepest level first (libbpf's btf__find_str).
    let mut levels = Vec::new();
    if let Some(base) = base {
        let mut b = Some(base);
        while let Some(x) = b {
            levels.push((x.string_section(), x.start_str_off(), StrSet::of_section(x.string_section())));
            b = x.base();
        }
        levels.reverse();
    }

    // Content classes: equal strings at different offsets share the class
    // of the first. Hashing in offset order and sorting by hash keeps this
    // pass sequential instead of probing a table at random.
    let mut rels = Vec::with_capacity(distinct);
    let mut keyed = Vec::with_capacity(distinct);
    for (w, &bits) in seen.bits.iter().enumerate() {
        let mut b = bits;
        while b != 0 {
            let rel = w * 64 + b.trailing_zeros() as usize;
            let s = cstr(own, rel).ok_or_else(|| badstr(0, start_str + rel as u32))?;
            let h = str_hash(s);
            keyed.push(((h ^ (h >> 32)) as u32, rels.len() as u32));
            rels.push(rel as u32);
            b &= b - 1;
        }
    }
    radix_sort(&mut keyed);
    let mut class: Vec<u32> = (0..distinct as u32).collect();
    let mut run_start = 0;
    for i in 1..=keyed.len() {
        if i < keyed.len() && keyed[i].0 == keyed[run_start].0 {
            continue;
        }
        let run = &keyed[run_start..i];
        for (j, &(_, ord)) in run.iter().enumerate().skip(1) {
            let s = cstr(own, rels[ord as usize] as usize).expect("checked above");
            if let Some(&(_, rep)) = run[..j].iter().find(|&&(_, o)| {
                class[o as usize] == o && cstr(own, rels[o as usize] as usize) == Some(s)
            }) {
                class[ord as usize] = rep;
            }
        }
        run_start = i;
    }
    drop(keyed);

    // Walk 2: new offsets in visiting order.
    let mut bytes = Vec::with_capacity(own.len());
    if base.is_none() {
        bytes.push(0);
    }
    let mut new_of = vec![NONE; distinct];
    let mut remap = |off: u32, _id: u32| -> Result<u32> {
        if skip(off) {
            return Ok(off);
        }
        let c = class[seen.rank((off - start_str) as usize)] as usize;
        if new_of[c] != NONE {
            return Ok(new_of[c]);
        }
        let s = cstr(own, rels[c] as usize).expect("checked above");
        let found = levels.iter().find_map(|(b, start, set)| set.find(b, s).map(|o| start + o));
        let new = match found {
            Some(o) => o,
            None if s.is_empty() && base.is_none() => 0,
            None => {
                let at = start_str + bytes.len() as u32;
                bytes.extend_from_slice(s);
                bytes.push(0);
                at
            }
        };
        new_of[c] = new;
        Ok(new)
    };
    each_field(t, |w, id| {
        *w = remap(*w, id)?;
        Ok(())
    })?;
    if let Some((data, e, pos)) = ext.as_mut() {
        for &p in pos.iter() {
            let v = remap(e.u32_at(data, p), 0)?;
            data[p..p + 4].copy_from_slice(&e.u32_bytes(v));
        }
    }
    let mut map = Vec::with_capacity(distinct);
    for (w, &bits) in seen.bits.iter().enumerate() {
        let mut b = bits;
        while b != 0 {
            let rel = w * 64 + b.trailing_zeros() as usize;
            map.push((start_str + rel as u32, new_of[class[seen.rank(rel)] as usize]));
            b &= b - 1;
        }
    }
    Ok(NewStrings { bytes, map })
}
