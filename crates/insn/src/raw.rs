//! The raw 8-byte instruction slot.
//!
//! Byte order is the project's one [`Endian`] (from `bpfkit-btf`): in
//! `bpfel` the destination register is the low nibble of byte 1, in `bpfeb`
//! the high nibble.

use crate::opcode::Opcode;
pub use bpfkit_btf::Endian;

/// One 8-byte instruction slot with its fields split out.
///
/// `dst` and `src` are 4-bit fields; [`RawInsn::to_bytes`] keeps only their
/// low nibbles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct RawInsn {
    /// The opcode byte.
    pub code: Opcode,
    /// Destination register field (4 bits).
    pub dst: u8,
    /// Source register field (4 bits).
    pub src: u8,
    /// Signed 16-bit offset.
    pub off: i16,
    /// Signed 32-bit immediate.
    pub imm: i32,
}

impl RawInsn {
    /// Size of one slot in bytes.
    pub const SIZE: usize = 8;

    /// Splits 8 bytes into fields.
    #[inline]
    pub fn from_bytes(b: [u8; 8], endian: Endian) -> RawInsn {
        match endian {
            Endian::Little => RawInsn {
                code: Opcode(b[0]),
                dst: b[1] & 0x0f,
                src: b[1] >> 4,
                off: i16::from_le_bytes([b[2], b[3]]),
                imm: i32::from_le_bytes([b[4], b[5], b[6], b[7]]),
            },
            Endian::Big => RawInsn {
                code: Opcode(b[0]),
                dst: b[1] >> 4,
                src: b[1] & 0x0f,
                off: i16::from_be_bytes([b[2], b[3]]),
                imm: i32::from_be_bytes([b[4], b[5], b[6], b[7]]),
            },
        }
    }

    /// Reads the slot at the start of `bytes`, if there are 8 bytes.
    #[inline]
    pub fn read(bytes: &[u8], endian: Endian) -> Option<RawInsn> {
        let b: [u8; 8] = bytes.get(..8)?.try_into().ok()?;
        Some(RawInsn::from_bytes(b, endian))
    }

    /// Joins the fields into 8 bytes.
    #[inline]
    pub fn to_bytes(&self, endian: Endian) -> [u8; 8] {
        let (regs, off, imm) = match endian {
            Endian::Little => {
                ((self.src & 0x0f) << 4 | (self.dst & 0x0f), self.off.to_le_bytes(), self.imm.to_le_bytes())
            }
            Endian::Big => ((self.dst & 0x0f) << 4 | (self.src & 0x0f), self.off.to_be_bytes(), self.imm.to_be_bytes()),
        };
        [self.code.0, regs, off[0], off[1], imm[0], imm[1], imm[2], imm[3]]
    }
}
