//! `write_vmlinux_h`, the build.rs entry: the same header from raw, gzip
//! and ELF inputs, split BTF with its base, and errors that say what is wrong.

use bpfkit_header::{Config, Error, write_header, write_vmlinux_h};

fn td(p: &str) -> Vec<u8> {
    std::fs::read(bpfkit_testkit::testdata().join(p)).unwrap()
}

fn via_parse(raw: &[u8], base: Option<&[u8]>) -> Vec<u8> {
    let base = base.map(|b| bpfkit_btf::Btf::parse(b).unwrap());
    let btf = match &base {
        Some(b) => bpfkit_btf::Btf::parse_split(raw, b).unwrap(),
        None => bpfkit_btf::Btf::parse(raw).unwrap(),
    };
    let mut v = Vec::new();
    write_header(&btf, &Config::new(), &mut v).unwrap();
    v
}

#[test]
fn raw_gzip_and_elf_inputs_give_the_same_header() {
    let gz = td("btf/vmlinux-6.1-cloud-amd64.btf.gz");
    let raw = bpfkit_btf::input::gunzip(&gz).unwrap();
    let want = via_parse(&raw, None);
    for input in [&raw, &gz] {
        let mut got = Vec::new();
        write_vmlinux_h(input, None, &Config::new(), &mut got).unwrap();
        assert!(got == want);
    }
    // An ELF object's .BTF (feature `elf`, on by default).
    let obj = td("core/fields.clang22.bpfel.o");
    let btf = bpfkit_obj::elf::btf_bytes(&obj).unwrap();
    let mut got = Vec::new();
    write_vmlinux_h(&obj, None, &Config::new(), &mut got).unwrap();
    assert!(got == via_parse(&btf, None) && got.starts_with(b"#ifndef __VMLINUX_H__"));
}

#[test]
fn split_btf_with_its_base() {
    let base_gz = td("btf/vmlinux-6.1-cloud-amd64.btf.gz");
    let tun_gz = td("btf/tun-6.1-cloud-amd64.btf.gz");
    let base = bpfkit_btf::input::gunzip(&base_gz).unwrap();
    let tun = bpfkit_btf::input::gunzip(&tun_gz).unwrap();
    let mut got = Vec::new();
    write_vmlinux_h(&tun_gz, Some(&base_gz), &Config::new(), &mut got).unwrap();
    assert!(got == via_parse(&tun, Some(&base)));
    // Without the base, the split BTF does not parse.
    let e = write_vmlinux_h(&tun_gz, None, &Config::new(), Vec::new()).unwrap_err();
    assert!(matches!(e, Error::Btf(_)), "{e}");
}

#[test]
fn bad_inputs_are_errors() {
    let e = write_vmlinux_h(b"not btf at all", None, &Config::new(), Vec::new()).unwrap_err();
    assert!(matches!(e, Error::Btf(_)) && e.to_string().contains("offset"), "{e}");
    let e = write_vmlinux_h(b"\x1f\x8b\x08\x00garbage", None, &Config::new(), Vec::new()).unwrap_err();
    assert!(matches!(e, Error::Btf(_)), "{e}");
    let mut elf = td("core/fields.clang22.bpfel.o");
    elf.truncate(200);
    let e = write_vmlinux_h(&elf, None, &Config::new(), Vec::new()).unwrap_err();
    assert!(matches!(e, Error::Elf(_)), "{e}");
}
