//! bpftool's sorted order (7.5+, `sort_btf_c`): by rank, sort name, own
//! name, disambiguation hash and id.

use bpfkit_btf::{Btf, BtfKind, StrOffset, TypeId};

/// How many references a rank, sort-name or hash walk follows; real BTF
/// needs a handful, malformed BTF may loop.
const MAX_WALK: usize = 256;
const MAX_RANK: u8 = 10;

/// bpftool's `btf_type_rank`: anonymous enums 0, named enums 1, ints and
/// floats 2, named structs/unions 3, named prototypes 4; named references
/// take the rank of what they point to; everything else 10.
pub fn rank(btf: &Btf<'_>, id: TypeId) -> u8 {
    rank_and_sort_name(btf, id).0
}

/// bpftool's `btf_type_sort_name`: an anonymous enum sorts by its first
/// enumerator, a reference by what it finally points to, others by name.
pub fn sort_name(btf: &Btf<'_>, id: TypeId) -> StrOffset {
    rank_and_sort_name(btf, id).1
}

/// [`rank`] and [`sort_name`] in one walk: both follow arrays and
/// references; the rank stops at the first anonymous reference.
fn rank_and_sort_name(btf: &Btf<'_>, id: TypeId) -> (u8, StrOffset) {
    rank_walk(btf, id, MAX_WALK).unwrap_or((MAX_RANK, StrOffset(0)))
}

/// The reference the rank and sort-name walk follows from `t`, if any.
fn rank_link(t: &bpfkit_btf::Type<'_>) -> Option<TypeId> {
    match t.kind() {
        BtfKind::ARRAY => Some(t.array().map_or(TypeId(0), |a| a.elem)),
        BtfKind::TYPE_TAG
        | BtfKind::CONST
        | BtfKind::PTR
        | BtfKind::VOLATILE
        | BtfKind::RESTRICT
        | BtfKind::TYPEDEF
        | BtfKind::DECL_TAG => Some(t.type_id()),
        _ => None,
    }
}

/// The rank and sort name where the walk ends, at `t` (`None`: a missing
/// id), with `has_name` (any name on the way, `t`'s included), `rank` (set
/// by an anonymous reference at the start) and `from_ref` (not at the start).
fn rank_end(t: Option<&bpfkit_btf::Type<'_>>, has_name: bool, rank: Option<u8>, from_ref: bool) -> (u8, StrOffset) {
    let Some(t) = t else { return (rank.unwrap_or(MAX_RANK), StrOffset(0)) };
    let name = t.name_off();
    let terminal = |r: u8| rank.unwrap_or(r);
    match t.kind() {
        BtfKind::ENUM | BtfKind::ENUM64 => {
            let r = terminal(if has_name { 1 } else { 0 });
            if !from_ref
                && name.0 == 0
                && let Some(e) = t.enumerators().next()
            {
                return (r, e.name_off);
            }
            (r, name)
        }
        BtfKind::INT | BtfKind::FLOAT => (terminal(2), name),
        BtfKind::STRUCT | BtfKind::UNION => (terminal(if has_name { 3 } else { MAX_RANK }), name),
        BtfKind::FUNC_PROTO => (terminal(if has_name { 4 } else { MAX_RANK }), name),
        _ => (terminal(MAX_RANK), name),
    }
}

/// The rank walk of `id` when it ends within `steps` types (of at most
/// [`MAX_WALK`]); `None` otherwise (the walk is cut: rank 10, no name).
fn rank_walk(btf: &Btf<'_>, id: TypeId, steps: usize) -> Option<(u8, StrOffset)> {
    let mut has_name = false;
    let mut rank: Option<u8> = None;
    let mut from_ref = false;
    let mut id = id;
    for _ in 0..steps {
        let Some(t) = btf.get(id) else { return Some(rank_end(None, has_name, rank, from_ref)) };
        has_name |= t.name_off().0 != 0;
        match rank_link(&t) {
            Some(next) => {
                if !has_name {
                    rank.get_or_insert(MAX_RANK);
                }
                id = next;
            }
            None => return Some(rank_end(Some(&t), has_name, rank, from_ref)),
        }
        from_ref = true;
    }
    None
}

/// Steps a walk takes before its memo is used instead.
const SHORT_WALK: usize = 16;
/// The same for the rank walk, which runs for every id (real BTF: a few
/// steps; the memo costs one pass over all ids).
const SHORT_RANK_WALK: usize = 32;

/// For every id, where a walk along single references (`link`) ends: the
/// number of references followed (saturated at [`MAX_WALK`]; cycles
/// saturate), the id it ends at, and whether any type on the way (both
/// ends included) is named. Computed once for all ids in linear time, so
/// that walks over long chains are not repeated for each type of them.
pub(crate) struct Chains {
    dist: Vec<u16>,
    end: Vec<u32>,
    named: Vec<bool>,
}

impl Chains {
    const UNSET: u16 = u16::MAX;
    const ON_PATH: u16 = u16::MAX - 1;

