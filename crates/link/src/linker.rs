//! The linker's state and the per-object steps of libbpf 1.8's
//! `bpf_linker__add_file`: load and check the object, append its section
//! data, symbols and relocations, then its BTF and `.BTF.ext`.

use crate::error::{Error, ErrorKind, Result, malformed};
use crate::input::{SrcObj, SrcSec};
use crate::strset::StrSet;
use bpfkit_btf::write::BtfBuilder;
use bpfkit_btf::{Btf, Endian};
use bpfkit_obj::elf::{SHT_NOBITS, SHT_PROGBITS, SHT_REL, STB_GLOBAL, STB_LOCAL, STB_WEAK, STT_SECTION, SymbolSection};
use std::collections::HashMap;

/// `BPF_JMP | BPF_CALL`: the opcode whose immediate counts instructions.
const BPF_JMP_CALL: u8 = 0x85;
/// Largest section alignment accepted (libbpf takes any power of two and
/// would try to allocate the padding).
const MAX_ALIGN: u64 = 1 << 16;
/// Largest output section (BTF offsets and DATASEC sizes are 32-bit).
const MAX_SECTION: u64 = u32::MAX as u64;

/// Options of a link (none yet: libbpf's `bpf_linker_opts` has none either).
#[non_exhaustive]
#[derive(Debug, Clone, Default)]
pub struct LinkOptions {}

impl LinkOptions {
    /// The defaults: what `bpftool gen object` does.
    pub fn new() -> LinkOptions {
        LinkOptions::default()
    }
}

/// One symbol of the output `.symtab`.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct OutSym {
    pub(crate) name: u32,
    pub(crate) info: u8,
    pub(crate) other: u8,
    pub(crate) shndx: u16,
    pub(crate) value: u64,
    pub(crate) size: u64,
}

/// `.BTF.ext` records of one kind for one output section.
#[derive(Debug, Clone, Default)]
pub(crate) struct ExtData {
    pub(crate) rec_sz: u32,
    pub(crate) count: usize,
    /// Records in the output byte order.
    pub(crate) recs: Vec<u8>,
}

/// One output section (libbpf's `struct dst_sec`).
#[derive(Debug, Clone, Default)]
pub(crate) struct DstSec {
    pub(crate) name: String,
    pub(crate) name_off: u32,
    pub(crate) ephemeral: bool,
    /// ELF section index (0 for ephemeral sections: `.kconfig`, `.ksyms`).
    pub(crate) sec_idx: u32,
    pub(crate) sh_type: u32,
    pub(crate) flags: u64,
    pub(crate) align: u64,
    pub(crate) entsize: u64,
    pub(crate) link: u32,
    pub(crate) info: u32,
    pub(crate) size: u64,
    /// Contents, in the output byte order (empty for NOBITS).
    pub(crate) data: Vec<u8>,
    pub(crate) sec_sym_idx: u32,
    pub(crate) has_btf: bool,
    /// DATASEC entries `[type, offset, size]`; `None` marks an entry moved
    /// away when a strong definition replaced a weak one (see `docs/link.md`).
    pub(crate) vars: Vec<Option<[u32; 3]>>,
    /// func_info, line_info, core_relo.
    pub(crate) ext: [ExtData; 3],
    /// The input that created it.
    pub(crate) first_file: usize,
}

/// A global or extern symbol (libbpf's `struct glob_sym`).
#[derive(Debug, Clone)]
pub(crate) struct GlobSym {
    pub(crate) sym_idx: usize,
    pub(crate) sec_id: usize,
    pub(crate) btf_id: u32,
    /// libbpf's `underlying_btf_id`: 0 asks for an update, negative is a
    /// pending source id, positive an output id.
    pub(crate) underlying: i64,
    /// (output section, index) of its DATASEC entry.
    pub(crate) var_idx: Option<(usize, usize)>,
    pub(crate) is_extern: bool,
    pub(crate) is_weak: bool,
    /// Where the current underlying type came from: (input, source type id).
    pub(crate) under_src: Option<(usize, u32)>,
    /// The input of the current definition (or first declaration).
    pub(crate) file: usize,
    /// Set to the input whose strong definition replaced an earlier one.
    pub(crate) moved_in: Option<usize>,
}

