//! CO-RE access strings and access specs (libbpf's `bpf_core_parse_spec`).
//!
//! An access string (`"0:1:0:5"`) is a list of indexes: the first indexes
//! the root type as an array (`&p[0]`), each next one selects a member of a
//! struct/union or an element of an array. A [`Spec`] keeps every index
//! (`raw`), the semantically meaningful steps ([`Accessor`]s: the root,
//! named members and array elements; anonymous members only appear in
//! `raw`), and the resulting bit offset.
//!
//! This is the one parser of access strings: [`crate::Object::core_access`]
//! and `bpfkit-relo` both use it, so they accept and reject the same records.

use bpfkit_btf::ext::CoreReloKind;
use bpfkit_btf::{Btf, BtfKind, TypeId};
use core::fmt::{self, Write as _};
use nom::Parser;
use nom::character::complete::{char, digit1, one_of};
use nom::combinator::opt;

/// Which rule an access string or spec breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SpecErrorKind {
    /// The access string is malformed (syntax, length, negative index).
    AccessString,
    /// The access string does not fit the local type (bad index, wrong kind).
    Spec,
    /// The relocation kind is unknown.
    Unsupported,
}

/// An access string or spec that cannot be parsed, with the reason in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecError {
    /// Which rule is broken.
    pub kind: SpecErrorKind,
    /// Details in words.
    pub message: String,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SpecError {}

type Result<T> = core::result::Result<T, SpecError>;

fn spec_err(msg: impl Into<String>) -> SpecError {
    SpecError { kind: SpecErrorKind::Spec, message: msg.into() }
}

fn access_err(msg: impl Into<String>) -> SpecError {
    SpecError { kind: SpecErrorKind::AccessString, message: msg.into() }
}

/// libbpf's `BPF_CORE_SPEC_MAX_LEN`: the longest access string, and the
/// deepest target access a match may build.
pub const MAX_SPEC_LEN: usize = 64;

/// One high-level step of an access: the root (`idx` = array index on the
/// root pointer), a named member (`idx` = member index in `type_id`), or an
/// array element (`idx` = element index, `type_id` = element type).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Accessor<'a> {
    /// The struct/union holding the member, or the (element) type reached.
    pub type_id: TypeId,
    /// Member index or array index.
    pub idx: u32,
    /// The member or enumerator name; `None` for the root and array elements.
    pub name: Option<&'a str>,
}

/// A parsed access: low-level indexes, high-level accessors, bit offset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spec<'a> {
    /// The root type as written in the relocation (typedefs not skipped).
    pub root_type_id: TypeId,
    /// The relocation kind.
    pub kind: CoreReloKind,
    /// High-level accessors (empty for type-based kinds).
    pub accessors: Vec<Accessor<'a>>,
    /// Every index, anonymous members included (empty for type-based kinds).
    pub raw: Vec<u32>,
    /// Bit offset of the field from the root pointer.
    pub bit_offset: u32,
}

impl<'a> Spec<'a> {
    /// An empty spec for `root` (what matching starts from).
    pub fn empty(root: TypeId, kind: CoreReloKind) -> Spec<'a> {
        Spec { root_type_id: root, kind, accessors: Vec::new(), raw: Vec::new(), bit_offset: 0 }
    }

    /// The raw access string of this spec (`"0:85"`); empty for type-based kinds.
    pub fn access_string(&self) -> String {
        let mut s = String::new();
        for (i, r) in self.raw.iter().enumerate() {
            if i > 0 {
                s.push(':');
            }
            let _ = write!(s, "{r}");
        }
        s
    }
}

