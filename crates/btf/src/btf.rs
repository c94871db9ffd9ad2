//! The BTF reader: one indexing pass, then O(1) access by id.

use crate::btf_header::{Header, KindLayout};
use crate::endian::Endian;
use crate::error::{Error, ErrorKind, Result};
use crate::kind::{BtfKind, StrOffset, TypeId};
use crate::types::{Type, VOID_RECORD};
use std::sync::OnceLock;

/// The largest number of types BTF can number (`BTF_MAX_NR_TYPES`).
pub const MAX_TYPES: u32 = 0x7fff_ffff;

/// A parsed BTF blob: borrowed bytes plus an index of type offsets.
///
/// Parsing checks the header, indexes every type record and validates every
/// string offset and type id the way libbpf's sanity check does, so the views
/// it hands out can be trusted to point inside the blob. For the kernel's
/// stricter rules see [`crate::validate`].
///
/// Split BTF (a module on top of vmlinux) holds a reference to its base:
/// ids and string offsets continue where the base's end.
pub struct Btf<'a> {
    data: &'a [u8],
    header: Header,
    types: &'a [u8],
    strings: &'a [u8],
    layout: &'a [u8],
    offsets: Vec<u32>,
    start_id: u32,
    start_str: u32,
    base: Option<&'a Btf<'a>>,
    names: OnceLock<Box<[u32]>>,
    ptr_size: OnceLock<u32>,
    /// Where each id's chain of modifiers and typedefs ends (see
    /// `skip_mods_and_typedefs`), made on the first long chain.
    pub(crate) skip_ends: OnceLock<Box<[u32]>>,
}

impl core::fmt::Debug for Btf<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Btf")
            .field("endian", &self.header.endian)
            .field("start_id", &self.start_id)
            .field("types", &self.offsets.len())
            .field("split", &self.base.is_some())
            .finish()
    }
}

