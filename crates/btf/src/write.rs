//! The BTF writer: an owned builder that creates or copies types and
//! strings and encodes them in either byte order.
//!
//! ```
//! use bpfkit_btf::{Btf, Endian, IntEncoding, TypeId, write::{BtfBuilder, MemberSpec}};
//! let mut b = BtfBuilder::new();
//! let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
//! let s = b.add_struct("pair", 8, &[MemberSpec::new("a", int, 0), MemberSpec::new("b", int, 32)]);
//! let bytes = b.encode(Endian::Big);
//! let btf = Btf::parse(&bytes).unwrap();
//! assert_eq!(btf.name_of(s), "pair");
//! ```

use crate::btf::Btf;
use crate::btf_header::{BTF_MAGIC, HEADER_LEN_LAYOUT, KindLayout};
use crate::endian::Endian;
use crate::kind::{BtfKind, IntEncoding, Linkage, StrOffset, TypeId};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

/// A member for [`BtfBuilder::add_struct`] / [`BtfBuilder::add_union`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberSpec<'s> {
    /// Member name (`""` for an anonymous member).
    pub name: &'s str,
    /// Member type.
    pub type_id: TypeId,
    /// Bit offset in the composite.
    pub bit_offset: u32,
    /// Bitfield size in bits (0 for a plain member).
    pub bitfield_size: u32,
}

impl<'s> MemberSpec<'s> {
    /// A plain member at `bit_offset`.
    pub fn new(name: &'s str, type_id: TypeId, bit_offset: u32) -> Self {
        MemberSpec { name, type_id, bit_offset, bitfield_size: 0 }
    }
    /// A bitfield member of `bits` bits at `bit_offset`.
    pub fn bitfield(name: &'s str, type_id: TypeId, bit_offset: u32, bits: u32) -> Self {
        MemberSpec { name, type_id, bit_offset, bitfield_size: bits }
    }
}

/// An owned, growable BTF under construction.
///
/// Types are stored as the 32-bit words of their records, so any record a
/// parser accepts, including kinds unknown to this crate, survives a copy.
///
/// Like a libbpf `struct btf`, a builder is either *created*
/// ([`BtfBuilder::new`], [`BtfBuilder::new_split`]: its strings are unique
/// by construction and [`BtfBuilder::encode`] writes libbpf 1.8's 32-byte
/// header) or *parsed* ([`BtfBuilder::from_btf`]: the input's header shape,
/// byte order and string section are kept).
#[derive(Clone, Debug)]
pub struct BtfBuilder {
    pub(crate) strings: Vec<u8>,
    pub(crate) str_index: Option<HashMap<Box<[u8]>, u32, BuildHasherDefault<StrHasher>>>,
    pub(crate) words: Vec<u32>,
    pub(crate) offsets: Vec<u32>,
    pub(crate) start_id: u32,
    pub(crate) start_str: u32,
    pub(crate) layout: Option<Vec<KindLayout>>,
    pub(crate) endian: Endian,
    pub(crate) shape: HeaderShape,
    pub(crate) strs_deduped: bool,
    /// The base's strings (all levels, from offset 0), to look names up in
    /// first as libbpf's `btf__add_str` does for split BTF.
    pub(crate) base_strs: Option<Arc<[u8]>>,
}

/// A fast hasher for the string index (FxHash's mixing, 8 bytes at a time).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct StrHasher(u64);

impl Hasher for StrHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0xf135_7aea_2e62_a9c5;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.0 = (self.0 ^ u64::from_le_bytes(c.try_into().expect("8 bytes"))).wrapping_mul(K).rotate_left(26);
        }
        let mut last = [0u8; 8];
        last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        self.0 = (self.0 ^ u64::from_le_bytes(last) ^ bytes.len() as u64).wrapping_mul(K).rotate_left(26);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 29)
    }
}

