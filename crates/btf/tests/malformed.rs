//! Bad input: clear errors with byte offsets, never a panic; strict mode
//! names the kernel rule that fails.

use bpfkit_btf::validate::{Rule, strict};
use bpfkit_btf::write::{BtfBuilder, MemberSpec};
use bpfkit_btf::{Btf, BtfKind, Endian, ErrorKind, IntEncoding, Linkage, TypeId};

fn small() -> Vec<u8> {
    let mut b = BtfBuilder::new();
    let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
    b.add_struct("s", 8, &[MemberSpec::new("a", int, 0), MemberSpec::new("b", int, 32)]);
    b.encode(Endian::Little)
}

fn set_u32(b: &mut [u8], off: usize, v: u32) {
    b[off..off + 4].copy_from_slice(&v.to_le_bytes());
}

#[test]
fn every_truncation_is_an_error_not_a_panic() {
    let good = small();
    assert!(Btf::parse(&good).is_ok());
    for len in 0..good.len() {
        let err = Btf::parse(&good[..len]).expect_err("truncated input must fail");
        assert!(err.offset().is_none_or(|o| o <= good.len() as u64), "offset {:?} out of range", err.offset());
    }
}

#[test]
fn lying_header_fields_are_reported_with_their_offset() {
    let good = small();
    type Case = (&'static str, usize, u32, fn(&ErrorKind) -> bool);
    let cases: [Case; 6] = [
        ("hdr_len past the end", 4, 1000, |k| matches!(k, ErrorKind::Truncated { .. })),
        ("hdr_len too small", 4, 8, |k| matches!(k, ErrorKind::BadHeaderLength(8))),
        ("type_len past strings", 12, 10_000, |k| matches!(k, ErrorKind::BadSection("type"))),
        ("str_len past the end", 20, 10_000, |k| matches!(k, ErrorKind::BadSection("string"))),
        ("type_off misaligned", 8, 2, |k| matches!(k, ErrorKind::BadSection(_) | ErrorKind::Misaligned(_))),
        ("type_len not a record multiple", 12, 20, |k| {
            matches!(k, ErrorKind::TrailingTypeBytes | ErrorKind::TypeTruncated { .. } | ErrorKind::BadStrings(_))
        }),
    ];
    for (what, off, v, ok) in cases {
        let mut b = good.clone();
        set_u32(&mut b, off, v);
        let err = Btf::parse(&b).expect_err(what);
        assert!(ok(&err.kind()), "{what}: {err}");
    }
    let mut b = good.clone();
    b[0] = 0x12;
    assert!(matches!(Btf::parse(&b).unwrap_err().kind(), ErrorKind::BadMagic(_)));
    let mut b = good.clone();
    b[2] = 2;
    assert_eq!(Btf::parse(&b).unwrap_err().kind(), ErrorKind::BadVersion(2));
}

#[test]
fn lying_vlen_and_bad_references_are_caught() {
    // vlen claims a million members.
    let mut b = small();
    let hdr_len = u32::from_le_bytes(b[4..8].try_into().unwrap()) as usize;
    let struct_info_at = hdr_len + 16 + 4; // header, INT record, then the struct's info word
    let info = u32::from_le_bytes(b[struct_info_at..struct_info_at + 4].try_into().unwrap());
    set_u32(&mut b, struct_info_at, (info & !0x00ff_ffff) | 1_000_000);
    let err = Btf::parse(&b).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TypeTruncated { id: 2 });
    assert_eq!(err.offset(), Some(hdr_len as u64 + 16), "points at the record");

    // A member referring to a type that does not exist.
    let mut bb = BtfBuilder::new();
    let int = bb.add_int("int", 4, IntEncoding::SIGNED, 32);
    bb.add_struct("s", 4, &[MemberSpec::new("a", TypeId(99), 0), MemberSpec::new("b", int, 0)]);
    let err = Btf::parse(&bb.encode(Endian::Big)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadTypeId { id: 2, referenced: 99 });

    // A name offset past the strings.
    let mut bb = BtfBuilder::new();
    bb.add_raw(bpfkit_btf::StrOffset(5000), 2 << 24, 0, &[]);
    assert!(matches!(
        Btf::parse(&bb.encode(Endian::Little)).unwrap_err().kind(),
        ErrorKind::BadStringOffset { id: 1, str_off: 5000 }
    ));

    // FUNC pointing at an INT.
    let mut bb = BtfBuilder::new();
    let int = bb.add_int("int", 4, IntEncoding::SIGNED, 32);
    bb.add_func("f", int, Linkage::GLOBAL);
    assert_eq!(Btf::parse(&bb.encode(Endian::Little)).unwrap_err().kind(), ErrorKind::FuncNotProto { id: 2 });

    // An unknown kind without a layout section is fatal ...
    let mut bb = BtfBuilder::new();
    bb.add_raw(bpfkit_btf::StrOffset(0), (25 << 24) | 2, 0, &[7, 7, 7, 7]);
    assert_eq!(Btf::parse(&bb.encode(Endian::Little)).unwrap_err().kind(), ErrorKind::UnknownKind { id: 1, kind: 25 });
}

