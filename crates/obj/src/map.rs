//! Maps: BTF-defined maps in `.maps`, legacy `maps` definitions, the
//! internal maps libbpf creates for global data and `.kconfig`, and
//! `struct_ops` maps.

use crate::data::DataKind;
use crate::elf::{self, Symbol};
use crate::error::{Error, ErrorKind, Result};
use crate::ids::{DataIndex, MapIndex, ProgramIndex, SectionIndex, SymbolIndex};
use crate::object::{Object, sec_err};
use crate::section_def::MapType;
use bpfkit_btf::TypeId;
use bpfkit_btf::{Btf, BtfKind, Linkage};

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
#[non_exhaustive]
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
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MapSlot {
    /// The array index (map-in-map, prog array) or member index (struct_ops).
    pub index: u32,
    /// What it points to.
    pub target: SlotTarget,
}

/// One map.
#[non_exhaustive]
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

/// Name of the section with BTF-defined maps.
pub const MAPS_SEC: &str = ".maps";
/// Name of the legacy map definition section.
pub const LEGACY_MAPS_SEC: &str = "maps";

fn map_err(name: &str, what: impl Into<String>) -> Error {
    Error::new(ErrorKind::Map { name: name.into(), what: what.into() })
}

pub(crate) fn is_struct_ops_sec(name: &str) -> bool {
    matches!(name, ".struct_ops" | ".struct_ops.link" | "?.struct_ops" | "?.struct_ops.link")
}

