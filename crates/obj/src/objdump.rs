//! `llvm-objdump -d` for a BPF ELF object.
//!
//! Reads the sections and symbols of the ELF file with [`crate::elf`] and
//! prints every executable section in the layout of `llvm-objdump -d` from
//! LLVM 22: section headers, symbol labels, the slot index column, optional
//! raw bytes, the instruction text (from `bpfkit-insn`) and `<sym+0xoff>`
//! annotations of jump targets; runs of zero bytes as `...`;
//! `--start-address`/`--stop-address` ranges; with `-r` the ELF relocations
//! and the `.BTF.ext` CO-RE relocations (in llvm's `CO-RE <kind> ...`
//! wording) after the instruction they patch; with `-l`/`-S` the file, line
//! and source text of `.BTF.ext` line_info before the instructions they
//! cover (from BTF, so objects without DWARF show them too).

use crate::elf::{self, ElfFile, RawRelocs, Symbol, SymbolSection};
use crate::error::{Error, ErrorKind, Result};
use crate::ids::SectionIndex;
use bpfkit_btf::ext::{BtfExt, CoreRelo, LineInfo};
use bpfkit_btf::{Btf, BtfKind, Endian, TypeId};
use bpfkit_insn::display::{DisplayConfig, write_hex, write_insn};
use bpfkit_insn::{Insn, Opcode, RawInsn};
use std::fmt::{self, Write};

/// What to print.
#[non_exhaustive]
#[derive(Debug, Clone, Default)]
pub struct ObjdumpConfig<'a> {
    /// Show the raw bytes column (`llvm-objdump -d` does by default;
    /// `--no-show-raw-insn` hides it).
    pub raw_bytes: bool,
    /// Only the section with this name (`llvm-objdump -j NAME`).
    pub section: Option<&'a str>,
    /// Instruction text flavor.
    pub display: DisplayConfig,
    /// Show relocations after the instructions they patch (`-r`): ELF
    /// relocations and `.BTF.ext` CO-RE relocations.
    pub relocs: bool,
    /// Show the source line text of `.BTF.ext` line_info (`-S`).
    pub source: bool,
    /// Show `file:line` of `.BTF.ext` line_info (`-l`).
    pub line_numbers: bool,
    /// Disassemble only from this address (`--start-address`).
    pub start_address: Option<u64>,
    /// Disassemble only below this address (`--stop-address`).
    pub stop_address: Option<u64>,
}

/// A symbol as the disassembler sees it: address and name.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Label<'a> {
    /// Section-relative address (`st_value`).
    pub addr: u64,
    /// Symbol name.
    pub name: &'a str,
}

/// The labels of one section, sorted as `llvm-objdump` sorts them: by
/// address, then name. Section symbols are left out; when no symbol sits at
/// address 0, the section name is used there.
#[derive(Debug, Clone)]
pub struct Labels<'a> {
    sorted: Vec<Label<'a>>,
}

impl<'a> Labels<'a> {
    /// Builds the label table from symbols and the section's name.
    pub fn new(mut syms: Vec<Label<'a>>, section_name: &'a str) -> Labels<'a> {
        syms.sort_unstable();
        syms.dedup();
        if syms.first().is_none_or(|s| s.addr != 0) {
            syms.insert(0, Label { addr: 0, name: section_name });
        }
        Labels { sorted: syms }
    }

    /// The label printed for a jump target: the last (by address, then
    /// name) at or below `addr`.
    pub fn lookup(&self, addr: u64) -> Option<&Label<'a>> {
        let n = self.sorted.partition_point(|s| s.addr <= addr);
        n.checked_sub(1).map(|i| &self.sorted[i])
    }

    /// Addresses where a label header is printed, each with the one name
    /// `llvm-objdump` shows (the last at that address).
    pub fn headers(&self) -> impl Iterator<Item = &Label<'a>> {
        self.sorted
            .iter()
            .enumerate()
            .filter(|(i, s)| self.sorted.get(i + 1).is_none_or(|n| n.addr != s.addr))
            .map(|(_, s)| s)
    }
}

