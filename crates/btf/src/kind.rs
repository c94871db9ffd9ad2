//! Spec constants as open newtypes: kinds, int encodings, linkages.

use core::fmt;

/// A BTF type kind (7 bits in the 2026 format). Unknown values are kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BtfKind(pub u8);

impl BtfKind {
    /// Void; only type id 0.
    pub const UNKN: BtfKind = BtfKind(0);
    /// Integer.
    pub const INT: BtfKind = BtfKind(1);
    /// Pointer.
    pub const PTR: BtfKind = BtfKind(2);
    /// Array.
    pub const ARRAY: BtfKind = BtfKind(3);
    /// Struct.
    pub const STRUCT: BtfKind = BtfKind(4);
    /// Union.
    pub const UNION: BtfKind = BtfKind(5);
    /// Enumeration with 32-bit values.
    pub const ENUM: BtfKind = BtfKind(6);
    /// Forward declaration.
    pub const FWD: BtfKind = BtfKind(7);
    /// Typedef.
    pub const TYPEDEF: BtfKind = BtfKind(8);
    /// Volatile modifier.
    pub const VOLATILE: BtfKind = BtfKind(9);
    /// Const modifier.
    pub const CONST: BtfKind = BtfKind(10);
    /// Restrict modifier.
    pub const RESTRICT: BtfKind = BtfKind(11);
    /// Function.
    pub const FUNC: BtfKind = BtfKind(12);
    /// Function prototype.
    pub const FUNC_PROTO: BtfKind = BtfKind(13);
    /// Variable.
    pub const VAR: BtfKind = BtfKind(14);
    /// Data section.
    pub const DATASEC: BtfKind = BtfKind(15);
    /// Floating point.
    pub const FLOAT: BtfKind = BtfKind(16);
    /// Declaration tag.
    pub const DECL_TAG: BtfKind = BtfKind(17);
    /// Type tag.
    pub const TYPE_TAG: BtfKind = BtfKind(18);
    /// Enumeration with 64-bit values.
    pub const ENUM64: BtfKind = BtfKind(19);

    /// The highest kind this crate knows.
    pub const MAX_KNOWN: BtfKind = BtfKind::ENUM64;

    /// Whether this crate knows the kind's record layout.
    pub fn is_known(self) -> bool {
        self.0 <= Self::MAX_KNOWN.0
    }

    /// The spec name as bpftool prints it (`"STRUCT"`), `"UNKNOWN"` for others.
    pub fn name(self) -> &'static str {
        KIND_NAMES.get(usize::from(self.0)).map_or("UNKNOWN", |n| n.0)
    }

    /// The name libbpf's `btf_kind_str` gives (`"struct"`, `"void"` for
    /// kind 0, `"unknown"` for others), as its logs print it.
    pub fn libbpf_name(self) -> &'static str {
        KIND_NAMES.get(usize::from(self.0)).map_or("unknown", |n| n.1)
    }

    /// Bytes after the 12-byte common header: `(fixed, per vlen element)`,
    /// or `None` for kinds this crate does not know. Kind 0 (void) has no
    /// records of its own, so like libbpf we only accept it when a layout
    /// section describes it.
    pub fn record_layout(self) -> Option<(u32, u32)> {
        Some(match self.0 {
            2 | 7..=12 | 16 | 18 => (0, 0),
            1 => (4, 0),
            3 => (12, 0),
            4 | 5 => (0, 12),
            6 => (0, 8),
            13 => (0, 8),
            14 => (4, 0),
            15 => (0, 12),
            17 => (4, 0),
            19 => (0, 12),
            _ => return None,
        })
    }
}

impl fmt::Display for BtfKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_known() { f.write_str(self.name()) } else { write!(f, "KIND_{}", self.0) }
    }
}

/// The encoding bits of an INT (`BTF_INT_SIGNED`, `BTF_INT_CHAR`, `BTF_INT_BOOL`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct IntEncoding(pub u8);

impl IntEncoding {
    /// No encoding: unsigned.
    pub const NONE: IntEncoding = IntEncoding(0);
    /// Signed.
    pub const SIGNED: IntEncoding = IntEncoding(1);
    /// Character.
    pub const CHAR: IntEncoding = IntEncoding(2);
    /// Boolean.
    pub const BOOL: IntEncoding = IntEncoding(4);

    /// Whether the signed bit is set.
    pub fn is_signed(self) -> bool {
        self.0 & 1 != 0
    }
    /// Whether the char bit is set.
    pub fn is_char(self) -> bool {
        self.0 & 2 != 0
    }
    /// Whether the bool bit is set.
    pub fn is_bool(self) -> bool {
        self.0 & 4 != 0
    }

    /// bpftool's name: `(none)`, `SIGNED`, `CHAR`, `BOOL` or `UNKN`.
    pub fn name(self) -> &'static str {
        match self.0 {
            0 => "(none)",
            1 => "SIGNED",
            2 => "CHAR",
            4 => "BOOL",
            _ => "UNKN",
        }
    }
}

/// Linkage of a FUNC (its vlen) or a VAR.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Linkage(pub u32);

impl Linkage {
    /// Static (file-local).
    pub const STATIC: Linkage = Linkage(0);
    /// Global (allocated for VARs).
    pub const GLOBAL: Linkage = Linkage(1);
    /// Extern.
    pub const EXTERN: Linkage = Linkage(2);

    /// bpftool's name: `static`, `global`, `extern` or `(unknown)`.
    pub fn name(self) -> &'static str {
        match self.0 {
            0 => "static",
            1 => "global",
            2 => "extern",
            _ => "(unknown)",
        }
    }
}

/// A type id: an index into the BTF type table, 0 is void.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct TypeId(pub u32);

impl TypeId {
    /// The void type.
    pub const VOID: TypeId = TypeId(0);
}

impl fmt::Display for TypeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}]", self.0)
    }
}

/// An offset into the (possibly split) string section.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct StrOffset(pub u32);

/// Each known kind's name as bpftool spells it and as libbpf's
/// `btf_kind_str` does, by kind number.
const KIND_NAMES: [(&str, &str); 20] = [
    ("UNKNOWN", "void"),
    ("INT", "int"),
    ("PTR", "ptr"),
    ("ARRAY", "array"),
    ("STRUCT", "struct"),
    ("UNION", "union"),
    ("ENUM", "enum"),
    ("FWD", "fwd"),
    ("TYPEDEF", "typedef"),
    ("VOLATILE", "volatile"),
    ("CONST", "const"),
    ("RESTRICT", "restrict"),
    ("FUNC", "func"),
    ("FUNC_PROTO", "func_proto"),
    ("VAR", "var"),
    ("DATASEC", "datasec"),
    ("FLOAT", "float"),
    ("DECL_TAG", "decl_tag"),
    ("TYPE_TAG", "type_tag"),
    ("ENUM64", "enum64"),
];
