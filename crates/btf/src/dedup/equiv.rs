//! The struct/union/typedef pass: type graph equivalence with the
//! hypothetical map (`btf_dedup_is_equiv`), same-CU duplicate detection
//! (`btf_dedup_identical_types`) and merging a successful hypothesis into
//! the canonical map (`btf_dedup_merge_hypot_map`).
//!
//! libbpf recurses; here the depth-first walk keeps its pending pairs on an
//! explicit stack, children pushed in reverse so that they are checked in
//! libbpf's order, and the first non-equivalent pair ends the walk as
//! libbpf's early returns do.
//!
//! Speed without changing a single answer: libbpf tries every candidate
//! with the same shallow hash, which is quadratic for the thousands of
//! anonymous structs and unions of a kernel. A failed check leaves nothing
//! behind (the hypothetical map is cleared before the next one), so a
//! candidate may be skipped whenever the check provably fails. The proof is
//! a *signature*: a hash of the classes of a struct's member types (or a
//! typedef's target), where a class is what any successful pairing of two
//! types, directly, through the canonical map, or through
//! `btf_dedup_identical_types`, keeps equal: kind family and name, plus the
//! full shallow shape of structs, unions and enums that no forward
//! declaration of that name could stand for. Different signatures mean some
//! member pair would fail. This only holds when no check can end in an
//! error instead (a VAR, DATASEC or DECL_TAG inside a type graph); such
//! input runs without the shortcut.

use super::table::hash_combine as hc;
use super::{Dedup, MAX_NR_TYPES, bad};
use crate::error::Result;
use crate::kind::BtfKind;

/// Steps one `btf_dedup_identical_types` call may take before it answers
/// "not identical". libbpf has no such bound (a cycle of modifiers makes it
/// spin forever, and wide structs make it exponential); real inputs stay far
/// below it.
const IDENTICAL_BUDGET: u32 = 1 << 20;

fn is_ref_kind(k: BtfKind) -> bool {
    matches!(
        k,
        BtfKind::CONST
            | BtfKind::VOLATILE
            | BtfKind::RESTRICT
            | BtfKind::PTR
            | BtfKind::TYPEDEF
            | BtfKind::FUNC
            | BtfKind::TYPE_TAG
    )
}

impl Dedup {
    /// `btf_dedup_struct_types`.
    pub(super) fn struct_types(&mut self) -> Result<()> {
        for id in self.t.start_id..self.t.count() {
            self.struct_type(id)?;
        }
        Ok(())
    }

