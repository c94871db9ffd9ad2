//! The kernel rules that strict validation ([`crate::validate`]) names.

use core::fmt;

/// A kernel rule that strict validation enforces.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// The header has unknown fields or flags.
    UnsupportedHeader,
    /// Sections leave gaps, overlap, or do not end the blob with the strings.
    SectionLayout,
    /// More than `BTF_MAX_TYPE` types or string offsets past `BTF_MAX_NAME_OFFSET`.
    TooLarge,
    /// A kind number the kernel does not know.
    InvalidKind,
    /// vlen must be 0 for this kind.
    VlenNotZero,
    /// kind_flag must be 0 for this kind.
    KflagNotZero,
    /// This kind must be anonymous.
    NameNotAllowed,
    /// This kind needs a name.
    NameMissing,
    /// A name is not a valid C identifier (or section name for DATASEC).
    InvalidName,
    /// INT size/bits/offset/encoding out of range.
    InvalidInt,
    /// FLOAT size not 2, 4, 8, 12 or 16.
    InvalidFloat,
    /// ENUM/ENUM64 size not 1, 2, 4 or 8.
    InvalidEnumSize,
    /// ARRAY with size, a void element or a non-int index type.
    InvalidArray,
    /// A struct/union member lies outside the composite or breaks bitfield rules.
    InvalidMember,
    /// FWD with a type.
    InvalidFwd,
    /// FUNC linkage or FUNC_PROTO parameters wrong (vararg not last, names).
    InvalidFunc,
    /// VAR linkage or type wrong.
    InvalidVar,
    /// DATASEC empty, unsized, or entries not VARs inside it in order.
    InvalidDatasec,
    /// DECL_TAG component index out of range or on the wrong kind.
    InvalidDeclTag,
    /// A type refers to itself through modifiers, typedefs, pointers or arrays.
    Loop,
    /// A TYPE_TAG follows a CONST/VOLATILE/RESTRICT in a modifier chain.
    TypeTagAfterModifier,
    /// A reference to void where the kernel forbids it.
    VoidNotAllowed,
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Rule::UnsupportedHeader => "unsupported BTF header (unknown length or flags)",
            Rule::SectionLayout => "sections must follow the header without gaps or overlap, strings last",
            Rule::TooLarge => "too many types or string section too large for the kernel",
            Rule::InvalidKind => "invalid kind",
            Rule::VlenNotZero => "vlen must be 0",
            Rule::KflagNotZero => "kind_flag must be 0",
            Rule::NameNotAllowed => "this kind must be anonymous",
            Rule::NameMissing => "this kind needs a name",
            Rule::InvalidName => "invalid name",
            Rule::InvalidInt => "invalid int (size, nr_bits, bit offset or encoding)",
            Rule::InvalidFloat => "invalid float size",
            Rule::InvalidEnumSize => "invalid enum size",
            Rule::InvalidArray => "invalid array (size, element or index type)",
            Rule::InvalidMember => "invalid member (offset, bitfield or type)",
            Rule::InvalidFwd => "invalid forward declaration",
            Rule::InvalidFunc => "invalid function or prototype",
            Rule::InvalidVar => "invalid variable",
            Rule::InvalidDatasec => "invalid data section",
            Rule::InvalidDeclTag => "invalid decl tag",
            Rule::Loop => "loop detected",
            Rule::TypeTagAfterModifier => "type tags don't precede modifiers",
            Rule::VoidNotAllowed => "void is not allowed here",
        })
    }
}
