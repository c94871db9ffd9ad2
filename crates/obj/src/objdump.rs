//! `llvm-objdump -d` for a BPF ELF object.
//!
//! Reads the sections and symbols of the ELF file with [`crate::elf`] and
//! prints every executable section in the layout of `llvm-objdump -d` from
//! LLVM 22: section headers, symbol labels, the slot index column, optional
//! raw bytes, the instruction text (from `bpfkit-insn`) and `<sym+0xoff>`
//! annotations of jump targets.

use crate::elf::{self, ElfFile, SymbolSection};
use crate::error::{Error, ErrorKind, Result};
use bpfkit_btf::Endian;
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
    let fmt_err = |_: fmt::Error| Error::new(ErrorKind::Missing("room in the output (formatting failed)"));
    write!(out, "\n{file_name}:\tfile format elf64-bpf\n").map_err(fmt_err)?;
    for sec in &obj.sections {
        if cfg.section.is_some_and(|w| w != sec.name) {
            continue;
        }
        write_section(out, sec, obj.endian, cfg).map_err(fmt_err)?;
    }
    Ok(())
}

/// Writes one section: header, labels and instructions.
pub fn write_section<W: Write + ?Sized>(
    out: &mut W,
    sec: &TextSection<'_>,
    endian: Endian,
    cfg: &ObjdumpConfig<'_>,
) -> fmt::Result {
    let ie = endian;
    write!(out, "\nDisassembly of section {}:\n", sec.name)?;
    let data = sec.data;
    let mut headers = sec.labels.headers().peekable();
    let mut pos = 0usize;
    while pos < data.len() {
        let addr = sec.addr.wrapping_add(pos as u64);
        // Print every label header at or before this address that has not
        // been printed (labels inside an instruction print before it, like
        // llvm-objdump, which starts a new block at each symbol).
        while let Some(l) = headers.next_if(|l| l.addr <= addr) {
            write!(out, "\n{:016x} <{}>:\n", l.addr, l.name)?;
        }
        let rest = &data[pos..];
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
        pos += len;
    }
    Ok(())
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
