//! [`Object`]: a parsed BPF ELF object, borrowing its input.

use crate::data::{DataKind, DataSection, DataVar};
use crate::elf;
use crate::elf::{ElfFile, REL_SIZE, RawReloc, RawRelocs, Section, Symbol};
use crate::error::{Error, ErrorKind, Result};
use crate::ext::{CoreAccess, CoreRelo, FuncInfo, InsnLoc, LineInfo, decode_access};
use crate::extern_::{Extern, ExternKind, KconfigType};
use crate::ids::{DataIndex, ExternIndex, MapIndex, ProgramIndex, SectionIndex, SymbolIndex};
use crate::map::{BPF_F_LINK, BPF_F_MMAPABLE, BPF_F_RDONLY_PROG, Map, MapDef, MapKind, MapSlot, Pinning, SlotTarget};
use crate::program::{INSN_SIZE, Program};
use crate::reloc::{Reloc, RelocTarget, SubprogRef};
use crate::section_def::{MapType, find_sec_def};
use bpfkit_btf::ext::BtfExt;
use bpfkit_btf::{Btf, BtfKind, IntEncoding, Linkage, TypeId};
use bpfkit_insn::{Endian, Opcode, RawInsn};
use std::collections::HashMap;

/// Name of the section with BTF-defined maps.
pub const MAPS_SEC: &str = ".maps";
/// Name of the legacy map definition section.
pub const LEGACY_MAPS_SEC: &str = "maps";
/// Name of the arena globals section.
pub const ARENA_SEC: &str = ".addr_space.1";

const CALL: Opcode = Opcode(0x85);

/// A DATASEC variable after libbpf's fixups.
struct SecVar<'data> {
    var: TypeId,
    name: &'data str,
    offset: u64,
    size: u64,
    global: bool,
    symbol: Option<SymbolIndex>,
}
const PSEUDO_CALL: u8 = 1;
const PSEUDO_FUNC: u8 = 4;

/// A parsed BPF ELF object (`clang -target bpf -c`), borrowing its bytes.
///
/// [`Object::parse`] reads everything a loader or linker needs in one pass
/// (sections, symbols, programs, maps, data, externs, relocations,
/// `.BTF`, `.BTF.ext`) and checks it the way libbpf's `bpf_object__open`
/// does. Instructions are decoded on demand ([`Program::insns`]), and
/// relocations of `.BTF`, `.BTF.ext` and DWARF sections are read on demand
/// ([`Object::raw_relocations`]).
#[derive(Debug)]
pub struct Object<'data> {
    data: &'data [u8],
    endian: Endian,
    sections: Vec<Section<'data>>,
    symbols: Vec<Symbol<'data>>,
    symtab: SectionIndex,
    btf: Option<Btf<'data>>,
    btf_ext: Option<BtfExt<'data>>,
    text: Option<SectionIndex>,
    maps_section: Option<SectionIndex>,
    legacy_maps_section: Option<SectionIndex>,
    license: Option<&'data str>,
    version: Option<u32>,
    programs: Vec<Program<'data>>,
    maps: Vec<Map<'data>>,
    data_sections: Vec<DataSection<'data>>,
    externs: Vec<Extern<'data>>,
    relocs: Vec<Reloc>,
    prog_reloc_count: usize,
    calls: Vec<SubprogRef>,
    func_infos: Vec<FuncInfo>,
    line_infos: Vec<LineInfo<'data>>,
    core_relos: Vec<CoreRelo<'data>>,
}

fn sec_err(sec: &Section<'_>, what: impl Into<String>) -> Error {
    Error::new(ErrorKind::Section { index: sec.index.0, what: what.into() }, sec.file_offset)
}

fn map_err(name: &str, what: impl Into<String>) -> Error {
    Error::new(ErrorKind::Map { name: name.into(), what: what.into() }, 0)
}

fn ext_err(name: &str, what: impl Into<String>) -> Error {
    Error::new(ErrorKind::Extern { name: name.into(), what: what.into() }, 0)
}

fn is_struct_ops_sec(name: &str) -> bool {
    matches!(name, ".struct_ops" | ".struct_ops.link" | "?.struct_ops" | "?.struct_ops.link")
}

fn data_kind(sec: &Section<'_>) -> Option<DataKind> {
    let n = sec.name;
    let pfx = |p: &str| n == p || n.strip_prefix(p).is_some_and(|r| r.starts_with('.'));
    if sec.sh_type == elf::SHT_PROGBITS && !sec.is_code() {
        if pfx(".data") {
            return Some(DataKind::Data);
        }
        if pfx(".rodata") {
            return Some(DataKind::Rodata);
        }
        if n == ARENA_SEC {
            return Some(DataKind::Arena);
        }
    }
    if sec.sh_type == elf::SHT_NOBITS && pfx(".bss") {
        return Some(DataKind::Bss);
    }
    None
}

fn u32_at(bytes: &[u8], at: usize, big: bool) -> Option<u32> {
    let b: [u8; 4] = bytes.get(at..at.checked_add(4)?)?.try_into().ok()?;
    Some(if big { u32::from_be_bytes(b) } else { u32::from_le_bytes(b) })
}

