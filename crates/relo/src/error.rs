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
#[derive(Clone, Debug, PartialEq, Eq)]
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// The relocation, if the error is about one.
    pub relo: Option<ReloRef>,
    /// Details in words.
    pub message: String,
    /// What libbpf's log says about it after `relo #N: `, when libbpf
    /// logs such a line (`field offset ambiguity: 0 != 32`).
    pub libbpf_log: Option<String>,
}

impl Error {
    /// A new error without a relocation.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error { kind, relo: None, message: message.into(), libbpf_log: None }
    }
    /// Sets the libbpf log line.
    pub fn with_log(mut self, line: impl Into<String>) -> Error {
        self.libbpf_log = Some(line.into());
        self
    }
    /// Attaches the relocation.
    pub fn at(mut self, relo: &ReloRef) -> Error {
        self.relo = Some(relo.clone());
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(r) = &self.relo {
            write!(f, "{r}: ")?;
        }
        f.write_str(&self.message)
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