    /// The candidate signatures of all structs, unions and typedefs (see
    /// the module doc), or `None` when a check could end in an error.
    pub(super) fn signatures(&self) -> Option<Vec<u32>> {
        let t = &self.t;
        let n = t.count();
        let mut fwds = std::collections::HashSet::<u64, super::IdBuild>::default();
        for id in 1..n {
            match t.kind(id) {
                BtfKind::FWD => {
                    fwds.insert(u64::from(t.name(id)) << 2 | u64::from(t.kflag(id)));
                }
                BtfKind::ENUM | BtfKind::ENUM64 if t.vlen(id) == 0 => {
                    fwds.insert(u64::from(t.name(id)) << 2 | 2);
                }
                _ => {}
            }
        }
        let mut cls = vec![0u32; n as usize];
        for id in 0..n {
            let k = t.kind(id);
            let (name, info, size) = (u64::from(t.name(id)), u64::from(t.info(id)), u64::from(t.size(id)));
            let h = match k {
                BtfKind::UNKN => 1,
                BtfKind::INT => hc(hc(hc(hc(1, name), info), size), u64::from(t.w(id, 3))),
                BtfKind::STRUCT | BtfKind::UNION | BtfKind::FWD => {
                    let union = if k == BtfKind::FWD { t.kflag(id) } else { k == BtfKind::UNION };
                    if k != BtfKind::FWD && !fwds.contains(&(name << 2 | u64::from(union))) {
                        hc(7, t.hash_struct(id))
                    } else {
                        hc(hc(4, name), u64::from(union))
                    }
                }
                BtfKind::ENUM | BtfKind::ENUM64 => {
                    if t.vlen(id) != 0 && !fwds.contains(&(name << 2 | 2)) {
                        t.trailer(id).iter().fold(hc(hc(hc(8, name), info), size), |h, &w| hc(h, w.into()))
                    } else {
                        hc(6, name)
                    }
                }
                BtfKind::ARRAY => hc(hc(hc(hc(3, name), info), size), u64::from(t.w(id, 5))),
                BtfKind::FUNC_PROTO => {
                    t.trailer(id).chunks_exact(2).fold(hc(hc(13, name), info), |h, p| hc(h, p[0].into()))
                }
                BtfKind::VAR | BtfKind::DATASEC | BtfKind::DECL_TAG => 9,
                k if is_ref_kind(k) => hc(hc(10, name), info), // the third word is a type id
                _ => hc(hc(hc(11, name), info), size),         // FLOAT
            };
            cls[id as usize] = (h ^ (h >> 32)) as u32;
        }
        let risky = |id: u32| matches!(t.kind(id), BtfKind::VAR | BtfKind::DATASEC | BtfKind::DECL_TAG);
        let mut sig = vec![0u32; n as usize];
        for id in 1..n {
            let k = t.kind(id);
            let refs: &[u32] = match k {
                BtfKind::STRUCT | BtfKind::UNION => {
                    let mut h = 0u64;
                    for m in t.trailer(id).chunks_exact(3) {
                        if risky(m[1]) {
                            return None;
                        }
                        h = hc(h, cls[m[1] as usize].into());
                    }
                    sig[id as usize] = (h ^ (h >> 32)) as u32;
                    continue;
                }
                BtfKind::ARRAY => &t.trailer(id)[..2],
                BtfKind::FUNC_PROTO => {
                    if risky(t.size(id)) || t.trailer(id).chunks_exact(2).any(|p| risky(p[1])) {
                        return None;
                    }
                    continue;
                }
                k if is_ref_kind(k) => {
                    sig[id as usize] = cls[t.size(id) as usize];
                    core::slice::from_ref(&t.words[t.rec(id) + 2])
                }
                _ => continue,
            };
            if refs.iter().any(|&r| risky(r)) {
                return None;
            }
        }
        Some(sig)
    }

    fn struct_type(&mut self, id: u32) -> Result<()> {
        if self.map[id as usize] <= MAX_NR_TYPES {
            return Ok(());
        }
        let kind = self.t.kind(id);
        let is_typedef = kind == BtfKind::TYPEDEF;
        if !matches!(kind, BtfKind::STRUCT | BtfKind::UNION) && !is_typedef {
            return Ok(());
        }
        let h = if is_typedef { self.t.hash_typedef(id) } else { self.t.hash_struct(id) };
        let mut new_id = id;
        // With signatures, walk only the candidates of this one (in chain
        // order): the others of the chain fail the kind or signature test.
        let sig = self.sig.as_ref().map(|s| s[id as usize]);
        let mut cur = match sig {
            Some(s) => self.groups.first(&self.table, h, s),
            None => self.table.first(h),
        };
        loop {
            let next = match sig {
                Some(_) => self.groups.next(&self.table, &mut cur),
                None => self.table.next(h, &mut cur),
            };
            let Some(cand) = next else { break };
            let same = if is_typedef { self.t.equal_typedef(id, cand) } else { self.t.shallow_equal_struct(id, cand) };
            if !same {
                continue;
            }
            self.clear_hypot_map();
            if !self.is_equiv(id, cand)? {
                continue;
            }
            self.merge_hypot_map();
            if self.hypot_adjust_canon {
                continue;
            }
            new_id = cand;
            break;
        }
        self.map[id as usize] = new_id;
        if new_id == id {
            self.append(h, id);
        }
        Ok(())
    }

