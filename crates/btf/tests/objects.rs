//! BTF and .BTF.ext from clang-compiled ELF objects (both byte orders and a
//! zlib-compressed .BTF section); see testdata/btf/obj/build.sh.

mod common;
use bpfkit_btf::dump::Dumper;
use bpfkit_btf::ext::{BtfExt, CoreReloKind};
use bpfkit_btf::input::{Container, btf_bytes, detect, elf_section};
use bpfkit_btf::{Btf, BtfKind, Endian};
use common::*;

fn obj(name: &str) -> Vec<u8> {
    std::fs::read(testdata().join("btf/obj").join(name)).unwrap()
}

#[test]
fn reads_btf_from_elf_in_both_byte_orders_and_compressed() {
    let el = obj("core.el.o");
    let eb = obj("core.eb.o");
    let z = obj("core.el.zbtf.o");
    assert_eq!(detect(&el), Container::Elf);
    let (bel, beb, bz) = (btf_bytes(&el).unwrap(), btf_bytes(&eb).unwrap(), btf_bytes(&z).unwrap());
    let (l, b, zz) = (Btf::parse(&bel).unwrap(), Btf::parse(&beb).unwrap(), Btf::parse(&bz).unwrap());
    assert_eq!(l.endian(), Endian::Little);
    assert_eq!(b.endian(), Endian::Big);
    let dl = Dumper::new().to_string(&l);
    assert_eq!(dl, Dumper::new().to_string(&b));
    assert_eq!(dl, Dumper::new().to_string(&zz));
    let task = l.find_by_name_kind("task", BtfKind::STRUCT).unwrap();
    let members: Vec<&str> = l.get(task).unwrap().members().map(|m| l.str(m.name_off).unwrap()).collect();
    assert_eq!(members, ["pid", "in", "parent", "comm"]);
    let inner = l.get(l.find_by_name_kind("inner", BtfKind::STRUCT).unwrap()).unwrap();
    assert!(inner.kflag());
    let bits: Vec<(u32, u32)> = inner.members().map(|m| (m.bit_offset, m.bitfield_size)).collect();
    assert_eq!(bits, [(0, 0), (32, 3), (35, 5)]);
    assert!(l.find_by_name_kind(".bss", BtfKind::DATASEC).is_some());
    assert!(l.find_by_name_kind(".rodata", BtfKind::DATASEC).is_some());
    assert!(l.find_by_name_kind("prog", BtfKind::FUNC).is_some());
}

#[test]
fn elf_dump_matches_bpftool() {
    if !bpfkit_testkit::tool_on_path("bpftool", "comparing object BTF with bpftool") {
        return;
    }
    // Debian's bpftool (libbpf 1.1) cannot read a compressed .BTF section,
    // so the compressed object is compared with bpftool's dump of the plain one.
    for (name, reference) in [("core.el.o", "core.el.o"), ("core.eb.o", "core.eb.o"), ("core.el.zbtf.o", "core.el.o")] {
        let path = testdata().join("btf/obj").join(name);
        let ref_path = testdata().join("btf/obj").join(reference);
        let out = std::process::Command::new("bpftool").args(["btf", "dump", "file"]).arg(&ref_path).output().unwrap();
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        let data = std::fs::read(&path).unwrap();
        let bytes = btf_bytes(&data).unwrap();
        let btf = Btf::parse(&bytes).unwrap();
        assert_eq!(Dumper::new().to_string(&btf), String::from_utf8(out.stdout).unwrap(), "{name}");
    }
}

