//! The crate's error type.

use std::fmt;

/// What went wrong, and where.
///
/// Byte offsets count from the start of the input given to the failing
/// function (instruction bytes or assembler text).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The input ends inside an instruction: `len` bytes remain at `offset`
    /// where `needed` are required.
    Truncated {
        /// Byte offset of the incomplete instruction.
        offset: u64,
        /// Bytes the instruction needs (8 or 16).
        needed: u8,
        /// Bytes left in the input.
        len: u8,
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
        value: i32,
    },
    /// The assembler could not parse or resolve a line.
    Asm(Box<AsmError>),
}

/// Where and why the assembler stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AsmError {
    /// Byte offset in the source text.
    pub offset: u64,
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
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
            Error::Asm(a) => write!(f, "line {} (byte {}): {}", a.line, a.offset, a.message),
        }
    }
}

impl std::error::Error for Error {}