/// One executable section to disassemble.
#[non_exhaustive]
#[derive(Debug, Clone)]
pub struct TextSection<'a> {
    /// Section index in the file.
    pub index: SectionIndex,
    /// Section name.
    pub name: &'a str,
    /// Section address (`sh_addr`, 0 in relocatable objects).
    pub addr: u64,
    /// Section bytes.
    pub data: &'a [u8],
    /// Symbol labels.
    pub labels: Labels<'a>,
}

/// The executable sections of a BPF ELF object, with their labels.
#[non_exhaustive]
#[derive(Debug)]
pub struct TextObject<'a> {
    /// Byte order of the object.
    pub endian: Endian,
    /// Executable sections in section header order (empty ones left out).
    pub sections: Vec<TextSection<'a>>,
}

impl<'a> Label<'a> {
    /// A label at `addr`.
    pub fn new(addr: u64, name: &'a str) -> Label<'a> {
        Label { addr, name }
    }
}

/// Reads the executable sections and their symbols from an ELF64 BPF object
/// (of any `e_type`).
pub fn read_text_sections(data: &[u8]) -> Result<TextObject<'_>> {
    let file = ElfFile::parse(data)?;
    file.header().check_bpf()?;
    read_text(&file)
}

fn read_text<'a>(file: &ElfFile<'a>) -> Result<TextObject<'a>> {
    let mut by_section: Vec<Vec<Label<'a>>> = Vec::new();
    by_section.resize_with(file.sections().len(), Vec::new);
    for sym in file.symbols()?.iter().skip(1) {
        if sym.kind == elf::STT_SECTION || sym.kind == elf::STT_FILE {
            continue;
        }
        let SymbolSection::Section(idx) = sym.section else { continue };
        if let Some(v) = by_section.get_mut(idx.index()) {
            v.push(Label { addr: sym.value, name: sym.name });
        }
    }
    let mut sections = Vec::new();
    for sec in file.sections().iter().skip(1) {
        if !sec.is_executable() || sec.is_nobits() || sec.data.is_empty() {
            continue;
        }
        let syms = by_section.get_mut(sec.index.index()).map(std::mem::take).unwrap_or_default();
        sections.push(TextSection {
            index: sec.index,
            name: sec.name,
            addr: sec.addr,
            data: sec.data,
            labels: Labels::new(syms, sec.name),
        });
    }
    Ok(TextObject { endian: file.header().endian, sections })
}

/// Writes `llvm-objdump -d` output for the object `data`, naming it
/// `file_name` in the header.
pub fn objdump<W: Write + ?Sized>(out: &mut W, file_name: &str, data: &[u8], cfg: &ObjdumpConfig<'_>) -> Result<()> {
    let file = ElfFile::parse(data)?;
    file.header().check_bpf()?;
    let obj = read_text(&file)?;
    if let Some(want) = cfg.section {
        // -j names a section that must exist; non-executable ones print nothing.
        if !file.sections().iter().skip(1).any(|s| s.name == want) {
            return Err(Error::new(ErrorKind::NoSuchSection(want.into())));
        }
    }
    let want_btf = cfg.relocs || cfg.source || cfg.line_numbers;
    let btf_bytes = match file.section_by_name(".BTF") {
        Some(s) if want_btf => Some((file.contents(s)?, s.file_offset)),
        _ => None,
    };
    let ext_bytes = match file.section_by_name(".BTF.ext") {
        Some(s) if want_btf && btf_bytes.is_some() => Some((file.contents(s)?, s.file_offset)),
        _ => None,
    };
    let btf = match &btf_bytes {
        Some((b, at)) => Some(Btf::parse(b).map_err(|e| btf_err(e.offset(), ErrorKind::Btf(e), *at))?),
        None => None,
    };
    let ext = match &ext_bytes {
        Some((b, at)) => Some(BtfExt::parse(b).map_err(|e| btf_err(e.offset(), ErrorKind::BtfExtFormat(e), *at))?),
        None => None,
    };
    let symbols = if cfg.relocs { file.symbols()? } else { Vec::new() };
    let fmt_err = |_: fmt::Error| Error::new(ErrorKind::Missing("room in the output (formatting failed)"));
    write!(out, "\n{file_name}:\tfile format elf64-bpf\n").map_err(fmt_err)?;
    let mut lines = LineState::default();
    for sec in &obj.sections {
        if cfg.section.is_some_and(|w| w != sec.name) {
            continue;
        }
        let mut notes = Annotations::default();
        if let (Some(btf), Some(ext)) = (&btf, &ext) {
            notes.add_btf_ext(btf, ext, sec.name, cfg);
        }
        if cfg.relocs {
            notes.add_relocs(&file, &symbols, sec);
        }
        write_annotated(out, sec, obj.endian, cfg, &notes, &mut lines).map_err(fmt_err)?;
    }
    Ok(())
}

