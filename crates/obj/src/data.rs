//! Global data sections: `.data*`, `.rodata*`, `.bss*` and the arena.

use crate::elf::{self, Section};
use crate::error::{Error, ErrorKind, Result};
use crate::ids::{DataIndex, SymbolIndex};
use crate::ids::{MapIndex, SectionIndex};
use crate::object::{Object, sec_err};
use bpfkit_btf::TypeId;
use bpfkit_btf::{BtfKind, Linkage};

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
#[non_exhaustive]
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
#[non_exhaustive]
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

/// Name of the arena globals section.
pub const ARENA_SEC: &str = ".addr_space.1";

/// A DATASEC variable after libbpf's fixups.
pub(crate) struct SecVar<'data> {
    pub(crate) var: TypeId,
    pub(crate) name: &'data str,
    pub(crate) offset: u64,
    pub(crate) size: u64,
    pub(crate) global: bool,
    pub(crate) symbol: Option<SymbolIndex>,
}

fn data_kind(sec: &Section<'_>) -> Option<DataKind> {
    let n = sec.name;
    let pfx = |p: &str| n == p || n.strip_prefix(p).is_some_and(|r| r.starts_with('.'));
    if sec.sh_type == elf::SHT_PROGBITS && !sec.is_code() {
        if pfx(".data") {
            return Some(DataKind::Data);
        }
        if pfx(".rodata") {
            return Some(DataKind::Rodata);
        }
        if n == ARENA_SEC {
            return Some(DataKind::Arena);
        }
    }
    if sec.sh_type == elf::SHT_NOBITS && pfx(".bss") {
        return Some(DataKind::Bss);
    }
    None
}

impl<'data> Object<'data> {
    /// Global data sections, by section index.
    pub fn data_sections(&self) -> &[DataSection<'data>] {
        &self.data_sections
    }
    /// One data section.
    pub fn data_section(&self, index: DataIndex) -> Option<&DataSection<'data>> {
        self.data_sections.get(index.index())
    }

    pub(crate) fn datasec(&self, name: &str) -> Option<TypeId> {
        let btf = self.btf.as_ref()?;
        btf.find_by_name(name).find(|&id| btf.get(id).is_some_and(|t| t.kind() == BtfKind::DATASEC))
    }

    /// The variables of a DATASEC with libbpf's fixups (`btf_fixup_datasec`):
    /// clang leaves DATASEC sizes and offsets zero, so offsets come from the
    /// ELF symbols of the variables; hidden globals count as static.
    pub(crate) fn fixed_datasec(&self, ds_id: TypeId, section: SectionIndex) -> Result<Vec<SecVar<'data>>> {
        let Some(btf) = self.btf.as_ref() else { return Ok(Vec::new()) };
        let sec = &self.sections[section.index()];
        let ds = btf.type_by_id(ds_id).map_err(|e| Error::new(ErrorKind::Btf(e)))?;
        let fix = ds.size() == 0;
        let mut out = Vec::with_capacity(ds.vlen().min(1 << 16) as usize);
        for v in ds.datasec_vars() {
            let Some(t) = btf.get(v.type_id) else {
                return Err(sec_err(sec, format!("DATASEC entry refers to missing type [{}]", v.type_id.0)));
            };
            if t.kind() != BtfKind::VAR {
                return Err(sec_err(sec, format!("DATASEC entry [{}] is not a VAR", v.type_id.0)));
            }
            let name = btf.name(&t);
            let linkage = t.var_linkage().unwrap_or(Linkage::STATIC);
            let is_static = linkage == Linkage::STATIC;
            let sym = self.symbols.iter().find(|s| {
                s.kind == elf::STT_OBJECT
                    && s.name == name
                    && if is_static { s.section_index() == Some(section) && !s.is_global() } else { s.is_global() }
            });
            let offset = if fix {
                match sym {
                    Some(s) => s.value,
                    None if is_static => 0,
                    None => {
                        return Err(sec_err(
                            sec,
                            format!("no ELF symbol for variable '{name}' of DATASEC '{}'", sec.name),
                        ));
                    }
                }
            } else {
                u64::from(v.offset)
            };
            let hidden = sym.is_some_and(|s| s.is_global() && s.is_hidden());
            out.push(SecVar {
                var: v.type_id,
                name,
                offset,
                size: u64::from(v.size),
                global: !is_static && !hidden,
                symbol: sym.map(|s| s.index),
            });
        }
        out.sort_by_key(|v| v.offset);
        Ok(out)
    }

    pub(crate) fn collect_data_sections(&mut self) -> Result<()> {
        let mut out = Vec::new();
        for sec in &self.sections {
            let Some(kind) = data_kind(sec) else { continue };
            let btf_type = self.datasec(sec.name);
            let mut vars = Vec::new();
            if let (Some(id), Some(btf)) = (btf_type, self.btf.as_ref()) {
                for v in self.fixed_datasec(id, sec.index)? {
                    if v.offset.saturating_add(v.size) > sec.size {
                        return Err(sec_err(sec, format!("variable '{}' runs past the end of the section", v.name)));
                    }
                    let t = btf.get(v.var);
                    vars.push(DataVar {
                        name: v.name,
                        offset: v.offset,
                        size: v.size,
                        var: Some(v.var),
                        type_id: t.map(|t| t.type_id()),
                        global: v.global,
                    });
                }
            } else {
                for s in &self.symbols {
                    if s.section_index() == Some(sec.index) && s.kind == elf::STT_OBJECT {
                        vars.push(DataVar {
                            name: s.name,
                            offset: s.value,
                            size: s.size,
                            var: None,
                            type_id: None,
                            global: s.is_global(),
                        });
                    }
                }
            }
            vars.sort_by_key(|v| v.offset);
            out.push(DataSection {
                section: sec.index,
                name: sec.name,
                kind,
                size: sec.size,
                bytes: sec.data,
                btf_type,
                vars,
                map: None,
            });
        }
        self.data_sections = out;
        Ok(())
    }
}
