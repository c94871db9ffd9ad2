//! Global data sections: `.data*`, `.rodata*`, `.bss*` and the arena.

use crate::ids::{MapIndex, SectionIndex};
use bpfkit_btf::TypeId;

/// Which kind of global data a section holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DataKind {
    /// `.data`, `.data.*`: initialized, writable.
    Data,
    /// `.rodata`, `.rodata.*`: read-only for programs.
    Rodata,
    /// `.bss`, `.bss.*`: zero-initialized.
    Bss,
    /// `.addr_space.1`: `__arena` globals, backed by the ARENA map.
    Arena,
}

impl DataKind {
    /// A short lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            DataKind::Data => "data",
            DataKind::Rodata => "rodata",
            DataKind::Bss => "bss",
            DataKind::Arena => "arena",
        }
    }
}

/// One global data section.
#[derive(Clone, Debug)]
pub struct DataSection<'data> {
    /// The ELF section.
    pub section: SectionIndex,
    /// The section name (`.data`, `.rodata.str1.1`, ...).
    pub name: &'data str,
    /// Data, rodata, bss or arena.
    pub kind: DataKind,
    /// The section size.
    pub size: u64,
    /// The initial bytes (empty for `.bss`).
    pub bytes: &'data [u8],
    /// The DATASEC type with the section's name, if BTF has one.
    pub btf_type: Option<TypeId>,
    /// The variables, by offset.
    pub vars: Vec<DataVar<'data>>,
    /// The internal map libbpf creates for it (none for empty sections and the arena).
    pub map: Option<MapIndex>,
}

/// A variable in a data section.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DataVar<'data> {
    /// Its name.
    pub name: &'data str,
    /// Offset in the section.
    pub offset: u64,
    /// Size in bytes.
    pub size: u64,
    /// The BTF VAR, if known.
    pub var: Option<TypeId>,
    /// The variable's type, if known.
    pub type_id: Option<TypeId>,
    /// Global (visible in the skeleton) rather than static.
    pub global: bool,
}
