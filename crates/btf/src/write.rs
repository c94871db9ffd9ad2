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
use crate::endian::Endian;
use crate::header::{BTF_MAGIC, HEADER_LEN, HEADER_LEN_LAYOUT, KindLayout};
use crate::kind::{BtfKind, IntEncoding, Linkage, StrOffset, TypeId};
use std::collections::HashMap;

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
#[derive(Clone, Debug)]
pub struct BtfBuilder {
    strings: Vec<u8>,
    str_index: Option<HashMap<Box<[u8]>, u32>>,
    words: Vec<u32>,
    offsets: Vec<u32>,
    start_id: u32,
    start_str: u32,
    layout: Option<Vec<KindLayout>>,
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
    /// An empty standalone BTF (its string section holds just `""`).
    pub fn new() -> BtfBuilder {
        BtfBuilder {
            strings: vec![0],
            str_index: None,
            words: Vec::new(),
            offsets: Vec::new(),
            start_id: 1,
            start_str: 0,
            layout: None,
        }
    }

    /// An empty split BTF on top of `base`: ids continue after the base's
    /// types and string offsets after its strings. New strings are not
    /// deduplicated against the base's.
    pub fn new_split(base: &Btf<'_>) -> BtfBuilder {
        let start_str = base.start_str_off() + base.string_section().len() as u32;
        BtfBuilder { strings: Vec::new(), start_id: base.type_count(), start_str, ..BtfBuilder::new() }
    }

    /// A copy of a parsed BTF, keeping its string section byte for byte, so
    /// that encoding it in its own byte order gives back the same bytes.
    pub fn from_btf(btf: &Btf<'_>) -> BtfBuilder {
        let e = btf.endian();
        let words = btf.type_section().chunks_exact(4).map(|c| e.u32_at(c, 0)).collect();
        let offsets = btf.type_offsets().iter().map(|&o| o / 4).collect();
        let layout = (!btf.layout_section().is_empty()).then(|| btf.layout_entries().collect());
        BtfBuilder {
            strings: btf.string_section().to_vec(),
            str_index: None,
            words,
            offsets,
            start_id: btf.start_id().0,
            start_str: btf.start_str_off(),
            layout,
        }
    }

    /// Asks for a 32-byte header and a layout section (libbpf's table
    /// unless one was copied); `false` drops it.
    pub fn with_layout(&mut self, on: bool) -> &mut Self {
        self.layout = if on { Some(self.layout.take().unwrap_or_else(default_layout)) } else { None };
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
            let mut map = HashMap::new();
            let mut off = 0usize;
            for part in self.strings.split(|&b| b == 0) {
                if off < self.strings.len() {
                    map.entry(part.into()).or_insert(self.start_str + off as u32);
                }
                off += part.len() + 1;
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
    /// base stay), strings are re-added. Returns the first new id.
    pub fn add_btf(&mut self, src: &Btf<'_>) -> crate::Result<TypeId> {
        if src.base().is_some() && src.start_id().0 != self.start_id {
            return Err(crate::Error::new(crate::ErrorKind::WrongKind { id: src.start_id().0 }, 0));
        }
        let first = self.next_id();
        let src_start = src.start_id().0;
        let shift = first.0 - src_start;
        for t in src.types() {
            self.copy_type(src, t.id(), |id| if id.0 < src_start || id.0 == 0 { id } else { TypeId(id.0 + shift) });
        }
        Ok(first)
    }

    /// Encodes the BTF: header (24 bytes, or 32 with a layout section),
    /// types, the layout section, strings.
    pub fn encode(&self, endian: Endian) -> Vec<u8> {
        let hdr_len = if self.layout.is_some() { HEADER_LEN_LAYOUT } else { HEADER_LEN };
        let type_len = self.words.len() as u32 * 4;
        let layout_len = self.layout.as_ref().map_or(0, |l| l.len() as u32 * 4);
        let str_len = self.strings.len() as u32;
        let mut out = Vec::with_capacity((hdr_len + type_len + layout_len + str_len) as usize);
        out.extend_from_slice(&endian.u16_bytes(BTF_MAGIC));
        out.extend_from_slice(&[1, 0]);
        for v in [hdr_len, 0, type_len, type_len + layout_len, str_len] {
            out.extend_from_slice(&endian.u32_bytes(v));
        }
        if self.layout.is_some() {
            out.extend_from_slice(&endian.u32_bytes(type_len));
            out.extend_from_slice(&endian.u32_bytes(layout_len));
        }
        for &w in &self.words {
            out.extend_from_slice(&endian.u32_bytes(w));
        }
        for l in self.layout.iter().flatten() {
            out.extend_from_slice(&[l.info_sz, l.elem_sz]);
            out.extend_from_slice(&endian.u16_bytes(l.flags));
        }
        out.extend_from_slice(&self.strings);
        out
    }
}
