//! The ELF layer: sections, symbols and relocation tables of an ELF64
//! relocatable `EM_BPF` file in either byte order, read with `object`.

use crate::error::{Error, ErrorKind, Result};
use crate::ids::{SectionIndex, SymbolIndex};
use object::Endianness;
use object::elf as oelf;
use object::read::elf::{FileHeader, SectionHeader as _, Sym as _};

/// `SHT_PROGBITS`.
pub const SHT_PROGBITS: u32 = 1;
/// `SHT_SYMTAB`.
pub const SHT_SYMTAB: u32 = 2;
/// `SHT_STRTAB`.
pub const SHT_STRTAB: u32 = 3;
/// `SHT_NOBITS`.
pub const SHT_NOBITS: u32 = 8;
/// `SHT_REL`.
pub const SHT_REL: u32 = 9;
/// `SHF_EXECINSTR`.
pub const SHF_EXECINSTR: u64 = 0x4;
/// `SHF_COMPRESSED`.
pub const SHF_COMPRESSED: u64 = 0x800;
/// `STB_LOCAL`.
pub const STB_LOCAL: u8 = 0;
/// `STB_GLOBAL`.
pub const STB_GLOBAL: u8 = 1;
/// `STB_WEAK`.
pub const STB_WEAK: u8 = 2;
/// `STT_NOTYPE`.
pub const STT_NOTYPE: u8 = 0;
/// `STT_OBJECT`.
pub const STT_OBJECT: u8 = 1;
/// `STT_FUNC`.
pub const STT_FUNC: u8 = 2;
/// `STT_SECTION`.
pub const STT_SECTION: u8 = 3;
/// `STV_INTERNAL`.
pub const STV_INTERNAL: u8 = 1;
/// `STV_HIDDEN`.
pub const STV_HIDDEN: u8 = 2;
const SHN_UNDEF: u16 = 0;
const SHN_LORESERVE: u16 = 0xff00;
const SHN_ABS: u16 = 0xfff1;
const SHN_COMMON: u16 = 0xfff2;

/// Size of one `Elf64_Rel` entry.
pub const REL_SIZE: u64 = 16;

/// One ELF section.
#[derive(Clone, Copy, Debug)]
pub struct Section<'data> {
    /// Its index.
    pub index: SectionIndex,
    /// Its name.
    pub name: &'data str,
    /// `sh_type`.
    pub sh_type: u32,
    /// `sh_flags`.
    pub flags: u64,
    /// `sh_offset`: where its bytes start in the file.
    pub file_offset: u64,
    /// `sh_size` (also for `SHT_NOBITS`, which has no bytes).
    pub size: u64,
    /// `sh_link`.
    pub link: u32,
    /// `sh_info`.
    pub info: u32,
    /// `sh_addralign`.
    pub align: u64,
    /// `sh_entsize`.
    pub entsize: u64,
    /// The section's bytes (empty for `SHT_NOBITS`).
    pub data: &'data [u8],
}

impl Section<'_> {
    /// `SHF_EXECINSTR` and `SHT_PROGBITS`: a code section.
    pub fn is_code(&self) -> bool {
        self.sh_type == SHT_PROGBITS && self.flags & SHF_EXECINSTR != 0
    }
    /// `SHT_NOBITS`.
    pub fn is_nobits(&self) -> bool {
        self.sh_type == SHT_NOBITS
    }
}

/// Where a symbol is defined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolSection {
    /// `SHN_UNDEF`: not defined here (externs).
    Undefined,
    /// Defined in this section.
    Section(SectionIndex),
    /// `SHN_ABS`.
    Absolute,
    /// `SHN_COMMON`.
    Common,
    /// Another reserved index.
    Reserved(u16),
}

/// One ELF symbol.
#[derive(Clone, Copy, Debug)]
pub struct Symbol<'data> {
    /// Its index in `.symtab`.
    pub index: SymbolIndex,
    /// Its name (for `STT_SECTION` symbols, usually empty).
    pub name: &'data str,
    /// `st_value`: the offset in its section.
    pub value: u64,
    /// `st_size`.
    pub size: u64,
    /// `ELF64_ST_TYPE` (`STT_FUNC`, `STT_OBJECT`, ...).
    pub kind: u8,
    /// `ELF64_ST_BIND` (`STB_LOCAL`, `STB_GLOBAL`, `STB_WEAK`).
    pub bind: u8,
    /// `ELF64_ST_VISIBILITY`.
    pub visibility: u8,
    /// Where it is defined.
    pub section: SymbolSection,
}

