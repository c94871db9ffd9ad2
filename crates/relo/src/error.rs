//! The one error type of the crate: which relocation, and what is wrong.

use core::fmt;

/// Where a relocation record is: its `.BTF.ext` section and index there
/// (libbpf's `relo #N`), and its instruction's byte offset in the section.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ReloRef {
    /// The code section the record points into.
    pub section: String,
    /// The record's index among that section's CO-RE records.
    pub index: usize,
    /// The instruction's byte offset in the section (`insn_off`).
    pub insn_off: u32,
}

impl fmt::Display for ReloRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "sec '{}' relo #{} (insn_off {})", self.section, self.index, self.insn_off)
    }
}

/// What went wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The object does not parse or lacks `.BTF`/`.BTF.ext`.
    Object,
    /// A target BTF is unusable.
    Target,
    /// The access string is malformed (syntax, length, negative index).
    AccessString,
    /// The access string does not fit the local type (bad index, wrong kind).
    Spec,
    /// The relocation kind is unknown or not applicable.
    Unsupported,
    /// Matching a candidate failed (too deep, broken target BTF).
    Match,
    /// Candidates disagree (libbpf: field offset / relocation decision ambiguity).
    Ambiguous,
    /// The value cannot be computed (bitfield too wide for a 64-bit load).
    Value,
    /// The instruction does not have the form or value the relocation expects.
    Patch,
}

/// An error, naming the relocation when there is one.
///
/// The details live behind one pointer (a `Result<T, Error>` costs a word
/// more than `T`).
#[derive(Clone, PartialEq, Eq)]
pub struct Error(Box<Inner>);

#[derive(Clone, Debug, PartialEq, Eq)]
struct Inner {
    kind: ErrorKind,
    relo: Option<ReloRef>,
    message: String,
    libbpf_log: Option<String>,
}

impl Error {
    /// A new error without a relocation.
    #[cold]
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error(Box::new(Inner { kind, relo: None, message: message.into(), libbpf_log: None }))
    }
    /// Sets what libbpf's log says about it after `relo #N: `.
    pub fn with_log(mut self, line: impl Into<String>) -> Error {
        self.0.libbpf_log = Some(line.into());
        self
    }
    /// Replaces the message (to add context).
    pub fn with_message(mut self, message: impl Into<String>) -> Error {
        self.0.message = message.into();
        self
    }
    /// Attaches the relocation.
    pub fn at(mut self, relo: &ReloRef) -> Error {
        self.0.relo = Some(relo.clone());
        self
    }
    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }
    /// The relocation, if the error is about one.
    pub fn relo(&self) -> Option<&ReloRef> {
        self.0.relo.as_ref()
    }
    /// Details in words.
    pub fn message(&self) -> &str {
        &self.0.message
    }
    /// What libbpf's log says about it after `relo #N: `, when libbpf
    /// logs such a line (`field offset ambiguity: 0 != 32`).
    pub fn libbpf_log(&self) -> Option<&str> {
        self.0.libbpf_log.as_deref()
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(r) = &self.0.relo {
            write!(f, "{r}: ")?;
        }
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for Error {}

impl From<bpfkit_obj::core_spec::SpecError> for Error {
    fn from(e: bpfkit_obj::core_spec::SpecError) -> Error {
        use bpfkit_obj::core_spec::SpecErrorKind as K;
        let kind = match e.kind {
            K::AccessString => ErrorKind::AccessString,
            K::Unsupported => ErrorKind::Unsupported,
            _ => ErrorKind::Spec,
        };
        Error::new(kind, e.message)
    }
}

/// The crate's result type.
pub type Result<T> = core::result::Result<T, Error>;
