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
    /// The `.BTF.ext` section does not parse.
    BtfExtFormat(bpfkit_btf::Error),
    /// A `.BTF.ext` record contradicts the object.
    BtfExt(String),
    /// A CO-RE access string does not fit its BTF type.
    CoreAccess(String),
    /// Something the object needs is missing (e.g. `.BTF` for `.maps`).
    Missing(&'static str),
    /// A compressed (`SHF_COMPRESSED`) section cannot be decompressed.
    Decompress(&'static str),
    /// A section asked for by name is not in the file.
    NoSuchSection(String),
    /// The input is neither ELF nor readable raw or gzip BTF.
    Input(bpfkit_btf::Error),
}

/// An error reading an object: what is wrong and, when known, the byte
/// offset in the file where it was found.
///
/// The payload is boxed so the error is small (24 bytes) and `Result`s
/// stay cheap to pass around.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    offset: Option<u64>,
    kind: Box<ErrorKind>,
}

impl Error {
    /// An error whose place in the file is not known.
    pub fn new(kind: ErrorKind) -> Error {
        Error { offset: None, kind: Box::new(kind) }
    }
    /// An error at byte `offset` of the file.
    pub fn at(kind: ErrorKind, offset: u64) -> Error {
        Error { offset: Some(offset), kind: Box::new(kind) }
    }
    /// What is wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }
    /// The byte offset in the input where the problem was found, if known.
    pub fn offset(&self) -> Option<u64> {
        self.offset
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
            ErrorKind::BtfExtFormat(e) => write!(f, ".BTF.ext: {}", e.kind()),
            ErrorKind::BtfExt(s) => write!(f, ".BTF.ext: {s}"),
            ErrorKind::CoreAccess(s) => write!(f, "CO-RE access: {s}"),
            ErrorKind::Missing(s) => write!(f, "missing {s}"),
            ErrorKind::Decompress(s) => write!(f, "compressed section: {s}"),
            ErrorKind::NoSuchSection(s) => write!(f, "section '{s}' not found"),
            ErrorKind::Input(e) => write!(f, "{e}"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.offset {
            Some(at) => write!(f, "{} (at byte {at:#x})", self.kind),
            None => write!(f, "{}", self.kind),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &*self.kind {
            ErrorKind::Btf(e) | ErrorKind::BtfExtFormat(e) | ErrorKind::Input(e) => Some(e),
            _ => None,
        }
    }
}

/// The crate's result type.
pub type Result<T> = core::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_is_small() {
        assert!(size_of::<Error>() <= 24, "{}", size_of::<Error>());
        assert!(size_of::<Result<()>>() <= 24);
    }

    #[test]
    fn unknown_offset_is_not_printed() {
        let e = Error::new(ErrorKind::Missing(".BTF"));
        assert_eq!(e.to_string(), "missing .BTF");
        assert_eq!(e.offset(), None);
        let e = Error::at(ErrorKind::Missing(".BTF"), 0x40);
        assert_eq!(e.to_string(), "missing .BTF (at byte 0x40)");
    }

    #[test]
    fn keeps_the_btf_source() {
        use std::error::Error as _;
        let inner = bpfkit_btf::Btf::parse(&[0u8; 4]).unwrap_err();
        let e = Error::new(ErrorKind::Btf(inner.clone()));
        assert_eq!(e.source().map(|s| s.to_string()), Some(inner.to_string()));
        assert!(Error::new(ErrorKind::Missing("x")).source().is_none());
    }
}
