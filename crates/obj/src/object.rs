//! [`Object`]: a parsed BPF ELF object, borrowing its input. This file
//! holds the orchestration (the order of the passes) and the section-level
//! accessors; each concept's parsing lives next to its types (programs in
//! `program.rs`, maps in `map.rs`, ...).

use crate::calls::SubprogRef;
use crate::data::DataSection;
use crate::elf;
use crate::elf::{ElfFile, ElfHeader, Section, Symbol};
use crate::error::{Error, ErrorKind, Result};
use crate::ext::{CoreRelo, FuncInfo, LineInfo};
use crate::externs::Extern;
use crate::ids::{SectionIndex, SymbolIndex};
use crate::map::{LEGACY_MAPS_SEC, MAPS_SEC, Map};
use crate::program::{INSN_SIZE, Program};
use crate::reloc::Reloc;
use bpfkit_btf::Btf;
use bpfkit_btf::Endian;
use bpfkit_btf::ext::BtfExt;

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
    pub(crate) data: &'data [u8],
    pub(crate) endian: Endian,
    pub(crate) sections: Vec<Section<'data>>,
    pub(crate) symbols: Vec<Symbol<'data>>,
    pub(crate) symtab: SectionIndex,
    pub(crate) btf: Option<Btf<'data>>,
    pub(crate) btf_ext: Option<BtfExt<'data>>,
    pub(crate) text: Option<SectionIndex>,
    pub(crate) maps_section: Option<SectionIndex>,
    pub(crate) legacy_maps_section: Option<SectionIndex>,
    pub(crate) license: Option<&'data str>,
    pub(crate) version: Option<u32>,
    pub(crate) programs: Vec<Program<'data>>,
    pub(crate) maps: Vec<Map<'data>>,
    pub(crate) data_sections: Vec<DataSection<'data>>,
    pub(crate) externs: Vec<Extern<'data>>,
    pub(crate) relocs: Vec<Reloc>,
    pub(crate) prog_reloc_count: usize,
    pub(crate) calls: Vec<SubprogRef>,
    pub(crate) func_infos: Vec<FuncInfo>,
    pub(crate) line_infos: Vec<LineInfo<'data>>,
    pub(crate) core_relos: Vec<CoreRelo<'data>>,
}

pub(crate) fn sec_err(sec: &Section<'_>, what: impl Into<String>) -> Error {
    Error::at(ErrorKind::Section { index: sec.index.0, what: what.into() }, sec.file_offset)
}

impl<'data> Object<'data> {
    /// Parses a BPF ELF object.
    pub fn parse(data: &'data [u8]) -> Result<Object<'data>> {
        let header = ElfHeader::parse(data)?;
        header.check_bpf()?;
        if header.file_type != elf::ET_REL {
            return Err(Error::at(ErrorKind::NotBpf("not a relocatable object (ET_REL)"), 16));
        }
        let elf = ElfFile::parse(data)?;
        if let Some(sec) = elf.sections().iter().find(|s| s.is_compressed() && !s.name.starts_with(".debug")) {
            let what = "compressed (SHF_COMPRESSED) sections are not supported".into();
            return Err(Error::at(ErrorKind::Section { index: sec.index.0, what }, sec.header_offset));
        }
        let symtab =
            elf.symtab().ok_or(Error::new(ErrorKind::Missing("symbol table (.symtab); is the object stripped?")))?;
        let symbols = elf.symbols()?;
        let mut obj = Object {
            data,
            endian: header.endian,
            sections: elf.into_sections(),
            symbols,
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
                    self.version = self.endian.read_u32(sec.data, 0);
                }
                LEGACY_MAPS_SEC => self.legacy_maps_section = Some(sec.index),
                MAPS_SEC => self.maps_section = Some(sec.index),
                ".BTF" => {
                    if sec.sh_type != elf::SHT_PROGBITS {
                        return Err(sec_err(sec, ".BTF is not SHT_PROGBITS"));
                    }
                    let btf = Btf::parse(sec.data).map_err(|e| {
                        let at = sec.file_offset.saturating_add(e.offset().unwrap_or(0));
                        Error::at(ErrorKind::Btf(e), at)
                    })?;
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
                return Err(Error::at(ErrorKind::Missing(".BTF (required by .BTF.ext)"), ext.file_offset));
            }
            let parsed = BtfExt::parse(ext.data).map_err(|e| {
                let at = ext.file_offset.saturating_add(e.offset().unwrap_or(0));
                Error::at(ErrorKind::BtfExtFormat(e), at)
            })?;
            self.btf_ext = Some(parsed);
        }
        Ok(())
    }
}
