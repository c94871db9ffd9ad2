//! `bpfkit disasm` end to end: the built binary against the golden
//! `llvm-objdump-22` text of the committed test objects, and against the
//! live tool when installed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/insn")
}

fn bpfkit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bpfkit")).current_dir(testdata()).args(args).output().expect("bpfkit runs")
}

fn stdout_ok(args: &[&str]) -> String {
    let out = bpfkit(args);
    assert!(out.status.success(), "bpfkit {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// `Some(name)` if `name` runs; otherwise prints SKIP, or panics when
/// `BPFKIT_REQUIRE_TOOLS=1`.
fn tool(name: &str) -> Option<&str> {
    bpfkit_testkit::have_tool(name, &["--version"], "live disasm comparison").then_some(name)
}

const OBJECTS: [&str; 6] =
    ["common.v1.el.o", "common.clang14.eb.o", "v3.v3.el.o", "v4.v4.el.o", "v4.v4.eb.o", "asm_all.v4.el.o"];

#[test]
fn matches_golden_text() {
    for name in OBJECTS {
        let golden = std::fs::read_to_string(testdata().join(format!("golden/{name}.txt"))).unwrap();
        assert_eq!(stdout_ok(&["disasm", "--no-show-raw-insn", name]), golden, "{name}");
    }
}

#[test]
fn matches_live_llvm_objdump() {
    let Some(od) = tool("llvm-objdump-22") else { return };
    for name in OBJECTS {
        for (ours, theirs) in [
            (vec!["disasm", name], vec!["-d", name]),
            (vec!["disasm", "--no-show-raw-insn", name], vec!["-d", "--no-show-raw-insn", name]),
            (vec!["disasm", "--section", "tc", name], vec!["-d", "-j", "tc", name]),
            (vec!["disasm", "--raw", "-j", "tc", name], vec!["-d", "-j", "tc", name]),
        ] {
            if ours.contains(&"tc") && !name.starts_with("common") {
                continue;
            }
            let expected = Command::new(od).current_dir(testdata()).args(&theirs).output().unwrap();
            assert!(expected.status.success());
            assert_eq!(stdout_ok(&ours), String::from_utf8(expected.stdout).unwrap(), "{ours:?}");
        }
    }
}

#[test]
fn section_filter() {
    let out = stdout_ok(&["disasm", "--section", "xdp", "common.v4.el.o"]);
    assert!(out.contains("Disassembly of section xdp:"));
    assert!(!out.contains("Disassembly of section tc:"));
    assert!(out.contains("<prog_xdp>:"));
    // A data section exists but is not disassembled (like llvm-objdump -d -j).
    let out = stdout_ok(&["disasm", "--section=.maps", "common.v4.el.o"]);
    assert!(!out.contains("Disassembly"));
}

#[test]
fn errors_are_reported() {
    let out = bpfkit(&["disasm", "common.v4.el.o", "--section", "nope"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("section 'nope' not found"));
    let out = bpfkit(&["disasm", "does-not-exist.o"]);
    assert_eq!(out.status.code(), Some(1));
    let out = bpfkit(&["disasm", "build.sh"]);
    assert_eq!(out.status.code(), Some(1));
    let out = bpfkit(&["disasm"]);
    assert_eq!(out.status.code(), Some(2));
    let out = bpfkit(&["disasm", "--bogus", "x.o"]);
    assert_eq!(out.status.code(), Some(2));
}