/// The parts of the header libbpf keeps from parsed BTF when it writes it back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct HeaderShape {
    pub(crate) hdr_len: u32,
    pub(crate) flags: u8,
    /// `layout_off` as parsed, written back when there is no layout section.
    pub(crate) layout_off: u32,
    /// Non-zero header bytes past the 32 libbpf knows: libbpf refuses to modify such BTF.
    pub(crate) extra: bool,
}

impl HeaderShape {
    const CREATED: HeaderShape = HeaderShape { hdr_len: HEADER_LEN_LAYOUT, flags: 0, layout_off: 0, extra: false };
}

impl Default for BtfBuilder {
    fn default() -> Self {
        Self::new()
    }
}

/// libbpf's layout table for the kinds it knows (kinds 0–19).
pub fn default_layout() -> Vec<KindLayout> {
    (0..=BtfKind::MAX_KNOWN.0)
        .map(|k| {
            let (fixed, per) = BtfKind(k).record_layout().unwrap_or((0, 0)); // kind 0: no trailer
            KindLayout { info_sz: fixed as u8, elem_sz: per as u8, flags: 0 }
        })
        .collect()
}

impl BtfBuilder {
    /// An empty standalone BTF (its string section holds just `""`), like
    /// libbpf's `btf__new_empty`.
    pub fn new() -> BtfBuilder {
        BtfBuilder {
            strings: vec![0],
            str_index: None,
            words: Vec::new(),
            offsets: Vec::new(),
            start_id: 1,
            start_str: 0,
            layout: None,
            endian: Endian::NATIVE,
            shape: HeaderShape::CREATED,
            strs_deduped: true,
            base_strs: None,
        }
    }

    /// An empty split BTF on top of `base` (libbpf's `btf__new_empty_split`):
    /// ids continue after the base's types and string offsets after its
    /// strings; strings the base has are not added again; the byte order
    /// follows the base.
    pub fn new_split(base: &Btf<'_>) -> BtfBuilder {
        let start_str = base.start_str_off() + base.string_section().len() as u32;
        BtfBuilder {
            strings: Vec::new(),
            start_id: base.type_count(),
            start_str,
            endian: base.endian(),
            base_strs: Some(base_strings(base)),
            ..BtfBuilder::new()
        }
    }

    /// [`BtfBuilder::from_btf`]'s settings with no types or strings.
    pub(crate) fn shell_of(btf: &Btf<'_>) -> BtfBuilder {
        let layout = (!btf.layout_section().is_empty()).then(|| btf.layout_entries().collect());
        let h = btf.header();
        let extra =
            btf.data().get(HEADER_LEN_LAYOUT as usize..h.hdr_len as usize).is_some_and(|x| x.iter().any(|&b| b != 0));
        let shape = HeaderShape { hdr_len: h.hdr_len, flags: h.flags, layout_off: h.layout_off, extra };
        let str_len = btf.string_section().len();
        BtfBuilder {
            strings: Vec::new(),
            str_index: None,
            words: Vec::new(),
            offsets: Vec::new(),
            start_id: btf.start_id().0,
            start_str: btf.start_str_off(),
            layout,
            endian: btf.endian(),
            shape,
            // libbpf's btf_ensure_modifiable: only trivially small string sections count as deduplicated.
            strs_deduped: str_len == 0 || (btf.base().is_none() && str_len == 1),
            base_strs: btf.base().map(base_strings),
        }
    }

    /// A copy of a parsed BTF (libbpf's `btf__parse`), keeping its string
    /// section byte for byte, its header shape and byte order, so that
    /// encoding it in its own byte order gives back the same bytes.
    pub fn from_btf(btf: &Btf<'_>) -> BtfBuilder {
        let e = btf.endian();
        BtfBuilder {
            strings: btf.string_section().to_vec(),
            words: btf.type_section().chunks_exact(4).map(|c| e.u32_at(c, 0)).collect(),
            offsets: btf.type_offsets().iter().map(|&o| o / 4).collect(),
            ..BtfBuilder::shell_of(btf)
        }
    }

