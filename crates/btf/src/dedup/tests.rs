//! Small hand-built cases: each pass, split BTF, bad input.

use super::{DedupOptions, Deduped, dedup, dedup_parsed};
use crate::write::{BtfBuilder, MemberSpec};
use crate::{Btf, BtfKind, Endian, ErrorKind, IntEncoding, Linkage, StrOffset, TypeId};

fn run(b: &BtfBuilder) -> Deduped {
    dedup(b, &DedupOptions::new()).expect("dedup")
}

fn kinds(d: &Deduped) -> Vec<BtfKind> {
    let b = d.btf();
    (b.start_id().0..b.type_count())
        .map(|id| BtfKind(((b.type_words(TypeId(id)).unwrap()[1] >> 24) & 0x7f) as u8))
        .collect()
}

/// `struct list { int v; struct list *next; }` and a typedef of it.
fn list_cu(b: &mut BtfBuilder) -> (TypeId, TypeId) {
    let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
    let s = b.next_id();
    let p = TypeId(s.0 + 1);
    b.add_struct("list", 16, &[MemberSpec::new("v", int, 0), MemberSpec::new("next", p, 64)]);
    b.add_ptr(s);
    let td = b.add_typedef("list_t", s);
    (s, td)
}

#[test]
fn identical_graphs_merge() {
    let mut b = BtfBuilder::new();
    let (s1, t1) = list_cu(&mut b);
    let (s2, t2) = list_cu(&mut b);
    let d = run(&b);
    assert_eq!(kinds(&d), [BtfKind::INT, BtfKind::STRUCT, BtfKind::PTR, BtfKind::TYPEDEF]);
    assert_eq!(d.map_type(s1), d.map_type(s2));
    assert_eq!(d.map_type(t1), d.map_type(t2));
    assert_eq!(d.map_type(TypeId(0)), TypeId(0));
    assert_eq!(d.stats().kind(BtfKind::STRUCT), (2, 1));
    assert_eq!((d.stats().total_in(), d.stats().total_out()), (8, 4));
}

#[test]
fn different_member_types_stay_apart() {
    let mut b = BtfBuilder::new();
    let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
    let uint = b.add_int("unsigned int", 4, IntEncoding::NONE, 32);
    let a = b.add_struct("s", 4, &[MemberSpec::new("x", int, 0)]);
    let c = b.add_struct("s", 4, &[MemberSpec::new("x", uint, 0)]);
    let d = run(&b);
    assert_ne!(d.map_type(a), d.map_type(c));
    assert_eq!(d.btf().own_type_count(), 4);
}

#[test]
fn forward_declarations_resolve() {
    // CU 1 only knows `struct foo;`, CU 2 defines it; both point at it.
    let mut b = BtfBuilder::new();
    let fwd = b.add_fwd("foo", false);
    let p1 = b.add_ptr(fwd);
    let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
    let foo = b.add_struct("foo", 4, &[MemberSpec::new("x", int, 0)]);
    let p2 = b.add_ptr(foo);
    let ufwd = b.add_fwd("foo", true); // a union forward declaration does not match a struct
    let d = run(&b);
    assert_eq!(d.map_type(fwd), d.map_type(foo));
    assert_eq!(d.map_type(p1), d.map_type(p2));
    assert_ne!(d.map_type(ufwd), d.map_type(foo));
    // The first pointer is canonical (it now points at the struct).
    assert_eq!(kinds(&d), [BtfKind::PTR, BtfKind::INT, BtfKind::STRUCT, BtfKind::FWD]);
    assert_eq!(d.btf().type_words(TypeId(1)).unwrap()[2], d.map_type(foo).0);
}

#[test]
fn ambiguous_forward_declarations_stay() {
    let mut b = BtfBuilder::new();
    let fwd = b.add_fwd("foo", false);
    let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
    let c = b.add_int("char", 1, IntEncoding::SIGNED, 8);
    b.add_struct("foo", 4, &[MemberSpec::new("x", int, 0)]);
    b.add_struct("foo", 1, &[MemberSpec::new("x", c, 0)]);
    let d = run(&b);
    assert_eq!(kinds(&d)[0], BtfKind::FWD);
    assert_eq!(d.map_type(fwd), TypeId(1));
}

#[test]
fn enum_forward_declarations_meet_enum64() {
    let mut b = BtfBuilder::new();
    let fwd = b.add_enum("e", 4, false, &[]);
    let full = b.add_enum64("e", 8, false, &[("A", 1), ("B", 1 << 40)]);
    let fwd2 = b.add_enum("e", 4, false, &[]);
    let d = run(&b);
    assert_eq!(d.map_type(fwd), d.map_type(full));
    assert_eq!(d.map_type(fwd2), d.map_type(full));
    assert_eq!(kinds(&d), [BtfKind::ENUM64]);
}

