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

mod equiv;
mod ext;
mod hash;
mod rank;
mod refs;
mod strings;
mod table;
mod types;

use crate::btf::Btf;
use crate::error::{Error, ErrorKind, Result};
use crate::fields::for_each_id_field;
use crate::kind::{BtfKind, StrOffset, TypeId};
use crate::write::BtfBuilder;
use core::cell::Cell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use table::{CandTable, SigGroups};
use types::{Source, Types};

/// `BTF_UNPROCESSED_ID`.
const UNPROCESSED: u32 = u32::MAX;
/// `BTF_IN_PROGRESS_ID`.
const IN_PROGRESS: u32 = u32::MAX - 1;
/// `BTF_MAX_NR_TYPES`: map entries above it are not ids.
const MAX_NR_TYPES: u32 = 0x7fff_ffff;

fn bad(id: u32, what: &'static str) -> Error {
    Error::new(ErrorKind::Dedup { id, what })
}

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
    /// New id of every old id (base ids: themselves).
    type_map: Vec<u32>,
    start_id: u32,
    /// `None`: strings were kept as they were (offsets map to themselves).
    str_map: Option<Vec<(u32, u32)>>,
    start_str: u32,
    str_end: u32,
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
        match self.type_map.get(old.0 as usize) {
            Some(&new) if old.0 >= self.start_id => TypeId(new),
            _ => old,
        }
    }
    /// The new offset of the string at old offset `old`, if one started there.
    /// Offsets into the base and 0 map to themselves; a string no type
    /// (or `.BTF.ext` record) referred to was dropped and maps to `None`.
    pub fn map_str(&self, old: StrOffset) -> Option<StrOffset> {
        if old.0 == 0 || old.0 < self.start_str {
            return Some(old);
        }
        match &self.str_map {
            None => (old.0 < self.str_end).then_some(old),
            Some(m) => m.binary_search_by_key(&old.0, |&(o, _)| o).ok().map(|i| StrOffset(m[i].1)),
        }
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

/// A multiplicative hasher for `u32` keys.
#[derive(Default, Clone, Copy)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u32(u32::from(b));
        }
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.0 = (self.0 ^ u64::from(i)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0 ^ i).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 32)
    }
}

/// A `HashMap`/`HashSet` hasher builder for integer keys.
type IdBuild = BuildHasherDefault<IdHasher>;

/// The working state of one dedup run (libbpf's `struct btf_dedup`).
#[derive(Debug)]
struct Dedup<'b> {
    t: Types<'b>,
    /// Canonical map: each id's representative (or UNPROCESSED / IN_PROGRESS).
    map: Vec<u32>,
    /// Hypothetical canonical → candidate map of one equivalence check.
    hypot_map: Vec<u32>,
    hypot_list: Vec<u32>,
    hypot_adjust_canon: bool,
    table: CandTable,
    /// Candidate signatures of structs, unions and typedefs (`None`: not usable for this input).
    sig: Option<equiv::Sigs>,
    /// The table's struct/union/typedef entries grouped by signature.
    groups: SigGroups,
    /// The table's full enums grouped by contents.
    enum_groups: SigGroups,
    /// Keys under which the table holds an enum forward declaration.
    enum_fwd_keys: std::collections::HashSet<u64, IdBuild>,
    stack: Vec<(u32, u32)>,
    /// Set when a canonical map chain turned out to loop.
    looped: Cell<bool>,
}