    /// This builder's settings with no types or strings (no copy of its data).
    pub(crate) fn clone_shell(&self) -> BtfBuilder {
        BtfBuilder {
            strings: Vec::new(),
            str_index: None,
            words: Vec::new(),
            offsets: Vec::new(),
            start_id: self.start_id,
            start_str: self.start_str,
            layout: self.layout.clone(),
            endian: self.endian,
            shape: self.shape,
            strs_deduped: self.strs_deduped,
            base_strs: self.base_strs.clone(),
        }
    }

    /// The byte order libbpf would write this BTF in: the input's for
    /// parsed BTF, the base's for split BTF, else the machine's.
    pub fn endian(&self) -> Endian {
        self.endian
    }

    /// The first id of this BTF's own types (1, or the base's type count).
    pub fn start_id(&self) -> TypeId {
        TypeId(self.start_id)
    }

    /// Number of this BTF's own types.
    pub fn own_type_count(&self) -> usize {
        self.offsets.len()
    }

    /// The raw record words of own type `id` (in host order), if it exists.
    pub fn type_words(&self, id: TypeId) -> Option<&[u32]> {
        let i = id.0.checked_sub(self.start_id)? as usize;
        let start = *self.offsets.get(i)? as usize;
        let end = self.offsets.get(i + 1).map_or(self.words.len(), |&o| o as usize);
        self.words.get(start..end)
    }

    /// The raw record words of own type `id` (in host order), to patch in
    /// place (the caller keeps the record's shape: kind and vlen).
    pub fn type_words_mut(&mut self, id: TypeId) -> Option<&mut [u32]> {
        let i = id.0.checked_sub(self.start_id)? as usize;
        let start = *self.offsets.get(i)? as usize;
        let end = self.offsets.get(i + 1).map_or(self.words.len(), |&o| o as usize);
        self.words.get_mut(start..end)
    }

    /// This BTF's own string section.
    pub fn string_section(&self) -> &[u8] {
        &self.strings
    }

    /// `true` asks for a layout section (libbpf's table unless one was
    /// copied) behind a 32-byte header, as libbpf's `add_layout` option;
    /// `false` drops any layout section and writes the 24-byte header of
    /// BTF before 2026 (which older libbpf needs for foreign byte order).
    pub fn with_layout(&mut self, on: bool) -> &mut Self {
        if on {
            self.layout = Some(self.layout.take().unwrap_or_else(default_layout));
            self.shape.hdr_len = self.shape.hdr_len.max(HEADER_LEN_LAYOUT);
        } else {
            self.layout = None;
            self.shape.hdr_len = crate::btf_header::HEADER_LEN;
            self.shape.layout_off = 0;
        }
        self
    }

    /// Sets an explicit layout section (e.g. to describe extra kinds).
    pub fn set_layout(&mut self, layout: Vec<KindLayout>) -> &mut Self {
        self.layout = Some(layout);
        self
    }

    /// One past the highest id (like [`Btf::type_count`]).
    pub fn type_count(&self) -> u32 {
        self.start_id + self.offsets.len() as u32
    }

    /// The id the next added type will get.
    pub fn next_id(&self) -> TypeId {
        TypeId(self.type_count())
    }

    /// Adds (or finds) a string and returns its offset; `""` is offset 0
    /// in standalone BTF.
    pub fn add_str(&mut self, s: &str) -> StrOffset {
        self.add_str_bytes(s.as_bytes())
    }

    /// [`BtfBuilder::add_str`] for raw bytes (must not contain NUL; a NUL ends the string).
    pub fn add_str_bytes(&mut self, s: &[u8]) -> StrOffset {
        let s = &s[..s.iter().position(|&b| b == 0).unwrap_or(s.len())];
        if s.is_empty() && self.start_str == 0 {
            return StrOffset(0);
        }
        if self.str_index.is_none() {
            let mut map = HashMap::default();
            for (base, bytes) in [(0, self.base_strs.as_deref().unwrap_or(&[])), (self.start_str, &self.strings[..])] {
                let mut off = 0usize;
                for part in bytes.split(|&b| b == 0) {
                    if off < bytes.len() {
                        map.entry(part.into()).or_insert(base + off as u32);
                    }
                    off += part.len() + 1;
                }
            }
            self.str_index = Some(map);
        }
        let index = self.str_index.as_mut().expect("built above");
        if let Some(&off) = index.get(s) {
            return StrOffset(off);
        }
        let off = self.start_str + self.strings.len() as u32;
        self.strings.extend_from_slice(s);
        self.strings.push(0);
        index.insert(s.into(), off);
        StrOffset(off)
    }

