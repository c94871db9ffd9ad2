//! Byte order of a BTF blob and safe little helpers to read words.

/// Byte order: of a BTF blob (detected from its magic), of an object's
/// instructions and ELF structures, and of the machine a program runs on.
///
/// This is bpfkit's one byte-order type; every crate uses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Endian {
    /// Little-endian (x86-64, arm64, `bpfel`).
    #[default]
    Little,
    /// Big-endian (s390x, `bpfeb`).
    Big,
}

impl Endian {
    /// The byte order of the machine running this code.
    pub const NATIVE: Endian = if cfg!(target_endian = "big") { Endian::Big } else { Endian::Little };

    /// Reads a `u32` at `off`, or `None` past the end.
    #[inline]
    pub fn read_u32(self, bytes: &[u8], off: usize) -> Option<u32> {
        let b: [u8; 4] = bytes.get(off..off.checked_add(4)?)?.try_into().ok()?;
        Some(match self {
            Endian::Little => u32::from_le_bytes(b),
            Endian::Big => u32::from_be_bytes(b),
        })
    }

    /// Reads a `u16` at `off`, or `None` past the end.
    #[inline]
    pub fn read_u16(self, bytes: &[u8], off: usize) -> Option<u16> {
        let b: [u8; 2] = bytes.get(off..off.checked_add(2)?)?.try_into().ok()?;
        Some(match self {
            Endian::Little => u16::from_le_bytes(b),
            Endian::Big => u16::from_be_bytes(b),
        })
    }

    /// Reads a `u32` at `off`, giving 0 past the end (for records whose
    /// bounds were checked when the blob was indexed).
    #[inline]
    pub(crate) fn u32_at(self, bytes: &[u8], off: usize) -> u32 {
        self.read_u32(bytes, off).unwrap_or(0)
    }

    /// Encodes a `u32`.
    #[inline]
    pub fn u32_bytes(self, v: u32) -> [u8; 4] {
        match self {
            Endian::Little => v.to_le_bytes(),
            Endian::Big => v.to_be_bytes(),
        }
    }

    /// Encodes a `u16`.
    #[inline]
    pub fn u16_bytes(self, v: u16) -> [u8; 2] {
        match self {
            Endian::Little => v.to_le_bytes(),
            Endian::Big => v.to_be_bytes(),
        }
    }
}
