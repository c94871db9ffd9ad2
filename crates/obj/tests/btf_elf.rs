//! BTF and .BTF.ext read out of clang-compiled ELF objects by
//! [`bpfkit_obj::elf`] (both byte orders, a zlib-compressed .BTF section, a
//! zstd one made at test time); see testdata/btf/obj/build.sh.

mod common;
use bpfkit_btf::dump::Dumper;
use bpfkit_btf::ext::{BtfExt, CoreReloKind};
use bpfkit_btf::input::{Container, detect};
use bpfkit_btf::{Btf, BtfKind, Endian};
use bpfkit_obj::elf::{btf_bytes, section_bytes};

fn testdata() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata")
}

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
    if common::tool("bpftool", "ELF .BTF dump against bpftool").is_none() {
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
        let ext_data = section_bytes(&data, ".BTF.ext").unwrap().unwrap();
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

/// `.BTF` is found in ELF files that are not BPF objects too (a vmlinux or
/// a module is an x86-64, arm64, ... ELF file; 32-bit kernels exist):
/// clang builds an i386 and an x86-64 object, llvm-objcopy adds the BTF of
/// `core.el.o` as their `.BTF` section (plain and zlib-compressed), and
/// `btf_bytes` must read back the same bytes. `Object::parse` still refuses
/// them, and a file without `.BTF` says so.
#[test]
fn finds_btf_in_elf_files_of_other_machines_and_classes() {
    let (Some(clang), Some(objcopy)) = (
        common::tool("clang", "BTF in non-BPF ELF files"),
        common::tool("llvm-objcopy-22", "BTF in non-BPF ELF files"),
    ) else {
        return;
    };
    let want = btf_bytes(&obj("core.el.o")).unwrap().into_owned();
    let dir = std::env::temp_dir().join(format!("bpfkit-btf-elf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("t.c"), "int x;\n").unwrap();
    std::fs::write(dir.join("raw.btf"), &want).unwrap();
    for (triple, class) in [("i386-linux-gnu", 1u8), ("x86_64-linux-gnu", 2)] {
        let o = dir.join(format!("{triple}.o"));
        common::run(
            std::process::Command::new(&clang).args(["-target", triple, "-c"]).arg(dir.join("t.c")).arg("-o").arg(&o),
        );
        let plain = std::fs::read(&o).unwrap();
        assert_eq!(plain[4], class, "{triple}");
        let missing = btf_bytes(&plain).unwrap_err();
        assert_eq!(missing.to_string(), "missing .BTF section in the ELF file", "{triple}");
        for compress in [None, Some("zlib")] {
            let with = dir.join(format!("{triple}.{}.o", compress.unwrap_or("plain")));
            let mut add = std::process::Command::new(&objcopy);
            add.arg("--add-section").arg(format!(".BTF={}", dir.join("raw.btf").display()));
            common::run(add.arg(&o).arg(&with));
            if let Some(c) = compress {
                // A second pass: objcopy compresses before it adds sections.
                let mut z = std::process::Command::new(&objcopy);
                common::run(z.args(["--compress-sections", &format!(".BTF={c}")]).arg(&with));
            }
            let data = std::fs::read(&with).unwrap();
            let elf = bpfkit_obj::elf::ElfFile::parse(&data).unwrap();
            assert_eq!(elf.header().is_64, class == 2);
            assert_eq!(elf.section_by_name(".BTF").unwrap().is_compressed(), compress.is_some(), "{triple}");
            assert_eq!(&*btf_bytes(&data).unwrap(), &want[..], "{triple} {compress:?}");
            assert!(bpfkit_obj::Object::parse(&data).is_err(), "{triple}: not a BPF object");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
