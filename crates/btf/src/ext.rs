//! `.BTF.ext`: func_info, line_info and CO-RE relocation records, per ELF section.
//!
//! Parsing walks every subsection once and checks it the way libbpf's
//! `btf_ext_parse_sec_info` does, so iteration afterwards cannot fail.
//! Record sizes larger than today's are accepted in both byte orders (the
//! known fields are read; the rest of each record is skipped). libbpf
//! accepts them only in the host's byte order.

use crate::btf_header::detect_endian;
use crate::endian::Endian;
use crate::error::{Error, ErrorKind, Result};
use crate::kind::{StrOffset, TypeId};
use core::fmt;

/// Minimum record sizes: func_info, line_info, core_relo.
pub const MIN_RECORD_SIZES: [u32; 3] = [8, 16, 16];

/// A decoded `.BTF.ext` header (24 or 32 bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ExtHeader {
    /// Byte order from the magic.
    pub endian: Endian,
    /// Header length.
    pub hdr_len: u32,
    /// func_info subsection offset (after the header).
    pub func_info_off: u32,
    /// func_info subsection length.
    pub func_info_len: u32,
    /// line_info subsection offset.
    pub line_info_off: u32,
    /// line_info subsection length.
    pub line_info_len: u32,
    /// CO-RE relocation subsection offset (0 with a 24-byte header).
    pub core_relo_off: u32,
    /// CO-RE relocation subsection length (0 with a 24-byte header).
    pub core_relo_len: u32,
}

/// A parsed `.BTF.ext` blob.
#[derive(Clone, Copy, Debug)]
pub struct BtfExt<'a> {
    data: &'a [u8],
    header: ExtHeader,
    subs: [Subsection<'a>; 3],
}

/// One subsection (func_info, line_info or core_relo): a record size and
/// per-ELF-section groups of records.
#[derive(Clone, Copy, Debug, Default)]
pub struct Subsection<'a> {
    endian: Option<Endian>,
    record_size: u32,
    /// The bytes after the record-size word.
    bytes: &'a [u8],
    /// Absolute offset of `bytes` in the blob.
    at: usize,
}

impl<'a> BtfExt<'a> {
    /// Parses and checks a `.BTF.ext` blob.
    pub fn parse(data: &'a [u8]) -> Result<BtfExt<'a>> {
        let endian = detect_endian(data)
            .map_err(|e| if data.len() < 2 { Error::at(ErrorKind::BadExt("header too short"), 0) } else { e })?;
        if data.len() < 8 {
            return Err(Error::at(ErrorKind::BadExt("header too short"), 0));
        }
        if data[2] != 1 {
            return Err(Error::at(ErrorKind::BadVersion(data[2]), 2));
        }
        if data[3] != 0 {
            return Err(Error::at(ErrorKind::BadExt("unsupported flags"), 3));
        }
        let hdr_len = endian.u32_at(data, 4);
        if (data.len() as u64) < u64::from(hdr_len) {
            return Err(Error::at(ErrorKind::BadExt("header runs past the data"), 4));
        }
        if data.len() as u64 == u64::from(hdr_len) {
            return Err(Error::at(ErrorKind::BadExt("no data after the header"), 4));
        }
        if hdr_len < 24 {
            return Err(Error::at(ErrorKind::BadExt("header misses func_info/line_info"), 4));
        }
        let u = |o: usize| endian.u32_at(data, o);
        let (core_relo_off, core_relo_len) = if hdr_len >= 32 { (u(24), u(28)) } else { (0, 0) };
        let header = ExtHeader {
            endian,
            hdr_len,
            func_info_off: u(8),
            func_info_len: u(12),
            line_info_off: u(16),
            line_info_len: u(20),
            core_relo_off,
            core_relo_len,
        };
        let mut subs = [Subsection::default(); 3];
        let specs = [
            (header.func_info_off, header.func_info_len, 8usize),
            (header.line_info_off, header.line_info_len, 16),
            (header.core_relo_off, header.core_relo_len, 24),
        ];
        for (i, &(off, len, field_at)) in specs.iter().enumerate() {
            subs[i] = parse_subsection(data, endian, hdr_len, off, len, MIN_RECORD_SIZES[i], field_at)?;
        }
        Ok(BtfExt { data, header, subs })
    }

    /// The whole blob.
    pub fn data(&self) -> &'a [u8] {
        self.data
    }
    /// The decoded header.
    pub fn header(&self) -> &ExtHeader {
        &self.header
    }
    /// The func_info subsection.
    pub fn func_info(&self) -> Subsection<'a> {
        self.subs[0]
    }
    /// The line_info subsection.
    pub fn line_info(&self) -> Subsection<'a> {
        self.subs[1]
    }
    /// The CO-RE relocation subsection.
    pub fn core_relo(&self) -> Subsection<'a> {
        self.subs[2]
    }
}