impl Dedup<'_> {
    /// `resolve_type_id`: follows the canonical map to its end.
    #[inline]
    fn resolve(&self, mut id: u32) -> u32 {
        let mut steps = self.map.len();
        loop {
            let m = self.map[id as usize];
            if m > MAX_NR_TYPES || m == id {
                return id;
            }
            id = m;
            steps -= 1;
            if steps == 0 {
                self.looped.set(true);
                return id;
            }
        }
    }

    /// Adds a candidate to the table (and to its signature group).
    #[inline]
    fn append(&mut self, h: u64, id: u32) {
        self.table.append(h, id);
        match self.t.kind(id) {
            BtfKind::STRUCT | BtfKind::UNION | BtfKind::TYPEDEF => {
                if let Some(sig) = &self.sig {
                    self.groups.append(&self.table, h, sig.get(id), id);
                }
            }
            BtfKind::ENUM | BtfKind::ENUM64 => {
                if self.t.is_enum_fwd(id) {
                    self.enum_fwd_keys.insert(h);
                } else {
                    self.enum_groups.append(&self.table, h, self.t.enum_sig(id), id);
                }
            }
            _ => {}
        }
    }

    /// `btf_dedup_prep`: base types are canonical and become candidates.
    fn prep(&mut self) -> Result<()> {
        for id in 1..self.t.start_id {
            self.map[id as usize] = id;
            let t = &self.t;
            let h = match t.kind(id) {
                BtfKind::VAR | BtfKind::DATASEC => continue,
                BtfKind::CONST
                | BtfKind::VOLATILE
                | BtfKind::RESTRICT
                | BtfKind::PTR
                | BtfKind::FWD
                | BtfKind::FUNC
                | BtfKind::FLOAT
                | BtfKind::TYPE_TAG => t.hash_common(id),
                BtfKind::TYPEDEF => t.hash_typedef(id),
                BtfKind::INT | BtfKind::DECL_TAG => t.hash_int_tag(id),
                BtfKind::ENUM | BtfKind::ENUM64 => t.hash_enum(id),
                BtfKind::STRUCT | BtfKind::UNION => t.hash_struct(id),
                BtfKind::ARRAY => t.hash_array(id),
                BtfKind::FUNC_PROTO => t.hash_fnproto(id),
                _ => return Err(bad(id, "base type of a kind dedup does not know")),
            };
            self.append(h, id);
        }
        Ok(())
    }

    /// `btf_dedup_prim_types`: INT, ENUM/ENUM64, FWD, FLOAT.
    fn prim_types(&mut self) -> Result<()> {
        for id in self.t.start_id..self.t.count() {
            let t = &self.t;
            let mut new_id = id;
            let h = match t.kind(id) {
                BtfKind::INT => {
                    let h = t.hash_int_tag(id);
                    let mut cur = self.table.first(h);
                    while let Some(c) = self.table.next(h, &mut cur) {
                        if t.equal_int_tag(id, c) {
                            new_id = c;
                            break;
                        }
                    }
                    h
                }
                BtfKind::ENUM | BtfKind::ENUM64
                    if !t.is_enum_fwd(id) && !self.enum_fwd_keys.contains(&t.hash_enum(id)) =>
                {
                    // No forward declaration of this name is a candidate, so
                    // only an equal enum can match: walk just those with the
                    // same contents, in chain order.
                    let h = t.hash_enum(id);
                    let mut cur = self.enum_groups.first(&self.table, h, t.enum_sig(id));
                    while let Some(c) = self.enum_groups.next(&self.table, &mut cur) {
                        if t.equal_enum(id, c) {
                            new_id = c;
                            break;
                        }
                    }
                    h
                }
                BtfKind::ENUM | BtfKind::ENUM64 => {
                    let h = t.hash_enum(id);
                    let mut cur = self.table.first(h);
                    while let Some(c) = self.table.next(h, &mut cur) {
                        if t.equal_enum(id, c) {
                            new_id = c;
                            break;
                        }
                        if t.compat_enum(id, c) {
                            if t.is_enum_fwd(id) {
                                new_id = c; // a forward declaration meets its enum
                                break;
                            }
                            self.map[c as usize] = id; // a canonical forward declaration meets its enum
                        }
                    }
                    h
                }
                BtfKind::FWD | BtfKind::FLOAT => {
                    let h = t.hash_common(id);
                    let mut cur = self.table.first(h);
                    while let Some(c) = self.table.next(h, &mut cur) {
                        if t.equal_common(id, c) {
                            new_id = c;
                            break;
                        }
                    }
                    h
                }
                BtfKind::CONST
                | BtfKind::VOLATILE
                | BtfKind::RESTRICT
                | BtfKind::PTR
                | BtfKind::TYPEDEF
                | BtfKind::ARRAY
                | BtfKind::STRUCT
                | BtfKind::UNION
                | BtfKind::FUNC
                | BtfKind::FUNC_PROTO
                | BtfKind::VAR
                | BtfKind::DATASEC
                | BtfKind::DECL_TAG
                | BtfKind::TYPE_TAG => continue,
                _ => return Err(bad(id, "kind dedup does not know")),
            };
            self.map[id as usize] = new_id;
            if new_id == id {
                self.append(h, id);
            }
        }
        Ok(())
    }

    /// `btf_dedup_resolve_fwds`: a FWD still unresolved goes to the only
    /// canonical struct/union (base included) of its name and kind.
    fn resolve_fwds(&mut self) {
        let mut names: HashMap<u32, u32, IdBuild> = HashMap::default();
        for id in 1..self.t.count() {
            if matches!(self.t.kind(id), BtfKind::STRUCT | BtfKind::UNION) && self.map[id as usize] == id {
                names.entry(self.t.name(id)).and_modify(|v| *v = 0).or_insert(id);
            }
        }
        for id in self.t.start_id..self.t.count() {
            if self.t.kind(id) != BtfKind::FWD || self.map[id as usize] != id {
                continue;
            }
            let Some(&cand) = names.get(&self.t.name(id)) else { continue };
            if cand == 0 {
                continue; // not unique
            }
            let want = if self.t.kflag(id) { BtfKind::UNION } else { BtfKind::STRUCT };
            if self.t.kind(cand) == want {
                self.map[id as usize] = cand;
            }
        }
    }

    /// The final id of `id`: its representative, renumbered (`hypot_map`
    /// holds the compaction's renumbering by then).
    #[inline]
    fn final_id(&self, id: u32) -> Option<u32> {
        let new = self.hypot_map[self.resolve(id) as usize];
        (new <= MAX_NR_TYPES).then_some(new)
    }

    /// `btf_dedup_compact_types` and `btf_dedup_remap_types` in one go:
    /// the canonical types, in id order, moved to the front of the word
    /// array (over the base's and the dropped records) with every
    /// reference remapped; returns the record offsets.
    fn compact_and_remap(&mut self) -> Result<Vec<u32>> {
        let start = self.t.start_id;
        let n = self.t.count();
        self.hypot_map[0] = 0;
        for id in 1..start {
            self.hypot_map[id as usize] = id;
        }
        let mut next = start;
        for id in start..n {
            self.hypot_map[id as usize] = if self.map[id as usize] == id {
                next += 1;
                next - 1
            } else {
                UNPROCESSED
            };
        }
        let mut offsets = Vec::with_capacity((next - start) as usize);
        let mut dst = 0usize;
        for id in start..n {
            if self.map[id as usize] != id {
                continue;
            }
            let (rec, end) = (self.t.rec(id), self.t.end(id));
            let (kind, vlen) = (self.t.kind(id), self.t.vlen(id));
            // Records are short: a word loop beats a memmove call each.
            for i in 0..end - rec {
                self.t.words[dst + i] = self.t.words[rec + i];
            }
            offsets.push(dst as u32);
            let mut failed = false;
            let mut words = core::mem::take(&mut self.t.words);
            for_each_id_field(kind, vlen, |w| match self.final_id(words[dst + w]) {
                Some(v) => words[dst + w] = v,
                None => failed = true,
            });
            self.t.words = words;
            if failed {
                return Err(bad(id, "refers to a type that has no deduplicated id"));
            }
            dst += end - rec;
        }
        self.t.words.truncate(dst);
        Ok(offsets)
    }
}