/// One `%d` item of libbpf's `sscanf` loop: optional white space, optional
/// sign, decimal digits.
fn item(i: &str) -> nom::IResult<&str, (Option<char>, &str)> {
    let (i, _) =
        nom::bytes::complete::take_while(|c: char| matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r')).parse(i)?;
    (opt(one_of("+-")), digit1).parse(i)
}

/// Parses an access string the way libbpf does (`sscanf("%d%n")` in a
/// loop): non-empty, not starting with `:`, numbers separated by at most
/// one `:` (libbpf also accepts white space or a sign as separator and one
/// trailing `:`), no negative index, at most [`MAX_SPEC_LEN`] indexes.
/// Numbers beyond `i32::MAX` (undefined in libbpf) are rejected.
pub fn parse_access(s: &str) -> Result<Vec<u32>> {
    if s.is_empty() {
        return Err(access_err("empty access string"));
    }
    if s.starts_with(':') {
        return Err(access_err(format!("access string '{s}' starts with ':'")));
    }
    let mut out = Vec::new();
    let mut rest = s;
    while !rest.is_empty() {
        let r: nom::IResult<&str, Option<char>> = opt(char(':')).parse(rest);
        if let Ok((r, _)) = r {
            rest = r;
        }
        if rest.is_empty() {
            break;
        }
        let pos = s.len() - rest.len();
        let Ok((r, (sign, digits))) = item(rest) else {
            return Err(access_err(format!("access string '{s}': expected a number at byte {pos}")));
        };
        let v: u64 = digits.parse().unwrap_or(u64::MAX);
        if sign == Some('-') && v != 0 {
            return Err(access_err(format!("access string '{s}': negative index -{digits} at position {}", out.len())));
        }
        if v > i32::MAX as u64 {
            return Err(access_err(format!(
                "access string '{s}': index {digits} at position {} is too large",
                out.len()
            )));
        }
        if out.len() == MAX_SPEC_LEN {
            return Err(access_err(format!("access string '{s}' has more than {MAX_SPEC_LEN} indexes")));
        }
        out.push(v as u32);
        rest = r;
    }
    if out.is_empty() {
        return Err(access_err(format!("access string '{s}' has no index")));
    }
    Ok(out)
}

/// `<kind> <name>` of a type (`struct task_struct`, `<anon>` when unnamed).
pub fn type_label(btf: &Btf<'_>, id: TypeId) -> String {
    match btf.get(id) {
        Some(t) => {
            let n = btf.name(&t);
            format!("{} {}", t.kind().libbpf_name(), if n.is_empty() { "<anon>" } else { n })
        }
        None => format!("<bad type [{}]>", id.0),
    }
}

/// libbpf's `is_flex_arr`: a zero-length array that is the last member of
/// the struct named by the previous accessor.
pub fn is_flex_arr(btf: &Btf<'_>, prev: Option<&Accessor<'_>>, nelems: u32) -> bool {
    let Some(prev) = prev else { return false };
    if prev.name.is_none() || nelems > 0 {
        return false;
    }
    btf.get(prev.type_id).is_some_and(|t| t.vlen() > 0 && prev.idx == t.vlen() - 1)
}

fn skip<'a>(btf: &Btf<'a>, id: TypeId) -> Result<bpfkit_btf::Type<'a>> {
    btf.skip_mods_and_typedefs(id).map_err(|e| spec_err(format!("type [{}]: {e}", id.0)))
}

fn size_of(btf: &Btf<'_>, id: TypeId) -> Result<u64> {
    btf.resolve_size(id).map_err(|e| spec_err(format!("size of type [{}]: {e}", id.0)))
}

fn add_bits(cur: u32, idx: u32, size: u64) -> Result<u32> {
    u64::from(idx)
        .checked_mul(size)
        .and_then(|v| v.checked_mul(8))
        .and_then(|v| v.checked_add(u64::from(cur)))
        .and_then(|v| u32::try_from(v).ok())
        .ok_or_else(|| spec_err(format!("bit offset overflows 32 bits (index {idx}, element size {size})")))
}

/// The raw value of an enumerator as libbpf reads it: ENUM values are
/// `s32` widened to 64 bits (sign-extended, whatever the enum's
/// signedness), ENUM64 values are the full 64 bits.
pub fn enumerator_value(t: &bpfkit_btf::Type<'_>, idx: u32) -> Option<u64> {
    let e = t.enumerators().nth(idx as usize)?;
    Some(if t.kind() == BtfKind::ENUM { e.value as u32 as i32 as i64 as u64 } else { e.value })
}

