//! The minimal target BTF that resolves an object's relocations the same
//! way (what `bpftool gen min_core_btf` does, `gen.c`'s btfgen).
//!
//! Each relocation's chosen target spec marks what it needs: for field
//! relocations the root type and each member on the target access path
//! (with the types they need, pointers not followed); for type-based ones
//! the type and what it refers to (pointers followed); for `type_matches`
//! everything the match inspects (members of composites not behind a
//! pointer); for enum values the enum. The output keeps the marked types
//! in id order, structs and unions with only their marked members (at
//! their original bit offsets, sizes unchanged), every reference to an
//! unmarked type turned into void.
//!
//! Differences from btfgen: FWD and TYPE_TAG types are kept instead of
//! failing with "unsupported kind", and walks are bounded by visited sets
//! (btfgen recurses without one).

use crate::error::{Error, ErrorKind, Result};
use crate::program::Record;
use bpfkit_btf::ext::CoreReloKind;
use bpfkit_btf::write::{BtfBuilder, MemberSpec};
use bpfkit_btf::{Btf, BtfKind, Endian, TypeId};
use std::collections::HashSet;

/// Marks on a target BTF: used types and used members.
#[derive(Debug, Clone)]
pub struct Marks {
    types: Vec<bool>,
    members: HashSet<(u32, u32)>,
    seen_plain: HashSet<(u32, bool)>,
    seen_match: HashSet<(u32, bool)>,
}

fn err(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::Target, msg)
}

impl Marks {
    /// No marks on a BTF with `type_count` ids.
    pub fn new(type_count: u32) -> Marks {
        Marks {
            types: vec![false; type_count as usize],
            members: HashSet::new(),
            seen_plain: HashSet::new(),
            seen_match: HashSet::new(),
        }
    }

    /// Whether type `id` is marked.
    pub fn is_marked(&self, id: TypeId) -> bool {
        self.types.get(id.0 as usize).copied().unwrap_or(false)
    }

    /// Number of marked types.
    pub fn count(&self) -> usize {
        self.types.iter().filter(|&&m| m).count()
    }

    fn mark(&mut self, id: TypeId) {
        if let Some(m) = self.types.get_mut(id.0 as usize) {
            *m = true;
        }
    }

