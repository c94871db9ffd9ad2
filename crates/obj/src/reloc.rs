//! Relocations, resolved to what they mean.

use crate::data::DataKind;
use crate::elf::RelocType;
use crate::elf::{self, REL_SIZE, RawReloc, RawRelocs, Section, Symbol};
use crate::error::{Error, ErrorKind, Result};
use crate::ids::{DataIndex, ExternIndex, MapIndex, ProgramIndex, SectionIndex, SymbolIndex};
use crate::map::{MapSlot, SlotTarget, is_struct_ops_sec};
use crate::object::{Object, sec_err};
use crate::program::INSN_SIZE;
use crate::section_def::MapType;
use bpfkit_insn::{Opcode, RawInsn};

/// What a relocation refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RelocTarget {
    /// `ld_imm64` of a map (`&my_map`): becomes `BPF_PSEUDO_MAP_FD`.
    Map(MapIndex),
    /// `ld_imm64` of global data: becomes `BPF_PSEUDO_MAP_VALUE` of the
    /// section's internal map at `offset` (symbol value plus the
    /// instruction's immediate).
    Data {
        /// The data section.
        data: DataIndex,
        /// Byte offset in the section.
        offset: u64,
    },
    /// `call` of a subprogram (`BPF_PSEUDO_CALL`).
    Call(ProgramIndex),
    /// `ld_imm64` of a subprogram's address (`BPF_PSEUDO_FUNC`, callbacks).
    FuncAddr(ProgramIndex),
    /// An extern: `ld_imm64` of a kconfig or ksym variable, or a kfunc `call`.
    Extern(ExternIndex),
    /// A pointer to a program stored in data (prog array `.values`,
    /// struct_ops function pointers).
    Program(ProgramIndex),
    /// A pointer to a map stored in data (map-in-map `.values`).
    MapPointer(MapIndex),
    /// Any other address: section plus offset (data pointers in data, and
    /// the `.BTF`/`.BTF.ext`/DWARF references to code and variables).
    Address {
        /// The referenced section (`None` for absolute or undefined symbols).
        section: Option<SectionIndex>,
        /// Byte offset in it (the symbol value).
        offset: u64,
    },
}

/// One relocation.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reloc {
    /// The patched section.
    pub section: SectionIndex,
    /// The `SHT_REL` section holding the entry.
    pub rel_section: SectionIndex,
    /// The entry's index in that section.
    pub entry: u32,
    /// Byte offset in the patched section.
    pub offset: u64,
    /// The relocation type.
    pub kind: RelocType,
    /// The symbol.
    pub symbol: SymbolIndex,
    /// The program containing the patched instruction (code sections).
    pub program: Option<ProgramIndex>,
    /// The instruction index in that program.
    pub insn: Option<usize>,
    /// What it refers to.
    pub target: RelocTarget,
}

pub(crate) const CALL: Opcode = Opcode(0x85);
pub(crate) const PSEUDO_CALL: u8 = 1;
pub(crate) const PSEUDO_FUNC: u8 = 4;

impl<'data> Object<'data> {
    /// All resolved relocations: those of code sections (by section and
    /// offset), then those of data sections (`.maps`, `.struct_ops`, data
    /// pointers). `.BTF`, `.BTF.ext` and DWARF relocations are not here;
    /// read them with [`Object::raw_relocations`] and [`Object::resolve_address`].
    pub fn relocations(&self) -> &[Reloc] {
        &self.relocs
    }
    /// The relocations of code sections only.
    pub fn code_relocations(&self) -> &[Reloc] {
        &self.relocs[..self.prog_reloc_count]
    }
    /// The relocations of one program, by instruction.
    pub fn program_relocations(&self, prog: ProgramIndex) -> &[Reloc] {
        self.program(prog).map_or(&[], |p| &self.relocs[p.relocs.clone()])
    }
    /// The relocation of one instruction of a program.
    pub fn reloc_at(&self, prog: ProgramIndex, insn: usize) -> Option<&Reloc> {
        let r = self.program_relocations(prog);
        r.binary_search_by_key(&Some(insn), |r| r.insn).ok().map(|i| &r[i])
    }

