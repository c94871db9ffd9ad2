//! The string pass (`btf_dedup_strings`) for parsed BTF: every string a
//! type (then the `.BTF.ext`) refers to, in libbpf's visiting order, goes
//! into a fresh section once; unreferenced strings are dropped. Split BTF
//! points strings its base has at the base's copy.

use super::types::Types;
use crate::btf::Btf;
use crate::error::{Error, ErrorKind, Result};
use crate::fields::for_each_str_field;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

const NONE: u32 = u32::MAX;

/// A small fast hasher for string keys (FxHash's mixing).
#[derive(Default, Clone, Copy)]
pub(super) struct FxHasher(u64);

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0xf135_7aea_2e62_a9c5;
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            h = (h ^ u64::from_le_bytes(c.try_into().expect("8 bytes"))).wrapping_mul(K).rotate_left(26);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            h = (h ^ u64::from_le_bytes(b)).wrapping_mul(K).rotate_left(26);
        }
        self.0 = h;
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0 ^ u64::from(i)).wrapping_mul(0xf135_7aea_2e62_a9c5);
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.0 = (self.0 ^ u64::from(i)).wrapping_mul(0xf135_7aea_2e62_a9c5);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.0 = (self.0 ^ i as u64).wrapping_mul(0xf135_7aea_2e62_a9c5);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

pub(super) type FxBuild = BuildHasherDefault<FxHasher>;

/// The new string section and the old → new offsets of the strings seen.
#[derive(Debug)]
pub(super) struct NewStrings {
    pub(super) bytes: Vec<u8>,
    /// `(old, new)` for every own string offset that was referenced, sorted.
    pub(super) map: Vec<(u32, u32)>,
}

/// Rewrites the string offsets of the split types in `t` (and then of the
/// `.BTF.ext` fields at `ext_strs`, byte positions into `ext`).
pub(super) fn dedup_strings(
    t: &mut Types,
    own: &[u8],
    start_str: u32,
    base: Option<&Btf<'_>>,
    ext: Option<(&mut [u8], crate::Endian, &[usize])>,
) -> Result<NewStrings> {
    let split = base.is_some();
    let mut base_index: HashMap<&[u8], u32, FxBuild> = HashMap::default();
    if let Some(base) = base {
        let mut chain = vec![base];
        while let Some(x) = chain.last().and_then(|x| x.base()) {
            chain.push(x);
        }
        for level in chain.iter().rev() {
            let bytes = level.string_section();
            let mut off = 0usize;
            for part in bytes.split(|&b| b == 0) {
                if off < bytes.len() {
                    base_index.entry(part).or_insert(level.start_str_off() + off as u32);
                }
                off += part.len() + 1;
            }
        }
    }
    let mut index: HashMap<&[u8], u32, FxBuild> = HashMap::default();
    let mut bytes = Vec::with_capacity(own.len());
    if !split {
        bytes.push(0);
        index.insert(b"", 0);
    }
    let mut cache = vec![NONE; own.len()];
    let mut remap = |off: u32, id: u32| -> Result<u32> {
        if off == 0 || off < start_str {
            return Ok(off);
        }
        let rel = (off - start_str) as usize;
        let badstr = || Error::new(ErrorKind::BadStringOffset { id, str_off: off }, 0);
        let c = *cache.get(rel).ok_or_else(badstr)?;
        if c != NONE {
            return Ok(c);
        }
        let tail = &own[rel..];
        let s = &tail[..tail.iter().position(|&b| b == 0).ok_or_else(badstr)?];
        let new = match base_index.get(s) {
            Some(&b) => b,
            None => *index.entry(s).or_insert_with(|| {
                let at = start_str + bytes.len() as u32;
                bytes.extend_from_slice(s);
                bytes.push(0);
                at
            }),
        };
        cache[rel] = new;
        Ok(new)
    };
    for id in t.start_id..t.count() {
        let at = t.rec(id);
        let (kind, vlen) = (t.kind(id), t.vlen(id));
        let mut err = None;
        let words = &mut t.words;
        for_each_str_field(kind, vlen, |w| {
            if err.is_none() {
                match remap(words[at + w], id) {
                    Ok(v) => words[at + w] = v,
                    Err(e) => err = Some(e),
                }
            }
        });
        if let Some(e) = err {
            return Err(e);
        }
    }
    if let Some((data, e, positions)) = ext {
        for &p in positions {
            let v = remap(e.u32_at(data, p), 0)?;
            data[p..p + 4].copy_from_slice(&e.u32_bytes(v));
        }
    }
    let map = cache.iter().enumerate().filter(|&(_, &n)| n != NONE).map(|(i, &n)| (start_str + i as u32, n)).collect();
    Ok(NewStrings { bytes, map })
}
