//! `.BTF.ext` records tied to sections, programs and instructions, and
//! CO-RE access strings decoded against the object's BTF.

use crate::core_spec::parse_spec;
use crate::error::{Error, ErrorKind, Result};
use crate::ids::{ProgramIndex, SectionIndex};
use bpfkit_btf::ext::CoreReloKind;
use bpfkit_btf::{Btf, StrOffset, TypeId};
use core::fmt;

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
            if let Some(&first) = self.raw.first() {
                if first > 0 {
                    write!(f, "[{first}]")?;
                }
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

/// Decodes a CO-RE relocation's access string against the local BTF with
/// libbpf's rules ([`parse_spec`]), adding the steps through anonymous
/// members that libbpf's spec leaves out.
pub fn decode_access<'data>(
    btf: &Btf<'data>,
    type_id: TypeId,
    access: &'data str,
    kind: CoreReloKind,
) -> Result<CoreAccess<'data>> {
    if type_id.0 == 0 {
        return Err(core_err("root type is void"));
    }
    let root = btf.type_by_id(type_id).map_err(|_| core_err(format!("root type [{}] not found", type_id.0)))?;
    let spec = parse_spec(btf, type_id, access, kind).map_err(|e| core_err(e.message))?;
    let root_name = match btf.name(&root) {
        "" => "<anon>",
        n => n,
    };
    let mut acc = CoreAccess {
        kind,
        root: type_id,
        root_kind: root.kind().libbpf_name(),
        root_name,
        raw: if kind.is_type() { vec![0] } else { spec.raw.clone() },
        steps: Vec::new(),
        enumerator: None,
        enum_value: None,
        bit_offset: None,
    };
    if kind.is_type() {
        return Ok(acc);
    }
    if kind.is_enumval() {
        // parse_spec checked that the root is an enum with this enumerator.
        let t = btf.skip_mods_and_typedefs(type_id).map_err(|e| core_err(e.to_string()))?;
        acc.enumerator = spec.accessors.first().and_then(|a| a.name);
        acc.enum_value = t.enumerators().nth(spec.raw[0] as usize).map(|e| e.value);
        return Ok(acc);
    }
    // parse_spec checked every index; walk them again to name each step.
    let mut cur = type_id;
    for &idx in &spec.raw[1..] {
        let t = btf.skip_mods_and_typedefs(cur).map_err(|e| core_err(e.to_string()))?;
        if t.is_composite() {
            let m = t.members().nth(idx as usize).ok_or_else(|| core_err("member missing"))?;
            let name = btf.str(m.name_off).map_err(|_| core_err("bad member name"))?;
            acc.steps.push(AccessStep::Member { index: idx, name });
            cur = m.type_id;
        } else if let Some(a) = t.array() {
            acc.steps.push(AccessStep::Index(idx));
            cur = a.elem;
        } else {
            return Err(core_err(format!("access '{access}' steps into a {} type", t.kind().libbpf_name())));
        }
    }
    acc.bit_offset = Some(u64::from(spec.bit_offset));
    Ok(acc)
}