impl<'a> Btf<'a> {
    /// Parses a standalone raw `.BTF` blob.
    pub fn parse(data: &'a [u8]) -> Result<Btf<'a>> {
        Self::parse_inner(data, None, false)
    }

    /// Parses split BTF (e.g. a kernel module's) on top of `base`.
    pub fn parse_split(data: &'a [u8], base: &'a Btf<'a>) -> Result<Btf<'a>> {
        Self::parse_inner(data, Some(base), false)
    }

    /// `always_check`: run the detailed check even when the bulk one
    /// passed (the tests compare the two).
    fn parse_inner(data: &'a [u8], base: Option<&'a Btf<'a>>, always_check: bool) -> Result<Btf<'a>> {
        let header = Header::parse(data)?;
        if let Some(b) = base
            && b.endian() != header.endian
        {
            return Err(Error::at(ErrorKind::EndianMismatch, 0));
        }
        let types = &data[header.type_range()];
        let strings = &data[header.str_range()];
        let layout = &data[header.layout_range()];
        let (start_id, start_str) = match base {
            Some(b) => (b.type_count(), b.str_end()),
            None => (1, 0),
        };
        // Strings: libbpf's btf_parse_str_sec.
        let str_at = header.str_range().start;
        if !(base.is_some() && strings.is_empty()) {
            if strings.is_empty() {
                return Err(Error::at(ErrorKind::BadStrings("empty"), str_at));
            }
            if strings.len() - 1 > MAX_TYPES as usize {
                return Err(Error::at(ErrorKind::BadStrings("too long"), str_at));
            }
            if strings[strings.len() - 1] != 0 {
                return Err(Error::at(ErrorKind::BadStrings("not NUL-terminated"), str_at + strings.len() - 1));
            }
            if base.is_none() && strings[0] != 0 {
                return Err(Error::at(
                    ErrorKind::BadStrings("first byte is not NUL (split BTF without base?)"),
                    str_at,
                ));
            }
        }
        if u64::from(start_str) + strings.len() as u64 > u64::from(u32::MAX) {
            return Err(Error::at(ErrorKind::BadStrings("too long"), str_at));
        }
        let mut btf = Btf {
            data,
            header,
            types,
            strings,
            layout,
            offsets: Vec::new(),
            start_id,
            start_str,
            base,
            names: OnceLock::new(),
            ptr_size: OnceLock::new(),
            skip_ends: OnceLock::new(),
        };
        // Indexing also checks every string offset and type id in bulk;
        // only when something is out of range does the detailed check run,
        // to name the first offender.
        if !btf.index()? || always_check {
            btf.sanity_check()?;
        }
        Ok(btf)
    }

    /// The layout entry for `kind`, from this blob or else from its base.
    #[inline]
    pub fn kind_layout(&self, kind: BtfKind) -> Option<KindLayout> {
        let layout = if self.layout.is_empty() { self.base.map(|b| b.layout).unwrap_or(&[]) } else { self.layout };
        let off = usize::from(kind.0) * 4;
        let e = self.header.endian;
        let b = layout.get(off..off + 4)?;
        Some(KindLayout { info_sz: b[0], elem_sz: b[1], flags: e.read_u16(b, 2)? })
    }

    /// The layout section's entries, if the blob has one.
    #[inline]
    pub fn layout_entries(&self) -> impl ExactSizeIterator<Item = KindLayout> + '_ {
        let e = self.header.endian;
        self.layout.chunks_exact(4).map(move |b| KindLayout {
            info_sz: b[0],
            elem_sz: b[1],
            flags: e.read_u16(b, 2).unwrap_or(0),
        })
    }

    /// Indexes the type records. Returns whether every string offset and
    /// type id is in range and every FUNC points at a FUNC_PROTO (the
    /// conditions of [`Btf::sanity_check`], checked in bulk: the largest
    /// offset and id are compared once at the end).
    fn index(&mut self) -> Result<bool> {
        // One loop per byte order, so that reading a word is one load.
        match self.header.endian {
            Endian::Big => self.index_as::<true>(),
            Endian::Little => self.index_as::<false>(),
        }
    }

    /// [`Btf::index`] for blobs in big-endian order when `BIG`.
    fn index_as<const BIG: bool>(&mut self) -> Result<bool> {
        let e = self.header.endian;
        let big = BIG;
        let types = self.types;
        let base_off = self.header.type_range().start;
        // Every record is at least 12 bytes: this bounds the allocation by the input.
        let mut offsets = Vec::with_capacity(types.len() / 12);
        let mut max_str = 0u32;
        let mut max_id = 0u32;
        let mut funcs_ok = true;
        // FUNCs whose prototype comes later (checked once all are indexed).
        let mut later_protos = Vec::new();
        let word = |b: &[u8]| {
            let v = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
            if big { v.swap_bytes() } else { v }
        };
        let mut off = 0usize;
        while off + 12 <= types.len() {
            let id = self.start_id as u64 + offsets.len() as u64;
            if id > u64::from(MAX_TYPES) {
                return Err(Error::at(ErrorKind::TooManyTypes, base_off + off));
            }
            let id = id as u32;
            let info = e.u32_at(types, off + 4);
            let kind = BtfKind(((info >> 24) & 0x7f) as u8);
            let vlen = u64::from(info & 0x00ff_ffff);
            let (fixed, per) = match kind.record_layout() {
                Some(l) => l,
                None => match self.kind_layout(kind) {
                    Some(l) if l.info_sz % 4 == 0 && l.elem_sz % 4 == 0 => (u32::from(l.info_sz), u32::from(l.elem_sz)),
                    _ => return Err(Error::at(ErrorKind::UnknownKind { id, kind: kind.0 }, base_off + off + 4)),
                },
            };
            let size = 12 + u64::from(fixed) + vlen * u64::from(per);
            if off as u64 + size > types.len() as u64 {
                return Err(Error::at(ErrorKind::TypeTruncated { id }, base_off + off));
            }
            let rec = &types[off..off + size as usize];
            let trailer = &rec[12..];
            max_str = max_str.max(word(rec));
            match kind {
                BtfKind::PTR
                | BtfKind::TYPEDEF
                | BtfKind::VOLATILE
                | BtfKind::CONST
                | BtfKind::RESTRICT
                | BtfKind::VAR
                | BtfKind::DECL_TAG
                | BtfKind::TYPE_TAG => max_id = max_id.max(word(&rec[8..])),
                BtfKind::FUNC => {
                    let proto = word(&rec[8..]);
                    max_id = max_id.max(proto);
                    if proto < id {
                        funcs_ok &= self.own_or_base_kind(&offsets, proto) == Some(BtfKind::FUNC_PROTO);
                    } else {
                        later_protos.push(proto);
                    }
                }
                BtfKind::ARRAY => max_id = max_id.max(word(trailer)).max(word(&trailer[4..])),
                BtfKind::STRUCT | BtfKind::UNION => {
                    for m in trailer.chunks_exact(12) {
                        max_str = max_str.max(word(m));
                        max_id = max_id.max(word(&m[4..]));
                    }
                }
                BtfKind::ENUM => trailer.chunks_exact(8).for_each(|v| max_str = max_str.max(word(v))),
                BtfKind::ENUM64 => trailer.chunks_exact(12).for_each(|v| max_str = max_str.max(word(v))),
                BtfKind::FUNC_PROTO => {
                    for p in trailer.chunks_exact(8) {
                        max_str = max_str.max(word(p));
                        max_id = max_id.max(word(&p[4..]));
                    }
                }
                BtfKind::DATASEC => trailer.chunks_exact(12).for_each(|v| max_id = max_id.max(word(v))),
                _ => {}
            }
            offsets.push(off as u32);
            off += size as usize;
        }
        if off != types.len() {
            return Err(Error::at(ErrorKind::TrailingTypeBytes, base_off + off));
        }
        for proto in later_protos {
            funcs_ok &= self.own_or_base_kind(&offsets, proto) == Some(BtfKind::FUNC_PROTO);
        }
        offsets.shrink_to_fit();
        self.offsets = offsets;
        // The string sections of a split chain are contiguous from 0, so
        // an offset is valid exactly when it is below the end of this one.
        Ok(funcs_ok && max_id < self.type_count() && max_str < self.str_end())
    }

    /// The kind of `id` while indexing (`offsets` so far; void and the
    /// base's types included), `None` past the indexed ones.
    fn own_or_base_kind(&self, offsets: &[u32], id: u32) -> Option<BtfKind> {
        if id < self.start_id {
            return if id == 0 { Some(BtfKind::UNKN) } else { self.base?.get(TypeId(id)).map(|t| t.kind()) };
        }
        let off = *offsets.get((id - self.start_id) as usize)? as usize;
        let info = self.header.endian.u32_at(self.types, off + 4);
        Some(BtfKind(((info >> 24) & 0x7f) as u8))
    }

    /// libbpf's `btf_sanity_check`: valid string offsets and type ids,
    /// FUNC pointing at FUNC_PROTO.
    fn sanity_check(&self) -> Result<()> {
        let count = self.type_count();
        for (i, &off) in self.offsets.iter().enumerate() {
            let id = self.start_id + i as u32;
            let t = self.own_type(i);
            let at = self.header.type_range().start + off as usize;
            let check_str = |s: StrOffset| {
                if !self.str_in_range(s) {
                    Err(Error::at(ErrorKind::BadStringOffset { id, str_off: s.0 }, at))
                } else {
                    Ok(())
                }
            };
            let check_id = |r: TypeId| {
                if r.0 >= count { Err(Error::at(ErrorKind::BadTypeId { id, referenced: r.0 }, at)) } else { Ok(()) }
            };
            check_str(t.name_off())?;
            match t.kind() {
                BtfKind::PTR
                | BtfKind::TYPEDEF
                | BtfKind::VOLATILE
                | BtfKind::CONST
                | BtfKind::RESTRICT
                | BtfKind::VAR
                | BtfKind::DECL_TAG
                | BtfKind::TYPE_TAG => check_id(t.type_id())?,
                BtfKind::ARRAY => {
                    let a =
                        t.array().unwrap_or(crate::types::ArrayInfo { elem: TypeId(0), index: TypeId(0), nelems: 0 });
                    check_id(a.elem)?;
                    check_id(a.index)?;
                }
                BtfKind::STRUCT | BtfKind::UNION => {
                    for m in t.members() {
                        check_str(m.name_off)?;
                        check_id(m.type_id)?;
                    }
                }
                BtfKind::ENUM | BtfKind::ENUM64 => {
                    for v in t.enumerators() {
                        check_str(v.name_off)?;
                    }
                }
                BtfKind::FUNC => {
                    check_id(t.type_id())?;
                    if self.get(t.type_id()).map(|p| p.kind()) != Some(BtfKind::FUNC_PROTO) {
                        return Err(Error::at(ErrorKind::FuncNotProto { id }, at));
                    }
                }
                BtfKind::FUNC_PROTO => {
                    for p in t.params() {
                        check_str(p.name_off)?;
                        check_id(p.type_id)?;
                    }
                }
                BtfKind::DATASEC => {
                    for v in t.datasec_vars() {
                        check_id(v.type_id)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    #[inline]
    fn own_type(&self, index: usize) -> Type<'a> {
        let off = self.offsets[index] as usize;
        let end = self.offsets.get(index + 1).map_or(self.types.len(), |&o| o as usize);
        Type::new(TypeId(self.start_id + index as u32), self.header.endian, &self.types[off..end])
    }

    /// The whole input blob.
    #[inline]
    pub fn data(&self) -> &'a [u8] {
        self.data
    }
    /// The decoded header.
    #[inline]
    pub fn header(&self) -> &Header {
        &self.header
    }
    /// The blob's byte order.
    #[inline]
    pub fn endian(&self) -> Endian {
        self.header.endian
    }
    /// The base BTF of split BTF.
    #[inline]
    pub fn base(&self) -> Option<&'a Btf<'a>> {
        self.base
    }
    /// The raw type section.
    #[inline]
    pub fn type_section(&self) -> &'a [u8] {
        self.types
    }
    /// The raw string section (this blob's own part for split BTF).
    #[inline]
    pub fn string_section(&self) -> &'a [u8] {
        self.strings
    }
    /// The raw layout section (empty without one).
    #[inline]
    pub fn layout_section(&self) -> &'a [u8] {
        self.layout
    }
    /// Byte offset of each own type's record in the type section, in id order.
    #[inline]
    pub fn type_offsets(&self) -> &[u32] {
        &self.offsets
    }
    /// Heap bytes this reader owns beyond the borrowed input: the type
    /// offset index, plus the name index once a lookup has built it.
    #[inline]
    pub fn heap_size(&self) -> usize {
        self.offsets.capacity() * 4 + self.names.get().map_or(0, |t| t.len() * 4)
    }
    /// The first id of this blob's own types (1, or the base's type count).
    #[inline]
    pub fn start_id(&self) -> TypeId {
        TypeId(self.start_id)
    }
    /// The first string offset of this blob's own strings (0 unless split).
    #[inline]
    pub fn start_str_off(&self) -> u32 {
        self.start_str
    }
    /// One past the highest valid id, counting void and the base (libbpf's `btf__type_cnt`).
    #[inline]
    pub fn type_count(&self) -> u32 {
        self.start_id + self.offsets.len() as u32
    }
    /// Number of this blob's own types.
    #[inline]
    pub fn own_type_count(&self) -> usize {
        self.offsets.len()
    }
    fn str_end(&self) -> u32 {
        self.start_str + self.strings.len() as u32
    }

    /// The type with `id` (void for 0), or `None` if there is none.
    #[inline]
    pub fn get(&self, id: TypeId) -> Option<Type<'a>> {
        if id.0 == 0 {
            return Some(Type::new(id, self.header.endian, &VOID_RECORD));
        }
        if id.0 < self.start_id {
            return self.base?.get(id);
        }
        let i = (id.0 - self.start_id) as usize;
        if i < self.offsets.len() { Some(self.own_type(i)) } else { None }
    }

    /// The type with `id`, or an error naming the id.
    #[inline]
    pub fn type_by_id(&self, id: TypeId) -> Result<Type<'a>> {
        self.get(id).ok_or_else(|| Error::new(ErrorKind::BadTypeId { id: 0, referenced: id.0 }))
    }

