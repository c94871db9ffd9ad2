//! The kernel rules that strict validation ([`crate::validate`]) names, and
//! the part of a type (member, parameter, entry) a rule is about.

use core::fmt;

/// A rule of the kernel's BTF verifier (`kernel/bpf/btf.c`, Linux 6.18).
///
/// Each rule is one check of the kernel; its [`Display`](fmt::Display) is
/// the kernel's own log message for it, so a rejection reads the way
/// `bpftool` or libbpf would print the kernel's log.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rule {
    // --- btf_parse / btf_parse_hdr / btf_check_sec_info ---
    /// The blob is larger than `BTF_MAX_SIZE` (16 MiB; `E2BIG`).
    TooLarge,
    /// Fewer than 8 bytes: no `hdr_len`.
    HdrLenNotFound,
    /// `hdr_len` is larger than the blob.
    HeaderNotFound,
    /// Header bytes past the 24 the kernel knows are not zero.
    UnsupportedHeader,
    /// The magic is not 0xeb9f.
    InvalidMagic,
    /// The version is not 1.
    UnsupportedVersion,
    /// The flags are not 0.
    UnsupportedFlags,
    /// Nothing follows the header.
    NoData,
    /// A section starts past the end of the data.
    InvalidSectionOffset,
    /// A gap between sections, or data after the last one.
    UnsupportedSection,
    /// Two sections overlap.
    SectionOverlap,
    /// A section runs past the end of the data.
    SectionTooLong,
    /// The string section is not the last thing in the blob.
    StringsNotAtEnd,
    /// The string section is empty, too long, not NUL-terminated or does
    /// not start with NUL.
    InvalidStrings,
    /// `type_off` is not a multiple of 4.
    UnalignedTypeOff,
    /// The type section is empty.
    NoTypes,
    /// More than `BTF_MAX_TYPE` types.
    TooManyTypes,
    // --- btf_check_meta and the kinds' check_meta ---
    /// The record runs past the end of the type section.
    MetaTruncated,
    /// Reserved bits of `info` are set.
    InvalidInfo,
    /// Kind 0 or a kind past `BTF_KIND_ENUM64`.
    InvalidKind,
    /// A string offset outside the string section.
    InvalidNameOffset,
    /// vlen must be 0 for this kind.
    VlenNotZero,
    /// kind_flag must be 0 for this kind.
    KflagNotZero,
    /// INT data with bits 28-31 set.
    InvalidIntData,
    /// INT `bits + offset` over 128.
    IntBitsTooLarge,
    /// INT bits do not fit the INT's size.
    IntBitsExceedSize,
    /// INT encoding other than none, SIGNED, CHAR or BOOL.
    UnsupportedEncoding,
    /// A referenced type id that is invalid, absent or of a kind not allowed here.
    InvalidTypeId,
    /// A name that is missing, not allowed, or not a valid identifier (or section name).
    InvalidName,
    /// FWD with a type.
    TypeNotZero,
    /// ARRAY with a size.
    SizeNotZero,
    /// ARRAY element type invalid.
    InvalidElem,
    /// ARRAY index type invalid (not a regular INT).
    InvalidIndex,
    /// Member name offset outside the string section.
    InvalidMemberNameOffset,
    /// Member bit offset non-zero in a union, or smaller than the previous member's.
    InvalidBitsOffset,
    /// Member bit offset past the composite's size.
    BitsOffsetExceedsSize,
    /// ENUM/ENUM64 size not 1, 2, 4 or 8.
    UnexpectedSize,
    /// FUNC linkage other than static or global.
    InvalidFuncLinkage,
    /// VAR linkage other than static or global-allocated.
    LinkageNotSupported,
    /// DATASEC of size 0.
    SizeZero,
    /// DATASEC entry offset before the previous entry's end or past the section.
    InvalidOffset,
    /// DATASEC entry size 0, larger than the section, or smaller than its VAR.
    InvalidSize,
    /// DATASEC entry ends past the section.
    InvalidOffsetSize,
    /// DATASEC entries' sizes add up to more than the section.
    DatasecTooSmall,
    /// FLOAT size not 2, 4, 8, 12 or 16.
    InvalidFloatSize,
    /// DECL_TAG without a value.
    InvalidValue,
    /// DECL_TAG component index below -1, out of range, or on a VAR/TYPEDEF.
    InvalidComponentIdx,
    // --- resolve (btf_check_all_types) ---
    /// A member whose type has no size or is a VAR/DATASEC/DECL_TAG.
    InvalidMember,
    /// A member that must start on a byte boundary does not.
    MemberNotByteAligned,
    /// A member runs past the composite's size.
    MemberExceedsSize,
    /// INT member bit offset plus the INT's offset overflows 32 bits.
    BitsOffsetOverflow,
    /// A bitfield spans more than 128 bits.
    CopyBitsTooLarge,
    /// A kind_flag member's INT is not a regular (whole-byte, power of two) INT.
    InvalidMemberBaseType,
    /// A non-bitfield kind_flag INT member not on a byte boundary.
    InvalidMemberOffset,
    /// A bitfield wider than its base type, or on a type that cannot be one.
    InvalidBitfieldSize,
    /// A FLOAT member not aligned to its size (at most 8).
    MemberNotAligned,
    /// A member of a kind that cannot be a member.
    UnsupportedMember,
    /// An array of non-regular INTs.
    InvalidArrayOfInt,
    /// An array whose size overflows 32 bits.
    ArrayTooLarge,
    /// A DATASEC entry that is not a VAR.
    NotVar,
    /// A DATASEC entry's VAR has a type without size.
    InvalidType,
    /// A FUNC_PROTO return type that is absent, sizeless or a VAR/DATASEC/DECL_TAG.
    InvalidReturnType,
    /// A FUNC_PROTO argument that is absent, sizeless, misnamed or void
    /// before the last; or an unnamed argument of a FUNC.
    InvalidArg,
    /// The resolver came back to a type on its own path.
    Loop,
    /// The resolver's path is longer than `MAX_RESOLVE_DEPTH` (32).
    TooDeep,
    /// The resolver left a type in a state the kernel's final check refuses.
    InvalidResolveState,
    // --- btf_check_type_tags ---
    /// A modifier chain longer than 32 (or a cycle).
    ChainTooLong,
    /// A TYPE_TAG follows a CONST/VOLATILE/RESTRICT/TYPEDEF in a modifier chain.
    TypeTagAfterModifier,
}