    /// The `SHT_REL` sections: `(relocation section, patched section)`.
    pub fn rel_sections(&self) -> impl Iterator<Item = (SectionIndex, SectionIndex)> + '_ {
        self.sections.iter().filter(|s| s.sh_type == elf::SHT_REL).map(|s| (s.index, SectionIndex(s.info)))
    }
    /// Reads the entries of any `SHT_REL` section lazily, unresolved.
    pub fn raw_relocations(&self, rel_section: SectionIndex) -> RawRelocs<'data> {
        let data = match self.section(rel_section) {
            Some(s) if s.sh_type == elf::SHT_REL => s.data,
            _ => &[],
        };
        RawRelocs { rest: data, endian: self.endian }
    }
    /// What the symbol of a raw relocation refers to, as an address: its
    /// section and value (for the `.BTF`/`.BTF.ext`/DWARF relocations).
    pub fn resolve_address(&self, r: &RawReloc) -> Option<RelocTarget> {
        let sym = self.symbol(r.symbol)?;
        Some(RelocTarget::Address { section: sym.section_index(), offset: sym.value })
    }

    pub(crate) fn collect_relocs(&mut self) -> Result<()> {
        let mut code = Vec::new();
        let mut other = Vec::new();
        let rels: Vec<SectionIndex> =
            self.sections.iter().filter(|s| s.sh_type == elf::SHT_REL).map(|s| s.index).collect();
        for ri in rels {
            let rs = &self.sections[ri.index()];
            let target = rs.info as usize;
            let Some(ts) = self.sections.get(target) else {
                return Err(sec_err(rs, format!("relocation section targets section #{target}, which does not exist")));
            };
            let tname = ts.name;
            if tname == ".BTF" || tname == ".BTF.ext" || tname.starts_with(".debug") {
                continue;
            }
            if rs.entsize != REL_SIZE {
                return Err(sec_err(rs, "relocation entry size is not 16"));
            }
            if !(rs.data.len() as u64).is_multiple_of(REL_SIZE) {
                return Err(sec_err(rs, "relocation section size is not a multiple of 16"));
            }
            if rs.link != self.symtab.0 {
                return Err(sec_err(rs, "relocation section does not link to .symtab"));
            }
            let is_code = ts.is_code();
            for (i, r) in self.raw_relocations(ri).enumerate() {
                let rerr = |what: String| {
                    Error::at(
                        ErrorKind::Reloc { section: rs.name.into(), index: i, what },
                        rs.file_offset + i as u64 * REL_SIZE,
                    )
                };
                let Some(sym) = self.symbols.get(r.symbol.index()) else {
                    return Err(rerr(format!("symbol #{} does not exist", r.symbol.0)));
                };
                if is_code {
                    code.push(self.resolve_code_reloc(ts, ri, i, &r, sym).map_err(&rerr)?);
                } else {
                    let width = if r.kind == crate::elf::RelocType::R_BPF_64_ABS32
                        || r.kind == crate::elf::RelocType::R_BPF_64_NODYLD32
                    {
                        4
                    } else {
                        8
                    };
                    if r.offset.checked_add(width).is_none_or(|e| e > ts.size) {
                        return Err(rerr(format!(
                            "offset {:#x} is outside section '{}' ({} bytes)",
                            r.offset, ts.name, ts.size
                        )));
                    }
                    other.push((ts.index, ri, i, r));
                }
            }
        }
        code.sort_by_key(|r: &Reloc| (r.section, r.offset));
        self.prog_reloc_count = code.len();
        for p in &mut self.programs {
            let lo = code.partition_point(|r| (r.section, r.offset) < (p.section, p.offset));
            let hi = code.partition_point(|r| (r.section, r.offset) < (p.section, p.offset + p.bytes.len() as u64));
            p.relocs = lo..hi;
        }
        self.relocs = code;
        for (ts, ri, i, r) in other {
            let rel = self.resolve_data_reloc(ts, ri, i, &r).map_err(|what| {
                let rs = &self.sections[ri.index()];
                Error::at(
                    ErrorKind::Reloc { section: rs.name.into(), index: i, what },
                    rs.file_offset + i as u64 * REL_SIZE,
                )
            })?;
            self.relocs.push(rel);
        }
        Ok(())
    }

    pub(crate) fn sym_is_subprog(&self, sym: &Symbol<'_>) -> bool {
        if self.text.is_none() || sym.section_index() != self.text {
            return false;
        }
        (sym.bind == elf::STB_LOCAL && sym.kind == elf::STT_SECTION) || (sym.is_global() && sym.kind == elf::STT_FUNC)
    }

    pub(crate) fn resolve_code_reloc(
        &self,
        ts: &Section<'data>,
        ri: SectionIndex,
        entry: usize,
        r: &RawReloc,
        sym: &Symbol<'data>,
    ) -> core::result::Result<Reloc, String> {
        if !r.offset.is_multiple_of(INSN_SIZE) || r.offset >= ts.size {
            return Err(format!("invalid offset {:#x} in code section '{}' ({} bytes)", r.offset, ts.name, ts.size));
        }
        let sec_insn = (r.offset / INSN_SIZE) as usize;
        let prog = self.program_at(ts.index, sec_insn);
        let raw = RawInsn::read(&ts.data[r.offset as usize..], self.endian)
            .ok_or_else(|| "instruction truncated".to_string())?;
        let sym_name = self.symbol_display_name(sym);
        let is_call = raw.code == CALL;
        let is_ld64 = raw.code == Opcode::LD_IMM64;
        if !is_call && !is_ld64 {
            return Err(format!(
                "relocation against '{sym_name}' patches instruction #{sec_insn} with code {:#04x}, not a call or ld_imm64",
                raw.code.0
            ));
        }
        let target = if sym.is_extern() {
            let i = self
                .externs
                .iter()
                .position(|e| e.symbol == sym.index)
                .ok_or_else(|| format!("extern '{sym_name}' has no extern description"))?;
            RelocTarget::Extern(ExternIndex(i as u32))
        } else if is_call {
            if raw.src != PSEUDO_CALL {
                return Err(format!("call relocation against '{sym_name}' on a call with src {}", raw.src));
            }
            if sym.section_index().is_none() || sym.section_index() != self.text {
                return Err(format!("call relocation against '{sym_name}' outside .text"));
            }
            if !sym.value.is_multiple_of(INSN_SIZE) {
                return Err(format!("call relocation against '{sym_name}' at unaligned offset {}", sym.value));
            }
            let callee = (sym.value / INSN_SIZE) as i64 + i64::from(raw.imm) + 1;
            let p = self.text_program_at(callee).ok_or_else(|| {
                format!("call relocation against '{sym_name}' lands on .text instruction {callee}, in no subprogram")
            })?;
            RelocTarget::Call(p)
        } else {
            let Some(shndx) = sym.section_index() else {
                return Err(format!(
                    "relocation against '{sym_name}' in a special section; forgot to initialize a global variable?"
                ));
            };
            if self.sym_is_subprog(sym) {
                if !sym.value.is_multiple_of(INSN_SIZE) || raw.imm % INSN_SIZE as i32 != 0 {
                    return Err(format!("bad subprogram address relocation against '{sym_name}'"));
                }
                let at = (sym.value as i64 + i64::from(raw.imm)) / INSN_SIZE as i64;
                let p = self.text_program_at(at).ok_or_else(|| {
                    format!("subprogram address of '{sym_name}' points to .text instruction {at}, in no subprogram")
                })?;
                RelocTarget::FuncAddr(p)
            } else if Some(shndx) == self.maps_section || Some(shndx) == self.legacy_maps_section {
                let m =
                    self.maps.iter().find(|m| m.section == Some(shndx) && m.offset == sym.value).ok_or_else(|| {
                        format!("map relocation against '{sym_name}' finds no map at offset {}", sym.value)
                    })?;
                RelocTarget::Map(m.index)
            } else if let Some(di) = self.data_sections.iter().position(|d| d.section == shndx) {
                let off = sym.value as i64 + i64::from(raw.imm);
                if off < 0 || off as u64 > self.data_sections[di].size {
                    return Err(format!("data relocation against '{sym_name}' at offset {off}, outside its section"));
                }
                if self.data_sections[di].map.is_none() && self.data_sections[di].kind != DataKind::Arena {
                    return Err(format!("data relocation against '{sym_name}' in an empty section"));
                }
                RelocTarget::Data { data: DataIndex(di as u32), offset: off as u64 }
            } else {
                let sname = self.sections.get(shndx.index()).map_or("?", |s| s.name);
                return Err(format!("bad data relocation against '{sym_name}' in section '{sname}'"));
            }
        };
        Ok(Reloc {
            section: ts.index,
            rel_section: ri,
            entry: entry as u32,
            offset: r.offset,
            kind: r.kind,
            symbol: sym.index,
            program: prog.map(|p| p.index),
            insn: prog.map(|p| sec_insn - p.section_insn()),
            target,
        })
    }

    pub(crate) fn resolve_data_reloc(
        &mut self,
        ts: SectionIndex,
        ri: SectionIndex,
        entry: usize,
        r: &RawReloc,
    ) -> core::result::Result<Reloc, String> {
        let sym = self.symbols[r.symbol.index()];
        let sym_name = self.symbol_display_name(&sym);
        let mut target = match sym.section_index() {
            Some(s) if self.sections[s.index()].is_code() && sym.kind == elf::STT_FUNC => {
                match self.program_by_symbol(&sym) {
                    Some(p) => RelocTarget::Program(p),
                    None => RelocTarget::Address { section: Some(s), offset: sym.value },
                }
            }
            Some(s) if Some(s) == self.maps_section => {
                match self.maps.iter().find(|m| m.section == Some(s) && m.offset == sym.value) {
                    Some(m) => RelocTarget::MapPointer(m.index),
                    None => RelocTarget::Address { section: Some(s), offset: sym.value },
                }
            }
            s => RelocTarget::Address { section: s, offset: sym.value },
        };
        if Some(ts) == self.maps_section {
            // `.values = { ... }` of a map-in-map or prog array.
            let (mi, slot) = self.map_slot(r.offset, sym_name)?;
            let m = &self.maps[mi.index()];
            let slot_target = if m.def.map_type == MapType::ARRAY_OF_MAPS || m.def.map_type == MapType::HASH_OF_MAPS {
                if sym.section_index() != self.maps_section {
                    return Err(format!("'{sym_name}' in '{}' is not a BTF-defined map", m.name));
                }
                if m.def.map_type == MapType::HASH_OF_MAPS && m.def.key_size != 4 {
                    return Err(format!("hash-of-maps '{}' must have key size 4", m.name));
                }
                let t = self
                    .maps
                    .iter()
                    .find(|x| x.name == sym_name && !x.is_internal())
                    .ok_or_else(|| format!("'{sym_name}' is not a valid map reference"))?;
                SlotTarget::Map(t.index)
            } else if m.def.map_type == MapType::PROG_ARRAY {
                let p = self
                    .program_by_name(sym_name)
                    .filter(|p| Some(p.section) == sym.section_index() && p.offset == sym.value)
                    .ok_or_else(|| format!("'{sym_name}' is not an entry-point program"))?;
                SlotTarget::Program(p.index)
            } else {
                return Err(format!("'.values' of map '{}', which is neither a map-in-map nor a prog array", m.name));
            };
            target = match slot_target {
                SlotTarget::Map(t) => RelocTarget::MapPointer(t),
                SlotTarget::Program(p) => RelocTarget::Program(p),
            };
            let init = &mut self.maps[mi.index()].init;
            init.retain(|s| s.index != slot);
            init.push(MapSlot { index: slot, target: slot_target });
            init.sort_by_key(|s| s.index);
        } else if is_struct_ops_sec(self.sections[ts.index()].name) {
            let (mi, member) = self.struct_ops_member(ts, r.offset)?;
            let RelocTarget::Program(p) = target else {
                return Err(format!("struct_ops member points to '{sym_name}', which is not a program"));
            };
            let init = &mut self.maps[mi.index()].init;
            init.push(MapSlot { index: member, target: SlotTarget::Program(p) });
            init.sort_by_key(|s| s.index);
        }
        Ok(Reloc {
            section: ts,
            rel_section: ri,
            entry: entry as u32,
            offset: r.offset,
            kind: r.kind,
            symbol: sym.index,
            program: None,
            insn: None,
            target,
        })
    }
}