impl<'data> Object<'data> {
    /// Maps in libbpf's order: BTF-defined, legacy, global data, `.kconfig`, struct_ops.
    pub fn maps(&self) -> &[Map<'data>] {
        &self.maps
    }
    /// One map.
    pub fn map(&self, index: MapIndex) -> Option<&Map<'data>> {
        self.maps.get(index.index())
    }

    pub(crate) fn collect_maps(&mut self) -> Result<()> {
        let mut maps: Vec<Map<'data>> = Vec::new();
        if let Some(ms) = self.maps_section {
            self.collect_btf_maps(ms, &mut maps)?;
        }
        if let Some(ls) = self.legacy_maps_section {
            self.collect_legacy_maps(ls, &mut maps)?;
        }
        for (i, d) in self.data_sections.iter_mut().enumerate() {
            if d.size == 0 || d.kind == DataKind::Arena {
                continue;
            }
            let mut flags = if d.kind == DataKind::Rodata { BPF_F_RDONLY_PROG } else { 0 };
            if d.vars.iter().any(|v| v.global) {
                flags |= BPF_F_MMAPABLE;
            }
            let idx = MapIndex(maps.len() as u32);
            d.map = Some(idx);
            maps.push(Map {
                index: idx,
                name: d.name,
                kind: MapKind::Data(DataIndex(i as u32)),
                section: Some(d.section),
                offset: 0,
                size: 0,
                symbol: None,
                btf_var: None,
                def: MapDef {
                    map_type: MapType::ARRAY,
                    key_size: 4,
                    value_size: d.size.min(u64::from(u32::MAX)) as u32,
                    max_entries: 1,
                    map_flags: flags,
                    value_type: d.btf_type,
                    ..MapDef::default()
                },
                inner: None,
                init: Vec::new(),
            });
        }
        let kcfg = self.kconfig_size();
        if kcfg > 0 {
            maps.push(Map {
                index: MapIndex(maps.len() as u32),
                name: ".kconfig",
                kind: MapKind::Kconfig,
                section: None,
                offset: 0,
                size: 0,
                symbol: None,
                btf_var: None,
                def: MapDef {
                    map_type: MapType::ARRAY,
                    key_size: 4,
                    value_size: kcfg,
                    max_entries: 1,
                    map_flags: BPF_F_RDONLY_PROG | BPF_F_MMAPABLE,
                    value_type: self.datasec(".kconfig"),
                    ..MapDef::default()
                },
                inner: None,
                init: Vec::new(),
            });
        }
        let st_secs: Vec<SectionIndex> =
            self.sections.iter().filter(|s| is_struct_ops_sec(s.name) && s.size > 0).map(|s| s.index).collect();
        for si in st_secs {
            self.collect_struct_ops_maps(si, &mut maps)?;
        }
        self.maps = maps;
        Ok(())
    }

    pub(crate) fn collect_btf_maps(&self, ms: SectionIndex, maps: &mut Vec<Map<'data>>) -> Result<()> {
        let sec = &self.sections[ms.index()];
        let btf =
            self.btf.as_ref().ok_or(Error::at(ErrorKind::Missing(".BTF (required by .maps)"), sec.file_offset))?;
        let ds_id =
            self.datasec(MAPS_SEC).ok_or(Error::at(ErrorKind::Missing("DATASEC '.maps' in .BTF"), sec.file_offset))?;
        let ds = btf.type_by_id(ds_id).map_err(|e| Error::new(ErrorKind::Btf(e)))?;
        let _ = ds;
        for (vi, v) in self.fixed_datasec(ds_id, ms)?.into_iter().enumerate() {
            let var = btf.get(v.var).ok_or_else(|| map_err(&format!("#{vi}"), "VAR type not found"))?;
            let name = v.name;
            if name.is_empty() {
                return Err(map_err(&format!("#{vi}"), "empty name"));
            }
            if v.offset.saturating_add(v.size) > sec.size {
                return Err(map_err(name, "BTF data is corrupted (definition runs past the .maps section)"));
            }
            if var.var_linkage() != Some(Linkage::GLOBAL) || !v.global {
                return Err(map_err(name, "unsupported map linkage (must be global, not hidden)"));
            }
            let def_t = btf.skip_mods_and_typedefs(var.type_id()).map_err(|e| map_err(name, e.to_string()))?;
            if def_t.kind() != BtfKind::STRUCT {
                return Err(map_err(name, format!("unexpected def kind {}", def_t.kind())));
            }
            if u64::from(def_t.size()) > v.size {
                return Err(map_err(name, "invalid def size"));
            }
            let mut inner = None;
            let def = parse_btf_map_def(btf, name, def_t, Some(&mut inner))?;
            maps.push(Map {
                index: MapIndex(maps.len() as u32),
                name,
                kind: MapKind::Btf,
                section: Some(ms),
                offset: v.offset,
                size: v.size,
                symbol: v.symbol,
                btf_var: Some(v.var),
                def,
                inner,
                init: Vec::new(),
            });
        }
        Ok(())
    }

    pub(crate) fn collect_legacy_maps(&self, ls: SectionIndex, maps: &mut Vec<Map<'data>>) -> Result<()> {
        let sec = &self.sections[ls.index()];
        let mut syms: Vec<&Symbol<'data>> = self
            .symbols
            .iter()
            .filter(|s| {
                s.section_index() == Some(ls)
                    && (s.kind == elf::STT_OBJECT || s.kind == elf::STT_NOTYPE)
                    && !s.name.is_empty()
            })
            .collect();
        syms.sort_by_key(|s| s.value);
        for s in syms {
            let name = s.name;
            let start = s.value;
            let size = if s.size > 0 { s.size } else { 20 };
            let end = start.checked_add(size).filter(|&e| e <= sec.data.len() as u64);
            let Some(end) = end else {
                return Err(map_err(name, "legacy definition runs past the 'maps' section"));
            };
            if size < 20 {
                return Err(map_err(name, format!("legacy definition is {size} bytes, less than 20")));
            }
            let b = &sec.data[start as usize..end as usize];
            if b[20..].iter().any(|&x| x != 0) {
                return Err(map_err(name, "legacy definition has unknown non-zero fields after map_flags"));
            }
            let w = |i: usize| self.endian.read_u32(b, i * 4).unwrap_or(0);
            maps.push(Map {
                index: MapIndex(maps.len() as u32),
                name,
                kind: MapKind::Legacy,
                section: Some(ls),
                offset: start,
                size,
                symbol: Some(s.index),
                btf_var: None,
                def: MapDef {
                    map_type: MapType(w(0)),
                    key_size: w(1),
                    value_size: w(2),
                    max_entries: w(3),
                    map_flags: w(4),
                    ..MapDef::default()
                },
                inner: None,
                init: Vec::new(),
            });
        }
        Ok(())
    }

    pub(crate) fn collect_struct_ops_maps(&self, si: SectionIndex, maps: &mut Vec<Map<'data>>) -> Result<()> {
        let sec = &self.sections[si.index()];
        let btf =
            self.btf.as_ref().ok_or(Error::at(ErrorKind::Missing(".BTF (required by struct_ops)"), sec.file_offset))?;
        let ds_name = sec.name.trim_start_matches('?');
        let ds_id = self
            .datasec(sec.name)
            .or_else(|| self.datasec(ds_name))
            .ok_or_else(|| sec_err(sec, format!("no DATASEC for struct_ops section '{}'", sec.name)))?;
        let ds = btf.type_by_id(ds_id).map_err(|e| Error::new(ErrorKind::Btf(e)))?;
        let link = ds_name.ends_with(".link");
        let _ = ds;
        for v in self.fixed_datasec(ds_id, si)? {
            let var = btf.get(v.var).ok_or_else(|| sec_err(sec, "struct_ops VAR not found"))?;
            let name = v.name;
            let st = btf.skip_mods_and_typedefs(var.type_id()).map_err(|e| map_err(name, e.to_string()))?;
            if st.kind() != BtfKind::STRUCT {
                return Err(map_err(name, "struct_ops variable is not a struct"));
            }
            if v.offset.saturating_add(v.size) > sec.size {
                return Err(map_err(name, "struct_ops variable runs past its section"));
            }
            maps.push(Map {
                index: MapIndex(maps.len() as u32),
                name,
                kind: MapKind::StructOps,
                section: Some(si),
                offset: v.offset,
                size: v.size,
                symbol: v.symbol,
                btf_var: Some(v.var),
                def: MapDef {
                    map_type: MapType::STRUCT_OPS,
                    key_size: 4,
                    value_size: st.size(),
                    max_entries: 1,
                    map_flags: if link { BPF_F_LINK } else { 0 },
                    value_type: Some(st.id()),
                    ..MapDef::default()
                },
                inner: None,
                init: Vec::new(),
            });
        }
        Ok(())
    }

    pub(crate) fn map_slot(&self, off: u64, sym_name: &str) -> core::result::Result<(MapIndex, u32), String> {
        let btf = self.btf.as_ref().ok_or("no .BTF")?;
        let m = self
            .maps
            .iter()
            .find(|m| m.kind == MapKind::Btf && m.offset <= off && off.saturating_add(8) <= m.offset + m.size)
            .ok_or_else(|| format!("no map definition at .maps offset {off} (for '{sym_name}')"))?;
        let var = m.btf_var.and_then(|v| btf.get(v)).ok_or("map VAR missing")?;
        let def = btf.skip_mods_and_typedefs(var.type_id()).map_err(|e| e.to_string())?;
        let last = def.members().last().ok_or("map definition has no members")?;
        if btf.str(last.name_off).ok() != Some("values") {
            return Err(format!("map '{}' has initial values but no trailing 'values' member", m.name));
        }
        let moff = u64::from(last.bit_offset / 8);
        let rel = off - m.offset;
        if rel < moff || !(rel - moff).is_multiple_of(8) {
            return Err(format!("initial value of map '{}' at a bad offset {rel}", m.name));
        }
        let slot = (rel - moff) / 8;
        if slot >= u64::from(m.def.max_entries) {
            return Err(format!(
                "initial value slot {slot} of map '{}' is beyond max_entries {}",
                m.name, m.def.max_entries
            ));
        }
        Ok((m.index, slot as u32))
    }

    pub(crate) fn struct_ops_member(
        &self,
        ts: SectionIndex,
        off: u64,
    ) -> core::result::Result<(MapIndex, u32), String> {
        let btf = self.btf.as_ref().ok_or("no .BTF")?;
        let m = self
            .maps
            .iter()
            .find(|m| {
                m.kind == MapKind::StructOps && m.section == Some(ts) && m.offset <= off && off < m.offset + m.size
            })
            .ok_or_else(|| format!("no struct_ops variable at offset {off}"))?;
        let st = m.def.value_type.and_then(|t| btf.get(t)).ok_or("struct_ops type missing")?;
        let rel = off - m.offset;
        let idx = st
            .members()
            .position(|mb| u64::from(mb.bit_offset) == rel * 8)
            .ok_or_else(|| format!("struct_ops '{}': no member at offset {rel}", m.name))?;
        Ok((m.index, idx as u32))
    }
}

