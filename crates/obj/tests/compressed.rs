//! `SHF_COMPRESSED` sections: a lying `ch_size` must fail without the
//! allocation it asks for, sizes over the cap are refused before any work,
//! and zlib and zstd sections read back to the plain bytes.

mod common;

use bpfkit_obj::ErrorKind;
use bpfkit_obj::elf::{btf_bytes, section_bytes};
use std::io::Write;

/// The process's peak virtual memory size (`VmPeak`), in KiB: an
/// allocation of 1 GiB raises it by 1 GiB even if the pages are never
/// touched.
fn vm_peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmPeak:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// 64 zero bytes as a zlib stream (`zlib.compress(bytes(64))` of Python 3,
/// level 6); the truthful case below checks that it inflates to them.
const ZEROS_64_ZLIB: [u8; 12] = [0x78, 0x9c, 0x63, 0x60, 0xa0, 0x0c, 0x00, 0x00, 0x00, 0x40, 0x00, 0x01];

/// A minimal little-endian ELF64 `EM_BPF` file whose only section, `.BTF`,
/// is `SHF_COMPRESSED` with `ch_type` 1 (zlib), the given `ch_size` and
/// compressed stream.
fn elf_with_compressed_btf(ch_size: u64, stream: &[u8]) -> Vec<u8> {
    let mut btf = Vec::new();
    btf.extend_from_slice(&1u32.to_le_bytes()); // ch_type: ELFCOMPRESS_ZLIB
    btf.extend_from_slice(&0u32.to_le_bytes()); // ch_reserved
    btf.extend_from_slice(&ch_size.to_le_bytes());
    btf.extend_from_slice(&1u64.to_le_bytes()); // ch_addralign
    btf.extend_from_slice(stream);
    let shstrtab = b"\0.BTF\0.shstrtab\0";
    let btf_at = 64u64;
    let str_at = btf_at + btf.len() as u64;
    let shoff = (str_at + shstrtab.len() as u64).next_multiple_of(8);
    let mut f = Vec::new();
    f.extend_from_slice(b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0");
    f.extend_from_slice(&1u16.to_le_bytes()); // e_type ET_REL
    f.extend_from_slice(&247u16.to_le_bytes()); // e_machine EM_BPF
    f.extend_from_slice(&1u32.to_le_bytes()); // e_version
    f.extend_from_slice(&0u64.to_le_bytes()); // e_entry
    f.extend_from_slice(&0u64.to_le_bytes()); // e_phoff
    f.extend_from_slice(&shoff.to_le_bytes());
    f.extend_from_slice(&0u32.to_le_bytes()); // e_flags
    for v in [64u16, 0, 0, 64, 3, 2] {
        // e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx
        f.extend_from_slice(&v.to_le_bytes());
    }
    f.extend_from_slice(&btf);
    f.extend_from_slice(shstrtab);
    f.resize(shoff as usize, 0);
    let mut sh = |name: u32, ty: u32, flags: u64, off: u64, size: u64| {
        f.extend_from_slice(&name.to_le_bytes());
        f.extend_from_slice(&ty.to_le_bytes());
        f.extend_from_slice(&flags.to_le_bytes());
        f.extend_from_slice(&0u64.to_le_bytes()); // sh_addr
        f.extend_from_slice(&off.to_le_bytes());
        f.extend_from_slice(&size.to_le_bytes());
        f.extend_from_slice(&[0; 8]); // sh_link, sh_info
        f.extend_from_slice(&1u64.to_le_bytes()); // sh_addralign
        f.extend_from_slice(&0u64.to_le_bytes()); // sh_entsize
    };
    sh(0, 0, 0, 0, 0);
    sh(1, 1, 0x800, btf_at, btf.len() as u64); // SHT_PROGBITS, SHF_COMPRESSED
    sh(6, 3, 0, str_at, shstrtab.len() as u64); // SHT_STRTAB
    f
}

fn decompress_error(r: bpfkit_obj::Result<std::borrow::Cow<'_, [u8]>>) -> String {
    let e = r.expect_err("must fail");
    assert!(matches!(e.kind(), ErrorKind::Decompress(_)), "{e}");
    e.to_string()
}

#[test]
fn compressed_sections() {
    // The real stream holds 64 bytes; ch_size claims 1 GiB.
    let stream = ZEROS_64_ZLIB;
    let lying = elf_with_compressed_btf(1 << 30, &stream);
    assert_eq!(lying.len(), 312, "the small file the brief describes");
    let before = vm_peak_kib();
    let msg = decompress_error(btf_bytes(&lying));
    assert!(msg.contains("differs from"), "{msg}");
    decompress_error(section_bytes(&lying, ".BTF").map(Option::unwrap));
    match (before, vm_peak_kib()) {
        (Some(a), Some(b)) => assert!(b - a < 256 << 10, "a lying ch_size raised VmPeak by {} KiB", b - a),
        _ => {
            let _ = writeln!(std::io::stderr(), "SKIP: allocation check: no /proc/self/status");
            assert!(std::env::var("BPFKIT_REQUIRE_TOOLS").as_deref() != Ok("1"), "VmPeak needed");
        }
    }

    // Over the cap: refused from the header alone.
    let msg = decompress_error(btf_bytes(&elf_with_compressed_btf((1 << 30) + 1, &stream)));
    assert!(msg.contains("limit"), "{msg}");
    // Too small a claim is a lie as well.
    decompress_error(btf_bytes(&elf_with_compressed_btf(63, &stream)));
    // Not zlib at all.
    decompress_error(btf_bytes(&elf_with_compressed_btf(64, b"definitely not zlib")));
    // The truth reads back.
    assert_eq!(&*btf_bytes(&elf_with_compressed_btf(64, &stream)).unwrap(), &[0u8; 64]);
}

fn testdata() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata")
}

#[test]
fn zlib_and_zstd_sections_read_back_to_the_plain_bytes() {
    let plain_path = testdata().join("btf/obj/core.el.o");
    let plain = std::fs::read(&plain_path).unwrap();
    let want = btf_bytes(&plain).unwrap().into_owned();
    let zlib_obj = std::fs::read(testdata().join("btf/obj/core.el.zbtf.o")).unwrap();
    assert_eq!(&*btf_bytes(&zlib_obj).unwrap(), &want[..]);
    let Some(objcopy) = common::tool("llvm-objcopy-22", "zstd-compressed .BTF") else { return };
    let out = std::env::temp_dir().join(format!("bpfkit-zstd-btf-{}.o", std::process::id()));
    common::run(
        std::process::Command::new(objcopy).args(["--compress-sections", ".BTF=zstd"]).arg(&plain_path).arg(&out),
    );
    let zstd_obj = std::fs::read(&out).unwrap();
    let _ = std::fs::remove_file(&out);
    assert_ne!(zstd_obj, plain, "llvm-objcopy compressed nothing");
    assert_eq!(&*btf_bytes(&zstd_obj).unwrap(), &want[..]);
}