/// The static linker: add objects in order, then [`Linker::finish`].
///
/// ```no_run
/// # fn main() -> Result<(), bpfkit_link::Error> {
/// let mut l = bpfkit_link::Linker::new(bpfkit_link::LinkOptions::new());
/// l.add_object("a.bpf.o", &std::fs::read("a.bpf.o").unwrap())?;
/// l.add_object("b.bpf.o", &std::fs::read("b.bpf.o").unwrap())?;
/// let out: Vec<u8> = l.finish()?;
/// # Ok(()) }
/// ```
///
/// After an error the linker's state is partial (as libbpf's): drop it.
#[derive(Debug)]
pub struct Linker {
    #[allow(dead_code)]
    pub(crate) opts: LinkOptions,
    pub(crate) files: Vec<String>,
    /// Each input's `.BTF` (empty when it had none), kept to compare later declarations with.
    pub(crate) btfs: Vec<Vec<u8>>,
    pub(crate) endian: Option<Endian>,
    pub(crate) secs: Vec<DstSec>,
    pub(crate) next_elf_idx: u32,
    pub(crate) strtab: StrSet,
    pub(crate) syms: Vec<OutSym>,
    pub(crate) btf: BtfBuilder,
    pub(crate) globs: Vec<GlobSym>,
    pub(crate) glob_index: HashMap<String, usize>,
}

pub(crate) const STRTAB_IDX: u32 = 1;
pub(crate) const SYMTAB_IDX: u32 = 2;

impl Linker {
    /// A linker with no inputs yet (libbpf's `bpf_linker__new`).
    pub fn new(opts: LinkOptions) -> Linker {
        let mut strtab = StrSet::new();
        let mut secs = vec![DstSec::default()];
        for (name, idx) in [(".strtab", STRTAB_IDX), (".symtab", SYMTAB_IDX)] {
            let name_off = strtab.add(name.as_bytes());
            secs.push(DstSec { name: name.into(), name_off, sec_idx: idx, ..DstSec::default() });
        }
        Linker {
            opts,
            files: Vec::new(),
            btfs: Vec::new(),
            endian: None,
            secs,
            next_elf_idx: 3,
            strtab,
            syms: vec![OutSym::default()],
            btf: BtfBuilder::new(),
            globs: Vec::new(),
            glob_index: HashMap::new(),
        }
    }

    /// Adds one object file (libbpf's `bpf_linker__add_buf`); `name` is
    /// used in error messages. Objects are linked in the order they are added.
    pub fn add_object(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        let file = self.files.len();
        self.files.push(name.to_owned());
        let r = self.add(file, bytes);
        r.map_err(|e| e.in_file(name))
    }

    fn add(&mut self, file: usize, bytes: &[u8]) -> Result<()> {
        let mut obj = SrcObj::load(self, file, bytes)?;
        self.btfs.push(obj.btf.as_ref().map(|b| b.data().to_vec()).unwrap_or_default());
        self.append_sec_data(&mut obj)?;
        self.append_elf_syms(&mut obj)?;
        self.append_elf_relos(&mut obj)?;
        self.append_btf(&mut obj)?;
        self.append_btf_ext(&obj)?;
        Ok(())
    }

    pub(crate) fn file_name(&self, i: usize) -> String {
        self.files.get(i).cloned().unwrap_or_default()
    }

    fn find_dst_sec(&self, name: &str) -> Option<usize> {
        (1..self.secs.len()).find(|&i| self.secs[i].name == name)
    }

    /// `init_sec`: gives a new (or upgraded ephemeral) output section its ELF shape.
    fn init_sec(&mut self, dst: usize, src: &SrcSec<'_>) {
        let d = &mut self.secs[dst];
        d.size = 0;
        d.sec_idx = 0;
        d.ephemeral = src.ephemeral;
        if src.ephemeral {
            return;
        }
        d.sec_idx = self.next_elf_idx;
        self.next_elf_idx += 1;
        let sh = src.sh.as_ref().expect("non-ephemeral sections have a header");
        d.name_off = self.strtab.add(src.name.as_bytes());
        d.sh_type = sh.sh_type.0;
        d.flags = sh.flags.0;
        d.link = 0;
        d.info = 0;
        d.align = sh.align;
        d.entsize = sh.entsize;
    }

    fn add_dst_sec(&mut self, name: &str, file: usize) -> usize {
        self.secs.push(DstSec { name: name.into(), first_file: file, ..DstSec::default() });
        self.secs.len() - 1
    }

    /// The output section `src` goes into: the one of its name, which must
    /// match it (`true`), or a new one set up from it (`false`).
    fn dst_sec_for(&mut self, src: &SrcSec<'_>, file: usize) -> Result<(usize, bool)> {
        match self.find_dst_sec(src.name) {
            None => {
                let d = self.add_dst_sec(src.name, file);
                self.init_sec(d, src);
                Ok((d, false))
            }
            Some(d) => {
                self.secs_match(d, src)?;
                Ok((d, true))
            }
        }
    }

