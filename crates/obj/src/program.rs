//! Programs: the function symbols of code sections.

use crate::ids::{ProgramIndex, SectionIndex, SymbolIndex};
use crate::section_def::{AttachType, ProgSection, ProgType};
use bpfkit_insn::{Endian, Insn};
use core::ops::Range;

/// Size of one instruction slot.
pub const INSN_SIZE: u64 = 8;

/// A program or subprogram: one `STT_FUNC` symbol in a code section.
///
/// Entry programs live in their own `SEC("...")` sections; functions in
/// `.text` are subprograms, appended to the entry programs that call them
/// (see [`Object::loaded_layout`](crate::Object::loaded_layout)).
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
