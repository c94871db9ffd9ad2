//! Property tests: random type graphs built with the writer round-trip
//! through encode → parse in both byte orders, and dump identically to
//! bpftool (when installed).

mod common;
use bpfkit_btf::dump::Dumper;
use bpfkit_btf::write::{BtfBuilder, MemberSpec};
use bpfkit_btf::{Btf, BtfKind, Endian, IntEncoding, Linkage, TypeId};
use proptest::prelude::*;

/// A type to add, with references as indexes resolved modulo the ids so far.
#[derive(Clone, Debug)]
enum Spec {
    Int { name: usize, size: u32, enc: u8, bits: u32 },
    Float { name: usize, size: u32 },
    Ptr(u32),
    Ref { kind: u8, name: usize, to: u32 },
    Array { elem: u32, n: u32 },
    Composite { union: bool, name: usize, size: u32, members: Vec<(usize, u32, u32, u32)> },
    Enum { name: usize, size: u32, signed: bool, values: Vec<(usize, i64)> },
    Enum64 { name: usize, signed: bool, values: Vec<(usize, u64)> },
    Fwd { name: usize, union: bool },
    Func { name: usize, params: Vec<(usize, u32)>, ret: u32, linkage: u32, vararg: bool },
    Var { name: usize, to: u32, linkage: u32 },
    DeclTag { name: usize, to: u32, component: i32, attr: bool },
    TypeTag { name: usize, to: u32, attr: bool },
}

const NAMES: [&str; 12] = ["", "a", "b", "foo", "bar_t", "task", "x1", "long int", "int", "sk", "_v", "name_long_1"];

fn spec() -> impl Strategy<Value = Spec> {
    let name = 0..NAMES.len();
    let id = any::<u32>();
    prop_oneof![
        (
            name.clone(),
            prop::sample::select(vec![1u32, 2, 4, 8, 16]),
            prop::sample::select(vec![0u8, 1, 2, 4]),
            1u32..=64
        )
            .prop_map(|(name, size, enc, bits)| Spec::Int { name, size, enc, bits }),
        (name.clone(), prop::sample::select(vec![2u32, 4, 8, 12, 16]))
            .prop_map(|(name, size)| Spec::Float { name, size }),
        id.prop_map(Spec::Ptr),
        (prop::sample::select(vec![8u8, 9, 10, 11]), name.clone(), id).prop_map(|(kind, name, to)| Spec::Ref {
            kind,
            name,
            to
        }),
        (id, 0u32..100).prop_map(|(elem, n)| Spec::Array { elem, n }),
        (
            any::<bool>(),
            name.clone(),
            0u32..256,
            prop::collection::vec((0..NAMES.len(), any::<u32>(), 0u32..2048, 0u32..9), 0..6)
        )
            .prop_map(|(union, name, size, members)| Spec::Composite { union, name, size, members }),
        (
            name.clone(),
            prop::sample::select(vec![1u32, 2, 4, 8]),
            any::<bool>(),
            prop::collection::vec((0..NAMES.len(), any::<i32>().prop_map(i64::from)), 0..5)
        )
            .prop_map(|(name, size, signed, values)| Spec::Enum { name, size, signed, values }),
        (name.clone(), any::<bool>(), prop::collection::vec((0..NAMES.len(), any::<u64>()), 0..4))
            .prop_map(|(name, signed, values)| Spec::Enum64 { name, signed, values }),
        (name.clone(), any::<bool>()).prop_map(|(name, union)| Spec::Fwd { name, union }),
        (name.clone(), prop::collection::vec((0..NAMES.len(), any::<u32>()), 0..4), id, 0u32..3, any::<bool>())
            .prop_map(|(name, params, ret, linkage, vararg)| Spec::Func { name, params, ret, linkage, vararg }),
        (name.clone(), id, 0u32..3).prop_map(|(name, to, linkage)| Spec::Var { name, to, linkage }),
        (1usize..NAMES.len(), id, -1i32..3, any::<bool>()).prop_map(|(name, to, component, attr)| Spec::DeclTag {
            name,
            to,
            component,
            attr
        }),
        (1usize..NAMES.len(), id, any::<bool>()).prop_map(|(name, to, attr)| Spec::TypeTag { name, to, attr }),
    ]
}

/// What we expect to read back for one type.
#[derive(Debug, PartialEq)]
struct Seen {
    kind: BtfKind,
    name: String,
    kflag: bool,
    vlen: u32,
    third: u32,
    detail: Vec<(String, u64, u64)>,
}

