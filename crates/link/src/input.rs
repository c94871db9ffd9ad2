//! One input object as the linker sees it: its sections (plus the
//! "ephemeral" ones only BTF knows: `.kconfig`, `.ksyms`), symbols, BTF and
//! `.BTF.ext`, after libbpf's load-time sanity checks and BTF fix-ups.

use crate::error::{Error, ErrorKind, Result, malformed};
use crate::linker::Linker;
use bpfkit_btf::ext::BtfExt;
use bpfkit_btf::{Btf, BtfKind, Linkage};
use bpfkit_obj::elf::{
    ElfFile, SHT_NOBITS, SHT_PROGBITS, SHT_REL, SHT_STRTAB, SHT_SYMTAB, STB_GLOBAL, STB_LOCAL, STB_WEAK, STT_NOTYPE,
    STT_OBJECT, STT_SECTION, STV_HIDDEN, Section, Symbol, SymbolSection,
};

/// `SHT_LLVM_ADDRSIG`.
const SHT_LLVM_ADDRSIG: u32 = 0x6fff_4c03;
/// `SHN_LORESERVE`.
const SHN_LORESERVE: u32 = 0xff00;

/// One input section (libbpf's `struct src_sec`).
#[derive(Debug, Clone)]
pub(crate) struct SrcSec<'a> {
    pub(crate) name: &'a str,
    /// `None` for ephemeral sections.
    pub(crate) sh: Option<Section<'a>>,
    pub(crate) skipped: bool,
    pub(crate) ephemeral: bool,
    pub(crate) dst_id: usize,
    pub(crate) dst_off: u64,
    /// Its BTF DATASEC (0: none).
    pub(crate) sec_type_id: u32,
    /// The DATASEC's entries `[type, offset, size]` after the fix-up of global offsets.
    pub(crate) vars: Vec<[u32; 3]>,
}

/// One input object (libbpf's `struct src_obj`).
#[derive(Debug)]
pub(crate) struct SrcObj<'a> {
    pub(crate) file: usize,
    pub(crate) secs: Vec<SrcSec<'a>>,
    pub(crate) syms: Vec<Symbol<'a>>,
    pub(crate) btf: Option<Btf<'a>>,
    pub(crate) ext: Option<BtfExt<'a>>,
    pub(crate) sym_map: Vec<u32>,
    pub(crate) type_map: Vec<u32>,
    pub(crate) endian: bpfkit_btf::Endian,
}

fn is_dwarf(name: &str) -> bool {
    name.starts_with(".debug_")
}

fn is_ignored(sh: &Section<'_>) -> bool {
    let t = sh.sh_type.0;
    if t == SHT_STRTAB.0 || t == SHT_LLVM_ADDRSIG {
        return true;
    }
    if t == SHT_PROGBITS.0 && sh.size == 0 && sh.name == ".text" {
        return true;
    }
    if is_dwarf(sh.name) {
        return true;
    }
    if let Some(rest) = sh.name.strip_prefix(".rel") {
        return is_dwarf(rest) || rest == ".BTF" || rest == ".BTF.ext";
    }
    false
}