#[test]
fn unknown_kind_described_by_layout_is_skipped() {
    let mut bb = BtfBuilder::new();
    let int = bb.add_int("int", 4, IntEncoding::SIGNED, 32);
    // Kind 25: one 4-byte info word and vlen 8-byte elements.
    let mut layout = bpfkit_btf::write::default_layout();
    layout.resize(26, Default::default());
    layout[25] = bpfkit_btf::btf_header::KindLayout { info_sz: 4, elem_sz: 8, flags: 0 };
    bb.set_layout(layout);
    let odd = bb.add_raw(bpfkit_btf::StrOffset(0), (25 << 24) | 2, 0, &[1, 2, 3, 4, 5]);
    let after = bb.add_ptr(int);
    for e in [Endian::Little, Endian::Big] {
        let data = bb.encode(e);
        let btf = Btf::parse(&data).unwrap();
        assert_eq!(btf.get(odd).unwrap().kind(), BtfKind(25));
        assert_eq!(btf.get(odd).unwrap().trailer().len(), 20);
        assert_eq!(btf.get(after).unwrap().type_id(), int);
        assert!(bpfkit_btf::dump::Dumper::new().to_string(&btf).contains("[2] UNKNOWN '(anon)'\n[3] PTR"));
        assert_eq!(BtfBuilder::from_btf(&btf).encode(e), data);
    }
}

#[test]
fn cycles_end_in_errors() {
    // typedef a -> typedef b -> typedef a
    let mut bb = BtfBuilder::new();
    bb.add_typedef("a", TypeId(2));
    bb.add_typedef("b", TypeId(1));
    let data = bb.encode(Endian::Little);
    let btf = Btf::parse(&data).expect("libbpf accepts cycles; the kernel does not");
    assert!(btf.resolve_size(TypeId(1)).is_err());
    assert!(btf.skip_mods_and_typedefs(TypeId(1)).is_err());
    assert!(btf.align_of(TypeId(1)).is_err());
    assert_eq!(btf.type_name(TypeId(1)), "a");
    let err = strict(&btf).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Strict { rule: Rule::Loop, .. }), "{err}");
    // A struct containing itself.
    let mut bb = BtfBuilder::new();
    bb.add_struct("s", 4, &[MemberSpec::new("me", TypeId(1), 0)]);
    let data = bb.encode(Endian::Little);
    let btf = Btf::parse(&data).unwrap();
    assert!(btf.resolve_size(TypeId(1)).is_ok());
    assert!(btf.align_of(TypeId(1)).is_err());
}

