//! Relocations, resolved to what they mean.

use crate::elf::RelocType;
use crate::ids::{DataIndex, ExternIndex, MapIndex, ProgramIndex, SectionIndex, SymbolIndex};

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

/// A call or callback reference from one program to a subprogram,
/// with or without a relocation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SubprogRef {
    /// The instruction index in the calling program.
    pub insn: usize,
    /// The called program.
    pub callee: ProgramIndex,
    /// Instruction index in the callee the reference lands on (0 for its entry).
    pub callee_insn: usize,
    /// `call` (true) or `ld_imm64` function address (false).
    pub is_call: bool,
}