    /// This blob's own types in id order (for split BTF, not the base's).
    #[inline]
    pub fn types(&self) -> impl ExactSizeIterator<Item = Type<'a>> + '_ {
        (0..self.offsets.len()).map(move |i| self.own_type(i))
    }

    /// All types from id 1, the base's first for split BTF.
    #[inline]
    pub fn all_types(&self) -> impl Iterator<Item = Type<'a>> + '_ {
        (1..self.type_count()).filter_map(move |i| self.get(TypeId(i)))
    }

    /// Whether `off` points into the (base or own) string section.
    #[inline]
    fn str_in_range(&self, off: StrOffset) -> bool {
        if off.0 < self.start_str {
            return self.base.is_some_and(|b| b.str_in_range(off));
        }
        ((off.0 - self.start_str) as usize) < self.strings.len()
    }

    /// The NUL-terminated string at `off` without its NUL, or `None` if out of range.
    #[inline]
    pub fn str_bytes(&self, off: StrOffset) -> Option<&'a [u8]> {
        if off.0 < self.start_str {
            return self.base?.str_bytes(off);
        }
        Some(c_str(self.strings.get((off.0 - self.start_str) as usize..)?))
    }

    /// The string at `off` as UTF-8.
    #[inline]
    pub fn str(&self, off: StrOffset) -> Result<&'a str> {
        let at = self.header.str_range().start + off.0.saturating_sub(self.start_str) as usize;
        let b =
            self.str_bytes(off).ok_or_else(|| Error::at(ErrorKind::BadStringOffset { id: 0, str_off: off.0 }, at))?;
        core::str::from_utf8(b).map_err(|_| Error::at(ErrorKind::NotUtf8 { str_off: off.0 }, at))
    }

    /// A type's name; `""` for anonymous types and for names that are not UTF-8.
    #[inline]
    pub fn name(&self, t: &Type<'_>) -> &'a str {
        self.str(t.name_off()).unwrap_or("")
    }

    /// The name of the type with `id` (`""` when anonymous or absent).
    #[inline]
    pub fn name_of(&self, id: TypeId) -> &'a str {
        self.get(id).map_or("", |t| self.name(&t))
    }

    fn name_table(&self) -> &[u32] {
        self.names.get_or_init(|| {
            let named = self.types().filter(|t| t.name_off().0 != 0).count();
            let cap = (named * 2).next_power_of_two().max(16);
            let mask = cap - 1;
            let mut table = vec![0u32; cap].into_boxed_slice();
            for (i, t) in self.types().enumerate() {
                let Some(name) = self.str_bytes(t.name_off()).filter(|n| !n.is_empty()) else { continue };
                let mut slot = hash_name(name) as usize & mask;
                while table[slot] != 0 {
                    slot = (slot + 1) & mask;
                }
                table[slot] = i as u32 + 1;
            }
            table
        })
    }

    /// Ids of every type named `name`, in id order (base types first).
    pub fn find_by_name<'s>(&'s self, name: &'s str) -> impl Iterator<Item = TypeId> + 's {
        let base: Box<dyn Iterator<Item = TypeId> + 's> = match self.base {
            Some(b) => Box::new(b.find_by_name(name)),
            None => Box::new(core::iter::empty()),
        };
        base.chain(self.find_own_by_name(name.as_bytes()))
    }

    fn find_own_by_name<'s>(&'s self, name: &'s [u8]) -> impl Iterator<Item = TypeId> + 's {
        let table = self.name_table();
        let mask = table.len() - 1;
        let mut slot = hash_name(name) as usize & mask;
        let mut done = name.is_empty();
        core::iter::from_fn(move || {
            while !done {
                let e = table[slot];
                slot = (slot + 1) & mask;
                if e == 0 {
                    done = true;
                    break;
                }
                let t = self.own_type(e as usize - 1);
                if self.str_bytes(t.name_off()) == Some(name) {
                    return Some(t.id());
                }
            }
            None
        })
    }

    /// The first type named `name` of kind `kind`.
    #[inline]
    pub fn find_by_name_kind(&self, name: &str, kind: BtfKind) -> Option<TypeId> {
        self.find_by_name(name).find(|&id| self.get(id).is_some_and(|t| t.kind() == kind))
    }

    /// The pointer size as libbpf determines it (`determine_ptr_size`): the
    /// size of the first 4- or 8-byte INT named like `long`; inherited from
    /// the base; 0 when unknown.
    #[inline]
    pub fn pointer_size(&self) -> u32 {
        *self.ptr_size.get_or_init(|| {
            if let Some(b) = self.base {
                let s = b.pointer_size();
                if s != 0 {
                    return s;
                }
            }
            const LONGS: [&[u8]; 11] = [
                b"long",
                b"long int",
                b"int long",
                b"unsigned long",
                b"long unsigned",
                b"unsigned long int",
                b"unsigned int long",
                b"long unsigned int",
                b"long int unsigned",
                b"int unsigned long",
                b"int long unsigned",
            ];
            for t in self.all_types() {
                if t.kind() != BtfKind::INT {
                    continue;
                }
                let size = t.size();
                if size != 4 && size != 8 {
                    continue;
                }
                if let Some(n) = self.str_bytes(t.name_off())
                    && LONGS.contains(&n)
                {
                    return size;
                }
            }
            0
        })
    }
}

