//! libbpf's compatibility rules: fields compatible
//! (`bpf_core_fields_are_compat`), types compatible
//! (`__bpf_core_types_are_compat`), types match (`__bpf_core_types_match`),
//! and matching a local spec against one candidate (`bpf_core_spec_match`).
//!
//! Every walk is bounded: libbpf's depth limits (32 levels, 64 spec
//! indexes) plus a work budget, so crafted BTF whose shared sub-types make
//! the search exponential ends in an error instead of running for ever.

use crate::cands::{essential_name_len, kinds_core_compat};
use crate::error::{Error, ErrorKind, Result};
use crate::spec::{Accessor, MAX_SPEC_LEN, Spec, is_flex_arr, type_label};
use bpfkit_btf::{Btf, BtfKind, Type, TypeId};

/// libbpf's recursion depth for type compatibility and matching.
pub const MAX_DEPTH: i32 = 32;

/// How many steps one match may take before it is refused.
pub const WORK_BUDGET: u32 = 1 << 22;

/// The result of matching: a match, or why not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The candidate matches.
    Match,
    /// It does not; the reason in words.
    NoMatch(String),
}

impl Outcome {
    /// Whether this is a match.
    pub fn is_match(&self) -> bool {
        matches!(self, Outcome::Match)
    }
}

fn match_err(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::Match, msg)
}

struct Budget(u32);

impl Budget {
    fn step(&mut self) -> Result<()> {
        self.0 =
            self.0.checked_sub(1).ok_or_else(|| match_err("type graph too large to match (work budget exhausted)"))?;
        Ok(())
    }
}

fn get<'a>(btf: &Btf<'a>, id: TypeId) -> Result<Type<'a>> {
    btf.get(id).ok_or_else(|| match_err(format!("type [{}] does not exist", id.0)))
}

fn skip<'a>(btf: &Btf<'a>, id: TypeId) -> Result<Type<'a>> {
    btf.skip_mods_and_typedefs(id).map_err(|e| match_err(format!("type [{}]: {e}", id.0)))
}

fn int_offset(t: &Type<'_>) -> u32 {
    t.int().map_or(0, |i| i.offset)
}

fn name_str<'a>(btf: &Btf<'a>, t: &Type<'_>) -> &'a str {
    btf.name(t)
}

/// `bpf_core_fields_are_compat`: can a field of local type `l` be relocated
/// to a field of target type `t`?
pub fn fields_are_compat(lb: &Btf<'_>, l: TypeId, tb: &Btf<'_>, t: TypeId) -> Result<bool> {
    let (mut l, mut t) = (l, t);
    // Only ARRAY loops; an array chain is bounded by the type count, and we
    // bound it again by the spec limit.
    for _ in 0..=MAX_SPEC_LEN * 4 {
        let lt = skip(lb, l)?;
        let tt = skip(tb, t)?;
        if lt.is_composite() && tt.is_composite() {
            return Ok(true);
        }
        if !kinds_core_compat(&lt, &tt) {
            return Ok(false);
        }
        return Ok(match lt.kind() {
            BtfKind::PTR | BtfKind::FLOAT => true,
            BtfKind::FWD | BtfKind::ENUM | BtfKind::ENUM64 => {
                let ln = name_str(lb, &lt);
                let tn = name_str(tb, &tt);
                let (ll, tl) = (essential_name_len(ln), essential_name_len(tn));
                ll == 0 || tl == 0 || (ll == tl && ln.as_bytes()[..ll] == tn.as_bytes()[..tl])
            }
            BtfKind::INT => int_offset(&lt) == 0 && int_offset(&tt) == 0,
            BtfKind::ARRAY => {
                l = lt.array().map_or(TypeId(0), |a| a.elem);
                t = tt.array().map_or(TypeId(0), |a| a.elem);
                continue;
            }
            _ => false,
        });
    }
    Err(match_err("array nesting too deep"))
}

/// `bpf_core_types_are_compat` (TYPE_EXISTS, TYPE_SIZE, TYPE_ID_TARGET).
pub fn types_are_compat(lb: &Btf<'_>, l: TypeId, tb: &Btf<'_>, t: TypeId) -> Result<bool> {
    let mut budget = Budget(WORK_BUDGET);
    types_are_compat_level(lb, l, tb, t, MAX_DEPTH, &mut budget)
}