    /// btfgen's `btfgen_mark_type`.
    fn mark_type(&mut self, btf: &Btf<'_>, id: TypeId, follow_ptrs: bool) -> Result<()> {
        let mut stack = vec![id];
        while let Some(id) = stack.pop() {
            if id.0 == 0 || !self.seen_plain.insert((id.0, follow_ptrs)) {
                continue;
            }
            let t = btf.get(id).ok_or_else(|| err(format!("type [{}] does not exist", id.0)))?;
            self.mark(id);
            match t.kind() {
                BtfKind::PTR if follow_ptrs => stack.push(t.type_id()),
                BtfKind::CONST | BtfKind::VOLATILE | BtfKind::RESTRICT | BtfKind::TYPEDEF | BtfKind::TYPE_TAG => {
                    stack.push(t.type_id())
                }
                BtfKind::ARRAY => {
                    let a = t.array().ok_or_else(|| err("bad array"))?;
                    stack.push(a.index);
                    stack.push(a.elem);
                }
                BtfKind::FUNC_PROTO => {
                    stack.extend(t.params().map(|p| p.type_id).collect::<Vec<_>>().into_iter().rev());
                    stack.push(t.type_id());
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// btfgen's `btfgen_mark_type_match`.
    fn mark_type_match(&mut self, btf: &Btf<'_>, id: TypeId, behind_ptr: bool) -> Result<()> {
        let mut stack = vec![(id, behind_ptr)];
        while let Some((id, behind)) = stack.pop() {
            if id.0 == 0 || !self.seen_match.insert((id.0, behind)) {
                continue;
            }
            let t = btf.get(id).ok_or_else(|| err(format!("type [{}] does not exist", id.0)))?;
            self.mark(id);
            match t.kind() {
                BtfKind::STRUCT | BtfKind::UNION if !behind => {
                    for (i, m) in t.members().enumerate() {
                        self.members.insert((id.0, i as u32));
                        stack.push((m.type_id, false));
                    }
                }
                BtfKind::CONST
                | BtfKind::VOLATILE
                | BtfKind::RESTRICT
                | BtfKind::TYPEDEF
                | BtfKind::FWD
                | BtfKind::TYPE_TAG => stack.push((t.type_id(), behind)),
                BtfKind::PTR => stack.push((t.type_id(), true)),
                BtfKind::ARRAY => {
                    let a = t.array().ok_or_else(|| err("bad array"))?;
                    stack.push((a.index, false));
                    stack.push((a.elem, false));
                }
                BtfKind::FUNC_PROTO => {
                    for p in t.params() {
                        stack.push((p.type_id, false));
                    }
                    stack.push((t.type_id(), false));
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Marks what one resolved relocation needs (`btfgen_record_reloc`).
    pub fn record(&mut self, btf: &Btf<'_>, kind: CoreReloKind, root: TypeId, raw: &[u32]) -> Result<()> {
        if kind.is_field() {
            self.mark_type(btf, root, false)?;
            let mut id = root;
            for &idx in raw.iter().skip(1) {
                let t = btf.skip_mods_and_typedefs(id).map_err(|e| err(format!("type [{}]: {e}", id.0)))?;
                id = t.id();
                if t.is_composite() {
                    let m = t.members().nth(idx as usize).ok_or_else(|| err("member index out of range"))?;
                    self.members.insert((id.0, idx));
                    id = m.type_id;
                    self.mark_type(btf, id, false)?;
                } else if let Some(a) = t.array() {
                    id = a.elem;
                } else {
                    return Err(err(format!("target access steps into [{}] of kind {}", id.0, t.kind())));
                }
            }
            Ok(())
        } else if kind == CoreReloKind::TYPE_ID_LOCAL {
            Ok(())
        } else if kind == CoreReloKind::TYPE_MATCHES {
            self.mark_type_match(btf, root, false)
        } else if kind.is_type() {
            self.mark_type(btf, root, true)
        } else if kind.is_enumval() {
            self.mark_type(btf, root, false)
        } else {
            Err(Error::new(ErrorKind::Unsupported, format!("unknown relocation kind {}", kind.0)))
        }
    }

    /// Marks what every resolved record needs (target 0 only); a failed
    /// record is an error, as in bpftool.
    pub fn record_all(&mut self, btf: &Btf<'_>, records: &[Record<'_>]) -> Result<()> {
        for r in records {
            let res = r.resolution.as_ref().map_err(|e| e.clone())?;
            if let Some((c, spec)) = &res.target {
                if c.target.0 != 0 {
                    return Err(err("minimizing module BTF is not supported (vmlinux only)"));
                }
                self.record(btf, r.kind, spec.root_type_id, &spec.raw)?;
            }
        }
        Ok(())
    }

    /// Builds the minimized BTF (`btfgen_get_btf`) in `endian`.
    pub fn build(&self, btf: &Btf<'_>, endian: Endian) -> Result<Vec<u8>> {
        let n = btf.type_count();
        let mut map = vec![0u32; n as usize];
        let mut next = 1u32;
        for id in 1..n {
            if self.is_marked(TypeId(id)) {
                map[id as usize] = next;
                next += 1;
            }
        }
        let remap = |t: TypeId| TypeId(map.get(t.0 as usize).copied().unwrap_or(0));
        let mut b = BtfBuilder::new();
        b.with_layout(false); // keep the 24-byte header this output always had (created BTF now defaults to libbpf 1.8's 32)
        for id in 1..n {
            if !self.is_marked(TypeId(id)) {
                continue;
            }
            let t = btf.get(TypeId(id)).ok_or_else(|| err(format!("type [{id}] does not exist")))?;
            if t.is_composite() {
                let name = btf.name(&t);
                let members: Vec<MemberSpec<'_>> = t
                    .members()
                    .enumerate()
                    .filter(|(i, _)| self.members.contains(&(id, *i as u32)))
                    .map(|(_, m)| MemberSpec {
                        name: btf.str(m.name_off).unwrap_or(""),
                        type_id: remap(m.type_id),
                        bit_offset: m.bit_offset,
                        bitfield_size: m.bitfield_size,
                    })
                    .collect();
                if t.kind() == BtfKind::STRUCT {
                    b.add_struct(name, t.size(), &members);
                } else {
                    b.add_union(name, t.size(), &members);
                }
            } else {
                b.copy_type(btf, TypeId(id), remap).ok_or_else(|| err(format!("can't copy type [{id}]")))?;
            }
        }
        Ok(b.encode(endian))
    }
}

/// Minimizes `target` for the resolved records of several objects (each
/// resolved against `target` alone).
pub fn minimize(target: &Btf<'_>, records: &[&[Record<'_>]]) -> Result<Vec<u8>> {
    let mut marks = Marks::new(target.type_count());
    for recs in records {
        marks.record_all(target, recs)?;
    }
    marks.build(target, target.endian())
}
