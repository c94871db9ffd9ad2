//! Relocating a whole object the way a loader loads it: each entry program
//! with the subprograms it calls appended (libbpf's order, call offsets
//! fixed up), every CO-RE relocation patched in that loaded copy.

use crate::cands::Targets;
use crate::error::{Error, ErrorKind, ReloRef, Result};
use crate::patch::{Patched, patch_insn};
use crate::resolve::{Resolution, Resolver};
use bpfkit_btf::ext::CoreReloKind;
use bpfkit_btf::{Btf, StrOffset, TypeId};
use bpfkit_insn::{Endian, RawInsn};
use bpfkit_obj::{LoadedLayout, Object, ProgramIndex, RelocTarget, SectionIndex};
use std::collections::{HashMap, HashSet};

/// One CO-RE record of `.BTF.ext`, in file order, with its resolution.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Record<'a> {
    /// Section, index in the section, `insn_off`.
    pub relo: ReloRef,
    /// The code section.
    pub section: SectionIndex,
    /// Instruction index in the section.
    pub section_insn: usize,
    /// The (sub)program holding the instruction.
    pub program: ProgramIndex,
    /// Instruction index in that (sub)program (libbpf's `insn #N` in its log).
    pub program_insn: usize,
    /// The relocation kind.
    pub kind: CoreReloKind,
    /// The local root type.
    pub local_type_id: TypeId,
    /// The access string.
    pub access: &'a str,
    /// The resolution, or why there is none.
    pub resolution: core::result::Result<Resolution<'a>, Error>,
    /// On failure, what was found before it (local spec, candidates tried).
    pub partial: Option<Resolution<'a>>,
}

/// A relocation applied to one loaded program.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Applied {
    /// Index into [`Relocation::records`].
    pub record: usize,
    /// The instruction index in the loaded program.
    pub insn_idx: usize,
    /// The instruction (slot) before patching.
    pub before: RawInsn,
    /// What patching did, or why it failed (resolution or patch error).
    pub result: core::result::Result<Patched, Error>,
}

/// An instruction index in a loaded program (8-byte slots from its first
/// instruction: what the kernel's func_info and line_info `insn_off` mean).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct LoadedInsn(pub usize);

/// A func_info record of a loaded program, at its loaded position (the
/// kernel's `bpf_func_info`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct LoadedFuncInfo {
    /// The function's first instruction in the loaded program.
    pub insn: LoadedInsn,
    /// Its FUNC type in the object's `.BTF`.
    pub type_id: TypeId,
}

/// A line_info record of a loaded program, at its loaded position (the
/// kernel's `bpf_line_info`; offsets are into the object's `.BTF` strings).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct LoadedLineInfo {
    /// The instruction in the loaded program.
    pub insn: LoadedInsn,
    /// `file_name_off`.
    pub file_name_off: StrOffset,
    /// `line_off`.
    pub line_off: StrOffset,
    /// `line << 10 | column`.
    pub line_col: u32,
}

/// A non-CO-RE relocation of a loaded program: what the instruction at
/// `insn` refers to (a map, global data, an extern, a subprogram). Calls
/// and callback addresses are already patched in [`LoadedProgram::insns`];
/// the others are the loader's to fill in (map fds, data map values, kernel
/// BTF ids).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct LoadedReloc {
    /// The instruction in the loaded program.
    pub insn: LoadedInsn,
    /// What it refers to.
    pub target: RelocTarget,
}

/// One program as loaded: entry program plus appended subprograms.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct LoadedProgram<'a> {
    /// The entry program (or a subprogram no entry program calls, relocated on its own).
    pub program: ProgramIndex,
    /// Its name.
    pub name: &'a str,
    /// Its section name.
    pub section: &'a str,
    /// Whether this is a subprogram that no entry program calls.
    pub uncalled_subprog: bool,
    /// The layout (placed subprograms, call references).
    pub layout: LoadedLayout,
    /// The instructions, call offsets fixed up and CO-RE relocations applied.
    pub insns: Vec<RawInsn>,
    /// Every CO-RE relocation of the loaded program, in application order.
    pub applied: Vec<Applied>,
    /// func_info of the entry program and each appended subprogram, rebased.
    pub func_info: Vec<LoadedFuncInfo>,
    /// line_info of the entry program and each appended subprogram, rebased.
    pub line_info: Vec<LoadedLineInfo>,
    /// The non-CO-RE relocations, keyed by loaded instruction, in order.
    pub relocs: Vec<LoadedReloc>,
}

