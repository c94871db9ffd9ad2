//! Programs: the function symbols of code sections.

use crate::elf::{self, Symbol};
use crate::error::{Error, ErrorKind, Result};
use crate::ids::{ProgramIndex, SectionIndex, SymbolIndex};
use crate::object::Object;
use crate::section_def::find_sec_def;
use crate::section_def::{AttachType, ProgSection, ProgType};
use bpfkit_btf::Endian;
use bpfkit_insn::Insn;
use core::ops::Range;

/// Size of one instruction slot.
pub const INSN_SIZE: u64 = 8;

/// A program or subprogram: one `STT_FUNC` symbol in a code section.
///
/// Entry programs live in their own `SEC("...")` sections; functions in
/// `.text` are subprograms, appended to the entry programs that call them
/// (see [`Object::loaded_layout`](crate::Object::loaded_layout)).
#[non_exhaustive]
#[derive(Clone, Debug)]
pub struct Program<'data> {
    /// Its index in [`Object::programs`](crate::Object::programs).
    pub index: ProgramIndex,
    /// The function's name.
    pub name: &'data str,
    /// The code section.
    pub section: SectionIndex,
    /// The section name as written in the ELF file (with a leading `?`, if any).
    pub section_name: &'data str,
    /// The function symbol.
    pub symbol: SymbolIndex,
    /// Byte offset of the first instruction in the section.
    pub offset: u64,
    /// The instructions' bytes.
    pub bytes: &'data [u8],
    /// Whether this is a subprogram (a function in `.text`).
    pub subprog: bool,
    /// Whether the symbol is global or weak (not `STB_LOCAL`).
    pub global: bool,
    /// Whether the symbol's visibility is hidden (libbpf then marks its BTF FUNC static).
    pub hidden: bool,
    /// What the section name says (type, attach type, flags, target).
    pub kind: ProgSection<'data>,
    pub(crate) endian: Endian,
    pub(crate) relocs: Range<usize>,
    pub(crate) calls: Range<usize>,
    pub(crate) func_infos: Range<usize>,
    pub(crate) line_infos: Range<usize>,
    pub(crate) core_relos: Range<usize>,
}

impl<'data> Program<'data> {
    /// Index of the first instruction slot in the section.
    pub fn section_insn(&self) -> usize {
        (self.offset / INSN_SIZE) as usize
    }
    /// Number of instruction slots (an `ld_imm64` takes two).
    pub fn insn_count(&self) -> usize {
        self.bytes.len() / INSN_SIZE as usize
    }
    /// The byte range in the section.
    pub fn byte_range(&self) -> Range<u64> {
        self.offset..self.offset + self.bytes.len() as u64
    }
    /// Decodes the instructions lazily: `(byte offset in the program, insn)`.
    pub fn insns(&self) -> bpfkit_insn::Decoder<'data> {
        bpfkit_insn::decode(self.bytes, self.endian)
    }
    /// Decodes all instructions (the program's size is a multiple of 8, so
    /// this cannot fail; invalid slots become [`Insn::Unknown`]).
    pub fn instructions(&self) -> Vec<Insn> {
        self.insns().filter_map(|r| r.ok()).map(|(_, i)| i).collect()
    }
    /// The instruction byte order.
    pub fn endian(&self) -> Endian {
        self.endian
    }
    /// The program type from the section name (`UNSPEC` if unknown).
    pub fn prog_type(&self) -> ProgType {
        self.kind.prog_type()
    }
    /// The expected attach type from the section name.
    pub fn expected_attach_type(&self) -> Option<AttachType> {
        self.kind.expected_attach_type()
    }
    /// The attach target from the section name (`kprobe/foo` → `foo`).
    pub fn attach_target(&self) -> Option<&'data str> {
        self.kind.attach_target
    }
    /// The load flags from the section name (`BPF_F_SLEEPABLE`, ...).
    pub fn prog_flags(&self) -> u32 {
        self.kind.prog_flags()
    }
    /// Whether libbpf loads it by default (no `?` prefix); subprograms are
    /// loaded as part of their callers.
    pub fn autoload(&self) -> bool {
        self.kind.autoload
    }
}