/// Deduplicates `btf` exactly as libbpf 1.8's `btf__dedup` does: strings
/// (for parsed BTF), primitive types, structs/unions/typedefs, unambiguous
/// forward declarations, reference types, then compaction and remapping.
///
/// Split BTF (whose builder starts after a base) needs that base in
/// `opts`; its types equal to base types map to the base's ids, and the
/// base never changes. Bad input (dangling ids, loops of reference types,
/// kinds dedup does not know, a `.BTF.ext` that does not parse) is an error.
pub fn dedup(btf: &BtfBuilder, opts: &DedupOptions<'_>) -> Result<Deduped> {
    run(Source::Builder(btf), btf.clone_shell(), &btf.strings, btf.strs_deduped, opts)
}

/// [`dedup`] of `BtfBuilder::from_btf(btf)` without making that copy
/// first (what the CLI uses). For split `btf`, pass its base in `opts`.
pub fn dedup_parsed(btf: &Btf<'_>, opts: &DedupOptions<'_>) -> Result<Deduped> {
    let shell = BtfBuilder::shell_of(btf);
    let deduped = shell.strs_deduped;
    run(Source::Parsed(btf), shell, btf.string_section(), deduped, opts)
}

fn run(
    src: Source<'_>,
    shell: BtfBuilder,
    own_strs: &[u8],
    strs_deduped: bool,
    opts: &DedupOptions<'_>,
) -> Result<Deduped> {
    if shell.shape.extra {
        return Err(Error::at(ErrorKind::BadHeaderLength(shell.shape.hdr_len), 4));
    }
    let start = shell.start_id;
    if opts.base.is_none() && start != 1 {
        return Err(bad(start, "split BTF needs its base"));
    }
    let mut t = Types::build(src, start, opts.base)?;
    let n = t.count();
    let mut ext = match opts.btf_ext {
        Some(raw) => {
            let parsed = crate::ext::BtfExt::parse(raw)?;
            let fields = ext::ExtFields::find(&parsed)?;
            Some((raw.to_vec(), parsed.header().endian, fields))
        }
        None => None,
    };
    let mut stats = DedupStats::default();
    for id in start..n {
        stats.types_in[usize::from(t.kind(id).0 & 31)] += 1;
    }
    let mut map = vec![UNPROCESSED; n as usize];
    map[0] = 0;
    for (id, m) in map.iter_mut().enumerate().skip(1) {
        if matches!(t.kind(id as u32), BtfKind::VAR | BtfKind::DATASEC) {
            *m = id as u32;
        }
    }
    let start_str = shell.start_str;
    let str_end = start_str + own_strs.len() as u32;
    let (strings, str_map) = if strs_deduped {
        (own_strs.to_vec(), None)
    } else {
        let e = ext.as_mut().map(|(data, e, f)| (&mut data[..], *e, &f.strs[..]));
        // libbpf runs this after prep, which only hashes base types: the order is moot.
        let s = strings::dedup_strings(&mut t, own_strs, start_str, opts.base, e)?;
        (s.bytes, Some(s.map))
    };
    let mut d = Dedup {
        t,
        map,
        hypot_map: vec![UNPROCESSED; n as usize],
        hypot_list: Vec::new(),
        hypot_adjust_canon: false,
        table: CandTable::new(opts.force_collisions, n as usize),
        sig: None,
        groups: SigGroups::default(),
        enum_groups: SigGroups::default(),
        enum_fwd_keys: Default::default(),
        stack: Vec::new(),
        looped: Cell::new(false),
    };
    d.sig = d.signatures();
    d.groups = SigGroups::with_capacity(if d.sig.is_some() { n as usize / 4 } else { 0 });
    d.prep()?;
    d.prim_types()?;
    d.struct_types()?;
    d.sig = None;
    d.groups = SigGroups::default();
    // Like libbpf, drop what a pass no longer needs (peak memory): the
    // hypothetical map until compaction, the candidate table after the ref pass.
    d.hypot_map = Vec::new();
    d.hypot_list = Vec::new();
    d.resolve_fwds();
    d.ref_types()?;
    d.table = CandTable::default();
    d.enum_groups = SigGroups::default();
    d.hypot_map = vec![UNPROCESSED; n as usize];
    let offsets = d.compact_and_remap()?;
    if let Some((data, e, f)) = ext.as_mut() {
        for &p in &f.ids {
            let old = e.u32_at(data, p);
            let new = (old < n)
                .then(|| d.final_id(old))
                .flatten()
                .ok_or_else(|| bad(old, ".BTF.ext refers to a type that has no deduplicated id"))?;
            data[p..p + 4].copy_from_slice(&e.u32_bytes(new));
        }
    }
    if d.looped.get() {
        return Err(bad(0, "the canonical map loops"));
    }
    // Old id -> new id, in the renumbering's own storage: a dropped type's
    // slot is free, and only kept (canonical) types' slots are read.
    for id in start..n {
        if d.map[id as usize] != id {
            d.hypot_map[id as usize] = d.final_id(id).unwrap_or(id);
        }
    }
    let type_map = core::mem::take(&mut d.hypot_map);
    let mut words = core::mem::take(&mut d.t.words);
    drop(d);
    words.shrink_to_fit();
    for &o in &offsets {
        stats.types_out[((words[o as usize + 1] >> 24) & 31) as usize] += 1;
    }
    let out = BtfBuilder { strings, words, offsets, strs_deduped: true, ..shell };
    Ok(Deduped { btf: out, type_map, start_id: start, str_map, start_str, str_end, btf_ext: ext.map(|x| x.0), stats })
}

#[cfg(test)]
mod tests;
