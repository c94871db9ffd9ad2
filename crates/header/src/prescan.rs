//! The pass over every type that a full dump starts with, made from the
//! raw type records while the BTF is still being parsed.

use crate::emit::PrepPart;
use crate::error::Result;
use bpfkit_btf::{Btf, Records};

/// What a full dump needs to know of every type first (kinds, references,
/// the sizes of the name tables), gathered from the raw records of
/// standalone BTF. Made on another thread while [`Btf::parse`] indexes the
/// same bytes, it saves [`write_header_prescanned`](crate::write_header_prescanned)
/// that pass over the parsed types: the parse takes one core and leaves the
/// other idle otherwise.
pub struct Prescan {
    part: Option<Result<PrepPart>>,
    /// The bytes scanned (where and how long): a prescan serves only the
    /// BTF parsed from them.
    from: (usize, usize),
}

impl core::fmt::Debug for Prescan {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Prescan").field("usable", &self.part.is_some()).finish_non_exhaustive()
    }
}

impl Prescan {
    /// Scans the type records of `data`, the raw BTF about to be parsed
    /// with [`Btf::parse`] (not split BTF, whose ids go on from its base's).
    /// Bytes that are no BTF, or whose records stop short, give a prescan
    /// that is not used: the dump then makes its own pass.
    pub fn new(data: &[u8]) -> Prescan {
        let part = Records::new(data).ok().and_then(PrepPart::scan_records);
        Prescan { part, from: (data.as_ptr() as usize, data.len()) }
    }

    /// The pass, if this prescan was made from the bytes `btf` was parsed from.
    pub(crate) fn take_for(self, btf: &Btf<'_>) -> Option<Result<PrepPart>> {
        let data = btf.data();
        let same = btf.base().is_none() && self.from == (data.as_ptr() as usize, data.len());
        self.part.filter(|_| same)
    }
}