    pub fn new(btf: &Btf<'_>, link: impl Fn(&bpfkit_btf::Type<'_>) -> Option<TypeId>) -> Chains {
        let n = btf.type_count() as usize;
        let cap = MAX_WALK as u16;
        let mut c = Chains { dist: vec![Self::UNSET; n], end: vec![0; n], named: vec![false; n] };
        let mut path: Vec<u32> = Vec::new();
        for start in 0..n {
            if c.dist[start] != Self::UNSET {
                continue;
            }
            path.clear();
            let mut cur = start as u32;
            // (dist, end, named) of where the path stops.
            let mut base = loop {
                let i = cur as usize;
                // Ids past the type count do not exist (`get` is `None`).
                let (Some(t), Some(&d)) = (btf.get(TypeId(cur)), c.dist.get(i)) else { break (0, cur, false) };
                match d {
                    Self::ON_PATH => break (cap, 0, false),
                    Self::UNSET => {}
                    d => break (d, c.end[i], c.named[i]),
                }
                let named = t.name_off().0 != 0;
                match link(&t) {
                    Some(next) => {
                        c.dist[i] = Self::ON_PATH;
                        path.push(cur);
                        cur = next.0;
                    }
                    None => {
                        (c.dist[i], c.end[i], c.named[i]) = (0, cur, named);
                        break (0, cur, named);
                    }
                }
            };
            for &x in path.iter().rev() {
                let named = btf.get(TypeId(x)).is_some_and(|t| t.name_off().0 != 0);
                base = ((base.0 + 1).min(cap), base.1, base.2 || named);
                if let Some(d) = c.dist.get_mut(x as usize) {
                    *d = base.0;
                    c.end[x as usize] = base.1;
                    c.named[x as usize] = base.2;
                }
            }
        }
        c
    }

    /// (references followed, end id, any name on the way) from `id`;
    /// `None` for an id out of range.
    pub fn get(&self, id: TypeId) -> Option<(usize, TypeId, bool)> {
        let i = id.0 as usize;
        let d = *self.dist.get(i)?;
        (d < Self::ON_PATH).then(|| (usize::from(d), TypeId(self.end[i]), self.named[i]))
    }
}

/// [`rank_and_sort_name`] through the memo of rank walks (made on the first
/// walk longer than [`SHORT_RANK_WALK`]).
fn rank_and_sort_name_memo(btf: &Btf<'_>, id: TypeId, memo: &mut Option<Chains>) -> (u8, StrOffset) {
    if let Some(r) = rank_walk(btf, id, SHORT_RANK_WALK) {
        return r;
    }
    let chains = memo.get_or_insert_with(|| Chains::new(btf, rank_link));
    let Some((dist, end, has_name)) = chains.get(id) else { return rank_and_sort_name(btf, id) };
    if dist >= MAX_WALK {
        return (MAX_RANK, StrOffset(0));
    }
    // Longer than SHORT_RANK_WALK, so `id` is a reference: the rank is set at
    // the start when it is anonymous.
    let anonymous = btf.get(id).is_some_and(|t| t.name_off().0 == 0);
    rank_end(btf.get(end).as_ref(), has_name, anonymous.then_some(MAX_RANK), true)
}

#[inline]
fn hasher(hash: u64, val: u64) -> u64 {
    hash.wrapping_mul(31).wrapping_add(val)
}

/// Adds libbpf's `str_hash` of the name at `off` (`h = h * 31 + c` over C
/// `char`s, which are signed on the architectures bpftool is built for).
fn name_hasher(btf: &Btf<'_>, hash: u64, off: StrOffset) -> u64 {
    if off.0 == 0 {
        return hash;
    }
    // The string section from `off` on, hashed up to its NUL.
    let mut h = 0u64;
    for &c in str_from(btf, off.0) {
        if c == 0 {
            break;
        }
        h = hasher(h, c as i8 as i64 as u64);
    }
    hasher(hash, h)
}

/// bpftool's `btf_type_disambig_hash`: names, enumerator names, member
/// names and member types, array sizes.
pub fn disambig_hash(btf: &Btf<'_>, id: TypeId, include_members: bool) -> u64 {
    Hasher::default().hash(btf, id, include_members, 0)
}

/// [`disambig_hash`] with memory: each struct's or union's hash with its
/// members, and each other type's hash without them, is computed once
/// (every pointer to `task_struct` would hash all its members; every
/// member of type `struct list_head` its name).
#[derive(Default)]
pub(crate) struct Hasher {
    /// Hashes by id, valid where `known` has the id's bit.
    memo: Vec<u64>,
    known: Vec<u64>,
    /// Set when a walk stopped at [`MAX_WALK`] (its result is not kept).
    cut: bool,
    /// Jumps along reference chains, made once a walk gets deep.
    jumps: Option<Jumps>,
    /// Where each anonymous pointer/qualifier chain ends (see
    /// [`Presorted::resolve_group`]), made on the first long one.
    targets: Option<Chains>,
    /// Walks every chain type by type (the tests' reference).
    plain: bool,
}

/// The reference the hash follows from `t`, and what `t` itself adds
/// (`hash * 31 + child` is linear in the child, so a chain's hash is the
/// sum of these plus its last type's hash).
fn hash_link(btf: &Btf<'_>, t: &bpfkit_btf::Type<'_>) -> Option<(TypeId, u64)> {
    let own = name_hasher(btf, 0, t.name_off());
    match t.kind() {
        BtfKind::TYPE_TAG
        | BtfKind::CONST
        | BtfKind::PTR
        | BtfKind::VOLATILE
        | BtfKind::RESTRICT
        | BtfKind::TYPEDEF
        | BtfKind::DECL_TAG => Some((t.type_id(), own.wrapping_mul(31))),
        BtfKind::ARRAY => t.array().map(|a| (a.elem, hasher(own, u64::from(a.nelems)).wrapping_mul(31))),
        _ => None,
    }
}

