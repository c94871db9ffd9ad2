//! The reference type pass (`btf_dedup_ref_types`): pointers, modifiers,
//! typedef-free chains, arrays, functions and prototypes, deduplicated
//! bottom-up once everything they can point at is canonical.
//!
//! libbpf recurses into referenced types; here a frame stack does the same
//! walk (children in libbpf's order, each one's canonical id written into
//! the parent's record as soon as it is known). A chain that comes back to
//! a type in progress fails, as libbpf's `-ELOOP`.

use super::types::Types;
use super::{Dedup, IN_PROGRESS, MAX_NR_TYPES, bad};

/// An equality check between two records.
type EqFn = fn(&Types<'_>, u32, u32) -> bool;
use crate::error::Result;
use crate::kind::BtfKind;

impl Dedup<'_> {
    /// `btf_dedup_ref_types`.
    pub(super) fn ref_types(&mut self) -> Result<()> {
        let mut frames: Vec<(u32, u32)> = Vec::new();
        for id in self.t.start_id..self.t.count() {
            self.ref_type(id, &mut frames)?;
        }
        Ok(())
    }

    /// Word index (in the record) of child `i` of a reference type, if any.
    fn ref_child(&self, id: u32, i: u32) -> Option<usize> {
        match self.t.kind(id) {
            BtfKind::ARRAY => (i < 2).then_some(3 + i as usize),
            BtfKind::FUNC_PROTO => (i <= self.t.vlen(id)).then(|| if i == 0 { 2 } else { 2 + 2 * i as usize }),
            _ => (i == 0).then_some(2),
        }
    }

    /// Starts on `id`: its canonical id when already known, else marks it
    /// in progress and returns `None`.
    fn ref_enter(&mut self, id: u32) -> Result<Option<u32>> {
        let m = self.map[id as usize];
        if m == IN_PROGRESS {
            return Err(bad(id, "reference types form a loop"));
        }
        if m <= MAX_NR_TYPES {
            return Ok(Some(self.resolve(id)));
        }
        self.map[id as usize] = IN_PROGRESS;
        match self.t.kind(id) {
            BtfKind::CONST
            | BtfKind::VOLATILE
            | BtfKind::RESTRICT
            | BtfKind::PTR
            | BtfKind::FUNC
            | BtfKind::TYPE_TAG
            | BtfKind::DECL_TAG
            | BtfKind::ARRAY
            | BtfKind::FUNC_PROTO => Ok(None),
            _ => Err(bad(id, "kind cannot be deduplicated")),
        }
    }

    fn ref_type(&mut self, root: u32, frames: &mut Vec<(u32, u32)>) -> Result<u32> {
        if let Some(done) = self.ref_enter(root)? {
            return Ok(done);
        }
        frames.clear();
        frames.push((root, 0));
        loop {
            let &(id, i) = frames.last().expect("non-empty while walking");
            if let Some(w) = self.ref_child(id, i) {
                frames.last_mut().expect("non-empty").1 += 1;
                let pos = self.t.rec(id) + w;
                let child = self.t.words[pos];
                match self.ref_enter(child)? {
                    Some(c) => self.t.words[pos] = c,
                    None => frames.push((child, 0)),
                }
                continue;
            }
            let new_id = self.ref_finish(id);
            frames.pop();
            match frames.last() {
                Some(&(parent, i)) => {
                    let w = self.ref_child(parent, i - 1).expect("child index just visited");
                    let pos = self.t.rec(parent) + w;
                    self.t.words[pos] = new_id;
                }
                None => return Ok(new_id),
            }
        }
    }

    /// Hashes a type whose references are canonical and finds its equal.
    fn ref_finish(&mut self, id: u32) -> u32 {
        let t = &self.t;
        let (h, eq): (u64, EqFn) = match t.kind(id) {
            BtfKind::DECL_TAG => (t.hash_int_tag(id), |t: &Types<'_>, a, b| t.equal_int_tag(a, b)),
            BtfKind::ARRAY => (t.hash_array(id), |t: &Types<'_>, a, b| t.equal_array(a, b)),
            BtfKind::FUNC_PROTO => (t.hash_fnproto(id), |t: &Types<'_>, a, b| t.equal_fnproto(a, b)),
            _ => (t.hash_common(id), |t: &Types<'_>, a, b| t.equal_common(a, b)),
        };
        let mut new_id = id;
        let mut cur = self.table.first(h);
        while let Some(cand) = self.table.next(h, &mut cur) {
            if eq(t, id, cand) {
                new_id = cand;
                break;
            }
        }
        self.map[id as usize] = new_id;
        if new_id == id {
            self.table.append(h, id);
        }
        new_id
    }
}
