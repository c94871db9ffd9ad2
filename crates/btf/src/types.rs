//! Borrowed views of type records and of their trailing elements.

use crate::endian::Endian;
use crate::kind::{BtfKind, IntEncoding, Linkage, StrOffset, TypeId};

/// The 12 zero bytes that stand for the void type (id 0).
pub(crate) static VOID_RECORD: [u8; 12] = [0; 12];

/// A view of one type record: the 12-byte `btf_type` plus what follows it.
///
/// Accessors never panic: the record's length was checked when the BTF was
/// indexed. Names are string offsets; resolve them with [`crate::Btf::str`].
#[derive(Clone, Copy)]
pub struct Type<'a> {
    pub(crate) id: TypeId,
    pub(crate) endian: Endian,
    pub(crate) bytes: &'a [u8],
    /// The three words of the common header, decoded once.
    head: [u32; 3],
}

impl core::fmt::Debug for Type<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Type")
            .field("id", &self.id.0)
            .field("kind", &self.kind())
            .field("name_off", &self.name_off().0)
            .field("vlen", &self.vlen())
            .finish()
    }
}

impl<'a> Type<'a> {
    /// The view of the record `bytes` (its header's words read now; 0
    /// for those past the end).
    #[inline]
    pub(crate) fn new(id: TypeId, endian: Endian, bytes: &'a [u8]) -> Type<'a> {
        let word = |i: usize| endian.u32_at(bytes, i * 4);
        Type { id, endian, bytes, head: [word(0), word(1), word(2)] }
    }

    #[inline]
    fn word(&self, i: usize) -> u32 {
        match self.head.get(i) {
            Some(&w) => w,
            None => self.endian.u32_at(self.bytes, i * 4),
        }
    }

    /// The type's id.
    #[inline]
    pub fn id(&self) -> TypeId {
        self.id
    }
    /// The record's bytes, header and trailer, as they are in the input.
    #[inline]
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }
    /// The record's byte order.
    #[inline]
    pub fn endian(&self) -> Endian {
        self.endian
    }
    /// `name_off`.
    #[inline]
    pub fn name_off(&self) -> StrOffset {
        StrOffset(self.word(0))
    }
    /// The raw `info` word.
    #[inline]
    pub fn info(&self) -> u32 {
        self.word(1)
    }
    /// The kind (bits 24–30).
    #[inline]
    pub fn kind(&self) -> BtfKind {
        BtfKind(((self.info() >> 24) & 0x7f) as u8)
    }
    /// vlen (bits 0–23).
    #[inline]
    pub fn vlen(&self) -> u32 {
        self.info() & 0x00ff_ffff
    }
    /// kind_flag (bit 31).
    #[inline]
    pub fn kflag(&self) -> bool {
        self.info() >> 31 != 0
    }
    /// The third word: `size` for INT/ENUM/STRUCT/UNION/DATASEC/FLOAT/ENUM64.
    #[inline]
    pub fn size(&self) -> u32 {
        self.word(2)
    }
    /// The third word: `type` for PTR/TYPEDEF/modifiers/FUNC/FUNC_PROTO/VAR/tags.
    #[inline]
    pub fn type_id(&self) -> TypeId {
        TypeId(self.word(2))
    }
    /// The bytes after the 12-byte common header.
    #[inline]
    pub fn trailer(&self) -> &'a [u8] {
        self.bytes.get(12..).unwrap_or(&[])
    }

    /// Whether this is a struct or union.
    #[inline]
    pub fn is_composite(&self) -> bool {
        matches!(self.kind(), BtfKind::STRUCT | BtfKind::UNION)
    }
    /// Whether this is an ENUM or ENUM64.
    #[inline]
    pub fn is_enum(&self) -> bool {
        matches!(self.kind(), BtfKind::ENUM | BtfKind::ENUM64)
    }
    /// Whether this is CONST, VOLATILE, RESTRICT or TYPE_TAG.
    #[inline]
    pub fn is_modifier(&self) -> bool {
        matches!(self.kind(), BtfKind::CONST | BtfKind::VOLATILE | BtfKind::RESTRICT | BtfKind::TYPE_TAG)
    }
    /// Whether the third word holds a type id (rather than a size).
    #[inline]
    pub fn refers_to_type(&self) -> bool {
        matches!(
            self.kind(),
            BtfKind::PTR
                | BtfKind::TYPEDEF
                | BtfKind::VOLATILE
                | BtfKind::CONST
                | BtfKind::RESTRICT
                | BtfKind::FUNC
                | BtfKind::FUNC_PROTO
                | BtfKind::VAR
                | BtfKind::DECL_TAG
                | BtfKind::TYPE_TAG
        )
    }

    /// The INT trailer, for INTs.
    #[inline]
    pub fn int(&self) -> Option<IntInfo> {
        (self.kind() == BtfKind::INT).then(|| {
            let v = self.word(3);
            IntInfo { encoding: IntEncoding(((v >> 24) & 0x0f) as u8), offset: (v >> 16) & 0xff, bits: v & 0xff }
        })
    }
    /// The ARRAY trailer, for ARRAYs.
    #[inline]
    pub fn array(&self) -> Option<ArrayInfo> {
        (self.kind() == BtfKind::ARRAY).then(|| ArrayInfo {
            elem: TypeId(self.word(3)),
            index: TypeId(self.word(4)),
            nelems: self.word(5),
        })
    }
    /// A VAR's linkage.
    #[inline]
    pub fn var_linkage(&self) -> Option<Linkage> {
        (self.kind() == BtfKind::VAR).then(|| Linkage(self.word(3)))
    }
    /// A FUNC's linkage (its vlen).
    #[inline]
    pub fn func_linkage(&self) -> Option<Linkage> {
        (self.kind() == BtfKind::FUNC).then(|| Linkage(self.vlen()))
    }
    /// A DECL_TAG's component index (-1 for the declaration itself).
    #[inline]
    pub fn decl_tag_component(&self) -> Option<i32> {
        (self.kind() == BtfKind::DECL_TAG).then(|| self.word(3) as i32)
    }
    /// Whether a FWD declares a union (kind_flag).
    #[inline]
    pub fn fwd_is_union(&self) -> bool {
        self.kind() == BtfKind::FWD && self.kflag()
    }
    /// Whether an ENUM/ENUM64 is signed (kind_flag).
    #[inline]
    pub fn enum_is_signed(&self) -> bool {
        self.is_enum() && self.kflag()
    }

    fn elems(&self, kind_ok: bool, elem_words: usize) -> Elems<'a> {
        let n = if kind_ok { self.vlen() as usize } else { 0 };
        // The indexer checked that vlen elements fit; clamp anyway.
        let size = elem_words * 4;
        let trailer = self.trailer();
        let bytes = trailer.get(..n.saturating_mul(size)).unwrap_or(&trailer[..trailer.len() / size * size]);
        Elems { endian: self.endian, chunks: bytes.chunks_exact(size) }
    }

    /// Members of a STRUCT/UNION (empty for other kinds).
    #[inline]
    pub fn members(&self) -> Members<'a> {
        Members { elems: self.elems(self.is_composite(), 3), kflag: self.kflag() }
    }
    /// Enumerators of an ENUM/ENUM64 (empty for other kinds), values widened to 64 bits.
    #[inline]
    pub fn enumerators(&self) -> Enumerators<'a> {
        let k = self.kind();
        let words = if k == BtfKind::ENUM64 { 3 } else { 2 };
        Enumerators { elems: self.elems(self.is_enum(), words), signed: self.kflag(), is64: k == BtfKind::ENUM64 }
    }
    /// Parameters of a FUNC_PROTO (empty for other kinds).
    #[inline]
    pub fn params(&self) -> Params<'a> {
        Params { elems: self.elems(self.kind() == BtfKind::FUNC_PROTO, 2) }
    }
    /// Variables of a DATASEC (empty for other kinds).
    #[inline]
    pub fn datasec_vars(&self) -> DatasecVars<'a> {
        DatasecVars { elems: self.elems(self.kind() == BtfKind::DATASEC, 3) }
    }
}