/// Levels of jumps along the references [`hash_link`] follows: level `k`
/// holds, for each id, the id reached after `2^k` references (or fewer,
/// where the chain ends), how many were followed and the sum of what the
/// types passed add. `MAX_WALK` is `2^8`, so nine levels reach any depth.
struct Jumps {
    levels: Vec<Vec<(u32, u16, u64)>>,
}

impl Jumps {
    const LEVELS: usize = 9;

    fn new(btf: &Btf<'_>) -> Jumps {
        let n = btf.type_count() as usize;
        let first: Vec<(u32, u16, u64)> = (0..n as u32)
            .map(|i| match btf.get(TypeId(i)).and_then(|t| hash_link(btf, &t)) {
                Some((next, add)) => (next.0, 1, add),
                None => (i, 0, 0),
            })
            .collect();
        let mut levels = vec![first];
        for k in 1..Self::LEVELS {
            let prev = &levels[k - 1];
            let full = 1u16 << (k - 1);
            let next = prev
                .iter()
                .map(|&(y, s1, sum1)| match prev.get(y as usize) {
                    Some(&(z, s2, sum2)) if s1 == full => (z, s1 + s2, sum1.wrapping_add(sum2)),
                    _ => (y, s1, sum1),
                })
                .collect();
            levels.push(next);
        }
        Jumps { levels }
    }

    /// Follows up to `steps` (at most `MAX_WALK`) references from `id`:
    /// the id reached, the references followed (fewer where the chain
    /// ends) and the sum of what the types passed add.
    fn walk(&self, id: TypeId, steps: usize) -> (TypeId, usize, u64) {
        let (mut cur, mut done, mut sum) = (id.0, 0usize, 0u64);
        for k in (0..Self::LEVELS).rev() {
            if steps - done < 1 << k {
                continue;
            }
            let Some(&(y, s, add)) = self.levels[k].get(cur as usize) else { break };
            cur = y;
            done += usize::from(s);
            sum = sum.wrapping_add(add);
            if usize::from(s) < 1 << k {
                break;
            }
        }
        (TypeId(cur), done, sum)
    }
}

impl Hasher {
    pub fn hash(&mut self, btf: &Btf<'_>, id: TypeId, include_members: bool, depth: usize) -> u64 {
        let Some(t) = btf.get(id) else { return 0 };
        let kind = t.kind();
        let keep = include_members == matches!(kind, BtfKind::STRUCT | BtfKind::UNION);
        let i = id.0 as usize;
        if keep && depth < MAX_WALK && bit(&self.known, i) {
            return self.memo[i];
        }
        if depth >= SHORT_WALK && self.jumps.is_none() && !self.plain {
            self.jumps = Some(Jumps::new(btf));
        }
        if depth < MAX_WALK
            && let Some(j) = &self.jumps
            && hash_link(btf, &t).is_some()
        {
            // A reference: its chain at once, up to where it ends or the
            // walk is cut. `id` is kept only without members (then it may
            // have been kept above; cut or not is decided here).
            let left = MAX_WALK - depth;
            let (end, steps, sum) = j.walk(id, left);
            if include_members {
                // Nothing on the chain is kept: the end decides.
                return sum.wrapping_add(self.hash(btf, end, true, depth + steps));
            }
            // Kept hashes of a chain are a suffix of it (a kept hash was
            // computed with everything after it): the walk stops at a kept
            // one before the cut only if the type before the cut is kept.
            let before = j.walk(id, left - 1).0;
            let before_kept = bit(&self.known, before.0 as usize);
            if steps == left && btf.get(end).is_some() && !before_kept {
                // Cut: not kept, and nothing after it is either.
                return sum.wrapping_add(self.hash(btf, end, false, MAX_WALK));
            }
            // Not cut: the plain walk (which keeps what it passes) is
            // shorter than MAX_WALK.
        }
        let cut = std::mem::replace(&mut self.cut, false);
        let hash = self.compute(btf, &t, kind, include_members, depth);
        if keep && !self.cut {
            if self.memo.is_empty() {
                let n = btf.type_count() as usize;
                self.memo = vec![0; n];
                self.known = vec![0; n / 64 + 1];
            }
            if let (Some(m), Some(w)) = (self.memo.get_mut(i), self.known.get_mut(i / 64)) {
                *m = hash;
                *w |= 1 << (i % 64);
            }
        }
        self.cut |= cut;
        hash
    }

