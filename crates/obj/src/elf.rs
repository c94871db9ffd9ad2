//! The one ELF reader of bpfkit: the file header, sections (decompressed
//! on request), symbols and relocation tables of an ELF file of either class
//! and byte order, laid out and named with `object::elf`.
//!
//! [`ElfFile`] reads any ELF file (a `.bpf.o`, a vmlinux, a kernel module);
//! [`Object`](crate::Object) adds the checks of a BPF relocatable object on
//! top, [`crate::objdump`] lists code sections, and [`btf_bytes`] finds the
//! `.BTF` of any input (raw, gzip, or ELF).

use crate::error::{Error, ErrorKind, Result};
use crate::ids::{SectionIndex, SymbolIndex};
use bpfkit_btf::Endian;
use bpfkit_btf::input::{MAX_DECOMPRESSED, Unpacked};
use object::Endianness;
use object::elf as oelf;
use object::read::elf::{FileHeader, SectionHeader as _, Sym as _};
use std::borrow::Cow;
use std::io::Read;

pub use object::elf::{
    EM_BPF, ET_REL, FileType, Machine, SHF_COMPRESSED, SHF_EXECINSTR, SHT_NOBITS, SHT_PROGBITS, SHT_REL, SHT_STRTAB,
    SHT_SYMTAB, STB_GLOBAL, STB_LOCAL, STB_WEAK, STT_FILE, STT_FUNC, STT_NOTYPE, STT_OBJECT, STT_SECTION, STV_HIDDEN,
    STV_INTERNAL, SectionFlags, SectionType, SymbolBind, SymbolType, SymbolVisibility,
};

/// Size of one `Elf64_Rel` entry.
pub const REL_SIZE: u64 = 16;

/// One ELF section.
#[non_exhaustive]
#[derive(Clone, Copy, Debug)]
pub struct Section<'data> {
    /// Its index.
    pub index: SectionIndex,
    /// Its name.
    pub name: &'data str,
    /// `sh_type`.
    pub sh_type: SectionType,
    /// `sh_flags`.
    pub flags: SectionFlags,
    /// `sh_addr` (0 in relocatable objects).
    pub addr: u64,
    /// Where its section header is in the file.
    pub header_offset: u64,
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
        self.sh_type == SHT_PROGBITS && self.is_executable()
    }
    /// `SHF_EXECINSTR`.
    pub fn is_executable(&self) -> bool {
        self.flags.0 & SHF_EXECINSTR.0 != 0
    }
    /// `SHF_COMPRESSED`: [`Section::data`] starts with an `Elf*_Chdr`;
    /// read the contents with [`ElfFile::contents`].
    pub fn is_compressed(&self) -> bool {
        self.flags.0 & SHF_COMPRESSED.0 != 0
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
#[non_exhaustive]
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
    pub kind: SymbolType,
    /// `ELF64_ST_BIND` (`STB_LOCAL`, `STB_GLOBAL`, `STB_WEAK`).
    pub bind: SymbolBind,
    /// `ELF64_ST_VISIBILITY`.
    pub visibility: SymbolVisibility,
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
#[non_exhaustive]
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

/// The file header fields bpfkit looks at.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ElfHeader {
    /// `ELFCLASS64` (true) or `ELFCLASS32`.
    pub is_64: bool,
    /// `EI_DATA`.
    pub endian: Endian,
    /// `e_type` (`ET_REL` for `.bpf.o`).
    pub file_type: FileType,
    /// `e_machine` (`EM_BPF` for `.bpf.o`).
    pub machine: Machine,
}

fn elf_err(what: &str) -> impl Fn(object::Error) -> Error + '_ {
    move |e| Error::new(ErrorKind::Elf(format!("{what}: {e}")))
}

fn truncated() -> Error {
    Error::at(ErrorKind::Elf("not an ELF file or header truncated".into()), 0)
}

fn utf8(bytes: &[u8], err: impl FnOnce() -> Error) -> Result<&str> {
    core::str::from_utf8(bytes).map_err(|_| err())
}

fn to_endian(e: Endianness) -> Endian {
    match e {
        Endianness::Little => Endian::Little,
        Endianness::Big => Endian::Big,
    }
}

impl ElfHeader {
    /// Reads the file header of an ELF file of either class.
    pub fn parse(data: &[u8]) -> Result<ElfHeader> {
        if data.len() < 16 || &data[..4] != b"\x7fELF" {
            return Err(truncated());
        }
        if data[4] == oelf::ELFCLASS64.0 {
            let h = oelf::FileHeader64::<Endianness>::parse(data).map_err(|_| truncated())?;
            Self::from_header(h, true)
        } else if data[4] == oelf::ELFCLASS32.0 {
            let h = oelf::FileHeader32::<Endianness>::parse(data).map_err(|_| truncated())?;
            Self::from_header(h, false)
        } else {
            Err(Error::at(ErrorKind::Elf(format!("unknown ELF class {}", data[4])), 4))
        }
    }