/// The INT trailer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct IntInfo {
    /// Signed/char/bool bits.
    pub encoding: IntEncoding,
    /// Bit offset (legacy, normally 0).
    pub offset: u32,
    /// Number of value bits.
    pub bits: u32,
}

/// The ARRAY trailer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ArrayInfo {
    /// Element type.
    pub elem: TypeId,
    /// Index type.
    pub index: TypeId,
    /// Number of elements.
    pub nelems: u32,
}

/// Fixed-size elements after a type record, read lazily.
#[derive(Clone, Debug)]
struct Elems<'a> {
    endian: Endian,
    /// One chunk per element, of two or three words.
    chunks: core::slice::ChunksExact<'a, u8>,
}

impl Elems<'_> {
    /// The next element's words (the third 0 for two-word elements).
    #[inline]
    fn next(&mut self) -> Option<[u32; 3]> {
        let c = self.chunks.next()?;
        let e = self.endian;
        let word = |i: usize| e.u32_at(c, i * 4);
        Some([word(0), word(1), word(2)])
    }
    fn remaining(&self) -> usize {
        self.chunks.len()
    }
}

macro_rules! elem_iter {
    ($name:ident, $item:ident, |$s:ident, $w:ident| $make:expr) => {
        impl<'a> Iterator for $name<'a> {
            type Item = $item;
            #[inline]
            fn next(&mut self) -> Option<$item> {
                let $w = self.elems.next()?;
                let $s = &*self;
                Some($make)
            }
            fn size_hint(&self) -> (usize, Option<usize>) {
                let n = self.elems.remaining();
                (n, Some(n))
            }
        }
        impl ExactSizeIterator for $name<'_> {}
    };
}

