//! Externs: `__kconfig` variables, `__ksym` variables and kfuncs.

use crate::ids::SymbolIndex;
use bpfkit_btf::TypeId;

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