impl Symbol<'_> {
    /// The defining section, if it is a regular one.
    pub fn section_index(&self) -> Option<SectionIndex> {
        match self.section {
            SymbolSection::Section(i) => Some(i),
            _ => None,
        }
    }
    /// libbpf's `sym_is_extern`: undefined, global or weak, `STT_NOTYPE`.
    pub fn is_extern(&self) -> bool {
        self.section == SymbolSection::Undefined
            && (self.bind == STB_GLOBAL || self.bind == STB_WEAK)
            && self.kind == STT_NOTYPE
    }
    /// `STB_WEAK`.
    pub fn is_weak(&self) -> bool {
        self.bind == STB_WEAK
    }
    /// Not `STB_LOCAL`.
    pub fn is_global(&self) -> bool {
        self.bind != STB_LOCAL
    }
    /// `STV_HIDDEN` or `STV_INTERNAL`.
    pub fn is_hidden(&self) -> bool {
        self.visibility == STV_HIDDEN || self.visibility == STV_INTERNAL
    }
}

/// One `Elf64_Rel` entry, as stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawReloc {
    /// `r_offset`: the byte offset in the target section.
    pub offset: u64,
    /// The symbol.
    pub symbol: SymbolIndex,
    /// The relocation type.
    pub kind: RelocType,
}

/// A BPF ELF relocation type (`R_BPF_*`), kept open.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct RelocType(pub u32);

impl RelocType {
    /// `R_BPF_NONE`.
    pub const NONE: RelocType = RelocType(0);
    /// `R_BPF_64_64`: the 64-bit immediate of `ld_imm64`.
    pub const R_BPF_64_64: RelocType = RelocType(1);
    /// `R_BPF_64_ABS64`: a 64-bit address in data.
    pub const R_BPF_64_ABS64: RelocType = RelocType(2);
    /// `R_BPF_64_ABS32`: a 32-bit address in data (DWARF).
    pub const R_BPF_64_ABS32: RelocType = RelocType(3);
    /// `R_BPF_64_NODYLD32`: a 32-bit address not for dynamic loaders (`.BTF`, `.BTF.ext`).
    pub const R_BPF_64_NODYLD32: RelocType = RelocType(4);
    /// `R_BPF_64_32`: the immediate of a `call`.
    pub const R_BPF_64_32: RelocType = RelocType(10);

    /// The name as `readelf` prints it.
    pub fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            0 => "R_BPF_NONE",
            1 => "R_BPF_64_64",
            2 => "R_BPF_64_ABS64",
            3 => "R_BPF_64_ABS32",
            4 => "R_BPF_64_NODYLD32",
            10 => "R_BPF_64_32",
            _ => return None,
        })
    }
}

impl core::fmt::Display for RelocType {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.name() {
            Some(n) => f.write_str(n),
            None => write!(f, "R_BPF_{}", self.0),
        }
    }
}

/// The parsed ELF tables.
#[derive(Debug)]
pub(crate) struct ElfFile<'data> {
    pub big_endian: bool,
    pub sections: Vec<Section<'data>>,
    pub symbols: Vec<Symbol<'data>>,
    pub symtab: Option<SectionIndex>,
}

fn elf_err(what: &str) -> impl Fn(object::Error) -> Error + '_ {
    move |e| Error::new(ErrorKind::Elf(format!("{what}: {e}")), 0)
}

fn utf8(bytes: &[u8], err: impl FnOnce() -> Error) -> Result<&str> {
    core::str::from_utf8(bytes).map_err(|_| err())
}