fn types_are_compat_level(
    lb: &Btf<'_>,
    mut l: TypeId,
    tb: &Btf<'_>,
    mut t: TypeId,
    level: i32,
    budget: &mut Budget,
) -> Result<bool> {
    if !kinds_core_compat(&get(lb, l)?, &get(tb, t)?) {
        return Ok(false);
    }
    let mut depth = MAX_DEPTH;
    loop {
        budget.step()?;
        depth -= 1;
        if depth < 0 {
            return Err(match_err(format!("type compatibility check of [{}] too deep", l.0)));
        }
        let lt = skip(lb, l)?;
        let tt = skip(tb, t)?;
        if !kinds_core_compat(&lt, &tt) {
            return Ok(false);
        }
        match lt.kind() {
            BtfKind::UNKN | BtfKind::STRUCT | BtfKind::UNION | BtfKind::ENUM | BtfKind::FWD | BtfKind::ENUM64 => {
                return Ok(true);
            }
            BtfKind::INT => return Ok(int_offset(&lt) == 0 && int_offset(&tt) == 0),
            BtfKind::PTR => {
                l = lt.type_id();
                t = tt.type_id();
            }
            BtfKind::ARRAY => {
                l = lt.array().map_or(TypeId(0), |a| a.elem);
                t = tt.array().map_or(TypeId(0), |a| a.elem);
            }
            BtfKind::FUNC_PROTO => {
                if lt.vlen() != tt.vlen() {
                    return Ok(false);
                }
                for (lp, tp) in lt.params().zip(tt.params()) {
                    if level <= 0 {
                        return Err(match_err("function prototype nesting too deep"));
                    }
                    let li = skip(lb, lp.type_id)?.id();
                    let ti = skip(tb, tp.type_id)?.id();
                    if !types_are_compat_level(lb, li, tb, ti, level - 1, budget)? {
                        return Ok(false);
                    }
                }
                l = skip(lb, lt.type_id())?.id();
                t = skip(tb, tt.type_id())?.id();
            }
            _ => return Ok(false),
        }
    }
}

/// `bpf_core_names_match`: an anonymous target matches only an anonymous
/// local; otherwise essential names must be equal.
fn names_match(ln: &str, tn: &str) -> bool {
    if tn.is_empty() {
        return ln.is_empty();
    }
    let (ll, tl) = (essential_name_len(ln), essential_name_len(tn));
    ll == tl && ln.as_bytes()[..ll] == tn.as_bytes()[..tl]
}

/// `bpf_core_types_match` (TYPE_MATCHES).
pub fn types_match(lb: &Btf<'_>, l: TypeId, tb: &Btf<'_>, t: TypeId) -> Result<bool> {
    let mut budget = Budget(WORK_BUDGET);
    types_match_level(lb, l, tb, t, false, MAX_DEPTH, &mut budget)
}

fn enums_match(lb: &Btf<'_>, lt: &Type<'_>, tb: &Btf<'_>, tt: &Type<'_>, budget: &mut Budget) -> Result<bool> {
    if lt.size() != tt.size() || lt.vlen() > tt.vlen() {
        return Ok(false);
    }
    for le in lt.enumerators() {
        let ln = lb.str(le.name_off).unwrap_or("");
        let mut found = false;
        for te in tt.enumerators() {
            budget.step()?;
            if names_match(ln, tb.str(te.name_off).unwrap_or("")) {
                found = true;
                break;
            }
        }
        if !found {
            return Ok(false);
        }
    }
    Ok(true)
}