fn parse_subsection<'a>(
    data: &'a [u8],
    endian: Endian,
    hdr_len: u32,
    off: u32,
    len: u32,
    min: u32,
    field_at: usize,
) -> Result<Subsection<'a>> {
    if len == 0 {
        return Ok(Subsection::default());
    }
    if !off.is_multiple_of(4) {
        return Err(Error::at(ErrorKind::BadExt("subsection not aligned to 4 bytes"), field_at));
    }
    let start = u64::from(hdr_len) + u64::from(off);
    if start + u64::from(len) > data.len() as u64 {
        return Err(Error::at(ErrorKind::BadExt("subsection runs past the data"), field_at));
    }
    let start = start as usize;
    let sub = &data[start..start + len as usize];
    if sub.len() < 4 {
        return Err(Error::at(ErrorKind::BadExt("record size missing"), start));
    }
    let record_size = endian.u32_at(sub, 0);
    if record_size < min || !record_size.is_multiple_of(4) {
        return Err(Error::at(ErrorKind::BadExt("invalid record size"), start));
    }
    let bytes = &sub[4..];
    if bytes.is_empty() {
        return Err(Error::at(ErrorKind::BadExt("subsection has no records"), start + 4));
    }
    let mut rest = bytes;
    let mut at = start + 4;
    while !rest.is_empty() {
        if rest.len() < 8 {
            return Err(Error::at(ErrorKind::BadExt("section header truncated"), at));
        }
        let num = endian.u32_at(rest, 4);
        if num == 0 {
            return Err(Error::at(ErrorKind::BadExt("section with zero records"), at + 4));
        }
        let total = 8 + u64::from(num) * u64::from(record_size);
        if total > rest.len() as u64 {
            return Err(Error::at(ErrorKind::BadExt("section's records run past the subsection"), at + 4));
        }
        rest = &rest[total as usize..];
        at += total as usize;
    }
    Ok(Subsection { endian: Some(endian), record_size, bytes, at: start + 4 })
}

impl<'a> Subsection<'a> {
    /// Whether the subsection is absent.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
    /// The record size (0 when absent).
    pub fn record_size(&self) -> u32 {
        self.record_size
    }
    /// The per-ELF-section groups.
    pub fn sections(&self) -> ExtSections<'a> {
        ExtSections { sub: *self, rest: self.bytes, at: self.at }
    }
}

/// Iterator over the per-section groups of a subsection.
#[derive(Clone, Debug)]
pub struct ExtSections<'a> {
    sub: Subsection<'a>,
    rest: &'a [u8],
    at: usize,
}

impl<'a> Iterator for ExtSections<'a> {
    type Item = ExtSection<'a>;
    fn next(&mut self) -> Option<ExtSection<'a>> {
        let e = self.sub.endian?;
        if self.rest.len() < 8 {
            return None;
        }
        let name = e.u32_at(self.rest, 0);
        let num = e.u32_at(self.rest, 4);
        let total = 8usize.checked_add((num as usize).checked_mul(self.sub.record_size as usize)?)?;
        let records = self.rest.get(8..total)?;
        let at = self.at;
        self.rest = &self.rest[total..];
        self.at += total;
        Some(ExtSection { endian: e, sec_name_off: StrOffset(name), record_size: self.sub.record_size, records, at })
    }
}

/// The records of one ELF section.
#[derive(Clone, Copy, Debug)]
pub struct ExtSection<'a> {
    endian: Endian,
    /// The ELF section's name, as an offset into `.BTF`'s strings.
    pub sec_name_off: StrOffset,
    record_size: u32,
    records: &'a [u8],
    /// Absolute offset of this group's header in the blob.
    pub at: usize,
}

impl<'a> ExtSection<'a> {
    /// Number of records.
    pub fn len(&self) -> usize {
        self.records.len() / self.record_size as usize
    }
    /// Whether there are no records.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
    fn words(&self) -> impl ExactSizeIterator<Item = [u32; 4]> + use<'a> {
        let e = self.endian;
        self.records
            .chunks_exact(self.record_size as usize)
            .map(move |r| [e.u32_at(r, 0), e.u32_at(r, 4), e.u32_at(r, 8), e.u32_at(r, 12)])
    }
    /// The records as func_info.
    pub fn func_infos(&self) -> impl ExactSizeIterator<Item = FuncInfo> + use<'a> {
        self.words().map(|w| FuncInfo { insn_off: w[0], type_id: TypeId(w[1]) })
    }
    /// The records as line_info.
    pub fn line_infos(&self) -> impl ExactSizeIterator<Item = LineInfo> + use<'a> {
        self.words().map(|w| LineInfo {
            insn_off: w[0],
            file_name_off: StrOffset(w[1]),
            line_off: StrOffset(w[2]),
            line_col: w[3],
        })
    }
    /// The records as CO-RE relocations.
    pub fn core_relos(&self) -> impl ExactSizeIterator<Item = CoreRelo> + use<'a> {
        self.words().map(|w| CoreRelo {
            insn_off: w[0],
            type_id: TypeId(w[1]),
            access_str_off: StrOffset(w[2]),
            kind: CoreReloKind(w[3]),
        })
    }
}