/// Reads a `__uint(name, N)` field: a pointer to an array of N elements.
fn map_field_int(btf: &Btf<'_>, map: &str, field: &str, ty: TypeId) -> Result<u32> {
    let t = btf.skip_mods_and_typedefs(ty).map_err(|e| map_err(map, format!("attr '{field}': {e}")))?;
    if t.kind() != BtfKind::PTR {
        return Err(map_err(map, format!("attr '{field}': expected PTR, got {}", t.kind())));
    }
    let a = btf
        .get(t.type_id())
        .ok_or_else(|| map_err(map, format!("attr '{field}': type [{}] not found", t.type_id().0)))?;
    let info = a.array().ok_or_else(|| map_err(map, format!("attr '{field}': expected ARRAY, got {}", a.kind())))?;
    Ok(info.nelems)
}

/// Reads a `__ulong(name, N)` field: an enum with one enumerator N, or a `__uint`.
fn map_field_long(btf: &Btf<'_>, map: &str, field: &str, ty: TypeId) -> Result<u64> {
    let t = btf.skip_mods_and_typedefs(ty).map_err(|e| map_err(map, format!("attr '{field}': {e}")))?;
    if t.kind() == BtfKind::PTR {
        return map_field_int(btf, map, field, ty).map(u64::from);
    }
    if t.kind() != BtfKind::ENUM && t.kind() != BtfKind::ENUM64 {
        return Err(map_err(map, format!("attr '{field}': expected ENUM or ENUM64, got {}", t.kind())));
    }
    if t.vlen() != 1 {
        return Err(map_err(map, format!("attr '{field}': invalid __ulong")));
    }
    let e = t.enumerators().next().ok_or_else(|| map_err(map, "enumerator missing"))?;
    Ok(if t.kind() == BtfKind::ENUM { e.value & 0xffff_ffff } else { e.value })
}