impl LoadedProgram<'_> {
    /// The instructions as bytes in `endian`.
    pub fn bytes(&self, endian: Endian) -> Vec<u8> {
        self.insns.iter().flat_map(|i| i.to_bytes(endian)).collect()
    }
    /// Whether every relocation resolved and patched.
    pub fn is_ok(&self) -> bool {
        self.applied.iter().all(|a| a.result.is_ok())
    }
}

/// `src_reg` of an `ld_imm64` that loads a subprogram's address.
const PSEUDO_FUNC: u8 = 4;

/// The result of relocating an object.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Relocation<'a> {
    /// Every CO-RE record in `.BTF.ext` order (records in no program are left out, as libbpf skips them).
    pub records: Vec<Record<'a>>,
    /// Every loaded program.
    pub programs: Vec<LoadedProgram<'a>>,
    /// The object's byte order.
    pub endian: Endian,
}

impl Relocation<'_> {
    /// Whether every relocation resolved and patched.
    pub fn is_ok(&self) -> bool {
        self.records.iter().all(|r| r.resolution.is_ok()) && self.programs.iter().all(|p| p.is_ok())
    }
}

fn obj_err(e: impl core::fmt::Display) -> Error {
    Error::new(ErrorKind::Object, e.to_string())
}

/// Resolves every CO-RE record of `obj` in `.BTF.ext` order, with one
/// candidate cache (libbpf's `bpf_object__relocate_core`).
pub fn resolve_records<'a>(
    obj: &Object<'a>,
    local: &Btf<'a>,
    resolver: &mut Resolver<'a, '_>,
) -> Result<Vec<Record<'a>>> {
    let mut out = Vec::new();
    let Some(ext) = obj.btf_ext() else { return Ok(out) };
    let roots: Vec<TypeId> = ext
        .core_relo()
        .sections()
        .flat_map(|s| {
            s.core_relos().filter(|c| c.kind != CoreReloKind::TYPE_ID_LOCAL).map(|c| c.type_id).collect::<Vec<_>>()
        })
        .collect();
    resolver.prefetch(&roots);
    for sec in ext.core_relo().sections() {
        let name = local.str(sec.sec_name_off).map_err(|_| obj_err("CO-RE section name offset out of range"))?;
        let section = obj
            .section_by_name(name)
            .ok_or_else(|| obj_err(format!("CO-RE relocations name section '{name}', which does not exist")))?;
        for (i, c) in sec.core_relos().enumerate() {
            let relo = ReloRef { section: name.to_string(), index: i, insn_off: c.insn_off };
            if c.insn_off % 8 != 0 {
                return Err(obj_err(format!("{relo}: insn_off is not a multiple of 8")));
            }
            let section_insn = (c.insn_off / 8) as usize;
            // Records of eliminated weak subprograms belong to no program: libbpf skips them.
            let Some(prog) = obj.program_at(section.index, section_insn) else { continue };
            let access =
                local.str(c.access_str_off).map_err(|_| obj_err(format!("{relo}: bad access string offset")))?;
            let mut partial = None;
            let resolution = resolver.resolve_traced(c.type_id, access, c.kind, &mut partial).map_err(|e| e.at(&relo));
            out.push(Record {
                relo,
                section: section.index,
                section_insn,
                program: prog.index,
                program_insn: section_insn - prog.section_insn(),
                kind: c.kind,
                local_type_id: c.type_id,
                access,
                resolution,
                partial,
            });
        }
    }
    Ok(out)
}