#[test]
fn var_and_datasec_are_never_merged() {
    let mut b = BtfBuilder::new();
    let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
    let v1 = b.add_var("x", int, Linkage::GLOBAL);
    let v2 = b.add_var("x", int, Linkage::GLOBAL);
    b.add_datasec(".data", 8, &[(v1, 0, 4), (v2, 4, 4)]);
    b.add_datasec(".data", 8, &[(v1, 0, 4), (v2, 4, 4)]);
    let d = run(&b);
    assert_eq!(d.btf().own_type_count(), 5);
    assert_ne!(d.map_type(v1), d.map_type(v2));
}

#[test]
fn self_reference_and_modifier_loops() {
    // A struct containing a pointer to itself, twice: merges.
    let mut b = BtfBuilder::new();
    b.add_struct("s", 8, &[MemberSpec::new("me", TypeId(2), 0)]);
    b.add_ptr(TypeId(1));
    b.add_struct("s", 8, &[MemberSpec::new("me", TypeId(4), 0)]);
    b.add_ptr(TypeId(3));
    assert_eq!(run(&b).btf().own_type_count(), 2);
    // const -> volatile -> const: libbpf's -ELOOP, an error here too.
    let mut b = BtfBuilder::new();
    b.add_const(TypeId(2));
    b.add_volatile(TypeId(1));
    let e = dedup(&b, &DedupOptions::new()).unwrap_err();
    assert!(matches!(e.kind, ErrorKind::Dedup { .. }), "{e}");
    // typedef a -> typedef b -> typedef a, twice: terminates.
    let mut b = BtfBuilder::new();
    b.add_typedef("a", TypeId(2));
    b.add_typedef("b", TypeId(1));
    b.add_typedef("a", TypeId(4));
    b.add_typedef("b", TypeId(3));
    assert_eq!(run(&b).btf().own_type_count(), 2);
    // A struct whose member is itself (no pointer).
    let mut b = BtfBuilder::new();
    b.add_struct("s", 4, &[MemberSpec::new("me", TypeId(1), 0)]);
    b.add_struct("s", 4, &[MemberSpec::new("me", TypeId(2), 0)]);
    assert_eq!(run(&b).btf().own_type_count(), 1);
}

#[test]
fn deep_chains_do_not_recurse() {
    // 300k modifiers on int and a 100k-long list of distinct structs, twice.
    let mut b = BtfBuilder::new();
    let mut t = b.add_int("int", 4, IntEncoding::SIGNED, 32);
    for _ in 0..300_000 {
        t = b.add_const(t);
    }
    for _ in 0..2 {
        let first = b.next_id().0;
        let n = 100_000u32;
        for i in 0..n {
            // struct s<i> { struct s<i+1> *next; } then its pointer
            let next_ptr = if i + 1 < n { TypeId(first + 2 * (i + 1) + 1) } else { TypeId(0) };
            b.add_struct(&format!("s{i}"), 8, &[MemberSpec::new("next", next_ptr, 0)]);
            b.add_ptr(TypeId(first + 2 * i));
        }
    }
    let d = run(&b);
    assert_eq!(d.btf().own_type_count(), 1 + 300_000 + 200_000);
}

#[test]
fn split_btf_maps_to_base_and_leaves_it_alone() {
    let mut base = BtfBuilder::new();
    let int = base.add_int("int", 4, IntEncoding::SIGNED, 32);
    let bs = base.add_struct("s", 4, &[MemberSpec::new("x", int, 0)]);
    let bfwd = base.add_fwd("foo", false);
    base.add_ptr(bfwd);
    let raw = base.encode(Endian::Little);
    let base = Btf::parse(&raw).unwrap();
    let mut split = BtfBuilder::new_split(&base);
    let int2 = split.add_int("int", 4, IntEncoding::SIGNED, 32);
    let s2 = split.add_struct("s", 4, &[MemberSpec::new("x", int2, 0)]);
    let foo = split.add_struct("foo", 4, &[MemberSpec::new("x", int2, 0)]);
    let p = split.add_ptr(foo);
    let d = dedup(&split, &DedupOptions::new().base(&base)).unwrap();
    assert_eq!(d.map_type(int2), int);
    assert_eq!(d.map_type(s2), bs);
    assert_eq!(d.map_type(bfwd), bfwd, "base ids map to themselves");
    // Only `struct foo` and its pointer are new; the base FWD stays a FWD.
    assert_eq!(kinds(&d), [BtfKind::STRUCT, BtfKind::PTR]);
    assert_eq!(d.map_type(foo), TypeId(5));
    assert_eq!(d.map_type(p), TypeId(6));
    let out = d.btf().encode(Endian::Little);
    let parsed = Btf::parse_split(&out, &base).unwrap();
    assert_eq!(parsed.name_of(TypeId(5)), "foo");
    assert_eq!(parsed.type_by_id(TypeId(3)).unwrap().kind(), BtfKind::FWD);
    // Without the base it is an error, not a guess.
    assert!(dedup(&split, &DedupOptions::new()).is_err());
}

