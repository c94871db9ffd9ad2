//! The crate's error type: what is wrong and at which byte offset.

use core::fmt;
use std::sync::Arc;

/// An error found while reading or validating BTF: what is wrong
/// ([`ErrorKind`]) and, when known, the byte offset in the input blob (the
/// raw `.BTF` or `.BTF.ext` bytes) where it was found.
///
/// The details live behind one pointer, so a `Result<T, Error>` costs a
/// word more than `T` and the error path allocates only when taken.
#[derive(Clone)]
pub struct Error(Box<Inner>);

#[derive(Clone)]
struct Inner {
    kind: ErrorKind,
    offset: Option<u64>,
    source: Option<Arc<dyn std::error::Error + Send + Sync>>,
}

/// What is wrong with a BTF input.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The input ends before a structure that must be there.
    Truncated {
        /// What was being read.
        what: &'static str,
        /// How many bytes were needed.
        needed: usize,
    },
    /// The magic is neither 0xeb9f nor its byte swap.
    BadMagic(u16),
    /// The version is not 1.
    BadVersion(u8),
    /// A header length the format does not allow.
    BadHeaderLength(u32),
    /// A section lies outside the input or overlaps another.
    BadSection(&'static str),
    /// A section offset is not aligned to 4 bytes.
    Misaligned(&'static str),
    /// The string section is malformed (empty, not NUL-terminated, ...).
    BadStrings(&'static str),
    /// The layout section is malformed.
    BadLayout(&'static str),
    /// A type has a kind that is neither known nor described by a layout section.
    UnknownKind {
        /// The type's id.
        id: u32,
        /// The kind number.
        kind: u8,
    },
    /// A type record runs past the end of the type section.
    TypeTruncated {
        /// The type's id.
        id: u32,
    },
    /// The type section has bytes left over that do not form a type.
    TrailingTypeBytes,
    /// A string offset points outside the string section.
    BadStringOffset {
        /// The type whose record holds the offset (0 when not in a type).
        id: u32,
        /// The offending offset.
        str_off: u32,
    },
    /// A string is not valid UTF-8.
    NotUtf8 {
        /// The string offset.
        str_off: u32,
    },
    /// A type refers to a type id that does not exist.
    BadTypeId {
        /// The referring type.
        id: u32,
        /// The referenced id.
        referenced: u32,
    },
    /// A FUNC does not point at a FUNC_PROTO.
    FuncNotProto {
        /// The FUNC's id.
        id: u32,
    },
    /// More types than BTF can number.
    TooManyTypes,
    /// A gzip stream could not be decompressed.
    Gzip,
    /// A `.BTF.ext` structure is malformed.
    BadExt(&'static str),
    /// A kernel rule checked by strict validation failed.
    Strict {
        /// The type that breaks the rule (0 for the header).
        id: u32,
        /// Which rule.
        rule: crate::rule::Rule,
        /// The member, parameter or entry the rule is about, if any.
        part: crate::rule::Part,
    },
    /// A chain of type references is longer than any real type needs (a cycle).
    TooDeep {
        /// Where the walk started.
        id: u32,
    },
    /// A type of the wrong kind for the question asked.
    WrongKind {
        /// The type.
        id: u32,
        /// What the question needs (`"a sized type"`, `"an array"`).
        expected: &'static str,
        /// The kind found (`BtfKind::UNKN` when the type could not be read).
        found: crate::kind::BtfKind,
    },
    /// Split BTF and its base have different byte orders.
    EndianMismatch,
    /// Deduplication cannot go on (libbpf's `btf__dedup` fails the same way).
    Dedup {
        /// The type being deduplicated (0 when none).
        id: u32,
        /// What is wrong.
        what: &'static str,
    },
    /// Output would exceed an explicit limit (decompression).
    TooLarge {
        /// What would be too large.
        what: &'static str,
        /// The limit in bytes.
        limit: u64,
    },
}

impl Error {
    /// Makes an error found at byte `offset` of the input.
    #[cold]
    pub fn at(kind: ErrorKind, offset: usize) -> Error {
        Error(Box::new(Inner { kind, offset: Some(offset as u64), source: None }))
    }

    /// Makes an error whose place in the input is unknown (or not a byte
    /// offset: a question about a type id, a whole container).
    #[cold]
    pub fn new(kind: ErrorKind) -> Error {
        Error(Box::new(Inner { kind, offset: None, source: None }))
    }

    /// Keeps `source` as the cause ([`std::error::Error::source`]).
    #[cold]
    pub fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Error {
        self.0.source = Some(Arc::new(source));
        self
    }

    /// What is wrong.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// The byte offset in the input where the problem was found, if known.
    pub fn offset(&self) -> Option<u64> {
        self.0.offset
    }
}

impl PartialEq for Error {
    /// Errors are equal when kind and offset are (the source is not compared).
    fn eq(&self, other: &Error) -> bool {
        self.0.kind == other.0.kind && self.0.offset == other.0.offset
    }
}

impl Eq for Error {}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Error");
        d.field("kind", &self.0.kind).field("offset", &self.0.offset);
        if let Some(s) = &self.0.source {
            d.field("source", &s.to_string());
        }
        d.finish()
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ErrorKind::Truncated { what, needed } => {
                write!(f, "truncated {what}: {needed} bytes needed")
            }
            ErrorKind::BadMagic(m) => write!(f, "bad BTF magic {m:#06x}"),
            ErrorKind::BadVersion(v) => write!(f, "unsupported BTF version {v}"),
            ErrorKind::BadHeaderLength(l) => write!(f, "bad header length {l}"),
            ErrorKind::BadSection(s) => write!(f, "{s} section out of bounds"),
            ErrorKind::Misaligned(s) => write!(f, "{s} section not aligned to 4 bytes"),
            ErrorKind::BadStrings(s) => write!(f, "bad string section: {s}"),
            ErrorKind::BadLayout(s) => write!(f, "bad layout section: {s}"),
            ErrorKind::UnknownKind { id, kind } => {
                write!(f, "type [{id}]: unknown kind {kind} not described by a layout section")
            }
            ErrorKind::TypeTruncated { id } => write!(f, "type [{id}] runs past the type section"),
            ErrorKind::TrailingTypeBytes => f.write_str("type section has trailing bytes"),
            ErrorKind::BadStringOffset { id, str_off } => {
                write!(f, "type [{id}]: string offset {str_off} out of range")
            }
            ErrorKind::NotUtf8 { str_off } => write!(f, "string at offset {str_off} is not UTF-8"),
            ErrorKind::BadTypeId { id, referenced } => {
                write!(f, "type [{id}]: references nonexistent type id {referenced}")
            }
            ErrorKind::FuncNotProto { id } => {
                write!(f, "type [{id}]: FUNC does not point at a FUNC_PROTO")
            }
            ErrorKind::TooManyTypes => f.write_str("too many types"),
            ErrorKind::Gzip => f.write_str("invalid gzip data"),
            ErrorKind::BadExt(s) => write!(f, "bad .BTF.ext: {s}"),
            ErrorKind::Strict { id: 0, rule, part: crate::rule::Part::Type } => {
                write!(f, "kernel rejects the BTF: {rule}")
            }
            ErrorKind::Strict { id, rule, part } => write!(f, "kernel rejects type [{id}]{part}: {rule}"),
            ErrorKind::TooDeep { id } => {
                write!(f, "type [{id}]: reference chain too deep (cycle?)")
            }
            ErrorKind::WrongKind { id, expected, found } => {
                write!(f, "type [{id}] is {}, not {expected}", found.name())
            }
            ErrorKind::EndianMismatch => f.write_str("split BTF and its base have different byte orders"),
            ErrorKind::Dedup { id, what } => write!(f, "dedup: type [{id}]: {what}"),
            ErrorKind::TooLarge { what, limit } => write!(f, "{what} larger than the limit of {limit} bytes"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.offset {
            Some(off) => write!(f, "at byte offset {off}: {}", self.0.kind),
            None => write!(f, "{}", self.0.kind),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source.as_deref().map(|s| s as &(dyn std::error::Error + 'static))
    }
}

/// The crate's result type.
pub type Result<T> = core::result::Result<T, Error>;