    /// Checks what every BPF ELF file is: ELF64 with `e_machine` `EM_BPF`.
    pub fn check_bpf(&self) -> Result<()> {
        if !self.is_64 {
            return Err(Error::at(ErrorKind::NotBpf("not ELF64"), 4));
        }
        if self.machine != EM_BPF {
            return Err(Error::at(ErrorKind::NotBpf("e_machine is not EM_BPF"), 18));
        }
        Ok(())
    }

    fn from_header<H: FileHeader<Endian = Endianness>>(h: &H, is_64: bool) -> Result<ElfHeader> {
        let e = h.endian().map_err(|_| Error::at(ErrorKind::Elf("unknown byte order (EI_DATA)".into()), 5))?;
        Ok(ElfHeader { is_64, endian: to_endian(e), file_type: h.e_type(e), machine: h.e_machine(e) })
    }
}

/// The section table of an ELF file (symbols are read on request, with
/// [`ElfFile::symbols`], so finding one section in a vmlinux stays cheap).
#[derive(Debug)]
pub struct ElfFile<'data> {
    data: &'data [u8],
    header: ElfHeader,
    sections: Vec<Section<'data>>,
    symtab: Option<SectionIndex>,
}

impl<'data> ElfFile<'data> {
    /// Reads the header and the section table of an ELF file.
    pub fn parse(data: &'data [u8]) -> Result<ElfFile<'data>> {
        let header = ElfHeader::parse(data)?;
        let (sections, symtab) = if header.is_64 {
            let h = oelf::FileHeader64::<Endianness>::parse(data).map_err(elf_err("ELF header"))?;
            read_sections(h, data)?
        } else {
            let h = oelf::FileHeader32::<Endianness>::parse(data).map_err(elf_err("ELF header"))?;
            read_sections(h, data)?
        };
        Ok(ElfFile { data, header, sections, symtab })
    }

    /// The file's bytes.
    pub fn data(&self) -> &'data [u8] {
        self.data
    }
    /// The file header.
    pub fn header(&self) -> &ElfHeader {
        &self.header
    }
    /// All sections, by index (index 0 is the null section).
    pub fn sections(&self) -> &[Section<'data>] {
        &self.sections
    }
    /// The first section with this name.
    pub fn section_by_name(&self, name: &str) -> Option<&Section<'data>> {
        self.sections.iter().find(|s| s.name == name)
    }
    /// The `SHT_SYMTAB` section, if any.
    pub fn symtab(&self) -> Option<SectionIndex> {
        self.symtab
    }
    /// Takes the sections out (for [`Object`](crate::Object), which keeps them).
    pub(crate) fn into_sections(self) -> Vec<Section<'data>> {
        self.sections
    }

    /// Reads `.symtab` (empty when there is none).
    pub fn symbols(&self) -> Result<Vec<Symbol<'data>>> {
        let Some(st) = self.symtab else { return Ok(Vec::new()) };
        let e = match self.header.endian {
            Endian::Little => Endianness::Little,
            Endian::Big => Endianness::Big,
        };
        if self.header.is_64 {
            read_symbols::<oelf::FileHeader64<Endianness>>(&self.sections, st, e)
        } else {
            read_symbols::<oelf::FileHeader32<Endianness>>(&self.sections, st, e)
        }
    }

    /// The contents of a section: its bytes, or for an `SHF_COMPRESSED`
    /// section the decompressed bytes (zlib or zstd). The size the
    /// compression header claims is checked against [`MAX_DECOMPRESSED`]
    /// and decompression writes into a buffer that grows with the output,
    /// so a lying `ch_size` cannot make it allocate up front.
    pub fn contents(&self, sec: &Section<'data>) -> Result<Cow<'data, [u8]>> {
        if !sec.is_compressed() || sec.is_nobits() {
            return Ok(Cow::Borrowed(sec.data));
        }
        let at = sec.file_offset;
        let err = |what: &'static str| Error::at(ErrorKind::Decompress(what), at);
        let endian = self.header.endian;
        let d = sec.data;
        let word = |off: usize| endian.read_u32(d, off).map(u64::from);
        let (ch_type, size, hdr_len) = if self.header.is_64 {
            let lo = word(8).zip(word(12)).ok_or_else(|| err("truncated compression header"))?;
            let size = match endian {
                Endian::Little => lo.0 | lo.1 << 32,
                Endian::Big => lo.0 << 32 | lo.1,
            };
            (word(0), size, 24)
        } else {
            (word(0), word(4).ok_or_else(|| err("truncated compression header"))?, 12)
        };
        let ch_type = ch_type.ok_or_else(|| err("truncated compression header"))?;
        if size > MAX_DECOMPRESSED {
            return Err(err("claimed uncompressed size is over the 1 GiB limit"));
        }
        let stream = d.get(hdr_len..).ok_or_else(|| err("truncated compression header"))?;
        // Grows with what the stream really produces; `size` only bounds it.
        let mut out = Vec::with_capacity((size as usize).min(stream.len().saturating_mul(4)).min(1 << 20));
        let limit = size + 1;
        if ch_type == u64::from(oelf::ELFCOMPRESS_ZLIB.0) {
            flate2::read::ZlibDecoder::new(stream)
                .take(limit)
                .read_to_end(&mut out)
                .map_err(|_| err("invalid zlib data"))?;
        } else if ch_type == u64::from(oelf::ELFCOMPRESS_ZSTD.0) {
            // The decoder reserves the frame's window up front: accept a
            // window up to the claimed output size, but always 8 MiB (what
            // encoders use by default) and never over ruzstd's 128 MiB cap.
            let window = size.clamp(8 << 20, ruzstd::decoding::DEFAULT_MAX_WINDOW_SIZE);
            let mut src = stream;
            while !src.is_empty() && out.len() as u64 <= size {
                let dec = ruzstd::decoding::StreamingDecoder::new_with_max_window_size(&mut src, window)
                    .map_err(|_| err("invalid zstd data"))?;
                let room = limit - out.len() as u64;
                dec.take(room).read_to_end(&mut out).map_err(|_| err("invalid zstd data"))?;
            }
        } else {
            return Err(err("unknown compression type (ch_type)"));
        }
        if out.len() as u64 != size {
            return Err(err("decompressed size differs from the compression header's ch_size"));
        }
        Ok(Cow::Owned(out))
    }
}

