//! The linker's error: what is wrong, in which input file, section and
//! symbol, and at which byte offset when it is known: of the named
//! section when the error names one (`.BTF`, `.BTF.ext`), else of the file.

use core::fmt;

/// What went wrong.
#[non_exhaustive]
#[derive(Debug)]
pub enum ErrorKind {
    /// The input is not a BPF relocatable object libbpf's linker accepts.
    Malformed(String),
    /// The input's byte order differs from the first input's.
    ByteOrder {
        /// The first input (which set the output byte order).
        first: String,
    },
    /// Two sections of the same name differ in type, flags or entry size.
    SectionMismatch {
        /// The input that contributed the section first.
        first: String,
        /// What differs.
        what: &'static str,
    },
    /// `license` or `version` differ between inputs.
    ContentMismatch {
        /// The input that contributed the section first.
        first: String,
    },
    /// Two strong (non-weak) definitions of one global symbol.
    StrongConflict {
        /// The input holding the other definition.
        first: String,
    },
    /// Two declarations of one global symbol do not match (BTF type or map definition).
    SymbolMismatch {
        /// The input holding the earlier declaration.
        first: String,
        /// What differs.
        what: String,
    },
    /// BTF needed to link a global or extern symbol is missing.
    MissingBtf(String),
    /// The input's `.BTF` or `.BTF.ext` is bad, or BTF dedup failed.
    Btf(bpfkit_btf::Error),
    /// The input's ELF structure is bad.
    Obj(bpfkit_obj::Error),
}

#[derive(Debug)]
struct Inner {
    kind: ErrorKind,
    file: Option<String>,
    section: Option<String>,
    symbol: Option<String>,
    offset: Option<u64>,
}

/// A linking error: one boxed word, naming the input file, section and
/// symbol when they are known, and the byte offset in that file or that
/// it is unknown.
#[derive(Debug)]
pub struct Error(Box<Inner>);

/// `Result` with this crate's [`Error`].
pub type Result<T> = core::result::Result<T, Error>;

impl Error {
    /// An error of `kind` at an unknown offset.
    pub fn new(kind: ErrorKind) -> Error {
        Error(Box::new(Inner { kind, file: None, section: None, symbol: None, offset: None }))
    }
    /// An error of `kind` at byte `offset` of the input file.
    pub fn at(kind: ErrorKind, offset: u64) -> Error {
        let mut e = Error::new(kind);
        e.0.offset = Some(offset);
        e
    }
    /// Names the input file (kept if already set).
    pub fn in_file(mut self, file: &str) -> Error {
        self.0.file.get_or_insert_with(|| file.to_owned());
        self
    }
    /// Names the section (kept if already set).
    pub fn in_section(mut self, section: &str) -> Error {
        self.0.section.get_or_insert_with(|| section.to_owned());
        self
    }
    /// Names the symbol (kept if already set).
    pub fn for_symbol(mut self, symbol: &str) -> Error {
        self.0.symbol.get_or_insert_with(|| symbol.to_owned());
        self
    }
    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }
    /// The input file, if known.
    pub fn file(&self) -> Option<&str> {
        self.0.file.as_deref()
    }
    /// The section, if known.
    pub fn section(&self) -> Option<&str> {
        self.0.section.as_deref()
    }
    /// The symbol, if known.
    pub fn symbol(&self) -> Option<&str> {
        self.0.symbol.as_deref()
    }
    /// The byte offset, if known: in the named section for BTF errors, else in the file.
    pub fn offset(&self) -> Option<u64> {
        self.0.offset
    }
}

pub(crate) fn malformed(what: impl Into<String>) -> Error {
    Error::new(ErrorKind::Malformed(what.into()))
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Malformed(w) => write!(f, "{w}"),
            ErrorKind::ByteOrder { first } => write!(f, "byte order differs from the first input '{first}'"),
            ErrorKind::SectionMismatch { first, what } => write!(f, "section {what} differ from '{first}'"),
            ErrorKind::ContentMismatch { first } => write!(f, "contents differ from '{first}' (must be identical)"),
            ErrorKind::StrongConflict { first } => {
                write!(f, "conflicting non-weak definition, also defined in '{first}'")
            }
            ErrorKind::SymbolMismatch { first, what } => {
                write!(f, "does not match the declaration in '{first}': {what}")
            }
            ErrorKind::MissingBtf(w) => write!(f, "{w}"),
            ErrorKind::Btf(e) => write!(f, "{e}"),
            ErrorKind::Obj(e) => write!(f, "{e}"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.0;
        if let Some(file) = &i.file {
            write!(f, "{file}: ")?;
        }
        if let Some(s) = &i.section {
            write!(f, "section '{s}': ")?;
        }
        if let Some(s) = &i.symbol {
            write!(f, "symbol '{s}': ")?;
        }
        write!(f, "{}", i.kind)?;
        match i.offset {
            Some(o) => write!(f, " (at byte {o})"),
            None => write!(f, " (offset unknown)"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.0.kind {
            ErrorKind::Btf(e) => Some(e),
            ErrorKind::Obj(e) => Some(e),
            _ => None,
        }
    }
}

impl From<bpfkit_btf::Error> for Error {
    fn from(e: bpfkit_btf::Error) -> Error {
        let off = e.offset();
        let mut err = Error::new(ErrorKind::Btf(e));
        err.0.offset = off;
        err
    }
}

impl From<bpfkit_obj::Error> for Error {
    fn from(e: bpfkit_obj::Error) -> Error {
        let off = e.offset();
        let mut err = Error::new(ErrorKind::Obj(e));
        err.0.offset = off;
        err
    }
}