/// Builds the BTF; returns the builder and the number of types.
fn build(specs: &[Spec]) -> BtfBuilder {
    let mut b = BtfBuilder::new();
    let pick = |b: &BtfBuilder, r: u32| TypeId(r % b.type_count());
    for s in specs {
        match s {
            Spec::Int { name, size, enc, bits } => {
                b.add_int(NAMES[*name], *size, IntEncoding(*enc), (*bits).min(size * 8));
            }
            Spec::Float { name, size } => {
                b.add_float(NAMES[*name], *size);
            }
            Spec::Ptr(to) => {
                let to = pick(&b, *to);
                b.add_ptr(to);
            }
            Spec::Ref { kind, name, to } => {
                let to = pick(&b, *to);
                let name = if *kind == 8 { NAMES[*name] } else { "" };
                b.add_ref(BtfKind(*kind), name, to);
            }
            Spec::Array { elem, n } => {
                let elem = pick(&b, *elem);
                let index = pick(&b, elem.0.wrapping_add(7));
                b.add_array(elem, index, *n);
            }
            Spec::Composite { union, name, size, members } => {
                let ms: Vec<MemberSpec<'_>> = members
                    .iter()
                    .map(|&(n, t, off, bits)| MemberSpec {
                        name: NAMES[n],
                        type_id: pick(&b, t),
                        bit_offset: off,
                        bitfield_size: bits,
                    })
                    .collect();
                if *union {
                    b.add_union(NAMES[*name], *size, &ms);
                } else {
                    b.add_struct(NAMES[*name], *size, &ms);
                }
            }
            Spec::Enum { name, size, signed, values } => {
                let vs: Vec<(&str, i64)> = values.iter().map(|&(n, v)| (NAMES[n], v)).collect();
                b.add_enum(NAMES[*name], *size, *signed, &vs);
            }
            Spec::Enum64 { name, signed, values } => {
                let vs: Vec<(&str, u64)> = values.iter().map(|&(n, v)| (NAMES[n], v)).collect();
                b.add_enum64(NAMES[*name], 8, *signed, &vs);
            }
            Spec::Fwd { name, union } => {
                b.add_fwd(NAMES[*name], *union);
            }
            Spec::Func { name, params, ret, linkage, vararg } => {
                let ret = pick(&b, *ret);
                let mut ps: Vec<(&str, TypeId)> = params.iter().map(|&(n, t)| (NAMES[n], pick(&b, t))).collect();
                if *vararg {
                    ps.push(("", TypeId(0)));
                }
                let proto = b.add_func_proto(ret, &ps);
                b.add_func(NAMES[*name], proto, Linkage(*linkage));
            }
            Spec::Var { name, to, linkage } => {
                let to = pick(&b, *to);
                let var = b.add_var(NAMES[*name], to, Linkage(*linkage));
                b.add_datasec(".data", 64, &[(var, 0, 4)]);
            }
            Spec::DeclTag { name, to, component, attr } => {
                let to = pick(&b, *to);
                b.add_decl_tag(NAMES[*name], to, *component, *attr);
            }
            Spec::TypeTag { name, to, attr } => {
                let to = pick(&b, *to);
                b.add_type_tag(NAMES[*name], to, *attr);
            }
        }
    }
    b
}

fn seen(btf: &Btf<'_>) -> Vec<Seen> {
    btf.types()
        .map(|t| {
            let mut detail = Vec::new();
            for m in t.members() {
                detail.push((
                    btf.str(m.name_off).unwrap().to_string(),
                    u64::from(m.type_id.0),
                    (u64::from(m.bit_offset) << 8) | u64::from(m.bitfield_size),
                ));
            }
            for e in t.enumerators() {
                detail.push((btf.str(e.name_off).unwrap().to_string(), e.value, 0));
            }
            for p in t.params() {
                detail.push((btf.str(p.name_off).unwrap().to_string(), u64::from(p.type_id.0), 0));
            }
            for v in t.datasec_vars() {
                detail.push((String::new(), u64::from(v.type_id.0), (u64::from(v.offset) << 32) | u64::from(v.size)));
            }
            if let Some(a) = t.array() {
                detail.push((String::new(), u64::from(a.elem.0), (u64::from(a.index.0) << 32) | u64::from(a.nelems)));
            }
            if let Some(i) = t.int() {
                detail.push((String::new(), u64::from(i.encoding.0), (u64::from(i.offset) << 8) | u64::from(i.bits)));
            }
            if let Some(l) = t.var_linkage() {
                detail.push((String::new(), u64::from(l.0), 0));
            }
            if let Some(c) = t.decl_tag_component() {
                detail.push((String::new(), c as u64, 0));
            }
            Seen {
                kind: t.kind(),
                name: btf.name(&t).to_string(),
                kflag: t.kflag(),
                vlen: t.vlen(),
                third: t.size(),
                detail,
            }
        })
        .collect()
}

