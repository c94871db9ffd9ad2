//! The crate's error type.

use std::fmt;

/// What went wrong, and where.
///
/// Byte offsets count from the start of the input given to the failing
/// function (instruction bytes, assembler text or ELF file).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The input ends inside an instruction: `len` bytes remain at `offset`
    /// where `needed` are required.
    Truncated {
        /// Byte offset of the incomplete instruction.
        offset: usize,
        /// Bytes the instruction needs.
        needed: usize,
        /// Bytes left in the input.
        len: usize,
    },
    /// The instruction has no field of this kind (e.g. `set_off` on `exit`).
    NoSuchField {
        /// The field that was asked for.
        field: &'static str,
    },
    /// A value does not fit the field it is written to.
    OutOfRange {
        /// The field being written.
        field: &'static str,
        /// The value that does not fit.
        value: i64,
    },
    /// The assembler could not parse or resolve a line.
    Asm {
        /// Byte offset in the source text.
        offset: usize,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The ELF object could not be read.
    Elf {
        /// Byte offset in the file, when known.
        offset: Option<u64>,
        /// What is wrong.
        message: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Truncated { offset, needed, len } => {
                write!(f, "at byte {offset:#x}: truncated instruction ({len} bytes left, {needed} needed)")
            }
            Error::NoSuchField { field } => write!(f, "instruction has no {field} field"),
            Error::OutOfRange { field, value } => {
                write!(f, "value {value:#x} does not fit the {field} field")
            }
            Error::Asm { offset, line, message } => write!(f, "line {line} (byte {offset}): {message}"),
            Error::Elf { offset: Some(o), message } => write!(f, "at byte {o:#x}: {message}"),
            Error::Elf { offset: None, message } => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}
