//! `bpfkit btf validate`: exit 0 for BTF the kernel loads, 1 with the
//! kernel's reason (rule, type, member, byte offset) otherwise.

use bpfkit_btf::write::{BtfBuilder, MemberSpec};
use bpfkit_btf::{Endian, IntEncoding};
use std::process::Command;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_bpfkit")).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

fn write_tmp(name: &str, data: &[u8]) -> String {
    let p = std::env::temp_dir().join(format!("bpfkit-validate-{}-{name}", std::process::id()));
    std::fs::write(&p, data).unwrap();
    p.display().to_string()
}

#[test]
fn valid_btf_exits_0() {
    let f = bpfkit_testkit::testdata().join("core/fields.target.btf");
    let (code, out, _) = run(&["btf", "validate", f.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.contains("OK: the Linux 6.18 BTF verifier accepts it"), "{out}");
    let (code, out, _) = run(&["btf", "validate", "--json", f.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.ends_with("\"kernel\":\"6.18\",\"loadable\":true}\n"), "{out}");
}

#[test]
fn member_past_the_struct_names_member_and_offset() {
    let mut b = BtfBuilder::new();
    b.with_layout(false); // the 24-byte header the offsets below count from
    let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
    b.add_struct("s", 8, &[MemberSpec::new("a", int, 0), MemberSpec::new("b", int, 40)]);
    let f = write_tmp("member.btf", &b.encode(Endian::Little));
    let (code, _, err) = run(&["btf", "validate", &f]);
    assert_eq!(code, 1, "{err}");
    // Type [2] starts at 24 + 16 (the INT); member #1's offset word is 12 + 12 + 8 further.
    assert!(err.contains("at byte offset 72: kernel rejects type [2] member #1: Member exceeds struct_size"), "{err}");
    let (code, out, _) = run(&["btf", "validate", "--json", &f]);
    assert_eq!(code, 1);
    for part in [
        "\"loadable\":false",
        "\"rule\":\"MemberExceedsSize\"",
        "\"type_id\":2",
        "\"part\":\"member\"",
        "\"index\":1",
        "\"offset\":72",
    ] {
        assert!(out.contains(part), "{part} in {out}");
    }
}

#[test]
fn zero_padded_longer_header_loads_a_dirty_one_does_not() {
    let mut b = BtfBuilder::new();
    b.with_layout(false);
    b.add_int("int", 4, IntEncoding::SIGNED, 32);
    let mut data = b.encode(Endian::Little);
    // A 26-byte header: the kernel only needs type_off aligned, not the header's end.
    data.splice(24..24, [0u8; 2]);
    data[4] = 26;
    let f = write_tmp("hdr26.btf", &data);
    assert_eq!(run(&["btf", "validate", &f]).0, 0);
    data[25] = 1;
    let f = write_tmp("hdr26-dirty.btf", &data);
    let (code, _, err) = run(&["btf", "validate", &f]);
    assert_eq!(code, 1);
    assert!(err.contains("at byte offset 25: kernel rejects the BTF: Unsupported btf_header"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["btf", "validate"]).0, 2);
    assert_eq!(run(&["btf", "validate", "--bogus", "x"]).0, 2);
}