    fn clear_hypot_map(&mut self) {
        for &id in &self.hypot_list {
            self.hypot_map[id as usize] = super::UNPROCESSED;
        }
        self.hypot_list.clear();
        self.hypot_adjust_canon = false;
    }

    /// `resolve_fwd_id`: a FWD already resolved to a struct/union becomes it.
    fn resolve_fwd(&mut self, id: u32) -> u32 {
        if self.t.kind(id) != BtfKind::FWD {
            return id;
        }
        let r = self.resolve(id);
        if self.t.kind(r) != BtfKind::FWD { r } else { id }
    }

    /// `btf_dedup_is_equiv` for the graphs at `cand` and `canon`.
    fn is_equiv(&mut self, cand: u32, canon: u32) -> Result<bool> {
        let mut stack = core::mem::take(&mut self.stack);
        stack.clear();
        stack.push((cand, canon));
        let result = loop {
            let Some((cand_id, canon_id)) = stack.pop() else { break Ok(true) };
            match self.equiv_step(cand_id, canon_id, &mut stack) {
                Ok(true) => {}
                other => break other,
            }
        };
        self.stack = stack;
        result
    }

    /// One pair of the walk: `false` ends it; `true` with pairs pushed means
    /// "equivalent if those are".
    fn equiv_step(&mut self, cand_id: u32, canon_id: u32, stack: &mut Vec<(u32, u32)>) -> Result<bool> {
        if self.resolve(cand_id) == self.resolve(canon_id) {
            return Ok(true);
        }
        let canon_id = self.resolve_fwd(canon_id);
        let hypot = self.hypot_map[canon_id as usize];
        if hypot <= MAX_NR_TYPES {
            return Ok(hypot == cand_id || self.identical(hypot, cand_id));
        }
        self.hypot_map[canon_id as usize] = cand_id;
        self.hypot_list.push(canon_id);

        let t = &self.t;
        if t.name(cand_id) != t.name(canon_id) {
            return Ok(false);
        }
        let (ck, nk) = (t.kind(cand_id), t.kind(canon_id));
        if (ck == BtfKind::FWD || nk == BtfKind::FWD) && ck != nk {
            let fwd_kind = |id| if t.kflag(id) { BtfKind::UNION } else { BtfKind::STRUCT };
            let (real, fwd) = if ck == BtfKind::FWD { (nk, fwd_kind(cand_id)) } else { (ck, fwd_kind(canon_id)) };
            if ck != BtfKind::FWD && fwd == real && canon_id < t.start_id {
                self.hypot_adjust_canon = true; // would need to resolve a base FWD
            }
            return Ok(fwd == real);
        }
        if ck != nk {
            return Ok(false);
        }
        Ok(match ck {
            BtfKind::INT => t.equal_int_tag(cand_id, canon_id),
            BtfKind::ENUM | BtfKind::ENUM64 => t.compat_enum(cand_id, canon_id),
            BtfKind::FWD | BtfKind::FLOAT => t.equal_common(cand_id, canon_id),
            k if is_ref_kind(k) => {
                if t.info(cand_id) != t.info(canon_id) {
                    return Ok(false);
                }
                stack.push((t.size(cand_id), t.size(canon_id)));
                true
            }
            BtfKind::ARRAY => {
                if !t.compat_array(cand_id, canon_id) {
                    return Ok(false);
                }
                let (a, b) = (t.trailer(cand_id), t.trailer(canon_id));
                stack.push((a[0], b[0])); // element type second
                stack.push((a[1], b[1])); // index type first
                true
            }
            BtfKind::STRUCT | BtfKind::UNION => {
                if !t.shallow_equal_struct(cand_id, canon_id) {
                    return Ok(false);
                }
                let (a, b) = (t.trailer(cand_id), t.trailer(canon_id));
                for (m, n) in a.chunks_exact(3).zip(b.chunks_exact(3)).rev() {
                    stack.push((m[1], n[1]));
                }
                true
            }
            BtfKind::FUNC_PROTO => {
                if !t.compat_fnproto(cand_id, canon_id) {
                    return Ok(false);
                }
                let (a, b) = (t.trailer(cand_id), t.trailer(canon_id));
                for (p, q) in a.chunks_exact(2).zip(b.chunks_exact(2)).rev() {
                    stack.push((p[1], q[1]));
                }
                stack.push((t.size(cand_id), t.size(canon_id))); // return type first
                true
            }
            _ => return Err(bad(cand_id, "kind cannot be part of a struct's type graph")),
        })
    }