impl Rule {
    /// The kernel's log message for this rule (without its numbers).
    pub fn kernel_message(self) -> &'static str {
        match self {
            Rule::TooLarge => "BTF larger than BTF_MAX_SIZE (16 MiB)",
            Rule::HdrLenNotFound => "hdr_len not found",
            Rule::HeaderNotFound => "btf_header not found",
            Rule::UnsupportedHeader => "Unsupported btf_header",
            Rule::InvalidMagic => "Invalid magic",
            Rule::UnsupportedVersion => "Unsupported version",
            Rule::UnsupportedFlags => "Unsupported flags",
            Rule::NoData => "No data",
            Rule::InvalidSectionOffset => "Invalid section offset",
            Rule::UnsupportedSection => "Unsupported section found",
            Rule::SectionOverlap => "Section overlap found",
            Rule::SectionTooLong => "Total section length too long",
            Rule::StringsNotAtEnd => "String section is not at the end",
            Rule::InvalidStrings => "Invalid string section",
            Rule::UnalignedTypeOff => "Unaligned type_off",
            Rule::NoTypes => "No type found",
            Rule::TooManyTypes => "Exceeded max num of types",
            Rule::MetaTruncated => "meta_left < meta_needed",
            Rule::InvalidInfo => "Invalid btf_info",
            Rule::InvalidKind => "Invalid kind",
            Rule::InvalidNameOffset => "Invalid name_offset",
            Rule::VlenNotZero => "vlen != 0",
            Rule::KflagNotZero => "Invalid btf_info kind_flag",
            Rule::InvalidIntData => "Invalid int_data",
            Rule::IntBitsTooLarge => "nr_bits exceeds 128",
            Rule::IntBitsExceedSize => "nr_bits exceeds type_size",
            Rule::UnsupportedEncoding => "Unsupported encoding",
            Rule::InvalidTypeId => "Invalid type_id",
            Rule::InvalidName => "Invalid name",
            Rule::TypeNotZero => "type != 0",
            Rule::SizeNotZero => "size != 0",
            Rule::InvalidElem => "Invalid elem",
            Rule::InvalidIndex => "Invalid index",
            Rule::InvalidMemberNameOffset => "Invalid member name_offset",
            Rule::InvalidBitsOffset => "Invalid member bits_offset",
            Rule::BitsOffsetExceedsSize => "Member bits_offset exceeds its struct size",
            Rule::UnexpectedSize => "Unexpected size",
            Rule::InvalidFuncLinkage => "Invalid func linkage",
            Rule::LinkageNotSupported => "Linkage not supported",
            Rule::SizeZero => "size == 0",
            Rule::InvalidOffset => "Invalid offset",
            Rule::InvalidSize => "Invalid size",
            Rule::InvalidOffsetSize => "Invalid offset+size",
            Rule::DatasecTooSmall => "Invalid btf_info size",
            Rule::InvalidFloatSize => "Invalid type_size",
            Rule::InvalidValue => "Invalid value",
            Rule::InvalidComponentIdx => "Invalid component_idx",
            Rule::InvalidMember => "Invalid member",
            Rule::MemberNotByteAligned => "Member is not byte aligned",
            Rule::MemberExceedsSize => "Member exceeds struct_size",
            Rule::BitsOffsetOverflow => "bits_offset exceeds U32_MAX",
            Rule::CopyBitsTooLarge => "nr_copy_bits exceeds 128",
            Rule::InvalidMemberBaseType => "Invalid member base type",
            Rule::InvalidMemberOffset => "Invalid member offset",
            Rule::InvalidBitfieldSize => "Invalid member bitfield_size",
            Rule::MemberNotAligned => "Member is not properly aligned",
            Rule::UnsupportedMember => "Unsupported check_member",
            Rule::InvalidArrayOfInt => "Invalid array of int",
            Rule::ArrayTooLarge => "Array size overflows U32_MAX",
            Rule::NotVar => "Not a VAR kind member",
            Rule::InvalidType => "Invalid type",
            Rule::InvalidReturnType => "Invalid return type",
            Rule::InvalidArg => "Invalid arg",
            Rule::Loop => "Loop detected",
            Rule::TooDeep => "Exceeded max resolving depth:32",
            Rule::InvalidResolveState => "Invalid resolve state",
            Rule::ChainTooLong => "Max chain length or cycle detected",
            Rule::TypeTagAfterModifier => "Type tags don't precede modifiers",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kernel_message())
    }
}

/// Which part of a type a rule is about.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Part {
    /// The type record itself (or the header, for type 0).
    #[default]
    Type,
    /// A STRUCT/UNION member, by 0-based index.
    Member(u16),
    /// A FUNC_PROTO parameter (for a FUNC: of its prototype), by 0-based index.
    Param(u16),
    /// A DATASEC entry, by 0-based index.
    Entry(u16),
    /// An ENUM/ENUM64 enumerator, by 0-based index.
    Enumerator(u16),
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Part::Type => Ok(()),
            Part::Member(i) => write!(f, " member #{i}"),
            Part::Param(i) => write!(f, " param #{i}"),
            Part::Entry(i) => write!(f, " entry #{i}"),
            Part::Enumerator(i) => write!(f, " enumerator #{i}"),
        }
    }
}