/// A `bpf_func_info` record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct FuncInfo {
    /// Byte offset of the function's first instruction in its section.
    pub insn_off: u32,
    /// The FUNC type.
    pub type_id: TypeId,
}

/// A `bpf_line_info` record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct LineInfo {
    /// Byte offset of the instruction.
    pub insn_off: u32,
    /// Source file name.
    pub file_name_off: StrOffset,
    /// Source line text.
    pub line_off: StrOffset,
    /// `line << 10 | column`.
    pub line_col: u32,
}

impl LineInfo {
    /// The line number.
    pub fn line(&self) -> u32 {
        self.line_col >> 10
    }
    /// The column.
    pub fn column(&self) -> u32 {
        self.line_col & 0x3ff
    }
}

/// A `bpf_core_relo` record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CoreRelo {
    /// Byte offset of the instruction in its section.
    pub insn_off: u32,
    /// The local root type.
    pub type_id: TypeId,
    /// The access string (`"0:1:2"`), an offset into `.BTF`'s strings.
    pub access_str_off: StrOffset,
    /// What the relocation computes.
    pub kind: CoreReloKind,
}

/// A CO-RE relocation kind (`enum bpf_core_relo_kind`), kept open.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CoreReloKind(pub u32);

impl CoreReloKind {
    /// Field byte offset.
    pub const FIELD_BYTE_OFFSET: CoreReloKind = CoreReloKind(0);
    /// Field byte size.
    pub const FIELD_BYTE_SIZE: CoreReloKind = CoreReloKind(1);
    /// Field existence.
    pub const FIELD_EXISTS: CoreReloKind = CoreReloKind(2);
    /// Field signedness.
    pub const FIELD_SIGNED: CoreReloKind = CoreReloKind(3);
    /// Bitfield left shift.
    pub const FIELD_LSHIFT_U64: CoreReloKind = CoreReloKind(4);
    /// Bitfield right shift.
    pub const FIELD_RSHIFT_U64: CoreReloKind = CoreReloKind(5);
    /// Local type id.
    pub const TYPE_ID_LOCAL: CoreReloKind = CoreReloKind(6);
    /// Target type id.
    pub const TYPE_ID_TARGET: CoreReloKind = CoreReloKind(7);
    /// Type existence.
    pub const TYPE_EXISTS: CoreReloKind = CoreReloKind(8);
    /// Type size.
    pub const TYPE_SIZE: CoreReloKind = CoreReloKind(9);
    /// Enumerator existence.
    pub const ENUMVAL_EXISTS: CoreReloKind = CoreReloKind(10);
    /// Enumerator value.
    pub const ENUMVAL_VALUE: CoreReloKind = CoreReloKind(11);
    /// Type match.
    pub const TYPE_MATCHES: CoreReloKind = CoreReloKind(12);

    /// libbpf's short name (`byte_off`, ...), `unknown` for others.
    pub fn name(self) -> &'static str {
        const NAMES: [&str; 13] = [
            "byte_off",
            "byte_sz",
            "field_exists",
            "signed",
            "lshift_u64",
            "rshift_u64",
            "local_type_id",
            "target_type_id",
            "type_exists",
            "type_size",
            "enumval_exists",
            "enumval_value",
            "type_matches",
        ];
        NAMES.get(self.0 as usize).copied().unwrap_or("unknown")
    }

    /// Whether this is a field-based relocation (kinds 0–5).
    pub fn is_field(self) -> bool {
        self.0 <= 5
    }
    /// Whether this is a type-based relocation (kinds 6–9 and 12).
    pub fn is_type(self) -> bool {
        matches!(self.0, 6..=9 | 12)
    }
    /// Whether this is an enumerator-based relocation (kinds 10–11).
    pub fn is_enumval(self) -> bool {
        matches!(self.0, 10 | 11)
    }
}

impl fmt::Display for CoreReloKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 <= 12 { f.write_str(self.name()) } else { write!(f, "kind_{}", self.0) }
    }
}