fn types_match_level(
    lb: &Btf<'_>,
    mut l: TypeId,
    tb: &Btf<'_>,
    mut t: TypeId,
    mut behind_ptr: bool,
    level: i32,
    budget: &mut Budget,
) -> Result<bool> {
    if level <= 0 {
        return Err(match_err("type match nesting too deep"));
    }
    let mut depth = MAX_DEPTH;
    loop {
        budget.step()?;
        depth -= 1;
        if depth < 0 {
            return Err(match_err(format!("type match of [{}] too deep", l.0)));
        }
        let lt = skip(lb, l)?;
        let tt = skip(tb, t)?;
        if !names_match(lb.name(&lt), tb.name(&tt)) {
            return Ok(false);
        }
        let (lk, tk) = (lt.kind(), tt.kind());
        match lk {
            BtfKind::UNKN => return Ok(lk == tk),
            BtfKind::FWD => {
                let lf = lt.kflag();
                if behind_ptr {
                    if lk == tk {
                        return Ok(lf == tt.kflag());
                    }
                    return Ok((tk == BtfKind::STRUCT && !lf) || (tk == BtfKind::UNION && lf));
                }
                return Ok(lk == tk && lf == tt.kflag());
            }
            BtfKind::ENUM | BtfKind::ENUM64 => {
                if !tt.is_enum() {
                    return Ok(false);
                }
                return enums_match(lb, &lt, tb, &tt, budget);
            }
            BtfKind::STRUCT | BtfKind::UNION => {
                if behind_ptr {
                    if lk == tk {
                        return Ok(true);
                    }
                    if tk != BtfKind::FWD {
                        return Ok(false);
                    }
                    return Ok((lk == BtfKind::UNION) == tt.kflag());
                }
                if lk != tk {
                    return Ok(false);
                }
                if lt.vlen() > tt.vlen() {
                    return Ok(false);
                }
                for lm in lt.members() {
                    let ln = lb.str(lm.name_off).unwrap_or("");
                    let mut matched = false;
                    for tm in tt.members() {
                        budget.step()?;
                        if !names_match(ln, tb.str(tm.name_off).unwrap_or("")) {
                            continue;
                        }
                        if types_match_level(lb, lm.type_id, tb, tm.type_id, behind_ptr, level - 1, budget)? {
                            matched = true;
                            break;
                        }
                    }
                    if !matched {
                        return Ok(false);
                    }
                }
                return Ok(true);
            }
            BtfKind::INT => {
                if lk != tk {
                    return Ok(false);
                }
                let ls = lt.int().is_some_and(|i| i.encoding.is_signed());
                let ts = tt.int().is_some_and(|i| i.encoding.is_signed());
                return Ok(lt.size() == tt.size() && ls == ts);
            }
            BtfKind::PTR => {
                if lk != tk {
                    return Ok(false);
                }
                behind_ptr = true;
                l = lt.type_id();
                t = tt.type_id();
            }
            BtfKind::ARRAY => {
                if lk != tk {
                    return Ok(false);
                }
                let (la, ta) = (lt.array(), tt.array());
                let (Some(la), Some(ta)) = (la, ta) else { return Ok(false) };
                if la.nelems != ta.nelems {
                    return Ok(false);
                }
                l = la.elem;
                t = ta.elem;
            }
            BtfKind::FUNC_PROTO => {
                if lk != tk || lt.vlen() != tt.vlen() {
                    return Ok(false);
                }
                for (lp, tp) in lt.params().zip(tt.params()) {
                    if !types_match_level(lb, lp.type_id, tb, tp.type_id, behind_ptr, level - 1, budget)? {
                        return Ok(false);
                    }
                }
                l = lt.type_id();
                t = tt.type_id();
            }
            _ => return Ok(false),
        }
    }
}

/// `bpf_core_match_member`: finds the local named member `acc` in target
/// composite `targ_id`, descending into anonymous members, extending
/// `spec` (raw indexes, bit offset, one accessor) on the way.
fn match_member<'a>(
    lb: &Btf<'_>,
    acc: &Accessor<'_>,
    tb: &Btf<'a>,
    targ_id: TypeId,
    spec: &mut Spec<'a>,
    next: &mut TypeId,
    budget: &mut Budget,
) -> Result<Outcome> {
    let tt = skip(tb, targ_id)?;
    let targ_id = tt.id();
    if !tt.is_composite() {
        return Ok(Outcome::NoMatch(format!("{} is not a struct or union", type_label(tb, targ_id))));
    }
    let local_t = get(lb, acc.type_id)?;
    let lm = local_t
        .members()
        .nth(acc.idx as usize)
        .ok_or_else(|| match_err(format!("local member #{} missing", acc.idx)))?;
    let local_name = acc.name.unwrap_or("");
    for (i, m) in tt.members().enumerate() {
        budget.step()?;
        if spec.raw.len() == MAX_SPEC_LEN {
            return Err(match_err(format!("target access deeper than {MAX_SPEC_LEN} levels")));
        }
        spec.bit_offset = spec.bit_offset.wrapping_add(m.bit_offset);
        spec.raw.push(i as u32);
        let tn = tb.str(m.name_off).unwrap_or("");
        if tn.is_empty() {
            let found = match_member(lb, acc, tb, m.type_id, spec, next, budget)?;
            if found.is_match() {
                return Ok(found);
            }
        } else if tn == local_name {
            spec.accessors.push(Accessor { type_id: targ_id, idx: i as u32, name: Some(tn) });
            *next = m.type_id;
            if fields_are_compat(lb, lm.type_id, tb, m.type_id)? {
                return Ok(Outcome::Match);
            }
            spec.accessors.pop();
            return Ok(Outcome::NoMatch(format!(
                "field '{tn}' of {} is {} in the target but {} locally",
                type_label(tb, targ_id),
                field_kind(tb, m.type_id),
                field_kind(lb, lm.type_id)
            )));
        }
        spec.bit_offset = spec.bit_offset.wrapping_sub(m.bit_offset);
        spec.raw.pop();
    }
    Ok(Outcome::NoMatch(format!("no field '{local_name}' in {}", type_label(tb, targ_id))))
}