fn btf_err(offset: Option<u64>, kind: ErrorKind, section_at: u64) -> Error {
    match offset {
        Some(o) => Error::at(kind, section_at.saturating_add(o)),
        None => Error::new(kind),
    }
}

/// What `-r`, `-l` and `-S` print around the instructions of one section.
#[derive(Debug, Default)]
struct Annotations<'a> {
    /// ELF relocations: byte offset in the section, type and symbol name,
    /// sorted by offset.
    relocs: Vec<(u64, elf::RelocType, &'a str)>,
    /// CO-RE relocations by instruction byte offset, in llvm's wording.
    core: Vec<(u64, String)>,
    /// line_info by instruction byte offset: file, line, source text.
    lines: Vec<(u64, &'a str, u32, &'a str)>,
}

/// The line printed last (llvm-objdump's `OldLineInfo`): a line is shown
/// again only after an instruction without line info or another line.
#[derive(Debug, Default)]
struct LineState<'a> {
    last: Option<(&'a str, u32)>,
}

impl<'a> Annotations<'a> {
    fn add_btf_ext(&mut self, btf: &Btf<'a>, ext: &BtfExt<'a>, section: &str, cfg: &ObjdumpConfig<'_>) {
        let of_section = |subs: bpfkit_btf::ext::Subsection<'a>| {
            subs.sections().find(|g| btf.str(g.sec_name_off).is_ok_and(|n| n == section))
        };
        if (cfg.source || cfg.line_numbers)
            && let Some(g) = of_section(ext.line_info())
        {
            self.lines = g
                .line_infos()
                .map(|l: LineInfo| {
                    let file = btf.str(l.file_name_off).unwrap_or("");
                    let text = btf.str(l.line_off).unwrap_or("");
                    (u64::from(l.insn_off), file, l.line(), text)
                })
                .collect();
            self.lines.sort_by_key(|l| l.0);
        }
        if cfg.relocs
            && let Some(g) = of_section(ext.core_relo())
        {
            self.core = g.core_relos().map(|r| (u64::from(r.insn_off), core_text(btf, &r))).collect();
            self.core.sort_by_key(|r| r.0);
        }
    }

    fn add_relocs(&mut self, file: &ElfFile<'a>, symbols: &[Symbol<'a>], sec: &TextSection<'a>) {
        for rs in file.sections().iter().skip(1) {
            if rs.sh_type != elf::SHT_REL || rs.info as usize != sec.index.index() {
                continue;
            }
            let entries = RawRelocs { rest: rs.data, endian: file.header().endian };
            for r in entries {
                let name = symbols.get(r.symbol.0 as usize).map_or("", |sym| {
                    if sym.kind == elf::STT_SECTION
                        && let SymbolSection::Section(i) = sym.section
                        && let Some(s) = file.sections().get(i.index())
                    {
                        return s.name;
                    }
                    sym.name
                });
                self.relocs.push((r.offset, r.kind, name));
            }
        }
        self.relocs.sort_by_key(|r| r.0);
    }

    fn first_at<T>(list: &[(u64, T)], off: u64) -> Option<&T> {
        let i = list.partition_point(|e| e.0 < off);
        list.get(i).filter(|e| e.0 == off).map(|e| &e.1)
    }

    fn line_at(&self, off: u64) -> Option<(&'a str, u32, &'a str)> {
        let i = self.lines.partition_point(|e| e.0 < off);
        self.lines.get(i).filter(|e| e.0 == off).map(|e| (e.1, e.2, e.3))
    }
}

/// Writes one section: header, labels and instructions.
pub fn write_section<W: Write + ?Sized>(
    out: &mut W,
    sec: &TextSection<'_>,
    endian: Endian,
    cfg: &ObjdumpConfig<'_>,
) -> fmt::Result {
    write_annotated(out, sec, endian, cfg, &Annotations::default(), &mut LineState::default())
}