    fn secs_match(&self, dst: usize, src: &SrcSec<'_>) -> Result<()> {
        let d = &self.secs[dst];
        if d.ephemeral || src.ephemeral {
            return Ok(());
        }
        let sh = src.sh.as_ref().expect("non-ephemeral sections have a header");
        let what = if d.sh_type != sh.sh_type.0 {
            "types"
        } else if d.flags != sh.flags.0 {
            "flags"
        } else if d.entsize != sh.entsize {
            "entry sizes"
        } else {
            return Ok(());
        };
        Err(Error::new(ErrorKind::SectionMismatch { first: self.file_name(d.first_file), what }).in_section(src.name))
    }

    /// `extend_sec`: appends a source section at an aligned offset.
    fn extend_sec(&mut self, dst: usize, obj: &mut SrcObj<'_>, src_i: usize) -> Result<()> {
        if obj.secs[src_i].ephemeral {
            return Ok(());
        }
        if self.secs[dst].ephemeral {
            let src = obj.secs[src_i].clone();
            self.init_sec(dst, &src);
        }
        let src = &obj.secs[src_i];
        let sh = src.sh.as_ref().expect("non-ephemeral sections have a header");
        let d = &mut self.secs[dst];
        let mut align = d.align.max(1);
        if align < sh.align {
            align = sh.align;
        }
        let too_big = || malformed("section grows past 4 GiB (size or alignment)").in_section(src.name);
        if align > MAX_ALIGN {
            return Err(too_big());
        }
        let aligned = d.size.div_ceil(align) * align;
        let final_sz = aligned.checked_add(sh.size).filter(|&s| s <= MAX_SECTION).ok_or_else(too_big)?;
        if sh.sh_type != SHT_NOBITS {
            d.data.resize(aligned as usize, 0);
            d.data.extend_from_slice(sh.data);
        }
        d.size = final_sz;
        d.align = align;
        obj.secs[src_i].dst_off = aligned;
        Ok(())
    }

    fn append_sec_data(&mut self, obj: &mut SrcObj<'_>) -> Result<()> {
        for i in 1..obj.secs.len() {
            let s = &obj.secs[i];
            let is_data = !s.skipped
                && (s.ephemeral || s.sh.as_ref().is_some_and(|h| h.sh_type == SHT_PROGBITS || h.sh_type == SHT_NOBITS));
            if !is_data {
                continue;
            }
            let src = s.clone();
            let (dst, existed) = self.dst_sec_for(&src, obj.file)?;
            if existed && (src.name == "license" || src.name == "version") {
                // Kept once: every later copy must be the same bytes.
                let ds = &self.secs[dst];
                let same = src.sh.as_ref().is_some_and(|h| ds.size == h.size && ds.data.as_slice() == h.data);
                if !same {
                    return Err(Error::new(ErrorKind::ContentMismatch { first: self.file_name(ds.first_file) })
                        .in_section(src.name));
                }
                obj.secs[i].skipped = true;
                obj.secs[i].dst_id = dst;
                continue;
            }
            obj.secs[i].dst_id = dst;
            self.extend_sec(dst, obj, i)?;
        }
        Ok(())
    }

    fn append_elf_syms(&mut self, obj: &mut SrcObj<'_>) -> Result<()> {
        obj.sym_map = vec![0; obj.syms.len() + 1];
        for i in 1..obj.syms.len() {
            let name = obj.syms[i].name;
            self.append_elf_sym(obj, i).map_err(|e| e.for_symbol(name))?;
        }
        Ok(())
    }

    fn add_out_sym(&mut self) -> usize {
        self.syms.push(OutSym::default());
        self.syms.len() - 1
    }

