//! `.BTF.ext` records tied to sections, programs and instructions, and
//! CO-RE access strings decoded against the object's BTF.

use crate::error::{Error, ErrorKind, Result};
use crate::ids::{ProgramIndex, SectionIndex};
use bpfkit_btf::ext::CoreReloKind;
use bpfkit_btf::{Btf, BtfKind, StrOffset, TypeId};
use core::fmt;

/// libbpf's `BPF_CORE_SPEC_MAX_LEN`.
pub const CORE_SPEC_MAX_LEN: usize = 64;

/// Where a `.BTF.ext` record points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InsnLoc {
    /// The code section.
    pub section: SectionIndex,
    /// Instruction index in the section (`insn_off / 8`).
    pub section_insn: usize,
    /// The program containing it (`None` if it falls between programs,
    /// e.g. a dropped weak function; libbpf skips those records).
    pub program: Option<ProgramIndex>,
    /// Instruction index in that program.
    pub insn: usize,
}

/// A `bpf_func_info` record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FuncInfo {
    /// Where.
    pub loc: InsnLoc,
    /// The FUNC type.
    pub type_id: TypeId,
}

/// A `bpf_line_info` record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineInfo<'data> {
    /// Where.
    pub loc: InsnLoc,
    /// Source file name.
    pub file: &'data str,
    /// Source line text.
    pub line_text: &'data str,
    /// Line number.
    pub line: u32,
    /// Column.
    pub column: u32,
}

/// A `bpf_core_relo` record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CoreRelo<'data> {
    /// Where.
    pub loc: InsnLoc,
    /// The local root type.
    pub type_id: TypeId,
    /// The access string offset in `.BTF` strings.
    pub access_str_off: StrOffset,
    /// The access string (`"0:1:2"`).
    pub access: &'data str,
    /// What it computes.
    pub kind: CoreReloKind,
}

/// One step of a decoded CO-RE access path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccessStep<'data> {
    /// A struct/union member (named or anonymous) by index.
    Member {
        /// Member index.
        index: u32,
        /// Member name (empty for anonymous members).
        name: &'data str,
    },
    /// An array element.
    Index(u32),
}

/// A decoded CO-RE access: the root type, the raw indexes, the named path
/// and the local offset, in the form libbpf's `bpf_core_format_spec`
/// prints (`byte_off struct task_struct.real_parent (0:85)`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoreAccess<'data> {
    /// The relocation kind.
    pub kind: CoreReloKind,
    /// The local root type.
    pub root: TypeId,
    /// The root's kind name, lower case (`struct`, `enum`, `typedef`...).
    pub root_kind: &'static str,
    /// The root's name (`<anon>` for anonymous types).
    pub root_name: &'data str,
    /// The raw indexes of the access string.
    pub raw: Vec<u32>,
    /// The field steps after the first index (field kinds only).
    pub steps: Vec<AccessStep<'data>>,
    /// The enumerator name (enumval kinds only).
    pub enumerator: Option<&'data str>,
    /// The enumerator value (enumval kinds only).
    pub enum_value: Option<u64>,
    /// The field's bit offset from the root pointer in the local BTF (field kinds only).
    pub bit_offset: Option<u64>,
}

impl fmt::Display for CoreAccess<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}", self.kind, self.root_kind, self.root_name)?;
        if let Some(e) = self.enumerator {
            write!(f, "::{e}")?;
        }
        if self.kind.is_field() {
            if let Some(&first) = self.raw.first()
                && first > 0
            {
                write!(f, "[{first}]")?;
            }
            for s in &self.steps {
                match s {
                    AccessStep::Member { name, .. } if !name.is_empty() => write!(f, ".{name}")?,
                    AccessStep::Member { .. } => {}
                    AccessStep::Index(i) => write!(f, "[{i}]")?,
                }
            }
        }
        f.write_str(" (")?;
        for (i, r) in self.raw.iter().enumerate() {
            if i > 0 {
                f.write_str(":")?;
            }
            write!(f, "{r}")?;
        }
        f.write_str(")")
    }
}

fn core_err(what: impl Into<String>) -> Error {
    Error::new(ErrorKind::CoreAccess(what.into()), 0)
}

fn kind_str(k: BtfKind) -> &'static str {
    match k.0 {
        0 => "void",
        1 => "int",
        2 => "ptr",
        3 => "array",
        4 => "struct",
        5 => "union",
        6 => "enum",
        7 => "fwd",
        8 => "typedef",
        9 => "volatile",
        10 => "const",
        11 => "restrict",
        12 => "func",
        13 => "func_proto",
        14 => "var",
        15 => "datasec",
        16 => "float",
        17 => "decl_tag",
        18 => "type_tag",
        19 => "enum64",
        _ => "unknown",
    }
}