    /// Adds a record from its raw parts; the caller is responsible for the
    /// trailer matching the kind and vlen.
    pub fn add_raw(&mut self, name_off: StrOffset, info: u32, size_or_type: u32, trailer: &[u32]) -> TypeId {
        let id = self.next_id();
        self.offsets.push(self.words.len() as u32);
        self.words.extend_from_slice(&[name_off.0, info, size_or_type]);
        self.words.extend_from_slice(trailer);
        id
    }

    fn add(&mut self, name: &str, kind: BtfKind, kflag: bool, vlen: u32, third: u32, trailer: &[u32]) -> TypeId {
        let name_off = self.add_str(name);
        let info = (u32::from(kflag) << 31) | (u32::from(kind.0 & 0x7f) << 24) | (vlen & 0x00ff_ffff);
        self.add_raw(name_off, info, third, trailer)
    }

    /// Adds an INT of `size` bytes and `bits` value bits.
    pub fn add_int(&mut self, name: &str, size: u32, encoding: IntEncoding, bits: u32) -> TypeId {
        self.add_int_with_offset(name, size, encoding, 0, bits)
    }

    /// Adds an INT with a legacy bit offset.
    pub fn add_int_with_offset(&mut self, name: &str, size: u32, enc: IntEncoding, offset: u32, bits: u32) -> TypeId {
        let v = (u32::from(enc.0 & 0x0f) << 24) | ((offset & 0xff) << 16) | (bits & 0xff);
        self.add(name, BtfKind::INT, false, 0, size, &[v])
    }

    /// Adds a FLOAT.
    pub fn add_float(&mut self, name: &str, size: u32) -> TypeId {
        self.add(name, BtfKind::FLOAT, false, 0, size, &[])
    }

    /// Adds a PTR to `to`.
    pub fn add_ptr(&mut self, to: TypeId) -> TypeId {
        self.add("", BtfKind::PTR, false, 0, to.0, &[])
    }

    /// Adds a modifier or reference kind (CONST, VOLATILE, RESTRICT, TYPEDEF, PTR) to `to`.
    pub fn add_ref(&mut self, kind: BtfKind, name: &str, to: TypeId) -> TypeId {
        self.add(name, kind, false, 0, to.0, &[])
    }

    /// Adds a CONST.
    pub fn add_const(&mut self, to: TypeId) -> TypeId {
        self.add_ref(BtfKind::CONST, "", to)
    }
    /// Adds a VOLATILE.
    pub fn add_volatile(&mut self, to: TypeId) -> TypeId {
        self.add_ref(BtfKind::VOLATILE, "", to)
    }
    /// Adds a RESTRICT.
    pub fn add_restrict(&mut self, to: TypeId) -> TypeId {
        self.add_ref(BtfKind::RESTRICT, "", to)
    }
    /// Adds a TYPEDEF.
    pub fn add_typedef(&mut self, name: &str, to: TypeId) -> TypeId {
        self.add_ref(BtfKind::TYPEDEF, name, to)
    }

    /// Adds an ARRAY of `nelems` elements.
    pub fn add_array(&mut self, elem: TypeId, index: TypeId, nelems: u32) -> TypeId {
        self.add("", BtfKind::ARRAY, false, 0, 0, &[elem.0, index.0, nelems])
    }