    fn append_elf_sym(&mut self, obj: &mut SrcObj<'_>, i: usize) -> Result<()> {
        let sym = obj.syms[i];
        let sym_type = sym.kind.0;
        let sym_bind = sym.bind.0;
        let sym_vis = sym.visibility.0;
        let is_extern = sym.section == SymbolSection::Undefined;
        let mut src_sec: Option<usize> = None;
        let mut dst_sec: Option<usize> = None;
        let mut plain = sym_bind == STB_LOCAL.0;
        if is_extern {
            if obj.btf.is_none() {
                return Err(Error::new(ErrorKind::MissingBtf("externs without BTF info are not supported".into())));
            }
        } else if let SymbolSection::Section(idx) = sym.section {
            let s = &obj.secs[idx.0 as usize];
            if s.skipped {
                return Ok(());
            }
            src_sec = Some(idx.0 as usize);
            let d = s.dst_id;
            dst_sec = Some(d);
            if sym_type == STT_SECTION.0 && self.secs[d].sec_sym_idx != 0 {
                obj.sym_map[i] = self.secs[d].sec_sym_idx;
                return Ok(());
            }
            if s.name == ".jumptables" {
                plain = true;
            }
        }
        if !plain {
            let (btf_sec_id, btf_id) = obj.find_glob_sym_btf(sym.name)?;
            if is_extern && btf_sec_id != 0 {
                let btf = obj.btf.as_ref().expect("checked above");
                let sec_name = btf.name_of(bpfkit_btf::TypeId(btf_sec_id));
                if sec_name != ".extern" {
                    let s = obj.find_src_sec(sec_name).ok_or_else(|| {
                        Error::new(ErrorKind::MissingBtf(format!("failed to find matching ELF section '{sec_name}'")))
                    })?;
                    src_sec = Some(s);
                    dst_sec = Some(obj.secs[s].dst_id);
                }
            }
            if let Some(&g) = self.glob_index.get(sym.name) {
                return self.merge_glob_sym(obj, i, g, btf_id, src_sec, dst_sec);
            }
        }
        // add_sym
        let name_off = self.strtab.add(sym.name.as_bytes());
        let idx = self.add_out_sym();
        let shndx = match (dst_sec, sym.section) {
            (Some(d), _) => self.secs[d].sec_idx as u16,
            (None, SymbolSection::Undefined) => 0,
            (None, SymbolSection::Absolute) => 0xfff1,
            (None, SymbolSection::Common) => 0xfff2,
            (None, SymbolSection::Reserved(n)) => n,
            (None, SymbolSection::Section(n)) => n.0 as u16,
        };
        let base = src_sec.map_or(0, |s| obj.secs[s].dst_off);
        let mut out = OutSym {
            name: name_off,
            info: (sym_bind << 4) | (sym_type & 0xf),
            other: sym_vis,
            shndx,
            value: base.wrapping_add(sym.value),
            size: sym.size,
        };
        obj.sym_map[i] = idx as u32;
        if sym_type == STT_SECTION.0
            && let Some(d) = dst_sec
        {
            self.secs[d].sec_sym_idx = idx as u32;
            out.value = 0;
        }
        self.syms[idx] = out;
        if sym_bind != STB_LOCAL.0 {
            self.globs.push(GlobSym {
                sym_idx: idx,
                sec_id: dst_sec.unwrap_or(0),
                btf_id: 0,
                underlying: 0,
                var_idx: None,
                is_extern,
                is_weak: sym_bind == STB_WEAK.0,
                under_src: None,
                file: obj.file,
                moved_in: None,
            });
            self.glob_index.insert(sym.name.to_owned(), self.globs.len() - 1);
        }
        Ok(())
    }

    /// The part of `linker_append_elf_sym` for a name already seen.
    fn merge_glob_sym(
        &mut self,
        obj: &mut SrcObj<'_>,
        i: usize,
        g: usize,
        btf_id: u32,
        src_sec: Option<usize>,
        dst_sec: Option<usize>,
    ) -> Result<()> {
        let sym = obj.syms[i];
        let sym_bind = sym.bind.0;
        let is_extern = sym.section == SymbolSection::Undefined;
        obj.sym_map[i] = self.globs[g].sym_idx as u32;
        let gs = &self.globs[g];
        if !is_extern && !gs.is_extern && !gs.is_weak && sym_bind != STB_WEAK.0 {
            return Err(Error::new(ErrorKind::StrongConflict { first: self.file_name(gs.file) }));
        }
        self.glob_syms_match(g, obj, btf_id)?;
        let si = self.globs[g].sym_idx;
        if sym_bind == STB_GLOBAL.0 {
            let s = &mut self.syms[si];
            s.info = (STB_GLOBAL.0 << 4) | (s.info & 0xf);
            self.globs[g].is_weak = false;
        }
        if sym.visibility.0 > (self.syms[si].other & 3) {
            let s = &mut self.syms[si];
            s.other = (s.other & !3) | sym.visibility.0;
        }
        if is_extern {
            return Ok(());
        }
        if !self.globs[g].is_extern && sym_bind == STB_WEAK.0 {
            return Ok(());
        }
        let (Some(ss), Some(ds)) = (src_sec, dst_sec) else {
            return Err(malformed("a global definition outside any section is not supported"));
        };
        let s = &mut self.syms[si];
        s.info = (s.info & 0xf0) | (sym.kind.0 & 0xf);
        s.shndx = self.secs[ds].sec_idx as u16;
        s.value = obj.secs[ss].dst_off.wrapping_add(sym.value);
        s.size = sym.size;
        let gs = &mut self.globs[g];
        gs.sec_id = ds;
        gs.is_extern = false;
        gs.file = obj.file;
        gs.moved_in = Some(obj.file);
        let dst_btf = gs.btf_id;
        crate::btf::complete_extern_btf_info(&mut self.btf, dst_btf, obj, btf_id)?;
        self.globs[g].underlying = 0;
        obj.sym_map[i] = self.globs[g].sym_idx as u32;
        Ok(())
    }