/// The number of leading zero bytes llvm-objdump shows as `...`: none
/// below 8, else rounded down to a multiple of 4.
fn skippable_zeros(bytes: &[u8]) -> usize {
    let n = bytes.iter().take_while(|&&b| b == 0).count();
    if n < 8 { 0 } else { n & !3 }
}

fn write_annotated<'a, W: Write + ?Sized>(
    out: &mut W,
    sec: &TextSection<'_>,
    endian: Endian,
    cfg: &ObjdumpConfig<'_>,
    notes: &Annotations<'a>,
    lines: &mut LineState<'a>,
) -> fmt::Result {
    let data = sec.data;
    let start_address = cfg.start_address.unwrap_or(0);
    let stop_address = cfg.stop_address.unwrap_or(u64::MAX);
    let sec_end = sec.addr.saturating_add(data.len() as u64);
    let headers: Vec<&Label<'_>> = sec.labels.headers().collect();
    let mut printed_section = false;
    let mut rel = 0usize;
    // Like llvm-objdump, each symbol is disassembled from its address to the
    // next symbol's (or the section end, or --stop-address).
    for (i, label) in headers.iter().enumerate() {
        let mut end = sec_end.min(stop_address);
        if let Some(next) = headers.get(i + 1) {
            end = end.min(next.addr);
        }
        if label.addr >= end || end <= start_address || label.addr < sec.addr {
            continue;
        }
        if !printed_section {
            printed_section = true;
            write!(out, "\nDisassembly of section {}:\n", sec.name)?;
        }
        write!(out, "\n{:016x} <{}>:\n", label.addr, label.name)?;
        let end = (end - sec.addr) as usize;
        let mut pos = (label.addr - sec.addr) as usize;
        if sec.addr < start_address {
            pos = pos.max(usize::try_from(start_address - sec.addr).unwrap_or(usize::MAX));
        }
        while notes.relocs.get(rel).is_some_and(|r| r.0 < pos as u64) {
            rel += 1;
        }
        while pos < end {
            let mut max = end - pos;
            if let Some(r) = notes.relocs.get(rel) {
                max = max.min(usize::try_from(r.0.saturating_sub(pos as u64)).unwrap_or(usize::MAX));
            }
            let zeros = skippable_zeros(&data[pos..pos + max]);
            if zeros > 0 {
                out.write_str("\t\t...\n")?;
                pos += zeros;
                continue;
            }
            let off = pos as u64;
            let addr = sec.addr.wrapping_add(off);
            let info = if cfg.source || cfg.line_numbers { notes.line_at(off) } else { None };
            if let Some((file, line, text)) = info
                && line != 0
                && lines.last != Some((file, line))
            {
                if cfg.line_numbers {
                    writeln!(out, "; {file}:{line}")?;
                }
                if cfg.source && !text.is_empty() {
                    writeln!(out, "; {text}")?;
                }
            }
            lines.last = info.map(|(f, l, _)| (f, l));
            let len = write_insn_line(out, sec, endian, cfg, pos, addr)?;
            if cfg.relocs {
                if let Some(text) = Annotations::first_at(&notes.core, off) {
                    writeln!(out, "\t\t{addr:016x}:  CO-RE {text}")?;
                }
                while let Some(&(r_off, kind, name)) = notes.relocs.get(rel) {
                    if r_off >= off + len as u64 {
                        break;
                    }
                    if r_off >= off {
                        writeln!(out, "\t\t{:016x}:  {kind}\t{name}", sec.addr.wrapping_add(r_off))?;
                    }
                    rel += 1;
                }
            }
            pos += len;
        }
    }
    Ok(())
}