/// Parses a relocation's access string against the local BTF
/// (`bpf_core_parse_spec`).
pub fn parse_spec<'a>(btf: &Btf<'a>, root: TypeId, access: &str, kind: CoreReloKind) -> Result<Spec<'a>> {
    if access.is_empty() || access.starts_with(':') {
        return Err(access_err(format!("bad access string '{access}'")));
    }
    let mut spec = Spec::empty(root, kind);
    if kind.is_type() {
        if access != "0" {
            return Err(access_err(format!("type-based relocation needs access string \"0\", not '{access}'")));
        }
        return Ok(spec);
    }
    spec.raw = parse_access(access)?;
    let t = skip(btf, root)?;
    let mut id = t.id();
    let first = spec.raw[0];
    spec.accessors.push(Accessor { type_id: id, idx: first, name: None });
    if kind.is_enumval() {
        if !t.is_enum() {
            return Err(spec_err(format!("enumval relocation on {}, not an enum", type_label(btf, id))));
        }
        if spec.raw.len() > 1 {
            return Err(spec_err(format!("enumval access '{access}' must have exactly one index")));
        }
        if first >= t.vlen() {
            return Err(spec_err(format!(
                "enumerator index {first} out of range: {} has {} enumerators",
                type_label(btf, id),
                t.vlen()
            )));
        }
        let e = t.enumerators().nth(first as usize).ok_or_else(|| spec_err("enumerator missing"))?;
        spec.accessors[0].name = Some(btf.str(e.name_off).map_err(|_| spec_err("bad enumerator name offset"))?);
        return Ok(spec);
    }
    if !kind.is_field() {
        return Err(SpecError {
            kind: SpecErrorKind::Unsupported,
            message: format!("unknown relocation kind {}", kind.0),
        });
    }
    let sz = size_of(btf, id)?;
    spec.bit_offset = add_bits(0, first, sz)?;
    for pos in 1..spec.raw.len() {
        let idx = spec.raw[pos];
        let t = skip(btf, id)?;
        id = t.id();
        if t.is_composite() {
            if idx >= t.vlen() {
                return Err(spec_err(format!(
                    "access '{access}': member index {idx} (position {pos}) out of range, {} has {} members",
                    type_label(btf, id),
                    t.vlen()
                )));
            }
            let m = t.members().nth(idx as usize).ok_or_else(|| spec_err("member missing"))?;
            spec.bit_offset = spec
                .bit_offset
                .checked_add(m.bit_offset)
                .ok_or_else(|| spec_err(format!("access '{access}': bit offset overflows 32 bits")))?;
            if m.name_off.0 != 0 {
                let name = btf.str(m.name_off).map_err(|_| spec_err("bad member name offset"))?;
                if name.is_empty() {
                    return Err(spec_err(format!("access '{access}': member {idx} has an empty name")));
                }
                spec.accessors.push(Accessor { type_id: id, idx, name: Some(name) });
            }
            id = m.type_id;
        } else if let Some(a) = t.array() {
            let et = skip(btf, a.elem)?;
            id = et.id();
            let flex = is_flex_arr(btf, spec.accessors.last(), a.nelems);
            if !flex && idx >= a.nelems {
                return Err(spec_err(format!(
                    "access '{access}': array index {idx} (position {pos}) out of range, array has {} elements",
                    a.nelems
                )));
            }
            spec.accessors.push(Accessor { type_id: id, idx, name: None });
            let esz = size_of(btf, id)?;
            spec.bit_offset = add_bits(spec.bit_offset, idx, esz)?;
        } else {
            return Err(spec_err(format!(
                "access '{access}': index {idx} (position {pos}) steps into [{}] of kind {}",
                id.0,
                t.kind().libbpf_name()
            )));
        }
    }
    Ok(spec)
}
