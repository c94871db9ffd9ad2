//! Externs: `__kconfig` variables, `__ksym` variables and kfuncs.

use crate::error::{Error, ErrorKind, Result};
use crate::ids::ExternIndex;
use crate::ids::SymbolIndex;
use crate::object::Object;
use bpfkit_btf::TypeId;
use bpfkit_btf::{Btf, BtfKind, IntEncoding, Linkage};
use std::collections::HashMap;

/// How libbpf fills a `.kconfig` extern (`enum kcfg_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KconfigType {
    /// `bool` (1-byte BOOL int).
    Bool,
    /// A 1-byte integer (`char`).
    Char,
    /// `enum libbpf_tristate`.
    Tristate,
    /// An integer of 2, 4 or 8 bytes.
    Int,
    /// An array of chars (a string option).
    CharArray,
}

impl KconfigType {
    /// A short lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            KconfigType::Bool => "bool",
            KconfigType::Char => "char",
            KconfigType::Tristate => "tristate",
            KconfigType::Int => "int",
            KconfigType::CharArray => "char_array",
        }
    }
}

/// What kind of extern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExternKind {
    /// A `.kconfig` variable, placed in the `.kconfig` map.
    Kconfig {
        /// How libbpf fills it.
        ty: KconfigType,
        /// Whether the integer is signed.
        signed: bool,
        /// Size in bytes.
        size: u32,
        /// Alignment in bytes.
        align: u32,
        /// Offset in the `.kconfig` map value (libbpf's layout).
        offset: u32,
    },
    /// A `.ksyms` variable: a kernel symbol's address.
    Ksym {
        /// The variable's type after modifiers and typedefs; `None` for
        /// untyped (`extern const void x __ksym`) symbols.
        type_id: Option<TypeId>,
    },
    /// A `.ksyms` function: a kfunc, called with `BPF_PSEUDO_KFUNC_CALL`.
    Kfunc {
        /// The FUNC_PROTO.
        proto: TypeId,
    },
}

/// One extern symbol with its BTF.
///
/// [`Object::externs`](crate::Object::externs) lists them in libbpf's
/// order: `.kconfig` ones first, by descending alignment, ascending size,
/// then name; then `.ksyms` ones by name. Indexes are libbpf's `ext_idx`.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Extern<'data> {
    /// Its name.
    pub name: &'data str,
    /// The ELF symbol.
    pub symbol: SymbolIndex,
    /// `__weak`: may stay unresolved.
    pub weak: bool,
    /// The BTF VAR or FUNC.
    pub btf_id: TypeId,
    /// The DATASEC (`.kconfig` or `.ksyms`) it is listed in.
    pub sec_btf_id: TypeId,
    /// What kind of extern.
    pub kind: ExternKind,
}

impl Extern<'_> {
    /// `kconfig`, `ksym` or `kfunc`.
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            ExternKind::Kconfig { .. } => "kconfig",
            ExternKind::Ksym { .. } => "ksym",
            ExternKind::Kfunc { .. } => "kfunc",
        }
    }
}

fn ext_err(name: &str, what: impl Into<String>) -> Error {
    Error::new(ErrorKind::Extern { name: name.into(), what: what.into() })
}