    fn compute(
        &mut self,
        btf: &Btf<'_>,
        t: &bpfkit_btf::Type<'_>,
        kind: BtfKind,
        include_members: bool,
        depth: usize,
    ) -> u64 {
        let mut hash = name_hasher(btf, 0, t.name_off());
        if depth >= MAX_WALK {
            self.cut = true;
            return hash;
        }
        match kind {
            BtfKind::ENUM | BtfKind::ENUM64 => {
                for e in t.enumerators() {
                    hash = name_hasher(btf, hash, e.name_off);
                }
            }
            BtfKind::STRUCT | BtfKind::UNION if include_members => {
                for m in t.members() {
                    hash = name_hasher(btf, hash, m.name_off);
                    hash = hasher(hash, self.hash(btf, m.type_id, false, depth + 1));
                }
            }
            BtfKind::TYPE_TAG
            | BtfKind::CONST
            | BtfKind::PTR
            | BtfKind::VOLATILE
            | BtfKind::RESTRICT
            | BtfKind::TYPEDEF
            | BtfKind::DECL_TAG => {
                hash = hasher(hash, self.hash(btf, t.type_id(), include_members, depth + 1));
            }
            BtfKind::ARRAY => {
                if let Some(a) = t.array() {
                    hash = hasher(hash, u64::from(a.nelems));
                    hash = hasher(hash, self.hash(btf, a.elem, include_members, depth + 1));
                }
            }
            _ => {}
        }
        hash
    }
}

/// The first 16 bytes of the string at `off` (zero-padded, big-endian
/// words, so they compare like the bytes), read straight from the string
/// section.
fn prefix16(btf: &Btf<'_>, off: u32) -> [u64; 2] {
    let mut b: &Btf<'_> = btf;
    while off < b.start_str_off() {
        match b.base() {
            Some(base) => b = base,
            None => return [0; 2],
        }
    }
    let sec = b.string_section();
    let rest = sec.get((off - b.start_str_off()) as usize..).unwrap_or(&[]);
    if let Some(w) = rest.first_chunk::<16>() {
        // All 16 bytes at once; those from the first NUL on cleared (a
        // byte's top bit in `nul` is set exactly when the byte is 0).
        let v = u128::from_be_bytes(*w);
        const LOW7: u128 = u128::from_ne_bytes([0x7f; 16]);
        const HIGH: u128 = u128::from_ne_bytes([0x80; 16]);
        let nul = !(((v & LOW7) + LOW7) | v) & HIGH;
        let keep = (nul.leading_zeros() / 8) * 8;
        let v = if keep == 0 { 0 } else { v & (u128::MAX << (128 - keep)) };
        return [(v >> 64) as u64, v as u64];
    }
    let mut p = [0u8; 16];
    for (dst, &c) in p.iter_mut().zip(rest.iter().take_while(|&&c| c != 0)) {
        *dst = c;
    }
    let (hi, lo) = p.split_at(8);
    [u64::from_be_bytes(hi.try_into().unwrap_or([0; 8])), u64::from_be_bytes(lo.try_into().unwrap_or([0; 8]))]
}

/// The string section bytes from `off` on (not cut at the NUL).
fn str_from<'a>(btf: &Btf<'a>, off: u32) -> &'a [u8] {
    if off >= btf.start_str_off() {
        return btf.string_section().get((off - btf.start_str_off()) as usize..).unwrap_or(&[]);
    }
    let mut b: &'a Btf<'a> = match btf.base() {
        Some(base) => base,
        None => return &[],
    };
    while off < b.start_str_off() {
        match b.base() {
            Some(base) => b = base,
            None => return &[],
        }
    }
    b.string_section().get((off - b.start_str_off()) as usize..).unwrap_or(&[])
}

/// `strcmp` of the NUL-terminated strings at `a` and `b`, from byte `from`
/// on (the bytes before are known to be equal).
fn strcmp_from(btf: &Btf<'_>, a: u32, b: u32, from: usize) -> core::cmp::Ordering {
    let (x, y) = (str_from(btf, a), str_from(btf, b));
    let mut i = from;
    loop {
        let (c, d) = (x.get(i).copied().unwrap_or(0), y.get(i).copied().unwrap_or(0));
        if c != d || c == 0 {
            return c.cmp(&d);
        }
        i += 1;
    }
}

/// Lexicographic ranks of the strings used as names, without comparing
/// strings during the main sort: every used offset is marked in a bitmap,
/// the distinct offsets are sorted once by content, and an offset's rank is
/// found with a popcount over the bitmap.
struct StrRanks {
    bits: Vec<u64>,
    /// Number of set bits before each bitmap word.
    before: Vec<u32>,
    /// Rank of the i-th distinct offset (equal strings share a rank).
    rank: Vec<u32>,
}

/// The bitmap of string offsets [`StrRanks::from_bits`] takes, for BTF
/// whose strings (its base's included) are `len` bytes.
pub(crate) fn name_bits(len: usize) -> Vec<u64> {
    vec![0u64; len / 64 + 1]
}

/// Marks in `names` (from [`name_bits`]) the strings of `t` that the sort
/// ranks when it leaves out FUNC, VAR, DATASEC and DECL_TAG types' names.
#[inline]
pub(crate) fn mark_sort_names(names: &mut [u64], t: &bpfkit_btf::Type<'_>) {
    if !is_decl(t.kind()) {
        for off in sort_strings(t) {
            set_bit(names, off as usize);
        }
    }
}

/// The strings a sort name or own name can be, of `t`: its name and, for
/// an anonymous enum, its first enumerator's.
#[inline]
pub(crate) fn sort_strings(t: &bpfkit_btf::Type<'_>) -> impl Iterator<Item = u32> + use<> {
    let first_enum =
        if t.is_enum() && t.name_off().0 == 0 { t.enumerators().next().map(|e| e.name_off.0) } else { None };
    core::iter::once(t.name_off().0).chain(first_enum)
}

