//! Maps: BTF-defined maps in `.maps`, legacy `maps` definitions, the
//! internal maps libbpf creates for global data and `.kconfig`, and
//! `struct_ops` maps.

use crate::ids::{DataIndex, MapIndex, ProgramIndex, SectionIndex, SymbolIndex};
use crate::section_def::MapType;
use bpfkit_btf::TypeId;

/// `BPF_F_RDONLY_PROG`, a map flag.
pub const BPF_F_RDONLY_PROG: u32 = 1 << 7;
/// `BPF_F_MMAPABLE`, a map flag.
pub const BPF_F_MMAPABLE: u32 = 1 << 10;
/// `BPF_F_LINK`, the map flag of `.struct_ops.link` maps.
pub const BPF_F_LINK: u32 = 1 << 13;

/// The `pinning` attribute of a BTF map (`LIBBPF_PIN_*`), kept open.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Pinning(pub u32);

impl Pinning {
    /// `LIBBPF_PIN_NONE`.
    pub const NONE: Pinning = Pinning(0);
    /// `LIBBPF_PIN_BY_NAME`.
    pub const BY_NAME: Pinning = Pinning(1);
}

/// Where a map comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MapKind {
    /// A BTF-defined map: a variable in `.maps`.
    Btf,
    /// A legacy `struct bpf_map_def` in the `maps` section (rejected by
    /// libbpf 1.0+, still read by cilium/ebpf and iproute2).
    Legacy,
    /// The internal array map of a global data section.
    Data(DataIndex),
    /// The internal `.kconfig` map holding the kconfig externs.
    Kconfig,
    /// A `struct_ops` map: a variable in `.struct_ops` or `.struct_ops.link`.
    StructOps,
}

impl MapKind {
    /// A short lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            MapKind::Btf => "btf",
            MapKind::Legacy => "legacy",
            MapKind::Data(_) => "data",
            MapKind::Kconfig => "kconfig",
            MapKind::StructOps => "struct_ops",
        }
    }
}

/// A map definition (`struct btf_map_def`): what the map will be created with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct MapDef {
    /// `type`.
    pub map_type: MapType,
    /// `key_size` (or the size of `key`'s type).
    pub key_size: u32,
    /// `value_size` (or the size of `value`'s type; 4 with `values`).
    pub value_size: u32,
    /// `max_entries`.
    pub max_entries: u32,
    /// `map_flags`.
    pub map_flags: u32,
    /// `numa_node`.
    pub numa_node: u32,
    /// `pinning`.
    pub pinning: Pinning,
    /// `map_extra`.
    pub map_extra: u64,
    /// The BTF type of `key`.
    pub key_type: Option<TypeId>,
    /// The BTF type of `value` (the DATASEC for internal maps, the struct for struct_ops).
    pub value_type: Option<TypeId>,
}

/// What an initial slot of a map-in-map or prog array points to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlotTarget {
    /// Another map (map-in-map).
    Map(MapIndex),
    /// A program (prog array, struct_ops function pointer).
    Program(ProgramIndex),
}

/// One initialized slot: `.values = { [1] = &x }` in a map-in-map or prog
/// array, or a function pointer member of a struct_ops map.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MapSlot {
    /// The array index (map-in-map, prog array) or member index (struct_ops).
    pub index: u32,
    /// What it points to.
    pub target: SlotTarget,
}

/// One map.
#[derive(Clone, Debug)]
pub struct Map<'data> {
    /// Its index.
    pub index: MapIndex,
    /// The name: the variable's (BTF, legacy, struct_ops), or the section's
    /// for internal maps (`.data`, `.rodata.str1.1`, `.kconfig`).
    pub name: &'data str,
    /// Where it comes from.
    pub kind: MapKind,
    /// The section holding the definition or data (`None` for `.kconfig`).
    pub section: Option<SectionIndex>,
    /// Offset of the definition in that section.
    pub offset: u64,
    /// Size of the definition in that section (0 for internal maps).
    pub size: u64,
    /// The symbol of the definition, if any.
    pub symbol: Option<SymbolIndex>,
    /// The BTF VAR of the definition (BTF-defined and struct_ops maps).
    pub btf_var: Option<TypeId>,
    /// The definition.
    pub def: MapDef,
    /// The inner map's definition (`__array(values, struct {...})` of a map-in-map).
    pub inner: Option<MapDef>,
    /// Initialized slots, by index.
    pub init: Vec<MapSlot>,
}

impl Map<'_> {
    /// The identifier bpftool's skeleton uses: the variable name, or for
    /// internal maps the section name without its leading dot, with
    /// characters other than letters, digits and `_` replaced by `_`.
    pub fn ident(&self) -> String {
        match self.kind {
            MapKind::Data(_) | MapKind::Kconfig => self
                .name
                .strip_prefix('.')
                .unwrap_or(self.name)
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' })
                .collect(),
            _ => self.name.to_string(),
        }
    }
    /// Whether libbpf treats it as internal (global data, `.kconfig`).
    pub fn is_internal(&self) -> bool {
        matches!(self.kind, MapKind::Data(_) | MapKind::Kconfig)
    }
}
