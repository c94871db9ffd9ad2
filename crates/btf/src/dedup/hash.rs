//! libbpf's type signature hashes and equality checks (`btf_hash_*`,
//! `btf_equal_*`, `btf_compat_*`, `btf_shallow_equal_struct`).
//!
//! Hashes deliberately leave out what may still change: referenced ids of
//! structs, unions and typedefs, and everything but the name of enums (so a
//! forward-declared enum meets its definition).

use super::table::hash_combine as hc;
use super::types::Types;
use crate::kind::BtfKind;

impl Types {
    pub(super) fn hash_common(&self, id: u32) -> u64 {
        hc(hc(hc(0, self.name(id).into()), self.info(id).into()), self.size(id).into())
    }
    pub(super) fn hash_typedef(&self, id: u32) -> u64 {
        hc(hc(0, self.name(id).into()), self.info(id).into())
    }
    pub(super) fn hash_int_tag(&self, id: u32) -> u64 {
        hc(self.hash_common(id), self.w(id, 3).into())
    }
    pub(super) fn hash_enum(&self, id: u32) -> u64 {
        hc(0, self.name(id).into())
    }
    pub(super) fn hash_struct(&self, id: u32) -> u64 {
        let mut h = self.hash_common(id);
        for m in self.trailer(id).chunks_exact(3) {
            h = hc(hc(h, m[0].into()), m[2].into());
        }
        h
    }
    pub(super) fn hash_array(&self, id: u32) -> u64 {
        let a = self.trailer(id);
        hc(hc(hc(self.hash_common(id), a[0].into()), a[1].into()), a[2].into())
    }
    pub(super) fn hash_fnproto(&self, id: u32) -> u64 {
        let mut h = self.hash_common(id);
        for p in self.trailer(id).chunks_exact(2) {
            h = hc(hc(h, p[0].into()), p[1].into());
        }
        h
    }

    #[inline]
    pub(super) fn equal_common(&self, a: u32, b: u32) -> bool {
        let (x, y) = (self.rec(a), self.rec(b));
        self.words[x..x + 3] == self.words[y..y + 3]
    }
    pub(super) fn equal_typedef(&self, a: u32, b: u32) -> bool {
        self.name(a) == self.name(b) && self.info(a) == self.info(b)
    }
    pub(super) fn equal_int_tag(&self, a: u32, b: u32) -> bool {
        self.equal_common(a, b) && self.w(a, 3) == self.w(b, 3)
    }
    /// Same common part and the same enumerators (ENUM and ENUM64).
    pub(super) fn equal_enum(&self, a: u32, b: u32) -> bool {
        self.equal_common(a, b) && self.trailer(a) == self.trailer(b)
    }
    /// A hash of everything [`Types::equal_enum`] compares but the name.
    pub(super) fn enum_sig(&self, id: u32) -> u32 {
        let h = self.trailer(id).iter().fold(hc(self.info(id).into(), self.size(id).into()), |h, &w| hc(h, w.into()));
        (h ^ (h >> 32)) as u32
    }
    pub(super) fn is_enum_fwd(&self, id: u32) -> bool {
        matches!(self.kind(id), BtfKind::ENUM | BtfKind::ENUM64) && self.vlen(id) == 0
    }
    /// Equal enums, or an enum forward declaration and any enum of the same name.
    pub(super) fn compat_enum(&self, a: u32, b: u32) -> bool {
        if !self.is_enum_fwd(a) && !self.is_enum_fwd(b) {
            return self.equal_enum(a, b);
        }
        let any_enum = |id| matches!(self.kind(id), BtfKind::ENUM | BtfKind::ENUM64);
        self.name(a) == self.name(b) && any_enum(a) && any_enum(b)
    }
    /// Same common part and member names and offsets, ignoring member types.
    pub(super) fn shallow_equal_struct(&self, a: u32, b: u32) -> bool {
        self.equal_common(a, b)
            && self
                .trailer(a)
                .chunks_exact(3)
                .zip(self.trailer(b).chunks_exact(3))
                .all(|(m, n)| m[0] == n[0] && m[2] == n[2])
    }
    pub(super) fn equal_array(&self, a: u32, b: u32) -> bool {
        self.equal_common(a, b) && self.trailer(a) == self.trailer(b)
    }
    pub(super) fn compat_array(&self, a: u32, b: u32) -> bool {
        self.equal_common(a, b) && self.w(a, 5) == self.w(b, 5)
    }
    pub(super) fn equal_fnproto(&self, a: u32, b: u32) -> bool {
        self.equal_common(a, b) && self.trailer(a) == self.trailer(b)
    }
    /// Same name, info and parameter names, ignoring all types.
    pub(super) fn compat_fnproto(&self, a: u32, b: u32) -> bool {
        self.name(a) == self.name(b)
            && self.info(a) == self.info(b)
            && self.trailer(a).chunks_exact(2).zip(self.trailer(b).chunks_exact(2)).all(|(p, q)| p[0] == q[0])
    }
}