/// Whether `t` is of a kind whose names the sort can leave out (see
/// [`Presorted::new_with`]).
#[inline]
pub(crate) fn is_decl(kind: BtfKind) -> bool {
    matches!(kind, BtfKind::FUNC | BtfKind::VAR | BtfKind::DATASEC | BtfKind::DECL_TAG)
}

impl StrRanks {
    fn new(btf: &Btf<'_>, offsets: impl Iterator<Item = u32>) -> StrRanks {
        let mut bits = name_bits(btf.start_str_off() as usize + btf.string_section().len());
        for off in offsets {
            set_bit(&mut bits, off as usize);
        }
        Self::from_bits(btf, bits)
    }

    /// The ranks of the offsets marked in `bits` (from [`name_bits`]).
    fn from_bits(btf: &Btf<'_>, bits: Vec<u64>) -> StrRanks {
        let mut before = Vec::with_capacity(bits.len());
        let mut total = 0u32;
        for w in &bits {
            before.push(total);
            total += w.count_ones();
        }
        // (first 16 bytes big-endian, offset) of every distinct offset,
        // placed by the first 12 bits (American flag sort, in place; 4096
        // buckets, whose counts fit in a few pages), then each bucket
        // sorted: most names differ within 16 bytes.
        let mut distinct: Vec<([u64; 2], u32)> = Vec::with_capacity(total as usize);
        for (wi, &w) in bits.iter().enumerate() {
            let mut w = w;
            while w != 0 {
                let off = (wi * 64) as u32 + w.trailing_zeros();
                w &= w - 1;
                distinct.push((prefix16(btf, off), off));
            }
        }
        let ends = place_in_buckets(&mut distinct, 1 << 12, |d| (d.0[0] >> 52) as usize);
        // Only strings of 16 bytes or more can tie on the prefix and differ.
        let long = |p: &[u64; 2]| p[1] & 0xff != 0;
        let cmp = |a: &([u64; 2], u32), b: &([u64; 2], u32)| {
            a.0.cmp(&b.0).then_with(|| {
                if long(&a.0) && a.1 != b.1 { strcmp_from(btf, a.1, b.1, 16) } else { core::cmp::Ordering::Equal }
            })
        };
        let mut start = 0usize;
        for &end in &ends {
            let end = end as usize;
            if end > start + 1 {
                distinct[start..end].sort_unstable_by(cmp);
            }
            start = end;
        }
        drop(ends);
        let mut rank = vec![0u32; distinct.len()];
        let mut r = 0u32;
        for i in 0..distinct.len() {
            if i > 0 && cmp(&distinct[i], &distinct[i - 1]) != core::cmp::Ordering::Equal {
                r += 1;
            }
            let idx = Self::index_in(&bits, &before, distinct[i].1);
            rank[idx] = r;
        }
        StrRanks { bits, before, rank }
    }

    #[inline]
    fn index_in(bits: &[u64], before: &[u32], off: u32) -> usize {
        let w = off as usize / 64;
        let mask = (1u64 << (off % 64)) - 1;
        before[w] as usize + (bits[w] & mask).count_ones() as usize
    }

    #[inline]
    fn get(&self, off: u32) -> u32 {
        if off as usize / 64 >= self.bits.len() {
            return 0;
        }
        self.rank[Self::index_in(&self.bits, &self.before, off)]
    }
}

/// The sort before tie-breaking: every id ordered by (rank, sort name,
/// own name, id). Runs of equal (rank, sort name, own name) longer than one
/// are "tie groups", ordered later by [`Presorted::resolve_group`].
pub(crate) struct Presorted {
    /// The ids in order, three to an entry (see [`Presorted::ids`]).
    ids: Vec<[u32; 3]>,
    len: usize,
    /// Bit `i` is set when entry `i` starts a new run.
    starts: Vec<u64>,
}

/// Sort names are string ranks in 28 bits (with the rank in the top 4).
const SN_BITS: u32 = 28;

impl Presorted {
    /// Computes ranks and names on this thread and the string order on a
    /// helper thread, then sorts.
    pub fn new(btf: &Btf<'_>) -> Presorted {
        Self::new_with(btf, false, 0, || None, || ((), Vec::new(), false), Vec::new).0
    }