impl<'a> SrcObj<'a> {
    /// `linker_load_obj_file`: reads and checks the object, sets the
    /// output byte order from the first input, fixes up DATASECs.
    pub(crate) fn load(linker: &mut Linker, file: usize, bytes: &'a [u8]) -> Result<SrcObj<'a>> {
        let elf = ElfFile::parse(bytes)?;
        let h = *elf.header();
        match linker.endian {
            None => linker.endian = Some(h.endian),
            Some(e) if e != h.endian => {
                return Err(Error::at(ErrorKind::ByteOrder { first: linker.file_name(0) }, 5));
            }
            Some(_) => {}
        }
        if h.file_type != bpfkit_obj::elf::ET_REL || h.machine != bpfkit_obj::elf::EM_BPF || !h.is_64 {
            return Err(Error::at(
                ErrorKind::Malformed("unsupported kind of ELF file (not a 64-bit BPF ET_REL)".into()),
                0,
            ));
        }
        let mut obj = SrcObj {
            file,
            secs: Vec::new(),
            syms: Vec::new(),
            btf: None,
            ext: None,
            sym_map: Vec::new(),
            type_map: Vec::new(),
            endian: h.endian,
        };
        let mut symtab = None;
        for (i, sh) in elf.sections().iter().enumerate() {
            let mut s = SrcSec {
                name: sh.name,
                sh: Some(*sh),
                skipped: false,
                ephemeral: false,
                dst_id: 0,
                dst_off: 0,
                sec_type_id: 0,
                vars: Vec::new(),
            };
            if i == 0 {
                obj.secs.push(s);
                continue;
            }
            let bad = |what: String| Error::at(ErrorKind::Malformed(what), sh.header_offset).in_section(sh.name);
            if is_ignored(sh) {
                s.skipped = true;
                obj.secs.push(s);
                continue;
            }
            let t = sh.sh_type;
            if t == SHT_SYMTAB {
                if symtab.is_some() {
                    return Err(bad("multiple SYMTAB sections found, not supported".into()));
                }
                symtab = Some(i);
            } else if t == SHT_PROGBITS {
                if sh.name == ".BTF" {
                    obj.btf = Some(Btf::parse(sh.data).map_err(|e| Error::from(e).in_section(".BTF"))?);
                    s.skipped = true;
                } else if sh.name == ".BTF.ext" {
                    obj.ext = Some(BtfExt::parse(sh.data).map_err(|e| Error::from(e).in_section(".BTF.ext"))?);
                    s.skipped = true;
                }
            } else if t != SHT_NOBITS && t != SHT_REL {
                return Err(bad(format!("unrecognized section type {:#x}", t.0)));
            }
            obj.secs.push(s);
        }
        let Some(symtab) = symtab else {
            return Err(malformed("ELF is missing SYMTAB section"));
        };
        obj.syms = elf.symbols()?;
        obj.sanity_check_elf(symtab)?;
        obj.sanity_check_btf()?;
        obj.fixup_btf()?;
        Ok(obj)
    }

    fn sanity_check_elf(&self, symtab: usize) -> Result<()> {
        let n = self.secs.len();
        for s in &self.secs[1..] {
            let sh = s.sh.as_ref().expect("ELF sections have headers");
            let bad = |what: String| Error::at(ErrorKind::Malformed(what), sh.header_offset).in_section(sh.name);
            if sh.name.is_empty() {
                return Err(bad(format!("section #{} has an empty name", sh.index.0)));
            }
            if is_dwarf(sh.name) {
                continue;
            }
            if sh.align != 0 && !sh.align.is_power_of_two() {
                return Err(bad(format!("alignment {} is not a power of 2", sh.align)));
            }
            let t = sh.sh_type;
            if t == SHT_SYMTAB {
                if sh.entsize != 24 || !sh.size.is_multiple_of(24) {
                    return Err(bad("bad symbol table entry size".into()));
                }
                if sh.link == 0 || sh.link as usize >= n {
                    return Err(bad(format!("SYMTAB points to missing STRTAB section #{}", sh.link)));
                }
                let link = self.secs[sh.link as usize].sh.as_ref().expect("ELF");
                if link.sh_type != SHT_STRTAB {
                    return Err(bad(format!("SYMTAB points to invalid STRTAB section #{}", sh.link)));
                }
                self.check_symbols(sh, n)?;
            } else if t == SHT_PROGBITS {
                if sh.is_executable() && !sh.size.is_multiple_of(8) {
                    return Err(bad(format!("code size {} is not a multiple of 8", sh.size)));
                }
            } else if t == SHT_REL {
                self.check_relos(sh, symtab)?;
            } else if t != SHT_STRTAB && t != SHT_NOBITS && t.0 != SHT_LLVM_ADDRSIG {
                return Err(bad(format!("unrecognized section type {:#x}", t.0)));
            }
        }
        Ok(())
    }

    fn check_symbols(&self, sh: &Section<'_>, n: usize) -> Result<()> {
        for (i, sym) in self.syms.iter().enumerate() {
            let at = sh.file_offset + i as u64 * 24;
            let bad = |what: String| Error::at(ErrorKind::Malformed(what), at).in_section(sh.name);
            if i == 0 {
                if !sym.name.is_empty()
                    || sym.kind.0 != 0
                    || sym.bind.0 != 0
                    || sym.visibility.0 != 0
                    || sym.section != SymbolSection::Undefined
                    || sym.value != 0
                    || sym.size != 0
                {
                    return Err(bad("ELF symbol #0 is invalid".into()));
                }
                continue;
            }
            let b = sym.bind;
            if b != STB_LOCAL && b != STB_GLOBAL && b != STB_WEAK {
                return Err(bad(format!("symbol #{i} has unsupported binding {}", b.0)));
            }
            if sym.visibility.0 != 0 && sym.visibility != STV_HIDDEN {
                return Err(bad(format!("symbol #{i} has unsupported visibility {}", sym.visibility.0)));
            }
            match sym.section {
                SymbolSection::Undefined => {
                    if sym.kind != STT_NOTYPE || b == STB_LOCAL || sym.value != 0 || sym.size != 0 {
                        return Err(bad(format!("symbol #{i} ('{}') is an invalid extern symbol", sym.name)));
                    }
                    continue;
                }
                SymbolSection::Section(x) if (x.0 as usize) >= n && x.0 < SHN_LORESERVE => {
                    return Err(bad(format!("symbol #{i} points to missing section #{}", x.0)));
                }
                _ => {}
            }
            if sym.kind == STT_SECTION && sym.value != 0 {
                return Err(bad(format!("section symbol #{i} has a non-zero value")));
            }
        }
        Ok(())
    }

    fn check_relos(&self, sh: &Section<'_>, symtab: usize) -> Result<()> {
        let bad = |what: String| Error::at(ErrorKind::Malformed(what), sh.header_offset).in_section(sh.name);
        if sh.entsize != 16 || !sh.size.is_multiple_of(16) {
            return Err(bad("bad relocation entry size".into()));
        }
        if sh.link as usize != symtab {
            return Err(bad(format!("relocations point to invalid SYMTAB section #{}", sh.link)));
        }
        if sh.info == 0 || sh.info as usize >= self.secs.len() {
            return Err(bad(format!("relocations point to missing section #{}", sh.info)));
        }
        let target = &self.secs[sh.info as usize];
        if sh.name.strip_prefix(".rel") != Some(target.name) {
            return Err(bad("relocation section name is not .rel<target>".into()));
        }
        if target.skipped {
            return Ok(());
        }
        let tsh = target.sh.as_ref().expect("ELF");
        if tsh.sh_type != SHT_PROGBITS && tsh.sh_type != SHT_NOBITS {
            return Err(bad(format!("relocations point to invalid section #{}", sh.info)));
        }
        let e = self.endian;
        for j in 0..(sh.size / 16) as usize {
            let rel = &sh.data[j * 16..j * 16 + 16];
            let off = crate::linker::read_u64(e, &rel[..8]);
            let info = crate::linker::read_u64(e, &rel[8..]);
            let (sym, kind) = ((info >> 32) as usize, info as u32);
            let at = sh.file_offset + j as u64 * 16;
            let bad = |what: String| Error::at(ErrorKind::Malformed(what), at).in_section(sh.name);
            if !matches!(kind, 1 | 2 | 3 | 10) {
                return Err(bad(format!("relocation #{j} has unexpected type {kind}")));
            }
            if sym == 0 || sym >= self.syms.len() {
                return Err(bad(format!("relocation #{j} points to invalid symbol #{sym}")));
            }
            if tsh.is_executable() && !off.is_multiple_of(8) {
                return Err(bad(format!("relocation #{j} is not at an instruction boundary")));
            }
        }
        Ok(())
    }

    fn sanity_check_btf(&self) -> Result<()> {
        if self.ext.is_some() && self.btf.is_none() {
            return Err(malformed("can't use .BTF.ext without .BTF").in_section(".BTF.ext"));
        }
        Ok(())
    }

    /// The first section with this name (ephemeral ones included).
    pub(crate) fn find_src_sec(&self, name: &str) -> Option<usize> {
        (1..self.secs.len()).find(|&i| self.secs[i].name == name)
    }

    /// `linker_fixup_btf`: DATASEC sizes from the ELF section, offsets of
    /// global variables from their symbols, shells for ephemeral sections.
    fn fixup_btf(&mut self) -> Result<()> {
        let Some(btf) = self.btf.as_ref() else { return Ok(()) };
        for t in btf.types() {
            if t.kind() != BtfKind::DATASEC {
                continue;
            }
            let sec_name = btf.name(&t);
            let si = match self.find_src_sec(sec_name) {
                Some(i) => i,
                None => {
                    if sec_name == ".extern" {
                        continue;
                    }
                    self.secs.push(SrcSec {
                        name: sec_name,
                        sh: None,
                        skipped: false,
                        ephemeral: true,
                        dst_id: 0,
                        dst_off: 0,
                        sec_type_id: 0,
                        vars: Vec::new(),
                    });
                    self.secs.len() - 1
                }
            };
            let elf_idx = self.secs[si].sh.as_ref().map_or(0, |h| h.index.0);
            self.secs[si].sec_type_id = t.id().0;
            let mut vars = Vec::with_capacity(t.vlen() as usize);
            for v in t.datasec_vars() {
                let mut offset = v.offset;
                if let Some(vt) = btf.get(v.type_id)
                    && vt.var_linkage() == Some(Linkage::GLOBAL)
                {
                    let var_name = btf.name(&vt);
                    let sym = self.syms.iter().find(|s| {
                        s.section_index().map_or(0, |x| x.0) == elf_idx && s.kind == STT_OBJECT && s.name == var_name
                    });
                    let Some(sym) = sym else {
                        return Err(Error::new(ErrorKind::MissingBtf(format!(
                            "failed to find symbol for variable '{var_name}' in section '{sec_name}'"
                        ))));
                    };
                    offset = sym.value as u32;
                }
                vars.push([v.type_id.0, offset, v.size]);
            }
            self.secs[si].vars = vars;
        }
        Ok(())
    }

    /// `find_glob_sym_btf`: the BTF VAR/FUNC of a global symbol and the
    /// DATASEC holding it (0 when none).
    pub(crate) fn find_glob_sym_btf(&self, name: &str) -> Result<(u32, u32)> {
        let Some(btf) = &self.btf else {
            return Err(Error::new(ErrorKind::MissingBtf("failed to find BTF info for object".into())));
        };
        let mut found = 0u32;
        for t in btf.types() {
            if is_non_static(&t) {
                if btf.name(&t) == name {
                    found = t.id().0;
                }
                continue;
            }
            if t.kind() != BtfKind::DATASEC {
                continue;
            }
            for v in t.datasec_vars() {
                let Some(vt) = btf.get(v.type_id) else { continue };
                if btf.name(&vt) != name {
                    continue;
                }
                if vt.var_linkage() == Some(Linkage::STATIC) || vt.func_linkage() == Some(Linkage::STATIC) {
                    continue;
                }
                if found != 0 && found != v.type_id.0 {
                    return Err(Error::new(ErrorKind::MissingBtf(format!(
                        "global/extern '{name}' BTF is ambiguous: both types #{found} and #{} match",
                        v.type_id.0
                    ))));
                }
                return Ok((t.id().0, v.type_id.0));
            }
        }
        if found != 0 {
            return Ok((0, found));
        }
        Err(Error::new(ErrorKind::MissingBtf(format!("failed to find BTF info for global/extern symbol '{name}'"))))
    }
}

/// `btf_is_non_static`: a VAR or FUNC that is not static.
pub(crate) fn is_non_static(t: &bpfkit_btf::Type<'_>) -> bool {
    t.var_linkage().is_some_and(|l| l != Linkage::STATIC) || t.func_linkage().is_some_and(|l| l != Linkage::STATIC)
}