#[test]
fn force_collisions_changes_nothing_but_speed() {
    let mut b = BtfBuilder::new();
    for _ in 0..3 {
        list_cu(&mut b);
        b.add_fwd("list", false);
        b.add_enum("e", 4, true, &[("A", -1)]);
    }
    let plain = run(&b).btf().encode(Endian::Little);
    let forced = dedup(&b, &DedupOptions::new().force_collisions(true)).unwrap().btf().encode(Endian::Little);
    assert_eq!(plain, forced);
}

#[test]
fn idempotent_and_parsed_equals_built() {
    let mut b = BtfBuilder::new();
    for _ in 0..2 {
        list_cu(&mut b);
        b.add_fwd("list", false);
        let f = b.add_func_proto(TypeId(1), &[("a", TypeId(1))]);
        b.add_func("f", f, Linkage::GLOBAL);
    }
    let once = run(&b);
    let bytes = once.btf().encode(Endian::Big);
    let twice = run(once.btf()).btf().encode(Endian::Big);
    assert_eq!(bytes, twice);
    // Parsed input (with a duplicate string and an unused one) gets its strings deduplicated.
    let raw = b.encode(Endian::Big);
    let parsed = Btf::parse(&raw).unwrap();
    let via_builder = dedup(&BtfBuilder::from_btf(&parsed), &DedupOptions::new()).unwrap();
    let direct = dedup_parsed(&parsed, &DedupOptions::new()).unwrap();
    assert_eq!(via_builder.btf().encode(Endian::Big), direct.btf().encode(Endian::Big));
    assert_eq!(direct.btf().endian(), Endian::Big);
    assert_eq!(direct.map_str(StrOffset(0)), Some(StrOffset(0)));
}

#[test]
fn parsed_strings_are_deduplicated_and_pruned() {
    // Strings "a", "unused", "a" again: the copy and the unused one go.
    let mut b = BtfBuilder::new();
    b.add_int("a", 4, IntEncoding::SIGNED, 32);
    let mut raw = b.encode(Endian::Little);
    let hdr = u32::from_le_bytes(raw[4..8].try_into().unwrap()) as usize;
    let str_len_at = 20;
    let extra = b"unused\0a\0";
    raw.extend_from_slice(extra);
    let len = u32::from_le_bytes(raw[str_len_at..str_len_at + 4].try_into().unwrap()) + extra.len() as u32;
    raw[str_len_at..str_len_at + 4].copy_from_slice(&len.to_le_bytes());
    // Point the INT's name at the second "a" (old offset 10).
    raw[hdr..hdr + 4].copy_from_slice(&10u32.to_le_bytes());
    let btf = Btf::parse(&raw).unwrap();
    let d = dedup_parsed(&btf, &DedupOptions::new()).unwrap();
    assert_eq!(d.btf().string_section(), b"\0a\0");
    assert_eq!(d.map_str(StrOffset(10)), Some(StrOffset(1)));
    assert_eq!(d.map_str(StrOffset(3)), None);
}

#[test]
fn bad_input_is_an_error() {
    let mut b = BtfBuilder::new();
    b.add_ptr(TypeId(7));
    assert!(dedup(&b, &DedupOptions::new()).is_err(), "dangling id");
    let mut b = BtfBuilder::new();
    b.add_raw(StrOffset(0), (4 << 24) | 5, 4, &[0, 0, 0]); // struct claiming 5 members, holding 1
    assert!(dedup(&b, &DedupOptions::new()).is_err(), "lying vlen");
    let mut b = BtfBuilder::new();
    b.add_raw(StrOffset(0), 25 << 24, 0, &[]);
    assert!(dedup(&b, &DedupOptions::new()).is_err(), "unknown kind");
    let mut b = BtfBuilder::new();
    b.add_raw(StrOffset(0), 0, 0, &[]);
    assert!(dedup(&b, &DedupOptions::new()).is_err(), "kind 0 record");
    let mut b = BtfBuilder::new();
    b.add_int("int", 4, IntEncoding::SIGNED, 32);
    assert!(dedup(&b, &DedupOptions::new().btf_ext(b"\x9f\xeb\x01")).is_err(), "bad .BTF.ext");
    // A member of a kind that cannot be in a struct's graph: libbpf's -EINVAL.
    let mut b = BtfBuilder::new();
    let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
    let v1 = b.add_var("v", int, Linkage::GLOBAL);
    let v2 = b.add_var("v", int, Linkage::GLOBAL);
    b.add_struct("s", 4, &[MemberSpec::new("x", v1, 0)]);
    b.add_struct("s", 4, &[MemberSpec::new("x", v2, 0)]);
    let e = dedup(&b, &DedupOptions::new()).unwrap_err();
    assert!(matches!(e.kind, ErrorKind::Dedup { .. }), "{e}");
}
