//! `.BTF.ext` records tied to sections, programs and instructions, and
//! CO-RE access strings decoded against the object's BTF.

use crate::core_spec::parse_spec;
use crate::error::{Error, ErrorKind, Result};
use crate::ids::{ProgramIndex, SectionIndex};
use bpfkit_btf::ext::CoreReloKind;
use bpfkit_btf::{Btf, BtfKind, StrOffset, TypeId};
use core::fmt;

/// Where a `.BTF.ext` record points.
#[non_exhaustive]
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
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FuncInfo {
    /// Where.
    pub loc: InsnLoc,
    /// The FUNC type.
    pub type_id: TypeId,
}

/// A `bpf_line_info` record.
#[non_exhaustive]
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
    /// The raw record's `file_name_off`, `line_off` and `line_col` (what a
    /// loader hands the kernel, whose line_info refers to `.BTF` strings).
    pub raw: bpfkit_btf::ext::LineInfo,
}

/// A `bpf_core_relo` record.
#[non_exhaustive]
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
#[non_exhaustive]
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
    Error::new(ErrorKind::CoreAccess(what.into()))
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

// ---- the .BTF.ext records of an object ----------------------------------

use crate::elf::Section;
use crate::object::Object;
use crate::program::INSN_SIZE;
use std::collections::HashMap;

impl<'data> Object<'data> {
    /// All func_info records, by section and instruction.
    pub fn func_infos(&self) -> &[FuncInfo] {
        &self.func_infos
    }
    /// All line_info records, by section and instruction.
    pub fn line_infos(&self) -> &[LineInfo<'data>] {
        &self.line_infos
    }
    /// All CO-RE relocation records, by section and instruction.
    pub fn core_relos(&self) -> &[CoreRelo<'data>] {
        &self.core_relos
    }
    /// The func_info records of one program.
    pub fn program_func_infos(&self, prog: ProgramIndex) -> &[FuncInfo] {
        self.program(prog).map_or(&[], |p| &self.func_infos[p.func_infos.clone()])
    }
    /// The line_info records of one program.
    pub fn program_line_infos(&self, prog: ProgramIndex) -> &[LineInfo<'data>] {
        self.program(prog).map_or(&[], |p| &self.line_infos[p.line_infos.clone()])
    }
    /// The CO-RE relocation records of one program.
    pub fn program_core_relos(&self, prog: ProgramIndex) -> &[CoreRelo<'data>] {
        self.program(prog).map_or(&[], |p| &self.core_relos[p.core_relos.clone()])
    }
    /// Decodes a CO-RE record's access string against the object's BTF.
    pub fn core_access(&self, relo: &CoreRelo<'data>) -> Result<CoreAccess<'data>> {
        let btf = self.btf.as_ref().ok_or(Error::new(ErrorKind::Missing(".BTF")))?;
        decode_access(btf, relo.type_id, relo.access, relo.kind)
    }

    pub(crate) fn collect_btf_ext(&mut self) -> Result<()> {
        let (Some(ext), Some(btf)) = (self.btf_ext, self.btf.as_ref()) else { return Ok(()) };
        let ext_at = self.section_by_name(".BTF.ext").map_or(0, |s| s.file_offset);
        let xerr = |what: String, at: usize| Error::at(ErrorKind::BtfExt(what), ext_at + at as u64);
        let code: HashMap<&str, SectionIndex> =
            self.sections.iter().filter(|s| s.is_code()).map(|s| (s.name, s.index)).collect();
        let locate = |what: &str, group: &bpfkit_btf::ext::ExtSection<'_>| -> Result<&Section<'data>> {
            let name =
                btf.str(group.sec_name_off).map_err(|_| xerr(format!("{what}: bad section name offset"), group.at))?;
            let si = code
                .get(name)
                .ok_or_else(|| xerr(format!("{what} names section '{name}', which is not a code section"), group.at))?;
            Ok(&self.sections[si.index()])
        };
        let loc = |what: &str, sec: &Section<'data>, insn_off: u32, at: usize| -> Result<InsnLoc> {
            if u64::from(insn_off) % INSN_SIZE != 0 || u64::from(insn_off) >= sec.size {
                return Err(xerr(
                    format!(
                        "{what} record at instruction offset {insn_off} is outside section '{}' ({} bytes) or unaligned",
                        sec.name, sec.size
                    ),
                    at,
                ));
            }
            let si = (insn_off / 8) as usize;
            let p = self.program_at(sec.index, si);
            Ok(InsnLoc {
                section: sec.index,
                section_insn: si,
                program: p.map(|p| p.index),
                insn: p.map_or(0, |p| si - p.section_insn()),
            })
        };
        let mut fis = Vec::new();
        for g in ext.func_info().sections() {
            let sec = locate("func_info", &g)?;
            for f in g.func_infos() {
                let l = loc("func_info", sec, f.insn_off, g.at)?;
                if btf.get(f.type_id).is_none_or(|t| t.kind() != BtfKind::FUNC) {
                    return Err(xerr(format!("func_info type [{}] is not a FUNC", f.type_id.0), g.at));
                }
                fis.push(FuncInfo { loc: l, type_id: f.type_id });
            }
        }
        let mut lis = Vec::new();
        for g in ext.line_info().sections() {
            let sec = locate("line_info", &g)?;
            for li in g.line_infos() {
                let l = loc("line_info", sec, li.insn_off, g.at)?;
                let file =
                    btf.str(li.file_name_off).map_err(|_| xerr("line_info: bad file name offset".into(), g.at))?;
                let text = btf.str(li.line_off).map_err(|_| xerr("line_info: bad line offset".into(), g.at))?;
                lis.push(LineInfo { loc: l, file, line_text: text, line: li.line(), column: li.column(), raw: li });
            }
        }
        let mut crs = Vec::new();
        for g in ext.core_relo().sections() {
            let sec = locate("core_relo", &g)?;
            for c in g.core_relos() {
                let l = loc("core_relo", sec, c.insn_off, g.at)?;
                if c.type_id.0 == 0 || btf.get(c.type_id).is_none() {
                    return Err(xerr(format!("CO-RE relocation root type [{}] does not exist", c.type_id.0), g.at));
                }
                let access = btf
                    .str(c.access_str_off)
                    .map_err(|_| xerr("CO-RE relocation: bad access string offset".into(), g.at))?;
                crs.push(CoreRelo {
                    loc: l,
                    type_id: c.type_id,
                    access_str_off: c.access_str_off,
                    access,
                    kind: c.kind,
                });
            }
        }
        let key = |l: &InsnLoc| (l.section, l.section_insn);
        fis.sort_by_key(|r| key(&r.loc));
        lis.sort_by_key(|r| key(&r.loc));
        crs.sort_by_key(|r| key(&r.loc));
        for p in &mut self.programs {
            let lo_k = (p.section, p.section_insn());
            let hi_k = (p.section, p.section_insn() + p.insn_count());
            let range = |v: &[InsnLoc]| v.partition_point(|k| key(k) < lo_k)..v.partition_point(|k| key(k) < hi_k);
            p.func_infos = range(&fis.iter().map(|r| r.loc).collect::<Vec<_>>());
            p.line_infos = range(&lis.iter().map(|r| r.loc).collect::<Vec<_>>());
            p.core_relos = range(&crs.iter().map(|r| r.loc).collect::<Vec<_>>());
        }
        self.func_infos = fis;
        self.line_infos = lis;
        self.core_relos = crs;
        Ok(())
    }
}