/// Parses the BTF map definition struct `def` of map `name` as libbpf's
/// strict `parse_btf_map_def` does (what the static linker compares):
/// the definition and, for a map-in-map, the inner map's.
pub fn parse_map_def(btf: &Btf<'_>, name: &str, def: TypeId) -> Result<(MapDef, Option<MapDef>)> {
    let t = btf.skip_mods_and_typedefs(def).map_err(|e| map_err(name, e.to_string()))?;
    let mut inner = None;
    let d = parse_btf_map_def(btf, name, t, Some(&mut inner))?;
    Ok((d, inner))
}

/// libbpf's `parse_btf_map_def` (strict mode: unknown fields are errors).
/// `inner` is `Some` for outer maps and receives the inner definition.
fn parse_btf_map_def(
    btf: &Btf<'_>,
    name: &str,
    def_t: bpfkit_btf::Type<'_>,
    mut inner: Option<&mut Option<MapDef>>,
) -> Result<MapDef> {
    let mut d = MapDef::default();
    let vlen = def_t.vlen();
    for (i, m) in def_t.members().enumerate() {
        let field = btf.str(m.name_off).map_err(|_| map_err(name, format!("invalid field #{i}")))?;
        let int = |f: &str| map_field_int(btf, name, f, m.type_id);
        let sized = |f: &str, prev: u32| -> Result<(u32, TypeId)> {
            let p = btf.get(m.type_id).ok_or_else(|| map_err(name, format!("{f} type [{}] not found", m.type_id.0)))?;
            if p.kind() != BtfKind::PTR {
                return Err(map_err(name, format!("{f} spec is not PTR: {}", p.kind())));
            }
            let sz = btf
                .resolve_size(p.type_id())
                .map_err(|e| map_err(name, format!("can't determine {f} size for type [{}]: {e}", p.type_id().0)))?;
            let sz = u32::try_from(sz).map_err(|_| map_err(name, format!("{f} size {sz} too large")))?;
            if prev != 0 && prev != sz {
                return Err(map_err(name, format!("conflicting {f} size {prev} != {sz}")));
            }
            Ok((sz, p.type_id()))
        };
        match field {
            "type" => d.map_type = MapType(int(field)?),
            "max_entries" => d.max_entries = int(field)?,
            "map_flags" => d.map_flags = int(field)?,
            "numa_node" => d.numa_node = int(field)?,
            "key_size" => {
                let sz = int(field)?;
                if d.key_size != 0 && d.key_size != sz {
                    return Err(map_err(name, format!("conflicting key size {} != {sz}", d.key_size)));
                }
                d.key_size = sz;
            }
            "value_size" => {
                let sz = int(field)?;
                if d.value_size != 0 && d.value_size != sz {
                    return Err(map_err(name, format!("conflicting value size {} != {sz}", d.value_size)));
                }
                d.value_size = sz;
            }
            "key" => {
                let (sz, t) = sized("key", d.key_size)?;
                d.key_size = sz;
                d.key_type = Some(t);
            }
            "value" => {
                let (sz, t) = sized("value", d.value_size)?;
                d.value_size = sz;
                d.value_type = Some(t);
            }
            "values" => {
                let in_map = d.map_type == MapType::ARRAY_OF_MAPS || d.map_type == MapType::HASH_OF_MAPS;
                let prog_array = d.map_type == MapType::PROG_ARRAY;
                let Some(inner_slot) = inner.as_deref_mut() else {
                    return Err(map_err(name, "multi-level inner maps not supported"));
                };
                if i as u32 != vlen - 1 {
                    return Err(map_err(name, "'values' member should be last"));
                }
                if !in_map && !prog_array {
                    return Err(map_err(name, "'values' needs a map-in-map or prog-array"));
                }
                if d.value_size != 0 && d.value_size != 4 {
                    return Err(map_err(name, format!("conflicting value size {} != 4", d.value_size)));
                }
                d.value_size = 4;
                let a = btf.get(m.type_id).ok_or_else(|| map_err(name, "values type not found"))?;
                let info = a.array().filter(|a| a.nelems == 0);
                let Some(info) = info else {
                    return Err(map_err(name, "'values' spec is not a zero-sized array"));
                };
                let p = btf.skip_mods_and_typedefs(info.elem).map_err(|e| map_err(name, e.to_string()))?;
                if p.kind() != BtfKind::PTR {
                    return Err(map_err(name, format!("'values' element is of unexpected kind {}", p.kind())));
                }
                let pt = btf.skip_mods_and_typedefs(p.type_id()).map_err(|e| map_err(name, e.to_string()))?;
                if prog_array {
                    if pt.kind() != BtfKind::FUNC_PROTO {
                        return Err(map_err(name, format!("prog-array value def is of unexpected kind {}", pt.kind())));
                    }
                    continue;
                }
                if pt.kind() != BtfKind::STRUCT {
                    return Err(map_err(name, format!("map-in-map inner def is of unexpected kind {}", pt.kind())));
                }
                let inner_name = format!("{name}.inner");
                *inner_slot = Some(parse_btf_map_def(btf, &inner_name, pt, None)?);
            }
            "pinning" => {
                if inner.is_none() {
                    return Err(map_err(name, "inner def can't be pinned"));
                }
                let v = int(field)?;
                if v != Pinning::NONE.0 && v != Pinning::BY_NAME.0 {
                    return Err(map_err(name, format!("invalid pinning value {v}")));
                }
                d.pinning = Pinning(v);
            }
            "map_extra" => d.map_extra = map_field_long(btf, name, field, m.type_id)?,
            other => return Err(map_err(name, format!("unknown field '{other}'"))),
        }
    }
    if d.map_type == MapType::UNSPEC {
        return Err(map_err(name, "map type isn't specified"));
    }
    Ok(d)
}
