//! The emitter's error type.

use bpfkit_btf::TypeId;
use core::fmt;

/// Why a header could not be (completely) written.
///
/// Output already written to the sink stays there: like bpftool, the
/// emitter streams and stops at the first error.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// A cycle of types that no forward declaration can break (libbpf's
    /// "unsatisfiable type cycle").
    Cycle(TypeId),
    /// A chain of type references deeper than the emitter follows, or more
    /// work than the input's size justifies (malformed BTF).
    TooDeep(TypeId),
    /// A type of a kind the C emitter does not know (libbpf's `EINVAL`).
    UnknownKind(TypeId),
    /// A root given by id is not in the BTF.
    BadRoot(TypeId),
    /// A type refers to an id that is not in the BTF.
    BadTypeId(TypeId),
    /// A root given by name matches no struct, union, enum or typedef.
    NoSuchName(Box<str>),
    /// The `io::Write` sink failed.
    Io(std::io::Error),
    /// The `fmt::Write` sink failed.
    Fmt,
    /// The input of [`write_vmlinux_h`](crate::write_vmlinux_h) is not
    /// usable BTF (raw, gzip) or does not parse; the error names the byte offset.
    Btf(bpfkit_btf::Error),
    /// The input is an ELF file whose `.BTF` cannot be read (feature `elf`),
    /// or an ELF file while that feature is off.
    Elf(Box<str>),
}

/// Results of this crate.
pub type Result<T> = core::result::Result<T, Error>;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Cycle(id) => write!(f, "unsatisfiable type cycle, id:[{}]", id.0),
            Error::TooDeep(id) => write!(f, "type graph too deep or too complex at id:[{}]", id.0),
            Error::UnknownKind(id) => write!(f, "type of unknown kind, id:[{}]", id.0),
            Error::BadRoot(id) => write!(f, "invalid root ID: {}", id.0),
            Error::BadTypeId(id) => write!(f, "reference to a type that does not exist, id:[{}]", id.0),
            Error::NoSuchName(n) => write!(f, "no struct, union, enum or typedef named '{n}'"),
            Error::Io(e) => write!(f, "writing output: {e}"),
            Error::Fmt => f.write_str("writing output: formatter error"),
            Error::Btf(e) => write!(f, "{e}"),
            Error::Elf(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io(e) => Some(e),
            Error::Btf(e) => Some(e),
            _ => None,
        }
    }
}