/// Lays out `prog` as loaded and applies the resolved records.
fn load_program<'a>(
    obj: &Object<'a>,
    prog: ProgramIndex,
    uncalled_subprog: bool,
    records: &[Record<'a>],
    by_prog: &HashMap<ProgramIndex, Vec<usize>>,
) -> Result<LoadedProgram<'a>> {
    let p = obj.program(prog).ok_or_else(|| obj_err("program index out of range"))?;
    let layout = obj.loaded_layout(prog).map_err(obj_err)?;
    let endian = insn_endian(obj.endian());
    let mut insns = Vec::with_capacity(layout.insn_count);
    for placed in &layout.placed {
        let sub = obj.program(placed.program).ok_or_else(|| obj_err("placed program out of range"))?;
        insns.extend(sub.bytes.chunks_exact(8).filter_map(|c| RawInsn::read(c, endian)));
    }
    for r in &layout.refs {
        if let Some(slot) = insns.get_mut(r.at) {
            slot.imm = i32::try_from(r.imm()).map_err(|_| obj_err("call offset out of range"))?;
            if !r.is_call {
                // libbpf marks a subprogram's address `BPF_PSEUDO_FUNC`.
                slot.src = PSEUDO_FUNC;
            }
        }
    }
    let mut applied = Vec::new();
    for placed in &layout.placed {
        for &ri in by_prog.get(&placed.program).map_or(&[][..], |v| v.as_slice()) {
            let rec = &records[ri];
            let insn_idx = placed.insn_offset + rec.program_insn;
            let before = insns.get(insn_idx).copied().unwrap_or_default();
            let result = match &rec.resolution {
                Ok(res) => patch_insn(&mut insns, insn_idx, &res.value).map_err(|e| e.at(&rec.relo)),
                Err(e) => Err(e.clone()),
            };
            applied.push(Applied { record: ri, insn_idx, before, result });
        }
    }
    let (mut func_info, mut line_info, mut relocs) = (Vec::new(), Vec::new(), Vec::new());
    for placed in &layout.placed {
        let at = |i: usize| LoadedInsn(placed.insn_offset + i);
        func_info.extend(
            obj.program_func_infos(placed.program)
                .iter()
                .map(|f| LoadedFuncInfo { insn: at(f.loc.insn), type_id: f.type_id }),
        );
        line_info.extend(obj.program_line_infos(placed.program).iter().map(|l| LoadedLineInfo {
            insn: at(l.loc.insn),
            file_name_off: l.raw.file_name_off,
            line_off: l.raw.line_off,
            line_col: l.raw.line_col,
        }));
        relocs.extend(
            obj.program_relocations(placed.program)
                .iter()
                .filter_map(|r| Some(LoadedReloc { insn: at(r.insn?), target: r.target })),
        );
    }
    Ok(LoadedProgram {
        program: prog,
        name: p.name,
        section: p.section_name,
        uncalled_subprog,
        layout,
        insns,
        applied,
        func_info,
        line_info,
        relocs,
    })
}

/// Relocates `obj` against `targets`: resolves every record once, in
/// `.BTF.ext` order, then loads each entry program (and each subprogram no
/// entry program calls) and patches its copy of every relocated
/// instruction. Per-relocation failures are kept in the result; only an
/// unusable object is an error.
pub fn relocate<'a>(obj: &Object<'a>, targets: &Targets<'a>) -> Result<Relocation<'a>> {
    let local = obj.btf().ok_or_else(|| obj_err("object has no .BTF section"))?;
    let mut resolver = Resolver::new(local, targets, obj.endian());
    relocate_with(obj, &mut resolver)
}

/// [`relocate`] with a caller-provided resolver (to share its candidate
/// cache, or to choose the byte order of bitfield shifts).
pub fn relocate_with<'a>(obj: &Object<'a>, resolver: &mut Resolver<'a, '_>) -> Result<Relocation<'a>> {
    let local = obj.btf().ok_or_else(|| obj_err("object has no .BTF section"))?;
    let records = resolve_records(obj, local, resolver)?;
    let mut by_prog: HashMap<ProgramIndex, Vec<usize>> = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        by_prog.entry(r.program).or_default().push(i);
    }
    let mut programs = Vec::new();
    let mut placed: HashSet<ProgramIndex> = HashSet::new();
    for p in obj.programs().iter().filter(|p| !p.subprog) {
        let lp = load_program(obj, p.index, false, &records, &by_prog)?;
        placed.extend(lp.layout.placed.iter().map(|x| x.program));
        programs.push(lp);
    }
    for p in obj.programs().iter().filter(|p| p.subprog && !placed.contains(&p.index)) {
        programs.push(load_program(obj, p.index, true, &records, &by_prog)?);
    }
    Ok(Relocation { records, programs, endian: insn_endian(obj.endian()) })
}

/// `bpfkit-obj` speaks `bpfkit_btf::Endian`; the instruction crate its own.
fn insn_endian(e: bpfkit_btf::Endian) -> Endian {
    match e {
        bpfkit_btf::Endian::Little => Endian::Little,
        bpfkit_btf::Endian::Big => Endian::Big,
    }
}
