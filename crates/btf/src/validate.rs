//! Strict validation: the kernel's rules that libbpf leaves out.
use core::fmt;
/// A kernel rule that strict validation enforces.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// placeholder
    Placeholder,
}
impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self:?}")
    }
}