    /// [`Presorted::new`], running `on_main` on this thread first while
    /// the helper ranks names (marked already in what `names` gives, if
    /// anything). `on_main` also returns a bitmap of ids to leave out: ids
    /// whose place in the order cannot matter (see `emit::Prep`), which
    /// with `skip_decls` may include FUNC, VAR, DATASEC and DECL_TAG types,
    /// whose names the helper then skips, and whether any of those four
    /// kinds is not left out (then every name is ranked after all). Then
    /// this thread computes the sort keys of the ids from `split` on, and
    /// `keys` gives those of the ids below it, without the ids left out
    /// (see [`push_keys`]; another thread computes them meanwhile).
    pub fn new_with<R>(
        btf: &Btf<'_>,
        skip_decls: bool,
        split: u32,
        names: impl FnOnce() -> Option<Vec<u64>> + Send,
        on_main: impl FnOnce() -> (R, Vec<u64>, bool),
        keys: impl FnOnce() -> Vec<[u32; 3]>,
    ) -> (Presorted, R) {
        let n = btf.type_count();
        // Every string a sort name or own name can be: type names and the
        // first enumerators of anonymous enums.
        let offsets = |no_decls: bool| {
            (0..n)
                .filter_map(|i| btf.get(TypeId(i)))
                .filter(move |t| !(no_decls && is_decl(t.kind())))
                .flat_map(|t| sort_strings(&t))
        };
        let (ranks, mut datums, extra, decl_kept) = std::thread::scope(|scope| {
            // The names marked already by the pass over every type (those
            // `skip_decls` keeps), or marked here.
            let rank = move || match names().filter(|_| skip_decls) {
                Some(bits) => StrRanks::from_bits(btf, bits),
                None => StrRanks::new(btf, offsets(skip_decls)),
            };
            let helper = std::thread::Builder::new().name("ranker".into()).spawn_scoped(scope, rank);
            // [rank, sort name offset, id] now; [rank | sort name rank,
            // own name rank, id] once the string ranks are known.
            let (extra, skip, decls_kept) = on_main();
            let mut own = Vec::new();
            push_keys(btf, split.min(n)..n, &skip, &mut own);
            let mut keys = keys();
            if keys.is_empty() {
                keys = own;
            } else {
                keys.extend(own);
            }
            let decl_kept = skip_decls && decls_kept;
            let ranks = match helper {
                Ok(h) => h.join().ok(),
                Err(_) => None,
            };
            (ranks, keys, extra, decl_kept)
        });
        // A FUNC/VAR/DATASEC/DECL_TAG that something refers to stays in the
        // sort: rank every name then.
        let ranks = match ranks {
            Some(r) if !decl_kept => r,
            _ => StrRanks::new(btf, offsets(false)),
        };
        // (rank, sort name rank, own name rank) packed into one key of as
        // few bits as the number of distinct names needs (at most 4 + 28 +
        // 32), kept in [0] (high half) and [1] (low half): the same order
        // as the three, in fewer radix passes.
        let sn_max = (1 << SN_BITS) - 1;
        let own_bits = u32::BITS - (ranks.rank.len() as u32).leading_zeros();
        let sn_bits = own_bits.min(SN_BITS);
        for d in &mut datums {
            let own = btf.get(TypeId(d[2])).map_or(0, |t| t.name_off().0);
            let sn = u64::from(ranks.get(d[1]).min(sn_max));
            let key = (u64::from(d[0]) << (sn_bits + own_bits)) | (sn << own_bits) | u64::from(ranks.get(own));
            d[0] = (key >> 32) as u32;
            d[1] = key as u32;
        }
        drop(ranks);
        sort_keys(&mut datums, 4 + sn_bits + own_bits);
        let mut starts = vec![0u64; datums.len() / 64 + 1];
        for i in 0..datums.len() {
            if i == 0 || datums[i][..2] != datums[i - 1][..2] {
                starts[i / 64] |= 1 << (i % 64);
            }
        }
        // The ids, in order, written over the entries they come from (entry
        // i holds ids 3i..3i+3 once entries 3i.. are read).
        let len = datums.len();
        for i in 0..len {
            let id = datums[i][2];
            datums[i / 3][i % 3] = id;
        }
        datums.truncate(len.div_ceil(3));
        datums.shrink_to_fit();
        (Presorted { ids: datums, len, starts }, extra)
    }

    /// The ids in order.
    pub fn ids(&self) -> &[u32] {
        self.ids.as_flattened().get(..self.len).unwrap_or(&[])
    }

    fn starts_run(&self, i: usize) -> bool {
        bit(&self.starts, i)
    }

    /// The end of the run starting at `i`.
    pub fn group_end(&self, i: usize) -> usize {
        let mut j = i + 1;
        while j < self.len && !self.starts_run(j) {
            j += 1;
        }
        j
    }

    /// The tie groups (entries `i..j` with `j - i > 1`), in order.
    pub fn tie_groups(&self) -> Vec<(usize, usize)> {
        let mut groups = Vec::new();
        let mut i = 0;
        while i < self.len {
            let j = self.group_end(i);
            if j - i > 1 {
                groups.push((i, j));
            }
            i = j;
        }
        groups
    }

    /// The id of entry `i`.
    pub fn id(&self, i: usize) -> TypeId {
        TypeId(self.ids()[i])
    }

    /// Orders the ids of a tie group (all of it, or the part that matters;
    /// in id order) by disambiguation hash, then id, into `out`.
    ///
    /// Shortcut: an anonymous PTR/CONST/VOLATILE/RESTRICT hashes to exactly
    /// what it refers to (`0 * 31 + h`), so when every type of the group
    /// reaches the same type through such references only (pointers and
    /// qualifiers of one struct, say), all hashes are equal and the group
    /// stays in id order without hashing that struct's members.
    pub fn resolve_group(btf: &Btf<'_>, ids: &[u32], out: &mut Vec<(u64, u32)>, h: &mut Hasher) {
        out.clear();
        let mut target = |id: u32| qualifier_target(btf, TypeId(id), h);
        let first = ids.first().and_then(|&id| target(id));
        if first.is_some() && ids.iter().all(|&id| target(id) == first) {
            // Runs come in id order already.
            out.extend(ids.iter().map(|&id| (0, id)));
            return;
        }
        out.extend(ids.iter().map(|&id| (h.hash(btf, TypeId(id), true, 0), id)));
        // Often all hashes are equal (anonymous prototypes hash to 0).
        if out.windows(2).any(|w| w[0] > w[1]) {
            out.sort_unstable();
        }
    }
}