fn field_kind(btf: &Btf<'_>, id: TypeId) -> String {
    match btf.skip_mods_and_typedefs(id) {
        Ok(t) => match t.kind() {
            BtfKind::INT if int_offset(&t) != 0 => String::from("a bit-offset int"),
            k => format!("{} ({})", k.libbpf_name(), btf.type_name(id)),
        },
        Err(_) => String::from("a broken type"),
    }
}

/// `bpf_core_spec_match`: matches `local` (parsed against `lb`) to target
/// type `targ_id` in `tb`, building the target spec in `out` (partially
/// filled when there is no match, as libbpf's log shows it).
pub fn spec_match<'a>(
    lb: &Btf<'_>,
    local: &Spec<'_>,
    tb: &Btf<'a>,
    targ_id: TypeId,
    out: &mut Spec<'a>,
) -> Result<Outcome> {
    *out = Spec::empty(targ_id, local.kind);
    let kind = local.kind;
    if kind.is_type() {
        let ok = if kind == bpfkit_btf::ext::CoreReloKind::TYPE_MATCHES {
            types_match(lb, local.root_type_id, tb, targ_id)?
        } else {
            types_are_compat(lb, local.root_type_id, tb, targ_id)?
        };
        return Ok(if ok {
            Outcome::Match
        } else if kind == bpfkit_btf::ext::CoreReloKind::TYPE_MATCHES {
            Outcome::NoMatch(format!("{} does not match the local type", type_label(tb, targ_id)))
        } else {
            Outcome::NoMatch(format!("{} is not compatible with the local type", type_label(tb, targ_id)))
        });
    }
    let Some(first) = local.accessors.first() else {
        return Err(match_err("local spec has no accessor"));
    };
    if kind.is_enumval() {
        let tt = skip(tb, targ_id)?;
        if !tt.is_enum() {
            return Ok(Outcome::NoMatch(format!("{} is not an enum", type_label(tb, tt.id()))));
        }
        let lname = first.name.unwrap_or("");
        let ll = essential_name_len(lname);
        for (i, e) in tt.enumerators().enumerate() {
            let tn = tb.str(e.name_off).unwrap_or("");
            if essential_name_len(tn) != ll || tn.as_bytes()[..ll] != lname.as_bytes()[..ll] {
                continue;
            }
            out.accessors.push(Accessor { type_id: tt.id(), idx: i as u32, name: Some(tn) });
            out.raw.push(i as u32);
            return Ok(Outcome::Match);
        }
        return Ok(Outcome::NoMatch(format!("no enumerator '{lname}' in {}", type_label(tb, tt.id()))));
    }
    if !kind.is_field() {
        return Err(Error::new(ErrorKind::Unsupported, format!("unknown relocation kind {}", kind.0)));
    }
    let mut budget = Budget(WORK_BUDGET);
    let mut targ_id = targ_id;
    for (i, acc) in local.accessors.iter().enumerate() {
        let tt = skip(tb, targ_id)?;
        targ_id = tt.id();
        if acc.name.is_some() {
            let mut next = targ_id;
            let r = match_member(lb, acc, tb, targ_id, out, &mut next, &mut budget)?;
            if !r.is_match() {
                return Ok(r);
            }
            targ_id = next;
        } else {
            if i > 0 {
                let Some(a) = tt.array() else {
                    return Ok(Outcome::NoMatch(format!(
                        "{} is not an array (local index [{}])",
                        type_label(tb, targ_id),
                        acc.idx
                    )));
                };
                let flex = is_flex_arr(tb, out.accessors.last(), a.nelems);
                if !flex && acc.idx >= a.nelems {
                    return Ok(Outcome::NoMatch(format!(
                        "index [{}] out of range of the target array of {} elements",
                        acc.idx, a.nelems
                    )));
                }
                targ_id = skip(tb, a.elem)?.id();
            }
            if out.raw.len() == MAX_SPEC_LEN {
                return Err(match_err(format!("target access deeper than {MAX_SPEC_LEN} levels")));
            }
            out.accessors.push(Accessor { type_id: targ_id, idx: acc.idx, name: None });
            out.raw.push(acc.idx);
            let sz = tb.resolve_size(targ_id).map_err(|e| match_err(format!("size of target [{}]: {e}", targ_id.0)))?;
            let add = u64::from(acc.idx).wrapping_mul(sz).wrapping_mul(8);
            out.bit_offset = out.bit_offset.wrapping_add(add as u32);
        }
    }
    Ok(Outcome::Match)
}