fn read_sections<'data, H: FileHeader<Endian = Endianness>>(
    header: &H,
    data: &'data [u8],
) -> Result<(Vec<Section<'data>>, Option<SectionIndex>)> {
    let endian = header.endian().map_err(elf_err("ELF header"))?;
    let table = header.sections(endian, data).map_err(elf_err("section headers"))?;
    let shoff: u64 = header.e_shoff(endian).into();
    let shentsize = size_of::<H::SectionHeader>() as u64;
    let mut sections = Vec::with_capacity(table.len());
    let mut symtab = None;
    for (i, sh) in table.enumerate() {
        let index = SectionIndex(i.0 as u32);
        let hdr_at = shoff.saturating_add(i.0 as u64 * shentsize);
        let sec_err = |what: &str| Error::at(ErrorKind::Section { index: index.0, what: what.to_string() }, hdr_at);
        let name_bytes = table.section_name(endian, sh).map_err(|_| sec_err("name outside .shstrtab"))?;
        let name = utf8(name_bytes, || sec_err("name is not UTF-8"))?;
        let sh_type = sh.sh_type(endian);
        let data_bytes: &[u8] = if sh_type == SHT_NOBITS || i.0 == 0 {
            &[]
        } else {
            sh.data(endian, data).map_err(|_| sec_err("data runs past the end of the file"))?
        };
        if sh_type == SHT_SYMTAB {
            if symtab.is_some() {
                return Err(sec_err("more than one symbol table"));
            }
            symtab = Some(index);
        }
        sections.push(Section {
            index,
            name,
            header_offset: hdr_at,
            sh_type,
            flags: sh.sh_flags(endian),
            addr: sh.sh_addr(endian).into(),
            file_offset: sh.sh_offset(endian).into(),
            size: sh.sh_size(endian).into(),
            link: sh.sh_link(endian),
            info: sh.sh_info(endian),
            align: sh.sh_addralign(endian).into(),
            entsize: sh.sh_entsize(endian).into(),
            data: data_bytes,
        });
    }
    Ok((sections, symtab))
}

