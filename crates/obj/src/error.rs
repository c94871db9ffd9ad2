//! The one error type of the crate: where in the file, and what is wrong.

use core::fmt;

/// What is wrong with an object.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The ELF structure is broken (headers, tables, out-of-bounds data).
    Elf(String),
    /// The file is valid ELF but not a BPF relocatable object.
    NotBpf(&'static str),
    /// A section is malformed or referenced wrongly.
    Section {
        /// The section's index (or the bad index itself).
        index: u32,
        /// What is wrong.
        what: String,
    },
    /// A symbol is malformed or referenced wrongly.
    Symbol {
        /// The symbol's index (or the bad index itself).
        index: u32,
        /// What is wrong.
        what: String,
    },
    /// A program (function symbol in a code section) is malformed.
    Program {
        /// The program's name.
        name: String,
        /// What is wrong.
        what: String,
    },
    /// A map definition is malformed.
    Map {
        /// The map's name.
        name: String,
        /// What is wrong.
        what: String,
    },
    /// An extern (`__kconfig`, `__ksym`) is malformed.
    Extern {
        /// The extern's name.
        name: String,
        /// What is wrong.
        what: String,
    },
    /// A relocation is malformed or cannot be resolved.
    Reloc {
        /// The relocation section's name.
        section: String,
        /// The relocation's index in that section.
        index: usize,
        /// What is wrong.
        what: String,
    },
    /// The `.BTF` section does not parse.
    Btf(bpfkit_btf::Error),
    /// The `.BTF.ext` section does not parse or contradicts the object.
    BtfExt(String),
    /// A CO-RE access string does not fit its BTF type.
    CoreAccess(String),
    /// Something the object needs is missing (e.g. `.BTF` for `.maps`).
    Missing(&'static str),
}

/// An error reading an object: a byte offset in the file (0 when no better
/// place is known) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// Byte offset in the input where the problem was found.
    pub offset: u64,
    /// What is wrong.
    pub kind: ErrorKind,
}

impl Error {
    /// Creates an error at `offset`.
    pub fn new(kind: ErrorKind, offset: u64) -> Error {
        Error { offset, kind }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Elf(s) => write!(f, "bad ELF: {s}"),
            ErrorKind::NotBpf(s) => write!(f, "not a BPF object: {s}"),
            ErrorKind::Section { index, what } => write!(f, "section #{index}: {what}"),
            ErrorKind::Symbol { index, what } => write!(f, "symbol #{index}: {what}"),
            ErrorKind::Program { name, what } => write!(f, "program '{name}': {what}"),
            ErrorKind::Map { name, what } => write!(f, "map '{name}': {what}"),
            ErrorKind::Extern { name, what } => write!(f, "extern '{name}': {what}"),
            ErrorKind::Reloc { section, index, what } => write!(f, "relocation #{index} in '{section}': {what}"),
            ErrorKind::Btf(e) => write!(f, ".BTF: {e}"),
            ErrorKind::BtfExt(s) => write!(f, ".BTF.ext: {s}"),
            ErrorKind::CoreAccess(s) => write!(f, "CO-RE access: {s}"),
            ErrorKind::Missing(s) => write!(f, "missing {s}"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {:#x})", self.kind, self.offset)
    }
}

impl std::error::Error for Error {}

/// The crate's result type.
pub type Result<T> = core::result::Result<T, Error>;
