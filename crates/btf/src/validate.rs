//! Strict validation: the kernel's acceptance rules that libbpf leaves out.
//!
//! [`crate::Btf::parse`] checks what libbpf checks (bounds, string offsets,
//! type ids). The kernel's `BPF_BTF_LOAD` is stricter; [`strict`] applies
//! those rules (modelled on the kernel's `btf_check_*` functions and the raw
//! BTF selftests) and names the first rule that fails.

use crate::btf::Btf;
use crate::error::{Error, ErrorKind, Result};
use crate::kind::{BtfKind, StrOffset, TypeId};
use crate::types::Type;

pub use crate::rule::Rule;

const MAX_TYPE: u32 = 0x000f_ffff;
const MAX_NAME_OFFSET: u32 = 0x00ff_ffff;

fn fail(id: TypeId, rule: Rule, at: usize) -> Error {
    Error::at(ErrorKind::Strict { id: id.0, rule }, at)
}

fn is_ident(s: &[u8]) -> bool {
    match s.first() {
        Some(c) if c.is_ascii_alphabetic() || *c == b'_' => {}
        _ => return false,
    }
    s.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_')
}

fn is_section_name(s: &[u8]) -> bool {
    !s.is_empty() && s.iter().all(|c| c.is_ascii_graphic())
}

/// Checks `btf` against the kernel's rules; returns the first violation.
pub fn strict(btf: &Btf<'_>) -> Result<()> {
    let h = btf.header();
    if h.flags != 0 || (h.hdr_len != 24 && h.hdr_len != 32) {
        return Err(fail(TypeId(0), Rule::UnsupportedHeader, 3));
    }
    // Sections in offset order must tile the data after the header.
    let mut secs = [(h.type_off, h.type_len), (h.layout_off, h.layout_len), (h.str_off, h.str_len)];
    secs.sort_unstable();
    let mut total = 0u64;
    for (off, len) in secs {
        if len == 0 && off == 0 {
            continue;
        }
        if u64::from(off) != total {
            return Err(fail(TypeId(0), Rule::SectionLayout, 8));
        }
        total += u64::from(len);
    }
    if total != (btf.data().len() - h.hdr_len as usize) as u64 || h.str_off < h.type_off {
        return Err(fail(TypeId(0), Rule::SectionLayout, 16));
    }
    if btf.type_count() > MAX_TYPE + 1 || btf.start_str_off() + btf.string_section().len() as u32 > MAX_NAME_OFFSET + 1
    {
        return Err(fail(TypeId(0), Rule::TooLarge, 0));
    }
    let types_at = h.type_range().start;
    check_loops(btf, types_at)?;
    for (t, &off) in btf.types().zip(btf.type_offsets()) {
        check_type(btf, &t, types_at + off as usize)?;
    }
    Ok(())
}

/// The next type along a chain the kernel resolves eagerly (modifiers,
/// typedefs, pointers, arrays), or `None` where the chain ends.
fn chain_next(t: &Type<'_>) -> Option<TypeId> {
    let next = match t.kind() {
        BtfKind::ARRAY => t.array()?.elem,
        BtfKind::PTR
        | BtfKind::TYPEDEF
        | BtfKind::CONST
        | BtfKind::VOLATILE
        | BtfKind::RESTRICT
        | BtfKind::TYPE_TAG => t.type_id(),
        _ => return None,
    };
    (next.0 != 0).then_some(next)
}

/// Finds reference cycles in linear time: each type is walked once, with
/// states 0 = unseen, 1 = on the current path, 2 = known to end.
fn check_loops(btf: &Btf<'_>, types_at: usize) -> Result<()> {
    let start = btf.start_id().0;
    let mut state = vec![0u8; btf.own_type_count()];
    let mut path = Vec::new();
    for i in 0..state.len() {
        let mut id = TypeId(start + i as u32);
        path.clear();
        while let Some(ix) = id.0.checked_sub(start).map(|x| x as usize).filter(|&x| x < state.len()) {
            match state[ix] {
                2 => break,
                1 => {
                    let at = types_at + btf.type_offsets()[ix] as usize;
                    return Err(fail(id, Rule::Loop, at));
                }
                _ => {}
            }
            state[ix] = 1;
            path.push(ix);
            match btf.get(id).as_ref().and_then(chain_next) {
                Some(next) => id = next,
                None => break,
            }
        }
        for &ix in &path {
            state[ix] = 2;
        }
    }
    Ok(())
}