#[test]
fn reads_btf_ext_records() {
    for name in ["core.el.o", "core.eb.o"] {
        let data = obj(name);
        let btf_data = btf_bytes(&data).unwrap();
        let btf = Btf::parse(&btf_data).unwrap();
        let ext_data = elf_section(&data, ".BTF.ext").unwrap().unwrap();
        let ext = BtfExt::parse(&ext_data).unwrap();
        assert_eq!(ext.header().hdr_len, 32);
        assert_eq!(ext.header().endian, btf.endian());

        let funcs: Vec<(String, String)> = ext
            .func_info()
            .sections()
            .flat_map(|s| {
                let sec = btf.str(s.sec_name_off).unwrap().to_string();
                let btf = &btf;
                s.func_infos().map(move |f| (sec.clone(), btf.name_of(f.type_id).to_string()))
            })
            .collect();
        assert!(funcs.contains(&("kprobe/do_sys_open".into(), "prog".into())), "{funcs:?}");
        assert!(funcs.contains(&(".text".into(), "helper".into())), "{funcs:?}");

        let lines: usize = ext.line_info().sections().map(|s| s.len()).sum();
        assert!(lines > 5);
        for s in ext.line_info().sections() {
            for l in s.line_infos() {
                assert!(btf.str(l.file_name_off).unwrap().ends_with("core.bpf.c"));
                assert!(l.line() > 0 && l.insn_off % 8 == 0);
            }
        }

        let mut relos = Vec::new();
        for s in ext.core_relo().sections() {
            for r in s.core_relos() {
                relos.push((btf.type_name(r.type_id), btf.str(r.access_str_off).unwrap().to_string(), r.kind));
            }
        }
        let want = [
            ("struct task".to_string(), "0:0".to_string(), CoreReloKind::FIELD_BYTE_OFFSET),
            ("struct task".to_string(), "0:2".to_string(), CoreReloKind::FIELD_BYTE_OFFSET),
            ("struct task".to_string(), "0".to_string(), CoreReloKind::TYPE_EXISTS),
            ("enum state".to_string(), "1".to_string(), CoreReloKind::ENUMVAL_VALUE),
            ("struct task".to_string(), "0:1:2".to_string(), CoreReloKind::FIELD_BYTE_OFFSET),
            ("struct task".to_string(), "0:3:3".to_string(), CoreReloKind::FIELD_BYTE_OFFSET),
        ];
        for w in &want {
            assert!(relos.contains(w), "{name}: missing {w:?} in {relos:?}");
        }
    }
}

/// Builds a `.BTF.ext` blob: header + func_info subsection with the given
/// record size and sections `(name_off, records)`.
fn ext_blob(endian: Endian, rec: u32, secs: &[(u32, u32)], extra_per_record: usize) -> Vec<u8> {
    let mut body = endian.u32_bytes(rec).to_vec();
    for &(name, n) in secs {
        body.extend_from_slice(&endian.u32_bytes(name));
        body.extend_from_slice(&endian.u32_bytes(n));
        for i in 0..n {
            body.extend_from_slice(&endian.u32_bytes(i * 8));
            body.extend_from_slice(&endian.u32_bytes(1));
            body.extend(std::iter::repeat_n(0xaa, extra_per_record));
        }
    }
    let mut out = endian.u16_bytes(0xeb9f).to_vec();
    out.extend_from_slice(&[1, 0]);
    for v in [32u32, 0, body.len() as u32, 0, 0, 0, 0] {
        out.extend_from_slice(&endian.u32_bytes(v));
    }
    out.extend_from_slice(&body);
    out
}

#[test]
fn btf_ext_accepts_larger_records_in_both_byte_orders() {
    for e in [Endian::Little, Endian::Big] {
        let blob = ext_blob(e, 16, &[(5, 3), (9, 1)], 8);
        let ext = BtfExt::parse(&blob).unwrap();
        let got: Vec<(u32, Vec<u32>)> = ext
            .func_info()
            .sections()
            .map(|s| (s.sec_name_off.0, s.func_infos().map(|f| f.insn_off).collect()))
            .collect();
        assert_eq!(got, [(5, vec![0, 8, 16]), (9, vec![0])]);
    }
}

#[test]
fn malformed_btf_ext_is_rejected_with_offsets() {
    let e = Endian::Little;
    let good = ext_blob(e, 8, &[(1, 2)], 0);
    assert!(BtfExt::parse(&good).is_ok());
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", vec![], "header too short"),
        ("bad magic", vec![0x12, 0x34, 1, 0, 24, 0, 0, 0], "magic"),
        ("header only", good[..32].to_vec(), "no data"),
        ("zero records", ext_blob(e, 8, &[(1, 0)], 0), "zero records"),
        ("record size too small", ext_blob(e, 4, &[(1, 1)], 0), "record size"),
        ("record size not aligned", ext_blob(e, 10, &[(1, 1)], 2), "record size"),
        (
            "lying count",
            {
                let mut b = ext_blob(e, 8, &[(1, 2)], 0);
                b[32 + 8..32 + 12].copy_from_slice(&e.u32_bytes(1_000_000));
                b
            },
            "run past",
        ),
        (
            "subsection past the end",
            {
                let mut b = good.clone();
                b[12..16].copy_from_slice(&e.u32_bytes(10_000));
                b
            },
            "past the data",
        ),
        (
            "misaligned subsection",
            {
                let mut b = good.clone();
                b[8..12].copy_from_slice(&e.u32_bytes(2));
                b
            },
            "aligned",
        ),
        (
            "truncated section header",
            {
                let mut b = good.clone();
                b.truncate(b.len() - 20);
                let len = (b.len() - 32) as u32;
                b[12..16].copy_from_slice(&e.u32_bytes(len));
                b
            },
            "truncated",
        ),
    ];
    for (what, blob, msg) in cases {
        let err = BtfExt::parse(&blob).expect_err(what);
        assert!(err.to_string().contains(msg), "{what}: {err}");
    }
}