impl<'data> Object<'data> {
    /// Programs and subprograms, ordered by section index and offset
    /// (libbpf's order).
    pub fn programs(&self) -> &[Program<'data>] {
        &self.programs
    }
    /// One program.
    pub fn program(&self, index: ProgramIndex) -> Option<&Program<'data>> {
        self.programs.get(index.index())
    }
    /// The first entry program (not a subprogram) with this name.
    pub fn program_by_name(&self, name: &str) -> Option<&Program<'data>> {
        self.programs.iter().find(|p| !p.subprog && p.name == name)
    }
    /// The program containing instruction slot `insn` of `section`.
    pub fn program_at(&self, section: SectionIndex, insn: usize) -> Option<&Program<'data>> {
        let i = self.programs.partition_point(|p| (p.section, p.section_insn()) <= (section, insn));
        let p = self.programs.get(i.checked_sub(1)?)?;
        (p.section == section && insn < p.section_insn() + p.insn_count()).then_some(p)
    }

    pub(crate) fn collect_programs(&mut self) -> Result<()> {
        let mut funcs: Vec<(SectionIndex, u64, SymbolIndex)> = self
            .symbols
            .iter()
            .filter(|s| s.kind == elf::STT_FUNC)
            .filter_map(|s| {
                let sec = s.section_index()?;
                let sh = &self.sections[sec.index()];
                (sh.is_code() && sh.size > 0).then_some((sec, s.value, s.index))
            })
            .collect();
        funcs.sort_unstable();
        let mut progs: Vec<Program<'data>> = Vec::with_capacity(funcs.len());
        for (sec_idx, off, sym_idx) in funcs {
            let sec = &self.sections[sec_idx.index()];
            let sym = &self.symbols[sym_idx.index()];
            let perr = |what: String| {
                Error::at(ErrorKind::Program { name: sym.name.into(), what }, sec.file_offset.saturating_add(off))
            };
            let size = sym.size;
            if size == 0 || !size.is_multiple_of(INSN_SIZE) || off % INSN_SIZE != 0 {
                return Err(perr(format!(
                    "corrupted program in section '{}': offset {off}, size {size} (must be non-zero multiples of 8)",
                    sec.name
                )));
            }
            let end = off.checked_add(size).filter(|&e| e <= sec.size);
            let Some(end) = end else {
                return Err(perr(format!("program at offset {off} crosses the end of section '{}'", sec.name)));
            };
            let subprog = Some(sec_idx) == self.text;
            if !subprog && !sym.is_global() {
                return Err(perr(format!("static program in section '{}' is not supported (as in libbpf)", sec.name)));
            }
            if let Some(prev) = progs.last()
                && prev.section == sec_idx
                && prev.offset + prev.bytes.len() as u64 > off
            {
                return Err(perr(format!("overlaps program '{}'", prev.name)));
            }
            let kind = if subprog {
                crate::section_def::ProgSection { name: sec.name, autoload: true, def: None, attach_target: None }
            } else {
                find_sec_def(sec.name)
            };
            progs.push(Program {
                index: ProgramIndex(progs.len() as u32),
                name: sym.name,
                section: sec_idx,
                section_name: sec.name,
                symbol: sym_idx,
                offset: off,
                bytes: &sec.data[off as usize..end as usize],
                subprog,
                global: sym.is_global(),
                hidden: sym.is_global() && sym.is_hidden(),
                kind,
                endian: self.endian,
                relocs: 0..0,
                calls: 0..0,
                func_infos: 0..0,
                line_infos: 0..0,
                core_relos: 0..0,
            });
        }
        self.programs = progs;
        Ok(())
    }

    pub(crate) fn text_program_at(&self, insn: i64) -> Option<ProgramIndex> {
        let text = self.text?;
        let insn = usize::try_from(insn).ok()?;
        self.program_at(text, insn).map(|p| p.index)
    }

    pub(crate) fn program_by_symbol(&self, sym: &Symbol<'_>) -> Option<ProgramIndex> {
        let sec = sym.section_index()?;
        self.programs.iter().find(|p| p.section == sec && p.offset == sym.value).map(|p| p.index)
    }
}
