//! The eBPF instruction model of bpfkit.
//!
//! ```
//! use bpfkit_insn::{DisplayConfig, Endian, decode, write_insn};
//! // r0 = 1; exit
//! let code = [0xb7, 0, 0, 0, 1, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0];
//! let mut text = String::new();
//! for item in decode(&code, Endian::Little) {
//!     let (_offset, insn) = item.unwrap();
//!     write_insn(&mut text, &insn, &DisplayConfig::LLVM).unwrap();
//!     text.push('\n');
//! }
//! assert_eq!(text, "r0 = 0x1\nexit\n");
//! ```
//!
//! * [`opcode`]: spec constants as open newtypes ([`Opcode`], [`Class`],
//!   [`AluOp`], [`JmpOp`], [`Size`], [`Mode`], [`AtomicOp`], [`PseudoSrc`],
//!   [`CallSrc`], [`Reg`]).
//! * [`raw`]: the 8-byte slot ([`RawInsn`]) in either byte order.
//! * [`insn`]: the typed instruction ([`Insn`]), decoding and encoding,
//!   and the accessors relocation code needs.
//! * [`display`]: LLVM-syntax text (`llvm-objdump -d` of LLVM 22).
//! * `asm` (feature `assembler`, on by default): the assembler for that text.
//! * `arbitrary` (feature `arbitrary`): random valid instructions for
//!   property tests and fuzzing.
//!
//! The `llvm-objdump -d` layout of a whole ELF object (sections, symbol
//! labels, jump-target annotations) is `bpfkit_obj::objdump`.
//!
//! Every input is untrusted: decoding never panics, invalid slots become
//! [`Insn::Unknown`] and re-encode to the same bytes.

#[cfg(any(test, feature = "arbitrary"))]
pub mod arbitrary;
#[cfg(feature = "assembler")]
pub mod asm;
pub mod display;
pub mod error;
pub mod insn;
pub mod opcode;
pub mod raw;

#[cfg(feature = "assembler")]
pub use asm::{assemble, assemble_insn};
pub use display::{DisplayConfig, Flavor, write_insn};
pub use error::{AsmError, Error};
pub use insn::{Decoder, Encoded, Field, Insn, Operand, Swap, Width, decode, decode_all, encode_all};
pub use opcode::{AluOp, AtomicOp, CallSrc, Class, JmpOp, Mode, Opcode, PseudoSrc, Reg, Size, Source};
pub use raw::{Endian, RawInsn};

#[cfg(test)]
mod tests;