/// FNV-1a over the name bytes.
#[inline]
fn hash_name(name: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in name {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    h
}

/// The bytes of `s` up to its first NUL (all of it without one), found a
/// word at a time.
///
/// ```
/// assert_eq!(bpfkit_btf::c_str(b"task_struct\0int\0"), b"task_struct");
/// assert_eq!(bpfkit_btf::c_str(b"no end"), b"no end");
/// ```
#[inline]
pub fn c_str(s: &[u8]) -> &[u8] {
    let mut words = s.chunks_exact(8);
    let mut at = 0;
    for w in &mut words {
        let v = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
        let zero = v.wrapping_sub(0x0101_0101_0101_0101) & !v & 0x8080_8080_8080_8080;
        if zero != 0 {
            // The lowest flagged byte is the first NUL (borrows only reach up).
            return &s[..at + (zero.trailing_zeros() / 8) as usize];
        }
        at += 8;
    }
    let rest = words.remainder();
    &s[..at + rest.iter().position(|&b| b == 0).unwrap_or(rest.len())]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::{BtfBuilder, MemberSpec};
    use crate::{IntEncoding, Linkage};

    /// The bulk check in `index` accepts exactly what the detailed
    /// `sanity_check` accepts, and errors are the same: every word of a
    /// blob with every checked kind, overwritten with ids and string
    /// offsets around the limits.
    #[test]
    fn bulk_check_agrees_with_detailed_check() {
        let mut b = BtfBuilder::new();
        let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
        let ptr = b.add_ptr(int);
        let arr = b.add_array(int, int, 4);
        let s = b.add_struct("s", 8, &[MemberSpec::new("a", int, 0), MemberSpec::new("b", ptr, 32)]);
        b.add_enum("e", 4, false, &[("E1", 1), ("E2", 2)]);
        b.add_enum64("e64", 8, false, &[("F1", 1)]);
        let later = TypeId(b.type_count() + 1);
        b.add_func("f_later", later, Linkage::GLOBAL);
        let proto = b.add_func_proto(int, &[("x", arr), ("y", s)]);
        b.add_func("f", proto, Linkage::GLOBAL);
        let var = b.add_var("v", int, Linkage::GLOBAL);
        b.add_datasec(".data", 4, &[(var, 0, 4)]);
        b.add_typedef("t", s);
        b.add_decl_tag("tag", s, -1, false);
        b.add_type_tag("tt", ptr, false);
        for endian in [Endian::Little, Endian::Big] {
            let blob = b.encode(endian);
            // The unmodified blob is valid, with a FUNC whose prototype comes later.
            assert!(Btf::parse(&blob).is_ok());
            let hdr = Header::parse(&blob).unwrap();
            let (types, strs) = (hdr.type_range(), hdr.str_range());
            let count = Btf::parse(&blob).unwrap().type_count();
            let str_len = strs.len() as u32;
            for at in (types.start..types.end).step_by(4) {
                for v in [0, 1, count - 1, count, count + 7, str_len - 1, str_len, u32::MAX] {
                    let mut d = blob.clone();
                    d[at..at + 4].copy_from_slice(&endian.u32_bytes(v));
                    let fast = Btf::parse(&d).map(|t| t.type_count()).map_err(|e| e.to_string());
                    let slow = Btf::parse_inner(&d, None, true).map(|t| t.type_count()).map_err(|e| e.to_string());
                    assert_eq!(fast, slow, "word at {at} set to {v:#x} ({endian:?})");
                }
            }
        }
    }

    /// The same for split BTF: ids and string offsets of the base count.
    #[test]
    fn bulk_check_split() {
        let mut b = BtfBuilder::new();
        let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
        let proto = b.add_func_proto(int, &[("x", int)]);
        let base_blob = b.encode(Endian::Little);
        let base = Btf::parse(&base_blob).unwrap();
        let mut s = BtfBuilder::new_split(&base);
        s.add_func("f", proto, Linkage::GLOBAL);
        let own_proto = s.add_func_proto(int, &[("y", proto)]);
        s.add_func("g", own_proto, Linkage::GLOBAL);
        s.add_ptr(int);
        let blob = s.encode(Endian::Little);
        let hdr = Header::parse(&blob).unwrap();
        let count = Btf::parse_split(&blob, &base).unwrap().type_count();
        let str_end = base.str_end() + hdr.str_range().len() as u32;
        for at in (hdr.type_range().start..hdr.type_range().end).step_by(4) {
            for v in [0, 1, 2, base.type_count(), count - 1, count, base.str_end() - 1, str_end - 1, str_end] {
                let mut d = blob.clone();
                d[at..at + 4].copy_from_slice(&v.to_le_bytes());
                let fast = Btf::parse_split(&d, &base).map(|t| t.type_count()).map_err(|e| e.to_string());
                let slow = Btf::parse_inner(&d, Some(&base), true).map(|t| t.type_count()).map_err(|e| e.to_string());
                assert_eq!(fast, slow, "word at {at} set to {v:#x}");
            }
        }
    }
}