/// Each strict rule, with a BTF that breaks exactly it.
#[test]
fn strict_mode_names_the_rule() {
    type Make = fn(&mut BtfBuilder);
    let cases: Vec<(Rule, Make)> = vec![
        (Rule::UnsupportedHeader, |b| {
            // Kind 25, described by the layout section: libbpf skips it; 6.18
            // knows no layout section and refuses the 32-byte header.
            let mut layout = bpfkit_btf::write::default_layout();
            layout.resize(26, Default::default());
            b.set_layout(layout);
            b.add_raw(bpfkit_btf::StrOffset(0), 25 << 24, 0, &[]);
        }),
        (Rule::VlenNotZero, |b| {
            b.add_raw(bpfkit_btf::StrOffset(0), (2 << 24) | 1, 0, &[]);
        }),
        (Rule::KflagNotZero, |b| {
            b.add_raw(bpfkit_btf::StrOffset(0), (1 << 31) | (2 << 24), 0, &[]);
        }),
        (Rule::InvalidName, |b| {
            let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
            b.add_ref(BtfKind::PTR, "named_ptr", int);
        }),
        (Rule::InvalidName, |b| {
            let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
            b.add_typedef("", int);
        }),
        (Rule::InvalidName, |b| {
            let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
            b.add_typedef("__!int", int);
        }),
        (Rule::IntBitsExceedSize, |b| {
            b.add_int("int", 4, IntEncoding::SIGNED, 33);
        }),
        (Rule::InvalidFloatSize, |b| {
            b.add_float("f", 3);
        }),
        (Rule::UnexpectedSize, |b| {
            b.add_enum("e", 3, false, &[("A", 1)]);
        }),
        (Rule::InvalidIndex, |b| {
            let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
            let p = b.add_ptr(int);
            b.add_array(int, p, 4);
        }),
        (Rule::MemberExceedsSize, |b| {
            let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
            b.add_struct("s", 4, &[MemberSpec::new("a", int, 32)]);
        }),
        (Rule::TypeNotZero, |b| {
            let n = b.add_str("f");
            b.add_raw(n, 7 << 24, 1, &[]);
        }),
        (Rule::InvalidArg, |b| {
            let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
            b.add_func_proto(int, &[("", TypeId(0)), ("x", int)]);
        }),
        (Rule::LinkageNotSupported, |b| {
            let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
            b.add_var("v", int, Linkage(7));
        }),
        (Rule::InvalidOffsetSize, |b| {
            let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
            let v = b.add_var("v", int, Linkage::GLOBAL);
            b.add_datasec(".data", 4, &[(v, 2, 4)]);
        }),
        (Rule::InvalidComponentIdx, |b| {
            let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
            let s = b.add_struct("s", 4, &[MemberSpec::new("a", int, 0)]);
            b.add_decl_tag("tag", s, 3, false);
        }),
        (Rule::Loop, |b| {
            b.add_ptr(TypeId(2));
            b.add_const(TypeId(1));
        }),
        (Rule::TypeTagAfterModifier, |b| {
            let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
            let tag = b.add_type_tag("user", int, false);
            b.add_const(tag);
        }),
        (Rule::InvalidTypeId, |b| {
            b.add_struct("s", 4, &[MemberSpec::new("a", TypeId(0), 0)]);
        }),
        (Rule::UnsupportedSection, |b| {
            // Handled below by editing the header; keep the BTF valid here.
            b.add_int("int", 4, IntEncoding::SIGNED, 32);
        }),
    ];
    for (rule, make) in cases {
        let mut b = BtfBuilder::new();
        make(&mut b);
        let mut data = b.encode(Endian::Little);
        if rule == Rule::UnsupportedSection {
            // Move the string section one word further: a gap the kernel rejects.
            let str_off = u32::from_le_bytes(data[16..20].try_into().unwrap());
            let hdr_len = u32::from_le_bytes(data[4..8].try_into().unwrap()) as usize;
            let at = hdr_len + str_off as usize;
            data.splice(at..at, [0u8; 4]);
            set_u32(&mut data, 16, str_off + 4);
        }
        let btf = Btf::parse(&data).unwrap_or_else(|e| panic!("{rule:?}: libbpf-level parse should pass: {e}"));
        let err = strict(&btf).expect_err(&format!("{rule:?} must fail strict validation"));
        assert!(matches!(err.kind(), ErrorKind::Strict { rule: r, .. } if r == rule), "{rule:?}: got {err}");
        let _ = err_id(&err);
        assert!(err.to_string().contains(&rule.to_string()));
    }
    // A valid BTF passes.
    let data = small();
    strict(&Btf::parse(&data).unwrap()).unwrap();
}

fn err_id(e: &bpfkit_btf::Error) -> u32 {
    match e.kind() {
        ErrorKind::Strict { id, .. } => id,
        _ => u32::MAX,
    }
}

#[test]
fn errors_are_one_word_and_tell_what_they_know() {
    assert_eq!(std::mem::size_of::<bpfkit_btf::Error>(), std::mem::size_of::<usize>());

    // Split BTF on a base of the other byte order: not a "bad magic".
    let mut base = BtfBuilder::new();
    base.add_int("int", 4, IntEncoding::SIGNED, 32);
    let base_be = base.encode(Endian::Big);
    let base = Btf::parse(&base_be).unwrap();
    let mut split = BtfBuilder::new_split(&base);
    split.add_ptr(TypeId(1));
    let split_le = split.encode(Endian::Little);
    let err = Btf::parse_split(&split_le, &base).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::EndianMismatch);
    assert!(err.to_string().contains("different byte orders"), "{err}");

    // A question about a type id has no byte offset, and says what it needed.
    let mut bb = BtfBuilder::new();
    let f = bb.add_func_proto(TypeId(0), &[]);
    let data = bb.encode(Endian::Little);
    let btf = Btf::parse(&data).unwrap();
    let err = btf.resolve_size(f).unwrap_err();
    assert_eq!(err.offset(), None);
    assert_eq!(err.to_string(), "type [1] is FUNC_PROTO, not a type with a size");

    // The gzip error keeps its cause.
    let err = bpfkit_btf::input::gunzip(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff, 1, 2, 3]).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Gzip);
    assert_eq!(err.offset(), None);
    assert!(std::error::Error::source(&err).is_some(), "{err:?}");
}

#[test]
fn empty_layout_section_with_wild_offset_is_not_a_panic() {
    // The fuzzer's first find: a 33-byte BTF whose 32-byte header has a
    // layout_off past the end and layout_len 0.
    let mut b = vec![0u8; 33];
    b[0..2].copy_from_slice(&0xeb9fu16.to_le_bytes());
    b[2] = 1;
    set_u32(&mut b, 4, 32);
    set_u32(&mut b, 16, 0); // str_off
    set_u32(&mut b, 20, 1); // str_len: the one NUL byte
    set_u32(&mut b, 24, 4096); // layout_off
    set_u32(&mut b, 28, 0); // layout_len
    let btf = Btf::parse(&b).unwrap();
    assert!(btf.layout_section().is_empty());
    assert_eq!(btf.type_count(), 1);
}