    fn add_composite(&mut self, kind: BtfKind, name: &str, size: u32, members: &[MemberSpec<'_>]) -> TypeId {
        let kflag = members.iter().any(|m| m.bitfield_size != 0);
        let mut trailer = Vec::with_capacity(members.len() * 3);
        for m in members {
            let off = if kflag { (m.bitfield_size << 24) | (m.bit_offset & 0x00ff_ffff) } else { m.bit_offset };
            trailer.extend_from_slice(&[self.add_str(m.name).0, m.type_id.0, off]);
        }
        self.add(name, kind, kflag, members.len() as u32, size, &trailer)
    }

    /// Adds a STRUCT; kind_flag is set when any member is a bitfield.
    pub fn add_struct(&mut self, name: &str, size: u32, members: &[MemberSpec<'_>]) -> TypeId {
        self.add_composite(BtfKind::STRUCT, name, size, members)
    }

    /// Adds a UNION; kind_flag is set when any member is a bitfield.
    pub fn add_union(&mut self, name: &str, size: u32, members: &[MemberSpec<'_>]) -> TypeId {
        self.add_composite(BtfKind::UNION, name, size, members)
    }

    /// Adds an ENUM with 32-bit values (`signed` sets kind_flag).
    pub fn add_enum(&mut self, name: &str, size: u32, signed: bool, values: &[(&str, i64)]) -> TypeId {
        let mut trailer = Vec::with_capacity(values.len() * 2);
        for &(n, v) in values {
            trailer.extend_from_slice(&[self.add_str(n).0, v as u32]);
        }
        self.add(name, BtfKind::ENUM, signed, values.len() as u32, size, &trailer)
    }

    /// Adds an ENUM64 (`signed` sets kind_flag).
    pub fn add_enum64(&mut self, name: &str, size: u32, signed: bool, values: &[(&str, u64)]) -> TypeId {
        let mut trailer = Vec::with_capacity(values.len() * 3);
        for &(n, v) in values {
            trailer.extend_from_slice(&[self.add_str(n).0, v as u32, (v >> 32) as u32]);
        }
        self.add(name, BtfKind::ENUM64, signed, values.len() as u32, size, &trailer)
    }

    /// Adds a FWD of a struct or (`is_union`) a union.
    pub fn add_fwd(&mut self, name: &str, is_union: bool) -> TypeId {
        self.add(name, BtfKind::FWD, is_union, 0, 0, &[])
    }

    /// Adds a FUNC_PROTO; a trailing parameter of type 0 means `...`.
    pub fn add_func_proto(&mut self, ret: TypeId, params: &[(&str, TypeId)]) -> TypeId {
        let mut trailer = Vec::with_capacity(params.len() * 2);
        for &(n, t) in params {
            trailer.extend_from_slice(&[self.add_str(n).0, t.0]);
        }
        self.add("", BtfKind::FUNC_PROTO, false, params.len() as u32, ret.0, &trailer)
    }

    /// Adds a FUNC with `linkage` pointing at a FUNC_PROTO.
    pub fn add_func(&mut self, name: &str, proto: TypeId, linkage: Linkage) -> TypeId {
        self.add(name, BtfKind::FUNC, false, linkage.0, proto.0, &[])
    }

    /// Adds a VAR.
    pub fn add_var(&mut self, name: &str, ty: TypeId, linkage: Linkage) -> TypeId {
        self.add(name, BtfKind::VAR, false, 0, ty.0, &[linkage.0])
    }

    /// Adds a DATASEC with `(var, offset, size)` entries.
    pub fn add_datasec(&mut self, name: &str, size: u32, vars: &[(TypeId, u32, u32)]) -> TypeId {
        let mut trailer = Vec::with_capacity(vars.len() * 3);
        for &(t, off, sz) in vars {
            trailer.extend_from_slice(&[t.0, off, sz]);
        }
        self.add(name, BtfKind::DATASEC, false, vars.len() as u32, size, &trailer)
    }

    /// Adds a DECL_TAG on `to` (component -1 for the declaration itself);
    /// `attr` sets kind_flag (an `__attribute__` rather than a btf_decl_tag).
    pub fn add_decl_tag(&mut self, value: &str, to: TypeId, component: i32, attr: bool) -> TypeId {
        self.add(value, BtfKind::DECL_TAG, attr, 0, to.0, &[component as u32])
    }

    /// Adds a TYPE_TAG on `to`; `attr` sets kind_flag.
    pub fn add_type_tag(&mut self, value: &str, to: TypeId, attr: bool) -> TypeId {
        self.add(value, BtfKind::TYPE_TAG, attr, 0, to.0, &[])
    }

    /// Copies type `id` of `src`, re-interning its strings and mapping every
    /// type id it refers to through `map`. Returns the new id.
    pub fn copy_type(&mut self, src: &Btf<'_>, id: TypeId, mut map: impl FnMut(TypeId) -> TypeId) -> Option<TypeId> {
        let t = src.get(id)?;
        let e = t.endian();
        let words: Vec<u32> = t.bytes().chunks_exact(4).map(|c| e.u32_at(c, 0)).collect();
        let mut words = words;
        let s = |off: u32, this: &mut Self| this.add_str_bytes(src.str_bytes(StrOffset(off)).unwrap_or(b"")).0;
        let mut m = |v: u32| map(TypeId(v)).0;
        words[0] = s(words[0], self);
        let vlen = t.vlen() as usize;
        match t.kind() {
            k if t.refers_to_type() && k != BtfKind::FUNC_PROTO => words[2] = m(words[2]),
            BtfKind::FUNC_PROTO => {
                words[2] = m(words[2]);
                for i in 0..vlen {
                    words[3 + 2 * i] = s(words[3 + 2 * i], self);
                    words[4 + 2 * i] = m(words[4 + 2 * i]);
                }
            }
            BtfKind::ARRAY => {
                words[3] = m(words[3]);
                words[4] = m(words[4]);
            }
            BtfKind::STRUCT | BtfKind::UNION => {
                for i in 0..vlen {
                    words[3 + 3 * i] = s(words[3 + 3 * i], self);
                    words[4 + 3 * i] = m(words[4 + 3 * i]);
                }
            }
            BtfKind::ENUM => {
                for i in 0..vlen {
                    words[3 + 2 * i] = s(words[3 + 2 * i], self);
                }
            }
            BtfKind::ENUM64 => {
                for i in 0..vlen {
                    words[3 + 3 * i] = s(words[3 + 3 * i], self);
                }
            }
            BtfKind::DATASEC => {
                for i in 0..vlen {
                    words[3 + 3 * i] = m(words[3 + 3 * i]);
                }
            }
            _ => {}
        }
        Some(self.add_raw(StrOffset(words[0]), words[1], words[2], &words[3..]))
    }

    /// Appends all of `src`'s own types, like libbpf's `btf__add_btf`:
    /// type ids are shifted to follow this BTF's types (ids into a shared
    /// base stay), strings are re-added (offsets into a shared base stay).
    /// Returns the first new id. Fails, changing nothing, on a record this
    /// crate cannot walk or a bad string offset; split `src` must sit on a
    /// base of the same size as this BTF's.
    pub fn add_btf(&mut self, src: &Btf<'_>) -> crate::Result<TypeId> {
        use crate::error::{Error, ErrorKind};
        let src_start = src.start_id().0;
        if src.base().is_some() && src_start != self.start_id {
            return Err(Error::new(ErrorKind::BadTypeId { id: src_start, referenced: self.start_id }));
        }
        if self.shape.extra {
            return Err(Error::at(ErrorKind::BadHeaderLength(self.shape.hdr_len), 4));
        }
        let first = self.type_count();
        let (old_words, old_offsets, old_strings) = (self.words.len(), self.offsets.len(), self.strings.len());
        let e = src.endian();
        let src_str_start = src.start_str_off();
        let result = (|| {
            for (i, t) in src.types().enumerate() {
                let kind = t.kind();
                let bytes = t.bytes();
                if !kind.is_known() || kind == BtfKind::UNKN {
                    return Err(Error::new(ErrorKind::UnknownKind { id: src_start + i as u32, kind: kind.0 }));
                }
                let at = self.words.len();
                self.offsets.push(at as u32);
                self.words.extend(bytes.chunks_exact(4).map(|c| e.u32_at(c, 0)));
                let mut bad = None;
                crate::fields::for_each_str_field(kind, t.vlen(), |w| {
                    let off = self.words[at + w];
                    if off == 0 || off < src_str_start || bad.is_some() {
                        return;
                    }
                    match src.str_bytes(StrOffset(off)) {
                        Some(s) => self.words[at + w] = self.add_str_bytes(s).0,
                        None => bad = Some(off),
                    }
                });
                if let Some(str_off) = bad {
                    return Err(Error::new(ErrorKind::BadStringOffset { id: t.id().0, str_off }));
                }
                crate::fields::for_each_id_field(kind, t.vlen(), |w| {
                    let id = self.words[at + w];
                    if id != 0 && id >= src_start {
                        self.words[at + w] = id.wrapping_add(first).wrapping_sub(src_start);
                    }
                });
            }
            Ok(())
        })();
        if let Err(e) = result {
            self.words.truncate(old_words);
            self.offsets.truncate(old_offsets);
            self.strings.truncate(old_strings);
            self.str_index = None;
            return Err(e);
        }
        Ok(TypeId(first))
    }

    /// Encodes the BTF as libbpf's `btf__raw_data` writes it after a
    /// change: the header (created BTF: 32 bytes; parsed BTF: its own
    /// length and flags), types, the layout section, strings, without gaps.
    pub fn encode(&self, endian: Endian) -> Vec<u8> {
        let sh = self.shape;
        let hdr_len = if self.layout.is_some() { sh.hdr_len.max(HEADER_LEN_LAYOUT) } else { sh.hdr_len };
        // The sections follow the header without gaps (the kernel refuses
        // gaps), so a parsed input's non-zero `type_off` becomes 0: libbpf
        // keeps it and writes the types at 0 anyway, a blob nobody can read.
        let type_off = 0u32;
        let type_len = self.words.len() as u32 * 4;
        let layout_len = self.layout.as_ref().map_or(0, |l| l.len() as u32 * 4);
        let layout_off = if self.layout.is_some() { type_off.wrapping_add(type_len) } else { sh.layout_off };
        let str_len = self.strings.len() as u32;
        let str_off = type_off.wrapping_add(type_len).wrapping_add(layout_len);
        let mut out = Vec::with_capacity(hdr_len as usize + (type_len + layout_len + str_len) as usize);
        out.extend_from_slice(&endian.u16_bytes(BTF_MAGIC));
        out.extend_from_slice(&[1, sh.flags]);
        for v in [hdr_len, type_off, type_len, str_off, str_len] {
            out.extend_from_slice(&endian.u32_bytes(v));
        }
        if hdr_len >= HEADER_LEN_LAYOUT {
            out.extend_from_slice(&endian.u32_bytes(layout_off));
            out.extend_from_slice(&endian.u32_bytes(layout_len));
        }
        out.resize(hdr_len as usize, 0);
        let at = out.len();
        out.resize(at + self.words.len() * 4, 0);
        for (c, &w) in out[at..].chunks_exact_mut(4).zip(&self.words) {
            c.copy_from_slice(&endian.u32_bytes(w));
        }
        for l in self.layout.iter().flatten() {
            out.extend_from_slice(&[l.info_sz, l.elem_sz]);
            out.extend_from_slice(&endian.u16_bytes(l.flags));
        }
        out.extend_from_slice(&self.strings);
        out
    }
}

/// All string sections of `btf`'s base chain, concatenated from offset 0.
fn base_strings(btf: &Btf<'_>) -> Arc<[u8]> {
    let mut chain = vec![btf];
    while let Some(b) = chain.last().and_then(|b| b.base()) {
        chain.push(b);
    }
    chain.iter().rev().flat_map(|b| b.string_section().iter().copied()).collect()
}