impl<'data> Object<'data> {
    /// Parses a BPF ELF object.
    pub fn parse(data: &'data [u8]) -> Result<Object<'data>> {
        let elf = ElfFile::parse(data)?;
        let symtab =
            elf.symtab.ok_or(Error::new(ErrorKind::Missing("symbol table (.symtab); is the object stripped?"), 0))?;
        let mut obj = Object {
            data,
            endian: if elf.big_endian { Endian::Big } else { Endian::Little },
            sections: elf.sections,
            symbols: elf.symbols,
            symtab,
            btf: None,
            btf_ext: None,
            text: None,
            maps_section: None,
            legacy_maps_section: None,
            license: None,
            version: None,
            programs: Vec::new(),
            maps: Vec::new(),
            data_sections: Vec::new(),
            externs: Vec::new(),
            relocs: Vec::new(),
            prog_reloc_count: 0,
            calls: Vec::new(),
            func_infos: Vec::new(),
            line_infos: Vec::new(),
            core_relos: Vec::new(),
        };
        obj.collect_sections()?;
        obj.collect_programs()?;
        obj.collect_data_sections()?;
        obj.collect_externs()?;
        obj.collect_maps()?;
        obj.collect_relocs()?;
        obj.collect_calls()?;
        obj.collect_btf_ext()?;
        Ok(obj)
    }

    // ---- accessors -------------------------------------------------------

    /// The input bytes.
    pub fn data(&self) -> &'data [u8] {
        self.data
    }
    /// The byte order of the object (and its instructions).
    pub fn endian(&self) -> Endian {
        self.endian
    }
    /// All ELF sections, by index (index 0 is the null section).
    pub fn sections(&self) -> &[Section<'data>] {
        &self.sections
    }
    /// One section.
    pub fn section(&self, index: SectionIndex) -> Option<&Section<'data>> {
        self.sections.get(index.index())
    }
    /// The first section with this name.
    pub fn section_by_name(&self, name: &str) -> Option<&Section<'data>> {
        self.sections.iter().find(|s| s.name == name)
    }
    /// All symbols, by index.
    pub fn symbols(&self) -> &[Symbol<'data>] {
        &self.symbols
    }
    /// One symbol.
    pub fn symbol(&self, index: SymbolIndex) -> Option<&Symbol<'data>> {
        self.symbols.get(index.index())
    }
    /// The `.symtab` section.
    pub fn symtab_section(&self) -> SectionIndex {
        self.symtab
    }
    /// The `.text` section (subprograms), if present and non-empty.
    pub fn text_section(&self) -> Option<SectionIndex> {
        self.text
    }
    /// The `.BTF` of the object.
    pub fn btf(&self) -> Option<&Btf<'data>> {
        self.btf.as_ref()
    }
    /// The `.BTF.ext` of the object (as stored; see [`Object::func_infos`] and
    /// friends for records tied to programs).
    pub fn btf_ext(&self) -> Option<&BtfExt<'data>> {
        self.btf_ext.as_ref()
    }
    /// The `license` string (up to the first NUL).
    pub fn license(&self) -> Option<&'data str> {
        self.license
    }
    /// The `version` section's value (legacy kprobe kernel version).
    pub fn version(&self) -> Option<u32> {
        self.version
    }
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
    /// Maps in libbpf's order: BTF-defined, legacy, global data, `.kconfig`, struct_ops.
    pub fn maps(&self) -> &[Map<'data>] {
        &self.maps
    }
    /// One map.
    pub fn map(&self, index: MapIndex) -> Option<&Map<'data>> {
        self.maps.get(index.index())
    }
    /// Global data sections, by section index.
    pub fn data_sections(&self) -> &[DataSection<'data>] {
        &self.data_sections
    }
    /// One data section.
    pub fn data_section(&self, index: DataIndex) -> Option<&DataSection<'data>> {
        self.data_sections.get(index.index())
    }
    /// Externs, in libbpf's order (see [`Extern`]).
    pub fn externs(&self) -> &[Extern<'data>] {
        &self.externs
    }
    /// One extern.
    pub fn extern_(&self, index: ExternIndex) -> Option<&Extern<'data>> {
        self.externs.get(index.index())
    }
    /// Total size of the `.kconfig` map value (0 without kconfig externs).
    pub fn kconfig_size(&self) -> u32 {
        self.externs
            .iter()
            .filter_map(|e| match e.kind {
                ExternKind::Kconfig { size, offset, .. } => Some(offset + size),
                _ => None,
            })
            .max()
            .unwrap_or(0)
    }
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
    /// The subprogram calls and callback references of one program, by instruction.
    pub fn program_calls(&self, prog: ProgramIndex) -> &[SubprogRef] {
        self.program(prog).map_or(&[], |p| &self.calls[p.calls.clone()])
    }
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
        let btf = self.btf.as_ref().ok_or(Error::new(ErrorKind::Missing(".BTF"), 0))?;
        decode_access(btf, relo.type_id, relo.access, relo.kind)
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
        RawRelocs { rest: data, big_endian: self.endian == Endian::Big }
    }
    /// What the symbol of a raw relocation refers to, as an address: its
    /// section and value (for the `.BTF`/`.BTF.ext`/DWARF relocations).
    pub fn resolve_address(&self, r: &RawReloc) -> Option<RelocTarget> {
        let sym = self.symbol(r.symbol)?;
        Some(RelocTarget::Address { section: sym.section_index(), offset: sym.value })
    }

    /// The name used for a symbol in messages: its name, or for section
    /// symbols the section's name.
    pub fn symbol_display_name(&self, sym: &Symbol<'data>) -> &'data str {
        if sym.kind == elf::STT_SECTION
            && sym.name.is_empty()
            && let Some(s) = sym.section_index().and_then(|i| self.sections.get(i.index()))
        {
            return s.name;
        }
        sym.name
    }

    // ---- parsing ---------------------------------------------------------

    fn collect_sections(&mut self) -> Result<()> {
        let big = self.endian == Endian::Big;
        for sec in &self.sections {
            match sec.name {
                "license" if sec.sh_type == elf::SHT_PROGBITS => {
                    let end = sec.data.iter().position(|&b| b == 0).unwrap_or(sec.data.len());
                    let s = core::str::from_utf8(&sec.data[..end]).map_err(|_| sec_err(sec, "license is not UTF-8"))?;
                    self.license = Some(s);
                }
                "version" if sec.sh_type == elf::SHT_PROGBITS => {
                    if sec.data.len() != 4 {
                        return Err(sec_err(sec, "version section is not 4 bytes"));
                    }
                    self.version = u32_at(sec.data, 0, big);
                }
                LEGACY_MAPS_SEC => self.legacy_maps_section = Some(sec.index),
                MAPS_SEC => self.maps_section = Some(sec.index),
                ".BTF" => {
                    if sec.sh_type != elf::SHT_PROGBITS {
                        return Err(sec_err(sec, ".BTF is not SHT_PROGBITS"));
                    }
                    let btf = Btf::parse(sec.data)
                        .map_err(|e| Error::new(ErrorKind::Btf(e), sec.file_offset.saturating_add(e.offset as u64)))?;
                    self.btf = Some(btf);
                }
                ".text" if sec.is_code() && sec.size > 0 => self.text = Some(sec.index),
                _ => {}
            }
            if sec.is_code() && sec.size % INSN_SIZE != 0 {
                return Err(sec_err(sec, format!("code size {} is not a multiple of 8", sec.size)));
            }
        }
        if let Some(ext) = self.sections.iter().find(|s| s.name == ".BTF.ext") {
            if ext.sh_type != elf::SHT_PROGBITS {
                return Err(sec_err(ext, ".BTF.ext is not SHT_PROGBITS"));
            }
            if self.btf.is_none() {
                return Err(Error::new(ErrorKind::Missing(".BTF (required by .BTF.ext)"), ext.file_offset));
            }
            let parsed = BtfExt::parse(ext.data).map_err(|e| {
                Error::new(ErrorKind::BtfExt(e.kind.to_string()), ext.file_offset.saturating_add(e.offset as u64))
            })?;
            self.btf_ext = Some(parsed);
        }
        Ok(())
    }

    fn collect_programs(&mut self) -> Result<()> {
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
                Error::new(ErrorKind::Program { name: sym.name.into(), what }, sec.file_offset.saturating_add(off))
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

    fn datasec(&self, name: &str) -> Option<TypeId> {
        let btf = self.btf.as_ref()?;
        btf.find_by_name(name).find(|&id| btf.get(id).is_some_and(|t| t.kind() == BtfKind::DATASEC))
    }

    /// The variables of a DATASEC with libbpf's fixups (`btf_fixup_datasec`):
    /// clang leaves DATASEC sizes and offsets zero, so offsets come from the
    /// ELF symbols of the variables; hidden globals count as static.
    fn fixed_datasec(&self, ds_id: TypeId, section: SectionIndex) -> Result<Vec<SecVar<'data>>> {
        let Some(btf) = self.btf.as_ref() else { return Ok(Vec::new()) };
        let sec = &self.sections[section.index()];
        let ds = btf.type_by_id(ds_id).map_err(|e| Error::new(ErrorKind::Btf(e), 0))?;
        let fix = ds.size() == 0;
        let mut out = Vec::with_capacity(ds.vlen().min(1 << 16) as usize);
        for v in ds.datasec_vars() {
            let Some(t) = btf.get(v.type_id) else {
                return Err(sec_err(sec, format!("DATASEC entry refers to missing type [{}]", v.type_id.0)));
            };
            if t.kind() != BtfKind::VAR {
                return Err(sec_err(sec, format!("DATASEC entry [{}] is not a VAR", v.type_id.0)));
            }
            let name = btf.name(&t);
            let linkage = t.var_linkage().unwrap_or(Linkage::STATIC);
            let is_static = linkage == Linkage::STATIC;
            let sym = self.symbols.iter().find(|s| {
                s.kind == elf::STT_OBJECT
                    && s.name == name
                    && if is_static { s.section_index() == Some(section) && !s.is_global() } else { s.is_global() }
            });
            let offset = if fix {
                match sym {
                    Some(s) => s.value,
                    None if is_static => 0,
                    None => {
                        return Err(sec_err(
                            sec,
                            format!("no ELF symbol for variable '{name}' of DATASEC '{}'", sec.name),
                        ));
                    }
                }
            } else {
                u64::from(v.offset)
            };
            let hidden = sym.is_some_and(|s| s.is_global() && s.is_hidden());
            out.push(SecVar {
                var: v.type_id,
                name,
                offset,
                size: u64::from(v.size),
                global: !is_static && !hidden,
                symbol: sym.map(|s| s.index),
            });
        }
        out.sort_by_key(|v| v.offset);
        Ok(out)
    }

    fn collect_data_sections(&mut self) -> Result<()> {
        let mut out = Vec::new();
        for sec in &self.sections {
            let Some(kind) = data_kind(sec) else { continue };
            let btf_type = self.datasec(sec.name);
            let mut vars = Vec::new();
            if let (Some(id), Some(btf)) = (btf_type, self.btf.as_ref()) {
                for v in self.fixed_datasec(id, sec.index)? {
                    if v.offset.saturating_add(v.size) > sec.size {
                        return Err(sec_err(sec, format!("variable '{}' runs past the end of the section", v.name)));
                    }
                    let t = btf.get(v.var);
                    vars.push(DataVar {
                        name: v.name,
                        offset: v.offset,
                        size: v.size,
                        var: Some(v.var),
                        type_id: t.map(|t| t.type_id()),
                        global: v.global,
                    });
                }
            } else {
                for s in &self.symbols {
                    if s.section_index() == Some(sec.index) && s.kind == elf::STT_OBJECT {
                        vars.push(DataVar {
                            name: s.name,
                            offset: s.value,
                            size: s.size,
                            var: None,
                            type_id: None,
                            global: s.is_global(),
                        });
                    }
                }
            }
            vars.sort_by_key(|v| v.offset);
            out.push(DataSection {
                section: sec.index,
                name: sec.name,
                kind,
                size: sec.size,
                bytes: sec.data,
                btf_type,
                vars,
                map: None,
            });
        }
        self.data_sections = out;
        Ok(())
    }

    fn collect_externs(&mut self) -> Result<()> {
        let mut exts = Vec::new();
        let mut var_to_sec: Option<HashMap<TypeId, TypeId>> = None;
        for sym in &self.symbols {
            if !sym.is_extern() || sym.name.is_empty() {
                continue;
            }
            let name = sym.name;
            let btf = self.btf.as_ref().ok_or_else(|| ext_err(name, "no .BTF to describe it"))?;
            let var_to_sec = var_to_sec.get_or_insert_with(|| {
                let mut m = HashMap::new();
                for t in btf.types() {
                    if t.kind() == BtfKind::DATASEC {
                        for v in t.datasec_vars() {
                            m.entry(v.type_id).or_insert(t.id());
                        }
                    }
                }
                m
            });
            let btf_id = btf
                .find_by_name(name)
                .find(|&id| btf.get(id).is_some_and(|t| t.kind() == BtfKind::VAR || t.kind() == BtfKind::FUNC))
                .ok_or_else(|| ext_err(name, "no BTF VAR or FUNC with this name"))?;
            let t = btf.type_by_id(btf_id).map_err(|e| Error::new(ErrorKind::Btf(e), 0))?;
            let is_func = t.kind() == BtfKind::FUNC;
            let linkage = if is_func { t.func_linkage() } else { t.var_linkage() };
            if linkage != Some(Linkage::EXTERN) {
                return Err(ext_err(name, "its BTF is not marked extern"));
            }
            let sec_btf_id = *var_to_sec.get(&btf_id).ok_or_else(|| ext_err(name, "not listed in any DATASEC"))?;
            let sec_name = btf.name_of(sec_btf_id);
            let berr = |e: bpfkit_btf::Error| ext_err(name, e.to_string());
            let kind = match sec_name {
                ".kconfig" => {
                    if is_func {
                        return Err(ext_err(name, "extern functions are not supported in .kconfig"));
                    }
                    let size = btf.resolve_size(t.type_id()).map_err(berr)?;
                    if size == 0 || size > u64::from(u32::MAX) {
                        return Err(ext_err(name, format!("bad kconfig size {size}")));
                    }
                    let align = btf.align_of(t.type_id()).map_err(berr)?;
                    if align == 0 {
                        return Err(ext_err(name, "bad kconfig alignment"));
                    }
                    let (ty, signed) =
                        kcfg_type(btf, t.type_id(), 0).ok_or_else(|| ext_err(name, "kconfig type is unsupported"))?;
                    ExternKind::Kconfig { ty, signed, size: size as u32, align, offset: 0 }
                }
                ".ksyms" => {
                    if is_func {
                        ExternKind::Kfunc { proto: t.type_id() }
                    } else {
                        let target = btf.skip_mods_and_typedefs(t.type_id()).map_err(berr)?;
                        ExternKind::Ksym { type_id: (target.id().0 != 0).then_some(target.id()) }
                    }
                }
                other => return Err(ext_err(name, format!("unrecognized extern section '{other}'"))),
            };
            exts.push(Extern { name, symbol: sym.index, weak: sym.is_weak(), btf_id, sec_btf_id, kind });
        }
        // libbpf's cmp_externs: kconfig before ksyms; kconfig by alignment
        // (descending) and size (ascending); ties by name.
        let key = |e: &Extern<'_>| match e.kind {
            ExternKind::Kconfig { align, size, .. } => (0u8, u32::MAX - align, size),
            _ => (1, 0, 0),
        };
        exts.sort_by(|a, b| key(a).cmp(&key(b)).then_with(|| a.name.cmp(b.name)));
        let mut off: u32 = 0;
        for e in &mut exts {
            if let ExternKind::Kconfig { align, size, offset, .. } = &mut e.kind {
                let aligned = off.checked_next_multiple_of(*align).and_then(|a| a.checked_add(*size));
                let Some(end) = aligned else {
                    return Err(ext_err(e.name, "kconfig layout overflows"));
                };
                *offset = end - *size;
                off = end;
            }
        }
        self.externs = exts;
        Ok(())
    }

    fn collect_maps(&mut self) -> Result<()> {
        let mut maps: Vec<Map<'data>> = Vec::new();
        if let Some(ms) = self.maps_section {
            self.collect_btf_maps(ms, &mut maps)?;
        }
        if let Some(ls) = self.legacy_maps_section {
            self.collect_legacy_maps(ls, &mut maps)?;
        }
        for (i, d) in self.data_sections.iter_mut().enumerate() {
            if d.size == 0 || d.kind == DataKind::Arena {
                continue;
            }
            let mut flags = if d.kind == DataKind::Rodata { BPF_F_RDONLY_PROG } else { 0 };
            if d.vars.iter().any(|v| v.global) {
                flags |= BPF_F_MMAPABLE;
            }
            let idx = MapIndex(maps.len() as u32);
            d.map = Some(idx);
            maps.push(Map {
                index: idx,
                name: d.name,
                kind: MapKind::Data(DataIndex(i as u32)),
                section: Some(d.section),
                offset: 0,
                size: 0,
                symbol: None,
                btf_var: None,
                def: MapDef {
                    map_type: MapType::ARRAY,
                    key_size: 4,
                    value_size: d.size.min(u64::from(u32::MAX)) as u32,
                    max_entries: 1,
                    map_flags: flags,
                    value_type: d.btf_type,
                    ..MapDef::default()
                },
                inner: None,
                init: Vec::new(),
            });
        }
        let kcfg = self.kconfig_size();
        if kcfg > 0 {
            maps.push(Map {
                index: MapIndex(maps.len() as u32),
                name: ".kconfig",
                kind: MapKind::Kconfig,
                section: None,
                offset: 0,
                size: 0,
                symbol: None,
                btf_var: None,
                def: MapDef {
                    map_type: MapType::ARRAY,
                    key_size: 4,
                    value_size: kcfg,
                    max_entries: 1,
                    map_flags: BPF_F_RDONLY_PROG | BPF_F_MMAPABLE,
                    value_type: self.datasec(".kconfig"),
                    ..MapDef::default()
                },
                inner: None,
                init: Vec::new(),
            });
        }
        let st_secs: Vec<SectionIndex> =
            self.sections.iter().filter(|s| is_struct_ops_sec(s.name) && s.size > 0).map(|s| s.index).collect();
        for si in st_secs {
            self.collect_struct_ops_maps(si, &mut maps)?;
        }
        self.maps = maps;
        Ok(())
    }

    fn collect_btf_maps(&self, ms: SectionIndex, maps: &mut Vec<Map<'data>>) -> Result<()> {
        let sec = &self.sections[ms.index()];
        let btf =
            self.btf.as_ref().ok_or(Error::new(ErrorKind::Missing(".BTF (required by .maps)"), sec.file_offset))?;
        let ds_id =
            self.datasec(MAPS_SEC).ok_or(Error::new(ErrorKind::Missing("DATASEC '.maps' in .BTF"), sec.file_offset))?;
        let ds = btf.type_by_id(ds_id).map_err(|e| Error::new(ErrorKind::Btf(e), 0))?;
        let _ = ds;
        for (vi, v) in self.fixed_datasec(ds_id, ms)?.into_iter().enumerate() {
            let var = btf.get(v.var).ok_or_else(|| map_err(&format!("#{vi}"), "VAR type not found"))?;
            let name = v.name;
            if name.is_empty() {
                return Err(map_err(&format!("#{vi}"), "empty name"));
            }
            if v.offset.saturating_add(v.size) > sec.size {
                return Err(map_err(name, "BTF data is corrupted (definition runs past the .maps section)"));
            }
            if var.var_linkage() != Some(Linkage::GLOBAL) || !v.global {
                return Err(map_err(name, "unsupported map linkage (must be global, not hidden)"));
            }
            let def_t = btf.skip_mods_and_typedefs(var.type_id()).map_err(|e| map_err(name, e.to_string()))?;
            if def_t.kind() != BtfKind::STRUCT {
                return Err(map_err(name, format!("unexpected def kind {}", def_t.kind())));
            }
            if u64::from(def_t.size()) > v.size {
                return Err(map_err(name, "invalid def size"));
            }
            let mut inner = None;
            let def = parse_btf_map_def(btf, name, def_t, Some(&mut inner))?;
            maps.push(Map {
                index: MapIndex(maps.len() as u32),
                name,
                kind: MapKind::Btf,
                section: Some(ms),
                offset: v.offset,
                size: v.size,
                symbol: v.symbol,
                btf_var: Some(v.var),
                def,
                inner,
                init: Vec::new(),
            });
        }
        Ok(())
    }

    fn collect_legacy_maps(&self, ls: SectionIndex, maps: &mut Vec<Map<'data>>) -> Result<()> {
        let sec = &self.sections[ls.index()];
        let big = self.endian == Endian::Big;
        let mut syms: Vec<&Symbol<'data>> = self
            .symbols
            .iter()
            .filter(|s| {
                s.section_index() == Some(ls)
                    && (s.kind == elf::STT_OBJECT || s.kind == elf::STT_NOTYPE)
                    && !s.name.is_empty()
            })
            .collect();
        syms.sort_by_key(|s| s.value);
        for s in syms {
            let name = s.name;
            let start = s.value;
            let size = if s.size > 0 { s.size } else { 20 };
            let end = start.checked_add(size).filter(|&e| e <= sec.data.len() as u64);
            let Some(end) = end else {
                return Err(map_err(name, "legacy definition runs past the 'maps' section"));
            };
            if size < 20 {
                return Err(map_err(name, format!("legacy definition is {size} bytes, less than 20")));
            }
            let b = &sec.data[start as usize..end as usize];
            if b[20..].iter().any(|&x| x != 0) {
                return Err(map_err(name, "legacy definition has unknown non-zero fields after map_flags"));
            }
            let w = |i: usize| u32_at(b, i * 4, big).unwrap_or(0);
            maps.push(Map {
                index: MapIndex(maps.len() as u32),
                name,
                kind: MapKind::Legacy,
                section: Some(ls),
                offset: start,
                size,
                symbol: Some(s.index),
                btf_var: None,
                def: MapDef {
                    map_type: MapType(w(0)),
                    key_size: w(1),
                    value_size: w(2),
                    max_entries: w(3),
                    map_flags: w(4),
                    ..MapDef::default()
                },
                inner: None,
                init: Vec::new(),
            });
        }
        Ok(())
    }

    fn collect_struct_ops_maps(&self, si: SectionIndex, maps: &mut Vec<Map<'data>>) -> Result<()> {
        let sec = &self.sections[si.index()];
        let btf = self
            .btf
            .as_ref()
            .ok_or(Error::new(ErrorKind::Missing(".BTF (required by struct_ops)"), sec.file_offset))?;
        let ds_name = sec.name.trim_start_matches('?');
        let ds_id = self
            .datasec(sec.name)
            .or_else(|| self.datasec(ds_name))
            .ok_or_else(|| sec_err(sec, format!("no DATASEC for struct_ops section '{}'", sec.name)))?;
        let ds = btf.type_by_id(ds_id).map_err(|e| Error::new(ErrorKind::Btf(e), 0))?;
        let link = ds_name.ends_with(".link");
        let _ = ds;
        for v in self.fixed_datasec(ds_id, si)? {
            let var = btf.get(v.var).ok_or_else(|| sec_err(sec, "struct_ops VAR not found"))?;
            let name = v.name;
            let st = btf.skip_mods_and_typedefs(var.type_id()).map_err(|e| map_err(name, e.to_string()))?;
            if st.kind() != BtfKind::STRUCT {
                return Err(map_err(name, "struct_ops variable is not a struct"));
            }
            if v.offset.saturating_add(v.size) > sec.size {
                return Err(map_err(name, "struct_ops variable runs past its section"));
            }
            maps.push(Map {
                index: MapIndex(maps.len() as u32),
                name,
                kind: MapKind::StructOps,
                section: Some(si),
                offset: v.offset,
                size: v.size,
                symbol: v.symbol,
                btf_var: Some(v.var),
                def: MapDef {
                    map_type: MapType::STRUCT_OPS,
                    key_size: 4,
                    value_size: st.size(),
                    max_entries: 1,
                    map_flags: if link { BPF_F_LINK } else { 0 },
                    value_type: Some(st.id()),
                    ..MapDef::default()
                },
                inner: None,
                init: Vec::new(),
            });
        }
        Ok(())
    }

    fn collect_relocs(&mut self) -> Result<()> {
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
                    Error::new(
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
                Error::new(
                    ErrorKind::Reloc { section: rs.name.into(), index: i, what },
                    rs.file_offset + i as u64 * REL_SIZE,
                )
            })?;
            self.relocs.push(rel);
        }
        Ok(())
    }

    fn sym_is_subprog(&self, sym: &Symbol<'_>) -> bool {
        if self.text.is_none() || sym.section_index() != self.text {
            return false;
        }
        (sym.bind == elf::STB_LOCAL && sym.kind == elf::STT_SECTION) || (sym.is_global() && sym.kind == elf::STT_FUNC)
    }

    fn resolve_code_reloc(
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

    fn text_program_at(&self, insn: i64) -> Option<ProgramIndex> {
        let text = self.text?;
        let insn = usize::try_from(insn).ok()?;
        self.program_at(text, insn).map(|p| p.index)
    }

    fn program_by_symbol(&self, sym: &Symbol<'_>) -> Option<ProgramIndex> {
        let sec = sym.section_index()?;
        self.programs.iter().find(|p| p.section == sec && p.offset == sym.value).map(|p| p.index)
    }

    fn resolve_data_reloc(
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

    fn map_slot(&self, off: u64, sym_name: &str) -> core::result::Result<(MapIndex, u32), String> {
        let btf = self.btf.as_ref().ok_or("no .BTF")?;
        let m = self
            .maps
            .iter()
            .find(|m| m.kind == MapKind::Btf && m.offset <= off && off.saturating_add(8) <= m.offset + m.size)
            .ok_or_else(|| format!("no map definition at .maps offset {off} (for '{sym_name}')"))?;
        let var = m.btf_var.and_then(|v| btf.get(v)).ok_or("map VAR missing")?;
        let def = btf.skip_mods_and_typedefs(var.type_id()).map_err(|e| e.to_string())?;
        let last = def.members().last().ok_or("map definition has no members")?;
        if btf.str(last.name_off).ok() != Some("values") {
            return Err(format!("map '{}' has initial values but no trailing 'values' member", m.name));
        }
        let moff = u64::from(last.bit_offset / 8);
        let rel = off - m.offset;
        if rel < moff || !(rel - moff).is_multiple_of(8) {
            return Err(format!("initial value of map '{}' at a bad offset {rel}", m.name));
        }
        let slot = (rel - moff) / 8;
        if slot >= u64::from(m.def.max_entries) {
            return Err(format!(
                "initial value slot {slot} of map '{}' is beyond max_entries {}",
                m.name, m.def.max_entries
            ));
        }
        Ok((m.index, slot as u32))
    }

    fn struct_ops_member(&self, ts: SectionIndex, off: u64) -> core::result::Result<(MapIndex, u32), String> {
        let btf = self.btf.as_ref().ok_or("no .BTF")?;
        let m = self
            .maps
            .iter()
            .find(|m| {
                m.kind == MapKind::StructOps && m.section == Some(ts) && m.offset <= off && off < m.offset + m.size
            })
            .ok_or_else(|| format!("no struct_ops variable at offset {off}"))?;
        let st = m.def.value_type.and_then(|t| btf.get(t)).ok_or("struct_ops type missing")?;
        let rel = off - m.offset;
        let idx = st
            .members()
            .position(|mb| u64::from(mb.bit_offset) == rel * 8)
            .ok_or_else(|| format!("struct_ops '{}': no member at offset {rel}", m.name))?;
        Ok((m.index, idx as u32))
    }

    fn collect_calls(&mut self) -> Result<()> {
        let mut calls = Vec::new();
        for pi in 0..self.programs.len() {
            let p = &self.programs[pi];
            let start = calls.len();
            let mut i = 0usize;
            let n = p.insn_count();
            while i < n {
                let Some(raw) = RawInsn::read(&p.bytes[i * 8..], self.endian) else { break };
                let slots = if raw.code == Opcode::LD_IMM64 { 2 } else { 1 };
                let is_call = raw.code == CALL && raw.src == PSEUDO_CALL;
                // libbpf marks every ld_imm64 with a subprogram address
                // relocation as BPF_PSEUDO_FUNC (clang 14 leaves src 0).
                let is_func = raw.code == Opcode::LD_IMM64
                    && (raw.src == PSEUDO_FUNC
                        || matches!(self.reloc_at(p.index, i).map(|r| r.target), Some(RelocTarget::FuncAddr(_))));
                if is_call || is_func {
                    let perr = |what: String| {
                        Error::new(
                            ErrorKind::Program { name: p.name.into(), what },
                            self.sections[p.section.index()].file_offset + p.offset + i as u64 * 8,
                        )
                    };
                    let reloc = self.reloc_at(p.index, i);
                    let (callee, target_insn) = match reloc.map(|r| r.target) {
                        Some(RelocTarget::Extern(_)) => {
                            i += slots;
                            continue;
                        }
                        Some(RelocTarget::Call(c)) | Some(RelocTarget::FuncAddr(c)) => {
                            let r = reloc.expect("matched Some");
                            let sym = &self.symbols[r.symbol.index()];
                            let at = if is_call {
                                (sym.value / INSN_SIZE) as i64 + i64::from(raw.imm) + 1
                            } else {
                                (sym.value as i64 + i64::from(raw.imm)) / INSN_SIZE as i64
                            };
                            (c, at as usize)
                        }
                        Some(other) => {
                            return Err(perr(format!("instruction #{i}: unexpected relocation {other:?} on a call")));
                        }
                        None if is_call => {
                            let at = (p.section_insn() + i) as i64 + i64::from(raw.imm) + 1;
                            let c = usize::try_from(at)
                                .ok()
                                .and_then(|at| self.program_at(p.section, at))
                                .ok_or_else(|| perr(format!("instruction #{i}: call lands outside any function")))?;
                            (c.index, at as usize)
                        }
                        None => return Err(perr(format!("instruction #{i}: subprogram address without relocation"))),
                    };
                    let callee_p = &self.programs[callee.index()];
                    calls.push(SubprogRef {
                        insn: i,
                        callee,
                        callee_insn: target_insn - callee_p.section_insn(),
                        is_call,
                    });
                }
                i += slots;
            }
            let end = calls.len();
            self.programs[pi].calls = start..end;
        }
        self.calls = calls;
        Ok(())
    }

    fn collect_btf_ext(&mut self) -> Result<()> {
        let (Some(ext), Some(btf)) = (self.btf_ext, self.btf.as_ref()) else { return Ok(()) };
        let ext_at = self.section_by_name(".BTF.ext").map_or(0, |s| s.file_offset);
        let xerr = |what: String, at: usize| Error::new(ErrorKind::BtfExt(what), ext_at + at as u64);
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
                lis.push(LineInfo { loc: l, file, line_text: text, line: li.line(), column: li.column() });
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

/// libbpf's `find_kcfg_type`.
fn kcfg_type(btf: &Btf<'_>, id: TypeId, depth: u32) -> Option<(KconfigType, bool)> {
    let t = btf.skip_mods_and_typedefs(id).ok()?;
    match t.kind() {
        BtfKind::INT => {
            let info = t.int()?;
            let size = t.size();
            if info.encoding.0 & IntEncoding::BOOL.0 != 0 {
                return (size == 1).then_some((KconfigType::Bool, false));
            }
            let signed = info.encoding.0 & IntEncoding::SIGNED.0 != 0;
            if size == 1 {
                return Some((KconfigType::Char, signed));
            }
            if !(1..=8).contains(&size) || !size.is_power_of_two() {
                return None;
            }
            Some((KconfigType::Int, signed))
        }
        BtfKind::ENUM | BtfKind::ENUM64 => {
            if t.kind() == BtfKind::ENUM && t.size() != 4 {
                return None;
            }
            (btf.name(&t) == "libbpf_tristate").then_some((KconfigType::Tristate, false))
        }
        BtfKind::ARRAY if depth == 0 => {
            let a = t.array()?;
            if a.nelems == 0 {
                return None;
            }
            match kcfg_type(btf, a.elem, depth + 1)? {
                (KconfigType::Char, _) => Some((KconfigType::CharArray, false)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Reads a `__uint(name, N)` field: a pointer to an array of N elements.
fn map_field_int(btf: &Btf<'_>, map: &str, field: &str, ty: TypeId) -> Result<u32> {
    let t = btf.skip_mods_and_typedefs(ty).map_err(|e| map_err(map, format!("attr '{field}': {e}")))?;
    if t.kind() != BtfKind::PTR {
        return Err(map_err(map, format!("attr '{field}': expected PTR, got {}", t.kind())));
    }
    let a = btf
        .get(t.type_id())
        .ok_or_else(|| map_err(map, format!("attr '{field}': type [{}] not found", t.type_id().0)))?;
    let info = a.array().ok_or_else(|| map_err(map, format!("attr '{field}': expected ARRAY, got {}", a.kind())))?;
    Ok(info.nelems)
}

/// Reads a `__ulong(name, N)` field: an enum with one enumerator N, or a `__uint`.
fn map_field_long(btf: &Btf<'_>, map: &str, field: &str, ty: TypeId) -> Result<u64> {
    let t = btf.skip_mods_and_typedefs(ty).map_err(|e| map_err(map, format!("attr '{field}': {e}")))?;
    if t.kind() == BtfKind::PTR {
        return map_field_int(btf, map, field, ty).map(u64::from);
    }
    if t.kind() != BtfKind::ENUM && t.kind() != BtfKind::ENUM64 {
        return Err(map_err(map, format!("attr '{field}': expected ENUM or ENUM64, got {}", t.kind())));
    }
    if t.vlen() != 1 {
        return Err(map_err(map, format!("attr '{field}': invalid __ulong")));
    }
    let e = t.enumerators().next().ok_or_else(|| map_err(map, "enumerator missing"))?;
    Ok(if t.kind() == BtfKind::ENUM { e.value & 0xffff_ffff } else { e.value })
}

/// libbpf's `parse_btf_map_def` (strict mode: unknown fields are errors).
/// `inner` is `Some` for outer maps and receives the inner definition.
fn parse_btf_map_def(
    btf: &Btf<'_>,
    name: &str,
    def_t: bpfkit_btf::Type<'_>,
    mut inner: Option<&mut Option<MapDef>>,
) -> Result<MapDef> {
    let mut d = MapDef::default();
    let vlen = def_t.vlen();
    for (i, m) in def_t.members().enumerate() {
        let field = btf.str(m.name_off).map_err(|_| map_err(name, format!("invalid field #{i}")))?;
        let int = |f: &str| map_field_int(btf, name, f, m.type_id);
        let sized = |f: &str, prev: u32| -> Result<(u32, TypeId)> {
            let p = btf.get(m.type_id).ok_or_else(|| map_err(name, format!("{f} type [{}] not found", m.type_id.0)))?;
            if p.kind() != BtfKind::PTR {
                return Err(map_err(name, format!("{f} spec is not PTR: {}", p.kind())));
            }
            let sz = btf
                .resolve_size(p.type_id())
                .map_err(|e| map_err(name, format!("can't determine {f} size for type [{}]: {e}", p.type_id().0)))?;
            let sz = u32::try_from(sz).map_err(|_| map_err(name, format!("{f} size {sz} too large")))?;
            if prev != 0 && prev != sz {
                return Err(map_err(name, format!("conflicting {f} size {prev} != {sz}")));
            }
            Ok((sz, p.type_id()))
        };
        match field {
            "type" => d.map_type = MapType(int(field)?),
            "max_entries" => d.max_entries = int(field)?,
            "map_flags" => d.map_flags = int(field)?,
            "numa_node" => d.numa_node = int(field)?,
            "key_size" => {
                let sz = int(field)?;
                if d.key_size != 0 && d.key_size != sz {
                    return Err(map_err(name, format!("conflicting key size {} != {sz}", d.key_size)));
                }
                d.key_size = sz;
            }
            "value_size" => {
                let sz = int(field)?;
                if d.value_size != 0 && d.value_size != sz {
                    return Err(map_err(name, format!("conflicting value size {} != {sz}", d.value_size)));
                }
                d.value_size = sz;
            }
            "key" => {
                let (sz, t) = sized("key", d.key_size)?;
                d.key_size = sz;
                d.key_type = Some(t);
            }
            "value" => {
                let (sz, t) = sized("value", d.value_size)?;
                d.value_size = sz;
                d.value_type = Some(t);
            }
            "values" => {
                let in_map = d.map_type == MapType::ARRAY_OF_MAPS || d.map_type == MapType::HASH_OF_MAPS;
                let prog_array = d.map_type == MapType::PROG_ARRAY;
                let Some(inner_slot) = inner.as_deref_mut() else {
                    return Err(map_err(name, "multi-level inner maps not supported"));
                };
                if i as u32 != vlen - 1 {
                    return Err(map_err(name, "'values' member should be last"));
                }
                if !in_map && !prog_array {
                    return Err(map_err(name, "'values' needs a map-in-map or prog-array"));
                }
                if d.value_size != 0 && d.value_size != 4 {
                    return Err(map_err(name, format!("conflicting value size {} != 4", d.value_size)));
                }
                d.value_size = 4;
                let a = btf.get(m.type_id).ok_or_else(|| map_err(name, "values type not found"))?;
                let info = a.array().filter(|a| a.nelems == 0);
                let Some(info) = info else {
                    return Err(map_err(name, "'values' spec is not a zero-sized array"));
                };
                let p = btf.skip_mods_and_typedefs(info.elem).map_err(|e| map_err(name, e.to_string()))?;
                if p.kind() != BtfKind::PTR {
                    return Err(map_err(name, format!("'values' element is of unexpected kind {}", p.kind())));
                }
                let pt = btf.skip_mods_and_typedefs(p.type_id()).map_err(|e| map_err(name, e.to_string()))?;
                if prog_array {
                    if pt.kind() != BtfKind::FUNC_PROTO {
                        return Err(map_err(name, format!("prog-array value def is of unexpected kind {}", pt.kind())));
                    }
                    continue;
                }
                if pt.kind() != BtfKind::STRUCT {
                    return Err(map_err(name, format!("map-in-map inner def is of unexpected kind {}", pt.kind())));
                }
                let inner_name = format!("{name}.inner");
                *inner_slot = Some(parse_btf_map_def(btf, &inner_name, pt, None)?);
            }
            "pinning" => {
                if inner.is_none() {
                    return Err(map_err(name, "inner def can't be pinned"));
                }
                let v = int(field)?;
                if v != Pinning::NONE.0 && v != Pinning::BY_NAME.0 {
                    return Err(map_err(name, format!("invalid pinning value {v}")));
                }
                d.pinning = Pinning(v);
            }
            "map_extra" => d.map_extra = map_field_long(btf, name, field, m.type_id)?,
            other => return Err(map_err(name, format!("unknown field '{other}'"))),
        }
    }
    if d.map_type == MapType::UNSPEC {
        return Err(map_err(name, "map type isn't specified"));
    }
    Ok(d)
}