/// Parses an access string (`"0:1:2"`) like libbpf's `bpf_core_parse_spec`:
/// non-empty, `:`-separated non-negative decimal numbers, at most
/// [`CORE_SPEC_MAX_LEN`] of them.
pub fn parse_access_string(s: &str) -> Result<Vec<u32>> {
    if s.is_empty() {
        return Err(core_err("empty access string"));
    }
    let mut out = Vec::new();
    for part in s.split(':') {
        if out.len() == CORE_SPEC_MAX_LEN {
            return Err(core_err(format!("access string '{s}' has more than {CORE_SPEC_MAX_LEN} indexes")));
        }
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(core_err(format!("bad access string '{s}'")));
        }
        let v: u32 = part.parse().map_err(|_| core_err(format!("index out of range in '{s}'")))?;
        if v > i32::MAX as u32 {
            return Err(core_err(format!("index out of range in '{s}'")));
        }
        out.push(v);
    }
    Ok(out)
}

/// Decodes a CO-RE relocation's access string against the local BTF.
pub fn decode_access<'data>(
    btf: &Btf<'data>,
    type_id: TypeId,
    access: &'data str,
    kind: CoreReloKind,
) -> Result<CoreAccess<'data>> {
    let raw = parse_access_string(access)?;
    let root = btf.type_by_id(type_id).map_err(|_| core_err(format!("root type [{}] not found", type_id.0)))?;
    if type_id.0 == 0 {
        return Err(core_err("root type is void"));
    }
    let root_name = match btf.name(&root) {
        "" => "<anon>",
        n => n,
    };
    let mut acc = CoreAccess {
        kind,
        root: type_id,
        root_kind: kind_str(root.kind()),
        root_name,
        raw: raw.clone(),
        steps: Vec::new(),
        enumerator: None,
        enum_value: None,
        bit_offset: None,
    };
    if kind.is_type() {
        if raw != [0] {
            return Err(core_err(format!("type relocation with access '{access}' (must be \"0\")")));
        }
        return Ok(acc);
    }
    let skip = |id: TypeId| btf.skip_mods_and_typedefs(id).map_err(|e| core_err(format!("type [{}]: {e}", id.0)));
    if kind.is_enumval() {
        let t = skip(type_id)?;
        if t.kind() != BtfKind::ENUM && t.kind() != BtfKind::ENUM64 {
            return Err(core_err(format!("enumval relocation against non-enum type [{}]", type_id.0)));
        }
        if raw.len() != 1 || raw[0] >= t.vlen() {
            return Err(core_err(format!("enumerator index '{access}' out of range")));
        }
        let e = t.enumerators().nth(raw[0] as usize).ok_or_else(|| core_err("enumerator missing"))?;
        acc.enumerator = Some(btf.str(e.name_off).map_err(|_| core_err("bad enumerator name"))?);
        acc.enum_value = Some(e.value);
        return Ok(acc);
    }
    if !kind.is_field() {
        return Err(core_err(format!("unknown relocation kind {}", kind.0)));
    }
    let size = btf.resolve_size(type_id).map_err(|e| core_err(format!("root size: {e}")))?;
    let mut bit: u64 = u64::from(raw[0]).saturating_mul(size).saturating_mul(8);
    let mut cur = type_id;
    for &idx in &raw[1..] {
        let t = skip(cur)?;
        if t.is_composite() {
            if idx >= t.vlen() {
                return Err(core_err(format!("member index {idx} out of range in '{access}'")));
            }
            let m = t.members().nth(idx as usize).ok_or_else(|| core_err("member missing"))?;
            bit = bit.saturating_add(u64::from(m.bit_offset));
            let name = btf.str(m.name_off).map_err(|_| core_err("bad member name"))?;
            acc.steps.push(AccessStep::Member { index: idx, name });
            cur = m.type_id;
        } else if let Some(a) = t.array() {
            if a.nelems != 0 && idx >= a.nelems {
                return Err(core_err(format!("array index {idx} out of range in '{access}'")));
            }
            let esz = btf.resolve_size(a.elem).map_err(|e| core_err(format!("element size: {e}")))?;
            bit = bit.saturating_add(u64::from(idx).saturating_mul(esz).saturating_mul(8));
            acc.steps.push(AccessStep::Index(idx));
            cur = a.elem;
        } else {
            return Err(core_err(format!("access '{access}' steps into a {} type", kind_str(t.kind()))));
        }
    }
    acc.bit_offset = Some(bit);
    Ok(acc)
}