/// A STRUCT/UNION member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Member {
    /// Member name (0 for anonymous members).
    pub name_off: StrOffset,
    /// Member type.
    pub type_id: TypeId,
    /// Bit offset from the start of the composite.
    pub bit_offset: u32,
    /// Bitfield size in bits (0 for a plain member or a kind_flag=0 composite).
    pub bitfield_size: u32,
    /// The raw `offset` word.
    pub raw_offset: u32,
}

/// Iterator over a composite's members.
#[derive(Clone, Debug)]
pub struct Members<'a> {
    elems: Elems<'a>,
    kflag: bool,
}
elem_iter!(Members, Member, |s, w| {
    let (bit_offset, bitfield_size) = if s.kflag { (w[2] & 0x00ff_ffff, w[2] >> 24) } else { (w[2], 0) };
    Member { name_off: StrOffset(w[0]), type_id: TypeId(w[1]), bit_offset, bitfield_size, raw_offset: w[2] }
});

/// An enumerator of an ENUM or ENUM64.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Enumerator {
    /// Enumerator name.
    pub name_off: StrOffset,
    /// The value's 64 bits: ENUM values are sign-extended when the enum is
    /// signed and zero-extended otherwise.
    pub value: u64,
}

impl Enumerator {
    /// The value read as signed.
    #[inline]
    pub fn signed(&self) -> i64 {
        self.value as i64
    }
}

/// Iterator over an enum's enumerators.
#[derive(Clone, Debug)]
pub struct Enumerators<'a> {
    elems: Elems<'a>,
    signed: bool,
    is64: bool,
}
elem_iter!(Enumerators, Enumerator, |s, w| {
    let value = if s.is64 {
        u64::from(w[1]) | (u64::from(w[2]) << 32)
    } else if s.signed {
        w[1] as i32 as i64 as u64
    } else {
        u64::from(w[1])
    };
    Enumerator { name_off: StrOffset(w[0]), value }
});

/// A FUNC_PROTO parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Param {
    /// Parameter name (may be 0).
    pub name_off: StrOffset,
    /// Parameter type (0 for a trailing `...`).
    pub type_id: TypeId,
}

/// Iterator over a prototype's parameters.
#[derive(Clone, Debug)]
pub struct Params<'a> {
    elems: Elems<'a>,
}
elem_iter!(Params, Param, |_s, w| Param { name_off: StrOffset(w[0]), type_id: TypeId(w[1]) });

/// A DATASEC entry (`btf_var_secinfo`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DatasecVar {
    /// The VAR (or FUNC) type.
    pub type_id: TypeId,
    /// Offset in the section.
    pub offset: u32,
    /// Size in bytes.
    pub size: u32,
}

/// Iterator over a DATASEC's entries.
#[derive(Clone, Debug)]
pub struct DatasecVars<'a> {
    elems: Elems<'a>,
}
elem_iter!(DatasecVars, DatasecVar, |_s, w| DatasecVar { type_id: TypeId(w[0]), offset: w[1], size: w[2] });