proptest! {
    #![proptest_config(bpfkit_testkit::proptest_config(256, "proptest-regressions/roundtrip.txt"))]

    #[test]
    fn writer_roundtrips_in_both_byte_orders(specs in prop::collection::vec(spec(), 1..40), layout in any::<bool>()) {
        let mut b = build(&specs);
        b.with_layout(layout);
        let le = b.encode(Endian::Little);
        let be = b.encode(Endian::Big);
        let l = Btf::parse(&le).expect("writer output parses (LE)");
        let g = Btf::parse(&be).expect("writer output parses (BE)");
        prop_assert_eq!(l.endian(), Endian::Little);
        prop_assert_eq!(g.endian(), Endian::Big);
        prop_assert_eq!(seen(&l), seen(&g));
        prop_assert_eq!(Dumper::new().to_string(&l), Dumper::new().to_string(&g));
        // parse → copy → encode is the identity, in each byte order.
        prop_assert!(BtfBuilder::from_btf(&l).encode(Endian::Little) == le);
        prop_assert!(BtfBuilder::from_btf(&g).encode(Endian::Big) == be);
        // Copying type by type (re-interning strings) keeps every type.
        let mut c = BtfBuilder::new();
        for t in l.types() {
            c.copy_type(&l, t.id(), |id| id).unwrap();
        }
        let copied = c.encode(Endian::Little);
        let cb = Btf::parse(&copied).unwrap();
        prop_assert_eq!(seen(&cb), seen(&l));
    }

    #[test]
    fn ints_and_structs_read_back_exactly(size in prop::sample::select(vec![1u32, 2, 4, 8]), bits in 1u32..=8, offs in prop::collection::vec(0u32..4096, 1..8)) {
        let mut b = BtfBuilder::new();
        let int = b.add_int("int", size, IntEncoding::SIGNED, size * 8);
        let members: Vec<MemberSpec<'_>> = offs.iter().map(|&o| MemberSpec::bitfield("f", int, o, bits)).collect();
        let s = b.add_struct("s", 4096, &members);
        let data = b.encode(Endian::Big);
        let btf = Btf::parse(&data).unwrap();
        let t = btf.get(s).unwrap();
        prop_assert!(t.kflag());
        let got: Vec<(u32, u32)> = t.members().map(|m| (m.bit_offset, m.bitfield_size)).collect();
        let want: Vec<(u32, u32)> = offs.iter().map(|&o| (o, bits)).collect();
        prop_assert_eq!(got, want);
    }
}

/// Differential: random BTF dumped by Debian's bpftool and by us must be identical.
#[test]
fn dump_matches_bpftool_on_random_btf() {
    if !bpfkit_testkit::tool_on_path("bpftool", "round trip through bpftool") {
        return;
    }
    let mut runner = proptest::test_runner::TestRunner::new(bpfkit_testkit::proptest_config(
        48,
        "proptest-regressions/roundtrip_bpftool.txt",
    ));
    let dir = std::env::temp_dir().join(format!("bpfkit-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    runner
        .run(&(prop::collection::vec(spec(), 1..60), any::<bool>()), |(specs, big)| {
            let mut b = build(&specs);
            b.with_layout(false); // bpftool's libbpf reads foreign byte order only with a 24-byte header
            let bytes = b.encode(if big { Endian::Big } else { Endian::Little });
            let path = dir.join("rand.btf");
            std::fs::write(&path, &bytes).unwrap();
            let out = std::process::Command::new("bpftool").args(["btf", "dump", "file"]).arg(&path).output().unwrap();
            prop_assert!(out.status.success(), "bpftool failed: {}", String::from_utf8_lossy(&out.stderr));
            let btf = Btf::parse(&bytes).unwrap();
            let mut ours = Vec::new();
            Dumper::new().dump(&btf, &mut ours).unwrap();
            prop_assert!(
                ours == out.stdout,
                "dump differs:\nbpftool:\n{}\nbpfkit:\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&ours)
            );
            Ok(())
        })
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