    /// `btf_dedup_identical_types(id1, id2, 16)`.
    fn identical(&self, id1: u32, id2: u32) -> bool {
        let mut budget = IDENTICAL_BUDGET;
        self.identical_at(id1, id2, 16, &mut budget)
    }

    fn identical_at(&self, mut id1: u32, mut id2: u32, depth: u32, budget: &mut u32) -> bool {
        let t = &self.t;
        loop {
            if *budget == 0 || depth == 0 {
                return false;
            }
            *budget -= 1;
            let k = t.kind(id1);
            if k != t.kind(id2) {
                return false;
            }
            return match k {
                BtfKind::UNKN => true,
                BtfKind::INT => t.equal_int_tag(id1, id2),
                BtfKind::ENUM | BtfKind::ENUM64 => t.compat_enum(id1, id2),
                BtfKind::FWD | BtfKind::FLOAT => t.equal_common(id1, id2),
                k if is_ref_kind(k) => {
                    if t.info(id1) != t.info(id2) || t.name(id1) != t.name(id2) {
                        return false;
                    }
                    (id1, id2) = (t.size(id1), t.size(id2));
                    continue; // libbpf's `goto recur`: same depth
                }
                // libbpf compares the first array's index and element types
                // with themselves, so only the common part and nelems count.
                BtfKind::ARRAY => t.compat_array(id1, id2),
                BtfKind::STRUCT | BtfKind::UNION => {
                    t.shallow_equal_struct(id1, id2)
                        && t.trailer(id1)
                            .chunks_exact(3)
                            .zip(t.trailer(id2).chunks_exact(3))
                            .all(|(m, n)| m[1] == n[1] || self.identical_at(m[1], n[1], depth - 1, budget))
                }
                BtfKind::FUNC_PROTO => {
                    t.compat_fnproto(id1, id2)
                        && (t.size(id1) == t.size(id2)
                            || self.identical_at(t.size(id1), t.size(id2), depth - 1, budget))
                        && t.trailer(id1)
                            .chunks_exact(2)
                            .zip(t.trailer(id2).chunks_exact(2))
                            .all(|(p, q)| p[1] == q[1] || self.identical_at(p[1], q[1], depth - 1, budget))
                }
                _ => false,
            };
        }
    }

    /// `btf_dedup_merge_hypot_map`: records FWD resolutions and, as a
    /// shortcut, struct/union correspondences the hypothesis proved.
    fn merge_hypot_map(&mut self) {
        for i in 0..self.hypot_list.len() {
            let canon = self.hypot_list[i];
            let targ = self.hypot_map[canon as usize];
            let t_id = self.resolve(targ);
            let c_id = self.resolve(canon);
            let t_kind = self.t.kind(t_id);
            let c_kind = self.t.kind(c_id);
            if t_kind != BtfKind::FWD && c_kind == BtfKind::FWD {
                self.map[c_id as usize] = t_id;
            }
            if self.hypot_adjust_canon {
                continue;
            }
            if t_kind == BtfKind::FWD && c_kind != BtfKind::FWD {
                self.map[t_id as usize] = c_id;
            }
            if matches!(t_kind, BtfKind::STRUCT | BtfKind::UNION)
                && c_kind != BtfKind::FWD
                && self.map[c_id as usize] <= MAX_NR_TYPES
                && self.map[t_id as usize] > MAX_NR_TYPES
            {
                self.map[t_id as usize] = c_id;
            }
        }
    }
}
