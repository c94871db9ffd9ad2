//! The `.BTF` header (24 bytes, or 32 with the 2026 layout section).

use crate::endian::Endian;
use crate::error::{Error, ErrorKind, Result};

/// The BTF magic number.
pub const BTF_MAGIC: u16 = 0xeb9f;
/// The 24-byte header length.
pub const HEADER_LEN: u32 = 24;
/// The 32-byte header length (with `layout_off`/`layout_len`).
pub const HEADER_LEN_LAYOUT: u32 = 32;

/// A decoded `.BTF` header. Offsets are relative to the end of the header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Header {
    /// Byte order detected from the magic.
    pub endian: Endian,
    /// Format version (1).
    pub version: u8,
    /// Flags (0).
    pub flags: u8,
    /// Header length in bytes.
    pub hdr_len: u32,
    /// Type section offset.
    pub type_off: u32,
    /// Type section length.
    pub type_len: u32,
    /// String section offset.
    pub str_off: u32,
    /// String section length.
    pub str_len: u32,
    /// Layout section offset (0 without one).
    pub layout_off: u32,
    /// Layout section length (0 without one).
    pub layout_len: u32,
}

/// Reads the magic and returns the byte order it implies.
pub fn detect_endian(data: &[u8]) -> Result<Endian> {
    match data.get(..2) {
        Some([0x9f, 0xeb]) => Ok(Endian::Little),
        Some([0xeb, 0x9f]) => Ok(Endian::Big),
        Some(&[a, b]) => Err(Error::at(ErrorKind::BadMagic(u16::from_le_bytes([a, b])), 0)),
        _ => Err(Error::at(ErrorKind::Truncated { what: "BTF header", needed: 24 }, 0)),
    }
}

impl Header {
    /// Parses and checks the header the way libbpf does: the sections must
    /// lie inside the blob, types before strings, 4-byte aligned, and the
    /// optional layout section between them.
    pub fn parse(data: &[u8]) -> Result<Header> {
        let endian = detect_endian(data)?;
        if data.len() < HEADER_LEN as usize {
            return Err(Error::at(
                ErrorKind::Truncated { what: "BTF header", needed: HEADER_LEN as usize },
                data.len(),
            ));
        }
        let u = |off| endian.u32_at(data, off);
        let version = data[2];
        if version != 1 {
            return Err(Error::at(ErrorKind::BadVersion(version), 2));
        }
        let hdr_len = u(4);
        if hdr_len < HEADER_LEN {
            return Err(Error::at(ErrorKind::BadHeaderLength(hdr_len), 4));
        }
        if hdr_len as usize > data.len() {
            return Err(Error::at(ErrorKind::Truncated { what: "BTF header", needed: hdr_len as usize }, data.len()));
        }
        let (layout_off, layout_len) = if hdr_len >= HEADER_LEN_LAYOUT { (u(24), u(28)) } else { (0, 0) };
        let h = Header {
            endian,
            version,
            flags: data[3],
            hdr_len,
            type_off: u(8),
            type_len: u(12),
            str_off: u(16),
            str_len: u(20),
            layout_off,
            layout_len,
        };
        let meta_left = (data.len() - hdr_len as usize) as u64;
        if u64::from(h.str_off) + u64::from(h.str_len) > meta_left {
            return Err(Error::at(ErrorKind::BadSection("string"), 16));
        }
        if u64::from(h.type_off) + u64::from(h.type_len) > u64::from(h.str_off) {
            return Err(Error::at(ErrorKind::BadSection("type"), 8));
        }
        if !h.type_off.is_multiple_of(4) {
            return Err(Error::at(ErrorKind::Misaligned("type"), 8));
        }
        if h.layout_len != 0 {
            if !h.layout_off.is_multiple_of(4) {
                return Err(Error::at(ErrorKind::Misaligned("layout"), 24));
            }
            if u64::from(h.layout_off) < u64::from(h.type_off) + u64::from(h.type_len)
                || u64::from(h.layout_off) + u64::from(h.layout_len) > u64::from(h.str_off)
            {
                return Err(Error::at(ErrorKind::BadSection("layout"), 24));
            }
            if !h.layout_len.is_multiple_of(4) {
                return Err(Error::at(ErrorKind::BadLayout("length not a multiple of 4"), 28));
            }
        }
        Ok(h)
    }

    /// Absolute byte range of the type section in the blob.
    pub fn type_range(&self) -> core::ops::Range<usize> {
        let start = self.hdr_len as usize + self.type_off as usize;
        start..start + self.type_len as usize
    }

    /// Absolute byte range of the string section in the blob.
    pub fn str_range(&self) -> core::ops::Range<usize> {
        let start = self.hdr_len as usize + self.str_off as usize;
        start..start + self.str_len as usize
    }

    /// Absolute byte range of the layout section in the blob (empty without one).
    pub fn layout_range(&self) -> core::ops::Range<usize> {
        if self.layout_len == 0 {
            // `layout_off` is not checked when there is no layout section.
            return 0..0;
        }
        let start = self.hdr_len as usize + self.layout_off as usize;
        start..start + self.layout_len as usize
    }
}

/// One entry of the layout section: how a kind's records are laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct KindLayout {
    /// Bytes of the single element after the 12-byte common header.
    pub info_sz: u8,
    /// Bytes of each of the vlen elements.
    pub elem_sz: u8,
    /// Flags (unused today).
    pub flags: u16,
}