    fn append_elf_relos(&mut self, obj: &mut SrcObj<'_>) -> Result<()> {
        let e = self.endian.expect("set by the first input");
        for i in 1..obj.secs.len() {
            let s = &obj.secs[i];
            if s.skipped || s.ephemeral || s.sh.as_ref().is_none_or(|h| h.sh_type != SHT_REL) {
                continue;
            }
            let sh = *s.sh.as_ref().expect("checked");
            let linked = sh.info as usize;
            if obj.secs[linked].skipped {
                continue;
            }
            let src = s.clone();
            let (dst, _) = self.dst_sec_for(&src, obj.file)?;
            let dst_linked = obj.secs[linked].dst_id;
            self.secs[dst].link = SYMTAB_IDX;
            self.secs[dst].info = self.secs[dst_linked].sec_idx;
            obj.secs[i].dst_id = dst;
            self.extend_sec(dst, obj, i)?;
            let base = obj.secs[i].dst_off as usize;
            let linked_off = obj.secs[linked].dst_off;
            let linked_exec = obj.secs[linked].sh.as_ref().is_some_and(|h| h.is_executable());
            let n = (sh.size / 16) as usize;
            for j in 0..n {
                let at = base + j * 16;
                let rel = &mut self.secs[dst].data[at..at + 16];
                let off = read_u64(e, &rel[..8]);
                let info = read_u64(e, &rel[8..]);
                let src_sym = (info >> 32) as usize;
                let r_type = info as u32;
                let dst_sym = u64::from(obj.sym_map[src_sym]);
                let new_off = off.wrapping_add(linked_off);
                rel[..8].copy_from_slice(&write_u64(e, new_off));
                rel[8..].copy_from_slice(&write_u64(e, (dst_sym << 32) | u64::from(r_type)));
                let ssym = obj.syms[src_sym];
                if ssym.kind == STT_SECTION {
                    let target_off = match ssym.section {
                        SymbolSection::Section(x) => obj.secs[x.0 as usize].dst_off,
                        _ => 0,
                    };
                    if !linked_exec {
                        return Err(malformed("relocation against STT_SECTION in non-exec section is not supported")
                            .in_section(src.name));
                    }
                    let code = &mut self.secs[dst_linked].data;
                    let p = new_off as usize;
                    if p + 8 > code.len() {
                        return Err(malformed(format!("relocation #{j} points past its section")).in_section(src.name));
                    }
                    let imm = e.read_u32(code, p + 4).unwrap_or(0) as i32;
                    let add = if code[p] == BPF_JMP_CALL { target_off / 8 } else { target_off };
                    let imm = imm.wrapping_add(add as i32);
                    code[p + 4..p + 8].copy_from_slice(&e.u32_bytes(imm as u32));
                }
            }
        }
        Ok(())
    }
}

pub(crate) fn read_u64(e: Endian, b: &[u8]) -> u64 {
    let a: [u8; 8] = b.try_into().unwrap_or([0; 8]);
    match e {
        Endian::Little => u64::from_le_bytes(a),
        Endian::Big => u64::from_be_bytes(a),
    }
}

pub(crate) fn write_u64(e: Endian, v: u64) -> [u8; 8] {
    match e {
        Endian::Little => v.to_le_bytes(),
        Endian::Big => v.to_be_bytes(),
    }
}

/// Parses an input's kept `.BTF` again (for comparing with a later declaration).
pub(crate) fn parse_kept(bytes: &[u8]) -> Result<Btf<'_>> {
    Btf::parse(bytes).map_err(|e| Error::from(e).in_section(".BTF"))
}