/// Writes the line of the instruction at byte `pos`; returns its length.
fn write_insn_line<W: Write + ?Sized>(
    out: &mut W,
    sec: &TextSection<'_>,
    ie: Endian,
    cfg: &ObjdumpConfig<'_>,
    pos: usize,
    addr: u64,
) -> core::result::Result<usize, fmt::Error> {
    let rest = &sec.data[pos..];
    // llvm-objdump's resynchronisation: fewer than 8 bytes, or an
    // ld_imm64 opcode with fewer than 16, is one unknown byte.
    let (len, insn) = match RawInsn::read(rest, ie) {
        Some(first) if first.code != Opcode::LD_IMM64 || rest.len() >= 16 => {
            let second = if first.code == Opcode::LD_IMM64 { RawInsn::read(&rest[8..], ie) } else { None };
            let insn = Insn::decode(first, second);
            (insn.byte_len(), Some(insn))
        }
        _ => (1, None),
    };
    let bytes = &rest[..len];
    write!(out, "{:>8}:\t", addr / 8)?;
    if cfg.raw_bytes {
        write_bytes(out, bytes)?;
        out.write_char('\t')?;
    }
    match insn {
        Some(insn) => {
            write_insn(out, &insn, &cfg.display)?;
            if !matches!(insn, Insn::CallLocal { .. })
                && let Some(off) = insn.branch_offset()
            {
                let target = addr.wrapping_add(8).wrapping_add((i64::from(off) as u64).wrapping_mul(8));
                if let Some(l) = sec.labels.lookup(target) {
                    write!(out, " <{}", l.name)?;
                    let d = target.wrapping_sub(l.addr);
                    if d != 0 {
                        out.write_char('+')?;
                        write_hex(out, d)?;
                    }
                    out.write_char('>')?;
                }
            }
        }
        None => out.write_str("<unknown>")?,
    }
    out.write_char('\n')?;
    Ok(len)
}