impl<'data> ElfFile<'data> {
    pub fn parse(data: &'data [u8]) -> Result<ElfFile<'data>> {
        if data.len() < 64 || &data[..4] != b"\x7fELF" {
            return Err(Error::new(ErrorKind::Elf("not an ELF file or header truncated".into()), 0));
        }
        if data[4] != oelf::ELFCLASS64.0 {
            return Err(Error::new(ErrorKind::NotBpf("not ELF64"), 4));
        }
        let header = oelf::FileHeader64::<Endianness>::parse(data).map_err(elf_err("ELF header"))?;
        let endian = header.endian().map_err(elf_err("ELF header"))?;
        if header.e_type(endian) != oelf::ET_REL {
            return Err(Error::new(ErrorKind::NotBpf("not a relocatable object (ET_REL)"), 16));
        }
        if header.e_machine(endian) != oelf::EM_BPF {
            return Err(Error::new(ErrorKind::NotBpf("e_machine is not EM_BPF"), 18));
        }
        let table = header.sections(endian, data).map_err(elf_err("section headers"))?;
        let shoff = header.e_shoff(endian);
        let mut sections = Vec::with_capacity(table.len());
        let mut symtab = None;
        for (i, sh) in table.enumerate() {
            let index = SectionIndex(i.0 as u32);
            let hdr_at = shoff.saturating_add(i.0 as u64 * 64);
            let sec_err =
                |what: &str| Error::new(ErrorKind::Section { index: index.0, what: what.to_string() }, hdr_at);
            let name_bytes = table.section_name(endian, sh).map_err(|_| sec_err("name outside .shstrtab"))?;
            let name = utf8(name_bytes, || sec_err("name is not UTF-8"))?;
            let sh_type = sh.sh_type(endian).0;
            let flags = sh.sh_flags(endian).0;
            let data_bytes: &[u8] = if sh_type == SHT_NOBITS || i.0 == 0 {
                &[]
            } else {
                sh.data(endian, data).map_err(|_| sec_err("data runs past the end of the file"))?
            };
            if flags & SHF_COMPRESSED != 0 && !name.starts_with(".debug") {
                return Err(sec_err("compressed (SHF_COMPRESSED) sections are not supported"));
            }
            if sh_type == SHT_SYMTAB {
                if symtab.is_some() {
                    return Err(sec_err("more than one symbol table"));
                }
                symtab = Some(index);
            }
            sections.push(Section {
                index,
                name,
                sh_type,
                flags,
                file_offset: sh.sh_offset(endian),
                size: sh.sh_size(endian),
                link: sh.sh_link(endian),
                info: sh.sh_info(endian),
                align: sh.sh_addralign(endian),
                entsize: sh.sh_entsize(endian),
                data: data_bytes,
            });
        }
        let mut symbols = Vec::new();
        if let Some(st) = symtab {
            let sec = &sections[st.index()];
            let bad = |what: &str| Error::new(ErrorKind::Section { index: st.0, what: what.into() }, sec.file_offset);
            if sec.entsize != 24 {
                return Err(bad("symbol table entry size is not 24"));
            }
            let strtab = sections.get(sec.link as usize).ok_or_else(|| bad("sh_link is not a section"))?;
            if strtab.sh_type != SHT_STRTAB {
                return Err(bad("sh_link is not a string table"));
            }
            let strings = strtab.data;
            let raw: &[oelf::Sym64<Endianness>] =
                object::pod::slice_from_all_bytes(sec.data).map_err(|()| bad("size is not a multiple of 24"))?;
            symbols.reserve_exact(raw.len());
            for (i, sym) in raw.iter().enumerate() {
                let index = SymbolIndex(i as u32);
                let at = sec.file_offset + i as u64 * 24;
                let sym_err = |what: &str| Error::new(ErrorKind::Symbol { index: index.0, what: what.into() }, at);
                let name_off = sym.st_name(endian) as usize;
                let name_bytes = match strings.get(name_off..) {
                    Some(rest) => {
                        let end = rest.iter().position(|&b| b == 0).ok_or_else(|| sym_err("name is not terminated"))?;
                        &rest[..end]
                    }
                    None => return Err(sym_err("name outside the string table")),
                };
                let name = utf8(name_bytes, || sym_err("name is not UTF-8"))?;
                let shndx = sym.st_shndx(endian).0;
                let section = match shndx {
                    SHN_UNDEF => SymbolSection::Undefined,
                    SHN_ABS => SymbolSection::Absolute,
                    SHN_COMMON => SymbolSection::Common,
                    n if n >= SHN_LORESERVE => SymbolSection::Reserved(n),
                    n => {
                        if usize::from(n) >= sections.len() {
                            return Err(sym_err("section index out of range"));
                        }
                        SymbolSection::Section(SectionIndex(u32::from(n)))
                    }
                };
                symbols.push(Symbol {
                    index,
                    name,
                    value: sym.st_value(endian),
                    size: sym.st_size(endian),
                    kind: sym.st_type().0,
                    bind: sym.st_bind().0,
                    visibility: sym.st_visibility().0,
                    section,
                });
            }
        }
        Ok(ElfFile { big_endian: endian == Endianness::Big, sections, symbols, symtab })
    }
}

/// Reads the entries of a `SHT_REL` section lazily; see
/// [`Object::raw_relocations`](crate::Object::raw_relocations).
#[derive(Clone, Debug)]
pub struct RawRelocs<'data> {
    pub(crate) rest: &'data [u8],
    pub(crate) big_endian: bool,
}

impl Iterator for RawRelocs<'_> {
    type Item = RawReloc;
    fn next(&mut self) -> Option<RawReloc> {
        let (entry, rest) = self.rest.split_at_checked(REL_SIZE as usize)?;
        self.rest = rest;
        let word = |b: &[u8]| {
            let a: [u8; 8] = b.try_into().unwrap_or([0; 8]);
            if self.big_endian { u64::from_be_bytes(a) } else { u64::from_le_bytes(a) }
        };
        let info = word(&entry[8..]);
        Some(RawReloc {
            offset: word(&entry[..8]),
            symbol: SymbolIndex((info >> 32) as u32),
            kind: RelocType(info as u32),
        })
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.rest.len() / REL_SIZE as usize;
        (n, Some(n))
    }
}

impl ExactSizeIterator for RawRelocs<'_> {}
