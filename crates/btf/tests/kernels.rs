//! Real kernel BTF: raw dumps equal bpftool's, re-encoding gives back the
//! same bytes, and the kernel's own BTF passes strict validation (the 6.18
//! model: 7.1's layout section is refused as the 6.18 kernel refuses it).

mod common;
use bpfkit_btf::dump::Dumper;
use bpfkit_btf::write::BtfBuilder;
use bpfkit_btf::{Btf, BtfKind, Endian, TypeId};
use common::*;

fn with_kernel(name: &str, base: Option<&str>, f: impl FnOnce(&Btf<'_>)) {
    let data = kernel(name);
    match base {
        Some(b) => {
            let base_data = kernel(b);
            let base = Btf::parse(&base_data).unwrap();
            let btf = Btf::parse_split(&data, &base).unwrap();
            f(&btf)
        }
        None => f(&Btf::parse(&data).unwrap()),
    }
}

#[test]
fn raw_dump_matches_bpftool_golden() {
    for (name, base) in KERNELS {
        with_kernel(name, base, |btf| {
            let mut out = Vec::new();
            Dumper::new().dump(btf, &mut out).unwrap();
            let golden = gz(&format!("golden/btf/{name}.raw.txt.gz"));
            assert!(out == golden, "{name}: raw dump differs from bpftool's");
        });
    }
}

/// A full dump on two threads (the second formats every other chunk of
/// 2048 types) is the one-thread dump, raw and JSON.
#[test]
fn two_thread_dump_is_the_one_thread_dump() {
    use bpfkit_btf::dump::DumpFormat;
    for (name, base) in KERNELS {
        with_kernel(name, base, |btf| {
            for format in [DumpFormat::Raw, DumpFormat::Json] {
                let (mut one, mut two) = (Vec::new(), Vec::new());
                Dumper::new().format(format).threads(1).dump(btf, &mut one).unwrap();
                Dumper::new().format(format).threads(2).dump(btf, &mut two).unwrap();
                assert!(one.len() > 1000, "{name}: empty dump");
                assert!(one == two, "{name} {format:?}: two threads dump differently");
            }
        });
    }
}

#[test]
fn reencode_gives_back_the_same_bytes() {
    for (name, base) in KERNELS {
        let data = kernel(name);
        with_kernel(name, base, |btf| {
            let again = BtfBuilder::from_btf(btf).encode(btf.endian());
            assert!(again == data, "{name}: re-encoded bytes differ");
        });
    }
}

#[test]
fn byte_swapped_kernel_parses_to_the_same_dump() {
    let data = kernel("vmlinux-7.1-amd64");
    let btf = Btf::parse(&data).unwrap();
    let swapped = BtfBuilder::from_btf(&btf).encode(Endian::Big);
    let be = Btf::parse(&swapped).unwrap();
    assert_eq!(be.endian(), Endian::Big);
    assert_eq!(be.header().hdr_len, 32, "layout section kept");
    let (mut a, mut b) = (Vec::new(), Vec::new());
    Dumper::new().dump(&btf, &mut a).unwrap();
    Dumper::new().dump(&be, &mut b).unwrap();
    assert!(a == b);
    // And back again to the original bytes.
    assert!(BtfBuilder::from_btf(&be).encode(Endian::Little) == data);
}

#[test]
fn kernels_pass_strict_validation() {
    for (name, base) in KERNELS {
        with_kernel(name, base, |btf| {
            let verdict = bpfkit_btf::validate::strict(btf);
            if btf.header().hdr_len > 24 && btf.header().layout_len > 0 {
                // 7.1's layout section is past the 24-byte header 6.18 knows.
                let e = verdict.expect_err(name);
                let rule = bpfkit_btf::validate::Rule::UnsupportedHeader;
                assert!(
                    matches!(e.kind(), bpfkit_btf::ErrorKind::Strict { id: 0, rule: r, .. } if r == rule),
                    "{name}: {e}"
                );
                assert_eq!(e.offset(), Some(24), "{name}");
            } else {
                verdict.unwrap_or_else(|e| panic!("{name}: {e}"));
            }
        });
    }
}

#[test]
fn layout_section_of_7_1_is_read() {
    let data = kernel("vmlinux-7.1-amd64");
    let btf = Btf::parse(&data).unwrap();
    let entries: Vec<_> = btf.layout_entries().collect();
    assert_eq!(entries.len(), 20);
    assert_eq!((entries[4].info_sz, entries[4].elem_sz), (0, 12), "STRUCT: vlen x btf_member");
    assert_eq!((entries[1].info_sz, entries[1].elem_sz), (4, 0), "INT: one u32");
}

#[test]
fn helpers_on_well_known_types() {
    let data = kernel("vmlinux-6.12-amd64");
    let btf = Btf::parse(&data).unwrap();
    assert_eq!(btf.pointer_size(), 8);
    let ts = btf.find_by_name_kind("task_struct", BtfKind::STRUCT).unwrap();
    let t = btf.get(ts).unwrap();
    assert_eq!(btf.resolve_size(ts).unwrap(), u64::from(t.size()));
    assert_eq!(btf.align_of(ts).unwrap(), 8, "BTF alignment is capped at the pointer size, as in libbpf");
    assert_eq!(btf.type_name(ts), "struct task_struct");
    // Every lookup by name finds a type with that name, and a linear scan agrees.
    for name in ["sk_buff", "pid_t", "u32", "list_head", "bpf_map", "___GFP_DMA_BIT"] {
        let found: Vec<TypeId> = btf.find_by_name(name).collect();
        let scanned: Vec<TypeId> = btf.types().filter(|t| btf.name(t) == name).map(|t| t.id()).collect();
        assert_eq!(found, scanned, "{name}");
    }
    assert!(btf.find_by_name("no_such_type_anywhere").next().is_none());
    let pid_t = btf.find_by_name_kind("pid_t", BtfKind::TYPEDEF).unwrap();
    assert_eq!(btf.skip_mods_and_typedefs(pid_t).unwrap().kind(), BtfKind::INT);
    assert_eq!(btf.resolve_size(pid_t).unwrap(), 4);
}

#[test]
fn split_btf_resolves_base_ids_and_strings() {
    let base_data = kernel("vmlinux-6.1-cloud-amd64");
    let base = Btf::parse(&base_data).unwrap();
    let data = kernel("tun-6.1-cloud-amd64");
    let tun = Btf::parse_split(&data, &base).unwrap();
    assert_eq!(tun.start_id().0, base.type_count());
    let tun_struct = tun.find_by_name_kind("tun_struct", BtfKind::STRUCT).unwrap();
    assert!(tun_struct.0 >= base.type_count());
    // A module struct's members refer to base types by id.
    let t = tun.get(tun_struct).unwrap();
    assert!(t.members().any(|m| m.type_id.0 < base.type_count()));
    // Base names are found through the split BTF too.
    assert!(tun.find_by_name_kind("sk_buff", BtfKind::STRUCT).is_some());
    // Without its base, split BTF is rejected with a clear error.
    let err = Btf::parse(&data).unwrap_err();
    assert!(err.to_string().contains("split BTF without base"), "{err}");
}

#[test]
fn memory_beyond_the_input_stays_under_2_mib() {
    for (name, _) in KERNELS.iter().filter(|(_, base)| base.is_none()) {
        let data = kernel(name);
        let btf = Btf::parse(&data).unwrap();
        let indexed = btf.heap_size();
        assert!(btf.find_by_name_kind("task_struct", BtfKind::STRUCT).is_some());
        let with_names = btf.heap_size();
        eprintln!("{name}: {} types, index {indexed} B, with name index {with_names} B", btf.own_type_count());
        assert!(indexed <= btf.own_type_count() * 4 + 16, "offset index is 4 bytes a type");
        assert!(with_names < 2 << 20, "{name}: {with_names} bytes");
    }
}

/// JSON strings escape what bpftool's `jsonw` escapes, also between and
/// next to plain runs.
#[test]
fn json_escapes_names() {
    use bpfkit_btf::IntEncoding;
    use bpfkit_btf::dump::DumpFormat;
    let mut b = BtfBuilder::new();
    b.add_int("a\"b\\c\td\ne\rf\u{c}g\u{8}", 4, IntEncoding::SIGNED, 32);
    b.add_int("\"\"", 4, IntEncoding::SIGNED, 32);
    b.add_int("plain", 4, IntEncoding::SIGNED, 32);
    let data = b.encode(Endian::Little);
    let btf = Btf::parse(&data).unwrap();
    let text = Dumper::new().format(DumpFormat::Json).to_string(&btf);
    assert!(text.contains(r#""name":"a\"b\\c\td\ne\rf\fg\b""#), "{text}");
    assert!(text.contains(r#""name":"\"\"""#), "{text}");
    assert!(text.contains(r#""name":"plain""#), "{text}");
}