/// A CO-RE relocation in the words of llvm-objdump 22 (`BTFParser::symbolize`):
/// `<kind> [id] struct name::member.member (0:1:2)`, `<kind> [id] enum
/// name::VALUE = 1`, `<kind> [id] struct name`, or, when the record does
/// not fit the BTF, `<kind> [id] 'access' <what is wrong>`.
pub fn core_text<'a>(btf: &Btf<'a>, relo: &CoreRelo) -> String {
    let spec = btf.str(relo.access_str_off).unwrap_or("");
    let mut s = String::new();
    let kind = relo.kind;
    let kind_name = match kind.0 {
        0..=12 => kind.name().to_string(),
        n => format!("reloc kind #{n}"),
    };
    let fail = |msg: String| format!("<{kind_name}> [{}] '{spec}' <{msg}>", relo.type_id.0);
    let mut raw = Vec::new();
    // llvm accepts one trailing ':' after a number ("0:").
    let body = spec.strip_suffix(':').filter(|b| !b.is_empty() && !b.ends_with(':')).unwrap_or(spec);
    if !body.is_empty() {
        for part in body.split(':') {
            match part.parse::<u32>() {
                Ok(v) if !part.starts_with('+') => raw.push(v),
                _ => {
                    let bad = part.chars().find(|c| !c.is_ascii_digit());
                    return match (part.is_empty() || !part.starts_with(|c: char| c.is_ascii_digit()), bad) {
                        (true, _) | (_, None) => fail("spec string is not a number".into()),
                        (false, Some(c)) => fail(format!("unexpected spec string delimiter: '{c}'")),
                    };
                }
            }
        }
    }
    let _ = write!(s, "<{kind_name}>");
    let mut cur = relo.type_id;
    let Some(mut ty) = btf.get(cur) else { return fail(format!("unknown type id: {}", cur.0)) };
    let _ = write!(s, " [{}]", cur.0);
    let mut chain = 0;
    while ty.is_modifier() {
        if chain >= 32 {
            return fail("modifiers chain is too long".into());
        }
        chain += 1;
        match ty.kind() {
            BtfKind::CONST => s.push_str(" const"),
            BtfKind::VOLATILE => s.push_str(" volatile"),
            BtfKind::RESTRICT => s.push_str(" restrict"),
            _ => {
                let _ = write!(s, " type_tag(\"{}\")", btf.name(&ty));
            }
        }
        cur = ty.type_id();
        match btf.get(cur) {
            Some(t) => ty = t,
            None => return fail(format!("unknown type id: {} in modifiers chain", cur.0)),
        }
    }
    if cur.0 == 0 {
        s.push_str(" void");
    } else {
        match ty.kind() {
            BtfKind::TYPEDEF => s.push_str(" typedef"),
            BtfKind::STRUCT => s.push_str(" struct"),
            BtfKind::UNION => s.push_str(" union"),
            BtfKind::ENUM | BtfKind::ENUM64 => s.push_str(" enum"),
            BtfKind::FWD if ty.fwd_is_union() => s.push_str(" fwd union"),
            BtfKind::FWD => s.push_str(" fwd struct"),
            _ => {}
        }
        s.push(' ');
        name_or_anon(&mut s, btf.name(&ty), cur.0);
    }
    let skip = |t| skip_mods_and_typedefs(btf, t);
    if kind.is_type() {
        if raw != [0] {
            return fail("unexpected type-based relocation spec: should be '0'".into());
        }
        return s;
    }
    s.push_str("::");
    if kind.is_enumval() {
        let ty = skip(ty);
        let [idx] = raw[..] else { return fail("unexpected enumval relocation spec size".into()) };
        let (name_off, value) = match ty.kind() {
            BtfKind::ENUM | BtfKind::ENUM64 => match ty.enumerators().nth(idx as usize) {
                Some(e) if ty.kind() == BtfKind::ENUM => (e.name_off, e.value as u32 as i32 as i64 as u64),
                Some(e) => (e.name_off, e.value),
                None => return fail(format!("bad value index: {idx}")),
            },
            k => return fail(format!("unexpected type kind for enum relocation: {}", k.0)),
        };
        name_or_anon(&mut s, btf.str(name_off).unwrap_or(""), idx);
        if ty.enum_is_signed() {
            let _ = write!(s, " = {}", value as i64);
        } else {
            let _ = write!(s, " = {value}");
        }
        return s;
    }
    if !kind.is_field() {
        return fail(format!("unknown relocation kind: {}", kind.0));
    }
    let Some(&first) = raw.first() else { return fail("field spec too short".into()) };
    if first != 0 {
        let _ = write!(s, "[{first}]");
    }
    for (i, &idx) in raw.iter().enumerate().skip(1) {
        ty = skip(ty);
        match ty.kind() {
            BtfKind::STRUCT | BtfKind::UNION => {
                let Some(m) = ty.members().nth(idx as usize) else {
                    return fail(format!("member index {idx} for spec sub-string {i} is out of range"));
                };
                if i != 1 || first != 0 {
                    s.push('.');
                }
                name_or_anon(&mut s, btf.str(m.name_off).unwrap_or(""), idx);
                match btf.get(m.type_id) {
                    Some(t) => ty = t,
                    None => {
                        return fail(format!("unknown member type id {} for spec sub-string {i}", m.type_id.0));
                    }
                }
            }
            BtfKind::ARRAY => {
                let _ = write!(s, "[{idx}]");
                let elem = ty.array().map_or(TypeId(u32::MAX), |a| a.elem);
                match btf.get(elem) {
                    Some(t) => ty = t,
                    None => return fail(format!("unknown element type id {} for spec sub-string {i}", elem.0)),
                }
            }
            k => return fail(format!("unexpected type kind {} for spec sub-string {i}", k.0)),
        }
    }
    let _ = write!(s, " ({spec})");
    s
}

/// The type below modifiers and typedefs (at most 64 steps, like a
/// bounded walk must be).
fn skip_mods_and_typedefs<'a>(btf: &Btf<'a>, mut t: bpfkit_btf::Type<'a>) -> bpfkit_btf::Type<'a> {
    for _ in 0..64 {
        if !(t.is_modifier() || t.kind() == BtfKind::TYPEDEF) {
            break;
        }
        match btf.get(t.type_id()) {
            Some(b) => t = b,
            None => break,
        }
    }
    t
}

fn name_or_anon(s: &mut String, name: &str, idx: u32) {
    if name.is_empty() {
        let _ = write!(s, "<anon {idx}>");
    } else {
        s.push_str(name);
    }
}

fn write_bytes<W: Write + ?Sized>(out: &mut W, bytes: &[u8]) -> fmt::Result {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut buf = [0u8; 48];
    let mut n = 0;
    for (i, b) in bytes.iter().take(16).enumerate() {
        if i > 0 {
            buf[n] = b' ';
            n += 1;
        }
        buf[n] = HEX[usize::from(b >> 4)];
        buf[n + 1] = HEX[usize::from(b & 0xf)];
        n += 2;
    }
    out.write_str(std::str::from_utf8(&buf[..n]).unwrap_or(""))
}