fn check_type(btf: &Btf<'_>, t: &Type<'_>, at: usize) -> Result<()> {
    let id = t.id();
    let err = |rule| Err(fail(id, rule, at));
    let name = btf.str_bytes(t.name_off()).unwrap_or(b"");
    let kind = t.kind();
    if !kind.is_known() || kind == BtfKind::UNKN {
        return err(Rule::InvalidKind);
    }
    let no_vlen = !matches!(
        kind,
        BtfKind::STRUCT
            | BtfKind::UNION
            | BtfKind::ENUM
            | BtfKind::ENUM64
            | BtfKind::FUNC
            | BtfKind::FUNC_PROTO
            | BtfKind::DATASEC
    );
    if no_vlen && t.vlen() != 0 {
        return err(Rule::VlenNotZero);
    }
    let kflag_ok = matches!(
        kind,
        BtfKind::STRUCT
            | BtfKind::UNION
            | BtfKind::ENUM
            | BtfKind::ENUM64
            | BtfKind::FWD
            | BtfKind::DECL_TAG
            | BtfKind::TYPE_TAG
    );
    if !kflag_ok && t.kflag() {
        return err(Rule::KflagNotZero);
    }
    let anonymous_only = matches!(
        kind,
        BtfKind::PTR | BtfKind::CONST | BtfKind::VOLATILE | BtfKind::RESTRICT | BtfKind::ARRAY | BtfKind::FUNC_PROTO
    );
    if anonymous_only && !name.is_empty() {
        return err(Rule::NameNotAllowed);
    }
    let needs_name = matches!(
        kind,
        BtfKind::INT
            | BtfKind::TYPEDEF
            | BtfKind::FWD
            | BtfKind::FUNC
            | BtfKind::VAR
            | BtfKind::DATASEC
            | BtfKind::FLOAT
            | BtfKind::DECL_TAG
            | BtfKind::TYPE_TAG
    );
    if needs_name && name.is_empty() {
        return err(Rule::NameMissing);
    }
    let ident_kinds = matches!(
        kind,
        BtfKind::STRUCT
            | BtfKind::UNION
            | BtfKind::ENUM
            | BtfKind::ENUM64
            | BtfKind::TYPEDEF
            | BtfKind::FWD
            | BtfKind::FUNC
            | BtfKind::VAR
    );
    if ident_kinds && !name.is_empty() && !is_ident(name) {
        return err(Rule::InvalidName);
    }
    if kind == BtfKind::DATASEC && !is_section_name(name) {
        return err(Rule::InvalidName);
    }
    let member_name_ok = |off: StrOffset| {
        let n = btf.str_bytes(off).unwrap_or(b"");
        n.is_empty() || is_ident(n)
    };
    match kind {
        BtfKind::INT => {
            let i = t.int().ok_or(fail(id, Rule::InvalidInt, at))?;
            let bits_total = u64::from(t.size()) * 8;
            if !matches!(t.size(), 1 | 2 | 4 | 8 | 16)
                || i.bits == 0
                || i.bits > 128
                || u64::from(i.offset) + u64::from(i.bits) > bits_total
                || !matches!(i.encoding.0, 0 | 1 | 2 | 4)
            {
                return err(Rule::InvalidInt);
            }
        }
        BtfKind::FLOAT if !matches!(t.size(), 2 | 4 | 8 | 12 | 16) => {
            return err(Rule::InvalidFloat);
        }
        BtfKind::ENUM | BtfKind::ENUM64 => {
            if !matches!(t.size(), 1 | 2 | 4 | 8) {
                return err(Rule::InvalidEnumSize);
            }
            for e in t.enumerators() {
                let n = btf.str_bytes(e.name_off).unwrap_or(b"");
                if !is_ident(n) {
                    return err(Rule::InvalidName);
                }
            }
        }
        BtfKind::FWD if t.type_id().0 != 0 => {
            return err(Rule::InvalidFwd);
        }
        BtfKind::ARRAY => {
            let a = t.array().ok_or(fail(id, Rule::InvalidArray, at))?;
            if t.size() != 0 || a.elem.0 == 0 {
                return err(Rule::InvalidArray);
            }
            match btf.skip_mods_and_typedefs(a.index) {
                Ok(ix) if ix.kind() == BtfKind::INT => {
                    let i = ix.int().ok_or(fail(id, Rule::InvalidArray, at))?;
                    if i.offset != 0 || u64::from(i.bits) != u64::from(ix.size()) * 8 {
                        return err(Rule::InvalidArray);
                    }
                }
                Ok(_) => return err(Rule::InvalidArray),
                Err(_) => return err(Rule::Loop),
            }
        }
        BtfKind::STRUCT | BtfKind::UNION => {
            let size_bits = u64::from(t.size()) * 8;
            for m in t.members() {
                if !member_name_ok(m.name_off) {
                    return err(Rule::InvalidName);
                }
                if m.type_id.0 == 0 {
                    return err(Rule::VoidNotAllowed);
                }
                let msize = btf.resolve_size(m.type_id).map_err(|_| fail(id, Rule::InvalidMember, at))?;
                let end =
                    u64::from(m.bit_offset) + if m.bitfield_size != 0 { u64::from(m.bitfield_size) } else { msize * 8 };
                if end > size_bits {
                    return err(Rule::InvalidMember);
                }
                if m.bitfield_size != 0 {
                    let base = btf.skip_mods_and_typedefs(m.type_id).map_err(|_| fail(id, Rule::Loop, at))?;
                    let ok_base = matches!(base.kind(), BtfKind::INT | BtfKind::ENUM | BtfKind::ENUM64);
                    if !ok_base || u64::from(m.bitfield_size) > msize * 8 {
                        return err(Rule::InvalidMember);
                    }
                } else if !t.kflag() && m.bit_offset % 8 != 0 {
                    // kind_flag=0 members must be whole bytes unless the type is an int bitfield.
                    let base = btf.skip_mods_and_typedefs(m.type_id).map_err(|_| fail(id, Rule::Loop, at))?;
                    if base.kind() != BtfKind::INT {
                        return err(Rule::InvalidMember);
                    }
                }
            }
        }
        BtfKind::FUNC if t.vlen() > 2 => {
            return err(Rule::InvalidFunc);
        }
        BtfKind::FUNC_PROTO => {
            let n = t.vlen() as usize;
            for (i, p) in t.params().enumerate() {
                if p.type_id.0 == 0 {
                    if i + 1 != n || p.name_off.0 != 0 {
                        return err(Rule::InvalidFunc);
                    }
                } else if !member_name_ok(p.name_off) {
                    return err(Rule::InvalidName);
                }
            }
        }
        BtfKind::VAR => {
            if t.var_linkage().is_none_or(|l| l.0 > 2) {
                return err(Rule::InvalidVar);
            }
            match btf.get(t.type_id()).map(|v| v.kind()) {
                Some(BtfKind::UNKN | BtfKind::FUNC | BtfKind::FUNC_PROTO | BtfKind::VAR | BtfKind::DATASEC) | None => {
                    return err(Rule::InvalidVar);
                }
                _ => {}
            }
        }
        BtfKind::DATASEC => {
            if t.vlen() == 0 || t.size() == 0 {
                return err(Rule::InvalidDatasec);
            }
            let mut last_end = 0u64;
            for v in t.datasec_vars() {
                let vk = btf.get(v.type_id).map(|x| x.kind());
                if vk != Some(BtfKind::VAR) && vk != Some(BtfKind::FUNC) {
                    return err(Rule::InvalidDatasec);
                }
                let end = u64::from(v.offset) + u64::from(v.size);
                if v.size == 0 || u64::from(v.offset) < last_end || end > u64::from(t.size()) {
                    return err(Rule::InvalidDatasec);
                }
                last_end = end;
            }
        }
        BtfKind::DECL_TAG => {
            let idx = t.decl_tag_component().unwrap_or(-2);
            let target = btf.get(t.type_id()).ok_or(fail(id, Rule::InvalidDeclTag, at))?;
            let ok = match (idx, target.kind()) {
                (-1, BtfKind::STRUCT | BtfKind::UNION | BtfKind::FUNC | BtfKind::VAR | BtfKind::TYPEDEF) => true,
                (i, BtfKind::STRUCT | BtfKind::UNION) if i >= 0 => (i as u32) < target.vlen(),
                (i, BtfKind::FUNC) if i >= 0 => btf.get(target.type_id()).is_some_and(|p| (i as u32) < p.vlen()),
                _ => false,
            };
            if !ok {
                return err(Rule::InvalidDeclTag);
            }
        }
        _ => {}
    }
    // A modifier chain may not reach a TYPE_TAG (tags come first). Loops
    // were ruled out by `check_loops`, so this walk ends.
    if matches!(kind, BtfKind::CONST | BtfKind::VOLATILE | BtfKind::RESTRICT) {
        let mut cur = *t;
        while matches!(cur.kind(), BtfKind::CONST | BtfKind::VOLATILE | BtfKind::RESTRICT) {
            match btf.get(cur.type_id()) {
                Some(n) if cur.type_id().0 != 0 => cur = n,
                _ => break,
            }
        }
        if cur.kind() == BtfKind::TYPE_TAG {
            return err(Rule::TypeTagAfterModifier);
        }
    }
    Ok(())
}