fn read_symbols<'data, H: FileHeader<Endian = Endianness>>(
    sections: &[Section<'data>],
    st: SectionIndex,
    endian: Endianness,
) -> Result<Vec<Symbol<'data>>> {
    let sec = &sections[st.index()];
    let entsize = size_of::<H::Sym>() as u64;
    let bad = |what: String| Error::at(ErrorKind::Section { index: st.0, what }, sec.file_offset);
    if sec.entsize != entsize {
        return Err(bad(format!("symbol table entry size is not {entsize}")));
    }
    let strtab = sections.get(sec.link as usize).ok_or_else(|| bad("sh_link is not a section".into()))?;
    if strtab.sh_type != SHT_STRTAB {
        return Err(bad("sh_link is not a string table".into()));
    }
    let strings = strtab.data;
    let raw: &[H::Sym] = object::pod::slice_from_all_bytes(sec.data)
        .map_err(|()| bad(format!("size is not a multiple of {entsize}")))?;
    let mut symbols = Vec::with_capacity(raw.len());
    for (i, sym) in raw.iter().enumerate() {
        let index = SymbolIndex(i as u32);
        let at = sec.file_offset + i as u64 * entsize;
        let sym_err = |what: &str| Error::at(ErrorKind::Symbol { index: index.0, what: what.into() }, at);
        let name_off = sym.st_name(endian) as usize;
        let name_bytes = match strings.get(name_off..) {
            Some(rest) => {
                let end = rest.iter().position(|&b| b == 0).ok_or_else(|| sym_err("name is not terminated"))?;
                &rest[..end]
            }
            None => return Err(sym_err("name outside the string table")),
        };
        let name = utf8(name_bytes, || sym_err("name is not UTF-8"))?;
        let shndx = sym.st_shndx(endian);
        let section = match shndx {
            oelf::SHN_UNDEF => SymbolSection::Undefined,
            oelf::SHN_ABS => SymbolSection::Absolute,
            oelf::SHN_COMMON => SymbolSection::Common,
            n if n.0 >= oelf::SHN_LORESERVE => SymbolSection::Reserved(n.0),
            n => {
                if usize::from(n.0) >= sections.len() {
                    return Err(sym_err("section index out of range"));
                }
                SymbolSection::Section(SectionIndex(u32::from(n.0)))
            }
        };
        symbols.push(Symbol {
            index,
            name,
            value: sym.st_value(endian).into(),
            size: sym.st_size(endian).into(),
            kind: sym.st_type(),
            bind: sym.st_bind(),
            visibility: sym.st_visibility(),
            section,
        });
    }
    Ok(symbols)
}

/// The contents of the section `name` of an ELF file, decompressed if
/// needed (see [`ElfFile::contents`]); `None` when there is no such section.
pub fn section_bytes<'data>(data: &'data [u8], name: &str) -> Result<Option<Cow<'data, [u8]>>> {
    let elf = ElfFile::parse(data)?;
    match elf.section_by_name(name) {
        Some(sec) => elf.contents(sec).map(Some),
        None => Ok(None),
    }
}

/// The raw `.BTF` bytes of an input: raw BTF as is, gzip decompressed
/// ([`bpfkit_btf::input::unpack`]), or the `.BTF` section of an ELF file of
/// any kind (a `.bpf.o`, a vmlinux, a module; possibly `SHF_COMPRESSED`,
/// possibly inside gzip).
pub fn btf_bytes(data: &[u8]) -> Result<Cow<'_, [u8]>> {
    let missing = || Error::new(ErrorKind::Missing(".BTF section in the ELF file"));
    match bpfkit_btf::input::unpack(data).map_err(|e| Error::new(ErrorKind::Input(e)))? {
        Unpacked::Btf(b) => Ok(b),
        Unpacked::Elf(Cow::Borrowed(elf)) => section_bytes(elf, ".BTF")?.ok_or_else(missing),
        Unpacked::Elf(Cow::Owned(elf)) => {
            Ok(Cow::Owned(section_bytes(&elf, ".BTF")?.ok_or_else(missing)?.into_owned()))
        }
    }
}

/// Reads the entries of a `SHT_REL` section lazily; see
/// [`Object::raw_relocations`](crate::Object::raw_relocations).
#[derive(Clone, Debug)]
pub struct RawRelocs<'data> {
    pub(crate) rest: &'data [u8],
    pub(crate) endian: Endian,
}

impl Iterator for RawRelocs<'_> {
    type Item = RawReloc;
    fn next(&mut self) -> Option<RawReloc> {
        let (entry, rest) = self.rest.split_at_checked(REL_SIZE as usize)?;
        self.rest = rest;
        let word = |b: &[u8]| {
            let a: [u8; 8] = b.try_into().unwrap_or([0; 8]);
            match self.endian {
                Endian::Little => u64::from_le_bytes(a),
                Endian::Big => u64::from_be_bytes(a),
            }
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