/// Where a chain of anonymous pointers and qualifiers from `id` ends
/// (`None`: cut at [`MAX_WALK`], or a missing id), through `h`'s memo of
/// them all for long ones.
fn qualifier_target(btf: &Btf<'_>, id: TypeId, h: &mut Hasher) -> Option<TypeId> {
    let qualifier = |t: &bpfkit_btf::Type<'_>| {
        (t.name_off().0 == 0
            && matches!(t.kind(), BtfKind::PTR | BtfKind::CONST | BtfKind::VOLATILE | BtfKind::RESTRICT))
        .then(|| t.type_id())
    };
    let walk = |mut cur: TypeId, steps: usize| {
        for _ in 0..steps {
            match btf.get(cur) {
                Some(t) => match qualifier(&t) {
                    Some(next) => cur = next,
                    None => return (Some(cur), true),
                },
                None => return (None, true),
            }
        }
        (Some(cur), false)
    };
    match walk(id, SHORT_WALK) {
        (r, true) => return r,
        (_, false) if h.plain => return walk(id, MAX_WALK).0.filter(|_| walk(id, MAX_WALK).1),
        _ => {}
    }
    // A long chain: where it ends, from the memo of all of them.
    let chains = h.targets.get_or_insert_with(|| Chains::new(btf, qualifier));
    match chains.get(id) {
        Some((dist, end, _)) if dist < MAX_WALK => btf.get(end).map(|_| end),
        _ => None,
    }
}

/// Whether bit `i` of the bitmap `bits` is set (bits past its end are not).
#[inline]
pub(crate) fn bit(bits: &[u64], i: usize) -> bool {
    bits.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
}

/// Sets bit `i` of the bitmap `bits` (bits past its end are dropped).
#[inline]
pub(crate) fn set_bit(bits: &mut [u64], i: usize) {
    if let Some(w) = bits.get_mut(i / 64) {
        *w |= 1 << (i % 64);
    }
}

/// Moves every entry of `v` into its bucket (`bucket` is below `buckets`),
/// in place (American flag sort: one counting pass, then each entry is
/// swapped along its cycle to where it belongs); returns where each
/// bucket ends.
fn place_in_buckets<T: Copy>(v: &mut [T], buckets: usize, bucket: impl Fn(&T) -> usize) -> Vec<u32> {
    let mut ends = vec![0u32; buckets];
    for d in v.iter() {
        ends[bucket(d)] += 1;
    }
    let mut next = vec![0u32; buckets];
    let mut at = 0u32;
    for (n, e) in next.iter_mut().zip(ends.iter_mut()) {
        *n = at;
        at += *e;
        *e = at;
    }
    for b in 0..buckets {
        while next[b] < ends[b] {
            let mut d = v[next[b] as usize];
            // Follow the cycle until something that belongs here comes back.
            loop {
                let home = bucket(&d);
                if home == b {
                    break;
                }
                let slot = next[home] as usize;
                next[home] += 1;
                core::mem::swap(&mut d, &mut v[slot]);
            }
            v[next[b] as usize] = d;
            next[b] += 1;
        }
    }
    ends
}

/// Sorts `[key high, key low, id]` entries by the key, keeping id order
/// among equals (the entries come in id order): a stable LSD radix sort
/// over the key's low `bits` bits, in as few passes of at most 16 bits as
/// cover them, skipping digits that are the same everywhere.
fn sort_keys(d: &mut Vec<[u32; 3]>, bits: u32) {
    let bits = bits.min(64);
    let passes = bits.div_ceil(16).max(1);
    let width = bits.div_ceil(passes);
    let mask = (1u64 << width) - 1;
    let mut tmp = vec![[0u32; 3]; d.len()];
    let mut counts = vec![0u32; 1 << width];
    for pass in 0..passes {
        let shift = pass * width;
        let digit = |e: &[u32; 3]| ((((u64::from(e[0]) << 32) | u64::from(e[1])) >> shift) & mask) as usize;
        counts.iter_mut().for_each(|c| *c = 0);
        for e in d.iter() {
            counts[digit(e)] += 1;
        }
        if d.first().is_none_or(|e| counts[digit(e)] as usize == d.len()) {
            continue;
        }
        let mut at = 0u32;
        for c in counts.iter_mut() {
            let n = *c;
            *c = at;
            at += n;
        }
        for e in d.iter() {
            let slot = &mut counts[digit(e)];
            tmp[*slot as usize] = *e;
            *slot += 1;
        }
        core::mem::swap(d, &mut tmp);
    }
}