impl<'data> Object<'data> {
    /// Externs, in libbpf's order (see [`Extern`]).
    pub fn externs(&self) -> &[Extern<'data>] {
        &self.externs
    }
    /// One extern.
    pub fn extern_(&self, index: ExternIndex) -> Option<&Extern<'data>> {
        self.externs.get(index.index())
    }
    /// Total size of the `.kconfig` map value (0 without kconfig externs).
    pub fn kconfig_size(&self) -> u32 {
        self.externs
            .iter()
            .filter_map(|e| match e.kind {
                ExternKind::Kconfig { size, offset, .. } => Some(offset + size),
                _ => None,
            })
            .max()
            .unwrap_or(0)
    }

    pub(crate) fn collect_externs(&mut self) -> Result<()> {
        let mut exts = Vec::new();
        let mut var_to_sec: Option<HashMap<TypeId, TypeId>> = None;
        for sym in &self.symbols {
            if !sym.is_extern() || sym.name.is_empty() {
                continue;
            }
            let name = sym.name;
            let btf = self.btf.as_ref().ok_or_else(|| ext_err(name, "no .BTF to describe it"))?;
            let var_to_sec = var_to_sec.get_or_insert_with(|| {
                let mut m = HashMap::new();
                for t in btf.types() {
                    if t.kind() == BtfKind::DATASEC {
                        for v in t.datasec_vars() {
                            m.entry(v.type_id).or_insert(t.id());
                        }
                    }
                }
                m
            });
            let btf_id = btf
                .find_by_name(name)
                .find(|&id| btf.get(id).is_some_and(|t| t.kind() == BtfKind::VAR || t.kind() == BtfKind::FUNC))
                .ok_or_else(|| ext_err(name, "no BTF VAR or FUNC with this name"))?;
            let t = btf.type_by_id(btf_id).map_err(|e| Error::new(ErrorKind::Btf(e)))?;
            let is_func = t.kind() == BtfKind::FUNC;
            let linkage = if is_func { t.func_linkage() } else { t.var_linkage() };
            if linkage != Some(Linkage::EXTERN) {
                return Err(ext_err(name, "its BTF is not marked extern"));
            }
            let sec_btf_id = *var_to_sec.get(&btf_id).ok_or_else(|| ext_err(name, "not listed in any DATASEC"))?;
            let sec_name = btf.name_of(sec_btf_id);
            let berr = |e: bpfkit_btf::Error| ext_err(name, e.to_string());
            let kind = match sec_name {
                ".kconfig" => {
                    if is_func {
                        return Err(ext_err(name, "extern functions are not supported in .kconfig"));
                    }
                    let size = btf.resolve_size(t.type_id()).map_err(berr)?;
                    if size == 0 || size > u64::from(u32::MAX) {
                        return Err(ext_err(name, format!("bad kconfig size {size}")));
                    }
                    let align = btf.align_of(t.type_id()).map_err(berr)?;
                    if align == 0 {
                        return Err(ext_err(name, "bad kconfig alignment"));
                    }
                    let (ty, signed) =
                        kcfg_type(btf, t.type_id(), 0).ok_or_else(|| ext_err(name, "kconfig type is unsupported"))?;
                    ExternKind::Kconfig { ty, signed, size: size as u32, align, offset: 0 }
                }
                ".ksyms" => {
                    if is_func {
                        ExternKind::Kfunc { proto: t.type_id() }
                    } else {
                        let target = btf.skip_mods_and_typedefs(t.type_id()).map_err(berr)?;
                        ExternKind::Ksym { type_id: (target.id().0 != 0).then_some(target.id()) }
                    }
                }
                other => return Err(ext_err(name, format!("unrecognized extern section '{other}'"))),
            };
            exts.push(Extern { name, symbol: sym.index, weak: sym.is_weak(), btf_id, sec_btf_id, kind });
        }
        // libbpf's cmp_externs: kconfig before ksyms; kconfig by alignment
        // (descending) and size (ascending); ties by name.
        let key = |e: &Extern<'_>| match e.kind {
            ExternKind::Kconfig { align, size, .. } => (0u8, u32::MAX - align, size),
            _ => (1, 0, 0),
        };
        exts.sort_by(|a, b| key(a).cmp(&key(b)).then_with(|| a.name.cmp(b.name)));
        let mut off: u32 = 0;
        for e in &mut exts {
            if let ExternKind::Kconfig { align, size, offset, .. } = &mut e.kind {
                let aligned = off.checked_next_multiple_of(*align).and_then(|a| a.checked_add(*size));
                let Some(end) = aligned else {
                    return Err(ext_err(e.name, "kconfig layout overflows"));
                };
                *offset = end - *size;
                off = end;
            }
        }
        self.externs = exts;
        Ok(())
    }
}

/// libbpf's `find_kcfg_type`.
fn kcfg_type(btf: &Btf<'_>, id: TypeId, depth: u32) -> Option<(KconfigType, bool)> {
    let t = btf.skip_mods_and_typedefs(id).ok()?;
    match t.kind() {
        BtfKind::INT => {
            let info = t.int()?;
            let size = t.size();
            if info.encoding.0 & IntEncoding::BOOL.0 != 0 {
                return (size == 1).then_some((KconfigType::Bool, false));
            }
            let signed = info.encoding.0 & IntEncoding::SIGNED.0 != 0;
            if size == 1 {
                return Some((KconfigType::Char, signed));
            }
            if !(1..=8).contains(&size) || !size.is_power_of_two() {
                return None;
            }
            Some((KconfigType::Int, signed))
        }
        BtfKind::ENUM | BtfKind::ENUM64 => {
            if t.kind() == BtfKind::ENUM && t.size() != 4 {
                return None;
            }
            (btf.name(&t) == "libbpf_tristate").then_some((KconfigType::Tristate, false))
        }
        BtfKind::ARRAY if depth == 0 => {
            let a = t.array()?;
            if a.nelems == 0 {
                return None;
            }
            match kcfg_type(btf, a.elem, depth + 1)? {
                (KconfigType::Char, _) => Some((KconfigType::CharArray, false)),
                _ => None,
            }
        }
        _ => None,
    }
}
