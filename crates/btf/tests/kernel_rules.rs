//! The kernel model on the cases the hardening issue lists: each BTF with
//! the verdict Linux 6.18 gives it (checked against the running kernel too
//! when `BPF_BTF_LOAD` is available), including the order-dependent ones.

use bpfkit_btf::validate::{Part, Rule, strict_bytes};
use bpfkit_btf::write::{BtfBuilder, MemberSpec};
use bpfkit_btf::{Endian, ErrorKind, IntEncoding, Linkage, StrOffset, TypeId};
use bpfkit_testkit::kernel::{BtfLoad, btf_load};

type Make = fn(&mut BtfBuilder);
/// A case: what it is, how to build it, the rule and part 6.18 refuses it with.
type Case = (&'static str, Make, Option<(Rule, Part)>);

fn int(b: &mut BtfBuilder) -> TypeId {
    b.add_int("int", 4, IntEncoding::SIGNED, 32)
}

fn chain(b: &mut BtfBuilder, len: u32, ascending: bool) {
    let i = int(b);
    if ascending {
        let first = b.next_id().0;
        for k in 0..len {
            b.add_const(if k + 1 == len { i } else { TypeId(first + k + 1) });
        }
    } else {
        let mut prev = i;
        for _ in 0..len {
            prev = b.add_const(prev);
        }
    }
}

fn cases() -> Vec<Case> {
    vec![
        (
            "struct holding itself",
            |b| {
                b.add_struct("s", 4, &[MemberSpec::new("me", TypeId(1), 0)]);
            },
            Some((Rule::Loop, Part::Type)),
        ),
        (
            "union member at a non-zero offset",
            |b| {
                let i = int(b);
                b.add_union("u", 8, &[MemberSpec::new("a", i, 0), MemberSpec::new("b", i, 32)]);
            },
            Some((Rule::InvalidBitsOffset, Part::Member(1))),
        ),
        (
            "backwards member offsets",
            |b| {
                let i = int(b);
                b.add_struct("s", 8, &[MemberSpec::new("a", i, 32), MemberSpec::new("b", i, 0)]);
            },
            Some((Rule::InvalidBitsOffset, Part::Member(1))),
        ),
        (
            "typedef named by an empty string at a non-zero offset",
            |b| {
                let i = int(b);
                let empty = b.add_str_bytes(b"x");
                b.add_raw(StrOffset(empty.0 + 1), 8 << 24, i.0, &[]);
            },
            Some((Rule::InvalidName, Part::Type)),
        ),
        (
            "512-byte name",
            |b| {
                let i = int(b);
                b.add_typedef(&"n".repeat(512), i);
            },
            None,
        ),
        (
            "513-byte name",
            |b| {
                let i = int(b);
                b.add_typedef(&"n".repeat(513), i);
            },
            Some((Rule::InvalidName, Part::Type)),
        ),
        (
            "INT with bits 28-31 set",
            |b| {
                let n = b.add_str("int");
                b.add_raw(n, 1 << 24, 4, &[(1 << 28) | 32]);
            },
            Some((Rule::InvalidIntData, Part::Type)),
        ),
        (
            "pointer to a VAR",
            |b| {
                let i = int(b);
                let v = b.add_var("v", i, Linkage::GLOBAL);
                b.add_ptr(v);
            },
            Some((Rule::InvalidTypeId, Part::Type)),
        ),
        (
            "extern FUNC",
            |b| {
                let p = b.add_func_proto(TypeId(0), &[]);
                b.add_func("f", p, Linkage::EXTERN);
            },
            Some((Rule::InvalidFuncLinkage, Part::Type)),
        ),
        (
            "extern VAR",
            |b| {
                let i = int(b);
                b.add_var("v", i, Linkage::EXTERN);
            },
            Some((Rule::LinkageNotSupported, Part::Type)),
        ),
        (
            "unnamed argument of a FUNC",
            |b| {
                let i = int(b);
                let p = b.add_func_proto(i, &[("x", i), ("", i)]);
                b.add_func("f", p, Linkage::GLOBAL);
            },
            Some((Rule::InvalidArg, Part::Param(1))),
        ),
        (
            "DATASEC entry smaller than its VAR",
            |b| {
                let i = int(b);
                let v = b.add_var("v", i, Linkage::GLOBAL);
                b.add_datasec(".data", 8, &[(v, 0, 2)]);
            },
            Some((Rule::InvalidSize, Part::Entry(0))),
        ),
        (
            "dotted and Latin-1 names",
            |b| {
                let i = int(b);
                b.add_var("do_perf_event.zero", i, Linkage::STATIC);
                let n = b.add_str_bytes(b"\xe9t\xe9");
                b.add_raw(n, 8 << 24, i.0, &[]);
            },
            None,
        ),
        (
            "DATASEC named with a space and 0xa0",
            |b| {
                let i = int(b);
                let v = b.add_var("v", i, Linkage::GLOBAL);
                let n = b.add_str_bytes(b".data x\xa0");
                b.add_raw(n, (15 << 24) | 1, 4, &[v.0, 0, 4]);
            },
            None,
        ),
        (
            "unnamed INT of 3 bytes, 0-bit INT",
            |b| {
                b.add_int("", 3, IntEncoding::NONE, 24);
                b.add_int("z", 4, IntEncoding::NONE, 0);
            },
            None,
        ),
        (
            "kind_flag-0 INT bitfield (int with bit offset)",
            |b| {
                let i3 = b.add_int_with_offset("i3", 4, IntEncoding::NONE, 2, 3);
                b.add_struct("s", 4, &[MemberSpec::new("a", i3, 0)]);
            },
            None,
        ),
        (
            "pointer -> array -> the same pointer",
            |b| {
                let i = int(b);
                b.add_ptr(TypeId(3));
                b.add_array(TypeId(2), i, 4);
            },
            None,
        ),
        (
            "empty DATASEC",
            |b| {
                b.add_datasec(".bss", 4, &[]);
            },
            None,
        ),
        ("33 CONSTs, ascending ids", |b| chain(b, 33, true), Some((Rule::TooDeep, Part::Type))),
        ("64 CONSTs, descending ids", |b| chain(b, 64, false), None),
        (
            "pointer to a later FUNC",
            |b| {
                b.add_ptr(TypeId(3));
                let p = b.add_func_proto(TypeId(0), &[]);
                b.add_func("f", p, Linkage::STATIC);
            },
            Some((Rule::InvalidTypeId, Part::Type)),
        ),
        (
            "pointer to an earlier FUNC",
            |b| {
                let p = b.add_func_proto(TypeId(0), &[]);
                let f = b.add_func("f", p, Linkage::STATIC);
                b.add_ptr(f);
            },
            None,
        ),
        (
            "type tag after const",
            |b| {
                let i = int(b);
                let t = b.add_type_tag("user", i, false);
                b.add_const(t);
            },
            Some((Rule::TypeTagAfterModifier, Part::Type)),
        ),
        (
            "struct size overflow by an array member",
            |b| {
                let i = int(b);
                let a = b.add_array(i, i, 0x4000_0000);
                b.add_struct("s", 8, &[MemberSpec::new("a", a, 0)]);
            },
            Some((Rule::ArrayTooLarge, Part::Type)),
        ),
    ]
}

#[test]
fn issue_cases_get_the_kernels_verdict() {
    let kernel = !matches!(btf_load(b"", false), BtfLoad::Unavailable(_));
    if !kernel {
        bpfkit_testkit::skip("kernel_rules: BPF_BTF_LOAD unavailable, model only");
    }
    for (name, make, want) in cases() {
        let mut b = BtfBuilder::new();
        make(&mut b);
        let data = b.encode(Endian::Little);
        let got = strict_bytes(&data, None);
        match (want, &got) {
            (None, Ok(())) => {}
            (Some((rule, part)), Err(e)) => {
                assert!(
                    matches!(e.kind(), ErrorKind::Strict { rule: r, part: p, .. } if r == rule && p == part),
                    "{name}: {e}"
                );
                assert!(e.offset().is_some(), "{name}: no offset");
            }
            _ => panic!("{name}: want {want:?}, got {got:?}"),
        }
        if kernel {
            assert_eq!(btf_load(&data, false) == BtfLoad::Loaded, got.is_ok(), "{name}: the kernel disagrees");
        }
    }
}