/// Appends the sort keys `[rank, sort name offset, id]` of the ids in
/// `ids` to `keys`, except those whose bit is set in `skip` (for
/// [`Presorted::new_with`]).
pub(crate) fn push_keys(btf: &Btf<'_>, ids: core::ops::Range<u32>, skip: &[u64], keys: &mut Vec<[u32; 3]>) {
    keys.reserve_exact(ids.len());
    let mut memo = None;
    keys.extend(ids.filter(|&i| !bit(skip, i as usize)).map(|i| {
        let (r, sn) = rank_and_sort_name_memo(btf, TypeId(i), &mut memo);
        [u32::from(r), sn.0, i]
    }));
}

/// Every id of `btf` (void and, for split BTF, the base included) in
/// bpftool's sorted order.
///
/// bpftool prints from the second entry of this list on; its first entry
/// (the alphabetically first anonymous enum) is a bpftool bug, and this
/// crate prints it.
pub fn sorted_ids(btf: &Btf<'_>) -> Vec<TypeId> {
    let p = Presorted::new(btf);
    let mut out = Vec::with_capacity(p.ids().len());
    let mut tie = Vec::new();
    let mut hasher = Hasher::default();
    let mut i = 0;
    while i < p.ids().len() {
        let j = p.group_end(i);
        if j - i == 1 {
            out.push(p.id(i));
        } else {
            Presorted::resolve_group(btf, &p.ids()[i..j], &mut tie, &mut hasher);
            out.extend(tie.iter().map(|&(_, id)| TypeId(id)));
        }
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use bpfkit_btf::write::{BtfBuilder, MemberSpec};
    use bpfkit_btf::{Endian, IntEncoding};

    /// BTFs of long chains (a few longer than `MAX_WALK`) of every kind the
    /// walks follow, some named, some closing into cycles, some ending at
    /// structs, enums or void, with structs whose members start
    /// chains, in random order.
    fn chains(seed: u64) -> Vec<u8> {
        let mut x = seed | 1;
        let mut rnd = move |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        let mut b = BtfBuilder::new();
        let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
        b.add_enum("", 4, false, &[("E0", 0)]);
        b.add_struct("s", 4, &[MemberSpec::new("m", int, 0)]);
        while b.next_id().0 < 4000 {
            let len = [3, 40, 250, 255, 256, 257, 300, 700][rnd(8) as usize];
            let first = b.next_id().0;
            let end = match rnd(6) {
                0 => TypeId(0),                            // void
                1 => TypeId(first),                        // cycle
                2 => TypeId(rnd(u64::from(first)) as u32), // anything before
                n => TypeId(n as u32 - 2),                 // int, enum, struct
            };
            // Half the chains are of one kind.
            let one_kind = (rnd(2) == 0).then(|| rnd(8));
            for k in 0..len {
                let to = if k + 1 == len { end } else { TypeId(first + k as u32 + 1) };
                let name = if rnd(4) == 0 { format!("n{}", rnd(3)) } else { String::new() };
                match one_kind.unwrap_or_else(|| if rnd(50) == 0 { 3 } else { rnd(8) }) {
                    0 => b.add_typedef(&format!("t{}", rnd(3)), to),
                    1 => b.add_array(to, int, rnd(3) as u32),
                    2 => b.add_type_tag("tag", to, false),
                    3 if one_kind.is_none() => {
                        b.add_struct(&name, 8, &[MemberSpec::new("a", to, 0), MemberSpec::new("b", int, 32)])
                    }
                    4 | 8 => b.add_ref(BtfKind::CONST, &name, to),
                    3 | 5 => b.add_ref(BtfKind::VOLATILE, "", to),
                    _ => b.add_ptr(to),
                };
            }
        }
        b.encode(Endian::Little)
    }

    #[test]
    fn memos_give_the_walks_answers() {
        for seed in [1, 2, 0x9e37_79b9] {
            let data = chains(seed);
            let btf = Btf::parse(&data).unwrap();
            let n = btf.type_count();
            let mut memo = None;
            for i in 0..n {
                let id = TypeId(i);
                assert_eq!(rank_and_sort_name_memo(&btf, id, &mut memo), rank_and_sort_name(&btf, id), "{seed} {i}");
            }
            // The same queries, in the same (mixed) order, into a hasher with
            // shortcuts and one without: what is kept depends on the order.
            let (mut fast, mut plain) = (Hasher::default(), Hasher { plain: true, ..Hasher::default() });
            for k in 0..3 * u64::from(n) {
                let id = TypeId(((k * 7919 + seed) % u64::from(n)) as u32);
                let (members, depth) = (k % 3 != 0, (k % 5) as usize * 3);
                assert_eq!(fast.hash(&btf, id, members, depth), plain.hash(&btf, id, members, depth), "{seed} {k}");
            }
            assert!(fast.jumps.is_some(), "the shortcut was not taken");
            for i in 0..n {
                let id = TypeId(i);
                assert_eq!(qualifier_target(&btf, id, &mut fast), qualifier_target(&btf, id, &mut plain), "{seed} {i}");
            }
            let ids: Vec<u32> = (0..n).collect();
            let (mut a, mut b) = (Vec::new(), Vec::new());
            for group in ids.chunks(97).chain(ids.chunks(1000)) {
                Presorted::resolve_group(&btf, group, &mut a, &mut fast);
                Presorted::resolve_group(&btf, group, &mut b, &mut plain);
                assert_eq!(a, b, "{seed}");
            }
        }
    }
}
